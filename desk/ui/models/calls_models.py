"""Tables of the calling day: one registrant's call attempts and notes, the call-backs due, and the
placements to call again after a posting changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from desk.ui.labels import PLACEMENT_STATE, word
from desk.ui.models.base import RowTableModel

#: The outcomes' words (codes from desk.core.calls.Outcome).
OUTCOME = {
    "no_answer": QT_TRANSLATE_NOOP("Labels", "No answer"),
    "voicemail": QT_TRANSLATE_NOOP("Labels", "Voicemail left"),
    "callback": QT_TRANSLATE_NOOP("Labels", "Call back"),
    "wrong_number": QT_TRANSLATE_NOOP("Labels", "Wrong number"),
    "busy": QT_TRANSLATE_NOOP("Labels", "Busy"),
}


def _when(value: dt.datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else ""


class ContactsModel(RowTableModel):
    CONTEXT = "CallsModels"
    COLUMNS = (
        ("at", QT_TRANSLATE_NOOP("CallsModels", "When")),
        ("posting", QT_TRANSLATE_NOOP("CallsModels", "Posting")),
        ("what", QT_TRANSLATE_NOOP("CallsModels", "Call / note")),
        ("coordinator", QT_TRANSLATE_NOOP("CallsModels", "By")),
        ("note", QT_TRANSLATE_NOOP("CallsModels", "Note")),
    )

    def row_id(self, row: Any) -> int:
        return int(row.id)

    def display(self, row: Any, key: str) -> Any:
        if key == "at":
            return _when(row.at)
        if key == "posting":
            return row.posting_source_id
        if key == "what":
            if row.outcome is None:
                return QCoreApplication.translate("CallsModels", "Note")
            text = word(OUTCOME, row.outcome.value)
            return f"{text} → {_when(row.callback_at)}" if row.callback_at else text
        return getattr(row, key, "")


class CallbacksModel(RowTableModel):
    CONTEXT = "CallsModels"
    COLUMNS = (
        ("callback_at", QT_TRANSLATE_NOOP("CallsModels", "Call back at")),
        ("name", QT_TRANSLATE_NOOP("CallsModels", "Name")),
        ("phone", QT_TRANSLATE_NOOP("CallsModels", "Phone")),
        ("posting", QT_TRANSLATE_NOOP("CallsModels", "Posting")),
        ("set_by", QT_TRANSLATE_NOOP("CallsModels", "By")),
        ("note", QT_TRANSLATE_NOOP("CallsModels", "Note")),
    )

    def row_id(self, row: Any) -> int:
        return int(row.contact_id)

    def display(self, row: Any, key: str) -> Any:
        if key == "callback_at":
            return _when(row.callback_at)
        if key == "name":
            return f"{row.registrant_name} ({row.registrant_source_id})"
        if key == "posting":
            return f"{row.posting_source_id} {row.venue} {row.municipality}".strip()
        return getattr(row, key, "")

    def extra(self, row: Any, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue:
            return QBrush(QColor("#b00020"))
        return None


class RecontactModel(RowTableModel):
    CONTEXT = "CallsModels"
    COLUMNS = (
        ("posting", QT_TRANSLATE_NOOP("CallsModels", "Posting")),
        ("name", QT_TRANSLATE_NOOP("CallsModels", "Name")),
        ("phone", QT_TRANSLATE_NOOP("CallsModels", "Phone")),
        ("state", QT_TRANSLATE_NOOP("CallsModels", "State")),
        ("what", QT_TRANSLATE_NOOP("CallsModels", "What changed")),
    )

    def row_id(self, row: Any) -> int:
        return int(row.id)

    def display(self, row: Any, key: str) -> Any:
        if key == "posting":
            return f"{row.posting_source_id} {row.venue}".strip()
        if key == "name":
            return f"{row.registrant_name} ({row.registrant_source_id})"
        if key == "state":
            return word(PLACEMENT_STATE, row.state.value)
        return getattr(row, key, "")
