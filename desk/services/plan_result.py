"""The whole-board plan as the window and ``desk plan --json`` show it: calls, holes, backups, figures.

Built from a solved model (desk.core.plan_explain words it). After outcomes only the slots whose
explanation may have changed are worded again (:func:`desk.core.plan_explain.changed_slots`): the
rest of the previous result is kept, with the names and phone numbers already read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from desk.core.plan import Model, Need
from desk.core.plan_explain import Planned, Scarcity, changed_slots, describe, explain_slot, scarcity
from desk.services.plan_solve import Solved
from desk.store.db import Database
from desk.store.models import Registrant


@dataclass(frozen=True)
class Assignment:
    posting_id: str
    slot: str
    registrant_id: str
    rank: int
    reasons: list[str]
    name: str = ""
    phone: str = ""
    place: str = ""
    block: str = ""
    position: int = 0
    score: float = 0.0
    posting_key: int = 0  # store ids, for the window's jump to the candidate view
    registrant_key: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"posting_id": self.posting_id, "slot": self.slot, "registrant_id": self.registrant_id,
                "rank": self.rank, "reasons": self.reasons}


@dataclass(frozen=True)
class UnfilledSlot:
    posting_id: str
    slot: str
    why: str
    missing: int = 1
    block: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"posting_id": self.posting_id, "slot": self.slot, "why": self.why}


@dataclass(frozen=True)
class PlanStats:
    slots_open: int  # open places (slot × headcount still to fill)
    slots_planned: int
    greedy_planned: int
    solve_seconds: float
    optimal: bool
    gap: float | None = None  # places the solver could not rule out above the plan
    solver: str = ""
    incremental: bool = False
    total_seconds: float = 0.0
    variables: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"slots_open": self.slots_open, "slots_planned": self.slots_planned,
                "greedy_planned": self.greedy_planned, "solve_seconds": round(self.solve_seconds, 3),
                "optimal": self.optimal}


@dataclass(frozen=True)
class PlanResult:
    assignments: list[Assignment]
    unfilled: list[UnfilledSlot]
    stats: PlanStats
    #: (posting_id, slot) → registrant ids to call when the planned ones say no, best first.
    backups: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"assignments": [a.to_json() for a in self.assignments],
                "unfilled": [u.to_json() for u in self.unfilled], "stats": self.stats.to_json()}


@dataclass
class Worded:
    """What :func:`build` keeps for the next result: per capacity row its calls, hole and backups."""

    model: Model
    picked: frozenset[int]
    scarcity: Scarcity
    slots: dict[int, tuple[list[Assignment], UnfilledSlot | None, list[str]]]
    people: dict[int, tuple[str, str]]  # store id → (name, phone)


def build(db: Database, model: Model, solved: Solved, lang: str, stats: PlanStats, before: Worded | None = None
          ) -> tuple[PlanResult, Worded]:
    """The result of a solved model; ``before`` (the kept wording of the same variables before the
    outcomes) lets only the changed slots be worded again."""
    picked, sc = frozenset(solved.chosen), scarcity(model)
    people = dict(before.people) if before is not None else {}
    if before is not None and before.model.vars is model.vars:
        slots = dict(before.slots)
        redo = changed_slots(model, picked, sc, before.model, before.picked, before.scarcity)
    else:
        slots, redo = {}, list(range(len(model.capacity)))
    explained = {k: explain_slot(model, k, picked, sc) for k in redo}
    missing = sorted({p.row for calls, _hole in explained.values() for p in calls} - set(people))
    if missing:
        people.update(dict.fromkeys(missing, ("", "")))  # read once, even when gone from the store
        with db.session() as s:
            for lo in range(0, len(missing), 500):
                people.update({i: (n or "", ph or "") for i, n, ph in s.execute(
                    select(Registrant.id, Registrant.name, Registrant.phone)
                    .where(Registrant.id.in_(missing[lo:lo + 500])))})
    needs = model.board.needs
    for k, (calls, hole) in explained.items():
        ni, si = model.slot_of[k]
        need = needs[ni]
        here = {p.registrant for p in calls}
        live = {model.vars[v].row for v in model.capacity[k][0] if v not in model.off}
        backups = [c.registrant for c in need.choices if c.row in live and c.registrant not in here][:3]
        slots[k] = ([_assignment(p, need, people, lang) for p in calls],
                    None if hole is None else UnfilledSlot(hole.posting, hole.slot, describe(hole.why, lang),
                                                           hole.missing, need.block),
                    backups)
    assignments = [a for calls, _hole, _b in slots.values() for a in calls]
    assignments.sort(key=lambda a: (a.posting_id, a.slot, a.rank))
    holes = [hole for k in sorted(slots) for hole in [slots[k][1]] if hole is not None]
    backup_of = {(n.posting, slot.key): [] for n in needs for slot in n.slots}
    for k, (_calls, _hole, backups) in slots.items():
        ni, si = model.slot_of[k]
        backup_of[(needs[ni].posting, needs[ni].slots[si].key)] = backups
    return PlanResult(assignments, holes, stats, backup_of), Worded(model, picked, sc, slots, people)


def _assignment(p: Planned, need: Need, people: Mapping[int, tuple[str, str]], lang: str) -> Assignment:
    name, phone = people.get(p.row, ("", ""))
    return Assignment(p.posting, p.slot, p.registrant, p.rank, [describe(c, lang) for c in p.reasons],
                      name=name, phone=phone, place=need.place, block=need.block, position=p.position,
                      score=p.score, posting_key=need.key, registrant_key=p.row)
