"""Registrant imports that stream: the file is read, normalised, planned and written ``CHUNK_ROWS``
rows at a time inside the one transaction, so memory does not grow with the file and the import
stays all-or-nothing (a cancel or a failure in any chunk rolls back every chunk).

The preview keeps what it showed compactly (a digest per chunk of what each row would do, the
rejected rows as read) and the commit reads and normalises the file again chunk by chunk (the
distinct values' readings kept from the preview), writing only while each chunk's digest matches.

A large CSV file is read and normalised by a worker process (desk.services.import_workers) while
this process plans and writes: the normalising no longer takes turns with the writing for the
interpreter's lock, and this process holds none of the normalisers' memory. Small files and workbooks are read by a thread of this process as before.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import operator
import pickle
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Date, select, update
from sqlalchemy.orm import Session

from desk.core import columns, records
from desk.core.bulk_records import FIELDS, Memo, RegistrantColumns
from desk.core.tabular import RawTable, TableError
from desk.core.tabular_stream import TableStream, open_table
from desk.services import import_workers
from desk.services.import_ids import FirstRows
from desk.services.registrant_edits import EditConflict, protect_edits
from desk.store.bulk import bulk_update, insert_columns
from desk.store.change_counter import registrant_write
from desk.store.models import Registrant

if TYPE_CHECKING:
    from desk.services.importer import ImportReport

CHUNK_ROWS = 5_000  # rows read, normalised, planned and written at a time (the peak memory grows with it)
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
    memo_blob: bytes | None = field(default=None, repr=False)  # the same, pickled by the workers


@dataclass
class Chunk:
    """One chunk normalised and planned against the database."""

    cols: RegistrantColumns
    hashes: list[str]
    new: list[int]  # row indexes in the chunk
    changed: list[tuple[int, int]]  # (store id, row index)
    unchanged: int
    digest: bytes
    stored: frozenset[str] = frozenset()  # columns already in stored form (JSON and ISO date text)


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
                 plan: StreamedPlan, source: str, step: Callable[[int, float], None], *,
                 keep_memo: bool = False, cancel: Callable[[], bool] | None = None) -> None:
        self.stream, self.report, self.plan, self.source, self.step = stream, report, plan, source, step
        self.keep_memo = keep_memo  # a preview: its commit reads the file again with these readings
        self.cancel = cancel  # asked while waiting for a worker (``step`` asks it otherwise)
        index = mapping.index_of()
        self.items = list(index.items())
        self.label = {fld: h for h, fld in mapping.mapping.items()}
        hash_keys = sorted(index)
        self.hash_idx = [index[k] for k in hash_keys]
        self.hash_prefix = "\x1d".join(hash_keys) + "\x1d"
        self.folded: list[dict[str, str]] = [{} for _ in hash_keys]  # folded cells, kept across chunks
        self.seen = FirstRows()  # every valid id's row, compactly (a million of them at national scale)
        self.done = 0  # rows planned and handed to the caller
        self.empty_source: bool | None = None

    def chunks(self, session: Session) -> Iterator[Chunk]:
        """The file's chunks planned against ``session``'s database, in order. A reader thread
        reads and normalises the next chunk (no database: the connection and its one transaction
        stay with the caller's thread) while the caller writes this one; with DESK_IMPORT_WORKERS,
        worker processes read and normalise instead (import_workers) while this process plans and
        writes."""
        from desk.services.importer import ImportInputError

        if self.empty_source is None:
            self.empty_source = session.scalar(
                select(Registrant.id).where(Registrant.source == self.source).limit(1)) is None
        lanes = import_workers.lanes_for()
        try:
            yield from (self._threaded(session) if not lanes else self._in_workers(session, lanes))
        except TableError as exc:
            raise ImportInputError(str(exc)) from None

    def _threaded(self, session: Session) -> Iterator[Chunk]:
        plan = self.plan
        if plan.memo_blob is not None:  # a preview read by workers: their readings serve here too
            for key, values in pickle.loads(plan.memo_blob).items():
                plan.memo.setdefault(key, {}).update(values)
        handed: queue.Queue[Any] = queue.Queue(maxsize=1)
        stop = threading.Event()
        reader = threading.Thread(target=self._read, args=(handed, stop), name="desk-import-reader", daemon=True)
        reader.start()
        try:
            while (item := handed.get()) is not _END:
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

    def _in_workers(self, session: Session, lanes: int) -> Iterator[Chunk]:
        """The workers normalise every chunk, in turn, while this process reads the same rows,
        fingerprints them (the worker's row numbers must agree) and unpickles, screens, plans and
        writes each chunk, in one thread (a second thread here would only take turns with it for
        the lock). It normalises nothing: the memory the normalisers need (the gazetteer, their
        caches and the distinct values' readings) is held by the workers only; the fingerprints
        need none of it, and reading and fingerprinting here while the worker starts and
        normalises balances the two processes' work."""
        from desk.services.importer import ImportCancelled

        def idle() -> None:
            if self.cancel is not None and self.cancel():
                raise ImportCancelled()

        workers = import_workers.Lanes(self._job(), lanes)
        try:
            for c, (rows, numbers) in enumerate(self.stream.chunks(CHUNK_ROWS)):
                hashes = records.row_fingerprints(self.hash_prefix, [[row[i] for row in rows] for i in self.hash_idx],
                                                  self.folded)
                item = self._from_worker(workers, c % lanes, idle, rows, numbers, hashes)
                del rows
                yield self._planned(session, item)
                self.done += item.cols.n
            workers.finish(idle)
            if self.keep_memo:
                self.plan.memo_blob = import_workers.merged_memo(workers.memos)
        finally:
            workers.close()

    def _from_worker(self, workers: import_workers.Lanes, lane: int, idle: Callable[[], None], rows: list[list[str]],
                     numbers: list[int], hashes: list[str]) -> _Read:
        for kind, value in workers.take(lane, idle):
            if kind == "step":  # the worker's progress within the chunk, as _normalised's
                self.step(self.done, value)
            elif value.numbers == numbers:
                return self._screened(value.cols, hashes, numbers, rows, self.done, STORED)
        raise TableError(f"{self.stream.path.name}: the file changed while it was being imported; import it again")

    def _job(self) -> import_workers.Job:
        s, plan = self.stream, self.plan
        memo = plan.memo_blob
        if memo is None and plan.memo:
            memo = pickle.dumps(plan.memo, protocol=pickle.HIGHEST_PROTOCOL)
        return import_workers.Job(
            path=str(s.path), sheet=s.sheet, encoding=s.encoding, header_row=s.header_row, headers=list(s.headers),
            items=self.items, reference=plan.reference, json_keys=JSON_KEYS, date_keys=DATE_KEYS,
            chunk_rows=CHUNK_ROWS, memo=memo, want_memo=self.keep_memo)

    def _read(self, handed: queue.Queue[Any], stop: threading.Event) -> None:
        read = 0
        try:
            for rows, numbers in self.stream.chunks(CHUNK_ROWS):
                if stop.is_set() or not _hand(handed, stop, self._normalised(rows, numbers, read)):
                    return
                read += len(rows)
            _hand(handed, stop, _END)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread, raised there
            _hand(handed, stop, exc)

    def _normalised(self, rows: list[list[str]], numbers: list[int], read: int) -> _Read:
        n = len(rows)
        cols, hashes = import_workers.normalise_chunk(rows, self.items, self.hash_prefix, self.hash_idx, self.folded,
                                                      self.plan.reference, self.plan.memo,
                                                      lambda f: self.step(read, f * n))
        return self._screened(cols, hashes, numbers, rows, read, frozenset())

    def _screened(self, cols: RegistrantColumns, hashes: list[str], numbers: list[int],
                  cells: Sequence[list[str]], read: int, stored: frozenset[str]) -> _Read:
        """The chunk's rejects (and duplicate ids across chunks) and warnings reported with their
        row numbers; ``cells`` holds the raw rows (the rejected ones are kept)."""
        report, label, plan = self.report, self.label, self.plan
        errors, warnings, sids = cols.errors, cols.warnings, cols.values["source_id"]
        earlier = self.seen.found(sids)  # the rows of the ids of earlier chunks
        here: dict[str, int] = {}  # this chunk's
        valid: list[int] = []
        for i, rownum in enumerate(numbers):
            errs = errors.get(i)
            if errs is None and (first := here.get(sids[i]) if earlier[i] is None else earlier[i]) is not None:
                errs = errors[i] = [records.FieldError(
                    "source_id", sids[i], f"duplicate id: already on row {first} of this file")]
            if errs is not None:
                problems = plan.bad_rows.setdefault(rownum, [])
                for err in errs:
                    where = label.get(err.field, err.field)
                    report.rejects.append(_reject(rownum, where, err))
                    problems.append(f"{where}: {err.reason}")
                plan.bad_cells[rownum] = cells[i]
                continue
            here[sids[i]] = rownum
            for w in warnings.get(i, ()):
                report.warnings.append(_reject(rownum, label.get(w.field, w.field), w))
            valid.append(i)
        self.seen.add_chunk(list(here), list(here.values()))
        self.step(read, len(numbers))
        return _Read(cols, hashes, valid, stored)

    def _planned(self, session: Session, item: _Read) -> Chunk:
        """What each valid row would do (add, update which stored row, leave), and its digest: the
        rows' verdicts in order, their ids and fingerprints, the store ids they would update."""
        sids, hashes, valid = item.cols.values["source_id"], item.hashes, item.valid
        every = len(valid) == item.cols.n  # no rejects: the valid rows are all the rows
        ids = sids if every else [sids[i] for i in valid]
        fingerprints = hashes if every else [hashes[i] for i in valid]
        existing = {} if self.empty_source else _existing(session, self.source, ids)
        changed: list[tuple[int, int]] = []
        unchanged = 0
        if existing:
            new: list[int] = []
            verdicts: list[str] = []
            for i, sid, h in zip(valid, ids, fingerprints, strict=True):
                old = existing.get(sid)
                if old is None:
                    new.append(i)
                    verdicts.append("N")
                elif old[1] != h:
                    changed.append((old[0], i))
                    verdicts.append("C")
                else:
                    unchanged += 1
                    verdicts.append("U")
            kinds = "".join(verdicts)
        else:
            new, kinds = list(valid), "N" * len(valid)
        digest = hashlib.sha256("\x1e".join((kinds, "\x1f".join(ids), "\x1f".join(fingerprints),
                                              ",".join(str(pk) for pk, _i in changed))).encode()).digest()
        return Chunk(item.cols, hashes, new, changed, unchanged, digest, item.stored)


_END = object()
#: Registrant columns kept as JSON text and ISO date text when a worker hands a chunk over.
JSON_KEYS = tuple(k for k in FIELDS if isinstance(Registrant.__table__.c[k].type, JSON))
DATE_KEYS = tuple(k for k in FIELDS if isinstance(Registrant.__table__.c[k].type, Date))
STORED = frozenset(JSON_KEYS + DATE_KEYS)


def _hand(handed: queue.Queue[Any], stop: threading.Event, item: object) -> bool:
    """Hand ``item`` to the caller's thread, unless it stops reading first."""
    while not stop.is_set():
        with contextlib.suppress(queue.Full):
            handed.put(item, timeout=0.1)
            return True
    return False


@dataclass
class _Read:
    """A chunk read and normalised by the reader thread, not yet planned."""

    cols: RegistrantColumns
    hashes: list[str]
    valid: list[int]
    stored: frozenset[str] = frozenset()


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
    """(store id, values) of the chunk's changed rows, as ``protect_edits`` and the update take them
    (values a worker handed over in stored form read back)."""
    out = []
    json_keys = [k for k in JSON_KEYS if k in chunk.stored]
    date_keys = [k for k in DATE_KEYS if k in chunk.stored]
    for pk, i in chunk.changed:
        values = chunk.cols.record(i).values
        for k in json_keys:
            values[k] = None if values[k] is None else json.loads(values[k])
        for k in date_keys:
            values[k] = None if values[k] is None else dt.date.fromisoformat(values[k])
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
        data["change_no"] = [registrant_write(session)] * k
        insert_columns(session, Registrant.__table__, data, stored=chunk.stored)
        tick(k)
    conflicts: list[EditConflict] = []
    if chunk.changed:
        changed = changed_values(chunk)
        conflicts, kept = protect_edits(session, changed)
        number = registrant_write(session)
        rows = []
        for pk, values in changed:
            values.pop("source_id", None)
            values.update(last_batch_id=batch_id, changed_at=now, change_no=number, id=pk)
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
