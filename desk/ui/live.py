"""Live changes in the window: a colleague's change shows up without pressing anything.

``LiveFeed`` runs the facade's change feed (PostgreSQL LISTEN, SQLite poll) on a thread of its own
and emits ``changed(kind, posting_id)`` in the GUI thread; after a placement or call it also
re-reads who is calling whom (``calls_changed``), off the GUI thread too. ``LiveWiring`` hooks it
into the main window in a few lines: the posting fill, the candidates' states, the log tab and the
summary refresh; a status-bar label shows colleagues' calls; "Calling now" (Ctrl+Shift+L) on the
candidate; proposing someone a colleague is calling asks first.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QToolButton

from desk.services.calling import Call
from desk.services.changes import merge
from desk.ui.errors import refusal_text

log = logging.getLogger("desk.ui")

# Seconds one wait on the feed blocks (also how quickly the thread stops); SQLite polls each second.
WAIT_S = 0.5
POLL_S = 1.0
# Calls are re-read at least this often, so a call disappears when its 15 minutes are over.
CALLS_EVERY_S = 30.0
CALL_SHORTCUT = "Ctrl+Shift+L"


class LiveFeed(QObject):
    """The change feed of ``app`` (a DeskApp) on a daemon thread; signals arrive in the GUI thread."""

    changed = Signal(str, str)  # kind, 募集ID (or the import kind)
    calls_changed = Signal(list)  # list[Call], everyone's active calls
    failed = Signal(str)

    def __init__(self, app: Any, parent: QObject | None = None, *, poll: float = POLL_S) -> None:
        super().__init__(parent)
        self.app = app
        self.poll = poll
        self.calls: list[Call] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.calls_changed.connect(self._keep_calls)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="desk-live", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(WAIT_S + 2 * self.poll + 1)
            self._thread = None

    def colleague_call(self, registrant_source_id: str, me: str) -> Call | None:
        """A colleague's call to this registrant (from the last read, no database access)."""
        for call in self.calls:
            if call.registrant_source_id == registrant_source_id and me not in (call.coordinator, call.login):
                return call
        return None

    def _keep_calls(self, calls: list[Call]) -> None:
        self.calls = calls

    def _run(self) -> None:
        try:
            self.app.whoami()  # team mode: the login's display name becomes the window's name
            feed = self.app.open_change_feed(self.poll)
        except Exception as exc:  # noqa: BLE001 - the window works without live updates
            log.exception("live changes are off: the change feed could not be opened")
            self.failed.emit(str(exc))
            return
        try:
            self._read_calls()
            since_calls = 0.0
            while not self._stop.is_set():
                got = merge(feed.wait(WAIT_S))
                since_calls += WAIT_S
                for change in got:
                    self.changed.emit(change.kind, change.id)
                if any(c.kind in ("calling", "placement") for c in got) or since_calls >= CALLS_EVERY_S:
                    self._read_calls()
                    since_calls = 0.0
        except Exception as exc:  # noqa: BLE001 - e.g. the server went away: say so, keep the window
            log.exception("live changes stopped")
            self.failed.emit(str(exc))
        finally:
            feed.close()

    def _read_calls(self) -> None:
        try:
            self.calls_changed.emit(self.app.active_calls())
        except Exception:  # noqa: BLE001 - a viewer may not read calls; live changes go on
            log.debug("could not read the active calls", exc_info=True)


