"""Database faults reach the user as one plain sentence (exit 2), the same in the window (in
Japanese), with the traceback only in the log file and never a password; nothing is changed."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from corpus import POSTING_HEADER, csv_text, posting_rows

from desk.cli import main
from desk.store.db import open_database
from desk.store.faults import TEMPLATES, DatabaseFault, classify
from tests.faults.conftest import fill, remount_read_only, snapshot

SECRET = "s3cret-Pw!"


def _postings(path: Path, n: int, seed: int = 1) -> Path:
    path.write_text(csv_text(POSTING_HEADER, posting_rows(n, random.Random(seed))), encoding="utf-8")
    return path


def _seeded(url: str, tmp_path: Path) -> None:
    assert main(["--db", url, "import", "postings", str(_postings(tmp_path / "seed.csv", 5))]) == 0


def test_locked_past_the_busy_timeout(tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    _seeded(sqlite_url, tmp_path)
    monkeypatch.setenv("DESK_BUSY_TIMEOUT_MS", "200")
    db = open_database(sqlite_url)
    before = snapshot(db)
    other = sqlite3.connect(str(tmp_path / "test.sqlite3"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another desk holds the write lock
    try:
        capsys.readouterr()
        code = main(["--db", sqlite_url, "import", "postings", str(_postings(tmp_path / "new.csv", 20, 2))])
    finally:
        other.execute("ROLLBACK")
        other.close()
    err = capsys.readouterr().err
    assert code == 2
    assert "Another desk is writing to the database" in err and "Try again" in err
    assert "Traceback" not in err
    assert snapshot(db) == before
    db.dispose()


def test_read_only_database_file(tmp_path: Path, sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _seeded(sqlite_url, tmp_path)
    ro = f"sqlite:///file:{tmp_path / 'test.sqlite3'}?mode=ro&uri=true"
    capsys.readouterr()
    code = main(["--db", ro, "import", "postings", str(_postings(tmp_path / "new.csv", 20, 2))])
    err = capsys.readouterr().err
    assert code == 2
    assert "read-only; nothing was changed" in err and "Traceback" not in err


def test_read_only_folder(tmpfs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmpfs / 'desk.sqlite3'}"
    _seeded(url, tmp_path)
    remount_read_only(tmpfs)
    capsys.readouterr()
    code = main(["--db", url, "import", "postings", str(_postings(tmp_path / "new.csv", 20, 2))])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "read-only" in err and "Traceback" not in err


def test_disk_full_changes_nothing(tmpfs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmpfs / 'desk.sqlite3'}"
    _seeded(url, tmp_path)
    db = open_database(url)
    before = snapshot(db)
    db.dispose()
    fill(tmpfs)
    capsys.readouterr()
    code = main(["--db", url, "import", "postings", str(_postings(tmp_path / "big.csv", 3000, 3))])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "The disk is full: nothing was changed" in err and "Traceback" not in err
    (tmpfs / "ballast").unlink()
    db = open_database(url)
    assert snapshot(db) == before
    db.dispose()


def test_server_unreachable_names_the_place_not_the_password(tmp_path: Path) -> None:
    """Run as a user would (a new process): one line on stderr, the traceback in the log file."""
    env = {**os.environ, "DESK_HOME": str(tmp_path / "home"), "PYTHONPATH": str(Path(__file__).parents[2])}
    url = f"postgresql://desk:{SECRET}@127.0.0.1:1/registry"
    done = subprocess.run([sys.executable, "-m", "desk", "--db", url, "history"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip() == ("desk: The database server 127.0.0.1:1/registry cannot be reached. "
                                   "Check that it is running and the address in Settings.")
    assert done.stdout == ""
    log = (tmp_path / "home" / "desk.log").read_text(encoding="utf-8")
    assert "Traceback" in log
    assert SECRET not in log
    if os.name == "posix":
        assert (tmp_path / "home" / "desk.log").stat().st_mode & 0o777 == 0o600


@pytest.mark.postgres
def test_wrong_password_is_said_without_the_password(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy.engine import make_url

    bad = make_url(pg_url).set(password=SECRET).render_as_string(hide_password=False)
    assert main(["--db", bad, "history"]) == 2
    err = capsys.readouterr().err
    assert "refused the user name or password" in err
    assert SECRET not in err


def test_driver_errors_are_classified() -> None:
    cases = {
        "database is locked": "locked", "attempt to write a readonly database": "readonly",
        "database or disk is full": "full", "disk I/O error": "io", "file is not a database": "corrupt",
    }
    for text, code in cases.items():
        fault = classify(sqlite3.OperationalError(text), "sqlite:////nonexistent-desk/desk.sqlite3")
        assert fault is not None and fault.code == code, text
        assert "/nonexistent-desk/desk.sqlite3" in str(fault)
    assert classify(sqlite3.IntegrityError("UNIQUE constraint failed")) is None
    assert classify(ValueError("no")) is None


def test_the_window_shows_the_same_words_in_japanese(qapp) -> None:  # type: ignore[no-untyped-def]
    from desk.ui.errors import plain_message
    from desk.ui.fault_text import SOURCES
    from desk.ui.i18n import install_translator, remove_translators

    assert set(SOURCES) == set(TEMPLATES.values())  # one set of sentences, CLI and window
    fault = DatabaseFault("full", "/data/desk.sqlite3")
    remove_translators(qapp)  # whatever an earlier test left installed on the shared application
    assert plain_message(fault) == str(fault)  # English without a translator
    assert install_translator(qapp, "ja")
    try:
        text = plain_message(sqlite3.OperationalError("database or disk is full"))
        assert text.startswith("ディスクがいっぱいです。何も変更していません")
        assert "ディスクがいっぱい" in plain_message(fault) and "/data/desk.sqlite3" in plain_message(fault)
    finally:
        remove_translators(qapp)
