"""The 計画 (plan) tab: one plan across every open posting, as call lists, with what stays empty and why.

The plan is computed through the facade (``DeskApp.plan_board``) off the GUI thread, with a
progress bar and a cancel button. Call lists are grouped by block or by posting (one list per
coordinator); a double click (or Enter, or the button) on a planned call emits
``open_candidate(posting store id, registrant store id)``, and the window shows that posting's
candidates with the registrant selected. The plan is a proposal: nothing is logged from here.
Supply next to demand (per block × occupation × week) sits in the third table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desk.core.prefectures import BLOCKS_8
from desk.ui.i18n import current_language
from desk.ui.labels import OCCUPATION, word
from desk.ui.models.postings_model import short_date

KEYS = Qt.ItemDataRole.UserRole + 1



def slot_words(slot: str) -> str:
    """A slot as coordinators write it: 2021-07-07T09:00 → 2021/7/7(水) 9:00 (the year shown when it
    is not this year's); any other text as it is."""
    try:
        at = dt.datetime.fromisoformat(slot)
    except ValueError:
        return slot
    weekday = "月火水木金土日"[at.weekday()] if current_language() == "ja" else f"{at:%a}"
    return f"{short_date(at.date())}({weekday}) {at.hour}:{at.minute:02d}"

class PlanTab(QWidget):
    open_candidate = Signal(int, int)  # posting store id, registrant store id

    def __init__(self, app: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planTab")
        self.app, self.runner = app, runner
        self.result: Any = None
        self._job: Any = None  # the plan under way (the runner's job: cancel, or the window's close, stops it)

        self.plan_button = QPushButton(self.tr("Plan the board"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.block = QComboBox()
        self.block.addItem(self.tr("Whole country"), "")
        for b in BLOCKS_8:
            self.block.addItem(b, b)
        self.group = QComboBox()
        self.group.addItem(self.tr("Call lists by block"), "block")
        self.group.addItem(self.tr("Call lists by posting"), "posting")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.status = QLabel(self.tr("Press Plan the board to plan every open posting at once."))
        self.status.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Show candidate"))
        self.open_button.setEnabled(False)
        bar = QHBoxLayout()
        for w in (QLabel(self.tr("Region")), self.block, self.group, self.plan_button, self.cancel_button,
                  self.progress, self.open_button):
            bar.addWidget(w)
        bar.addStretch(1)

        self.calls = QStandardItemModel(0, 6, self)
        self.calls.setHorizontalHeaderLabels([self.tr("Posting / slot"), self.tr("Order"), self.tr("Registrant"),
                                              self.tr("Name"), self.tr("Phone"), self.tr("Reasons")])
        self.calls_view = QTreeView()
        self.calls_view.setObjectName("planCalls")
        self.calls_view.setModel(self.calls)
        self.calls_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.calls_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.calls_view.doubleClicked.connect(lambda _i: self._open())
        self.calls_view.activated.connect(lambda _i: self._open())
        self.calls_view.selectionModel().selectionChanged.connect(self._selection_changed)

        self.unfilled = QStandardItemModel(0, 3, self)
        self.unfilled.setHorizontalHeaderLabels([self.tr("Posting"), self.tr("Slot"), self.tr("Why it stays empty")])
        self.unfilled_view = self._table(self.unfilled, "planUnfilled")
        self.supply = QStandardItemModel(0, 5, self)
        self.supply.setHorizontalHeaderLabels([self.tr("Block"), self.tr("Occupation"), self.tr("Week of"),
                                               self.tr("Open"), self.tr("Could fill")])
        self.supply_view = self._table(self.supply, "planSupply")

        lower = QSplitter(Qt.Orientation.Horizontal)
        for title, view in ((self.tr("Unfilled slots"), self.unfilled_view),
                            (self.tr("Supply next to demand"), self.supply_view)):
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(QLabel(title))
            lay.addWidget(view)
            lower.addWidget(box)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.calls_view)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(split)

        self.plan_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button.clicked.connect(self._open)
        self.group.currentIndexChanged.connect(lambda _i: self._fill_calls())

    def _table(self, model: QStandardItemModel, name: str) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        view.verticalHeader().setVisible(False)
        return view

    # ---- running
    def start(self) -> None:
        if self._job is not None:
            return
        self.plan_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.setText(self.tr("Planning…"))
        self._job = self.runner.run(self.app.plan_board, self.block.currentData() or None, with_cancel=True,
                                    on_result=self._planned, on_error=self._failed,
                                    on_progress=lambda done, total: self.progress.setValue(int(100 * done / max(1, total))))
        self.runner.run(self.app.plan_supply, on_result=self._supplied, on_error=lambda _e: None)

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.status.setText(self.tr("Cancelling…"))

    def _finished(self) -> None:
        self._job = None
        self.plan_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setVisible(False)

    def _failed(self, exc: BaseException) -> None:
        self._finished()
        if type(exc).__name__ == "PlanCancelled":
            self.status.setText(self.tr("Cancelled: the previous plan is still shown."))
        else:
            self.status.setText(self.tr("The plan could not be computed: %1").replace("%1", str(exc)))

    def _planned(self, result: Any) -> None:
        self._finished()
        self.result = result
        s = result.stats
        text = self.tr("Planned %1 of %2 open places (calling each posting's list in order: %3).")
        text = text.replace("%1", str(s.slots_planned)).replace("%2", str(s.slots_open))
        text = text.replace("%3", str(s.greedy_planned))
        if not s.optimal:
            text += " " + self.tr("The time limit was reached: this is the best plan found, not proven the best.")
        self.status.setText(text + " " + self.tr("Proposals only: nothing is logged until you record a call."))
        self._fill_calls()
        self.unfilled.removeRows(0, self.unfilled.rowCount())
        for u in result.unfilled:
            self.unfilled.appendRow([QStandardItem(u.posting_id), QStandardItem(slot_words(u.slot)),
                                     QStandardItem(u.why)])

    def _supplied(self, rows: list[Any]) -> None:
        self.supply.removeRows(0, self.supply.rowCount())
        for r in rows:
            items = [QStandardItem(r.block), QStandardItem(word(OCCUPATION, r.occupation)), QStandardItem(r.week),
                     QStandardItem(str(r.open)), QStandardItem(str(r.supply))]
            if r.short:
                for item in items:
                    item.setForeground(Qt.GlobalColor.darkRed)
            self.supply.appendRow(items)

    # ---- call lists
    def _fill_calls(self) -> None:
        self.calls.removeRows(0, self.calls.rowCount())
        if self.result is None:
            return
        by_block = self.group.currentData() == "block"
        groups: dict[str, QStandardItem] = {}
        for a in self.result.assignments:
            key = a.block if by_block else f"{a.posting_id}  {a.place}"
            parent = groups.get(key)
            if parent is None:
                parent = groups[key] = QStandardItem(key)
                self.calls.appendRow([parent, *(QStandardItem() for _ in range(5))])
            label = f"{a.posting_id} {slot_words(a.slot)}" if by_block else slot_words(a.slot)
            first = QStandardItem(label)
            first.setData((a.posting_key, a.registrant_key), KEYS)
            parent.appendRow([first, QStandardItem(str(a.rank)), QStandardItem(a.registrant_id),
                              QStandardItem(a.name), QStandardItem(a.phone), QStandardItem("、".join(a.reasons))])
        for parent in groups.values():
            parent.setText(f"{parent.text()}  ({parent.rowCount()})")
        self.calls_view.expandAll()
        self.calls_view.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def _current_keys(self) -> tuple[int, int] | None:
        index = self.calls_view.currentIndex()
        if not index.isValid():
            return None
        keys = index.siblingAtColumn(0).data(KEYS)
        return (int(keys[0]), int(keys[1])) if keys else None

    def _selection_changed(self, *_args: object) -> None:
        self.open_button.setEnabled(self._current_keys() is not None)

    def _open(self) -> None:
        keys = self._current_keys()
        if keys is not None:
            self.open_candidate.emit(*keys)
