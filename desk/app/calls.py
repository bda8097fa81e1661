"""The calling day for the window: placement changes with an override, the partial-confirm
checklist, call attempts, notes, call-backs, re-contact, registrant edits and the reminders sheet.
Every method may block on the database: the window calls them through desk.ui.runner.Runner."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desk.app.base import AppBase
from desk.core.calls import Outcome
from desk.core.placement import State
from desk.core.ranking import describe
from desk.services import calls, recontact, registrant_edits
from desk.services import placements as log
from desk.services.partial_confirm import SlotOption, slot_options
from desk.services.ranking import exclusion_of
from desk.services.reminders import export_reminders

if TYPE_CHECKING:  # the PDF stack (reportlab) loads when a sheet is written, not with the window
    from desk.services.export_files import ExportResult


@dataclass(frozen=True)
class Exclusion:
    """Why the ranking leaves a registrant out of a posting: a code and words in the UI language."""

    code: str  # occupation | no_overlap | state_paused | state_withdrawn | booked
    text: str

    @property
    def withdrawn(self) -> bool:
        return self.code == "state_withdrawn"


GUARDED_STATES = ("proposed", "contacted", "accepted", "confirmed")


@dataclass(frozen=True)
class PlacementChecks:
    exclusion: Exclusion | None
    override_carried: bool
    slot_options: tuple[SlotOption, ...]


class CallsApi(AppBase):
    def exclusion(self, posting: str, registrant: str) -> Exclusion | None:
        reason = exclusion_of(self.db, posting, registrant)
        if reason is None:
            return None
        return Exclusion(reason.code.removeprefix("excl."), describe(reason, self.settings.language))

    def override_on_file(self, posting: str, registrant: str) -> str:
        """The override reason an accepted placement was given (carried to its confirmation), or ""."""
        if log.placement_state(self.db, posting, registrant) is not State.ACCEPTED:
            return ""
        rows = log.events(self.db, posting_source_id=posting, registrant_source_id=registrant, limit=1)
        return rows[-1].override_reason if rows else ""

    def record_ids(self, posting: str, registrant: str) -> tuple[int, int]:
        """The store ids of a posting (募集ID) and a registrant ([SOURCE:]登録ID as shown in lists)."""
        from sqlalchemy import select

        from desk.services.persons import resolve
        from desk.store.models import Posting

        with self.db.session() as s:
            pid = s.scalar(select(Posting.id).where(Posting.source_id == posting))
            if pid is None:
                raise LookupError(f"no posting with 募集ID {posting}")
            return int(pid), int(resolve(s, registrant).id)

    def placement_checks(self, posting: str, registrant: str, state: str) -> PlacementChecks:
        """What the window must settle before a placement change, in one trip to the database: the
        ranking's exclusion, an override already on file, and each slot's fit (confirmations)."""
        return PlacementChecks(
            exclusion=self.exclusion(posting, registrant) if state in GUARDED_STATES else None,
            override_carried=state == "confirmed" and bool(self.override_on_file(posting, registrant)),
            slot_options=tuple(self.slot_options(posting, registrant)) if state == "confirmed" else ())

    def slot_options(self, posting: str, registrant: str) -> list[SlotOption]:
        return slot_options(self.db, posting, registrant)

    def log_call(self, posting: str, registrant: str, outcome: Outcome | str, *, note: str = "",
                 callback_at: dt.datetime | None = None) -> calls.ContactRow:
        return calls.log_attempt(self.db, posting, registrant, outcome, note=note, callback_at=callback_at,
                                 coordinator=self.coordinator)

    def add_note(self, posting: str, registrant: str, text: str) -> calls.ContactRow:
        return calls.add_note(self.db, posting, registrant, text, coordinator=self.coordinator)

    def contacts_of(self, registrant: str) -> list[calls.ContactRow]:
        return calls.contacts(self.db, registrant_source_id=registrant)

    def last_contacts(self, posting: str) -> dict[str, calls.LastContact]:
        return calls.last_contacts(self.db, posting)

    def callbacks_due(self, *, mine: bool = False, until: dt.datetime | None = None) -> list[calls.Callback]:
        return calls.callbacks(self.db, until=until, coordinator=self.coordinator if mine else None)

    def recontact_items(self) -> list[recontact.RecontactItem]:
        return recontact.open_items(self.db)

    def set_registrant_field(self, registrant: str, field: str, value: str) -> registrant_edits.EditRow:
        return registrant_edits.set_field(self.db, registrant, field, value, coordinator=self.coordinator)

    def registrant_edits(self, registrant: str) -> list[registrant_edits.EditRow]:
        return registrant_edits.edits(self.db, registrant)

    def export_reminders(self, day: dt.date, path: str | Path) -> ExportResult:
        """The reminders call sheet for ``day`` as .pdf, .csv or .xlsx (audited)."""
        target = Path(path)
        if target.suffix.lower() == ".pdf":
            from desk.print.reminders import write_reminders_pdf

            return write_reminders_pdf(self.db, day, target, coordinator=self.coordinator)
        return export_reminders(self.db, day, target, coordinator=self.coordinator)
