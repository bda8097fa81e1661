"""Shared fixtures. Qt runs offscreen (set once, here, before anything imports Qt)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("DESK_DB", None)

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# Property tests draw the same examples on every run (tests are deterministic; a failure found once
# is found again): the examples come from a fixed seed rather than a fresh random one each run.
settings.register_profile("desk", derandomize=True, print_blob=True)
settings.load_profile("desk")

from desk.store.db import Database, open_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("DESK_SHARED_DATA") or ROOT.parent / "shared" / "data")  # a worktree elsewhere sets it


def shared_data(name: str) -> Path:
    """A file of ../shared/data, or skip the test with the reason when this clone has none."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"reference data {path} is not here (CI has ../shared/data; a user's clone may not)")
    return path


@pytest.fixture(autouse=True)
def desk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder, so no test touches a real user's database or settings."""
    home = tmp_path / "desk-home"
    home.mkdir()
    monkeypatch.setenv("DESK_HOME", str(home))
    monkeypatch.delenv("DESK_DB", raising=False)
    return home


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{(tmp_path / 'test.sqlite3').as_posix()}"


def _pg_admin_url() -> str | None:
    return os.environ.get("DESK_TEST_PG_URL")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the server named by DESK_TEST_PG_URL."""
    admin = _pg_admin_url()
    if not admin:
        pytest.skip("DESK_TEST_PG_URL is not set: no PostgreSQL server for this run (.ci/run starts one)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from desk.store.db import resolve_url

    name = f"desk_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(resolve_url(admin), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(resolve_url(admin)).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Run the test once on a SQLite file and once on a real PostgreSQL database."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[Database]:
    database = open_database(sqlite_url)
    yield database
    database.dispose()
