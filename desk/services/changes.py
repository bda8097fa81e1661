"""What colleagues changed, as it is committed: one API over PostgreSQL NOTIFY and a SQLite poll.

The writers do not call anything: database triggers (migration 0005) announce every committed
placement event, finished import and "calling now" inside the writing transaction:

- PostgreSQL: ``pg_notify('desk_changes', '{"kind": ..., "id": ...}')``; a feed LISTENs on its own
  psycopg 3 connection and wakes as soon as a notification arrives.
- SQLite: a row in ``desk_change``; a feed checks ``PRAGMA data_version`` (changes when another
  connection commits; costs no I/O) every ``poll`` seconds and reads the new rows.

``open_feed(db).wait(timeout)`` returns the changes seen (possibly none); it blocks, so the window
runs it on a thread of its own (desk.ui.live).
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.engine import make_url

from desk.store.db import Database

CHANNEL = "desk_changes"


@dataclass(frozen=True)
class Change:
    """One committed change: ``kind`` placement | calling | import | desk_user …; ``id`` the posting's
    募集ID for placement and calling, the import kind for import; ``registrant`` when it has one."""

    kind: str
    id: str
    registrant: str = ""

    @classmethod
    def from_payload(cls, payload: str) -> Change:
        try:
            data: dict[str, Any] = json.loads(payload)
        except ValueError:
            return cls("unknown", payload)
        return cls(str(data.get("kind", "unknown")), str(data.get("id", "") or ""),
                   str(data.get("registrant", "") or ""))


class ChangeFeed(Protocol):
    def wait(self, timeout: float) -> list[Change]: ...

    def close(self) -> None: ...


class PgFeed:
    """LISTEN desk_changes on a connection of its own (autocommit, psycopg 3)."""

    def __init__(self, url: str) -> None:
        import psycopg

        parsed = make_url(url)
        self._conn = psycopg.connect(
            host=parsed.host or "localhost", port=parsed.port or 5432, user=parsed.username,
            password=parsed.password, dbname=parsed.database, autocommit=True, application_name="desk-live")
        self._conn.execute(f"LISTEN {CHANNEL}")

    def wait(self, timeout: float) -> list[Change]:
        got = [Change.from_payload(n.payload) for n in self._conn.notifies(timeout=timeout, stop_after=1)]
        if got:  # whatever else arrived with it
            got += [Change.from_payload(n.payload) for n in self._conn.notifies(timeout=0.05)]
        return got

    def close(self) -> None:
        self._conn.close()


class SqliteFeed:
    """Polls ``PRAGMA data_version`` and reads the new ``desk_change`` rows."""

    def __init__(self, path: str, poll: float = 1.0) -> None:
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False,
                                     isolation_level=None)
        self._poll = poll
        self._version = self._data_version()
        self._last = int(self._conn.execute("SELECT COALESCE(MAX(id), 0) FROM desk_change").fetchone()[0])

    def _data_version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def wait(self, timeout: float) -> list[Change]:
        deadline = time.monotonic() + timeout
        while True:
            version = self._data_version()
            if version != self._version:
                self._version = version
                rows = self._conn.execute("SELECT id, kind, ref FROM desk_change WHERE id > ? ORDER BY id",
                                          (self._last,)).fetchall()
                if rows:
                    self._last = int(rows[-1][0])
                    return [Change(str(kind), str(ref)) for _id, kind, ref in rows]
            left = deadline - time.monotonic()
            if left <= 0:
                return []
            time.sleep(min(self._poll, left))

    def close(self) -> None:
        self._conn.close()


def open_feed(db: Database, *, poll: float = 1.0) -> ChangeFeed:
    """The feed for ``db``: LISTEN on PostgreSQL, a ``poll``-second check on SQLite."""
    url = db.engine.url
    if db.is_sqlite:
        if not url.database or url.database == ":memory:":
            raise ValueError("a change feed needs a database file")
        return SqliteFeed(url.database, poll)
    return PgFeed(url.render_as_string(hide_password=False))


def merge(changes: list[Change]) -> list[Change]:
    """The distinct changes, in order of first arrival (a burst of events on one posting → one)."""
    seen: dict[Change, None] = {}
    for change in changes:
        seen.setdefault(change, None)
    return list(seen)
