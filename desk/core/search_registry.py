"""The global search over a million registrants: folded keys as columns, looked up instead of scanned.

desk.core.search matches one :class:`~desk.core.search.Entry` at a time: fine for the postings and
placements (thousands), seconds per query and gigabytes of entries at a million registrants. Here
the same keys (the same folding: ``make_entry``'s) are kept per row as arrays:

- 登録ID, phone digits and e-mail as :class:`TextColumn`: the row texts in one UTF-8 blob (a
  substring is one ``bytes.split`` at C speed) and the rows in text order (equality and a prefix
  are a binary search);
- name keys and their romaji as distinct sorted keys with the rows holding each and a character /
  character-pair index (desk.core.filter_store.NameIndex, as the filter keeps them): a part of a
  name is looked up by its pairs, a prefix is a range of keys, a typo is tested once per distinct
  key the pairs allow;
- the label's order (name, then 登録ID) as one rank per row, so the hits are ordered without
  reading their labels.

:func:`find` answers a query exactly as ``desk.core.search.search`` answers it over the registrant
entries (same hits, same exact / close grouping and field, same order, same count; the randomized
test tests/core/test_search_registry.py holds the two equal). Pure numpy: no Qt, no database.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from desk.core.filter_store import NameIndex, Postings, pack_texts, unpack_texts
from desk.core.filters import _holding, _pieces
from desk.core.search import Query, typos_allowed
from desk.core.sorted_ids import among

#: The fields a hit names (desk.core.search.Hit.field), by code.
FIELDS = ("name", "id", "phone", "email")
_NAME, _ID, _PHONE, _EMAIL = range(4)
_SEP = b"\x00"


# ----------------------------------------------------------------------------- one text per row
@dataclass(frozen=True)
class TextColumn:
    """One text per row ("" for none) as UTF-8: row ``i`` is ``blob[offsets[i]:offsets[i + 1] - 1]``
    (rows joined by NUL); ``order`` lists the rows by text (then row). UTF-8 bytes sort as the code
    points do and a valid UTF-8 text is found in another only at a character boundary, so bytes
    answer what the strings would."""

    blob: bytes
    offsets: np.ndarray  # int64, n + 1
    order: np.ndarray  # int32, n
    grams: Postings  # three consecutive bytes (b0 << 16 | b1 << 8 | b2) → the rows holding them

    @classmethod
    def build(cls, texts: Sequence[str], *, grams: bool = True) -> TextColumn:
        from desk.core.search_build import text_column_of

        return text_column_of(texts, grams=grams)

    @property
    def n(self) -> int:
        return len(self.order)

    def text(self, row: int) -> str:
        return self.blob[int(self.offsets[row]): int(self.offsets[row + 1]) - 1].decode("utf-8")

    def _sorted(self, i: int, width: int | None = None) -> bytes:
        r = int(self.order[i])
        start, end = int(self.offsets[r]), int(self.offsets[r + 1]) - 1
        return self.blob[start: end if width is None else min(end, start + width)]

    def _range(self, key: bytes, prefix: bool) -> tuple[int, int]:
        width = len(key) if prefix else None
        lo, hi = 0, self.n
        while lo < hi:  # first text >= key
            mid = (lo + hi) // 2
            if self._sorted(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        start, hi = lo, self.n
        while lo < hi:  # first text after the key (or after every text starting with it)
            mid = (lo + hi) // 2
            if self._sorted(mid, width) <= key:
                lo = mid + 1
            else:
                hi = mid
        return start, lo

    def equal(self, key: str) -> np.ndarray:
        """Rows whose text is ``key`` (not empty), ascending."""
        a, b = self._range(key.encode("utf-8"), False)
        return np.sort(self.order[a:b]) if key else self.order[:0]

    def prefix(self, key: str) -> np.ndarray:
        """Rows whose text starts with ``key`` (not empty), ascending."""
        a, b = self._range(key.encode("utf-8"), True)
        return np.sort(self.order[a:b]) if key else self.order[:0]

    def contains(self, key: str) -> np.ndarray:
        """Rows whose text holds ``key`` (not empty), ascending and distinct."""
        q = key.encode("utf-8")
        if not q:
            return self.order[:0]
        if _SEP in q:  # a NUL typed: row by row (the join's separator would be found)
            return np.array([r for r in range(self.n) if q in self.blob[int(self.offsets[r]):
                                                                        int(self.offsets[r + 1]) - 1]], dtype=np.int32)
        if len(q) >= 3:
            found = self._by_grams(q)
            if found is not None:
                return found
        return self._scan(q)

    def _scan(self, q: bytes) -> np.ndarray:
        """The rows holding ``q`` (no NUL in it) by one pass over the blob: the places of its rarest
        byte, kept while each other byte of ``q`` sits where it should (no object per match: an
        "@example" held by all of a million e-mails takes tens of milliseconds, not a second)."""
        b = np.frombuffer(self.blob, dtype=np.uint8)
        if len(q) > len(b):
            return self.order[:0]
        counts = self._byte_counts
        at = min(range(len(q)), key=lambda j: int(counts[q[j]]))
        starts = np.flatnonzero(b[at: len(b) - len(q) + 1 + at] == q[at])
        for k in sorted(range(len(q)), key=lambda j: int(counts[q[j]])):
            if k != at and len(starts):
                starts = starts[b[starts + k] == q[k]]
        if not len(starts):
            return self.order[:0]
        rows = np.searchsorted(self.offsets, starts, side="right") - 1
        # the starts ascend, so their rows do: a row holding q twice is its own neighbour
        return rows[np.concatenate(([True], rows[1:] != rows[:-1]))].astype(np.int32)

    @cached_property
    def _byte_counts(self) -> np.ndarray:
        """How often each byte value occurs in the blob (the scan starts from the rarest of a query's)."""
        return np.bincount(np.frombuffer(self.blob, dtype=np.uint8), minlength=256)

    def _by_grams(self, q: bytes) -> np.ndarray | None:
        """The rows holding ``q`` (three bytes or more) from the rows holding each of its byte triples,
        the rarest first; None when even the rarest is common (then one scan of the blob is cheaper)."""
        codes = {(q[i] << 16) | (q[i + 1] << 8) | q[i + 2] for i in range(len(q) - 2)}
        lists = sorted((self.grams.of(c) for c in codes), key=len)
        out = lists[0]
        if len(out) > _SCAN_OVER:
            return None
        for other in lists[1:]:
            if not len(out):
                break
            out = out[among(out, other)]
        if len(q) == 3 or not len(out):
            return out
        if len(out) > _VERIFY_OVER or len(out) * _VERIFY_COST > len(self.blob):
            return None
        blob, offsets = self.blob, self.offsets
        keep = [r for r in out.tolist() if q in blob[int(offsets[r]): int(offsets[r + 1]) - 1]]
        return np.array(keep, dtype=np.int32)

    def ends_with(self, rows: np.ndarray, key: str, slack: int) -> np.ndarray:
        """For each of ``rows``: its text ends with ``key`` and is at most ``slack`` characters longer."""
        return np.array([(t := self.text(int(r))).endswith(key) and len(t) - len(key) <= slack for r in rows],
                        dtype=bool)


#: Past this many rows holding the rarest triple (or left to check), one scan of the blob is cheaper.
_SCAN_OVER = 200_000
_VERIFY_OVER = 20_000
#: Checking a candidate row costs about what scanning this many bytes of the blob costs.
_VERIFY_COST = 400


# ----------------------------------------------------------------------------- keys shared by many rows
@dataclass(frozen=True)
class KeyColumn:
    """Up to two keys per row (a name and its reading) among the distinct keys, sorted (code point
    order): ``index`` holds each key's rows and its character / pair postings; ``slot0``/``slot1``
    are each row's first and second key (-1 none), in the entry's order."""

    index: NameIndex
    slot0: np.ndarray  # int32
    slot1: np.ndarray  # int32

    def key_range(self, q: str, prefix: bool) -> tuple[int, int]:
        keys = self.index.keys
        lo = bisect_left(keys, q)
        hi = bisect_right(keys, q, lo=lo, key=(lambda k: k[:len(q)]) if prefix else None)
        return lo, hi

    def rows_in(self, lo: int, hi: int) -> np.ndarray:
        """Rows holding a key of ids ``lo`` … ``hi - 1`` (possibly twice)."""
        return self.index.rows[int(self.index.indptr[lo]):int(self.index.indptr[hi])]

    def holding(self, q: str) -> np.ndarray:
        """Ids of the keys holding ``q`` (ascending)."""
        names = self.index
        if len(q) <= 2:
            return names.chars.get(q) if len(q) == 1 else names.grams.get(q)
        cand = _holding(names, q)
        ok = np.fromiter((q in names.keys[k] for k in cand.tolist()), dtype=bool, count=len(cand))
        found: np.ndarray = cand[ok]
        return found


EMPTY = Postings(np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int32))


