"""The command line: ``desk [--db URL] COMMAND …``; with no command it opens the window.

Each command lives in its own module with ``register(subparsers)``; the handler receives the
parsed arguments and returns an exit code. Commands are thin calls into core, store and services.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from desk import __version__

#: Modules under desk.cli that add a command each (in help order).
COMMAND_MODULES = (
    "import_cmd",
    "rank_cmd",
    "log_cmd",
    "export_cmd",
    "summary_cmd",
    "sheet_cmd",
    "demo_cmd",
    "calls_cmd",
    "reminders_cmd",
    "registrant_cmd",
)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INPUT = 2


class UserError(Exception):
    """A problem with what the user asked for or gave: printed plainly, exit 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desk", description="The coordinator matching desk. With no command, opens the window."
    )
    parser.add_argument("--version", action="version", version=f"desk {__version__}")
    parser.add_argument("--db", metavar="URL", help="database URL (default: DESK_DB, or the embedded SQLite file)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"desk.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"desk.cli.{name}":
                continue  # command not built yet
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from desk.ui.app import run_app  # imported late: the CLI must not need a display

        return run_app(args)
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"desk: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("desk: interrupted; nothing was changed", file=sys.stderr)
        return 130
