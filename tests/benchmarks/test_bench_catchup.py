"""Catching the registry index up after registrants changed, beside building it again (issue 17).

A synthetic registry (100,000 registrants; DESK_BENCH_N to change) is built once and packed as the
local cache keeps it; then 1, 1,000 and 20,000 registrants change and the index is caught up
(desk.core.registry_merge.merge of a delta built from the changed records) and, as the reference,
built again from every record (what the ranking service did before). Figures go to
tests/benchmarks/results.json under "catchup". Times are reported, never asserted; the merged index
must equal the fresh build and one changed registrant must be caught up at least 10 times faster.
"""

from __future__ import annotations

import dataclasses
import random
import time

import numpy as np
import pytest

from desk.core.record_store import PackedRecords, pack_records
from desk.core.registry_index import RegistryIndex
from desk.core.registry_merge import merge
from tests.benchmarks.results import bench_n, record
from tests.benchmarks.test_bench_rank import NOTES, synthetic_registry

pytestmark = pytest.mark.benchmark
N = bench_n()


def _packed(index: RegistryIndex) -> RegistryIndex:
    blob, offsets = pack_records(index.records)
    return dataclasses.replace(index, records=PackedRecords(blob, offsets, index.row_ids, index.no_shows, index.late),
                               cache={})


def test_catch_up_against_a_full_build() -> None:
    records, bookings, _ = synthetic_registry(N)
    base = _packed(RegistryIndex.build(records, bookings))
    rng = random.Random(5)
    figures: dict[str, float] = {"n": N}
    for changed in (1, 1000, 20000):
        k = min(changed, N)
        picked = sorted(rng.sample(range(N), k))
        now = list(records)
        for i in picked:
            now[i] = dataclasses.replace(now[i], notes=rng.choice(NOTES) + " 追記", state=rng.choice(("active", "paused")))
        changed_ids = {now[i].row_id for i in picked}
        start = time.perf_counter()
        delta = RegistryIndex.build([now[i] for i in picked], [b for b in bookings if b.row_id in changed_ids])
        merged = merge(base, delta, np.fromiter(changed_ids, dtype=np.int64))
        caught = time.perf_counter() - start
        start = time.perf_counter()
        fresh = RegistryIndex.build(now, bookings)
        full = time.perf_counter() - start
        for name in ("row_ids", "source_rank", "state", "term_reg", "term_id", "book_reg", "rule_reg", "area_code"):
            assert np.array_equal(getattr(merged, name), getattr(fresh, name)), name
        assert merged.term_vocab == fresh.term_vocab
        assert [merged.records[i] for i in picked[:50]] == [fresh.records[i] for i in picked[:50]]
        figures[f"caught_up_{changed}_s"] = round(caught, 4)
        figures[f"full_build_{changed}_s"] = round(full, 4)
        if changed == 1:
            assert full / caught >= 10, (caught, full)
    record("catchup", figures)
