"""The demo generator: deterministic, all of Japan, messy the way people type, files that round-trip."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desk.core.demo import (
    IMPOSSIBLE_DATE,
    POSTING_HEADERS,
    REGISTRANT_HEADERS,
    UNKNOWN_OCCUPATION,
    generate_postings,
    generate_registrants,
    write_csv,
    write_xlsx,
)
from desk.core.demo_places import (
    GIVEN_FEMALE,
    GIVEN_MALE,
    METRO_CODES,
    PREFECTURES,
    SURNAMES,
    VARIANT_SURNAMES,
)
from desk.core.occupations import parse_occupation, parse_occupations
from desk.core.text import is_kana, is_romaji

FULL_DIGIT = re.compile(r"[０-９]")
ERA = re.compile(r"令和|^R\d|Ｒ")


@pytest.fixture(scope="module")
def postings() -> list[dict[str, str]]:
    return generate_postings(300)


@pytest.fixture(scope="module")
def registrants() -> list[dict[str, str]]:
    return generate_registrants(3000)


def pref_code(text: str) -> str | None:
    """The prefecture a row names, written with or without 都/府/県."""
    for p in PREFECTURES:
        if text in (p.name, p.name[:-1]) and text != "京都":
            return p.code
    return None


def test_same_seed_same_rows_other_seed_other_rows() -> None:
    assert generate_postings(120, seed=7) == generate_postings(120, seed=7)
    assert generate_registrants(500, seed=7) == generate_registrants(500, seed=7)
    assert generate_postings(120, seed=7) != generate_postings(120, seed=8)
    assert generate_registrants(500, seed=7) != generate_registrants(500, seed=8)


def test_rows_carry_exactly_the_canonical_headers_and_unique_ids(postings, registrants) -> None:  # type: ignore[no-untyped-def]
    assert all(tuple(row) == POSTING_HEADERS for row in postings)
    assert all(tuple(row) == REGISTRANT_HEADERS for row in registrants)
    assert len({row["募集ID"] for row in postings}) == len(postings)
    assert len({row["登録ID"] for row in registrants}) == len(registrants)
    assert all(row["募集ID"] for row in postings) and all(row["登録ID"] for row in registrants)


def test_all_47_prefectures_are_covered(postings, registrants) -> None:  # type: ignore[no-untyped-def]
    every = {p.code for p in PREFECTURES}
    assert len(every) == 47
    assert {pref_code(r["都道府県"]) for r in postings} == every
    assert {pref_code(r["居住都道府県"]) for r in registrants} == every
    # the first 47 rows of any run already visit every prefecture
    assert {pref_code(r["都道府県"]) for r in generate_postings(47, seed=3)} == every


def test_registrants_cluster_in_the_big_metros(registrants) -> None:  # type: ignore[no-untyped-def]
    metro = sum(pref_code(r["居住都道府県"]) in METRO_CODES for r in registrants)
    assert 0.55 <= metro / len(registrants) <= 0.7


def test_messy_spellings_are_present(postings, registrants) -> None:  # type: ignore[no-untyped-def]
    places = [r["市区町村"] for r in postings] + [r["居住市区町村"] for r in registrants]
    assert any(is_kana(p) for p in places)
    assert any(is_romaji(p) for p in places)
    assert any(re.search(r"市.+区$", p) for p in places)  # designated-city wards
    prefs = Counter(r["居住都道府県"] for r in registrants)
    assert prefs["神奈川"] and prefs["神奈川県"]
    dates = [r["勤務日"] for r in postings] + [r["更新日"] for r in postings] + [r["登録日"] for r in registrants]
    assert any(ERA.search(d) for d in dates)
    assert any("R3." in d for d in dates) and any("令和3年" in d for d in dates)
    assert any(FULL_DIGIT.search(v) for row in postings for v in row.values())
    assert any(FULL_DIGIT.search(r["電話"]) for r in registrants)
    assert any("～" in r["勤務日"] and "土日" in r["勤務日"] for r in postings)
    assert any(r["勤務日"].startswith("毎週") for r in postings)
    hours = {r["勤務時間"] for r in postings}
    assert {"午前", "午後", "終日"} <= hours
    assert any("時－" in h for h in hours)
    occupations = Counter(r["職種"] for r in postings) + Counter(r["職種"] for r in registrants)
    for spelling in ("医師", "ドクター", "Dr.", "看護師", "Ns", "ナース", "准看護師", "保健師", "助産師", "薬剤師", "事務職員"):
        assert occupations[spelling], spelling
    areas = {r["勤務可能地域"] for r in registrants}
    assert {"全国", "関東"} <= areas
    assert any(a.endswith("全域") for a in areas)
    assert any("、" in a and "・" in a for a in areas)
    days = {r["勤務可能日"] for r in registrants}
    assert {"土日祝", "平日", "毎週水曜", "月水金", "いつでも"} <= days
    assert {"あり", "なし", "筋注経験あり", "○", "×"} <= {r["接種経験"] for r in registrants}
    assert {"有効", "休止", "退会"} == {r["状態"] for r in registrants}
    assert {"公開", "停止", "終了"} == {r["掲載状況"] for r in postings}


def test_variant_kanji_names_have_matching_readings(registrants) -> None:  # type: ignore[no-untyped-def]
    names = " ".join(r["氏名"] for r in registrants)
    for ch in "髙﨑齋邊":
        assert ch in names, ch
    readings = dict(SURNAMES + VARIANT_SURNAMES)
    given = dict(GIVEN_MALE + GIVEN_FEMALE)
    checked = 0
    for r in registrants:
        parts = re.split(r"[\u3000 ]", r["氏名"])
        kana = re.split(r"[\u3000 ]", r["フリガナ"])
        if len(parts) == 2 and len(kana) == 2 and kana[0].isalpha() and all("ァ" <= c <= "ヶ" or c == "ー" for c in kana[0]):
            assert kana == [readings[parts[0]], given[parts[1]]], r
            checked += 1
    assert checked > 1000


def test_masked_postings_hide_the_facility_in_about_a_third(postings) -> None:  # type: ignore[no-untyped-def]
    masked = [r for r in postings if r["公開区分"] == "マスキング"]
    assert {r["公開区分"] for r in postings} == {"全情報", "マスキング"}
    assert 0.2 <= len(masked) / len(postings) <= 0.4
    placeholders = [r for r in masked if "〇〇" in r["会場名"] or r["会場名"] == "集団接種会場"]
    assert placeholders
    assert all(r["担当者電話"] == "" for r in placeholders)
    full = [r for r in postings if r["公開区分"] == "全情報"]
    assert all("〇〇" not in r["会場名"] and r["担当者電話"] for r in full)


def test_contacts_look_japanese_and_use_reserved_domains(postings, registrants) -> None:  # type: ignore[no-untyped-def]
    phones = [r["電話"] for r in registrants]
    assert sum(bool(re.fullmatch(r"0[789]0-\d{4}-\d{4}", p)) for p in phones) > len(phones) * 0.6
    assert all(re.fullmatch(r"0\d{1,4}-\d{1,4}-\d{4}", r["担当者電話"]) for r in postings if r["担当者電話"])
    assert any(r["担当者電話"].startswith("03-") for r in postings)
    mails = [r["メール"] for r in registrants if r["メール"]] + [r["担当者メール"] for r in postings if r["担当者メール"]]
    assert all(re.fullmatch(r"[a-z0-9._]+@example\.(jp|com|(ne|co|or|ac)\.jp)", m) for m in mails)


def test_every_valid_occupation_spelling_is_understood(postings, registrants) -> None:  # type: ignore[no-untyped-def]
    assert all(parse_occupation(r["職種"]) for r in postings)
    assert all(parse_occupations(r["職種"]) for r in registrants)


def test_invalid_rate_produces_every_invalid_kind_and_leaves_other_rows_alone() -> None:
    clean = generate_postings(400, seed=2)
    dirty = generate_postings(400, seed=2, invalid_rate=0.05)
    changed = [(a, b) for a, b in zip(clean, dirty, strict=True) if a != b]
    assert 8 <= len(changed) <= 40
    kinds = Counter()
    for _, b in changed:
        if not b["募集ID"]:
            kinds["missing_id"] += 1
        elif b["職種"] == UNKNOWN_OCCUPATION:
            kinds["unknown_occupation"] += 1
        elif b["勤務日"] == IMPOSSIBLE_DATE:
            kinds["impossible_date"] += 1
        elif b["募集人数"].startswith("-"):
            kinds["negative_headcount"] += 1
    assert set(kinds) == {"missing_id", "unknown_occupation", "impossible_date", "negative_headcount"}
    assert sum(kinds.values()) == len(changed)
    assert parse_occupation(UNKNOWN_OCCUPATION) is None

    regs = generate_registrants(300, seed=2, invalid_rate=0.05)
    assert any(not r["登録ID"] for r in regs)
    assert any(r["職種"] == UNKNOWN_OCCUPATION for r in regs)
    assert any(r["登録日"] == IMPOSSIBLE_DATE for r in regs)
    assert not any(r["職種"] == UNKNOWN_OCCUPATION or r["登録日"] == IMPOSSIBLE_DATE
                   for r in generate_registrants(300, seed=2))


def _read_csv(path: Path, encoding: str) -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def test_cp932_round_trip(tmp_path: Path, postings, registrants) -> None:  # type: ignore[no-untyped-def]
    for rows, headers in ((postings, POSTING_HEADERS), (registrants, REGISTRANT_HEADERS)):
        path = write_csv(tmp_path / "sjis.csv", rows, headers, encoding="cp932")
        raw = path.read_bytes()
        assert raw.startswith("募集ID".encode("cp932") if headers is POSTING_HEADERS else "登録ID".encode("cp932"))
        assert b"\r\n" in raw
        # the CP932 codec reads 〜 (U+301C) back as ～ (U+FF5E), as Excel does
        expected = [{k: v.replace("〜", "～") for k, v in row.items()} for row in rows]
        assert _read_csv(path, "cp932") == expected
    assert "髙".encode("cp932") and "﨑".encode("cp932")


def test_utf8_csv_has_a_bom_and_round_trips(tmp_path: Path, registrants) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "utf8.csv", registrants[:200], REGISTRANT_HEADERS)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert _read_csv(path, "utf-8-sig") == registrants[:200]


def _sheet_rows(path: Path) -> list[list[object]]:
    wb = load_workbook(path, read_only=True)
    try:
        return [list(r) for r in wb.active.iter_rows(values_only=True)]
    finally:
        wb.close()


def test_xlsx_round_trip_with_a_title_row(tmp_path: Path, postings) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "p.xlsx", postings, POSTING_HEADERS, title_row="新型コロナワクチン接種 募集一覧（令和3年6月）")
    values = _sheet_rows(path)
    assert values[0][0] == "新型コロナワクチン接種 募集一覧（令和3年6月）"
    assert all(v is None for v in values[1])
    assert tuple(values[2]) == POSTING_HEADERS
    back = [{h: ("" if v is None else v) for h, v in zip(POSTING_HEADERS, row, strict=True)} for row in values[3:]]
    assert back == postings


def test_typed_xlsx_stores_plain_numbers_as_numbers(tmp_path: Path, postings) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "p.xlsx", postings[:50], POSTING_HEADERS, typed=True)
    rows = _sheet_rows(path)
    assert tuple(rows[0]) == POSTING_HEADERS
    col = POSTING_HEADERS.index("募集人数")
    phone = POSTING_HEADERS.index("担当者電話")
    assert any(isinstance(r[col], int) for r in rows[1:])
    assert all(r[phone] is None or isinstance(r[phone], str) for r in rows[1:])  # 03-… keeps its leading zero
