"""Team-mode test data: the logins of a test and the rows they work on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.engine import make_url

from desk.store.db import Database, open_database
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
