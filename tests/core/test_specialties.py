"""Specialty search by reading: 科:ないか finds 内科, しょうにか finds 小児科."""

from __future__ import annotations

import pytest

from desk.core.filters import filter_registrants
from desk.core.registry_index import RegistrantRecord, RegistryIndex
from desk.core.specialties import SPECIALTIES, names_for_reading

PEOPLE = [("R1", "内科"), ("R2", "小児科"), ("R3", "整形外科"), ("R4", "心療内科"), ("R5", "皮膚科・アレルギー科"),
          ("R6", "眼科"), ("R7", "")]


@pytest.fixture(scope="module")
def index() -> RegistryIndex:
    return RegistryIndex.build([RegistrantRecord(row_id=i, source_id=sid, specialty=spec)
                                for i, (sid, spec) in enumerate(PEOPLE)])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("科:ないか", ["R1", "R4"]), ("科:しょうにか", ["R2"]), ("科:ショウニカ", ["R2"]), ("科:shonika", ["R2"]),
        ("科:naika", ["R1", "R4"]), ("科:せいけいげか", ["R3"]), ("科:あれるぎー", ["R5"]), ("科:がんか", ["R6"]),
        ("科:内科", ["R1", "R4"]), ("科:しんりょうないか", ["R4"]),
    ],
)
def test_a_reading_finds_the_specialty(index: RegistryIndex, typed: str, expected: list[str]) -> None:
    assert [index.records[int(i)].source_id for i in filter_registrants(index, typed)] == expected


def test_the_table_reads_every_name_in_hiragana() -> None:
    assert len(SPECIALTIES) >= 60
    assert all(name.endswith(("科", "医", "診", "ドック")) for name in SPECIALTIES)
    assert all(reading and all("\u3041" <= ch <= "\u309f" or ch == "ー" for ch in reading)
               for reading in SPECIALTIES.values())
    assert names_for_reading("内科") == ()  # kanji is matched as written, not as a reading
    assert "小児科" in names_for_reading("しょうに") and "小児歯科" in names_for_reading("しょうに")
