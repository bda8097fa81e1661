"""Helpers for the fault tests: the database's content as a comparable snapshot, and a small
tmpfs (root only) to fill a disk or make a folder read-only."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.store.db import Database
from desk.store.models import Base

sys.path.insert(0, str(Path(__file__).resolve().parent))

#: Tables an import or a refusal may write besides the data (the audit of a rejects file).
AUDIT_TABLES = {"export_record"}


def snapshot(db: Database) -> dict[str, str]:
    """A digest of every table's rows (audit tables left out): equal snapshots, equal content."""
    out: dict[str, str] = {}
    with db.session() as s:
        for name, table in sorted(Base.metadata.tables.items()):
            if name in AUDIT_TABLES:
                continue
            rows = s.execute(select(table)).all()
            out[name] = hashlib.sha1(repr(sorted(map(repr, rows))).encode()).hexdigest() + f":{len(rows)}"
    return out


def _can_mount() -> str | None:
    if sys.platform != "linux":
        return "tmpfs mounts are a Linux feature"
    if os.geteuid() != 0:
        return "mounting a small tmpfs needs root (run the fault tests as root in CI to cover a full disk)"
    return None


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs mounted for the test (skipped with the reason where the machine cannot make one)."""
    reason = _can_mount()
    if reason:
        pytest.skip(reason)
    mnt = tmp_path / "small-disk"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m,mode=0755", "tmpfs", str(mnt)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def remount_read_only(mnt: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)


def fill(mnt: Path) -> None:
    """Fill the disk to the last byte."""
    with (mnt / "ballast").open("wb", buffering=0) as fh:
        for size in (65536, 4096, 1):
            try:
                while True:
                    fh.write(b"\0" * size)
            except OSError:
                pass
