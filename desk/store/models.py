"""Typed SQLAlchemy 2.0 models: postings and their slots, registrants, import batches, the placement log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class ImportBatch(Base):
    """One import of one file: what, from where, by whom, and what it changed."""

    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # postings | registrants
    file_name: Mapped[str] = mapped_column(String(512))
    checksum: Mapped[str] = mapped_column(String(64))
    coordinator: Mapped[str] = mapped_column(String(128), default="")
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    encoding: Mapped[str] = mapped_column(String(32), default="")
    full_export: Mapped[bool] = mapped_column(Boolean, default=False)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    flagged_missing: Mapped[int] = mapped_column(Integer, default=0)


class ColumnMapping(Base):
    """A saved header → field mapping for a source (a registry, a municipality's sheet)."""

    __tablename__ = "column_mapping"
    __table_args__ = (UniqueConstraint("kind", "source"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(256))
    mapping: Mapped[dict[str, Any]] = mapped_column(default=dict)
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Posting(Base):
    __tablename__ = "posting"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[str] = mapped_column(String(64), unique=True)
    municipality_name: Mapped[str] = mapped_column(String(256), default="")
    pref_code: Mapped[str | None] = mapped_column(String(2), index=True)
    muni_code: Mapped[str | None] = mapped_column(String(6), index=True)
    prefecture: Mapped[str] = mapped_column(String(16), default="")
    city: Mapped[str] = mapped_column(String(64), default="")
    venue_name: Mapped[str] = mapped_column(String(256), default="")
    venue_address: Mapped[str] = mapped_column(String(512), default="")
    occupation: Mapped[str] = mapped_column(String(32), index=True)
    occupation_raw: Mapped[str] = mapped_column(String(128), default="")
    headcount: Mapped[int] = mapped_column(Integer, default=1)
    dates_raw: Mapped[str] = mapped_column(Text, default="")
    hours_raw: Mapped[str] = mapped_column(String(256), default="")
    employment_type: Mapped[str] = mapped_column(String(64), default="")
    pay: Mapped[str] = mapped_column(String(256), default="")
    duties: Mapped[str] = mapped_column(Text, default="")
    requirements: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(128), default="")
    contact_phone: Mapped[str] = mapped_column(String(64), default="")
    contact_email: Mapped[str] = mapped_column(String(256), default="")
    masked: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open | paused | ended
    updated_on: Mapped[dt.date | None] = mapped_column(Date)
    row_hash: Mapped[str] = mapped_column(String(40), default="")
    first_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    last_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    missing_since: Mapped[dt.datetime | None] = mapped_column(DateTime)

    slots: Mapped[list[PostingSlot]] = relationship(
        back_populates="posting", order_by="(PostingSlot.date, PostingSlot.start)", cascade="all, delete-orphan"
    )


class PostingSlot(Base):
    """One work slot of a posting: a date with start and end times."""

    __tablename__ = "posting_slot"
    __table_args__ = (UniqueConstraint("posting_id", "date", "start"), Index("ix_posting_slot_date", "date"))
    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("posting.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    start: Mapped[dt.time] = mapped_column(Time)
    end: Mapped[dt.time] = mapped_column(Time)
    #: False when a newer import no longer lists this slot (kept: placements may point at it).
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    posting: Mapped[Posting] = relationship(back_populates="slots")


class PostingChange(Base):
    """A change a re-import made to a posting (headcount, dates, status …), for the coordinator to see."""

    __tablename__ = "posting_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("posting.id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    field: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Registrant(Base):
    __tablename__ = "registrant"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(128), default="")
    name_kana: Mapped[str] = mapped_column(String(128), default="")
    gender: Mapped[str] = mapped_column(String(16), default="")
    birth_year: Mapped[int | None] = mapped_column(Integer)
    # No secondary indexes on occupation/state/prefecture: ranking and the registry tab read the
    # whole table, and each index costs ~6% of a 100,000-row import.
    occupation: Mapped[str] = mapped_column(String(32))
    #: Further licences held (看護師・保健師), codes.
    licences: Mapped[list[Any]] = mapped_column(default=list)
    occupation_raw: Mapped[str] = mapped_column(String(128), default="")
    specialty: Mapped[str] = mapped_column(String(256), default="")
    home_prefecture: Mapped[str] = mapped_column(String(16), default="")
    home_city: Mapped[str] = mapped_column(String(64), default="")
    home_pref_code: Mapped[str | None] = mapped_column(String(2))
    home_muni_code: Mapped[str | None] = mapped_column(String(6))
    work_areas_raw: Mapped[str] = mapped_column(Text, default="")
    #: Parsed work areas: [{"kind": "national|block|pref|muni", "code": "..."}]
    work_areas: Mapped[list[Any]] = mapped_column(default=list)
    availability_raw: Mapped[str] = mapped_column(Text, default="")
    hours_raw: Mapped[str] = mapped_column(String(256), default="")
    #: Parsed availability rules (see desk.core.dates.Availability.to_json).
    availability: Mapped[list[Any]] = mapped_column(default=list)
    vaccination_experience: Mapped[bool | None] = mapped_column(Boolean)
    experience_raw: Mapped[str] = mapped_column(String(256), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(256), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    registered_on: Mapped[dt.date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default="active")  # active | paused | withdrawn
    row_hash: Mapped[str] = mapped_column(String(40), default="")
    first_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    last_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    #: Set by every write of the row; indexed: max(changed_at) is the ranking cache's change stamp.
    changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)


class Placement(Base):
    """A registrant proposed for a posting; its current state mirrors the last event."""

    __tablename__ = "placement"
    __table_args__ = (UniqueConstraint("posting_id", "registrant_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("posting.id"), index=True)
    registrant_id: Mapped[int] = mapped_column(ForeignKey("registrant.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="proposed", index=True)
    cancelled_by: Mapped[str | None] = mapped_column(String(16))  # registrant | site
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    slots: Mapped[list[PlacementSlot]] = relationship(cascade="all, delete-orphan")


class PlacementSlot(Base):
    """The posting slots a placement covers, with the slot's times copied for overlap checks."""

    __tablename__ = "placement_slot"
    __table_args__ = (UniqueConstraint("placement_id", "slot_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"), index=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("posting_slot.id"), index=True)
    registrant_id: Mapped[int] = mapped_column(ForeignKey("registrant.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    start: Mapped[dt.time] = mapped_column(Time)
    end: Mapped[dt.time] = mapped_column(Time)
    state: Mapped[str] = mapped_column(String(16), default="proposed")


class PlacementEvent(Base):
    """An append-only record of one change of a placement. Never updated, never deleted."""

    __tablename__ = "placement_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placement.id"), index=True)
    old_state: Mapped[str | None] = mapped_column(String(16))
    new_state: Mapped[str] = mapped_column(String(16))
    slot_ids: Mapped[list[Any]] = mapped_column(default=list)
    cancelled_by: Mapped[str | None] = mapped_column(String(16))
    coordinator: Mapped[str] = mapped_column(String(128), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    #: The event this one compensates (undo), if any.
    undoes_event_id: Mapped[int | None] = mapped_column(ForeignKey("placement_event.id"))


class ExportRecord(Base):
    """Who exported what, when, with which filters, and how many rows."""

    __tablename__ = "export_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(String(512))
    coordinator: Mapped[str] = mapped_column(String(128), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    filters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    rows: Mapped[int] = mapped_column(Integer, default=0)


class Recipient(Base):
    """A partner organisation posting information is handed to (大阪府医師会, a nurse centre), with its
    default scope: {"prefs": [codes], "occupations": [codes]}."""

    __tablename__ = "recipient"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(256), unique=True)
    scope: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Handout(Base):
    """One hand-out to a recipient: when, by whom, in which scope, against which earlier hand-out.

    With its HandoutPosting rows it holds everything the hand-out said, so it can be produced again
    exactly as it was and the next one can say exactly what changed since."""

    __tablename__ = "handout"
    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("recipient.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    coordinator: Mapped[str] = mapped_column(String(128), default="")
    scope: Mapped[dict[str, Any]] = mapped_column(default=dict)
    since_mode: Mapped[str] = mapped_column(String(16), default="last")  # last | date | all
    since_date: Mapped[dt.date | None] = mapped_column(Date)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("handout.id"))
    contact: Mapped[str] = mapped_column(Text, default="")
    #: The open headcount table as handed out: [[ブロック, 医師 …, 計], …].
    headcount: Mapped[list[Any]] = mapped_column(default=list)
    file_name: Mapped[str] = mapped_column(String(512), default="")
    export_id: Mapped[int | None] = mapped_column(ForeignKey("export_record.id"))


class HandoutPosting(Base):
    """A posting as one hand-out showed it: its public state then, and what had changed."""

    __tablename__ = "handout_posting"
    id: Mapped[int] = mapped_column(primary_key=True)
    handout_id: Mapped[int] = mapped_column(ForeignKey("handout.id", ondelete="CASCADE"), index=True)
    posting_id: Mapped[int | None] = mapped_column(ForeignKey("posting.id"), index=True)
    source_id: Mapped[str] = mapped_column(String(64))
    section: Mapped[str] = mapped_column(String(16))  # new | changed | ended | same | paused
    #: The public view of the posting at that moment (masking applied).
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: [[field, old, new], …] for a changed posting.
    changes: Mapped[list[Any]] = mapped_column(default=list)
