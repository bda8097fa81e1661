"""A table model over a Python list of rows, sorted in Python (no QSortFilterProxyModel).

Subclasses name their columns (context, source text marked with QT_TRANSLATE_NOOP), how a row shows
in a column (``display``) and how it sorts (``sort_key``). Reloads use begin/endResetModel.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's database id (int)
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the row object itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 3  # the value the column sorts by


class RowTableModel(QAbstractTableModel):
    #: (translation context, [(column key, header source text)])
    CONTEXT: ClassVar[str] = "RowTableModel"
    COLUMNS: ClassVar[Sequence[tuple[str, str]]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # ---- data in
    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._apply_sort()
        self.endResetModel()

    def add_rows(self, rows: Sequence[Any]) -> None:
        """Append rows (the next page of a long list): inserted at the end, then sorted again when a
        column sorts the view (selections stay on their rows)."""
        if not rows:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()
        if 0 <= self._sort_column < len(self.COLUMNS):
            self.sort(self._sort_column, self._sort_order)

    def rows(self) -> list[Any]:
        return self._rows

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of_id(self, row_id: int) -> int:
        for i, r in enumerate(self._rows):
            if self.row_id(r) == row_id:
                return i
        return -1

    # ---- to override
    def row_id(self, row: Any) -> int:
        return int(getattr(row, "id", 0))

    def display(self, row: Any, key: str) -> Any:
        return getattr(row, key, "")

    def sort_key(self, row: Any, key: str) -> Any:
        value = self.display(row, key)
        return (value is None, value if value is not None else 0)

    def extra(self, row: Any, key: str, role: int) -> Any:
        """Other roles (tooltip, colours, alignment) for subclasses."""
        return None

    # ---- Qt model API
    def column_key(self, column: int) -> str:
        return self.COLUMNS[column][0]

    def column_of(self, key: str) -> int:
        return [k for k, _ in self.COLUMNS].index(key)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return QCoreApplication.translate(self.CONTEXT, self.COLUMNS[section][1])
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        key = self.COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.display(row, key)
            return "" if value is None else value if isinstance(value, str | int | float) else str(value)
        if role == ID_ROLE:
            return self.row_id(row)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return str(self.sort_key(row, key))
        return self.extra(row, key, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        old = list(self._rows)
        self._apply_sort()
        # Keep selections and the current index on the same rows.
        where = {id(r): i for i, r in enumerate(self._rows)}
        for pidx in self.persistentIndexList():
            if pidx.isValid():
                new_row = where[id(old[pidx.row()])]
                self.changePersistentIndex(pidx, self.index(new_row, pidx.column()))
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        if not 0 <= self._sort_column < len(self.COLUMNS):
            return
        key = self.COLUMNS[self._sort_column][0]
        self._rows.sort(key=lambda r: self.sort_key(r, key),
                        reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
