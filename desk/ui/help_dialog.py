"""The keyboard shortcuts window (F1): every action that has a shortcut, with what it does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)


def shortcuts_of(window: QWidget) -> list[tuple[str, str]]:
    """(key sequence, description) for every action under ``window`` that has a shortcut."""
    found: dict[tuple[str, str], None] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            if sequence.isEmpty():
                continue
            keys = sequence.toString(QKeySequence.SequenceFormat.NativeText)
            text = action.toolTip() if not action.text() else action.text()
            description = text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…")
            found[(keys, description)] = None
    return sorted(found, key=lambda pair: pair[1])


class ShortcutsDialog(QDialog):
    """A read-only two-column table of shortcuts; given as a list or read from the parent window."""

    def __init__(self, shortcuts: list[tuple[str, str]] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        if shortcuts is None:
            shortcuts = shortcuts_of(parent) if parent is not None else []
        self.shortcuts = list(shortcuts)

        intro = QLabel(self.tr("The desk can be worked entirely from the keyboard:"))
        # A small fixed list: a standard item model is enough (large tables use QAbstractTableModel).
        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Action")])
        for keys, description in self.shortcuts:
            key_item = QStandardItem(keys)
            key_item.setTextAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
            self.model.appendRow([key_item, QStandardItem(description)])
        self.table = QTableView(self)
        self.table.setObjectName("shortcutsTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, 460)
