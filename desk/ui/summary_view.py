"""The block × occupation summary of open headcount (desk.services.summary), exportable.

The same table MHLW hands out (地域別（ブロック単位）・職種別の募集人数一覧), from the desk's own data:
blocks as the 8 traditional regions or the MHLW bureau areas, optionally counting from a day on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.app import DeskApp
from desk.app.exports import Saved
from desk.ui.errors import plain_message
from desk.ui.labels import OCCUPATION, word
from desk.ui.runner import Job
from desk.ui.tables import RefreshWhenShown


class SummaryModel(QAbstractTableModel):
    """Rows = blocks (then the total), columns = occupations (then the total)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.result: Any = None
        self.headers: list[str] = []
        self.rows: list[list[Any]] = []

    def set_summary(self, result: Any) -> None:
        self.beginResetModel()
        self.result = result
        occs = list(result.occupations)
        total = QCoreApplication.translate("SummaryModel", "Total")
        self.headers = [QCoreApplication.translate("SummaryModel", "Block"), *(word(OCCUPATION, o) for o in occs), total]
        self.rows = [[b, *(result.open[b][o] for o in occs), result.block_total(b)] for b in result.blocks]
        self.rows.append([total, *(result.occupation_total(o) for o in occs), result.total])
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        last = index.row() == len(self.rows) - 1 or index.column() == len(self.headers) - 1
        if role == Qt.ItemDataRole.FontRole and last:
            f = QFont()
            f.setBold(True)
            return f
        return None


class SummaryView(RefreshWhenShown, QWidget):
    def __init__(self, app: DeskApp, window: Any) -> None:
        super().__init__()
        self.setObjectName("summaryView")
        self.app, self.window_ = app, window
        self._generation = 0
        self.last_saved: Path | None = None
        self.stale = True
        self.scheme = QComboBox()
        self.scheme.addItem(self.tr("8 regions"), "regions")
        self.scheme.addItem(self.tr("MHLW bureau areas"), "mhlw")
        self.from_box = QCheckBox(self.tr("Slots from"))
        self.from_date = QDateEdit(QDate.currentDate())
        self.from_date.setCalendarPopup(True)
        self.from_date.setEnabled(False)
        self.from_box.toggled.connect(self.from_date.setEnabled)
        self.export_button = QPushButton(self.tr("Export…"))
        self.note = QLabel(self.tr("Open headcount of open postings by region block and occupation."))
        bar = QHBoxLayout()
        for w in (self.scheme, self.from_box, self.from_date, self.note):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.export_button)

        self.model = SummaryModel(self)
        self.table = QTableView()
        self.table.setObjectName("summaryTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setToolTip(self.tr("Double-click a number to see the postings behind it"))
        self.table.doubleClicked.connect(self.open_cell)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        self.scheme.currentIndexChanged.connect(lambda _i: self.refresh())
        self.from_box.toggled.connect(lambda _b: self.refresh())
        self.from_date.dateChanged.connect(lambda _d: self.refresh())
        self.export_button.clicked.connect(lambda: self.export())
        #: where to save; replaced in tests (no modal file dialog there).
        self.choose_path = self._ask_path

    def open_cell(self, index: QModelIndex) -> None:
        """The postings behind a cell, in the postings tab (a total row or column: any block / occupation)."""
        result = self.model.result
        if result is None or not index.isValid():
            return
        blocks, occs = list(result.blocks), list(result.occupations)
        block = blocks[index.row()] if index.row() < len(blocks) else ""
        occ = occs[index.column() - 1] if 1 <= index.column() <= len(occs) else ""
        label = " × ".join(x for x in (block, word(OCCUPATION, occ) if occ else "") if x) or self.tr("Total")
        self.window_.tabs.setCurrentIndex(0)
        self.window_.postings.show_cell((block, occ), label)

    def _from(self) -> Any:
        return self.from_date.date().toPython() if self.from_box.isChecked() else None

    def refresh(self) -> None:
        """Re-count (in a worker); the table changes when the answer is back."""
        self._generation += 1
        gen = self._generation
        self.stale = False

        def shown(result: Any) -> None:
            if gen == self._generation:
                self.model.set_summary(result)

        self.window_.runner.run(self.app.summary, blocks=self.scheme.currentData(), from_date=self._from(),
                                on_result=shown, waiting_for=self.tr("Waiting for the database: the summary"),
                                on_error=lambda exc: self.note.setText(plain_message(exc)))

    def _ask_path(self) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export summary"), str(Path.home() / "募集人数一覧.xlsx"),
                                              self.tr("Excel (*.xlsx);;CSV (*.csv)"))
        return path or None

    def export(self) -> Job | None:
        """Ask where, then write the summary shown (in a worker); ``last_saved`` holds the file."""
        if self.model.result is None:
            return None
        path = self.choose_path()
        if not path:
            return None

        def saved(result: Saved) -> None:
            self.last_saved = result.path
            self.window_.statusBar().showMessage(self.tr("Saved %1").replace("%1", str(result.path)), 6000)

        def failed(exc: BaseException) -> None:
            from desk.ui.errors import show_error

            show_error(self, self.tr("Export summary"), exc)

        return self.window_.runner.run(self.app.export_summary, path, self.model.result, from_date=self._from(),
                                       on_result=saved, on_error=failed,
                                       waiting_for=self.tr("Waiting for the database: the export"))
