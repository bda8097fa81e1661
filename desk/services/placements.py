"""The placement log: transitions, undo, fill and bookings, each in its own transaction.

Every change appends a PlacementEvent; events are never updated or deleted (undo appends a
compensating event). ``PlacementSlot.state`` mirrors its placement's state (docs/CONTRACTS.md).

No double booking holds inside the transaction: the posting and the registrant rows are locked
(SELECT … FOR UPDATE on PostgreSQL; on SQLite ``Database.write()`` takes the write lock with
BEGIN IMMEDIATE) before the registrant's booked slots are read, so two desks confirming the same
person at the same moment are serialised and the second one sees the first one's booking.
Locks are always taken posting first, then registrant, so two writers cannot deadlock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.core.placement import (
    BOOKED,
    CancelledBy,
    PlacementRefused,
    Span,
    State,
    check_exclusion,
    check_transition,
    format_span,
    tight_travel,
)
from desk.services import persons
from desk.services.overrides import exclusion_for, inherited_override
from desk.store.db import Database
from desk.store.models import (
    Placement,
    PlacementEvent,
    PlacementSlot,
    Posting,
    PostingSlot,
    Registrant,
    utcnow,
)

#: ``--slot`` values: a date means every slot of the posting that day, a datetime the slot starting then.
SlotSpec = dt.date | dt.datetime


@dataclass(frozen=True)
class SlotInfo:
    slot_id: int
    date: dt.date
    start: dt.time
    end: dt.time

    @property
    def span(self) -> Span:
        return Span.of(self.date, self.start, self.end)

    @property
    def label(self) -> str:
        return format_span(self.span)


@dataclass(frozen=True)
class Conflict:
    """An existing booking that a confirmation would overlap."""

    slot: SlotInfo  # the slot being confirmed
    other_posting: str  # 募集ID
    other_venue: str
    other_municipality: str
    other_slot: SlotInfo


@dataclass(frozen=True)
class TravelWarning:
    """Same day, another prefecture, less than an hour between: worth a phone call."""

    slot: SlotInfo
    other_posting: str
    other_venue: str
    other_prefecture: str
    other_slot: SlotInfo
    gap_minutes: int
    code: str = "tight_travel"

    @property
    def message(self) -> str:
        return (f"{self.slot.label}: only {self.gap_minutes} min from {self.other_slot.label} at "
                f"{self.other_venue or '?'} ({self.other_prefecture}, posting {self.other_posting})")


@dataclass(frozen=True)
class SlotFill:
    slot_id: int
    date: dt.date
    start: dt.time
    end: dt.time
    active: bool
    headcount: int
    filled: int

    @property
    def open(self) -> int:
        return max(0, self.headcount - self.filled)

    @property
    def over(self) -> int:
        """People booked beyond the headcount."""
        return max(0, self.filled - self.headcount)

    @property
    def label(self) -> str:
        return format_span(Span.of(self.date, self.start, self.end))


@dataclass(frozen=True)
class PostingFill:
    posting_source_id: str
    headcount: int
    slots: list[SlotFill]

    @property
    def active_slots(self) -> list[SlotFill]:
        return [s for s in self.slots if s.active]

    @property
    def filled_total(self) -> int:
        return sum(min(s.filled, s.headcount) for s in self.active_slots)

    @property
    def needed_total(self) -> int:
        return self.headcount * len(self.active_slots)

    @property
    def rate(self) -> float:
        """Share of the needed slot positions that are booked (0.0–1.0)."""
        return self.filled_total / self.needed_total if self.needed_total else 0.0

    @property
    def open(self) -> int:
        """People still needed: the most open places on any active slot."""
        return max((s.open for s in self.active_slots), default=0)

    @property
    def over(self) -> int:
        """People booked beyond the headcount: the most on any active slot."""
        return max((s.over for s in self.active_slots), default=0)


@dataclass(frozen=True)
class TransitionResult:
    placement_id: int
    event_id: int
    posting_source_id: str
    registrant_source_id: str
    old_state: State | None
    new_state: State
    slots: list[SlotInfo]
    warnings: list[TravelWarning] = field(default_factory=list)
    #: Slots now booked beyond the headcount (only when ``over=True`` allowed it).
    over: list[SlotFill] = field(default_factory=list)
    undoes_event_id: int | None = None
    override_reason: str = ""


@dataclass(frozen=True)
class Booking:
    placement_id: int
    posting_source_id: str
    municipality: str
    prefecture: str
    venue: str
    state: State
    slot: SlotInfo


class NotFound(PlacementRefused):
    code = "not_found"


class UnknownSlot(PlacementRefused):
    code = "unknown_slot"


class DoubleBooking(PlacementRefused):
    code = "double_booking"

    def __init__(self, registrant: str, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        parts = [f"{c.slot.label} overlaps {c.other_slot.label} at {c.other_venue or '?'}"
                 f" ({c.other_municipality or '?'}, posting {c.other_posting})" for c in conflicts]
        super().__init__(f"registrant {registrant} is already confirmed elsewhere: " + "; ".join(parts))


class OverHeadcount(PlacementRefused):
    code = "over_headcount"

    def __init__(self, posting: str, slots: list[SlotFill]) -> None:
        self.slots = slots
        parts = [f"{s.label} ({s.filled}/{s.headcount} booked)" for s in slots]
        super().__init__(f"posting {posting} is already full on " + ", ".join(parts)
                         + "; confirm anyway with --over")


class UndoRefused(PlacementRefused):
    code = "undo"


# --- transitions --------------------------------------------------------------------------------

def transition(db: Database, posting_source_id: str, registrant_source_id: str, new_state: State | str, *,
               slots: Sequence[SlotSpec] | None = None, note: str = "", coordinator: str = "",
               cancelled_by: CancelledBy | str | None = None, over: bool = False,
               override: str = "") -> TransitionResult:
    """Record one change of the placement of a registrant on a posting (created on first use).

    ``slots`` (``--slot``) sets the posting slots the placement covers from now on; without it an
    existing placement keeps its slots and a new one covers every active slot of the posting.
    Raises TransitionRefused (with the allowed states), DoubleBooking, OverHeadcount (unless
    ``over``), UnknownSlot or NotFound; nothing is written then. A registrant the ranking
    excludes for this posting needs ``override`` (a reason, stored on the event) to be accepted or
    confirmed (OverrideRequired); a withdrawn one is refused (RegistrantWithdrawn).
    """
    state = State(new_state)
    by = CancelledBy(cancelled_by) if cancelled_by else None
    if by is not None and state is not State.CANCELLED:
        raise PlacementRefused("--cancelled-by goes with the state cancelled only")
    exclusion = exclusion_for(db, posting_source_id, registrant_source_id, state)
    with db.write() as s:
        posting, registrant = _lock(s, posting_source_id, registrant_source_id)
        placement = s.scalars(select(Placement).where(
            Placement.posting_id == posting.id, Placement.registrant_id == registrant.id)).one_or_none()
        current = State(placement.state) if placement else None
        check_transition(current, state, by)
        override_reason = check_exclusion(registrant_source_id, posting_source_id, state,
                                          exclusion[0] if exclusion else None, exclusion[1] if exclusion else "",
                                          override, inherited_override(s, placement))
        if slots:
            chosen = _resolve_slots(posting, slots)
        elif placement is not None and placement.slots:
            chosen = _slot_infos(s, [ps.slot_id for ps in placement.slots])
        else:
            chosen = [_info(x) for x in posting.slots if x.active]
        return _apply(s, posting, registrant, placement, state, chosen, by, coordinator, note, over,
                      override=override_reason)


def undo(db: Database, event_id: int, *, coordinator: str = "", note: str = "",
         over: bool = False) -> TransitionResult:
    """Append an event that puts the placement back as it was before ``event_id``.

    Only the placement's latest change still in effect can be undone (undo the later ones first);
    an undo event itself is not undone (log the change again instead). Undoing the event that
    created a placement leaves it withdrawn. Going back to confirmed checks double booking again.
    """
    with db.write() as s:
        ev = s.get(PlacementEvent, event_id)
        if ev is None:
            raise NotFound(f"no event #{event_id}")
        placement = s.get(Placement, ev.placement_id)
        assert placement is not None
        posting_sid = s.scalar(select(Posting.source_id).where(Posting.id == placement.posting_id))
        reg = s.get(Registrant, placement.registrant_id)
        assert reg is not None
        posting, registrant = _lock(s, str(posting_sid), persons.full_id(reg.source, reg.source_id))
        s.refresh(placement)
        if ev.undoes_event_id is not None:
            raise UndoRefused(f"event #{event_id} is itself an undo (of #{ev.undoes_event_id}); "
                              "log the change again instead")
        stack = effective_events(s.scalars(select(PlacementEvent).where(
            PlacementEvent.placement_id == placement.id).order_by(PlacementEvent.id)).all())
        if not stack or stack[-1].id != ev.id:
            later = stack[-1].id if stack else "?"
            raise UndoRefused(f"event #{event_id} is not the latest change of this placement; "
                              f"undo #{later} first")
        prev = stack[-2] if len(stack) > 1 else None
        target = State(ev.old_state) if ev.old_state else State.WITHDRAWN
        slot_ids = list((prev or ev).slot_ids)
        by = CancelledBy(prev.cancelled_by) if prev and target is State.CANCELLED and prev.cancelled_by else None
        return _apply(s, posting, registrant, placement, target, _slot_infos(s, slot_ids), by,
                      coordinator, note or f"undo #{ev.id}", over, undoes=ev.id)


def undo_last(db: Database, *, coordinator: str | None = None, posting_source_id: str | None = None,
              registrant_source_id: str | None = None, note: str = "", over: bool = False) -> TransitionResult:
    """Undo the newest change still in effect, by ``coordinator`` when given (Ctrl+Z in the window),
    optionally only on one posting and/or registrant. Repeated calls walk further back."""
    with db.session() as s:
        q = select(PlacementEvent).join(Placement).where(PlacementEvent.undoes_event_id.is_(None))
        if coordinator is not None:
            q = q.where(PlacementEvent.coordinator == coordinator)
        if posting_source_id is not None:
            q = q.join(Posting, Posting.id == Placement.posting_id).where(Posting.source_id == posting_source_id)
        if registrant_source_id is not None:
            q = q.where(Placement.registrant_id.in_(persons.person_of_text(s, registrant_source_id)))
        tops: dict[int, int | None] = {}
        found: int | None = None
        for ev in s.scalars(q.order_by(PlacementEvent.id.desc()).limit(500)):
            if ev.placement_id not in tops:
                stack = effective_events(s.scalars(select(PlacementEvent).where(
                    PlacementEvent.placement_id == ev.placement_id).order_by(PlacementEvent.id)).all())
                tops[ev.placement_id] = stack[-1].id if stack else None
            if tops[ev.placement_id] == ev.id:
                found = ev.id
                break
    if found is None:
        raise UndoRefused("nothing to undo")
    return undo(db, found, coordinator=coordinator or "", note=note, over=over)


class _Undoable(Protocol):
    id: int
    undoes_event_id: int | None


E = TypeVar("E", bound=_Undoable)


def effective_events(events: Sequence[E]) -> list[E]:
    """The events still in effect, oldest first: each undo removes the event it compensates."""
    stack: list[E] = []
    for ev in events:
        if ev.undoes_event_id is None:
            stack.append(ev)
        elif stack and stack[-1].id == ev.undoes_event_id:
            stack.pop()
    return stack


def _lock(s: Session, posting_source_id: str, registrant_source_id: str) -> tuple[Posting, Registrant]:
    posting = s.scalars(select(Posting).where(Posting.source_id == posting_source_id)
                        .with_for_update()).one_or_none()
    if posting is None:
        raise NotFound(f"no posting with 募集ID {posting_source_id}")
    return posting, persons.resolve(s, registrant_source_id, lock=True, not_found=NotFound)


def _info(slot: PostingSlot | PlacementSlot) -> SlotInfo:
    slot_id = slot.slot_id if isinstance(slot, PlacementSlot) else slot.id
    return SlotInfo(slot_id, slot.date, slot.start, slot.end)


def _slot_infos(s: Session, slot_ids: Iterable[int]) -> list[SlotInfo]:
    ids = list(slot_ids)
    rows = s.scalars(select(PostingSlot).where(PostingSlot.id.in_(ids))).all() if ids else []
    return sorted((_info(r) for r in rows), key=lambda x: (x.date, x.start))


def _resolve_slots(posting: Posting, specs: Sequence[SlotSpec]) -> list[SlotInfo]:
    chosen: dict[int, SlotInfo] = {}
    for spec in specs:
        if isinstance(spec, dt.datetime):
            hits = [x for x in posting.slots if x.date == spec.date() and x.start == spec.time()]
        else:
            hits = [x for x in posting.slots if x.date == spec and x.active]
        if not hits:
            known = ", ".join(_info(x).label for x in posting.slots if x.active) or "none"
            raise UnknownSlot(f"posting {posting.source_id} has no slot at {spec:%Y-%m-%d %H:%M}"
                              if isinstance(spec, dt.datetime) else
                              f"posting {posting.source_id} has no slot on {spec:%Y-%m-%d}; its slots: {known}")
        for x in hits:
            chosen[x.id] = _info(x)
    return sorted(chosen.values(), key=lambda x: (x.date, x.start))


def _apply(s: Session, posting: Posting, registrant: Registrant, placement: Placement | None, state: State,
           chosen: list[SlotInfo], by: CancelledBy | None, coordinator: str, note: str, over: bool,
           undoes: int | None = None, override: str = "") -> TransitionResult:
    old = State(placement.state) if placement else None
    warnings: list[TravelWarning] = []
    beyond: list[SlotFill] = []
    if state in BOOKED:
        if not chosen:
            raise UnknownSlot(f"posting {posting.source_id} has no slots to confirm")
        warnings = _check_double_booking(s, registrant, placement, chosen, posting)
        already = {ps.slot_id for ps in placement.slots} if placement and old in BOOKED else set()
        beyond = _beyond_headcount(s, posting, placement, [c for c in chosen if c.slot_id not in already])
        if beyond and not over:
            raise OverHeadcount(posting.source_id, beyond)
    now = utcnow()
    if placement is None:
        placement = Placement(posting_id=posting.id, registrant_id=registrant.id, created_at=now)
        s.add(placement)
    placement.state = state.value
    placement.cancelled_by = by.value if state is State.CANCELLED and by else None
    placement.updated_at = now
    wanted = {c.slot_id: c for c in chosen}
    for ps in list(placement.slots):
        if ps.slot_id not in wanted:
            placement.slots.remove(ps)
    have = {ps.slot_id for ps in placement.slots}
    for c in chosen:
        if c.slot_id not in have:
            placement.slots.append(PlacementSlot(slot_id=c.slot_id, registrant_id=registrant.id,
                                                 date=c.date, start=c.start, end=c.end))
    for ps in placement.slots:
        ps.state = state.value
    s.flush()
    event = PlacementEvent(placement_id=placement.id, old_state=old.value if old else None, new_state=state.value,
                           slot_ids=[c.slot_id for c in chosen], cancelled_by=placement.cancelled_by,
                           coordinator=coordinator, at=now, note=note, undoes_event_id=undoes,
                           override_reason=override)
    s.add(event)
    s.flush()
    return TransitionResult(placement.id, event.id, posting.source_id, persons.label_of(registrant, s), old, state,
                            chosen, warnings, [_bump(f) for f in beyond], undoes, override)


def _bump(fill: SlotFill) -> SlotFill:
    return SlotFill(fill.slot_id, fill.date, fill.start, fill.end, fill.active, fill.headcount, fill.filled + 1)


def _check_double_booking(s: Session, registrant: Registrant, placement: Placement | None,
                          chosen: list[SlotInfo], posting: Posting) -> list[TravelWarning]:
    """Raise DoubleBooking when a chosen slot overlaps one the registrant is booked for elsewhere;
    return the tight-travel warnings otherwise."""
    lo = min(c.date for c in chosen) - dt.timedelta(days=1)
    hi = max(c.date for c in chosen) + dt.timedelta(days=1)
    q = (select(PlacementSlot, Posting)
         .join(Placement, Placement.id == PlacementSlot.placement_id)
         .join(Posting, Posting.id == Placement.posting_id)
         .where(PlacementSlot.registrant_id.in_(persons.person_members(s, registrant)),  # every record of the person
                PlacementSlot.state.in_([b.value for b in BOOKED]),
                PlacementSlot.date.between(lo, hi)))
    if placement is not None and placement.id is not None:
        q = q.where(PlacementSlot.placement_id != placement.id)
    booked = [(_info(ps), p) for ps, p in s.execute(q).all()]
    conflicts: list[Conflict] = []
    warnings: list[TravelWarning] = []
    own_pref = posting.pref_code or posting.prefecture
    for c in chosen:
        for other, p in booked:
            if c.span.overlaps(other.span):
                conflicts.append(Conflict(c, p.source_id, p.venue_name, _municipality(p), other))
            elif tight_travel(c.span, own_pref, other.span, p.pref_code or p.prefecture):
                gap = int(c.span.gap(other.span).total_seconds() // 60)
                warnings.append(TravelWarning(c, p.source_id, p.venue_name, p.prefecture or p.pref_code or "",
                                              other, gap))
    if conflicts:
        raise DoubleBooking(persons.label_of(registrant, s), conflicts)
    return warnings


def _beyond_headcount(s: Session, posting: Posting, placement: Placement | None,
                      adding: list[SlotInfo]) -> list[SlotFill]:
    if not adding:
        return []
    counts = _booked_counts(s, [c.slot_id for c in adding], exclude=placement.id if placement else None)
    actives = {x.id: x.active for x in posting.slots}
    return [SlotFill(c.slot_id, c.date, c.start, c.end, actives.get(c.slot_id, False), posting.headcount,
                     counts.get(c.slot_id, 0))
            for c in adding if counts.get(c.slot_id, 0) + 1 > posting.headcount]


def _booked_counts(s: Session, slot_ids: list[int], exclude: int | None = None) -> dict[int, int]:
    q = (select(PlacementSlot.slot_id, func.count())
         .where(PlacementSlot.slot_id.in_(slot_ids), PlacementSlot.state.in_([b.value for b in BOOKED]))
         .group_by(PlacementSlot.slot_id))
    if exclude is not None:
        q = q.where(PlacementSlot.placement_id != exclude)
    return {sid: int(n) for sid, n in s.execute(q).all()}


def _municipality(p: Posting) -> str:
    return p.municipality_name or f"{p.prefecture}{p.city}"


# --- reading ------------------------------------------------------------------------------------

def fill_per_slot(db: Database, posting_source_id: str) -> PostingFill:
    """How many people are booked (confirmed or worked) on each slot of a posting, against its headcount."""
    with db.session() as s:
        posting = s.scalars(select(Posting).where(Posting.source_id == posting_source_id)).one_or_none()
        if posting is None:
            raise NotFound(f"no posting with 募集ID {posting_source_id}")
        counts = _booked_counts(s, [x.id for x in posting.slots]) if posting.slots else {}
        fills = [SlotFill(x.id, x.date, x.start, x.end, x.active, posting.headcount, counts.get(x.id, 0))
                 for x in posting.slots]
        return PostingFill(posting.source_id, posting.headcount, fills)


def bookings_of(db: Database, registrant_source_id: str, *, states: Iterable[State | str] = BOOKED,
                since: dt.date | None = None) -> list[Booking]:
    """The registrant's slots in the given states (default: booked), by date and time."""
    wanted = [State(x).value for x in states]
    with db.session() as s:
        rids = persons.person_of_text(s, registrant_source_id, not_found=NotFound)
        q = (select(PlacementSlot, Posting)
             .join(Placement, Placement.id == PlacementSlot.placement_id)
             .join(Posting, Posting.id == Placement.posting_id)
             .where(PlacementSlot.registrant_id.in_(rids), PlacementSlot.state.in_(wanted))
             .order_by(PlacementSlot.date, PlacementSlot.start))
        if since is not None:
            q = q.where(PlacementSlot.date >= since)
        return [Booking(ps.placement_id, p.source_id, _municipality(p), p.prefecture, p.venue_name,
                        State(ps.state), _info(ps)) for ps, p in s.execute(q).all()]


