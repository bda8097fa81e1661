"""``desk plan``: one plan across every open posting: who to call first so the most places fill."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from desk.cli import UserError
from desk.cli.common import database
from desk.core import prefectures
from desk.settings import load_settings

if TYPE_CHECKING:  # the solver and the database stack load when the plan runs, not for ``desk --help``
    from desk.services.plan import PlanResult


def _positive(kind: type, name: str):  # type: ignore[no-untyped-def]
    def parse(text: str) -> object:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a number, not {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{name} must be above 0, not {text!r}")
        return value
    return parse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("plan", help="plan calls across every open posting (proposals only, nothing is logged)")
    p.add_argument("--json", action="store_true",
                   help="print JSON: assignments, unfilled slots with the reason, stats")
    p.add_argument("--block", metavar="NAME", help="only postings in this region block (関東, 近畿 … or an MHLW area)")
    p.add_argument("--horizon", type=_positive(int, "--horizon"), metavar="DAYS",
                   help="only slots from today to DAYS days ahead (default: every open slot)")
    p.add_argument("--max-per-week", type=_positive(int, "--max-per-week"), metavar="N",
                   help="at most N slots per registrant per week (default: the setting, 3)")
    p.add_argument("--time-limit", type=_positive(float, "--time-limit"), default=30.0, metavar="S",
                   help="stop the solver after S seconds with the best plan found (default 30)")
    p.add_argument("--top", type=_positive(int, "--top"), metavar="K",
                   help="candidates per posting the plan chooses from (default 30; 12 above 1,000 postings)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desk.services.plan import PlanOptions, plan

    block = args.block.strip() if args.block else None
    if block:
        known = list(dict.fromkeys([*prefectures.BLOCKS_8, *prefectures.MHLW_AREAS]))
        block = block.removesuffix("地方") if block.removesuffix("地方") in known else block
        if block not in known:
            raise UserError(f"unknown block {args.block!r}; expected one of: {', '.join(known)}")
    settings = load_settings()
    options = PlanOptions(block=block, horizon=args.horizon,
                          max_per_week=args.max_per_week or settings.plan_max_per_week,
                          time_limit=args.time_limit, top=args.top, lang=settings.language)
    db = database(args)
    result = plan(db, options, weights=settings.normalized_weights())
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        _print(result)
    return 0


def _print(result: PlanResult) -> None:
    s = result.stats
    state = "optimal" if s.optimal else "best found within the time limit (not proven optimal)"
    print(f"planned {s.slots_planned} of {s.slots_open} open places ({state}); "
          f"per-posting greedy order: {s.greedy_planned}; solved in {s.solve_seconds:.2f} s")
    current = None
    for a in result.assignments:
        if a.posting_id != current:
            current = a.posting_id
            print(f"\n{a.posting_id}  {a.place}")
        backups = ", ".join(result.backups.get((a.posting_id, a.slot), []))
        print(f"  {a.slot}  {a.rank}. {a.registrant_id} {a.name} {a.phone}  — {'; '.join(a.reasons)}"
              + (f"  (backups: {backups})" if backups and a.rank == 1 else ""))
    if result.unfilled:
        print("\nunfilled:")
        for u in result.unfilled:
            print(f"  {u.posting_id}  {u.slot}  {u.why}")
