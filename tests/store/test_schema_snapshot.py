"""A new SQLite file gets the migrations' schema from db/schema_sqlite.sql without Alembic: the same
tables, indexes and triggers, stamped at the head revision; anything else is left to Alembic."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from desk.store import schema_snapshot
from desk.store.db import make_engine, open_database
from scripts.schema_snapshot import migrated_snapshot

ROOT = Path(__file__).resolve().parents[2]


def lines(sql: str | None) -> list[str]:
    """A statement's lines without their trailing commas, sorted: Alembic's batch mode writes a
    recreated table's constraints in an order that varies from run to run (the same schema)."""
    return sorted(line.strip().rstrip(",").strip() for line in (sql or "").splitlines())


def master(path: Path) -> tuple[list[tuple[object, ...]], list[str]]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        return ([(t, n, tbl, lines(sql)) for t, n, tbl, sql in rows],
                [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")])
    finally:
        conn.close()


def test_the_snapshot_is_the_schema_the_migrations_make() -> None:
    def statements(text: str) -> list[list[str]]:
        return sorted(lines(sql) for sql in text.split(schema_snapshot.SEPARATOR))

    assert statements(schema_snapshot.snapshot_file().read_text(encoding="utf-8")) == statements(migrated_snapshot()), (
        "db/schema_sqlite.sql is stale: run `PYTHONPATH=. python scripts/schema_snapshot.py` after a new migration")


def test_a_new_file_from_the_snapshot_equals_a_migrated_one(tmp_path: Path) -> None:
    fast = tmp_path / "fast.sqlite3"
    code = ("import sys; from desk.store.db import open_database; open_database(sys.argv[1]).dispose(); "
            "print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, f"sqlite:///{fast}"], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120, check=True)
    assert out.stdout.strip() == "False"  # created without importing Alembic
    slow = tmp_path / "slow.sqlite3"
    engine = make_engine(f"sqlite:///{slow}")
    from alembic import command

    from desk.store.db import alembic_config

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    engine.dispose()
    assert master(fast) == master(slow)
    open_database(f"sqlite:///{fast}").dispose()  # opens as current: nothing more to migrate
    assert master(fast) == master(slow)


def test_a_snapshot_that_does_not_fit_is_not_used(tmp_path: Path) -> None:
    other = tmp_path / "old.sql"
    other.write_text(schema_snapshot.snapshot_file().read_text(encoding="utf-8").replace(
        "-- revision: ", "-- revision: x", 1), encoding="utf-8")
    engine = make_engine(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    assert not schema_snapshot.create(engine, other)  # another revision than the head
    assert schema_snapshot.create(engine)
    assert not schema_snapshot.create(engine)  # not empty any more
    engine.dispose()
