"""The main window driven as a coordinator would: pick a posting, read candidates, filter, act."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from ui_data import make_window, seed, settle, type_text  # type: ignore[import-not-found]

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from desk.settings import Settings
from desk.store.db import Database, open_database
from desk.store.models import Posting, PostingSlot
from desk.ui import app as desk_app
from desk.ui.main_window import MainWindow

#: The offscreen platform cannot pass size hints to a window system; harmless, said at every show().
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")



@pytest.fixture
def seeded(sqlite_db: Database) -> Database:
    seed(sqlite_db, registrants=300, postings=20)
    return sqlite_db


@pytest.fixture
def window(qtbot, request: pytest.FixtureRequest) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """The window on the seeded SQLite file, or (tests marked ``on_both``) on PostgreSQL too."""
    on_postgres = getattr(request, "param", "sqlite") == "postgres"
    if on_postgres:
        database = open_database(request.getfixturevalue("pg_url"))
        seed(database, registrants=300, postings=20)
    else:
        database = request.getfixturevalue("seeded")
    w = make_window(qtbot, database)
    yield w
    w.runner.wait()
    w.close()
    if on_postgres:
        database.dispose()  # before the database is dropped


#: The window tests that matter most in team mode run on PostgreSQL as well (the rest stay on SQLite
#: to keep the suite's time reasonable).
on_both = pytest.mark.parametrize(
    "window", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)


def select_posting(qtbot, w: MainWindow, source_id: str = "K1000") -> None:  # type: ignore[no-untyped-def]
    row = next(r for r in range(w.postings.model.rowCount())
               if w.postings.model.row_at(r).source_id == source_id)
    w.postings.select_row(row)
    qtbot.waitUntil(lambda: not w.work.ranking_busy, timeout=10000)
    settle(qtbot, w)


@on_both
def test_postings_pane_lists_postings_with_state_and_fill(window: MainWindow) -> None:
    m = window.postings.model
    assert m.rowCount() == 16  # the 4 ended postings are hidden by default
    window.postings.show_ended.setChecked(True)
    assert m.rowCount() == 20
    row = m.row_at(0)
    assert row.source_id == "K1000" and row.masked and row.changed
    assert "Database:" in window.db_label.text()
    assert "20 postings" in window.counts_label.text()
    assert "keynet-2021-06-01.csv" in window.import_label.text()


def test_quick_filters_and_text_filter(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    p = window.postings
    p.open_only.setChecked(True)
    assert all(p.model.row_at(r).status == "open" for r in range(p.model.rowCount()))
    p.open_only.setChecked(False)
    p.my_block.setChecked(True)  # 関東: 神奈川 and 東京 only
    assert {p.model.row_at(r).pref_code for r in range(p.model.rowCount())} == {"13", "14"}
    p.my_block.setChecked(False)
    type_text(p.filter_edit, "よこはま")
    qtbot.waitUntil(lambda: p.model.rowCount() < 16)
    assert p.model.rowCount() > 0
    assert all("横浜" in p.model.row_at(r).municipality for r in range(p.model.rowCount()))


def test_sorting_the_postings_keeps_the_selection(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.postings.select_row(3)
    selected = window.postings.current_id()
    window.postings.table.sortByColumn(window.postings.model.column_of("venue"), Qt.SortOrder.DescendingOrder)
    assert window.postings.current_id() == selected
    current = window.postings.table.currentIndex().row()
    assert window.postings.model.row_at(current).id == selected


def test_selecting_a_posting_ranks_candidates_and_shows_the_registrant(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_posting(qtbot, window)
    cands = window.candidates
    assert cands.model.rowCount() > 0
    assert "K1000" in cands.header.text()
    cands.table.setFocus()
    cands.select_id(cands.model.row_id(cands.model.row_at(0)))
    settle(qtbot, window)
    name = cands.model.row_at(0).name
    assert name in window.registrant.title.text()
    assert window.registrant.values["name"].text() == name
    assert "Region" in cands.reasons.toPlainText()
    assert window.registrant.grid.cells(), "the week grid shows the registrant's availability"


def test_filter_bar_narrows_candidates_with_typed_japanese(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_posting(qtbot, window)
    before = window.candidates.model.rowCount()
    type_text(window.candidates.filter_edit, "名前:やまだ")
    qtbot.waitUntil(lambda: window.candidates.model.rowCount() < before, timeout=10000)
    qtbot.waitUntil(lambda: not window.work.ranking_busy, timeout=10000)
    names = [window.candidates.model.row_at(r).name for r in range(window.candidates.model.rowCount())]
    assert names and sum(n.startswith("山田") for n in names) >= 0.8 * len(names)


def test_filter_fields_compose_the_query(window: MainWindow) -> None:
    c = window.candidates
    c.fields_button.setChecked(True)
    type_text(c.field_edits["region"], "横浜")
    type_text(c.field_edits["day"], "土")
    c.field_edits["day"].textEdited.emit(c.field_edits["day"].text())
    assert c.filter_edit.text() == "地域:横浜 日:土"


def test_toggle_shows_the_excluded_with_their_reasons(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_posting(qtbot, window)
    c = window.candidates
    assert c.excluded_model.rowCount() > 0
    qtbot.mouseClick(c.excluded_button, Qt.MouseButton.LeftButton)
    assert c.stack.currentIndex() == 1 and c.excluded_table.isVisible()
    assert c.excluded_table.model().index(0, 2).data()
    c.select_id(c.excluded_model.row_id(c.excluded_model.row_at(0)))
    assert "Excluded" in c.reasons.toPlainText()


def test_registrants_tab_loads_lazily_and_filters(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tab = window.registrants_tab
    assert tab.filter is None, "the registry is not read at start-up"
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.filter is not None, timeout=10000)
    assert tab.model.rowCount() == 300
    type_text(tab.filter_edit, "地域:横浜")
    qtbot.waitUntil(lambda: tab.model.rowCount() < 300, timeout=3000)
    assert tab.model.rowCount() > 0
    city = tab.model.table().cities
    assert all("横浜" in city[tab.model._pos[r]] for r in range(tab.model.rowCount()))
    with qtbot.waitSignal(tab.registrant_activated):
        tab.table.doubleClicked.emit(tab.model.index(0, 0))
    settle(qtbot, window)
    assert window.tabs.currentIndex() == 0
    assert window.registrant.registrant is not None


def test_keyboard_moves_between_postings_and_panes(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.postings.select_row(0)
    first = window.postings.current_id()
    window.postings.table.setFocus()
    qtbot.keyClick(window.postings.table, Qt.Key.Key_J)
    assert window.postings.current_id() != first
    qtbot.keyClick(window.postings.table, Qt.Key.Key_K)
    assert window.postings.current_id() == first
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert window.postings.current_id() != first
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.candidates.table.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert window.registrant.tabs.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert window.postings.table.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.postings.filter_edit.hasFocus()
    window.runner.wait()


def test_view_state_is_remembered_between_runs(qtbot, seeded: Database) -> None:  # type: ignore[no-untyped-def]
    w = make_window(qtbot, seeded)
    venue = w.postings.model.column_of("venue")
    w.postings.table.horizontalHeader().resizeSection(venue, 333)
    w.postings.table.sortByColumn(venue, Qt.SortOrder.DescendingOrder)
    w.outer.setSizes([200, 600])
    sizes = w.outer.sizes()
    w.close()
    again = make_window(qtbot, seeded)
    assert again.postings.table.horizontalHeader().sectionSize(venue) == 333
    assert again.postings.table.horizontalHeader().sortIndicatorSection() == venue
    assert again.postings.model.row_at(0).venue >= again.postings.model.row_at(1).venue
    assert again.outer.sizes() == sizes
    again.close()


def test_first_start_on_an_empty_database_offers_demo_or_import(qtbot, sqlite_db: Database,  # type: ignore[no-untyped-def]
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    w = make_window(qtbot, sqlite_db)
    asked: list[str] = []
    calls: list[str] = []
    monkeypatch.setattr(w.actions, "load_demo", lambda: calls.append("demo"))
    monkeypatch.setattr(w.actions, "open_import", lambda: calls.append("import"))
    assert desk_app.first_start(w, ask=lambda _w: asked.append("?") or "demo") == "demo"
    assert desk_app.first_start(w, ask=lambda _w: "import") == "import"
    assert calls == ["demo", "import"] and asked == ["?"]
    w.close()


def test_first_start_says_nothing_when_there_is_data(window: MainWindow) -> None:
    assert desk_app.first_start(window, ask=lambda _w: pytest.fail("asked on a database with data")) == ""


def test_a_dropped_file_is_imported(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    got: list[str] = []
    monkeypatch.setattr(window.actions, "open_import", lambda path=None: got.append(path))
    f = tmp_path / "募集.csv"
    f.write_text("募集ID\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f))])
    assert window._dropped_files(mime) == [str(f)]
    event = QDropEvent(QPoint(10, 10).toPointF(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    QApplication.processEvents()
    assert got == [str(f)]


def test_bad_database_url_is_shown_in_words(monkeypatch: pytest.MonkeyPatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(desk_app, "show_error", lambda _p, title, exc: shown.append((title, str(exc))))
    assert desk_app.open_db("postgresql://nobody@127.0.0.1:1/none") is None
    assert shown and shown[0][0] == "The database could not be opened"


# ---- placements -------------------------------------------------------------------------------

def pick_candidate(qtbot, w: MainWindow, row: int = 0) -> str:  # type: ignore[no-untyped-def]
    c = w.candidates
    c.table.setFocus()
    c.select_id(c.model.row_id(c.model.row_at(row)))
    settle(qtbot, w)
    return str(c.model.row_at(row).name)


@on_both
def test_placement_actions_follow_the_state_and_undo_appends(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_posting(qtbot, window)  # headcount 1
    pick_candidate(qtbot, window)
    acts = window.work.actions
    assert acts["proposed"].isEnabled() and not acts["confirmed"].isEnabled()
    acts["proposed"].trigger()
    settle(qtbot, window)
    assert window.candidates.model.index(0, window.candidates.model.column_of("placement")).data() == "Proposed"
    assert acts["accepted"].isEnabled() and not acts["proposed"].isEnabled()
    acts["accepted"].trigger()
    settle(qtbot, window)
    acts["confirmed"].trigger()
    settle(qtbot, window)
    assert window.postings.row(window.postings.current_id()).filled == 1
    assert "confirmed" in {h["state"] for h in window.registrant.history_model.rows()}
    # A second person on a full posting: asked, and confirmed only when the coordinator says so.
    pick_candidate(qtbot, window, 1)
    asked: list[str] = []
    window.work.ask = lambda kind, *_a: asked.append(kind) or None
    acts["accepted"].trigger()
    settle(qtbot, window)
    assert acts["confirmed"].isEnabled()
    acts["confirmed"].trigger()
    settle(qtbot, window)
    assert asked == ["over_headcount"]
    assert window.postings.row(window.postings.current_id()).filled == 1
    window.work.ask = lambda kind, *_a: "yes"
    acts["confirmed"].trigger()
    settle(qtbot, window)
    assert window.postings.row(window.postings.current_id()).filled == 2
    # Ctrl+Z undoes the last change with a compensating event.
    window.work.undo_action.trigger()
    settle(qtbot, window)
    assert window.postings.row(window.postings.current_id()).filled == 1
    from desk.services import placements

    evs = placements.events(window.db)
    assert evs[-1].undoes_event_id is not None and len(evs) == 6
    window.tabs.setCurrentWidget(window.log_view)
    settle(qtbot, window)
    assert window.log_view.model.rowCount() == 6


@on_both
def test_double_booking_is_refused_in_plain_words(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with window.db.session() as s:
        k1000 = s.scalars(select(Posting).where(Posting.source_id == "K1000")).one()
        s.execute(insert(Posting), [dict(source_id="K9999", municipality_name="横浜市港北区", pref_code="14",
                                         prefecture="神奈川県", city="横浜市港北区", venue_name="別会場",
                                         occupation="doctor", headcount=5, status="open")])
        other = s.scalar(select(Posting.id).where(Posting.source_id == "K9999"))
        s.execute(insert(PostingSlot), [dict(posting_id=other, date=sl.date, start=sl.start, end=sl.end, active=True)
                                        for sl in k1000.slots])
    window.reload()
    settle(qtbot, window)
    select_posting(qtbot, window)
    pick_candidate(qtbot, window)
    for state in ("proposed", "accepted", "confirmed"):
        window.work.actions[state].trigger()
        settle(qtbot, window)
    reg = window.registrant.registrant
    assert reg is not None
    select_posting(qtbot, window, "K9999")
    window.work.select_registrant(reg["id"])
    settle(qtbot, window)
    told: list[str] = []
    window.work.inform = lambda title, text: told.append(text)
    window.work.actions["proposed"].trigger()
    settle(qtbot, window)
    window.work.actions["accepted"].trigger()
    settle(qtbot, window)
    window.work.actions["confirmed"].trigger()
    settle(qtbot, window)
    assert told and "already confirmed elsewhere" in told[0] and "K1000" in told[0]


def test_save_selected_posting_sheet_as_pdf(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    select_posting(qtbot, window)
    pc = window.actions.printing
    pc.choose_audience = lambda: "public"
    target = tmp_path / "sheet.pdf"
    pc.choose_path = lambda _suggested: str(target)
    assert pc.save_pdf() is not None
    settle(qtbot, window)
    assert pc.last_saved == target
    assert target.read_bytes().startswith(b"%PDF")


def test_dates_in_header_use_active_slots(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_posting(qtbot, window)
    assert "6/12" in window.candidates.header.text() and "09:00–17:00" in window.candidates.header.text()


def test_summary_and_log_export(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if window.summary_view is None:
        pytest.skip("desk.services.summary not in this build")
    window.tabs.setCurrentWidget(window.summary_view)
    settle(qtbot, window)
    m = window.summary_view.model
    assert m.headers[0] == "Block" and m.rows[-1][0] == "Total"
    kanto = next(r for r in m.rows if r[0] == "関東")
    assert kanto[-1] > 0
    window.summary_view.choose_path = lambda: str(tmp_path / "summary.csv")
    window.summary_view.export()
    settle(qtbot, window)
    assert window.summary_view.last_saved == tmp_path / "summary.csv"
    assert "関東" in (tmp_path / "summary.csv").read_text(encoding="utf-8-sig")
    window.tabs.setCurrentWidget(window.log_view)
    settle(qtbot, window)
    window.log_view.choose_path = lambda: str(tmp_path / "log.xlsx")
    window.log_view.export()
    settle(qtbot, window)
    assert window.log_view.last_saved == tmp_path / "log.xlsx"


def test_menu_commands_open_the_dialogs_without_blocking(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from desk.ui.controllers.window_actions import action_named

    shortcuts = window.actions.open_shortcuts()
    assert shortcuts is not None and shortcuts.isVisible()
    described = {d for _k, d in shortcuts.shortcuts}
    assert {"Next posting", "Propose", "Print candidate sheet"} <= described
    shortcuts.close()
    settings = window.actions.open_settings()
    assert settings is not None and settings.isVisible()
    settings.saved.emit(Settings(coordinator="tester", home_block="近畿", language="en"))
    settings.close()
    assert window.postings.home_block == "近畿" and window.postings.my_block.isEnabled()
    importer = window.actions.open_import()
    assert importer is not None and importer.isVisible()
    importer.close()
    for name in ("importAction", "settingsAction", "shortcutsAction", "pdfAction", "nextPosting", "pane1Action"):
        act = action_named(window, name)
        assert act is not None and act.isEnabled(), name
    window.runner.wait()


def test_run_app_opens_the_window_on_the_given_database(qtbot, seeded: Database,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from PySide6.QtWidgets import QApplication as QApp

    shown: list[MainWindow] = []
    rows: list[int] = []

    def fake_exec(_app: object = None) -> int:
        QApplication.processEvents()
        shown.extend(w for w in QApp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        for w in shown:
            settle(qtbot, w)
            rows.append(w.postings.model.rowCount())
            w.close()
        return 0

    import desk.ui.i18n

    monkeypatch.setattr(desk.ui.i18n, "install_translator", lambda _app, _lang: True)  # keep the session English
    monkeypatch.setattr(desk_app, "ask_first_start", lambda _w: pytest.fail("asked on a database with data"))
    monkeypatch.setattr(QApp, "exec", fake_exec)
    assert desk_app.run_app(argparse.Namespace(db=str(seeded.engine.url))) == 0
    assert shown and rows == [16]  # ended postings hidden


@pytest.mark.skipif(not __import__("shutil").which("pdftoppm"), reason="pdftoppm (poppler-utils) not installed")
def test_print_preview_shows_the_sheet_pages(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_posting(qtbot, window)
    window.actions.printing.choose_audience = lambda: "coordinator"
    assert window.actions.printing.preview() is not None
    settle(qtbot, window)
    dlg = window.actions.printing.dialogs[-1]
    assert dlg.isVisible()
    from PySide6.QtWidgets import QLabel

    pages = [lab for lab in dlg.findChildren(QLabel) if not lab.pixmap().isNull()]
    assert pages and pages[0].pixmap().width() > 500
    dlg.close()


def test_demo_data_loads_in_a_worker_with_progress(qtbot, sqlite_db: Database) -> None:  # type: ignore[no-untyped-def]
    w = make_window(qtbot, sqlite_db)
    assert w.postings.model.rowCount() == 0
    with qtbot.waitSignal(w.data_reloaded, timeout=60000):
        w.actions.load_demo(registrants=60, postings=8)
    w.postings.show_ended.setChecked(True)
    assert w.postings.model.rowCount() == 8
    assert "60 registrants" in w.counts_label.text()
    w.close()


def test_month_calendar_marks_the_postings_days_against_the_registrants_availability(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_posting(qtbot, window)  # K1000: Saturday 2021-06-12, 9-17
    pick_candidate(qtbot, window)
    cal = window.registrant.calendar
    assert (cal.yearShown(), cal.monthShown()) == (2021, 6)
    assert cal.states.get(dt.date(2021, 6, 12)) == "fits", "the top candidate is free for the slot"


def test_every_shortcut_is_unique(window: MainWindow) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    seen: dict[str, str] = {}
    for act in window.findChildren(QAction):
        for seq in act.shortcuts():
            keys = seq.toString(QKeySequence.SequenceFormat.PortableText)
            assert keys not in seen or seen[keys] == act.text(), f"{keys}: {seen.get(keys)} and {act.text()}"
            seen[keys] = act.text()
    assert {"Ctrl+O", "Ctrl+F", "F6", "Ctrl+1", "Ctrl+Down", "Ctrl+Z", "Ctrl+Shift+P"} <= set(seen)


@on_both
def test_log_view_filters_events_and_undoes_the_selected_one(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_posting(qtbot, window)
    pick_candidate(qtbot, window)
    window.work.actions["proposed"].trigger()
    settle(qtbot, window)
    select_posting(qtbot, window, "K1001")
    pick_candidate(qtbot, window)
    window.work.actions["proposed"].trigger()
    settle(qtbot, window)
    window.work.actions["accepted"].trigger()
    settle(qtbot, window)
    log = window.log_view
    window.tabs.setCurrentWidget(log)
    settle(qtbot, window)
    assert log.model.rowCount() == 3
    log.posting_edit.setText("K1001")
    settle(qtbot, window)
    log.refresh()
    settle(qtbot, window)
    assert log.model.rowCount() == 2
    log.table.selectRow(0)  # newest first: the acceptance
    log.undo_selected()
    settle(qtbot, window)
    assert log.model.rowCount() == 3
    newest = log.model.row_at(0)
    assert newest.undoes_event_id is not None and newest.new_state.value == "proposed"


def test_cancelling_asks_who_cancelled(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_posting(qtbot, window, "K1002")  # headcount 3
    pick_candidate(qtbot, window)
    for state in ("proposed", "accepted", "confirmed"):
        window.work.actions[state].trigger()
        settle(qtbot, window)
    asked: list[str] = []
    window.work.ask = lambda kind, *_a: asked.append(kind) or None
    window.work.actions["cancelled"].trigger()  # the coordinator closes the question: nothing happens
    settle(qtbot, window)
    assert asked == ["cancelled_by"] and window.work.current_state() == "confirmed"
    window.work.ask = lambda kind, *_a: "registrant"
    window.work.actions["cancelled"].trigger()
    settle(qtbot, window)
    assert window.work.current_state() == "cancelled"
    assert not any(a.isEnabled() for a in window.work.actions.values()), "cancelled is final"
    assert window.work.actions["confirmed"] in window.candidates.table.actions()


def test_header_says_what_the_latest_import_changed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    import datetime as _dt

    from desk.store.models import PostingChange

    with window.db.session() as s:
        pid = s.scalar(select(Posting.id).where(Posting.source_id == "K1000"))
        at = _dt.datetime(2021, 6, 1, 9, 5)
        s.add_all([PostingChange(posting_id=pid, field="headcount", old_value="2", new_value="1", at=at),
                   PostingChange(posting_id=pid, field="status", old_value="paused", new_value="open", at=at)])
    select_posting(qtbot, window)
    header = window.candidates.header.text()
    assert "Changed by the latest import" in header
    assert "Headcount: 2 → 1" in header and "State: Paused → Open" in header


def test_closing_the_window_closes_every_tabs_runner(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The plan tab and the duplicates view run their own work: after the window closes, none of
    it may still deliver into deleted widgets, and nothing new starts."""
    from desk.ui.runner import Runner

    runners = window.findChildren(Runner)
    assert window.plan_tab.runner in runners and window.duplicates_view.runner in runners
    window.close()
    ran: list[bool] = []
    for runner in runners:
        runner.run(lambda: ran.append(True))
    qtbot.wait(100)
    assert ran == []
