"""Posting slots and registrant availability from the day and hours text people type.

Postings: ``2021/6/12, 6/13, 6/19``, ``6/12～6/27の土日``, ``6月12日(土)・13日(日)``,
``令和3年6月12日～7月31日の毎週水曜``, ``6/12～6/30 平日``, ``6/1-6/30 月水金`` become ``Slot`` rows.
Registrants: ``土日祝``, ``平日``, ``毎週水曜``, ``6月中の土日``, ``いつでも``, ``要相談`` become availability
rules in the shape of docs/CONTRACTS.md::

    {"from": "YYYY-MM-DD" | None, "to": "YYYY-MM-DD" | None, "days": int, "start": int, "end": int}

Parsing is cached on the (cleaned) text; cached values are tuples, the public functions build fresh
lists and dicts from them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from desk.core.date_words import split_frequency
from desk.core.dates import (
    END_OF_DAY,
    WEEKDAY_CHARS,
    DateError,
    check_weekday,
    format_minutes,
    infer_year,
    is_holiday,
    last_day,
    make_date,
    parse_hours,
    year_by_weekday,
)
from desk.core.schedule_tokens import Token, tokens
from desk.core.text import clean

__all__ = [
    "WEEKDAY_BITS", "ALL_WEEKDAYS", "HOLIDAY_BIT", "NO_HOLIDAY_BIT", "EVERY_DAY", "WEEKDAYS_ONLY",
    "POSTING_DEFAULT_HOURS", "MAX_SLOTS", "Slot", "posting_slots", "parse_availability", "covers",
    "day_matches", "describe_availability", "is_holiday",
]

#: Bit of each weekday, indexed by ``date.weekday()`` (Monday 0 … Sunday 6).
WEEKDAY_BITS: tuple[int, ...] = (1, 2, 4, 8, 16, 32, 64)
ALL_WEEKDAYS = 127
HOLIDAY_BIT = 128  # public holidays too (土日祝)
NO_HOLIDAY_BIT = 256  # not on public holidays (平日)
EVERY_DAY = ALL_WEEKDAYS | HOLIDAY_BIT
WEEKDAYS_ONLY = 31 | NO_HOLIDAY_BIT
WEEKEND = 96
POSTING_DEFAULT_HOURS = (540, 1020)  # a posting with dates but no hours: 09:00-17:00
MAX_SLOTS = 400
_MAX_RANGE_DAYS = 800


def _to_time(minutes: int) -> dt.time:
    return dt.time.max if minutes >= END_OF_DAY else dt.time(minutes // 60, minutes % 60)


def _to_minutes(t: dt.time) -> int:
    return END_OF_DAY if t == dt.time.max else t.hour * 60 + t.minute


@dataclass(frozen=True, order=True, slots=True)
class Slot:
    """One working window of a posting. An ``end`` of ``time.max`` stands for 24:00."""

    date: dt.date
    start: dt.time
    end: dt.time

    @classmethod
    def from_minutes(cls, day: dt.date, start: int, end: int) -> Slot:
        return cls(day, _to_time(start), _to_time(end))

    @property
    def start_min(self) -> int:
        return _to_minutes(self.start)

    @property
    def end_min(self) -> int:
        return _to_minutes(self.end)


def day_matches(days: int, d: dt.date) -> bool:
    """The contract's day test: on a public holiday bit 8 says no, else bit 7 yes, else the weekday."""
    if days & (HOLIDAY_BIT | NO_HOLIDAY_BIT) and is_holiday(d):
        if days & NO_HOLIDAY_BIT:
            return False
        if days & HOLIDAY_BIT:
            return True
    return bool(days & WEEKDAY_BITS[d.weekday()])


# ---------------------------------------------------------------------------------------------
# Lexing day text

_HOURS_START = re.compile(r"(?<![\d/.])\d{1,2}\s*(?::\d{2}|時)|午前|午後|終日|夜間|日中|夕方|(?<![a-z])[AP]M(?![a-z])", re.I)


