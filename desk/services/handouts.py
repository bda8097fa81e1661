"""Hand-outs to partner organisations: recipients and their default scope, the postings in scope,
the last hand-out's recorded states, the recording of a hand-out, and reading it back.

This module never looks at what a posting shows the public: the public states are made by
``desk.print.handout.public_state`` (through ``desk.print.masking.public_view``) in the layer above,
and arrive here as plain dicts inside a :class:`desk.core.handout.HandoutDoc`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from desk.core.handout import Change, Entry, HandoutDoc, Scope, Section, Since
from desk.core.occupations import Occupation
from desk.core.prefectures import BLOCKS_8, MHLW_AREAS, block8, mhlw_area
from desk.services.summary import Scheme, summary
from desk.store.db import Database
from desk.store.models import (
    ExportRecord,
    Handout,
    HandoutPosting,
    ImportBatch,
    Posting,
    PostingChange,
    Recipient,
)

_COLUMNS = tuple(c.key for c in Posting.__table__.columns)


class HandoutInputError(ValueError):
    """A recipient, scope or hand-out the desk cannot use; the message says why."""


@dataclass(frozen=True)
class RecipientInfo:
    id: int
    name: str
    scope: Scope
    handouts: int = 0
    last_at: dt.datetime | None = None  # UTC


@dataclass(frozen=True)
class HandoutInfo:
    id: int
    recipient: str
    at: dt.datetime  # UTC, timezone-aware
    coordinator: str
    scope: Scope
    since_mode: str
    since_date: dt.date | None
    new: int
    changed: int
    ended: int
    open: int
    file_name: str


@dataclass(frozen=True)
class PostingSlotData:
    date: dt.date
    start: dt.time
    end: dt.time


class PostingData:
    """A posting's stored columns and its active slots, detached from any session."""

    def __init__(self, values: dict[str, Any], slots: list[PostingSlotData]) -> None:
        self._values = values
        self.slots = slots

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_values"][name]
        except KeyError:
            raise AttributeError(name) from None

    def replaced(self, **values: Any) -> PostingData:
        return PostingData({**self._values, **values}, self.slots)


@dataclass(frozen=True)
class Previous:
    handout_id: int
    at: dt.datetime  # UTC
    states: dict[str, dict[str, Any]]


# --- recipients ---------------------------------------------------------------------------------

def recipient(db: Database, name: str) -> RecipientInfo | None:
    name = name.strip()
    with db.session() as s:
        row = s.scalar(select(Recipient).where(Recipient.name == name))
        return RecipientInfo(row.id, row.name, Scope.from_json(row.scope)) if row else None


def ensure_recipient(db: Database, name: str, scope: Scope | None, *, make_default: bool = False) -> RecipientInfo:
    """The recipient named ``name``; a new one is kept with ``scope`` as its default scope (an
    existing one too when ``make_default``)."""
    name = " ".join(name.split())
    if not name:
        raise HandoutInputError("the recipient's name is empty; give the organisation's name (大阪府医師会 …)")
    with db.write() as s:
        row = s.scalar(select(Recipient).where(Recipient.name == name))
        if row is None:
            row = Recipient(name=name, scope=(scope or Scope()).to_json())
            s.add(row)
            s.flush()
        elif make_default and scope is not None:
            row.scope = scope.to_json()
        return RecipientInfo(row.id, row.name, Scope.from_json(row.scope))


def recipients(db: Database) -> list[RecipientInfo]:
    with db.session() as s:
        rows = s.scalars(select(Recipient).order_by(Recipient.name)).all()
        out = []
        for r in rows:
            ats = s.scalars(select(Handout.at).where(Handout.recipient_id == r.id).order_by(Handout.at.desc())).all()
            out.append(RecipientInfo(r.id, r.name, Scope.from_json(r.scope), len(ats),
                                     ats[0].replace(tzinfo=dt.UTC) if ats else None))
        return out


# --- postings -----------------------------------------------------------------------------------

def _data(p: Posting) -> PostingData:
    slots = [PostingSlotData(x.date, x.start, x.end) for x in sorted(p.slots, key=lambda x: (x.date, x.start))
             if x.active]
    return PostingData({k: getattr(p, k) for k in _COLUMNS}, slots)


def _in_scope(scope: Scope) -> Any:
    cond = []
    if scope.prefs:
        cond.append(Posting.pref_code.in_(list(scope.prefs)))
    if scope.occupations:
        cond.append(Posting.occupation.in_(list(scope.occupations)))
    return and_(*cond) if cond else None


