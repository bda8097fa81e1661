"""Hand-out dialog (File ▸ Hand-out to a partner…): recipient, scope and since when, a preview of
what the hand-out will say, saving it as PDF or .xlsx, and the list of past hand-outs (each can be
saved again exactly as it was).

Every call goes through the facade (desk.app.handouts.HandoutsApi) on the Runner, off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.app.handouts import HandoutRequest, HandoutResult, HandoutsApi
from desk.core.handout import SECTION_LABELS, HandoutDoc, Since
from desk.print.handout import change_text
from desk.ui.runner import Runner


def _names(text: str) -> tuple[str, ...]:
    return tuple(x for x in (p.strip() for p in text.replace("、", ",").replace("，", ",").split(",")) if x)


def preview_text(doc: HandoutDoc) -> str:
    """The preview: what the first page will say (plain text, in the hand-out's own words)."""
    lines = [f"{doc.recipient} 御中", f"対象 {doc.scope_text} ・ {doc.since_text}"]
    if doc.intro():
        lines.append(doc.intro())
    for e in doc.news:
        st = e.state
        lines.append(f"[{SECTION_LABELS.get(e.section, '')}] {e.source_id} {st.get('area', '')} "
                     f"{st.get('occupation', '')} {change_text(e)}".rstrip())
    lines.append(f"公開中の募集 {len(doc.open_list)}件")
    for e in doc.open_list:
        st = e.state
        lines.append(f"  {e.source_id} {st.get('area', '')} {st.get('occupation', '')} {st.get('headcount', '')}人")
    if doc.contact:
        lines.append(doc.contact)
    return "\n".join(lines)


class HandoutDialog(QDialog):
    def __init__(self, app: HandoutsApi, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoutDialog")
        self.setWindowTitle(self.tr("Hand-out to a partner"))
        self.app = app
        self.runner = runner
        # where a hand-out is saved; replaced in tests (no modal file dialog there)
        self.choose_path: Callable[[str], str] = self._ask_path

        self.recipient = QComboBox()
        self.recipient.setObjectName("handoutRecipient")
        self.recipient.setEditable(True)
        self.recipient.lineEdit().setPlaceholderText(self.tr("e.g. 大阪府医師会"))
        self.prefs = QLineEdit()
        self.prefs.setObjectName("handoutPrefs")
        self.prefs.setPlaceholderText(self.tr("Prefectures, comma separated (empty: the recipient's default)"))
        self.block = QLineEdit()
        self.block.setObjectName("handoutBlock")
        self.block.setPlaceholderText(self.tr("Region block (近畿, 関東信越 …)"))
        self.occupations = QLineEdit()
        self.occupations.setObjectName("handoutOccupations")
        self.occupations.setPlaceholderText(self.tr("Occupations, comma separated (医師, 看護師 …)"))
        self.since = QComboBox()
        self.since.setObjectName("handoutSince")
        self.since.addItem(self.tr("Since the last hand-out"), Since.LAST.value)
        self.since.addItem(self.tr("Since a date"), Since.DATE.value)
        self.since.addItem(self.tr("Everything open (no comparison)"), Since.ALL.value)
        self.since_date = QDateEdit(QDate.currentDate().addDays(-7))
        self.since_date.setCalendarPopup(True)
        self.since_date.setEnabled(False)
        self.since.currentIndexChanged.connect(
            lambda _i: self.since_date.setEnabled(self.since.currentData() == Since.DATE.value))
        form = QFormLayout()
        form.addRow(self.tr("&Recipient:"), self.recipient)
        form.addRow(self.tr("&Prefectures:"), self.prefs)
        form.addRow(self.tr("&Block:"), self.block)
        form.addRow(self.tr("&Occupations:"), self.occupations)
        since_row = QHBoxLayout()
        since_row.addWidget(self.since, 1)
        since_row.addWidget(self.since_date)
        form.addRow(self.tr("&Changes:"), since_row)

        self.preview = QPlainTextEdit()
        self.preview.setObjectName("handoutPreview")
        self.preview.setReadOnly(True)
        self.status = QLabel()
        self.status.setObjectName("handoutStatus")
        self.status.setWordWrap(True)
        self.preview_button = QPushButton(self.tr("Pre&view"))
        self.preview_button.setObjectName("handoutPreviewButton")
        self.save_pdf = QPushButton(self.tr("Save as &PDF…"))
        self.save_pdf.setObjectName("handoutSavePdf")
        self.save_xlsx = QPushButton(self.tr("Save as &Excel…"))
        self.save_xlsx.setObjectName("handoutSaveXlsx")
        for b in (self.save_pdf, self.save_xlsx):
            b.setEnabled(False)  # preview first
        self.preview_button.clicked.connect(self.refresh_preview)
        self.save_pdf.clicked.connect(lambda: self.save(".pdf"))
        self.save_xlsx.clicked.connect(lambda: self.save(".xlsx"))
        for edit in (self.prefs, self.block, self.occupations):
            edit.textChanged.connect(self._stale)
        self.recipient.editTextChanged.connect(self._stale)
        self.since.currentIndexChanged.connect(self._stale)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_pdf)
        buttons.addWidget(self.save_xlsx)

        self.past = QStandardItemModel(0, 8, self)
        self.past.setHorizontalHeaderLabels([self.tr("ID"), self.tr("When"), self.tr("Recipient"), self.tr("Scope"),
                                             self.tr("New"), self.tr("Changed"), self.tr("Ended"), self.tr("Open")])
        self.past_view = QTableView()
        self.past_view.setObjectName("handoutHistory")
        self.past_view.setModel(self.past)
        self.past_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.past_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.past_view.verticalHeader().setVisible(False)
        self.again = QPushButton(self.tr("Save selected &again…"))
        self.again.setObjectName("handoutAgain")
        self.again.clicked.connect(self.save_again)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.preview, 2)
        layout.addWidget(self.status)
        layout.addWidget(QLabel(self.tr("Past hand-outs")))
        layout.addWidget(self.past_view, 1)
        layout.addWidget(self.again, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(760, 640)
        self.load_history()

    # --- requests ---------------------------------------------------------------------------------

    def request(self) -> HandoutRequest:
        since = Since(self.since.currentData())
        day: dt.date | None = self.since_date.date().toPython() if since is Since.DATE else None  # type: ignore[assignment]
        return HandoutRequest(self.recipient.currentText().strip(), _names(self.prefs.text()),
                              self.block.text().strip() or None, _names(self.occupations.text()), since, day)

    def _stale(self, *_args: Any) -> None:
        for b in (self.save_pdf, self.save_xlsx):
            b.setEnabled(False)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(str(exc))

    def refresh_preview(self) -> None:
        if not self.recipient.currentText().strip():
            self.status.setText(self.tr("Enter the recipient's name."))
            return
        self.status.setText(self.tr("Preparing the preview…"))
        self.runner.run(self.app.handout_preview, self.request(), on_result=self._previewed, on_error=self._failed)

    def _previewed(self, doc: HandoutDoc) -> None:
        self.preview.setPlainText(preview_text(doc))
        self.status.setText("")
        for b in (self.save_pdf, self.save_xlsx):
            b.setEnabled(True)

    def _ask_path(self, suffix: str) -> str:
        name = f"{self.recipient.currentText().strip()}_{dt.date.today():%Y%m%d}{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save hand-out"), name, f"*{suffix}")
        return path

    def save(self, suffix: str) -> None:
        path = self.choose_path(suffix)
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        self.runner.run(self.app.make_handout, self.request(), path, on_result=self._saved, on_error=self._failed)

    def _saved(self, result: HandoutResult) -> None:
        self.status.setText(self.tr("Hand-out %1 saved: %2").replace("%1", str(result.handout_id))
                            .replace("%2", str(result.path)))
        self._stale()
        self.load_history()

    # --- past hand-outs ---------------------------------------------------------------------------

    def load_history(self) -> None:
        self.runner.run(self.app.handouts, on_result=self._history, on_error=self._failed)
        self.runner.run(self.app.handout_recipients, on_result=self._recipients, on_error=lambda _e: None)

    def _recipients(self, rows: list[Any]) -> None:
        text = self.recipient.currentText()
        self.recipient.blockSignals(True)
        self.recipient.clear()
        self.recipient.addItems([r.name for r in rows])
        self.recipient.setEditText(text)
        self.recipient.blockSignals(False)

    def _history(self, rows: list[Any]) -> None:
        self.past.removeRows(0, self.past.rowCount())
        for h in rows:
            cells = [str(h.id), f"{h.at.astimezone():%Y-%m-%d %H:%M}", h.recipient, h.scope.text(), str(h.new),
                     str(h.changed), str(h.ended), str(h.open)]
            items = [QStandardItem(c) for c in cells]
            items[0].setData(h.id, Qt.ItemDataRole.UserRole)
            self.past.appendRow(items)
        self.past_view.resizeColumnsToContents()

    def save_again(self) -> None:
        rows = self.past_view.selectionModel().selectedRows()
        if not rows:
            self.status.setText(self.tr("Select a past hand-out first."))
            return
        handout_id = int(self.past.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole))
        path = self.choose_path(".pdf")
        if not path:
            return
        self.runner.run(self.app.handout_again, handout_id, path,
                        on_result=lambda p: self.status.setText(self.tr("Saved again: %1").replace("%1", str(p))),
                        on_error=self._failed)
