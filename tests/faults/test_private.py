"""Personal data stays private on a shared workstation: the data folder 0700, the database,
settings, log, exports and rejects 0600, whatever the umask (POSIX)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk import paths
from desk.settings import Settings, save_settings
from desk.store.db import open_database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; Windows keeps the profile private")


@pytest.fixture
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)  # what many desktops use: files 0644, folders 0755
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_data_folder_database_and_settings_are_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       loose_umask: None) -> None:
    home = tmp_path / "fresh" / "desk"
    monkeypatch.setenv("DESK_HOME", str(home))
    db = open_database()  # the embedded database in the data folder
    with db.write():
        pass  # a write transaction: SQLite makes its -wal and -shm files
    assert _mode(home) == 0o700
    for name in ("desk.sqlite3", "desk.sqlite3-wal", "desk.sqlite3-shm"):
        if (home / name).exists():
            assert _mode(home / name) == 0o600, name
    db.dispose()
    save_settings(Settings(coordinator="佐藤"))
    assert _mode(home / "settings.json") == 0o600


def test_an_older_open_folder_and_database_are_narrowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        loose_umask: None) -> None:
    home = tmp_path / "old"
    home.mkdir(mode=0o755)
    (home / "desk.sqlite3").touch(mode=0o644)
    os.chmod(home / "desk.sqlite3", 0o644)
    monkeypatch.setenv("DESK_HOME", str(home))
    open_database().dispose()
    assert _mode(home) == 0o700
    assert _mode(home / "desk.sqlite3") == 0o600


def test_create_private_ignores_the_umask(tmp_path: Path, loose_umask: None) -> None:
    assert _mode(paths.create_private(tmp_path / "x.csv")) == 0o600
