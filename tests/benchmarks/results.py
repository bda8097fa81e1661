"""The shared figures file of the benchmarks: each benchmark owns one top-level key."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).with_name("results.json")


def bench_n(default: int = 100_000) -> int:
    """The data size: DESK_BENCH_N makes it smaller for a quick run (CI smoke)."""
    return int(os.environ.get("DESK_BENCH_N", default))


def record(key: str, figures: dict[str, Any]) -> None:
    try:
        data = json.loads(RESULTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data[key] = {**figures, "measured_at": dt.datetime.now().isoformat(timespec="seconds"),
                 "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"}
    tmp = RESULTS.with_name(f"results.json.{os.getpid()}.tmp")  # never a half-written file
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(RESULTS)
