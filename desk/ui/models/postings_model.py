"""The postings table: state, flags, place, occupation, dates, headcount and fill, masked flag."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap

from desk.app.postings import PostingRow
from desk.ui.labels import OCCUPATION, POSTING_STATUS, word
from desk.ui.models.base import RowTableModel

FILL_ROLE = Qt.ItemDataRole.UserRole + 10  # (filled, headcount)

_STATUS_ORDER = {"open": 0, "paused": 1, "ended": 2}
OVER_FILLED = QColor("#f4c7c3")
_STATUS_COLOUR = {"open": QColor("#1b7f3b"), "paused": QColor("#b36b00"), "ended": QColor("#777777")}


def short_date(d: dt.date | None, today: dt.date | None = None) -> str:
    """6/12 in the current year; 2021/6/12 whenever the year is another, so it is never hidden."""
    if d is None:
        return ""
    if d.year != (today or dt.date.today()).year:
        return f"{d.year}/{d.month}/{d.day}"
    return f"{d.month}/{d.day}"


_date = short_date


def masked_icon() -> QIcon:
    """The narrow masked column's mark: a small red badge with a white マ (drawn, no icon files)."""
    pix = QPixmap(16, 16)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor("#b00020"))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(0, 0, 16, 16, 4, 4)
    p.setPen(QColor("white"))
    font = QFont()
    font.setPixelSize(11)
    font.setBold(True)
    p.setFont(font)
    p.drawText(pix.rect(), int(Qt.AlignmentFlag.AlignCenter), "マ")
    p.end()
    return QIcon(pix)


class PostingsModel(RowTableModel):
    CONTEXT = "PostingsModel"
    COLUMNS = (
        ("status", QT_TRANSLATE_NOOP("PostingsModel", "State")),
        ("flags", QT_TRANSLATE_NOOP("PostingsModel", "Changes")),
        ("masked", QT_TRANSLATE_NOOP("PostingsModel", "Masked")),  # a narrow icon column
        ("source_id", QT_TRANSLATE_NOOP("PostingsModel", "ID")),
        ("prefecture", QT_TRANSLATE_NOOP("PostingsModel", "Prefecture")),
        ("municipality", QT_TRANSLATE_NOOP("PostingsModel", "Municipality")),
        ("venue", QT_TRANSLATE_NOOP("PostingsModel", "Venue")),
        ("occupation", QT_TRANSLATE_NOOP("PostingsModel", "Occupation")),
        ("dates", QT_TRANSLATE_NOOP("PostingsModel", "Dates")),
        ("headcount", QT_TRANSLATE_NOOP("PostingsModel", "Headcount")),
        ("filled", QT_TRANSLATE_NOOP("PostingsModel", "Filled")),
    )

    def display(self, row: PostingRow, key: str) -> Any:
        if key == "status":
            return word(POSTING_STATUS, row.status)
        if key == "flags":
            parts = []
            if row.changed:
                parts.append(QCoreApplication.translate("PostingsModel", "changed"))
            if row.missing:
                parts.append(QCoreApplication.translate("PostingsModel", "missing"))
            if getattr(row, "demo", False):
                parts.append(QCoreApplication.translate("PostingsModel", "demo"))
            return ", ".join(parts)
        if key == "occupation":
            return word(OCCUPATION, row.occupation)
        if key == "dates":
            if not row.first_date:
                return ""
            if row.first_date == row.last_date:
                return _date(row.first_date)
            return f"{_date(row.first_date)}–{_date(row.last_date)} ({row.n_dates})"
        if key == "filled":
            return f"{row.filled}/{row.headcount}"
        if key == "masked":
            return ""  # an icon (DecorationRole): the column stays narrow
        return getattr(row, key, "")

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS) \
                and self.COLUMNS[section][0] == "masked":
            if role == Qt.ItemDataRole.DisplayRole:
                return ""
            if role == Qt.ItemDataRole.DecorationRole:
                return self._masked_icon()
            if role == Qt.ItemDataRole.ToolTipRole:
                return QCoreApplication.translate("PostingsModel", "Masked")
        return super().headerData(section, orientation, role)

    _icon: QIcon | None = None

    def _masked_icon(self) -> QIcon:
        if PostingsModel._icon is None:
            PostingsModel._icon = masked_icon()
        return PostingsModel._icon

    def sort_key(self, row: PostingRow, key: str) -> Any:
        if key == "status":
            return (_STATUS_ORDER.get(row.status, 9), row.id)
        if key == "flags":
            return (not row.changed, not row.missing, row.id)
        if key == "dates":
            return (row.first_date is None, row.first_date or dt.date.min, row.last_date or dt.date.min)
        if key == "filled":
            return (row.filled - row.headcount, row.filled)
        if key in ("headcount",):
            return row.headcount
        if key == "masked":
            return row.masked
        if key == "prefecture":
            return (row.pref_code, row.prefecture)
        return str(self.display(row, key))

    def extra(self, row: PostingRow, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "status":
                return QBrush(_STATUS_COLOUR.get(row.status, QColor("black")))
            if key == "flags" and (row.changed or row.missing):
                return QBrush(QColor("#b00020") if row.missing else QColor("#0050a0"))
        if role == Qt.ItemDataRole.BackgroundRole and key == "filled" and row.headcount:
            if row.filled > row.headcount:
                return QBrush(OVER_FILLED)  # over the headcount: a warning, not the "filled" green
            if row.filled >= row.headcount:
                return QBrush(QColor("#d8f0dc"))
            if row.filled:
                return QBrush(QColor("#fff2cc"))
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("headcount", "filled"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in ("dates", "venue", "municipality"):  # elided in a narrow column: the whole text
                return self.display(row, key) or None
            if key == "flags":
                tips = []
                if row.changed:
                    tips.append(QCoreApplication.translate("PostingsModel", "Changed by the latest import"))
                if row.missing:
                    tips.append(QCoreApplication.translate("PostingsModel", "Missing from the latest full export"))
                if getattr(row, "demo", False):
                    tips.append(QCoreApplication.translate("PostingsModel", "Made-up demo data, not a real posting"))
                return "\n".join(tips) or None
            if key == "masked" and row.masked:
                return QCoreApplication.translate(
                    "PostingsModel", "Masked posting: sheets for circulation show only the masked scope")
        if role == Qt.ItemDataRole.DecorationRole and key == "masked" and row.masked:
            return self._masked_icon()
        if role == Qt.ItemDataRole.AccessibleTextRole and key == "masked" and row.masked:
            return QCoreApplication.translate("PostingsModel", "Masked")
        if role == FILL_ROLE:
            return (row.filled, row.headcount)
        return None

    def update_fill(self, posting_id: int, filled: int) -> None:
        """A placement changed: update one row's fill without a reset."""
        r = self.row_of_id(posting_id)
        if r < 0:
            return
        self._rows[r].filled = filled
        col = self.column_of("filled")
        self.dataChanged.emit(self.index(r, col), self.index(r, col))
