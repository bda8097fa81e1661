"""``desk summary``: open headcount of 公開 postings by region block x occupation."""

from __future__ import annotations

import argparse
import json
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from desk.cli.common import add_by_option, coordinator, database, export_errors
from desk.cli.log_cmd import date_arg
from desk.core.occupations import label

if TYPE_CHECKING:  # the database stack loads when the command runs, not for ``desk --help``
    from desk.store.db import Database


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("summary", help="open headcount by region block x occupation (公開 postings minus bookings)")
    p.add_argument("--blocks", choices=["regions", "mhlw"], default="regions",
                   help="regions: the 8 traditional regions (default); mhlw: the regional bureau areas")
    p.add_argument("--from", dest="from_date", type=date_arg, metavar="DATE",
                   help="count only slots on or after DATE (e.g. today)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print JSON: blocks, occupations, open[block][occupation]")
    out.add_argument("--csv", "--out", dest="out", type=Path, metavar="FILE",
                     help="write the table to FILE (.csv or .xlsx; the export is recorded)")
    p.add_argument("--supply", action="store_true",
                   help="per block x occupation x week: open headcount and how many registrants could fill it")
    p.add_argument("--encoding", default="utf-8", help="CSV encoding: utf-8 (with BOM, default) or cp932")
    add_by_option(p)
    p.set_defaults(func=run)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def run(args: argparse.Namespace) -> int:
    from desk.services.exports import export_summary
    from desk.services.summary import summary

    db = database(args)
    if args.supply:
        return _supply(db, args)
    result = summary(db, blocks=args.blocks, from_date=args.from_date)
    if args.out:
        with export_errors(args.out):
            done = export_summary(db, args.out, result, coordinator=coordinator(args), encoding=args.encoding,
                                  from_date=args.from_date)
        print(f"wrote the {args.blocks} summary to {done.path} (export #{done.record_id})")
        return 0
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    table = [[str(c) for c in row] for row in result.table()]
    widths = [max(_width(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(_pad(c, w, right=i > 0) for i, (c, w) in enumerate(zip(row, widths, strict=True))))
    return 0


def _supply(db: Database, args: argparse.Namespace) -> int:
    from desk.services.summary import supply

    rows = supply(db, blocks=args.blocks, from_date=args.from_date)
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    table = [["ブロック", "職種", "週", "募集", "候補者", ""]]
    table += [[r.block, label(r.occupation) if r.occupation else "不明", r.week, str(r.open), str(r.supply),
               "不足" if r.short else ""] for r in rows]
    widths = [max(_width(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(_pad(c, w, right=i in (3, 4)) for i, (c, w) in enumerate(zip(row, widths, strict=True))))
    return 0
