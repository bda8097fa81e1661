"""Reading and normalising a registrant file in worker processes, so an import uses both cores: the
importing process plans and writes (it owns the one connection and its transaction) while a worker
opens the same file, reads and normalises its chunks ahead, and hands them over already in the
form the writer stores (JSON as text, dates as ISO text: cheap to pickle, nothing left to convert).

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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from desk.core import columns, records
from desk.core.bulk_records import Memo, RegistrantColumns, normalise_registrant_columns
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
#: Chunks the importing process reads and normalises itself while its workers start.
HEAD = 0
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
    lane: int = 0
    lanes: int = 1


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

    LIMIT = 200_000

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
    """A worker's life: its chunks (``lane`` of every ``lanes``) in order, each preceded by its
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
            if c < HEAD or (c - HEAD) % job.lanes != job.lane:
                if sid_col is not None:
                    seen.update(compact_column([row[sid_col] for row in rows]))
                continue
            n = len(rows)
            transposed = list(zip(*rows, strict=False))
            by_field = {fld: list(transposed[i]) for fld, i in job.items}
            hashes = records.row_fingerprints(job.hash_prefix, [transposed[i] for i in job.hash_idx], folded)
            del transposed
            cols = normalise_registrant_columns(by_field, n, import_date=job.reference, memo=memo,
                                                step=lambda f, n=n: send(("step", f * n)))
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
    """How many workers read a file: one for a large CSV file, none for a small one (see MIN_ROWS)
    or a workbook (already read whole by the importing process to find its header; a worker would
    read it again before its first chunk). DESK_IMPORT_WORKERS overrides (0: none; 2 measured no
    faster on a busy two-core machine, and each worker holds its own gazetteer, ~180 MB at 100k)."""
    wanted = os.environ.get("DESK_IMPORT_WORKERS")
    if wanted is not None and wanted.strip().isdigit():
        return int(wanted)
    if stream.sheet is not None or stream.estimated_rows < max(MIN_ROWS, 2 * chunk_rows):
        return 0
    return 1


class WorkerGone(ChildProcessError):
    """A worker process ended without handing over its chunks (killed, out of memory): an OSError,
    so the command line words it plainly."""


class Lanes:
    """The running workers of one pass over the file, their chunks handed out in file order."""

    def __init__(self, job: Job, lanes: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.stop = ctx.Event()
        self.queues = [ctx.Queue(maxsize=AHEAD * 8) for _ in range(lanes)]  # a chunk and its steps
        self.procs = [ctx.Process(target=work, args=(_lane(job, k, lanes), q, self.stop), daemon=True,
                                  name=f"desk-import-worker-{k}") for k, q in enumerate(self.queues)]
        self.memos: list[bytes] = []
        try:
            for p in self.procs:
                p.start()
        except BaseException:
            self.close()
            raise

    def messages(self, idle: Callable[[], None]) -> Iterator[tuple[str, Any]]:
        """("step", fraction) and ("chunk", Normalised) in file order; ``idle`` is called while
        waiting (the place to give up). Raises what a worker raised, or WorkerGone."""
        lane, ended = 0, [False] * len(self.procs)
        while not all(ended):
            kind, value = self._get(lane, idle)
            if kind == "error":
                raise value
            if kind == "end":
                ended[lane] = True
                if value is not None:
                    self.memos.append(value)
                lane = (lane + 1) % len(self.procs)
                continue
            yield kind, value
            if kind == "chunk":
                lane = (lane + 1) % len(self.procs)

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
        """Stop the workers and reap them (terminated, then killed, if they do not stop)."""
        self.stop.set()
        for p, q in zip(self.procs, self.queues, strict=True):
            if p.pid is None:
                continue
            with contextlib.suppress(queue.Empty, OSError, ValueError):  # let a worker blocked on put see stop
                while p.is_alive():
                    q.get(timeout=POLL)
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


def _lane(job: Job, lane: int, lanes: int) -> Job:
    from dataclasses import replace

    return replace(job, lane=lane, lanes=lanes)


def merged_memo(blobs: list[bytes]) -> bytes | None:
    """One pickled memo from the workers' (the first as it is when there is one)."""
    if len(blobs) <= 1:
        return blobs[0] if blobs else None
    merged: Memo = {}
    for blob in blobs:
        for key, values in pickle.loads(blob).items():
            merged.setdefault(key, {}).update(values)
    return pickle.dumps(merged, protocol=pickle.HIGHEST_PROTOCOL)
