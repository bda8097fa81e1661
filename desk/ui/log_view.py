"""The placement log tab: events with filters (posting, registrant, coordinator, period); undo one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

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

from desk.store.db import Database
from desk.ui.controllers import services
from desk.ui.controllers.services import optional
from desk.ui.models.base import ID_ROLE
from desk.ui.models.events_model import EventsModel
from desk.ui.tables import RefreshWhenShown

LIMIT = 2000


class LogView(RefreshWhenShown, QWidget):
    def __init__(self, db: Database, window: Any) -> None:
        super().__init__()
        self.setObjectName("logView")
        self.db, self.window_ = db, window
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
        self.undo_button = QPushButton(self.tr("Undo selected change"))
        self.export_button = QPushButton(self.tr("Export placements…"))
        self.export_button.setToolTip(self.tr("Write the placement log (per municipality, occupation and outcome) "
                                              "to .xlsx or .csv; the export is recorded."))
        self.count = QLabel()
        bar = QHBoxLayout()
        for w in (self.posting_edit, self.registrant_edit, self.coordinator_edit, self.since_box, self.since,
                  self.undo_button, self.export_button, self.count):
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
        self.undo_button.clicked.connect(self.undo_selected)
        self.export_button.clicked.connect(lambda: self.export())
        #: where to save; replaced in tests (no modal file dialog there).
        self.choose_path = self._ask_path

    def refresh(self) -> None:
        mod = services.placements()
        if mod is None:
            return
        since: dt.date | None = self.since.date().toPython() if self.since_box.isChecked() else None  # type: ignore[assignment]
        rows = mod.events(self.db, posting_source_id=self.posting_edit.text().strip() or None,
                          registrant_source_id=self.registrant_edit.text().strip() or None,
                          coordinator=self.coordinator_edit.text().strip() or None, since=since, limit=LIMIT)
        self.model.set_rows(rows)
        self.count.setText(self.tr("%1 events").replace("%1", str(len(rows))))
        self.stale = False

    def undo_selected(self) -> None:
        mod = services.placements()
        idx = self.table.currentIndex()
        if mod is None or not idx.isValid():
            return
        try:
            mod.undo(self.db, int(idx.data(ID_ROLE)), coordinator=self.window_.settings.coordinator)
        except Exception as exc:  # noqa: BLE001 - refusals are shown in words
            if getattr(exc, "code", None) is None:
                raise
            QMessageBox.information(self, self.tr("Nothing undone"), str(exc))
            return
        self.refresh()
        self.window_.reload()

    def _ask_path(self) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export placements"), str(Path.home() / "配置実績.xlsx"),
                                              self.tr("Excel (*.xlsx);;CSV (*.csv)"))
        return path or None

    def export(self) -> Path | None:
        exports = optional("desk.services.exports")
        if exports is None:
            return None
        path = self.choose_path()
        if not path:
            return None
        since = self.since.date().toPython() if self.since_box.isChecked() else None
        try:
            result = exports.export_placements(self.db, path, exports.PlacementFilters(since=since),
                                               coordinator=self.window_.settings.coordinator)
        except Exception as exc:  # noqa: BLE001 - shown in words
            from desk.ui.app import show_error

            show_error(self, self.tr("Export placements"), exc)
            return None
        self.window_.statusBar().showMessage(self.tr("Saved %1").replace("%1", str(result.path)), 6000)
        return Path(result.path)
