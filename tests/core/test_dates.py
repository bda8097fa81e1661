"""Dates, times and hours as people in Japan type them (desk.core.dates)."""

from __future__ import annotations

import csv
import time as clock
from datetime import date, datetime, time

import pytest

from desk.core.dates import (
    AFTERNOON,
    EVENING,
    MORNING,
    WHOLE_DAY,
    DateError,
    holiday_name,
    is_holiday,
    parse_date,
    parse_hours,
    timex,
)
from tests.conftest import shared_data

REF = date(2021, 6, 1)


def _cases() -> list[dict[str, str]]:
    with shared_data("datetime_cases.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_every_datetime_case_gets_its_timex_value() -> None:
    cases = _cases()
    assert len(cases) == 135
    wrong = []
    for row in cases:
        try:
            got = timex(row["input"])
        except DateError as err:
            got = f"DateError: {err}"
        if got != row["expected_timex_value"]:
            wrong.append((row["input"], row["expected_timex_value"], got))
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021年7月18日", "2021-07-18"), ("令和3年度", "FY2021"), ("2021Q3", "2021-Q3"),
        ("午後1時", "T13-XX-XX"), ("R3.7.18", "2021-07-18"), ("(土)", "XXXX-WXX-6"),
    ],
)
def test_timex_examples_beyond_the_file(text: str, expected: str) -> None:
    assert timex(text) == expected


@pytest.mark.parametrize("text", ["", "明日", "2021/13/1", "2021/2/30", "12:75", "午前13時", "7月32日"])
def test_timex_rejects_what_it_cannot_normalise(text: str) -> None:
    with pytest.raises(DateError):
        timex(text)


@pytest.mark.parametrize(
    "text",
    [
        "2021/6/12", "2021-06-12", "2021年6月12日", "2021.6.12", "2021/06/12", "２０２１／６／１２",
        "2021 年 6 月 12 日", "令和3年6月12日", "令和３年６月１２日", "R3.6.12", "Ｒ３．６．１２", "R3/6/12",
        "r3.6.12".upper(), "H33.6.12", "平成33年6月12日", "2021/6/12(土)", "2021年6月12日（土）",
        "2021-06-12 00:00:00", "2021/6/12 9:00", "20210612", "44359", "21/6/12", "西暦2021年6月12日",
        "6月12日", "6/12", "６／１２", "6/12(土)",
    ],
)
def test_western_era_and_full_width_dates(text: str) -> None:
    assert parse_date(text, reference=REF) == date(2021, 6, 12)


def test_era_boundaries() -> None:
    assert parse_date("令和元年5月1日") == date(2019, 5, 1)
    assert parse_date("平成31年4月30日") == date(2019, 4, 30)
    assert parse_date("昭和64年1月7日") == date(1989, 1, 7)
    assert parse_date("平成元年1月8日") == date(1989, 1, 8)
    assert parse_date("S60.1.2") == date(1985, 1, 2)
    assert parse_date("2021年7月末") == date(2021, 7, 31)


def test_cells_from_spreadsheets() -> None:
    assert parse_date(datetime(2021, 6, 12, 9, 30)) == date(2021, 6, 12)
    assert parse_date(date(2021, 6, 12)) == date(2021, 6, 12)
    assert parse_date(44359) == date(2021, 6, 12)  # Excel serial
    assert parse_date(44359.375) == date(2021, 6, 12)  # serial with a time of day
    assert parse_date(None) is None
    assert parse_date("") is None
    assert parse_date("   ") is None
    with pytest.raises(DateError):
        parse_date(time(9, 0))
    with pytest.raises(DateError):
        parse_date(-3)


def test_year_inference_nearest_on_or_after_the_reference() -> None:
    assert parse_date("1/5", reference=date(2021, 12, 20)) == date(2022, 1, 5)
    assert parse_date("12/25", reference=date(2021, 12, 20)) == date(2021, 12, 25)
    assert parse_date("12/20", reference=date(2021, 12, 20)) == date(2021, 12, 20)  # on counts
    assert parse_date("12/19", reference=date(2021, 12, 20)) == date(2022, 12, 19)
    assert parse_date("6月12日", reference=date(2021, 6, 1)) == date(2021, 6, 12)
    # 2/29 waits for the next leap year.
    assert parse_date("2/29", reference=date(2021, 3, 1)) == date(2024, 2, 29)


