"""Registrant imports that stream: the file is read, normalised, planned and written ``CHUNK_ROWS``
rows at a time inside the one transaction, so memory does not grow with the file and the import
stays all-or-nothing (a cancel or a failure in any chunk rolls back every chunk).

The preview keeps what it showed compactly (a digest per chunk of what each row would do, the
rejected rows as read) and the commit reads and normalises the file again chunk by chunk (the
distinct values' readings kept from the preview), writing only while each chunk's digest matches.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import operator
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desk.core import columns, records
from desk.core.bulk_records import FIELDS, Memo, RegistrantColumns, normalise_registrant_columns
from desk.core.tabular import RawTable, TableError
from desk.core.tabular_stream import TableStream, open_table
from desk.services.registrant_edits import EditConflict, protect_edits
from desk.store.bulk import bulk_update, insert_columns
from desk.store.models import Registrant

if TYPE_CHECKING:
    from desk.services.importer import ImportReport

CHUNK_ROWS = 10_000
LOOKUP = 5_000  # ids per query when looking up the rows a chunk already has in the database

Tick = Callable[[int], None]


class Refused(Exception):
    """Rows were rejected and partial imports were not accepted: roll back what was written."""


@dataclass
class StreamedPlan:
    """What a streamed preview keeps for its commit (no rows: they are read again)."""

    reference: dt.date
    rows: int = 0
    digests: list[bytes] = field(default_factory=list)  # per chunk: what each valid row would do
    bad_rows: dict[int, list[str]] = field(default_factory=dict)
    bad_cells: dict[int, list[str]] = field(default_factory=dict)  # rejected rows as read
    memo: Memo = field(default_factory=dict, repr=False)  # distinct values' readings, for the commit


@dataclass
class Chunk:
    """One chunk normalised and planned against the database."""

    cols: RegistrantColumns
    hashes: list[str]
    new: list[int]  # row indexes in the chunk
    changed: list[tuple[int, int]]  # (store id, row index)
    unchanged: int
    digest: bytes


def open_stream(path: Any, sheet: str | None) -> TableStream:
    from desk.services.importer import ImportInputError

    try:
        return open_table(path, sheet=sheet, header_score=columns.header_score)
    except TableError as exc:
        msg = str(exc)
        raise ImportInputError(msg if msg.startswith(str(path)) or path.name in msg else f"{path}: {msg}") from None


class Scanner:
    """Reads a stream chunk by chunk, reporting rejects and warnings with their row numbers."""

    def __init__(self, stream: TableStream, mapping: columns.MappingResult, report: ImportReport,
                 plan: StreamedPlan, source: str, step: Callable[[int, float], None]) -> None:
        self.stream, self.report, self.plan, self.source, self.step = stream, report, plan, source, step
        index = mapping.index_of()
        self.items = list(index.items())
        self.label = {fld: h for h, fld in mapping.mapping.items()}
        hash_keys = sorted(index)
        self.hash_idx = [index[k] for k in hash_keys]
        self.hash_prefix = "\x1d".join(hash_keys) + "\x1d"
        self.folded: list[dict[str, str]] = [{} for _ in hash_keys]  # folded cells, kept across chunks
        self.seen: dict[str, int] = {}
        self.done = 0  # rows planned and handed to the caller
        self.empty_source: bool | None = None

    def chunks(self, session: Session) -> Iterator[Chunk]:
        """The file's chunks planned against ``session``'s database, in order. A reader thread reads
        and normalises the next chunk (no database: the connection and its one transaction stay
        with the caller's thread) while the caller writes this one (SQLite and the PostgreSQL server
        work without the interpreter's lock)."""
        from desk.services.importer import ImportInputError

        if self.empty_source is None:
            self.empty_source = session.scalar(
                select(Registrant.id).where(Registrant.source == self.source).limit(1)) is None
        handed: queue.Queue[Any] = queue.Queue(maxsize=1)
        stop = threading.Event()
        reader = threading.Thread(target=self._read, args=(handed, stop), name="desk-import-reader", daemon=True)
        reader.start()
        try:
            while (item := handed.get()) is not _END:
                if isinstance(item, TableError):
                    raise ImportInputError(str(item)) from None
                if isinstance(item, BaseException):
                    raise item
                yield self._planned(session, item)
                self.done += item.cols.n
        finally:
            stop.set()
            while reader.is_alive():  # unblock a reader waiting to hand over its chunk
                with contextlib.suppress(queue.Empty):
                    handed.get(timeout=0.05)
            reader.join()

    def _read(self, handed: queue.Queue[Any], stop: threading.Event) -> None:
        def hand(item: object) -> bool:
            while not stop.is_set():
                with contextlib.suppress(queue.Full):
                    handed.put(item, timeout=0.1)
                    return True
            return False

        read = 0
        try:
            for rows, numbers in self.stream.chunks(CHUNK_ROWS):
                if stop.is_set() or not hand(self._normalised(rows, numbers, read)):
                    return
                read += len(rows)
            hand(_END)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread, raised there
            hand(exc)

    def _normalised(self, rows: list[list[str]], numbers: list[int], read: int) -> _Read:
        n = len(rows)
        transposed = list(zip(*rows, strict=False))
        by_field = {fld: list(transposed[i]) for fld, i in self.items}
        hashes = records.row_fingerprints(self.hash_prefix, [transposed[i] for i in self.hash_idx], self.folded)
        del transposed
        cols = normalise_registrant_columns(by_field, n, import_date=self.plan.reference, memo=self.plan.memo,
                                            step=lambda f: self.step(read, f * n))
        report, label, seen, plan = self.report, self.label, self.seen, self.plan
        errors, warnings, sids = cols.errors, cols.warnings, cols.values["source_id"]
        valid: list[int] = []
        for i, rownum in enumerate(numbers):
            errs = errors.get(i)
            if errs is None and sids[i] in seen:
                errs = errors[i] = [records.FieldError(
                    "source_id", sids[i], f"duplicate id: already on row {seen[sids[i]]} of this file")]
            if errs is not None:
                problems = plan.bad_rows.setdefault(rownum, [])
                for err in errs:
                    where = label.get(err.field, err.field)
                    report.rejects.append(_reject(rownum, where, err))
                    problems.append(f"{where}: {err.reason}")
                plan.bad_cells[rownum] = rows[i]
                continue
            seen[sids[i]] = rownum
            for w in warnings.get(i, ()):
                report.warnings.append(_reject(rownum, label.get(w.field, w.field), w))
            valid.append(i)
        self.step(read, n)
        return _Read(cols, hashes, valid)

    def _planned(self, session: Session, item: _Read) -> Chunk:
        sids, hashes = item.cols.values["source_id"], item.hashes
        existing = {} if self.empty_source else _existing(session, self.source, [sids[i] for i in item.valid])
        new: list[int] = []
        changed: list[tuple[int, int]] = []
        unchanged = 0
        verdicts: list[str] = []
        for i in item.valid:
            old = existing.get(sids[i])
            if old is None:
                new.append(i)
                verdicts.append(f"N\x1f{sids[i]}\x1f{hashes[i]}")
            elif old[1] != hashes[i]:
                changed.append((old[0], i))
                verdicts.append(f"C{old[0]}\x1f{sids[i]}\x1f{hashes[i]}")
            else:
                unchanged += 1
                verdicts.append(f"U\x1f{sids[i]}\x1f{hashes[i]}")
        digest = hashlib.sha256("\x1e".join(verdicts).encode()).digest()
        return Chunk(item.cols, hashes, new, changed, unchanged, digest)


_END = object()


@dataclass
class _Read:
    """A chunk read and normalised by the reader thread, not yet planned."""

    cols: RegistrantColumns
    hashes: list[str]
    valid: list[int]


def _reject(rownum: int, column: str, err: records.FieldError) -> Any:
    from desk.services.importer import Reject

    return Reject(rownum, column, err.value, err.reason, err.code)


def _existing(session: Session, source: str, sids: list[str]) -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    for start in range(0, len(sids), LOOKUP):
        q = select(Registrant.source_id, Registrant.id, Registrant.row_hash).where(
            Registrant.source == source, Registrant.source_id.in_(sids[start:start + LOOKUP]))
        for sid, pk, h in session.execute(q):
            found[sid] = (pk, h)
    return found


def changed_values(chunk: Chunk) -> list[tuple[int, dict[str, Any]]]:
    """(store id, values) of the chunk's changed rows, as ``protect_edits`` and the update take them."""
    out = []
    for pk, i in chunk.changed:
        values = chunk.cols.record(i).values
        values["row_hash"] = chunk.hashes[i]
        out.append((pk, values))
    return out


def count(report: ImportReport, chunk: Chunk) -> None:
    report.imported += len(chunk.new)
    report.updated += len(chunk.changed)
    report.unchanged += chunk.unchanged


def preview_chunk(session: Session, chunk: Chunk, report: ImportReport) -> None:
    count(report, chunk)
    if chunk.changed:  # coordinator edits the file would overwrite: shown before the import
        conflicts, _kept = protect_edits(session, changed_values(chunk))
        report.conflicts.extend(conflicts)


def write_chunk(session: Session, chunk: Chunk, source: str, batch_id: int | None, now: dt.datetime,
                tick: Tick) -> list[EditConflict]:
    """Insert the chunk's new rows and update its changed ones; the conflicts found on the way."""
    new = chunk.new
    if new:
        pick = operator.itemgetter(*new)
        every = len(new) == chunk.cols.n
        k = len(new)
        data: dict[str, list[Any]] = {
            key: (chunk.cols.values[key] if every else (list(pick(chunk.cols.values[key])) if k > 1
                                                        else [chunk.cols.values[key][new[0]]]))
            for key in FIELDS
        }
        data["source"] = [source] * k
        data["row_hash"] = chunk.hashes if every else (list(pick(chunk.hashes)) if k > 1 else [chunk.hashes[new[0]]])
        data["last_batch_id"] = data["first_batch_id"] = [batch_id] * k
        data["changed_at"] = [now] * k
        insert_columns(session, Registrant.__table__, data)
        tick(k)
    conflicts: list[EditConflict] = []
    if chunk.changed:
        changed = changed_values(chunk)
        conflicts, kept = protect_edits(session, changed)
        rows = []
        for pk, values in changed:
            values.pop("source_id", None)
            values.update(last_batch_id=batch_id, changed_at=now, id=pk)
            values.update(kept.get(pk, {}))  # coordinator edits stay (reported as conflicts)
            rows.append(values)
        if not bulk_update(session, Registrant.__table__, rows):  # PostgreSQL: COPY + one UPDATE … FROM
            session.execute(update(Registrant), rows)
        tick(len(rows))
    return conflicts


def rejects_table(stream: TableStream, plan: StreamedPlan) -> RawTable:
    """The rejected rows as read, in the shape the rejects file takes."""
    numbers = sorted(plan.bad_cells)
    return RawTable(path=stream.path, encoding=stream.encoding, header_row=stream.header_row,
                    headers=stream.headers, rows=[plan.bad_cells[n] for n in numbers], row_numbers=numbers,
                    sheet=stream.sheet)
