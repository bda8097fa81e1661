"""The sheets as PDF: masked postings stay masked, Japanese extracts exactly, twenty candidates fit."""

from __future__ import annotations

import datetime as dt
import io
import random
import shutil
import subprocess
from dataclasses import replace

import pytest
from pypdf import PdfReader
from sheet_samples import make_candidates, make_posting, squash

from desk.paths import resources_dir
from desk.print import PrintContext, SheetInput, public_view, render_pdf
from desk.print.fonts import FONT_FILE, font_path
from desk.print.layout import date_range

CTX = PrintContext(coordinator="山﨑 德子", printed_at=dt.datetime(2021, 6, 10, 14, 5))
SECRET_FIELDS = ("venue_name", "venue_address", "contact_name", "contact_phone", "contact_email")


def pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def test_public_sheets_of_masked_postings_leak_nothing_the_coordinator_sheet_shows(pdftext) -> None:
    rng = random.Random(7)
    postings = [make_posting(i, masked=rng.random() < 0.6, rng=rng) for i in range(24)]
    masked = [p for p in postings if p.masked]
    assert len(masked) >= 8
    for posting in postings:
        sheet = SheetInput(posting, make_candidates(3))
        public = squash(pdftext(render_pdf(sheet, "public", CTX)))
        coordinator = squash(pdftext(render_pdf(sheet, "coordinator", CTX)))
        area = public_view(posting).area
        assert squash(area) in public
        for field in SECRET_FIELDS:
            value = squash(getattr(posting, field))
            assert value in coordinator, (posting.source_id, field)
            assert (value in public) is not posting.masked, (posting.source_id, field)
        facility = squash(posting.municipality_name)
        assert facility in coordinator
        if posting.masked and facility not in squash(area):
            assert facility not in public, posting.source_id
        if posting.masked:
            assert "マスキング" in coordinator
            assert "施設名・所在地は応募後にお知らせします" in public
            # The facility named in the requirements text is cut out too.
            assert "参加できる方" in public


def test_several_masked_postings_in_one_public_pdf_leak_nothing(pdftext) -> None:
    postings = [make_posting(i, masked=True) for i in range(6)]
    data = render_pdf([SheetInput(p) for p in postings], "public", CTX)
    text = squash(pdftext(data))
    for posting in postings:
        assert posting.source_id in text
        for field in SECRET_FIELDS:
            assert squash(getattr(posting, field)) not in text
    assert pages(data) == len(postings)


def test_japanese_with_variant_kanji_and_full_width_symbols_extracts_exactly(pdftext) -> None:
    written = {
        "venue_name": "髙﨑市民会館（第２会場）・大ホール",
        "venue_address": "群馬県高崎市栄町1丁目～2丁目",
        "contact_name": "健康課 山﨑 德子",
        "pay": "時給 3,000円～4,000円（交通費込み）",
        "dates_raw": "令和3年6月12日～6月30日（土日祝）",
        "hours_raw": "9:00～12:30",
    }
    posting = replace(make_posting(5, masked=False), **written)
    candidates = (replace(make_candidates(1)[0], name="髙橋 﨑子", name_kana="タカハシ サキコ",
                          email="taka.saki@example.ne.jp"),)
    text = pdftext(render_pdf(SheetInput(posting, candidates), "coordinator", CTX))
    for value in written.values():
        assert value in text, value
    assert "髙橋 﨑子（タカハシ サキコ）" in text.splitlines()
    assert "taka.saki@example.ne.jp" in text.splitlines()
    public_lines = pdftext(render_pdf(SheetInput(posting), "public", CTX)).splitlines()
    for value in written.values():
        assert value in public_lines, value


