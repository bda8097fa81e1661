"""The calling day's panels: call attempt buttons beside the candidates, the registrant's calls
(a tab of the registrant pane), the call-backs due and the re-contact list (docks)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from desk.ui.models.base import ROW_ROLE
from desk.ui.models.calls_models import CallbacksModel, ContactsModel, RecontactModel
from desk.ui.tables import data_table


class CallBar(QWidget):
    """One button per call outcome and one for a note (the actions carry the shortcuts)."""

    def __init__(self, actions: Sequence[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callBar")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel(self.tr("Call:")))
        for act in actions:
            b = QToolButton()
            b.setDefaultAction(act)
            lay.addWidget(b)
        lay.addStretch(1)


class ContactsView(QWidget):
    """Every call attempt and note about the registrant, by every coordinator, on every posting."""

    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ContactsModel(self)
        self.table = data_table("contactsTable", self.model, self)
        self.edit_button = QPushButton(self.tr("Edit registrant…"))
        self.edit_button.setObjectName("editRegistrantButton")
        self.edit_button.clicked.connect(self.edit_requested)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignLeft)


class _ListDock(QDockWidget):
    activated = Signal(object)  # the row (a Callback or a RecontactItem)

    def __init__(self, title: str, name: str, model: Any, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName(name)
        self.model = model
        host = QWidget()
        self.summary = QLabel()
        self.table = data_table(f"{name}Table", self.model, host)
        self.table.doubleClicked.connect(lambda index: self.activated.emit(index.data(ROW_ROLE)))
        lay = QVBoxLayout(host)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        self.setWidget(host)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.model.set_rows(rows)


class CallbacksDock(_ListDock):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Call-backs due"), "callbacksDock", CallbacksModel(), parent)

    def set_rows(self, rows: Sequence[Any]) -> None:
        super().set_rows(rows)
        self.summary.setText(self.tr("%1 call-backs due, oldest first").replace("%1", str(len(rows)))
                             if rows else self.tr("No call-backs due."))


class RecontactDock(_ListDock):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Call again (posting changed)"), "recontactDock", RecontactModel(), parent)

    def set_rows(self, rows: Sequence[Any]) -> None:
        super().set_rows(rows)
        self.summary.setText(self.tr("%1 people to call again").replace("%1", str(len(rows)))
                             if rows else self.tr("Nobody to call again."))
