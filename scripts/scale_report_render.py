"""The scale report's outputs (scripts/scale_report.py): the JSON file, the plot and the README table.

matplotlib is a dev dependency, imported only to draw (never by desk/).
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path
from typing import Any

BEGIN, END = "<!-- scale:begin -->", "<!-- scale:end -->"
#: The issue's columns; a size not measured yet shows as a dash.
COLUMNS = (10_000, 100_000, 300_000, 1_000_000)
ABOUT = ("scripts/scale_report.py: per registry size, each figure beside its floor run side by side "
         "(floor_what says what the floor is, ratio = value / floor); times in s or ms, memory in MB "
         "(peak resident set of the process, from /usr/bin/time); load averages 1/5/15 min.")


# ----------------------------------------------------------------------------- JSON
def load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data.setdefault("sizes", {})
    data["about"] = ABOUT
    return data


def save(path: Path, report: dict[str, Any]) -> None:
    report = {**report, "sizes": {k: report["sizes"][k] for k in sorted(report["sizes"], key=int)}}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # never a half-written file
    tmp.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def _sizes(report: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    return sorted(((int(k), v) for k, v in report["sizes"].items()), key=lambda kv: kv[0])


# ----------------------------------------------------------------------------- plot
#: (label, figure key, use the floor too, scale to seconds) for the time panel.
TIME_SERIES = (
    ("import, new process", "import_wall_s", True, 1.0),
    ("desk rank, cold (no cache)", "rank_cold_wall_s", True, 1.0),
    ("desk rank, warm cache", "rank_warm_wall_s", False, 1.0),
    ("rank in process", "rank_in_process_ms", True, 1e-3),
    ("filter keystroke (median)", "filter_keystroke_ms", True, 1e-3),
)
MEMORY_SERIES = (
    ("import, new process", "import_peak_mb", True),
    ("desk rank, cold", "rank_cold_peak_mb", False),
    ("desk rank, warm", "rank_warm_peak_mb", True),
)
#: The issue's targets at 100k and 1M, drawn as bars in the colour of their series.
TIME_TARGETS = (("C0", ((100_000, 2.5), (1_000_000, 25.0))),  # ≥ 40k rows/s
                ("C2", ((100_000, 1.0), (1_000_000, 1.5))),
                ("C3", ((100_000, 0.030), (1_000_000, 0.150))),
                ("C4", ((100_000, 0.020), (1_000_000, 0.050))))
MEMORY_TARGETS = (("C0", ((100_000, 300), (1_000_000, 600))),)


FLOOR_LABEL = {"import_wall_s": "floor: csv + sqlite3", "rank_cold_wall_s": "floor: python -c pass",
               "rank_in_process_ms": "floor: numpy score + argsort", "filter_keystroke_ms": "floor: numpy mask",
               "import_peak_mb": "floor: csv + sqlite3", "rank_warm_peak_mb": "floor: python -c pass"}


def plot(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = _sizes(report)
    ns = [n for n, _ in sizes]
    fig, (ax_t, ax_m) = plt.subplots(1, 2, figsize=(12, 6.4))
    for k, (label, key, with_floor, scale) in enumerate(TIME_SERIES):
        color = f"C{k}"
        ax_t.plot(ns, [s["figures"][key]["value"] * scale for _, s in sizes], "o-", color=color, label=label)
        if with_floor:
            ax_t.plot(ns, [s["figures"][key]["floor"] * scale for _, s in sizes], "x--", color=color, alpha=0.6,
                      label=FLOOR_LABEL[key])
    for k, (label, key, with_floor) in enumerate(MEMORY_SERIES):
        color = f"C{k}"
        ax_m.plot(ns, [s["figures"][key]["value"] for _, s in sizes], "o-", color=color, label=label)
        if with_floor:
            ax_m.plot(ns, [s["figures"][key]["floor"] for _, s in sizes], "x--", color=color, alpha=0.6,
                      label=FLOOR_LABEL[key])
    ax_m.plot(ns, [s["figures"]["in_process_peak_mb"]["value"] for _, s in sizes], "o-", color="C4",
              label="index + rank + filter, in process")
    for ax, targets in ((ax_t, TIME_TARGETS), (ax_m, MEMORY_TARGETS)):
        label: str | None = "target (issue 17)"
        for color, points in targets:
            for n, value in points:
                ax.plot([n], [value], "_", markersize=16, markeredgewidth=2.5, color=color, label=label)
                label = None
    ax_t.set(xscale="log", yscale="log", xlabel="registrants (N)", ylabel="seconds (wall)",
             title="Time against N (log-log)")
    ax_m.set(xscale="log", yscale="log", xlabel="registrants (N)", ylabel="peak memory (MB)",
             title="Peak memory against N")
    for ax in (ax_t, ax_m):
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2)
    loads = ", ".join(f"{n:,}: {s['load_average_before'][0]:.1f}" for n, s in sizes)
    fig.suptitle(f"desk scale report · {report.get('machine', '')} · load before each size {loads}", fontsize=9)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)


# ----------------------------------------------------------------------------- README table
def _s(x: float) -> str:
    if math.isnan(x):
        return "?"
    return f"{x:.2f} s" if x < 1 else f"{x:.1f} s" if x < 100 else f"{x:,.0f} s"


def _ms(x: float) -> str:
    return f"{x:.2g} ms" if x < 1 else f"{x:.1f} ms" if x < 100 else f"{x:,.0f} ms"


def _mb(x: float) -> str:
    return "?" if math.isnan(x) else f"{x:,.0f} MB"


def _worker_part(peak: dict[str, Any]) -> str:
    """" (importing process + worker)" when the import read the file in a worker process too."""
    if not peak.get("workers"):
        return ""
    return f" ({_mb(peak['own'])} + worker {_mb(peak['workers'])})"


def _cells(s: dict[str, Any]) -> dict[str, str]:
    f = s["figures"]
    imp, rate, peak = f["import_wall_s"], f["import_rows_per_s"], f["import_peak_mb"]
    cells = {
        "import": f"{_s(imp['value'])} (CPU {_s(f['import_cpu_s']['value'])}), {rate['value']:,.0f} rows/s, "
                  f"{_mb(peak['value'])}{_worker_part(peak)} · floor {_s(imp['floor'])}, {_mb(peak['floor'])}",
        "floor": f"{_s(f['rank_warm_wall_s']['floor'])} (CPU {_s(f['rank_warm_cpu_s']['floor'])})",
        "build": f"{_s(f['index_build_in_process_s']['value'])} · floor {_s(f['index_build_in_process_s']['floor'])}",
    }
    for kind in ("cold", "warm", "filtered"):
        if f"rank_{kind}_wall_s" not in f:  # a size measured before the row existed
            cells[kind] = "—"
            continue
        w, c, m = f[f"rank_{kind}_wall_s"], f[f"rank_{kind}_cpu_s"], f[f"rank_{kind}_peak_mb"]
        cells[kind] = f"{_s(w['value'])} (CPU {_s(c['value'])}), {_mb(m['value'])}"
    for key, name in (("rank_in_process_ms", "rank"), ("filter_keystroke_ms", "filter")):
        x = f[key]
        cells[name] = f"{_ms(x['value'])} median, {_ms(x['max'])} max · floor {_ms(x['floor'])}"
    search = f.get("search_query_ms")  # a size measured before the row existed has none
    cells["search"] = (f"{_ms(search['value'])} median, {_ms(search['max'])} max · floor {_ms(search['floor'])}"
                       if search else "—")
    first = f.get("filter_first_pass_ms")
    cells["first"] = f"{_ms(first['max'])} worst, {_ms(first['total'])} in all" if first else "—"
    cells["load"] = f"{s['load_average_before'][0]:.1f} → {s['load_average_after'][0]:.1f}"
    cells["took"] = _s(s["elapsed_s"])
    return cells


ROWS = (
    ("import CP932, end to end, new process (floor: csv + sqlite3 executemany, new process)", "import",
     "≥ 40k rows/s; ≤ 300 MB / ≤ 600 MB"),
    ("`desk rank ID --json --top 20`, new process, cold (index cache removed)", "cold", "—"),
    ("`desk rank ID --json --top 20`, new process, warm cache", "warm", "≤ 1 s / ≤ 1.5 s"),
    ("the same with `--filter 名前:やまだ`, new process, warm cache holding the filter's data", "filtered", "—"),
    ("`python -c pass` (the floor of the three rank rows)", "floor", "—"),
    ("index build from the database, in process (floor: sqlite3 SELECT * of the registrants)", "build", "—"),
    ("rank one posting, in process (floor: numpy score + argsort over N)", "rank", "≤ 30 ms / ≤ 150 ms"),
    ("filter per keystroke, desk.core.filters (floor: one numpy mask over N)", "filter", "≤ 20 ms / ≤ 50 ms"),
    ("filter, the first time through those keystrokes (name keys built, gazetteer loaded)", "first", "—"),
    ("global search (Ctrl+K), registrant index lookup per query, in process (floor: one numpy mask over N)",
     "search", "≤ 50 ms at 1M (brief)"),
    ("load average (1 min) before → after", "load", ""),
    ("the size took (data generated, all runs)", "took", ""),
)


def table(report: dict[str, Any]) -> str:
    by_n = dict(_sizes(report))
    cols = list(COLUMNS) + [n for n in by_n if n not in COLUMNS]
    cells = {n: _cells(by_n[n]) for n in cols if n in by_n}
    dates = sorted({by_n[n]["measured_at"][:10] for n in cells})
    lines = [
        f"Measured by `scripts/scale_report.py` on {report.get('machine', '?')}, {', '.join(dates) or '—'} "
        "(figures in `tests/benchmarks/scale.json`, plot `docs/images/scale.png`). Wall time, CPU time in "
        "brackets, peak memory of the process; each floor was run side by side with the figure.",
        "",
        "| measure | " + " | ".join(f"{n:,}" for n in cols) + " | target 100k / 1M |",
        "| --- | " + " | ".join("---" for _ in cols) + " | --- |",
    ]
    for label, key, target in ROWS:
        lines.append(f"| {label} | " + " | ".join(cells[n][key] if n in cells else "—" for n in cols)
                     + f" | {target} |")
    return "\n".join(lines)


def replace_readme(path: Path, block: str) -> None:
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{path}: no {BEGIN} … {END} block to replace; add the two markers where the table goes")
    path.write_text(pattern.sub(lambda _: f"{BEGIN}\n{block}\n{END}", text, count=1), encoding="utf-8")
