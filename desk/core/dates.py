"""Dates, times and hours as people in Japan type them.

Western dates (2021/6/12, 2021-06-12, 2021年6月12日, 2021.6.12), era dates (令和3年6月12日,
R3.6.12, Ｒ３．６．１２, 平成33年, 令和元年), Excel serial numbers and spreadsheet datetimes, dates
without a year (6/12, 6月12日), times (9時半, 午後1時, 25時30分, 12:10AM) and hours windows
(9:00～12:00, 午前, 午後, 終日, 夜間). Public holidays come from ``jpholiday``.

Everything keyed on text is cached (the same strings repeat across 100,000 registrants) and cached
functions return immutable values. Errors are ``DateError`` (a ``ValueError``) carrying a stable
``code`` for programs and a plain English reason for logs and import reports.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import jpholiday

from desk.core.date_words import fold_date_words
from desk.core.text import clean

__all__ = [
    "DateError", "ERAS", "era_year", "year_by_weekday", "infer_year", "make_date", "parse_date", "timex",
    "parse_hours", "format_minutes", "is_holiday", "holiday_name",
    "MORNING", "AFTERNOON", "WHOLE_DAY", "EVENING", "END_OF_DAY",
]


class DateError(ValueError):
    """Text that is not a usable date, time or hours window.

    ``code`` is stable for programs (``impossible_date``, ``unknown_format``, ``incomplete``,
    ``bad_time``, ``no_range``, ``too_many_slots``, ``unsupported``, ``weekday_mismatch``); the message is a plain reason.
    """

    def __init__(self, message: str, code: str = "unknown_format") -> None:
        super().__init__(message)
        self.code = code

    def again(self) -> DateError:
        """A fresh copy, so a cached error can be raised many times without growing tracebacks."""
        return DateError(str(self), self.code)


# ---------------------------------------------------------------------------------------------
# Eras and calendar helpers

#: First western year of each era (year 1 of the era). Letters are the usual abbreviations.
ERAS: dict[str, int] = {
    "令和": 2019, "平成": 1989, "昭和": 1926, "大正": 1912, "明治": 1868, "大化": 645,
    "R": 2019, "H": 1989, "S": 1926, "T": 1912, "M": 1868,
    # One-character shorthand on forms and in spreadsheets: 令2.4.1, 平09.01.15, 昭45.3.2.
    "令": 2019, "平": 1989, "昭": 1926,
}
ERA_PATTERN = r"(?:令和|平成|昭和|大正|明治|大化|[RHSTM令平昭])"
# An era year is followed by 年 or a separator: R3.6.12, 令和3年, 平成33/4/1.
_ERA_RE = re.compile(rf"({ERA_PATTERN})\s*(元|\d{{1,2}})(?=\s*(?:年|[/\-.・,]))")


def era_year(era: str, number: str) -> int:
    """The western year of era year ``number`` (``元`` is year 1). 平成33 is 2021 (people wrote it)."""
    n = 1 if number == "元" else int(number)
    if n < 1:
        raise DateError(f"era year {era}{number} does not exist", "impossible_date")
    return ERAS[era] + n - 1


def replace_eras(text: str) -> str:
    """Era years written as four-digit western years: ``令和3年6月`` → ``2021年6月``."""
    if not any(ch in text for ch in "令平昭大明RHSTM"):
        return text
    return _ERA_RE.sub(lambda m: f"{era_year(m[1], m[2]):04d}", text)


def make_date(year: int, month: int, day: int) -> date:
    """``date(year, month, day)`` or a ``DateError`` saying why the date does not exist."""
    if not 1 <= month <= 12:
        raise DateError(f"month {month} does not exist ({year}/{month}/{day})", "impossible_date")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"{year}/{month}/{day} is not a calendar date", "impossible_date") from None


def infer_year(month: int, day: int, after: date) -> date:
    """The date month/day nearest on or after ``after`` (the posting's 更新日 or the import date)."""
    if not 1 <= month <= 12:
        raise DateError(f"month {month} does not exist ({month}/{day})", "impossible_date")
    try:
        date(2000, month, day)  # a leap year: 2/29 is possible, 2/30 never
    except ValueError:
        raise DateError(f"{month}/{day} is not a calendar date", "impossible_date") from None
    for year in range(after.year, after.year + 9):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= after:
            return candidate
    raise DateError(f"no year fits {month}/{day}", "impossible_date")  # pragma: no cover


def last_day(year: int, month: int) -> int:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


@lru_cache(maxsize=512)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(d for d, _name in jpholiday.year_holidays(year))


_DAY_LOOKUPS: dict[int, int] = {}
#: Dates of a year answered one at a time before the whole year's table is built (a year's table
#: costs about 0.5 s; ranking one posting asks for its few slot dates only).
_SINGLE_DAYS = 16


def is_holiday(d: date) -> bool:
    """A Japanese public holiday (振替休日 and the moved 2020/2021 Olympic holidays included)."""
    seen = _DAY_LOOKUPS.get(d.year, 0)
    if seen < _SINGLE_DAYS:
        _DAY_LOOKUPS[d.year] = seen + 1
        return bool(jpholiday.is_holiday(d))
    return d in _holidays(d.year)


def holiday_name(d: date) -> str | None:
    return jpholiday.is_holiday_name(d) if is_holiday(d) else None


# ---------------------------------------------------------------------------------------------
# Dates

WEEKDAY_CHARS = "月火水木金土日"
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PART = re.compile(r"(\d+)(年|月|日)?")
_PART_SEPS = frozenset("/-.・,")
_UNIT_SLOT = {"年": 0, "月": 1, "日": 2}
# A weekday note after a date: (土), (日・祝), (水曜日).
ANNOTATION = r"\((?:[月火水木金土日祝休曜・,、]|祝日)+\)"
_ANNOTATION_RE = re.compile(ANNOTATION)
# A time after a date (dropped by parse_date): 2021-06-12 09:00:00, 6/12の13:00から, 6月12日 9時半~.
_TRAILING_TIME = re.compile(
    r"(?:\s+|T|の|(?<=日))\s*(?:午前|午後|AM|PM)?\s*\d{1,2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?|時(?:半|\d{1,2}分)?)"
    r"(?:\s*(?:~|-|から)\s*(?:午前|午後)?\s*\d{1,2}(?::\d{2}|時(?:半|\d{1,2}分)?)\s*(?:まで)?|\s*(?:~|-|から|より|以降))?$",
    re.I)
_EXCEL_EPOCH = date(1899, 12, 30)
_MONTH_DAY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})")


