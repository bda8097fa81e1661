"""The ranking's work over a million rows: lookup tables and derived columns instead of per-slot passes.

:func:`desk.core.ranking.rank` spends its time in passes over whole columns. These kernels give the
same answers with fewer passes (issue 17: 1M registrants ranked within 150 ms):

* availability: a rule covers slot ``j`` when its day mask, date range and hours all admit it. The
  five rule columns are coded once (minutes as themselves, dates by day, the columns then fused while
  the distinct combinations stay few); a posting computes the slot bits of each distinct code and
  each rule looks its word up: one gather, whatever the number of slots, instead of several
  comparisons per slot. A registrant's first rule is placed, the second OR-ed in, the
  others with ``bitwise_or.at``, rather than ``reduceat`` over every rule.
* work areas: split by kind once; a posting compares only the codes of each kind.
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
#: Rule columns are fused into one code while their distinct codes multiply to at most this.
FUSE_MAX = 1 << 22
#: Columns of small non-negative integers (minutes of the day) are their own codes.
OWN_CODES = 1 << 12
#: A posting text matching more vocabulary terms than this takes the whole-column maximum.
TERMS_MAX = 4096
U1 = np.uint64(1)


def again(index: RegistryIndex) -> bool:
    """Whether this index was ranked before (rank() counts): groupings that cost more than one pass
    are made only then, so a one-off ranking (``desk rank`` in a new process) never pays for them."""
    return int(index.cache.get("rankings", 0)) > 1


def cached(index: RegistryIndex, key: str, make: Callable[[], Any]) -> Any:
    """``index.cache[key]``, made by ``make()`` the first time."""
    found = index.cache.get(key)
    if found is None:
        found = index.cache[key] = make()
    return found


def cached_array(index: RegistryIndex, key: str, make: Callable[[], Any]) -> np.ndarray:
    return np.asarray(cached(index, key, make))  # the cached array itself, typed


# ----------------------------------------------------------------------------- order
def by_source(index: RegistryIndex) -> np.ndarray:
    """Row numbers in source-id order (the tie-break order), kept on the index; empty when that is
    the row order itself."""
    return cached(index, "rows_by_source", lambda: _by_source(index.source_rank))  # type: ignore[no-any-return]


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
    return np.asarray(order[mask[order]])


def stable_by(rows: np.ndarray, key: np.ndarray) -> np.ndarray:
    """``rows`` stably sorted by ``key`` (aligned with rows)."""
    return rows[np.argsort(key, kind="stable")]


def rows_with(index: RegistryIndex, column: str, code: int) -> np.ndarray:
    """The rows (ascending) whose ``column`` (home_muni, home_city) equals ``code``: the rows are
    grouped by code once the index is ranked again (a radix sort when codes fit 16 bits), then
    each code is a slice."""
    def make() -> tuple[np.ndarray, np.ndarray]:
        codes = getattr(index, column)
        small = not len(codes) or (int(codes.min()) >= 0 and int(codes.max()) < 2**16)
        order = np.argsort(codes.astype(np.uint16) if small else codes, kind="stable")
        return codes[order], order
    if f"rows_by:{column}" not in index.cache and not again(index):  # one pass is cheaper than a sort
        return np.flatnonzero(getattr(index, column) == code)
    codes, order = cached(index, f"rows_by:{column}", make)
    lo, hi = np.searchsorted(codes, [code, code + 1])
    return order[lo:hi]  # type: ignore[no-any-return]


def area_kinds(index: RegistryIndex) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per kind of work area (AREA_KINDS values 0..4): (registrant rows, codes, cities), the codes in
    32 bits when they fit (half the bytes to compare per posting)."""
    kind = index.area_kind
    narrow = all(not len(c) or (int(c.min()) > -(2**31) and int(c.max()) < 2**31)
                 for c in (index.area_code, index.area_city))
    code = index.area_code.astype(np.int32) if narrow else index.area_code
    city = index.area_city.astype(np.int32) if narrow else index.area_city
    out = []
    for v in range(5):
        at = np.flatnonzero(kind == v)
        out.append((index.area_reg[at], code[at], city[at] if v == 4 else code[:0]))
    return out