@dataclass(frozen=True, slots=True)
class _Point:
    lo: dt.date
    hi: dt.date
    single: bool  # a single date (not a month or part of one)


@dataclass(slots=True)
class _Item:
    lo: dt.date | None
    hi: dt.date | None
    single: bool


@dataclass(slots=True)
class _Parsed:
    items: list[_Item]
    days: int  # 0 when no weekday words were given
    unknown: bool  # 要相談 and the like


def _month_span(year: int, month: int, part: str | None) -> tuple[dt.date, dt.date]:
    end = last_day(year, month)
    lo, hi = {
        "上旬": (1, 10), "初旬": (1, 10), "初め": (1, 10), "頭": (1, 10), "中旬": (11, 20),
        "下旬": (21, end), "末": (end, end), "月末": (end, end),
    }.get(part or "", (1, end))
    return make_date(year, month, lo), make_date(year, month, hi)


def _month_after(month: int, after: dt.date) -> int:
    """The year of the month that has not ended by ``after``."""
    if not 1 <= month <= 12:
        raise DateError(f"month {month} does not exist", "impossible_date")
    year = after.year
    return year if dt.date(year, month, last_day(year, month)) >= after else year + 1


def _combine_days(pos: int, neg: int) -> int:
    if neg and not pos & EVERY_DAY:
        pos |= EVERY_DAY
    days = pos & ~neg
    if neg & HOLIDAY_BIT:
        days = (days & ~HOLIDAY_BIT) | NO_HOLIDAY_BIT
    if days & HOLIDAY_BIT:
        days &= ~NO_HOLIDAY_BIT
    return days


def _lex_days(text: str, reference: dt.date) -> _Parsed:  # noqa: C901 - one pass over the tokens
    items: list[_Item] = []
    pos_days = neg_days = run = 0
    unknown = False
    last_point: _Point | None = None
    anchor: dt.date | None = None  # the last date written with its year
    prev = ""  # kind of the last significant token
    prev_kind = ""  # which kind of date the last point was (md: written without a year)
    range_from: _Item | None = None
    pending_range = False
    for tok in tokens(text):
        kind, word = tok[0], tok[1]
        if not kind:
            raise DateError(word, "unknown_format")
        if kind in ("ymd", "ym", "md", "mon", "day", "num"):
            after = range_from.lo if pending_range and range_from and range_from.lo else (anchor or reference)
            point = _point(tok, after, last_point, text)
            if kind in ("ymd", "ym"):
                anchor = point.lo
            if pending_range:
                if range_from is None:
                    items.append(_Item(None, point.hi, False))
                else:
                    if range_from.lo and (
                        point.hi < range_from.lo
                        # 6/30～6/12 is a slip, not a year: only New Year may carry a range over
                        or (kind in ("md", "mon") and (point.hi - range_from.lo).days > 300)
                    ):
                        raise DateError(f"'{text}': the range ends before it starts", "impossible_date")
                    range_from.hi, range_from.single = point.hi, False
                pending_range = False
            else:
                items.append(_Item(point.lo, point.hi, point.single))
            last_point, prev, run, prev_kind = point, "point", 0, kind
        elif kind == "note":
            if prev != "point" or last_point is None:
                raise DateError(f"'{text}': a weekday note '{word}' without a date", "unknown_format")
            if last_point.single and prev_kind == "md" and items and items[-1].lo == last_point.lo:
                # No year written: the weekday decides it (3/5(土) is the next 3/5 on a Saturday).
                moved = year_by_weekday(last_point.lo, word, text)
                if moved != last_point.lo:
                    last_point = _Point(moved, moved, True)
                    items[-1].lo = items[-1].hi = moved
            if last_point.single:
                check_weekday(last_point.lo, word, text)
        elif kind == "range":
            range_from = items[-1] if prev == "point" else None
            pending_range, prev = True, "range"
        elif kind == "since":
            if prev != "point":
                raise DateError(f"'{text}': '{word}' without a date", "unknown_format")
            items[-1].hi, items[-1].single, prev = None, False, "since"
        elif kind == "until":
            if prev == "point" and not (range_from is not None and range_from is items[-1]):
                items[-1].lo, items[-1].single = None, False
            prev = "until"
        elif kind in ("weekdays", "weekend", "dayoff", "holiday", "wd", "all"):
            bits = _DAY_WORDS.get(kind) or _DAY_WORDS.get(tok[5] or "", 0)
            run |= bits
            pos_days |= bits
            prev = "days"
        elif kind == "exc":
            if run == 0:
                raise DateError(f"'{text}': '{word}' without the days it excludes", "unknown_format")
            neg_days |= run
            pos_days &= ~run
            run, prev = 0, "exc"
        elif kind == "unknown":
            unknown = True
        elif kind == "unsupported":
            raise DateError(f"'{text}': '{word}' patterns are not supported; write the dates", "unsupported")
        elif kind == "brk":
            run, prev = 0, "sep"
        elif kind == "sep":
            prev = "sep" if prev != "days" else prev
        # noise: nothing
    if pending_range:
        if range_from is None:
            raise DateError(f"'{text}': a range with no dates", "unknown_format")
        range_from.hi, range_from.single = None, False
    days = _combine_days(pos_days, neg_days) if (pos_days or neg_days) else 0
    if (pos_days or neg_days) and not days & EVERY_DAY:
        raise DateError(f"'{text}': no day is left after the exclusions", "unknown_format")
    return _Parsed(items, days, unknown)


