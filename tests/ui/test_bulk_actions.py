"""Several candidates at once: propose all, mark all contacted, a sheet of just them."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from ui_data import make_window, seed, settle  # type: ignore[import-not-found]

from PySide6.QtCore import QItemSelectionModel

from desk.store.db import Database
from desk.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(qtbot, sqlite_db: Database) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    seed(sqlite_db, registrants=300, postings=20)
    w = make_window(qtbot, sqlite_db)
    yield w
    w.runner.wait()
    w.close()


def select_rows(w: MainWindow, rows: list[int]) -> None:
    c = w.candidates
    sel = c.table.selectionModel()
    sel.clearSelection()
    for r in rows:
        sel.select(c.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def test_three_selected_are_proposed_then_marked_contacted_together(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.postings.select_id(1)
    qtbot.waitUntil(lambda: not window.work.ranking_busy, timeout=10000)
    settle(qtbot, window)
    assert not window.bulk.bar.isVisible()
    select_rows(window, [0, 1, 2])
    assert window.bulk.bar.isVisible() and "3" in window.bulk.label.text()
    ids = [rid for rid, _src in window.bulk.selected()]
    window.bulk.propose_button.click()
    settle(qtbot, window)
    m = window.candidates.model
    assert all(m.state_of(rid) == "proposed" for rid in ids)
    told: list[str] = []
    window.work.inform = lambda title, text: told.append(text)
    select_rows(window, [0, 1, 2, 3])
    window.bulk.called_button.click()
    settle(qtbot, window)
    assert all(m.state_of(rid) == "contacted" for rid in ids)
    assert "4 of 4" in window.statusBar().currentMessage() and not told
    # a move the rules refuse (worked before confirmed) is told per registrant, nothing else changes
    window.bulk.apply("worked")
    settle(qtbot, window)
    assert told and "0 of 4" in told[0] and all(m.state_of(rid) == "contacted" for rid in ids)


def test_a_sheet_of_the_selected_candidates_only(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.postings.select_id(1)
    qtbot.waitUntil(lambda: not window.work.ranking_busy, timeout=10000)
    settle(qtbot, window)
    select_rows(window, [1, 4])
    names = [window.candidates.model.row_at(r).name for r in (1, 4)]
    other = window.candidates.model.row_at(0).name
    p = window.actions.printing
    p.choose_audience = lambda: "coordinator"
    p.choose_path = lambda _s: str(tmp_path / "two.pdf")
    window.bulk.sheet_button.click()
    settle(qtbot, window)
    text = subprocess.run(["pdftotext", str(tmp_path / "two.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "上位 2 名" in text and "絞り込み:" in text
    for n in names:
        assert n.replace(" ", "") in text.replace(" ", "")
    if other not in names:
        assert other.replace(" ", "") not in text.replace(" ", "")
