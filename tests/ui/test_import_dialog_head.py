"""The import window reads only the head of a long file for its mapping step (headers, sample
values, kind and mapping guesses) and still shows the right row count, preview and import, on
SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from test_import_dialog import choose_field, count_postings, many_rows, open_dialog, wait_idle, write_cp932  # type: ignore[import-not-found]

from PySide6.QtCore import Qt

from desk.app import DeskApp
from desk.core.demo import REGISTRANT_HEADERS, generate_registrants, write_csv
from desk.core.tabular_stream import HEAD_ROWS
from desk.services import importer
from desk.settings import Settings
from desk.store.db import Database
from desk.store.models import Registrant
from desk.ui.i18n import remove_translators
from desk.ui.import_dialog import ImportDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

N = HEAD_ROWS + 250  # longer than the head


@pytest.fixture(autouse=True)
def _english(qapp):
    """These tests read English source texts: drop a translator an earlier test may have left."""
    remove_translators(qapp)
    yield


def registrants_file(path: Path, n: int, headers: tuple[str, ...] = REGISTRANT_HEADERS) -> Path:
    rows = generate_registrants(n, seed=3)
    renamed = [{new: row[old] for old, new in zip(REGISTRANT_HEADERS, headers, strict=True)} for row in rows]
    return write_csv(path, renamed, headers, encoding="cp932")


def count_registrants(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Registrant)) or 0)


def test_a_long_registrants_file_is_mapped_from_its_head_and_imported_whole(
        qtbot, db: Database, tmp_path: Path) -> None:
    path = registrants_file(tmp_path / "registrants.csv", N)
    first = generate_registrants(N, seed=3)[0]
    dialog = open_dialog(qtbot, db, path)
    assert dialog.kind == "registrants"
    assert len(dialog.table.rows) == HEAD_ROWS  # the rest of the file is not held by the window
    assert (dialog.encoding_label.text(), dialog.header_row_label.text()) == ("cp932", "1")
    assert dialog.mapping_model.field_of("氏名") == "name" and not dialog.mapping_model.missing_required()
    sample = dialog.mapping_model.samples[dialog.mapping_model.headers.index("氏名")]
    assert sample == first["氏名"]
    # the preview read every row: the count is exact, and every row is to be added
    assert dialog.rows_label.text() == f"{N:,}"
    assert dialog.preview_report is not None and dialog.preview_report.imported == N
    with qtbot.waitSignal(dialog.imported, timeout=60000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)
    assert count_registrants(db) == N
    assert dialog.status_label.text().startswith(f"Imported {N}, updated 0")


def unnamed_file(tmp_path: Path) -> Path:
    headers = tuple("列A" if h == "氏名" else h for h in REGISTRANT_HEADERS)  # the name column is not recognised
    return registrants_file(tmp_path / "registrants.csv", N, headers)


def open_registrants(qtbot, db: Database, path: Path) -> ImportDialog:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(DeskApp(db, Settings(coordinator="山田")), path=path, kind="registrants", coordinator="山田")
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, dialog)
    return dialog


def test_the_row_count_is_an_estimate_until_the_preview_has_read_the_rows(
        qtbot, sqlite_db: Database, tmp_path: Path) -> None:
    dialog = open_registrants(qtbot, sqlite_db, unnamed_file(tmp_path))
    assert "氏名" in dialog.missing_label.text() and dialog.preview_report is None
    assert dialog.rows_label.text() == f"about {N:,} (counted by the preview)"
    choose_field(qtbot, dialog, "列A", "name")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)
    assert dialog.preview_report is not None and dialog.preview_report.imported == N
    assert dialog.rows_label.text() == f"{N:,}"


def test_a_long_postings_file_is_counted_before_the_full_list_default(
        qtbot, db: Database, tmp_path: Path) -> None:
    importer.import_file(db, "postings", write_cp932(tmp_path / "all.csv", many_rows(N + 50)))
    part = write_cp932(tmp_path / "part.csv", many_rows(N))
    dialog = open_dialog(qtbot, db, part)
    assert dialog.kind == "postings" and len(dialog.table.rows) == HEAD_ROWS
    assert dialog.rows_label.text() == f"{N:,}"
    # fewer rows than postings in the database: not the full list, so nothing is marked missing
    assert not dialog.full_check.isChecked()
    assert f"The file has {N:,} rows and the database {N + 50:,} postings" in dialog.full_note.text()
    assert "only a part" in dialog.full_note.text()
    assert dialog.preview_report is not None and dialog.preview_report.unchanged == N
    assert dialog.preview_report.flagged_missing == 0


def test_a_problem_below_the_head_is_reported_by_the_preview(qtbot, sqlite_db: Database, tmp_path: Path) -> None:
    path = registrants_file(tmp_path / "registrants.csv", N)
    path.write_bytes(path.read_bytes() + b"R-99,\x81\xff\r\n")
    dialog = open_dialog(qtbot, sqlite_db, path)
    assert dialog.mapping_model.headers == list(REGISTRANT_HEADERS)  # the mapping step is shown
    assert "is not Shift_JIS/CP932" in dialog.preview_label.text()
    assert not dialog.import_button.isEnabled()
    assert count_registrants(sqlite_db) == 0


def test_reading_a_long_postings_file_can_be_cancelled(qtbot, sqlite_db: Database, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    counting = threading.Event()
    real_count = DeskApp.count_rows

    def held_count(self: DeskApp, path: Path, *, progress=None, cancelled=None) -> int:  # type: ignore[no-untyped-def]
        counting.set()
        deadline = time.monotonic() + 20
        while cancelled is not None and not cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        return real_count(self, path, progress=progress, cancelled=cancelled)

    monkeypatch.setattr(DeskApp, "count_rows", held_count)
    dialog = open_dialog(qtbot, sqlite_db)
    dialog.load_file(write_cp932(tmp_path / "big.csv", many_rows(N)))
    qtbot.waitUntil(counting.is_set, timeout=20000)
    assert dialog.cancel_button.isVisible() and dialog.progress.isVisible()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)
    assert dialog.preview_label.text() == "Reading cancelled."
    assert dialog.table is None and dialog.rows_label.text() == "—"
    assert not dialog.preview_button.isEnabled() and not dialog.import_button.isEnabled()
    assert count_postings(sqlite_db) == 0


def test_the_estimate_reads_in_japanese(qapp, qtbot, sqlite_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desk.ui.i18n import install_translator

    assert install_translator(qapp, "ja")
    try:
        dialog = open_registrants(qtbot, sqlite_db, unnamed_file(tmp_path))
        assert dialog.rows_label.text() == f"約 {N:,}(プレビューで数えます)"
    finally:
        install_translator(qapp, "en")
