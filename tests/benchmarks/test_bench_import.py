"""Import registrants from a CP932 CSV end to end (DESK_BENCH_N rows, default 100,000; it runs at
1,000,000 too): rows per second and peak memory of a new process, side by side with a plain floor
(csv module + sqlite3 executemany of the same file, text columns, no checks) run before and after.

Run: ``.venv/bin/python -m pytest -m benchmark tests/benchmarks/test_bench_import.py -s``
(``DESK_BENCH_N=10000`` for a quick run, ``DESK_BENCH_N=1000000`` for the national scale). Figures
go to tests/benchmarks/results.json under "import" (under "import_<N>" for another N), with the load
average: on a shared machine the CPU seconds say more than the wall seconds. Targets (issue 17):
at least 40,000 rows/s, at most 300 MB peak at 100k and 600 MB at 1M.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desk.core.demo import REGISTRANT_HEADERS, generate_registrants
from tests.benchmarks.results import bench_n, record

pytestmark = pytest.mark.benchmark

_CHILD = r"""
import json, resource, sys, time
mode, path, url = sys.argv[1], sys.argv[2], sys.argv[3]
start = t = time.perf_counter()
c = time.process_time()
if mode == "desk":
    from desk.services.importer import import_file, ImportOptions
    from desk.store.db import open_database
    t, c = time.perf_counter(), time.process_time()  # from here: the modules are loaded (as in the window)
    db = open_database(url)
    report = import_file(db, "registrants", path, ImportOptions())
    assert report.rejected == 0, report.rejects[:3]
    rows = report.imported
else:
    sys.path.insert(0, sys.argv[4])
    from tests.benchmarks.test_bench_import import baseline_import
    rows = baseline_import(path, url)
elapsed, cpu = time.perf_counter() - t, time.process_time() - c
# VmHWM is this process's own peak resident memory (ru_maxrss would include the parent's at fork).
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
# The import's worker processes (reaped by now): their CPU, and the largest one's peak resident memory.
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rows": rows, "seconds": elapsed, "cpu_seconds": cpu, "peak_mb": hwm / 1024,
                  "worker_cpu_seconds": kids.ru_utime + kids.ru_stime, "worker_peak_mb": kids.ru_maxrss / 1024,
                  "process_seconds": time.perf_counter() - start}))
"""
BLOCK = 100_000


def write_registrants(path: Path, n: int) -> Path:
    """``n`` demo registrants as a CP932 CSV, generated a block at a time (1M rows do not fit the
    test's own memory at once); ids are made unique across blocks."""
    with path.open("w", encoding="cp932", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(REGISTRANT_HEADERS)
        for b, start in enumerate(range(0, n, BLOCK)):
            for row in generate_registrants(min(BLOCK, n - start), seed=7 + b):
                if b:
                    row["登録ID"] = f"B{b}-{row['登録ID']}"
                writer.writerow([row.get(h, "") for h in REGISTRANT_HEADERS])
    return path


def baseline_import(path: str | Path, db_file: str | Path) -> int:
    """The plain way: csv module over the decoded file, sqlite3 executemany of every row."""
    with open(path, encoding="cp932", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        conn = sqlite3.connect(db_file)
        cols = ", ".join(f'"{h}" TEXT' for h in header)
        conn.execute(f"CREATE TABLE IF NOT EXISTS registrant ({cols})")
        marks = ", ".join("?" for _ in header)
        n = 0
        with conn:
            batch: list[list[str]] = []
            for row in reader:
                batch.append(row)
                if len(batch) == 5000:
                    conn.executemany(f"INSERT INTO registrant VALUES ({marks})", batch)
                    n += len(batch)
                    batch = []
            conn.executemany(f"INSERT INTO registrant VALUES ({marks})", batch)
            n += len(batch)
        conn.close()
        return n


def _child(mode: str, path: Path, target: str) -> dict[str, float]:
    root = str(Path(__file__).resolve().parents[2])
    out = subprocess.run([sys.executable, "-c", _CHILD, mode, str(path), target, root],
                         capture_output=True, text=True, check=True, cwd=root)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_registrants_cp932(tmp_path: Path) -> None:
    n = bench_n()
    path = write_registrants(tmp_path / "registrants_cp932.csv", n)
    # Each in a new process (its own peak memory), the floor before and after (the better counts).
    floors = [_child("baseline", path, str(tmp_path / "base0.sqlite3"))]
    desk = _child("desk", path, f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    floors.append(_child("baseline", path, str(tmp_path / "base1.sqlite3")))
    assert desk["rows"] == n and all(f["rows"] == n for f in floors)
    floor = min(floors, key=lambda f: f["seconds"])
    floor_cpu = min(f["cpu_seconds"] for f in floors)
    figures = {
        "rows": n,
        "desk_rows_per_s": round(n / desk["seconds"]),
        "desk_seconds": round(desk["seconds"], 3),
        "desk_cpu_seconds": round(desk["cpu_seconds"], 3),
        "desk_process_seconds": round(desk["process_seconds"], 3),  # with Python and desk's modules loading
        "desk_rows_per_cpu_s": round(n / desk["cpu_seconds"]),
        "desk_peak_mb": round(desk["peak_mb"], 1),
        # Worker processes (import_workers) read and normalise alongside: their CPU, the largest one's
        # peak, and that added to the importing process's (what one worker and the writer held at most).
        "desk_worker_cpu_seconds": round(desk["worker_cpu_seconds"], 3),
        "desk_worker_peak_mb": round(desk["worker_peak_mb"], 1),
        "desk_peak_with_workers_mb": round(desk["peak_mb"] + desk["worker_peak_mb"], 1),
        "baseline_rows_per_s": round(n / floor["seconds"]),
        "baseline_seconds": round(floor["seconds"], 3),
        "baseline_cpu_seconds": round(floor_cpu, 3),
        "baseline_peak_mb": round(max(f["peak_mb"] for f in floors), 1),
        "desk_vs_baseline_time": round(desk["seconds"] / floor["seconds"], 2),
        "desk_vs_baseline_cpu": round(desk["cpu_seconds"] / floor_cpu, 2),
        "target_rows_per_s": 40_000,
        "target_peak_mb": 300 if n <= 100_000 else 600,
        "load_average": round(os.getloadavg()[0], 1),
    }
    record("import" if n == 100_000 else f"import_{n}", figures)
    print(json.dumps(figures, indent=2))
