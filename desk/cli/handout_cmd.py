"""``desk handout RECIPIENT … -o FILE`` (or ``--each-pref -o DIR``, ``--again ID -o FILE``) and
``desk handouts [RECIPIENT]``: posting information handed on to partner organisations, masked,
with what is new since the last hand-out, recorded so it can be answered and produced again."""

from __future__ import annotations

import argparse
from pathlib import Path

from desk.cli import UserError
from desk.cli.common import add_by_option, coordinator, export_errors
from desk.cli.log_cmd import date_arg
from desk.core.handout import SECTION_LABELS, Section, Since
from desk.settings import load_settings


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "handout", help="hand posting information on to a partner (PDF or .xlsx, masked, what is new)",
        description="Write a hand-out for RECIPIENT (大阪府医師会, a placement agency …): the postings published, "
                    "changed and ended since the last hand-out to it, every open posting in scope (always the "
                    "public view: masked postings show only prefecture and municipality), the open headcount by "
                    "block x occupation, the contact line from the settings and the conditions of use. The "
                    "hand-out is recorded. A new recipient keeps the scope given as its default.")
    p.add_argument("recipient", nargs="?", metavar="RECIPIENT", help="the organisation handed to")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--since-last", dest="since", action="store_const", const=Since.LAST,
                      help="changes since the last hand-out to RECIPIENT (default)")
    when.add_argument("--since", dest="since_date", type=date_arg, metavar="DATE",
                      help="changes since DATE (from the recorded import changes)")
    when.add_argument("--all", dest="since", action="store_const", const=Since.ALL,
                      help="no comparison: every open posting in scope")
    when.add_argument("--again", type=int, metavar="ID", help="write recorded hand-out ID again, as it was")
    p.add_argument("--pref", action="append", default=[], metavar="NAME", help="a prefecture in scope (repeatable)")
    p.add_argument("--block", metavar="NAME", help="a region block (近畿) or MHLW area (関東信越) in scope")
    p.add_argument("--occupation", action="append", default=[], metavar="NAME",
                   help="an occupation in scope (repeatable): 医師, 看護師 …")
    p.add_argument("--default-scope", action="store_true",
                   help="keep the scope given as RECIPIENT's default (a new recipient keeps its first scope)")
    p.add_argument("--each-pref", action="store_true",
                   help="one hand-out per prefecture with open postings, to 〇〇県医師会; -o is a folder")
    p.add_argument("--format", choices=("pdf", "xlsx"), default="pdf", help="with --each-pref: file format")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                   help="FILE.pdf or FILE.xlsx (with --each-pref: a folder)")
    add_by_option(p)
    p.set_defaults(func=run_handout)

    ls = sub.add_parser("handouts", help="list what was handed out, to whom and when")
    ls.add_argument("recipient", nargs="?", metavar="RECIPIENT", help="only hand-outs to this recipient")
    ls.set_defaults(func=run_list)


def _app(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from desk.app import open_app

    settings = load_settings()
    settings.coordinator = coordinator(args)
    return open_app(args.db, settings=settings)


def run_handout(args: argparse.Namespace) -> int:
    from desk.app.handouts import HandoutInputError, HandoutRequest

    since = Since.DATE if args.since_date else (args.since or Since.LAST)
    app = _app(args)
    try:
        with export_errors(args.output):
            if args.again is not None:
                path = app.handout_again(args.again, args.output)
                print(f"hand-out {args.again} written again to {path}")
                return 0
            if args.each_pref:
                if args.recipient or args.pref or args.block:
                    raise UserError("--each-pref makes one hand-out per prefecture: give no RECIPIENT, --pref "
                                    "or --block (only --occupation)")
                results = app.make_handouts_each_pref(args.occupation, args.output, suffix=f".{args.format}",
                                                      since=since, since_date=args.since_date)
                for r in results:
                    print(f"{r.path}: {r.recipient}: {_line(r)}")
                print(f"{len(results)} hand-outs written to {args.output}")
                return 0
            if not args.recipient:
                raise UserError("name the RECIPIENT (大阪府医師会 …), or use --each-pref or --again ID")
            request = HandoutRequest(args.recipient, tuple(args.pref), args.block, tuple(args.occupation), since,
                                     args.since_date, make_default=args.default_scope)
            result = app.make_handout(request, args.output)
            print(f"hand-out {result.handout_id} to {result.recipient}: {_line(result)}")
            print(f"written to {result.path}")
            return 0
    except HandoutInputError as exc:
        raise UserError(str(exc)) from None
    finally:
        app.close()


def _line(r) -> str:  # type: ignore[no-untyped-def]
    if r.first:
        head = "first hand-out (nothing to compare with)"
    elif r.nothing_new:
        head = "変更なし (nothing new)"
    else:
        head = f"new {r.new}, changed {r.changed}, ended {r.ended}"
    return f"{head}; open {r.open}"


def run_list(args: argparse.Namespace) -> int:
    app = _app(args)
    try:
        rows = app.handouts(args.recipient)
    finally:
        app.close()
    if not rows:
        print("no hand-outs" + (f" to {args.recipient}" if args.recipient else ""))
        return 0
    labels = {s: SECTION_LABELS.get(s, "") for s in Section}
    for h in rows:
        since = h.since_mode + (f" {h.since_date}" if h.since_date else "")
        print(f"{h.id}\t{h.at.astimezone():%Y-%m-%d %H:%M}\t{h.recipient}\t{h.scope.text()}\t{since}\t"
              f"{labels[Section.NEW]} {h.new} {labels[Section.CHANGED]} {h.changed} {labels[Section.ENDED]} "
              f"{h.ended} 公開中 {h.open}\t{h.coordinator}\t{h.file_name}")
    return 0
