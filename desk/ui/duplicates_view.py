"""The duplicates review list: candidate pairs of registrants, both records side by side with the
differing fields highlighted, and merge / not the same person / undo.

Every call goes through the facade (``desk.app.PersonsApi``) on ``desk.ui.runner.Runner``, off the
GUI thread. Clicking a value in the A or B column picks that record's value for the field (the
merge otherwise keeps the newest value per field).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desk.app.persons import DEFAULT_SOURCE, PersonRefused, ReviewPair
from desk.ui.errors import plain_message
from desk.ui.labels import OCCUPATION, REGISTRANT_STATE, word
from desk.ui.models.base import RowTableModel
from desk.ui.tables import RefreshWhenShown, data_table

FIELD_LABELS: dict[str, str] = {
    "name": QT_TRANSLATE_NOOP("DuplicatesView", "Name"),
    "name_kana": QT_TRANSLATE_NOOP("DuplicatesView", "Reading"),
    "birth_year": QT_TRANSLATE_NOOP("DuplicatesView", "Birth year"),
    "gender": QT_TRANSLATE_NOOP("DuplicatesView", "Gender"),
    "occupation": QT_TRANSLATE_NOOP("DuplicatesView", "Occupation"),
    "licence_no": QT_TRANSLATE_NOOP("DuplicatesView", "Licence number"),
    "phone": QT_TRANSLATE_NOOP("DuplicatesView", "Phone"),
    "email": QT_TRANSLATE_NOOP("DuplicatesView", "E-mail"),
    "home_prefecture": QT_TRANSLATE_NOOP("DuplicatesView", "Prefecture"),
    "home_city": QT_TRANSLATE_NOOP("DuplicatesView", "City"),
    "specialty": QT_TRANSLATE_NOOP("DuplicatesView", "Specialty"),
    "registered_on": QT_TRANSLATE_NOOP("DuplicatesView", "Registered on"),
    "state": QT_TRANSLATE_NOOP("DuplicatesView", "State"),
    "notes": QT_TRANSLATE_NOOP("DuplicatesView", "Notes"),
}
#: Fields a merge does not choose (they stay with each record): shown, not pickable.
_NOT_PICKABLE = frozenset({"occupation", "registered_on", "state"})
DIFFERS = QColor(255, 228, 196)


def _tr(text: str) -> str:
    return QCoreApplication.translate("DuplicatesView", text)


# Fields whose stored value is a code, shown in the words used everywhere else.
_VALUE_WORDS = {"occupation": OCCUPATION, "state": REGISTRANT_STATE}


class PairsModel(RowTableModel):
    CONTEXT = "DuplicatesView"
    COLUMNS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("score", QT_TRANSLATE_NOOP("DuplicatesView", "Score")),
        ("a", QT_TRANSLATE_NOOP("DuplicatesView", "Record A")),
        ("b", QT_TRANSLATE_NOOP("DuplicatesView", "Record B")),
        ("reasons", QT_TRANSLATE_NOOP("DuplicatesView", "Reasons")),
    )

    def row_id(self, row: Any) -> int:
        return hash((row.a, row.b))

    def display(self, row: ReviewPair, key: str) -> Any:
        if key == "score":
            return f"{row.score:.2f}"
        if key == "reasons":
            return "、".join(row.reasons)
        value = str(getattr(row, key))
        # The default source goes without saying (one registry): R21-000520, not default:R21-000520.
        return value.removeprefix(f"{DEFAULT_SOURCE}:")

    def sort_key(self, row: ReviewPair, key: str) -> Any:
        return row.score if key == "score" else self.display(row, key)


@dataclass(frozen=True)
class _FieldRow:
    field: str
    a: str
    b: str

    @property
    def differs(self) -> bool:
        return self.a != self.b


class CompareModel(RowTableModel):
    """One row per field: the label, record A's value, record B's value; differing rows coloured,
    the value picked for the merge checked."""

    CONTEXT = "DuplicatesView"
    COLUMNS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("field", QT_TRANSLATE_NOOP("DuplicatesView", "Field")),
        ("a", QT_TRANSLATE_NOOP("DuplicatesView", "Record A")),
        ("b", QT_TRANSLATE_NOOP("DuplicatesView", "Record B")),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.picks: dict[str, str] = {}  # field → "a" | "b"

    def set_pair(self, pair: ReviewPair | None) -> None:
        self.picks = {}
        self.set_rows([] if pair is None else [
            _FieldRow(f, x, y) for f, x, y in zip(pair.fields, pair.a_values, pair.b_values, strict=True)])

    def row_id(self, row: Any) -> int:
        return hash(row.field)

    def display(self, row: _FieldRow, key: str) -> Any:
        if key == "field":
            return _tr(FIELD_LABELS.get(row.field, row.field))
        value = getattr(row, key)
        words = _VALUE_WORDS.get(row.field)
        return word(words, value) if words is not None and value else value  # 医師, 有効: one word everywhere

    def sort_key(self, row: _FieldRow, key: str) -> Any:
        return self.display(row, key)

    def extra(self, row: _FieldRow, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and row.differs:
            return QBrush(DIFFERS)
        if role == Qt.ItemDataRole.FontRole and row.differs:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.CheckStateRole and key in ("a", "b") and row.field in self.picks:
            return Qt.CheckState.Checked if self.picks[row.field] == key else Qt.CheckState.Unchecked
        return None

    def toggle_pick(self, index: QModelIndex) -> None:
        row = self.row_at(index.row())
        key = self.column_key(index.column())
        if row is None or key not in ("a", "b") or not row.differs or row.field in _NOT_PICKABLE:
            return
        if self.picks.get(row.field) == key:
            del self.picks[row.field]
        else:
            self.picks[row.field] = key
        self.dataChanged.emit(self.index(index.row(), 1), self.index(index.row(), 2))


class DuplicatesView(RefreshWhenShown, QWidget):
    """The review list tab. ``app`` is the facade (a PersonsApi), ``runner`` a desk.ui.runner.Runner."""

    #: A merge or unmerge changed who is one person: the registry and ranking must reload.
    persons_changed = Signal()

    def __init__(self, app: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatesView")
        self.app, self.runner = app, runner
        self._undo: list[tuple[str, str, str]] = []  # ("merge", person, "") | ("dismiss", a, b)
        self._note = ""  # what the last action did, shown with the reloaded list
        self.pairs = PairsModel(self)
        self.compare = CompareModel(self)
        self.pairs_table = data_table("duplicatePairs", self.pairs, self)
        self.compare_table = data_table("duplicateCompare", self.compare, self)
        self.compare_table.setSortingEnabled(False)
        self.compare_table.clicked.connect(self.compare.toggle_pick)
        self.pairs_table.selectionModel().currentRowChanged.connect(self._pair_changed)

        self.merge_button = QPushButton(self.tr("Merge into one person"))
        self.merge_button.setToolTip(self.tr("Newest value per field, or the values you ticked"))
        self.not_same_button = QPushButton(self.tr("Not the same person"))
        self.undo_button = QPushButton(self.tr("Undo"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.status = QLabel()
        self.status.setObjectName("duplicatesStatus")
        self.status.setWordWrap(True)
        self.merge_button.clicked.connect(self.merge_current)
        self.not_same_button.clicked.connect(self.dismiss_current)
        self.undo_button.clicked.connect(self.undo_last)
        self.refresh_button.clicked.connect(self.refresh)

        buttons = QHBoxLayout()
        for b in (self.merge_button, self.not_same_button, self.undo_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        rlay.addWidget(QLabel(self.tr("Click a value to keep it in the merged record; coloured rows differ.")))
        rlay.addWidget(self.compare_table)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("duplicatesSplitter")
        split.addWidget(self.pairs_table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._update_buttons()

    # ---- loading
    def mark_stale_quietly(self) -> None:
        """After an import: look again when next shown (a scan of a large registry takes seconds)."""
        self.stale = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.refresh_if_stale()

    def refresh(self) -> None:
        self.stale = False
        self.status.setText(self.tr("Looking for duplicates…"))
        self.runner.run(self.app.duplicate_pairs, on_result=self._loaded, on_error=self._failed)

    def _loaded(self, pairs: list[ReviewPair]) -> None:
        self.pairs.set_rows(pairs)
        count = self.tr("Pairs to review: %1").replace("%1", str(len(pairs)))
        self.status.setText(f"{self._note} {count}" if self._note else count)
        self._note = ""
        if pairs:
            self.pairs_table.selectRow(0)
        else:
            self.compare.set_pair(None)
        self._update_buttons()

    def current_pair(self) -> ReviewPair | None:
        index = self.pairs_table.currentIndex()
        return self.pairs.row_at(index.row()) if index.isValid() else None

    def _pair_changed(self, *_args: Any) -> None:
        self.compare.set_pair(self.current_pair())
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.current_pair() is not None
        self.merge_button.setEnabled(has)
        self.not_same_button.setEnabled(has)
        self.undo_button.setEnabled(bool(self._undo))

    # ---- actions
    def merge_current(self) -> None:
        pair = self.current_pair()
        if pair is None:
            return
        picks = {f: (pair.a if side == "a" else pair.b) for f, side in self.compare.picks.items()}
        self.runner.run(self.app.merge_persons, pair.a, pair.b, None, picks or None,
                        on_result=self._merged, on_error=self._failed)

    def _merged(self, result: Any) -> None:
        self._undo.append(("merge", result.person, ""))
        self._note = self.tr("Merged %1 into %2.").replace("%1", result.merged).replace("%2", result.person)
        self.persons_changed.emit()
        self.refresh()

    def dismiss_current(self) -> None:
        pair = self.current_pair()
        if pair is None:
            return
        self.runner.run(self.app.dismiss_pair, pair.a, pair.b,
                        on_result=lambda _r: self._dismissed(pair), on_error=self._failed)

    def _dismissed(self, pair: ReviewPair) -> None:
        self._undo.append(("dismiss", pair.a, pair.b))
        self._note = (self.tr("%1 and %2: not the same person; not proposed again.")
                      .replace("%1", pair.a).replace("%2", pair.b))
        self.refresh()

    def undo_last(self) -> None:
        if not self._undo:
            return
        kind, x, y = self._undo.pop()
        if kind == "merge":
            self.runner.run(self.app.unmerge_person, x, on_result=self._unmerged, on_error=self._failed)
        else:
            self.runner.run(self.app.undismiss_pair, x, y, on_result=lambda _r: self.refresh(), on_error=self._failed)
        self._update_buttons()

    def _unmerged(self, result: Any) -> None:
        self._note = self.tr("Unmerged: %1 apart again.").replace("%1", "、".join([result.person, *result.restored]))
        self.persons_changed.emit()
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, PersonRefused):
            words = {"double_booking": self.tr("Both records are confirmed on overlapping slots; cancel one booking first."),
                     "not_found": self.tr("No such registrant."),
                     "ambiguous": self.tr("That 登録ID is in several sources; name it as SOURCE:登録ID.")}
            lead = words.get(getattr(exc, "code", ""), self.tr("The merge was refused."))
            self.status.setText(f"{lead} ({exc})")
        else:
            self.status.setText(plain_message(exc))
        self._update_buttons()
