"""Global search (Ctrl+K, or the box in the tool bar): registrants, postings and placements by name,
reading, romaji, phone, e-mail or ID, grouped by kind, exact matches first. Enter (or a double
click) opens the record where it lives; Esc closes. The search runs on the window's runner (the
facade's ``search``), never in the GUI thread; a result that arrives after the text changed again
is dropped."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.core.search import Hit, Results
from desk.ui.errors import plain_message
from desk.ui.labels import PLACEMENT_STATE, POSTING_STATUS, REGISTRANT_STATE, word

HIT_ROLE = Qt.ItemDataRole.UserRole + 1


class SearchDialog(QDialog):
    """Emits ``open_record(kind, posting_id, registrant_id)`` when a hit is opened."""

    open_record = Signal(str, int, int)

    def __init__(self, app: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchDialog")
        self.setWindowTitle(self.tr("Find anyone"))
        self.app, self.runner = app, runner
        self._generation = 0
        self.results: Results | None = None
        self.edit = QLineEdit()
        self.edit.setObjectName("searchEdit")
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText(self.tr("Name, reading, romaji, phone, e-mail, 登録ID or 募集ID"))
        self.tree = QTreeWidget()
        self.tree.setObjectName("searchResults")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Found"), self.tr("Where / what"), self.tr("State")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setColumnWidth(0, 260)
        self.tree.setColumnWidth(1, 260)
        self.status = QLabel()
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.edit)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.status)
        self.resize(680, 460)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.run_search)
        self.edit.textChanged.connect(lambda _t: self._timer.start())
        self.edit.installEventFilter(self)
        self.tree.itemActivated.connect(lambda item, _col: self._open_item(item))

    # ---- searching
    def search_for(self, text: str) -> None:
        """Show the dialog searching ``text`` (the tool-bar box hands its text over)."""
        self.edit.setText(text)
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self.run_search()

    def run_search(self) -> None:
        self._timer.stop()
        self._generation += 1
        gen = self._generation
        text = self.edit.text().strip()
        if not text:
            self.results = None
            self.tree.clear()
            self.status.setText("")
            return
        self.status.setText(self.tr("Searching…"))
        self.runner.run(self.app.search, text, on_result=lambda r: gen == self._generation and self._show(r),
                        on_error=lambda exc: gen == self._generation and self.status.setText(plain_message(exc)),
                        on_progress=lambda done, total: gen == self._generation and self._preparing(done, total),
                        waiting_for=self.tr("Waiting for the database: the search"))

    def _preparing(self, done: int, total: int) -> None:
        """The first search of a process builds the registrants' index: say how far it is."""
        if total and done >= total:
            text = self.tr("Preparing the search: indexing %2 registrants…")
        elif total:
            text = self.tr("Preparing the search: %1 of %2 registrants read…")
        else:
            text = self.tr("Preparing the search: %1 registrants read…")
        self.status.setText(text.replace("%1", f"{done:,}").replace("%2", f"{total:,}"))

    def _show(self, results: Results) -> None:
        self.results = results
        self.tree.clear()
        kinds = {"registrant": self.tr("Registrants"), "posting": self.tr("Postings"),
                 "placement": self.tr("Placements")}
        first: QTreeWidgetItem | None = None
        for kind, hits in results.groups:
            total = results.counts.get(kind, len(hits))
            more = "" if total <= len(hits) else self.tr(" (first %1 of %2)").replace("%1", str(len(hits))) \
                .replace("%2", str(total))
            head = QTreeWidgetItem([f"{kinds.get(kind, kind)}{more}"])
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            self.tree.addTopLevelItem(head)
            head.setFirstColumnSpanned(True)
            for hit in hits:
                item = self._item(hit)
                self.tree.addTopLevelItem(item)
                first = first or item
        if first is not None:
            self.tree.setCurrentItem(first)
            if self._open_when_ready:
                self._open_when_ready = False
                self._open_item(first)
                return
            exact = sum(1 for _k, hs in results.groups for h in hs if h.exact)
            self.status.setText(self._changing(results) + self.tr("%1 found (%2 exact). Enter opens the selected one.")
                                .replace("%1", str(sum(results.counts.values()))).replace("%2", str(exact)))
        else:
            self._open_when_ready = False
            self.status.setText(self._changing(results)
                                + self.tr("No match (該当なし) for “%1”.").replace("%1", results.query.text))

    def _changing(self, results: Results) -> str:
        return self.tr("The registry is changing: results may be a moment old. ") if results.changing else ""

    def _item(self, hit: Hit) -> QTreeWidgetItem:
        e = hit.entry
        if e.kind == "registrant":
            state = word(REGISTRANT_STATE, e.state) if e.state else ""
            texts = [f"{e.label}  ({e.source_id})", e.detail, state]
        elif e.kind == "posting":
            texts = [f"{e.source_id}  {e.label}", e.detail, word(POSTING_STATUS, e.state) if e.state else ""]
        else:
            texts = [e.label, e.detail, word(PLACEMENT_STATE, e.state) if e.state else ""]
        mark = "● " if hit.exact else "   "
        item = QTreeWidgetItem([mark + texts[0], texts[1], texts[2]])
        item.setData(0, HIT_ROLE, hit)
        item.setToolTip(0, self.tr("Exact match") if hit.exact else self.tr("Close match"))
        return item

    # ---- opening
    def hits_shown(self) -> list[Hit]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            hit = self.tree.topLevelItem(i).data(0, HIT_ROLE)
            if hit is not None:
                out.append(hit)
        return out

    def open_current(self) -> bool:
        item = self.tree.currentItem()
        return item is not None and self._open_item(item)

    def _open_item(self, item: QTreeWidgetItem) -> bool:
        hit = item.data(0, HIT_ROLE)
        if hit is None:
            return False
        e = hit.entry
        self.open_record.emit(e.kind, e.posting_id, e.registrant_id)
        self.accept()
        return True

    def _move(self, step: int) -> None:
        n = self.tree.topLevelItemCount()
        cur = self.tree.indexOfTopLevelItem(self.tree.currentItem()) if self.tree.currentItem() else -1
        i = cur + step
        while 0 <= i < n:
            if self.tree.topLevelItem(i).data(0, HIT_ROLE) is not None:
                self.tree.setCurrentItem(self.tree.topLevelItem(i))
                return
            i += step

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Up / Down move through the hits and Enter opens one without leaving the text box.
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():  # typed and Enter at once: search first, open the best hit
                    self.run_search()
                    self._open_when_ready = True
                else:
                    self.open_current()
                return True
        return super().eventFilter(obj, event)

    _open_when_ready = False

    def done(self, result: int) -> None:
        self._generation += 1
        super().done(result)
