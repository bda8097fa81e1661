"""``desk import postings|registrants FILE``: the last line is the summary the brief fixes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desk.cli import EXIT_INPUT, EXIT_OK, UserError
from desk.cli.common import add_by_option, coordinator, database

SHOWN = 50
FIELD_LABELS = {"headcount": "募集人数", "dates_raw": "勤務日", "hours_raw": "勤務時間", "status": "掲載状況",
                "masked": "公開区分", "occupation": "職種", "venue_name": "会場名", "venue_address": "会場住所",
                "missing": "掲載"}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("import", help="import postings or registrants from a CSV or .xlsx file")
    p.add_argument("kind", choices=["postings", "registrants", "physicians"], help="what the file holds")
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    p.add_argument("--accept-partial", action="store_true", help="import the valid rows even if some are rejected")
    p.add_argument("--rejects", type=Path, metavar="FILE", help="where to write rejected rows (default: beside the input)")
    p.add_argument("--sheet", metavar="NAME", help="the .xlsx sheet to read (default: the first)")
    p.add_argument("--mapping", metavar="SOURCE", help="use the column mapping saved for this source")
    p.add_argument("--save-mapping", metavar="SOURCE", help="save this file's column mapping under a source name")
    p.add_argument("--source", metavar="NAME",
                   help="registrants: the registry the file comes from (登録ID is unique within it; "
                        "default: the source saved with --mapping, else 'default')")
    p.add_argument("--map", action="append", default=[], metavar="HEADER=FIELD",
                   help="map a header to a field key by hand (repeatable; FIELD empty to ignore the column)")
    p.add_argument("--partial-export", action="store_true",
                   help="postings: the file is not a full export, so do not flag absent postings as missing")
    add_by_option(p)
    p.set_defaults(func=run)


def _manual_mapping(pairs: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise UserError(f"--map {pair!r}: expected HEADER=FIELD")
        header, fld = pair.split("=", 1)
        mapping[header.strip()] = fld.strip()
    return mapping


def run(args: argparse.Namespace) -> int:
    from desk.services.importer import ImportCancelled, ImportInputError, ImportOptions, import_file

    options = ImportOptions(
        dry_run=args.dry_run, accept_partial=args.accept_partial, rejects_path=args.rejects, sheet=args.sheet,
        mapping=_manual_mapping(args.map) or None, mapping_source=args.mapping, save_mapping_as=args.save_mapping,
        coordinator=coordinator(args), full_export=not args.partial_export, source=args.source,
    )
    db = database(args)
    try:
        report = import_file(db, args.kind, args.file, options)
    except ImportInputError as exc:
        raise UserError(str(exc)) from None
    except ImportCancelled:
        print("desk: import cancelled; nothing was changed", file=sys.stderr)
        return 130
    name = args.file.name
    print(f"{name}: {report.total_rows} rows, encoding {report.encoding}, header on row {report.header_row}"
          + (f", sheet {report.sheet}" if report.sheet else ""))
    for i, rej in enumerate(report.rejects):
        if i == SHOWN:
            print(f"  … and {len(report.rejects) - SHOWN} more problems (all are in the rejects file)")
            break
        print(f"  rejected {name}: {rej}")
    for w in report.warnings[:10]:
        print(f"  note {name}: {w}")
    if len(report.warnings) > 10:
        print(f"  … and {len(report.warnings) - 10} more notes")
    for ch in report.changes[:SHOWN]:
        label = FIELD_LABELS.get(ch.field, ch.field)
        print(f"  changed {ch.source_id}: {label} {ch.old} → {ch.new}")
    if len(report.changes) > SHOWN:
        print(f"  … and {len(report.changes) - SHOWN} more changes")
    for conflict in report.conflicts:
        print(f"  conflict {conflict}")
    if report.recontact:
        print(f"  {report.recontact} placements to call again after these changes (desk recontact)")
    if report.flagged_missing:
        print(f"  {report.flagged_missing} postings are missing from this export (flagged, not deleted)")
    if report.rejects_file:
        print(f"  rejected rows written to {report.rejects_file}")
    if report.dry_run:
        print("  dry run: nothing was written")
    if report.refused:
        print(f"  nothing was imported: {report.rejected} rows are invalid; fix them, or use --accept-partial "
              "to import the valid rows")
    print(report.summary_line())
    return EXIT_INPUT if report.refused else EXIT_OK
