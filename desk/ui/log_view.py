"""The placement log tab: events with filters (posting, registrant, coordinator, period); undo one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.app import DeskApp
from desk.app.exports import Saved
from desk.core.placement import PlacementRefused
from desk.ui.errors import plain_message
from desk.ui.models.base import ID_ROLE
from desk.ui.models.events_model import EventsModel
from desk.ui.runner import Job
from desk.ui.tables import RefreshWhenShown

LIMIT = 2000


class LogView(RefreshWhenShown, QWidget):
    def __init__(self, app: DeskApp, window: Any) -> None:
        super().__init__()
        self.setObjectName("logView")
        self.app, self.window_ = app, window
        self._generation = 0
        self.last_saved: Path | None = None
        self.stale = True
        self.posting_edit = QLineEdit()
        self.posting_edit.setPlaceholderText(self.tr("Posting ID"))
        self.registrant_edit = QLineEdit()
        self.registrant_edit.setPlaceholderText(self.tr("Registrant ID"))
        self.coordinator_edit = QLineEdit()
        self.coordinator_edit.setPlaceholderText(self.tr("Coordinator"))
        self.since_box = QCheckBox(self.tr("Since"))
        self.since = QDateEdit(QDate.currentDate().addDays(-30))
        self.since.setCalendarPopup(True)
        self.since.setEnabled(False)
        self.since_box.toggled.connect(self.since.setEnabled)
        self.until_box = QCheckBox(self.tr("Until"))
        self.until_box.setObjectName("logUntil")
        self.until = QDateEdit(QDate.currentDate())
        self.until.setCalendarPopup(True)
        self.until.setEnabled(False)
        self.until_box.toggled.connect(self.until.setEnabled)
        self.undo_button = QPushButton(self.tr("Undo selected change"))
        self.export_button = QPushButton(self.tr("Export placements…"))
        self.export_button.setToolTip(self.tr("Write the placement log (per municipality, occupation and outcome) "
                                              "to .xlsx or .csv; the export is recorded."))
        self.count = QLabel()
        bar = QHBoxLayout()
        for w in (self.posting_edit, self.registrant_edit, self.coordinator_edit, self.since_box, self.since,
                  self.until_box, self.until, self.undo_button, self.export_button, self.count):
            bar.addWidget(w)
        bar.addStretch(1)

        self.model = EventsModel(self)
        self.table = QTableView()
        self.table.setObjectName("logTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((50, 130, 100, 100, 110, 150, 220, 90)):
            self.table.horizontalHeader().resizeSection(col, width)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        for e in (self.posting_edit, self.registrant_edit, self.coordinator_edit):
            e.textChanged.connect(lambda _t: self._timer.start())
        self.since_box.toggled.connect(lambda _b: self.refresh())
        self.since.dateChanged.connect(lambda _d: self.refresh())
        self.until_box.toggled.connect(lambda _b: self.refresh())
        self.until.dateChanged.connect(lambda _d: self.refresh())
        self.undo_button.clicked.connect(self.undo_selected)
        self.export_button.clicked.connect(lambda: self.export())
        #: where to save; replaced in tests (no modal file dialog there).
        self.choose_path = self._ask_path

    def refresh(self) -> None:
        """Re-read the log with the filters shown (in a worker)."""
        self._generation += 1
        gen = self._generation
        since: dt.date | None = self.since.date().toPython() if self.since_box.isChecked() else None  # type: ignore[assignment]
        until: dt.date | None = self.until.date().toPython() if self.until_box.isChecked() else None  # type: ignore[assignment]
        self.stale = False

        def shown(rows: list[Any]) -> None:
            # a log read still on its way when the window closed (tests close windows quickly)
            if gen != self._generation or not shiboken6.isValid(self.model):
                return
            self.model.set_rows(rows)
            self.count.setText(self.tr("%1 events").replace("%1", str(len(rows))))

        self.window_.runner.run(self.app.events, posting_source_id=self.posting_edit.text().strip() or None,
                                registrant_source_id=self.registrant_edit.text().strip() or None,
                                coordinator=self.coordinator_edit.text().strip() or None, since=since, until=until,
                                limit=LIMIT,
                                on_result=shown, on_error=lambda exc: self.count.setText(plain_message(exc)),
                                waiting_for=self.tr("Waiting for the database: the placement log"))

    def undo_selected(self) -> None:
        idx = self.table.currentIndex()
        if not idx.isValid():
            return

        def failed(exc: BaseException) -> None:
            if isinstance(exc, PlacementRefused):
                QMessageBox.information(self, self.tr("Nothing undone"), str(exc))
            else:
                from desk.ui.errors import show_error

                show_error(self, self.tr("Nothing undone"), exc)

        def done(_out: object) -> None:
            self.refresh()
            self.window_.reload()

        self.window_.runner.run(self.app.undo, int(idx.data(ID_ROLE)), on_result=done, on_error=failed,
                                waiting_for=self.tr("Waiting for the database to undo the change"))

    def _ask_path(self) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export placements"), str(Path.home() / "配置実績.xlsx"),
                                              self.tr("Excel (*.xlsx);;CSV (*.csv)"))
        return path or None

    def export(self) -> Job | None:
        """Ask where, then write the log (in a worker); ``last_saved`` holds the file."""
        path = self.choose_path()
        if not path:
            return None
        since = self.since.date().toPython() if self.since_box.isChecked() else None

        def saved(result: Saved) -> None:
            self.last_saved = result.path
            self.window_.statusBar().showMessage(self.tr("Saved %1").replace("%1", str(result.path)), 6000)

        def failed(exc: BaseException) -> None:
            from desk.ui.errors import show_error

            show_error(self, self.tr("Export placements"), exc)

        return self.window_.runner.run(self.app.export_placements, path, since=since, on_result=saved,
                                       on_error=failed, waiting_for=self.tr("Waiting for the database: the export"))
