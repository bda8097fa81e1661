"""Which of a posting's slots a registrant can be confirmed for: the confirm step's checklist.

Each active slot is ``ok``, ``clash`` (booked elsewhere at that time: the other venue and time
named), ``outside`` (outside the availability the registrant stated) or ``unstated`` (the
registrant stated no availability: ask them, never assume).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from desk.core.placement import format_span
from desk.core.schedule import covers
from desk.services.placements import NotFound, SlotInfo, bookings_of
from desk.store.db import Database
from desk.store.models import Posting, PostingSlot, Registrant


@dataclass(frozen=True)
class SlotOption:
    slot: SlotInfo
    status: str  # ok | clash | outside | unstated
    other_venue: str = ""
    other_municipality: str = ""
    other_posting: str = ""
    other_label: str = ""

    @property
    def label(self) -> str:
        return self.slot.label

    @property
    def spec(self) -> dt.datetime:
        """What ``transition(slots=...)`` takes for exactly this slot."""
        return dt.datetime.combine(self.slot.date, self.slot.start)


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def slot_options(db: Database, posting_source_id: str, registrant_source_id: str) -> list[SlotOption]:
    with db.session() as s:
        posting = s.scalars(select(Posting).where(Posting.source_id == posting_source_id)).one_or_none()
        if posting is None:
            raise NotFound(f"no posting with 募集ID {posting_source_id}")
        reg = s.scalars(select(Registrant).where(Registrant.source_id == registrant_source_id)).one_or_none()
        if reg is None:
            raise NotFound(f"no registrant with 登録ID {registrant_source_id}")
        rules = [r for r in (reg.availability or []) if isinstance(r, dict)]
        slots = [SlotInfo(x.id, x.date, x.start, x.end) for x in s.scalars(
            select(PostingSlot).where(PostingSlot.posting_id == posting.id, PostingSlot.active.is_(True))
            .order_by(PostingSlot.date, PostingSlot.start))]
    booked = [b for b in bookings_of(db, registrant_source_id) if b.posting_source_id != posting_source_id]
    out: list[SlotOption] = []
    for slot in slots:
        clash = next((b for b in booked if b.slot.span.overlaps(slot.span)), None)
        if clash is not None:
            out.append(SlotOption(slot, "clash", clash.venue, clash.municipality, clash.posting_source_id,
                                  format_span(clash.slot.span)))
        elif not rules:
            out.append(SlotOption(slot, "unstated"))
        elif not covers(rules, slot.date, _minutes(slot.start), _minutes(slot.end) or 24 * 60):
            out.append(SlotOption(slot, "outside"))
        else:
            out.append(SlotOption(slot, "ok"))
    return out
