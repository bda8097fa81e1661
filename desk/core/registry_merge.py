"""A registry index caught up with the registrants changed since it was built, not built again.

:func:`merge` takes a base :class:`RegistryIndex` and a small delta index (``RegistryIndex.build`` of
the changed and added registrants' records and their bookings) and returns the index a fresh build
of the whole registry gives: the base rows of the changed (and removed) ids dropped, the delta rows
put in their place by id, every per-row column, the ragged tables (work areas, availability rules,
terms, bookings) with their row positions remapped, ``source_rank`` merged (only the base rows a
binary search touches are read for their 登録ID), and ``term_vocab`` renumbered in the order a
fresh build meets the terms. Records of a base read from the local cache stay packed
(:class:`~desk.core.record_store.OverlayRecords`). The filter's derived data is not carried over:
the first filter keystroke after a catch-up builds it again (desk.core.filters).

Any input that does not have the shape a build gives (ids not ascending, a ragged table not sorted
by row) raises ValueError: the caller builds the whole index instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from desk.core.filter_merge import union_of
from desk.core.record_store import OverlayRecords, PackedRecords, source_id_of
from desk.core.registry_index import RegistrantRecord, RegistryIndex

#: Columns with one value per registrant row (``source_rank`` and the records are merged apart).
ROW_COLUMNS = ("row_ids", "state", "occ_mask", "home_pref", "home_muni", "home_city", "vax", "no_shows",
               "late", "has_rules")
#: The ragged tables: the row column first, then the columns that travel with it.
TABLES = (("area_reg", "area_kind", "area_code", "area_city"),
          ("rule_reg", "rule_from", "rule_to", "rule_days", "rule_weekdays", "rule_start", "rule_end"),
          ("term_reg", "term_id"),
          ("book_reg", "book_date", "book_start", "book_end", "book_posting"))


@dataclass(frozen=True)
class _Plan:
    """Where every row of the merged index comes from."""

    kept: np.ndarray  # base rows kept, ascending
    kept_to: np.ndarray  # their rows in the merged index
    delta_to: np.ndarray  # the merged row of each delta row
    base_to: np.ndarray  # per base row: its merged row, -1 when dropped
    n: int


def merge(base: RegistryIndex, delta: RegistryIndex, removed: Sequence[int] | np.ndarray = ()) -> RegistryIndex:
    """``base`` with the rows of ``delta``'s ids replaced or added and the ids ``removed`` gone."""
    plan = _plan(np.asarray(base.row_ids, dtype=np.int64), np.asarray(delta.row_ids, dtype=np.int64),
                 np.asarray(removed, dtype=np.int64))
    columns: dict[str, Any] = {}
    for name in ROW_COLUMNS:
        columns[name] = _rows(plan, np.asarray(getattr(base, name)), np.asarray(getattr(delta, name)))
    columns["has_frequency"] = _rows(plan, np.asarray(base.frequency_stated()), np.asarray(delta.frequency_stated()))
    for table in TABLES:
        columns.update(_table(plan, base, delta, table))
    vocab, term_id = _vocab(base.term_vocab, delta.term_vocab, columns["term_id"], columns.pop("term_from_delta"))
    columns["term_id"] = term_id
    columns["source_rank"] = _source_rank(plan, base, delta)
    records = _records(plan, base.records, delta.records, columns)
    out = RegistryIndex(records=records, geo=base.geo, term_vocab=vocab, **columns)
    out.cache.update(_filter_pending(base, delta, plan))
    return out


#: Catch-ups whose filter data may wait, chained, for the first keystroke; beyond, it is derived again.
MAX_PENDING = 8


def _filter_pending(base: RegistryIndex, delta: RegistryIndex, plan: _Plan) -> dict[str, Any]:
    """When ``base`` holds the filter's derived data (or its own pending merge), a function merging it
    with the delta's on first use (desk.core.filter_merge), so the first keystroke after a catch-up
    does not decode every record. Holds the base's lookups and the row maps, not the base index."""
    from desk.core import filter_store

    held = {k: base.cache[k] for k in ("filter_texts", filter_store.CACHE_KEY, filter_store.PENDING_KEY)
            if k in base.cache}
    depth = int(base.cache.get(filter_store.PENDING_DEPTH, 0)) + 1 if "filter_texts" not in held else 1
    if not held or depth > MAX_PENDING:
        return {}
    n_base = base.n
    done: list[dict[str, Any]] = []

    def merged() -> dict[str, Any]:
        if not done:
            from desk.core.filter_merge import merge_derived
            from desk.core.filters import derived

            if "filter_texts" in held:
                before = held["filter_texts"]
            elif filter_store.PENDING_KEY in held:
                before = held[filter_store.PENDING_KEY]()
            else:
                before = filter_store.unpack(held[filter_store.CACHE_KEY], n_base)
            done.append(merge_derived(before, derived(delta), plan.base_to, plan.delta_to, plan.n))
        return done[0]

    return {filter_store.PENDING_KEY: merged, filter_store.PENDING_DEPTH: depth}


