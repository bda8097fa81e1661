"""Write db/schema_sqlite.sql: the schema the migrations make on a new SQLite file (desk.store.schema_snapshot).

Run after adding a migration: ``PYTHONPATH=. .venv/bin/python scripts/schema_snapshot.py``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from desk.store import schema_snapshot


def migrated_snapshot() -> str:
    """The snapshot text of a new file migrated by Alembic (never from the snapshot itself)."""
    from alembic import command
    from sqlalchemy import create_engine

    from desk.store.db import alembic_config

    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'm.sqlite3'}")
        try:
            cfg = alembic_config(engine)
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
            with engine.connect() as conn:
                return schema_snapshot.dump(conn)
        finally:
            engine.dispose()


if __name__ == "__main__":
    schema_snapshot.snapshot_file().write_text(migrated_snapshot(), encoding="utf-8")
    print(schema_snapshot.snapshot_file())
