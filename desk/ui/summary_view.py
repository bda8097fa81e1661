"""The block × occupation summary (desk.services.placements.summary), as a table; export to CSV."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.store.db import Database
from desk.ui.controllers import services


def as_table(result: Any) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows from what summary() returns: an object with headers/rows, dataclasses, dicts."""
    if hasattr(result, "headers") and hasattr(result, "rows"):
        return [str(h) for h in result.headers], [list(r) for r in result.rows]
    if hasattr(result, "table") and callable(result.table):
        return as_table(result.table())
    rows = list(getattr(result, "rows", result) or [])
    if not rows:
        return [], []
    first = rows[0]
    if dataclasses.is_dataclass(first):
        names = [f.name for f in dataclasses.fields(first)]
        return names, [[getattr(r, n) for n in names] for r in rows]
    if isinstance(first, dict):
        names = list(first)
        return names, [[r.get(n) for n in names] for r in rows]
    return [], [list(r) for r in rows]


class SummaryModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[list[Any]] = []

    def set_table(self, headers: list[str], rows: list[list[Any]]) -> None:
        self.beginResetModel()
        self.headers, self.rows = headers, rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers) or (len(self.rows[0]) if self.rows else 0)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if section < len(self.headers) else str(section + 1)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class SummaryView(QWidget):
    def __init__(self, db: Database, window: Any) -> None:
        super().__init__()
        self.setObjectName("summaryView")
        self.db, self.window_ = db, window
        self.stale = True
        self.model = SummaryModel(self)
        self.table = QTableView()
        self.table.setObjectName("summaryTable")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.clicked.connect(lambda: self.export())
        self.note = QLabel(self.tr("Open headcount by region block and occupation, from this desk's own data."))
        bar = QHBoxLayout()
        bar.addWidget(self.note, 1)
        bar.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)

    def mark_stale(self) -> None:
        self.stale = True
        if self.isVisible():
            self.refresh()

    def refresh_if_stale(self) -> None:
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        mod = services.placements()
        if mod is None or not hasattr(mod, "summary"):
            return
        self.model.set_table(*as_table(mod.summary(self.db)))
        self.stale = False

    def export(self, path: str | None = None) -> Path | None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export summary"), str(Path.home() / "summary.csv"),
                                                  "CSV (*.csv)")
        if not path:
            return None
        target = Path(path)
        with target.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(self.model.headers)
            w.writerows(self.model.rows)
        self.window_.statusBar().showMessage(self.tr("Saved %1").replace("%1", str(target)), 6000)
        return target
