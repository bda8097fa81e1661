"""The one runner: results and errors come back in the GUI thread, errors are logged with their
traceback, progress is delivered, work can be cancelled, and what the window waits for is said."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from PySide6.QtCore import QThread

from desk.ui.runner import Runner


@pytest.fixture
def runner(qapp) -> Runner:  # type: ignore[no-untyped-def]
    r = Runner()
    yield r
    r.wait()


def test_result_arrives_in_the_gui_thread(qtbot, runner: Runner) -> None:  # type: ignore[no-untyped-def]
    got: list[tuple[object, bool]] = []
    worker_thread: list[bool] = []

    def work(a: int, b: int = 0) -> int:
        worker_thread.append(QThread.currentThread() is not qtbot_thread)
        return a + b

    qtbot_thread = QThread.currentThread()
    finished: list[bool] = []
    runner.run(work, 2, b=3, on_result=lambda v: got.append((v, QThread.currentThread() is qtbot_thread)),
               on_finished=lambda: finished.append(True))
    qtbot.waitUntil(runner.idle, timeout=5000)
    assert got == [(5, True)] and worker_thread == [True] and finished == [True]


def test_an_error_is_logged_with_its_traceback_and_handed_back(qtbot, runner: Runner,  # type: ignore[no-untyped-def]
                                                               caplog: pytest.LogCaptureFixture) -> None:
    def boom() -> None:
        raise ValueError("no such posting")

    errors: list[BaseException] = []
    with caplog.at_level(logging.ERROR, logger="desk.ui"):
        runner.run(boom, on_error=errors.append)
        qtbot.waitUntil(runner.idle, timeout=5000)
    assert len(errors) == 1 and str(errors[0]) == "no such posting"
    record = next(r for r in caplog.records if "background work failed" in r.getMessage())
    assert record.exc_info is not None and "boom" in record.getMessage()


def test_progress_and_cancel(qtbot, runner: Runner) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[int, int]] = []
    started = threading.Event()

    def long_work(progress, cancelled) -> str:  # type: ignore[no-untyped-def]
        for i in range(1, 1001):
            started.set()
            if cancelled():
                return f"stopped at {i}"
            progress(i, 1000)
            time.sleep(0.002)
        return "done"

    out: list[str] = []
    job = runner.run(long_work, on_result=out.append, on_progress=lambda d, t: seen.append((d, t)), with_cancel=True)
    assert started.wait(5)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    job.cancel()
    qtbot.waitUntil(runner.idle, timeout=5000)
    assert out and out[0].startswith("stopped at") and job.cancel_requested()
    assert all(t == 1000 for _d, t in seen) and len(seen) < 1000, "progress is throttled"


def test_the_window_is_told_what_it_waits_for(qtbot, runner: Runner) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    said: list[str] = []
    runner.waiting.connect(said.append)
    runner.run(release.wait, 10, waiting_for="the posting")
    qtbot.waitUntil(lambda: said == ["the posting"], timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: said == ["the posting", ""], timeout=5000)
    # Quick work is not announced at all.
    runner.run(lambda: 1, waiting_for="quick")
    qtbot.waitUntil(runner.idle, timeout=5000)
    qtbot.wait(400)
    assert said == ["the posting", ""]


def test_after_close_late_results_are_dropped_and_nothing_new_runs(qtbot, runner: Runner) -> None:  # type: ignore[no-untyped-def]
    """A window closing with work under way: the result that comes back afterwards must not touch
    its (deleted) widgets, and a callback asking for more work starts nothing."""
    release = threading.Event()
    got: list[object] = []
    ran: list[bool] = []
    runner.run(lambda: release.wait(5) and "late", on_result=got.append, on_error=got.append)
    threading.Timer(0.2, release.set).start()
    assert runner.close(5000)  # waits for the work under way; its result is still queued
    qtbot.wait(100)  # the queued result is delivered now, to nobody
    job = runner.run(lambda: ran.append(True), on_result=got.append)
    qtbot.wait(100)
    assert got == [] and ran == [] and job.is_done() and runner.idle()


def test_closing_stops_long_work_that_can_stop(qtbot, runner: Runner) -> None:  # type: ignore[no-untyped-def]
    """Closing the window during a long plan does not keep the window hanging until it ends: work
    that can be cancelled is told to stop, and the close returns once it has."""
    started = threading.Event()
    steps: list[int] = []

    def long_plan(cancelled) -> str:  # type: ignore[no-untyped-def]
        for i in range(3000):  # 30 s unless told to stop
            started.set()
            if cancelled():
                steps.append(i)
                return "stopped"
            time.sleep(0.01)
        return "done"

    runner.run(long_plan, with_cancel=True)
    assert started.wait(5)
    t = time.monotonic()
    assert runner.close(30000)
    assert steps and time.monotonic() - t < 10
