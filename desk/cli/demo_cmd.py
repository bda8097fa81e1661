"""``desk demo``: fill an empty database with generated postings and registrants.

The rows go through the real importer (see desk.services.demo); the two import summary lines are
printed, postings first.
"""

from __future__ import annotations

import argparse
import sys

from desk.cli import EXIT_FAILURE, EXIT_OK, UserError
from desk.cli.common import database

SHOWN = 10


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative")
    return value


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="fill an empty database with generated demo postings and registrants")
    p.add_argument("--registrants", type=_count, default=3000, metavar="N", help="registrants to generate (default 3000)")
    p.add_argument("--postings", type=_count, default=300, metavar="N", help="postings to generate (default 300)")
    p.add_argument("--seed", type=int, default=1, help="the same seed gives the same data (default 1)")
    p.add_argument("--force", action="store_true", help="add the demo data even when the database is not empty")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desk.services.demo import DatabaseNotEmpty, load_demo
    from desk.services.importer import ImportCancelled, ImportInputError

    db = database(args)
    try:
        reports = load_demo(db, registrants=args.registrants, postings=args.postings, seed=args.seed,
                            force=args.force)
    except DatabaseNotEmpty as exc:
        raise UserError(f"{exc}. Nothing was loaded; use --force to add the demo data anyway.") from None
    except ImportInputError as exc:
        raise UserError(f"the demo files could not be imported: {exc}") from None
    except ImportCancelled:
        print("desk: demo import cancelled", file=sys.stderr)
        return 130
    rejected = 0
    for kind, report in zip(("postings", "registrants"), reports, strict=True):
        for rej in report.rejects[:SHOWN]:
            print(f"  rejected {kind}: {rej}", file=sys.stderr)
        rejected += report.rejected
        print(f"{kind}: {report.summary_line()}")
    return EXIT_FAILURE if rejected else EXIT_OK
