"""Reading and normalising a registrant file in worker processes, when DESK_IMPORT_WORKERS asks
(see :func:`lanes_for`: on the two-core machine the pair no longer gains on one process): the
importing process owns the one connection and its transaction and plans and writes every chunk,
while a worker opens the same file and normalises its chunks ahead, handing them over already in
the form the writer stores (JSON as text, dates as ISO text: cheap to pickle, nothing left to
convert). With ``lanes`` workers, worker k takes chunks k, k + lanes, k + 2 * lanes, …

The importing process normalises nothing itself then: it never loads the gazetteer, the readers'
caches or the distinct values' readings, which the worker holds anyway. It reads the same rows and
fingerprints them (which needs none of that), so the two processes share the work about evenly
(100k rows, CP932: 5.0 s CPU here, 5.5 s in the worker; the two peaks summed 265 MB, against 385 MB
when each process normalised half of the chunks).

The workers are started with "spawn" (never a plain fork of a process that runs Qt and threads),
stop when told to or when the importing process is gone, and are always reaped by ``Lanes.close``.
Only this module's functions run in a worker: it imports desk.core and nothing of the store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import pickle
import struct
import sys
import types
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from typing import Any

from desk.core import columns, records
from desk.core.bulk_records import (
    Memo,
    RegistrantColumns,
    normalise_registrant_chunk,
    normalise_registrant_columns,
)
from desk.core.gc_pause import paused_gc
from desk.core.stored_columns import JsonColumns, column_iso
from desk.core.tabular import TableError
from desk.core.tabular_stream import open_table

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
    reference: dt.date
    json_keys: tuple[str, ...]
    date_keys: tuple[str, ...]
    chunk_rows: int
    memo: bytes | None = None  # pickled Memo: the preview's readings, for the commit
    want_memo: bool = False  # hand the readings back at the end (the preview)
    lane: int = 0  # this worker's chunks: those whose number leaves this remainder ...
    stride: int = 1  # ... divided by this


@dataclass
class Normalised:
    """One chunk as a worker hands it over: values in stored form for ``json_keys``/``date_keys``
    (the importing process reads the same rows: it fingerprints them and keeps the rejected ones)."""

    cols: RegistrantColumns
    numbers: list[int]


# --- in the worker -------------------------------------------------------------------------------


class _Stopped(Exception):
    pass


def work(job: Job, out: Connection, stop: Any) -> None:
    """A worker's life: its chunks (``lane`` of every ``stride``) in order, each preceded by its
    progress steps, then ("end", memo); or ("error", exception) and nothing more.

    ``out`` is the write end of a pipe that only this process holds: if it dies inside a message
    the reader sees the end of the file, not a pipe that might still be written to. A send waits
    while the reader has not taken the previous message (so at most one chunk is ready ahead);
    the reader closing its end (stop, or the importing process gone) ends that wait."""
    parent = multiprocessing.parent_process()
    die_mid_send = os.environ.get(DIE_MID_SEND) == "1"

    def send(item: tuple[Any, ...]) -> None:
        if stop.is_set() or (parent is not None and not parent.is_alive()):
            raise _Stopped()
        if die_mid_send and item[0] == "chunk":
            _die_mid_send(out, item)
        try:
            out.send(item)
        except OSError:  # the reader closed its end: stopped, or the importing process is gone
            raise _Stopped() from None

    try:
        memo: Memo = pickle.loads(job.memo) if job.memo else {}
        for item in _normalised(job, memo, send):
            send(item)
        send(("end", pickle.dumps(memo, protocol=pickle.HIGHEST_PROTOCOL) if job.want_memo else None))
    except _Stopped:
        pass
    except BaseException as exc:  # noqa: BLE001 - handed to the importing process, raised there
        with contextlib.suppress(_Stopped):
            send(("error", _picklable(exc)))
    finally:
        out.close()


#: Test only: a worker writes half of its first chunk's message, then ends at once (as if killed).
DIE_MID_SEND = "DESK_TEST_WORKER_DIE_MID_SEND"


def _die_mid_send(out: Connection, item: tuple[Any, ...]) -> None:
    data = ForkingPickler.dumps(item)
    frame = struct.pack("!i", len(data)) + bytes(data[: len(data) // 2])
    fd = out.fileno()
    while frame:
        frame = frame[os.write(fd, frame):]
    os._exit(70)


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
        to_json = JsonColumns()
        for c, (rows, numbers) in enumerate(stream.chunks(job.chunk_rows)):
            if c % job.stride != job.lane:
                continue
            n = len(rows)
            cols, _none = normalise_chunk(rows, job.items, "", (), [], job.reference, memo,
                                          lambda f, n=n: send(("step", f * n)))
            del rows
            for key in job.json_keys:
                cols.values[key] = to_json(cols.values[key])
            for key in job.date_keys:
                cols.values[key] = column_iso(cols.values[key])
            yield ("chunk", Normalised(cols, numbers))
    finally:
        stream.close()


# --- in the importing process --------------------------------------------------------------------


def lanes_for() -> int:
    """How many workers read a file alongside the importing process: none unless
    DESK_IMPORT_WORKERS=N asks for N. Measured on the quiet two-core machine (load ~1, CP932,
    SQLite) once each cell was cleaned once for both its stored value and the fingerprint: 100k rows
    6.8 s in one process against 6.5 s with a worker (medians of 5 alternated runs) for 2.9 s more
    CPU and 56 MB more memory; 1M rows 59 s against 66 s. The importing process's own share
    (reading, fingerprints, planning, writing) now takes as long as the worker's normalising, so the
    pair gains nothing; the option stays for measuring on other machines, and for the tests."""
    wanted = os.environ.get("DESK_IMPORT_WORKERS", "").strip()
    return int(wanted) if wanted.isdigit() else 0


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
    """The running workers of one pass over the file, their chunks handed out in file order.

    Each worker writes to its own pipe; this process keeps only the read ends (a write end is
    closed here as soon as its worker has started), so a worker that dies, even inside a message,
    leaves a pipe at its end: the read fails at once instead of waiting for bytes nobody can send."""

    def __init__(self, job: Job, lanes: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.stop = ctx.Event()
        pipes = [ctx.Pipe(duplex=False) for _ in range(lanes)]
        self.readers: list[Connection] = [r for r, _w in pipes]
        self.procs = [ctx.Process(target=work, args=(replace(job, lane=k, stride=lanes), w, self.stop),
                                  daemon=True, name=f"desk-import-worker-{k}") for k, (_r, w) in enumerate(pipes)]
        self.memos: list[bytes] = []
        self.ended = [False] * lanes
        try:
            with _main_not_imported():
                for p, (_r, w) in zip(self.procs, pipes, strict=True):
                    try:
                        p.start()
                    finally:
                        w.close()  # the worker holds its own copy now
        except BaseException:
            for _r, w in pipes:
                w.close()
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
        """The worker's next message, read only once its first bytes are there (``idle`` asked in
        between). A message cut short by the worker's end is the end of the pipe: WorkerGone."""
        conn, proc = self.readers[lane], self.procs[lane]
        while True:
            idle()
            ready = wait([conn, proc.sentinel], timeout=POLL)
            if conn in ready:  # a message, or the end of the pipe
                try:
                    item: tuple[str, Any] = conn.recv()
                except (EOFError, OSError):
                    break
                return item
            if ready:  # the worker ended and left nothing to read
                break
        proc.join(timeout=5)
        raise WorkerGone(f"the import's reading process ended unexpectedly (exit code {proc.exitcode}); "
                         "nothing was imported")

    def close(self) -> None:
        """Stop the workers and reap them (terminated, then killed, if they do not stop). The read
        ends are closed first: a worker waiting for its message to be read gives up at once."""
        self.stop.set()
        for conn in self.readers:
            conn.close()
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


def merged_memo(blobs: list[bytes]) -> bytes | None:
    """One pickled memo from the workers' (the first as it is when there is one)."""
    if len(blobs) <= 1:
        return blobs[0] if blobs else None
    merged: Memo = {}
    for blob in blobs:
        for key, values in pickle.loads(blob).items():
            merged.setdefault(key, {}).update(values)
    return pickle.dumps(merged, protocol=pickle.HIGHEST_PROTOCOL)