_DAY_WORDS: dict[str, int] = {
    "weekdays": WEEKDAYS_ONLY, "weekend": WEEKEND, "dayoff": WEEKEND | HOLIDAY_BIT,
    "holiday": HOLIDAY_BIT, "all": EVERY_DAY,
    **{ch: WEEKDAY_BITS[i] for i, ch in enumerate(WEEKDAY_CHARS)},
}


def _point(tok: Token, after: dt.date, last: _Point | None, text: str) -> _Point:
    kind, word, year, month, day, part = tok
    if kind == "ymd":
        d = make_date(year, month, day)
        return _Point(d, d, True)
    if kind == "ym":
        lo, hi = _month_span(year, month, part)
        return _Point(lo, hi, False)
    if kind == "md":
        d = infer_year(month, day, after)
        return _Point(d, d, True)
    if kind == "mon":
        lo, hi = _month_span(_month_after(month, after), month, part)
        return _Point(lo, hi, False)
    # A day number continues the month of the date before it: 6月12日・13日, 6/12～27.
    if last is None:
        raise DateError(f"'{text}': day {word} without a month", "incomplete")
    year, month = last.hi.year, last.hi.month
    if day < last.hi.day:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    d = make_date(year, month, day)
    return _Point(d, d, True)


def _split_hours(text: str) -> tuple[str, str]:
    """Day text and the hours written after it: ``土日 9時～12時`` → (``土日``, ``9時～12時``)."""
    m = _HOURS_START.search(text)
    return (text, "") if m is None else (text[: m.start()].strip(), text[m.start():].strip())


def _windows(hours_text: str, embedded: str) -> tuple[tuple[int, int], ...]:
    return tuple(parse_hours(hours_text or embedded))


# ---------------------------------------------------------------------------------------------
# Postings

def posting_slots(
    dates_text: object, hours_text: object = "", *, reference: dt.date, max_slots: int = MAX_SLOTS
) -> list[Slot]:
    """The posting's slots, sorted: one per day and hours window (09:00-17:00 when no hours).

    ``dates_text`` may also be a date from a spreadsheet cell. Raises ``DateError`` for text that
    names no dates, a weekday pattern without a date range (code ``no_range``), open-ended ranges
    and more than ``max_slots`` slots (code ``too_many_slots``).
    """
    if isinstance(dates_text, dt.datetime):
        dates_text = dates_text.date()
    if isinstance(dates_text, dt.date):
        dates_text = dates_text.isoformat()
    result = _posting_slots(clean(dates_text), clean(hours_text), reference, max_slots)
    if isinstance(result, DateError):
        raise result.again()
    return list(result)


