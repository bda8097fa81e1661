"""Open headcount by region block x occupation (the MHLW 地域別（ブロック単位）・職種別の募集人数一覧).

Counts postings in status ``open`` (公開). A posting's open headcount is its headcount minus the
people booked (confirmed or worked), taken on its emptiest active slot: a placement confirmed for
only some days still leaves the posting open on the others. A posting with no slots subtracts its
booked placements. ``from_date`` leaves out slots before that day (a posting whose slots are all
past counts 0).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, select

from desk.core import prefectures
from desk.core.occupations import Occupation, label
from desk.core.placement import BOOKED
from desk.store.db import Database
from desk.store.models import Placement, PlacementSlot, Posting, PostingSlot

Scheme = Literal["regions", "mhlw"]

#: The block of postings whose prefecture is not known.
UNKNOWN_BLOCK = "不明"


@dataclass(frozen=True)
class Summary:
    scheme: Scheme
    blocks: list[str]  # block names in the customary order (+ 不明 when needed)
    occupations: list[str]  # occupation codes (desk.core.occupations.Occupation)
    open: dict[str, dict[str, int]]  # block -> occupation -> open headcount (every cell present)

    def block_total(self, block: str) -> int:
        return sum(self.open[block].values())

    def occupation_total(self, occupation: str) -> int:
        return sum(row[occupation] for row in self.open.values())

    @property
    def total(self) -> int:
        return sum(self.block_total(b) for b in self.blocks)

    def to_json(self) -> dict[str, Any]:
        return {"scheme": self.scheme, "blocks": self.blocks, "occupations": self.occupations,
                "open": self.open, "total": self.total}

    def table(self) -> list[list[Any]]:
        """Header row (ブロック, occupation labels, 計), one row per block, then the 計 row."""
        rows: list[list[Any]] = [["ブロック", *(_occupation_label(o) for o in self.occupations), "計"]]
        for b in self.blocks:
            rows.append([b, *(self.open[b][o] for o in self.occupations), self.block_total(b)])
        rows.append(["計", *(self.occupation_total(o) for o in self.occupations), self.total])
        return rows


def _occupation_label(code: str) -> str:
    return label(code) if code in _CODES else (code or "不明")


_CODES = frozenset(o.value for o in Occupation)


def _block_of(posting_pref: str | None, prefecture_name: str, scheme: Scheme) -> str:
    code = posting_pref
    if not code and prefecture_name:
        found = prefectures.find_prefecture(prefecture_name)
        code = found.code if found else None
    if not code or code not in prefectures.PREFECTURES:
        return UNKNOWN_BLOCK
    return prefectures.block8(code) if scheme == "regions" else prefectures.mhlw_area(code)


def summary(db: Database, *, blocks: Scheme = "regions", from_date: dt.date | None = None,
            prefs: Collection[str] | None = None, occupation_codes: Collection[str] | None = None) -> Summary:
    """Open headcount of 公開 postings by block (``regions``: the 8 regions; ``mhlw``: the regional
    bureau areas) x occupation; ``prefs``/``occupation_codes`` count only postings in them."""
    if blocks not in ("regions", "mhlw"):
        raise ValueError(f"blocks must be regions or mhlw, not {blocks!r}")
    names = list(prefectures.BLOCKS_8 if blocks == "regions" else prefectures.MHLW_AREAS)
    booked_states = [b.value for b in BOOKED]
    with db.session() as s:
        q = select(Posting.id, Posting.pref_code, Posting.prefecture, Posting.occupation,
                   Posting.headcount).where(Posting.status == "open")
        if prefs:
            q = q.where(Posting.pref_code.in_(sorted(prefs)))
        if occupation_codes:
            q = q.where(Posting.occupation.in_(sorted(occupation_codes)))
        postings = s.execute(q).all()
        slots: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
        for sid, pid, day in s.execute(
                select(PostingSlot.id, PostingSlot.posting_id, PostingSlot.date)
                .join(Posting, Posting.id == PostingSlot.posting_id)
                .where(Posting.status == "open", PostingSlot.active.is_(True))):
            slots[pid].append((sid, day))
        per_slot = dict(s.execute(
            select(PlacementSlot.slot_id, func.count())
            .join(PostingSlot, PostingSlot.id == PlacementSlot.slot_id)
            .join(Posting, Posting.id == PostingSlot.posting_id)
            .where(Posting.status == "open", PlacementSlot.state.in_(booked_states))
            .group_by(PlacementSlot.slot_id)).all())
        per_posting = dict(s.execute(
            select(Placement.posting_id, func.count())
            .join(Posting, Posting.id == Placement.posting_id)
            .where(Posting.status == "open", Placement.state.in_(booked_states))
            .group_by(Placement.posting_id)).all())
        has_any_slot = set(s.scalars(select(PostingSlot.posting_id).join(Posting)
                                     .where(Posting.status == "open").distinct()))

    occupations = [o.value for o in Occupation]
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for pid, pref, pref_name, occ, headcount in postings:
        if pid in has_any_slot:
            current = [sid for sid, day in slots.get(pid, []) if from_date is None or day >= from_date]
            open_n = max((max(0, headcount - per_slot.get(sid, 0)) for sid in current), default=0)
        else:
            open_n = max(0, headcount - per_posting.get(pid, 0))
        block = _block_of(pref, pref_name, blocks)
        occ = occ or ""
        if occ not in occupations:
            occupations.append(occ)
        table[block][occ] += open_n
    if UNKNOWN_BLOCK in table:
        names.append(UNKNOWN_BLOCK)
    return Summary(blocks, names, occupations, {b: {o: table[b][o] for o in occupations} for b in names})


# ----------------------------------------------------------------------------- supply next to demand
@dataclass(frozen=True)
class SupplyRow:
    block: str
    occupation: str
    week: str  # ISO week's Monday, 2021-06-14
    open: int  # open headcount that week (per posting: its emptiest slot that week)
    supply: int  # distinct registrants who could fill one of those slots (qualified, free, within reach)

    @property
    def short(self) -> bool:
        return self.supply < self.open

    def to_json(self) -> dict[str, Any]:
        return {"block": self.block, "occupation": self.occupation, "week": self.week, "open": self.open,
                "supply": self.supply}


def supply(db: Database, *, blocks: Scheme = "regions", from_date: dt.date | None = None) -> list[SupplyRow]:
    """Open headcount and the distinct registrants who could fill it, per block × occupation × week,
    so a shortage shows before anyone phones. "Could fill": the posting's ranking candidates (right
    licence, active, free for one of that week's slots) who live or will work in its block or nearer."""
    import numpy as np

    from desk.core.plan_rank import free_matrix, reachable
    from desk.services.ranking import posting_query, registry_index

    booked_states = [b.value for b in BOOKED]
    with db.session() as s:
        postings = s.execute(select(Posting.id, Posting.source_id, Posting.pref_code, Posting.prefecture,
                                    Posting.occupation, Posting.headcount).where(Posting.status == "open")).all()
        slots: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
        for sid, pid, day in s.execute(select(PostingSlot.id, PostingSlot.posting_id, PostingSlot.date)
                                       .join(Posting, Posting.id == PostingSlot.posting_id)
                                       .where(Posting.status == "open", PostingSlot.active.is_(True))):
            if from_date is None or day >= from_date:
                slots[pid].append((sid, day))
        per_slot = dict(s.execute(select(PlacementSlot.slot_id, func.count())
                                  .where(PlacementSlot.state.in_(booked_states)).group_by(PlacementSlot.slot_id)).all())
    index = registry_index(db)
    open_n: dict[tuple[str, str, str], int] = defaultdict(int)
    people: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for pid, source, pref, pref_name, occ, headcount in postings:
        weeks: dict[str, list[int]] = defaultdict(list)
        for k, (_sid, day) in enumerate(slots.get(pid, [])):
            weeks[(day - dt.timedelta(days=day.weekday())).isoformat()].append(k)
        if not weeks:
            continue
        query = posting_query(db, source)
        rows = reachable(index, query)
        order = [(sid, day) for sid, day in slots[pid]]
        times = {(d, a, b) for d, a, b in query.slots}
        by_date = {d: [(d2, a, b) for d2, a, b in times if d2 == d] for _sid, d in order}
        block = _block_of(pref, pref_name, blocks)
        for week, ks in weeks.items():
            key = (block, occ or "", week)
            open_n[key] += max(max(0, headcount - per_slot.get(order[k][0], 0)) for k in ks)
            week_slots = sorted({t for k in ks for t in by_date[order[k][1]]})
            if len(rows) and week_slots:
                free = free_matrix(index, rows, week_slots, query.posting_id).any(axis=1)
                people[key].update(int(x) for x in index.row_ids[rows[np.flatnonzero(free)]])
    return [SupplyRow(b, o, w, n, len(people[(b, o, w)])) for (b, o, w), n in sorted(open_n.items()) if n > 0]
