"""Sheets from the store: facts with fill, ranked candidates, masking, the export log."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sheet_samples import squash
from sqlalchemy import select

from desk.print import PostingNotFoundError, render_sheet, write_sheet
from desk.print.data import load_sheet_inputs
from desk.store.models import ExportRecord, Placement, PlacementSlot, Posting, PostingSlot, Registrant

SAT, SUN = dt.date(2021, 6, 12), dt.date(2021, 6, 13)
WEEKENDS = [{"from": "2021-06-01", "to": "2021-07-31", "days": 32 | 64 | 128, "start": 540, "end": 1020}]
WHEN = dt.datetime(2021, 6, 10, 9, 30)
SURNAMES = ["髙橋", "山﨑", "渡邊", "齋藤", "佐藤", "鈴木", "田中", "伊藤", "中村", "小林"]
GIVEN = ["花子", "一郎", "惠", "眞理", "健"]


def _posting(source_id: str, *, masked: bool) -> Posting:
    posting = Posting(
        source_id=source_id, occupation="nurse", occupation_raw="看護師", headcount=3,
        municipality_name="医療法人社団 髙﨑会 さくらクリニック", pref_code="14", muni_code="14109",
        prefecture="神奈川県", city="横浜市港北区", venue_name="新横浜スポーツ会館（第２会場）",
        venue_address="神奈川県横浜市港北区新横浜2-1-1", dates_raw="6/12～6/13（土日）", hours_raw="9:00～12:00",
        employment_type="臨時", pay="時給 3,000円", duties="予診・筋肉注射", requirements="接種経験のある方",
        contact_name="健康推進課 渡邊 惠一", contact_phone="045-671-2401", contact_email="vaccine@clinic.example.jp",
        masked=masked,
    )
    posting.slots = [PostingSlot(date=SAT, start=dt.time(9), end=dt.time(12)),
                     PostingSlot(date=SUN, start=dt.time(9), end=dt.time(12))]
    return posting


@pytest.fixture
def store(db):  # type: ignore[no-untyped-def]
    with db.session() as s:
        s.add_all([_posting("K-0001", masked=True), _posting("K-0002", masked=False)])
        for i in range(25):
            s.add(Registrant(
                source_id=f"R-{i:03d}", name=f"{SURNAMES[i % 10]} {GIVEN[i % 5]}", name_kana="カナ",
                occupation="nurse", home_prefecture="神奈川県", home_city="横浜市港北区", home_pref_code="14",
                home_muni_code="14109", work_areas=[{"kind": "pref", "code": "14"}], work_areas_raw="神奈川県",
                availability=WEEKENDS, availability_raw="土日祝", phone=f"090-0000-{i:04d}",
                email=f"nurse{i}@example.ne.jp", vaccination_experience=i % 2 == 0,
            ))
    with db.session() as s:
        post = s.scalars(select(Posting).where(Posting.source_id == "K-0001")).one()
        for reg in s.scalars(select(Registrant).where(Registrant.source_id.in_(["R-020", "R-021"]))):
            placement = Placement(posting_id=post.id, registrant_id=reg.id, state="confirmed")
            s.add(placement)
            s.flush()
            slot = post.slots[0]
            s.add(PlacementSlot(placement_id=placement.id, slot_id=slot.id, registrant_id=reg.id, date=slot.date,
                                start=slot.start, end=slot.end, state="confirmed"))
    return db


def test_facts_count_confirmed_registrants_per_slot(store) -> None:  # type: ignore[no-untyped-def]
    (sheet,) = load_sheet_inputs(store, ["K-0001"], with_candidates=False)
    assert [s.booked for s in sheet.posting.slots] == [2, 0]
    assert sheet.posting.occupation == "看護師"
    assert sheet.candidates == ()


def test_candidate_sheet_lists_the_ranked_candidates_with_contact_details(store, pdftext) -> None:  # type: ignore[no-untyped-def]
    data = render_sheet(store, "K-0001", coordinator="山﨑 德子", top=20, printed_at=WHEN)
    assert len(PdfReader(io.BytesIO(data)).pages) <= 3
    text = pdftext(data)
    flat = squash(text)
    assert "候補者（上位 20 名）" in text
    assert text.count("□ 連絡済") == 20
    assert "新横浜スポーツ会館（第２会場）" in text and "045-671-2401" in text
    assert "確定 0～2/3" in text
    assert "担当 山﨑 德子" in text and "印刷 2021-06-10 09:30" in text
    # Registrants booked on the posting's Saturday are not offered again for it.
    (sheet,) = load_sheet_inputs(store, ["K-0001"], top=20)
    shown = [c.registrant_id for c in sheet.candidates]
    assert len(shown) == 20
    for line in sheet.candidates:
        assert line.phone in text and line.email in text and squash(line.name) in flat
        assert 0 <= line.score <= 100
        assert line.availability  # described from the parsed rules
        assert line.reasons
    assert sheet.candidates[0].score >= sheet.candidates[-1].score


def test_public_sheet_from_the_store_keeps_a_masked_posting_masked(store, pdftext) -> None:  # type: ignore[no-untyped-def]
    data = render_sheet(store, ["K-0001", "K-0002"], audience="public", coordinator="山﨑 德子", printed_at=WHEN)
    masked_page, full_page = (squash(pdftext(data, page=n)) for n in (1, 2))
    for secret in ("新横浜スポーツ会館", "新横浜2-1-1", "渡邊惠一", "045-671-2401", "vaccine@clinic.example.jp",
                   "さくらクリニック"):
        assert secret not in masked_page
        assert secret in full_page
    assert "神奈川県横浜市港北区" in masked_page
    # A public sheet carries no registrant.
    assert "R-000" not in masked_page + full_page and "090-0000" not in masked_page + full_page


def test_write_sheet_writes_the_pdf_and_logs_who_exported_what(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "候補者.pdf"
    result = write_sheet(target, store, ["K-0002", "K-0001"], coordinator="山﨑 德子", top=5)
    assert target.read_bytes().startswith(b"%PDF")
    assert result.postings == ["K-0002", "K-0001"]
    assert result.candidates == 10
    with store.session() as s:
        record = s.scalars(select(ExportRecord)).one()
    assert record.kind == "sheet_coordinator"
    assert record.coordinator == "山﨑 德子"
    assert record.file_name == str(target)
    assert record.filters["postings"] == ["K-0002", "K-0001"]
    assert record.rows == 10


def test_an_unknown_posting_is_named(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PostingNotFoundError) as err:
        render_sheet(store, ["K-0001", "K-9999"], audience="public")
    assert err.value.missing == ["K-9999"]
