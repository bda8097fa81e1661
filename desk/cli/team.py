"""Who the command line acts as: team mode resolves it from the database login, solo mode from
``--by`` or the settings (the first ``--by`` is remembered when the settings have no name yet)."""

from __future__ import annotations

import argparse
import os

from desk.cli import UserError
from desk.services.identity import ByRefused, Login, resolve_by
from desk.settings import load_settings, save_settings

_WHO: dict[str, Login | None] = {}


def login_of(url: str | None) -> Login | None:
    """The team-mode login behind ``--db URL`` (None in solo mode), looked up once per process."""
    if not (url or os.environ.get("DESK_DB") or "").startswith(("postgres", "postgresql")):
        return None  # the embedded SQLite file (the default) or another engine: solo mode, no database stack
    from desk.services.identity import whoami
    from desk.store.db import open_database, resolve_url

    resolved = resolve_url(url)
    if not resolved.startswith("postgresql"):
        return None
    if resolved not in _WHO:
        db = open_database(url, migrate_schema=False)
        try:
            _WHO[resolved] = whoami(db)
        finally:
            db.dispose()
    return _WHO[resolved]


def coordinator_name(args: argparse.Namespace) -> str:
    by = getattr(args, "coordinator", None)
    settings = load_settings()
    try:
        name = resolve_by(login_of(getattr(args, "db", None)), by, settings.coordinator)
    except ByRefused as exc:
        raise UserError(str(exc)) from None
    if by and name == by and not settings.coordinator:
        settings.coordinator = by  # solo mode: asked once, then remembered
        save_settings(settings)
    return name
