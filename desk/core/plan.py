"""The whole board as one assignment model, solver-neutral, plus the per-posting greedy baseline.

A :class:`Board` lists every open posting with unfilled places (:class:`Need`): its open slots and
its top candidates from the ranking (:class:`Choice`, with the slots each can take). The model has
one 0/1 variable per (slot, candidate) the placement rules allow, and:

- capacity: at most ``open`` people per slot (headcount minus those already booked);
- no double booking: of one registrant's slots running at the same moment at most one is taken
  (a clique per start time, which keeps the relaxation tight), and two on the same day in different
  prefectures with less than an hour between (``desk.core.placement``) exclude each other; a slot overlapping an existing booking (or too tight next to one) gets no variable;
- spread: at most ``max_per_week`` slots per registrant per ISO week, existing bookings included.

Objective: the most places filled, then the highest ranking scores (each variable weighs
``fill_weight + score in thousandths``, with ``fill_weight`` twice any possible score sum, so one
more place always beats better scores). Solvers stop within ``score_tolerance`` of the best: the
most places, with scores at most 0.01 per place below the best possible. No I/O: the service solves it (desk.services.plan).
"""

from __future__ import annotations

import datetime as dt
import gc
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from desk.core.placement import Span, tight_travel

SCORE_SCALE = 1000
SCORE_TOLERANCE = 0.01  # per place: how far below the best score sum a plan may stop


def span_of(date: dt.date, start: int, end: int) -> Span:
    """A slot given in minutes as a :class:`Span` (an end at or before the start runs past midnight)."""
    base = dt.datetime.combine(date, dt.time(0))
    finish = base + dt.timedelta(minutes=end)
    begin = base + dt.timedelta(minutes=start)
    if finish <= begin:
        finish += dt.timedelta(days=1)
    return Span(begin, finish)


@dataclass(frozen=True)
class OpenSlot:
    slot_id: int
    date: dt.date
    start: int  # minutes after midnight
    end: int
    open: int  # places still to fill

    @property
    def span(self) -> Span:
        return span_of(self.date, self.start, self.end)

    @property
    def key(self) -> str:
        """``2021-06-19T09:00``: what ``desk log --slot`` accepts."""
        return f"{self.date.isoformat()}T{self.start // 60:02d}:{self.start % 60:02d}"


@dataclass(frozen=True)
class Choice:
    """A candidate of one posting, from its ranking."""

    registrant: str  # 登録ID
    row: int  # the registrant's store id
    score: float
    position: int  # 1 = the posting's best candidate
    free: frozenset[int]  # slot ids the registrant can take
    region: str = ""  # the ranking's region reason code (same_muni, neighbor, ...)


@dataclass(frozen=True)
class Need:
    """An open posting with unfilled places."""

    posting: str  # 募集ID
    key: int  # store id
    pref: str  # prefecture code ("" unknown)
    slots: tuple[OpenSlot, ...]
    choices: tuple[Choice, ...]
    qualified: int = 0  # candidates before the top-K cut, counted on the pool ranked (at least K when K exist)
    declined: int = 0  # registrants left out because they declined or were withdrawn here
    declined_rows: frozenset[int] = frozenset()  # of those, the ones still among ``choices`` (re-plans)
    place: str = ""
    occupation: str = ""
    block: str = ""


@dataclass(frozen=True)
class Busy:
    """An existing booking (confirmed or worked) of a registrant."""

    span: Span
    pref: str


@dataclass(frozen=True)
class Board:
    needs: tuple[Need, ...]
    busy: Mapping[int, tuple[Busy, ...]] = field(default_factory=dict)
    max_per_week: int = 3


@dataclass(frozen=True)
class Var:
    need: int
    slot: int  # index into the need's slots
    choice: int  # index into the need's choices
    row: int
    weight: int


@dataclass(frozen=True)
class Model:
    board: Board
    vars: tuple[Var, ...]
    capacity: tuple[tuple[tuple[int, ...], int], ...]  # per open slot: (variables, places)
    slot_of: tuple[tuple[int, int], ...]  # per capacity row: (need, slot index)
    conflicts: tuple[tuple[int, ...], ...]  # at most one of each group (one registrant's clashing slots)
    caps: tuple[tuple[tuple[int, ...], int], ...]  # per registrant and week: (variables, limit)
    fill_weight: int
    off: frozenset[int] = frozenset()  # variables ruled out since the model was built (outcomes)

    @property
    def score_tolerance(self) -> float:
        """The objective gap a solver may stop at: 1 % of a score point per open place. Below half
        of ``fill_weight``, so a plan within it always has the most places filled."""
        return SCORE_TOLERANCE * SCORE_SCALE * max(1, sum(places for _vs, places in self.capacity))

    def fills(self, chosen: Iterable[int]) -> int:
        return sum(1 for _ in chosen)

    def score_sum(self, chosen: Iterable[int]) -> int:
        return sum(self.vars[v].weight - self.fill_weight for v in chosen)


