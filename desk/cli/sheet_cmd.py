"""``desk sheet POSTING_ID… -o FILE.pdf [--audience coordinator|public] [--top N]``."""

from __future__ import annotations

import argparse
import sys

from desk.cli import UserError
from desk.cli.common import add_by_option, coordinator, database


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "sheet",
        help="print postings to PDF: candidate sheets (coordinator) or posting sheets (public)",
        description="Write one PDF with a sheet per posting, one after another. The coordinator sheet "
                    "lists the ranked candidates with their contact details (the export is logged); the "
                    "public sheet shows a masked posting without facility, address or contact person.",
    )
    parser.add_argument("posting_ids", nargs="+", metavar="POSTING_ID", help="募集ID (one or several)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="the PDF to write")
    parser.add_argument("--audience", choices=("coordinator", "public"), default="coordinator",
                        help="coordinator: facts and candidates (default); public: what registrants may see")
    parser.add_argument("--top", type=int, default=20, metavar="N", help="candidates per posting (default 20)")
    add_by_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desk.print import PostingNotFoundError, write_sheet  # reportlab is loaded only for this command

    if args.top < 1:
        raise UserError("--top must be at least 1")
    out = args.output
    if not str(out).lower().endswith(".pdf"):
        raise UserError(f"the output must be a .pdf file: {out}")
    db = database(args)
    try:
        result = write_sheet(out, db, args.posting_ids, audience=args.audience,
                             coordinator=coordinator(args), top=args.top)
    except PostingNotFoundError as exc:
        raise UserError(f"unknown posting: {', '.join(exc.missing)}") from exc
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from exc
    what = "candidate sheet" if args.audience == "coordinator" else "public posting sheet"
    extra = f", {result.candidates} candidates" if args.audience == "coordinator" else ""
    print(f"wrote {what} for {len(result.postings)} posting(s){extra} to {result.path}", file=sys.stdout)
    return 0