# ----------------------------------------------------------------------------- availability
def _coded(column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(values, codes): ``column == values[codes]``, ``values`` ascending. Minutes (0..1440) are their
    own codes; dates are NEVER, every day between the column's other extremes, FOREVER (a clip); a
    sort when the range is too wide or out of order."""
    if not len(column):
        return np.array([NEVER, FOREVER], dtype=np.int64), np.zeros(0, dtype=np.intp)
    lo, hi = int(column.min()), int(column.max())
    if lo >= 0 and hi < OWN_CODES and column.dtype == np.intp:
        return np.arange(hi + 1, dtype=np.int64), column
    inner_lo = int(np.min(column, where=column != NEVER, initial=FOREVER))
    inner_hi = int(np.max(column, where=column != FOREVER, initial=NEVER))
    if lo >= NEVER and hi <= FOREVER and NEVER < inner_lo <= inner_hi < FOREVER and inner_hi - inner_lo < TABLE_MAX:
        # below inner_lo there is only NEVER, above inner_hi only FOREVER: clipped, they keep their code
        codes = np.clip(column, inner_lo - 1, inner_hi + 1).astype(np.intp, copy=False)
        codes -= inner_lo - 1
        return np.r_[NEVER, np.arange(inner_lo, inner_hi + 1), FOREVER].astype(np.int64), codes
    order = np.argsort(column, kind="stable")
    ordered = column[order]
    first = np.r_[True, ordered[1:] != ordered[:-1]]
    codes = np.empty(len(column), dtype=np.intp)
    codes[order] = np.cumsum(first) - 1
    return ordered[first].astype(np.int64), codes


def _rule_columns(index: RegistryIndex) -> tuple[list[np.ndarray], list[tuple[list[int], np.ndarray, np.ndarray]]]:
    """The values of the rules' day masks (& 511), from, to, start and end, and the rules coded by
    groups of those columns: [(columns, per code the code of each column, code per rule)]. Columns
    are fused while the product of their distinct codes stays small, so that one lookup per rule
    usually covers all five."""
    def make() -> tuple[list[np.ndarray], list[tuple[list[int], np.ndarray, np.ndarray]]]:
        coded = [(np.arange(512, dtype=np.int64), (index.rule_days & 511).astype(np.intp))]
        coded += [_coded(c) for c in (index.rule_start, index.rule_end, index.rule_from, index.rule_to)]
        order = [0, 3, 4, 1, 2]  # days, start, end, from, to: columns index into (days, from, to, start, end)
        groups: list[tuple[list[int], np.ndarray, np.ndarray]] = []
        for k, (values, codes) in zip(order, coded, strict=True):
            single = ([k], np.arange(len(values))[None, :], codes)
            if groups and groups[-1][1].shape[1] * len(values) <= FUSE_MAX:
                groups[-1] = _fuse(groups[-1], single)
            else:
                groups.append(single)
        values_by_column = [coded[order.index(k)][0] for k in range(5)]
        return values_by_column, groups
    return cached(index, "rule_columns", make)  # type: ignore[no-any-return]


def _fuse(a: tuple[list[int], np.ndarray, np.ndarray], b: tuple[list[int], np.ndarray, np.ndarray]
          ) -> tuple[list[int], np.ndarray, np.ndarray]:
    """Two column groups as one: each distinct pair of codes present gets a new code (no sort)."""
    nb = b[1].shape[1]
    key = a[2] * nb + b[2]
    present = np.zeros(a[1].shape[1] * nb, dtype=bool)
    present[key] = True
    dense = np.cumsum(present) - 1
    at = np.flatnonzero(present)
    return a[0] + b[0], np.vstack([a[1][:, at // nb], b[1][:, at % nb]]), dense[key].astype(np.intp, copy=False)


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
    mask, date range and hours each give a table of slot bits per value, AND-ed per group of columns
    and looked up once per group."""
    (masks, fv, tv, sv, ev), groups = _rule_columns(index)
    bits = [U1 << np.uint64(j) for j in range(len(slots))]
    day_table = np.zeros(512, dtype=np.uint64)
    for (_o, wd, _s, _e, hol), b in zip(slots, bits, strict=True):
        day_table[day_ok(masks, wd, hol)] |= b
    ords = [o for o, *_ in slots]
    tables = [day_table,
              _table(fv, ords, bits, True),  # from <= date
              _table(tv, ords, bits, False),  # date <= to
              _table(sv, [s for _o, _w, s, _e, _h in slots], bits, True),  # start <= slot start
              _table(ev, [e for _o, _w, _s, e, _h in slots], bits, False)]  # slot end <= end
    out: np.ndarray | None = None
    for columns, reps, codes in groups:
        table = tables[columns[0]][reps[0]]
        for row, k in enumerate(columns[1:], start=1):
            table &= tables[k][reps[row]]
        if out is None:
            out = np.take(table, codes)
        else:
            out &= np.take(table, codes)
    assert out is not None
    return out


def _first_and_rest(index: RegistryIndex) -> tuple[np.ndarray, ...]:
    """Rule rows and their registrants: each registrant's first rule (rules are grouped by
    registrant), second rule, and the others."""
    def make() -> tuple[np.ndarray, ...]:
        reg = index.rule_reg
        first = np.r_[True, reg[1:] != reg[:-1]] if len(reg) else np.zeros(0, dtype=bool)
        at, rest = np.flatnonzero(first), np.flatnonzero(~first)
        second = first[rest - 1]  # a rule right after a first rule is a second one
        return at, reg[at], rest[second], reg[rest[second]], rest[~second], reg[rest[~second]]
    return cached(index, "rule_first_rest", make)  # type: ignore[no-any-return]


def registrant_bits(index: RegistryIndex, bits: np.ndarray) -> np.ndarray:
    """OR of each registrant's rule bits (0 for registrants without rules)."""
    out = np.zeros(index.n, dtype=np.uint64)
    first, first_regs, second, second_regs, rest, rest_regs = _first_and_rest(index)
    out[first_regs] = bits[first]
    out[second_regs] |= bits[second]  # one second rule a registrant: plain indexing
    if len(rest):
        np.bitwise_or.at(out, rest_regs, bits[rest])
    return out


def unstated_rows(index: RegistryIndex) -> np.ndarray:
    return cached(index, "unstated_rows", lambda: np.flatnonzero(~index.has_rules))  # type: ignore[no-any-return]


# ----------------------------------------------------------------------------- text
def _terms_grouped(index: RegistryIndex) -> tuple[np.ndarray, np.ndarray]:
    """Registrant rows of the term rows grouped by term, and each term's bounds into them."""
    def make() -> tuple[np.ndarray, np.ndarray]:
        ids = index.term_id
        key = ids.astype(np.uint16) if len(index.term_vocab) < 2**16 else ids  # 16 bits: a radix sort
        order = np.argsort(key, kind="stable")
        bounds = np.r_[0, np.cumsum(np.bincount(ids, minlength=len(index.term_vocab)))]
        return index.term_reg[order], bounds
    return cached(index, "terms_grouped", make)  # type: ignore[no-any-return]


def best_term(index: RegistryIndex, term_score: np.ndarray) -> np.ndarray | None:
    """Best term score per registrant (0 without a matching term), or None to take the whole-column
    path (too many terms match). Scores are ≥ 0: the best is the highest positive score, else 0.
    The first ranking of an index looks at every term row; the next ones group the rows by term."""
    out = np.zeros(index.n)
    if not len(index.term_reg):
        return out
    hits = np.flatnonzero(term_score > 0)
    if len(hits) > TERMS_MAX:
        return None
    if "terms_grouped" not in index.cache and not again(index):  # grouping costs more than one pass
        scores = term_score[index.term_id]
        at = np.flatnonzero(scores)
        np.maximum.at(out, index.term_reg[at], scores[at])
        return out
    regs, bounds = _terms_grouped(index)
    for t in hits[np.argsort(term_score[hits], kind="stable")]:  # ascending: the best is written last
        out[regs[bounds[t]: bounds[t + 1]]] = term_score[t]
    return out
