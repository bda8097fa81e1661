"""Glue: build the sheets' plain data from the store and the ranking service.

One short read per call; the ranking service opens its own unit of work. Public sheets never load
registrants (they carry no personal data).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desk.core.occupations import label
from desk.core.placement import BOOKED
from desk.core.schedule import describe_availability
from desk.print.facts import CandidateLine, PostingFacts, SheetInput, SlotFill
from desk.store.db import Database
from desk.store.models import PlacementSlot, Posting, Registrant

#: The booked states as stored strings (the rule: desk.core.placement.BOOKED).
BOOKED_STATES = tuple(sorted(s.value for s in BOOKED))
DEFAULT_TOP = 20


class PostingNotFoundError(LookupError):
    """Some of the postings asked for are not in the database."""

    def __init__(self, missing: Sequence[str]) -> None:
        self.missing = list(missing)
        super().__init__("no posting with id " + ", ".join(self.missing))


def load_sheet_inputs(
    db: Database,
    posting_ids: Sequence[str],
    *,
    with_candidates: bool = True,
    top: int | None = DEFAULT_TOP,
    filter_text: str | None = None,
    weights: dict[str, float] | None = None,
) -> list[SheetInput]:
    """The sheets for ``posting_ids`` (posting source ids), in the order asked for."""
    ids = list(dict.fromkeys(str(pid).strip() for pid in posting_ids))
    with db.session() as session:
        facts = load_posting_facts(session, ids)
    if not with_candidates:
        return [SheetInput(posting=f) for f in facts]
    sheets = []
    for f in facts:
        candidates, excluded = load_candidates(db, f.source_id, top=top, filter_text=filter_text, weights=weights)
        sheets.append(SheetInput(posting=f, candidates=candidates, excluded=excluded,
                                 filter_text=(filter_text or "").strip()))
    return sheets


def load_posting_facts(session: Session, source_ids: Sequence[str]) -> list[PostingFacts]:
    rows = session.scalars(
        select(Posting).where(Posting.source_id.in_(source_ids)).options(selectinload(Posting.slots))
    ).all()
    by_id = {p.source_id: p for p in rows}
    missing = [sid for sid in source_ids if sid not in by_id]
    if missing:
        raise PostingNotFoundError(missing)
    slot_ids = [s.id for p in rows for s in p.slots if s.active]
    booked = _booked_per_slot(session, slot_ids)
    return [posting_facts(by_id[sid], booked) for sid in source_ids]


def _booked_per_slot(session: Session, slot_ids: list[int]) -> dict[int, int]:
    if not slot_ids:
        return {}
    counts = session.execute(
        select(PlacementSlot.slot_id, func.count())
        .where(PlacementSlot.slot_id.in_(slot_ids), PlacementSlot.state.in_(BOOKED_STATES))
        .group_by(PlacementSlot.slot_id)
    ).all()
    return {slot_id: int(n) for slot_id, n in counts}


def posting_facts(posting: Posting, booked: dict[int, int] | None = None) -> PostingFacts:
    booked = booked or {}
    slots = tuple(SlotFill(s.date, s.start, s.end, booked.get(s.id, 0)) for s in posting.slots if s.active)
    return PostingFacts(
        source_id=posting.source_id,
        occupation=label(posting.occupation) if posting.occupation else posting.occupation_raw,
        headcount=posting.headcount,
        municipality_name=posting.municipality_name,
        prefecture=posting.prefecture,
        city=posting.city,
        pref_code=posting.pref_code,
        muni_code=posting.muni_code,
        venue_name=posting.venue_name,
        venue_address=posting.venue_address,
        dates_raw=posting.dates_raw,
        hours_raw=posting.hours_raw,
        employment_type=posting.employment_type,
        pay=posting.pay,
        duties=posting.duties,
        requirements=posting.requirements,
        contact_name=posting.contact_name,
        contact_phone=posting.contact_phone,
        contact_email=posting.contact_email,
        masked=posting.masked,
        status=posting.status,
        updated_on=posting.updated_on,
        slots=slots,
    )


def load_candidates(
    db: Database,
    posting_source_id: str,
    *,
    top: int | None = DEFAULT_TOP,
    filter_text: str | None = None,
    weights: dict[str, float] | None = None,
) -> tuple[tuple[CandidateLine, ...], int]:
    """The ranked candidates as sheet lines, and how many registrants the ranking excluded."""
    from desk.services.ranking import rank_posting  # the ranking service loads numpy: only when needed

    # The sheet is in Japanese whatever the window's language: reasons too.
    result = rank_posting(db, posting_source_id, top=top, filter_text=filter_text, weights=weights, lang="ja")
    candidates = list(result.candidates)
    with db.session() as session:
        registrants = _registrants(session, [c.registrant_id for c in candidates])
    return candidate_lines(candidates, registrants), len(result.excluded or ())


def _registrants(session: Session, ids: Iterable[int]) -> dict[int, Registrant]:
    ids = list(ids)
    if not ids:
        return {}
    return {r.id: r for r in session.scalars(select(Registrant).where(Registrant.id.in_(ids)))}


def candidate_lines(candidates: Sequence[Any], registrants: dict[int, Registrant]) -> tuple[CandidateLine, ...]:
    """Ranking candidates → printed lines; scores on a 0–1 scale are shown out of 100."""
    scale = 100.0 if candidates and max(float(c.score) for c in candidates) <= 1.0 else 1.0
    lines = []
    for rank, c in enumerate(candidates, start=1):
        reg = registrants.get(c.registrant_id)
        lines.append(CandidateLine(
            rank=rank,
            registrant_id=str(getattr(c, "source_id", "") or (reg.source_id if reg else c.registrant_id)),
            name=c.name or (reg.name if reg else ""),
            name_kana=getattr(c, "name_kana", "") or (reg.name_kana if reg else ""),
            phone=c.phone or (reg.phone if reg else ""),
            email=c.email or (reg.email if reg else ""),
            region=region_text(reg) if reg else "",
            availability=availability_text(reg) if reg else "",
            score=float(c.score) * scale,
            reasons=tuple(str(r) for r in (c.reasons or ())),
        ))
    return tuple(lines)


def region_text(reg: Registrant) -> str:
    """Where the registrant lives, and where they said they can work (as they wrote it)."""
    home = f"{reg.home_prefecture}{reg.home_city}" if not reg.home_city.startswith(reg.home_prefecture) \
        else reg.home_city
    areas = " ".join(reg.work_areas_raw.split())
    if areas and areas != home:
        return f"{home}（希望 {areas}）" if home else f"希望 {areas}"
    return home


def availability_text(reg: Registrant) -> str:
    """The availability in a few words: the parsed rules when there are any, else what was typed."""
    described = describe_availability(reg.availability) if reg.availability else ""
    return described or " ".join(x for x in (reg.availability_raw.strip(), reg.hours_raw.strip()) if x)
