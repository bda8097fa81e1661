"""Saved filters: name the candidate filter in use and recall it later from Edit ▸ Saved filters
(kept in settings.json, written by the facade on the runner)."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QMenu

if TYPE_CHECKING:
    from desk.ui.main_window import MainWindow


class SavedFilters(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.menu = QMenu(self.tr("Saved filters"), window)
        self.menu.setObjectName("savedFiltersMenu")
        window.actions.edit_menu.addMenu(self.menu)
        self.menu.aboutToShow.connect(self.rebuild)
        #: ask_name(suggested) -> a name or None; replaced in tests (no modal dialog there).
        self.ask_name = self._ask_name
        self.rebuild()

    def names(self) -> list[str]:
        return sorted(self.w.settings.saved_filters)

    def rebuild(self) -> None:
        self.menu.clear()
        save = self.menu.addAction(self.tr("Save the candidate filter…"))
        save.setObjectName("saveFilterAction")
        save.setEnabled(bool(self.w.candidates.filter_edit.text().strip()))
        save.triggered.connect(lambda _c=False: self.save())
        if self.names():
            self.menu.addSeparator()
        for name in self.names():
            text = self.w.settings.saved_filters[name]
            act = self.menu.addAction(f"{name}  —  {text}")
            act.triggered.connect(lambda _c=False, n=name: self.recall(n))
        if self.names():
            self.menu.addSeparator()
            forget = self.menu.addMenu(self.tr("Forget"))
            for name in self.names():
                forget.addAction(name).triggered.connect(lambda _c=False, n=name: self.forget(n))

    def save(self, name: str | None = None) -> bool:
        text = self.w.candidates.filter_edit.text().strip()
        if not text:
            return False
        name = name or self.ask_name(text)
        if not name:
            return False
        settings = copy.deepcopy(self.w.settings)
        settings.saved_filters = {**settings.saved_filters, name.strip(): text}
        self._store(settings)
        self.w.statusBar().showMessage(self.tr("Filter saved as “%1”").replace("%1", name.strip()), 5000)
        return True

    def recall(self, name: str) -> None:
        text = self.w.settings.saved_filters.get(name)
        if text is not None:
            self.w.candidates.filter_edit.setText(text)

    def forget(self, name: str) -> None:
        settings = copy.deepcopy(self.w.settings)
        settings.saved_filters.pop(name, None)
        self._store(settings)

    def _store(self, settings: object) -> None:
        self.w.app.settings = settings  # type: ignore[assignment]  # shown at once; written in a worker
        self.w.runner.run(self.w.app.apply_settings, settings, save=True,
                          on_error=lambda exc: self.w.statusBar().showMessage(str(exc), 8000))

    def _ask_name(self, text: str) -> str | None:
        name, ok = QInputDialog.getText(self.w, self.tr("Save filter"), self.tr("Name for “%1”:").replace("%1", text))
        return name.strip() if ok and name.strip() else None
