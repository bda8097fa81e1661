"""The calling day in the window: override asked with Cancel as default, withdrawn refused, partial
confirm books exactly the ticked slots, call attempts one key from the candidate, the call-backs and
re-contact docks, registrant edits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from desk.app import DeskApp
from desk.cli import main
from desk.services import calls, placements
from desk.settings import Settings
from desk.store.db import Database
from desk.store.models import Posting, PostingSlot, Registrant
from desk.ui.main_window import MainWindow
from desk.ui.override_dialog import OverrideDialog
from desk.ui.partial_confirm_dialog import PartialConfirmDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

D = dt.date(2021, 6, 12)


def seed(db: Database) -> None:
    with db.session() as s:
        for sid, venue, slots, headcount in (("K-1", "港北公会堂", [(D, 9, 12), (D + dt.timedelta(days=1), 9, 12)], 1),
                                             ("K-2", "新横浜会場", [(D, 10, 13)], 3)):
            p = Posting(source_id=sid, occupation="doctor", headcount=headcount, venue_name=venue, pref_code="14",
                        prefecture="神奈川県", municipality_name="横浜市港北区", city="横浜市港北区", status="open")
            p.slots = [PostingSlot(date=d, start=dt.time(a), end=dt.time(b)) for d, a, b in slots]
            s.add(p)
        s.add_all([
            Registrant(source_id="R-1", name="山田 花子", occupation="doctor", phone="090-1111-2222",
                       home_pref_code="14", home_prefecture="神奈川県"),
            Registrant(source_id="R-2", name="鈴木 一郎", occupation="clerk", home_pref_code="14"),
            Registrant(source_id="R-3", name="高橋 四郎", occupation="doctor", state="withdrawn", home_pref_code="14"),
            Registrant(source_id="R-4", name="伊藤 五月", occupation="doctor", home_pref_code="14",
                       availability=[{"from": None, "to": None, "days": 127, "start": 0, "end": 1440}]),
        ])


@pytest.fixture
def window(qtbot, sqlite_db: Database) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    seed(sqlite_db)
    w = MainWindow(DeskApp(sqlite_db, Settings(coordinator="佐藤", home_block="関東")))
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    w.work.inform = lambda _title, text: pytest.fail(f"told: {text}")  # a test that expects words replaces it
    yield w
    w.runner.wait()


def settle(qtbot, w: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Wait until every job the window started (and those their callbacks started) has come back:
    window actions are asynchronous (the facade runs on desk.ui.runner.Runner)."""
    qtbot.waitUntil(w.runner.idle, timeout=10000)


def pick(qtbot, w: MainWindow, posting: str, registrant: str) -> None:  # type: ignore[no-untyped-def]
    """Select the posting in the list and the registrant in the work view, as the coordinator would,
    and wait until the placement actions for that pair are offered."""
    model = w.postings.model

    def row_of() -> int | None:
        return next((r for r in range(model.rowCount()) if model.row_at(r).source_id == posting), None)
    qtbot.waitUntil(lambda: row_of() is not None, timeout=10000)  # the postings list is read in a worker
    w.postings.select_row(row_of())
    qtbot.waitUntil(lambda: not w.work.ranking_busy, timeout=10000)
    with w.db.session() as s:
        rid = s.query(Registrant.id).filter(Registrant.source_id == registrant).scalar()
    w.work.select_registrant(int(rid))
    qtbot.waitUntil(lambda: (w.registrant.registrant or {}).get("source_id") == registrant, timeout=10000)
    settle(qtbot, w)


def test_an_excluded_registrant_needs_an_override_with_cancel_as_the_default(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, "K-1", "R-2")  # a clerk on a physician posting
    window.work.actions["proposed"].trigger()
    settle(qtbot, window)
    assert placements.placement_state(window.db, "K-1", "R-2").value == "proposed"
    seen: list[QDialog] = []

    def refuse(dlg: QDialog) -> bool:
        seen.append(dlg)
        assert isinstance(dlg, OverrideDialog)
        cancel = dlg.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel.isDefault() and not dlg.ok.isEnabled()  # Enter cancels; no reason, no override
        return False
    window.calls.exec_dialog = refuse
    window.work.actions["accepted"].trigger()
    settle(qtbot, window)
    assert seen and placements.placement_state(window.db, "K-1", "R-2").value == "proposed"

    def accept(dlg: QDialog) -> bool:
        assert isinstance(dlg, OverrideDialog)
        dlg.reason.setText("医師免許を確認済み")
        return True
    window.calls.exec_dialog = accept
    window.work.actions["accepted"].trigger()
    settle(qtbot, window)
    events = placements.events(window.db, registrant_source_id="R-2")
    assert events[-1].new_state.value == "accepted" and events[-1].override_reason == "医師免許を確認済み"


def test_a_withdrawn_registrant_is_refused_in_the_window(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, "K-1", "R-3")
    told: list[str] = []
    window.work.inform = lambda _title, text: told.append(text)
    window.work.actions["proposed"].trigger()
    settle(qtbot, window)
    assert told and "withdrawn" in told[0] and placements.events(window.db) == []


