"""Dates and hours as hand-typed sheets write them: era shorthand, kanji numerals, weekdays that
decide the year, long-vowel range marks, a date with one time, and stated frequencies."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.core.date_words import Frequency, fold_date_words, kanji_number, split_frequency, stated_frequency
from desk.core.dates import DateError, parse_date
from desk.core.schedule import parse_availability, posting_slots

REF = dt.date(2021, 1, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3/5(土)", dt.date(2022, 3, 5)),  # 2021-03-05 is a Friday; 2022-03-05 the next Saturday
        ("3/5（土）", dt.date(2022, 3, 5)),
        ("3/6(土)", dt.date(2021, 3, 6)),
        ("12/25(月)", dt.date(2023, 12, 25)),
        ("2/29(木)", dt.date(2024, 2, 29)),
    ],
)
def test_a_weekday_in_brackets_decides_the_missing_year(text: str, expected: dt.date) -> None:
    assert parse_date(text, reference=REF) == expected


def test_a_written_year_is_never_moved_by_the_weekday() -> None:
    with pytest.raises(DateError) as err:
        parse_date("2021/3/5(土)", reference=REF)
    assert err.value.code == "weekday_mismatch"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令2.4.1", dt.date(2020, 4, 1)), ("平09.01.15", dt.date(1997, 1, 15)), ("昭45. 3. 2", dt.date(1970, 3, 2)),
        ("R3/6/12", dt.date(2021, 6, 12)), ("H31.4.30", dt.date(2019, 4, 30)), ("R1.5.1", dt.date(2019, 5, 1)),
        ("令元.5.1", dt.date(2019, 5, 1)), ("平 31. 4. 30", dt.date(2019, 4, 30)),
    ],
)
def test_one_character_era_shorthand_and_padded_numbers(text: str, expected: dt.date) -> None:
    assert parse_date(text, reference=REF) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和三年六月十二日", dt.date(2021, 6, 12)), ("十二月八日", dt.date(2021, 12, 8)),
        ("元日", dt.date(2022, 1, 1)), ("元旦", dt.date(2022, 1, 1)), ("平成元年1月8日", dt.date(1989, 1, 8)),
        ("平成元年一月八日", dt.date(1989, 1, 8)), ("六月二十日", dt.date(2021, 6, 20)),
        ("二〇二一年六月三十日", dt.date(2021, 6, 30)), ("六月一日", dt.date(2021, 6, 1)),
    ],
)
def test_kanji_numerals_and_special_days(text: str, expected: dt.date) -> None:
    assert parse_date(text, reference=REF) == expected


def test_kanji_numbers_are_read_only_where_they_are_numbers() -> None:
    assert [kanji_number(x) for x in ("十", "十二", "二十", "三十一", "二〇二一", "百二十", "二三十")] == [
        10, 12, 20, 31, 2021, 120, None]
    assert fold_date_words("一日") == "一日"  # a whole day, not the 1st
    assert fold_date_words("三日間") == "三日間"
    assert fold_date_words("六月一日") == "6月1日"
    assert fold_date_words("6月12日・二十日") == "6月12日・20日"


@pytest.mark.parametrize(
    ("dates", "hours", "expected"),
    [
        ("6/12ー6/14", "", ["2021-06-12", "2021-06-13", "2021-06-14"]),
        ("6月12日－14日", "", ["2021-06-12", "2021-06-13", "2021-06-14"]),
        ("6/12ｰ6/13", "", ["2021-06-12", "2021-06-13"]),
        ("六月十二日・二十日", "", ["2021-06-12", "2021-06-20"]),
        ("3/5(土)・3/6(日)", "", ["2022-03-05", "2022-03-06"]),
    ],
)
def test_posting_ranges_with_long_vowel_marks_kanji_and_weekday_years(dates: str, hours: str, expected: list[str]) -> None:
    assert [s.date.isoformat() for s in posting_slots(dates, hours, reference=REF)] == expected


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("6/12の13:00から", 780, 1440), ("6月12日 9時半～", 570, 1440), ("6/12 9時半～12時半", 570, 750)],
)
def test_a_date_followed_by_one_time_and_half_past(text: str, start: int, end: int) -> None:
    slot = posting_slots(text, reference=REF)[0]
    assert (slot.date, slot.start_min, slot.end_min) == (dt.date(2021, 6, 12), start, end)
    assert parse_date(text, reference=REF) == dt.date(2021, 6, 12)


@pytest.mark.parametrize(
    ("text", "frequency", "rules"),
    [
        ("週3日", Frequency("week", 3, 3), []),
        ("月2回程度", Frequency("month", 2, 2), []),
        ("週三日", Frequency("week", 3, 3), []),
        ("週に1～2日", Frequency("week", 1, 2), []),
        ("1週間に2回", Frequency("week", 2, 2), []),
        ("平日 週3日", Frequency("week", 3, 3), [287]),
        ("土日 月2回程度", Frequency("month", 2, 2), [96]),
        ("土日", None, [96]),
        ("6月2日", None, [255]),  # a date, not "Monday twice"
    ],
)
def test_a_stated_frequency_is_kept_and_the_days_still_read(text: str, frequency: Frequency | None, rules: list[int]) -> None:
    assert stated_frequency(text) == frequency
    assert [r["days"] for r in parse_availability(text, reference=REF)] == rules


def test_frequency_labels_and_what_is_left() -> None:
    assert Frequency("week", 3, 3).label == "週3日"
    assert Frequency("month", 1, 2).label == "月1～2回"
    assert split_frequency("平日 週3日程度") == (Frequency("week", 3, 3), "平日")
    assert split_frequency("週9日") == (None, "週9日")


def test_the_ranking_prefers_a_stated_frequency_over_silence_and_excludes_nobody_for_it() -> None:
    from desk.core.ranking import describe, rank
    from desk.core.ranking_naive import rank_naive
    from desk.core.registry_index import RegistrantRecord, RegistryIndex
    from tests.core.test_ranking import SAT, posting

    def reg(sid: str, raw: str, rules: tuple = ()) -> RegistrantRecord:  # type: ignore[type-arg]
        found = stated_frequency(raw)
        return RegistrantRecord(row_id=len(sid), source_id=sid, occupation="doctor", home_pref="14",
                                home_muni="14109", availability=rules, frequency=found.label if found else "")

    saturdays = ({"from": None, "to": None, "days": 32, "start": 0, "end": 1440},)
    records = [reg("a-silent", ""), reg("b-weekly", "週3日"), reg("c-saturdays", "土曜 月2回程度", saturdays)]
    saturday = posting(slots=((SAT, 540, 720),))
    r = rank(RegistryIndex.build(records), saturday)
    assert [records[i].source_id for i in r.order] == ["c-saturdays", "b-weekly", "a-silent"]
    assert list(r.excluded_order) == []
    assert "勤務頻度の希望: 週3日" in [describe(x) for x in r.reasons(1)]
    naive, excluded = rank_naive(records, saturday)
    assert [sid for sid, *_ in naive] == ["c-saturdays", "b-weekly", "a-silent"] and excluded == {}
