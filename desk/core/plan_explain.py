"""A solved board in words: the planned calls with their reasons (scarcity included), and why each
slot left unfilled stays empty. Codes and parameters here; :func:`describe` makes Japanese or
English text of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from desk.core.plan import Model

#: Reason codes → text ({n}, {position}, {score}, {date}, {count} parameters).
_JA = {
    "plan.position": "この募集の候補 {position} 位（スコア {score}）",
    "plan.only_here": "この募集で条件の合う唯一の候補",
    "plan.only_other": "他に未充足 {n} 件で唯一の候補",
    "plan.two_other": "他に未充足 {n} 件で2人しかいない候補の1人",
    "why.no_one": "{date} に条件の合う有資格者が圏内にいない",
    "why.declined": "{date} に条件の合う有資格者がいない（辞退 {count} 人を除く）",
    "why.taken": "{date} の候補 {count} 人は全員ほかの枠に計画済み・確定済み、または週の上限",
    "why.busy": "{date} の候補 {count} 人は全員その時間に勤務できないか、ほかで確定済み",
    "why.short": "{date} の候補が足りない（候補 {count} 人、あと {n} 人必要）",
}
_EN = {
    "plan.position": "candidate no. {position} for this posting (score {score})",
    "plan.only_here": "the only candidate who fits this posting",
    "plan.only_other": "the only candidate for {n} other unfilled posting(s)",
    "plan.two_other": "one of two candidates for {n} other unfilled posting(s)",
    "why.no_one": "no qualified registrant within reach on {date}",
    "why.declined": "no qualified registrant on {date} ({count} declined)",
    "why.taken": "all {count} candidates for {date} are planned or booked elsewhere, or at their weekly limit",
    "why.busy": "all {count} candidates cannot work at that time on {date} or are booked elsewhere",
    "why.short": "not enough candidates on {date} ({count} candidates, {n} more needed)",
}


@dataclass(frozen=True)
class Code:
    code: str
    params: tuple[tuple[str, object], ...] = ()


@lru_cache(maxsize=65536)
def describe(code: Code, lang: str = "ja") -> str:
    """The code in words (cached: a board of 30,000 calls repeats few distinct reasons)."""
    template = (_EN if lang == "en" else _JA).get(code.code, code.code)
    try:
        return template.format(**dict(code.params))
    except (KeyError, IndexError):
        return template


@dataclass(frozen=True)
class Planned:
    posting: str
    slot: str  # OpenSlot.key
    slot_id: int
    registrant: str
    row: int
    rank: int  # call order within the slot: 1 first
    position: int  # place in the posting's own ranking
    score: float
    reasons: tuple[Code, ...]


@dataclass(frozen=True)
class Unfilled:
    posting: str
    slot: str
    slot_id: int
    missing: int
    why: Code


def _day(key: str) -> str:
    """``2021-06-19T09:00`` → ``6/19``."""
    _y, m, d = key[:10].split("-")
    return f"{int(m)}/{int(d)}"


@dataclass(frozen=True)
class Scarcity:
    """Who can still fill each posting, and per registrant the postings they are the only (or one of
    two) fits for: what the scarcity reasons count."""

    rows_of_need: Mapping[int, frozenset[int]]
    only: Mapping[int, int]
    two: Mapping[int, int]


def scarcity(model: Model) -> Scarcity:
    rows_of_need: dict[int, set[int]] = defaultdict(set)
    for v, var in enumerate(model.vars):
        if v not in model.off:
            rows_of_need[var.need].add(var.row)
    # Every posting on the board has unfilled places: count, per registrant, the postings they are
    # the only (or one of two) fits for.
    only: dict[int, int] = defaultdict(int)
    two: dict[int, int] = defaultdict(int)
    for rows in rows_of_need.values():
        for r in rows:
            if len(rows) == 1:
                only[r] += 1
            elif len(rows) == 2:
                two[r] += 1
    return Scarcity({k: frozenset(v) for k, v in rows_of_need.items()}, dict(only), dict(two))


def explain(model: Model, chosen: Iterable[int]) -> tuple[list[Planned], list[Unfilled]]:
    """Every planned call with its reasons, and every slot left short with why."""
    picked, sc = set(chosen), scarcity(model)
    planned: list[Planned] = []
    unfilled: list[Unfilled] = []
    for k in range(len(model.capacity)):
        calls, hole = explain_slot(model, k, picked, sc)
        planned += calls
        if hole is not None:
            unfilled.append(hole)
    return planned, unfilled


def explain_slot(model: Model, k: int, picked: Container[int], sc: Scarcity
                 ) -> tuple[list[Planned], Unfilled | None]:
    """:func:`explain` for the slot of capacity row ``k``."""
    vars_, off = model.vars, model.off
    (vs, places), (ni, si) = model.capacity[k], model.slot_of[k]
    need = model.board.needs[ni]
    slot = need.slots[si]
    key = slot.key
    got = [v for v in vs if v in picked]
    if len(got) > 1:
        got.sort(key=lambda v: need.choices[vars_[v].choice].position)
    here = len(sc.rows_of_need.get(ni, ()))
    planned: list[Planned] = []
    for rank_, v in enumerate(got, 1):
        var = vars_[v]
        c = need.choices[var.choice]
        reasons = [Code("plan.only_here")] if here == 1 else []
        others_only = sc.only.get(var.row, 0) - (here == 1)
        others_two = sc.two.get(var.row, 0) - (here == 2)
        if others_only > 0:
            reasons.append(Code("plan.only_other", (("n", others_only),)))
        if others_two > 0:
            reasons.append(Code("plan.two_other", (("n", others_two),)))
        reasons.append(Code("plan.position", (("position", c.position), ("score", f"{c.score:.2f}"))))
        planned.append(Planned(need.posting, key, slot.slot_id, c.registrant, c.row, rank_, c.position,
                               c.score, tuple(reasons)))
    if len(got) >= places:
        return planned, None
    missing = places - len(got)
    live = tuple(v for v in vs if v not in off)
    return planned, Unfilled(need.posting, key, slot.slot_id, missing, _why(model, ni, si, live, places, missing))


def changed_slots(model: Model, picked: Container[int], sc: Scarcity, before: Model, before_picked: Container[int],
                  before_sc: Scarcity) -> list[int]:
    """Capacity rows whose explanation may differ between two plans of the same variables (a
    model and the same model after :func:`desk.core.plan.absorb`): another pick, places, ruled-out
    variables, posting, or scarcity count of a planned registrant."""
    needs, old_needs = model.board.needs, before.board.needs
    moved_rows = {r for r in set(sc.only) | set(before_sc.only) if sc.only.get(r) != before_sc.only.get(r)}
    moved_rows |= {r for r in set(sc.two) | set(before_sc.two) if sc.two.get(r) != before_sc.two.get(r)}
    newly_off = model.off - before.off
    out = []
    for k, ((vs, places), (ni, _si)) in enumerate(zip(model.capacity, model.slot_of, strict=True)):
        if (places != before.capacity[k][1] or needs[ni] is not old_needs[ni]
                or len(sc.rows_of_need.get(ni, ())) != len(before_sc.rows_of_need.get(ni, ()))
                or any((v in picked) != (v in before_picked) or v in newly_off
                       or (v in picked and model.vars[v].row in moved_rows) for v in vs)):
            out.append(k)
    return out


def _why(model: Model, ni: int, si: int, vs: tuple[int, ...], places: int, missing: int) -> Code:
    need = model.board.needs[ni]
    date = _day(need.slots[si].key)
    if not vs:
        others = [c for c in need.choices if c.row not in need.declined_rows]
        if others:
            return Code("why.busy", (("date", date), ("count", len(others))))
        if need.declined:
            return Code("why.declined", (("date", date), ("count", need.declined)))
        return Code("why.no_one", (("date", date),))
    if len(vs) >= places:
        return Code("why.taken", (("date", date), ("count", len(vs))))
    return Code("why.short", (("date", date), ("count", len(vs)), ("n", missing)))