def check_weekday(d: date, note: str, text: str) -> None:
    """A weekday note that names one day must agree with the date: 2021/6/12(金) is a slip."""
    chars = [ch for ch in note.replace("祝日", "").replace("曜日", "") if ch in WEEKDAY_CHARS]
    if len(chars) == 1 and WEEKDAY_CHARS[d.weekday()] != chars[0]:
        raise DateError(
            f"'{text}': {d.isoformat()} is a {_DAY_NAMES[d.weekday()]}, not {chars[0]}", "weekday_mismatch"
        )


def _date_parts(s: str) -> tuple[int | None, int | None, int | None] | None:
    """Year, month, day of a compact date expression (eras already replaced), or None."""
    tokens: list[tuple[str, str | None]] = []
    pos, n = 0, len(s)
    while pos < n:
        m = _PART.match(s, pos)
        if m is None:
            return None
        tokens.append((m[1], m[2]))
        pos = m.end()
        if pos < n and s[pos] in _PART_SEPS:
            pos += 1
            if pos == n:
                return None
    if not 1 <= len(tokens) <= 3:
        return None
    slots: list[int] = []
    if all(unit is None for _, unit in tokens):
        nums = [t for t, _ in tokens]
        if len(nums) == 3:
            slots = [0, 1, 2]
        elif len(nums) == 2:
            slots = [0, 1] if len(nums[0]) == 4 or int(nums[0]) > 12 else [1, 2]
        elif len(nums[0]) == 8:
            return int(nums[0][:4]), int(nums[0][4:6]), int(nums[0][6:])
        else:
            return None
    else:
        leading = next(i for i, (_, unit) in enumerate(tokens) if unit)
        first_slot = _UNIT_SLOT[tokens[leading][1]]  # type: ignore[index]
        last = -1
        for i, (_num, unit) in enumerate(tokens):
            if unit:
                slot = _UNIT_SLOT[unit]
            elif i < leading:
                slot = first_slot - (leading - i)
            else:
                slot = last + 1
            if slot <= last or slot > 2 or slot < 0:
                return None
            slots.append(slot)
            last = slot
    parts: list[int | None] = [None, None, None]
    for (num, _), slot in zip(tokens, slots, strict=True):
        parts[slot] = int(num)
    return parts[0], parts[1], parts[2]


