"""The day before: everyone confirmed for a date, grouped by venue, with the venue's full address
(coordinator audience: the call sheet never leaves the desk), hours, phone and e-mail.

CSV and .xlsx exports are written here (audited like the other personal-data exports); the
printable PDF is laid out by desk.print.reminders from the same rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desk.core.placement import State
from desk.services.export_files import (
    ExportResult,
    file_encoding,
    file_format,
    record_and_place,
    temp_path,
    write_csv,
    write_xlsx,
)
from desk.store.db import Database
from desk.store.models import Placement, PlacementSlot, Posting, Registrant

KIND = "reminders"
HEADERS = ["日付", "募集ID", "自治体", "会場", "所在地", "時間", "登録ID", "氏名", "フリガナ", "電話", "メール"]


@dataclass(frozen=True)
class ReminderPerson:
    registrant_source_id: str
    name: str
    name_kana: str
    phone: str
    email: str
    hours: list[tuple[dt.time, dt.time]]

    @property
    def hours_text(self) -> str:
        return ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in self.hours)


@dataclass(frozen=True)
class ReminderVenue:
    posting_source_id: str
    municipality: str
    venue: str
    address: str
    people: list[ReminderPerson]


def confirmed_on(db: Database, day: dt.date) -> list[ReminderVenue]:
    """Everyone confirmed for ``day``, grouped by posting (venue), venues and people in a stable order."""
    with db.session() as s:
        rows = s.execute(select(PlacementSlot.start, PlacementSlot.end, Posting, Registrant)
                         .join(Placement, Placement.id == PlacementSlot.placement_id)
                         .join(Posting, Posting.id == Placement.posting_id)
                         .join(Registrant, Registrant.id == Placement.registrant_id)
                         .where(PlacementSlot.date == day, PlacementSlot.state == State.CONFIRMED.value)
                         .order_by(PlacementSlot.start, Registrant.source_id)).all()
        venues: dict[str, tuple[Posting, dict[str, tuple[Registrant, list[tuple[dt.time, dt.time]]]]]] = {}
        for start, end, posting, reg in rows:
            _, people = venues.setdefault(posting.source_id, (posting, {}))
            people.setdefault(reg.source_id, (reg, []))[1].append((start, end))
        ordered = sorted(venues.values(), key=lambda v: (v[0].municipality_name, v[0].venue_name, v[0].source_id))
        return [ReminderVenue(p.source_id, p.municipality_name or f"{p.prefecture}{p.city}", p.venue_name,
                              p.venue_address,
                              [ReminderPerson(r.source_id, r.name, r.name_kana, r.phone, r.email, hours)
                               for r, hours in people.values()])
                for p, people in ordered]


def table_rows(day: dt.date, venues: list[ReminderVenue]) -> list[list[Any]]:
    return [[day, v.posting_source_id, v.municipality, v.venue, v.address, p.hours_text, p.registrant_source_id,
             p.name, p.name_kana, p.phone, p.email] for v in venues for p in v.people]


def export_reminders(db: Database, day: dt.date, path: str | Path, *, coordinator: str = "",
                     encoding: str = "utf-8") -> ExportResult:
    """Write the call sheet as .csv or .xlsx and record who exported it (kind ``reminders``)."""
    target = Path(path)
    fmt = file_format(target, ("csv", "xlsx"))
    enc = file_encoding(encoding)
    rows = table_rows(day, confirmed_on(db, day))
    tmp = temp_path(target)
    warnings: list[str] = []
    if fmt == "csv":
        warnings = write_csv(tmp, HEADERS, rows, enc)
    else:
        write_xlsx(tmp, [("前日連絡", HEADERS, rows)])
    record_id = record_and_place(db, tmp, target, KIND, coordinator, {"date": day.isoformat(), "format": fmt},
                                 len(rows))
    return ExportResult(target, KIND, len(rows), record_id, warnings)
