"""Call attempts, notes and call-backs: events of their own beside the placement log.

A call attempt (不在, 留守電, 折り返し待ち with a time, 番号違い, 話し中) and a note are appended to
``contact_event``; nothing is updated or deleted (a correction is a new note). A placement need
not exist: a candidate may be called before being proposed. A call-back is due from its time
until a later call attempt or placement event for the same posting and registrant.
Times are stored as naive UTC (like the placement log) and given and returned as naive local time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.core.calls import Contact, Kind, Outcome, last_contact
from desk.core.text import clean
from desk.services.local_time import to_local
from desk.services.placements import NotFound
from desk.store.db import Database
from desk.store.models import ContactEvent, Placement, PlacementEvent, Posting, Registrant, utcnow


def to_utc(local: dt.datetime) -> dt.datetime:
    """A naive local time as the naive UTC the database stores."""
    return local.astimezone(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class ContactRow:
    id: int
    posting_source_id: str
    registrant_source_id: str
    registrant_name: str
    kind: Kind
    outcome: Outcome | None
    note: str
    callback_at: dt.datetime | None  # local
    coordinator: str
    at: dt.datetime  # local


@dataclass(frozen=True)
class Callback:
    contact_id: int
    posting_source_id: str
    venue: str
    municipality: str
    registrant_source_id: str
    registrant_name: str
    phone: str
    callback_at: dt.datetime  # local
    set_by: str
    note: str
    overdue: bool


@dataclass(frozen=True)
class LastContact:
    text: str  # 不在×2 11/30 14:05
    attempts_here: int  # call attempts on this posting


def _pair(s: Session, posting_source_id: str, registrant_source_id: str) -> tuple[Posting, Registrant]:
    posting = s.scalars(select(Posting).where(Posting.source_id == posting_source_id)).one_or_none()
    if posting is None:
        raise NotFound(f"no posting with 募集ID {posting_source_id}")
    registrant = s.scalars(select(Registrant).where(Registrant.source_id == registrant_source_id)).one_or_none()
    if registrant is None:
        raise NotFound(f"no registrant with 登録ID {registrant_source_id}")
    return posting, registrant


def log_attempt(db: Database, posting_source_id: str, registrant_source_id: str, outcome: Outcome | str, *,
                note: str = "", callback_at: dt.datetime | None = None, coordinator: str = "",
                now: dt.datetime | None = None) -> ContactRow:
    """Record one call attempt; ``callback_at`` (local) goes with 折り返し待ち (callback) only."""
    result = Outcome(outcome)
    if callback_at is not None and result is not Outcome.CALLBACK:
        raise ValueError("a call-back time goes with the outcome callback (折り返し待ち) only")
    return _add(db, posting_source_id, registrant_source_id, Kind.ATTEMPT, result, note, callback_at,
                coordinator, now)


def add_note(db: Database, posting_source_id: str, registrant_source_id: str, text: str, *,
             coordinator: str = "", now: dt.datetime | None = None) -> ContactRow:
    """Append a note to the placement of a registrant on a posting (also before any placement)."""
    if not clean(text):
        raise ValueError("a note needs some text")
    return _add(db, posting_source_id, registrant_source_id, Kind.NOTE, None, text, None, coordinator, now)


def _add(db: Database, posting_source_id: str, registrant_source_id: str, kind: Kind, outcome: Outcome | None,
         note: str, callback_at: dt.datetime | None, coordinator: str, now: dt.datetime | None) -> ContactRow:
    at = to_utc(now) if now is not None else utcnow()
    with db.write() as s:
        posting, registrant = _pair(s, posting_source_id, registrant_source_id)
        ev = ContactEvent(posting_id=posting.id, registrant_id=registrant.id, kind=kind.value,
                          outcome=outcome.value if outcome else None, note=note.strip(),
                          callback_at=to_utc(callback_at) if callback_at else None, coordinator=coordinator, at=at)
        s.add(ev)
        s.flush()
        return _row(ev, posting.source_id, registrant.source_id, registrant.name)


def _row(ev: ContactEvent, posting_sid: str, registrant_sid: str, name: str) -> ContactRow:
    return ContactRow(ev.id, posting_sid, registrant_sid, name, Kind(ev.kind),
                      Outcome(ev.outcome) if ev.outcome else None, ev.note,
                      to_local(ev.callback_at) if ev.callback_at else None, ev.coordinator, to_local(ev.at))


def contacts(db: Database, *, posting_source_id: str | None = None,
             registrant_source_id: str | None = None) -> list[ContactRow]:
    """Call attempts and notes, oldest first, by every coordinator (filter by posting and/or registrant)."""
    with db.session() as s:
        q = (select(ContactEvent, Posting.source_id, Registrant.source_id, Registrant.name)
             .join(Posting, Posting.id == ContactEvent.posting_id)
             .join(Registrant, Registrant.id == ContactEvent.registrant_id))
        if posting_source_id is not None:
            q = q.where(Posting.source_id == posting_source_id)
        if registrant_source_id is not None:
            q = q.where(Registrant.source_id == registrant_source_id)
        return [_row(ev, p, r, n) for ev, p, r, n in s.execute(q.order_by(ContactEvent.at, ContactEvent.id)).all()]


def last_contacts(db: Database, posting_source_id: str) -> dict[str, LastContact]:
    """For every registrant ever called: their latest call attempt(s) in a few words (on any posting)
    and how many times this posting has tried them. Keys are 登録ID."""
    with db.session() as s:
        pid = s.scalar(select(Posting.id).where(Posting.source_id == posting_source_id))
        rows = s.execute(select(Registrant.source_id, ContactEvent.posting_id, ContactEvent.outcome,
                                ContactEvent.at, ContactEvent.callback_at)
                         .join(Registrant, Registrant.id == ContactEvent.registrant_id)
                         .where(ContactEvent.kind == Kind.ATTEMPT.value)
                         .order_by(ContactEvent.at, ContactEvent.id)).all()
    per: dict[str, list[Contact]] = defaultdict(list)
    here: dict[str, int] = defaultdict(int)
    for sid, posting_id, outcome, at, callback_at in rows:
        per[sid].append(Contact(Kind.ATTEMPT, Outcome(outcome), to_local(at),
                                to_local(callback_at) if callback_at else None))
        if posting_id == pid:
            here[sid] += 1
    return {sid: LastContact(last_contact(items), here.get(sid, 0)) for sid, items in per.items()}


def callbacks(db: Database, *, until: dt.datetime | None = None, since: dt.datetime | None = None,
              coordinator: str | None = None, now: dt.datetime | None = None) -> list[Callback]:
    """Open call-backs (local ``since`` ≤ time ≤ ``until``, default: every one whose time has come),
    oldest first, with the posting and the phone number. ``coordinator``: only those they set."""
    current = now or dt.datetime.now()
    limit = until or current
    with db.session() as s:
        q = (select(ContactEvent, Posting, Registrant)
             .join(Posting, Posting.id == ContactEvent.posting_id)
             .join(Registrant, Registrant.id == ContactEvent.registrant_id)
             .where(ContactEvent.callback_at.is_not(None), ContactEvent.callback_at <= to_utc(limit)))
        if since is not None:
            q = q.where(ContactEvent.callback_at >= to_utc(since))
        if coordinator is not None:
            q = q.where(ContactEvent.coordinator == coordinator)
        found = s.execute(q.order_by(ContactEvent.callback_at, ContactEvent.id)).all()
        if not found:
            return []
        pairs = {(ev.posting_id, ev.registrant_id) for ev, _, _ in found}
        posting_ids = {p for p, _ in pairs}
        latest_attempt = {(p, r): at for p, r, at in s.execute(
            select(ContactEvent.posting_id, ContactEvent.registrant_id, func.max(ContactEvent.at))
            .where(ContactEvent.kind == Kind.ATTEMPT.value, ContactEvent.posting_id.in_(posting_ids))
            .group_by(ContactEvent.posting_id, ContactEvent.registrant_id)).all()}
        latest_event = {(p, r): at for p, r, at in s.execute(
            select(Placement.posting_id, Placement.registrant_id, func.max(PlacementEvent.at))
            .join(PlacementEvent, PlacementEvent.placement_id == Placement.id)
            .where(Placement.posting_id.in_(posting_ids))
            .group_by(Placement.posting_id, Placement.registrant_id)).all()}
        out: list[Callback] = []
        for ev, p, r in found:
            key = (ev.posting_id, ev.registrant_id)
            if latest_attempt.get(key, ev.at) > ev.at or (latest_event.get(key) or ev.at) > ev.at:
                continue  # called again, or the placement moved on, since
            when = to_local(ev.callback_at)
            out.append(Callback(ev.id, p.source_id, p.venue_name, p.municipality_name or f"{p.prefecture}{p.city}",
                                r.source_id, r.name, r.phone, when, ev.coordinator, ev.note, when < current))
        return out
