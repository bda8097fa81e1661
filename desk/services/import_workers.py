"""Reading and normalising a registrant file in a worker process too, so an import uses both cores:
the importing process owns the one connection and its transaction; it normalises chunks 0, 2, 4, …
itself and plans and writes every chunk, while a worker opens the same file and normalises chunks
1, 3, 5, … ahead, handing them over already in the form the writer stores (JSON as text, dates as
ISO text: cheap to pickle, nothing left to convert). With ``lanes`` workers the turn is one in
``lanes + 1``.

The workers are started with "spawn" (never a plain fork of a process that runs Qt and threads),
stop when told to or when the importing process is gone, and are always reaped by ``Lanes.close``.
Only this module's functions run in a worker: it imports desk.core and nothing of the store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import multiprocessing
import os
import pickle
import queue
import sys
import types
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from desk.core import columns, records
from desk.core.bulk_records import (
    Memo,
    RegistrantColumns,
    normalise_registrant_chunk,
    normalise_registrant_columns,
)
from desk.core.gc_pause import paused_gc
from desk.core.tabular import TableError
from desk.core.tabular_stream import TableStream, open_table
from desk.core.text import compact_column

#: Files with fewer data rows are normalised in the importing process. A worker pays its own start
#: (a new interpreter importing desk.core, ~0.5 s), its own gazetteer and cold readings, and the
#: pickling (~0.7 s per 100k rows); it gains the overlap with the writing (~2-3 s per 100k rows).
#: Measured on the shared two-core machine (load 3-4): at 20k and 40k rows the worker was slower.
MIN_ROWS = 50_000
#: Chunks a worker may hold ready before it waits for the writer (memory stays bounded).
AHEAD = 2
POLL = 0.1  # seconds between a waiting side's checks (stop asked, the other side gone)


@dataclass(frozen=True)
class Job:
    """What a worker needs to read and normalise its share of the file (picklable)."""

    path: str
    sheet: str | None
    encoding: str
    header_row: int
    headers: list[str]
    items: list[tuple[str, int]]  # field key -> column index
    hash_idx: list[int]
    hash_prefix: str
    reference: dt.date
    json_keys: tuple[str, ...]
    date_keys: tuple[str, ...]
    chunk_rows: int
    memo: bytes | None = None  # pickled Memo: the preview's readings, for the commit
    want_memo: bool = False  # hand the readings back at the end (the preview)
    lane: int = 1  # this worker's chunks: those whose number leaves this remainder ...
    stride: int = 2  # ... divided by this (the importing process takes the remainder 0)


@dataclass
class Normalised:
    """One chunk as a worker hands it over: values in stored form for ``json_keys``/``date_keys``."""

    cols: RegistrantColumns
    hashes: list[str]
    numbers: list[int]
    cells: dict[int, list[str]] = field(default_factory=dict)  # raw rows that may be rejected


# --- in the worker -------------------------------------------------------------------------------


class JsonColumns:
    """JSON text of columns as SQLAlchemy's JSON type stores it. Rows share their readings (the
    normaliser's memo hands the same object to every row with the same text, chunk after chunk),
    so each object is encoded once per file: its text is kept by identity, with the object itself
    (its id cannot be reused while it is kept)."""

    LIMIT = 50_000

    def __init__(self) -> None:
        self.memo: dict[int, tuple[Any, str | None]] = {}

    def __call__(self, values: list[Any]) -> list[str | None]:
        memo = self.memo
        if len(memo) > self.LIMIT:
            memo.clear()
        for key, v in dict(zip(map(id, values), values, strict=True)).items():
            if key not in memo:
                memo[key] = (v, None if v is None else json.dumps(v))
        return [memo[key][1] for key in map(id, values)]


def column_iso(values: list[dt.date | None]) -> list[str | None]:
    memo = {v: None if v is None else v.isoformat() for v in set(values)}
    return list(map(memo.__getitem__, values))


class _Stopped(Exception):
    pass


def work(job: Job, out: Any, stop: Any) -> None:
    """A worker's life: its chunks (``lane`` of every ``stride``) in order, each preceded by its
    progress steps, then ("end", memo); or ("error", exception) and nothing more."""
    parent = multiprocessing.parent_process()

    def send(item: tuple[Any, ...]) -> None:
        while True:
            if stop.is_set() or (parent is not None and not parent.is_alive()):
                raise _Stopped()
            with contextlib.suppress(queue.Full):
                out.put(item, timeout=POLL)
                return

    try:
        memo: Memo = pickle.loads(job.memo) if job.memo else {}
        for item in _normalised(job, memo, send):
            send(item)
        send(("end", pickle.dumps(memo, protocol=pickle.HIGHEST_PROTOCOL) if job.want_memo else None))
    except _Stopped:
        out.cancel_join_thread()  # nobody reads any more: exit without flushing
    except BaseException as exc:  # noqa: BLE001 - handed to the importing process, raised there
        with contextlib.suppress(_Stopped):
            send(("error", _picklable(exc)))


def _picklable(exc: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - any failure to travel: send its words instead
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def normalise_chunk(rows: list[list[str]], items: Sequence[tuple[str, int]], hash_prefix: str,
                    hash_idx: Sequence[int], folded: list[dict[str, str]], reference: dt.date, memo: Memo,
                    step: Callable[[float], None]) -> tuple[RegistrantColumns, list[str]]:
    """One chunk of rows read as registrants, and their fingerprints: the same in the importing
    process and in a worker (``folded`` and ``memo`` carry distinct values' readings across chunks)."""
    with paused_gc():  # the transposition makes an iterator per row: collections over the whole heap
        transposed = list(zip(*rows, strict=False))
    by_field = {fld: list(transposed[i]) for fld, i in items}
    if [by_field_index for _f, by_field_index in sorted(items)] == list(hash_idx):
        # The fingerprint covers every mapped field (the importer's rule): cleaned once for both.
        del transposed
        return normalise_registrant_chunk(by_field, len(rows), hash_prefix=hash_prefix, folded=folded,
                                          import_date=reference, memo=memo, step=step)
    hashes = records.row_fingerprints(hash_prefix, [transposed[i] for i in hash_idx], folded)
    del transposed
    cols = normalise_registrant_columns(by_field, len(rows), import_date=reference, memo=memo, step=step)
    return cols, hashes


def _normalised(job: Job, memo: Memo, send: Callable[[tuple[Any, ...]], None]) -> Iterator[tuple[Any, ...]]:
    stream = open_table(job.path, sheet=job.sheet, header_score=columns.header_score)
    try:
        if (stream.encoding, stream.header_row, stream.headers) != (job.encoding, job.header_row, job.headers):
            raise TableError(f"{job.path}: the file changed while it was being imported; import it again")
        sid_col = dict(job.items).get("source_id")
        folded: list[dict[str, str]] = [{} for _ in job.hash_idx]
        to_json = JsonColumns()
        seen: set[str] = set()  # every id read so far, valid or not (a duplicate's raw row is kept)
        for c, (rows, numbers) in enumerate(stream.chunks(job.chunk_rows)):
            if c % job.stride != job.lane:
                if sid_col is not None:
                    seen.update(compact_column([row[sid_col] for row in rows]))
                continue
            n = len(rows)
            cols, hashes = normalise_chunk(rows, job.items, job.hash_prefix, job.hash_idx, folded, job.reference,
                                           memo, lambda f, n=n: send(("step", f * n)))
            sids = cols.values["source_id"]
            cells = {i: rows[i] for i in cols.errors}
            for i, sid in enumerate(sids):
                if sid in seen:
                    cells[i] = rows[i]
                else:
                    seen.add(sid)
            for key in job.json_keys:
                cols.values[key] = to_json(cols.values[key])
            for key in job.date_keys:
                cols.values[key] = column_iso(cols.values[key])
            yield ("chunk", Normalised(cols, hashes, numbers, cells))
    finally:
        stream.close()


# --- in the importing process --------------------------------------------------------------------


def lanes_for(stream: TableStream, chunk_rows: int) -> int:
    """How many workers read a file alongside the importing process: one for a large CSV file
    when the machine has a core to spare; none for a small file (see MIN_ROWS), a workbook (read
    whole by the importing process already, to find its header) or a busy machine (a worker
    reads the file again and loads its own gazetteer: ~4 s more CPU per 100k rows, a loss when
    no core is idle; measured). DESK_IMPORT_WORKERS overrides (0: none)."""
    wanted = os.environ.get("DESK_IMPORT_WORKERS")
    if wanted is not None and wanted.strip().isdigit():
        return int(wanted)
    if stream.sheet is not None or stream.estimated_rows < max(MIN_ROWS, 2 * chunk_rows):
        return 0
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return 1 if cores >= 2 and load <= cores - 1 else 0


class WorkerGone(ChildProcessError):
    """A worker process ended without handing over its chunks (killed, out of memory): an OSError,
    so the command line words it plainly."""


@contextlib.contextmanager
def _main_not_imported() -> Iterator[None]:
    """While workers start, hide the program's main module from "spawn", which would otherwise run
    it again in each worker: a script without an ``if __name__ == "__main__"`` guard that imports a
    large file would start workers from its workers (they died: "an attempt has been made to start a
    new process before the current process has finished its bootstrapping phase"). A worker needs
    nothing of it: its job is desk.services.import_workers.work. A frozen bundle starts its workers
    through freeze_support instead and is left as it is."""
    main = sys.modules.get("__main__")
    if getattr(sys, "frozen", False) or main is None:
        yield
        return
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


class Lanes:
    """The running workers of one pass over the file, their chunks handed out in file order."""

    def __init__(self, job: Job, lanes: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.stop = ctx.Event()
        self.queues = [ctx.Queue(maxsize=AHEAD * 8) for _ in range(lanes)]  # a chunk and its steps
        self.procs = [ctx.Process(target=work, args=(replace(job, lane=k + 1, stride=lanes + 1), q, self.stop),
                                  daemon=True,
                                  name=f"desk-import-worker-{k}") for k, q in enumerate(self.queues)]
        self.memos: list[bytes] = []
        self.ended = [False] * lanes
        try:
            with _main_not_imported():
                for p in self.procs:
                    p.start()
        except BaseException:
            self.close()
            raise

    def take(self, lane: int, idle: Callable[[], None]) -> Iterator[tuple[str, Any]]:
        """Worker ``lane``'s next chunk: its ("step", rows) messages, then ("chunk", Normalised);
        nothing more if the worker has ended. ``idle`` is called while waiting (the place to give
        up). Raises what a worker raised, or WorkerGone."""
        while not self.ended[lane]:
            kind, value = self._get(lane, idle)
            if kind == "error":
                raise value
            if kind == "end":
                self.ended[lane] = True
                if value is not None:
                    self.memos.append(value)
                return
            yield kind, value
            if kind == "chunk":
                return

    def finish(self, idle: Callable[[], None]) -> None:
        """Wait for every worker's end (and its readings, when asked for)."""
        for lane in range(len(self.procs)):
            for kind, _value in self.take(lane, idle):
                if kind == "chunk":
                    raise TableError("the file changed while it was being imported; import it again")

    def _get(self, lane: int, idle: Callable[[], None]) -> tuple[str, Any]:
        q, proc = self.queues[lane], self.procs[lane]
        while True:
            idle()
            try:
                item: tuple[str, Any] = q.get(timeout=POLL)
                return item
            except queue.Empty:
                if not proc.is_alive():
                    with contextlib.suppress(queue.Empty):
                        late: tuple[str, Any] = q.get(timeout=POLL)
                        return late
                    raise WorkerGone(f"the import's reading process ended unexpectedly (exit code {proc.exitcode}); "
                                     "nothing was imported") from None

    def close(self) -> None:
        """Stop the workers and reap them (terminated, then killed, if they do not stop).

        Nothing is read from the queues once stop is set: a stopped worker exits without flushing
        (``cancel_join_thread``), so its pipe may end inside a message, and reading that message
        would wait for bytes that never come (a hang seen in the cancel test). A worker waiting to
        put sees stop within POLL."""
        self.stop.set()
        for p in self.procs:
            if p.pid is None:
                continue
            p.join(timeout=5)
            if p.is_alive():
                p.terminate()
                p.join(timeout=5)
            if p.is_alive():
                p.kill()
                p.join()
        for q in self.queues:
            q.close()
            q.cancel_join_thread()


def merged_memo(blobs: list[bytes]) -> bytes | None:
    """One pickled memo from the workers' (the first as it is when there is one)."""
    if len(blobs) <= 1:
        return blobs[0] if blobs else None
    merged: Memo = {}
    for blob in blobs:
        for key, values in pickle.loads(blob).items():
            merged.setdefault(key, {}).update(values)
    return pickle.dumps(merged, protocol=pickle.HIGHEST_PROTOCOL)
