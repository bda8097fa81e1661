"""One way to run blocking work off the GUI thread (shaped like picard's thread helper).

``runner.run(fn, *args, on_result=..., on_error=..., on_progress=..., **kwargs)`` runs
``fn(*args, **kwargs)`` in a pool thread; ``on_result(value)`` or ``on_error(exc)`` is then called in
the GUI thread, and an error's traceback is written to the log (desk.logs: the rotating file in the
data folder). ``on_progress(done, total)``, when given, is passed to ``fn`` as ``progress=``
(throttled to a few signals a second) and delivered in the GUI thread.

Keyword arguments the runner keeps for itself (everything else goes to ``fn``):

- ``with_cancel=True`` passes ``cancelled=`` to ``fn``: a callable answering whether the user asked
  to stop (``job.cancel()``).
- ``on_finished()`` runs in the GUI thread after the result or the error callback.
- ``waiting_for="loading the posting"`` names the work for the status bar: when it has not come
  back within ``WAIT_NOTICE_MS`` the runner's ``waiting`` signal says so (and says ``""`` when
  nothing named is pending any more), so the window can tell the coordinator what it waits for.

``run`` returns the :class:`Job` (``cancel()``, ``wait(msecs)``, ``is_done()``).
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

log = logging.getLogger("desk.ui")

#: A job still running after this long is announced through ``Runner.waiting``.
WAIT_NOTICE_MS = 300
#: At most this many progress signals a second reach the GUI thread.
PROGRESS_INTERVAL_S = 0.05


class _Signals(QObject):
    result = Signal(object)
    error = Signal(object)
    progress = Signal(int, int)


class _Progress:
    """The ``progress(done, total)`` callable handed to the work: throttled, no reference to the job."""

    def __init__(self, signals: _Signals) -> None:
        self.signals = signals
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self._last >= PROGRESS_INTERVAL_S:
            self._last = now
            self.signals.progress.emit(int(done), int(total))


class _State:
    """What the GUI thread knows of a job; the callbacks hold this, never the job (no cycle through it)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.delivered = False
        self.started_at = time.monotonic()


class Job(QRunnable):
    """One piece of work in the pool. Its callbacks arrive in the GUI thread (queued signals)."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], label: str) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps it until its thread has let go of it
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = _Signals()
        self.state = _State(label)
        self._cancel = threading.Event()
        self._done = threading.Event()

    def run(self) -> None:
        try:
            value = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread to show and log
            self.signals.error.emit(exc)
        else:
            self.signals.result.emit(value)
        finally:
            self._done.set()

    def cancel(self) -> None:
        """Ask the work to stop; it stops at its next look at ``cancelled()``."""
        self._cancel.set()

    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def is_done(self) -> bool:
        return self._done.is_set()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the work has returned (used when a window closes with work under way)."""
        return self._done.wait(msecs / 1000)