def _ascending(ids: np.ndarray, what: str) -> None:
    if len(ids) > 1 and not bool(np.all(ids[1:] > ids[:-1])):
        raise ValueError(f"{what}: row ids not strictly ascending")


def _plan(base_ids: np.ndarray, delta_ids: np.ndarray, removed: np.ndarray) -> _Plan:
    _ascending(base_ids, "base")
    _ascending(delta_ids, "delta")
    gone = np.zeros(len(base_ids), dtype=bool)
    drop = np.concatenate([delta_ids, removed])
    if len(base_ids) and len(drop):
        at = np.searchsorted(base_ids, drop).clip(max=len(base_ids) - 1)
        gone[at[base_ids[at] == drop]] = True
    kept = np.flatnonzero(~gone)
    kept_ids = base_ids[kept]
    ins = np.searchsorted(kept_ids, delta_ids)  # delta row j goes before kept row ins[j]
    delta_to = ins + np.arange(len(delta_ids), dtype=np.int64)
    # kept row i moves down by the delta rows inserted at or before it
    shift = np.cumsum(np.bincount(ins, minlength=len(kept) + 1))[: len(kept)]
    kept_to = np.arange(len(kept), dtype=np.int64) + shift
    base_to = np.full(len(base_ids), -1, dtype=np.int64)
    base_to[kept] = kept_to
    return _Plan(kept, kept_to, delta_to, base_to, len(kept) + len(delta_ids))


def _rows(plan: _Plan, b: np.ndarray, d: np.ndarray) -> np.ndarray:
    if len(b) != len(plan.base_to) or len(d) != len(plan.delta_to):
        raise ValueError("a column does not match the rows")
    out = np.empty(plan.n, dtype=b.dtype if len(b) or not len(d) else d.dtype)
    out[plan.kept_to] = b[plan.kept]
    out[plan.delta_to] = d
    return out


def _table(plan: _Plan, base: RegistryIndex, delta: RegistryIndex, names: tuple[str, ...]) -> dict[str, np.ndarray]:
    """One ragged table: the base entries of kept rows and the delta's, ordered by their new row (each
    row's entries come from one side only, in their own order, as a build lists them)."""
    b_reg, d_reg = np.asarray(getattr(base, names[0])), np.asarray(getattr(delta, names[0]))
    for reg, rows in ((b_reg, len(plan.base_to)), (d_reg, len(plan.delta_to))):
        if len(reg) and (not bool(np.all(reg[1:] >= reg[:-1])) or int(reg[0]) < 0 or int(reg[-1]) >= rows):
            raise ValueError(f"{names[0]}: not sorted by row")
    to = plan.base_to[b_reg]
    keep = to >= 0
    b_new, d_new = to[keep], plan.delta_to[d_reg]
    at_b = np.arange(len(b_new), dtype=np.int64) + np.searchsorted(d_new, b_new)
    at_d = np.arange(len(d_new), dtype=np.int64) + np.searchsorted(b_new, d_new)
    out: dict[str, np.ndarray] = {}
    total = len(b_new) + len(d_new)
    for name in names:
        b, d = np.asarray(getattr(base, name)), np.asarray(getattr(delta, name))
        col = np.empty(total, dtype=np.int64)
        col[at_b] = b_new if name == names[0] else b[keep]
        col[at_d] = d_new if name == names[0] else d
        out[name] = col
    if names[0] == "term_reg":  # the delta's term ids are of its own vocabulary: renumbered by _vocab
        side = np.zeros(total, dtype=bool)
        side[at_d] = True
        out["term_from_delta"] = side
    return out


