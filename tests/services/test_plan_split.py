"""Solving the board part by part gives the plan of the whole: as many places, the same score sum
(within the solver's stated tolerance), the same greedy count; re-solving only the parts an outcome
touches gives the plan a solve from scratch gives."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.core.plan import (
    Board,
    Busy,
    Choice,
    Model,
    Need,
    OpenSlot,
    absorb,
    build_model,
    greedy,
    span_of,
    violations,
)
from desk.core.plan_explain import changed_slots, explain_slot, scarcity
from desk.core.plan_split import components, part_of
from desk.services.plan_solve import _solve_one, solve

SAT = dt.date(2021, 6, 19)
HOURS = [(540, 720), (600, 780), (750, 900), (780, 1020)]


@st.composite
def boards(draw: st.DrawFn) -> Board:
    people = draw(st.integers(2, 14))
    needs = []
    slot_id = 0
    for k in range(draw(st.integers(1, 9))):
        slots = []
        for _ in range(draw(st.integers(1, 3))):
            slot_id += 1
            start, end = draw(st.sampled_from(HOURS))
            day = SAT + dt.timedelta(days=draw(st.integers(0, 9)))
            slots.append(OpenSlot(slot_id, day, start, end, draw(st.integers(1, 3))))
        rows = draw(st.lists(st.integers(1, people), min_size=0, max_size=5, unique=True))
        choices = []
        for pos, row in enumerate(rows, 1):
            free = frozenset(s.slot_id for s in slots if draw(st.booleans()) or len(slots) == 1)
            if free:
                score = draw(st.integers(300, 990)) / 1000
                choices.append(Choice(f"R{row}", row, score, pos, free))
        needs.append(Need(f"P{k:02d}", k, draw(st.sampled_from(["13", "14", "22"])), tuple(slots), tuple(choices)))
    busy = {}
    for row in draw(st.lists(st.integers(1, people), max_size=3, unique=True)):
        start, end = draw(st.sampled_from(HOURS))
        busy[row] = (Busy(span_of(SAT + dt.timedelta(days=draw(st.integers(0, 9))), start, end), "14"),)
    return Board(tuple(needs), busy, draw(st.integers(1, 3)))


def _whole(model: Model) -> list[int]:
    """The un-decomposed plan: the whole model given to the solver at once."""
    got = _solve_one(model, 30.0, [], None, "highs", None)
    assert got.optimal
    return got.chosen


def _same_plan_value(model: Model, a: list[int], b: list[int]) -> None:
    assert violations(model, a) == [] and violations(model, b) == []
    assert len(a) == len(b)  # as many places
    assert abs(model.score_sum(a) - model.score_sum(b)) <= model.score_tolerance + 1e-6


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(boards())
def test_parts_are_independent_and_their_plans_make_the_whole_optimum(board: Board) -> None:
    model = build_model(board)
    parts = components(model)
    assert sorted(v for p in parts for v in p) == list(range(len(model.vars)))
    owner = {v: k for k, p in enumerate(parts) for v in p}
    groups = [vs for vs, _ in model.capacity] + list(model.conflicts) + [vs for vs, _ in model.caps]
    assert all(len({owner[v] for v in g}) <= 1 for g in groups)  # no constraint crosses two parts
    for members in parts:  # a part's own model is the whole model's rows on it
        part = part_of(model, members)
        assert [x for x in part.model.vars] == [model.vars[v] for v in members]
    solved = solve(model)
    assert solved.optimal
    _same_plan_value(model, solved.chosen, _whole(model) if model.vars else [])
    assert solved.greedy == len(greedy(model))  # greedy part by part is the board's greedy


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(boards(), st.data())
def test_re_solving_the_touched_parts_equals_a_solve_from_scratch(board: Board, data: st.DataObject) -> None:
    model = build_model(board)
    first = solve(model)
    if not first.chosen:
        return
    var = model.vars[data.draw(st.sampled_from(first.chosen))]
    declined = (board.needs[var.need].posting, var.row)
    after = absorb(model, board, [declined])
    again = solve(after, hint=[v for v in first.chosen if v not in after.off], state=first.state)
    scratch = solve(after)
    # As proven as a solve from scratch: the relaxation's bound is not always reached on a small
    # board (found: bound 1.525, best 1 place), and then neither run may claim "optimal".
    assert again.optimal and scratch.optimal
    assert not any((board.needs[after.vars[v].need].posting, after.vars[v].row) == declined for v in again.chosen)
    _same_plan_value(after, again.chosen, scratch.chosen)
    assert again.greedy == len(greedy(after))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(boards(), st.data())
def test_wording_only_the_changed_slots_equals_wording_every_slot(board: Board, data: st.DataObject) -> None:
    model = build_model(board)
    first = solve(model)
    if not first.chosen:
        return
    var = model.vars[data.draw(st.sampled_from(first.chosen))]
    need = board.needs[var.need]
    # as the service records a decline: the posting's need is replaced, the others stay the same objects
    needs = list(board.needs)
    needs[var.need] = replace(need, declined=need.declined + 1, declined_rows=need.declined_rows | {var.row})
    after_board = replace(board, needs=tuple(needs))
    after = absorb(model, after_board, [(need.posting, var.row)])
    again = solve(after, hint=[v for v in first.chosen if v not in after.off], state=first.state)
    before_sc, sc = scarcity(model), scarcity(after)
    kept = {k: explain_slot(model, k, set(first.chosen), before_sc) for k in range(len(model.capacity))}
    for k in changed_slots(after, set(again.chosen), sc, model, set(first.chosen), before_sc):
        kept[k] = explain_slot(after, k, set(again.chosen), sc)
    assert kept == {k: explain_slot(after, k, set(again.chosen), sc) for k in range(len(after.capacity))}


def test_a_small_board_whose_relaxation_overshoots_is_still_proven_optimal() -> None:
    """Found by the property test: R1 can take P00's afternoon or P02's two mornings, R5 only P00's
    afternoon. After R1 declines P00 the relaxation promises 1.5 places, the best plan has 1;
    fixing the relaxation's settled values cannot prove it, the whole MIP of the part does."""
    import datetime as dt

    from desk.core.plan import Choice, Need, OpenSlot

    def slot(i: int, day: int, start: int, end: int) -> OpenSlot:
        return OpenSlot(slot_id=i, date=dt.date(2021, 6, day), start=start, end=end, open=1)

    def choice(who: str, row: int, free: set[int]) -> Choice:
        return Choice(registrant=who, row=row, score=0.3, position=row, free=frozenset(free), region="")

    board = Board(needs=(
        Need(posting="P00", key=0, pref="13", slots=(slot(1, 19, 540, 720), slot(2, 19, 540, 720), slot(3, 20, 750, 900)),
             choices=(choice("R1", 1, {3}), choice("R5", 5, {3})), qualified=0, declined=0,
             declined_rows=frozenset(), place="", occupation="", block=""),
        Need(posting="P02", key=2, pref="14", slots=(slot(5, 20, 540, 720), slot(6, 20, 540, 720), slot(7, 19, 540, 720)),
             choices=(choice("R1", 1, {5, 6}),), qualified=0, declined=0,
             declined_rows=frozenset(), place="", occupation="", block="")),
        busy={}, max_per_week=2)
    model = build_model(board)
    first = solve(model)
    assert first.optimal and len(first.chosen) == 2
    var = model.vars[1]
    after = absorb(model, board, [(board.needs[var.need].posting, var.row)])
    again = solve(after, hint=[v for v in first.chosen if v not in after.off], state=first.state)
    assert again.optimal and len(again.chosen) == 1
