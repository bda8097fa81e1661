"""Long work off the interface thread: a QObject worker moved to a QThread, reporting by signals.

``Task`` runs one function ``fn(progress, cancelled)`` in its own thread. ``progress(done, total)``
may be called from the worker as often as it likes (it is throttled to a few signals per second);
``cancelled()`` returns True once the user asked to stop, which is what the import service's
``cancel`` callback wants. The result, the exception or the cancellation comes back as a signal in
the interface thread; the thread is torn down afterwards.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class _Worker(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object, str)
    done = Signal()

    def __init__(self, fn: Work) -> None:
        super().__init__()
        self.fn = fn
        self.stop = threading.Event()
        self._last_emit = 0.0

    def _progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self._last_emit >= 0.05:
            self._last_emit = now
            self.progressed.emit(int(done), int(total))

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self._progress, self.stop.is_set)
        except BaseException as exc:  # noqa: BLE001 - reported to the interface thread
            details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            self.failed.emit(exc, details)
        else:
            self.succeeded.emit(result)
        finally:
            self.done.emit()


class Task(QObject):
    """One background job. Signals arrive in the thread that created the Task."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object, str)
    finished = Signal()

    def __init__(self, fn: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("deskTask")
        self._worker = _Worker(fn)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self.progressed)
        self._worker.succeeded.connect(self.succeeded)
        self._worker.failed.connect(self.failed)
        self._worker.done.connect(self._thread.quit)
        self._thread.finished.connect(self._finish)
        self._running = False

    def start(self) -> None:
        self._running = True
        self._thread.start()

    def cancel(self) -> None:
        """Ask the work to stop; it stops at its next check of ``cancelled()``."""
        self._worker.stop.set()

    @property
    def cancel_requested(self) -> bool:
        return self._worker.stop.is_set()

    def is_running(self) -> bool:
        return self._running

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the thread ends (used when a window closes with work under way)."""
        return self._thread.wait(msecs)

    def _finish(self) -> None:
        # QThread.finished is sent just before the thread really ends: wait for it, so the Task (and
        # its QThread) may be deleted by whoever receives ``finished``.
        self._thread.wait()
        self._running = False
        self.finished.emit()
