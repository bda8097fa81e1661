"""A solved board in words: the planned calls with their reasons (scarcity included), and why each
slot left unfilled stays empty. Codes and parameters here; :func:`describe` makes Japanese or
English text of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

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


def describe(code: Code, lang: str = "ja") -> str:
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


def explain(model: Model, chosen: Iterable[int]) -> tuple[list[Planned], list[Unfilled]]:
    board, picked = model.board, set(chosen)
    needs = board.needs
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
    planned: list[Planned] = []
    unfilled: list[Unfilled] = []
    for (vs, places), (ni, si) in zip(model.capacity, model.slot_of, strict=True):
        need, slot = needs[ni], needs[ni].slots[si]
        got = sorted((v for v in vs if v in picked), key=lambda v: need.choices[model.vars[v].choice].position)
        for k, v in enumerate(got, 1):
            var = model.vars[v]
            c = need.choices[var.choice]
            reasons = []
            here = len(rows_of_need[ni])
            if here == 1:
                reasons.append(Code("plan.only_here"))
            others_only = only[var.row] - (here == 1)
            others_two = two[var.row] - (here == 2)
            if others_only > 0:
                reasons.append(Code("plan.only_other", (("n", others_only),)))
            if others_two > 0:
                reasons.append(Code("plan.two_other", (("n", others_two),)))
            reasons.append(Code("plan.position", (("position", c.position), ("score", f"{c.score:.2f}"))))
            planned.append(Planned(need.posting, slot.key, slot.slot_id, c.registrant, c.row, k, c.position,
                                   c.score, tuple(reasons)))
        if len(got) < places:
            missing = places - len(got)
            live = tuple(v for v in vs if v not in model.off)
            unfilled.append(Unfilled(need.posting, slot.key, slot.slot_id, missing,
                                     _why(model, ni, si, live, places, missing)))
    return planned, unfilled


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
