"""The whole-board plan from the store: who to call first for every open posting, solved at once.

Loads every open (公開) posting with unfilled places, ranks them in one batch over the cached
registry index (desk.core.plan_rank), builds the assignment model (desk.core.plan), solves it
(desk.services.plan_solve, HiGHS by default) and explains the result (desk.core.plan_explain).

A plan is a proposal only: nothing here writes to the placement log. The last plan is kept per
database; the next call reads the placement events logged since and, when they are only
declines, withdrawals and confirmations, applies them to the kept board and re-solves with the
previous plan as the starting solution instead of ranking everything again. Anything else (an
import, a posting changed, an undo, a cancellation, other options) plans from scratch.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select

from desk.core import prefectures
from desk.core.placement import BOOKED
from desk.core.plan import Board, Busy, Model, Need, OpenSlot, absorb, build_model, span_of
from desk.core.plan_rank import default_top, need_of, rank_many
from desk.core.ranking import PostingQuery
from desk.services.plan_result import Assignment as Assignment
from desk.services.plan_result import PlanResult as PlanResult
from desk.services.plan_result import PlanStats, Worded, build
from desk.services.plan_result import UnfilledSlot as UnfilledSlot
from desk.services.plan_solve import Cancel, solve
from desk.services.ranking import registry_index
from desk.store import change_stamp
from desk.store.db import Database
from desk.store.light import EngineReader
from desk.store.models import ImportBatch, Placement, PlacementEvent, Posting, PostingSlot

#: A registrant whose placement on a posting is in one of these states is never planned there again.
NOT_AGAIN = ("declined", "withdrawn", "cancelled", "no_show", "confirmed", "worked")
#: Events the kept plan can absorb without planning from scratch.
_ABSORB = {"declined", "withdrawn", "confirmed", "proposed", "contacted", "accepted"}

Progress = Callable[[float, str], None]


class PlanCancelled(Exception):
    """The coordinator cancelled the plan while it was being computed."""


@dataclass(frozen=True)
class PlanOptions:
    block: str | None = None  # a block of the 8 regions or an MHLW area
    horizon: int | None = None  # days from ``today``; None: every open slot
    max_per_week: int = 3
    time_limit: float = 30.0
    top: int | None = None  # candidates per posting kept in the model (K); None: plan_rank.default_top
    solver: str = "highs"
    lang: str = "ja"
    today: dt.date | None = None


# ----------------------------------------------------------------------------- kept plans
@dataclass
class _Kept:
    key: tuple[Any, ...]
    model: Model
    chosen: list[int]
    last_event: int
    state: Any = None  # the solver's kept parts and relaxations
    worded: Worded | None = None  # the result's kept wording (names read, reasons worded)
    lang: str = "ja"


_lock = threading.Lock()
_kept: dict[str, _Kept] = {}


def forget() -> None:
    """Drop every kept plan (tests; a new database)."""
    with _lock:
        _kept.clear()


def _name(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=True)


def _base_key(db: Database, options: PlanOptions) -> tuple[Any, ...]:
    with db.session() as s:
        batch = s.execute(select(func.max(ImportBatch.id))).scalar()
        posts = s.execute(select(func.count(Posting.id), func.max(Posting.changed_at))).one()
        regs = change_stamp.registrant_stamp(EngineReader(s.connection()))
    return (batch, *posts, *regs, options.block, options.horizon, options.max_per_week, options.top,
            options.today or dt.date.today())


def _last_event(db: Database) -> int:
    with db.session() as s:
        return int(s.execute(select(func.max(PlacementEvent.id))).scalar() or 0)


# ----------------------------------------------------------------------------- plan
def plan(db: Database, options: PlanOptions | None = None, *, weights: Mapping[str, float] | None = None,
         progress: Progress | None = None, cancel: Cancel | None = None, fresh: bool = False) -> PlanResult:
    """Plan the whole board (or one block). Raises :class:`PlanCancelled` when ``cancel`` says so."""
    options = options or PlanOptions()
    t0 = time.perf_counter()
    report = progress or (lambda _f, _t: None)

    def check() -> None:
        if cancel is not None and cancel():
            raise PlanCancelled()

    key = _base_key(db, options)
    with _lock:
        kept = None if fresh else _kept.get(_name(db))
    model: Model | None = None
    hint: list[int] = []
    state: Any = None
    last = _last_event(db)
    if kept is not None and kept.key == key:
        absorbed = _absorb(db, kept.model.board, kept.last_event)
        if absorbed is not None:
            board, outcomes = absorbed
            model = absorb(kept.model, board, outcomes)
            hint = [v for v in kept.chosen if v not in model.off]
            state = kept.state
    incremental = model is not None
    if model is None:
        board = _load_board(db, options, weights, report, check)
        check()
        report(0.7, "model")
        model = build_model(board)
    report(0.75, "solve")
    solved = solve(model, time_limit=options.time_limit, hint=hint, cancel=cancel, solver=options.solver,
                   state=state)
    if solved.cancelled:
        with _lock:
            _kept.pop(_name(db), None)  # the kept relaxation may be half-updated
        raise PlanCancelled()
    report(0.9, "explain")
    gap = None if solved.bound_fills is None else max(0.0, solved.bound_fills - len(solved.chosen))
    stats = PlanStats(sum(places for _vs, places in model.capacity), len(solved.chosen), solved.greedy,
                      solved.seconds, solved.optimal, gap, solved.solver, incremental, 0.0, len(model.vars))
    before = kept.worded if incremental and kept is not None and kept.lang == options.lang else None
    result, worded = build(db, model, solved, options.lang, stats, before)
    with _lock:
        _kept[_name(db)] = _Kept(key, model, solved.chosen, last, solved.state, worded, options.lang)
    result = replace(result, stats=replace(stats, total_seconds=time.perf_counter() - t0))
    report(1.0, "done")
    return result


def _in_block(pref: str | None, block: str | None) -> bool:
    if not block:
        return True
    if not pref or pref not in prefectures.PREFECTURES:
        return False
    return block in (prefectures.block8(pref), prefectures.mhlw_area(pref))


def block_of(pref: str | None) -> str:
    if not pref or pref not in prefectures.PREFECTURES:
        return "不明"
    return prefectures.block8(pref)


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _load_board(db: Database, options: PlanOptions, weights: Mapping[str, float] | None, report: Progress,
                check: Callable[[], None]) -> Board:
    today = options.today or dt.date.today()
    until = today + dt.timedelta(days=options.horizon) if options.horizon is not None else None
    booked = [b.value for b in BOOKED]
    report(0.02, "load")
    with db.session() as s:
        postings = s.execute(select(Posting).where(Posting.status == "open").order_by(Posting.source_id)).scalars().all()
        postings = [p for p in postings if _in_block(p.pref_code, options.block)]
        ids = [p.id for p in postings]
        slots: dict[int, list[tuple[int, dt.date, dt.time, dt.time]]] = defaultdict(list)
        for sid, pid, d, a, b in s.execute(select(PostingSlot.id, PostingSlot.posting_id, PostingSlot.date,
                                                  PostingSlot.start, PostingSlot.end)
                                           .join(Posting, Posting.id == PostingSlot.posting_id)
                                           .where(Posting.status == "open", PostingSlot.active.is_(True))
                                           .order_by(PostingSlot.date, PostingSlot.start)):
            if until is not None and not (today <= d < until):
                continue
            slots[pid].append((sid, d, a, b))
        from desk.store.models import PlacementSlot

        filled = dict(s.execute(select(PlacementSlot.slot_id, func.count())
                                .where(PlacementSlot.state.in_(booked)).group_by(PlacementSlot.slot_id)).all())
        not_again: dict[int, set[int]] = defaultdict(set)
        for pid, rid in s.execute(select(Placement.posting_id, Placement.registrant_id)
                                  .where(Placement.state.in_(NOT_AGAIN))):
            not_again[pid].add(rid)
        pref_of = dict(s.execute(select(Posting.id, Posting.pref_code)).all())
        info = {p.id: (p.source_id, p.occupation, p.pref_code, p.muni_code, p.requirements or "", p.duties or "",
                       p.city or p.municipality_name or p.prefecture or "", p.headcount) for p in postings}
    check()
    queries: list[PostingQuery] = []
    open_slots: list[list[OpenSlot]] = []
    for pid in ids:
        source, occ, pref, muni, req, duties, place, headcount = info[pid]
        here = [OpenSlot(sid, d, _minutes(a), _minutes(b), max(0, headcount - filled.get(sid, 0)))
                for sid, d, a, b in slots.get(pid, [])]
        here = [x for x in here if x.open > 0]
        if not here:
            continue
        queries.append(PostingQuery(source_id=source, occupation=occ, pref_code=pref, muni_code=muni,
                                    slots=tuple((x.date, x.start, x.end) for x in here), requirements=req,
                                    duties=duties, posting_id=pid, place=place))
        open_slots.append(here)
    report(0.05, "index")
    index = registry_index(db)
    top = options.top or default_top(len(queries))
    check()
    found: dict[int, Need] = {}
    step = 50
    # grouped by occupation and prefecture, so each near pool is built once (rank_many's scratch)
    order = sorted(range(len(queries)), key=lambda k: (queries[k].occupation or "", queries[k].pref_code or ""))
    scratch: dict[Any, Any] = {}
    for lo in range(0, len(order), step):
        batch = order[lo:lo + step]
        extra = max((len(not_again.get(queries[k].posting_id or -1, ())) for k in batch), default=0)
        ranked = rank_many(index, [queries[k] for k in batch], weights, top=top + extra, scratch=scratch)
        for k, r in zip(batch, ranked, strict=True):
            q = queries[k]
            exclude = frozenset(not_again.get(q.posting_id or -1, ()))
            found[k] = need_of(index, r, open_slots[k], exclude=exclude, top=top, block=block_of(q.pref_code))
        check()
        report(0.05 + 0.6 * min(1.0, (lo + step) / max(1, len(queries))), "rank")
    needs = [found[k] for k in range(len(queries))]
    busy: dict[int, list[Busy]] = defaultdict(list)
    for reg, d, a, b, pid in zip(index.book_reg, index.book_date, index.book_start, index.book_end,
                                 index.book_posting, strict=True):
        busy[int(index.row_ids[reg])].append(
            Busy(span_of(dt.date.fromordinal(int(d)), int(a), int(b)), pref_of.get(int(pid)) or ""))
    return Board(tuple(needs), {k: tuple(v) for k, v in busy.items()}, options.max_per_week)


def _absorb(db: Database, board: Board, since: int) -> tuple[Board, list[tuple[str, int]]] | None:
    """The kept board with the outcomes logged since event ``since`` applied, and the (posting,
    registrant) pairs they concern; None when one of them needs a plan from scratch."""
    with db.session() as s:
        rows = s.execute(select(PlacementEvent.old_state, PlacementEvent.new_state, PlacementEvent.slot_ids,
                                PlacementEvent.undoes_event_id, Placement.registrant_id, Posting.source_id,
                                Posting.pref_code)
                         .join(Placement, Placement.id == PlacementEvent.placement_id)
                         .join(Posting, Posting.id == Placement.posting_id)
                         .where(PlacementEvent.id > since).order_by(PlacementEvent.id)).all()
        slot_times = {}
        wanted = {int(x) for r in rows for x in (r.slot_ids or ())}
        if wanted:
            slot_times = {sid: (d, a, b) for sid, d, a, b in s.execute(
                select(PostingSlot.id, PostingSlot.date, PostingSlot.start, PostingSlot.end)
                .where(PostingSlot.id.in_(wanted)))}
    if not rows:
        return board, []
    outcomes: list[tuple[str, int]] = []
    needs = {n.posting: n for n in board.needs}
    busy = {k: list(v) for k, v in board.busy.items()}
    for r in rows:
        if r.undoes_event_id is not None or r.new_state not in _ABSORB or r.old_state in ("confirmed", "worked"):
            return None
        if r.new_state in ("proposed", "contacted", "accepted"):
            continue
        outcomes.append((r.source_id, r.registrant_id))
        need = needs.get(r.source_id)
        if r.new_state == "confirmed":
            taken = {int(x) for x in (r.slot_ids or ())}
            for sid in taken:
                if sid in slot_times:
                    d, a, b = slot_times[sid]
                    busy.setdefault(r.registrant_id, []).append(
                        Busy(span_of(d, _minutes(a), _minutes(b)), r.pref_code or ""))
            if need is not None:
                need = replace(need, slots=tuple(replace(x, open=x.open - 1) if x.slot_id in taken else x
                                                 for x in need.slots))
        if need is not None:
            # choices stay (the model's variables point into them); absorb() rules theirs out
            gone = r.new_state != "confirmed"
            need = replace(need, declined=need.declined + gone,
                           declined_rows=need.declined_rows | ({r.registrant_id} if gone else set()))
            needs[r.source_id] = need
    return Board(tuple(needs[n.posting] for n in board.needs), {k: tuple(v) for k, v in busy.items()},
                 board.max_per_week), outcomes
