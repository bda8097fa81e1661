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

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def data_dir() -> Path:
    """The folder holding the embedded database, logs and per-user settings: only its owner may
    enter it (0700 on POSIX, whatever the umask; an older, wider folder of ours is narrowed)."""
    home = os.environ.get("DESK_HOME")
    path = Path(home) if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    make_private(path, PRIVATE_DIR_MODE)
    return path


def make_private(path: Path, mode: int = PRIVATE_FILE_MODE) -> None:
    """Narrow ``path`` to its owner (0600 files, 0700 folders) when it is ours; a no-op on Windows,
    where the per-user profile folder already keeps other users out."""
    if os.name != "posix":
        return
    try:
        st = path.stat()
        if st.st_uid == os.getuid() and (st.st_mode & 0o777) & ~mode:
            os.chmod(path, (st.st_mode & 0o777) & mode)
    except OSError:
        pass  # not ours or gone: nothing to narrow


def create_private(path: Path) -> Path:
    """Create ``path`` empty (or truncate it) readable and writable by its owner only (0600,
    whatever the umask), so personal data written into it is never world-readable, even briefly."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    try:
        if os.name == "posix":
            os.fchmod(fd, PRIVATE_FILE_MODE)
    finally:
        os.close(fd)
    return path


def write_private_text(path: Path, text: str) -> None:
    """Write a small text file (settings) atomically, 0600."""
    tmp = create_private(path.with_name(path.name + ".tmp"))
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


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