def parse_date(value: object, *, reference: date | None = None) -> date | None:
    """A date from a cell or typed text; None when empty.

    Dates without a year take the year that puts them nearest on or after ``reference`` (the
    posting's 更新日 or the import date; today when None). Raises ``DateError`` for impossible
    dates (2021/2/30, 13/45) and for text that is not a date.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, time):
        raise DateError("a time of day, not a date", "unknown_format")
    if isinstance(value, bool):
        raise DateError("a yes/no value, not a date", "unknown_format")
    if isinstance(value, int | float):
        return _from_serial(float(value))
    text = clean(value)
    if not text:
        return None
    result = _parse_date_text(text, reference or date.today())
    if isinstance(result, DateError):
        raise result.again()
    return result


def _from_serial(serial: float) -> date:
    """An Excel serial day number (1900 date system, as openpyxl and CSV exports give it)."""
    if not 1 <= serial < 2958466:
        raise DateError(f"{serial:g} is not an Excel date number", "impossible_date")
    return _EXCEL_EPOCH + timedelta(days=int(serial))


@lru_cache(maxsize=32768)
def _parse_date_text(text: str, reference: date) -> date | DateError:
    try:
        return _date_from_text(text, reference)
    except DateError as err:
        return err


def _date_from_text(text: str, reference: date) -> date:
    s = fold_date_words(_TRAILING_TIME.sub("", text)).replace(" ", "")
    notes = _ANNOTATION_RE.findall(s)
    s = _ANNOTATION_RE.sub("", s).removeprefix("西暦")
    found = _date_without_note(s, text, reference)
    if len(notes) == 1 and _date_without_note(s, text, date(reference.year + 1, 1, 1)) != found:
        # No year written: the weekday decides it. 3/5(土) is the next 3/5 that is a Saturday.
        found = year_by_weekday(found, notes[0], text)
    for note in notes:
        check_weekday(found, note, text)
    return found


def year_by_weekday(found: date, note: str, text: str) -> date:
    """The first month/day on or after ``found`` that falls on the one weekday ``note`` names."""
    chars = [ch for ch in note.replace("祝日", "").replace("曜日", "") if ch in WEEKDAY_CHARS]
    if len(chars) != 1:
        return found
    for year in range(found.year, found.year + 29):  # the calendar repeats within 28 years
        try:
            candidate = date(year, found.month, found.day)
        except ValueError:
            continue
        if WEEKDAY_CHARS[candidate.weekday()] == chars[0]:
            return candidate
    return found  # pragma: no cover - every month/day meets every weekday within 28 years


def _date_without_note(s: str, text: str, reference: date) -> date:
    if s.isdigit() and len(s) in (5, 6) and not s.startswith("0"):
        return _from_serial(float(s))
    end_of_month = s.endswith("末")
    s = replace_eras(s.removesuffix("末").removesuffix("頃"))
    if m := _MONTH_DAY.fullmatch(s):  # 13/45 is a wrong month/day, not year 13
        return infer_year(int(m[1]), int(m[2]), reference)
    parts = _date_parts(s)
    if parts is None:
        raise DateError(f"'{text}' is not a date", "unknown_format")
    year, month, day = parts
    if month is None:
        raise DateError(f"'{text}' names no month and day", "incomplete")
    if year is not None:
        if year < 100 and s.count("/") == 2:
            year += 2000  # 21/6/12
        if not 1868 <= year <= 2200:
            raise DateError(f"year {year} in '{text}' is out of range", "impossible_date")
    if day is None:
        if not end_of_month or year is None:
            raise DateError(f"'{text}' names no day", "incomplete")
        make_date(year, month, 1)
        day = last_day(year, month)
    if year is None:
        return infer_year(month, day, reference)
    return make_date(year, month, day)


# ---------------------------------------------------------------------------------------------
# TIMEX-like normalised values (the datetime_cases.tsv convention of ja-timex)

_TX_BC_CENTURY = re.compile(r"紀元前(\d{1,2})世紀")
_TX_BC_YEAR = re.compile(r"紀元前(\d{1,4})年")
_TX_CENTURY = re.compile(r"(\d{1,2})世紀")
_TX_FISCAL = re.compile(r"(\d{4})年度")
_TX_QUARTER = re.compile(r"(?:(\d{4})年?)?(?:Q([1-4])|第([1-4])四半期)", re.I)
_TX_SEASON = re.compile(r"(\d{4})(?:年|/)?(春|夏|秋|冬)")
_TX_WEEKDAY = re.compile(r"\(?([月火水木金土日])(?:曜日|曜)?\)?")
_SEASONS = {"春": "SP", "夏": "SU", "秋": "FA", "冬": "WI"}
TIME_PREFIX = r"午前|午後|AM|PM|今朝|早朝|朝|今夜|深夜|夜|夕方|夕"
_TX_TIME = re.compile(
    rf"(?P<pre>{TIME_PREFIX})?"
    r"(?:(?P<h>\d{1,2})時(?:(?P<half>半)|(?P<m>\d{1,2})分)?(?:(?P<s>\d{1,2})秒)?"
    r"|(?P<m2>\d{1,2})分(?:(?P<s2>\d{1,2})秒)?"
    r"|(?P<s3>\d{1,2})秒"
    r"|(?P<a>\d{1,2}):(?P<b>\d{2})(?::(?P<c>\d{2}))?)"
    r"(?P<post>AM|PM)?",
    re.I,
)


def shift_hour(hour: int, marker: str | None, where: str) -> int:
    """Apply 午前/午後/AM/PM/夜 to a typed hour: 午後1時 → 13, 午前12時 → 0, 夜12時 → 24."""
    if not marker:
        return hour
    marker = marker.upper()
    if marker in ("午前", "AM"):
        if hour > 12:
            raise DateError(f"'{where}': {marker}{hour} is not a morning hour", "bad_time")
        return 0 if hour == 12 else hour
    if marker in ("午後", "PM"):
        if hour > 12:
            raise DateError(f"'{where}': {marker}{hour} is not an afternoon hour", "bad_time")
        return hour if hour == 12 else hour + 12
    if marker in ("夜", "今夜", "夕方", "夕"):
        return hour + 12 if hour <= 12 else hour
    return hour  # 朝, 今朝, 早朝, 深夜 keep the hour as written


@lru_cache(maxsize=8192)
def timex(text: str) -> str:
    """The TIMEX-like value of one date or time expression (ja-timex convention).

    ``2021年7月18日`` → ``2021-07-18``, ``7月18日`` → ``XXXX-07-18``, ``月曜日`` → ``XXXX-WXX-1``,
    ``23時59分`` → ``T23-59-XX``, ``2021年度`` → ``FY2021``, ``紀元前202年`` → ``BC0202``,
    ``1世紀`` → ``00XX``. Raises ``DateError`` for anything else.
    """
    s = fold_date_words(clean(text)).replace(" ", "")
    if s.startswith("(") and s.endswith(")") and s.count("(") == 1:
        s = s[1:-1]
    s = replace_eras(s.removeprefix("西暦"))
    if not s:
        raise DateError("empty", "unknown_format")
    if m := _TX_BC_CENTURY.fullmatch(s):
        return f"BC{int(m[1]) - 1:02d}XX"
    if m := _TX_BC_YEAR.fullmatch(s):
        return f"BC{int(m[1]):04d}"
    if m := _TX_CENTURY.fullmatch(s):
        return f"{int(m[1]) - 1:02d}XX"
    if m := _TX_FISCAL.fullmatch(s):
        return f"FY{m[1]}"
    if m := _TX_QUARTER.fullmatch(s):
        return f"{m[1] or 'XXXX'}-Q{m[2] or m[3]}"
    if m := _TX_SEASON.fullmatch(s):
        return f"{m[1]}-{_SEASONS[m[2]]}"
    if m := _TX_WEEKDAY.fullmatch(s):
        return f"XXXX-WXX-{WEEKDAY_CHARS.index(m[1]) + 1}"
    if m := _TX_TIME.fullmatch(s):
        return _timex_time(m, text)
    parts = _date_parts(s.removesuffix("末"))
    if parts is None:
        raise DateError(f"'{text}' is not a date or time", "unknown_format")
    year, month, day = parts
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"month {month} does not exist in '{text}'", "impossible_date")
    if day is not None and not 1 <= day <= 31:
        raise DateError(f"day {day} does not exist in '{text}'", "impossible_date")
    if year is not None and month is not None and day is not None:
        make_date(year, month, day)
    y = "XXXX" if year is None else f"{year:04d}"
    mo = "XX" if month is None else f"{month:02d}"
    d = "XX" if day is None else f"{day:02d}"
    return f"{y}-{mo}-{d}"


def _timex_time(m: re.Match[str], text: str) -> str:
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    if m["h"] is not None:
        hour = int(m["h"])
        minute = 30 if m["half"] else (int(m["m"]) if m["m"] else None)
        second = int(m["s"]) if m["s"] else None
    elif m["m2"] is not None:
        minute, second = int(m["m2"]), (int(m["s2"]) if m["s2"] else None)
    elif m["s3"] is not None:
        second = int(m["s3"])
    elif int(m["a"]) > 30 and m["c"] is None:
        minute, second = int(m["a"]), int(m["b"])  # 59:59 is minutes and seconds
    else:
        hour, minute = int(m["a"]), int(m["b"])
        second = int(m["c"]) if m["c"] else None
    if m["pre"] and m["post"]:
        raise DateError(f"'{text}' has two day-half markers", "bad_time")
    if hour is not None:
        hour = shift_hour(hour, m["pre"] or m["post"], text)
        if hour > 30:
            raise DateError(f"hour {hour} in '{text}' is out of range", "bad_time")
    if (minute is not None and minute > 59) or (second is not None and second > 59):
        raise DateError(f"'{text}' has minutes or seconds past 59", "bad_time")

    def two(v: int | None) -> str:
        return "XX" if v is None else f"{v:02d}"

    return f"T{two(hour)}-{two(minute)}-{two(second)}"


# ---------------------------------------------------------------------------------------------
# Hours windows

MORNING = (540, 720)  # 午前 09:00-12:00
AFTERNOON = (780, 1020)  # 午後 13:00-17:00
WHOLE_DAY = (540, 1020)  # 終日 09:00-17:00
EVENING = (1080, 1260)  # 夜間 18:00-21:00
END_OF_DAY = 1440


def _time_point(tag: str) -> str:
    """A regex for one typed clock time; groups are suffixed with ``tag``."""
    return (
        rf"(?:(?P<pre{tag}>午前|午後|AM|PM|朝|夜|夕方)\s*)?(?P<h{tag}>\d{{1,2}})\s*"
        rf"(?:[:.](?P<m{tag}>\d{{2}})|時\s*(?:(?P<half{tag}>半)|(?P<mm{tag}>\d{{1,2}})\s*分)?)?"
        rf"(?:\s*(?P<post{tag}>AM|PM)(?![a-z]))?"
    )


_TO = r"\s*(?:-|~|から|より|to)\s*"
_KEYWORDS: dict[str, tuple[int, int]] = {
    "午前中": MORNING, "午前": MORNING, "AM": MORNING,
    "午後": AFTERNOON, "PM": AFTERNOON,
    "終日": WHOLE_DAY, "全日": WHOLE_DAY, "一日": WHOLE_DAY, "日中": WHOLE_DAY, "フルタイム": WHOLE_DAY,
    "夜間": EVENING, "夕方": EVENING, "夜": EVENING,
}
_HOURS_TOKEN = re.compile(
    rf"(?P<range>{_time_point('a')}{_TO}{_time_point('b')}(?:まで|迄)?)"
    rf"|(?P<until>(?:(?:-|~)\s*{_time_point('c')}(?:まで|迄)?|{_time_point('d')}(?:まで|迄)))"
    rf"|(?P<since>{_time_point('e')}\s*(?:以降|以後|から|より|~|-)(?!\s*\d))"
    rf"|(?P<kw>{'|'.join(sorted(_KEYWORDS, key=len, reverse=True))})"
    r"|(?P<sep>[、,・/;&+()\[\]]|及び|および|または|又は|と|or)"
    r"|(?P<noise>のみ|頃|ごろ|程度|位|くらい|ぐらい|可能|可|希望|OK|勤務|で|の|間)",
    re.I,
)
_OPEN_PAREN = re.compile(r"\s*[(:]\s*")


def _minutes(m: re.Match[str], tag: str, text: str) -> tuple[int, bool]:
    """Minutes after midnight of one matched time point, and whether a day-half was written."""
    hour = int(m[f"h{tag}"])
    minute = int(m[f"m{tag}"] or m[f"mm{tag}"] or (30 if m[f"half{tag}"] else 0))
    marker = m[f"pre{tag}"] or m[f"post{tag}"]
    if m[f"pre{tag}"] and m[f"post{tag}"]:
        raise DateError(f"'{text}' has two day-half markers", "bad_time")
    hour = shift_hour(hour, marker, text)
    if minute > 59 or hour > 24 or (hour == 24 and minute):
        raise DateError(f"'{text}': {hour}:{minute:02d} is not a time of day", "bad_time")
    return hour * 60 + minute, bool(marker)


def _window(start: int, end: int, end_marked: bool, text: str) -> tuple[int, int]:
    if end <= start and not end_marked and end < 720 and end + 720 > start:
        end += 720  # 9時～5時 means until 17:00
    if end <= start:
        raise DateError(f"'{text}': the end is not after the start (overnight hours are not supported)", "bad_time")
    return start, end


def parse_hours(text: object) -> list[tuple[int, int]]:
    """Hours windows as (start, end) minutes after midnight, sorted; [] for empty text.

    ``9:00～12:00``, ``９時－１２時``, ``9時半~12時``, ``午前`` (09:00-12:00), ``午後`` (13:00-17:00),
    ``終日`` (09:00-17:00), ``夜間`` (18:00-21:00), ``午前・午後`` (two windows),
    ``9:00-12:00、13:00-17:00``, ``17時以降`` (until 24:00), ``12時まで`` (from 0:00).
    ``24:00`` is the end of the day (1440). Raises ``DateError`` for anything else.
    """
    key = clean(text)
    if not key:
        return []
    result = _hours(key)
    if isinstance(result, DateError):
        raise result.again()
    return list(result)


@lru_cache(maxsize=16384)
def _hours(text: str) -> tuple[tuple[int, int], ...] | DateError:
    try:
        return _scan_hours(text)
    except DateError as err:
        return err


def _scan_hours(text: str) -> tuple[tuple[int, int], ...]:
    windows: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while pos < n:
        if text[pos] == " ":
            pos += 1
            continue
        m = _HOURS_TOKEN.match(text, pos)
        if m is None:
            raise DateError(f"'{text}': cannot read hours at '{text[pos:pos + 12]}'", "unknown_format")
        if m["range"]:
            start, _ = _minutes(m, "a", text)
            end, marked = _minutes(m, "b", text)
            windows.append(_window(start, end, marked, text))
        elif m["until"]:
            end, _ = _minutes(m, "c" if m["hc"] else "d", text)
            windows.append(_window(0, end, True, text))
        elif m["since"]:
            start, _ = _minutes(m, "e", text)
            windows.append(_window(start, END_OF_DAY, True, text))
        elif m["kw"]:
            # 午前(9:30~12:00): the written times replace the keyword's default window.
            gap = _OPEN_PAREN.match(text, m.end())
            inner = _HOURS_TOKEN.match(text, gap.end()) if gap else None
            if inner is None or not inner["range"]:
                windows.append(_KEYWORDS[_keyword(m["kw"])])
        pos = m.end()
    if not windows:
        raise DateError(f"'{text}' names no hours", "unknown_format")
    return tuple(sorted(set(windows)))


def _keyword(word: str) -> str:
    upper = word.upper()
    return upper if upper in _KEYWORDS else word


def format_minutes(minutes: int) -> str:
    """``540`` → ``9:00``; 1440 is ``24:00``."""
    return f"{minutes // 60}:{minutes % 60:02d}"
