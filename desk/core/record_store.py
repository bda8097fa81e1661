"""Registrant records packed into two arrays, read back one row at a time.

The ranking needs a registrant's full record only for the rows it prints (the reasons, the name,
the phone); the columns do the rest. :class:`PackedRecords` keeps every record as one UTF-8 JSON
text in a byte array with row offsets, so a registry index loaded from the local cache
(memory-mapped) needs no per-registrant Python objects until a row is asked for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import fields, replace
from typing import Any, overload

import numpy as np

from desk.core import filter_store
from desk.core.registry_index import Booking, RegistrantRecord, RegistryIndex


def pack_records(records: Sequence[RegistrantRecord]) -> tuple[np.ndarray, np.ndarray]:
    """(blob, offsets): row ``i`` is ``blob[offsets[i]:offsets[i + 1]]``.

    ``row_id``, ``no_shows`` and ``late_cancellations`` are not packed: the index holds them as
    columns and :class:`PackedRecords` takes them from there.
    """
    if isinstance(records, PackedRecords):
        return records.blob, records.offsets
    if isinstance(records, OverlayRecords) and isinstance(records.base, PackedRecords):
        return records.packed()
    return _pack_rows([_packed_row(r) for r in records])


def _packed_row(r: RegistrantRecord) -> bytes:
    return json.dumps(_row(r), ensure_ascii=False, separators=(",", ":")).encode()


def _pack_rows(parts: Sequence[bytes | np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    offsets = np.zeros(len(parts) + 1, dtype=np.int64)
    if parts:
        np.cumsum([len(p) for p in parts], out=offsets[1:])
    if not parts:
        return np.zeros(0, dtype=np.uint8), offsets
    blob = np.concatenate([np.frombuffer(p, dtype=np.uint8) if isinstance(p, bytes) else p for p in parts])
    return blob.astype(np.uint8, copy=False), offsets


#: Every field of a record but those the index holds as columns, in declaration order (a field added
#: to RegistrantRecord is packed too; the cache's code key covers registry_index.py, so a cache
#: written with other fields is never read).
_COLUMN_FIELDS = ("row_id", "no_shows", "late_cancellations")
_PACKED = tuple(f.name for f in fields(RegistrantRecord) if f.name not in _COLUMN_FIELDS)
#: The fields packed as JSON lists and read back as tuples (licences, work areas, availability).
_TUPLES = tuple(f.name for f in fields(RegistrantRecord) if f.name in _PACKED and str(f.type).startswith("tuple"))


def _row(r: RegistrantRecord) -> list[Any]:
    out: list[Any] = []
    for name in _PACKED:
        value = getattr(r, name)
        out.append([dict(v) if isinstance(v, Mapping) else v for v in value] if isinstance(value, tuple) else value)
    return out


_DECODER = json.JSONDecoder()
_MEMO = 8192  # records kept decoded (a few MB)


class _Rows(Sequence[RegistrantRecord]):
    """A read-only sequence of records addressed by row: slices and negative rows handled once here."""

    @overload
    def __getitem__(self, i: int) -> RegistrantRecord: ...

    @overload
    def __getitem__(self, i: slice) -> list[RegistrantRecord]: ...

    def __getitem__(self, i: int | slice) -> RegistrantRecord | list[RegistrantRecord]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        n = len(self)
        k = int(i) + n if int(i) < 0 else int(i)
        if not 0 <= k < n:
            raise IndexError(i)
        return self._at(k)

    def _at(self, k: int) -> RegistrantRecord:
        raise NotImplementedError


class PackedRecords(_Rows):
    """A read-only sequence of :class:`RegistrantRecord` decoded on demand from packed rows."""

    def __init__(self, blob: np.ndarray, offsets: np.ndarray, row_ids: np.ndarray, no_shows: np.ndarray,
                 late: np.ndarray) -> None:
        if len(offsets) != len(row_ids) + 1 or len(no_shows) != len(row_ids) or len(late) != len(row_ids):
            raise ValueError("packed records do not match the index columns")
        if len(offsets) and int(offsets[-1]) != len(blob):
            raise ValueError("packed records are truncated")
        self.blob, self.offsets = blob, offsets
        #: Rows decoded lately: a ranking reads a printed row's record twice (the row, its reasons), and
        #: the next ranking of the same posting (a filter typed) mostly the same rows again.
        self._memo: dict[int, RegistrantRecord] = {}
        self._ids, self._no_shows, self._late = row_ids, no_shows, late

    def __len__(self) -> int:
        return len(self._ids)

    def _at(self, k: int) -> RegistrantRecord:
        hit = self._memo.get(k)
        if hit is None:
            if len(self._memo) >= _MEMO:
                self._memo.clear()
            hit = self._memo[k] = self._record(
                k, json.loads(self.blob[int(self.offsets[k]): int(self.offsets[k + 1])].tobytes()))
        return hit

    def __iter__(self) -> Iterator[RegistrantRecord]:
        """Every record in order, decoded a chunk at a time (one JSON text per chunk, not per row: a
        filter's first pass over a million records was mostly json.loads' per-call overhead)."""
        n, step = len(self), 4096
        for lo in range(0, n, step):
            hi = min(n, lo + step)
            start = int(self.offsets[lo])
            raw = self.blob[start: int(self.offsets[hi])].tobytes()
            cuts = (np.asarray(self.offsets[lo: hi + 1]) - start).tolist()
            rows = json.loads(b"[" + b",".join(raw[cuts[j]: cuts[j + 1]] for j in range(hi - lo)) + b"]")
            for j, values in enumerate(rows):
                yield self._record(lo + j, values)

    def source_id(self, k: int) -> str:
        """Row ``k``'s 登録ID alone (the first packed field), without decoding the whole record."""
        text = self.blob[int(self.offsets[k]): int(self.offsets[k + 1])].tobytes().decode()
        if not text.startswith('["'):
            return self[k].source_id
        found = _DECODER.raw_decode(text, 1)[0]
        return found if isinstance(found, str) else self[k].source_id

    def _record(self, k: int, values: list[Any]) -> RegistrantRecord:
        fields_ = dict(zip(_PACKED, values, strict=True))
        for name in _TUPLES:
            if isinstance(fields_[name], list):
                fields_[name] = tuple(fields_[name])
        return RegistrantRecord(row_id=int(self._ids[k]), no_shows=int(self._no_shows[k]),
                                late_cancellations=int(self._late[k]), **fields_)