@lru_cache(maxsize=8192)
def _posting_slots(dates: str, hours: str, reference: dt.date, max_slots: int) -> tuple[Slot, ...] | DateError:
    try:
        return _build_slots(dates, hours, reference, max_slots)
    except DateError as err:
        return err


def _build_slots(dates: str, hours: str, reference: dt.date, max_slots: int) -> tuple[Slot, ...]:
    day_text, embedded = _split_hours(dates)
    if not day_text:
        raise DateError("no dates", "unknown_format")
    parsed = _lex_days(day_text, reference)
    if parsed.unknown:
        raise DateError(f"'{dates}': the dates are not decided", "incomplete")
    if not parsed.items:
        if parsed.days:
            raise DateError(f"'{dates}': a weekday pattern needs a date range for a posting", "no_range")
        raise DateError(f"'{dates}': no dates", "unknown_format")
    windows = _windows(hours, embedded) or (POSTING_DEFAULT_HOURS,)
    days: set[dt.date] = set()
    for item in parsed.items:
        if item.lo is None or item.hi is None:
            raise DateError(f"'{dates}': a range without a start or an end", "no_range")
        span = (item.hi - item.lo).days
        if span > _MAX_RANGE_DAYS:
            raise DateError(f"'{dates}': a range of {span} days", "too_many_slots")
        for k in range(span + 1):
            d = item.lo + dt.timedelta(days=k)
            if item.single or not parsed.days or day_matches(parsed.days, d):
                days.add(d)
    count = len(days) * len(windows)
    if count > max_slots:
        raise DateError(f"'{dates}': {count} slots, more than {max_slots}", "too_many_slots")
    return tuple(sorted(Slot.from_minutes(d, s, e) for d in days for s, e in windows))


# ---------------------------------------------------------------------------------------------
# Registrant availability

_WHOLE_DAY_HOURS = frozenset({"終日", "全日", "一日", "一日中", "いつでも", "何時でも", "時間問わず", "問わず", "不問"})
Rule = tuple[str | None, str | None, int, int, int]


def parse_availability(days_text: object, hours_text: object = "", *, reference: dt.date) -> list[dict[str, Any]]:
    """Availability rules (docs/CONTRACTS.md) from the registrant's day and hours text.

    ``要相談`` and empty text give [] (not stated). A frequency (``週3日``, ``月2回程度``) is not a day
    pattern: it is left out here (``date_words.stated_frequency`` reads it) and the rest is read. Hours apply to every rule; several hours windows
    give one rule per window; ``終日`` for a registrant means the whole day (0-1440). Raises
    ``DateError`` with the reason for text it cannot read.
    """
    result = _availability(clean(days_text), clean(hours_text), reference)
    if isinstance(result, DateError):
        raise result.again()
    return [{"from": f, "to": t, "days": d, "start": s, "end": e} for f, t, d, s, e in result]


@lru_cache(maxsize=65536)
def _availability(days: str, hours: str, reference: dt.date) -> tuple[Rule, ...] | DateError:
    # 週3日 / 月2回程度 is a stated frequency (date_words.stated_frequency), not days: read the rest.
    frequency, rest = split_frequency(days)
    if frequency is not None:
        days = rest
    try:
        return _build_rules(days, hours, reference)
    except DateError as err:
        if re.search(r"[、,;]", days) and len(_HOURS_START.findall(days)) > 1:
            # 平日 18時以降、土日 終日: each clause carries its own hours.
            try:
                return tuple(r for part in re.split(r"[、,;]", days) if part.strip()
                             for r in _build_rules(part.strip(), hours, reference))
            except DateError:
                pass
        return err


