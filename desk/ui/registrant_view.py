"""The registrant pane: every field of one registrant, their week of availability, their placements,
and the placement actions for the selected posting."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk.core.date_words import stated_frequency
from desk.ui.labels import OCCUPATION, REGISTRANT_STATE, word
from desk.ui.models.history_model import HistoryModel
from desk.ui.week_grid import MonthCalendar, WeekGrid, single_dates


class RegistrantPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registrantPane")
        self.title = QLabel(self.tr("No registrant selected."))
        self.title.setObjectName("registrantTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)

        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}
        for key, label in self._fields():
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            self.form.addRow(label, value)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_host)

        self.grid = WeekGrid()
        self.dates_label = QLabel()
        self.dates_label.setWordWrap(True)
        self.calendar = MonthCalendar()
        avail = QWidget()
        al = QVBoxLayout(avail)
        al.addWidget(self.grid)
        al.addWidget(self.dates_label)
        al.addWidget(self.calendar, 1)

        self.history_model = HistoryModel(self)
        self.history = QTableView()
        self.history.setObjectName("historyTable")
        self.history.setModel(self.history_model)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.verticalHeader().setVisible(False)
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.setSortingEnabled(True)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("registrantTabs")
        self.tabs.addTab(scroll, self.tr("Details"))
        self.tabs.addTab(avail, self.tr("Availability"))
        self.tabs.addTab(self.history, self.tr("Placements"))

        self.actions_bar = QHBoxLayout()
        self.actions_bar.addStretch(1)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.title)
        lay.addWidget(self.tabs, 1)
        lay.addLayout(self.actions_bar)
        self.registrant: dict[str, Any] | None = None

    def _fields(self) -> list[tuple[str, str]]:
        return [
            ("source_id", self.tr("Registrant ID")), ("name", self.tr("Name")), ("name_kana", self.tr("Reading")),
            ("gender", self.tr("Gender")), ("birth_year", self.tr("Born")),
            ("occupation", self.tr("Occupation")), ("licences", self.tr("Other licences")),
            ("specialty", self.tr("Specialty")), ("home", self.tr("Lives in")),
            ("work_areas_raw", self.tr("Can work in")), ("availability_raw", self.tr("Availability (as written)")),
            ("frequency", self.tr("How often")),
            ("hours_raw", self.tr("Hours (as written)")), ("experience", self.tr("Experience")),
            ("phone", self.tr("Phone")), ("email", self.tr("E-mail")), ("state", self.tr("State")),
            ("registered_on", self.tr("Registered")), ("notes", self.tr("Notes")),
        ]

    def show_registrant(self, r: dict[str, Any] | None, history: list[dict[str, Any]] | None = None) -> None:
        self.registrant = r
        if r is None:
            self.title.setText(self.tr("No registrant selected."))
            for v in self.values.values():
                v.clear()
            self.grid.set_rules(None)
            self.calendar.set_rules([])
            self.dates_label.clear()
            self.history_model.set_rows([])
            return
        demo = (f" <span style='color:#8a5a00'>[{html.escape(self.tr('demo'))}]</span>" if r.get("demo") else "")
        self.title.setText(f"<b style='font-size:large'>{html.escape(r.get('name') or '')}</b> "
                           f"{html.escape(r.get('name_kana') or '')} — {html.escape(r.get('source_id') or '')}{demo}")
        exp = r.get("vaccination_experience")
        exp_word = "" if exp is None else (self.tr("has vaccinated before") if exp else self.tr("no vaccination yet"))
        shown = {
            **{k: r.get(k) for k in self.values},
            "occupation": word(OCCUPATION, r.get("occupation"))
            + (f"  ({r['occupation_raw']})" if r.get("occupation_raw") else ""),
            "licences": "・".join(word(OCCUPATION, x) for x in (r.get("licences") or [])),
            "home": f"{r.get('home_prefecture') or ''}{r.get('home_city') or ''}",
            "experience": "; ".join(x for x in (exp_word, r.get("experience_raw") or "") if x),
            "state": word(REGISTRANT_STATE, r.get("state")),
            "frequency": self._frequency(r.get("availability_raw") or ""),
        }
        for key, label in self.values.items():
            value = shown.get(key)
            if isinstance(value, dt.date):
                value = value.isoformat()
            label.setText("" if value is None else str(value))
        rules = r.get("availability") or []
        self.grid.set_rules(rules)
        self.calendar.set_rules(rules)
        dates = single_dates(rules)
        self.dates_label.setText(self.tr("Specific dates: %1").replace("%1", ", ".join(dates)) if dates else "")
        self.history_model.set_rows(history or [])

    def _frequency(self, availability_raw: str) -> str:
        """週3日 / 月2回程度 as the registrant stated it (the ranking prefers it; nobody is excluded)."""
        found = stated_frequency(availability_raw)
        if found is None:
            return ""
        count = str(found.low) if found.low == found.high else f"{found.low}–{found.high}"
        text = self.tr("%1 days a week") if found.per == "week" else self.tr("%1 times a month")
        return text.replace("%1", count)

    def set_actions(self, buttons: list[QPushButton]) -> None:
        while self.actions_bar.count() > 1:
            item = self.actions_bar.takeAt(0)
            w = item.widget() if item else None
            if w is not None:
                w.setParent(None)
                w.deleteLater()
        for i, b in enumerate(buttons):
            self.actions_bar.insertWidget(i, b)
