"""The facade's mapping-step read (ImportsApi.read_head) holds the head of a file, not the file: its
memory does not grow with the file, where reading the whole table (as the dialog did) does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desk.app import DeskApp
from desk.app.imports import ImportCancelled
from desk.settings import Settings
from desk.store.db import Database

_CHILD = r"""
import json, sys
from desk.core import columns
from desk.core.tabular import read_table
from desk.app.imports import ImportsApi

def hwm():  # this process's own peak resident memory, in MB
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024

before = hwm()
if sys.argv[1] == "head":
    head = ImportsApi.read_head(None, sys.argv[2])
    rows = len(head.rows)
else:
    rows = len(read_table(sys.argv[2], header_score=columns.header_score).rows)
print(json.dumps({"rows": rows, "grew_mb": hwm() - before}))
"""


def _read(mode: str, path: Path) -> dict[str, float]:
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", _CHILD, mode, str(path)], capture_output=True, text=True,
                         check=True, cwd=root, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})
    return dict(json.loads(out.stdout))


def test_the_head_of_a_long_file_is_read_without_holding_the_file(tmp_path: Path) -> None:
    n = 60_000
    path = tmp_path / "r.csv"
    with path.open("w", encoding="cp932", newline="") as fh:
        fh.write("登録ID,氏名,職種,電話,メール,備考\r\n")
        fh.writelines(f"R-{i:07d},名前{i},看護師,090-{i:08d},u{i}@example.jp,メモ{i}\r\n" for i in range(n))
    whole, head = _read("whole", path), _read("head", path)
    assert whole["rows"] == n and head["rows"] == 200
    assert head["grew_mb"] < 12  # buffers and the first rows only
    assert head["grew_mb"] * 4 < whole["grew_mb"]


def test_the_facade_counts_and_reads_the_head_as_the_dialog_asks(sqlite_db: Database, tmp_path: Path) -> None:
    app = DeskApp(sqlite_db, Settings(coordinator="山田"))
    path = tmp_path / "r.csv"
    path.write_bytes(("登録ID,氏名,職種\r\n" + "".join(f"R-{i},名前{i},医師\r\n" for i in range(250))).encode("cp932"))
    head = app.read_head(path)
    assert (head.encoding, head.header_row, head.headers) == ("cp932", 1, ["登録ID", "氏名", "職種"])
    assert head.rows[0] == ["R-0", "名前0", "医師"] and len(head.rows) == 200
    assert head.total is None and head.estimated_rows == 250
    seen: list[int] = []
    assert app.count_rows(path, progress=lambda done, _total: seen.append(done)) == 250
    assert seen[-1] == 250
    with pytest.raises(ImportCancelled):
        app.count_rows(path, cancelled=lambda: True)