def _vocab(base_vocab: Sequence[str], delta_vocab: Sequence[str], term_id: np.ndarray,
           from_delta: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Both vocabularies as one, numbered as a fresh build numbers them: by first use, row by row."""
    union, to_union = union_of(base_vocab, delta_vocab)
    ids = term_id.copy()
    if len(ids) and ((len(to_union) == 0 and bool(from_delta.any())) or int(ids.min()) < 0):
        raise ValueError("term ids out of range")
    if from_delta.any():
        if int(ids[from_delta].max()) >= len(to_union):
            raise ValueError("delta term ids out of range")
        ids[from_delta] = to_union[ids[from_delta]]
    if len(ids) and int(ids.max()) >= len(union):
        raise ValueError("base term ids out of range")
    used, first = np.unique(ids, return_index=True)
    order = used[np.argsort(first, kind="stable")]
    renumber = np.empty(len(union), dtype=np.int64)
    renumber[order] = np.arange(len(order), dtype=np.int64)
    return [union[int(u)] for u in order], renumber[ids] if len(ids) else ids


class _KeptBySource(Sequence[tuple[str, int]]):
    """The kept base rows in 登録ID order, as (登録ID, merged row) read only where a search looks."""

    def __init__(self, records: Sequence[RegistrantRecord], rows: np.ndarray, to: np.ndarray) -> None:
        self.records, self.rows, self.to = records, rows, to
        self.memo: dict[int, tuple[str, int]] = {}

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, m: int) -> tuple[str, int]:  # type: ignore[override]
        hit = self.memo.get(m)
        if hit is None:
            row = int(self.rows[m])
            hit = self.memo[m] = (source_id_of(self.records, row), int(self.to[row]))
        return hit


def _source_rank(plan: _Plan, base: RegistryIndex, delta: RegistryIndex) -> np.ndarray:
    """Each merged row's place in 登録ID order, ties by row (a build's stable sort): the kept rows keep
    their relative order, each delta row is found its place by binary search among them."""
    from bisect import bisect_left

    n_base = len(plan.base_to)
    rank = np.asarray(base.source_rank, dtype=np.int64)
    if len(rank) != n_base or (n_base and (int(rank.min()) < 0 or int(rank.max()) >= n_base)):
        raise ValueError("source_rank does not fit the base")
    by_source = np.full(n_base, -1, dtype=np.int64)
    by_source[rank] = np.arange(n_base, dtype=np.int64)
    if n_base and int(by_source.min()) < 0:
        raise ValueError("source_rank is not a permutation")
    kept_sorted = by_source[plan.base_to[by_source] >= 0]
    kept = _KeptBySource(base.records, kept_sorted, plan.base_to)
    keys = [(source_id_of(delta.records, j), int(plan.delta_to[j])) for j in range(len(plan.delta_to))]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    at = np.empty(len(order), dtype=np.int64)
    # the keys ascend: the middle one is searched first, each half then only between the places found
    # (k keys among n rows read about k * log2(n / k) 登録IDs, not k * log2(n))
    spans = [(0, len(order), 0, len(kept))]
    while spans:
        a, b, lo, hi = spans.pop()
        if a >= b:
            continue
        mid = (a + b) // 2
        at[mid] = found = bisect_left(kept, keys[order[mid]], lo, hi)
        spans += [(a, mid, lo, found), (mid + 1, b, found, hi)]
    out = np.empty(plan.n, dtype=np.int64)
    shift = np.cumsum(np.bincount(at, minlength=len(kept_sorted) + 1))[: len(kept_sorted)]
    out[plan.base_to[kept_sorted]] = np.arange(len(kept_sorted), dtype=np.int64) + shift
    out[plan.delta_to[np.asarray(order, dtype=np.int64)]] = at + np.arange(len(order), dtype=np.int64)
    return out


def _records(plan: _Plan, base: Sequence[RegistrantRecord], delta: Sequence[RegistrantRecord],
             columns: dict[str, np.ndarray]) -> Sequence[RegistrantRecord]:
    if len(base) != len(plan.base_to) or len(delta) != len(plan.delta_to):
        raise ValueError("records do not match the rows")
    ids, no_shows, late = columns["row_ids"], columns["no_shows"], columns["late"]
    if isinstance(base, OverlayRecords):  # flattened: never an overlay over an overlay
        source = np.empty(plan.n, dtype=np.int64)
        source[plan.kept_to] = base.source[plan.kept]
        still = [-1 - int(s) for s in base.source[plan.kept] if s < 0]
        extra = [base.extra[i] for i in sorted(set(still))]
        moved = {old: -1 - k for k, old in enumerate(sorted(set(still)))}
        kept_src = source[plan.kept_to]
        for pos in np.flatnonzero(kept_src < 0).tolist():
            kept_src[pos] = moved[-1 - int(kept_src[pos])]
        source[plan.kept_to] = kept_src
        source[plan.delta_to] = -1 - (len(extra) + np.arange(len(delta), dtype=np.int64))
        return OverlayRecords(base.base, [*extra, *delta], source, ids, no_shows, late)
    if isinstance(base, PackedRecords):
        source = np.empty(plan.n, dtype=np.int64)
        source[plan.kept_to] = plan.kept
        source[plan.delta_to] = -1 - np.arange(len(delta), dtype=np.int64)
        return OverlayRecords(base, list(delta), source, ids, no_shows, late)
    out: list[RegistrantRecord | None] = [None] * plan.n
    for i, r in zip(plan.kept_to.tolist(), plan.kept.tolist(), strict=True):
        out[i] = base[r]
    for i, r in zip(plan.delta_to.tolist(), delta, strict=True):
        out[i] = r
    return [r for r in out if r is not None]
