"""``desk reminders DATE [-o FILE.pdf|.csv|.xlsx]``: everyone confirmed for DATE, grouped by venue."""

from __future__ import annotations

import argparse
from pathlib import Path

from desk.cli import UserError
from desk.cli.common import add_by_option, coordinator, database, export_errors
from desk.cli.log_cmd import date_arg


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("reminders", help="everyone confirmed for a date, by venue, to call the day before",
                       description="List (or with -o write as a printable PDF, CSV or .xlsx call sheet) everyone "
                                   "confirmed for DATE, grouped by venue, with address, hours, phone and e-mail. "
                                   "Files are recorded like other personal-data exports.")
    p.add_argument("date", metavar="DATE", type=date_arg)
    p.add_argument("-o", "--output", type=Path, metavar="FILE.pdf|FILE.csv|FILE.xlsx")
    p.add_argument("--encoding", default="utf-8", help="CSV only: utf-8 (with BOM, default) or cp932")
    add_by_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desk.print.reminders import write_reminders_pdf
    from desk.services.reminders import confirmed_on, export_reminders

    out: Path | None = args.output
    if out is not None and out.suffix.lower() not in (".pdf", ".csv", ".xlsx"):
        raise UserError(f"{out.name}: the file name must end in .pdf, .csv or .xlsx")
    db = database(args)
    if out is None:
        venues = confirmed_on(db, args.date)
        for v in venues:
            print(f"{v.venue} ({v.municipality}, posting {v.posting_source_id})  {v.address}")
            for p in v.people:
                print(f"  {p.hours_text}\t{p.registrant_source_id} {p.name}\t{p.phone or '-'}\t{p.email or '-'}")
        if not venues:
            print(f"nobody confirmed for {args.date:%Y-%m-%d}")
        return 0
    with export_errors(out):
        if out.suffix.lower() == ".pdf":
            result = write_reminders_pdf(db, args.date, out, coordinator=coordinator(args))
        else:
            result = export_reminders(db, args.date, out, coordinator=coordinator(args), encoding=args.encoding)
    for w in result.warnings:
        print(f"warning: {w}")
    print(f"wrote {result.path}: {result.rows} people confirmed for {args.date:%Y-%m-%d} (export #{result.record_id})")
    return 0
