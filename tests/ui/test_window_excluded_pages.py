"""The excluded list in the window comes a page at a time (issue 17): counts by reason above it, the
nearest page first, "さらに表示" for the next one, never every excluded registrant at once."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from ui_data import make_window, seed, settle  # type: ignore[import-not-found]

from PySide6.QtCore import Qt

from desk.services.ranking import rank_posting
from desk.store.db import Database
from desk.ui.controllers import work_controller
from desk.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
PAGE = 25


@pytest.fixture
def window(qtbot, sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(work_controller, "EXCLUDED_PAGE", PAGE)
    seed(sqlite_db, registrants=300, postings=20)
    w = make_window(qtbot, sqlite_db)
    yield w
    w.runner.wait()
    w.close()


def _ids(w: MainWindow) -> list[str]:
    m = w.candidates.excluded_model
    return [m.row_at(r).source_id for r in range(m.rowCount())]


def test_the_excluded_come_a_page_at_a_time_with_counts_by_reason(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                   sqlite_db: Database) -> None:
    row = next(r for r in range(window.postings.model.rowCount())
               if window.postings.model.row_at(r).source_id == "K1000")
    window.postings.select_row(row)
    qtbot.waitUntil(lambda: not window.work.ranking_busy, timeout=10000)
    settle(qtbot, window)
    c = window.candidates
    qtbot.mouseClick(c.excluded_button, Qt.MouseButton.LeftButton)
    full = rank_posting(sqlite_db, "K1000", top=0, excluded_limit=None, lang="en")
    total = sum(full.excluded_counts.values())
    assert total > 2 * PAGE  # enough for three pages
    # Counted by reason, in words, adding up to the number on the toggle.
    assert c.excluded_counts.isVisible()
    counted = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", c.excluded_counts.text())]
    assert sum(counted) == total
    assert "not qualified" in c.excluded_counts.text() or "no matching day" in c.excluded_counts.text()
    assert f"{total:,}" in c.excluded_button.text()
    # The nearest page first, then the next one appended: the same order as the whole list.
    expected = [e.source_id for e in full.excluded]
    assert _ids(window) == expected[:PAGE]
    assert c.more_button.isVisible() and f"{total - PAGE:,}" in c.more_button.text()
    qtbot.mouseClick(c.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: c.excluded_model.rowCount() == 2 * PAGE, timeout=10000)
    assert _ids(window) == expected[: 2 * PAGE]
    while c.more_button.isVisible():
        shown = c.excluded_model.rowCount()
        qtbot.mouseClick(c.more_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda shown=shown: c.excluded_model.rowCount() > shown, timeout=10000)
    assert _ids(window) == expected  # every one reachable, none twice
    # The reasons of a row on a later page, in the side panel.
    assert c.select_id(c.excluded_model.row_id(c.excluded_model.row_at(total - 1)))
    assert "Excluded" in c.reasons.toPlainText()


def test_a_new_ranking_starts_again_at_the_first_page(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    model = window.postings.model
    rows = [r for r in range(model.rowCount()) if model.row_at(r).source_id in ("K1000", "K1001")]
    window.postings.select_row(rows[0])
    qtbot.waitUntil(lambda: not window.work.ranking_busy, timeout=10000)
    settle(qtbot, window)
    c = window.candidates
    if c.more_button.isVisible():
        qtbot.mouseClick(c.more_button, Qt.MouseButton.LeftButton)
        settle(qtbot, window)
    window.postings.select_row(rows[1])
    qtbot.waitUntil(lambda: not window.work.ranking_busy, timeout=10000)
    settle(qtbot, window)
    assert c.excluded_model.rowCount() <= PAGE
