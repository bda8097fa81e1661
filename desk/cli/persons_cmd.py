"""``desk duplicates``, ``desk merge``, ``desk unmerge``, ``desk not-same``: one person, one record."""

from __future__ import annotations

import argparse
import json

from desk.cli import UserError
from desk.cli.common import add_by_option, coordinator, database
from desk.core.duplicates import DEFAULT_MIN_SCORE


def _score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a score between 0 and 1, e.g. 0.6") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a score between 0 and 1, e.g. 0.6")
    return value


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("duplicates", help="registrants that look like the same person, with the reasons")
    p.add_argument("--json", action="store_true", help='print JSON: {"pairs": [{"a", "b", "score", "reasons"}]}')
    p.add_argument("--min-score", type=_score, default=DEFAULT_MIN_SCORE, metavar="S",
                   help=f"only pairs scoring at least S (0-1, default {DEFAULT_MIN_SCORE})")
    p.set_defaults(func=run_duplicates)

    p = sub.add_parser("merge", help="make two registrants one person (undo with unmerge)")
    p.add_argument("a", metavar="A", help="a registrant: SOURCE:登録ID, or a 登録ID unique across sources")
    p.add_argument("b", metavar="B")
    p.add_argument("--keep", metavar="ID", help="take every field from this record (default: the newest value per field)")
    p.add_argument("--field", action="append", default=[], metavar="FIELD=ID",
                   help="take one field from one record (repeatable), e.g. phone=B's id")
    add_by_option(p)
    p.set_defaults(func=run_merge)

    p = sub.add_parser("unmerge", help="undo the latest merge into a person: both records as they were")
    p.add_argument("person", metavar="PERSON", help="any id of the merged person")
    add_by_option(p)
    p.set_defaults(func=run_unmerge)

    p = sub.add_parser("not-same", help="remember that two registrants are different people (not proposed again)")
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    add_by_option(p)
    p.set_defaults(func=run_not_same)


def run_duplicates(args: argparse.Namespace) -> int:
    from desk.services.duplicates import find_duplicates

    pairs = find_duplicates(database(args), min_score=args.min_score)
    if args.json:
        print(json.dumps({"pairs": [p.to_json() for p in pairs]}, ensure_ascii=False, indent=2))
        return 0
    for p in pairs:
        print(f"{p.score:.2f}  {p.a}  {p.b}  {'、'.join(p.reasons)}")
    print(f"{len(pairs)} pair(s)")
    return 0


def _picks(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise UserError(f"--field {pair!r}: expected FIELD=ID (e.g. phone=jma:123)")
        fld, who = pair.split("=", 1)
        out[fld.strip()] = who.strip()
    return out


def run_merge(args: argparse.Namespace) -> int:
    from desk.services.persons import PersonRefused, merge

    try:
        result = merge(database(args), args.a, args.b, keep=args.keep, picks=_picks(args.field) or None,
                       coordinator=coordinator(args))
    except PersonRefused as exc:
        raise UserError(str(exc)) from None
    print(f"merged {result.merged} into {result.person} (merge #{result.merge_id})")
    for fld, (old, new) in result.changed.items():
        print(f"  {fld}: {old} → {new}")
    return 0


def run_unmerge(args: argparse.Namespace) -> int:
    from desk.services.persons import PersonRefused, unmerge

    try:
        result = unmerge(database(args), args.person, coordinator=coordinator(args))
    except PersonRefused as exc:
        raise UserError(str(exc)) from None
    print(f"unmerged #{result.merge_id}: {', '.join(result.restored)} apart from {result.person} again")
    return 0


def run_not_same(args: argparse.Namespace) -> int:
    from desk.services.persons import PersonRefused, dismiss

    try:
        dismiss(database(args), args.a, args.b, coordinator=coordinator(args))
    except PersonRefused as exc:
        raise UserError(str(exc)) from None
    print(f"{args.a} and {args.b}: not the same person (not proposed again)")
    return 0
