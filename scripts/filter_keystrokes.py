"""Every filter keystroke's time, prefix by prefix, on a real database (issue 17's filter target).

    PYTHONPATH=. python scripts/filter_keystrokes.py sqlite:///path/r1m.sqlite3 [--extra] [--passes 3]
        [--save out.json] [--check before.json]

Types each query one character at a time into ``desk.core.filters.filter_registrants`` over the
registry index (from the local index cache when warm), after the window's filter warm-up, and prints
per query the slowest keystroke of the later passes (each prefix's best of them: the machine is
shared) and of the first pass (a prefix typed for the first time), beside the scale report's floor
(one vectorised two-term mask over every row). ``--save`` writes every prefix's time and a digest of
its rows; ``--check`` compares the rows with such a file (another version of the code: same rows?).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

#: The scale report's queries (scripts/scale_report.py TYPED) and, with --extra, others a coordinator types.
TYPED = ["地域:横浜 名前:やまだ", "yamada", "科:内科 日:土", "メモ:英語", "職種:看護師 地域:東京"]
EXTRA = ["山田", "佐藤花子", "さとう", "たなか はなこ", "suzuki", "takahashi", "ito", "地域:神奈川県", "地域:大阪府 科:小児科",
         "科:", "日:7/10", "日:土日", "メモ:夜勤", "職種:薬剤師", "R21-00001", "R100012", "やまだ 看護師", "横浜 内科",
         "名前:たなか 地域:東京 日:7/10", "kobayashi", "渡辺", "わたなべ", "nakamura hanako", "よこはま"]


def main() -> int:
    import numpy as np

    from desk.core.filters import filter_registrants
    from desk.services.ranking import registry_index, save_filter_data
    from desk.store.db import open_database
    from desk.ui.controllers.registry_filter import WARM_UP  # the window's

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url")
    parser.add_argument("--extra", action="store_true", help="also the other queries (EXTRA)")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--check", type=Path)
    args = parser.parse_args()
    queries = TYPED + (EXTRA if args.extra else [])
    db = open_database(args.url)
    t = time.perf_counter()
    index = registry_index(db)
    print(f"index: {index.n:,} rows in {time.perf_counter() - t:.2f} s", flush=True)
    t = time.perf_counter()
    for query in WARM_UP:
        filter_registrants(index, query)
    print(f"first filter and warm-up: {time.perf_counter() - t:.2f} s", flush=True)
    save_filter_data(db, index)
    rng = np.random.default_rng(0)
    codes, flags = rng.integers(0, 1900, index.n), rng.random(index.n) < 0.3
    floor = []
    for _ in range(30):
        t = time.perf_counter()
        np.flatnonzero((codes == 1234) & flags)
        floor.append((time.perf_counter() - t) * 1000)
    times: dict[str, list[float]] = {}
    digests: dict[str, list[object]] = {}
    for _ in range(max(args.passes, 2)):
        for query in queries:
            for k in range(1, len(query) + 1):
                prefix = query[:k]
                t = time.perf_counter()
                rows = filter_registrants(index, prefix)
                times.setdefault(prefix, []).append((time.perf_counter() - t) * 1000)
                digests[prefix] = [len(rows), hashlib.sha1(np.asarray(rows, dtype=np.int64).tobytes()).hexdigest()[:12]]
    warm = {p: min(v[1:]) for p, v in times.items()}
    first = {p: v[0] for p, v in times.items()}
    for query in queries:
        prefixes = [query[:k] for k in range(1, len(query) + 1)]
        worst, cold = max((warm[p], p) for p in prefixes), max((first[p], p) for p in prefixes)
        print(f"{query!r:36} worst {worst[0]:6.1f} ms at {worst[1]!r:24} first pass {cold[0]:6.1f} ms at {cold[1]!r:24} "
              + " ".join(f"{warm[p]:.0f}" for p in prefixes))
    typed = [warm[q[:k]] for q in TYPED for k in range(1, len(q) + 1)]
    print(f"scale report queries: median {statistics.median(typed):.2f} ms, max {max(typed):.2f} ms; all: max "
          f"{max(warm.values()):.2f} ms, first pass max {max(first.values()):.2f} ms; floor median "
          f"{statistics.median(floor):.2f} ms; load {os.getloadavg()[0]:.1f}")
    if args.save:
        args.save.write_text(json.dumps({"times": warm, "first": first, "digests": digests}, ensure_ascii=False))
    if args.check:
        before = json.loads(args.check.read_text())["digests"]
        differ = [p for p in digests if p in before and before[p] != digests[p]]
        print(f"rows differ from {args.check}: {differ or 'none'} ({len(digests)} prefixes)")
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
