"""The filter's derived data of a caught-up registry index, merged instead of derived again.

desk.core.filters derives, once per index, the 登録ID lookup, the name keys with their character
and pair postings, and the folded specialty and notes (desk.core.filter_store.derive: a pass over
every record, about 40 s at a million). When the index was caught up with a few changed
registrants (desk.core.registry_merge), :func:`merge_derived` builds the same lookups from the
base's and the delta's: base rows renumbered (dropped rows gone), the delta's rows added, keys and
values the base does not know appended. The lookups answer every filter as a fresh derivation
does; they may differ from one in the order of keys and values, and keep keys no row holds any more.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from desk.core.filter_store import Folded, IdRows, NameIndex, Postings, code_of


def merge_derived(base: Mapping[str, Any], delta: Mapping[str, Any], base_to: np.ndarray,
                  delta_to: np.ndarray, n: int) -> dict[str, Any]:
    """The merged lookups; ``base_to``: each base row's merged row (-1: dropped), ``delta_to``: each
    delta row's, ``n``: the merged rows."""
    return {"source_ids": _ids(base["source_ids"], delta["source_ids"], base_to, delta_to),
            "names": _names(base["names"], delta["names"], base_to, delta_to),
            "specialty": _folded(base["specialty"], delta["specialty"], base_to, delta_to, n),
            "notes": _folded(base["notes"], delta["notes"], base_to, delta_to, n)}


def _pairs(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(group, row) of every entry of a CSR."""
    groups = np.repeat(np.arange(len(indptr) - 1, dtype=np.int64), np.diff(np.asarray(indptr)))
    return groups, np.asarray(rows, dtype=np.int64)


def _regroup(groups: np.ndarray, rows: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """A CSR (indptr, rows ascending within each group) from (group, row) pairs."""
    order = np.lexsort((rows, groups))
    indptr = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(groups, minlength=count)[:count], out=indptr[1:])
    return indptr, rows[order]


def _moved(groups: np.ndarray, rows: np.ndarray, to: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    new = to[rows]
    keep = new >= 0
    return groups[keep], new[keep]


def union_of(known: Sequence[str], extra: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """``known`` followed by the texts of ``extra`` it lacks; each extra text's id in that list."""
    at = {t: i for i, t in enumerate(known)}
    out = list(known)
    ids = np.empty(len(extra), dtype=np.int64)
    for j, text in enumerate(extra):
        found = at.get(text)
        if found is None:
            found = at[text] = len(out)
            out.append(text)
        ids[j] = found
    return out, ids


def _names(base: NameIndex, delta: NameIndex, base_to: np.ndarray, delta_to: np.ndarray) -> NameIndex:
    keys, delta_ids = union_of(base.keys, delta.keys)
    bg, br = _moved(*_pairs(base.indptr, base.rows), base_to)
    dg, dr = _pairs(delta.indptr, delta.rows)
    indptr, rows = _regroup(np.concatenate([bg, delta_ids[dg]]), np.concatenate([br, delta_to[dr]]), len(keys))
    fresh = range(len(base.keys), len(keys))
    chars = _extended(base.chars, ((i, {ord(c) for c in keys[i]}) for i in fresh))
    grams = _extended(base.grams, ((i, {code_of(a + b) for a, b in zip(keys[i], keys[i][1:], strict=False)})
                                   for i in fresh))
    return NameIndex(keys, indptr, rows.astype(np.int32), chars, grams)


def _extended(p: Postings, items: Any) -> Postings:
    """``p`` with the codes of keys added after all of its own (their ids are larger: still ascending)."""
    codes: list[int] = []
    ids: list[int] = []
    for key, found in items:
        codes.extend(sorted(found))
        ids.extend([key] * len(found))
    if not codes:
        return p
    all_codes = np.concatenate([np.repeat(p.codes, np.diff(p.indptr)), np.asarray(codes, dtype=np.int64)])
    all_ids = np.concatenate([np.asarray(p.ids, dtype=np.int32), np.asarray(ids, dtype=np.int32)])
    return Postings.group(all_codes, all_ids)


def _folded(base: Folded, delta: Folded, base_to: np.ndarray, delta_to: np.ndarray, n: int) -> Folded:
    values, delta_ids = union_of(base.values, delta.values)
    value_of = np.empty(n, dtype=np.int64)
    bg, br = _moved(*_pairs(base.indptr, base.rows), base_to)
    value_of[br] = bg
    dg, dr = _pairs(delta.indptr, delta.rows)
    value_of[delta_to[dr]] = delta_ids[dg]
    if len(br) + len(dr) != n:
        raise ValueError("folded texts do not cover every row")
    rows = np.argsort(value_of, kind="stable").astype(np.int32)
    indptr = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(np.bincount(value_of, minlength=len(values)), out=indptr[1:])
    return Folded(values, indptr, rows)


def _ids(base: Mapping[str, list[int]], delta: Mapping[str, list[int]], base_to: np.ndarray,
         delta_to: np.ndarray) -> IdRows:
    """The 登録ID lookup as IdRows (IDs sorted): the base's (IdRows, or a dict as derive makes it)
    renumbered, the delta's IDs merged in."""
    if isinstance(base, IdRows):
        keys, indptr, rows = base.parts()
    else:
        keys = sorted(base)
        lengths = np.fromiter((len(base[k]) for k in keys), dtype=np.int64, count=len(keys))
        indptr = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        rows = np.fromiter((r for k in keys for r in base[k]), dtype=np.int64, count=int(lengths.sum()))
    new = sorted({k for k in delta if not _holds(keys, k)})
    at = np.array([bisect_left(keys, k) for k in new], dtype=np.int64)
    shift = np.cumsum(np.bincount(at, minlength=len(keys) + 1))[: len(keys)] if len(keys) else at[:0]
    base_id = np.arange(len(keys), dtype=np.int64) + shift
    union = list(heapq.merge(keys, new))
    bg, br = _moved(*_pairs(indptr, rows), base_to)
    groups = [base_id[bg]]
    members = [br]
    for k, found in delta.items():
        i = bisect_left(union, k)
        groups.append(np.full(len(found), i, dtype=np.int64))
        members.append(delta_to[np.asarray(found, dtype=np.int64)])
    out_indptr, out_rows = _regroup(np.concatenate(groups), np.concatenate(members), len(union))
    return IdRows(union, out_indptr, out_rows)


def _holds(keys: Sequence[str], key: str) -> bool:
    i = bisect_left(keys, key)
    return i < len(keys) and keys[i] == key
