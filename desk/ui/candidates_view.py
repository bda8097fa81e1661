"""The candidates pane: the selected posting, the filter bar, the ranked list with score bars, the
registrants left out (toggle) and why, and the placement action buttons."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk.ui.labels import COMPONENT, word
from desk.ui.models.base import ID_ROLE
from desk.ui.models.candidates_model import COMPONENTS_ROLE, REASONS_ROLE, CandidatesModel, ExcludedModel
from desk.ui.score_delegate import COLOURS, ScoreBarDelegate, ScoreLegend

#: Filter fields and the prefix each one writes into the query (desk.core.filters syntax).
FIELDS = (("region", "地域:"), ("name", "名前:"), ("specialty", "科:"), ("day", "日:"), ("text", ""))


#: Why registrants are left out (desk.core.ranking.EXCLUSIONS), as counted above the excluded list.
EXCLUSION_WORDS = {
    "state_paused": QT_TRANSLATE_NOOP("CandidatesPane", "paused"),
    "state_withdrawn": QT_TRANSLATE_NOOP("CandidatesPane", "withdrawn"),
    "occupation": QT_TRANSLATE_NOOP("CandidatesPane", "not qualified"),
    "no_overlap": QT_TRANSLATE_NOOP("CandidatesPane", "no matching day or time"),
    "booked": QT_TRANSLATE_NOOP("CandidatesPane", "booked elsewhere"),
}


def compose_query(values: dict[str, str]) -> str:
    """Join the separate filter fields into one query in the filter syntax."""
    parts = []
    for key, prefix in FIELDS:
        for word_ in (values.get(key) or "").split():
            parts.append(f"{prefix}{word_}")
    return " ".join(parts)


def _table(name: str) -> QTableView:
    t = QTableView()
    t.setObjectName(name)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setSortingEnabled(True)
    t.setWordWrap(False)
    t.setAlternatingRowColors(True)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 10)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    return t


class CandidatesPane(QWidget):
    candidate_selected = Signal(int)  # registrant id, 0 for none
    filter_changed = Signal(str)  # the query, after a short pause in typing
    excluded_toggled = Signal(bool)
    more_excluded = Signal(int)  # the next page of the excluded list is wanted, from this offset

    def __init__(self, parent: QWidget | None = None, weights: dict[str, float] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("candidatesPane")
        self.header = QLabel(self.tr("Select a posting to see its candidates."))
        self.header.setObjectName("postingHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("candidatesFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText(self.tr("Filter candidates, e.g. 地域:横浜 名前:やまだ 科:内科 日:土 メモ:英語"))
        self.filter_edit.setToolTip(self.tr(
            "Words must all match. Prefixes narrow a word to one field: 地域: region, 名前: name or reading, "
            "科: specialty, 職種: occupation, 日: date or weekday, メモ: notes."))
        self.fields_button = QToolButton()
        self.fields_button.setText(self.tr("Fields"))
        self.fields_button.setCheckable(True)
        self.excluded_button = QPushButton(self.tr("Show excluded"))
        self.excluded_button.setObjectName("excludedToggle")
        self.excluded_button.setCheckable(True)
        self.count_label = QLabel()
        #: "絞り込み: …" whenever the list is narrowed, so a leftover filter is never a surprise.
        self.filter_note = QLabel()
        self.filter_note.setObjectName("filterNote")
        self.filter_note.setStyleSheet("color: #8a5a00;")
        self.filter_note.setWordWrap(True)
        self.filter_note.setVisible(False)

        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.fields_button)
        bar.addWidget(self.excluded_button)
        bar.addWidget(self.count_label)

        self.fields_box = QWidget()
        grid = QGridLayout(self.fields_box)
        grid.setContentsMargins(0, 0, 0, 0)
        names = {"region": self.tr("Region"), "name": self.tr("Name / reading"), "specialty": self.tr("Specialty"),
                 "day": self.tr("Date / weekday"), "text": self.tr("Free text")}
        self.field_edits: dict[str, QLineEdit] = {}
        for col, (key, _prefix) in enumerate(FIELDS):
            edit = QLineEdit()
            edit.setObjectName(f"field_{key}")
            edit.setPlaceholderText(names[key])
            edit.textEdited.connect(self._fields_edited)
            self.field_edits[key] = edit
            grid.addWidget(edit, 0, col)
        self.fields_box.setVisible(False)
        self.fields_button.toggled.connect(self.fields_box.setVisible)

        self.model = CandidatesModel(self)
        self.excluded_model = ExcludedModel(self)
        self.table = _table("candidatesTable")
        self.table.setModel(self.model)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # best first
        self.delegate = ScoreBarDelegate(self.table, weights)
        self.table.setItemDelegateForColumn(self.model.column_of("score"), self.delegate)
        hh = self.table.horizontalHeader()
        for key, width in (("rank", 36), ("score", 140), ("name", 110), ("name_kana", 120),
                           ("placement", 70), ("phone", 110)):
            hh.resizeSection(self.model.column_of(key), width)
        self.excluded_table = _table("excludedTable")
        self.excluded_table.setModel(self.excluded_model)
        self.excluded_table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # nearest first, as ranked
        self.excluded_table.horizontalHeader().resizeSection(0, 140)
        self.excluded_table.horizontalHeader().resizeSection(1, 100)
        # The excluded: counted by reason, listed a page at a time (a million registrants would be a
        # million rows); "さらに表示" asks for the next page.
        self.excluded_counts = QLabel()
        self.excluded_counts.setObjectName("excludedCounts")
        self.excluded_counts.setWordWrap(True)
        self.more_button = QPushButton()
        self.more_button.setObjectName("excludedMore")
        self.more_button.setVisible(False)
        self.more_button.clicked.connect(self._want_more)
        self._total_excluded = 0
        excluded_box = QWidget()
        box = QVBoxLayout(excluded_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.excluded_counts)
        box.addWidget(self.excluded_table, 1)
        box.addWidget(self.more_button)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(excluded_box)

        self.reasons = QTextBrowser()
        self.reasons.setObjectName("reasonsPanel")
        self.reasons.setOpenLinks(False)
        self.side = QSplitter(Qt.Orientation.Horizontal)
        self.side.setObjectName("candidatesSplitter")
        self.side.addWidget(self.stack)
        self.side.addWidget(self.reasons)
        self.side.setStretchFactor(0, 3)
        self.side.setStretchFactor(1, 1)

        self.actions_bar = QHBoxLayout()
        self.actions_label = QLabel(self.tr("Actions:"))
        self.actions_bar.addWidget(self.actions_label)
        self.actions_bar.addStretch(1)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.header)
        lay.addLayout(bar)
        lay.addWidget(self.filter_note)
        lay.addWidget(self.fields_box)
        lay.addWidget(self.side, 1)
        legend_row = QHBoxLayout()
        legend_row.addWidget(ScoreLegend())
        lay.addLayout(legend_row)
        lay.addLayout(self.actions_bar)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(lambda: self.filter_changed.emit(self.filter_edit.text().strip()))
        self.filter_edit.textChanged.connect(lambda _t: self._timer.start())
        self.filter_edit.textChanged.connect(self._show_filter_note)
        self.excluded_button.toggled.connect(self._toggle_excluded)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.excluded_table.selectionModel().currentRowChanged.connect(self._on_current)

    # ---- content
    def set_weights(self, weights: dict[str, float]) -> None:
        self.delegate.weights = dict(weights)
        self.table.viewport().update()

    def set_header(self, html: str) -> None:
        self.header.setText(html)

    def set_result(self, candidates: list[Any], excluded: list[Any], states: dict[int, str] | None = None,
                   total: int | None = None, total_excluded: int | None = None,
                   excluded_counts: dict[str, int] | None = None) -> None:
        """Show a ranking: the candidates, the first page of the excluded (``total_excluded`` in all,
        ``excluded_counts`` by reason code)."""
        keep = self.current_id()
        self.model.set_candidates(candidates, states)
        self.excluded_model.set_rows(excluded)
        total = len(candidates) if total is None else total
        total_excluded = len(excluded) if total_excluded is None else total_excluded
        self._total_excluded = total_excluded
        counts = excluded_counts or {}
        self.excluded_counts.setText(" · ".join(
            f"{QCoreApplication.translate('CandidatesPane', EXCLUSION_WORDS.get(code, code))} {n:,}"
            for code, n in counts.items() if n))
        self.excluded_counts.setVisible(bool(counts))
        self._show_more_button()
        self.excluded_button.setText(self.tr("Show excluded (%1)").replace("%1", f"{total_excluded:,}"))
        self.count_label.setText(self.tr("%1 candidates").replace("%1", f"{total:,}"))
        if not (keep and self.select_id(keep)):
            self.reasons.clear()
            self.candidate_selected.emit(0)

    def add_excluded(self, rows: list[Any]) -> None:
        """The next page of the excluded list, appended below the rows already shown."""
        self.excluded_model.add_rows(rows)
        self._show_more_button()

    def _show_more_button(self) -> None:
        left = self._total_excluded - self.excluded_model.rowCount()
        self.more_button.setText(self.tr("Show more (%1 more)").replace("%1", f"{left:,}"))
        self.more_button.setVisible(left > 0)
        self.more_button.setEnabled(True)

    def _want_more(self) -> None:
        self.more_button.setEnabled(False)  # until the page arrives
        self.more_excluded.emit(self.excluded_model.rowCount())

    def clear(self, message: str = "") -> None:
        self.set_result([], [])
        self.count_label.setText("")
        self.excluded_button.setText(self.tr("Show excluded"))
        if message:
            self.reasons.setHtml(f"<p>{message}</p>")

    def set_states(self, states: dict[int, str]) -> None:
        self.model.set_states(states)

    def current_table(self) -> QTableView:
        return self.excluded_table if self.excluded_button.isChecked() else self.table

    def current_id(self) -> int:
        idx = self.current_table().currentIndex()
        return int(idx.data(ID_ROLE) or 0) if idx.isValid() else 0

    def select_id(self, registrant_id: int) -> bool:
        table = self.current_table()
        model = table.model()
        assert isinstance(model, CandidatesModel | ExcludedModel)
        row = model.row_of_id(registrant_id)
        if row < 0:
            return False
        idx = model.index(row, 0)
        table.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        table.scrollTo(idx)
        return True

    def set_actions(self, buttons: list[QPushButton]) -> None:
        while self.actions_bar.count() > 2:
            item = self.actions_bar.takeAt(1)
            w = item.widget() if item else None
            if w is not None:
                w.setParent(None)
                w.deleteLater()
        for i, b in enumerate(buttons):
            self.actions_bar.insertWidget(1 + i, b)

    def set_filter_silently(self, text: str) -> None:
        """Show ``text`` as the filter without asking for a new ranking (another posting is being shown)."""
        self._timer.stop()
        self.filter_edit.blockSignals(True)
        self.filter_edit.setText(text)
        self.filter_edit.blockSignals(False)
        for edit in self.field_edits.values():
            edit.clear()
        self._show_filter_note(text)

    def show_no_match(self, closest: str) -> None:
        """The filter left nobody: say 該当なし, with the closest registrant when one is known."""
        text = self.tr("No match (該当なし).")
        if closest:
            text += " " + self.tr("Closest: %1").replace("%1", closest)
        self.reasons.setHtml(f"<p><b>{html.escape(text)}</b></p>")
        self.count_label.setText(self.tr("No match (該当なし)"))

    # ---- behaviour
    def _show_filter_note(self, text: str) -> None:
        text = text.strip()
        self.filter_note.setText(self.tr("Filtered: %1").replace("%1", text) if text else "")
        self.filter_note.setVisible(bool(text))
    def _fields_edited(self, _text: str) -> None:
        self.filter_edit.setText(compose_query({k: e.text() for k, e in self.field_edits.items()}))

    def _toggle_excluded(self, on: bool) -> None:
        self.stack.setCurrentIndex(1 if on else 0)
        self.excluded_toggled.emit(on)
        self._on_current(self.current_table().currentIndex(), None)

    def _on_current(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        rid = int(current.data(ID_ROLE) or 0) if current is not None and current.isValid() else 0
        self._show_reasons(current)
        self.candidate_selected.emit(rid)

    def _show_reasons(self, index) -> None:  # type: ignore[no-untyped-def]
        if index is None or not index.isValid():
            self.reasons.clear()
            return
        model = index.model()
        if isinstance(model, ExcludedModel):
            row = model.row_at(index.row())
            excluded = self.tr("Excluded")
            self.reasons.setHtml(f"<h3>{getattr(row, 'name', '')}</h3><p><b>{excluded}:</b> "
                                 f"{getattr(row, 'reason', '')}</p>")
            return
        comps = index.siblingAtColumn(0).data(COMPONENTS_ROLE) or {}
        reasons = index.siblingAtColumn(0).data(REASONS_ROLE) or []
        name = index.siblingAtColumn(model.column_of("name")).data()
        score = index.siblingAtColumn(model.column_of("score")).data()
        rows = "".join(
            f"<tr><td><span style='color:{COLOURS[k].name()}'>■</span> {word(COMPONENT, k)}</td>"
            f"<td align='right'>{100 * float(comps.get(k, 0.0)):.0f}%</td></tr>"
            for k in COLOURS
        )
        items = "".join(f"<li>{r}</li>" for r in reasons)
        why = self.tr("Why")
        self.reasons.setHtml(f"<h3>{name} — {score}</h3><table cellspacing=4>{rows}</table>"
                             f"<p><b>{why}</b></p><ul>{items}</ul>")
