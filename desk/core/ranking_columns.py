"""The ranking's work over a million rows: lookup tables and derived columns instead of per-slot passes.

:func:`desk.core.ranking.rank` spends its time in passes over whole columns. These kernels give the
same answers with fewer passes (issue 17: 1M registrants ranked within 150 ms):

* availability: a rule covers slot ``j`` when its day mask, date range and hours all admit it. Each
  of the five rule columns is looked up once in a small table of slot bits (512 day masks; one entry
  per day between the posting's first and last date; one per minute between its earliest and latest
  start/end), and the five words AND-ed: five gathers, whatever the number of slots, instead of
  several comparisons per slot. A registrant's rules are OR-ed position by position (first rules,
  second rules, …) rather than with ``reduceat``.
* text: only the vocabulary terms the posting's text matches are visited (terms grouped once).
* order: rows are taken in source-id order (a permutation kept on the index), then stably sorted by a
  small region class (radix) and by score: the same order as the three-key ``lexsort``.

Derived columns live in ``RegistryIndex.cache`` (rebuilt with the index, never saved): each is one
linear pass, built on the first ranking and reused by the next.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from desk.core.registry_index import FOREVER, NEVER, RegistryIndex

#: A rule column spanning more integers than this is coded by sorting its distinct values.
TABLE_MAX = 1 << 20
#: Registrants with more rules than this fall back to reduceat (a pass per rule position otherwise).
POSITIONS_MAX = 16
#: A posting text matching more vocabulary terms than this takes the whole-column maximum.
TERMS_MAX = 4096
U1 = np.uint64(1)


def _cached(index: RegistryIndex, key: str, make: Callable[[], Any]) -> Any:
    found = index.cache.get(key)
    if found is None:
        found = index.cache[key] = make()
    return found


# ----------------------------------------------------------------------------- order
def by_source(index: RegistryIndex) -> np.ndarray:
    """Row numbers in source-id order (the tie-break order), kept on the index; empty when that is
    the row order itself."""
    return _cached(index, "rows_by_source", lambda: _by_source(index.source_rank))  # type: ignore[no-any-return]


def _by_source(source_rank: np.ndarray) -> np.ndarray:
    n = len(source_rank)
    if not n:
        return np.zeros(0, dtype=np.int64)
    if np.array_equal(source_rank, np.arange(n)):
        return np.zeros(0, dtype=np.int64)
    top = int(source_rank.max()) + 1
    if int(source_rank.min()) >= 0 and top <= 4 * n:  # a (sub-)permutation: place each row, no sort
        at = np.full(top, -1, dtype=np.int64)
        at[source_rank] = np.arange(n)
        rows = at[at >= 0]
        if len(rows) == n:
            return rows
    return np.argsort(source_rank, kind="stable")


def rows_where(index: RegistryIndex, mask: np.ndarray) -> np.ndarray:
    """The rows where ``mask`` holds, in source-id order."""
    order = by_source(index)
    if not len(order):  # rows already in source-id order (an import numbers them so)
        return np.flatnonzero(mask)
    return order[mask[order]]


def stable_by(rows: np.ndarray, key: np.ndarray) -> np.ndarray:
    """``rows`` stably sorted by ``key`` (aligned with rows)."""
    return rows[np.argsort(key, kind="stable")]


class Grouped:
    """Registrant rows grouped by a small code (a radix sort, once): the rows of one code are a slice."""

    def __init__(self, codes: np.ndarray, regs: np.ndarray) -> None:
        small = not len(codes) or (int(codes.min()) >= 0 and int(codes.max()) < 2**16)
        order = np.argsort(codes.astype(np.uint16) if small else codes, kind="stable")
        self.codes, self.regs = codes[order], regs[order]

    def rows(self, code: int) -> np.ndarray:
        lo = int(np.searchsorted(self.codes, code, side="left"))
        hi = int(np.searchsorted(self.codes, code, side="right"))
        return self.regs[lo:hi]


# ----------------------------------------------------------------------------- availability
def _coded(column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(values, codes): ``column == values[codes]``, ``values`` ascending. Values are NEVER, every
    integer between the column's other extremes, FOREVER (one linear pass); a sort when that range is
    too wide or out of order."""
    inner = column[(column != NEVER) & (column != FOREVER)]
    if not len(inner):
        values = np.array([NEVER, FOREVER], dtype=np.int64)
        return values, np.where(column == FOREVER, 1, 0).astype(np.intp)
    lo, hi = int(inner.min()), int(inner.max())
    if lo > NEVER and hi < FOREVER and hi - lo < TABLE_MAX:
        values = np.r_[NEVER, np.arange(lo, hi + 1), FOREVER].astype(np.int64)
        codes = (column - (lo - 1)).astype(np.intp)
        codes[column == NEVER] = 0
        codes[column == FOREVER] = len(values) - 1
        return values, codes
    values, codes = np.unique(column, return_inverse=True)
    return values.astype(np.int64), codes.astype(np.intp).reshape(-1)


def _rule_columns(index: RegistryIndex) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """(values, codes) of the rules' from, to, start and end, and their day masks (& 511) as codes."""
    def make() -> tuple[tuple[np.ndarray, np.ndarray], ...]:
        days = (np.arange(512, dtype=np.int64), (index.rule_days & 511).astype(np.intp))
        return (days, *(_coded(c) for c in (index.rule_from, index.rule_to, index.rule_start, index.rule_end)))
    return _cached(index, "rule_columns", make)  # type: ignore[no-any-return]