# ----------------------------------------------------------------------------- the index
@dataclass(frozen=True)
class RegistrantIndex:
    """The registrants' search keys, one row per registrant in store-id order (the entries' order)."""

    row_ids: np.ndarray  # int64, ascending store ids
    label_rank: np.ndarray  # int32: the row's place when sorted by (label, id)
    ids: TextColumn  # compact lower-case 登録ID
    phones: TextColumn  # digits ("" under four)
    emails: TextColumn  # lower case, stripped
    names: KeyColumn  # kana keys of name and reading
    romaji: KeyColumn  # their loose romaji
    parts: KeyColumn  # kana keys of the surname and given name (names written with a space); slots unused
    labels: TextColumn  # what a hit shows first (name, else 登録ID): the order across parts

    @property
    def n(self) -> int:
        return len(self.row_ids)


def build(row_ids: Sequence[int], source_ids: Sequence[str], names: Sequence[str], readings: Sequence[str],
          phones: Sequence[str], emails: Sequence[str]) -> RegistrantIndex:
    """The index of these registrants (store ids ascending), folded as desk.core.search.make_entry
    folds an entry (desk.core.search_build; a chunk at a time: its IndexBuilder)."""
    from desk.core.search_build import build as build_index

    return build_index(row_ids, source_ids, names, readings, phones, emails)


