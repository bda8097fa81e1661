"""Registrants the ranking leaves out of a posting: the ranking's own exclusion check for one
registrant, and the override reason a placement already carries. Used by the placement log's
transitions (desk.services.placements) before it takes its locks."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.placement import FORWARD, State
from desk.services.ranking import PostingNotFound, describe, exclusion_of
from desk.store.db import Database
from desk.store.models import Placement, PlacementEvent


def exclusion_for(db: Database, posting_source_id: str, registrant_source_id: str,
                  state: State) -> tuple[str, str] | None:
    """(code, words) of the ranking's exclusion for a forward change, None for a candidate."""
    if state not in FORWARD:
        return None
    try:
        reason = exclusion_of(db, posting_source_id, registrant_source_id)
    except PostingNotFound:
        return None  # the transition's own lookup says so in the usual words
    if reason is None:
        return None
    return reason.code.removeprefix("excl."), f"{describe(reason, 'ja')} ({describe(reason, 'en')})"


def inherited_override(s: Session, placement: Placement | None) -> str:
    """The override reason of the placement's latest event, when it was given while accepting."""
    if placement is None or placement.state != State.ACCEPTED.value:
        return ""
    reason = s.scalar(select(PlacementEvent.override_reason).where(PlacementEvent.placement_id == placement.id)
                      .order_by(PlacementEvent.id.desc()).limit(1))
    return str(reason or "")
