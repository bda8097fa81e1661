"""The whole registry as a table: columns of a RegistrantTable, shown through a row-position array.

Filtering hands in a new array of positions (model reset); sorting keeps a precomputed rank per
column so a filtered set is re-ordered with one numpy argsort instead of a Python sort.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt

from desk.app.postings import RegistrantTable
from desk.ui.labels import OCCUPATION, REGISTRANT_STATE, word
from desk.ui.models.base import ID_ROLE, SORT_ROLE, Index

CONTEXT = "RegistrantsModel"
COLUMNS = (
    ("source_ids", QT_TRANSLATE_NOOP("RegistrantsModel", "ID")),
    ("names", QT_TRANSLATE_NOOP("RegistrantsModel", "Name")),
    ("kana", QT_TRANSLATE_NOOP("RegistrantsModel", "Reading")),
    ("occupations", QT_TRANSLATE_NOOP("RegistrantsModel", "Occupation")),
    ("specialties", QT_TRANSLATE_NOOP("RegistrantsModel", "Specialty")),
    ("prefectures", QT_TRANSLATE_NOOP("RegistrantsModel", "Prefecture")),
    ("cities", QT_TRANSLATE_NOOP("RegistrantsModel", "City")),
    ("work_areas", QT_TRANSLATE_NOOP("RegistrantsModel", "Work areas")),
    ("availability", QT_TRANSLATE_NOOP("RegistrantsModel", "Availability")),
    ("experience", QT_TRANSLATE_NOOP("RegistrantsModel", "Vaccinated before")),
    ("phones", QT_TRANSLATE_NOOP("RegistrantsModel", "Phone")),
    ("states", QT_TRANSLATE_NOOP("RegistrantsModel", "State")),
    ("notes", QT_TRANSLATE_NOOP("RegistrantsModel", "Notes")),
)


class RegistrantsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._table = RegistrantTable()
        self._pos = np.zeros(0, dtype=np.int64)
        self._sort_column = -1
        self._descending = False
        self._rank: np.ndarray | None = None

    # ---- data in
    def set_table(self, table: RegistrantTable) -> None:
        self.beginResetModel()
        self._table = table
        self._rank = None
        self._pos = np.arange(len(table), dtype=np.int64)
        self._pos = self._ordered(self._pos)
        self.endResetModel()

    def set_positions(self, positions: Any) -> None:
        """Show only these registrants (positions into the table), in the current sort order."""
        self.beginResetModel()
        self._pos = self._ordered(np.asarray(positions, dtype=np.int64))
        self.endResetModel()

    def table(self) -> RegistrantTable:
        return self._table

    def total(self) -> int:
        return len(self._table)

    def registrant_id(self, row: int) -> int | None:
        if 0 <= row < len(self._pos):
            return int(self._table.ids[self._pos[row]])
        return None

    # ---- Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._pos)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate(CONTEXT, COLUMNS[section][1]) if 0 <= section < len(COLUMNS) else None
        return section + 1

    def _cell(self, pos: int, key: str) -> str:
        value = getattr(self._table, key)[pos]
        if key == "occupations":
            return word(OCCUPATION, value)
        if key == "states":
            return word(REGISTRANT_STATE, value)
        if key == "experience":
            if value is None:
                return ""
            return (QCoreApplication.translate("RegistrantsModel", "yes") if value
                    else QCoreApplication.translate("RegistrantsModel", "no"))
        return "" if value is None else str(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._pos):
            return None
        pos = int(self._pos[index.row()])
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._cell(pos, key)
            return text if len(text) <= 80 else text[:79] + "…"
        if role == Qt.ItemDataRole.ToolTipRole and key in ("notes", "availability", "work_areas"):
            return self._cell(pos, key) or None
        if role == ID_ROLE:
            return int(self._table.ids[pos])
        if role == SORT_ROLE:
            return self._cell(pos, key)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column != self._sort_column:
            self._rank = None
        self._sort_column = column
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        old_ids = [self.registrant_id(p.row()) for p in self.persistentIndexList()]
        self._pos = self._ordered(self._pos)
        where = {int(self._table.ids[p]): i for i, p in enumerate(self._pos)} if old_ids else {}
        for pidx, rid in zip(self.persistentIndexList(), old_ids, strict=True):
            self.changePersistentIndex(pidx, self.index(where.get(rid, -1), pidx.column())
                                       if rid in where else QModelIndex())
        self.layoutChanged.emit()

    def _ordered(self, pos: np.ndarray) -> np.ndarray:
        if not 0 <= self._sort_column < len(COLUMNS) or len(pos) == 0:
            return pos
        if self._rank is None:
            key = COLUMNS[self._sort_column][0]
            values = getattr(self._table, key)
            if key == "experience":
                values = [-1 if v is None else int(v) for v in values]
            else:
                values = ["" if v is None else str(v) for v in values]
            order = np.argsort(np.array(values, dtype=object), kind="stable")
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order))
            self._rank = rank
        keyed = self._rank[pos]
        idx = np.argsort(-keyed if self._descending else keyed, kind="stable")
        return pos[idx]
