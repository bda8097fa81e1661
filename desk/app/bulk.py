"""Actions on several selected candidates at once (propose them all, mark them called): each
registrant is one placement change of its own (desk.services.placements, same rules as one at a
time), so one refusal does not undo the others; the answer says which went through and why the
rest did not."""

from __future__ import annotations

from dataclasses import dataclass

from desk.app.base import AppBase
from desk.core.placement import PlacementRefused
from desk.services import placements


@dataclass(frozen=True)
class BulkOutcome:
    posting_source_id: str
    state: str
    done: tuple[str, ...]  # registrant source ids moved to ``state``
    refused: tuple[tuple[str, str], ...]  # (registrant source id, why)


class BulkApi(AppBase):
    def transition_many(self, posting_source_id: str, registrant_source_ids: list[str], state: str) -> BulkOutcome:
        done: list[str] = []
        refused: list[tuple[str, str]] = []
        for rid in dict.fromkeys(registrant_source_ids):
            try:
                placements.transition(self.db, posting_source_id, rid, state, coordinator=self.coordinator)
            except PlacementRefused as exc:
                refused.append((rid, str(exc)))
            else:
                done.append(rid)
        return BulkOutcome(posting_source_id, state, tuple(done), tuple(refused))