def postings(db: Database, scope: Scope, also: Iterable[str] = ()) -> tuple[list[PostingData], set[str]]:
    """The open and paused postings in ``scope`` and the postings ``also`` names (wherever they are
    now), and the source ids of those inside the scope."""
    also = sorted(set(also))
    in_scope = _in_scope(scope)
    live = Posting.status.in_(("open", "paused"))
    wanted = live if in_scope is None else and_(live, in_scope)
    with db.session() as s:
        q = select(Posting).options(selectinload(Posting.slots))
        q = q.where(or_(wanted, Posting.source_id.in_(also)) if also else wanted)
        rows = list(s.scalars(q))
        found = [_data(p) for p in rows]
    inside = {p.source_id for p in found if _matches(p, scope)}
    return found, inside


def _matches(p: PostingData, scope: Scope) -> bool:
    return ((not scope.prefs or p.pref_code in scope.prefs)
            and (not scope.occupations or p.occupation in scope.occupations))


def previous(db: Database, recipient_id: int) -> Previous | None:
    """The states the last hand-out to this recipient recorded, or None for the first one."""
    with db.session() as s:
        last = s.scalar(select(Handout).where(Handout.recipient_id == recipient_id)
                        .order_by(Handout.at.desc(), Handout.id.desc()).limit(1))
        if last is None:
            return None
        states = {hp.source_id: dict(hp.state) for hp in s.scalars(
            select(HandoutPosting).where(HandoutPosting.handout_id == last.id))}
        return Previous(last.id, last.at, states)


def changed_since(db: Database, since: dt.datetime, posting_ids: Iterable[int]) -> tuple[
        dict[int, dict[str, Any]], set[int]]:
    """For ``--since DATE``: per posting, the value each tracked field had at ``since`` (UTC, from
    the recorded import changes), and the postings first imported after ``since``."""
    ids = list(posting_ids)
    old: dict[int, dict[str, Any]] = {}
    with db.session() as s:
        for pid, fld, value in s.execute(
                select(PostingChange.posting_id, PostingChange.field, PostingChange.old_value)
                .where(PostingChange.at >= since, PostingChange.posting_id.in_(ids))
                .order_by(PostingChange.at, PostingChange.id)):
            if fld in ("missing",):
                continue
            old.setdefault(pid, {}).setdefault(fld, _typed(fld, value))
        new = set(s.scalars(select(Posting.id).join(ImportBatch, ImportBatch.id == Posting.first_batch_id)
                            .where(ImportBatch.started_at >= since, Posting.id.in_(ids))))
    return old, new


def _typed(fld: str, value: str) -> Any:
    if fld == "headcount":
        try:
            return int(value)
        except ValueError:
            return 0
    if fld == "masked":
        return value == "マスキング"
    return value


def headcount_table(db: Database, scope: Scope) -> list[list[Any]]:
    """The open headcount by block x occupation for the scope (the summary, cut to the scope)."""
    scheme: Scheme = "mhlw" if scope.block in MHLW_AREAS and scope.block not in BLOCKS_8 else "regions"
    table = summary(db, blocks=scheme, prefs=scope.prefs or None, occupation_codes=scope.occupations or None)
    block_of = block8 if scheme == "regions" else mhlw_area
    wanted_blocks = table.blocks
    if scope.prefs:
        wanted_blocks = [b for b in table.blocks if any(block_of(c) == b for c in scope.prefs)]
    occupations = [o for o in table.occupations if not scope.occupations or o in scope.occupations]
    occupations = [o for o in occupations if o in Occupation._value2member_map_ or table.occupation_total(o)]
    header, *rows = table.table()
    index = [0, *(1 + table.occupations.index(o) for o in occupations)]
    out = [[header[i] for i in index] + ["計"]]
    for row, block in zip(rows, [*table.blocks, "計"], strict=True):
        if block != "計" and block not in wanted_blocks:
            continue
        cells = [row[i] for i in index]
        out.append([*cells, sum(c for c in cells[1:])])
    return out


# --- recording ----------------------------------------------------------------------------------