def test_over_headcount_question_defaults_to_cancel(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    found: list[Any] = []

    def check() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        found.append(box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel))
        box.reject()
    QTimer.singleShot(0, check)
    from desk.ui.controllers.work_controller import ask_with_message_box

    answer = ask_with_message_box(window)("over_headcount", "full", "Confirm anyway?", [("yes", "Confirm")])
    assert answer is None and found == [True]


def test_partial_confirm_books_exactly_the_ticked_slots_and_names_the_clash(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for state in ("accepted", "confirmed"):
        placements.transition(window.db, "K-2", "R-4", state)  # 6/12 10:00-13:00 at 新横浜会場
    pick(qtbot, window, "K-1", "R-4")
    window.work.actions["accepted"].trigger()
    settle(qtbot, window)
    texts: list[str] = []

    def tick(dlg: QDialog) -> bool:
        assert isinstance(dlg, PartialConfirmDialog)
        texts.extend(dlg.list.item(i).text() for i in range(dlg.list.count()))
        assert dlg.list.item(0).checkState() == Qt.CheckState.Unchecked
        assert dlg.list.item(1).checkState() == Qt.CheckState.Checked
        return True
    window.calls.exec_dialog = tick
    window.work.actions["confirmed"].trigger()
    settle(qtbot, window)
    assert "新横浜会場" in texts[0] and "K-2" in texts[0]
    booked = [b.slot.date for b in placements.bookings_of(window.db, "R-4") if b.posting_source_id == "K-1"]
    assert booked == [D + dt.timedelta(days=1)]


def test_a_call_attempt_is_one_key_from_the_candidate_and_shows_everywhere(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, "K-1", "R-1")
    window.calls.call_actions["no_answer"].trigger()
    window.calls.call_actions["no_answer"].trigger()
    qtbot.waitUntil(lambda: len(calls.contacts(window.db)) == 2, timeout=5000)
    qtbot.waitUntil(lambda: window.calls.contacts.model.rowCount() == 2, timeout=5000)
    model = window.candidates.model
    col = model.column_of("contact")
    row = next(r for r in range(model.rowCount()) if model.row_at(r).source_id == "R-1")
    qtbot.waitUntil(lambda: "不在×2" in str(model.index(row, col).data()), timeout=5000)
    assert str(model.index(row, col).data()).endswith("(2)")
    assert window.calls.call_actions["no_answer"].shortcut().toString() == "F7"
    # A call-back already due shows in the dock and is announced.
    window.calls.ask_text = lambda *_a: "2021-01-01 09:00"
    window.calls.call_actions["callback"].trigger()
    qtbot.waitUntil(lambda: window.calls.callbacks.model.rowCount() == 1, timeout=5000)
    assert "090-1111-2222" in window.calls.callbacks.model.index(0, 2).data()


def test_calls_logged_before_the_posting_is_opened_show_when_it_opens(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Yesterday's 不在 (or a colleague's) is in the last-contact column the first time the posting
    is opened today, not only after a call is logged from this window."""
    assert main(["--db", str(window.db.engine.url), "call-log", "K-2", "R-1", "不在", "--by", "伊藤"]) == 0
    pick(qtbot, window, "K-2", "R-1")
    model = window.candidates.model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).source_id == "R-1")
    qtbot.waitUntil(lambda: "不在" in str(model.index(row, model.column_of("contact")).data()), timeout=5000)


def test_registrant_edit_dialog_records_the_changed_fields(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, "K-1", "R-1")

    def edit(dlg: QDialog) -> bool:
        dlg.phone.setText("090-9999-8888")  # type: ignore[attr-defined]
        dlg.state.setCurrentIndex(dlg.state.findData("paused"))  # type: ignore[attr-defined]
        return True
    window.calls.exec_dialog = edit
    window.calls.edit_action.trigger()
    from desk.services import registrant_edits

    qtbot.waitUntil(lambda: len(registrant_edits.edits(window.db)) == 2, timeout=5000)
    assert {(e.field, e.new_value, e.coordinator) for e in registrant_edits.edits(window.db)} == {
        ("phone", "090-9999-8888", "佐藤"), ("state", "paused", "佐藤")}


def test_a_due_call_back_opens_its_posting_and_registrant(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, "K-1", "R-1")
    window.calls.ask_text = lambda *_a: "2021-01-01 09:00"
    window.calls.call_actions["callback"].trigger()
    dock = window.calls.callbacks
    qtbot.waitUntil(lambda: dock.model.rowCount() == 1, timeout=5000)
    assert dock.isVisible()  # a due call-back opens the (closed by default) dock
    other = next(r for r in range(window.postings.model.rowCount())
                 if window.postings.model.row_at(r).source_id != "K-1")
    window.postings.select_row(other)  # the coordinator has moved on
    window.work.select_registrant(0)
    settle(qtbot, window)
    dock.table.doubleClicked.emit(dock.model.index(0, 0))
    k1 = next(window.postings.model.row_at(r).id for r in range(window.postings.model.rowCount())
              if window.postings.model.row_at(r).source_id == "K-1")
    qtbot.waitUntil(lambda: window.postings.current_id() == k1, timeout=5000)
    qtbot.waitUntil(lambda: (window.registrant.registrant or {}).get("source_id") == "R-1", timeout=5000)
