"""Pieces shared by the window's tabs: a data table set up the house way, and lazy refreshing."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


def data_table(name: str, model: QAbstractItemModel, parent: QWidget, *, multi: bool = False) -> QTableView:
    """Rows selected whole, sorted by clicking a header (the model sorts in Python), unsorted at first,
    compact rows, interactive column widths with the last one stretched."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                           else QAbstractItemView.SelectionMode.SingleSelection)
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(parent.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return table


class RefreshWhenShown:
    """A tab whose data may change while hidden: marked stale, refreshed when next shown.

    Mixed into a QWidget subclass that defines ``refresh()``.
    """

    stale: bool = True

    def mark_stale(self) -> None:
        self.stale = True
        if self.isVisible():  # type: ignore[attr-defined]
            self.refresh()  # type: ignore[attr-defined]

    def refresh_if_stale(self) -> None:
        if self.stale:
            self.refresh()  # type: ignore[attr-defined]
