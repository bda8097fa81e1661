"""Export history (File ▸ Export history…): every recorded export, newest first, with a text filter.

Purpose limitation: the desk must be able to say who exported what and when. The rows come from
desk.services.exports.list_exports; filtering and sorting happen in Python (no proxy model).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.app import DeskApp
from desk.ui.errors import plain_message
from desk.ui.models.exports_model import ExportsModel, fold
from desk.ui.runner import Runner


class ExportsDialog(QDialog):
    def __init__(self, app: DeskApp, parent: QWidget | None = None, runner: Runner | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportsDialog")
        self.setWindowTitle(self.tr("Export history"))
        self.app = app
        self.runner = runner if runner is not None else Runner(self)
        self._all: list[Any] = []
        self._search: dict[int, str] = {}

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("exportsFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter: who, what, file, filters…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.count = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.count)

        self.model = ExportsModel(self)
        self.table = QTableView()
        self.table.setObjectName("exportsTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(self.model.column_of("at"), Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for col, width in enumerate((130, 100, 190, 330, 260, 60)):
            header.resizeSection(col, width)

        self.note = QLabel(self.tr("Every export and printed sheet is recorded here: who, when, which "
                                   "filters. Placement logs, candidate sheets and internal postings lists "
                                   "hold personal data or unmasked postings."))
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.reload_button = buttons.addButton(self.tr("Reload"), QDialogButtonBox.ButtonRole.ActionRole)
        self.reload_button.clicked.connect(self.refresh)
        buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.note)
        lay.addWidget(buttons)
        self.resize(1100, 560)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(lambda _t: self._timer.start())
        self.refresh()

    def refresh(self) -> None:
        """Read the export record again (newest first, in a worker) and apply the filter."""
        self.runner.run(self.app.list_exports, on_result=self._read,
                        on_error=lambda exc: self.count.setText(plain_message(exc)),
                        waiting_for=self.tr("Waiting for the database: the export record"))

    def _read(self, rows: list[Any]) -> None:
        self._all = list(rows)
        self._search = {r.id: self.model.search_text(r) for r in self._all}
        self.apply_filter()

    def apply_filter(self) -> None:
        self._timer.stop()
        words = fold(self.filter_edit.text()).split()
        rows = [r for r in self._all if all(w in self._search[r.id] for w in words)]
        self.model.set_rows(rows)
        self.count.setText(self.tr("%1 of %2 exports").replace("%1", str(len(rows))).replace("%2", str(len(self._all))))
