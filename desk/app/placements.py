"""Placement transitions, undo and the placement log, for the window.

The rules (which moves are allowed, double booking, the headcount) are desk.core.placement and
desk.services.placements; refusals are raised as their exceptions (PlacementRefused and kin, with a
``code``) and the window words them. Who is recorded is the facade's coordinator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desk.app.base import AppBase
from desk.core.placement import next_actions
from desk.services import placements


@dataclass(frozen=True)
class Outcome:
    """A recorded change: the placement's states before and after, and warnings to show."""

    posting_source_id: str
    registrant_source_id: str
    old_state: str | None
    new_state: str
    warnings: tuple[str, ...] = ()


def _outcome(result: Any) -> Outcome:
    def value(s: Any) -> str | None:
        return None if s is None else str(getattr(s, "value", s))

    warnings = tuple(getattr(w, "message", str(w)) for w in getattr(result, "warnings", []) or [])
    return Outcome(posting_source_id=str(result.posting_source_id),
                   registrant_source_id=str(result.registrant_source_id),
                   old_state=value(getattr(result, "old_state", None)), new_state=value(result.new_state) or "",
                   warnings=warnings)


class PlacementsApi(AppBase):
    def placement_state(self, posting_source_id: str, registrant_source_id: str) -> str | None:
        state = placements.placement_state(self.db, posting_source_id, registrant_source_id)
        return state.value if state is not None else None

    def allowed_actions(self, posting_source_id: str, registrant_source_id: str) -> frozenset[str]:
        """The states the placement may move to next (what the action buttons offer)."""
        current = self.placement_state(posting_source_id, registrant_source_id)
        return frozenset(s.value for s in next_actions(current))

    def transition(self, posting_source_id: str, registrant_source_id: str, state: str, *, over: bool = False,
                   cancelled_by: str | None = None, note: str = "", override: str = "",
                   slots: Sequence[dt.date | dt.datetime] | None = None) -> Outcome:
        """Move a placement (``override``: the reason for placing someone the ranking excludes;
        ``slots``: confirm only these of the posting's slots)."""
        return _outcome(placements.transition(self.db, posting_source_id, registrant_source_id, state,
                                              slots=slots, coordinator=self.coordinator,
                                              cancelled_by=cancelled_by, over=over, note=note, override=override))

    def undo_last(self) -> Outcome:
        """Undo this coordinator's newest change still in effect (Ctrl+Z)."""
        return _outcome(placements.undo_last(self.db, coordinator=self.coordinator))

    def undo(self, event_id: int) -> Outcome:
        return _outcome(placements.undo(self.db, event_id, coordinator=self.coordinator))

    def events(self, **filters: Any) -> list[Any]:
        """The placement log, oldest first (filters as desk.services.placements.events)."""
        return list(placements.events(self.db, **filters))