def _table(values: np.ndarray, points: Sequence[int], bits: Sequence[np.uint64], at_most: bool) -> np.ndarray:
    """Per value, the slot bits where ``value <= point`` (``at_most``) or ``point <= value``."""
    table = np.zeros(len(values), dtype=np.uint64)
    for p, b in zip(points, bits, strict=True):
        if at_most:
            table[: int(np.searchsorted(values, p, side="right"))] |= b
        else:
            table[int(np.searchsorted(values, p, side="left")):] |= b
    return table


def rule_bits(index: RegistryIndex, slots: Sequence[tuple[int, int, int, int, bool]],
              day_ok: Callable[[Any, int, bool], Any]) -> np.ndarray:
    """Per availability rule, bit ``j`` set when it covers ``slots[j]`` (at most 64 slots): its day
    mask, date range and hours each looked up in a table of slot bits, the five AND-ed."""
    (masks, days), (fv, fc), (tv, tc), (sv, sc), (ev, ec) = _rule_columns(index)
    bits = [U1 << np.uint64(j) for j in range(len(slots))]
    day_table = np.zeros(512, dtype=np.uint64)
    for (_o, wd, _s, _e, hol), b in zip(slots, bits, strict=True):
        day_table[day_ok(masks, wd, hol)] |= b
    ords = [o for o, *_ in slots]
    out = np.take(day_table, days)
    out &= np.take(_table(fv, ords, bits, True), fc)  # from <= date
    out &= np.take(_table(tv, ords, bits, False), tc)  # date <= to
    out &= np.take(_table(sv, [s for _o, _w, s, _e, _h in slots], bits, True), sc)  # start <= slot start
    out &= np.take(_table(ev, [e for _o, _w, _s, e, _h in slots], bits, False), ec)  # slot end <= end
    return out


def _positions(index: RegistryIndex) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """Rules grouped by their position within the registrant's rules: [(rule rows, registrant rows)]
    for the first rules, the second, …; None when someone has more than POSITIONS_MAX."""
    def make() -> tuple[list[tuple[np.ndarray, np.ndarray]] | None]:
        reg = index.rule_reg
        if not len(reg):
            return ([],)
        starts = np.flatnonzero(np.r_[True, reg[1:] != reg[:-1]])
        pos = np.arange(len(reg)) - np.repeat(starts, np.diff(np.r_[starts, len(reg)]))
        if int(pos.max()) >= POSITIONS_MAX:
            return (None,)
        groups = [starts] + [np.flatnonzero(pos == k) for k in range(1, int(pos.max()) + 1)]
        return ([(g, reg[g]) for g in groups],)
    return _cached(index, "rule_positions", make)[0]  # type: ignore[no-any-return]


def registrant_bits(index: RegistryIndex, bits: np.ndarray) -> np.ndarray:
    """OR of each registrant's rule bits (0 for registrants without rules)."""
    out = np.zeros(index.n, dtype=np.uint64)
    groups = _positions(index)
    if groups is None:
        starts = _cached(index, "rule_starts", lambda: np.flatnonzero(
            np.r_[True, index.rule_reg[1:] != index.rule_reg[:-1]]))
        out[index.rule_reg[starts]] = np.bitwise_or.reduceat(bits, starts)
        return out
    for k, (rules, regs) in enumerate(groups):
        if k == 0:
            out[regs] = bits[rules]
        else:
            out[regs] |= bits[rules]
    return out


def unstated_rows(index: RegistryIndex) -> np.ndarray:
    return _cached(index, "unstated_rows", lambda: np.flatnonzero(~index.has_rules))  # type: ignore[no-any-return]


# ----------------------------------------------------------------------------- text
def _terms_grouped(index: RegistryIndex) -> tuple[np.ndarray, np.ndarray]:
    """Registrant rows of the term rows grouped by term, and each term's bounds into them."""
    def make() -> tuple[np.ndarray, np.ndarray]:
        ids = index.term_id
        key = ids.astype(np.uint16) if len(index.term_vocab) < 2**16 else ids  # 16 bits: a radix sort
        order = np.argsort(key, kind="stable")
        bounds = np.r_[0, np.cumsum(np.bincount(ids, minlength=len(index.term_vocab)))]
        return index.term_reg[order], bounds
    return _cached(index, "terms_grouped", make)  # type: ignore[no-any-return]


def best_term(index: RegistryIndex, term_score: np.ndarray) -> np.ndarray | None:
    """Best term score per registrant (0 without a matching term), or None to take the whole-column
    path (too many terms match). Scores are ≥ 0: the best is the highest positive score, else 0."""
    out = np.zeros(index.n)
    if not len(index.term_reg):
        return out
    hits = np.flatnonzero(term_score > 0)
    if len(hits) > TERMS_MAX:
        return None
    regs, bounds = _terms_grouped(index)
    for t in hits[np.argsort(term_score[hits], kind="stable")]:  # ascending: the best is written last
        out[regs[bounds[t]: bounds[t + 1]]] = term_score[t]
    return out