@dataclass(frozen=True)
class EventRow:
    id: int
    placement_id: int
    posting_source_id: str
    registrant_source_id: str
    registrant_name: str
    old_state: State | None
    new_state: State
    cancelled_by: CancelledBy | None
    slots: list[SlotInfo]
    coordinator: str
    at: dt.datetime  # timezone-aware (UTC); ``.astimezone()`` gives the local time
    note: str
    undoes_event_id: int | None
    override_reason: str = ""


def placement_state(db: Database, posting_source_id: str, registrant_source_id: str) -> State | None:
    """The current state of a registrant's placement on a posting; None when never proposed."""
    with db.session() as s:
        rid = persons.resolve(s, registrant_source_id, not_found=NotFound).id
        value = s.scalar(select(Placement.state)
                         .join(Posting, Posting.id == Placement.posting_id)
                         .where(Posting.source_id == posting_source_id, Placement.registrant_id == rid))
        return State(value) if value else None


def local_day_start_utc(day: dt.date) -> dt.datetime:
    """Midnight of a local calendar day as the naive UTC datetime the log stores."""
    return dt.datetime.combine(day, dt.time(0)).astimezone().astimezone(dt.UTC).replace(tzinfo=None)


def events(db: Database, *, posting_source_id: str | None = None, registrant_source_id: str | None = None,
           coordinator: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
           placement_ids: Iterable[int] | None = None, limit: int | None = None) -> list[EventRow]:
    """Events of the log, oldest first; ``since``/``until`` are local days (inclusive); ``limit``
    keeps the newest ones."""
    with db.session() as s:
        q = (select(PlacementEvent, Posting.source_id, Registrant.source_id, Registrant.name, Registrant.source)
             .join(Placement, Placement.id == PlacementEvent.placement_id)
             .join(Posting, Posting.id == Placement.posting_id)
             .join(Registrant, Registrant.id == Placement.registrant_id))
        if posting_source_id is not None:
            q = q.where(Posting.source_id == posting_source_id)
        if registrant_source_id is not None:
            q = q.where(Registrant.id.in_(persons.person_of_text(s, registrant_source_id)))  # the whole person
        if coordinator is not None:
            q = q.where(PlacementEvent.coordinator == coordinator)
        if since is not None:
            q = q.where(PlacementEvent.at >= local_day_start_utc(since))
        if until is not None:
            q = q.where(PlacementEvent.at < local_day_start_utc(until + dt.timedelta(days=1)))
        if placement_ids is not None:
            q = q.where(PlacementEvent.placement_id.in_(list(placement_ids)))
        q = q.order_by(PlacementEvent.id.desc())
        if limit is not None:
            q = q.limit(limit)
        rows = list(reversed(s.execute(q).all()))
        slot_ids = {sid for ev, *_ in rows for sid in ev.slot_ids}
        infos = {x.slot_id: x for x in _slot_infos(s, slot_ids)}
        shared = persons.shared_default_ids(s, [rsid for _ev, _p, rsid, _n, _src in rows])
        return [EventRow(ev.id, ev.placement_id, psid, persons.shown(source, rsid, shared), name,
                         State(ev.old_state) if ev.old_state else None, State(ev.new_state),
                         CancelledBy(ev.cancelled_by) if ev.cancelled_by else None,
                         sorted((infos[i] for i in ev.slot_ids if i in infos), key=lambda x: (x.date, x.start)),
                         ev.coordinator, ev.at.replace(tzinfo=dt.UTC), ev.note, ev.undoes_event_id,
                         ev.override_reason or "")
                for ev, psid, rsid, name, source in rows]
