"""The ranked candidates of one posting, and the registrants ranking left out (with why)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from desk.ui.labels import COMPONENT, PLACEMENT_STATE, word
from desk.ui.models.base import RowTableModel

COMPONENTS_ROLE = Qt.ItemDataRole.UserRole + 20  # dict[str, float] of score parts (0..1 each)
SCORE_ROLE = Qt.ItemDataRole.UserRole + 21  # float 0..1
REASONS_ROLE = Qt.ItemDataRole.UserRole + 22  # list[str]


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


class CandidatesModel(RowTableModel):
    CONTEXT = "CandidatesModel"
    COLUMNS = (
        ("rank", QT_TRANSLATE_NOOP("CandidatesModel", "#")),
        ("score", QT_TRANSLATE_NOOP("CandidatesModel", "Score")),
        ("name", QT_TRANSLATE_NOOP("CandidatesModel", "Name")),
        ("name_kana", QT_TRANSLATE_NOOP("CandidatesModel", "Reading")),
        ("placement", QT_TRANSLATE_NOOP("CandidatesModel", "Placement")),
        ("contact", QT_TRANSLATE_NOOP("CandidatesModel", "Last contact")),
        ("phone", QT_TRANSLATE_NOOP("CandidatesModel", "Phone")),
        ("reasons", QT_TRANSLATE_NOOP("CandidatesModel", "Why")),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rank: dict[int, int] = {}
        self._states: dict[int, str] = {}
        self._contacts: dict[str, tuple[str, int]] = {}  # 登録ID → (last contact, tries on this posting)

    def set_contacts(self, contacts: dict[str, tuple[str, int]]) -> None:
        """Each candidate's last contact in a few words and how often this posting tried them."""
        self._contacts = dict(contacts)
        if self._rows:
            col = self.column_of("contact")
            self.dataChanged.emit(self.index(0, col), self.index(len(self._rows) - 1, col))

    def set_candidates(self, candidates: list[Any], states: dict[int, str] | None = None) -> None:
        self._rank = {id(c): i + 1 for i, c in enumerate(candidates)}
        self._states = dict(states or {})
        self.set_rows(candidates)

    def set_states(self, states: dict[int, str]) -> None:
        self._states = dict(states)
        if self._rows:
            col = self.column_of("placement")
            self.dataChanged.emit(self.index(0, col), self.index(len(self._rows) - 1, col))

    def state_of(self, registrant_id: int) -> str | None:
        return self._states.get(registrant_id)

    def row_id(self, row: Any) -> int:
        return int(_get(row, "registrant_id", 0))

    def display(self, row: Any, key: str) -> Any:
        if key == "rank":
            return self._rank.get(id(row), 0)
        if key == "score":
            return f"{100 * float(_get(row, 'score', 0.0)):.0f}"
        if key == "placement":
            return word(PLACEMENT_STATE, self._states.get(self.row_id(row)))
        if key == "contact":
            text, tries = self._contacts.get(str(_get(row, "source_id", "")), ("", 0))
            return f"{text} ({tries})" if tries else text
        if key == "reasons":
            return " / ".join(str(r) for r in (_get(row, "reasons") or [])[:3])
        value = _get(row, key, "")
        return "" if value is None else value

    def sort_key(self, row: Any, key: str) -> Any:
        if key in ("rank", "score"):
            return -float(_get(row, "score", 0.0)) if key == "score" else self._rank.get(id(row), 0)
        return str(self.display(row, key))

    def extra(self, row: Any, key: str, role: int) -> Any:
        if role == COMPONENTS_ROLE:
            return dict(_get(row, "components") or {})
        if role == SCORE_ROLE:
            return float(_get(row, "score", 0.0))
        if role == REASONS_ROLE:
            return [str(r) for r in (_get(row, "reasons") or [])]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("rank", "score"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def tooltip(self, row: Any) -> str:
        score = QCoreApplication.translate("CandidatesModel", "Score")
        lines = [f"<b>{_get(row, 'name', '')}</b> — {score} {100 * float(_get(row, 'score', 0.0)):.0f}"]
        comps = _get(row, "components") or {}
        for k in COMPONENT:
            if k in comps:
                lines.append(f"{word(COMPONENT, k)}: {100 * float(comps[k]):.0f}%")
        reasons = _get(row, "reasons") or []
        if reasons:
            lines.append("<ul>" + "".join(f"<li>{r}</li>" for r in reasons) + "</ul>")
        return "<br>".join(lines)


class ExcludedModel(RowTableModel):
    CONTEXT = "CandidatesModel"
    COLUMNS = (
        ("name", QT_TRANSLATE_NOOP("CandidatesModel", "Name")),
        ("source_id", QT_TRANSLATE_NOOP("CandidatesModel", "Registrant ID")),
        ("reason", QT_TRANSLATE_NOOP("CandidatesModel", "Why excluded")),
    )

    def row_id(self, row: Any) -> int:
        return int(_get(row, "registrant_id", 0))

    def display(self, row: Any, key: str) -> Any:
        value = _get(row, key, "")
        return "" if value is None else value

    def extra(self, row: Any, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and key == "reason":
            return str(_get(row, "reason", ""))
        return None
