"""The calling day's behaviour in the window: call attempts and notes one keystroke from the
candidate, the last-contact column, the registrant's calls, the call-backs due (with a reminder
when one falls due), the re-contact list, the override and partial-confirm steps before a placement
change, registrant edits and the reminders sheet. Database work goes through the facade
(desk.app.DeskApp) on desk.ui.runner.Runner, never on the GUI thread."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog

from desk import paths
from desk.app import DeskApp
from desk.app.calls import GUARDED_STATES
from desk.core.calls import Outcome, parse_callback
from desk.ui.calls_panels import CallbacksDock, CallBar, ContactsView, RecontactDock
from desk.ui.labels import word
from desk.ui.models.calls_models import OUTCOME
from desk.ui.override_dialog import OverrideDialog
from desk.ui.partial_confirm_dialog import PartialConfirmDialog
from desk.ui.registrant_edit_dialog import RegistrantEditDialog
from desk.ui.reminders_dialog import RemindersDialog
from desk.ui.runner import Runner

if TYPE_CHECKING:
    from desk.ui.main_window import MainWindow

#: Call outcomes with their one-key shortcuts, then the note.
OUTCOME_KEYS = (("no_answer", "F7"), ("voicemail", "F8"), ("callback", "F9"), ("busy", "F10"),
                ("wrong_number", "F11"))
NOTE_KEY = "F12"
#: How often the call-backs list is read again (and a newly due one announced).
CALLBACK_POLL_MS = 60_000

Dialog = Callable[[QDialog], bool]


def run_dialog(dlg: QDialog) -> bool:
    return dlg.exec() == QDialog.DialogCode.Accepted


class CallsController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.app: DeskApp = getattr(window, "app", None) or DeskApp(window.db, window.settings)
        self.runner = self._runner(window)
        self.work = window.work
        #: Replaced in tests: run a dialog modally (True when accepted), ask a line of text.
        self.exec_dialog: Dialog = run_dialog
        self.ask_text: Callable[[str, str, str], str | None] = self._ask_text
        self._announced: set[int] = set()

        self.call_actions: dict[str, QAction] = {}
        for code, key in OUTCOME_KEYS:
            act = QAction(word(OUTCOME, code), window)
            act.setObjectName(f"call_{code}")
            act.setShortcut(QKeySequence(key))
            act.triggered.connect(lambda _c=False, o=code: self.log_call(o))
            self.call_actions[code] = act
        self.note_action = QAction(self.tr("Note…"), window)
        self.note_action.setObjectName("call_note")
        self.note_action.setShortcut(QKeySequence(NOTE_KEY))
        self.note_action.triggered.connect(self.add_note)
        self.edit_action = QAction(self.tr("Edit registrant…"), window)
        self.edit_action.setObjectName("editRegistrantAction")
        self.edit_action.triggered.connect(self.edit_registrant)
        self.reminders_action = QAction(self.tr("Reminders for a day…"), window)
        self.reminders_action.setObjectName("remindersAction")
        self.reminders_action.triggered.connect(self.reminders)
        menu = window.menuBar().addMenu(self.tr("&Calls"))
        for act in (*self.call_actions.values(), self.note_action):
            menu.addAction(act)
            window.addAction(act)
        menu.addSeparator()
        for act in (self.edit_action, self.reminders_action):
            menu.addAction(act)
            window.addAction(act)

        self.bar = CallBar([*self.call_actions.values(), self.note_action])
        window.candidates.layout().addWidget(self.bar)
        self.contacts = ContactsView()
        self.contacts.edit_requested.connect(self.edit_registrant)
        window.registrant.tabs.addTab(self.contacts, self.tr("Calls"))
        self.callbacks = CallbacksDock(window)
        self.recontact = RecontactDock(window)
        for dock in (self.callbacks, self.recontact):  # a row opens its placement (posting + candidate)
            dock.activated.connect(self.open_row)
        for dock in (self.callbacks, self.recontact):
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            menu.addAction(dock.toggleViewAction())
        window.tabifyDockWidget(self.callbacks, self.recontact)
        self.callbacks.raise_()
        # Closed until they hold something (a call-back falls due, a booking needs a call again): an
        # empty dock would take a third of the width at 1280×720. The 通話 menu opens them any time.
        self.callbacks.hide()
        self.recontact.hide()
        self._recontact_shown = False

        self.work.guard = self.guard
        # Once the posting's detail has arrived (on selection it is still loading in a worker).
        self.work.posting_shown.connect(self.refresh_last_contacts)
        window.candidates.candidate_selected.connect(lambda _rid: self.refresh_contacts())
        self.work.placements_changed.connect(self.refresh_lists)
        window.data_reloaded.connect(self.refresh_lists)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh_callbacks)
        self.timer.start(CALLBACK_POLL_MS)
        self.refresh_lists()

    @staticmethod
    def _runner(window: MainWindow) -> Runner:
        """The window's Runner; until the window has one, a Runner over the window's task pool, so
        that waiting for the window's work (closing, tests) waits for the calls' work too."""
        if isinstance(window.runner, Runner):
            return window.runner
        runner = Runner(window)
        runner._tasks = window.runner  # noqa: SLF001 - the same pool, see above
        return runner

    def shutdown(self) -> None:
        self.timer.stop()

    # ---- who is selected
    def _posting_sid(self) -> str | None:
        """The selected posting's 募集ID (the work view holds a dict, or a PostingDetail on the facade)."""
        posting: Any = self.work._posting
        if posting is None:
            return None
        return str(posting["source_id"] if isinstance(posting, dict) else posting.source_id)

    def _pair(self) -> tuple[str, str, str] | None:
        posting = self._posting_sid()
        reg = self.window.registrant.registrant
        if posting is None or reg is None:
            self.window.statusBar().showMessage(self.tr("Select a posting and a candidate first."), 5000)
            return None
        return posting, str(reg["source_id"]), str(reg.get("name") or "")

    def _ask_text(self, title: str, label: str, default: str) -> str | None:
        text, ok = QInputDialog.getText(self.window, title, label, text=default)
        return text if ok else None

    def _failed(self, exc: BaseException) -> None:
        if self.work.refused_for_login(exc):
            return
        self.work.inform(self.tr("Not recorded"), str(exc))

    # ---- call attempts and notes
    def log_call(self, outcome: str) -> None:
        pair = self._pair()
        if pair is None:
            return
        when: dt.datetime | None = None
        if outcome == Outcome.CALLBACK.value:
            default = (dt.datetime.now() + dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:00")
            text = self.ask_text(self.tr("Call back"), self.tr("Call back at (YYYY-MM-DD HH:MM):"), default)
            if text is None:
                return
            when = parse_callback(text)
            if when is None:
                self._failed(ValueError(self.tr("%1: expected YYYY-MM-DD HH:MM").replace("%1", text)))
                return
        self.runner.run(self.app.log_call, pair[0], pair[1], outcome, callback_at=when,
                        on_result=lambda _row: self._recorded(pair[2], word(OUTCOME, outcome)),
                        on_error=self._failed)

    def add_note(self) -> None:
        pair = self._pair()
        if pair is None:
            return
        text = self.ask_text(self.tr("Note"), self.tr("Note about %1:").replace("%1", pair[2]), "")
        if not text or not text.strip():
            return
        self.runner.run(self.app.add_note, pair[0], pair[1], text,
                        on_result=lambda _row: self._recorded(pair[2], self.tr("note")), on_error=self._failed)

    def _recorded(self, name: str, what: str) -> None:
        self.window.statusBar().showMessage(self.tr("%1: %2 recorded").replace("%1", name).replace("%2", what), 5000)
        self.refresh_last_contacts()
        self.refresh_contacts()
        self.refresh_lists()

    # ---- lists
    def refresh_last_contacts(self) -> None:
        sid = self._posting_sid()
        if sid is None:
            return
        model = self.window.candidates.model

        def show(contacts: dict[str, Any]) -> None:
            if self._posting_sid() == sid:
                model.set_contacts({k: (v.text, v.attempts_here) for k, v in contacts.items()})
        self.runner.run(self.app.last_contacts, sid, on_result=show)

    def refresh_contacts(self) -> None:
        reg = self.window.registrant.registrant
        if reg is None:
            self.contacts.model.set_rows([])
            return
        sid = reg["source_id"]

        def show(rows: list[Any]) -> None:
            current = self.window.registrant.registrant
            if current is not None and current["source_id"] == sid:
                self.contacts.model.set_rows(rows)
        self.runner.run(self.app.contacts_of, sid, on_result=show)

    def refresh_lists(self) -> None:
        self.refresh_callbacks()
        self.runner.run(self.app.recontact_items, on_result=self._show_recontact)

    def open_row(self, row: Any) -> None:
        """A call-back or re-contact row was double-clicked: show its posting with the registrant."""
        if row is None:
            return
        self.runner.run(self.app.record_ids, row.posting_source_id, row.registrant_source_id,
                        on_result=lambda ids: self.window.find.open_record("placement", *ids),
                        on_error=self._failed)

    def _show_recontact(self, rows: list[Any]) -> None:
        self.recontact.set_rows(rows)
        if rows and not self._recontact_shown:
            self._recontact_shown = True
            self.recontact.show()

    def refresh_callbacks(self) -> None:
        self.runner.run(self.app.callbacks_due, on_result=self._show_callbacks)

    def _show_callbacks(self, rows: list[Any]) -> None:
        self.callbacks.set_rows(rows)
        new = [r for r in rows if r.contact_id not in self._announced]
        self._announced.update(r.contact_id for r in rows)
        if new:
            first = new[0]
            self.window.statusBar().showMessage(
                self.tr("Call-back due: %1 %2 (%3)").replace("%1", first.registrant_name)
                .replace("%2", first.phone or "").replace("%3", first.posting_source_id), 15000)
            self.callbacks.show()
            self.callbacks.raise_()
            QApplication.alert(self.window)

    # ---- before a placement change (WorkController.apply)
    def guard(self, state: str, posting: str, registrant: str, name: str,
              proceed: Callable[[dict[str, Any]], None]) -> None:
        """Settle the override reason and the slots to confirm, then ``proceed(extra)``; the checks
        are read off the GUI thread, the questions asked here."""
        if state not in GUARDED_STATES:
            proceed({})
            return
        self.runner.run(self.app.placement_checks, posting, registrant, state,
                        waiting_for=self.tr("Waiting for the database: checking the placement"),
                        on_result=lambda checks: self._guarded(checks, state, name, proceed),
                        on_error=self._failed)

    def _guarded(self, checks: Any, state: str, name: str, proceed: Callable[[dict[str, Any]], None]) -> None:
        extra: dict[str, Any] = {}
        excl = checks.exclusion
        if excl is not None and excl.withdrawn:
            self.work.inform(self.tr("Withdrawn"),
                             self.tr("%1 has withdrawn from the registry and cannot be placed.").replace("%1", name))
            return
        if excl is not None and excl.code != "booked" and state in ("accepted", "confirmed") \
                and not checks.override_carried:
            dlg = OverrideDialog(name, excl.text, self.window)
            if not self.exec_dialog(dlg):
                return
            extra["override"] = dlg.reason_text()
        if state == "confirmed":
            options = list(checks.slot_options)
            # every slot booked elsewhere: nothing to choose, the double-booking refusal says why
            if any(o.status != "ok" for o in options) and any(o.status != "clash" for o in options):
                pick = PartialConfirmDialog(name, options, self.window)
                if not self.exec_dialog(pick) or not pick.chosen():
                    return
                extra["slots"] = [o.spec for o in pick.chosen()]
        proceed(extra)

    # ---- registrant edits and reminders
    def edit_registrant(self) -> None:
        reg = self.window.registrant.registrant
        if reg is None:
            return
        dlg = RegistrantEditDialog(reg, self.window)
        if not self.exec_dialog(dlg):
            return
        changes = dlg.changes()
        if not changes:
            return
        sid = reg["source_id"]

        def save() -> int:
            for field, value in changes.items():
                self.app.set_registrant_field(sid, field, value)
            return len(changes)

        def done(_n: int) -> None:
            self.window.statusBar().showMessage(self.tr("Registrant %1 saved").replace("%1", sid), 5000)
            self.work.rerank()  # a state or contact detail changed: the candidate list follows
            self.work.select_registrant(int(reg["id"]))
        self.runner.run(save, on_result=done, on_error=self._failed)

    def reminders(self) -> None:
        dlg = RemindersDialog(paths.data_dir(), self.window)
        if not self.exec_dialog(dlg):
            return
        day, target = dlg.day(), dlg.target()

        def done(result: Any) -> None:
            self.window.statusBar().showMessage(
                self.tr("Reminders for %1: %2 people written to %3").replace("%1", day.isoformat())
                .replace("%2", str(result.rows)).replace("%3", str(result.path)), 8000)
        self.runner.run(self.app.export_reminders, day, target, on_result=done, on_error=self._failed)
