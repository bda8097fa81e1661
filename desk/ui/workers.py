"""Run slow service calls off the GUI thread and get the result back as a signal.

``Task(fn, *args)`` runs ``fn`` in a QThreadPool; ``finished(result)`` or ``failed(exc)`` arrive in
the GUI thread (queued). A ``progress(done, total)`` callable is passed to ``fn`` when asked for.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal


class TaskSignals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


def _emit_progress(signals: TaskSignals, done: int, total: int) -> None:
    signals.progress.emit(int(done), int(total))


class Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], *args: Any, with_progress: bool = False, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = TaskSignals()
        self.cancelled = threading.Event()
        #: Set as run() ends; the runner frees the task only once no pool thread is running anything.
        self.done = threading.Event()
        self.delivered = False  # its finished/failed signal has reached the GUI thread
        if with_progress:
            # A partial over the signals, not a lambda over self: no reference cycle through the task.
            self.kwargs["progress"] = partial(_emit_progress, self.signals)

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread to show
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)
        finally:
            self.done.set()


class TaskRunner(QObject):
    """A small pool owned by the window.

    Tasks are kept referenced until no pool thread is running (a Python-owned QRunnable must not be
    freed while its thread is still returning from run()); the callbacks hold no reference to the
    task, so nothing is destroyed from inside its own signal.
    """

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._alive: list[Task] = []

    def start(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[BaseException], None] | None = None,
              on_progress: Callable[[int, int], None] | None = None, **kwargs: Any) -> Task:
        self._prune()
        task = Task(fn, *args, with_progress=on_progress is not None, **kwargs)
        self._alive.append(task)
        if on_done is not None:
            task.signals.finished.connect(on_done)
        if on_error is not None:
            task.signals.failed.connect(on_error)
        if on_progress is not None:
            task.signals.progress.connect(on_progress)
        # Connected last: runs after the callbacks, so a task is freed only once they have run.
        task.signals.finished.connect(self._delivered)
        task.signals.failed.connect(self._delivered)
        self.pool.start(task)
        return task

    def _delivered(self, _result: object = None) -> None:
        signals = self.sender()
        for t in self._alive:
            if t.signals is signals:
                t.delivered = True

    def _prune(self) -> None:
        if self.pool.activeThreadCount() == 0:
            self._alive = [t for t in self._alive if not (t.done.is_set() and t.delivered)]

    def busy(self) -> bool:
        return any(not t.done.is_set() for t in self._alive)

    def wait(self, msecs: int = 30000) -> bool:
        ok = self.pool.waitForDone(msecs)
        if ok:
            self._prune()
        return ok


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