def week_of(day: dt.date) -> tuple[int, int]:
    iso = day.isocalendar()
    return iso[0], iso[1]


def _clashes(a: Span, a_pref: str, b: Span, b_pref: str) -> bool:
    return a.overlaps(b) or tight_travel(a, a_pref, b, b_pref)


def build_model(board: Board) -> Model:
    """The model of a board. The collector is paused meanwhile: the model is hundreds of thousands
    of small tuples, and full collections over a 100,000-registrant index would cost more than
    building it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(board)
    finally:
        if enabled:
            gc.enable()


def _build(board: Board) -> Model:
    needs = board.needs
    vars_: list[Var] = []
    capacity: list[tuple[tuple[int, ...], int]] = []
    slot_of: list[tuple[int, int]] = []
    max_fills = sum(s.open for n in needs for s in n.slots)
    fill_weight = 2 * SCORE_SCALE * (max_fills + 1)
    spans_at: dict[tuple[int, int], Span] = {}
    for ni, need in enumerate(needs):
        for si, slot in enumerate(need.slots):
            if slot.open <= 0:
                continue
            span = spans_at[(ni, si)] = slot.span
            here: list[int] = []
            for ci, c in enumerate(need.choices):
                if slot.slot_id not in c.free:
                    continue
                busy = board.busy.get(c.row)
                if busy and any(_clashes(span, need.pref, b.span, b.pref) for b in busy):
                    continue
                here.append(len(vars_))
                vars_.append(Var(ni, si, ci, c.row, fill_weight + round(c.score * SCORE_SCALE)))
            capacity.append((tuple(here), slot.open))
            slot_of.append((ni, si))
    by_row: dict[int, list[int]] = defaultdict(list)
    for v, var in enumerate(vars_):
        by_row[var.row].append(v)
    conflicts: list[tuple[int, ...]] = []
    caps: list[tuple[tuple[int, ...], int]] = []
    gap = dt.timedelta(hours=1)
    for row, vs in by_row.items():
        spans = {v: spans_at[(vars_[v].need, vars_[v].slot)] for v in vs}
        ordered = sorted(vs, key=lambda v: spans[v].start)
        starts = [spans[v].start for v in ordered]
        # Overlaps: a sweep over time; the set of slots running just before one ends is a maximal
        # clique of the interval graph, and at most one of it may be taken.
        running: list[int] = []
        grown = False
        for i, a in enumerate(ordered):
            sa, pa = spans[a], needs[vars_[a].need].pref
            still = [b for b in running if spans[b].end > sa.start]
            if len(still) < len(running) and grown and len(running) > 1:
                conflicts.append(tuple(running))
                grown = False
            running = [*still, a]
            grown = True
            # Travel: same day, another prefecture, starting less than an hour after a ends.
            for j in range(bisect_left(starts, sa.end, i + 1), bisect_left(starts, sa.end + gap, i + 1)):
                b = ordered[j]
                if tight_travel(sa, pa, spans[b], needs[vars_[b].need].pref):
                    conflicts.append((a, b))
        if grown and len(running) > 1:
            conflicts.append(tuple(running))
        weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
        for v in vs:
            weeks[week_of(spans[v].start.date())].append(v)
        booked: dict[tuple[int, int], int] = defaultdict(int)
        for held in board.busy.get(row, ()):
            booked[week_of(held.span.start.date())] += 1
        for wk, members in weeks.items():
            limit = max(0, board.max_per_week - booked[wk])
            if len(members) > limit:
                caps.append((tuple(members), limit))
    return Model(board, tuple(vars_), tuple(capacity), tuple(slot_of), tuple(conflicts), tuple(caps), fill_weight)


def absorb(model: Model, board: Board, outcomes: Iterable[tuple[str, int]]) -> Model:
    """The model of ``board`` (the model's board after outcomes: the same postings in the same
    order, slots' open places and bookings updated) without building it again: the variables of
    each (posting, registrant) in ``outcomes`` are ruled out, and so are the registrant's variables
    elsewhere that now clash with a booking or exceed the weekly limit."""
    touched = {row for _posting, row in outcomes}
    if not touched:
        return replace(model, board=board)
    needs = board.needs
    off = set(model.off)
    pairs = set(outcomes)
    mine: dict[int, list[int]] = defaultdict(list)
    for v, var in enumerate(model.vars):
        if var.row in touched:
            mine[var.row].append(v)
            if (needs[var.need].posting, var.row) in pairs:
                off.add(v)
    for row, vs in mine.items():
        busy = board.busy.get(row, ())
        for v in vs:
            var = model.vars[v]
            span, pref = needs[var.need].slots[var.slot].span, needs[var.need].pref
            if any(_clashes(span, pref, b.span, b.pref) for b in busy):
                off.add(v)
    capacity = tuple((vs, needs[ni].slots[si].open) for (vs, _places), (ni, si)
                     in zip(model.capacity, model.slot_of, strict=True))
    caps = [(vs, limit) for vs, limit in model.caps if model.vars[vs[0]].row not in touched]
    for row, vs in mine.items():
        booked: dict[tuple[int, int], int] = defaultdict(int)
        for held in board.busy.get(row, ()):
            booked[week_of(held.span.start.date())] += 1
        weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
        for v in vs:
            var = model.vars[v]
            weeks[week_of(needs[var.need].slots[var.slot].date)].append(v)
        for wk, members in weeks.items():
            limit = max(0, board.max_per_week - booked[wk])
            if len(members) > limit:
                caps.append((tuple(members), limit))
    return replace(model, board=board, capacity=capacity, caps=tuple(caps), off=frozenset(off))


def violations(model: Model, chosen: Iterable[int]) -> list[str]:
    """What a set of chosen variables breaks (empty: a valid plan)."""
    picked = set(chosen)
    out = [f"ruled out {v}" for v in picked & model.off]
    for (vs, places), (ni, si) in zip(model.capacity, model.slot_of, strict=True):
        if sum(1 for v in vs if v in picked) > places:
            out.append(f"capacity {model.board.needs[ni].posting} {model.board.needs[ni].slots[si].key}")
    out += [f"conflict {group}" for group in model.conflicts if sum(1 for v in group if v in picked) > 1]
    out += [f"week cap {vs[0]}" for vs, limit in model.caps if sum(1 for v in vs if v in picked) > limit]
    return out


def greedy(model: Model, order: Sequence[int] | None = None) -> list[int]:
    """The per-posting greedy plan: postings one at a time (by 募集ID), each slot given to its
    best-ranked candidates still free, as a coordinator working down one list at a time would."""
    needs = model.board.needs
    rows_of: dict[int, list[int]] = defaultdict(list)  # need → its capacity rows, in slot order
    for k, (ni, _si) in enumerate(model.slot_of):
        rows_of[ni].append(k)
    groups_of: dict[int, list[int]] = defaultdict(list)  # a variable's conflict groups and weekly caps
    for g, group in enumerate(model.conflicts):
        for v in group:
            groups_of[v].append(g)
    cap_of: dict[int, list[int]] = defaultdict(list)
    for k, (vs, _limit) in enumerate(model.caps):
        for v in vs:
            cap_of[v].append(k)
    taken = [False] * len(model.conflicts)  # a group holds a chosen variable: at most one may be
    used = [0] * len(model.caps)
    chosen: list[int] = []
    order = order if order is not None else sorted(range(len(needs)), key=lambda i: needs[i].posting)
    for ni in order:
        need = needs[ni]
        for k in sorted(rows_of.get(ni, ()), key=lambda k: model.slot_of[k][1]):
            left = need.slots[model.slot_of[k][1]].open
            for v in sorted(model.capacity[k][0], key=lambda v: need.choices[model.vars[v].choice].position):
                if left <= 0:
                    break
                if v in model.off or any(taken[g] for g in groups_of[v]):
                    continue
                if any(used[c] >= model.caps[c][1] for c in cap_of[v]):
                    continue
                chosen.append(v)
                for g in groups_of[v]:
                    taken[g] = True
                for c in cap_of[v]:
                    used[c] += 1
                left -= 1
    return sorted(chosen)
