"""The window follows colleagues' changes by itself: the posting's fill, the log tab and who is
calling whom (PostgreSQL: within 2 s, two logins; SQLite: within 5 s); proposing someone a colleague
is calling asks first; solo mode asks the coordinator's name once and never uses the OS login."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from team_db import Team, seed

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desk.app import DeskApp
from desk.cli import main
from desk.services import placements as log
from desk.settings import Settings, load_settings
from desk.store.db import Database, open_database
from desk.store.models import PlacementEvent, Posting, Registrant
from desk.ui.live import attach_live
from desk.ui.main_window import MainWindow
from desk.ui.name_dialog import NameDialog, ensure_coordinator_name

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def open_window(qtbot, db: Database, settings: Settings) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(DeskApp(db, settings))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(w.runner.idle, timeout=15000)  # the postings load in a worker: wait for the first reads
    return w


def fill_of(w: MainWindow, db: Database, source_id: str) -> int:
    with db.session() as s:
        pid = s.scalar(select(Posting.id).where(Posting.source_id == source_id))
    row = w.postings.row(int(pid))
    return int(row.filled) if row else -1


def pick(qtbot, w: MainWindow, posting: str, registrant: str) -> None:  # type: ignore[no-untyped-def]
    """The coordinator selects the posting in the list and the candidate (the window reads both in
    workers), and has the placement actions for them in front of them."""
    model = w.postings.model

    def row_of() -> int | None:
        return next((r for r in range(model.rowCount()) if model.row_at(r).source_id == posting), None)
    qtbot.waitUntil(lambda: row_of() is not None, timeout=10000)
    w.postings.select_row(row_of())
    qtbot.waitUntil(lambda: not w.work.ranking_busy, timeout=10000)
    with w.db.session() as s:
        rid = s.scalar(select(Registrant.id).where(Registrant.source_id == registrant))
    w.work.select_registrant(int(rid))
    qtbot.waitUntil(lambda: (w.registrant.registrant or {}).get("source_id") == registrant, timeout=10000)
    qtbot.waitUntil(w.runner.idle, timeout=10000)


def show_from(w: MainWindow, other: Database, posting: str, registrant: str) -> None:
    """The work view shows the posting and the registrant as read through the facade on ``other``."""
    app = DeskApp(other, Settings())
    with other.session() as s:
        pid = s.scalar(select(Posting.id).where(Posting.source_id == posting))
        rid = s.scalar(select(Registrant.id).where(Registrant.source_id == registrant))
    w.work._posting = app.posting_detail(int(pid))
    w.registrant.show_registrant(app.registrant_detail(int(rid)))


def events_of(db: Database, registrant: str) -> list[str]:
    return [e.new_state.value for e in log.events(db, registrant_source_id=registrant)]


@pytest.fixture
def solo(qtbot, sqlite_db: Database) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    seed(sqlite_db)
    w = open_window(qtbot, sqlite_db, Settings(coordinator="伊藤"))
    yield w
    w.runner.wait()


def test_sqlite_window_sees_a_colleagues_confirmation_within_5_s(qtbot, solo: MainWindow,  # type: ignore[no-untyped-def]
                                                                 sqlite_url: str) -> None:
    live = attach_live(solo, poll=1.0)
    solo.tabs.setCurrentWidget(solo.log_view)
    assert solo.log_view.model.rowCount() == 0 and fill_of(solo, solo.db, "K-1") == 0
    colleague = open_database(sqlite_url)  # another desk on the same file
    for state in ("proposed", "accepted", "confirmed"):
        log.transition(colleague, "K-1", "R-1", state, coordinator="佐藤")
    colleague.dispose()
    qtbot.waitUntil(lambda: fill_of(solo, solo.db, "K-1") == 1, timeout=5000)
    qtbot.waitUntil(lambda: solo.log_view.model.rowCount() == 3, timeout=5000)
    live.feed.stop()


def test_proposing_someone_a_colleague_is_calling_asks_first(qtbot, solo: MainWindow,  # type: ignore[no-untyped-def]
                                                             sqlite_url: str) -> None:
    live = attach_live(solo, poll=0.2)
    assert main(["--db", sqlite_url, "call", "K-1", "R-1", "--by", "佐藤"]) == 0
    qtbot.waitUntil(lambda: "佐藤" in live.calls_label.text(), timeout=5000)
    assert "山田 花子" in live.calls_label.text()
    pick(qtbot, solo, "K-1", "R-1")
    asked: list[str] = []
    solo.work.ask = lambda kind, title, text, choices: asked.append(text) or None  # type: ignore[assignment,func-returns-value]
    assert solo.work.apply("proposed") is False  # asked (and refused) before anything is written
    assert asked and "佐藤" in asked[0] and "山田 花子" in asked[0]
    qtbot.waitUntil(solo.runner.idle, timeout=5000)
    with solo.db.session() as s:
        assert s.scalars(select(PlacementEvent)).all() == []
    solo.work.ask = lambda kind, title, text, choices: "yes"  # type: ignore[assignment]
    assert solo.work.apply("proposed") is not False  # the window applies it asynchronously
    qtbot.waitUntil(lambda: len(events_of(solo.db, "R-1")) == 1, timeout=5000)
    qtbot.waitUntil(lambda: live.calls_label.text() == "", timeout=5000)  # an outcome ends the call
    # my own call does not ask me
    pick(qtbot, solo, "K-2", "R-2")
    live.call_button.click()  # the button on the candidate (Ctrl+Shift+L does the same)
    qtbot.waitUntil(lambda: any(c.registrant_source_id == "R-2" for c in live.feed.calls), timeout=5000)
    assert live.calls_label.text() == ""
    asked.clear()
    solo.work.ask = lambda kind, title, text, choices: asked.append(kind) or None  # type: ignore[assignment,func-returns-value]
    assert solo.work.apply("proposed") is not False and asked == []
    qtbot.waitUntil(lambda: len(events_of(solo.db, "R-2")) == 1, timeout=5000)
    live.feed.stop()


def test_solo_first_start_asks_the_name_once_never_the_os_login(qtbot, sqlite_db: Database) -> None:  # type: ignore[no-untyped-def]
    assert Settings().coordinator == ""  # not getpass.getuser() (root on a sheet)
    w = open_window(qtbot, sqlite_db, load_settings())
    asked: list[int] = []
    assert ensure_coordinator_name(w, ask=lambda: asked.append(1) or "山田 太郎") == "山田 太郎"
    assert load_settings().coordinator == "山田 太郎" and w.settings.coordinator == "山田 太郎"
    assert ensure_coordinator_name(w, ask=lambda: asked.append(1) or "x") == "山田 太郎" and asked == [1]
    w.runner.wait()


def test_the_name_dialog_does_not_block_the_window(qtbot, sqlite_db: Database) -> None:  # type: ignore[no-untyped-def]
    w = open_window(qtbot, sqlite_db, load_settings())
    assert ensure_coordinator_name(w) == ""  # returns at once: the dialog is window-modal, not exec()
    dialog = w.findChild(NameDialog)
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # a name is needed
    dialog.edit.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString("鈴木 一郎")
    QApplication.sendEvent(dialog.edit, event)
    assert ok.isEnabled()
    ok.click()
    assert load_settings().coordinator == "鈴木 一郎" and w.settings.coordinator == "鈴木 一郎"
    w.runner.wait()


@pytest.mark.postgres
def test_team_window_follows_another_login_within_2_s(qtbot, team: Team) -> None:  # type: ignore[no-untyped-def]
    db = team.open("ito")
    w = open_window(qtbot, db, Settings())
    live = attach_live(w)
    qtbot.waitUntil(lambda: w.settings.coordinator == "伊藤 健", timeout=5000)  # the login's display name
    qtbot.wait(300)  # the feed is listening
    assert main(["--db", team.url("sato"), "call", "K-1", "R-1"]) == 0
    qtbot.waitUntil(lambda: "佐藤 花子" in live.calls_label.text(), timeout=2000)
    sato = team.open("sato")
    for state in ("accepted", "confirmed"):
        log.transition(sato, "K-1", "R-1", state)
    sato.dispose()
    qtbot.waitUntil(lambda: fill_of(w, db, "K-1") == 1, timeout=2000)
    qtbot.waitUntil(lambda: live.calls_label.text() == "", timeout=2000)
    w.tabs.setCurrentWidget(w.log_view)
    qtbot.waitUntil(lambda: w.log_view.model.rowCount() == 2, timeout=5000)  # read in a worker
    live.feed.stop()
    w.runner.wait()
    db.dispose()


@pytest.mark.postgres
def test_a_viewers_window_says_the_database_refused_in_plain_words(qtbot, team: Team) -> None:  # type: ignore[no-untyped-def]
    db = team.open("kim")
    w = open_window(qtbot, db, Settings())
    live = attach_live(w)
    owner = open_database(team.owner_url)
    show_from(w, owner, "K-2", "R-2")  # (a viewer cannot read registrants: the pane is filled from the owner's side)
    told: list[tuple[str, str]] = []
    w.work.inform = lambda title, text: told.append((title, text))  # type: ignore[assignment]
    w.work.apply("proposed")  # asynchronous: the refusal comes back from the runner
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    assert events_of(owner, "R-2") == []
    owner.dispose()
    assert told and told[0][0] == "Not allowed for your login" and "permission denied" in told[0][1]
    live.feed.stop()
    w.runner.wait()
    db.dispose()


def test_a_colleagues_call_attempt_shows_in_my_candidate_list(qtbot, solo: MainWindow,  # type: ignore[no-untyped-def]
                                                              sqlite_url: str) -> None:
    """Sato phones 山田 花子 about K-1 and logs 不在 on another desk: my candidate list says so at
    once, so I do not phone her again a minute later."""
    live = attach_live(solo, poll=0.2)
    pick(qtbot, solo, "K-1", "R-1")
    assert not solo.candidates.model._contacts  # noqa: SLF001 - nobody called yet
    assert main(["--db", sqlite_url, "call-log", "K-1", "R-1", "不在", "--by", "佐藤"]) == 0
    qtbot.waitUntil(lambda: "不在" in str(solo.candidates.model._contacts.get("R-1", ("",))[0]),  # noqa: SLF001
                    timeout=5000)
    live.feed.stop()


def test_a_colleague_pausing_a_candidate_takes_them_off_my_list_and_back(qtbot, solo: MainWindow,  # type: ignore[no-untyped-def]
                                                                          sqlite_url: str) -> None:
    """Sato hears on the phone that 山田 花子 is away for a month and sets her to 休止 on another
    desk: she leaves my candidate list by herself, while the pane keeps showing her with the new
    state; set back to 有効, she is listed again. Before, the list kept her until I picked another
    posting, and I might phone her."""
    live = attach_live(solo, poll=0.2)
    pick(qtbot, solo, "K-1", "R-1")
    with solo.db.session() as s:
        r1 = int(s.scalar(select(Registrant.id).where(Registrant.source_id == "R-1")))
    model = solo.candidates.model
    qtbot.waitUntil(lambda: model.row_of_id(r1) >= 0, timeout=5000)
    assert main(["--db", sqlite_url, "registrant", "set", "R-1", "state", "休止", "--by", "佐藤"]) == 0
    qtbot.waitUntil(lambda: model.row_of_id(r1) < 0, timeout=5000)
    qtbot.waitUntil(lambda: (solo.registrant.registrant or {}).get("state") == "paused", timeout=5000)
    assert (solo.registrant.registrant or {}).get("source_id") == "R-1"  # the pane still shows her
    assert main(["--db", sqlite_url, "registrant", "set", "R-1", "state", "有効", "--by", "佐藤"]) == 0
    qtbot.waitUntil(lambda: model.row_of_id(r1) >= 0, timeout=5000)
    live.feed.stop()
