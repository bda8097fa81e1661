"""``desk registrant set ID FIELD VALUE`` and ``desk registrant edits [ID]``: a coordinator's edits
of a registrant (phone, email, state, notes), each recorded who/when/old → new."""

from __future__ import annotations

import argparse

from desk.cli import UserError
from desk.cli.common import add_by_option, coordinator, database
from desk.core.registrant_fields import EDITABLE_FIELDS


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("registrant", help="edit a registrant (phone, email, state, notes) and list the edits")
    inner = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    s = inner.add_parser("set", help="set one field: phone, email, state (active/休止/退会) or notes",
                         description="Set FIELD of registrant ID (登録ID). FIELD: " + ", ".join(EDITABLE_FIELDS)
                                     + ". state: active (有効), paused (休止), withdrawn (退会).")
    s.add_argument("registrant", metavar="ID")
    s.add_argument("field", metavar="FIELD")
    s.add_argument("value", metavar="VALUE")
    add_by_option(s)
    s.set_defaults(func=run_set)
    e = inner.add_parser("edits", help="the recorded edits (who, when, old → new)")
    e.add_argument("registrant", metavar="ID", nargs="?")
    e.set_defaults(func=run_edits)


def run_set(args: argparse.Namespace) -> int:
    from desk.services import registrant_edits as edits
    from desk.services.placements import NotFound

    db = database(args)
    try:
        row = edits.set_field(db, args.registrant, args.field, args.value, coordinator=coordinator(args))
    except (edits.EditRefused, NotFound) as exc:
        raise UserError(str(exc)) from None
    print(f"edit #{row.id}: {row.registrant_source_id} {row.field}: {row.old_value!r} -> {row.new_value!r}")
    return 0


def run_edits(args: argparse.Namespace) -> int:
    from desk.services import registrant_edits as edits

    db = database(args)
    rows = edits.edits(db, args.registrant)
    for r in rows:
        print(f"#{r.id}\t{r.at:%Y-%m-%d %H:%M}\t{r.coordinator or '-'}\t{r.registrant_source_id}\t{r.field}: "
              f"{r.old_value!r} -> {r.new_value!r}")
    if not rows:
        print("no edits")
    return 0