def _build_rules(days_text: str, hours_text: str, reference: dt.date) -> tuple[Rule, ...]:
    day_text, embedded = _split_hours(days_text)
    hours = hours_text or embedded
    if not day_text and not hours:
        return ()
    if hours.replace(" ", "") in _WHOLE_DAY_HOURS:
        windows: tuple[tuple[int, int], ...] = ((0, END_OF_DAY),)
    else:
        windows = tuple(parse_hours(hours)) or ((0, END_OF_DAY),)
    if not day_text:
        days_rules: tuple[tuple[str | None, str | None, int], ...] | None = ((None, None, EVERY_DAY),)
    else:
        found = _day_rules(day_text, reference)
        if isinstance(found, DateError):
            raise found.again()
        if found == ():
            raise DateError(f"'{days_text}': no days", "unknown_format")
        days_rules = found
    if days_rules is None:
        return ()
    return tuple((f, t, d, s, e) for f, t, d in days_rules for s, e in windows)


def _day_rules(day_text: str, reference: dt.date) -> tuple[tuple[str | None, str | None, int], ...] | None | DateError:
    """(from, to, days) of the day text; None for 要相談 alone, () for text that names no days."""
    return _day_rules_at(day_text, _same_reading_reference(day_text, reference))


@lru_cache(maxsize=65536)
def _turns(day_text: str, year: int) -> tuple[tuple[int, int], ...]:
    """The (month, day)s at which the reading of ``day_text`` may change as its reference date
    passes them in ``year``: the reference only places a date without a year (6/12: this year's or
    next year's?) or a month (8月: the one not ended yet), by comparing itself with them."""
    found = {(month, day) for kind, _w, _y, month, day, _p in tokens(day_text)
             if kind == "md" and 1 <= month <= 12 and 1 <= day <= 31}
    found.update((month, last_day(year, month)) for kind, _w, _y, month, _d, _p in tokens(day_text)
                 if kind == "mon" and 1 <= month <= 12)
    return tuple(sorted(found))


def _same_reading_reference(day_text: str, reference: dt.date) -> dt.date:
    """The first day of ``reference``'s year that reads ``day_text`` exactly as ``reference`` does
    (the same year, on the same side of every turn): registrants registered on different days share
    one reading."""
    return _first_alike(_turns(day_text, reference.year), reference)


@lru_cache(maxsize=65536)
def availability_reference(days_text: str, reference: dt.date) -> dt.date:
    """A reference date with which ``parse_availability(days_text, hours, reference=...)`` gives
    what ``reference`` gives, for any hours: the first day of its year on the same side of every
    turn of every day text the reading may look at (a day text's reading depends on the reference
    only through ``_same_reading_reference``, which two dates on the same side of a superset of its
    turns share). Keyed on it, rows registered on different days share one reading."""
    try:
        turns = _availability_turns(clean(days_text), reference.year)
    except Exception:  # noqa: BLE001 - a text its reading never gets to: the reference as it is (always right)
        return reference
    return _first_alike(turns, reference)


@lru_cache(maxsize=16384)
def _availability_turns(days: str, year: int) -> tuple[tuple[int, int], ...]:
    """The turns of every day text ``_availability(days, ...)`` may read: the whole text's and each
    clause's (the fallback for 平日 18時以降、土日 終日), hours split off as ``_build_rules`` does."""
    frequency, rest = split_frequency(days)
    if frequency is not None:
        days = rest
    texts = {_split_hours(days)[0]}
    texts.update(_split_hours(part.strip())[0] for part in re.split(r"[、,;]", days) if part.strip())
    return tuple(sorted({turn for text in texts if text for turn in _turns(text, year)}))


def _first_alike(turns: tuple[tuple[int, int], ...], reference: dt.date) -> dt.date:
    """The first day of ``reference``'s year on the same side of each of ``turns`` (sorted)."""
    passed = bisect.bisect_left(turns, (reference.month, reference.day))
    if not passed:
        return dt.date(reference.year, 1, 1)
    month, day = turns[passed - 1]
    return dt.date(reference.year, month, min(day, last_day(reference.year, month))) + dt.timedelta(days=1)


