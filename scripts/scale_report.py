"""The scale report (issue 17): time and memory against the registry's size, each figure beside its floor.

    .venv/bin/python scripts/scale_report.py [--sizes 10000,100000,300000,1000000]
        [--out tests/benchmarks/scale.json] [--plot docs/images/scale.png] [--readme [README.md]]

For each size N, in a scratch data folder under the temporary directory (deleted afterwards):
generated registrants written as CP932 (as the import benchmark does) and 20 postings, then

- the import end to end in a new process (``python -m desk import registrants``): wall, CPU, rows/s
  and peak memory, beside the import benchmark's floor (csv module + sqlite3 executemany of the same
  file, also a new process; the better of a run before and a run after counts);
- ``desk rank ID --json --top 20`` in a new process, cold (index cache removed) and warm, alternating
  with ``python -c pass`` (the floor): the median of 3 (cold: 1 run from 1,000,000 up);
- in a new process: the index built from the database, one ranking (median and max of 9) beside a
  plain numpy pass over N rows (a weighted sum of five columns and an argsort of the kept rows), and
  the registrants filter keystroke by keystroke (desk.core.filters, median and max) beside one
  vectorised two-term mask over N rows;
- the load average before and after, the seconds the size took, and the machine.

Every child runs under ``/usr/bin/time`` so its peak memory is its own (``ru_maxrss`` of a child
started from this process would count this process's memory too). The figures are merged into the
JSON by size (a later run of one size replaces only that size); ``--plot`` draws them (matplotlib,
a dev dependency) and ``--readme`` replaces the block between ``<!-- scale:begin -->`` and
``<!-- scale:end -->`` with the table. Times are recorded, never asserted: the machine is shared.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale_report_render as render  # noqa: E402

RUNS = 3
COLD_SINGLE_FROM = 1_000_000  # one cold run from this size up (a cold rank at 1M takes minutes)
TIME = "/usr/bin/time"
#: What a coordinator types in the registrants tab, each prefix one filter run (as the UI benchmark).
FILTERED = "名前:やまだ"  # the filter of the warm, filtered `desk rank` row
TYPED = ["地域:横浜 名前:やまだ", "yamada", "科:内科 日:土", "メモ:英語", "職種:看護師 地域:東京"]
#: What the global search (Ctrl+K) is asked: a name, a reading, romaji with a typo, a phone, an
#: e-mail part, an ID and a part of one, a run of digits.
SEARCHED = ["山田 花子", "やまだ", "yamda hanako", "090-1234-5678", "+81 90 1234 5678", "@example", "R21-000077",
            "R21-0000", "5678", "山"]
IMPORT_BENCH = ROOT / "tests" / "benchmarks" / "test_bench_import.py"


# ----------------------------------------------------------------------------- children
class Run:
    """One child process: wall and CPU seconds, its own peak resident memory (MB), its output."""

    def __init__(self, wall: float, cpu: float, peak_mb: float, stdout: str) -> None:
        self.wall, self.cpu, self.peak_mb, self.stdout = wall, cpu, peak_mb, stdout


def run_child(argv: list[str], env: dict[str, str]) -> Run:
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as fh:
        stats = Path(fh.name)
    try:
        timed = [TIME, "-f", "%U %S %M", "-o", str(stats), *argv] if Path(TIME).exists() else argv
        t = time.perf_counter()
        proc = subprocess.Popen(timed, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        out, err = proc.communicate()
        wall = time.perf_counter() - t
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(argv[:6])} … exited {proc.returncode}: {err[-2000:]}")
        if timed is argv:  # no GNU time: this process's children, peak unknown
            return Run(wall, float("nan"), float("nan"), out)
        user, system, max_kb = stats.read_text().split()[-3:]
        return Run(wall, float(user) + float(system), int(max_kb) / 1024, out)
    finally:
        stats.unlink(missing_ok=True)


#: ``desk import registrants`` in a new process, then its own peak resident memory (VmHWM: ru_maxrss
#: would be the largest of the whole tree) and its worker processes' largest peak.
IMPORT_CHILD = """
import json, resource, sys
from desk.cli import main
if __name__ == "__main__":
    if main(["--db", sys.argv[1], "import", "registrants", sys.argv[2]]) != 0:
        sys.exit(1)
    own = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"own_mb": own / 1024, "workers_mb": workers / 1024}))
