"""Start-up imports only what the command needs (issue 17): a new process for ``desk --version`` or
``desk --help`` loads no database stack, no spreadsheet or PDF library, no numpy and no Qt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "openpyxl", "numpy", "PySide6", "reportlab", "psycopg", "pg8000")

_PROBE = """
import json, sys
from desk.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
mods = sorted({m.split(".")[0] for m in sys.modules})
cmds = sorted(m for m in sys.modules if m.startswith("desk.cli.") and m.endswith("_cmd"))
print("\\n" + json.dumps({"code": code, "top": mods, "cmds": cmds}))
"""


def _probe(*argv: str) -> tuple[dict, str]:  # type: ignore[type-arg]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120, check=False)
    last = done.stdout.strip().splitlines()[-1]
    return json.loads(last), done.stdout


@pytest.mark.parametrize("argv", [("--version",), ("--help",), ("rank", "--help"), ("import", "--help"),
                                  ("export", "placements", "--help"), ("history", "--help")])
def test_version_and_help_load_no_heavy_library(argv: tuple[str, ...]) -> None:
    result, out = _probe(*argv)
    assert result["code"] == 0
    assert not set(HEAVY) & set(result["top"]), out
    assert "usage: desk" in out or "desk " in out


def test_version_imports_no_command_module() -> None:
    result, out = _probe("--version")
    assert "desk 0." in out or "desk 1." in out
    assert result["cmds"] == []


def test_a_command_imports_its_own_module_only() -> None:
    result, out = _probe("rank", "--help")
    assert result["cmds"] == ["desk.cli.rank_cmd"]
    assert "--top" in out


def test_help_still_lists_every_command() -> None:
    _result, out = _probe("--help")
    for word in ("import", "rank", "log", "undo", "history", "export", "summary", "sheet", "demo"):
        assert f"    {word}" in out


def test_a_command_not_named_after_its_module_still_runs(tmp_path: Path) -> None:
    # ``undo``/``history`` live in log_cmd: the parser falls back to every module and finds them.
    result, out = _probe("--db", f"sqlite:///{tmp_path / 'x.sqlite3'}", "history")
    assert result["code"] == 0, out
    assert "desk.cli.log_cmd" in result["cmds"]


def test_an_unknown_command_is_named_with_the_choices() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "desk", "rnak"], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 2
    assert "invalid choice: 'rnak'" in done.stderr and "rank" in done.stderr
