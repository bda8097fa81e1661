"""Two desks confirming one merged person at the same moment, each under a different record:
one confirmation wins, the other is refused as a double booking (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desk.services import persons
from desk.store.db import open_database
from desk.store.models import PlacementSlot, Registrant
from tests.services.race import race_confirmations
from tests.services.test_placements import D, add_posting, walk

ROUNDS = 3


def _race(url: str) -> None:
    db = open_database(url)
    add_posting(db, "K-A", [(D, 9, 12)], headcount=ROUNDS)
    add_posting(db, "K-B", [(D, 11, 13)], headcount=ROUNDS, venue="別会場")
    with db.session() as s:
        for i in range(ROUNDS):
            s.add_all([Registrant(source="jma", source_id=f"R-{i}", name="山田 花子", occupation="doctor"),
                       Registrant(source="site", source_id=f"R-{i}", name="山田花子", occupation="doctor")])
    for i in range(ROUNDS):
        persons.merge(db, f"jma:R-{i}", f"site:R-{i}")
        walk(db, "K-A", f"jma:R-{i}", "proposed", "accepted")
        walk(db, "K-B", f"site:R-{i}", "proposed", "accepted")
    race_confirmations(url, (("K-A", "jma:R-{i}"), ("K-B", "site:R-{i}")), ROUNDS)
    with db.session() as s:
        booked = s.scalars(select(PlacementSlot).where(PlacementSlot.state == "confirmed")).all()
    assert len(booked) == ROUNDS
    db.dispose()


def test_merged_records_cannot_both_be_confirmed_at_once_sqlite(sqlite_url: str) -> None:
    _race(sqlite_url)


@pytest.mark.postgres
def test_merged_records_cannot_both_be_confirmed_at_once_postgres(pg_url: str) -> None:
    _race(pg_url)
