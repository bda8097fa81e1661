"""``desk rank POSTING_ID [--top N] [--excluded N] [--filter TEXT] [--json]``: who to phone for a posting, and why.

Bounded work for a bounded answer: reasons are worked out only for the candidates printed, and the
excluded are counted by reason and listed only up to ``--excluded N`` (default 20), nearest first.
"""

from __future__ import annotations

import argparse
import json
import unicodedata

from desk.cli import UserError
from desk.cli.common import coordinator, database
from desk.settings import load_settings

EXCLUDED_DEFAULT = 20
_HEAD = {
    "ja": ("順位", "スコア", "氏名", "登録ID", "地域", "日程", "職種", "経験", "信頼", "理由"),
    "en": ("#", "score", "name", "id", "region", "avail", "occ", "exp", "rel", "why"),
}
_WORDS = {
    "ja": {"posting": "募集", "candidates": "候補者 {n} 人", "shown": "（上位 {n} 人を表示）", "excluded": "除外 {n} 人",
           "more": "ほか {n} 人（--excluded N で表示）", "none": "候補者はいません", "problems": "読めない条件（無視しました）"},
    "en": {"posting": "Posting", "candidates": "{n} candidates", "shown": "(top {n} shown)", "excluded": "{n} excluded",
           "more": "and {n} more (--excluded N lists more)", "none": "no candidates", "problems": "terms not understood (ignored)"},
}
_CODE_JA = {"state_paused": "休止", "state_withdrawn": "退会", "occupation": "資格", "no_overlap": "日時が合わない",
            "booked": "他で確定済み"}


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "rank", help="list the registrants worth phoning for a posting, best first, with reasons",
        description="Rank registrants for one posting (募集ID). Filter syntax: plain words, or "
                    "地域:/region: 名前:/name: 科:/specialty: 職種:/occ: 日:/date: メモ:/note: (terms AND together).")
    p.add_argument("posting_id", metavar="POSTING_ID", help="the posting's id on the job site (募集ID)")
    p.add_argument("--top", type=int, default=None, metavar="N", help="show the best N candidates only")
    p.add_argument("--excluded", type=int, default=EXCLUDED_DEFAULT, metavar="N",
                   help=f"list the nearest N excluded registrants (default {EXCLUDED_DEFAULT}; all are counted by reason)")
    p.add_argument("--filter", dest="filter_text", default=None, metavar="TEXT",
                   help='narrow both lists, e.g. "地域:横浜 日:土 名前:やまだ"')
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.add_argument("--lang", choices=("ja", "en"), default=None, help="language of the reasons (default: settings)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.top is not None and args.top < 0:
        raise UserError("--top must be 0 or more")
    if args.excluded < 0:
        raise UserError("--excluded must be 0 or more")
    lang = args.lang or load_settings().language
    lang = lang if lang in _HEAD else "ja"
    options = {"top": args.top, "filter_text": args.filter_text, "lang": lang, "excluded_limit": args.excluded}
    filters = {"posting": args.posting_id, "top": args.top, "filter": args.filter_text}
    from desk.services.rank_result import PostingNotFound  # no ORM: the warm path may not need it

    try:
        result = _warm(args, options, filters)
        if result is None:
            result = _full(args, options, filters)
    except PostingNotFound:
        raise UserError(f"no posting with id {args.posting_id!r} (募集ID {args.posting_id} は見つかりません); "
                        "import postings first or check the id") from None
    if args.json:
        print(json.dumps(as_json(result), ensure_ascii=False, indent=2))
    else:
        print(as_table(result, lang))
    return 0


def _warm(args: argparse.Namespace, options: dict, filters: dict):  # type: ignore[no-untyped-def,type-arg]
    """The answer from the cached index through a light connection, or None (take the full path)."""
    from desk.services import rank_fast

    light = rank_fast.open_database(args.db)
    if light is None:
        return None
    try:
        result = rank_fast.rank_cached(light, args.posting_id, **options)
        if result is not None and args.json:  # personal data, machine-readable: recorded before it goes out
            rank_fast.record_export(light, "rank_json", "stdout", coordinator(args), filters, len(result.candidates))
        return result
    finally:
        light.close()


def _full(args: argparse.Namespace, options: dict, filters: dict):  # type: ignore[no-untyped-def,type-arg]
    """The ORM path: builds (and caches) the index when needed, migrates an older schema."""
    from desk.services.export_files import record_export
    from desk.services.ranking import rank_posting

    db = database(args)
    result = rank_posting(db, args.posting_id, **options)
    if args.json:  # names of registrants, machine-readable: recorded like any export before it goes out
        record_export(db, "rank_json", "stdout", coordinator(args), filters, len(result.candidates))
    return result


def as_json(result) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return {
        "posting_id": result.posting_source_id,
        "candidates": [
            {"registrant_id": c.source_id, "name": c.name, "score": round(c.score, 4),
             "components": {k: round(v, 4) for k, v in c.components.items()}, "reasons": c.reasons}
            for c in result.candidates
        ],
        "excluded": [{"registrant_id": e.source_id, "reason": e.reason} for e in result.excluded],
        "excluded_total": sum(result.excluded_counts.values()),
        "excluded_counts": dict(result.excluded_counts),
    }


def width(text: str) -> int:
    """Columns a terminal gives ``text``: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cols: int, right: bool = False) -> str:
    while width(text) > cols:
        text = text[:-1]
    fill = " " * (cols - width(text))
    return fill + text if right else text + fill


def as_table(result, lang: str = "ja") -> str:  # type: ignore[no-untyped-def]
    words = _WORDS[lang]
    lines = [f"{words['posting']} {result.posting_source_id}: " + words["candidates"].format(n=result.total_candidates)
             + (" " + words["shown"].format(n=len(result.candidates))
                if len(result.candidates) < result.total_candidates else "")]
    if result.filter_problems:
        lines.append(f"{words['problems']}: {' '.join(result.filter_problems)}")
    if result.candidates:
        name_w = max(10, *(width(c.name) for c in result.candidates))
        id_w = max(6, *(width(c.source_id) for c in result.candidates))
        head = _HEAD[lang]
        lines.append("  ".join([pad(head[0], 4, True), pad(head[1], 6, True), pad(head[2], name_w), pad(head[3], id_w)]
                               + [pad(h, 6, True) for h in head[4:9]] + [head[9]]))
        for i, c in enumerate(result.candidates, 1):
            comps = [pad(f"{100 * c.components.get(k, 0.0):.0f}", 6, True)
                     for k in ("region", "availability", "occupation", "experience", "reliability")]
            lines.append("  ".join([pad(str(i), 4, True), pad(f"{100 * c.score:.1f}", 6, True), pad(c.name, name_w),
                                    pad(c.source_id, id_w), *comps, "、".join(c.reasons) if lang == "ja"
                                    else "; ".join(c.reasons)]))
    else:
        lines.append(words["none"])
    n_excluded = sum(result.excluded_counts.values())
    if n_excluded:
        counts = ", ".join(f"{_CODE_JA.get(k, k) if lang == 'ja' else k} {v}" for k, v in result.excluded_counts.items())
        lines.append("")
        lines.append(f"{words['excluded'].format(n=n_excluded)} ({counts})")
        shown = result.excluded
        name_w = max(10, *(width(e.name) for e in shown)) if shown else 10
        for e in shown:
            lines.append(f"  {pad(e.name, name_w)}  {e.source_id}  {e.reason}")
        if n_excluded > len(shown):
            lines.append("  " + words["more"].format(n=n_excluded - len(shown)))
    return "\n".join(lines)
