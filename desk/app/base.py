"""What every part of the facade shares: the database, the settings, who is working."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import event

from desk.settings import Settings
from desk.store.db import Database

#: How long a write waits for a colleague's lock before giving up in words (SQLite's busy timeout is
#: the same 30 s, set by desk.store.db).
LOCK_TIMEOUT_MS = 30000


@dataclass(frozen=True)
class Identity:
    """Who is at the desk: the login (team mode: the database role) and the name shown on sheets."""

    login: str
    display_name: str
    role: str = "admin"  # viewer | coordinator | admin (solo mode on SQLite: admin)


class AppBase:
    """Holds the opened database and the settings; mixins add the typed methods."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        #: On PostgreSQL every transaction of the facade waits at most this long for a row lock.
        self.lock_timeout_ms = LOCK_TIMEOUT_MS
        if not db.is_sqlite:
            event.listen(db.engine, "begin", self._limit_lock_wait)

    def _limit_lock_wait(self, conn: Any) -> None:
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(self.lock_timeout_ms)}")

    @property
    def coordinator(self) -> str:
        """The name recorded on events and sheets (team mode: resolved from the database login)."""
        return self.settings.coordinator

    def close(self) -> None:
        if not self.db.is_sqlite and event.contains(self.db.engine, "begin", self._limit_lock_wait):
            event.remove(self.db.engine, "begin", self._limit_lock_wait)
        self.db.dispose()
