"""Plain read queries behind the window's tables (listings only: no ranking, no placement rules).

Everything here returns plain Python data (dataclasses, lists of tuples) so the UI never touches
SQLAlchemy; one short session per call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from desk.core.placement import BOOKED
from desk.core.prefectures import block8, prefs_in_block8, prefs_in_mhlw
from desk.services.persons import person_members, shared_default_ids, shown
from desk.store.db import Database
from desk.store.models import (
    ImportBatch,
    Placement,
    PlacementEvent,
    Posting,
    PostingChange,
    PostingSlot,
    Registrant,
)

#: The coordinator recorded on demo imports (desk.services.demo): their rows are marked as demo.
DEMO_COORDINATOR = "demo"

#: The booked states as stored strings (the rule: desk.core.placement.BOOKED).
BOOKED_STATES = tuple(sorted(s.value for s in BOOKED))


def block_prefectures(block: str) -> frozenset[str]:
    """The prefecture codes of a block given by name (traditional 8 or MHLW area; 厚生局 suffix ok)."""
    name = block.strip().removesuffix("厚生局").removesuffix("地方")
    if not name:
        return frozenset()
    return frozenset(prefs_in_block8(name)) | frozenset(prefs_in_mhlw(name))


@dataclass
class PostingRow:
    id: int
    source_id: str
    status: str  # open | paused | ended
    changed: bool  # changed by the latest postings import
    missing: bool  # missing from the latest full export
    prefecture: str
    pref_code: str
    municipality: str
    venue: str
    occupation: str  # code
    first_date: dt.date | None
    last_date: dt.date | None
    n_dates: int
    headcount: int
    filled: int
    masked: bool
    block8: str = ""
    hours: str = ""
    muni_code: str = ""
    demo: bool = False  # brought in by the demo data (desk demo / the window's offer)


@dataclass
class RegistrantTable:
    """The registry as parallel columns (one entry per registrant, in id order)."""

    ids: list[int] = field(default_factory=list)
    source_ids: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    kana: list[str] = field(default_factory=list)
    occupations: list[str] = field(default_factory=list)
    specialties: list[str] = field(default_factory=list)
    prefectures: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    work_areas: list[str] = field(default_factory=list)
    availability: list[str] = field(default_factory=list)
    experience: list[bool | None] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Overview:
    postings: int = 0
    open_postings: int = 0
    registrants: int = 0
    placements: int = 0
    last_import_at: dt.datetime | None = None
    last_import_file: str = ""
    last_import_kind: str = ""


def is_empty(db: Database) -> bool:
    with db.session() as s:
        return s.scalar(select(Posting.id).limit(1)) is None and s.scalar(select(Registrant.id).limit(1)) is None


def overview(db: Database) -> Overview:
    with db.session() as s:
        out = Overview(
            postings=s.scalar(select(func.count(Posting.id))) or 0,
            open_postings=s.scalar(select(func.count(Posting.id)).where(Posting.status == "open")) or 0,
            # one per person: records merged into another are not counted again
            registrants=s.scalar(select(func.count(Registrant.id)).where(Registrant.person_id.is_(None))) or 0,
            placements=s.scalar(select(func.count(Placement.id))) or 0,
        )
        last = s.execute(
            select(ImportBatch.started_at, ImportBatch.file_name, ImportBatch.kind)
            .order_by(ImportBatch.started_at.desc(), ImportBatch.id.desc()).limit(1)
        ).first()
        if last:
            out.last_import_at, out.last_import_file, out.last_import_kind = last
    return out


def posting_rows(db: Database) -> list[PostingRow]:
    with db.session() as s:
        latest_row = s.execute(
            select(ImportBatch.id, ImportBatch.started_at).where(ImportBatch.kind == "postings")
            .order_by(ImportBatch.started_at.desc(), ImportBatch.id.desc()).limit(1)
        ).first()
        latest_id, latest = latest_row if latest_row else (None, None)
        demo_batches = set(s.scalars(select(ImportBatch.id).where(ImportBatch.coordinator == DEMO_COORDINATOR)))
        dates = {
            pid: (lo, hi, n)
            for pid, lo, hi, n in s.execute(
                select(PostingSlot.posting_id, func.min(PostingSlot.date), func.max(PostingSlot.date),
                       func.count(func.distinct(PostingSlot.date)))
                .where(PostingSlot.active.is_(True)).group_by(PostingSlot.posting_id)
            )
        }
        filled = dict(
            s.execute(  # type: ignore[arg-type]
                select(Placement.posting_id, func.count(Placement.id))
                .where(Placement.state.in_(BOOKED_STATES)).group_by(Placement.posting_id)
            ).all()
        )
        rows = []
        for p in s.execute(
            select(Posting.id, Posting.source_id, Posting.status, Posting.changed_at, Posting.missing_since,
                   Posting.prefecture, Posting.pref_code, Posting.municipality_name, Posting.city,
                   Posting.venue_name, Posting.occupation, Posting.headcount, Posting.masked, Posting.hours_raw,
                   Posting.muni_code, Posting.first_batch_id)
            .order_by(Posting.id)
        ):
            lo, hi, n = dates.get(p.id, (None, None, 0))
            muni = p.municipality_name or p.city
            rows.append(PostingRow(
                id=p.id, source_id=p.source_id, status=p.status or "open",
                # changed by the latest import; a posting that import brought in is new, not changed
                changed=bool(p.changed_at and latest and p.changed_at >= latest
                             and (p.first_batch_id is None or p.first_batch_id != latest_id)),
                missing=p.missing_since is not None,
                prefecture=p.prefecture, pref_code=p.pref_code or "", municipality=muni,
                venue=p.venue_name, occupation=p.occupation, first_date=lo, last_date=hi, n_dates=n,
                headcount=p.headcount or 0, filled=int(filled.get(p.id, 0)), masked=bool(p.masked),
                block8=block8(p.pref_code) if p.pref_code else "", hours=p.hours_raw, muni_code=p.muni_code or "",
                demo=p.first_batch_id in demo_batches,
            ))
        return rows


def posting_detail(db: Database, posting_id: int) -> dict[str, Any] | None:
    """Every field of one posting, its slots and the changes imports made to it."""
    with db.session() as s:
        p = s.get(Posting, posting_id)
        if p is None:
            return None
        out = {c.key: getattr(p, c.key) for c in Posting.__table__.columns}
        out["slots"] = [(x.date, x.start, x.end, x.active) for x in p.slots]
        out["changes"] = [
            (c.at, c.field, c.old_value, c.new_value)
            for c in s.scalars(select(PostingChange).where(PostingChange.posting_id == posting_id)
                               .order_by(PostingChange.at.desc()).limit(50))
        ]
        return out


def registrant_detail(db: Database, registrant_id: int) -> dict[str, Any] | None:
    with db.session() as s:
        r = s.get(Registrant, registrant_id)
        if r is None:
            return None
        out = {c.key: getattr(r, c.key) for c in Registrant.__table__.columns}
        out["demo"] = r.first_batch_id is not None and s.scalar(
            select(ImportBatch.coordinator).where(ImportBatch.id == r.first_batch_id)) == DEMO_COORDINATOR
        return out


def placement_history(db: Database, registrant_id: int) -> list[dict[str, Any]]:
    """A registrant's placements with their postings, newest first (listing only); a merged person's
    placements under every record."""
    with db.session() as s:
        q = (
            select(Placement.id, Placement.state, Placement.updated_at, Posting.source_id,
                   Posting.municipality_name, Posting.venue_name, Posting.occupation, Posting.id)
            .join(Posting, Posting.id == Placement.posting_id)
            .where(Placement.registrant_id.in_(person_members(s, registrant_id)))
            .order_by(Placement.updated_at.desc())
        )
        rows = [
            {"placement_id": pid, "state": st, "at": at, "posting_source_id": src, "municipality": muni,
             "venue": venue, "occupation": occ, "posting_id": post_id, "steps": []}
            for pid, st, at, src, muni, venue, occ, post_id in s.execute(q)
        ]
        # every step of each placement (the log's events, undos included), oldest first
        by_id = {r["placement_id"]: r for r in rows}
        if by_id:
            for pid, state, at in s.execute(
                select(PlacementEvent.placement_id, PlacementEvent.new_state, PlacementEvent.at)
                .where(PlacementEvent.placement_id.in_(list(by_id))).order_by(PlacementEvent.id)
            ):
                by_id[pid]["steps"].append((state, at))
        return rows


def placements_of_posting(db: Database, posting_id: int) -> dict[int, str]:
    """registrant id -> placement state for one posting (a merged record's under its person's head)."""
    with db.session() as s:
        return dict(s.execute(  # type: ignore[arg-type]
            select(func.coalesce(Registrant.person_id, Placement.registrant_id), Placement.state)
            .join(Registrant, Registrant.id == Placement.registrant_id).where(Placement.posting_id == posting_id)
        ).all())


def last_event_id(db: Database) -> int | None:
    with db.session() as s:
        return s.scalar(select(func.max(PlacementEvent.id)))


def registrant_table(db: Database) -> RegistrantTable:
    """The whole registry as columns, read in one pass (100,000 rows in well under a second)."""
    t = RegistrantTable()
    q = select(
        Registrant.id, Registrant.source_id, Registrant.name, Registrant.name_kana, Registrant.occupation,
        Registrant.specialty, Registrant.home_prefecture, Registrant.home_city, Registrant.work_areas_raw,
        Registrant.availability_raw, Registrant.vaccination_experience, Registrant.phone, Registrant.state,
        Registrant.notes, Registrant.source,
    ).where(Registrant.person_id.is_(None)).order_by(Registrant.id)  # a merged person shows once
    with db.engine.connect() as conn:
        rows = conn.execute(q).all()
    if not rows:
        return t
    with db.session() as s:
        shared = shared_default_ids(s)
    cols = list(zip(*rows, strict=True))
    (t.ids, t.source_ids, t.names, t.kana, t.occupations, t.specialties, t.prefectures, t.cities,
     t.work_areas, t.availability, t.experience, t.phones, t.states, t.notes) = (list(c) for c in cols[:-1])
    t.source_ids = [shown(src, sid, shared) for src, sid in zip(cols[-1], t.source_ids, strict=True)]
    return t


def posting_fill(db: Database, posting_source_id: str) -> tuple[int, int]:
    """(posting id, booked placements) of one posting; (0, 0) when unknown."""
    with db.session() as s:
        pid = s.scalar(select(Posting.id).where(Posting.source_id == posting_source_id))
        if pid is None:
            return 0, 0
        n = s.scalar(select(func.count(Placement.id)).where(
            Placement.posting_id == pid, Placement.state.in_(BOOKED_STATES))) or 0
        return int(pid), int(n)
