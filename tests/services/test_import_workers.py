"""Registrant imports read and normalised in worker processes (import_workers; a small chunk size and
DESK_IMPORT_WORKERS stand in for a registry-sized file): the same rows, fingerprints, rejects and
warnings as in one process; all-or-nothing when the import is cancelled, when a worker fails or is
killed; and no worker outlives its import, even when the importing process is killed."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.core.demo import generate_registrants
from desk.services import import_stream, import_workers
from desk.services.importer import (
    ImportCancelled,
    ImportInputError,
    ImportOptions,
    commit_import,
    import_file,
    prepare_import,
)
from desk.store.db import Database, open_database
from desk.store.models import ImportBatch, Registrant
from tests.services.test_import_stream import registrants
from tests.services.test_importer import count

N = 230  # five chunks of 50, the last one short
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_stream, "CHUNK_ROWS", 50)


def workers(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    monkeypatch.setenv("DESK_IMPORT_WORKERS", str(n))


def table(db: Database) -> list[tuple[object, ...]]:
    """Every stored column of every registrant but the batch, the time and the store id."""
    cols = [c for c in Registrant.__table__.c if c.name not in ("id", "first_batch_id", "last_batch_id", "changed_at")]
    with db.session() as s:
        return sorted(tuple(row) for row in s.execute(select(*cols)))


def no_workers_left() -> bool:
    return not [p for p in multiprocessing.active_children() if p.name.startswith("desk-import-worker")]


@pytest.mark.parametrize("lanes", [1, 2])
def test_workers_import_what_one_process_imports(lanes: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sid = generate_registrants(N, seed=7)[3]["登録ID"]
    change = {10: {"状態": "不明"}, 120: {"職種": "宇宙飛行士"}, 180: {"勤務可能地域": "火星"},
              60: {"登録ID": sid}, 140: {"登録ID": sid}, 200: {"登録日": "2024-02-30"}}  # ids of row 5 twice more
    path = registrants(tmp_path, change=change)
    reports, tables = [], []
    for n in (0, lanes):
        workers(monkeypatch, n)
        db = open_database(f"sqlite:///{tmp_path / f'w{n}.sqlite3'}")
        seen: list[tuple[int, int]] = []
        reports.append(import_file(db, "registrants", path, ImportOptions(accept_partial=True),
                                   progress=lambda d, t, seen=seen: seen.append((d, t))))
        tables.append(table(db))
        assert [d for d, _t in seen] == sorted(d for d, _t in seen) and seen[-1][0] == seen[-1][1]
        db.dispose()
    one, more = reports
    assert tables[0] == tables[1] and len(tables[0]) == N - 5
    assert (more.imported, more.rejected, more.total_rows) == (one.imported, one.rejected, one.total_rows) == (N - 5, 5, N)
    assert more.rejects == one.rejects and more.warnings == one.warnings
    assert [(r.row, r.column) for r in more.rejects] == [(12, "状態"), (62, "登録ID"), (122, "職種"), (142, "登録ID"),
                                                         (202, "登録日")]
    # The rejects file holds each rejected row as read, the duplicates found across workers too.
    assert more.rejects_file is not None
    text = more.rejects_file.read_text(encoding="utf-8-sig")
    assert text.count(sid) == 2 and "宇宙飛行士" in text
    assert no_workers_left()


@pytest.mark.parametrize("lanes", [0, 1])
def test_a_repeated_id_is_reported_with_the_row_it_first_appeared_on(lanes: int, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    workers(monkeypatch, lanes)
    sids = [r["登録ID"] for r in generate_registrants(N, seed=7)]
    # Row 5's id again in its own chunk and in a later one; row 102 is rejected, so its id is first
    # taken (validly) on row 103, and only row 172 repeats it.
    change = {10: {"登録ID": sids[3]}, 60: {"登録ID": sids[3]}, 100: {"状態": "不明"},
              101: {"登録ID": sids[100]}, 170: {"登録ID": sids[100]}}
    db = open_database(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    report = import_file(db, "registrants", registrants(tmp_path, change=change), ImportOptions(accept_partial=True))
    assert [(r.row, r.column, r.reason) for r in report.rejects] == [
        (12, "登録ID", "duplicate id: already on row 5 of this file"),
        (62, "登録ID", "duplicate id: already on row 5 of this file"),
        (102, "状態", "unknown 状態 (expected 有効, 休止 or 退会)"),
        (172, "登録ID", "duplicate id: already on row 103 of this file")]
    assert report.imported == N - 4
    db.dispose()


def test_a_preview_read_by_workers_is_committed_exactly(db: Database, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    workers(monkeypatch, 1)
    import_file(db, "registrants", registrants(tmp_path, "old.csv", n=100))
    path = registrants(tmp_path, change={20: {"電話": "000-0000-0000"}, 199: {"状態": "不明"},
                                         150: {"勤務可能日": "土日祝"}})
    prepared = prepare_import(db, "registrants", path, ImportOptions(accept_partial=True))
    assert prepared.streamed.memo_blob is not None  # the workers' readings, handed to the commit
    preview = prepared.preview
    assert (preview.imported, preview.updated, preview.unchanged, preview.rejected) == (N - 100 - 1, 1, 99, 1)
    report = commit_import(db, prepared, ImportOptions(accept_partial=True))
    assert (report.imported, report.updated, report.unchanged) == (N - 100 - 1, 1, 99)
    with db.session() as s:
        sid = generate_registrants(N, seed=7)[20]["登録ID"]
        assert s.scalar(select(Registrant.phone).where(Registrant.source_id == sid)) == "000-0000-0000"
    assert count(db, Registrant) == N - 1 and no_workers_left()


def test_cancel_while_workers_read_writes_nothing(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workers(monkeypatch, 2)
    seen: list[int] = []
    with pytest.raises(ImportCancelled):
        import_file(db, "registrants", registrants(tmp_path, n=2000), progress=lambda d, _t: seen.append(d),
                    cancel=lambda: bool(seen) and seen[-1] > 400)
    assert count(db, Registrant) == 0 and count(db, ImportBatch) == 0
    assert no_workers_left()
    with pytest.raises(ImportCancelled):  # cancelled while the worker is still starting
        import_file(db, "registrants", registrants(tmp_path, n=2000), cancel=lambda: True)
    assert count(db, Registrant) == 0 and no_workers_left()


def test_a_problem_a_worker_finds_further_down_rolls_back_everything(db: Database, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    workers(monkeypatch, 1)
    path = registrants(tmp_path, n=2000)
    with path.open("a", encoding="cp932") as fh:  # the last row is too wide to be a registrant
        fh.write(",".join("x" for _ in range(1200)) + "\r\n")
    with pytest.raises(ImportInputError, match="1,200 cells"):
        import_file(db, "registrants", path, ImportOptions(accept_partial=True))
    assert count(db, Registrant) == 0 and count(db, ImportBatch) == 0
    assert no_workers_left()


def test_a_killed_worker_stops_the_import_and_nothing_is_written(db: Database, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    workers(monkeypatch, 1)
    killed: list[int] = []

    def kill_the_worker(_done: int, _total: int) -> None:
        if not killed:
            for p in multiprocessing.active_children():
                if p.name.startswith("desk-import-worker") and p.pid is not None:
                    os.kill(p.pid, signal.SIGKILL)
                    killed.append(p.pid)

    with pytest.raises(import_workers.WorkerGone, match="ended unexpectedly"):
        import_file(db, "registrants", registrants(tmp_path, n=3000), progress=kill_the_worker)
    assert killed and count(db, Registrant) == 0 and count(db, ImportBatch) == 0
    assert no_workers_left()


@pytest.mark.skipif(sys.platform == "win32", reason="the test hook writes half a message to the pipe's descriptor")
def test_a_worker_killed_inside_a_message_stops_the_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker writes half of a chunk's message (larger than a pipe holds) and ends at once, as
    when the system kills it then: the import stops with WorkerGone's words instead of waiting for
    the rest forever, the database is as before and no worker is left. (With a queue whose write
    end the importing process also held, the read never ended: this test timed out.)"""
    workers(monkeypatch, 1)
    monkeypatch.setattr(import_stream, "CHUNK_ROWS", 1000)  # a message of ~0.5 MB
    db = open_database(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    import_file(db, "registrants", registrants(tmp_path, "old.csv", n=100, seed=3))
    before = table(db)
    monkeypatch.setenv(import_workers.DIE_MID_SEND, "1")
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            import_file(db, "registrants", registrants(tmp_path, n=3000))
        except BaseException as exc:  # noqa: BLE001 - looked at below
            outcome.append(exc)

    importing = threading.Thread(target=run, daemon=True)
    importing.start()
    importing.join(timeout=120)  # a liveness bound, not a speed claim: it ends within a second or two
    assert not importing.is_alive(), "the import waited forever for the rest of a message"
    assert len(outcome) == 1 and isinstance(outcome[0], import_workers.WorkerGone), outcome
    assert "ended unexpectedly" in str(outcome[0]) and "nothing was imported" in str(outcome[0])
    assert table(db) == before and count(db, ImportBatch) == 1
    assert no_workers_left()
    db.dispose()


_KILLED_CHILD = r"""
import json, multiprocessing, os, signal, sys
from desk.services import import_stream
from desk.services.importer import import_file, ImportOptions
from desk.store.db import open_database

def killed(_done, _total):
    pids = [p.pid for p in multiprocessing.active_children() if p.name.startswith("desk-import-worker")]
    if pids:
        print(json.dumps(pids), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

if __name__ == "__main__":
    import_stream.CHUNK_ROWS = 50
    import_file(open_database(sys.argv[1]), "registrants", sys.argv[2], ImportOptions(), progress=killed)
"""


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")  # exited (a zombie until init reaps it)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_workers_end_when_the_importing_process_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(_KILLED_CHILD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DESK_IMPORT_WORKERS": "1", "DESK_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, str(script), f"sqlite:///{tmp_path / 'k.sqlite3'}",
                           str(registrants(tmp_path, n=3000))], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stderr
    pids = json.loads(done.stdout.strip().splitlines()[-1])
    deadline = time.monotonic() + 60  # a liveness bound, not a speed claim: a worker notices within a chunk
    while not all(_gone(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert all(_gone(pid) for pid in pids)


def _script_output(tmp_path: Path, source: str) -> list[str]:
    """What a script importing N registrants through one worker prints (its words), run as a new
    program (its own __main__)."""
    script = tmp_path / "child.py"
    script.write_text(source, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DESK_IMPORT_WORKERS": "1", "DESK_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, str(script), f"sqlite:///{tmp_path / 'n.sqlite3'}",
                           str(registrants(tmp_path, n=N))], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


_NORMALISES_NOTHING = r"""
import sys
from desk.core import region_resolve
from desk.services import import_stream
from desk.services.importer import ImportOptions, import_file
from desk.store.db import open_database
if __name__ == "__main__":
    import_stream.CHUNK_ROWS = 50
    report = import_file(open_database(sys.argv[1]), "registrants", sys.argv[2], ImportOptions())
    print(report.imported, region_resolve._gazetteer.cache_info().currsize)
"""


def test_the_importing_process_leaves_the_normalising_to_the_worker(tmp_path: Path) -> None:
    """The memory the normalisers take (the gazetteer, their caches, the readings) is held once, by
    the worker: the importing process never loads the gazetteer (it reads and fingerprints the rows,
    and plans and writes them)."""
    assert _script_output(tmp_path, _NORMALISES_NOTHING) == [str(N), "0"]


_UNGUARDED = """
import sys
from pathlib import Path
from desk.services.importer import ImportOptions, import_file
from desk.store.db import open_database
db = open_database(sys.argv[1])
report = import_file(db, "registrants", Path(sys.argv[2]), ImportOptions())
print(report.imported, report.rejected)
"""


def test_a_script_without_a_main_guard_imports_through_a_worker(tmp_path: Path) -> None:
    """A worker does not run the script that started it again (it started workers of its own)."""
    assert _script_output(tmp_path, _UNGUARDED) == [str(N), "0"]


def test_an_import_starts_no_worker_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """One process is the default (a worker gained nothing on two cores once each cell was cleaned
    once); DESK_IMPORT_WORKERS=N asks for N."""
    monkeypatch.delenv("DESK_IMPORT_WORKERS", raising=False)
    assert import_workers.lanes_for() == 0
    for value, lanes in (("1", 1), ("2", 2), ("0", 0), (" 1 ", 1), ("many", 0), ("", 0)):
        monkeypatch.setenv("DESK_IMPORT_WORKERS", value)
        assert import_workers.lanes_for() == lanes
