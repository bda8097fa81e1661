"""``desk call-log``, ``desk note``, ``desk callbacks`` and ``desk recontact``: the calling day
from the command line. IDs are the source ids (募集ID, 登録ID); bad input exits 2, nothing written."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
from typing import Any

from desk.cli import UserError
from desk.cli.common import add_by_option, coordinator, database
from desk.cli.log_cmd import parse_date
from desk.core.calls import OUTCOME_LABELS_JA, Outcome, parse_callback, parse_outcome

_ALLOWED = ", ".join(f"{o.value} ({OUTCOME_LABELS_JA[o]})" for o in Outcome)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    c = sub.add_parser("call-log", help="record a call attempt that ended without an outcome (不在, 留守電 …)",
                       description="Record one call attempt to REGISTRANT_ID (登録ID) about POSTING_ID (募集ID). "
                                   f"OUTCOME: {_ALLOWED}.")
    c.add_argument("posting", metavar="POSTING_ID")
    c.add_argument("registrant", metavar="REGISTRANT_ID")
    c.add_argument("outcome", metavar="OUTCOME")
    c.add_argument("--note", default="", metavar="TEXT")
    c.add_argument("--callback", metavar='"YYYY-MM-DD HH:MM"',
                   help="when to call back (local time); with OUTCOME callback (折り返し待ち)")
    add_by_option(c)
    c.set_defaults(func=run_call_log)

    n = sub.add_parser("note", help="add a note to a registrant's placement on a posting (append-only)")
    n.add_argument("posting", metavar="POSTING_ID")
    n.add_argument("registrant", metavar="REGISTRANT_ID")
    n.add_argument("text", metavar="TEXT")
    add_by_option(n)
    n.set_defaults(func=run_note)

    b = sub.add_parser("callbacks", help="call-backs whose time has come, oldest first, with the phone number")
    b.add_argument("--due", metavar="today|overdue|DATE", default=None,
                   help="today: every call-back set for today; overdue: those whose time has passed "
                        "(the default); DATE: those up to the end of that day")
    b.add_argument("--mine", action="store_true", help="only the call-backs you (--by) set")
    b.add_argument("--json", action="store_true")
    add_by_option(b)
    b.set_defaults(func=run_callbacks)

    r = sub.add_parser("recontact", help="placements to call again because an import changed their posting")
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=run_recontact)


def _outcome(text: str) -> Outcome:
    found = parse_outcome(text)
    if found is None:
        raise UserError(f"unknown outcome {text!r}; use one of {_ALLOWED}")
    return found


def run_call_log(args: argparse.Namespace) -> int:
    from desk.services import calls
    from desk.services.placements import NotFound

    outcome = _outcome(args.outcome)
    when = None
    if args.callback is not None:
        when = parse_callback(args.callback)
        if when is None:
            raise UserError(f"--callback {args.callback!r}: expected \"YYYY-MM-DD HH:MM\", e.g. \"2021-06-12 15:00\"")
        if outcome is not Outcome.CALLBACK:
            raise UserError("--callback goes with the outcome callback (折り返し待ち)")
    db = database(args)
    try:
        row = calls.log_attempt(db, args.posting, args.registrant, outcome, note=args.note, callback_at=when,
                                coordinator=coordinator(args))
    except NotFound as exc:
        raise UserError(str(exc)) from None
    back = f", call back {row.callback_at:%Y-%m-%d %H:%M}" if row.callback_at else ""
    print(f"call #{row.id}: {row.posting_source_id} / {row.registrant_source_id}: "
          f"{outcome.value}({OUTCOME_LABELS_JA[outcome]}){back}")
    return 0


def run_note(args: argparse.Namespace) -> int:
    from desk.services import calls
    from desk.services.placements import NotFound

    if not args.text.strip():
        raise UserError("the note is empty; give the text to record")
    db = database(args)
    try:
        row = calls.add_note(db, args.posting, args.registrant, args.text, coordinator=coordinator(args))
    except NotFound as exc:
        raise UserError(str(exc)) from None
    print(f"note #{row.id}: {row.posting_source_id} / {row.registrant_source_id}: {row.note}")
    return 0


def due_window(due: str | None, now: dt.datetime) -> tuple[dt.datetime | None, dt.datetime]:
    """(since, until) local times for ``--due``."""
    if due is None or due.strip().lower() in ("overdue", "期限切れ", "now"):
        return None, now
    day_start = dt.datetime.combine(now.date(), dt.time(0))
    if due.strip().lower() in ("today", "今日"):
        return day_start, day_start + dt.timedelta(days=1) - dt.timedelta(microseconds=1)
    try:
        day = parse_date(due)
    except UserError:
        raise UserError(f"--due {due!r}: expected today, overdue or a date (2021-06-12)") from None
    return None, dt.datetime.combine(day, dt.time(23, 59, 59))


def _jsonable(obj: Any) -> Any:
    data = dataclasses.asdict(obj)
    return {k: (v.isoformat(timespec="minutes") if isinstance(v, dt.datetime) else v) for k, v in data.items()}


def run_callbacks(args: argparse.Namespace) -> int:
    from desk.services import calls

    now = dt.datetime.now()
    since, until = due_window(args.due, now)
    db = database(args)
    rows = calls.callbacks(db, since=since, until=until, coordinator=coordinator(args) if args.mine else None,
                           now=now)
    if args.json:
        print(json.dumps([_jsonable(r) for r in rows], ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        late = "  (overdue)" if r.overdue else ""
        note = f"  {r.note}" if r.note else ""
        print(f"{r.callback_at:%Y-%m-%d %H:%M}\t{r.registrant_source_id} {r.registrant_name}\t{r.phone or '-'}\t"
              f"{r.posting_source_id} {r.venue} ({r.municipality})\tset by {r.set_by or '-'}{late}{note}")
    if not rows:
        print("no call-backs due")
    return 0


def run_recontact(args: argparse.Namespace) -> int:
    from desk.services import recontact

    db = database(args)
    items = recontact.open_items(db)
    if args.json:
        print(json.dumps([_jsonable(i) for i in items], ensure_ascii=False, indent=1))
        return 0
    for i in items:
        print(f"{i.posting_source_id} {i.venue}\t{i.registrant_source_id} {i.registrant_name}\t{i.phone or '-'}\t"
              f"{i.state.value}\t{i.what}")
    if not items:
        print("nobody to call again")
    return 0
