"""The reminders action: pick the day and where to save the call sheet (PDF, CSV or Excel)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)


class RemindersDialog(QDialog):
    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("remindersDialog")
        self.setWindowTitle(self.tr("Reminders for the day"))
        tomorrow = dt.date.today() + dt.timedelta(days=1)
        self.date = QDateEdit(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.path = QLineEdit(str(folder / f"reminders-{tomorrow.isoformat()}.pdf"))
        self.path.setObjectName("remindersPath")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.date.dateChanged.connect(self._date_changed)
        form = QFormLayout(self)
        form.addRow(self.tr("Day"), self.date)
        form.addRow(self.tr("Save as"), row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def day(self) -> dt.date:
        d = self.date.date()
        return dt.date(d.year(), d.month(), d.day())

    def target(self) -> Path:
        return Path(self.path.text().strip())

    def _date_changed(self) -> None:
        p = self.target()
        self.path.setText(str(p.with_name(f"reminders-{self.day().isoformat()}{p.suffix or '.pdf'}")))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save reminders"), self.path.text(),
                                              self.tr("PDF (*.pdf);;CSV (*.csv);;Excel (*.xlsx)"))
        if name:
            self.path.setText(name)
