"""One person, several records: registrant ids with their source, merges and unmerges.

A registrant is named ``SOURCE:登録ID`` (a bare 登録ID works while it is unique across sources).
Merged registrants share a person (``Registrant.person_id`` points at the head record); a merge is
a ``PersonMerge`` event that records what it changed, so an unmerge restores every row exactly.
Nothing is ever deleted. "Not the same person" is remembered in ``PersonDistinct``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desk.core.placement import BOOKED, PlacementRefused, Span
from desk.core.registrant_fields import MERGE_FIELDS
from desk.store.db import Database
from desk.store.models import (
    DEFAULT_SOURCE,
    PersonDistinct,
    PersonMerge,
    Placement,
    PlacementSlot,
    Posting,
    Registrant,
    utcnow,
)


class PersonRefused(PlacementRefused):
    """A person operation that cannot be done; the message says why in plain words."""

    code = "person"


class UnknownRegistrant(PersonRefused):
    code = "not_found"


class AmbiguousRegistrant(UnknownRegistrant):
    code = "ambiguous"


class MergeDoubleBooking(PersonRefused):
    code = "double_booking"


def qualified(source: str, source_id: str) -> str:
    """How a registrant is shown: ``SOURCE:登録ID``; the default source's ids stay bare."""
    return source_id if not source or source == DEFAULT_SOURCE else f"{source}:{source_id}"


def full_id(source: str, source_id: str) -> str:
    """``SOURCE:登録ID`` always (the default source too): what JSON and round trips use."""
    return f"{source or DEFAULT_SOURCE}:{source_id}"


def shared_default_ids(s: Session, source_ids: Iterable[str] | None = None) -> set[str]:
    """登録IDs of the default source that another source also holds: those are shown qualified too,
    so every id shown names one registrant. ``source_ids`` limits the question (None: all)."""
    q = select(Registrant.source_id).where(Registrant.source != DEFAULT_SOURCE).distinct()
    if source_ids is None:
        return set(s.scalars(q))
    wanted = list(set(source_ids))
    out: set[str] = set()
    for start in range(0, len(wanted), 1000):
        out.update(s.scalars(q.where(Registrant.source_id.in_(wanted[start:start + 1000]))))
    return out


def shown(source: str, source_id: str, shared: set[str]) -> str:
    """How a registrant is shown: bare for the default source unless another source has the id."""
    return full_id(source, source_id) if source_id in shared else qualified(source, source_id)


def label_of(reg: Registrant, s: Session | None = None) -> str:
    """One registrant as shown; with a session the default source's shared ids come out qualified."""
    if s is not None and reg.source == DEFAULT_SOURCE and shared_default_ids(s, [reg.source_id]):
        return full_id(reg.source, reg.source_id)
    return qualified(reg.source, reg.source_id)


def resolve(s: Session, text: str, *, lock: bool = False,
            not_found: type[Exception] = UnknownRegistrant) -> Registrant:
    """The registrant ``text`` names: ``SOURCE:登録ID`` exactly, or a bare 登録ID unique across sources."""
    text = (text or "").strip()
    q = select(Registrant).where(Registrant.source_id == text)
    rows = list(s.scalars(q.with_for_update() if lock else q))
    if not rows and ":" in text:
        source, sid = text.split(":", 1)
        q = select(Registrant).where(Registrant.source == source, Registrant.source_id == sid)
        rows = list(s.scalars(q.with_for_update() if lock else q))
    if not rows:
        raise not_found(f"no registrant with 登録ID {text} (write SOURCE:登録ID to name one source)")
    if len(rows) > 1:
        names = ", ".join(sorted(f"{r.source}:{r.source_id}" for r in rows))
        raise AmbiguousRegistrant(f"登録ID {text} is in several sources ({names}): write SOURCE:登録ID")
    reg = rows[0]
    if lock and reg.person_id is not None:
        # Confirmations under two records of one person are serialised on the person's head record.
        s.scalars(select(Registrant.id).where(Registrant.id == reg.person_id).with_for_update()).all()
    return reg


def person_key(reg: Registrant) -> int:
    return reg.person_id if reg.person_id is not None else reg.id


def person_members(s: Session, reg: Registrant | int) -> list[int]:
    """Registrant ids of the person ``reg`` belongs to (itself included), smallest first."""
    if isinstance(reg, int):
        found = s.get(Registrant, reg)
        if found is None:
            return [reg]
        reg = found
    key = person_key(reg)
    return sorted(s.scalars(select(Registrant.id).where(or_(Registrant.id == key, Registrant.person_id == key))))


