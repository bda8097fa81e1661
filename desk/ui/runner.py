"""One way to run blocking work off the GUI thread (shaped like picard's thread helper).

``runner.run(fn, *args, on_result=..., on_error=..., on_progress=..., **kwargs)`` runs
``fn(*args, **kwargs)`` in a worker thread; ``on_result(value)`` or ``on_error(exc)`` is then called
in the GUI thread, and an error's traceback is written to the log. ``on_progress(done, total)``,
when given, is passed to ``fn`` as ``progress=`` and delivered in the GUI thread. ``run`` returns a
handle with ``cancel()`` (sets ``cancelled`` which ``fn`` may receive as ``cancelled=`` when
``with_cancel=True``).

This first version wraps the existing TaskRunner; the team-mode work replaces the two older worker
classes with this one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from desk.ui.workers import Task, TaskRunner

log = logging.getLogger("desk.ui")


class Runner(QObject):
    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self._tasks = TaskRunner(self, threads=threads)

    def run(self, fn: Callable[..., Any], *args: Any, on_result: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None,
            on_progress: Callable[[int, int], None] | None = None, **kwargs: Any) -> Task:
        def failed(exc: BaseException) -> None:
            log.error("background work failed: %s", getattr(fn, "__qualname__", fn),
                      exc_info=(type(exc), exc, exc.__traceback__))
            if on_error is not None:
                on_error(exc)
        return self._tasks.start(fn, *args, on_done=on_result, on_error=failed, on_progress=on_progress, **kwargs)

    def busy(self) -> bool:
        return self._tasks.busy()

    def wait(self, msecs: int = 30000) -> bool:
        return self._tasks.wait(msecs)
