"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse

from desk.settings import load_settings
from desk.store.db import Database, open_database


def database(args: argparse.Namespace) -> Database:
    return open_database(args.db)


def add_by_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", metavar="NAME", dest="coordinator", default=None,
                        help="coordinator name recorded with the action (default: from settings)")


def coordinator(args: argparse.Namespace) -> str:
    return getattr(args, "coordinator", None) or load_settings().coordinator
