"""Building the registrants' search index (desk.core.search_registry) a chunk of rows at a time.

A million registrants read as Python strings and folded in lists took 23 s and 1.5 GB (issue 17).
:class:`IndexBuilder` takes the rows in chunks (store-id order) and keeps of each chunk only what
the index holds: per text column the chunk's UTF-8 bytes and their lengths, per key column the
key ids of each row (the distinct keys in one dict), so no chunk outlives its fold. The names and
readings a chunk brings that were not folded yet are folded as one column
(desk.core.fold_column). At the end the columns are ordered and their postings made with numpy
only:

- a text column's order (rows by text, then row) is sorted eight bytes at a time as big-endian
  words, only the rows still tied going on to the next eight (UTF-8 bytes sort as code points do);
- a text column's byte-triple postings are counted and placed a slice of rows at a time, never as
  one 64-bit key per byte of the column;
- a key column's character and character-pair postings come from the keys' UTF-32 code points.

:func:`build` (all rows as one chunk) is what desk.core.search_registry.build answers; the chunked
build gives the very same arrays (tests/core/test_search_build.py). Pure numpy: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from desk.core.filter_store import NameIndex, Postings, csr_take
from desk.core.fold_column import fold_names
from desk.core.gc_pause import without_gc
from desk.core.heap_trim import release_free_heap
from desk.core.search import phone_digits
from desk.core.search_registry import EMPTY, KeyColumn, RegistrantIndex, TextColumn
from desk.core.text import compact_column

#: Distinct (name, reading) pairs folded and remembered; past this the memory is emptied (a
#: registry of all-different names must not keep every name as a string).
_MEMO_MAX = 1 << 15
#: Bytes of a text column handled per slice when sorting and when making its postings.
_SLICE_BYTES = 1 << 20


class IndexBuilder:
    """The index of rows given a chunk at a time (:meth:`add`, store ids ascending across chunks),
    made by :meth:`finish`."""

    def __init__(self) -> None:
        self.n = 0
        self._row_ids: list[np.ndarray] = []
        self._texts = {name: _Bytes() for name in ("ids", "phones", "emails", "labels")}
        self._keys = {name: _Keys() for name in ("names", "romaji", "parts")}
        self._slots: dict[str, list[np.ndarray]] = {f"{k}{s}": [] for k in ("names", "romaji") for s in (0, 1)}
        self._part_rows: list[np.ndarray] = []
        self._part_keys: list[np.ndarray] = []
        self._folded: dict[str, tuple[str, str, tuple[str, ...]]] = {}
        self._pairs = _Pairs()

    @without_gc
    def add(self, row_ids: Sequence[int], source_ids: Sequence[str | None], names: Sequence[str | None],
            readings: Sequence[str | None], phones: Sequence[str | None], emails: Sequence[str | None]) -> None:
        """One chunk of rows (None reads as "")."""
        m = len(row_ids)
        if not m:
            return
        sources = [s or "" for s in source_ids]
        name_list = [s or "" for s in names]
        self._row_ids.append(np.asarray(row_ids, dtype=np.int64))
        self._texts["ids"].add([s.lower() for s in compact_column(sources)])
        self._texts["phones"].add(_phone_keys(phones))
        self._texts["emails"].add([e.strip().lower() if e else "" for e in emails])
        self._texts["labels"].add([name or sid for name, sid in zip(name_list, sources, strict=True)])
        pairs = self._pairs
        if pairs.n >= _MEMO_MAX or len(self._folded) >= _MEMO_MAX:
            self._pairs = pairs = _Pairs()
            self._folded.clear()
        reading_list = [r or "" for r in readings]
        memo, none = pairs.memo, _NO_READINGS
        pair_ids = [(memo.get(n) or none).get(r, -1) for n, r in zip(name_list, reading_list, strict=True)]
        missing = [i for i, p in enumerate(pair_ids) if p < 0]
        if missing:
            new = list(dict.fromkeys((name_list[i], reading_list[i]) for i in missing))
            self._fold_new(new)
            for pair in new:
                pairs.add(pair, self._fold_pair(pair))
            for i in missing:
                pair_ids[i] = memo[name_list[i]][reading_list[i]]
        at = np.asarray(pair_ids, dtype=np.int64)
        table = pairs.table()
        for k, name in enumerate(("names0", "names1", "romaji0", "romaji1")):
            self._slots[name].append(table[at, k])
        part_keys = csr_take(pairs.part_indptr(), pairs.part_array(), at)
        counts = np.diff(pairs.part_indptr())[at]
        if len(part_keys):
            self._part_rows.append(np.repeat(np.arange(self.n, self.n + m, dtype=np.int32), counts))
            self._part_keys.append(part_keys.astype(np.int32))
        self.n += m

    def _fold_pair(self, pair: tuple[str, str]) -> tuple[int, int, int, int, tuple[int, ...]]:
        """A row's key ids from its name and reading, folded as desk.core.search.make_entry folds them
        (each list without repeats, the name's first): first and second name key, first and second
        romaji, the name parts; -1 for none."""
        name, reading = pair
        a = self._folded[name] if name else _NOTHING
        b = self._folded[reading] if reading else _NOTHING
        n0, n1 = _two(a[0], b[0], self._keys["names"])
        r0, r1 = _two(a[1], b[1], self._keys["romaji"])
        pieces = a[2] + b[2]
        if len(pieces) > 1 and len(set(pieces)) < len(pieces):
            pieces = tuple(dict.fromkeys(pieces))
        parts = self._keys["parts"]
        return n0, n1, r0, r1, tuple(map(parts.id, pieces))

    def _fold_new(self, pairs: Iterable[tuple[str, str]]) -> None:
        """The names and readings of ``pairs`` not folded yet, folded as one column."""
        folded = self._folded
        texts = [t for t in dict.fromkeys(t for pair in pairs for t in pair if t) if t not in folded]
        folded.update(zip(texts, fold_names(texts), strict=True))

    def finish(self) -> RegistrantIndex:
        """The index of every row added (the builder is spent)."""
        n = self.n
        self._pairs = _Pairs()
        self._folded.clear()
        release_free_heap()  # between the columns: what each step freed is not left resident under the next
        columns: dict[str, KeyColumn] = {}  # the key columns first: they leave less behind than the texts
        for name in ("names", "romaji"):
            keys, new_id = self._keys[name].sorted()
            slots = [_remap(new_id, self._slots.pop(f"{name}{s}")) for s in (0, 1)]
            columns[name] = KeyColumn(_name_index(keys, slots), slots[0], slots[1])
            release_free_heap()
        keys, new_id = self._keys["parts"].sorted()
        owners = _concat(self._part_rows, np.int32)
        codes = new_id[_concat(self._part_keys, np.int32)].astype(np.int64)
        self._part_rows, self._part_keys = [], []
        order = np.lexsort((owners, codes))
        none = np.full(n, -1, dtype=np.int32)
        columns["parts"] = KeyColumn(NameIndex(keys, _indptr(codes, len(keys)), owners[order], EMPTY, EMPTY),
                                     none, none)
        release_free_heap()
        joined = {name: b.joined() for name, b in self._texts.items()}
        self._texts.clear()
        orders = {}  # every order first (their sorts leave most behind), then the postings (the most held)
        for name, (blob, offsets) in joined.items():
            orders[name] = byte_order(blob, offsets)
            release_free_heap()
        grams = {}
        for name in ("emails", "phones", "ids"):  # the most pairs first, while the least is held
            grams[name] = trigrams(*joined[name])
            release_free_heap()
        texts = {name: TextColumn(blob, offsets, orders[name], grams.get(name, EMPTY))
                 for name, (blob, offsets) in joined.items()}
        rank = np.empty(n, dtype=np.int32)
        rank[texts["labels"].order] = np.arange(n, dtype=np.int32)  # rows in id order: (label, row) is (label, id)
        return RegistrantIndex(row_ids=_concat(self._row_ids, np.int64), label_rank=rank, ids=texts["ids"],
                               phones=texts["phones"], emails=texts["emails"], names=columns["names"],
                               romaji=columns["romaji"], parts=columns["parts"], labels=texts["labels"])


_NOTHING: tuple[str, str, tuple[str, ...]] = ("", "", ())
_NO_READINGS: dict[str, int] = {}


class _Pairs:
    """The (name, reading) pairs seen, numbered: name → reading → number (texts hash once, a tuple
    per row every time), and per number its key ids as a table and its parts as a CSR, so a chunk's
    rows take theirs by one numpy gather."""

    def __init__(self) -> None:
        self.memo: dict[str, dict[str, int]] = {}
        self.n = 0
        self._rows: list[tuple[int, int, int, int]] = []
        self._parts: list[int] = []
        self._part_ends: list[int] = [0]
        self._cache: tuple[int, np.ndarray, np.ndarray, np.ndarray] | None = None

    def add(self, pair: tuple[str, str], ids: tuple[int, int, int, int, tuple[int, ...]]) -> None:
        self.memo.setdefault(pair[0], {})[pair[1]] = self.n
        self.n += 1
        self._rows.append(ids[:4])
        self._parts.extend(ids[4])
        self._part_ends.append(len(self._parts))

    def _arrays(self) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
        if self._cache is None or self._cache[0] != self.n:
            table = np.array(self._rows, dtype=np.int32).reshape(-1, 4)
            self._cache = (self.n, table, np.array(self._part_ends, dtype=np.int64),
                           np.array(self._parts, dtype=np.int32))
        return self._cache

    def table(self) -> np.ndarray:
        """Per pair number: first and second name key, first and second romaji (-1 none)."""
        return self._arrays()[1]

    def part_indptr(self) -> np.ndarray:
        return self._arrays()[2]

    def part_array(self) -> np.ndarray:
        return self._arrays()[3]


def _two(a: str, b: str, keys: _Keys) -> tuple[int, int]:
    """The ids of keys ``a`` and ``b`` in that order, empty ones and a repeat left out (-1)."""
    if not a:
        return (keys.id(b), -1) if b else (-1, -1)
    return keys.id(a), (keys.id(b) if b and b != a else -1)


def build(row_ids: Sequence[int], source_ids: Sequence[str], names: Sequence[str], readings: Sequence[str],
          phones: Sequence[str], emails: Sequence[str]) -> RegistrantIndex:
    """The index of these registrants (store ids ascending), built as one chunk."""
    builder = IndexBuilder()
    builder.add(row_ids, source_ids, names, readings, phones, emails)
    return builder.finish()


def _concat(arrays: list[np.ndarray], dtype: Any) -> np.ndarray:
    return np.concatenate(arrays).astype(dtype, copy=False) if arrays else np.zeros(0, dtype=dtype)


def _remap(new_id: np.ndarray, chunks: list[np.ndarray]) -> np.ndarray:
    slot = _concat(chunks, np.int32)
    return np.where(slot >= 0, new_id[slot.clip(min=0)] if len(new_id) else -1, -1).astype(np.int32)


def _indptr(codes: np.ndarray, groups: int) -> np.ndarray:
    indptr = np.zeros(groups + 1, dtype=np.int64)
    np.cumsum(np.bincount(codes, minlength=groups), out=indptr[1:])
    return indptr


_NOT_DIGITS = {c: None for c in range(128) if not chr(c).isdigit()}
_NOT_DIGITS_BUT_NUL = {c: None for c in range(1, 128) if not chr(c).isdigit()}


def _phone_keys(phones: Sequence[str | None]) -> list[str]:
    """:func:`_phone_key` of each: the digits of the whole chunk in one ``translate``; a number
    whose digits start with 81 (+81 …) or that holds other than ASCII goes the long way."""
    texts = [p or "" for p in phones]
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:
        return [_phone_key(p) for p in texts]
    return [(d if len(d) >= 4 else "") if d.isascii() and not d.startswith("81") else _phone_key(t)
            for d, t in zip(joined.translate(_NOT_DIGITS_BUT_NUL).split("\x00"), texts, strict=True)]


def _phone_key(phone: str | None) -> str:
    """``phone_digits`` when it has four digits or more, else "" (a plain ASCII number without
    ``clean``'s Unicode folding: a million phones in a second)."""
    if not phone:
        return ""
    if phone.isascii():
        text = phone.strip()
        digits = text.translate(_NOT_DIGITS)
        if text.startswith("+81") or (digits.startswith("81") and len(digits) in (11, 12)):
            digits = "0" + digits[2:]
    else:
        digits = phone_digits(phone)
    return digits if len(digits) >= 4 else ""


# ----------------------------------------------------------------------------- distinct keys
class _Keys:
    """Distinct keys numbered as first seen; :meth:`sorted` numbers them in code-point order."""

    def __init__(self) -> None:
        self._at: dict[str, int] = {}

    def id(self, key: str) -> int:
        at = self._at
        got = at.get(key)
        if got is None:
            got = at[key] = len(at)
        return got

    def sorted(self) -> tuple[list[str], np.ndarray]:
        """The keys sorted, and per first-seen number its place among them."""
        keys = list(self._at)
        self._at = {}
        order = sorted(range(len(keys)), key=keys.__getitem__)
        new_id = np.empty(len(keys), dtype=np.int32)
        new_id[np.asarray(order, dtype=np.int64)] = np.arange(len(keys), dtype=np.int32)
        return [keys[i] for i in order], new_id


def _name_index(keys: list[str], slots: Sequence[np.ndarray]) -> NameIndex:
    """The rows of each key (ascending) and the keys' character and character-pair postings."""
    rows = np.arange(len(slots[0]), dtype=np.int32)
    have = [s >= 0 for s in slots]
    codes = np.concatenate([s[h] for s, h in zip(slots, have, strict=True)]).astype(np.int64)
    owners = np.concatenate([rows[h] for h in have])
    order = np.lexsort((owners, codes))  # by key, rows ascending within it
    chars, pairs = key_postings(keys)
    return NameIndex(keys, _indptr(codes, len(keys)), owners[order].astype(np.int32), chars, pairs)


def key_postings(keys: Sequence[str]) -> tuple[Postings, Postings]:
    """Which keys hold each character and each pair of adjacent characters (``ord(a) << 21 | ord(b)``),
    as ``Postings.build`` makes them, from the keys' code points in one array."""
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    points = np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    owner = np.repeat(np.arange(len(keys), dtype=np.int64), lengths)
    starts = np.cumsum(lengths) - lengths
    follows = np.ones(len(points), dtype=bool)  # a point followed by another of the same key
    follows[(starts + lengths - 1)[lengths > 0]] = False
    follows = follows[:-1] if len(points) else follows
    pair_codes = (points[:-1] << 21 | points[1:])[follows] if len(points) else points
    return _distinct(points, owner), _distinct(pair_codes, owner[:-1][follows] if len(points) else owner)


def _distinct(codes: np.ndarray, owner: np.ndarray) -> Postings:
    order = np.lexsort((owner, codes))
    codes, owner = codes[order], owner[order]
    keep = np.r_[True, (codes[1:] != codes[:-1]) | (owner[1:] != owner[:-1])] if len(codes) else codes.astype(bool)
    codes, owner = codes[keep], owner[keep]
    first = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.zeros(0, dtype=np.int64)
    return Postings(codes[first].astype(np.int64), np.append(first, len(codes)).astype(np.int64),
                    owner.astype(np.int32))


# ----------------------------------------------------------------------------- text columns
class _Bytes:
    """A text column's chunks as UTF-8 (texts joined by NUL) and each text's length in bytes."""

    def __init__(self) -> None:
        self.blobs: list[bytes] = []
        self.lengths: list[np.ndarray] = []

    def add(self, texts: Sequence[str]) -> None:
        joined = "\x00".join(texts)
        blob = joined.encode("utf-8")
        if len(blob) == len(joined):
            lengths = np.fromiter(map(len, texts), dtype=np.int32, count=len(texts))
        elif joined.count("\x00") == len(texts) - 1:  # no NUL inside a text: the separators say where
            ends = np.append(np.flatnonzero(np.frombuffer(blob, dtype=np.uint8) == 0), len(blob))
            lengths = (np.diff(ends, prepend=-1) - 1).astype(np.int32)
        else:
            lengths = np.fromiter((len(t.encode("utf-8")) for t in texts), dtype=np.int32, count=len(texts))
        self.blobs.append(blob)
        self.lengths.append(lengths)

    def joined(self) -> tuple[bytes, np.ndarray]:
        """Every text joined by NUL, and where each starts (n + 1: the last is the blob's length + 1)."""
        blob = b"\x00".join(self.blobs)
        lengths = _concat(self.lengths, np.int32)
        self.blobs, self.lengths = [], []
        offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, dtype=np.int64, out=offsets[1:])
        offsets[1:] += np.arange(1, len(lengths) + 1)  # and the NUL after each
        return blob, offsets


def text_column_of(texts: Sequence[str], *, grams: bool = True) -> TextColumn:
    """The :class:`TextColumn` of these texts."""
    b = _Bytes()
    b.add(texts)
    blob, offsets = b.joined()
    return TextColumn(blob, offsets, byte_order(blob, offsets), trigrams(blob, offsets) if grams else EMPTY)


def byte_order(blob: bytes, offsets: np.ndarray) -> np.ndarray:
    """The rows sorted by their bytes, then by row (``sorted(range(n), key=texts.__getitem__)``):
    seven bytes at a time as one number with how many bytes are left (a text that ends first comes
    first), only the rows still tied with another going on to the next seven. Tied rows stay in row
    order from one round to the next, so a stable sort needs no row key."""
    n = len(offsets) - 1
    b = np.frombuffer(blob, dtype=np.uint8)
    if n < 2 or not len(b):
        return np.arange(n, dtype=np.int32)
    padded = np.concatenate((b, np.zeros(8, dtype=np.uint8)))
    starts, lengths = offsets[:-1], np.diff(offsets) - 1
    key = _key7(padded, starts, lengths)
    order = np.argsort(key, kind="stable")
    key = key[order]
    new = np.r_[True, key[1:] != key[:-1]]
    active = np.arange(n, dtype=np.int64)  # places in ``order`` still to sort, ascending
    at = 0
    while True:
        gid = np.cumsum(new) - 1  # tied groups, ascending with their places
        tied = ((key & 0xFF) == 8) & (np.bincount(gid)[gid] > 1)
        if not tied.any():
            break
        active, group = active[tied], gid[tied]
        at += 7
        rows = order[active]
        key = _key7(padded, starts[rows] + at, lengths[rows] - at)
        by = np.lexsort((key, group))
        order[active] = rows[by]
        key, group = key[by], group[by]
        new = np.r_[True, (group[1:] != group[:-1]) | (key[1:] != key[:-1])]
    return order.astype(np.int32)


def _key7(padded: np.ndarray, starts: np.ndarray, left: np.ndarray) -> np.ndarray:
    """Per text: its seven bytes from ``starts`` (zeros past its end) and, in the lowest byte, how
    many bytes it has from there (0 … 8, eight meaning more than seven), as one big-endian number."""
    left = left.clip(0, 8)
    out = np.empty(len(starts), dtype=np.uint64)
    windows = np.lib.stride_tricks.sliding_window_view(padded, 8)
    lanes = np.arange(8, dtype=np.int64)
    step = 1 << 17
    for lo in range(0, len(starts), step):
        got = windows[starts[lo:lo + step]] * (lanes < left[lo:lo + step, None])
        got[:, 7] = left[lo:lo + step]
        out[lo:lo + step] = got.view(">u8").ravel()
    return out


def trigrams(blob: bytes, offsets: np.ndarray) -> Postings:
    """Each run of three bytes inside a row's text → the rows holding it (ascending, once each).

    A slice of rows at a time: its (triple, row) pairs sorted and made distinct, kept as the rows in
    triple order with each triple's count; then every slice's rows are placed at once. Eight bytes
    per pair at the peak, where one 64-bit key per byte of the whole column, sorted, took three
    times that (the index build makes the e-mails' postings first, while the least is held)."""
    b = np.frombuffer(blob, dtype=np.uint8)
    n = len(offsets) - 1
    cuts = np.searchsorted(offsets, np.arange(_SLICE_BYTES, len(b), _SLICE_BYTES)).clip(0, n)
    bounds = np.unique(np.r_[0, cuts, n]).tolist()  # slices of rows of about _SLICE_BYTES bytes each
    sliced = [_slice_triples(b, offsets, lo, hi) for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]
    if not any(len(triples) for triples, _count, _rows in sliced):
        return EMPTY
    codes = np.unique(np.concatenate([triples for triples, _count, _rows in sliced]))
    counts = np.zeros(len(codes), dtype=np.int64)
    places = []
    for triples, count, _rows in sliced:
        places.append(np.searchsorted(codes, triples))
        counts[places[-1]] += count
    indptr = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    del counts
    ids = np.empty(int(indptr[-1]), dtype=np.int32)
    cursor = indptr[:-1].copy()
    for k, at in enumerate(places):
        _triples, count, rows = sliced[k]
        sliced[k] = (_triples[:0], count[:0], rows[:0])  # let the slice go as it is placed
        first = np.cumsum(count) - count  # where each triple's rows begin in this slice
        ids[np.repeat(cursor[at] - first, count) + np.arange(len(rows), dtype=np.int64)] = rows
        cursor[at] += count
    return Postings(codes.astype(np.int64), indptr, ids)


def _slice_triples(b: np.ndarray, offsets: np.ndarray, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows ``lo`` … ``hi - 1``: their distinct triples (ascending), how many rows hold each, and
    those rows (by triple, then row)."""
    seg = b[int(offsets[lo]): int(offsets[hi]) - 1]
    none = np.zeros(0, dtype=np.uint32)
    if len(seg) < 3:
        return none, none.astype(np.int64), none.astype(np.int32)
    key = seg[:-2].astype(np.uint64)
    for nxt in (seg[1:-1], seg[2:]):
        key <<= np.uint64(8)
        key |= nxt
    key <<= np.uint64(32)
    key |= np.repeat(np.arange(lo, hi, dtype=np.uint32), np.diff(offsets[lo:hi + 1]))[: len(key)]
    key = key[(seg[:-2] != 0) & (seg[1:-1] != 0) & (seg[2:] != 0)]  # not across the rows' separator
    if not len(key):
        return none, none.astype(np.int64), none.astype(np.int32)
    key.sort()
    key = key[np.r_[True, key[1:] != key[:-1]]]
    halves = key.view(np.uint32)  # (low, high) per key on a little-endian machine
    low, high = (halves[0::2], halves[1::2]) if np.little_endian else (halves[1::2], halves[0::2])
    starts = np.flatnonzero(np.r_[True, high[1:] != high[:-1]])
    return high[starts].copy(), np.diff(np.append(starts, len(key))), low.astype(np.int32)