class OverlayRecords(_Rows):
    """Records of a caught-up index (desk.core.registry_merge): most rows read from a base sequence
    (usually :class:`PackedRecords` mapped from the local cache), the rows changed since from a short
    list, without copying or decoding the base. ``source[i] >= 0`` is base row ``source[i]``, else
    ``extra[-1 - source[i]]``; base rows appear in ascending order. Row id, no-shows and late
    cancellations come from the index columns, as for PackedRecords."""

    def __init__(self, base: Sequence[RegistrantRecord], extra: Sequence[RegistrantRecord], source: np.ndarray,
                 row_ids: np.ndarray, no_shows: np.ndarray, late: np.ndarray) -> None:
        if not len(source) == len(row_ids) == len(no_shows) == len(late):
            raise ValueError("overlay records do not match the index columns")
        self.base, self.extra, self.source = base, extra, source
        self._ids, self._no_shows, self._late = row_ids, no_shows, late

    def __len__(self) -> int:
        return len(self.source)

    def _at(self, k: int) -> RegistrantRecord:
        s = int(self.source[k])
        return self._fix(k, self.base[s] if s >= 0 else self.extra[-1 - s])

    def __iter__(self) -> Iterator[RegistrantRecord]:
        """Every record in order: the base read front to back once (PackedRecords decodes in chunks)."""
        base = iter(self.base)
        at = -1
        for k, s in enumerate(self.source.tolist()):
            if s < 0:
                yield self._fix(k, self.extra[-1 - s])
                continue
            rec = next(base)
            at += 1
            while at < s:
                rec = next(base)
                at += 1
            yield self._fix(k, rec)

    def source_id(self, k: int) -> str:
        s = int(self.source[k])
        return source_id_of(self.base, s) if s >= 0 else self.extra[-1 - s].source_id

    def with_columns(self, row_ids: np.ndarray, no_shows: np.ndarray, late: np.ndarray) -> OverlayRecords:
        return OverlayRecords(self.base, self.extra, self.source, row_ids, no_shows, late)

    def packed(self) -> tuple[np.ndarray, np.ndarray]:
        """(blob, offsets) as pack_records gives them: runs of base rows copied as packed bytes, only the
        extra rows encoded."""
        base = self.base
        if not isinstance(base, PackedRecords):
            return _pack_rows([_packed_row(r) for r in self])
        src = np.asarray(self.source, dtype=np.int64)
        n = len(src)
        if not n:
            return _pack_rows([])
        # a run: consecutive base rows (each a contiguous stretch of the base blob), or one extra row
        cut = np.flatnonzero((src[1:] != src[:-1] + 1) | (src[1:] < 0) | (src[:-1] < 0)) + 1
        starts, ends = np.r_[0, cut], np.r_[cut, n]
        parts: list[bytes | np.ndarray] = []
        offsets = np.asarray(base.offsets)
        extra: dict[int, bytes] = {}  # each extra row encoded once
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
            s = int(src[a])
            if s < 0:
                parts.append(extra.setdefault(a, _packed_row(self.extra[-1 - s])))
            else:
                parts.append(base.blob[int(offsets[s]): int(offsets[s + b - a])])
        blob = np.concatenate([np.frombuffer(p, dtype=np.uint8) if isinstance(p, bytes) else p for p in parts])
        lengths = np.empty(n, dtype=np.int64)
        inside = src >= 0
        lengths[inside] = offsets[src[inside] + 1] - offsets[src[inside]]
        for k, row in extra.items():
            lengths[k] = len(row)
        out = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=out[1:])
        return blob.astype(np.uint8, copy=False), out

    def _fix(self, k: int, rec: RegistrantRecord) -> RegistrantRecord:
        ns, late = int(self._no_shows[k]), int(self._late[k])
        if rec.no_shows != ns or rec.late_cancellations != late or rec.row_id != int(self._ids[k]):
            rec = replace(rec, row_id=int(self._ids[k]), no_shows=ns, late_cancellations=late)
        return rec


