"""Posting slots and registrant availability against the real 2021 calendar (desk.core.schedule)."""

from __future__ import annotations

import json
import time as clock
from datetime import date, time, timedelta

import pytest

from desk.core.dates import DateError
from desk.core.schedule import (
    EVERY_DAY,
    HOLIDAY_BIT,
    NO_HOLIDAY_BIT,
    WEEKDAY_BITS,
    WEEKDAYS_ONLY,
    Slot,
    covers,
    day_matches,
    describe_availability,
    parse_availability,
    posting_slots,
)

REF = date(2021, 6, 1)
SAT, SUN, MON, WED, FRI = WEEKDAY_BITS[5], WEEKDAY_BITS[6], WEEKDAY_BITS[0], WEEKDAY_BITS[2], WEEKDAY_BITS[4]


def days_of(slots: list[Slot]) -> list[date]:
    return sorted({s.date for s in slots})


def calendar(first: date, last: date, keep) -> list[date]:  # type: ignore[no-untyped-def]
    return [first + timedelta(days=k) for k in range((last - first).days + 1) if keep(first + timedelta(days=k))]


# ---------------------------------------------------------------------------------------------
# Posting slots


def test_a_list_of_dates_with_the_year_carried_forward() -> None:
    slots = posting_slots("2021/6/12, 6/13, 6/19", "", reference=REF)
    assert slots == [
        Slot(date(2021, 6, 12), time(9), time(17)),
        Slot(date(2021, 6, 13), time(9), time(17)),
        Slot(date(2021, 6, 19), time(9), time(17)),
    ]


def test_saturdays_and_sundays_in_a_range() -> None:
    got = days_of(posting_slots("6/12～6/27の土日", "", reference=REF))
    assert got == [date(2021, 6, d) for d in (12, 13, 19, 20, 26, 27)]
    assert all(d.weekday() >= 5 for d in got)


def test_day_numbers_continue_the_month_and_weekday_notes_are_ignored() -> None:
    got = days_of(posting_slots("6月12日(土)・13日(日)", "9:00～12:00", reference=REF))
    assert got == [date(2021, 6, 12), date(2021, 6, 13)]
    assert days_of(posting_slots("6/28～2日", "", reference=REF))[-1] == date(2021, 7, 2)


def test_era_range_every_wednesday() -> None:
    got = days_of(posting_slots("令和3年6月12日～7月31日の毎週水曜", "", reference=REF))
    assert got == calendar(date(2021, 6, 12), date(2021, 7, 31), lambda d: d.weekday() == 2)
    assert got[0] == date(2021, 6, 16) and got[-1] == date(2021, 7, 28) and len(got) == 7


def test_weekdays_skip_the_moved_olympic_holidays() -> None:
    # 2021-07-22 (海の日) and 07-23 (スポーツの日) were moved for the Olympics.
    got = days_of(posting_slots("7/19～7/30 平日", "", reference=REF))
    assert date(2021, 7, 22) not in got and date(2021, 7, 23) not in got
    assert date(2021, 7, 19) in got  # the usual 海の日 Monday was a working day in 2021
    assert got == [date(2021, 7, d) for d in (19, 20, 21, 26, 27, 28, 29, 30)]


def test_weekdays_in_june() -> None:
    got = days_of(posting_slots("6/12～6/30 平日", "", reference=REF))
    assert got == calendar(date(2021, 6, 12), date(2021, 6, 30), lambda d: d.weekday() < 5)


def test_weekends_and_holidays_over_a_range() -> None:
    got = days_of(posting_slots("7/1～7/31 土日祝", "", reference=REF))
    assert got == [date(2021, 7, d) for d in (3, 4, 10, 11, 17, 18, 22, 23, 24, 25, 31)]


def test_monday_wednesday_friday() -> None:
    got = days_of(posting_slots("6/1-6/30 月水金", "", reference=REF))
    assert got == calendar(date(2021, 6, 1), date(2021, 6, 30), lambda d: d.weekday() in (0, 2, 4))


def test_two_windows_give_two_slots_per_day() -> None:
    slots = posting_slots("6/12, 6/13", "午前・午後", reference=REF)
    assert len(slots) == 4
    assert slots[0] == Slot(date(2021, 6, 12), time(9), time(12))
    assert slots[1] == Slot(date(2021, 6, 12), time(13), time(17))
    assert (slots[1].start_min, slots[1].end_min) == (780, 1020)


def test_hours_written_in_the_dates_field_and_end_of_day() -> None:
    assert posting_slots("2021/6/12 18:00～24:00", "", reference=REF) == [
        Slot(date(2021, 6, 12), time(18), time.max)
    ]
    assert posting_slots("2021/6/12 18:00～24:00", "", reference=REF)[0].end_min == 1440


def test_slots_across_new_year() -> None:
    got = days_of(posting_slots("12/27～1/5", "", reference=date(2021, 12, 20)))
    assert got[0] == date(2021, 12, 27) and got[-1] == date(2022, 1, 5) and len(got) == 10


