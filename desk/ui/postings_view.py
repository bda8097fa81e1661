"""The postings pane: filter box, quick filters and the postings table (sorted in Python)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk.app.postings import PostingRow
from desk.ui.controllers.postings_filter import PostingFilter, PostingMatcher
from desk.ui.models.base import ID_ROLE
from desk.ui.models.postings_model import PostingsModel
from desk.ui.tables import data_table


class PostingsPane(QWidget):
    """Emits ``posting_selected(id)`` (0 when nothing is selected)."""

    posting_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None, home_block: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("postingsPane")
        self.home_block = home_block
        self._all: list[PostingRow] = []
        self._matcher = PostingMatcher()
        self._current = 0

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("postingsFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText(self.tr("Filter postings: place, venue, occupation, ID…"))
        self.open_only = QCheckBox(self.tr("Open only"))
        self.unfilled_only = QCheckBox(self.tr("Unfilled only"))
        self.my_block = QCheckBox(self.tr("My block"))
        self.show_ended = QCheckBox(self.tr("Show ended"))
        self.show_ended.setObjectName("showEnded")
        self.show_ended.setToolTip(self.tr("Ended postings are hidden unless this is ticked"))
        self.set_home_block(home_block)
        self.count_label = QLabel()
        #: A summary cell opened here: "絞り込み: 関東 × 看護師" with a button that clears it.
        self._cell: tuple[str, str] | None = None
        self.cell_label = QLabel()
        self.cell_label.setObjectName("cellFilter")
        self.cell_label.setStyleSheet("color: #8a5a00;")
        self.cell_clear = QToolButton()
        self.cell_clear.setText("✕")
        self.cell_clear.setToolTip(self.tr("Show all postings again"))
        self.cell_clear.clicked.connect(lambda: self.show_cell(None))
        self.cell_label.setVisible(False)
        self.cell_clear.setVisible(False)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Postings")))
        bar.addWidget(self.filter_edit, 1)
        for w in (self.cell_label, self.cell_clear, self.open_only, self.unfilled_only, self.my_block, self.show_ended,
                  self.count_label):
            bar.addWidget(w)

        self.model = PostingsModel(self)
        self.table = data_table("postingsTable", self.model, self, multi=True)
        hh = self.table.horizontalHeader()
        for key, width in (("status", 56), ("flags", 70), ("source_id", 90), ("prefecture", 80),
                           ("municipality", 140), ("venue", 220), ("occupation", 80), ("dates", 200),
                           ("headcount", 70), ("filled", 60), ("masked", 28)):
            hh.resizeSection(self.model.column_of(key), width)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.installEventFilter(self)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.refilter)
        self.filter_edit.textChanged.connect(lambda _t: self._timer.start())
        for box in (self.open_only, self.unfilled_only, self.my_block, self.show_ended):
            box.toggled.connect(self.refilter)

    # ---- data
    def set_home_block(self, block: str) -> None:
        self.home_block = block
        self.my_block.setEnabled(bool(block))
        self.my_block.setToolTip(self.tr("Only postings in %1 (Settings: home block)").replace("%1", block)
                                 if block else self.tr("Set your home block in Settings first"))
        if not block:
            self.my_block.setChecked(False)

    def set_rows(self, rows: list[PostingRow]) -> None:
        self._all = list(rows)
        self._matcher.reset()
        self.refilter()

    def current_filter(self) -> PostingFilter:
        return PostingFilter(self.filter_edit.text(), self.open_only.isChecked(), self.unfilled_only.isChecked(),
                             self.home_block if self.my_block.isChecked() else "", self.show_ended.isChecked(),
                             self._cell[0] if self._cell else None, self._cell[1] if self._cell else "")

    def refilter(self) -> None:
        keep = self._current
        shown = self._matcher.apply(self._all, self.current_filter())
        self.model.set_rows(shown)
        self.count_label.setText(self.tr("%1 of %2").replace("%1", str(len(shown))).replace("%2", str(len(self._all))))
        if keep and self.select_id(keep):
            return
        if self._current and self.model.row_of_id(self._current) < 0:
            self._current = 0
            self.posting_selected.emit(0)

    def show_cell(self, cell: tuple[str, str] | None, label: str = "") -> None:
        """Show only the postings behind a summary cell (block, occupation code; "" for any); None clears."""
        self._cell = cell
        self.cell_label.setText(self.tr("Filtered: %1").replace("%1", label) if cell else "")
        self.cell_label.setVisible(cell is not None)
        self.cell_clear.setVisible(cell is not None)
        if cell is not None:
            self.open_only.setChecked(True)
            self.unfilled_only.setChecked(True)
            self.my_block.setChecked(False)
            self.filter_edit.clear()
        self.refilter()

    def select_id(self, posting_id: int) -> bool:
        row = self.model.row_of_id(posting_id)
        if row < 0:
            return False
        self.select_row(row)
        return True

    def select_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        idx = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(idx)

    def move(self, step: int) -> None:
        """Next (+1) or previous (-1) posting."""
        cur = self.table.currentIndex()
        row = cur.row() + step if cur.isValid() else 0
        self.select_row(max(0, min(self.model.rowCount() - 1, row)))

    def current_id(self) -> int:
        return self._current

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        ids = [self.model.index(r, 0).data(ID_ROLE) for r in rows]
        return ids or ([self._current] if self._current else [])

    def row(self, posting_id: int) -> PostingRow | None:
        r = self.model.row_of_id(posting_id)
        return self.model.row_at(r) if r >= 0 else None

    def update_fill(self, posting_id: int, filled: int) -> None:
        for row in self._all:
            if row.id == posting_id:
                row.filled = filled
        self.model.update_fill(posting_id, filled)

    # ---- events
    def _on_current(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        pid = current.data(ID_ROLE) if current.isValid() else 0
        pid = int(pid or 0)
        if pid != self._current:
            self._current = pid
            self.posting_selected.emit(pid)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # J / K move like in a mail reader (the table has no text entry to steal them from).
        if obj is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.modifiers() == Qt.KeyboardModifier.NoModifier and event.key() in (Qt.Key.Key_J, Qt.Key.Key_K):
                self.move(1 if event.key() == Qt.Key.Key_J else -1)
                return True
        return super().eventFilter(obj, event)
