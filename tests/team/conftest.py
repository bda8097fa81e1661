"""Team mode on a real PostgreSQL: a database prepared by ``desk admin init`` and real logins.

Logins are cluster-wide, so each test makes its own (a random prefix) and drops them afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from team_db import PASSWORD, Team, seed

from desk.cli import main
from desk.store.db import open_database, resolve_url


@pytest.fixture
def team(pg_url: str) -> Iterator[Team]:
    """``desk admin init`` on a fresh database, demo rows, and four logins: sato and ito
    (coordinators, shown as 佐藤 花子 / 伊藤 健), kim (viewer), boss (admin)."""
    assert main(["--db", pg_url, "admin", "init"]) == 0
    db = open_database(pg_url)
    seed(db)
    db.dispose()
    t = Team(pg_url, f"t{uuid.uuid4().hex[:8]}")
    people = (("sato", "coordinator", "佐藤 花子"), ("ito", "coordinator", "伊藤 健"), ("kim", "viewer", ""),
              ("boss", "admin", "管理者"))
    try:
        for short, role, name in people:
            t.logins[short] = f"{t.prefix}_{short}"
            args = ["--db", pg_url, "admin", "add-user", t.logins[short], "--role", role, "--password", PASSWORD]
            assert main(args + (["--name", name] if name else [])) == 0
        yield t
    finally:
        engine = create_engine(resolve_url(pg_url), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            for login in t.logins.values():
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :u"),
                             {"u": login})
                conn.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
        engine.dispose()
