"""Whole-board plan speed and quality: 300 and 3,000 open postings against 100,000 registrants.

Run: ``.venv/bin/pytest -q -m benchmark tests/benchmarks/test_bench_plan.py`` (DESK_BENCH_N for a
smaller registry). Figures go to tests/benchmarks/results.json under "plan": ranking (batch), board,
model and solve seconds, places planned by the plan and by per-posting greedy, the optimality gap
(places the solver could not rule out), a re-plan after one outcome, and what K (candidates kept
per posting) costs, and the load average before and after (the machine is shared). Wall-clock times are recorded; the assertions are about the plan's quality
and validity, and generous floors (three times the issue's targets) so a loaded machine does not
fail the run.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import time
from pathlib import Path

import pytest

from desk.core.plan import Board, OpenSlot, absorb, build_model, greedy, violations
from desk.core.plan_rank import default_top, need_of, rank_many
from desk.core.registry_index import RegistryIndex
from desk.services.plan import PlanStats
from desk.services.plan_result import build
from desk.services.plan_solve import solve
from desk.settings import DEFAULT_WEIGHTS
from desk.store.db import Database, open_database
from tests.benchmarks.results import bench_n, record
from tests.benchmarks.test_bench_rank import synthetic_postings, synthetic_registry

pytestmark = pytest.mark.benchmark
N = bench_n()
TARGET = {300: 10.0, 3000: 60.0}
REPLAN_TARGET = 2.0


def _board(index: RegistryIndex, count: int, top: int) -> tuple[Board, float, float]:
    muni_codes = sorted({r.home_muni for r in index.records if r.home_muni})
    postings = synthetic_postings(count, muni_codes, seed=23)
    t = time.perf_counter()
    ranked = rank_many(index, postings, DEFAULT_WEIGHTS, top=top)
    rank_s = time.perf_counter() - t
    rng = random.Random(5)
    t = time.perf_counter()
    needs = []
    slot_id = 0
    for r in ranked:
        headcount = rng.choice([1, 1, 2, 3, 5])
        slots = []
        for d, s, e in r.posting.slots:
            slot_id += 1
            slots.append(OpenSlot(slot_id, d, s, e, headcount))
        needs.append(need_of(index, r, slots, top=top))
    return Board(tuple(needs), {}, 3), rank_s, time.perf_counter() - t


def _run(index: RegistryIndex, count: int, top: int | None = None, db: Database | None = None
         ) -> dict[str, float | int | bool | None]:
    top = top or default_top(count)
    t0 = time.perf_counter()
    board, rank_s, board_s = _board(index, count, top)
    t = time.perf_counter()
    model = build_model(board)
    model_s = time.perf_counter() - t
    solved = solve(model, time_limit=TARGET[count])
    total = time.perf_counter() - t0
    base = greedy(model)
    assert solved.greedy == len(base)
    print(count, top, "planned", len(solved.chosen), "greedy", len(base), "optimal", solved.optimal,
          "bound", solved.bound_fills, "solve", round(solved.seconds, 2), "total", round(total, 2), flush=True)
    assert violations(model, solved.chosen) == []
    stats = PlanStats(0, 0, 0, 0.0, True)
    worded = None
    if db is not None:  # the result as the window shows it: every call and hole in words
        t = time.perf_counter()
        _result, worded = build(db, model, solved, "ja", stats)
        result_s = time.perf_counter() - t
    # one outcome: a planned person in the largest part declines (the worst case for a re-plan); the
    # kept model absorbs it, only that part is solved again, and only the changed slots are worded again
    biggest = set(max(solved.state.parts, key=len))
    first = model.vars[next(v for v in solved.chosen if v in biggest)]
    need = board.needs[first.need]
    needs = list(board.needs)
    needs[first.need] = dataclasses.replace(need, declined=need.declined + 1,
                                            declined_rows=need.declined_rows | {first.row})
    t = time.perf_counter()
    after = absorb(model, dataclasses.replace(board, needs=tuple(needs)), [(need.posting, first.row)])
    again = solve(after, time_limit=TARGET[count], hint=[v for v in solved.chosen if v not in after.off],
                  state=solved.state)
    replan_s = time.perf_counter() - t
    if db is not None:
        build(db, after, again, "ja", stats, worded)
    replan_worded_s = time.perf_counter() - t
    assert violations(after, again.chosen) == []
    gap = None if solved.bound_fills is None else max(0, int(solved.bound_fills + 1e-9) - len(solved.chosen))
    return {"postings": count, "top_k": top, "places_open": sum(p for _vs, p in model.capacity),
            "variables": len(model.vars), "conflict_groups": len(model.conflicts), "week_caps": len(model.caps),
            "rank_s": round(rank_s, 2), "board_s": round(board_s, 2), "model_s": round(model_s, 2),
            "solve_s": round(solved.seconds, 2), "total_s": round(total, 2), "planned": len(solved.chosen),
            "greedy_planned": len(base), "optimal": solved.optimal, "gap_places": gap,
            "replan_after_one_outcome_s": round(replan_s, 2), "replan_planned": len(again.chosen),
            "parts": len(solved.state.parts), "largest_part_variables": len(biggest),
            **({"result_s": round(result_s, 2), "replan_with_result_s": round(replan_worded_s, 2)}
               if db is not None else {})}


def test_plan_300_and_3000_postings(tmp_path: Path) -> None:
    figures: dict[str, object] = {"registrants": N, "load_average_before": [round(x, 2) for x in os.getloadavg()]}
    records, bookings, _munis = synthetic_registry(N)
    index = RegistryIndex.build(records, bookings)
    rank_many(index, synthetic_postings(3, sorted({r.home_muni for r in records if r.home_muni})), DEFAULT_WEIGHTS)
    db = open_database(f"sqlite:///{tmp_path / 'names.db'}")  # wording reads names (none here: 1 query per 500)
    for count in (300, 3000):
        run = _run(index, count, db=db)
        figures[f"p{count}"] = run
        assert run["total_s"] <= 3 * TARGET[count], run  # type: ignore[operator]
        assert run["replan_after_one_outcome_s"] <= 3 * REPLAN_TARGET, run  # type: ignore[operator]
    # What K costs: the 300-posting board with fewer and more candidates per posting.
    figures["k_cost_300"] = {k: {"planned": r["planned"], "places_open": r["places_open"], "total_s": r["total_s"]}
                             for k in (12, 60) for r in [_run(index, 300, top=k)]}
    figures["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    record("plan", figures)
    print(json.dumps(figures, ensure_ascii=False, indent=2, default=str))
    assert dataclasses.is_dataclass(Board)