def test_a_posting_cell_holding_a_date() -> None:
    assert days_of(posting_slots(date(2021, 6, 12), "", reference=REF)) == [date(2021, 6, 12)]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("土日", "no_range"),
        ("毎週水曜", "no_range"),
        ("6/12～", "no_range"),
        ("未定", "incomplete"),
        ("", "unknown_format"),
        ("2021/2/30", "impossible_date"),
        ("6/30～6/12", "impossible_date"),
        ("隔週土曜", "unsupported"),
        ("6/1～12/31", "too_many_slots"),  # 214 days x 2 windows
        ("6月12日(土)・13日(月)", "weekday_mismatch"),  # 2021-06-13 was a Sunday
    ],
)
def test_posting_dates_that_cannot_become_slots(text: str, code: str) -> None:
    with pytest.raises(DateError) as caught:
        posting_slots(text, "午前・午後", reference=REF)
    assert caught.value.code == code


def test_slots_are_sortable_and_frozen() -> None:
    a = Slot(date(2021, 6, 12), time(13), time(17))
    b = Slot(date(2021, 6, 12), time(9), time(12))
    assert sorted([a, b]) == [b, a]
    with pytest.raises(AttributeError):
        a.start = time(8)  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------
# Availability rules


def rule(days: int, start: int = 0, end: int = 1440, lo: str | None = None, hi: str | None = None) -> dict:
    return {"from": lo, "to": hi, "days": days, "start": start, "end": end}


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("土日祝", SAT | SUN | HOLIDAY_BIT),
        ("土日祝日", SAT | SUN | HOLIDAY_BIT),
        ("休日", SAT | SUN | HOLIDAY_BIT),
        ("土日", SAT | SUN),
        ("土日のみ", SAT | SUN),
        ("週末", SAT | SUN),
        ("平日", WEEKDAYS_ONLY),
        ("平日のみ", WEEKDAYS_ONLY),
        ("平日（祝日除く）", WEEKDAYS_ONLY),
        ("土日祝不可", WEEKDAYS_ONLY),
        ("毎週水曜", WED),
        ("水曜日", WED),
        ("月水金", MON | WED | FRI),
        ("水・木", WED | WEEKDAY_BITS[3]),
        ("日曜・祝日", SUN | HOLIDAY_BIT),
        ("いつでも", EVERY_DAY),
        ("随時", EVERY_DAY),
        ("全日", EVERY_DAY),
        ("毎日", EVERY_DAY),
        ("水曜不可", EVERY_DAY & ~WED),
    ],
)
def test_weekday_patterns(text: str, days: int) -> None:
    assert parse_availability(text, "", reference=REF) == [rule(days)]


def test_specific_dates_and_ranges() -> None:
    assert parse_availability("6/12, 6/19", "", reference=REF) == [
        rule(EVERY_DAY, lo="2021-06-12", hi="2021-06-12"),
        rule(EVERY_DAY, lo="2021-06-19", hi="2021-06-19"),
    ]
    assert parse_availability("6月中の土日", "", reference=REF) == [rule(SAT | SUN, lo="2021-06-01", hi="2021-06-30")]
    assert parse_availability("6/12～6/30", "", reference=REF) == [rule(EVERY_DAY, lo="2021-06-12", hi="2021-06-30")]
    assert parse_availability("7/1以降", "", reference=REF) == [rule(EVERY_DAY, lo="2021-07-01")]
    assert parse_availability("6/30まで", "", reference=REF) == [rule(EVERY_DAY, hi="2021-06-30")]
    assert parse_availability("7月下旬", "", reference=REF) == [rule(EVERY_DAY, lo="2021-07-21", hi="2021-07-31")]


def test_unknown_availability_is_an_empty_list() -> None:
    for text in ("要相談", "応相談", "未定", ""):
        assert parse_availability(text, "", reference=REF) == []


def test_hours_apply_to_every_rule_one_rule_per_window() -> None:
    got = parse_availability("土日祝", "9:00-12:00、13:00-17:00", reference=REF)
    assert got == [rule(SAT | SUN | HOLIDAY_BIT, 540, 720), rule(SAT | SUN | HOLIDAY_BIT, 780, 1020)]
    got = parse_availability("6/12, 6/19", "午前", reference=REF)
    assert [(r["from"], r["start"], r["end"]) for r in got] == [("2021-06-12", 540, 720), ("2021-06-19", 540, 720)]
    # A registrant's 終日 is the whole day; hours written in the days field are read too.
    assert parse_availability("土日", "終日", reference=REF) == [rule(SAT | SUN)]
    assert parse_availability("土日 9時～12時", "", reference=REF) == [rule(SAT | SUN, 540, 720)]
    assert parse_availability("平日 18時以降、土日 終日", "", reference=REF) == [
        rule(WEEKDAYS_ONLY, 1080, 1440), rule(SAT | SUN),
    ]