def person_of_text(s: Session, text: str, *, not_found: type[Exception] | None = None) -> list[int]:
    """Registrant ids of the person a typed id names (history, call attempts of the whole person);
    an unknown id gives [] (a filter that matches nothing) unless ``not_found`` is given."""
    try:
        return person_members(s, resolve(s, text, not_found=not_found or UnknownRegistrant))
    except AmbiguousRegistrant:
        raise
    except UnknownRegistrant:
        return []


# --- merging ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MergeResult:
    merge_id: int
    person: str  # the head record, as shown
    merged: str
    changed: dict[str, tuple[Any, Any]]  # field → (before, after) on the head record


@dataclass(frozen=True)
class UnmergeResult:
    merge_id: int
    person: str
    restored: list[str]


def _booked(s: Session, ids: Sequence[int]) -> list[tuple[PlacementSlot, str]]:
    q = (select(PlacementSlot, Posting.source_id)
         .join(Placement, Placement.id == PlacementSlot.placement_id)
         .join(Posting, Posting.id == Placement.posting_id)
         .where(PlacementSlot.registrant_id.in_(list(ids)), PlacementSlot.state.in_([b.value for b in BOOKED])))
    return [(ps, str(sid)) for ps, sid in s.execute(q).all()]


def _slot_text(ps: PlacementSlot, posting: str) -> str:
    return f"posting {posting} {ps.date:%Y-%m-%d} {ps.start:%H:%M}-{ps.end:%H:%M}"


def _check_no_double_booking(s: Session, left: Sequence[int], right: Sequence[int]) -> None:
    mine = _booked(s, left)
    theirs = _booked(s, right)
    clashes = []
    for a, pa in mine:
        sa = Span.of(a.date, a.start, a.end)
        for b, pb in theirs:
            if sa.overlaps(Span.of(b.date, b.start, b.end)):
                clashes.append(f"{_slot_text(a, pa)} and {_slot_text(b, pb)}")
    if clashes:
        raise MergeDoubleBooking("the two records are confirmed on overlapping slots: " + "; ".join(clashes)
                                 + " — cancel one booking before merging")


def _value(reg: Registrant, name: str) -> Any:
    value = getattr(reg, name)
    return list(value) if isinstance(value, list) else value


def _newest(a: Registrant, b: Registrant) -> tuple[Registrant, Registrant]:
    """(newer, older) by last change from an import, then by id."""
    ka = (a.changed_at or dt.datetime.min, a.id)
    kb = (b.changed_at or dt.datetime.min, b.id)
    return (a, b) if ka >= kb else (b, a)


def choose_values(head: Registrant, other: Registrant, keep: Registrant | None = None,
                  picks: dict[str, Registrant] | None = None) -> dict[str, Any]:
    """The person's values per field: ``picks`` per field, else ``keep``'s, else the newest record's
    (the other's when the newest leaves a field blank)."""
    out: dict[str, Any] = {}
    for group in MERGE_FIELDS:
        chosen = next((picks[f] for f in group if f in (picks or {})), None) if picks else None
        if chosen is None:
            if keep is not None:
                chosen = keep
            else:
                newer, older = _newest(head, other)
                chosen = newer if any(_value(newer, f) not in (None, "", []) for f in group) else older
        for f in group:
            out[f] = _value(chosen, f)
    return out


