"""Audit without a gap: an export file has its final name only once its record is committed; the
temporary file goes on every failure (disk full included); rejects files, rank --json, history and
sheets are recorded with what they really carried."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus import REGISTRANT_HEADER, csv_text, registrant_rows

from desk.cli import main
from desk.services import export_files
from desk.services.exports import export_placements, list_exports
from desk.store.db import Database, open_database
from tests.faults.conftest import fill
from tests.services.test_exports import seed


@pytest.fixture
def seeded(sqlite_url: str) -> Iterator[Database]:
    db = open_database(sqlite_url)
    seed(db)
    yield db
    db.dispose()


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_the_file_appears_only_after_its_record_is_committed(seeded: Database, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out" / "placements.csv"
    out.parent.mkdir()
    paused, go = threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def pause(path: Path) -> None:
        paused.set()
        assert go.wait(30)

    monkeypatch.setattr(export_files, "before_commit", pause)
    worker = threading.Thread(target=lambda: seen.update(result=export_placements(seeded, out, coordinator="佐藤")))
    worker.start()
    assert paused.wait(30)
    try:  # in the window between the record's flush and its commit
        assert not out.exists()
        staged = _leftovers(out.parent)
        assert len(staged) == 1 and _mode(out.parent / staged[0]) == 0o600
        reader = open_database(f"sqlite:///{seeded.engine.url.database}")
        assert [e for e in list_exports(reader) if e.kind == "placements"] == []
        reader.dispose()
    finally:
        go.set()
        worker.join(30)
    assert out.exists() and _mode(out) == 0o600
    assert _leftovers(out.parent) == []
    assert [e.file_name for e in list_exports(seeded) if e.kind == "placements"] == [str(out)]


def test_a_crash_before_the_commit_leaves_no_file(seeded: Database, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(path: Path) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(export_files, "before_commit", crash)
    with pytest.raises(RuntimeError):
        export_placements(seeded, tmp_path / "p.xlsx", coordinator="佐藤")
    assert not (tmp_path / "p.xlsx").exists()
    assert _leftovers(tmp_path) == []
    assert [e for e in list_exports(seeded) if e.kind == "placements"] == []


def test_disk_full_during_an_export(tmpfs: Path, seeded: Database, sqlite_url: str,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    fill(tmpfs)
    out = tmpfs / "placements.xlsx"
    assert main(["--db", sqlite_url, "export", "placements", str(out)]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and "No space left" in err
    assert sorted(p.name for p in tmpfs.iterdir()) == ["ballast"]  # no temp file left
    assert [e for e in list_exports(seeded) if e.kind == "placements"] == []


def test_rejects_file_is_private_and_recorded(tmp_path: Path, sqlite_url: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    rows = registrant_rows(5, random.Random(3))
    rows[2][3] = "宇宙飛行士"  # unknown occupation
    src = tmp_path / "r.csv"
    src.write_text(csv_text(REGISTRANT_HEADER, rows), encoding="utf-8")
    assert main(["--db", sqlite_url, "import", "registrants", str(src), "--by", "佐藤"]) == 2
    rejects = tmp_path / "r.rejects.csv"
    assert rejects.exists() and _mode(rejects) == 0o600
    assert _leftovers(tmp_path) == []
    db = open_database(sqlite_url)
    (rec,) = [e for e in list_exports(db) if e.kind == "rejects"]
    db.dispose()
    assert (rec.file_name, rec.rows, rec.coordinator) == (str(rejects), 1, "佐藤")


def test_rank_json_and_history_are_recorded(seeded: Database, sqlite_url: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", sqlite_url, "rank", "K-1", "--json"]) == 0
    assert main(["--db", sqlite_url, "history", "--posting", "K-2"]) == 0
    assert main(["--db", sqlite_url, "rank", "K-1"]) == 0  # the table on screen is not an export
    assert "髙橋" in capsys.readouterr().out
    kinds = {e.kind: e for e in list_exports(seeded)}
    assert kinds["history"].rows == 2 and kinds["history"].filters["posting"] == "K-2"
    assert kinds["rank_json"].filters["posting"] == "K-1"
    assert sum(1 for e in list_exports(seeded) if e.kind == "rank_json") == 1


def test_a_sheet_records_the_candidates_it_carried(seeded: Database, tmp_path: Path) -> None:
    from desk.print import count_candidates, write_sheet

    result = write_sheet(tmp_path / "k1.pdf", seeded, ["K-1"], coordinator="佐藤", top=20)
    assert _mode(tmp_path / "k1.pdf") == 0o600 and _leftovers(tmp_path) == []
    (rec,) = [e for e in list_exports(seeded) if e.kind == "sheet_coordinator"]
    assert rec.rows == result.candidates == count_candidates(seeded, ["K-1"], audience="coordinator", top=20) > 0


def test_a_process_killed_in_the_window_leaves_no_unlisted_file(seeded: Database, sqlite_url: str,
                                                                tmp_path: Path) -> None:
    """A real crash: desk is killed after writing the file and before committing its record."""
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "placements.csv"
    marker = tmp_path / "paused"
    env = {**os.environ, "DESK_TEST_EXPORT_PAUSE": str(marker), "PYTHONPATH": str(Path(__file__).parents[2])}
    proc = subprocess.Popen([sys.executable, "-m", "desk", "--db", sqlite_url, "export", "placements", str(out)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    assert not out.exists()
    (left,) = _leftovers(tmp_path)  # hidden and private
    assert _mode(tmp_path / left) == 0o600
    assert [e for e in list_exports(seeded) if e.kind == "placements"] == []
    # The next export of the same file clears the dead process's leftover.
    export_placements(seeded, out, coordinator="佐藤")
    assert out.exists() and _leftovers(tmp_path) == []
    assert len([e for e in list_exports(seeded) if e.kind == "placements"]) == 1


def test_a_rejects_file_that_cannot_be_written_refuses_the_import(tmpfs: Path, tmp_path: Path, sqlite_url: str,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from tests.faults.conftest import remount_read_only, snapshot

    rows = registrant_rows(5, random.Random(3))
    rows[2][3] = "宇宙飛行士"
    src = tmp_path / "r.csv"
    src.write_text(csv_text(REGISTRANT_HEADER, rows), encoding="utf-8")
    remount_read_only(tmpfs)
    db = open_database(sqlite_url)
    before = snapshot(db)
    code = main(["--db", sqlite_url, "import", "registrants", str(src), "--accept-partial",
                 "--rejects", str(tmpfs / "r.rejects.csv")])
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot write the rejects file" in err and "Read-only file system" in err
    assert snapshot(db) == before and [e for e in list_exports(db) if e.kind == "rejects"] == []
    db.dispose()

