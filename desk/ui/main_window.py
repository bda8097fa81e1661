"""The main window: the coordinator's day in one place.

Tabs: postings work view (postings | candidates | registrant, in splitters), the registry, the
placement log and the block × occupation summary. The window lays out and wires; the panes'
behaviour lives in desk/ui/controllers; the data comes from the facade (desk.app.DeskApp), always
through the runner (desk.ui.runner): no query and no write runs in the GUI thread, and the status
bar says what the window is waiting for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QTableView,
    QTabWidget,
    QWidget,
)

from desk import paths
from desk.app import DeskApp
from desk.app.postings import Overview, PostingRow
from desk.logs import setup_logging
from desk.settings import Settings
from desk.ui.candidates_view import CandidatesPane
from desk.ui.controllers.bulk_actions import BulkActions
from desk.ui.controllers.calls_controller import CallsController
from desk.ui.controllers.find_controller import FindController
from desk.ui.controllers.saved_filters import SavedFilters
from desk.ui.controllers.window_actions import WindowActions
from desk.ui.controllers.work_controller import WorkController
from desk.ui.errors import plain_message
from desk.ui.postings_view import PostingsPane
from desk.ui.registrant_view import RegistrantPane
from desk.ui.registrants_tab import RegistrantsTab
from desk.ui.runner import MainThreadGC, Runner
from desk.ui.table_export import TableExporter

PREWARM_MS = 400

IMPORTABLE = (".csv", ".xlsx", ".xlsm", ".txt", ".tsv")


def window_settings() -> QSettings:
    """View state (geometry, splitters, columns) in the data folder, next to the database."""
    return QSettings(str(paths.data_dir() / "window.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    data_reloaded = Signal()

    def __init__(self, app: DeskApp, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        setup_logging()
        self.app = app
        self.setWindowTitle(self.tr("desk — vaccination venue staffing"))
        self.setAcceptDrops(True)
        self.replaced_by: MainWindow | None = None  # the window built after a language switch
        self.runner = Runner(self)
        self.gc_guard = MainThreadGC(self)
        self.gc_guard.start()

        # ---- the work view: postings on top, candidates | registrant below
        self.postings = PostingsPane(home_block=self.settings.home_block)
        self.candidates = CandidatesPane(weights=self.app.weights())
        self.registrant = RegistrantPane()
        self.lower = QSplitter(Qt.Orientation.Horizontal)
        self.lower.setObjectName("lowerSplitter")
        self.lower.addWidget(self.candidates)
        self.lower.addWidget(self.registrant)
        self.lower.setStretchFactor(0, 3)
        self.lower.setStretchFactor(1, 2)
        self.outer = QSplitter(Qt.Orientation.Vertical)
        self.outer.setObjectName("outerSplitter")
        self.outer.addWidget(self.postings)
        self.outer.addWidget(self.lower)
        self.outer.setStretchFactor(0, 2)
        self.outer.setStretchFactor(1, 3)
        for s in (self.outer, self.lower):
            s.setChildrenCollapsible(False)

        self.registrants_tab = RegistrantsTab(app, self.runner)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.outer, self.tr("Postings"))
        self.tabs.addTab(self.registrants_tab, self.tr("Registrants"))
        self.log_view: Any = None
        self.summary_view: Any = None
        self._add_placement_tabs()
        self._add_duplicates_tab()
        self.setCentralWidget(self.tabs)
        self.tabs.currentChanged.connect(self._tab_changed)

        self.work = WorkController(app, self.postings, self.candidates, self.registrant, self.runner, self)
        self.work.status.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.work.placements_changed.connect(self._placements_changed)
        self.registrants_tab.registrant_activated.connect(self._show_registrant_from_registry)
        self._add_plan_tab()

        self.wait_label = QLabel()
        self.wait_label.setObjectName("waitLabel")
        self.wait_label.setStyleSheet("color: #8a5a00;")
        self.db_label = QLabel()
        self.counts_label = QLabel()
        self.import_label = QLabel()
        for w in (self.wait_label, self.db_label, self.counts_label, self.import_label):
            self.statusBar().addPermanentWidget(w)
        self.runner.waiting.connect(self._waiting)
        self._reload_generation = 0

        self.actions = WindowActions(self)
        file_menu = self.menuBar().actions()[0].menu()
        self.handout_action = add_action(self, file_menu, self.tr("Hand-out to a partner…"), self.open_handouts,
                                         None, "handoutAction")
        file_menu.insertAction(self.actions.export_history_action, self.handout_action)
        self.calls = CallsController(self)
        self.find = FindController(self)
        self.table_export = TableExporter(self)
        self.table_export.install()
        self.bulk = BulkActions(self)
        self.saved_filters = SavedFilters(self)
        self.restore_view_state()
        self.reload()
        # Build the ranking's registry index while the coordinator looks at the postings, so the
        # first posting they pick ranks at once (nothing is ranked at start-up).
        self._prewarm_timer = QTimer(self)  # a child: it dies with the window, never fires after
        self._prewarm_timer.setSingleShot(True)
        self._prewarm_timer.timeout.connect(self._prewarm)
        self._prewarm_timer.start(PREWARM_MS)

    @property
    def db(self) -> Any:
        """The opened database (its URL for the status bar; the window never queries it itself)."""
        return self.app.db

    @property
    def settings(self) -> Settings:
        return self.app.settings

    def open_handouts(self) -> None:
        """File ▸ Hand-out to a partner…: the hand-out dialog on the facade, off the GUI thread."""
        from desk.ui.handout_dialog import HandoutDialog

        HandoutDialog(self.app, self.runner, self).open()

    def _prewarm(self) -> None:
        if not self.work.ranking_busy and self.isVisible():
            self.runner.run(self.app.prewarm, on_error=lambda _exc: None)

    def _waiting(self, text: str) -> None:
        """The runner says what has not come back yet ("" when nothing named is pending)."""
        self.wait_label.setText(f"⏳ {text}" if text else "")

    def _add_placement_tabs(self) -> None:
        from desk.ui.log_view import LogView
        from desk.ui.summary_view import SummaryView

        self.log_view = LogView(self.app, self)
        self.tabs.addTab(self.log_view, self.tr("Placement log"))
        self.summary_view = SummaryView(self.app, self)
        self.tabs.addTab(self.summary_view, self.tr("Summary"))

    def _add_duplicates_tab(self) -> None:
        from desk.app import DeskApp
        from desk.ui.duplicates_view import DuplicatesView
        from desk.ui.runner import Runner

        self.duplicates_view = DuplicatesView(DeskApp(self.db, self.settings), Runner(self), self)
        self.duplicates_view.persons_changed.connect(self.reload)
        self.data_reloaded.connect(self.duplicates_view.mark_stale_quietly)
        self.tabs.addTab(self.duplicates_view, self.tr("Duplicates"))

    # ---- data
    def reload(self) -> None:
        """Re-read postings and counts (after an import or a demo load, in a worker); the registry
        reloads lazily."""
        self._reload_generation += 1
        gen = self._reload_generation

        def read() -> tuple[list[PostingRow], Overview]:
            return self.app.posting_rows(), self.app.overview()

        def done(out: tuple[list[PostingRow], Overview]) -> None:
            if gen == self._reload_generation:
                self._reloaded(*out)

        self.runner.run(read, on_result=done, waiting_for=self.tr("Waiting for the database: the postings"),
                        on_error=lambda exc: self.statusBar().showMessage(plain_message(exc), 10000))

    def _reloaded(self, rows: list[PostingRow], overview: Overview) -> None:
        current = self.postings.current_id()
        self.postings.set_rows(rows)
        if current:
            self.postings.select_id(current)
        self.registrants_tab.filter = None
        if self.tabs.currentWidget() is self.registrants_tab:
            self.registrants_tab.ensure_loaded()
        self.show_overview(overview)
        for view in (self.log_view, self.summary_view):
            if view is not None:
                view.mark_stale()
        self._tab_changed(self.tabs.currentIndex())
        self.data_reloaded.emit()

    def update_status(self) -> None:
        """Re-read the counts in the status bar (in a worker)."""
        self.runner.run(self.app.overview, on_result=self.show_overview, on_error=lambda _exc: None)

    def show_overview(self, o: Overview) -> None:
        self.last_overview = o
        self.db_label.setText(self.tr("Database: %1").replace("%1", self.db.url))
        self.db_label.setToolTip(self.db.url)
        self.counts_label.setText(self.tr("%1 postings (%2 open) · %3 registrants · %4 placements")
                                  .replace("%1", f"{o.postings:,}").replace("%2", f"{o.open_postings:,}")
                                  .replace("%3", f"{o.registrants:,}").replace("%4", f"{o.placements:,}"))
        if o.last_import_at:
            self.import_label.setText(self.tr("Last import: %1 (%2)")
                                      .replace("%1", o.last_import_at.strftime("%Y-%m-%d %H:%M"))
                                      .replace("%2", Path(o.last_import_file).name))
        else:
            self.import_label.setText(self.tr("No import yet"))

    def apply_settings(self, settings: Settings) -> None:
        from desk.ui.i18n import current_language
        from desk.ui.language import switch_language

        self.app.apply_settings(settings)
        if (settings.language or "ja") != current_language():  # rebuilt in the new language, no restart
            QTimer.singleShot(0, lambda: switch_language(self, settings.language))
        self.postings.set_home_block(settings.home_block)
        self.candidates.set_weights(self.app.weights())
        self.postings.refilter()
        self.work.rank()

    def _tab_changed(self, index: int) -> None:
        w = self.tabs.widget(index)
        if w is self.registrants_tab:
            self.registrants_tab.ensure_loaded()
        elif w is not None and w in (self.log_view, self.summary_view):
            w.refresh_if_stale()

    def _placements_changed(self) -> None:
        self.update_status()
        for view in (self.log_view, self.summary_view):
            if view is not None:
                view.mark_stale()

    def _add_plan_tab(self) -> None:
        from desk.ui.plan_tab import PlanTab
        from desk.ui.runner import Runner

        # Its own runner: a whole-board solve may take a while and must not hold up the window's queries.
        self.plan_tab = PlanTab(self.app, Runner(self), self)
        self.tabs.addTab(self.plan_tab, self.tr("Plan"))
        self.plan_tab.open_candidate.connect(self._open_planned_candidate)

    def _open_planned_candidate(self, posting_id: int, registrant_id: int) -> None:
        """From a planned call to the candidate view: the posting, its candidates, the registrant."""
        self.tabs.setCurrentIndex(0)
        self.work.want_candidate(registrant_id)  # selected in the list when the ranking arrives
        self.postings.select_id(posting_id)
        self.work.show_registrant(registrant_id)

    def _show_registrant_from_registry(self, registrant_id: int) -> None:
        self.tabs.setCurrentIndex(0)
        self.work.show_registrant(registrant_id)
        self.registrant.setFocus()

    # ---- panes and keyboard
    def panes(self) -> list[QWidget]:
        return [self.postings.table, self.candidates.current_table(), self.registrant.tabs]

    def focus_pane(self, n: int) -> None:
        self.tabs.setCurrentIndex(0)
        self.panes()[n].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def cycle_panes(self) -> None:
        panes = self.panes()
        focus = self.focusWidget()
        current = next((i for i, p in enumerate(panes) if focus is not None and (focus is p or p.isAncestorOf(focus))), -1)
        self.focus_pane((current + 1) % len(panes))

    def focus_filter(self) -> None:
        w = self.tabs.currentWidget()
        if w is self.registrants_tab:
            edit = self.registrants_tab.filter_edit
        elif self.focusWidget() is not None and self.candidates.isAncestorOf(self.focusWidget()):
            edit = self.candidates.filter_edit
        else:
            edit = self.postings.filter_edit
        edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        edit.selectAll()

    # ---- drag and drop: a file dropped on the window is imported
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = self._dropped_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.actions.open_import(files[0]))

    @staticmethod
    def _dropped_files(mime: Any) -> list[str]:
        if not mime.hasUrls():
            return []
        return [u.toLocalFile() for u in mime.urls()
                if u.isLocalFile() and Path(u.toLocalFile()).suffix.lower() in IMPORTABLE]

    # ---- view state
    def _headers(self) -> dict[str, QHeaderView]:
        tables: dict[str, QTableView] = {
            "postings-v2": self.postings.table, "candidates": self.candidates.table,
            "excluded": self.candidates.excluded_table, "registrants": self.registrants_tab.table,
            "history": self.registrant.history,
        }
        return {k: t.horizontalHeader() for k, t in tables.items()}

    def _splitters(self) -> dict[str, QSplitter]:
        return {"outer": self.outer, "lower": self.lower, "candidates": self.candidates.side}

    def save_view_state(self) -> None:
        qs = window_settings()
        qs.setValue("window/geometry", self.saveGeometry())
        qs.setValue("window/state", self.saveState())
        qs.setValue("window/tab", self.tabs.currentIndex())
        for name, s in self._splitters().items():
            qs.setValue(f"splitters/{name}", s.saveState())
        for name, h in self._headers().items():
            qs.setValue(f"headers/{name}", h.saveState())
        qs.sync()

    def restore_view_state(self) -> None:
        qs = window_settings()
        geometry = qs.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        state = qs.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        for name, s in self._splitters().items():
            value = qs.value(f"splitters/{name}")
            if isinstance(value, QByteArray):
                s.restoreState(value)
            elif s is self.outer:  # first start: ≥ 15 posting rows when the screen allows
                from desk.ui.layout_defaults import apply_default_sizes

                QTimer.singleShot(0, lambda: apply_default_sizes(self))
        for name, h in self._headers().items():
            value = qs.value(f"headers/{name}")
            if isinstance(value, QByteArray):
                h.restoreState(value)
        # Candidates always open best first, the excluded nearest first (widths are kept).
        self.candidates.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.candidates.excluded_table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        # Sorting is in the models: re-apply the restored sort indicator.
        for table in (self.postings.table, self.registrants_tab.table):
            hh = table.horizontalHeader()
            if hh.sortIndicatorSection() >= 0 and hh.isSortIndicatorShown():
                table.model().sort(hh.sortIndicatorSection(), hh.sortIndicatorOrder())

    def closeEvent(self, event: QCloseEvent) -> None:
        self._prewarm_timer.stop()
        self.save_view_state()
        self.work.shutdown()
        self.calls.shutdown()
        self.registrants_tab.shutdown()
        # Every runner of the window (its own, the plan tab's, the duplicates view's, …) starts
        # nothing more and drops results arriving after this (the widgets are going away).
        for runner in {self.runner, *self.findChildren(Runner)}:
            runner.close(30000)
        self.gc_guard.stop()
        super().closeEvent(event)


def add_action(window: QMainWindow, menu: Any, text: str, slot: Any, shortcut: Any = None,
               name: str = "") -> QAction:
    act = QAction(text, window)
    if shortcut is not None:
        if isinstance(shortcut, list):
            act.setShortcuts([QKeySequence(s) for s in shortcut])
        else:
            act.setShortcut(QKeySequence(shortcut))
    if name:
        act.setObjectName(name)
    act.triggered.connect(lambda _checked=False: slot())
    menu.addAction(act)
    window.addAction(act)
    return act
