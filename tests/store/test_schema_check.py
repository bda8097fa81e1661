"""Opening a current database does not import Alembic; the heads read from the files are Alembic's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from desk.store.db import alembic_config, open_database
from desk.store.schema_check import head_revisions, schema_is_current

ROOT = Path(__file__).resolve().parents[2]


def test_heads_read_from_the_files_are_alembics() -> None:
    assert head_revisions() == frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def test_a_current_database_opens_without_alembic(db_url: str) -> None:
    db = open_database(db_url)  # creates and migrates
    try:
        assert schema_is_current(db.engine)
    finally:
        db.dispose()
    probe = ("import sys; from desk.store.db import open_database; db = open_database(sys.argv[1]); "
             "db.dispose(); print('alembic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe, db_url], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert done.stdout.strip() == "False", done.stderr


def test_a_new_database_is_not_current(tmp_path: Path) -> None:
    from desk.store.db import make_engine

    engine = make_engine(f"sqlite:///{(tmp_path / 'new.sqlite3').as_posix()}")
    try:
        assert not schema_is_current(engine)
    finally:
        engine.dispose()


def test_unreadable_migration_files_leave_it_to_alembic(tmp_path: Path) -> None:
    (tmp_path / "0001_x.py").write_text("revision = '0001'\n# no down_revision line\n", encoding="utf-8")
    assert head_revisions(tmp_path) == frozenset()
    sound = tmp_path / "sound"  # (heads are remembered per folder)
    sound.mkdir()
    (sound / "0001_x.py").write_text("revision = '0001'\ndown_revision = None\n", encoding="utf-8")
    (sound / "0002_y.py").write_text('revision: str = "0002"\ndown_revision: str | None = "0001"\n',
                                     encoding="utf-8")
    (sound / "0003_z.py").write_text('revision = "0003"\ndown_revision = ("0001",)\n', encoding="utf-8")
    assert head_revisions(sound) == frozenset({"0002", "0003"})
