"""File ▸ Export postings list…: who the list is for (public by default) and which postings.

Public: every posting field through desk.core.masking.public_view (masked postings show only the
prefecture and municipality). Internal: everything, the マスキング flag and the fill; not to be
handed on.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


class PostingsExportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("postingsExportDialog")
        self.setWindowTitle(self.tr("Export postings list"))
        self.public_radio = QRadioButton(self.tr("For circulation (masking applied)"))
        self.public_radio.setObjectName("publicAudience")
        self.public_radio.setToolTip(self.tr("For registrants: masked postings show only the prefecture and "
                                             "municipality, no facility, address or contact."))
        self.internal_radio = QRadioButton(self.tr("Internal (all information)"))
        self.internal_radio.setObjectName("internalAudience")
        self.internal_radio.setToolTip(self.tr("For the desk only: every field, the masking flag and the fill. "
                                               "Do not hand it on."))
        self.public_radio.setChecked(True)
        self.warning = QLabel(self.tr("This list holds the full details of masked postings: keep it within the desk."))
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020;")
        self.warning.setVisible(False)
        self.internal_radio.toggled.connect(self.warning.setVisible)
        self.open_only = QCheckBox(self.tr("Open postings only"))
        self.open_only.setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Who is the list for?")))
        lay.addWidget(self.public_radio)
        lay.addWidget(self.internal_radio)
        lay.addWidget(self.warning)
        lay.addWidget(self.open_only)
        lay.addWidget(buttons)

    def audience(self) -> str:
        return "coordinator" if self.internal_radio.isChecked() else "public"

    def status(self) -> str:
        return "open" if self.open_only.isChecked() else "all"
