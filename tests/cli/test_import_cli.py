from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desk.cli import main
from tests.services.test_importer import POSTING_HEADER, POSTINGS, write_csv


def test_import_prints_the_summary_last_and_is_idempotent(tmp_path: Path, capsys, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "p.csv", POSTING_HEADER, POSTINGS)
    assert main(["--db", sqlite_url, "import", "postings", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "imported 3, updated 0, unchanged 0, rejected 0"
    assert main(["--db", sqlite_url, "import", "postings", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "imported 0, updated 0, unchanged 3, rejected 0"


def test_invalid_rows_exit_2_and_name_row_column_value(tmp_path: Path, capsys, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    rows = [list(r) for r in POSTINGS]
    rows[2][7] = "-1"
    path = write_csv(tmp_path / "p.csv", POSTING_HEADER, rows)
    rejects = tmp_path / "out" / "fixme.csv"
    code = main(["--db", sqlite_url, "import", "postings", str(path), "--rejects", str(rejects)])
    out = capsys.readouterr().out
    assert code == 2
    assert "p.csv: row 4, column 募集 人数: '-1': 募集人数 is negative" in out
    assert out.splitlines()[-1] == "imported 0, updated 0, unchanged 0, rejected 1"
    assert rejects.exists()
    assert main(["--db", sqlite_url, "import", "postings", str(path), "--accept-partial"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "imported 2, updated 0, unchanged 0, rejected 1"


def test_unreadable_input_exits_2_with_a_clear_message(tmp_path: Path, capsys, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", sqlite_url, "import", "registrants", str(tmp_path / "none.csv")]) == 2
    assert "none.csv: no such file" in capsys.readouterr().err


def test_version_and_the_console_script(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "desk", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip().startswith("desk 0.")


def test_window_without_a_display_says_so_instead_of_aborting(tmp_path: Path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["DESK_HOME"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-m", "desk"], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 2
    assert "no display" in out.stderr and "desk --help" in out.stderr
