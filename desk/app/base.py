"""What every part of the facade shares: the database, the settings, who is working."""

from __future__ import annotations

from dataclasses import dataclass

from desk.settings import Settings
from desk.store.db import Database


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

    @property
    def coordinator(self) -> str:
        """The name recorded on events and sheets (team mode: resolved from the database login)."""
        return self.settings.coordinator

    def close(self) -> None:
        self.db.dispose()
