"""Rank many postings at once for the whole-board plan, and say which slots a candidate can take.

:func:`rank_many` reuses one :class:`RegistryIndex` for every posting: postings are grouped by
occupation and each group is ranked on a sub-index holding only the registrants who may fill that
occupation and are active (everyone else is excluded by the ranking anyway), so a doctor posting
scores the doctors, not the whole registry. The scores and the order are those of
:func:`desk.core.ranking.rank` (the same function runs on the smaller index).

:func:`free_slots` applies the ranking's availability rule slot by slot (a rule covers the slot's
day and hours; no confirmed booking elsewhere overlaps it): the plan needs to know *which* slots a
candidate can take, not only how many.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, MutableMapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from desk.core.occupations import Occupation
from desk.core.plan import Choice, Need, OpenSlot
from desk.core.plan_near import rank_near, subset
from desk.core.ranking import FIT, R_BLOCK, REGION_CODES, PostingQuery, day_ok, rank
from desk.core.registry_index import OCCS, RegistryIndex


@dataclass(frozen=True)
class Ranked:
    """The top candidates of one posting: index rows best first, their scores, and how many there
    were before the cut (counted on the pool ranked: the near pool when that proved enough)."""

    posting: PostingQuery
    rows: tuple[int, ...]  # rows of the full index
    scores: tuple[float, ...]
    total: int
    regions: tuple[str, ...] = ()  # region reason code per row (same_muni, neighbor, ...)


def _pool(index: RegistryIndex, occupation: str | None) -> np.ndarray | None:
    """Active registrants who may fill ``occupation`` (None: everyone, the ranking decides)."""
    if not occupation or occupation not in Occupation._value2member_map_:
        return None
    target = OCCS.index(Occupation(occupation))
    if OCCS[target] is Occupation.CLERK:
        return np.flatnonzero(index.state == 0)  # anyone may do clerical work: the active ones
    ok = np.zeros(index.n, dtype=bool)
    for o in range(len(OCCS)):
        if FIT[o, target] > 0:
            ok |= (index.occ_mask >> o) & 1 == 1
    return np.flatnonzero(ok & (index.state == 0))


def default_top(postings: int) -> int:
    """K, the candidates kept per posting: 30, and 12 on boards of more than 1,000 postings (the
    model grows with postings × K; see README "What K costs")."""
    return 30 if postings <= 1000 else 12


def _sub_index(index: RegistryIndex, occupation: str | None) -> tuple[RegistryIndex, np.ndarray | None]:
    """The sub-index of an occupation's pool (cached on the index) and the pool's rows; the whole
    index and None when every registrant may fill it."""
    key = f"plan_pool:{occupation}"
    found = index.cache.get(key)
    if found is None:
        pool = _pool(index, occupation)
        found = index.cache[key] = (index, None) if pool is None else (subset(index, pool), pool)
    return found


def rank_many(index: RegistryIndex, postings: Sequence[PostingQuery], weights: Mapping[str, float] | None = None,
              top: int = 30, workers: int = 1, scratch: MutableMapping[Any, Any] | None = None) -> list[Ranked]:
    """The best ``top`` candidates of every posting, in the order of ``postings``.

    Each posting is ranked on its occupation's pool, and first on the registrants near it
    (:func:`desk.core.plan_near.rank_near`, used only when provably the same head). ``scratch`` keeps
    the near pools between calls (pass the same mapping for one board; postings grouped by
    occupation and prefecture reuse them); numpy releases the interpreter lock, so ``workers``
    threads rank postings side by side."""
    scratch = {} if scratch is None else scratch
    out: list[Ranked | None] = [None] * len(postings)
    order = sorted(range(len(postings)), key=lambda k: (postings[k].occupation or "", postings[k].pref_code or ""))

    def one(k: int) -> None:
        posting = postings[k]
        sub, pool = _sub_index(index, posting.occupation)
        found = rank_near(sub, posting, weights, top, scratch)
        if found is None:
            ranking, rows = rank(sub, posting, weights, top=top), None
        else:
            ranking, rows = found
        best = ranking.order if rows is None else rows[ranking.order]
        if pool is not None:
            best = pool[best]
        out[k] = Ranked(posting, tuple(int(i) for i in best),
                        tuple(float(ranking.score[i]) for i in ranking.order), int((ranking.exclusion == 0).sum()),
                        tuple(REGION_CODES[int(ranking.region_rank[i])] for i in ranking.order))

    if workers > 1 and len(order) > 1:
        with ThreadPoolExecutor(workers) as pool_:
            list(pool_.map(one, order))
    else:
        for k in order:
            one(k)
    return [r for r in out if r is not None]


def free_slots(index: RegistryIndex, row: int, slots: Sequence[tuple[dt.date, int, int]],
               posting_id: int | None = None) -> list[bool]:
    """For each slot (date, start minute, end minute): does the registrant's availability cover it
    (no rules stated: yes) and is no confirmed booking on another posting overlapping it?"""
    return [bool(x) for x in free_matrix(index, np.array([row]), slots, posting_id)[0]]


def free_matrix(index: RegistryIndex, rows: np.ndarray, slots: Sequence[tuple[dt.date, int, int]],
                posting_id: int | None = None) -> np.ndarray:
    """:func:`free_slots` for many rows at once: a bool array (rows × slots)."""
    from desk.core.dates import is_holiday

    rows = np.asarray(rows, dtype=np.int64)
    out = np.zeros((len(rows), len(slots)), dtype=bool)
    if not len(rows) or not slots:
        return out
    lo, hi = np.searchsorted(index.rule_reg, rows), np.searchsorted(index.rule_reg, rows + 1)
    counts = hi - lo
    owner = np.repeat(np.arange(len(rows)), counts)
    rule = (np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
            if counts.sum() else np.zeros(0, dtype=np.int64))
    blo, bhi = np.searchsorted(index.book_reg, rows), np.searchsorted(index.book_reg, rows + 1)
    bcounts = bhi - blo
    bowner = np.repeat(np.arange(len(rows)), bcounts)
    book = (np.repeat(blo - np.cumsum(bcounts) + bcounts, bcounts) + np.arange(int(bcounts.sum()))
            if bcounts.sum() else np.zeros(0, dtype=np.int64))
    elsewhere = index.book_posting[book] != (-2 if posting_id is None else posting_id)
    book, bowner = book[elsewhere], bowner[elsewhere]
    known = index.has_rules[rows]
    days, rfrom, rto = index.rule_days[rule], index.rule_from[rule], index.rule_to[rule]
    rstart, rend = index.rule_start[rule], index.rule_end[rule]
    bdate, bstart, bend = index.book_date[book], index.book_start[book], index.book_end[book]
    for j, (d, s, e) in enumerate(slots):
        o = d.toordinal()
        hit = day_ok(days, d.weekday(), bool(is_holiday(d))) & (rfrom <= o) & (o <= rto) & (rstart <= s) & (e <= rend)
        covered = ~known
        if hit.any():
            covered = covered.copy()
            covered[owner[hit]] = True
        taken = np.zeros(len(rows), dtype=bool)
        clash = (bdate == o) & (bstart < e) & (s < bend)
        if clash.any():
            taken[bowner[clash]] = True
        out[:, j] = covered & ~taken
    return out


def need_of(index: RegistryIndex, ranked: Ranked, slots: Sequence[OpenSlot], *, exclude: frozenset[int] = frozenset(),
            top: int = 30, block: str = "") -> Need:
    """A :class:`Need` of the board from a posting's ranking: its top candidates (store ids in
    ``exclude``, e.g. those who declined, left out) with the open slots each can take."""
    p = ranked.posting
    slot_tuples = [(s.date, s.start, s.end) for s in slots]
    choices: list[Choice] = []
    declined = 0
    matrix = free_matrix(index, np.array(ranked.rows, dtype=np.int64), slot_tuples, p.posting_id)
    for position, (row, score, region) in enumerate(
            zip(ranked.rows, ranked.scores, ranked.regions or ("",) * len(ranked.rows), strict=True), 1):
        store_id = int(index.row_ids[row])
        if store_id in exclude:
            declined += 1
            continue
        if len(choices) >= top:
            break
        ok = matrix[position - 1]
        free = frozenset(s.slot_id for s, yes in zip(slots, ok, strict=True) if yes)
        if free:
            choices.append(Choice(index.records[row].source_id, store_id, score, position, free, region))
    return Need(posting=p.source_id, key=p.posting_id if p.posting_id is not None else -1,
                pref=(p.pref_code or p.muni_code or "")[:2], slots=tuple(slots), choices=tuple(choices),
                qualified=ranked.total, declined=declined, place=p.place,
                occupation=p.occupation or "", block=block)


def reachable(index: RegistryIndex, posting: PostingQuery, weights: Mapping[str, float] | None = None) -> np.ndarray:
    """Rows of ``index`` who could fill the posting: candidates of its ranking (qualified, active,
    free for a slot) living or willing to work in its region block or nearer."""
    sub, pool = _sub_index(index, posting.occupation)
    ranking = rank(sub, posting, weights, top=sub.n)
    near = ranking.order[ranking.region_rank[ranking.order] >= R_BLOCK]
    return np.asarray(near if pool is None else pool[near])