def test_the_font_is_embedded_and_comes_from_the_resources_folder(tmp_path) -> None:
    assert font_path() == resources_dir() / "fonts" / FONT_FILE
    assert (resources_dir() / "fonts" / "IPA_Font_License.txt").is_file()
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts (poppler-utils) is not installed")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(render_pdf(SheetInput(make_posting(0, masked=False), make_candidates(3)), "coordinator", CTX))
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows, listing
    for row in rows:
        assert "IPAexGothic" in row and "TrueType" in row, row
        assert row.split()[-5] == "yes", row  # emb column: embedded


def test_twenty_candidates_fit_on_at_most_three_pages_even_with_long_facts() -> None:
    long_text = "筋肉注射の経験がある方。" * 40
    posting = replace(make_posting(0, masked=True), duties=long_text, requirements=long_text, pay=long_text,
                      dates_raw=long_text, hours_raw=long_text)
    posting = replace(posting, slots=posting.slots * 10)
    candidates = tuple(replace(c, region=c.region * 3, availability=c.availability * 3, reasons=c.reasons * 3)
                       for c in make_candidates(20))
    assert pages(render_pdf(SheetInput(posting, candidates), "coordinator", CTX)) <= 3


def test_every_page_carries_page_number_print_date_and_coordinator(pdftext) -> None:
    sheet = SheetInput(make_posting(0, masked=False), make_candidates(20), excluded=4)
    data = render_pdf(sheet, "coordinator", CTX)
    total = pages(data)
    assert 2 <= total <= 3
    for n in range(1, total + 1):
        text = pdftext(data, page=n)
        assert f"{n} / {total} ページ" in text
        assert "印刷 2021-06-10 14:05" in text
        assert "担当 山﨑 德子" in text
        assert "募集 KN-2021-1000" in text
    everything = pdftext(data)
    for c in sheet.candidates:
        assert c.registrant_id in everything and c.phone in everything
    assert everything.count("□ 連絡済") == everything.count("□ 不在") == everything.count("□ 辞退") == 20
    assert everything.count("メモ：") == 20
    assert "候補者（上位 20 名） ・ 条件外で除外 4 名" in everything


def test_candidate_sheet_shows_the_facts_a_coordinator_phones_with(pdftext) -> None:
    posting = make_posting(2, masked=True)
    text = pdftext(render_pdf(SheetInput(posting, make_candidates(2)), "coordinator", CTX))
    flat = squash(text)
    for value in (posting.source_id, posting.occupation, posting.pay, posting.requirements, posting.dates_raw):
        assert squash(value) in flat
    booked = [s.booked for s in posting.slots]
    assert f"{posting.headcount}人" in text
    assert squash(date_range([s.date for s in posting.slots])) in flat
    assert f"確定 {min(booked)}" in text
    assert "スコア 95" in text and "同じ市区町村に在住（横浜市港北区）" in text


def test_several_postings_make_one_pdf_each_sheet_numbered_on_its_own(pdftext) -> None:
    sheets = [SheetInput(make_posting(i, masked=False), make_candidates(n)) for i, n in ((0, 20), (1, 2), (2, 0))]
    data = render_pdf(sheets, "coordinator", CTX)
    total = pages(data)
    first = pages(render_pdf(sheets[0], "coordinator", CTX))
    assert total == first + 2
    assert f"1 / {first} ページ" in pdftext(data, page=1)
    second, third = pdftext(data, page=first + 1), pdftext(data, page=first + 2)
    assert "KN-2021-1001" in second and "1 / 1 ページ" in second
    assert "KN-2021-1002" in third and "候補者：該当なし" in third


def test_text_with_markup_characters_prints_as_written(pdftext) -> None:
    posting = replace(make_posting(0, masked=False), duties="予診 & 接種 <補助> ※ 3名 > 2名")
    assert "予診 & 接種 <補助> ※ 3名 > 2名" in pdftext(render_pdf(SheetInput(posting), "public", CTX))


def test_an_empty_selection_is_refused() -> None:
    with pytest.raises(ValueError, match="no posting"):
        render_pdf([], "public", CTX)