# ----------------------------------------------------------------------------- answering
@dataclass(frozen=True)
class Found:
    """What :func:`find` answers: the store ids shown (best first) with (exact, field, rank), and how
    many registrants answered in all (before the limit)."""

    ids: tuple[int, ...]
    hits: tuple[tuple[bool, str, int], ...]
    count: int


@dataclass(frozen=True)
class Part:
    """An index and the rows of it that no longer count (``dead``: replaced by a newer part that
    holds the same registrants as they are now). A registry is one part, or a base kept on disk and
    the registrants changed since (desk.services.search)."""

    index: RegistrantIndex
    dead: np.ndarray | None = None  # bool per row


def _code(exact: bool, rank: int, field: int) -> int:
    """A hit's sort tier and field in one number: ordered as (not exact, rank)."""
    return ((0 if exact else 100) + rank) * 8 + field


def _conditions(ix: RegistrantIndex, q: Query) -> list[tuple[np.ndarray, np.ndarray | int]]:
    """The rows answering each of desk.core.search.match's tests, in its order, with the hit code."""
    key = q.key
    if q.kind == "phone":
        by_id = ix.ids.contains(key)
        exact_id = ix.ids.ends_with(by_id, key, 1)
        return [(ix.phones.equal(key), _code(True, 0, _PHONE)), (ix.phones.contains(key), _code(False, 1, _PHONE)),
                (by_id, np.where(exact_id, _code(True, 2, _ID), _code(False, 2, _ID)))]
    if q.kind == "email":
        return [(ix.emails.equal(key), _code(True, 0, _EMAIL)), (ix.emails.contains(key), _code(False, 1, _EMAIL))]
    if q.kind == "id":
        out: list[tuple[np.ndarray, np.ndarray | int]] = [
            (ix.ids.equal(key), _code(True, 0, _ID)), (ix.ids.prefix(key), _code(False, 1, _ID)),
            (ix.ids.contains(key), _code(False, 2, _ID))]
        if key.isdigit():
            out.append((ix.phones.contains(key), _code(False, 3, _PHONE)))
        out.append((ix.emails.contains(key), _code(False, 4, _EMAIL)))
        return out
    names = ix.names
    lo, hi = names.key_range(key, False)
    plo, phi = names.key_range(key, True)
    part_lo, part_hi = ix.parts.key_range(key, False)
    out = [(names.rows_in(lo, hi), _code(True, 0, _NAME)), (ix.ids.equal(key), _code(True, 0, _ID)),
           (ix.parts.rows_in(part_lo, part_hi), _code(True, 1, _NAME)),
           (names.rows_in(plo, phi), _code(False, 1, _NAME)),
           (names.index.rows_of(names.holding(key)), _code(False, 2, _NAME))]
    if q.romaji and len(q.romaji) >= 3:
        romaji = ix.romaji
        rlo, rhi = romaji.key_range(q.romaji, True)
        elo, ehi = romaji.key_range(q.romaji, False)
        rows = romaji.rows_in(rlo, rhi)
        first = romaji.slot0[rows]  # the entry's first romaji starting with the query decides
        deciding = np.where((first >= rlo) & (first < rhi), first, romaji.slot1[rows])
        out.append((rows, np.where((deciding >= elo) & (deciding < ehi), _code(True, 0, _NAME),
                                   _code(False, 3, _NAME))))
    if len(key) >= 3:
        out.append((ix.emails.contains(key), _code(False, 6, _EMAIL)))
    return out


