"""A 20-candidate candidate sheet: median render time, from plain data and from the store.

Run: ``.venv/bin/python -m pytest -m benchmark tests/benchmarks/test_bench_sheet.py -s``.
Figures go to tests/benchmarks/results.json under "sheet". Target: at most 300 ms (median) for a
20-candidate sheet. The first sheet of a process also parses the font (~0.1 s): reported apart.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from desk.store.models import Posting, PostingSlot, Registrant
from tests.benchmarks.results import record

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "print"))
from sheet_samples import make_candidates, make_posting  # noqa: E402

pytestmark = pytest.mark.benchmark
RUNS = 15


def _median_ms(fn, runs: int = RUNS) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 1), round(max(times), 1)


def test_bench_sheet(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    from desk.print import PrintContext, SheetInput, render_pdf, render_sheet

    ctx = PrintContext(coordinator="山﨑 德子", printed_at=dt.datetime(2021, 6, 10, 14, 5))
    sheet = SheetInput(make_posting(0, masked=True), make_candidates(20), excluded=12)
    t = time.perf_counter()
    first = render_pdf(sheet, "coordinator", ctx)
    first_ms = round((time.perf_counter() - t) * 1000, 1)
    pages = len(PdfReader(io.BytesIO(first)).pages)
    data_median, data_max = _median_ms(lambda: render_pdf(sheet, "coordinator", ctx))
    public_median, _ = _median_ms(lambda: render_pdf(SheetInput(sheet.posting), "public", ctx))

    n = 2000
    with sqlite_db.session() as s:
        posting = Posting(source_id="B-1", occupation="nurse", headcount=3, pref_code="14", muni_code="14109",
                          prefecture="神奈川県", city="横浜市港北区", venue_name="新横浜スポーツ会館", masked=True)
        posting.slots = [PostingSlot(date=dt.date(2021, 6, 12) + dt.timedelta(days=7 * k), start=dt.time(9),
                                     end=dt.time(12)) for k in range(4)]
        s.add(posting)
        s.add_all(Registrant(source_id=f"R-{i}", name=f"看護 {i}", name_kana="カンゴ", occupation="nurse",
                             home_pref_code="14", home_muni_code="14109" if i % 3 else "14100",
                             home_prefecture="神奈川県", home_city="横浜市港北区", phone=f"090-0000-{i:04d}",
                             availability=[{"from": None, "to": None, "days": 96 | 128, "start": 540, "end": 1020}])
                  for i in range(n))
    render_sheet(sqlite_db, "B-1", coordinator="bench", top=20)  # builds and caches the ranking index
    store_median, store_max = _median_ms(lambda: render_sheet(sqlite_db, "B-1", coordinator="bench", top=20))

    figures = {
        "candidates": 20,
        "pages": pages,
        "first_sheet_in_process_ms": first_ms,
        "from_data_median_ms": data_median,
        "from_data_max_ms": data_max,
        "public_sheet_median_ms": public_median,
        "from_store_median_ms": store_median,
        "from_store_max_ms": store_max,
        "store_registrants": n,
        "runs": RUNS,
        "target_median_ms": 300,
    }
    record("sheet", figures)
    print("\nsheet:", figures)
    assert pages <= 3