class LiveWiring(QObject):
    """Connects a LiveFeed to the main window (``window.work``, ``window.tabs``, the status bar)."""

    def __init__(self, window: Any, app: Any, *, poll: float = POLL_S) -> None:
        super().__init__(window)
        self.window, self.app = window, app
        self.feed = LiveFeed(app, self, poll=poll)
        self.feed.changed.connect(self.refresh)
        self.feed.calls_changed.connect(self.show_calls)
        self.feed.failed.connect(lambda text: window.statusBar().showMessage(
            self.tr("Live updates are off: %1").replace("%1", text), 10000))
        self.calls_label = QLabel()
        self.calls_label.setObjectName("callsLabel")
        window.statusBar().addPermanentWidget(self.calls_label)
        self.call_action = QAction(self.tr("Calling now"), window)
        self.call_action.setObjectName("action_calling")
        self.call_action.setShortcut(QKeySequence(CALL_SHORTCUT))
        self.call_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.call_action.setToolTip(self.tr("Tell colleagues you are phoning this candidate (%1)")
                                    .replace("%1", CALL_SHORTCUT))
        self.call_action.triggered.connect(self.start_call)
        window.addAction(self.call_action)
        window.candidates.table.addAction(self.call_action)
        self.call_button = QToolButton()
        self.call_button.setObjectName("callButton")
        self.call_button.setDefaultAction(self.call_action)
        window.candidates.actions_bar.addWidget(self.call_button)  # after the placement actions, on the right
        self._apply = window.work.apply
        window.work.apply = self.apply  # proposing someone a colleague is calling asks first
        app_instance = QCoreApplication.instance()
        if app_instance is not None:
            app_instance.aboutToQuit.connect(self.feed.stop)
        self.feed.start()

    def me(self) -> str:
        return str(self.window.settings.coordinator)

    # ---- a colleague changed something
    def refresh(self, kind: str, posting_id: str) -> None:
        w = self.window
        if kind == "import":
            w.reload()
            return
        if kind == "persons":  # a colleague merged, unmerged or told two records apart: re-rank as after ours
            w.reload()
            if w.tabs.currentWidget() is w.duplicates_view:
                w.duplicates_view.refresh()
            return
        if kind == "contact":  # a colleague's call attempt or note: last contact, history, call-backs
            w.calls.refresh_last_contacts()
            w.calls.refresh_contacts()
            w.calls.refresh_lists()
            return
        if kind == "registrant":  # a colleague edited a registrant: the list is ranked again, the pane shows the new value
            w.work.rerank()
            w.work._after_change(None)
            return
        if kind in ("placement", "calling"):
            if kind == "placement":
                w.work._after_change(posting_id)  # fill, candidate states, registrant pane; marks log/summary stale
            w._tab_changed(w.tabs.currentIndex())  # the visible log or summary tab re-reads now

    def show_calls(self, calls: list[Call]) -> None:
        others = [c for c in calls if self.me() not in (c.coordinator, c.login)]
        lines = [self.tr("%1 is calling %2 (%3) since %4").replace("%1", c.coordinator or "?")
                 .replace("%2", c.registrant_name or c.registrant_source_id).replace("%3", c.posting_source_id)
                 .replace("%4", f"{c.started_at.astimezone():%H:%M}") for c in others]
        self.calls_label.setText(("☎ " + lines[0] + (f" (+{len(lines) - 1})" if len(lines) > 1 else ""))
                                 if lines else "")
        self.calls_label.setToolTip("\n".join(lines))

    # ---- I am calling
    def start_call(self) -> None:
        reg = self.window.registrant.registrant
        posting = _posting_source_id(self.window.work)
        if reg is None or posting is None:
            self.window.statusBar().showMessage(self.tr("Select a posting and a candidate first"), 5000)
            return
        from desk.ui.runner import Runner

        runner = getattr(self, "_runner", None) or Runner(self)
        self._runner = runner
        runner.run(self.app.start_call, posting, reg["source_id"],
                   on_result=lambda call: self.window.statusBar().showMessage(
                       self.tr("Colleagues see that you are calling %1").replace("%1", call.registrant_name), 5000),
                   on_error=lambda exc: self.window.statusBar().showMessage(
                       self.tr("Could not record the call: %1").replace("%1", str(exc)), 10000))

    def apply(self, state: str, over: bool = False, cancelled_by: str | None = None) -> bool | None:
        reg = self.window.registrant.registrant
        call = self.feed.colleague_call(reg["source_id"], self.me()) if reg is not None else None
        if state == "proposed" and call is not None:
            answer = self.window.work.ask(
                "colleague_calling", self.tr("A colleague is calling"),
                self.tr("%1 has been calling %2 since %3. Propose anyway?")
                .replace("%1", call.coordinator or "?").replace("%2", call.registrant_name)
                .replace("%3", f"{call.started_at.astimezone():%H:%M}"),
                [("yes", self.tr("Propose anyway"))])
            if answer != "yes":
                return False
        try:
            result = self._apply(state, over=over, cancelled_by=cancelled_by)
        except Exception as exc:
            message = refusal_text(exc)  # team mode: the database refused it for this login
            if message is None:
                raise
            self.window.work.inform(self.tr("Not allowed for your login"), message)
            return False
        return None if result is None else bool(result)  # the facade's controller applies asynchronously


def _posting_source_id(work: Any) -> str | None:
    """The selected posting's 募集ID (a dict from the older controller, a PostingDetail from the facade's)."""
    posting = getattr(work, "_posting", None)
    if posting is None:
        return None
    return str(posting["source_id"] if isinstance(posting, dict) else posting.source_id)


def attach_live(window: Any, *, poll: float = POLL_S) -> LiveWiring:
    """Start live updates for ``window`` (uses ``window.app`` when the window has a facade)."""
    app = getattr(window, "app", None)
    if app is None or not hasattr(app, "open_change_feed"):
        from desk.app import DeskApp

        app = DeskApp(window.db, window.settings)
    return LiveWiring(window, app, poll=poll)