@pytest.mark.parametrize("text", ["xyz", "第2土曜", "隔週", "除く", "2021/2/30"])
def test_unreadable_availability_raises_with_a_reason(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_availability(text, "", reference=REF)
    assert str(caught.value)


def test_rules_are_json_and_fresh_lists() -> None:
    first = parse_availability("土日祝", "午前", reference=REF)
    first[0]["days"] = 0
    again = parse_availability("土日祝", "午前", reference=REF)
    assert again[0]["days"] == SAT | SUN | HOLIDAY_BIT
    assert json.loads(json.dumps(again)) == again


# ---------------------------------------------------------------------------------------------
# covers()


def test_covers_hour_edges() -> None:
    morning = [rule(EVERY_DAY, 540, 720)]
    day = date(2021, 6, 12)
    assert covers(morning, day, 540, 720)  # exactly the rule
    assert not covers(morning, day, 720, 780)  # 12:00-13:00 vs 9:00-12:00
    assert not covers(morning, day, 510, 720)  # starts before
    whole = [rule(EVERY_DAY, 540, 1020)]
    assert covers(whole, day, 540, 720)  # 9:00-12:00 inside 9:00-17:00
    assert not covers(whole, day, 960, 1080)  # runs past 17:00
    assert covers([rule(EVERY_DAY)], day, 0, 1440)


def test_covers_holidays_weekdays_and_dates() -> None:
    heijitsu = parse_availability("平日", "", reference=REF)
    donichi_shuku = parse_availability("土日祝", "", reference=REF)
    donichi = parse_availability("土日", "", reference=REF)
    thursday_holiday = date(2021, 7, 22)  # 海の日 2021 (Olympics)
    assert not covers(heijitsu, thursday_holiday, 540, 720)
    assert covers(heijitsu, date(2021, 7, 21), 540, 720)
    assert covers(donichi_shuku, thursday_holiday, 540, 720)
    assert not covers(donichi, thursday_holiday, 540, 720)
    assert covers(donichi, date(2021, 7, 24), 540, 720)
    # A Monday holiday on a plain weekday rule: the weekday bit decides.
    assert covers([rule(MON)], date(2021, 9, 20), 540, 720)  # 敬老の日
    assert not covers([rule(MON | NO_HOLIDAY_BIT)], date(2021, 9, 20), 540, 720)
    ranged = [rule(EVERY_DAY, lo="2021-06-12", hi="2021-06-30")]
    assert covers(ranged, date(2021, 6, 12), 540, 720) and covers(ranged, date(2021, 6, 30), 540, 720)
    assert not covers(ranged, date(2021, 7, 1), 540, 720) and not covers(ranged, date(2021, 6, 11), 540, 720)
    assert not covers([], date(2021, 6, 12), 540, 720)


def test_day_matches_follows_the_contract() -> None:
    holiday = date(2021, 7, 23)  # Friday, スポーツの日
    assert day_matches(FRI, holiday)
    assert not day_matches(FRI | NO_HOLIDAY_BIT, holiday)
    assert day_matches(HOLIDAY_BIT, holiday) and not day_matches(HOLIDAY_BIT, date(2021, 7, 16))


def test_every_posting_slot_is_covered_by_the_matching_availability() -> None:
    slots = posting_slots("7/1～7/31 土日祝", "午前・午後", reference=REF)
    rules = parse_availability("土日祝", "終日", reference=REF)
    assert all(covers(rules, s.date, s.start_min, s.end_min) for s in slots)
    weekday_rules = parse_availability("平日", "9時～17時", reference=REF)
    assert not any(covers(weekday_rules, s.date, s.start_min, s.end_min) for s in slots)


# ---------------------------------------------------------------------------------------------
# Summaries


@pytest.mark.parametrize(
    ("days", "hours", "summary"),
    [
        ("土日祝", "9:00-17:00", "土日祝 9:00-17:00"),
        ("平日", "", "平日"),
        ("毎週水曜", "午後", "水曜 13:00-17:00"),
        ("月水金", "午前・午後", "月水金 9:00-12:00/13:00-17:00"),
        ("いつでも", "", "いつでも"),
        ("6/12, 6/19", "", "6/12、6/19"),
        ("6月中の土日", "", "6/1～6/30 土日"),
        ("7/1以降", "18時以降", "7/1～ 18:00-24:00"),
        ("要相談", "", ""),
    ],
)
def test_describe_availability(days: str, hours: str, summary: str) -> None:
    assert describe_availability(parse_availability(days, hours, reference=REF)) == summary


def test_availability_parsing_throughput() -> None:
    texts = ["土日祝", "平日", "毎週水曜", "月水金", "いつでも", "要相談", "6月中の土日", "土日のみ"]
    hours = ["", "9:00-17:00", "午前・午後", "終日"]
    start = clock.perf_counter()
    n = 0
    for k in range(100_000):
        parse_availability(texts[k % len(texts)], hours[k % len(hours)], reference=REF)
        n += 1
    elapsed = clock.perf_counter() - start
    assert elapsed < 5.0, f"{n} registrants took {elapsed:.2f}s"
