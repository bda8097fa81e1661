"""Every table exports as shown (filtered, sorted, visible columns) to .xlsx and .csv; personal data
is recorded in the export history; xlsx files have a frozen header row and an autofilter."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from ui_data import make_window, seed, settle  # type: ignore[import-not-found]

from PySide6.QtCore import Qt

from desk.services import exports
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


def test_the_postings_table_exports_as_filtered_and_sorted(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = window.postings
    p.my_block.setChecked(True)
    p.table.sortByColumn(p.model.column_of("source_id"), Qt.SortOrder.DescendingOrder)
    shown = [p.model.row_at(r).source_id for r in range(p.model.rowCount())]
    window.table_export.choose_path = lambda _s: str(tmp_path / "postings.xlsx")
    p.table.setFocus()
    window.table_export.action.trigger()
    settle(qtbot, window)
    ws = load_workbook(tmp_path / "postings.xlsx").active
    values = list(ws.values)
    header = list(values[0])
    assert "ID" in header and "Masked" in header
    assert [row[header.index("ID")] for row in values[1:]] == shown
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{ws.cell(1, len(header)).column_letter}{len(shown) + 1}"
    masked = [row[header.index("Masked")] for row in values[1:]]
    assert "Masked" in masked  # the icon column is written in words
    kinds = [e.kind for e in exports.list_exports(window.db)]
    assert kinds == ["table"]  # postings: no personal data, still listed


def test_the_registrants_table_exports_to_csv_and_is_audited(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.tabs.setCurrentWidget(window.registrants_tab)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.registrants_tab.table.model().rowCount() == 300, timeout=10000)
    target = tmp_path / "registrants.csv"
    window.table_export.export(window.registrants_tab.table, str(target))
    settle(qtbot, window)
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 301 and "Name" in rows[0]
    record = exports.list_exports(window.db)[0]
    assert record.kind == "table_personal" and record.rows == 300


def test_the_placement_log_xlsx_has_a_frozen_header_and_autofilter(window: MainWindow, tmp_path: Path) -> None:
    result = window.app.export_placements(tmp_path / "log.xlsx")
    for ws in load_workbook(result.path).worksheets:
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
