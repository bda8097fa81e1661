"""The language switches without a restart, and Qt's own dialog buttons speak the same language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from ui_data import make_window, seed, settle  # type: ignore[import-not-found]

from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from desk.store.db import Database
from desk.ui.i18n import install_translator

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def english(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    install_translator(qapp, "en")  # the rest of the session stays in the source language


def test_switching_to_japanese_rebuilds_the_window_in_japanese(qtbot, sqlite_db: Database,  # type: ignore[no-untyped-def]
                                                                english: QApplication) -> None:
    seed(sqlite_db, registrants=60, postings=10)
    w = make_window(qtbot, sqlite_db)
    assert w.tabs.tabText(0) == "Postings"
    w.postings.select_id(2)
    settle(qtbot, w)
    settings = w.settings
    from dataclasses import replace

    w.apply_settings(replace(settings, language="ja"))
    qtbot.waitUntil(lambda: w.replaced_by is not None and w.replaced_by.isVisible(), timeout=5000)
    new = w.replaced_by
    assert new is not None
    qtbot.addWidget(new)
    settle(qtbot, new)
    assert not w.isVisible()
    assert new.tabs.tabText(0) == "募集"
    assert new.app is w.app  # the same open database, no restart
    qtbot.waitUntil(lambda: new.postings.current_id() == 2, timeout=5000)
    # Qt's own strings: a message box's standard buttons
    box = QMessageBox(QMessageBox.Icon.Question, "t", "t",
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    texts = {b.text() for b in box.findChildren(QPushButton)}
    assert "キャンセル" in texts
    new.runner.wait()
    new.close()
