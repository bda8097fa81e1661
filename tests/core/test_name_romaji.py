"""Name search with the romaji people really type: Hepburn n and m, ず/づ, passport long vowels."""

from __future__ import annotations

import pytest

from desk.core.filters import filter_registrants, name_order
from desk.core.registry_index import RegistrantRecord, RegistryIndex
from desk.core.text import kana_key, loose_reading

PEOPLE = [
    ("R01", "菅野 太郎", "かんの たろう"), ("R02", "三瓶 次郎", "さんぺい じろう"), ("R03", "神庭 三郎", "かんば さぶろう"),
    ("R04", "伊藤 花子", "いとう はなこ"), ("R05", "大島 一郎", "おおしま いちろう"), ("R06", "後藤 良子", "ごとう りょうこ"),
    ("R07", "結城 健", "ゆうき けん"), ("R08", "由紀 健", "ゆき けん"), ("R09", "水月 舞", "みづき まい"),
    ("R10", "瑞樹 舞", "みずき まい"), ("R11", "本間 亮", "ほんま りょう"), ("R12", "菅生 学", "かんお まなぶ"),
    ("R13", "大嶋 健", "おしま けん"), ("R14", "藤島 治", "ふじしま おさむ"), ("R15", "宇治 恵", "うぢ めぐみ"),
]


@pytest.fixture(scope="module")
def index() -> RegistryIndex:
    return RegistryIndex.build([RegistrantRecord(row_id=i, source_id=sid, name=name, name_kana=kana)
                                for i, (sid, name, kana) in enumerate(PEOPLE)])


def ids(index: RegistryIndex, rows) -> list[str]:  # type: ignore[no-untyped-def]
    return [index.records[int(i)].source_id for i in rows]


@pytest.mark.parametrize(
    ("typed", "must_find"),
    [
        ("名前:kanno", "R01"), ("名前:Sampei", "R02"), ("名前:kamba", "R03"), ("名前:homma", "R11"),
        ("名前:Ito", "R04"), ("名前:Oshima", "R05"), ("名前:Goto", "R06"), ("名前:Yuki", "R07"),
        ("名前:Yuki", "R08"), ("名前:みずき", "R09"), ("名前:みづき", "R10"), ("名前:uji", "R15"),
        ("名前:ITO HANAKO", "R04"), ("名前:Ohshima", "R05"),
    ],
)
def test_the_romaji_people_type_finds_the_reading(index: RegistryIndex, typed: str, must_find: str) -> None:
    assert must_find in ids(index, filter_registrants(index, typed))


def test_double_n_is_not_a_lone_n_before_a_vowel(index: RegistryIndex) -> None:
    found = ids(index, filter_registrants(index, "名前:kanno"))
    assert "R01" in found and "R12" not in found  # かんの, not かんお
    assert kana_key("kanno") == "かんの" and kana_key("konnichi") == "こんにち" and kana_key("jun'ichi") == "じゅんいち"
    assert kana_key("homma") == "ほんま" and kana_key("sampei") == "さんぺい"


def test_the_exact_reading_comes_first(index: RegistryIndex) -> None:
    assert ids(index, name_order(index, "Yuki"))[:2] == ["R08", "R07"]  # ゆき before ゆうき
    assert ids(index, name_order(index, "ゆうき"))[:2] == ["R07", "R08"]
    assert ids(index, name_order(index, "Oshima"))[:2] == ["R13", "R05"]  # おしま before おおしま
    assert ids(index, name_order(index, "おおしま"))[0] == "R05"


def test_loose_readings_fold_long_vowels_and_same_sounds() -> None:
    assert loose_reading("いとう") == loose_reading("いと") == "いと"
    assert loose_reading("おおしま") == loose_reading("おしま")
    assert loose_reading("ゆうき") == loose_reading("ゆき")
    assert loose_reading("みづき") == loose_reading("みずき") and loose_reading("うぢ") == loose_reading("うじ")
    assert loose_reading("けいこ") == "けいこ"  # ei is written in passports: not folded
