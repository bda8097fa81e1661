"""scripts/install-desktop.sh: a .desktop file and the icon for the current user, and removal."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "install-desktop.sh"


def run(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp / "share"), "HOME": str(tmp)}
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, env=env, check=False)


def test_installs_a_valid_desktop_entry_and_icon_then_removes_them(tmp_path: Path) -> None:
    program = tmp_path / "my apps" / "desk"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    out = run(tmp_path, "--exec", str(program))
    assert out.returncode == 0, out.stderr
    desktop = tmp_path / "share" / "applications" / "desk.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(desktop, encoding="utf-8")
    e = entry["Desktop Entry"]
    assert e["Type"] == "Application" and e["Icon"] == "desk" and e["Terminal"] == "false"
    assert e["Exec"] == f'"{program}" %F'  # quoted: the folder has a space
    assert "接種" in e["Name[ja]"]
    assert (tmp_path / "share" / "icons" / "hicolor" / "256x256" / "apps" / "desk.png").is_file()
    if shutil.which("desktop-file-validate"):
        assert subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True).returncode == 0
    assert run(tmp_path, "--uninstall").returncode == 0
    assert not desktop.exists()


def test_a_bad_option_is_refused(tmp_path: Path) -> None:
    out = run(tmp_path, "--nonsense")
    assert out.returncode == 2 and "unknown option" in out.stderr


@pytest.mark.parametrize("args", [("--exec",)])
def test_exec_needs_a_program(tmp_path: Path, args: tuple[str, ...]) -> None:
    assert run(tmp_path, *args).returncode == 2
