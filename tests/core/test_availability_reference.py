"""Rows registered on different days share one reading of their availability text when nothing in
the text tells the days apart (``schedule.availability_reference``): the reading with the shared
reference is the reading with the row's own, on every day of a common and a leap year."""

from __future__ import annotations

import datetime as dt

from desk.core import schedule
from desk.core.columns import suggest_mapping
from desk.core.demo import REGISTRANT_HEADERS, generate_registrants

TEXTS = ["6/12", "6月の土日", "6/12～6/27の土日", "1/5以降", "12月", "３/５(土)", "6月12日・13日", "平日", "隔週",
         "週3日 6/12以降", "平日 18時以降、6/12～6/30 終日", "2/29", "2月", "12/31", "1/1～1/3", "6/31", "2021/6/12",
         "R3.6.12～R3.7.1の土日", "6/30～6/12", "6/12、7/3、8/1", "毎週水曜 9/1まで", "土日 9時～12時", "12/25～1/5",
         "2/28～3/1", "要相談", "11月・12月の平日", "1/5以降、土日 終日"]
_MAPPING = suggest_mapping(REGISTRANT_HEADERS, "registrants").mapping
_FIELD = {f: h for h, f in _MAPPING.items()}["availability"]


def _reading(text: str, hours: str, reference: dt.date) -> object:
    try:
        return schedule.parse_availability(text, hours, reference=reference)
    except schedule.DateError as exc:
        return ("error", str(exc), exc.code)


def test_the_shared_reference_reads_every_text_as_the_rows_own_date() -> None:
    generated = sorted({r.get(_FIELD, "") for r in generate_registrants(1_500, seed=3, invalid_rate=0.1)})
    texts = TEXTS + [t for t in generated if any(ch.isdigit() for ch in t)][:40]
    days = [dt.date(2023, 1, 1) + dt.timedelta(days=k) for k in range(731)]  # 2023 and the leap year 2024
    shared = 0
    for text in texts:
        for hours in ("", "午前"):
            for day in days:
                ref = schedule.availability_reference(text, day)
                assert ref.year == day.year and ref <= day
                shared += ref != day
                assert _reading(text, hours, ref) == _reading(text, hours, day), (text, hours, day, ref)
    assert shared > len(texts) * 600  # most days share a reading with an earlier one
