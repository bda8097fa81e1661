"""Placement log events (desk.services.placements.EventRow), newest first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from desk.ui.labels import PLACEMENT_STATE, word
from desk.ui.models.base import RowTableModel


class EventsModel(RowTableModel):
    CONTEXT = "EventsModel"
    COLUMNS = (
        ("id", QT_TRANSLATE_NOOP("EventsModel", "#")),
        ("at", QT_TRANSLATE_NOOP("EventsModel", "When")),
        ("posting_source_id", QT_TRANSLATE_NOOP("EventsModel", "Posting")),
        ("registrant_source_id", QT_TRANSLATE_NOOP("EventsModel", "Registrant ID")),
        ("registrant_name", QT_TRANSLATE_NOOP("EventsModel", "Name")),
        ("change", QT_TRANSLATE_NOOP("EventsModel", "Change")),
        ("slots", QT_TRANSLATE_NOOP("EventsModel", "Slots")),
        ("coordinator", QT_TRANSLATE_NOOP("EventsModel", "Coordinator")),
        ("note", QT_TRANSLATE_NOOP("EventsModel", "Note")),
    )

    def display(self, row: Any, key: str) -> Any:
        if key == "at":
            return row.at.astimezone().strftime("%Y-%m-%d %H:%M")
        if key == "change":
            old = word(PLACEMENT_STATE, row.old_state.value if row.old_state else None) or "—"
            text = f"{old} → {word(PLACEMENT_STATE, row.new_state.value)}"
            if row.undoes_event_id:
                text += " " + QCoreApplication.translate("EventsModel", "(undo of #%1)").replace(
                    "%1", str(row.undoes_event_id))
            return text
        if key == "slots":
            labels = [s.label for s in row.slots]
            return ", ".join(labels[:3]) + (f" +{len(labels) - 3}" if len(labels) > 3 else "")
        return getattr(row, key, "")

    def sort_key(self, row: Any, key: str) -> Any:
        if key in ("id", "at"):
            return row.id
        return str(self.display(row, key))

    def extra(self, row: Any, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and row.undoes_event_id:
            return QBrush(QColor("#777777"))
        if role == Qt.ItemDataRole.ToolTipRole and key == "slots":
            return "\n".join(s.label for s in row.slots) or None
        return None