def source_id_of(records: Sequence[RegistrantRecord], k: int) -> str:
    """Row ``k``'s 登録ID, decoding as little as the sequence allows."""
    if isinstance(records, PackedRecords | OverlayRecords):
        return records.source_id(k)
    return records[k].source_id


def with_placements(index: RegistryIndex, bookings: Iterable[Booking], no_shows: Mapping[int, int],
                    late: Mapping[int, int]) -> RegistryIndex:
    """``index`` with the placement log's part replaced (bookings, no-shows, late cancellations),
    the registrants' part kept: after a placement is logged, only this part is read again.

    ``no_shows``/``late`` are keyed by registrant row id; ``index.row_ids`` must be ascending (the
    service builds the index in id order)."""
    ids = np.asarray(index.row_ids)
    n = len(ids)

    def rows_of(row_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        pos = np.searchsorted(ids, row_ids)
        ok = pos < n
        ok[ok] = ids[pos[ok]] == row_ids[ok]
        return pos, ok

    def column(counts: Mapping[int, int]) -> np.ndarray:
        out = np.zeros(n, dtype=np.int64)
        keys = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        values = np.fromiter(counts.values(), dtype=np.int64, count=len(counts))
        pos, ok = rows_of(keys)
        out[pos[ok]] = values[ok]
        return out

    b = sorted(bookings, key=lambda x: x.row_id)
    reg = np.array([x.row_id for x in b], dtype=np.int64)
    pos, ok = rows_of(reg)
    keep = [x for x, good in zip(b, ok.tolist(), strict=True) if good]
    no_show_col, late_col = column(no_shows), column(late)
    records: Sequence[RegistrantRecord]
    if isinstance(index.records, PackedRecords):
        records = PackedRecords(index.records.blob, index.records.offsets, ids, no_show_col, late_col)
    elif isinstance(index.records, OverlayRecords):
        records = index.records.with_columns(ids, no_show_col, late_col)
    else:
        records = [replace(r, no_shows=int(no_show_col[i]), late_cancellations=int(late_col[i]))
                   for i, r in enumerate(index.records)]
    return replace(
        # the registrants did not change: the filter's arrays and lookups (desk.core.filter_store) still hold
        index, records=records, no_shows=no_show_col, late=late_col,
        cache={k: v for k, v in index.cache.items() if k in filter_store.REGISTRANT_KEYS},
        book_reg=pos[ok].astype(np.int64),
        book_date=np.array([x.date.toordinal() for x in keep], dtype=np.int64),
        book_start=np.array([x.start for x in keep], dtype=np.int64),
        book_end=np.array([x.end for x in keep], dtype=np.int64),
        book_posting=np.array([-1 if x.posting_id is None else x.posting_id for x in keep], dtype=np.int64),
    )
