"""The registrants tab: the whole registry in one table, filtered per keystroke in Python.

The registry is read and indexed in a worker the first time the tab is shown (start-up stays fast);
typing is debounced with a short timer, then the filter runs and the model is reset with the
matching positions (STYLE.md: no QSortFilterProxyModel over 100,000 rows).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desk.app import DeskApp
from desk.app.postings import RegistrantTable
from desk.ui.controllers.registry_filter import RegistryFilter
from desk.ui.errors import plain_message
from desk.ui.models.base import ID_ROLE
from desk.ui.models.registrants_model import RegistrantsModel
from desk.ui.runner import Runner
from desk.ui.tables import data_table


class RegistrantsTab(QWidget):
    registrant_activated = Signal(int)  # double-click / Enter: show in the work view
    loaded = Signal()
    filtered = Signal(float)  # milliseconds the last filter took

    def __init__(self, app: DeskApp, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registrantsTab")
        self.app, self.runner = app, runner
        self.filter: RegistryFilter | None = None
        self.loading = False
        self.last_ms = 0.0
        self._closed = False

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("registrantsFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText(self.tr("Filter registrants, e.g. 地域:横浜 名前:やまだ 科:内科 日:土 メモ:英語"))
        self.filter_edit.setToolTip(self.tr(
            "Words must all match. Prefixes narrow a word to one field: 地域: region, 名前: name or reading, "
            "科: specialty, 職種: occupation, 日: date or weekday, メモ: notes."))
        self.count_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Registrants")))
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.count_label)

        self.model = RegistrantsModel(self)
        self.table = data_table("registrantsTable", self.model, self)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        hh = self.table.horizontalHeader()
        for col, width in enumerate((90, 110, 130, 80, 100, 80, 100, 160, 200, 70, 110, 60)):
            hh.resizeSection(col, width)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(80)
        self._timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(lambda _t: self._timer.start())

    def shutdown(self) -> None:
        """The window closes: a registry still loading is not shown."""
        self._timer.stop()
        self._closed = True

    def ensure_loaded(self) -> None:
        if self.filter is None and not self.loading:
            self.reload()

    def reload(self) -> None:
        """Read the registry (shown at once), then build the filter index (typing works from then on)."""
        self.loading = True
        self.filter = None
        self.count_label.setText(self.tr("Loading…"))
        self.runner.run(self.app.registrant_table, on_result=self._table_read, on_error=self._failed,
                        waiting_for=self.tr("Waiting for the database: the registry"))

    def _table_read(self, table: RegistrantTable) -> None:
        if self._closed:
            return
        self.model.set_table(table)
        self.count_label.setText(self.tr("Loading…"))  # the filter index is still being built
        self.runner.run(self._build_filter, table, on_result=self._loaded, on_error=self._failed)

    def _build_filter(self, table: RegistrantTable) -> RegistryFilter:
        """In a worker: the filter over the ranking's registry index (the plain fallback without it)."""
        try:
            index = self.app.registry_index()
        except Exception:  # noqa: BLE001 - the plain filter still works without the index
            index = None
        flt = RegistryFilter(table, index)
        if index is not None and flt.uses_core:
            self.app.save_filter_data(index)  # the next start filters without decoding every record
        return flt

    def _loaded(self, flt: RegistryFilter) -> None:
        if self._closed:
            return
        self.loading = False
        self.filter = flt
        if self.model.table() is not flt.table:
            self.model.set_table(flt.table)
        self.apply_filter()
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.count_label.setText(self.tr("Could not load the registry: %1").replace("%1", plain_message(exc)))

    def set_loaded(self, flt: RegistryFilter) -> None:
        """Hand in an already built index (tests, benchmarks)."""
        self._loaded(flt)

    def apply_filter(self) -> None:
        if self.filter is None:
            return
        t0 = time.perf_counter()
        self.model.set_positions(self.filter.apply(self.filter_edit.text()))
        self.last_ms = (time.perf_counter() - t0) * 1000
        self.count_label.setText(self.tr("%1 of %2").replace("%1", f"{self.model.rowCount():,}")
                                 .replace("%2", f"{self.model.total():,}"))
        self.filtered.emit(self.last_ms)

    def current_id(self) -> int:
        idx = self.table.currentIndex()
        return int(idx.data(ID_ROLE) or 0) if idx.isValid() else 0

    def _activated(self, index) -> None:  # type: ignore[no-untyped-def]
        rid = index.data(ID_ROLE) if index.isValid() else None
        if rid:
            self.registrant_activated.emit(int(rid))
