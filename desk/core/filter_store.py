"""The filter's derived data: built once from the records, kept as flat arrays between processes.

``desk.core.filters`` needs, per registry, a 登録ID lookup, the distinct kana name keys with the
rows holding each (:class:`NameIndex`: a character and a two-character index over those keys, so a
keystroke looks up the keys holding what was typed instead of scanning every name), and the folded
specialty and notes as distinct values with each row's value (:class:`Folded`: a keystroke tests a
few hundred distinct notes, not a million rows). :func:`derive` builds them from the records
(decoding every record: seconds at 100k, half a minute at a million); :func:`pack` turns them into
numpy arrays (no pickles: strings as one UTF-8 blob plus code-point offsets, lookups as CSR) which
desk.services.index_cache saves beside the index; :func:`unpack` gives them back, checked. The
filters read the arrays lazily from ``index.cache["filter_arrays"]`` on their first keystroke (the
rank path never pays for them). No I/O here: reading and writing the files is the cache's.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

#: The layout of the arrays: 3 = distinct name keys with a bigram index, distinct folded texts. The
#: index cache's code key covers this file, so arrays of another layout are never read as these.
FORMAT = 3
#: Cache key under which a loaded index carries the arrays (filters.py unpacks them when first needed).
CACHE_KEY = "filter_arrays"
#: Cache key of desk.core.filter_lookups (places, note terms, availability rules grouped by row).
LOOKUPS_KEY = "filter_lookups"
#: Cache key of the derived data of a caught-up index not merged yet (desk.core.filter_merge): a
#: function giving it, run by the first keystroke; and how many catch-ups it chains.
PENDING_KEY, PENDING_DEPTH = "filter_pending", "filter_pending_depth"
#: What the filter keeps in ``index.cache`` that only the registrants decide: an index whose
#: placements alone changed (desk.core.record_store.with_placements) keeps them all.
REGISTRANT_KEYS = (CACHE_KEY, LOOKUPS_KEY, "filter_texts", "name_keys", "source_ids", "joined:notes", "vocab_folded",
                   PENDING_KEY, PENDING_DEPTH)
_TEXTS = ("ids", "keys", "specialty", "notes")
_POSTINGS = ("chars", "grams")
#: Every array :func:`pack` returns (the cache checks that a saved set is complete).
NAMES = (*(f"{t}_{part}" for t in _TEXTS for part in ("blob", "offsets")),
         *(f"{t}_{part}" for t in ("ids", "keys", "specialty", "notes") for part in ("indptr", "rows")),
         *(f"{p}_{part}" for p in _POSTINGS for part in ("codes", "indptr", "ids")))
_SEP = "\x00"


def pack_texts(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """One UTF-8 blob of the texts joined by NUL and where each text starts (in code points, n + 1)."""
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    if texts:
        np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1, out=offsets[1:])
    blob = np.frombuffer(_SEP.join(texts).encode("utf-8"), dtype=np.uint8).copy()
    return blob, offsets


def unpack_texts(blob: np.ndarray, offsets: np.ndarray) -> list[str]:
    """The texts :func:`pack_texts` packed; ValueError when the two arrays do not agree."""
    n = len(offsets) - 1
    joined = np.asarray(blob, dtype=np.uint8).tobytes().decode("utf-8")
    if n <= 0:
        if joined:
            raise ValueError("text blob without offsets")
        return []
    if len(joined) != int(offsets[-1]) - 1:
        raise ValueError("text blob and offsets differ in length")
    if joined.count(_SEP) == n - 1:  # no NUL inside a text: one C-speed split
        return joined.split(_SEP)
    bounds = np.asarray(offsets).tolist()
    return [joined[a:b - 1] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


# ----------------------------------------------------------------------------- the shapes filters.py reads
def csr_take(indptr: np.ndarray, values: np.ndarray, which: np.ndarray) -> np.ndarray:
    """The values of the CSR groups ``which`` (ascending group ids), concatenated, without a Python loop."""
    starts = indptr[which]
    lengths = indptr[np.asarray(which) + 1] - starts
    total = int(lengths.sum())
    if not total:
        return values[:0]
    shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    taken: np.ndarray = values[np.arange(total, dtype=np.int64) + shift]
    return taken


def code_of(text: str) -> int:
    """One or two characters as one int64 (the key of :class:`Postings`)."""
    code = 0
    for ch in text:
        code = (code << 21) | ord(ch)
    return code


@dataclass(frozen=True)
class Postings:
    """Code (one character, or a pair: :func:`code_of`) → the ascending ids of the keys holding it."""

    codes: np.ndarray  # int64, ascending, distinct
    indptr: np.ndarray  # int64, len(codes) + 1
    ids: np.ndarray  # int32

    @classmethod
    def build(cls, items: Iterable[tuple[int, Iterable[int]]]) -> Postings:
        """From ``(key id, distinct codes of that key)`` pairs."""
        codes: list[int] = []
        ids: list[int] = []
        for key, found in items:
            before = len(codes)
            codes.extend(found)
            ids.extend([key] * (len(codes) - before))
        return cls.group(np.array(codes, dtype=np.int64), np.array(ids, dtype=np.int32))

    @classmethod
    def group(cls, codes: np.ndarray, ids: np.ndarray) -> Postings:
        """From parallel arrays: ``ids[i]`` holds ``codes[i]`` (ids keep their order within a code)."""
        low = int(codes.min()) if len(codes) else 0
        if len(codes) and int(codes.max()) - low < 1 << 16:  # a radix sort: five times faster at a million
            order = np.argsort((codes - low).astype(np.uint16), kind="stable")
        else:
            order = np.argsort(codes, kind="stable")
        code, key_ids = codes[order], np.asarray(ids, dtype=np.int32)[order]
        first = np.flatnonzero(np.r_[True, code[1:] != code[:-1]]) if len(code) else np.zeros(0, dtype=np.int64)
        return cls(code[first].astype(np.int64), np.append(first, len(code)).astype(np.int64), key_ids)

    def of(self, code: int) -> np.ndarray:
        """The ids holding ``code``, ascending."""
        at = int(np.searchsorted(self.codes, code))
        if at >= len(self.codes) or int(self.codes[at]) != code:
            return self.ids[:0]
        return self.ids[int(self.indptr[at]):int(self.indptr[at + 1])]

    def take(self, codes: np.ndarray) -> np.ndarray:
        """The ids holding any of ``codes`` (concatenated, possibly repeated)."""
        at = np.searchsorted(self.codes, codes).clip(max=max(len(self.codes) - 1, 0))
        if not len(self.codes):
            return self.ids[:0]
        return csr_take(self.indptr, self.ids, np.unique(at[self.codes[at] == codes]))

    def get(self, text: str) -> np.ndarray:
        """The ids of the keys holding ``text`` (one or two characters), ascending."""
        return self.of(code_of(text))


@dataclass(frozen=True)
class NameIndex:
    """The distinct name keys (kana_key of names and readings, and their loose readings), the rows
    holding each (CSR), and which keys hold a character / a pair of adjacent characters."""

    keys: list[str]
    indptr: np.ndarray  # int64, len(keys) + 1
    rows: np.ndarray  # int32: the rows of key k are rows[indptr[k]:indptr[k + 1]]
    chars: Postings
    grams: Postings

    def rows_of(self, key_ids: np.ndarray) -> np.ndarray:
        return csr_take(self.indptr, self.rows, key_ids)


@dataclass(frozen=True)
class Folded:
    """A folded text per row as its distinct values and the rows holding each (CSR): a value's rows
    are looked up, not found by a gather over every row."""

    values: list[str]
    indptr: np.ndarray  # int64, len(values) + 1
    rows: np.ndarray  # int32, every row once: the rows of value v are rows[indptr[v]:indptr[v + 1]]

    def rows_of(self, ok: np.ndarray) -> np.ndarray:
        """The rows whose value is one of those ``ok`` marks (a boolean per value)."""
        return csr_take(self.indptr, self.rows, np.flatnonzero(ok))


def name_index(key_rows: Mapping[str, list[int]]) -> NameIndex:
    """The :class:`NameIndex` of ``key → rows holding it`` (rows ascending)."""
    keys = list(key_rows)
    lengths = np.fromiter((len(key_rows[k]) for k in keys), dtype=np.int64, count=len(keys))
    rows = np.fromiter((r for k in keys for r in key_rows[k]), dtype=np.int32, count=int(lengths.sum()))
    chars = Postings.build((i, {ord(c) for c in k}) for i, k in enumerate(keys))
    grams = Postings.build((i, {(ord(a) << 21) | ord(b) for a, b in zip(k, k[1:], strict=False)})
                           for i, k in enumerate(keys))
    return NameIndex(keys, _indptr(lengths), rows, chars, grams)


def folded(texts: Sequence[str]) -> Folded:
    """The distinct values of ``texts`` (first seen first) with the rows holding each."""
    at: dict[str, int] = {}
    inverse = np.fromiter((at.setdefault(t, len(at)) for t in texts), dtype=np.int32, count=len(texts))
    rows = np.argsort(inverse, kind="stable").astype(np.int32)
    return Folded(list(at), _indptr(np.bincount(inverse, minlength=len(at)).astype(np.int64)), rows)


def derive(source_ids: Iterable[str], name_keys: Iterable[Iterable[str]], specialty: Iterable[str],
           notes: Iterable[str]) -> dict[str, Any]:
    """The filter's derived data from per-row values: compact lower-case 登録ID, name keys, folded
    specialty and notes (filters._derived computes them from the records)."""
    ids: dict[str, list[int]] = {}
    for i, sid in enumerate(source_ids):
        ids.setdefault(sid, []).append(i)
    key_rows: dict[str, list[int]] = {}
    for i, keys in enumerate(name_keys):
        for key in keys:
            key_rows.setdefault(key, []).append(i)
    return {"source_ids": ids, "names": name_index(key_rows), "specialty": folded(list(specialty)),
            "notes": folded(list(notes))}


# ----------------------------------------------------------------------------- packing
def pack(derived: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """Arrays for :func:`derive`'s data (unpacked by :func:`unpack`)."""
    ids: Mapping[str, list[int]] = derived["source_ids"]
    names: NameIndex = derived["names"]
    out: dict[str, np.ndarray] = {}
    if isinstance(ids, IdRows):  # already sorted CSR (a caught-up index's: desk.core.filter_merge)
        id_keys, out["ids_indptr"], out["ids_rows"] = ids.parts()
    else:
        id_keys = sorted(ids)  # IdRows looks them up by binary search
        id_lengths = np.fromiter((len(ids[k]) for k in id_keys), dtype=np.int64, count=len(id_keys))
        out["ids_indptr"] = _indptr(id_lengths)
        out["ids_rows"] = np.fromiter((r for k in id_keys for r in ids[k]), dtype=np.int64,
                                      count=int(id_lengths.sum()))
    for name, values in (("ids", id_keys), ("keys", names.keys), ("specialty", derived["specialty"].values),
                         ("notes", derived["notes"].values)):
        out[f"{name}_blob"], out[f"{name}_offsets"] = pack_texts(values)
    out["keys_indptr"], out["keys_rows"] = names.indptr, names.rows
    for name in ("specialty", "notes"):
        out[f"{name}_indptr"], out[f"{name}_rows"] = derived[name].indptr, derived[name].rows
    for name in _POSTINGS:
        p: Postings = getattr(names, name)
        out[f"{name}_codes"], out[f"{name}_indptr"], out[f"{name}_ids"] = p.codes, p.indptr, p.ids
    return out