def _codes(part: Part, q: Query) -> np.ndarray:
    """Per row of the part: the code of its hit (the first of match's tests it passes), -1 none."""
    ix = part.index
    code = np.full(ix.n, -1, dtype=np.int16)
    for rows, c in _conditions(ix, q):
        if not len(rows):
            continue
        free = code[rows] < 0
        code[rows[free]] = c if isinstance(c, int) else np.asarray(c)[free]
    if part.dead is not None:
        code[part.dead] = -1
    return code


def find(ix: RegistrantIndex | Sequence[Part], q: Query, limit: int = 20) -> Found:
    """The registrants answering ``q`` as desk.core.search.search answers them: at most ``limit``,
    exact first, then by rank, label and id; a name query with fewer than ``limit`` hits adds the
    names a typo or two away. ``ix`` is one index or the parts of one registry."""
    parts = [Part(ix)] if isinstance(ix, RegistrantIndex) else [p for p in ix if p.index.n]
    if not q or not parts:
        return Found((), (), 0)
    codes = [_codes(p, q) for p in parts]
    count = sum(int(np.count_nonzero(c >= 0)) for c in codes)
    shown: list[tuple[int, str, int, int]] = []  # (tier, label, id, code)
    for part, code in zip(parts, codes, strict=True):
        ix = part.index
        rows = np.flatnonzero(code >= 0)
        order_key = (code[rows].astype(np.int64) >> 3) * ix.n + ix.label_rank[rows]
        if len(rows) > limit:  # the part's best by (tier, label, id): the label order is the rank's
            rows = rows[np.argpartition(order_key, limit - 1)[:limit]]
        shown += [(int(code[r]) >> 3, ix.labels.text(r), int(ix.row_ids[r]), int(code[r])) for r in rows.tolist()]
    if q.kind == "text" and count < limit:
        seen = [c >= 0 if p.dead is None else (c >= 0) | p.dead for p, c in zip(parts, codes, strict=True)]
        for k, r, d in _typo_rows(parts, seen, q, limit - count):
            ix = parts[k].index
            shown.append((110 + d, ix.labels.text(r), int(ix.row_ids[r]), _code(False, 10 + d, _NAME)))
            count += 1
    shown.sort()
    shown = shown[:limit]
    return Found(tuple(i for _t, _l, i, _c in shown),
                 tuple(((c >> 3) < 100, FIELDS[c & 7], (c >> 3) % 100) for _t, _l, _i, c in shown), count)


