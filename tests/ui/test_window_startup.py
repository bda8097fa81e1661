"""The window shows fast (issues 16 and 17): a new process that opens the main window on a database
loads no PDF library (reportlab), no spreadsheet library (openpyxl) and no plan solver (highspy);
they load when the coordinator first prints, exports or plans. Checked in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from desk.services.demo import load_demo
from desk.store.db import Database

ROOT = Path(__file__).resolve().parents[2]
#: Loaded on first use only: printing, exports and hand-outs, the plan's solver.
DEFERRED = ("reportlab", "openpyxl", "highspy")
#: desk's own modules for the same: the print package, the export services, the planner.
DEFERRED_DESK = ("desk.print", "desk.services.exports", "desk.services.posting_exports", "desk.services.plan",
                 "desk.services.handout_files")

_SHOW = """
import argparse, json, sys, time
from desk.ui.app import build_window, make_application
app = make_application()
w = build_window(argparse.Namespace(db=sys.argv[1]))
w.show()
end = time.monotonic() + 60
while not (hasattr(w, "last_overview") and w.postings.model.rowCount()) and time.monotonic() < end:
    app.processEvents()
    time.sleep(0.01)
settle = time.monotonic() + 1.0  # the ranking's index is built 0.4 s after the window shows
while time.monotonic() < settle:
    app.processEvents()
    time.sleep(0.01)
w.runner.wait()
app.processEvents()
rows = w.postings.model.rowCount()
top = sorted({m.split(".")[0] for m in sys.modules})
desk = sorted(m for m in sys.modules if m.startswith("desk."))
w.close()
print("\\n" + json.dumps({"rows": rows, "top": top, "desk": desk}))
"""


def _run(code: str, *argv: str, home: Path) -> dict:  # type: ignore[type-arg]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=180, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_importing_the_window_loads_no_print_export_or_solver_library(tmp_path: Path) -> None:
    code = ("import json, sys\nimport desk.ui.app, desk.ui.main_window\n"
            "print(json.dumps({'top': sorted({m.split('.')[0] for m in sys.modules}), 'desk': sorted(sys.modules)}))")
    out = _run(code, home=tmp_path)
    top = set(out["top"])
    assert "PySide6" in top and "desk" in top
    assert not set(DEFERRED) & top
    assert not set(DEFERRED_DESK) & set(out["desk"])


def test_the_window_shows_its_postings_without_them(tmp_path: Path, sqlite_db: Database, sqlite_url: str) -> None:
    load_demo(sqlite_db, registrants=60, postings=12)
    sqlite_db.dispose()
    out = _run(_SHOW, sqlite_url, home=tmp_path / "home")
    assert out["rows"] > 0  # the coordinator sees the postings (and the ranking's index was built)
    assert not set(DEFERRED) & set(out["top"]), out["top"]
    assert not set(DEFERRED_DESK) & set(out["desk"]), out["desk"]