class IdRows(Mapping[str, list[int]]):
    """登録ID → rows over the packed arrays (IDs in sorted order), read as filters.py's dict of lists:
    a lookup is a binary search, so loading builds no million-entry dict (1.7 s) nor small lists."""

    def __init__(self, keys: list[str], indptr: np.ndarray, rows: np.ndarray) -> None:
        self._keys, self._indptr, self._rows = keys, indptr, rows

    def parts(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(IDs sorted, indptr, rows): the CSR behind the lookup."""
        return self._keys, self._indptr, self._rows

    def _at(self, key: str) -> int:
        i = bisect_left(self._keys, key)
        return i if i < len(self._keys) and self._keys[i] == key else -1

    def __getitem__(self, key: str) -> list[int]:
        i = self._at(key)
        if i < 0:
            raise KeyError(key)
        return [int(r) for r in self._rows[int(self._indptr[i]):int(self._indptr[i + 1])]]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._at(key) >= 0

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def _indptr(lengths: np.ndarray) -> np.ndarray:
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    return indptr


def _csr_fits(indptr: np.ndarray, values: np.ndarray, groups: int, bound: int) -> bool:
    """A CSR whose ``groups`` groups cover ``values`` in order, every value in [0, bound)."""
    return (len(indptr) == groups + 1 and (not len(indptr) or int(indptr[0]) == 0)
            and bool(np.all(np.diff(indptr) >= 0)) and int(indptr[-1]) == len(values)
            and (not len(values) or 0 <= int(values.min()) <= int(values.max()) < bound))


def unpack(arrays: Mapping[str, np.ndarray], n: int) -> dict[str, Any]:
    """:func:`derive`'s data from :func:`pack`'s arrays for an index of ``n`` rows; ValueError when the
    arrays do not fit together (then the caller builds from the records instead)."""
    missing = set(NAMES) - set(arrays)
    if missing:
        raise ValueError(f"filter arrays missing: {sorted(missing)}")
    t = {name: unpack_texts(arrays[f"{name}_blob"], arrays[f"{name}_offsets"]) for name in _TEXTS}
    a = {name: np.asarray(arrays[name]) for name in NAMES if not name.endswith(("_blob", "_offsets"))}
    postings = {p: Postings(a[f"{p}_codes"], a[f"{p}_indptr"], a[f"{p}_ids"]) for p in _POSTINGS}
    nkeys = len(t["keys"])
    if not (t["ids"] == sorted(t["ids"]) and _csr_fits(a["ids_indptr"], a["ids_rows"], len(t["ids"]), n)
            and _csr_fits(a["keys_indptr"], a["keys_rows"], nkeys, n)
            and all(_csr_fits(p.indptr, p.ids, len(p.codes), nkeys) for p in postings.values())
            and all(_csr_fits(a[f"{f}_indptr"], a[f"{f}_rows"], len(t[f]), n) and len(a[f"{f}_rows"]) == n
                    for f in ("specialty", "notes"))):
        raise ValueError("filter arrays do not fit the index")
    names = NameIndex(t["keys"], a["keys_indptr"], a["keys_rows"], postings["chars"], postings["grams"])
    return {"source_ids": IdRows(t["ids"], a["ids_indptr"], a["ids_rows"]), "names": names,
            "specialty": Folded(t["specialty"], a["specialty_indptr"], a["specialty_rows"]),
            "notes": Folded(t["notes"], a["notes_indptr"], a["notes_rows"])}