def test_no_reference_means_today() -> None:
    got = parse_date("1/1")
    assert got is not None and got >= date.today() and (got - date.today()).days <= 366


@pytest.mark.parametrize(
    ("text", "code", "reason"),
    [
        ("2021/2/30", "impossible_date", "not a calendar date"),
        ("13/45", "impossible_date", "month 13"),
        ("2/30", "impossible_date", "not a calendar date"),
        ("2021/13/1", "impossible_date", "month 13"),
        ("令和0年1月1日", "impossible_date", "does not exist"),
        ("2021年6月", "incomplete", "no day"),
        ("来週", "unknown_format", "not a date"),
    ],
)
def test_impossible_dates_are_rejected_with_a_reason(text: str, code: str, reason: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text, reference=REF)
    assert caught.value.code == code
    assert reason in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_a_weekday_note_must_agree_with_the_date() -> None:
    assert parse_date("2021/7/22(木・祝)") == date(2021, 7, 22)
    assert parse_date("6/12(土曜日)", reference=REF) == date(2021, 6, 12)
    with pytest.raises(DateError, match="Saturday") as caught:
        parse_date("2021/6/12(金)")
    assert caught.value.code == "weekday_mismatch"


def test_a_cached_error_is_raised_again_each_time() -> None:
    for _ in range(3):
        with pytest.raises(DateError, match="not a calendar date"):
            parse_date("2021/2/30")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:00～12:00", [(540, 720)]),
        ("９時－１２時", [(540, 720)]),
        ("９：００〜１２：００", [(540, 720)]),
        ("9時半~12時", [(570, 720)]),
        ("9時30分～12時", [(570, 720)]),
        ("13:00-17:00", [(780, 1020)]),
        ("午前", [MORNING]),
        ("午前中", [MORNING]),
        ("午後", [AFTERNOON]),
        ("終日", [WHOLE_DAY]),
        ("夜間", [EVENING]),
        ("午前・午後", [MORNING, AFTERNOON]),
        ("9:00-12:00、13:00-17:00", [(540, 720), (780, 1020)]),
        ("13:00-17:00, 9:00-12:00", [(540, 720), (780, 1020)]),
        ("9:00 - 12:00 13:00 - 17:00", [(540, 720), (780, 1020)]),
        ("18:00～21:00", [(1080, 1260)]),
        ("9時から12時まで", [(540, 720)]),
        ("午前9時～午後5時", [(540, 1020)]),
        ("9時～5時", [(540, 1020)]),  # 5時 after 9時 is the afternoon
        ("午前(9:30～12:00)", [(570, 720)]),
        ("13:00～24:00", [(780, 1440)]),
        ("17時以降", [(1020, 1440)]),
        ("12時まで", [(0, 720)]),
        ("1:10PM-5:00PM", [(790, 1020)]),
        ("", []),
    ],
)
def test_parse_hours(text: str, expected: list[tuple[int, int]]) -> None:
    assert parse_hours(text) == expected


@pytest.mark.parametrize("text", ["未定", "9時", "22:00-6:00", "25:00-26:00", "9:75-12:00", "17:00-9:00AM", "午前13時-14時"])
def test_unreadable_hours_raise(text: str) -> None:
    with pytest.raises(DateError):
        parse_hours(text)


def test_holidays_come_from_the_real_calendar() -> None:
    # 2021: 海の日 and スポーツの日 moved to 7/22-23 for the Olympics, 山の日 to 8/8 (振替 8/9).
    assert is_holiday(date(2021, 7, 22)) and is_holiday(date(2021, 7, 23))
    assert not is_holiday(date(2021, 7, 19))  # the usual 海の日 Monday was a working day
    assert not is_holiday(date(2021, 10, 11))  # nor the usual スポーツの日
    assert is_holiday(date(2021, 8, 9))
    assert holiday_name(date(2021, 7, 22)) == "海の日"
    assert holiday_name(date(2021, 7, 21)) is None


def test_parsing_is_fast_enough_for_a_large_import() -> None:
    texts = [f"{m}/{d}" for m in range(1, 13) for d in range(1, 29)] + ["令和3年6月12日", "2021/6/12"]
    start = clock.perf_counter()
    for _ in range(300):
        for text in texts:
            parse_date(text, reference=REF)
    elapsed = clock.perf_counter() - start
    calls = 300 * len(texts)
    assert elapsed < 2.0, f"{calls} cached parses took {elapsed:.2f}s"