def _near(column: KeyColumn, query: str, edits: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, edits, slot) of the keys whose start (``len(query) + edits`` characters) is within
    ``edits`` of ``query``: candidates from the pairs of ``edits + 1`` pieces (one of them is intact)."""
    keys = column.index.keys
    cand = np.zeros(0, dtype=np.int32)
    for piece in _pieces(query, edits + 1):
        cand = np.union1d(cand, _holding(column.index, piece))
    none = np.zeros(0, dtype=np.int64)
    if not len(cand):
        return none, none, none
    width = len(query) + edits
    dist = process.cdist([query], [keys[k][:width] for k in cand.tolist()], scorer=Levenshtein.distance,
                         score_cutoff=edits, dtype=np.int32)[0]
    near = dist <= edits
    good, good_dist = cand[near].astype(np.int64), dist[near].astype(np.int64)
    lengths = column.index.indptr[good + 1] - column.index.indptr[good]
    rows = column.index.rows_of(good).astype(np.int64)
    key_of = np.repeat(good, lengths)
    return rows, np.repeat(good_dist, lengths), (column.slot0[rows] != key_of).astype(np.int64)


def _typo_rows(parts: Sequence[Part], seen: list[np.ndarray], q: Query, limit: int) -> list[tuple[int, int, int]]:
    """desk.core.search._typo_hits over the parts: (part, row, edits) of the names within a typo or
    two, taken in the order rapidfuzz's extract gives them there (distance, then the entry (by id)
    and its key order), at most ``limit * 3`` looked at per pass."""
    out: list[tuple[int, int, int]] = []
    for query, attr in ((q.key, "names"), (q.romaji if q.romaji.isascii() else "", "romaji")):
        edits = typos_allowed(len(query))
        if not edits or len(out) >= limit:
            continue
        found = []
        for k, part in enumerate(parts):
            rows, dist, slot = _near(getattr(part.index, attr), query, edits)
            free = ~seen[k][rows]
            rows, dist, slot = rows[free], dist[free], slot[free]
            found.append((np.full(len(rows), k, dtype=np.int64), rows, dist, slot, part.index.row_ids[rows]))
        which, rows, dist, slot, ids = (np.concatenate(c) for c in zip(*found, strict=True))
        pick = np.lexsort((slot, ids, dist))[: limit * 3]
        for k, r, d in zip(which[pick].tolist(), rows[pick].tolist(), dist[pick].tolist(), strict=True):
            if not seen[k][r] and len(out) < limit:
                seen[k][r] = True
                out.append((k, r, d))
    return out


# ----------------------------------------------------------------------------- saving
def pack(ix: RegistrantIndex) -> dict[str, np.ndarray]:
    """Arrays for the local cache (no pickles: texts as UTF-8 blobs with offsets)."""
    out: dict[str, np.ndarray] = {"row_ids": ix.row_ids, "label_rank": ix.label_rank}
    for name in ("ids", "phones", "emails", "labels"):
        col: TextColumn = getattr(ix, name)
        out[f"{name}_blob"] = np.frombuffer(col.blob, dtype=np.uint8)
        out[f"{name}_offsets"], out[f"{name}_order"] = col.offsets, col.order
        out[f"{name}_gram_codes"], out[f"{name}_gram_indptr"], out[f"{name}_gram_ids"] = (
            col.grams.codes, col.grams.indptr, col.grams.ids)
    for name in ("names", "romaji", "parts"):
        kc: KeyColumn = getattr(ix, name)
        out[f"{name}_keys_blob"], out[f"{name}_keys_offsets"] = pack_texts(kc.index.keys)
        out[f"{name}_indptr"], out[f"{name}_rows"] = kc.index.indptr, kc.index.rows
        out[f"{name}_slot0"], out[f"{name}_slot1"] = kc.slot0, kc.slot1
        for p in ("chars", "grams"):
            post: Postings = getattr(kc.index, p)
            out[f"{name}_{p}_codes"], out[f"{name}_{p}_indptr"], out[f"{name}_{p}_ids"] = (
                post.codes, post.indptr, post.ids)
    return out


def unpack(arrays: Mapping[str, np.ndarray]) -> RegistrantIndex:
    """:func:`pack`'s index back; ValueError (KeyError) when the arrays do not fit together."""
    row_ids = np.asarray(arrays["row_ids"])
    n = len(row_ids)

    def text_column(name: str) -> TextColumn:
        grams = Postings(*(np.asarray(arrays[f"{name}_gram_{part}"]) for part in ("codes", "indptr", "ids")))
        col = TextColumn(np.asarray(arrays[f"{name}_blob"], dtype=np.uint8).tobytes(),
                         np.asarray(arrays[f"{name}_offsets"]), np.asarray(arrays[f"{name}_order"]), grams)
        if (len(col.offsets) != n + 1 or len(col.order) != n or int(col.offsets[-1]) != len(col.blob) + 1
                or len(grams.indptr) != len(grams.codes) + 1 or int(grams.indptr[-1]) != len(grams.ids)
                or (len(grams.ids) and not 0 <= int(grams.ids.min()) <= int(grams.ids.max()) < n)):
            raise ValueError(f"search column {name} does not fit")
        return col

    def key_column(name: str) -> KeyColumn:
        keys = unpack_texts(arrays[f"{name}_keys_blob"], arrays[f"{name}_keys_offsets"])
        posts = [Postings(*(np.asarray(arrays[f"{name}_{p}_{part}"]) for part in ("codes", "indptr", "ids")))
                 for p in ("chars", "grams")]
        indptr, rows = np.asarray(arrays[f"{name}_indptr"]), np.asarray(arrays[f"{name}_rows"])
        slot0, slot1 = np.asarray(arrays[f"{name}_slot0"]), np.asarray(arrays[f"{name}_slot1"])
        if (len(indptr) != len(keys) + 1 or int(indptr[-1]) != len(rows) or len(slot0) != n or len(slot1) != n
                or (len(rows) and not 0 <= int(rows.min()) <= int(rows.max()) < n)):
            raise ValueError(f"search keys {name} do not fit")
        return KeyColumn(NameIndex(keys, indptr, rows, posts[0], posts[1]), slot0, slot1)

    rank = np.asarray(arrays["label_rank"])
    if len(rank) != n:
        raise ValueError("search label order does not fit")
    return RegistrantIndex(row_ids, rank, text_column("ids"), text_column("phones"), text_column("emails"),
                           key_column("names"), key_column("romaji"), key_column("parts"), text_column("labels"))
