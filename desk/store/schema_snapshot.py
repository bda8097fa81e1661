"""A new SQLite file gets its schema from a snapshot of what the migrations make, without importing
Alembic and running every migration (about a second of a fresh process's first import).

``db/schema_sqlite.sql`` holds the ``sqlite_master`` statements of a file migrated to the head
revision, in creation order, under a first line naming that revision. It is used only when that
revision is the migrations' single head and the file is empty; otherwise Alembic migrates as before.
A test holds the snapshot's schema identical to the migrated one (scripts/schema_snapshot.py
writes it again after a new migration).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desk import paths
from desk.store.schema_check import head_revisions

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

SEPARATOR = "\n-- ;;\n"
_FIRST = "-- revision: "


def snapshot_file() -> Path:
    return paths.migrations_dir() / "schema_sqlite.sql"


def dump(conn: Connection) -> str:
    """The snapshot text of the database on ``conn`` (SQLite)."""
    rev = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
    statements = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid").scalars()
    return _FIRST + str(rev) + SEPARATOR + SEPARATOR.join(statements) + "\n"


def create(engine: Engine, snapshot: Path | None = None) -> bool:
    """Create the schema of an empty SQLite database from the snapshot, stamped at its revision;
    False (nothing done) when the snapshot does not fit (another head, unreadable, not empty)."""
    if engine.dialect.name != "sqlite":
        return False
    try:
        text = (snapshot or snapshot_file()).read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return False
    first, _sep, body = text.partition(SEPARATOR)
    rev = first.removeprefix(_FIRST)
    if not first.startswith(_FIRST) or head_revisions() != frozenset({rev}):
        return False
    with engine.begin() as conn:
        if conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one():
            return False  # not a new file: Alembic decides
        for statement in body.split(SEPARATOR):
            if statement.strip():
                conn.exec_driver_sql(statement)
        conn.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES (?)", (rev,))
    return True
