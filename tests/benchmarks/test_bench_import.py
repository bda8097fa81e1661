"""Import 100,000 registrants from a CP932 CSV: rows per second and peak memory, side by side with a
plain baseline (csv module + sqlite3 executemany of the same file) in the same process.

Run: ``.venv/bin/python -m pytest -m benchmark tests/benchmarks/test_bench_import.py -s``
(``DESK_BENCH_N=10000`` for a quick run). Figures go to tests/benchmarks/results.json under "import".
Targets (2-core machine): at least 20,000 rows/s and at most 600 MB peak memory.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desk.core.demo import REGISTRANT_HEADERS, generate_registrants, write_csv
from tests.benchmarks.results import bench_n, record

pytestmark = pytest.mark.benchmark

_CHILD = r"""
import json, sys, time
mode, path, url = sys.argv[1], sys.argv[2], sys.argv[3]
t = time.perf_counter()
if mode == "desk":
    from desk.services.importer import import_file, ImportOptions
    from desk.store.db import open_database
    db = open_database(url)
    rows = import_file(db, "registrants", path, ImportOptions()).imported
else:
    sys.path.insert(0, sys.argv[4])
    from tests.benchmarks.test_bench_import import baseline_import
    rows = baseline_import(path, url)
elapsed = time.perf_counter() - t
# VmHWM is this process's own peak resident memory (ru_maxrss would include the parent's at fork).
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({"rows": rows, "seconds": elapsed, "peak_mb": hwm / 1024}))
"""


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
    from desk.services.importer import ImportOptions, import_file
    from desk.store.db import open_database

    n = bench_n()
    path = tmp_path / "registrants_cp932.csv"
    write_csv(path, generate_registrants(n, seed=7), REGISTRANT_HEADERS, encoding="cp932")

    # Side by side in this process: baseline, desk, baseline again (the better baseline counts).
    times: dict[str, list[float]] = {"baseline": [], "desk": []}
    cpu: dict[str, list[float]] = {"baseline": [], "desk": []}
    for i, mode in enumerate(("baseline", "desk", "baseline")):
        t, c = time.perf_counter(), time.process_time()
        if mode == "desk":
            db = open_database(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
            report = import_file(db, "registrants", path, ImportOptions())
            db.dispose()
            assert report.imported == n and report.rejected == 0
        else:
            assert baseline_import(path, tmp_path / f"base{i}.sqlite3") == n
        times[mode].append(time.perf_counter() - t)
        cpu[mode].append(time.process_time() - c)
    desk_s, base_s = min(times["desk"]), min(times["baseline"])
    desk_cpu, base_cpu = min(cpu["desk"]), min(cpu["baseline"])

    # Peak memory of each, in a fresh process so one does not inflate the other.
    desk_child = _child("desk", path, f"sqlite:///{tmp_path / 'child.sqlite3'}")
    base_child = _child("baseline", path, str(tmp_path / "child-base.sqlite3"))
    figures = {
        "rows": n,
        "desk_rows_per_s": round(n / desk_s),
        "baseline_rows_per_s": round(n / base_s),
        "desk_seconds": round(desk_s, 3),
        "baseline_seconds": round(base_s, 3),
        "desk_vs_baseline_time": round(desk_s / base_s, 2),
        "desk_rows_per_cpu_s": round(n / desk_cpu),
        "baseline_rows_per_cpu_s": round(n / base_cpu),
        "desk_peak_mb": round(desk_child["peak_mb"], 1),
        "baseline_peak_mb": round(base_child["peak_mb"], 1),
        "target_rows_per_s": 20_000,
        "target_peak_mb": 600,
    }
    record("import", figures)
    print(json.dumps(figures, indent=2))
