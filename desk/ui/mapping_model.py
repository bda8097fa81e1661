"""Table models of the import dialog: the column mapping (editable, with a combo box per row) and
the rejected rows of a preview or an import.

The mapping model holds the user's choices as overrides and asks ``desk.core.columns`` for the
rest, so a field is never mapped twice and the required fields that are still missing are known.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desk.core import columns
from desk.core.tabular_stream import HEAD_ROWS
from desk.ui.i18n import current_language

Index = QModelIndex | QPersistentModelIndex

#: Role giving a row's combo box entries: list of (field key or "", text, score or None).
ChoicesRole = Qt.ItemDataRole.UserRole + 1
#: Role giving the field key of a row ("" when the column is ignored).
FieldKeyRole = Qt.ItemDataRole.UserRole + 2

_WEAK = QColor("#b36b00")
_MISSING = QColor("#b3261e")


def field_label(kind: str, key: str) -> str:
    try:
        return columns.field_spec(kind, key).label
    except KeyError:
        return key


class MappingModel(QAbstractTableModel):
    """One row per header of the file: header, a sample value, the field it feeds, the match score."""

    HEADER, SAMPLE, FIELD, SCORE = range(4)
    mappingChanged = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.kind = "postings"
        self.headers: list[str] = []
        self.samples: list[str] = []
        self.overrides: dict[str, str] = {}
        self.result: columns.MappingResult | None = None

    # -- loading ------------------------------------------------------------------------------------

    def set_table(self, headers: Sequence[str], rows: Sequence[Sequence[str]], kind: str,
                  overrides: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self.headers = [h for h in headers if h]
        positions = [i for i, h in enumerate(headers) if h]
        self.samples = []
        for i in positions:
            sample = next((r[i] for r in rows[:HEAD_ROWS] if i < len(r) and r[i].strip()), "")
            self.samples.append(sample.strip().replace("\n", " ")[:60])
        self.kind = kind
        self.overrides = {h: f for h, f in (overrides or {}).items() if h in self.headers}
        self._remap()
        self.endResetModel()
        self.mappingChanged.emit()

    def set_kind(self, kind: str) -> None:
        """Another kind of file: the user's choices no longer apply; start from the suggestions."""
        self.beginResetModel()
        self.kind = kind
        self.overrides = {}
        self._remap()
        self.endResetModel()
        self.mappingChanged.emit()

    def apply_saved(self, saved: dict[str, str]) -> None:
        """Use a mapping saved for a source; the rest of the headers get suggestions."""
        self.beginResetModel()
        self.overrides = {h: f for h, f in saved.items() if h in self.headers}
        self._remap()
        self.endResetModel()
        self.mappingChanged.emit()

    def _remap(self) -> None:
        self.result = columns.suggest_mapping(self.headers, self.kind, self.overrides) if self.headers else None

    # -- reading ------------------------------------------------------------------------------------

    def field_of(self, header: str) -> str:
        return self.result.mapping.get(header, "") if self.result else ""

    def score_of(self, header: str) -> float | None:
        """The fuzzy score of the chosen field for this header; None when chosen by hand or ignored."""
        key = self.field_of(header)
        if not key or self.result is None:
            return None
        if self.overrides.get(header) == key:
            return None
        return next((s for f, s in self.result.suggestions.get(header, []) if f == key), None)

    def mapping(self) -> dict[str, str]:
        """Every header → its field key, "" for ignored columns: what the import will use."""
        return {h: self.field_of(h) for h in self.headers}

    def chosen_mapping(self) -> dict[str, str]:
        """Only the mapped headers (what a saved mapping holds)."""
        return {h: f for h, f in self.mapping().items() if f}

    def missing_required(self) -> list[str]:
        return list(self.result.missing_required) if self.result else []

    def choices(self, header: str) -> list[tuple[str, str, float | None]]:
        """Combo entries: ignore, then this header's suggestions best first, then every other field."""
        suggested = self.result.suggestions.get(header, []) if self.result else []
        out: list[tuple[str, str, float | None]] = [("", self.tr("(ignore this column)"), None)]
        seen = set()
        for key, score in suggested:
            out.append((key, field_label(self.kind, key), score))
            seen.add(key)
        for spec in columns.FIELDS[self.kind]:
            if spec.key not in seen:
                out.append((spec.key, spec.label, None))
        return out

    # -- Qt model -----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self.headers)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Column in the file"), self.tr("Example"), self.tr("Imported as"), self.tr("Match"))[section]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.FIELD:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.headers):
            return None
        header = self.headers[index.row()]
        col = index.column()
        if role == FieldKeyRole:
            return self.field_of(header)
        if role == ChoicesRole:
            return self.choices(header)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == self.HEADER:
                return header
            if col == self.SAMPLE:
                return self.samples[index.row()]
            if col == self.FIELD:
                key = self.field_of(header)
                return field_label(self.kind, key) if key else self.tr("(ignored)")
            if col == self.SCORE:
                key = self.field_of(header)
                if not key:
                    return ""
                score = self.score_of(header)
                return self.tr("chosen") if score is None else f"{score:.0f}%"
        if role == Qt.ItemDataRole.ForegroundRole and col == self.SCORE:
            score = self.score_of(header)
            if score is not None and score < 100:
                return QBrush(_WEAK)
        if role == Qt.ItemDataRole.ToolTipRole and col in (self.HEADER, self.FIELD):
            sugg = self.result.suggestions.get(header, []) if self.result else []
            if sugg:
                return self.tr("Closest fields: %1").replace(
                    "%1", ", ".join(f"{field_label(self.kind, k)} {s:.0f}%" for k, s in sugg)
                )
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != self.FIELD or role not in (Qt.ItemDataRole.EditRole, FieldKeyRole):
            return False
        header = self.headers[index.row()]
        key = str(value or "")
        if key and key not in {s.key for s in columns.FIELDS[self.kind]}:
            return False
        if key == self.field_of(header) and header in self.overrides:
            return True
        # A field feeds one column: whoever had it by hand gives it up.
        for other, fld in list(self.overrides.items()):
            if fld == key and other != header and key:
                del self.overrides[other]
        self.overrides[header] = key
        self._remap()
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.headers) - 1, 3))
        self.mappingChanged.emit()
        return True


