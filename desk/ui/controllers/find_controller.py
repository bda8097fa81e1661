"""Find anyone from anywhere: the tool bar's search box, Ctrl+K, and opening a found record where
it lives (a posting in the postings pane, a registrant in the registrant pane, a placement as its
posting with the registrant picked among the candidates)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit

from desk.ui.search_dialog import SearchDialog

if TYPE_CHECKING:
    from desk.ui.main_window import MainWindow


class FindController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        from desk.ui.main_window import add_action

        self.w = window
        self.dialog: SearchDialog | None = None
        self._pending_registrant = 0
        # The box sits at the right end of the menu bar: always in sight, and no extra bar eats the
        # height a 1280×720 screen needs for the postings and candidates.
        self.box = QLineEdit()
        self.box.setObjectName("globalSearchBox")
        self.box.setClearButtonEnabled(True)
        self.box.setPlaceholderText(self.tr("Find (Ctrl+K)"))
        self.box.setToolTip(self.tr("Find anyone (Ctrl+K): name, phone, e-mail, ID"))
        self.box.setMinimumWidth(280)
        self.box.setMaximumWidth(360)
        self.box.returnPressed.connect(lambda: self.open_search(self.box.text()))
        # The first keystroke in the box reads the entries (seconds at 100,000 registrants) while the
        # coordinator is still typing.
        self._warmed = False
        self.box.textEdited.connect(self._warm)
        window.menuBar().setCornerWidget(self.box, Qt.Corner.TopRightCorner)
        edit_menu = window.actions.edit_menu
        self.action = add_action(window, edit_menu, self.tr("Find anyone…"), lambda: self.open_search(None),
                                 QKeySequence("Ctrl+K"), "globalSearchAction")
        # after the pane has finished showing the list (it resets its own selection last)
        window.work.candidates.model.modelReset.connect(lambda: QTimer.singleShot(0, self._candidates_shown))

    def _warm(self, _text: str = "") -> None:
        if not self._warmed:
            self._warmed = True
            self.w.runner.run(self.w.app.prewarm_search, on_error=lambda _exc: None)

    def open_search(self, text: str | None) -> SearchDialog:
        """Open (or raise) the search dialog; ``text`` None keeps what the box holds."""
        if self.dialog is None:
            self.dialog = SearchDialog(self.w.app, self.w.runner, self.w)
            self.dialog.open_record.connect(self.open_record)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.search_for(self.box.text() if text is None else text)
        return self.dialog

    def open_record(self, kind: str, posting_id: int, registrant_id: int) -> None:
        w = self.w
        w.tabs.setCurrentIndex(0)
        if kind == "registrant":
            w.work.show_registrant(registrant_id)
            w.registrant.setFocus()
            return
        self._pending_registrant = registrant_id if kind == "placement" else 0
        if not w.postings.select_id(posting_id):
            # hidden by the postings filter: clear it so the posting can be shown
            w.postings.filter_edit.clear()
            for box in (w.postings.open_only, w.postings.unfilled_only, w.postings.my_block):
                box.setChecked(False)
            w.postings.show_ended.setChecked(True)
            w.postings.show_cell(None)
            w.postings.select_id(posting_id)
        if w.postings.current_id() == posting_id and self._pending_registrant and not w.work.ranking_busy:
            self._candidates_shown()
        w.postings.table.setFocus()

    def _candidates_shown(self) -> None:
        """A placement was opened: once its posting's candidates are in, pick the registrant."""
        rid = self._pending_registrant
        if not rid or self.w.work.ranking_busy:
            return
        self._pending_registrant = 0
        if not self.w.candidates.select_id(rid):
            self.w.work.show_registrant(rid)
