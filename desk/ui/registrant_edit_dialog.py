"""Editing a registrant's phone, e-mail, state (休止/退会 at their request) and notes; the window
saves each changed field as a recorded edit (who, when, old → new)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desk.ui.labels import REGISTRANT_STATE, word

STATES = ("active", "paused", "withdrawn")


class RegistrantEditDialog(QDialog):
    def __init__(self, registrant: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registrantEditDialog")
        self.setWindowTitle(self.tr("Edit registrant %1").replace("%1", str(registrant.get("source_id", ""))))
        self.original = {k: str(registrant.get(k) or "") for k in ("phone", "email", "state", "notes")}
        self.phone = QLineEdit(self.original["phone"])
        self.phone.setObjectName("editPhone")
        self.email = QLineEdit(self.original["email"])
        self.email.setObjectName("editEmail")
        self.state = QComboBox()
        self.state.setObjectName("editState")
        for s in STATES:
            self.state.addItem(word(REGISTRANT_STATE, s), s)
        self.state.setCurrentIndex(max(0, self.state.findData(self.original["state"] or "active")))
        self.notes = QPlainTextEdit(self.original["notes"])
        self.notes.setObjectName("editNotes")
        form = QFormLayout(self)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("E-mail"), self.email)
        form.addRow(self.tr("State"), self.state)
        form.addRow(self.tr("Notes"), self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def changes(self) -> dict[str, str]:
        """The fields changed in the dialog, with their new values."""
        now = {"phone": self.phone.text().strip(), "email": self.email.text().strip(),
               "state": str(self.state.currentData()), "notes": self.notes.toPlainText().strip()}
        return {k: v for k, v in now.items() if v != self.original[k].strip() and not (k == "state" and
                                                                                       not self.original[k] and v == "active")}
