"""Is the schema already current? Answered without importing Alembic (about a second of start-up).

The migration files are read as text for their ``revision`` / ``down_revision`` lines; the heads are
the revisions no other one comes down from. When the database's ``alembic_version`` rows are exactly
those heads nothing needs doing; anything else (no table yet, an older revision, files that cannot
be read) is left to Alembic, which then decides and migrates as before.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from desk import paths

if TYPE_CHECKING:  # imported by desk.store.light too, which runs without SQLAlchemy
    from sqlalchemy import Engine

_REVISION = re.compile(r"^revision(?:\s*:[^=\n]+)?\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision(?:\s*:[^=\n]+)?\s*=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


@lru_cache(maxsize=4)
def head_revisions(versions: Path | None = None) -> frozenset[str]:
    """The head revisions of the migration scripts (empty when they cannot be read unambiguously)."""
    folder = versions or paths.migrations_dir() / "versions"
    revisions: set[str] = set()
    downs: set[str] = set()
    try:
        files = sorted(folder.glob("*.py"))
        for f in files:
            text = f.read_text(encoding="utf-8")
            rev, down = _REVISION.search(text), _DOWN.search(text)
            if rev is None or down is None:
                return frozenset()
            revisions.add(rev.group(1))
            downs.update(_QUOTED.findall(down.group(1)))
    except (OSError, UnicodeError):
        return frozenset()
    return frozenset(revisions - downs)


def schema_is_current(engine: Engine) -> bool:
    from sqlalchemy.exc import SQLAlchemyError

    heads = head_revisions()
    if not heads:
        return False
    with engine.connect() as conn:  # a server that cannot be reached: the error goes to the caller once
        try:
            current = set(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars())
        except SQLAlchemyError:
            return False  # a new database: no version table yet
    return current == heads
