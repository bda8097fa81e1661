"""``desk export placements FILE``, ``desk export postings FILE`` and ``desk export list`` (also
``desk exports``).

Placement exports hold registrants' personal data; a postings list is public (masking applied) by
default. Each export is recorded (who, when, filters, rows) and ``desk exports`` lists them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desk.cli.common import add_by_option, coordinator, database, export_errors
from desk.cli.log_cmd import date_arg
from desk.core.placement import State


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export", help="export the placement log for follow-up (.csv or .xlsx), or list exports")
    kinds = p.add_subparsers(dest="export_kind", metavar="WHAT", required=True)

    pl = kinds.add_parser("placements", help="one row per placement; .xlsx adds the events and the counts",
                          description="Write the placement log to FILE (.csv: UTF-8 with BOM, or --encoding "
                                      "cp932; .xlsx: sheets 配置, イベント, 集計). The export is recorded.")
    pl.add_argument("file", type=Path, metavar="FILE")
    pl.add_argument("--since", type=date_arg, metavar="DATE", help="placements with a slot on or after DATE")
    pl.add_argument("--until", type=date_arg, metavar="DATE", help="placements with a slot on or before DATE")
    pl.add_argument("--municipality", metavar="TEXT", help="part of the municipality name (横浜, 港北区) or its code")
    pl.add_argument("--occupation", metavar="TEXT", help="the posting's occupation (医師, 看護師, Ns …)")
    pl.add_argument("--status", metavar="STATE", help="current state: " + ", ".join(State))
    pl.add_argument("--encoding", default="utf-8", help="CSV encoding: utf-8 (with BOM, default) or cp932")
    add_by_option(pl)
    pl.set_defaults(func=run_export)

    po = kinds.add_parser("postings", help="the list of postings to hand on (public by default: masking applied)",
                          description="Write one row per posting to FILE (.csv: UTF-8 with BOM, or --encoding "
                                      "cp932; .xlsx). --audience public (default) shows masked postings only "
                                      "with prefecture and municipality; coordinator shows everything, the "
                                      "マスキング flag and the fill, for internal use. The export is recorded.")
    po.add_argument("file", type=Path, metavar="FILE")
    po.add_argument("--audience", choices=("public", "coordinator"), default="public",
                    help="public (default: for registrants, masking applied) or coordinator (internal, everything)")
    po.add_argument("--status", default="open", metavar="STATUS",
                    help="open (default), paused, ended or all")
    po.add_argument("--municipality", metavar="TEXT", help="part of the place (横浜, 港北区) or its code")
    po.add_argument("--occupation", metavar="TEXT", help="the posting's occupation (医師, 看護師, Ns …)")
    po.add_argument("--block", metavar="NAME", help="a region block (関東, 近畿 …) or MHLW area (関東信越 …)")
    po.add_argument("--encoding", default="utf-8", help="CSV encoding: utf-8 (with BOM, default) or cp932")
    add_by_option(po)
    po.set_defaults(func=run_postings)

    ls = kinds.add_parser("list", help="every recorded export: who, when, filters, rows")
    ls.add_argument("--limit", type=int, default=0, metavar="N", help="only the newest N")
    ls.set_defaults(func=run_list)

    alias = sub.add_parser("exports", help="list the recorded exports (same as: export list)")
    alias.add_argument("--limit", type=int, default=0, metavar="N", help="only the newest N")
    alias.set_defaults(func=run_list)


def run_export(args: argparse.Namespace) -> int:
    from desk.services.exports import PlacementFilters, export_placements

    filters = PlacementFilters(since=args.since, until=args.until, municipality=args.municipality,
                               occupation=args.occupation, status=args.status)
    db = database(args)
    with export_errors(args.file):
        result = export_placements(db, args.file, filters, coordinator=coordinator(args),
                                   encoding=args.encoding)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {result.rows} placements to {result.path} (export #{result.record_id}; "
          "it holds personal data: keep it within the follow-up)")
    return 0


def run_postings(args: argparse.Namespace) -> int:
    # Loaded here: masking comes with the sheet renderer, which other commands need not load.
    from desk.services.posting_exports import PostingFilters, export_postings

    filters = PostingFilters(status=args.status, municipality=args.municipality, occupation=args.occupation,
                             block=args.block)
    db = database(args)
    with export_errors(args.file):
        result = export_postings(db, args.file, filters, audience=args.audience,
                                 coordinator=coordinator(args), encoding=args.encoding)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.audience == "coordinator":
        print(f"wrote {result.rows} postings to {result.path} (export #{result.record_id}; internal list)")
        print("note: this file is for internal use only: it holds the full details of masked postings and "
              "every contact. Do not hand it to registrants or anyone outside the desk; for them use "
              "--audience public.")
    else:
        print(f"wrote {result.rows} postings to {result.path} (export #{result.record_id}; public list: "
              "masked postings show only their prefecture and municipality)")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from desk.services.exports import list_exports

    db = database(args)
    records = list_exports(db, limit=args.limit or None)
    for r in records:
        filters = " ".join(f"{k}={v}" for k, v in r.filters.items())
        print(f"#{r.id}\t{r.at.astimezone():%Y-%m-%d %H:%M}\t{r.coordinator or '-'}\t{r.kind}\t{r.rows} rows\t"
              f"{r.file_name}\t{filters}")
    if not records:
        print("no exports yet")
    return 0