def record(db: Database, doc: HandoutDoc, *, recipient_id: int, scope: Scope, since_date: dt.date | None,
           previous_id: int | None, coordinator: str, tmp: Path, path: Path, fmt: str) -> int:
    """Record the hand-out, the states it showed and the export, and put the file in place, in one
    transaction: a hand-out is recorded exactly when its file exists."""
    try:
        with db.write() as s:
            export = ExportRecord(kind="handout", file_name=str(path), coordinator=coordinator,
                                  filters={"recipient": doc.recipient, **scope.to_json(), "since": doc.since.value,
                                           "format": fmt}, rows=len(doc.entries))
            s.add(export)
            s.flush()
            row = Handout(recipient_id=recipient_id, at=doc.at.astimezone(dt.UTC).replace(tzinfo=None),
                          coordinator=coordinator, scope=scope.to_json(), since_mode=doc.since.value,
                          since_date=since_date, previous_id=previous_id, contact=doc.contact,
                          headcount=[list(r) for r in doc.headcount], file_name=str(path), export_id=export.id)
            s.add(row)
            s.flush()
            s.add_all(HandoutPosting(handout_id=row.id, posting_id=e.posting_id, source_id=e.source_id,
                                     section=e.section.value, state=e.state,
                                     changes=[[c.field, c.label, c.old, c.new] for c in e.changes])
                      for e in doc.entries)
            s.flush()
            os.replace(tmp, path)
            return row.id
    finally:
        tmp.unlink(missing_ok=True)


def load(db: Database, handout_id: int) -> HandoutDoc:
    """A recorded hand-out as it was made (same entries, table, contact line and date)."""
    with db.session() as s:
        row = s.get(Handout, handout_id)
        if row is None:
            raise HandoutInputError(f"no hand-out {handout_id}; `desk handouts` lists them")
        name = s.scalar(select(Recipient.name).where(Recipient.id == row.recipient_id)) or ""
        entries = tuple(
            Entry(hp.source_id, Section(hp.section), dict(hp.state),
                  tuple(Change(*c) for c in hp.changes or ()), hp.posting_id)
            for hp in s.scalars(select(HandoutPosting).where(HandoutPosting.handout_id == row.id)
                                .order_by(HandoutPosting.id)))
        first = row.since_mode == Since.LAST.value and row.previous_id is None
        return HandoutDoc(
            recipient=name, at=row.at.replace(tzinfo=dt.UTC).astimezone(), scope_text=Scope.from_json(row.scope).text(),
            since=Since(row.since_mode), since_text=since_text(Since(row.since_mode), row.since_date,
                                                                _previous_at(s, row.previous_id)),
            first=first, entries=entries, headcount=tuple(tuple(r) for r in row.headcount), contact=row.contact,
            handout_id=row.id)


def _previous_at(s: Any, previous_id: int | None) -> dt.datetime | None:
    if previous_id is None:
        return None
    at = s.scalar(select(Handout.at).where(Handout.id == previous_id))
    return at.replace(tzinfo=dt.UTC) if at else None


def since_text(since: Since, since_date: dt.date | None, previous_at: dt.datetime | None) -> str:
    if since is Since.ALL:
        return "全件"
    if since is Since.DATE and since_date:
        return f"{since_date.isoformat()} 以降の変更"
    if previous_at is None:
        return "初回（前回のお渡しなし）"
    return f"前回 {previous_at.astimezone():%Y-%m-%d %H:%M} のお渡し以降の変更"


def list_handouts(db: Database, recipient_name: str | None = None) -> list[HandoutInfo]:
    """What was handed to whom and when, newest first."""
    with db.session() as s:
        q = (select(Handout, Recipient.name).join(Recipient, Recipient.id == Handout.recipient_id)
             .order_by(Handout.at.desc(), Handout.id.desc()))
        if recipient_name:
            q = q.where(Recipient.name == " ".join(recipient_name.split()))
        out = []
        for h, name in s.execute(q).all():
            counts = {sec: 0 for sec in Section}
            open_n = 0
            for section, state in s.execute(select(HandoutPosting.section, HandoutPosting.state)
                                            .where(HandoutPosting.handout_id == h.id)):
                counts[Section(section)] += 1
                open_n += (state or {}).get("status") == "open"
            out.append(HandoutInfo(h.id, name, h.at.replace(tzinfo=dt.UTC), h.coordinator, Scope.from_json(h.scope),
                                   h.since_mode, h.since_date, counts[Section.NEW], counts[Section.CHANGED],
                                   counts[Section.ENDED], open_n, h.file_name))
        return out
