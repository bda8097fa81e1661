"""Team mode on a real PostgreSQL: a database prepared by ``desk admin init`` and real logins.

Logins are cluster-wide, so each test makes its own (a random prefix) and drops them afterwards.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from desk.cli import main
from desk.store.db import Database, open_database, resolve_url
from desk.store.models import Posting, PostingSlot, Registrant

D = dt.date(2021, 6, 12)
PASSWORD = "s3cret-Pass_word!"


@dataclass
class Team:
    owner_url: str
    prefix: str
    logins: dict[str, str] = field(default_factory=dict)  # short name → login

    def login(self, who: str) -> str:
        return self.logins[who]

    def url(self, who: str, password: str = PASSWORD) -> str:
        return make_url(self.owner_url).set(username=self.logins[who], password=password).render_as_string(
            hide_password=False)

    def open(self, who: str) -> Database:
        return open_database(self.url(who), migrate_schema=False)


def seed(db: Database) -> None:
    with db.session() as s:
        for sid, slots in (("K-1", [(9, 12)]), ("K-2", [(13, 16)])):
            p = Posting(source_id=sid, occupation="doctor", headcount=2, venue_name="港北公会堂", pref_code="14",
                        prefecture="神奈川県", municipality_name="横浜市港北区")
            p.slots = [PostingSlot(date=D, start=dt.time(a), end=dt.time(b)) for a, b in slots]
            s.add(p)
        s.add_all([Registrant(source_id="R-1", name="山田 花子", occupation="doctor"),
                   Registrant(source_id="R-2", name="鈴木 一郎", occupation="doctor")])


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
