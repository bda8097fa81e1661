"""The one-box filter over the registry, with the spellings people type."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.core.filters import Term, filter_registrants, parse_query
from desk.core.ranking import PostingQuery, rank
from desk.core.registry_index import RegistrantRecord, RegistryIndex

REF = dt.date(2021, 6, 1)
SATURDAYS = {"from": None, "to": None, "days": 32, "start": 540, "end": 1020}
WEEKDAYS = {"from": None, "to": None, "days": 31 | 256, "start": 0, "end": 1440}
JUNE_12_ONLY = {"from": "2021-06-12", "to": "2021-06-12", "days": 255, "start": 0, "end": 1440}


def _registry() -> tuple[list[RegistrantRecord], RegistryIndex]:
    rows = [
        dict(source_id="hanako", name="山田　花子", name_kana="ヤマダ ハナコ", specialty="内科", occupation="doctor",
             home_pref="14", home_muni="14109", availability=(SATURDAYS,), notes="英語可。筋注経験あり"),
        dict(source_id="hanako-kana", name="やまだ はなこ", name_kana="", specialty="小児科", occupation="doctor",
             home_pref="13", home_muni="13101", availability=(WEEKDAYS,)),
        dict(source_id="taro", name="山田 太郎", name_kana="やまだ たろう", specialty="整形外科", occupation="doctor",
             home_pref="27", home_muni="27102", availability=(JUNE_12_ONLY,)),
        dict(source_id="takahashi", name="髙橋 一郎", name_kana="タカハシ イチロウ", specialty="内科（循環器）", occupation="nurse",
             home_pref="14", home_muni="14204", work_areas=({"kind": "muni", "code": "14100"},)),
        dict(source_id="kawasaki", name="佐藤 恵", name_kana="サトウ メグミ", occupation="nurse", licences=("public_health_nurse",),
             home_pref="14", home_muni="14131", notes="土日のみ"),
        dict(source_id="osaka", name="鈴木 健", name_kana="スズキ ケン", occupation="clerk", home_pref="27", home_muni="27102",
             availability=({"from": None, "to": None, "days": 64 | 128, "start": 0, "end": 1440},)),
    ]
    records = [RegistrantRecord(row_id=i + 1, **r) for i, r in enumerate(rows)]  # type: ignore[arg-type]
    return records, RegistryIndex.build(records)


RECORDS, INDEX = _registry()


def found(query: str) -> list[str]:
    return [RECORDS[i].source_id for i in filter_registrants(INDEX, query, reference=REF)]


@pytest.mark.parametrize("query", ["山田花子", "名前:山田花子", "やまだはなこ", "ヤマダハナコ", "yamada hanako",
                                   "名前:やまだ　はなこ", "山田花了", "name:ﾔﾏﾀﾞﾊﾅｺ"])
def test_a_name_is_found_by_kanji_kana_romaji_and_with_a_typo(query: str) -> None:
    got = found(query)
    assert "hanako" in got and "taro" not in got and "takahashi" not in got


def test_the_kana_only_registrant_is_found_by_the_kanji_query_through_her_reading() -> None:
    assert found("名前:やまだはなこ") == ["hanako", "hanako-kana"]
    assert found("名前:山田") == ["hanako", "taro"]
    assert found("名前:やまだ") == ["hanako", "hanako-kana", "taro"]
    assert found("名前:高橋") == ["takahashi"]  # 髙 folds to 高


@pytest.mark.parametrize("query", ["地域:よこはま", "地域:ヨコハマ", "region:yokohama", "地域:横浜", "地域:横浜市"])
def test_yokohama_however_written_finds_the_city_its_wards_and_work_areas(query: str) -> None:
    assert found(query) == ["hanako", "takahashi"]


def test_a_block_finds_its_prefectures() -> None:
    assert found("地域:関東") == ["hanako", "hanako-kana", "takahashi", "kawasaki"]
    assert found("地域:神奈川") == ["hanako", "takahashi", "kawasaki"]


def test_specialty_occupation_and_notes() -> None:
    assert found("科:内科") == ["hanako", "takahashi"]
    # A reading finds the standard name (issue 14): ショウニカ is 小児科.
    assert found("科:ショウニカ") == ["hanako-kana"] and found("科:小児") == ["hanako-kana"]
    assert found("職種:看護師") == ["takahashi", "kawasaki"]
    assert found("occ:保健師") == ["kawasaki"]
    assert found("メモ:英語") == ["hanako"]
    assert found("note:筋注経験") == ["hanako"]


def test_available_on_a_date_or_a_weekday() -> None:
    assert found("日:6/12") == ["hanako", "taro"]  # a Saturday; 6/12 only counts for that day
    assert found("日:土") == ["hanako", "taro"]
    assert found("日:日") == ["osaka"]
    assert found("日:土日") == ["hanako", "taro", "osaka"]
    assert found("日:平日") == ["hanako-kana"]
    assert found("date:2021-06-14") == ["hanako-kana"]  # a Monday
    assert found("日:6/12,6/14") == ["hanako", "hanako-kana", "taro"]


def test_terms_and_together_and_plain_words_search_every_field() -> None:
    assert found("山田 内科") == ["hanako"]
    assert found("地域:関東 日:平日") == ["hanako-kana"]
    assert found("横浜 看護師") == ["takahashi"]
    assert found('名前:"山田 太郎"') == ["taro"]
    assert found("地域：横浜　科：内科") == ["hanako", "takahashi"]  # full-width colon and space
    assert found("") == [r.source_id for r in RECORDS]


def test_unreadable_terms_are_reported_not_fatal() -> None:
    query = parse_query("日:そのうち 山田")
    assert query.terms == [Term("date", "そのうち"), Term("any", "山田")]
    assert [RECORDS[i].source_id for i in filter_registrants(INDEX, query)] == ["hanako", "taro"]
    assert query.problems == ["日:そのうち"]
    assert parse_query("http://x").terms == [Term("any", "http://x")]


def test_a_filter_narrows_the_ranked_list_and_the_excluded_list() -> None:
    post = PostingQuery("K-1", "doctor", "14", "14109", ((dt.date(2021, 6, 12), 540, 720),))
    everyone = rank(INDEX, post)
    assert [RECORDS[i].source_id for i in everyone.order] == ["hanako", "taro"]
    narrowed = rank(INDEX, post, rows=filter_registrants(INDEX, "地域:神奈川"))
    assert [RECORDS[i].source_id for i in narrowed.order] == ["hanako"]
    assert sorted(RECORDS[i].source_id for i in narrowed.excluded_order) == ["kawasaki", "takahashi"]


def test_a_typo_is_forgiven_but_another_person_is_not_found() -> None:
    records = [RegistrantRecord(1, "a", name="山田 花子"), RegistrantRecord(2, "b", name="田中 花子"),
               RegistrantRecord(3, "c", name="長谷川 久美子", name_kana="はせがわ くみこ")]
    index = RegistryIndex.build(records)
    ids = lambda q: [records[i].source_id for i in filter_registrants(index, q)]  # noqa: E731
    assert ids("名前:山田花了") == ["a"]  # one typo in four characters
    assert ids("名前:はせがわくみ") == ["c"]  # the start of the reading
    assert ids("名前:はせかわくみこ") == ["c"]
    assert ids("名前:山田花子") == ["a"]  # 田中花子 is two edits away: someone else


def test_an_id_finds_that_registrant_alone() -> None:
    assert found("TARO") == ["taro"]
    assert found("ｔａｒｏ") == ["taro"]
    assert found("hanako-kana") == ["hanako-kana"]


def test_a_place_word_finds_places_not_people_whose_name_sounds_alike() -> None:
    records = [RegistrantRecord(row_id=1, source_id="yokoyama", name="横山 一郎", name_kana="よこやま いちろう",
                                occupation="doctor", home_pref="13", home_muni="13101"),
               RegistrantRecord(row_id=2, source_id="kohoku", name="佐藤 二郎", name_kana="さとう じろう",
                                occupation="doctor", home_pref="14", home_muni="14109")]
    index = RegistryIndex.build(records)
    got = [records[i].source_id for i in filter_registrants(index, "よこはま", reference=REF)]
    assert got == ["kohoku"]
    # a surname that is also a place name still finds the people (山田 is a town in Iwate)
    assert "hanako" in found("山田")


def test_contains_mask_equals_a_substring_test_per_row() -> None:
    """The joined-text search (one split for all rows) finds exactly the rows ``q in text`` finds,
    repeated and overlapping occurrences and empty texts included."""
    import random

    from desk.core.filters import contains_mask

    rnd = random.Random(5)
    for _ in range(200):
        texts = ["".join(rnd.choice("あいうえab") for _ in range(rnd.randint(0, 6))) for _ in range(rnd.randint(0, 25))]
        index = type("Index", (), {"cache": {}})()
        for q in ("あ", "ab", "aa", "あい", "ううう"):
            assert contains_mask(index, "t", texts, q).tolist() == [q in t for t in texts]  # type: ignore[arg-type]


@pytest.mark.parametrize("query", ["や", "ya", "ま", "ヤ", "た", "ichi", "と"])
def test_a_one_character_name_search_finds_every_name_or_reading_holding_it(query: str) -> None:
    """One kana (ya → や) is answered from the character index alone: exactly the registrants whose
    name or reading (loosely read) holds that character, no more, no fewer."""
    from desk.core.filters import name_mask, name_query
    from desk.core.text import kana_key, loose_reading

    q = name_query(query)
    want = [any(q in k for key in (kana_key(r.name), kana_key(r.name_kana)) for k in (key, loose_reading(key)))
            for r in RECORDS]
    assert name_mask(INDEX, query).tolist() == want
