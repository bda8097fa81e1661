"""Asking before a registrant the ranking excludes is accepted or confirmed: why they are excluded,
a reason to type, and Cancel as the default button (Enter never overrides by accident)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget


class OverrideDialog(QDialog):
    def __init__(self, name: str, why: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overrideDialog")
        self.setWindowTitle(self.tr("Registrant is excluded"))
        text = QLabel(self.tr("The ranking excludes %1 for this posting: %2\n\n"
                              "Place them anyway? Say why; the reason is kept with the change.")
                      .replace("%1", name).replace("%2", why))
        text.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("overrideReason")
        self.reason.setPlaceholderText(self.tr("Reason (required)"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton(self.tr("Place anyway"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setEnabled(False)
        self.ok.setAutoDefault(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        cancel.setAutoDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        lay = QVBoxLayout(self)
        lay.addWidget(text)
        lay.addWidget(self.reason)
        lay.addWidget(self.buttons)

    def reason_text(self) -> str:
        return self.reason.text().strip()
