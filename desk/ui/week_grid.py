"""A registrant's availability as a week grid: Mon…Sun and public holidays × hours of the day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QSizePolicy, QWidget

from desk.ui.labels import WEEKDAYS, tr

FIRST_HOUR, LAST_HOUR = 6, 22
HOLIDAY = 7


def week_cells(rules: list[dict[str, Any]]) -> set[tuple[int, int]]:
    """(column, hour) cells covered by the recurring rules (column 7 = public holidays).

    Rules for a single date (from == to) are left out: they are listed as dates, not as a week.
    """
    cells: set[tuple[int, int]] = set()
    for rule in rules or []:
        if rule.get("from") and rule.get("from") == rule.get("to"):
            continue
        days = int(rule.get("days", 0) or 0)
        start, end = int(rule.get("start", 0) or 0), int(rule.get("end", 1440) or 1440)
        cols = [d for d in range(7) if days & (1 << d)]
        if days & 128 and not days & 256:
            cols.append(HOLIDAY)
        for hour in range(FIRST_HOUR, LAST_HOUR):
            if start <= hour * 60 and (hour + 1) * 60 <= end:
                cells.update((c, hour) for c in cols)
    return cells


def single_dates(rules: list[dict[str, Any]]) -> list[str]:
    out = []
    for rule in rules or []:
        if rule.get("from") and rule.get("from") == rule.get("to"):
            s, e = int(rule.get("start", 0) or 0), int(rule.get("end", 1440) or 1440)
            hours = "" if (s, e) == (0, 1440) else f" {s // 60}:{s % 60:02d}–{e // 60}:{e % 60:02d}"
            out.append(f"{rule['from']}{hours}")
    return out


class WeekGrid(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("weekGrid")
        self._cells: set[tuple[int, int]] = set()
        self._unknown = True
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self.sizeHint().height())

    def set_rules(self, rules: list[dict[str, Any]] | None) -> None:
        self._unknown = not rules
        self._cells = week_cells(rules or [])
        self.update()

    def cells(self) -> set[tuple[int, int]]:
        return set(self._cells)

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(8 * 40 + 40, fm.height() + 2 + (LAST_HOUR - FIRST_HOUR) * 9 + 4)

    def paintEvent(self, _event: Any) -> None:
        p = QPainter(self)
        fm = self.fontMetrics()
        left = fm.horizontalAdvance("22") + 8
        top = fm.height() + 2
        cols = 8
        cw = (self.width() - left - 2) / cols
        rh = (self.height() - top - 2) / (LAST_HOUR - FIRST_HOUR)
        pal = self.palette()
        p.setPen(pal.text().color())
        for c in range(cols):
            p.drawText(QRectF(left + c * cw, 0, cw, top), int(Qt.AlignmentFlag.AlignCenter), tr(WEEKDAYS[c]))
        for h in range(FIRST_HOUR, LAST_HOUR + 1, 3):
            y = top + (h - FIRST_HOUR) * rh
            p.drawText(QRectF(0, y - fm.height() / 2, left - 4, fm.height()),
                       int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), str(h))
        on = QColor("#59a14f")
        weekend = QColor("#f3f3f3")
        for c in range(cols):
            for h in range(FIRST_HOUR, LAST_HOUR):
                rect = QRectF(left + c * cw, top + (h - FIRST_HOUR) * rh, cw, rh)
                if (c, h) in self._cells:
                    p.fillRect(rect.adjusted(1, 0, -1, 0), on)
                elif c >= 5:
                    p.fillRect(rect.adjusted(1, 0, -1, 0), weekend)
        p.setPen(QPen(QColor("#bbbbbb")))
        p.drawRect(QRectF(left, top, cw * cols, rh * (LAST_HOUR - FIRST_HOUR)))
        for c in range(1, cols):
            p.drawLine(int(left + c * cw), int(top), int(left + c * cw), int(top + rh * (LAST_HOUR - FIRST_HOUR)))
        if self._unknown:
            p.setPen(QColor("#777777"))
            p.drawText(QRectF(left, top, cw * cols, rh * (LAST_HOUR - FIRST_HOUR)),
                       int(Qt.AlignmentFlag.AlignCenter), tr("Availability not stated"))
        p.end()


def day_states(rules: list[dict[str, Any]], slots: list[tuple[dt.date, int, int]],
               first: dt.date, last: dt.date) -> dict[dt.date, str]:
    """Per day from ``first`` to ``last``: "free" (some stated availability), and for the posting's
    slot days "fits" (the slot is covered) or "clash" (it is not). Days with nothing stay out."""
    try:
        from desk.core.schedule import covers
    except ImportError:  # a build without the schedule rules: no month view
        return {}
    out: dict[dt.date, str] = {}
    d = first
    while d <= last:
        if any(covers([r], d, int(r.get("start", 0) or 0), int(r.get("end", 1440) or 1440)) for r in rules):
            out[d] = "free"
        d += dt.timedelta(days=1)
    for day, start, end in slots:
        if not rules:
            out[day] = "unknown"  # availability not stated: neither a fit nor a clash
        else:
            out[day] = "fits" if covers(rules, day, start, end) else "clash"
    return out


class MonthCalendar(QCalendarWidget):
    """A month of the registrant's availability; the selected posting's work days stand out
    (green: the slot is covered, red: it is not, grey: availability not stated)."""

    COLOURS = {"free": QColor("#dcefd8"), "fits": QColor("#59a14f"), "clash": QColor("#e15759"),
               "unknown": QColor("#9e9e9e")}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("availabilityCalendar")
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self._rules: list[dict[str, Any]] = []
        self._slots: list[tuple[dt.date, int, int]] = []
        self.states: dict[dt.date, str] = {}
        self.currentPageChanged.connect(lambda _y, _m: self._paint())

    def set_rules(self, rules: list[dict[str, Any]]) -> None:
        self._rules = list(rules or [])
        self._paint()

    def set_slots(self, slots: list[tuple[dt.date, int, int]]) -> None:
        """The selected posting's slots (date, start minute, end minute); shows their month."""
        self._slots = list(slots)
        if slots:
            first = min(s[0] for s in slots)
            self.setCurrentPage(first.year, first.month)
        self._paint()

    def _paint(self) -> None:
        self.setDateTextFormat(QDate(), QTextCharFormat())  # clear every date's format
        year, month = self.yearShown(), self.monthShown()
        first = dt.date(year, month, 1) - dt.timedelta(days=7)
        last = dt.date(year + (month == 12), month % 12 + 1, 1) + dt.timedelta(days=13)
        in_view = [s for s in self._slots if first <= s[0] <= last]
        self.states = day_states(self._rules, in_view, first, last) if self._rules or in_view else {}
        for day, state in self.states.items():
            fmt = QTextCharFormat()
            fmt.setBackground(QBrush(self.COLOURS[state]))
            if state != "free":
                fmt.setForeground(QBrush(QColor("white")))
                fmt.setFontWeight(QFont.Weight.Bold)
            self.setDateTextFormat(QDate(day.year, day.month, day.day), fmt)
