"""Re-contact: when an import changes a posting under people proposed, accepted or confirmed on it.

The importer records each change of a posting (``PostingChange``); :func:`flag_changes` turns the
changes of one import batch to dates, hours, headcount and status into one re-contact item per
placement the posting holds in a live state, saying what changed (removed slot 6/19, hours 9-12 →
13-17, posting ended, headcount 3 → 1 with 2 confirmed). Nothing is cancelled. An item clears when
a newer placement event or note is recorded for that placement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.core.calls import (
    Kind,
    describe_dates,
    describe_headcount,
    describe_hours,
    describe_removed_slots,
    describe_status,
)
from desk.core.placement import BOOKED, State
from desk.services.local_time import to_local
from desk.store.db import Database
from desk.store.models import (
    ContactEvent,
    Placement,
    PlacementEvent,
    Posting,
    PostingChange,
    PostingSlot,
    Recontact,
    Registrant,
)

#: Placements in these states are told about a change.
LIVE: tuple[State, ...] = (State.PROPOSED, State.CONTACTED, State.ACCEPTED, State.CONFIRMED)
#: PostingChange fields that matter to the people booked.
FIELDS = ("dates_raw", "hours_raw", "headcount", "status")


@dataclass(frozen=True)
class RecontactItem:
    id: int
    placement_id: int
    posting_source_id: str
    venue: str
    registrant_source_id: str
    registrant_name: str
    phone: str
    state: State
    what: str
    at: dt.datetime  # local


def flag_changes(s: Session, batch_id: int) -> int:
    """Add re-contact items for the postings this batch changed; returns how many were added.
    Runs inside the import's transaction (after its slots were updated)."""
    changes = s.execute(select(PostingChange.posting_id, PostingChange.field, PostingChange.old_value,
                               PostingChange.new_value)
                        .where(PostingChange.batch_id == batch_id, PostingChange.field.in_(FIELDS))).all()
    if not changes:
        return 0
    by_posting: dict[int, dict[str, tuple[str, str]]] = {}
    for pid, fld, old, new in changes:
        by_posting.setdefault(pid, {})[fld] = (old, new)
    placements = s.execute(select(Placement).where(Placement.posting_id.in_(by_posting),
                                                   Placement.state.in_([x.value for x in LIVE]))).scalars().all()
    if not placements:
        return 0
    last_event = int(s.scalar(select(func.max(PlacementEvent.id))) or 0)
    inactive: set[int] = set()
    active_days: dict[int, set[dt.date]] = {}
    for sid, pid, day, active in s.execute(select(PostingSlot.id, PostingSlot.posting_id, PostingSlot.date,
                                                  PostingSlot.active)
                                           .where(PostingSlot.posting_id.in_(by_posting))).all():
        if active:
            active_days.setdefault(pid, set()).add(day)
        else:
            inactive.add(sid)
    confirmed: dict[int, int] = {}
    for pl in placements:
        if State(pl.state) in BOOKED:
            confirmed[pl.posting_id] = confirmed.get(pl.posting_id, 0) + 1
    added = 0
    for pl in placements:
        fields = by_posting[pl.posting_id]
        parts: list[str] = []
        if "status" in fields and fields["status"][1] in ("ended", "paused"):
            parts.append(describe_status(fields["status"][1]))
        # a slot whose day is still listed moved its hours (said below); one whose day went is removed
        removed = [ps.date for ps in pl.slots
                   if ps.slot_id in inactive and ps.date not in active_days.get(pl.posting_id, set())]
        if removed:
            parts.append(describe_removed_slots(removed))
        elif "dates_raw" in fields:
            parts.append(describe_dates(*fields["dates_raw"]))
        if "hours_raw" in fields:
            parts.append(describe_hours(*fields["hours_raw"]))
        if "headcount" in fields:
            old, new = fields["headcount"]
            parts.append(describe_headcount(old, new, confirmed.get(pl.posting_id, 0)))
        if not parts:
            continue
        s.add(Recontact(placement_id=pl.id, batch_id=batch_id, state=pl.state, what="; ".join(parts),
                        after_event_id=last_event))
        added += 1
    s.flush()
    return added


def open_items(db: Database) -> list[RecontactItem]:
    """Re-contact items not yet cleared, oldest first."""
    with db.session() as s:
        rows = s.execute(select(Recontact, Placement, Posting, Registrant)
                         .join(Placement, Placement.id == Recontact.placement_id)
                         .join(Posting, Posting.id == Placement.posting_id)
                         .join(Registrant, Registrant.id == Placement.registrant_id)
                         .order_by(Recontact.at, Recontact.id)).all()
        if not rows:
            return []
        ids = list({pl.id for _, pl, _, _ in rows})
        newest_event = dict(s.execute(select(PlacementEvent.placement_id, func.max(PlacementEvent.id))
                                      .where(PlacementEvent.placement_id.in_(ids))
                                      .group_by(PlacementEvent.placement_id)).all())
        pairs = {(pl.posting_id, pl.registrant_id) for _, pl, _, _ in rows}
        newest_note = {(p, r): at for p, r, at in s.execute(
            select(ContactEvent.posting_id, ContactEvent.registrant_id, func.max(ContactEvent.at))
            .where(ContactEvent.kind == Kind.NOTE.value,
                   ContactEvent.posting_id.in_({p for p, _ in pairs}))
            .group_by(ContactEvent.posting_id, ContactEvent.registrant_id)).all()}
        out = []
        for item, pl, po, reg in rows:
            if int(newest_event.get(pl.id) or 0) > item.after_event_id:
                continue
            note_at = newest_note.get((pl.posting_id, pl.registrant_id))
            if note_at is not None and note_at >= item.at:
                continue
            out.append(RecontactItem(item.id, pl.id, po.source_id, po.venue_name, reg.source_id, reg.name,
                                     reg.phone, State(item.state), item.what, to_local(item.at)))
        return out

