"""Coordinator edits of a registrant (phone, e-mail, state, notes), each recorded who/when/old → new,
and the conflicts a later import brings for an edited field.

An import that brings, for an edited field, the value the registry had before the edit (the source
has not changed) keeps the edit silently; one that brings a third value keeps the edit too and
reports a conflict for the coordinator to resolve (``desk registrant set`` with the value to keep).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.registrant_fields import EDITABLE_FIELDS
from desk.core.text import clean
from desk.services.local_time import to_local
from desk.store.db import Database
from desk.store.models import Registrant, RegistrantEdit, utcnow

FIELDS = EDITABLE_FIELDS
FIELD_ALIASES = {"phone": "phone", "tel": "phone", "電話": "phone", "電話番号": "phone",
                 "email": "email", "e-mail": "email", "mail": "email", "メール": "email",
                 "state": "state", "状態": "state", "notes": "notes", "note": "notes", "備考": "notes",
                 "メモ": "notes"}
STATE_ALIASES = {"active": "active", "有効": "active", "在籍": "active", "活動中": "active",
                 "paused": "paused", "休止": "paused", "withdrawn": "withdrawn", "退会": "withdrawn"}
STATE_LABELS_JA = {"active": "有効", "paused": "休止", "withdrawn": "退会"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9\-() ]{5,}$")


class EditRefused(ValueError):
    """A field or value the edit cannot take; the message names what is allowed."""


@dataclass(frozen=True)
class EditRow:
    id: int
    registrant_source_id: str
    field: str
    old_value: str
    new_value: str
    coordinator: str
    at: dt.datetime  # local


@dataclass(frozen=True)
class EditConflict:
    """An import brought a value for a field a coordinator edited; the edit was kept."""

    registrant_source_id: str
    field: str
    kept: str  # the edited value, still in place
    imported: str  # what the file says
    edited_by: str
    edited_at: dt.datetime  # local

    def __str__(self) -> str:
        return (f"registrant {self.registrant_source_id}: {self.field} edited by {self.edited_by or '?'} "
                f"{self.edited_at:%Y-%m-%d %H:%M} kept as {self.kept!r}; the file says {self.imported!r}")


def parse_field(text: str) -> str:
    key = FIELD_ALIASES.get(clean(text).lower())
    if key is None:
        raise EditRefused(f"unknown field {text!r}; use one of {', '.join(FIELDS)} (電話, メール, 状態, 備考)")
    return key


def normalise_value(field: str, value: str) -> str:
    text = unicodedata.normalize("NFKC", value).strip() if field in ("phone", "email", "state") else value.strip()
    if field == "state":
        state = STATE_ALIASES.get(text.lower())
        if state is None:
            raise EditRefused(f"unknown state {value!r}; use active (有効), paused (休止) or withdrawn (退会)")
        return state
    if field == "email" and text and not _EMAIL.match(text):
        raise EditRefused(f"{value!r} is not an e-mail address (expected name@example.jp)")
    if field == "phone" and text and not _PHONE.match(text):
        raise EditRefused(f"{value!r} is not a phone number (expected digits, e.g. 045-123-4567)")
    return text


def set_field(db: Database, registrant_source_id: str, field: str, value: str, *,
              coordinator: str = "") -> EditRow:
    """Change one field of a registrant and record the edit; raises EditRefused or NotFound."""
    key = parse_field(field)
    new = normalise_value(key, value)
    with db.write() as s:
        reg = s.scalars(select(Registrant).where(Registrant.source_id == registrant_source_id)).one_or_none()
        if reg is None:
            from desk.services.placements import NotFound  # not loaded by an import (it loads the ranking)

            raise NotFound(f"no registrant with 登録ID {registrant_source_id}")
        old = str(getattr(reg, key) or "")
        now = utcnow()
        setattr(reg, key, new)
        reg.changed_at = now
        edit = RegistrantEdit(registrant_id=reg.id, field=key, old_value=old, new_value=new,
                              coordinator=coordinator, at=now)
        s.add(edit)
        s.flush()
        return EditRow(edit.id, reg.source_id, key, old, new, coordinator, to_local(now))


def edits(db: Database, registrant_source_id: str | None = None) -> list[EditRow]:
    """Recorded edits, oldest first."""
    with db.session() as s:
        q = select(RegistrantEdit, Registrant.source_id).join(Registrant, Registrant.id == RegistrantEdit.registrant_id)
        if registrant_source_id is not None:
            q = q.where(Registrant.source_id == registrant_source_id)
        return [EditRow(e.id, sid, e.field, e.old_value, e.new_value, e.coordinator, to_local(e.at))
                for e, sid in s.execute(q.order_by(RegistrantEdit.id)).all()]


def protect_edits(s: Session, changed: Sequence[tuple[int, dict[str, Any]]]) -> tuple[list[EditConflict],
                                                                                        dict[int, dict[str, str]]]:
    """For registrants an import is about to update (store id, new values): the conflicts to report
    and, per store id, the edited fields with the edited values the import must write instead."""
    ids = [pk for pk, _ in changed]
    if not ids:
        return [], {}
    first: dict[tuple[int, str], RegistrantEdit] = {}
    last: dict[tuple[int, str], RegistrantEdit] = {}
    for chunk in range(0, len(ids), 2000):
        for e in s.scalars(select(RegistrantEdit).where(RegistrantEdit.registrant_id.in_(ids[chunk:chunk + 2000]))
                           .order_by(RegistrantEdit.id)):
            first.setdefault((e.registrant_id, e.field), e)
            last[(e.registrant_id, e.field)] = e
    if not last:
        return [], {}
    sids = dict(s.execute(select(Registrant.id, Registrant.source_id).where(
        Registrant.id.in_({pk for pk, _ in last}))).all())
    conflicts: list[EditConflict] = []
    keep: dict[int, dict[str, str]] = {}
    for pk, values in changed:
        for fld in FIELDS:
            edit = last.get((pk, fld))
            if edit is None or fld not in values:
                continue
            incoming = str(values[fld] or "")
            keep.setdefault(pk, {})[fld] = edit.new_value
            if incoming not in (edit.new_value, first[(pk, fld)].old_value):
                conflicts.append(EditConflict(sids[pk], fld, edit.new_value, incoming, edit.coordinator,
                                              to_local(edit.at)))
    return conflicts, keep
