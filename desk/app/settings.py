"""The coordinator's settings, the connection test and demo data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desk.app.base import AppBase
from desk.settings import Settings, save_settings


def check_connection(url: str) -> str:
    """Open ``url`` without migrating and run one query; returns the server's name, raises on failure."""
    from sqlalchemy import text

    from desk.store.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            return str(engine.dialect.name)
    finally:
        engine.dispose()


class SettingsApi(AppBase):
    def apply_settings(self, settings: Settings, *, save: bool = False) -> None:
        """Use ``settings`` from now on (and write them to settings.json when ``save``)."""
        if save:
            save_settings(settings)
        self.settings = settings

    def check_connection(self, url: str) -> str:
        return check_connection(url)

    def load_demo(self, *, registrants: int = 3000, postings: int = 300,
                  progress: Callable[[int, int], None] | None = None, force: bool = False) -> Any:
        """Demo data; into a database that already holds data only with ``force`` (the window asks)."""
        from desk.services.demo import load_demo

        kwargs: dict[str, Any] = {"registrants": registrants, "postings": postings, "force": force}
        if progress is not None:
            kwargs["progress"] = progress
        return load_demo(self.db, **kwargs)