"""


def floor_import_code() -> str:
    """The import benchmark's floor (``baseline_import``), taken from its module without importing
    it (which would import pytest), so the floor runs as bare as it is defined there."""
    tree = ast.parse(IMPORT_BENCH.read_text(encoding="utf-8"))
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "baseline_import")
    return ("from __future__ import annotations\nimport csv, sqlite3, sys\nfrom pathlib import Path\n"
            + ast.unparse(fn) + "\nprint(baseline_import(sys.argv[1], sys.argv[2]))\n")


def _median_max_ms(fn: Any, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times)


def in_process(url: str, posting_id: str) -> dict[str, Any]:
    """Run in a child: build the index from the database, rank one posting, filter per keystroke."""
    import numpy as np

    from desk.core.filters import filter_registrants
    from desk.core.ranking import rank
    from desk.services.ranking import build_index, posting_query
    from desk.settings import DEFAULT_WEIGHTS
    from desk.store.db import open_database

    t = time.perf_counter()  # the floor first: the same rows read with sqlite3, nothing built
    with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
        read = len(conn.execute("SELECT * FROM registrant").fetchall())
    read_s = time.perf_counter() - t
    db = open_database(url)
    t = time.perf_counter()
    index = build_index(db)
    build_s = time.perf_counter() - t
    if read != index.n:
        raise RuntimeError(f"{read} rows read, {index.n} in the index")
    posting = posting_query(db, posting_id)
    from desk.core.search import read_query
    from desk.core.search_registry import find
    from desk.services.search import build_registrant_index

    t = time.perf_counter()
    search_index = build_registrant_index(db)
    search_build_s = time.perf_counter() - t
    db.dispose()
    weights = dict(DEFAULT_WEIGHTS)
    n = index.n
    rank(index, posting, weights)  # warm-up: imports, holiday table
    rank_med, rank_max = _median_max_ms(lambda: rank(index, posting, weights), 9)
    candidates = len(rank(index, posting, weights).order)

    rng = np.random.default_rng(0)
    cols = [rng.random(n) for _ in range(5)]
    keep = np.flatnonzero(rng.random(n) < 0.5)

    def rank_floor() -> None:  # the least a ranking does: score every row, sort the kept ones
        score = sum(w * c for w, c in zip((0.3, 0.25, 0.2, 0.15, 0.1), cols, strict=True))
        _ = keep[np.argsort(-score[keep], kind="stable")]  # type: ignore[operator]

    rank_floor()
    floor_med, floor_max = _median_max_ms(rank_floor, 9)

    def keystrokes() -> list[float]:
        times = []
        for query in TYPED:
            for k in range(1, len(query) + 1):
                t = time.perf_counter()
                filter_registrants(index, query[:k])
                times.append((time.perf_counter() - t) * 1000)
        return times

    first = keystrokes()  # the first pass builds the name keys (kept on the index) and loads the gazetteer
    times = keystrokes()
    codes, flags = rng.integers(0, 1900, n), rng.random(n) < 0.3

    def filter_floor() -> None:  # one vectorised two-term mask over every row
        _ = np.flatnonzero((codes == 1234) & flags)

    f_med, f_max = _median_max_ms(filter_floor, len(times))
    searched = []
    for text in SEARCHED:
        q = read_query(text)
        find(search_index, q)
        searched.append(_median_max_ms(lambda q=q: find(search_index, q), 3)[0])
    return {"search_build_s": search_build_s, "search_ms": [statistics.median(searched), max(searched)],
            "searches": len(searched),"n": n, "build_s": build_s, "read_s": read_s, "rank_ms": [rank_med, rank_max], "rank_floor_ms": [floor_med, floor_max],
            "candidates": candidates, "filter_first_pass_ms": [sum(first), max(first)],
            "filter_ms": [statistics.median(times), max(times)], "filter_floor_ms": [f_med, f_max],
            "keystrokes": len(times)}


# ----------------------------------------------------------------------------- one size
def _sig(x: float) -> float:
    """Four significant digits: a 0.04 ms floor and a 40 s import both keep their precision."""
    return float(f"{x:.4g}")


def _fig(value: float, floor: float, floor_what: str, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"value": _sig(value), "floor": _sig(floor), "floor_what": floor_what}
    if floor and floor == floor:  # not zero, not NaN
        out["ratio"] = _sig(value / floor)
    return {**out, **extra}


def _side_by_side(argv: list[str], env: dict[str, str], runs: int, before: Any = None) -> tuple[list[Run], list[Run]]:
    """``runs`` of ``argv`` alternating with ``python -c pass`` (floor, ours, …, floor)."""
    ours, floors = [], []
    for _ in range(runs):
        floors.append(run_child([sys.executable, "-c", "pass"], env))
        if before is not None:
            before()
        ours.append(run_child(argv, env))
    floors.append(run_child([sys.executable, "-c", "pass"], env))
    return ours, floors


def _rank_figures(kind: str, ours: list[Run], floors: list[Run]) -> dict[str, Any]:
    what = "python -c pass, new process (best run)"
    return {
        f"rank_{kind}_wall_s": _fig(statistics.median(r.wall for r in ours), min(r.wall for r in floors), what,
                                    runs=len(ours)),
        f"rank_{kind}_cpu_s": _fig(statistics.median(r.cpu for r in ours), min(r.cpu for r in floors), what),
        f"rank_{kind}_peak_mb": _fig(max(r.peak_mb for r in ours), min(r.peak_mb for r in floors), what),
    }


def measure(n: int, scratch: Path, runs: int = RUNS) -> dict[str, Any]:
    from desk.core.demo import (
        POSTING_HEADERS,
        REGISTRANT_HEADERS,
        generate_postings,
        iter_registrants,
        write_csv,
    )

    load_before = os.getloadavg()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix=f"desk-scale-{n}-", dir=scratch))
    try:
        home = work / "home"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DESK_HOME": str(home)}
        db_file = work / "desk.sqlite3"
        url = f"sqlite:///{db_file.as_posix()}"
        desk = [sys.executable, "-m", "desk", "--db", url]
        people = write_csv(work / "registrants_cp932.csv", iter_registrants(n, seed=7), REGISTRANT_HEADERS,
                           encoding="cp932")
        postings = write_csv(work / "postings.csv", generate_postings(20, seed=5), POSTING_HEADERS)
        generated_s = time.perf_counter() - started
        run_child([*desk, "import", "postings", str(postings)], env)

        floor_code = floor_import_code()
        floors = []
        for i in range(2):  # floor, desk, floor: the better floor counts
            floor_db = work / f"floor{i}.sqlite3"
            floors.append(run_child([sys.executable, "-c", floor_code, str(people), str(floor_db)], env))
            floor_db.unlink()
            if i == 0:
                # as desk imports by default (no worker process: desk.services.import_workers)
                ours = run_child([sys.executable, "-c", IMPORT_CHILD, url, str(people)],
                                 {k: v for k, v in env.items() if k != "DESK_IMPORT_WORKERS"})
        peaks = json.loads(ours.stdout.strip().splitlines()[-1])
        floor_wall, floor_cpu = min(r.wall for r in floors), min(r.cpu for r in floors)
        what = "csv module + sqlite3 executemany of the same file, new process (tests/benchmarks/test_bench_import.py)"
        figures: dict[str, Any] = {
            "import_wall_s": _fig(ours.wall, floor_wall, what),
            "import_cpu_s": _fig(ours.cpu, floor_cpu, what),
            "import_rows_per_s": _fig(n / ours.wall, n / floor_wall, what, target=40_000),
            # the importing process's peak plus its largest worker's (desk.services.import_workers):
            # both may be held at once
            "import_peak_mb": _fig(peaks["own_mb"] + peaks["workers_mb"], min(r.peak_mb for r in floors), what,
                                   own=_sig(peaks["own_mb"]), workers=_sig(peaks["workers_mb"]),
                                   target=300 if n <= 100_000 else 600),
        }
        with sqlite3.connect(db_file) as conn:
            posting_id = conn.execute("SELECT source_id FROM posting ORDER BY id LIMIT 1").fetchone()[0]
            imported = conn.execute("SELECT count(*) FROM registrant").fetchone()[0]
        if imported != n:
            raise RuntimeError(f"{imported} registrants imported, expected {n}")

        rank = [*desk, "rank", str(posting_id), "--json", "--top", "20"]
        cache = home / "index-cache"
        ours_cold, floor_cold = _side_by_side(rank, env, 1 if n >= COLD_SINGLE_FROM else runs,
                                              before=lambda: shutil.rmtree(cache, ignore_errors=True))
        ours_warm, floor_warm = _side_by_side(rank, env, runs)
        answer = json.loads(ours_warm[-1].stdout)
        # The cache desk.services.index_cache keeps in the data folder; if it moved, "cold" was not cold
        # (and "warm" maybe not warm): say so in the figures rather than mislabel them.
        cache_kept = cache.is_dir() and any(f.is_file() for f in cache.rglob("*"))
        # The same with a name filter: the first run keeps the filter's data (name keys, character
        # index) in the cache, so the timed runs are a new process's first filter on a warm cache.
        filtered = [*rank, "--filter", FILTERED]
        run_child(filtered, env)
        ours_filtered, floor_filtered = _side_by_side(filtered, env, runs)
        figures.update(_rank_figures("cold", ours_cold, floor_cold))
        figures.update(_rank_figures("warm", ours_warm, floor_warm))
        figures.update(_rank_figures("filtered", ours_filtered, floor_filtered))
        figures["rank_warm_wall_s"]["target"] = 1.0 if n <= 100_000 else 1.5

        child = run_child([sys.executable, str(Path(__file__).resolve()), "--in-process", url, str(posting_id)], env)
        got = json.loads(child.stdout.strip().splitlines()[-1])
        numpy_what = "plain numpy over N rows: a weighted sum of 5 columns and an argsort of the kept half"
        mask_what = "plain numpy over N rows: one two-term mask (int equality AND a flag)"
        figures.update({
            "index_build_in_process_s": _fig(got["build_s"], got["read_s"],
                                             "sqlite3: SELECT * FROM registrant, fetchall, same process"),
            "rank_in_process_ms": _fig(got["rank_ms"][0], got["rank_floor_ms"][0], numpy_what,
                                       max=_sig(got["rank_ms"][1]), floor_max=_sig(got["rank_floor_ms"][1]),
                                       target=30 if n <= 100_000 else 150),
            "filter_keystroke_ms": _fig(got["filter_ms"][0], got["filter_floor_ms"][0], mask_what,
                                        max=_sig(got["filter_ms"][1]), floor_max=_sig(got["filter_floor_ms"][1]),
                                        keystrokes=got["keystrokes"], target=20 if n <= 100_000 else 50),
            # the global search's registrant index (the store's part, signature and the shown rows, not counted)
            "search_query_ms": _fig(got["search_ms"][0], got["filter_floor_ms"][0], mask_what,
                                    max=_sig(got["search_ms"][1]), queries=got["searches"],
                                    target=20 if n <= 100_000 else 50),
            "search_index_build_s": _fig(got["search_build_s"], got["read_s"],
                                         "sqlite3: SELECT * FROM registrant, fetchall, same process"),
            # the first time through every keystroke (name keys built, gazetteer loaded): all, and the worst
            "filter_first_pass_ms": {"total": _sig(got["filter_first_pass_ms"][0]),
                                     "max": _sig(got["filter_first_pass_ms"][1])},
            "in_process_peak_mb": _fig(child.peak_mb, min(r.peak_mb for r in floor_warm),
                                       "python -c pass, new process"),
        })
        return {
            "rows": n, "figures": figures, "posting": posting_id, "candidates": got["candidates"],
            "rank_json_candidates": len(answer.get("candidates", [])), "index_cache_kept": cache_kept,
            "csv_mb": round(people.stat().st_size / 2**20, 1), "generate_s": round(generated_s, 1),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "elapsed_s": round(time.perf_counter() - started, 1),
            "measured_at": dt.datetime.now().isoformat(timespec="seconds"),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def machine() -> str:
    mem = ""
    try:
        lines = Path("/proc/meminfo").read_text().splitlines()
        kb = next(int(line.split()[1]) for line in lines if line.startswith("MemTotal"))
        mem = f", {kb / 2**20:.0f} GB"
    except (OSError, StopIteration):
        pass
    return f"{platform.machine()} {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}, " \
           f"Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="10000,100000,300000,1000000", help="comma-separated registry sizes")
    p.add_argument("--out", type=Path, default=ROOT / "tests" / "benchmarks" / "scale.json")
    p.add_argument("--plot", type=Path, default=None, metavar="PNG", help="draw the figures (e.g. docs/images/scale.png)")
    p.add_argument("--readme", type=Path, nargs="?", const=ROOT / "README.md", default=None, metavar="README",
                   help="replace the <!-- scale:begin --> … <!-- scale:end --> block (default README.md)")
    p.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()), help="where the scratch folders go")
    p.add_argument("--runs", type=int, default=RUNS, help=f"new-process rank runs per figure (default {RUNS})")
    p.add_argument("--in-process", nargs=2, metavar=("URL", "POSTING"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.in_process:
        print(json.dumps(in_process(*args.in_process)))
        return 0
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        p.error(f"--sizes {args.sizes!r}: expected whole numbers separated by commas, e.g. 10000,100000")
    if not sizes or min(sizes) < 50:
        p.error("--sizes: at least one size, each 50 or more")
    report = render.load(args.out)
    report["machine"] = machine()
    for n in sizes:
        print(f"scale report: {n:,} registrants …", file=sys.stderr, flush=True)
        report["sizes"][str(n)] = measure(n, args.scratch, max(1, args.runs))
        render.save(args.out, report)  # after each size: a long run that stops keeps what it measured
        print(f"  done in {report['sizes'][str(n)]['elapsed_s']} s", file=sys.stderr, flush=True)
    if args.plot:
        render.plot(report, args.plot)
    if args.readme:
        render.replace_readme(args.readme, render.table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
