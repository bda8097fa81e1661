"""Solve a :class:`desk.core.plan.Model` with a maintained solver.

Two backends, measured on the same boards (README "The whole-board plan"): HiGHS through highspy
(MIT, 7.8 MB installed; the default and the only one in the dependencies) and OR-Tools CP-SAT
(Apache-2.0, about 84 MB with protobuf and absl; optional, ``solver="cpsat"``), as a 0/1 program. Both take the previous plan as a hint (CP-SAT
solution hint, HiGHS starting solution), stop at the time limit with the best plan found, and can
be cancelled from another thread (``cancel`` is polled).
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from desk.core.plan import Model, greedy
from desk.core.plan_split import components, parts_of, touched

Cancel = Callable[[], bool]


@dataclass(frozen=True)
class Solved:
    chosen: list[int]
    optimal: bool
    seconds: float
    #: The best objective the solver could not rule out, in places (the score part adds less than
    #: 0.5): ``int(bound_fills) - len(chosen)`` is the optimality gap in places. None: not known.
    bound_fills: float | None
    solver: str
    cancelled: bool = False
    #: Places the per-posting greedy order fills on the same model (the fallback).
    greedy: int = 0
    #: The solver's kept state for the next solve after outcomes (HiGHS: the solved relaxation).
    state: Any = field(default=None, compare=False, repr=False)


@dataclass
class SplitState:
    """What a solve keeps for the next one after outcomes: the model's independent parts, and per
    part its plan (global variable numbers), greedy count, bound, proof and solver state."""

    model: Model
    parts: list[tuple[int, ...]]
    solved: list[Solved]


def solve(model: Model, *, time_limit: float = 30.0, hint: Sequence[int] = (), cancel: Cancel | None = None,
          solver: str = "highs", state: Any = None) -> Solved:
    """The best plan within ``time_limit``, solved part by part (desk.core.plan_split). ``state``
    (from the previous :class:`Solved` of the same model before :func:`desk.core.plan.absorb`) keeps
    the parts the outcomes did not touch as they were and lets HiGHS restart the others from their
    last basis."""
    if not model.vars:
        return Solved([], True, 0.0, 0.0, solver)
    t0 = time.perf_counter()
    # the same variables (absorb keeps the model's tuple): the kept parts and plans still apply
    kept = state if isinstance(state, SplitState) and state.model.vars is model.vars else None
    if kept is not None:
        parts, done = kept.parts, list(kept.solved)
        redo = touched(model, kept.model, parts)
    else:
        parts = components(model)
        done = [Solved([], False, 0.0, None, solver)] * len(parts)
        redo = list(range(len(parts)))
    wanted = set(hint)
    redo = sorted(redo, key=lambda k: -len(parts[k]))  # the big parts first, while time is left
    for k, part in zip(redo, parts_of(model, [parts[k] for k in redo]), strict=True):
        if cancel is not None and cancel():
            return Solved([], False, time.perf_counter() - t0, None, solver, cancelled=True)
        local = [i for i, v in enumerate(part.vars) if v in wanted]
        previous = done[k].state if kept is not None else None
        got = _solve_one(part.model, max(0.1, time_limit - (time.perf_counter() - t0)), local, cancel, solver,
                         previous)
        if got.cancelled:
            return replace(got, chosen=[], seconds=time.perf_counter() - t0)
        done[k] = replace(got, chosen=part.to_global(got.chosen))
    chosen = sorted(v for got in done for v in got.chosen)
    bounds = [got.bound_fills for got in done]
    bound = None if any(b is None for b in bounds) else sum(b for b in bounds if b is not None)
    return Solved(chosen, all(got.optimal for got in done), time.perf_counter() - t0, bound, solver,
                  greedy=sum(got.greedy for got in done), state=SplitState(model, parts, done))


def _solve_one(model: Model, time_limit: float, hint: Sequence[int], cancel: Cancel | None, solver: str,
               state: Any) -> Solved:
    """One part: never fewer places than its greedy plan (the fallback)."""
    t0 = time.perf_counter()
    needs = model.board.needs
    order = sorted({var.need for var in model.vars}, key=lambda i: needs[i].posting)
    base = greedy(model, order)
    if not hint:
        hint = base
    left = max(0.1, time_limit - (time.perf_counter() - t0))
    got = _highs(model, left, hint, cancel, state) if solver == "highs" else _cpsat(model, left, hint, cancel)
    if len(got.chosen) < len(base):
        got = replace(got, chosen=base, optimal=False)
    return replace(got, seconds=time.perf_counter() - t0, greedy=len(base))


def _cpsat(model: Model, time_limit: float, hint: Sequence[int], cancel: Cancel | None) -> Solved:
    # By name: OR-Tools is optional (measured, not chosen: README "The whole-board plan"), and the
    # desktop bundle must not pull in its 80 MB.
    cp_model: Any = importlib.import_module("ortools.sat.python.cp_model")

    t0 = time.perf_counter()
    m = cp_model.CpModel()
    x = [m.new_bool_var(f"x{v}") for v in range(len(model.vars))]
    for vs, places in model.capacity:
        if len(vs) > places:
            m.add(sum(x[v] for v in vs) <= places)
    for group in model.conflicts:
        m.add_at_most_one([x[v] for v in group])
    for vs, limit in model.caps:
        m.add(sum(x[v] for v in vs) <= limit)
    m.maximize(cp_model.LinearExpr.weighted_sum(x, [var.weight for var in model.vars]))
    for v in model.off:
        m.add(x[v] == 0)
    for v in hint:
        if 0 <= v < len(x) and v not in model.off:
            m.add_hint(x[v], True)
    s = cp_model.CpSolver()
    s.parameters.max_time_in_seconds = max(0.1, time_limit - (time.perf_counter() - t0))
    s.parameters.num_workers = 2
    s.parameters.absolute_gap_limit = model.score_tolerance
    stop = threading.Event()
    watcher = None
    if cancel is not None:
        def watch() -> None:
            while not stop.wait(0.1):
                if cancel():
                    s.stop_search()
                    return
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
    status = s.solve(m)
    stop.set()
    chosen: list[int] = []
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = [v for v in range(len(x)) if s.boolean_value(x[v])]
    bound = s.best_objective_bound / model.fill_weight if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None
    return Solved(chosen, status == cp_model.OPTIMAL, time.perf_counter() - t0, bound, "cpsat",
                  cancelled=bool(cancel and cancel()))


@dataclass
class LpState:
    """A solved HiGHS relaxation kept for the next solve of the same model after outcomes: bounds
    are changed in place and the simplex restarts from the previous basis."""

    highs: Any
    n: int
    off: frozenset[int]
    cap_rows: list[int]  # row of each model.capacity entry
    places: list[int]
    caps: dict[tuple[tuple[int, ...], int], int]  # (variables, limit) → row


def _build_lp(model: Model) -> tuple[Any, LpState]:
    import highspy

    n = len(model.vars)
    rows: list[Sequence[int]] = []
    upper: list[float] = []
    cap_rows = []
    for vs, places in model.capacity:  # every slot gets its row: places may change later
        cap_rows.append(len(rows))
        rows.append(vs)
        upper.append(places)
    for group in model.conflicts:
        rows.append(group)
        upper.append(1)
    caps = {}
    for vs, limit in model.caps:
        caps[(vs, limit)] = len(rows)
        rows.append(vs)
        upper.append(limit)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(rows)
    # Scaled so a place weighs 1 (integer weights near 1e7 slow the simplex down ten times).
    lp.col_cost_ = np.array([-v.weight / model.fill_weight for v in model.vars])
    lp.col_lower_ = np.zeros(n)
    upper_bound = np.ones(n)
    if model.off:
        upper_bound[list(model.off)] = 0.0
    lp.col_upper_ = upper_bound
    lp.row_lower_ = np.full(len(rows), -highspy.kHighsInf)
    lp.row_upper_ = np.array(upper, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = len(rows)
    lp.a_matrix_.start_ = np.cumsum([0, *(len(r) for r in rows)]).astype(np.int32)
    lp.a_matrix_.index_ = np.array([v for r in rows for v in r], dtype=np.int32)
    lp.a_matrix_.value_ = np.ones(int(lp.a_matrix_.start_[-1]))
    h = _quiet_highs()
    h.setOptionValue("presolve", "off")  # measured: the relaxation solves a third faster without it
    h.passModel(lp)
    return h, LpState(h, n, model.off, cap_rows, [p for _vs, p in model.capacity], caps)


def _update_lp(state: LpState, model: Model) -> None:
    """Bring a kept relaxation up to the model absorbed from outcomes (same variables)."""
    import highspy

    h, inf = state.highs, highspy.kHighsInf
    new_off = np.array(sorted(model.off - state.off), dtype=np.int32)
    if len(new_off):
        h.changeColsBounds(len(new_off), new_off, np.zeros(len(new_off)), np.zeros(len(new_off)))
    for i, (_vs, places) in enumerate(model.capacity):
        if places != state.places[i]:
            h.changeRowBounds(state.cap_rows[i], -inf, float(places))
    wanted = set(model.caps)
    for cap, row in list(state.caps.items()):
        if cap not in wanted:
            h.changeRowBounds(row, -inf, inf)
            del state.caps[cap]
    for vs, limit in model.caps:
        if (vs, limit) not in state.caps:
            h.addRow(-inf, float(limit), len(vs), np.array(vs, dtype=np.int32), np.ones(len(vs)))
            state.caps[(vs, limit)] = h.getNumRow() - 1
    state.off, state.places = model.off, [p for _vs, p in model.capacity]


#: Parts up to this many variables are proven by a whole MIP when fixing the relaxation falls short.
FULL_MIP_VARS = 5000


def _whole_mip(lp: Any, model: Model, start: list[int], seconds: float,
               current: list[Any]) -> tuple[list[int], float, bool] | None:
    """The part's MIP with every variable free, started from ``start``: (chosen, bound, proven), or
    None when it has no time or finds nothing better to say."""
    import highspy

    if seconds <= 0.05:
        return None
    n = len(model.vars)
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.array([0.0 if v in model.off else 1.0 for v in range(n)])
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    m = _quiet_highs()
    current[0] = m
    m.setOptionValue("time_limit", seconds)
    m.setOptionValue("mip_rel_gap", 0.0)
    m.setOptionValue("mip_abs_gap", model.score_tolerance / model.fill_weight)
    m.passModel(lp)
    sol = highspy.HighsSolution()
    begin = np.zeros(n)
    begin[[v for v in start if 0 <= v < n]] = 1.0
    sol.col_value = list(begin)
    sol.value_valid = True
    m.setSolution(sol)
    m.run()
    values = np.asarray(m.getSolution().col_value)
    if m.getModelStatus() != highspy.HighsModelStatus.kOptimal or len(values) != n:
        return None
    chosen = [int(v) for v in np.flatnonzero(values > 0.5)]
    return chosen, -m.getInfo().mip_dual_bound, True


def _highs(model: Model, time_limit: float, hint: Sequence[int], cancel: Cancel | None,
           state: LpState | None = None) -> Solved:
    import highspy

    t0 = time.perf_counter()
    n = len(model.vars)
    if state is not None and state.n == n:
        _update_lp(state, model)
        h = state.highs
    else:
        h, state = _build_lp(model)
    # The relaxation first (simplex, well scaled: a fraction of a second): on these boards it is
    # integral or nearly so. Variables it sets to 0 or 1 are fixed, and the few fractional ones
    # are settled by the MIP solver; the relaxation's value bounds how far from optimal we are.
    h.setOptionValue("time_limit", max(0.1, time_limit - (time.perf_counter() - t0)))
    stop = threading.Event()
    current = [h]
    if cancel is not None:
        def watch() -> None:
            while not stop.wait(0.1):
                if cancel():
                    current[0].cancelSolve()
                    return
        threading.Thread(target=watch, daemon=True).start()
    try:
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return Solved([], False, time.perf_counter() - t0, None, "highs", cancelled=bool(cancel and cancel()))
        x = np.asarray(h.getSolution().col_value)
        bound = -h.getInfo().objective_function_value
        ones, zeros = x >= 1 - 1e-6, x <= 1e-6
        chosen = np.flatnonzero(ones)
        fractional = ~(ones | zeros)
        if fractional.any():
            lp = h.getLp()
            lp.col_lower_ = np.where(ones, 1.0, 0.0)
            lp.col_upper_ = np.where(zeros, 0.0, np.asarray(lp.col_upper_))
            lp.integrality_ = [highspy.HighsVarType.kInteger] * n
            m = _quiet_highs()
            current[0] = m
            m.setOptionValue("time_limit", max(0.1, time_limit - (time.perf_counter() - t0)))
            m.setOptionValue("mip_rel_gap", 0.0)
            m.setOptionValue("mip_abs_gap", model.score_tolerance / model.fill_weight)
            m.passModel(lp)
            if hint:
                sol = highspy.HighsSolution()
                start = np.zeros(n)
                start[[v for v in hint if 0 <= v < n]] = 1.0
                sol.col_value = list(np.clip(start, lp.col_lower_, lp.col_upper_))
                sol.value_valid = True
                m.setSolution(sol)
            m.run()
            values = np.asarray(m.getSolution().col_value)
            if len(values) == n:
                chosen = np.flatnonzero(values > 0.5)
            else:
                chosen = np.zeros(0, dtype=np.int64)
        picked = [int(v) for v in chosen]
        value = sum(model.vars[v].weight for v in picked) / model.fill_weight
        optimal = (bound - value) * model.fill_weight <= model.score_tolerance + 1e-6
        if not optimal and n <= FULL_MIP_VARS and not (cancel and cancel()):
            # Fixing what the relaxation settled can miss the optimum, and the relaxation's bound is
            # then out of reach (found on a 3-slot board: bound 1.525, best 1 place). A small part is
            # solved again as a whole MIP, which proves its optimum (or keeps the plan it has).
            proved = _whole_mip(h.getLp(), model, picked, time_limit - (time.perf_counter() - t0), current)
            if proved is not None:
                picked, bound, optimal = proved
    finally:
        stop.set()
    return Solved(picked, optimal, time.perf_counter() - t0, bound, "highs", cancelled=bool(cancel and cancel()),
                  state=state)


def _quiet_highs() -> Any:
    """A Highs instance that prints nothing: its constructor writes a banner to the process's
    standard output (C level), which would spoil ``desk plan --json``."""
    import highspy

    with _fd_lock:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "wb") as null:
                os.dup2(null.fileno(), 1)
                h = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
    h.setOptionValue("output_flag", False)
    return h


_fd_lock = threading.Lock()
