"""``desk call POSTING_ID REGISTRANT_ID``: tell every other desk you are phoning this registrant;
``desk calls``: who is calling whom right now (until an outcome is logged or 15 minutes pass)."""

from __future__ import annotations

import argparse

from desk.cli import UserError
from desk.cli.common import add_by_option, coordinator, database
from desk.core.calls import CALL_MINUTES


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("call", help="you are calling a registrant about a posting: other desks show it",
                       description="Record that you are phoning REGISTRANT_ID (登録ID) about POSTING_ID (募集ID). "
                                   f"Other windows show it until an outcome is logged or {CALL_MINUTES} minutes pass.")
    p.add_argument("posting", metavar="POSTING_ID")
    p.add_argument("registrant", metavar="REGISTRANT_ID")
    add_by_option(p)
    p.set_defaults(func=run_call)
    c = sub.add_parser("calls", help="who is calling whom right now")
    c.set_defaults(func=run_calls)


def run_call(args: argparse.Namespace) -> int:
    from desk.services.calling import CallRefused, active_calls, start_call

    name = coordinator(args)
    db = database(args)
    try:
        for other in active_calls(db, registrant_source_ids=[args.registrant]):
            if other.coordinator != name:
                print(f"note: {other.coordinator or '?'} has been calling {args.registrant} since "
                      f"{other.started_at.astimezone():%H:%M} (posting {other.posting_source_id})")
        call = start_call(db, args.posting, args.registrant, coordinator=name)
    except CallRefused as exc:
        raise UserError(str(exc)) from None
    print(f"calling {call.registrant_source_id} {call.registrant_name} about {call.posting_source_id} "
          f"as {call.coordinator or '-'} since {call.started_at.astimezone():%H:%M}")
    return 0


def run_calls(args: argparse.Namespace) -> int:
    from desk.services.calling import active_calls

    db = database(args)
    calls = active_calls(db)
    for call in calls:
        print(f"{call.started_at.astimezone():%H:%M}\t{call.coordinator or '-'}\t{call.posting_source_id}\t"
              f"{call.registrant_source_id} {call.registrant_name}")
    if not calls:
        print("nobody is calling anyone right now")
    return 0
