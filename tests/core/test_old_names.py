"""Places as older registrants write them: old municipality names, counties, wards with no city."""

from __future__ import annotations

import pytest

from desk.core.regions import resolve


@pytest.mark.parametrize(
    ("text", "pref", "city", "note"),
    [
        ("埼玉県大宮市", "埼玉県", "さいたま市", "旧 大宮市（現 埼玉県さいたま市）"),
        ("大宮市桜木町1-7-5", "埼玉県", "さいたま市大宮区", "旧 大宮市（現 埼玉県さいたま市大宮区）"),
        ("浜北市", "静岡県", "浜松市", "旧 浜北市（現 静岡県浜松市）"),
        ("清水市", "静岡県", "静岡市清水区", "旧 清水市（現 静岡県静岡市清水区）"),
        ("新潟県中蒲原郡亀田町", "新潟県", "新潟市", "旧 中蒲原郡亀田町（現 新潟県新潟市）"),
        ("中蒲原郡亀田町", "新潟県", "新潟市", "旧 中蒲原郡亀田町（現 新潟県新潟市）"),
        ("長野県北安曇郡八坂村", "長野県", "大町市", "旧 北安曇郡八坂村（現 長野県大町市）"),
        ("八坂村", "長野県", "大町市", "旧 八坂村（現 長野県大町市）"),
        ("白根市", "新潟県", "新潟市", "旧 白根市（現 新潟県新潟市）"),
        ("山梨県中巨摩郡白根町", "山梨県", "南アルプス市", "旧 中巨摩郡白根町（現 山梨県南アルプス市）"),
        ("田無市", "東京都", "西東京市", "旧 田無市（現 東京都西東京市）"),
    ],
)
def test_an_old_municipality_name_resolves_to_todays_with_a_note(text: str, pref: str, city: str, note: str) -> None:
    place = resolve(text)
    assert (place.pref_name, place.city_name, place.note) == (pref, city, note)


def test_todays_names_carry_no_note_and_a_district_name_does_not_beat_the_old_city() -> None:
    assert resolve("さいたま市大宮区").note == ""
    assert resolve("浜松市").note == ""
    # Today's 秩父市 has a district called 大宮: the old 大宮市 must still win when 市 is written.
    assert resolve("埼玉県大宮市").city_name == "さいたま市"


@pytest.mark.parametrize(
    ("text", "pref", "city"),
    [
        ("長野県北安曇郡池田町", "長野県", "北安曇郡池田町"),
        ("長野県北安曇郡池田町会染1234", "長野県", "北安曇郡池田町"),
        ("北安曇郡池田町", "長野県", "北安曇郡池田町"),
        ("北海道中川郡池田町", "北海道", "中川郡池田町"),
        ("岐阜県揖斐郡池田町", "岐阜県", "揖斐郡池田町"),
    ],
)
def test_a_county_narrows_the_town_and_the_written_prefecture_wins(text: str, pref: str, city: str) -> None:
    place = resolve(text)
    assert (place.pref_name, place.city_name) == (pref, city)


def test_a_county_narrows_town_names_and_never_overrides_the_prefecture() -> None:
    # 大阪府 has no 北安曇郡: the prefecture stays, and 大阪市北区's street 池田町 is not taken for it.
    assert (resolve("大阪府北安曇郡池田町").pref_name, resolve("大阪府北安曇郡池田町").city_name) == ("大阪府", "")
    # A 大字 right after the county: looked up among that county's towns only.
    assert resolve("北安曇郡会染1234").city_name == "北安曇郡池田町"
    assert resolve("長野県北安曇郡会染").city_name == "北安曇郡池田町"


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("中央区大通西1丁目", "札幌市中央区"),  # 大通西 is only in 札幌市中央区
        ("中央区字大通西1", "札幌市中央区"),
        ("北区紫竹上本町", "京都市北区"),
        ("中央区銀座1-1", "中央区"),  # 東京都中央区: the town decides for Tokyo
        ("北区赤羽1", "北区"),
        ("北区", "北区"),  # nothing decides: the documented Tokyo default
    ],
)
def test_a_ward_without_its_city_is_decided_by_the_town(text: str, city: str) -> None:
    assert resolve(text).city_name == city


@pytest.mark.parametrize(
    ("text", "pref"),
    [
        ("伊達市梁川町上割田1", "福島県"), ("伊達市大字梁川町上割田1", "福島県"),
        ("伊達市字大滝区本町", "北海道"), ("府中市大字宮西町", "東京都"), ("府中市字宮西町2", "東京都"),
    ],
)
def test_aza_before_the_town_does_not_break_same_named_cities(text: str, pref: str) -> None:
    assert resolve(text).pref_name == pref


def test_a_registrant_written_with_an_old_name_is_placed_today_and_the_import_notes_it() -> None:
    import datetime as dt

    from desk.core.bulk_records import normalise_registrants
    from desk.core.records import normalise_registrant, reason_ja

    cells = {"source_id": "R1", "name": "山田 花子", "occupation": "医師", "state": "有効",
             "home_prefecture": "静岡県", "home_city": "浜北市"}
    rec, errors = normalise_registrant(cells, import_date=dt.date(2021, 6, 1))
    assert errors == [] and rec is not None
    assert (rec.values["home_prefecture"], rec.values["home_city"]) == ("静岡県", "浜松市")
    assert [(w.field, w.value) for w in rec.warnings] == [("home_city", "浜北市")]
    assert reason_ja(rec.warnings[0].reason) == "旧市町村名で書かれています: 旧 浜北市（現 静岡県浜松市）"
    bulk = normalise_registrants({k: [v] for k, v in cells.items()}, 1, import_date=dt.date(2021, 6, 1))
    b_rec = bulk[0][0]
    assert b_rec is not None and b_rec.values == rec.values
    assert [w.reason for w in b_rec.warnings] == [w.reason for w in rec.warnings]


def test_the_changes_list_resolves_to_todays_municipalities() -> None:
    """Every old name of ../shared/data/municipality_changes.csv, with and without its prefecture,
    lands in the municipality that holds it today (chains followed; split villages count either way)."""
    import csv
    import re

    from desk.core.regions import municipality

    try:
        from tests.conftest import shared_data
    except ModuleNotFoundError:  # pragma: no cover
        from conftest import shared_data  # type: ignore[no-redef]
    with shared_data("municipality_changes.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))

    def key(name: str) -> str:
        return re.sub(r"（.*?）", "", name).replace("ヶ", "ケ")

    nxt = {(r["pref"], key(r["old"])): key(r["new"]) for r in rows}

    def today(pref: str, name: str) -> str:
        for _ in range(10):
            if nxt.get((pref, name), name) == name:
                break
            name = nxt[(pref, name)]
        return name

    def lands(text: str, want: str) -> bool:
        m = resolve(text).municipality
        if m is None:
            return False
        names = {m.full_name.replace("ヶ", "ケ"), m.name.replace("ヶ", "ケ")}
        if m.parent_code:
            names.add(municipality(m.parent_code).name)  # type: ignore[union-attr]
        return any(want.endswith(x) or x.startswith(want) for x in names)

    with_pref = sum(lands(r["pref"] + key(r["old"]), today(r["pref"], key(r["new"]))) for r in rows)
    alone = sum(lands(key(r["old"]), today(r["pref"], key(r["new"]))) for r in rows)
    print(f"\nmunicipality_changes.csv: {len(rows)} old names, with prefecture {with_pref / len(rows):.2%}, "
          f"without it {alone / len(rows):.2%}")
    assert with_pref / len(rows) >= 0.99 and alone / len(rows) >= 0.99
