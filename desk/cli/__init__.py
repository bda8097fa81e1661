"""The command line: ``desk [--db URL] COMMAND …``; with no command it opens the window.

Each command lives in its own module with ``register(subparsers)``; the handler receives the
parsed arguments and returns an exit code. Commands are thin calls into core, store and services.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Mapping, Sequence

from desk import __version__

#: Modules under desk.cli that add a command each (in help order).
COMMAND_MODULES = (
    "import_cmd",
    "rank_cmd",
    "log_cmd",
    "export_cmd",
    "summary_cmd",
    "sheet_cmd",
    "handout_cmd",
    "demo_cmd",
    "persons_cmd",
    "plan_cmd",
    "admin_cmd",
    "call_cmd",
    "calls_cmd",
    "reminders_cmd",
    "registrant_cmd",
)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INPUT = 2


class UserError(Exception):
    """A problem with what the user asked for or gave: printed plainly, exit 2."""


def _command_word(argv: Sequence[str]) -> str | None:
    """The command word of a command line (``-h`` for a top-level help request, None for none)."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif word in ("-h", "--help") or not word.startswith("-"):
            return word
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``, with every command when None.

    Start-up imports only what the command line needs: ``desk rank …`` imports ``rank_cmd`` alone,
    ``desk --version`` and the window no command module; ``desk --help`` or a word no module is
    named after imports them all. Command modules import their services when they run.
    """
    word = None if argv is None else _command_word(argv)
    if argv is not None and word is None:
        return _parser(())
    if word is not None and f"{word}_cmd" in COMMAND_MODULES:
        parser = _parser((f"{word}_cmd",))
        if word in _choices(parser):
            return parser
    return _parser(COMMAND_MODULES)


def _choices(parser: argparse.ArgumentParser) -> Mapping[str, object]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices
    return {}


def _parser(modules: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desk", description="The coordinator matching desk. With no command, opens the window."
    )
    parser.add_argument("--version", action="version", version=f"desk {__version__}")
    parser.add_argument("--db", metavar="URL", help="database URL (default: DESK_DB, or the embedded SQLite file)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        try:
            module = importlib.import_module(f"desk.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"desk.cli.{name}":
                continue  # command not built yet
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    from desk.logs import setup_logging

    setup_logging()
    if args.command is None:
        from desk.ui.app import run_app  # imported late: the CLI must not need a display

        return run_app(args)
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"desk: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:  # noqa: BLE001 - a database fault is worded; anything else is a bug
        from desk.services.identity import refusal_message
        from desk.store.faults import classify

        refused = refusal_message(exc)  # the database refused it for this login (team mode)
        if refused is not None:
            _log_fault(exc)
            print(f"desk: {refused}", file=sys.stderr)
            return EXIT_INPUT
        fault = classify(exc, _db_url(args))
        if fault is not None:
            _log_fault(exc)
            print(f"desk: {fault}", file=sys.stderr)
            return EXIT_INPUT
        if isinstance(exc, BrokenPipeError):  # `desk history | head`: the reader has gone
            _silence_stdout()
            return EXIT_OK
        if isinstance(exc, OSError):  # the machine, not the request: a file or folder that failed
            _log_fault(exc)
            where = f"{exc.filename}: " if exc.filename else ""
            print(f"desk: {where}{exc.strerror or exc}; nothing more was done", file=sys.stderr)
            return EXIT_INPUT
        raise
    except KeyboardInterrupt:
        print("desk: interrupted; nothing was changed", file=sys.stderr)
        return 130
    finally:
        from desk.cli.common import close_database

        close_database(args)


def _db_url(args: argparse.Namespace) -> str | None:
    from desk.store.db import resolve_url

    try:
        return resolve_url(getattr(args, "db", None))
    except Exception:  # noqa: BLE001 - an unparsable URL: the fault is named without its place
        return None


def _log_fault(exc: BaseException) -> None:
    """The traceback goes to the log file only (never the terminal): desk's log when one is set up,
    else a plain ``desk.log`` in the data folder (0600) for this one record."""
    import logging

    log = logging.getLogger("desk.cli")
    handler: logging.Handler | None = None
    try:
        if not log.hasHandlers():
            from desk import paths

            path = paths.data_dir() / "desk.log"
            if not path.exists():
                paths.create_private(path)
            handler = logging.FileHandler(path, encoding="utf-8")
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
            log.addHandler(handler)
        log.error("%s", type(exc).__name__, exc_info=exc)
    except Exception:  # noqa: BLE001, S110 - no writable log (disk full): the message still reaches the user
        pass
    finally:
        if handler is not None:
            log.removeHandler(handler)
            handler.close()


def _silence_stdout() -> None:
    """Point stdout at the null device, so the flush at exit does not fail again on the closed pipe."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
