"""Errors are shown in plain words; the traceback is only behind "details" and can be copied."""

from __future__ import annotations

import sys

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QPushButton

from desk.ui.errors import install_excepthook, plain_message, show_error
from desk.ui.help_dialog import ShortcutsDialog, shortcuts_of
from desk.ui.i18n import remove_translators

# Qt's offscreen platform warns when a message box with details is shown; harmless here.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture(autouse=True)
def _english(qapp):
    """These tests read English source texts: drop a translator an earlier test may have left."""
    remove_translators(qapp)
    yield


@pytest.fixture(autouse=True)
def _close_error_boxes():
    """Error windows delete themselves on close; close what a failing test left open."""
    yield
    for box in _error_boxes():
        box.close()


def _raise_inside() -> ZeroDivisionError:
    try:
        _ = 1 / 0
    except ZeroDivisionError as exc:
        return exc
    raise AssertionError("unreachable")


def _error_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "errorBox" and w.isVisible()]


def test_plain_message_never_contains_a_traceback() -> None:
    message = plain_message(_raise_inside())
    assert "Traceback" not in message and "ZeroDivisionError" not in message
    assert "went wrong" in message
    assert "missing.csv" in plain_message(FileNotFoundError(2, "No such file", "missing.csv"))
    assert plain_message("Headcount must be a number") == "Headcount must be a number"


def test_error_dialog_shows_words_and_copies_the_details(qtbot) -> None:
    box = show_error(None, "Import", _raise_inside())
    assert box.isVisible()
    assert "Traceback" not in box.text()
    assert "ZeroDivisionError" in box.detailedText() and "Traceback" in box.detailedText()
    copy = box.findChild(QPushButton, "copyDetailsButton")
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert "ZeroDivisionError" in QGuiApplication.clipboard().text()
    assert box.isVisible(), "copying must not close the window"
    box.close()


def test_a_message_without_exception_has_no_details(qtbot) -> None:
    box = show_error(None, "Save", "The file is open in another program.")
    assert box.text() == "The file is open in another program."
    assert box.detailedText() == ""
    assert box.findChild(QPushButton, "copyDetailsButton") is None
    box.close()


def test_uncaught_exceptions_go_to_the_error_window(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []
    monkeypatch.setattr(sys, "excepthook", lambda *args: seen.append(args))
    app = QApplication.instance()
    previous = install_excepthook(app)
    assert previous is not sys.excepthook
    exc = _raise_inside()
    sys.excepthook(type(exc), exc, exc.__traceback__)
    boxes = _error_boxes()
    assert len(boxes) == 1
    assert "Traceback" not in boxes[0].text()
    assert "ZeroDivisionError" in boxes[0].detailedText()
    # A second error while the first is on screen does not stack another window.
    sys.excepthook(type(exc), exc, exc.__traceback__)
    assert len(_error_boxes()) == 1
    # KeyboardInterrupt still goes to the previous hook.
    sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert seen and seen[0][0] is KeyboardInterrupt
    boxes[0].close()


def test_shortcuts_dialog_lists_the_given_shortcuts(qtbot) -> None:
    dialog = ShortcutsDialog([("Ctrl+I", "Import a file"), ("F1", "Keyboard shortcuts")])
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.table.model()
    assert model.rowCount() == 2
    assert model.index(0, 0).data() == "Ctrl+I"
    assert model.index(1, 1).data() == "Keyboard shortcuts"


def test_shortcuts_are_read_from_the_parent_window(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    action = QAction("&Import…", window)
    action.setShortcut(QKeySequence("Ctrl+I"))
    window.addAction(action)
    no_key = QAction("Nothing", window)
    window.addAction(no_key)
    pairs = shortcuts_of(window)
    assert pairs == [(QKeySequence("Ctrl+I").toString(QKeySequence.SequenceFormat.NativeText), "Import")]
    dialog = ShortcutsDialog(parent=window)
    assert dialog.table.model().rowCount() == 1


class _Refused(Exception):
    """What psycopg raises when a role lacks a right (SQLSTATE 42501), as the window receives it."""

    sqlstate = "42501"

    class diag:  # noqa: N801 - psycopg's attribute name
        message_primary = "permission denied for table person_merge"


def test_a_database_refusal_is_worded_in_the_window_language(qapp) -> None:  # type: ignore[no-untyped-def]
    from desk.ui.i18n import install_translator

    assert install_translator(qapp, "ja")
    try:
        text = plain_message(_Refused())
        assert "管理者に依頼" in text and "permission denied for table person_merge" in text
    finally:
        remove_translators(qapp)
    assert plain_message(_Refused()).startswith("The database refused this for your login")
