"""``desk log``, ``desk undo``, ``desk history`` and ``desk fill``: the placement log from the command line.

IDs are the source ids (募集ID, 登録ID). A refused change exits 2 with the reason.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from typing import TYPE_CHECKING

from desk.cli import UserError
from desk.cli.common import add_by_option, coordinator, database
from desk.core.placement import BOOKED, STATE_LABELS_JA, PlacementRefused, State, parse_state

if TYPE_CHECKING:  # the services are imported by the command that runs, not by ``desk --help``
    from desk.services import placements as log

_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?$")


def parse_date(text: str) -> dt.date:
    value = parse_slot(text)
    if isinstance(value, dt.datetime):
        raise UserError(f"{text!r}: expected a date (2021-06-12)")
    return value


def parse_slot(text: str) -> dt.date | dt.datetime:
    """``2021-06-12`` (every slot that day) or ``2021-06-12T09:00`` (the slot starting then);
    ``/`` separators and full-width digits are accepted."""
    m = _DATE.match(unicodedata.normalize("NFKC", text).strip())
    if not m:
        raise UserError(f"{text!r}: expected DATE or DATETHH:MM, e.g. 2021-06-12 or 2021-06-12T09:00")
    y, mo, d, hh, mm = m.groups()
    try:
        day = dt.date(int(y), int(mo), int(d))
        return dt.datetime.combine(day, dt.time(int(hh), int(mm))) if hh else day
    except ValueError as exc:
        raise UserError(f"{text!r}: {exc}") from None


def date_arg(text: str) -> dt.date:
    """``parse_date`` for argparse (a bad value: usage message, exit 2)."""
    try:
        return parse_date(text)
    except UserError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _state(text: str) -> State:
    state = parse_state(text)
    if state is None:
        raise argparse.ArgumentTypeError(f"unknown state {text!r}; use one of {', '.join(State)}")
    return state


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("log", help="record one change of a placement (proposed, contacted, … confirmed, worked)",
                       description="Record one change of the placement of REGISTRANT_ID (登録ID) on "
                                   "POSTING_ID (募集ID). States: " + ", ".join(State) + " (or 提案, 確定, …).")
    p.add_argument("posting", metavar="POSTING_ID")
    p.add_argument("registrant", metavar="REGISTRANT_ID")
    p.add_argument("state", metavar="STATE", type=_state)
    p.add_argument("--slot", action="append", default=[], metavar="DATE[Thh:mm]",
                   help="the slot(s) this placement covers from now on (repeatable; default: all slots of the "
                        "posting for a new placement, the same slots as before otherwise)")
    p.add_argument("--note", default="", metavar="TEXT")
    p.add_argument("--over", action="store_true", help="confirm even when the slot is already fully booked")
    p.add_argument("--cancelled-by", choices=["registrant", "site"], help="who cancelled (with STATE cancelled)")
    p.add_argument("--override", metavar="REASON", default=None,
                   help="accept or confirm a registrant the ranking excludes for this posting (not qualified, "
                        "no slot coverable, paused); the reason is stored with the change")
    add_by_option(p)
    p.set_defaults(func=run_log)

    u = sub.add_parser("undo", help="undo a change of the placement log (appends a compensating event)",
                       description="Undo EVENT_ID, or with --last your newest change still in effect. "
                                   "The log keeps both events; only a placement's latest change can be undone.")
    u.add_argument("event", metavar="EVENT_ID", type=int, nargs="?")
    u.add_argument("--last", action="store_true", help="undo your (--by) newest change still in effect")
    u.add_argument("--posting", metavar="POSTING_ID", help="with --last: only on this posting")
    u.add_argument("--registrant", metavar="REGISTRANT_ID", help="with --last: only for this registrant")
    u.add_argument("--note", default="", metavar="TEXT")
    u.add_argument("--over", action="store_true", help="allow going back to confirmed beyond the headcount")
    add_by_option(u)
    u.set_defaults(func=run_undo)

    h = sub.add_parser("history", help="list placement log events (with their EVENT_IDs)")
    h.add_argument("--posting", metavar="POSTING_ID")
    h.add_argument("--registrant", metavar="REGISTRANT_ID")
    h.add_argument("--since", type=date_arg, metavar="DATE")
    h.add_argument("--until", type=date_arg, metavar="DATE")
    h.add_argument("--limit", type=int, default=50, metavar="N", help="the newest N events (default 50; 0: all)")
    h.set_defaults(func=run_history)

    f = sub.add_parser("fill", help="a posting's booked people per slot against its headcount")
    f.add_argument("posting", metavar="POSTING_ID")
    f.set_defaults(func=run_fill)


def _label(state: State | None) -> str:
    return f"{state.value}({STATE_LABELS_JA[state]})" if state else "-"


def _print_result(result: log.TransitionResult) -> None:
    slots = ", ".join(x.label for x in result.slots) or "no slots"
    undo = f" (undo of #{result.undoes_event_id})" if result.undoes_event_id else ""
    print(f"event #{result.event_id}: {result.posting_source_id} / {result.registrant_source_id}: "
          f"{_label(result.old_state)} -> {_label(result.new_state)}{undo} [{slots}]")
    if result.override_reason:
        print(f"override: {result.override_reason}")
    for fill in result.over:
        print(f"note: {fill.label} is now booked {fill.filled}/{fill.headcount} (over the headcount)")
    for warning in result.warnings:
        print(f"warning: {warning.message}", file=sys.stderr)


def _print_fill(fill: log.PostingFill) -> None:
    for slot in fill.slots:
        flag = "" if slot.active else "  (no longer listed)"
        over = f"  over by {slot.over}" if slot.over else ""
        print(f"  {slot.label}  {slot.filled}/{slot.headcount}{over}{flag}")
    over_total = f", over by {fill.over}" if fill.over else ""
    print(f"  filled {fill.filled_total}/{fill.needed_total} ({fill.rate:.0%}), still open: {fill.open}{over_total}")


def run_log(args: argparse.Namespace) -> int:
    from desk.services import placements as log

    if args.cancelled_by and args.state is not State.CANCELLED:
        raise UserError("--cancelled-by goes with the state cancelled")
    if args.state is State.CANCELLED and not args.cancelled_by:
        raise UserError("cancelled needs --cancelled-by registrant|site")
    if args.override is not None and not args.override.strip():
        raise UserError('--override needs a reason, e.g. --override "本人確認済み・資格証を確認"')
    slots = [parse_slot(s) for s in args.slot]
    db = database(args)
    try:
        result = log.transition(db, args.posting, args.registrant, args.state, slots=slots or None,
                                note=args.note, coordinator=coordinator(args), cancelled_by=args.cancelled_by,
                                over=args.over, override=args.override or "")
        _print_result(result)
        if result.new_state in BOOKED or result.old_state in BOOKED:
            _print_fill(log.fill_per_slot(db, args.posting))
    except PlacementRefused as exc:
        raise UserError(str(exc)) from None
    return 0


def run_undo(args: argparse.Namespace) -> int:
    from desk.services import placements as log

    if (args.event is None) == (not args.last):
        raise UserError("give either EVENT_ID or --last")
    if not args.last and (args.posting or args.registrant):
        raise UserError("--posting and --registrant go with --last")
    db = database(args)
    try:
        if args.last:
            result = log.undo_last(db, coordinator=coordinator(args), posting_source_id=args.posting,
                                   registrant_source_id=args.registrant, note=args.note, over=args.over)
        else:
            result = log.undo(db, args.event, coordinator=coordinator(args), note=args.note, over=args.over)
        _print_result(result)
    except PlacementRefused as exc:
        raise UserError(str(exc)) from None
    return 0


def _history_filters(args: argparse.Namespace) -> dict[str, object]:
    return {k: (str(v) if v is not None else None) for k, v in
            {"posting": args.posting, "registrant": args.registrant, "since": args.since, "until": args.until,
             "limit": args.limit}.items()}


def run_history(args: argparse.Namespace) -> int:
    from desk.services import placements as log
    from desk.services.export_files import record_export

    db = database(args)
    rows = log.events(db, posting_source_id=args.posting, registrant_source_id=args.registrant,
                      since=args.since, until=args.until, limit=args.limit or None)
    if rows:  # registrants' names: recorded like any export before they are printed
        record_export(db, "history", "stdout", coordinator(args), _history_filters(args), len(rows))
    for ev in rows:
        at = ev.at.astimezone().strftime("%Y-%m-%d %H:%M")
        extra = f" cancelled by {ev.cancelled_by}" if ev.cancelled_by else ""
        undo = f" undo of #{ev.undoes_event_id}" if ev.undoes_event_id else ""
        note = f"  {ev.note}" if ev.note else ""
        if ev.override_reason:
            note += f"  [override: {ev.override_reason}]"
        print(f"#{ev.id}\t{at}\t{ev.coordinator or '-'}\t{ev.posting_source_id}\t{ev.registrant_source_id} "
              f"{ev.registrant_name}\t{_label(ev.old_state)} -> {_label(ev.new_state)}{extra}{undo}{note}")
    if not rows:
        print("no events")
    return 0


def run_fill(args: argparse.Namespace) -> int:
    from desk.services import placements as log

    db = database(args)
    try:
        fill = log.fill_per_slot(db, args.posting)
    except PlacementRefused as exc:
        raise UserError(str(exc)) from None
    print(f"{fill.posting_source_id}: headcount {fill.headcount}")
    _print_fill(fill)
    return 0