@lru_cache(maxsize=65536)
def _day_rules_at(day_text: str, reference: dt.date) -> tuple[tuple[str | None, str | None, int], ...] | None | DateError:
    """``_day_rules`` read once per text and reference (the hours combine with them many ways)."""
    try:
        parsed = _lex_days(day_text, reference)
    except DateError as err:
        return err
    if not parsed.items and not parsed.days:
        return None if parsed.unknown else ()
    if not parsed.items:
        return ((None, None, parsed.days),)
    return tuple(
        (
            item.lo.isoformat() if item.lo else None,
            item.hi.isoformat() if item.hi else None,
            EVERY_DAY if item.single or not parsed.days else parsed.days,
        )
        for item in parsed.items
    )


def covers(rules: Iterable[Mapping[str, Any]], d: dt.date, start_min: int, end_min: int) -> bool:
    """Whether any rule covers the slot (d, start_min, end_min); see docs/CONTRACTS.md."""
    iso = d.isoformat()
    for rule in rules:
        lo, hi = rule.get("from"), rule.get("to")
        if (lo and iso < lo) or (hi and iso > hi):
            continue
        if not (rule.get("start", 0) <= start_min and end_min <= rule.get("end", END_OF_DAY)):
            continue
        if day_matches(int(rule.get("days", EVERY_DAY)), d):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Short summaries for sheets and the UI

_DAY_NAMES = {WEEKDAYS_ONLY: "平日", WEEKEND: "土日", WEEKEND | HOLIDAY_BIT: "土日祝", HOLIDAY_BIT: "祝日"}


def describe_days(days: int) -> str:
    """``96|128`` → ``土日祝``; ``31|256`` → ``平日``; every day → ``毎日``."""
    if days & ALL_WEEKDAYS == ALL_WEEKDAYS and not days & NO_HOLIDAY_BIT:
        return "毎日"
    if days in _DAY_NAMES:
        return _DAY_NAMES[days]
    text = "".join(ch for i, ch in enumerate(WEEKDAY_CHARS) if days & WEEKDAY_BITS[i])
    if len(text) == 1:
        text += "曜"
    if days & HOLIDAY_BIT:
        text += "祝"
    if days & NO_HOLIDAY_BIT:
        text += "(祝日除く)"
    return text


def _short_date(iso: str, full: bool) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.year}/{d.month}/{d.day}" if full else f"{d.month}/{d.day}"


def describe_availability(rules: Iterable[Mapping[str, Any]]) -> str:
    """A short Japanese summary: ``土日祝 9:00-17:00``, ``6/12～6/30 土日``, ``6/12、6/19``.

    Rules that differ only in hours are shown once with their windows (``9:00-12:00/13:00-17:00``).
    An empty list gives '' (not stated: the caller chooses the words).
    """
    groups: dict[tuple[str | None, str | None, int], list[tuple[int, int]]] = {}
    for rule in rules:
        key = (rule.get("from"), rule.get("to"), int(rule.get("days", EVERY_DAY)))
        groups.setdefault(key, []).append((int(rule.get("start", 0)), int(rule.get("end", END_OF_DAY))))
    out: list[str] = []
    for (lo, hi, days), windows in groups.items():
        words: list[str] = []
        full = bool(lo and hi and lo[:4] != hi[:4])
        if lo and hi and lo == hi:
            words.append(_short_date(lo, full))
        elif lo or hi:
            words.append(f"{_short_date(lo, full) if lo else ''}～{_short_date(hi, full) if hi else ''}")
        every = days & ALL_WEEKDAYS == ALL_WEEKDAYS and not days & NO_HOLIDAY_BIT
        if not every or not words:
            words.append(describe_days(days) if not every else "いつでも")
        hours = "/".join(
            f"{format_minutes(s)}-{format_minutes(e)}" for s, e in sorted(set(windows)) if (s, e) != (0, END_OF_DAY)
        )
        if hours:
            words.append(hours)
        out.append(" ".join(words))
    return "、".join(out)
