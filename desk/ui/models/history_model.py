"""A registrant's placements (newest first) for the registrant pane."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from desk.ui.labels import OCCUPATION, PLACEMENT_STATE, word
from desk.ui.models.base import RowTableModel


def _local(at: dt.datetime) -> dt.datetime:
    """Stored UTC (naive) shown in local time."""
    return at.replace(tzinfo=dt.UTC).astimezone()


class HistoryModel(RowTableModel):
    CONTEXT = "HistoryModel"
    COLUMNS = (
        ("at", QT_TRANSLATE_NOOP("HistoryModel", "Updated")),
        ("state", QT_TRANSLATE_NOOP("HistoryModel", "State")),
        ("posting_source_id", QT_TRANSLATE_NOOP("HistoryModel", "Posting")),
        ("municipality", QT_TRANSLATE_NOOP("HistoryModel", "Municipality")),
        ("venue", QT_TRANSLATE_NOOP("HistoryModel", "Venue")),
        ("occupation", QT_TRANSLATE_NOOP("HistoryModel", "Occupation")),
        ("steps", QT_TRANSLATE_NOOP("HistoryModel", "Steps")),
    )

    def row_id(self, row: dict[str, Any]) -> int:
        return int(row.get("placement_id", 0))

    def display(self, row: dict[str, Any], key: str) -> Any:
        value = row.get(key)
        if key == "state":
            return word(PLACEMENT_STATE, value)
        if key == "occupation":
            return word(OCCUPATION, value)
        if key == "steps":  # 提案 6/1 → 連絡済 6/2 → 承諾 6/3
            return " → ".join(f"{word(PLACEMENT_STATE, st)} {_local(at):%m/%d}".replace(" 0", " ").replace("/0", "/")
                              for st, at in value or ())
        if isinstance(value, dt.datetime):
            return _local(value).strftime("%Y-%m-%d %H:%M")
        return "" if value is None else value

    def sort_key(self, row: dict[str, Any], key: str) -> Any:
        return str(row.get(key) or "")
