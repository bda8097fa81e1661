"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from desk.cli import UserError

if TYPE_CHECKING:  # the database stack is imported by the commands that run, not by ``desk --help``
    from desk.store.db import Database


def database(args: argparse.Namespace) -> Database:
    """The command's database, opened once; ``desk.cli.main`` closes it when the command ends (a
    command run in-process, as the tests and the window's helpers do, leaves no connection behind)."""
    db: Database | None = getattr(args, "_database", None)
    if db is None:
        from desk.store.db import open_database

        db = open_database(args.db)
        args._database = db
    return db


def close_database(args: argparse.Namespace) -> None:
    db: Database | None = getattr(args, "_database", None)
    if db is not None:
        args._database = None
        db.dispose()


def add_by_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", metavar="NAME", dest="coordinator", default=None,
                        help="coordinator name recorded with the action (default: from settings)")


def coordinator(args: argparse.Namespace) -> str:
    """``--by`` or the settings' name; in team mode the database login's name (``--by`` only yourself)."""
    from desk.cli.team import coordinator_name

    return coordinator_name(args)


@contextmanager
def export_errors(path: Path | str) -> Iterator[None]:
    """A filter, name or folder an export cannot use becomes a plain message (exit 2)."""
    from desk.services.export_files import ExportInputError

    try:
        yield
    except ExportInputError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
