"""Global search speed on a synthetic registry (100,000 registrants; DESK_BENCH_N to change).

Run: ``DESK_BENCH_N=10000 .venv/bin/pytest -q -m benchmark tests/benchmarks/test_bench_search.py``.
Figures go to tests/benchmarks/results.json under "search": per query, the registrant index
(desk.core.search_registry.find), the entry scan it replaced (desk.core.search.search_kind) and a
floor run side by side (one vectorised two-term mask over every row, as the filter keystroke's).
Wall-clock times are reported, never asserted: the index must answer as the scan does and beat it
at least 10 times over all the queries.
"""

from __future__ import annotations

import random
import statistics
import time

import jaconv
import numpy as np
import pytest

from desk.core.search import make_entry, read_query, search_kind
from desk.core.search_registry import build, find
from tests.benchmarks.results import bench_n, record
from tests.benchmarks.test_bench_rank import GIVEN, SURNAMES

pytestmark = pytest.mark.benchmark
N = bench_n()
QUERIES = {"kanji name": "中村 花子", "kana": "なかむら はなこ", "romaji typo": "nakamra hanako", "surname": "中村",
           "phone": "090-1234-0077", "phone +81": "+81 90 1234 0077", "phone part": "1234-0077",
           "email": "nakamura77@example.jp", "ID": "R0000077", "ID part": "R00000", "digits": "0077", "one char": "山",
           "no match": "zzqqxx"}


def registry(n: int, seed: int = 3) -> list[tuple[str, str, str, str, str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        (s, sk), (g, gk) = rng.choice(SURNAMES), rng.choice(GIVEN)
        if i == 77:
            (s, sk), (g, gk) = ("中村", "なかむら"), ("花子", "はなこ")
        phone = f"0{rng.choice([70, 80, 90])}-{rng.randrange(10000):04d}-{rng.randrange(10000):04d}"
        rows.append((f"R{i:07d}", f"{s} {g}", jaconv.hira2kata(f"{sk} {gk}"),
                     "090-1234-0077" if i == 77 else phone, f"{jaconv.kana2alphabet(sk)}{i % 1000}@example.jp"))
    return rows


def _ms(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def test_search_index_against_the_scan_and_a_floor() -> None:
    rows = registry(N)
    t = time.perf_counter()
    entries = [make_entry("registrant", i + 1, src, name, "", registrant_id=i + 1, names=(name, kana), phones=(phone,),
                          emails=(email,)) for i, (src, name, kana, phone, email) in enumerate(rows)]
    entries_s = time.perf_counter() - t
    t = time.perf_counter()
    index = build(list(range(1, N + 1)), *(list(c) for c in zip(*rows, strict=True)))
    build_s = time.perf_counter() - t
    rng = np.random.default_rng(0)
    codes, flags = rng.integers(0, 1900, N), rng.random(N) < 0.3

    def floor() -> None:
        _ = np.flatnonzero((codes == 1234) & flags)

    figures: dict[str, dict[str, float]] = {}
    for label, text in QUERIES.items():
        q = read_query(text)
        found = find(index, q)
        hits, count = search_kind(entries, q, "registrant")
        assert [(i, *h) for i, h in zip(found.ids, found.hits, strict=True)] == \
            [(h.entry.id, h.exact, h.field, h.rank) for h in hits], label
        assert found.count == count, label
        figures[label] = {"index_ms": round(_ms(lambda q=q: find(index, q), 5), 3),
                          "floor_ms": round(_ms(floor, 5), 3),
                          "scan_ms": round(_ms(lambda q=q: search_kind(entries, q, "registrant"), 1), 1),
                          "hits": count}
    index_ms = sum(f["index_ms"] for f in figures.values())
    scan_ms = sum(f["scan_ms"] for f in figures.values())
    floor_ms = sum(f["floor_ms"] for f in figures.values())
    record("search", {"n": N, "entries_build_s": round(entries_s, 2), "index_build_s": round(build_s, 2),
                      "queries": figures, "index_total_ms": round(index_ms, 2), "scan_total_ms": round(scan_ms, 1),
                      "floor_total_ms": round(floor_ms, 2), "index_vs_floor": round(index_ms / floor_ms, 2),
                      "scan_vs_index": round(scan_ms / index_ms, 1)})
    assert scan_ms / index_ms >= 10