def merge(db: Database, a: str, b: str, *, keep: str | None = None, picks: dict[str, str] | None = None,
          coordinator: str = "") -> MergeResult:
    """Make the persons of ``a`` and ``b`` one; ``keep`` (a or b) gives every field, ``picks`` maps a
    field to the id whose value wins; otherwise the newest value per field."""
    with db.write() as s:
        ra, rb = resolve(s, a, lock=True), resolve(s, b, lock=True)
        if ra.id == rb.id:
            raise PersonRefused(f"{a} and {b} are the same record: nothing to merge")
        if person_key(ra) == person_key(rb):
            raise PersonRefused(f"{label_of(ra)} and {label_of(rb)} are already one person")
        by_text = {a: ra, b: rb, label_of(ra): ra, label_of(rb): rb,
                   full_id(ra.source, ra.source_id): ra, full_id(rb.source, rb.source_id): rb}
        keep_reg = None
        if keep is not None:
            keep_reg = by_text.get(keep)
            if keep_reg is None:
                raise PersonRefused(f"--keep {keep}: expected one of {label_of(ra)} or {label_of(rb)}")
        pick_regs: dict[str, Registrant] = {}
        known = [f for g in MERGE_FIELDS for f in g]
        for fld, who in (picks or {}).items():
            if fld not in known:
                raise PersonRefused(f"{fld}: not a field a merge chooses; expected one of {', '.join(known)}")
            if who not in by_text:
                raise PersonRefused(f"{fld}={who}: expected {label_of(ra)} or {label_of(rb)}")
            pick_regs[fld] = by_text[who]
        head_id = person_key(keep_reg) if keep_reg is not None else min(person_key(ra), person_key(rb))
        other_id = person_key(rb) if head_id == person_key(ra) else person_key(ra)
        head, other_head = s.get(Registrant, head_id), s.get(Registrant, other_id)
        assert head is not None and other_head is not None
        left, right = person_members(s, head), person_members(s, other_head)
        _check_no_double_booking(s, left, right)
        base_other = rb if head_id == person_key(ra) else ra
        values = choose_values(head, base_other, keep_reg, pick_regs)
        before = {f: _value(head, f) for f in values if _value(head, f) != values[f]}
        after = {f: values[f] for f in before}
        moved = []
        for rid in right:
            reg = s.get(Registrant, rid)
            assert reg is not None
            moved.append([rid, reg.person_id])
            reg.person_id = head.id
        for f, v in after.items():
            setattr(head, f, v)
        event = PersonMerge(person_id=head.id, merged_id=other_head.id, moved=moved,
                            kept_before=_jsonable(before), kept_after=_jsonable(after),
                            coordinator=coordinator, at=utcnow())
        s.add(event)
        s.flush()
        return MergeResult(event.id, label_of(head, s), label_of(other_head, s),
                           {f: (before[f], after[f]) for f in before})


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}


def unmerge(db: Database, person: str, *, coordinator: str = "") -> UnmergeResult:
    """Undo the latest merge into the person ``person`` names: every row as it was before it."""
    with db.write() as s:
        reg = resolve(s, person, lock=True)
        head_id = person_key(reg)
        event = s.scalars(select(PersonMerge).where(PersonMerge.person_id == head_id, PersonMerge.undone_at.is_(None))
                          .order_by(PersonMerge.id.desc()).limit(1)).first()
        if event is None:
            raise PersonRefused(f"{person} is not a merged person: nothing to unmerge")
        head = s.get(Registrant, head_id)
        assert head is not None
        for f, v in event.kept_before.items():
            setattr(head, f, v)
        restored = []
        for rid, old in event.moved:
            r = s.get(Registrant, rid)
            assert r is not None
            r.person_id = old
            restored.append(label_of(r, s))
        event.undone_at, event.undone_by = utcnow(), coordinator
        s.flush()
        return UnmergeResult(event.id, label_of(head, s), restored)


def dismiss(db: Database, a: str, b: str, *, coordinator: str = "") -> None:
    """Remember that ``a`` and ``b`` are not the same person: the pair is not proposed again."""
    with db.write() as s:
        ra, rb = resolve(s, a), resolve(s, b)
        if ra.id == rb.id:
            raise PersonRefused(f"{a} and {b} are the same record")
        lo, hi = sorted((ra.id, rb.id))
        exists = s.scalar(select(PersonDistinct.id).where(PersonDistinct.a_id == lo, PersonDistinct.b_id == hi))
        if exists is None:
            s.add(PersonDistinct(a_id=lo, b_id=hi, coordinator=coordinator, at=utcnow()))


def undismiss(db: Database, a: str, b: str) -> bool:
    """Forget a "not the same person" (undo in the review list); True when there was one."""
    with db.write() as s:
        ra, rb = resolve(s, a), resolve(s, b)
        lo, hi = sorted((ra.id, rb.id))
        row = s.scalars(select(PersonDistinct).where(PersonDistinct.a_id == lo, PersonDistinct.b_id == hi)).first()
        if row is None:
            return False
        s.delete(row)
        return True


def dismissed_pairs(s: Session) -> frozenset[tuple[int, int]]:
    return frozenset((a, b) for a, b in s.execute(select(PersonDistinct.a_id, PersonDistinct.b_id)).all())
