"""The settings window: who I am, how candidates are ranked, language, database, my region block.

``SettingsDialog(settings).exec()``; on OK the edited copy is saved (``save_settings``) and
returned by ``result_settings()`` (also emitted as ``saved``). The database test runs in a worker
thread, so an unreachable server does not freeze the window.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk import paths
from desk.app.settings import check_connection
from desk.settings import DEFAULT_WEIGHTS, Settings, save_settings
from desk.ui.errors import plain_message
from desk.ui.i18n import LANGUAGES
from desk.ui.runner import Job, Runner

#: The five ranking components, in the order shown.
WEIGHT_LABELS: dict[str, str] = {
    "region": QT_TRANSLATE_NOOP("SettingsDialog", "Region"),
    "availability": QT_TRANSLATE_NOOP("SettingsDialog", "Availability"),
    "occupation": QT_TRANSLATE_NOOP("SettingsDialog", "Occupation"),
    "experience": QT_TRANSLATE_NOOP("SettingsDialog", "Experience"),
    "reliability": QT_TRANSLATE_NOOP("SettingsDialog", "Reliability"),
}
#: The 8 traditional region blocks: stored code (Japanese, as in CONTRACTS.md) -> English source text.
REGION_BLOCKS: dict[str, str] = {
    "北海道": QT_TRANSLATE_NOOP("SettingsDialog", "Hokkaido"),
    "東北": QT_TRANSLATE_NOOP("SettingsDialog", "Tohoku"),
    "関東": QT_TRANSLATE_NOOP("SettingsDialog", "Kanto"),
    "中部": QT_TRANSLATE_NOOP("SettingsDialog", "Chubu"),
    "近畿": QT_TRANSLATE_NOOP("SettingsDialog", "Kinki"),
    "中国": QT_TRANSLATE_NOOP("SettingsDialog", "Chugoku"),
    "四国": QT_TRANSLATE_NOOP("SettingsDialog", "Shikoku"),
    "九州": QT_TRANSLATE_NOOP("SettingsDialog", "Kyushu"),
}


def _tr(text: str) -> str:
    """Translate a QT_TRANSLATE_NOOP entry of this module (context SettingsDialog)."""
    return QCoreApplication.translate("SettingsDialog", text)


class SettingsDialog(QDialog):
    saved = Signal(object)  # the saved Settings

    def __init__(self, settings: Settings, parent: QWidget | None = None, *, settings_path: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.original = settings
        self.settings = copy.deepcopy(settings)
        self.settings_path = settings_path
        self._test_task: Job | None = None
        self.runner = Runner(self)
        self.sliders: dict[str, QSlider] = {}
        self.spins: dict[str, QSpinBox] = {}

        layout = QVBoxLayout(self)
        layout.addWidget(self._build_general())
        layout.addWidget(self._build_weights())
        layout.addWidget(self._build_database())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._load(self.settings)
        self.resize(560, self.sizeHint().height())

    # -- layout -------------------------------------------------------------------------------------

    def _build_general(self) -> QGroupBox:
        box = QGroupBox(self.tr("You"), self)
        form = QFormLayout(box)
        self.coordinator_edit = QLineEdit(box)
        self.coordinator_edit.setObjectName("coordinatorEdit")
        self.coordinator_edit.setPlaceholderText(self.tr("Your name, recorded with every action"))
        form.addRow(self.tr("Coordinator &name:"), self.coordinator_edit)

        self.language_combo = QComboBox(box)
        self.language_combo.setObjectName("languageCombo")
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        form.addRow(self.tr("&Language:"), self.language_combo)
        self.language_note = QLabel(self.tr("The window is rebuilt in the new language when you press OK."), box)
        self.language_note.setObjectName("languageNote")
        self.language_note.setWordWrap(True)
        self.language_note.setVisible(False)
        form.addRow("", self.language_note)
        self.language_combo.currentIndexChanged.connect(self._language_changed)

        self.block_combo = QComboBox(box)
        self.block_combo.setObjectName("blockCombo")
        self.block_combo.addItem(self.tr("(all regions)"), "")
        for code, english in REGION_BLOCKS.items():
            self.block_combo.addItem(_tr(english), code)
        form.addRow(self.tr("My region &block:"), self.block_combo)
        self.handout_contact_edit = QLineEdit(box)
        self.handout_contact_edit.setObjectName("handoutContactEdit")
        self.handout_contact_edit.setPlaceholderText(self.tr("e.g. 詳しくは地域医療課までお問い合わせください"))
        form.addRow(self.tr("Hand-out &contact line:"), self.handout_contact_edit)
        self.filter_scope_combo = QComboBox(box)
        self.filter_scope_combo.setObjectName("filterScopeCombo")
        self.filter_scope_combo.addItem(self.tr("Kept for each posting"), "per_posting")
        self.filter_scope_combo.addItem(self.tr("Cleared when another posting is picked"), "clear")
        form.addRow(self.tr("Candidate &filter:"), self.filter_scope_combo)
        return box

    def _build_weights(self) -> QGroupBox:
        box = QGroupBox(self.tr("Candidate ranking weights"), self)
        grid = QGridLayout(box)
        for row, (key, english) in enumerate(WEIGHT_LABELS.items()):
            label = QLabel(_tr(english), box)
            slider = QSlider(Qt.Orientation.Horizontal, box)
            slider.setObjectName(f"weightSlider_{key}")
            slider.setRange(0, 100)
            slider.setPageStep(5)
            spin = QSpinBox(box)
            spin.setObjectName(f"weightSpin_{key}")
            spin.setRange(0, 100)
            spin.setSuffix(" %")
            spin.setMinimumWidth(80)
            spin.setMaximumWidth(100)
            label.setBuddy(spin)
            slider.valueChanged.connect(spin.setValue)
            spin.valueChanged.connect(slider.setValue)
            spin.valueChanged.connect(self._update_weight_total)
            self.sliders[key] = slider
            self.spins[key] = spin
            grid.addWidget(label, row, 0)
            grid.addWidget(slider, row, 1)
            grid.addWidget(spin, row, 2)
        self.weight_total = QLabel(box)
        self.weight_total.setObjectName("weightTotal")
        self.weight_total.setWordWrap(True)
        reset = QPushButton(self.tr("&Reset to defaults"), box)
        reset.setObjectName("resetWeightsButton")
        reset.clicked.connect(self.reset_weights)
        row = len(WEIGHT_LABELS)
        grid.addWidget(self.weight_total, row, 0, 1, 2)
        grid.addWidget(reset, row, 2)
        grid.setColumnStretch(1, 1)
        return box

    def _build_database(self) -> QGroupBox:
        box = QGroupBox(self.tr("Database"), self)
        v = QVBoxLayout(box)
        self.embedded_radio = QRadioButton(self.tr("&Embedded database on this computer"), box)
        self.embedded_radio.setObjectName("embeddedRadio")
        embedded_path = QLabel((paths.data_dir() / "desk.sqlite3").as_posix(), box)
        embedded_path.setObjectName("embeddedPath")
        embedded_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        embedded_path.setIndent(24)
        self.server_radio = QRadioButton(self.tr("&Team server (PostgreSQL)"), box)
        self.server_radio.setObjectName("serverRadio")
        group = QButtonGroup(box)
        group.addButton(self.embedded_radio)
        group.addButton(self.server_radio)
        self.url_edit = QLineEdit(box)
        self.url_edit.setObjectName("urlEdit")
        self.url_edit.setPlaceholderText("postgresql://user:password@server:5432/desk")
        self.test_button = QPushButton(self.tr("Test &connection"), box)
        self.test_button.setObjectName("testConnectionButton")
        self.test_button.clicked.connect(self.test_connection)
        url_row = QHBoxLayout()
        url_row.setContentsMargins(24, 0, 0, 0)
        url_row.addWidget(self.url_edit, 1)
        url_row.addWidget(self.test_button)
        self.test_result = QLabel(box)
        self.test_result.setObjectName("testResult")
        self.test_result.setWordWrap(True)
        self.test_result.setIndent(24)
        self.test_result.setMinimumHeight(2 * self.test_result.fontMetrics().lineSpacing())
        note = QLabel(self.tr("A new database location takes effect when the desk is restarted."), box)
        note.setWordWrap(True)
        v.addWidget(self.embedded_radio)
        v.addWidget(embedded_path)
        v.addWidget(self.server_radio)
        v.addLayout(url_row)
        v.addWidget(self.test_result)
        v.addWidget(note)
        self.server_radio.toggled.connect(self._server_toggled)
        return box

    # -- values -------------------------------------------------------------------------------------

    def _load(self, settings: Settings) -> None:
        self.coordinator_edit.setText(settings.coordinator)
        index = self.language_combo.findData(settings.language)
        self.language_combo.setCurrentIndex(max(index, 0))
        self.language_note.setVisible(False)
        index = self.block_combo.findData(settings.home_block)
        self.block_combo.setCurrentIndex(max(index, 0))
        self.handout_contact_edit.setText(settings.handout_contact)
        self.filter_scope_combo.setCurrentIndex(max(self.filter_scope_combo.findData(settings.candidate_filter), 0))
        self._set_weights(settings.weights)
        server = bool(settings.db_url)
        self.server_radio.setChecked(server)
        self.embedded_radio.setChecked(not server)
        self.url_edit.setText(settings.db_url)
        self._server_toggled(server)

    def _set_weights(self, weights: dict[str, float]) -> None:
        for key, default in DEFAULT_WEIGHTS.items():
            self.spins[key].setValue(round(100 * float(weights.get(key, default))))
        self._update_weight_total()

    def weights(self) -> dict[str, float]:
        return {key: spin.value() / 100 for key, spin in self.spins.items()}

    def reset_weights(self) -> None:
        self._set_weights(DEFAULT_WEIGHTS)

    def _update_weight_total(self) -> None:
        total = sum(spin.value() for spin in self.spins.values())
        if total == 0:
            text = self.tr("All weights are zero: candidates will not be ranked.")
        elif total == 100:
            text = self.tr("Total: 100 %")
        else:
            text = self.tr("Total: %1 % (the weights are scaled to 100 %)").replace("%1", str(total))
        self.weight_total.setText(text)

    def _language_changed(self) -> None:
        self.language_note.setVisible(self.language_combo.currentData() != self.original.language)

    def _server_toggled(self, on: bool) -> None:
        self.url_edit.setEnabled(on)
        self.test_button.setEnabled(on and self._test_task is None)

    def edited_settings(self) -> Settings:
        """The settings as the form shows them now."""
        result = copy.deepcopy(self.settings)
        result.coordinator = self.coordinator_edit.text().strip()
        result.language = str(self.language_combo.currentData())
        result.home_block = str(self.block_combo.currentData() or "")
        result.handout_contact = self.handout_contact_edit.text().strip()
        result.candidate_filter = str(self.filter_scope_combo.currentData() or "per_posting")
        result.weights = self.weights()
        result.db_url = self.url_edit.text().strip() if self.server_radio.isChecked() else ""
        return result

    def result_settings(self) -> Settings:
        return self.settings

    @classmethod
    def edit(cls, settings: Settings, parent: QWidget | None = None) -> Settings | None:
        """Run the dialog modally; the saved settings on OK, None on Cancel."""
        dialog = cls(settings, parent)
        try:
            return dialog.settings if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    # -- actions ------------------------------------------------------------------------------------

    def test_connection(self) -> None:
        url = self.url_edit.text().strip()
        if not url:
            self._show_test(False, self.tr("Enter the server's address first."))
            return
        self.test_button.setEnabled(False)
        self._show_test(None, self.tr("Connecting…"))
        self._test_task = self.runner.run(check_connection, url, on_result=self._test_succeeded,
                                          on_error=self._test_failed, on_finished=self._test_done)

    def _test_succeeded(self, name: object) -> None:
        self._show_test(True, self.tr("Connected (%1).").replace("%1", str(name)))

    def _test_failed(self, exc: BaseException) -> None:
        self._show_test(False, self._connection_error(exc))

    def _connection_error(self, exc: BaseException) -> str:
        name = type(exc).__name__
        if name in ("ArgumentError", "NoSuchModuleError") or isinstance(exc, ValueError):
            return self.tr("This is not a database address: %1").replace("%1", str(exc).splitlines()[0])
        text = str(exc).strip()
        first = re.sub(r"^\([\w.]+\)\s*", "", text.splitlines()[0]) if text else plain_message(exc)
        return self.tr("Could not connect: %1").replace("%1", first[:300])

    def _test_done(self) -> None:
        self._test_task = None
        self.test_button.setEnabled(self.server_radio.isChecked())

    def _show_test(self, ok: bool | None, text: str) -> None:
        color = {True: "#1b7f3b", False: "#b3261e", None: ""}[ok]
        self.test_result.setStyleSheet(f"color: {color};" if color else "")
        self.test_result.setText(text)

    def accept(self) -> None:
        edited = self.edited_settings()
        if self.server_radio.isChecked() and not edited.db_url:
            self._show_test(False, self.tr("Enter the server's address, or choose the embedded database."))
            self.url_edit.setFocus()
            return
        if not edited.coordinator:
            self.coordinator_edit.setFocus()
            self.coordinator_edit.setPlaceholderText(self.tr("Please enter your name"))
            return
        save_settings(edited, self.settings_path)
        self.settings = edited
        self.saved.emit(edited)
        super().accept()

    def done(self, result: int) -> None:
        if self._test_task is not None:
            self._test_task.wait(5000)
        super().done(result)
