"""The facade's team-mode part: who is at the desk, "calling now", and the change feed.

Every method may block on the database: the window calls them through ``desk.ui.runner.Runner``
(``open_change_feed`` and ``ChangeFeed.wait`` on the live thread of desk.ui.live).
"""

from __future__ import annotations

from desk.app.base import AppBase, Identity
from desk.services import calling, changes, identity
from desk.settings import save_settings


class TeamApi(AppBase):
    """Identity, calls and live changes (team mode on PostgreSQL; solo mode on SQLite)."""

    _identity: Identity | None = None

    def whoami(self) -> Identity:
        """Team mode: the database login and its display name and role (looked up once); solo mode:
        the settings' name, as admin. In team mode the settings' name follows the login (in memory),
        so events, undo and sheets all carry the same name."""
        if self._identity is None:
            login = identity.whoami(self.db)
            if login is None:
                name = self.settings.coordinator
                self._identity = Identity(name, name, "admin")
            else:
                self._identity = Identity(login.login, login.display_name, login.role)
                self.settings.coordinator = login.display_name
        return self._identity

    def needs_coordinator_name(self) -> bool:
        """Solo mode with no name yet: the window asks once (never the operating-system login)."""
        return self.db.engine.dialect.name != "postgresql" and not self.settings.coordinator.strip()

    def set_coordinator_name(self, name: str) -> None:
        """Remember the solo-mode coordinator's name in the settings."""
        self.settings.coordinator = name.strip()
        save_settings(self.settings)
        self._identity = None

    def start_call(self, posting_source_id: str, registrant_source_id: str) -> calling.Call:
        return calling.start_call(self.db, posting_source_id, registrant_source_id,
                                  coordinator=self.whoami().display_name)

    def active_calls(self) -> list[calling.Call]:
        return calling.active_calls(self.db)

    def open_change_feed(self, poll: float = 1.0) -> changes.ChangeFeed:
        return changes.open_feed(self.db, poll=poll)
