"""Typed SQLAlchemy 2.0 models: postings and their slots, registrants, import batches, the placement log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
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


#: The registry existing registrants belong to when no source was named.
DEFAULT_SOURCE = "default"


class Registrant(Base):
    __tablename__ = "registrant"
    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_registrant_source"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    #: The registry the record came from; 登録ID (source_id) is unique within it, not across.
    source: Mapped[str] = mapped_column(String(64), default=DEFAULT_SOURCE, server_default=DEFAULT_SOURCE)
    source_id: Mapped[str] = mapped_column(String(64))
    #: 医籍登録番号 / 看護師籍登録番号 when the file has one (the strongest key for one person).
    licence_no: Mapped[str] = mapped_column(String(32), default="", server_default="")
    #: The person this record was merged into (a registrant id); None: its own person.
    person_id: Mapped[int | None] = mapped_column(Integer, index=True)
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
    #: When the row was last written, by the writer's clock (shown; never compared as a change stamp:
    #: clocks of team workstations differ).
    changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: The registrant change (RegistrantChange.id) that last wrote the row: set by every write
    #: (desk.store.change_counter), so a cache reads exactly the rows changed since its stamp.
    change_no: Mapped[int | None] = mapped_column(Integer, index=True)


class RegistrantChange(Base):
    """One transaction that wrote registrant rows (desk.store.change_counter): its rows carry this id
    as ``change_no``; ``commit_no`` is the registrant counter's value it took just before committing,
    so "changed since counter value N" is exact in commit order, whatever the clocks or the ids."""

    __tablename__ = "registrant_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    commit_no: Mapped[int | None] = mapped_column(BigInteger, index=True)


class DeskCounter(Base):
    """Change counters bumped inside the writing transactions (``registrant`` by every registrant
    write, ``placement`` by triggers on the placement tables): the caches' change stamp."""

    __tablename__ = "desk_counter"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


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
    #: Team mode (PostgreSQL): the database login that wrote the event, set by the database itself.
    login: Mapped[str] = mapped_column(String(128), default="", server_default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    #: The event this one compensates (undo), if any.
    undoes_event_id: Mapped[int | None] = mapped_column(ForeignKey("placement_event.id"))
    #: Why a registrant the ranking excludes was accepted/confirmed anyway ("" when not needed).
    override_reason: Mapped[str] = mapped_column(Text, default="", server_default="")


class PersonMerge(Base):
    """One merge of a person (``merged_id``'s person) into another (``person_id``); never deleted.

    ``moved`` lists [registrant id, its person_id before]; ``kept_before``/``kept_after`` the kept
    record's fields the merge changed, so an unmerge restores every row exactly.
    """

    __tablename__ = "person_merge"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("registrant.id"), index=True)
    merged_id: Mapped[int] = mapped_column(ForeignKey("registrant.id"))
    moved: Mapped[list[Any]] = mapped_column(default=list)
    kept_before: Mapped[dict[str, Any]] = mapped_column(default=dict)
    kept_after: Mapped[dict[str, Any]] = mapped_column(default=dict)
    coordinator: Mapped[str] = mapped_column(String(128), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[str] = mapped_column(String(128), default="", server_default="")


class PersonDistinct(Base):
    """A pair a coordinator said is not the same person: not proposed again (a_id < b_id)."""

    __tablename__ = "person_distinct"
    __table_args__ = (UniqueConstraint("a_id", "b_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    a_id: Mapped[int] = mapped_column(ForeignKey("registrant.id"))
    b_id: Mapped[int] = mapped_column(ForeignKey("registrant.id"))
    coordinator: Mapped[str] = mapped_column(String(128), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


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


class DeskUser(Base):
    """Team mode: a database login's display name (set by an admin) and the role it was given."""

    __tablename__ = "desk_user"
    login: Mapped[str] = mapped_column(String(128), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(128), default="")
    role: Mapped[str] = mapped_column(String(16), default="coordinator")  # viewer | coordinator | admin


class DeskChange(Base):
    """SQLite only: committed changes, written by triggers, read by other windows' change polls."""

    __tablename__ = "desk_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    ref: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Calling(Base):
    """"Calling now": a coordinator started a call to a registrant about a posting."""

    __tablename__ = "calling"
    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("posting.id", ondelete="CASCADE"), index=True)
    registrant_id: Mapped[int] = mapped_column(ForeignKey("registrant.id", ondelete="CASCADE"), index=True)
    coordinator: Mapped[str] = mapped_column(String(128), default="")
    login: Mapped[str] = mapped_column(String(128), default="", server_default="")
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


class ContactEvent(Base):
    """A call attempt (with its outcome and maybe a call-back time) or a note about a registrant on
    a posting. Append-only: a correction is a new note. A placement need not exist yet."""

    __tablename__ = "contact_event"
    __table_args__ = (Index("ix_contact_event_pair", "posting_id", "registrant_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("posting.id", ondelete="CASCADE"))
    registrant_id: Mapped[int] = mapped_column(ForeignKey("registrant.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # attempt | note
    outcome: Mapped[str | None] = mapped_column(String(16))  # desk.core.calls.Outcome
    note: Mapped[str] = mapped_column(Text, default="")
    #: When to call back (naive UTC, like every other time here).
    callback_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    coordinator: Mapped[str] = mapped_column(String(128), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


class Recontact(Base):
    """A placement a posting change touched: call the registrant again. Open until a newer placement
    event or note for that placement (nothing is cancelled automatically)."""

    __tablename__ = "recontact"
    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    #: The placement's state when the change came in, and what changed, in words.
    state: Mapped[str] = mapped_column(String(16))
    what: Mapped[str] = mapped_column(Text, default="")
    #: The newest placement event id when flagged: an event after it clears the item.
    after_event_id: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class RegistrantEdit(Base):
    """A coordinator's edit of a registrant field (who, when, old → new). A later import that brings
    a different value for the field keeps the edit and reports a conflict."""

    __tablename__ = "registrant_edit"
    id: Mapped[int] = mapped_column(primary_key=True)
    registrant_id: Mapped[int] = mapped_column(ForeignKey("registrant.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    coordinator: Mapped[str] = mapped_column(String(128), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