class FieldDelegate(QStyledItemDelegate):
    """A combo box of fields for the "imported as" column; the choice is committed at once."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("fieldCombo")
        combo.setFrame(False)
        self._fill(combo, index)
        combo.activated.connect(self._activated)
        return combo

    def _fill(self, combo: QComboBox, index: Index) -> None:
        combo.blockSignals(True)
        combo.clear()
        for key, text, score in index.data(ChoicesRole) or []:
            label = f"{text}  ({score:.0f}%)" if score is not None else text
            combo.addItem(label, key)
        combo.setCurrentIndex(max(0, combo.findData(index.data(FieldKeyRole) or "")))
        combo.blockSignals(False)

    def _activated(self, _index: int) -> None:
        combo = self.sender()
        if isinstance(combo, QComboBox):
            self.commitData.emit(combo)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            self._fill(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class RejectsModel(QAbstractTableModel):
    """The rows an import would reject (or rejected): file row, column, value, reason."""

    ROW, COLUMN, VALUE, REASON = range(4)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rejects: list[Any] = []

    def set_rejects(self, rejects: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rejects = list(rejects)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rejects)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Row"), self.tr("Column"), self.tr("Value"), self.tr("Reason"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rejects):
            return None
        reject = self.rejects[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            reason = getattr(reject, "reason_ja", reject.reason) if current_language() == "ja" else reject.reason
            value = (reject.row, reject.column, reject.value, reason)[col]
            return value if col == self.ROW and role == Qt.ItemDataRole.DisplayRole else str(value)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.REASON:
            return QBrush(_MISSING)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
