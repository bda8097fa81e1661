"""The settings window, driven as a coordinator would: type, slide, choose, test, OK."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit

from desk import paths
from desk.settings import DEFAULT_WEIGHTS, Settings, load_settings
from desk.ui.i18n import remove_translators
from desk.ui.settings_dialog import SettingsDialog

# Qt's offscreen platform warns whenever a window's minimum size changes; harmless here.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture(autouse=True)
def _english(qapp):
    """These tests read English source texts: drop a translator an earlier test may have left."""
    remove_translators(qapp)
    yield


def type_japanese(widget: QLineEdit, text: str) -> None:
    """Commit text the way an input method does (keyClicks cannot type non-ASCII)."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def clear(qtbot, widget: QLineEdit) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)


def click_radio(qtbot, radio) -> None:
    """Click on the indicator (the middle of a full-width radio button is empty space)."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))


@pytest.fixture
def dialog(qtbot) -> SettingsDialog:
    dlg = SettingsDialog(Settings(coordinator="tanaka", language="ja"))
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def ok(qtbot, dlg: SettingsDialog) -> None:
    button = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_shows_the_current_settings(dialog: SettingsDialog) -> None:
    assert dialog.coordinator_edit.text() == "tanaka"
    assert dialog.language_combo.currentData() == "ja"
    assert dialog.embedded_radio.isChecked() and not dialog.url_edit.isEnabled()
    assert dialog.spins["region"].value() == 35
    assert dialog.block_combo.currentData() == ""


def test_edits_are_saved_on_ok(qtbot, dialog: SettingsDialog, desk_home: Path) -> None:
    clear(qtbot, dialog.coordinator_edit)
    type_japanese(dialog.coordinator_edit, "山田花子")
    assert dialog.coordinator_edit.text() == "山田花子"
    dialog.spins["region"].setFocus()
    qtbot.keyClick(dialog.spins["region"], Qt.Key.Key_Up)
    assert dialog.sliders["region"].value() == 36
    dialog.sliders["experience"].setValue(25)
    assert dialog.spins["experience"].value() == 25
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    assert dialog.language_note.isVisibleTo(dialog)
    dialog.block_combo.setCurrentIndex(dialog.block_combo.findData("関東"))
    with qtbot.waitSignal(dialog.saved) as saved:
        ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = load_settings()
    assert paths.settings_file().is_relative_to(desk_home)
    assert stored.coordinator == "山田花子"
    assert stored.language == "en"
    assert stored.home_block == "関東"
    assert stored.weights["region"] == pytest.approx(0.36)
    assert stored.weights["experience"] == pytest.approx(0.25)
    assert stored.db_url == ""
    assert saved.args[0] == stored == dialog.result_settings()


def test_reset_weights_and_cancel_leave_nothing_saved(qtbot, dialog: SettingsDialog) -> None:
    for spin in dialog.spins.values():
        spin.setValue(0)
    assert "zero" in dialog.weight_total.text()
    qtbot.mouseClick(dialog.findChild(type(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)),
                                      "resetWeightsButton"), Qt.MouseButton.LeftButton)
    assert dialog.weights() == pytest.approx(DEFAULT_WEIGHTS)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not paths.settings_file().exists()


def test_team_server_url_and_connection_test(qtbot, dialog: SettingsDialog, tmp_path: Path) -> None:
    click_radio(qtbot, dialog.server_radio)
    assert dialog.server_radio.isChecked() and dialog.url_edit.isEnabled()
    # An address that is not one says so, in words.
    qtbot.keyClicks(dialog.url_edit, "not a url")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog._test_task is None, timeout=10000)
    assert "not a database address" in dialog.test_result.text()
    # A reachable database (a SQLite file stands in for the server here) connects.
    url = f"sqlite:///{(tmp_path / 'team.sqlite3').as_posix()}"
    clear(qtbot, dialog.url_edit)
    qtbot.keyClicks(dialog.url_edit, url)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog._test_task is None, timeout=10000)
    assert "Connected" in dialog.test_result.text()
    ok(qtbot, dialog)
    assert load_settings().db_url == url


def test_a_server_without_address_is_not_accepted(qtbot, dialog: SettingsDialog) -> None:
    click_radio(qtbot, dialog.server_radio)
    ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "address" in dialog.test_result.text()
    assert not paths.settings_file().exists()
