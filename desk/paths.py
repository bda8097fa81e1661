"""Where desk keeps its files, in one place.

``DESK_HOME`` overrides the per-user data folder (tests, portable installs).
Resources (migrations, translations, fonts, region data) are found next to the package in a
source checkout and inside the bundle when frozen by PyInstaller.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from desk import APP_NAME


def data_dir() -> Path:
    """The folder holding the embedded database, logs and per-user settings."""
    home = os.environ.get("DESK_HOME")
    path = Path(home) if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings_file() -> Path:
    return data_dir() / "settings.json"


def default_db_url() -> str:
    return f"sqlite:///{(data_dir() / 'desk.sqlite3').as_posix()}"


def install_root() -> Path:
    """The folder that holds ``desk/``, ``db/`` and ``resources/`` (or the unpacked bundle)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def package_data_dir() -> Path:
    """Data shipped inside the package (region gazetteer)."""
    return Path(__file__).resolve().parent / "data"


def migrations_dir() -> Path:
    return install_root() / "db"


def resources_dir() -> Path:
    return install_root() / "resources"


def log_file() -> Path:
    """The rotating log (desk.logs): every traceback the window, a worker or a command catches."""
    return data_dir() / "desk.log"
