"""Registrant imports in several chunks (a small chunk size stands in for a registry-sized file):
one transaction across the chunks, rejects and warnings with their row numbers, the preview's plan
written exactly, a change in the database after the preview refused."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.core.demo import REGISTRANT_HEADERS, generate_registrants, write_csv
from desk.services import import_stream
from desk.services.importer import (
    ImportCancelled,
    ImportOptions,
    ImportStale,
    commit_import,
    import_file,
    prepare_import,
)
from desk.store.db import Database
from desk.store.models import ExportRecord, ImportBatch, Registrant
from tests.services.test_importer import count

N = 230  # five chunks of 50, the last one short


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_stream, "CHUNK_ROWS", 50)


def registrants(tmp_path: Path, name: str = "r.csv", n: int = N, seed: int = 7,
                change: dict[int, dict[str, str]] | None = None) -> Path:
    rows = generate_registrants(n, seed=seed)
    for i, cells in (change or {}).items():
        rows[i].update(cells)
    return write_csv(tmp_path / name, rows, REGISTRANT_HEADERS, encoding="cp932")


def reader_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "desk-import-reader" and t.is_alive()]


def stored(db: Database) -> dict[str, tuple[str, str, str]]:
    with db.session() as s:
        return {sid: (name, city, h) for sid, name, city, h in
                s.execute(select(Registrant.source_id, Registrant.name, Registrant.home_city, Registrant.row_hash))}


def test_chunks_import_like_one_and_keep_row_numbers(db: Database, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    bad = {10: {"状態": "不明"}, 120: {"職種": "宇宙飛行士"}, 225: {"氏名": ""}}
    path = registrants(tmp_path, change={**bad, 180: {"勤務可能地域": "火星"}})
    report = import_file(db, "registrants", path, ImportOptions(accept_partial=True))
    assert (report.imported, report.rejected, report.total_rows) == (N - 3, 3, N)
    # Row numbers are the file's (the header is row 1): across chunks they stay right.
    assert [(r.row, r.column) for r in report.rejects] == [(12, "状態"), (122, "職種"), (227, "氏名")]
    assert (182, "勤務可能地域") in [(w.row, w.column) for w in report.warnings]
    assert report.rejects_file is not None and report.rejects_file.exists()
    assert "宇宙飛行士" in report.rejects_file.read_text(encoding="utf-8-sig")
    # The same file in one chunk gives the same rows, the same fingerprints: all unchanged.
    monkeypatch.setattr(import_stream, "CHUNK_ROWS", 10_000)
    again = import_file(db, "registrants", path, ImportOptions(accept_partial=True))
    assert (again.imported, again.updated, again.unchanged) == (0, 0, N - 3)


def test_a_failure_in_the_last_chunk_rolls_back_every_chunk(db: Database, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import_file(db, "registrants", registrants(tmp_path, "first.csv", n=40, seed=3))
    before = stored(db)
    real = import_stream.insert_columns
    calls: list[int] = []

    def failing(session, table, columns, **kw):  # type: ignore[no-untyped-def]
        calls.append(len(columns["source_id"]))
        if len(calls) == 5:  # the fifth chunk: four were written in this transaction already
            raise OSError(28, "No space left on device")
        real(session, table, columns, **kw)

    monkeypatch.setattr(import_stream, "insert_columns", failing)
    with pytest.raises(Exception, match="space"):
        import_file(db, "registrants", registrants(tmp_path))
    assert calls == [10, 50, 50, 50, 30]  # the first chunk also updated the 40 registrants already there
    assert stored(db) == before
    assert not reader_threads()  # the reader thread stopped before the file was closed
    with db.session() as s:
        assert len(s.scalars(select(ImportBatch)).all()) == 1


def test_cancel_in_a_later_chunk_writes_nothing(db: Database, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    with pytest.raises(ImportCancelled):
        import_file(db, "registrants", registrants(tmp_path), progress=lambda d, t: seen.append((d, t)),
                    cancel=lambda: bool(seen) and seen[-1][0] > 150)
    assert count(db, Registrant) == 0 and count(db, ImportBatch) == 0
    assert not reader_threads()


def test_rejected_rows_without_accept_partial_write_nothing_but_the_rejects_record(db: Database,
                                                                                   tmp_path: Path) -> None:
    report = import_file(db, "registrants", registrants(tmp_path, change={210: {"状態": "不明"}}))
    assert report.refused and report.imported == 0 and [r.row for r in report.rejects] == [212]
    assert count(db, Registrant) == 0 and count(db, ImportBatch) == 0
    assert count(db, ExportRecord) == 1 and report.rejects_file is not None and report.rejects_file.exists()


def test_commit_writes_what_the_preview_showed(db: Database, tmp_path: Path) -> None:
    import_file(db, "registrants", registrants(tmp_path, "old.csv", n=100))
    path = registrants(tmp_path, change={20: {"電話": "000-0000-0000"}, 199: {"状態": "不明"}})
    prepared = prepare_import(db, "registrants", path, ImportOptions(accept_partial=True))
    preview = prepared.preview
    assert (preview.imported, preview.updated, preview.unchanged, preview.rejected) == (N - 100 - 1, 1, 99, 1)
    assert count(db, Registrant) == 100  # the preview wrote nothing
    report = commit_import(db, prepared, ImportOptions(accept_partial=True))
    assert (report.imported, report.updated, report.unchanged) == (preview.imported, preview.updated,
                                                                    preview.unchanged)
    assert [r.row for r in report.rejects] == [201]
    assert count(db, Registrant) == N - 1
    with db.session() as s:
        sid = generate_registrants(N, seed=7)[20]["登録ID"]
        assert s.scalar(select(Registrant.phone).where(Registrant.source_id == sid)) == "000-0000-0000"


def test_a_change_in_the_last_chunk_after_the_preview_is_refused(db: Database, tmp_path: Path) -> None:
    path = registrants(tmp_path)
    prepared = prepare_import(db, "registrants", path, ImportOptions())
    # A colleague imports the file's last rows meanwhile: the preview's "new" are now there.
    last = generate_registrants(N, seed=7)[-5:]
    import_file(db, "registrants", write_csv(tmp_path / "other.csv", last, REGISTRANT_HEADERS, encoding="cp932"))
    with pytest.raises(ImportStale, match="database changed after the preview"):
        commit_import(db, prepared, ImportOptions())
    assert count(db, Registrant) == 5 and count(db, ImportBatch) == 1