class Runner(QObject):
    """The window's pool of worker threads: every database call from the window goes through it."""

    #: What the window waits for ("" once nothing named is pending).
    waiting = Signal(str)

    def __init__(self, parent: QObject | None = None, threads: int = 4) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._alive: list[Job] = []
        self._closed = False  # the window is gone: no new work, and late results are dropped
        self._announced = ""
        self._notice = QTimer(self)
        self._notice.setSingleShot(True)
        self._notice.timeout.connect(self._announce)

    def run(self, fn: Callable[..., Any], *args: Any, on_result: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None,
            on_progress: Callable[[int, int], None] | None = None, **kwargs: Any) -> Job:
        with_cancel = bool(kwargs.pop("with_cancel", False))
        on_finished: Callable[[], None] | None = kwargs.pop("on_finished", None)
        label = str(kwargs.pop("waiting_for", "") or "")
        self._prune()
        job = Job(fn, args, kwargs, label)
        if self._closed:  # e.g. a late callback of the closed window asking for more: nothing runs
            job.state.delivered = True
            job._done.set()
            return job
        if on_progress is not None:
            kwargs["progress"] = _Progress(job.signals)
            job.signals.progress.connect(on_progress)
        if with_cancel:
            kwargs["cancelled"] = job._cancel.is_set
        name = getattr(fn, "__qualname__", repr(fn))
        state = job.state

        def result(value: object) -> None:
            if self._closed or not shiboken6.isValid(self):  # its widgets may be deleted already
                state.delivered = True
                return
            try:
                if on_result is not None:
                    on_result(value)
            finally:
                self._delivered(state, on_finished)

        def error(exc: BaseException) -> None:
            log.error("background work failed: %s", name, exc_info=(type(exc), exc, exc.__traceback__))
            if self._closed or not shiboken6.isValid(self):
                state.delivered = True
                return
            try:
                if on_error is not None:
                    on_error(exc)
            finally:
                self._delivered(state, on_finished)

        job.signals.result.connect(result)
        job.signals.error.connect(error)
        self._alive.append(job)
        if label and not self._notice.isActive():
            self._notice.start(WAIT_NOTICE_MS)
        self.pool.start(job)
        return job

    # ---- bookkeeping (GUI thread)
    def _delivered(self, state: _State, on_finished: Callable[[], None] | None) -> None:
        state.delivered = True
        if self._announced and not self.pending_labels():
            self._announced = ""
            self.waiting.emit("")
        if on_finished is not None:
            on_finished()

    def pending_labels(self) -> list[str]:
        return [j.state.label for j in self._alive if j.state.label and not j.state.delivered]

    def _announce(self) -> None:
        now = time.monotonic()
        labels = self.pending_labels()
        due = [j.state.label for j in self._alive if j.state.label and not j.state.delivered
               and now - j.state.started_at >= WAIT_NOTICE_MS / 1000]
        if due:
            text = due[-1]
            if text != self._announced:
                self._announced = text
                self.waiting.emit(text)
        if labels:
            self._notice.start(WAIT_NOTICE_MS // 2)

    def _prune(self) -> None:
        # A Python-owned QRunnable must not be freed while a pool thread is still returning from
        # its run(): finished jobs are let go only while no thread is running anything.
        if self.pool.activeThreadCount() == 0:
            self._alive = [j for j in self._alive if not (j.is_done() and j.state.delivered)]

    def busy(self) -> bool:
        return any(not j.is_done() for j in self._alive)

    def idle(self) -> bool:
        """Every job's callbacks have run (tests wait for this before looking at the window)."""
        return all(j.state.delivered for j in self._alive)

    def wait(self, msecs: int = 30000) -> bool:
        ok = bool(self.pool.waitForDone(msecs))
        if ok:
            self._prune()
        return ok

    def close(self, msecs: int = 30000) -> bool:
        """The window closes: start nothing more, drop the results still on their way (their
        widgets are going away), and wait for the work under way to return."""
        self._closed = True
        self._notice.stop()
        for job in self._alive:  # long work that can stop early (a plan, an import) stops now
            job._cancel.set()
        return self.wait(msecs)


class MainThreadGC(QObject):
    """Python's cyclic garbage collector, run only in the GUI thread while windows are open.

    A collection triggered by an allocation in a worker thread may free Qt objects that belong to
    the GUI thread (found crashing the test suite: "Garbage-collecting" inside a ranking task).
    While at least one guard is active, automatic collection is off and a timer collects here.
    """

    _users = 0

    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._collect)
        self._active = False
        self._ticks = 0

    def start(self) -> None:
        if self._active:
            return
        self._active = True
        if MainThreadGC._users == 0:
            gc.disable()
        MainThreadGC._users += 1
        self._timer.start()

    def stop(self) -> None:
        if not self._active:
            return
        self._active = False
        self._timer.stop()
        MainThreadGC._users -= 1
        if MainThreadGC._users == 0:
            gc.enable()

    def _collect(self) -> None:
        # Young objects every second, everything every half minute (cheap enough between keystrokes).
        self._ticks += 1
        gc.collect(2 if self._ticks % 30 == 0 else 0)
