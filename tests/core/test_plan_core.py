"""The plan's core: the batch ranking equals one-at-a-time ranking, per-slot availability follows
the schedule rule, and the model forbids what the placement rules forbid."""

from __future__ import annotations

import datetime as dt

from desk.core.plan import (
    Board,
    Busy,
    Choice,
    Need,
    OpenSlot,
    absorb,
    build_model,
    greedy,
    span_of,
    violations,
)
from desk.core.plan_rank import free_slots, rank_many
from desk.core.ranking import rank
from desk.core.registry_index import RegistryIndex
from desk.core.schedule import covers
from desk.settings import DEFAULT_WEIGHTS
from tests.benchmarks.test_bench_rank import synthetic_postings, synthetic_registry

SAT = dt.date(2021, 6, 19)


def test_batch_ranking_heads_equal_the_full_rankings_and_slots_follow_the_rules() -> None:
    records, bookings, munis = synthetic_registry(3000, seed=3)
    index = RegistryIndex.build(records, bookings)
    postings = synthetic_postings(25, munis, seed=4)
    for p, r in zip(postings, rank_many(index, postings, DEFAULT_WEIGHTS, top=15), strict=True):
        full = rank(index, p, DEFAULT_WEIGHTS)
        assert list(r.rows) == [int(i) for i in full.order[:15]], p.source_id
        assert min(15, len(full.order)) <= r.total <= len(full.order)  # counted on the pool ranked
        for row in r.rows[:5]:
            rec = records[row]
            for (d, s, e), ok in zip(p.slots, free_slots(index, row, p.slots, p.posting_id), strict=True):
                booked = any(b.row_id == rec.row_id and b.date == d and b.start < e and s < b.end
                             and b.posting_id != p.posting_id for b in bookings)
                assert ok == ((not rec.availability or covers(rec.availability, d, s, e)) and not booked)


def _need(posting: str, pref: str, slots: list[OpenSlot], rows: list[int]) -> Need:
    ids = frozenset(s.slot_id for s in slots)
    return Need(posting, 0, pref, tuple(slots), tuple(Choice(f"R{r}", r, 0.5, k + 1, ids) for k, r in enumerate(rows)))


def test_overlap_travel_week_cap_and_existing_bookings() -> None:
    needs = (
        _need("A", "14", [OpenSlot(1, SAT, 540, 720, 1)], [1, 2]),
        _need("B", "14", [OpenSlot(2, SAT, 600, 780, 1)], [1]),  # overlaps A for R1
        _need("C", "22", [OpenSlot(3, SAT, 750, 900, 1)], [2]),  # 30 min after A, another prefecture
        _need("D", "14", [OpenSlot(4, SAT + dt.timedelta(days=1), 540, 720, 1)], [3]),
    )
    board = Board(needs, {3: (Busy(span_of(SAT + dt.timedelta(days=1), 600, 660), "14"),)}, max_per_week=3)
    model = build_model(board)
    assert not any(v.need == 3 for v in model.vars)  # R3 is booked over D's slot
    plan = greedy(model)
    assert violations(model, plan) == []
    chosen = {(needs[model.vars[v].need].posting, model.vars[v].row) for v in plan}
    assert chosen == {("A", 1), ("C", 2)}  # greedy: R1 to A (so B stays empty), R2 to C
    var = {(needs[x.need].posting, x.row): v for v, x in enumerate(model.vars)}
    assert violations(model, [var[("A", 2)], var[("C", 2)]])  # 30 minutes to another prefecture
    assert violations(model, [var[("A", 1)], var[("B", 1)]])  # overlapping hours
    all_in = list(range(len(model.vars)))
    assert violations(model, all_in)  # taking everything breaks the rules
    after = absorb(model, board, [("A", 1)])  # R1 declined A
    assert {model.vars[v].row for v in after.off} == {1}
    assert violations(after, greedy(after)) == []
    assert ("B", 1) in {(needs[after.vars[v].need].posting, after.vars[v].row) for v in greedy(after)}
