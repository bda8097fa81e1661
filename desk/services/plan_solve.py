"""Solve a :class:`desk.core.plan.Model` with a maintained solver.

Two backends, chosen by measurement (README "The whole-board plan"): OR-Tools CP-SAT (Apache-2.0)
and HiGHS through highspy (MIT), as a 0/1 program. Both take the previous plan as a hint (CP-SAT
solution hint, HiGHS starting solution), stop at the time limit with the best plan found, and can
be cancelled from another thread (``cancel`` is polled).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from desk.core.plan import Model

Cancel = Callable[[], bool]


@dataclass(frozen=True)
class Solved:
    chosen: list[int]
    optimal: bool
    seconds: float
    #: Upper bound on places filled the solver proved (None: not known); bound - len(chosen) is the
    #: optimality gap in places.
    bound_fills: float | None
    solver: str
    cancelled: bool = False


def solve(model: Model, *, time_limit: float = 30.0, hint: Sequence[int] = (), cancel: Cancel | None = None,
          solver: str = "cpsat") -> Solved:
    if not model.vars:
        return Solved([], True, 0.0, 0.0, solver)
    if solver == "highs":
        return _highs(model, time_limit, hint, cancel)
    return _cpsat(model, time_limit, hint, cancel)


def _cpsat(model: Model, time_limit: float, hint: Sequence[int], cancel: Cancel | None) -> Solved:
    from ortools.sat.python import cp_model

    t0 = time.perf_counter()
    m = cp_model.CpModel()
    x = [m.new_bool_var(f"x{v}") for v in range(len(model.vars))]
    for vs, places in model.capacity:
        if len(vs) > places:
            m.add(sum(x[v] for v in vs) <= places)
    for a, b in model.conflicts:
        m.add_bool_or([x[a].Not(), x[b].Not()])
    for vs, limit in model.caps:
        m.add(sum(x[v] for v in vs) <= limit)
    m.maximize(cp_model.LinearExpr.weighted_sum(x, [var.weight for var in model.vars]))
    for v in hint:
        if 0 <= v < len(x):
            m.add_hint(x[v], True)
    s = cp_model.CpSolver()
    s.parameters.max_time_in_seconds = max(0.1, time_limit - (time.perf_counter() - t0))
    s.parameters.num_workers = 2
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


def _highs(model: Model, time_limit: float, hint: Sequence[int], cancel: Cancel | None) -> Solved:
    import highspy

    t0 = time.perf_counter()
    n = len(model.vars)
    rows: list[Sequence[int]] = []
    upper: list[float] = []
    for vs, places in model.capacity:
        if len(vs) > places:
            rows.append(vs)
            upper.append(places)
    for a, b in model.conflicts:
        rows.append((a, b))
        upper.append(1)
    for vs, limit in model.caps:
        rows.append(vs)
        upper.append(limit)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(rows)
    lp.col_cost_ = np.array([-float(v.weight) for v in model.vars])
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = np.full(len(rows), -highspy.kHighsInf)
    lp.row_upper_ = np.array(upper, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = len(rows)
    lp.a_matrix_.start_ = np.cumsum([0, *(len(r) for r in rows)]).astype(np.int32)
    lp.a_matrix_.index_ = np.array([v for r in rows for v in r], dtype=np.int32)
    lp.a_matrix_.value_ = np.ones(int(lp.a_matrix_.start_[-1]))
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", max(0.1, time_limit - (time.perf_counter() - t0)))
    h.setOptionValue("mip_rel_gap", 1e-9)
    h.passModel(lp)
    if hint:
        sol = highspy.HighsSolution()
        values = np.zeros(n)
        values[[v for v in hint if 0 <= v < n]] = 1.0
        sol.col_value = list(values)
        sol.value_valid = True
        h.setSolution(sol)
    stop = threading.Event()
    if cancel is not None:
        def watch() -> None:
            while not stop.wait(0.1):
                if cancel():
                    h.cancelSolve()
                    return
        threading.Thread(target=watch, daemon=True).start()
    h.run()
    stop.set()
    info = h.getInfo()
    values = np.asarray(h.getSolution().col_value) if n else np.zeros(0)
    chosen = [int(v) for v in np.flatnonzero(values > 0.5)] if len(values) == n else []
    status = h.getModelStatus()
    optimal = status == highspy.HighsModelStatus.kOptimal
    bound = -info.mip_dual_bound / model.fill_weight if np.isfinite(info.mip_dual_bound) else None
    return Solved(chosen, optimal, time.perf_counter() - t0, bound, "highs", cancelled=bool(cancel and cancel()))
