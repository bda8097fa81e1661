"""Recorded exports (desk.services.exports.ExportInfo): who exported what, when, with which filters."""

from __future__ import annotations

import unicodedata
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from desk.ui.models.base import RowTableModel

CTX = "ExportsModel"

#: Export kinds in words (the codes desk.services and desk.print record).
EXPORT_KIND = {
    "placements": QT_TRANSLATE_NOOP("ExportsModel", "Placement log"),
    "summary": QT_TRANSLATE_NOOP("ExportsModel", "Open headcount summary"),
    "sheet_coordinator": QT_TRANSLATE_NOOP("ExportsModel", "Candidate sheet"),
    "sheet_public": QT_TRANSLATE_NOOP("ExportsModel", "Posting sheet (public)"),
    "postings_public": QT_TRANSLATE_NOOP("ExportsModel", "Postings list (public)"),
    "postings_coordinator": QT_TRANSLATE_NOOP("ExportsModel", "Postings list (internal)"),
    "rejects": QT_TRANSLATE_NOOP("ExportsModel", "Rejected rows of an import"),
    "rank_json": QT_TRANSLATE_NOOP("ExportsModel", "Candidates (JSON output)"),
    "history": QT_TRANSLATE_NOOP("ExportsModel", "Placement history (command output)"),
    "table_personal": QT_TRANSLATE_NOOP("ExportsModel", "Window table (personal data)"),
    "table": QT_TRANSLATE_NOOP("ExportsModel", "Window table"),
    "reminders": QT_TRANSLATE_NOOP("ExportsModel", "Reminders for a day (confirmed staff)"),
    "handout": QT_TRANSLATE_NOOP("ExportsModel", "Hand-out to a partner"),
    "handout_again": QT_TRANSLATE_NOOP("ExportsModel", "Hand-out produced again"),
}
#: Kinds that carry personal data or unmasked postings: their tooltip says so.
SENSITIVE = frozenset({"placements", "sheet_coordinator", "postings_coordinator", "rejects", "rank_json", "history",
                       "table_personal", "reminders"})


def kind_word(kind: str) -> str:
    source = EXPORT_KIND.get(kind)
    return QCoreApplication.translate(CTX, source) if source else kind


def filters_text(filters: dict[str, Any]) -> str:
    """``municipality=横浜, format=csv``: the filters as recorded, empty values left out."""
    parts = []
    for key, value in filters.items():
        if value is None or value == "" or value == []:
            continue
        shown = ", ".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)
        parts.append(f"{key}={shown}")
    return "; ".join(parts)


def fold(text: str) -> str:
    """For the text filter: width and case folded (ＣＳＶ finds csv)."""
    return unicodedata.normalize("NFKC", text).casefold()


class ExportsModel(RowTableModel):
    CONTEXT = CTX
    COLUMNS = (
        ("at", QT_TRANSLATE_NOOP("ExportsModel", "When")),
        ("coordinator", QT_TRANSLATE_NOOP("ExportsModel", "Who")),
        ("kind", QT_TRANSLATE_NOOP("ExportsModel", "What")),
        ("file_name", QT_TRANSLATE_NOOP("ExportsModel", "File")),
        ("filters", QT_TRANSLATE_NOOP("ExportsModel", "Filters")),
        ("rows", QT_TRANSLATE_NOOP("ExportsModel", "Rows")),
    )

    def display(self, row: Any, key: str) -> Any:
        if key == "at":
            return row.at.astimezone().strftime("%Y-%m-%d %H:%M")
        if key == "kind":
            return kind_word(row.kind)
        if key == "filters":
            return filters_text(row.filters)
        return getattr(row, key, "")

    def sort_key(self, row: Any, key: str) -> Any:
        if key == "at":
            return (row.at, row.id)
        if key == "rows":
            return (row.rows, row.id)
        return (fold(str(self.display(row, key))), row.id)

    def search_text(self, row: Any) -> str:
        """Everything shown for ``row`` (and the kind's code), folded, for the text filter."""
        return fold(" ".join([*(str(self.display(row, k)) for k, _ in self.COLUMNS), row.kind]))

    def extra(self, row: Any, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "rows":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and key in ("file_name", "filters"):
            return str(self.display(row, key)) or None
        if role == Qt.ItemDataRole.ToolTipRole and key == "kind" and row.kind in SENSITIVE:
            return QCoreApplication.translate(
                "ExportsModel", "Holds personal data or unmasked postings: for the follow-up and the desk only")
        return None
