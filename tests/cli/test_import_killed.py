"""A killed import leaves the database exactly as it was (one transaction per import)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from desk.core.demo import REGISTRANT_HEADERS, generate_registrants, write_csv


def _count(db_file: Path) -> int:
    with sqlite3.connect(db_file) as conn:
        return conn.execute("SELECT count(*) FROM registrant").fetchone()[0]


def test_kill_during_import_changes_nothing(tmp_path: Path) -> None:
    db_file = tmp_path / "desk.sqlite3"
    url = f"sqlite:///{db_file}"
    small = tmp_path / "small.csv"
    write_csv(small, generate_registrants(50, seed=2), REGISTRANT_HEADERS, encoding="cp932")
    subprocess.run([sys.executable, "-m", "desk", "--db", url, "import", "registrants", str(small)],
                   check=True, capture_output=True)
    assert _count(db_file) == 50
    big = tmp_path / "big.csv"
    write_csv(big, generate_registrants(60_000, seed=9), REGISTRANT_HEADERS, encoding="cp932")
    proc = subprocess.Popen([sys.executable, "-m", "desk", "--db", url, "import", "registrants", str(big)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Kill it while it is writing: once the write transaction holds the lock (WAL file growing).
    wal = Path(f"{db_file}-wal")
    start_size = wal.stat().st_size if wal.exists() else 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > start_size + 1_000_000:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the import finished before it could be killed; make the file bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _count(db_file) == 50  # the 60,000 half-written rows are gone with the transaction
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 1
