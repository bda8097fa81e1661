"""Solo mode, first start: ask the coordinator's name once (it goes on events and sheets; the
operating-system login, such as ``root``, never does). Team mode needs no name: the login decides."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget


class NameDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nameDialog")
        self.setWindowTitle(self.tr("Your name"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Which name should desk record on your changes and print on sheets?")))
        self.edit = QLineEdit()
        self.edit.setObjectName("nameEdit")
        self.edit.setPlaceholderText(self.tr("e.g. 佐藤 花子"))
        layout.addWidget(self.edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.edit.textChanged.connect(self._edited)
        self._edited("")

    def _edited(self, text: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text.strip()))

    def name(self) -> str:
        return self.edit.text().strip()


def ensure_coordinator_name(window: Any, app: Any = None, *, ask: Any = None) -> str:
    """Ask the name once when solo mode has none yet. With ``ask`` (tests) the answer is returned;
    without it a window-modal dialog opens and the name is kept when it is accepted."""
    if app is None:
        from desk.app import DeskApp

        app = DeskApp(window.db, window.settings)
    if not app.needs_coordinator_name():
        return str(window.settings.coordinator)
    if ask is None:  # window-modal and asynchronous: the event loop (and the window) keep running
        dialog = NameDialog(window)
        dialog.accepted.connect(lambda: _remember(window, app, dialog.name()))
        dialog.open()
        return ""
    name = str(ask() or "").strip()
    _remember(window, app, name)
    return name


def _remember(window: Any, app: Any, name: str) -> None:
    if name:
        app.set_coordinator_name(name)
        window.settings.coordinator = name
        if hasattr(window, "work"):
            window.work.settings.coordinator = name
