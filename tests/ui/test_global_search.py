"""Find anyone from anywhere: Ctrl+K or the tool-bar box, results by kind, Enter opens the record."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from ui_data import make_window, seed, settle, type_text  # type: ignore[import-not-found]

from PySide6.QtCore import Qt

from desk.store.db import Database
from desk.store.models import Registrant
from desk.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


@pytest.fixture
def window(qtbot, sqlite_db: Database) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    seed(sqlite_db, registrants=300, postings=20)
    w = make_window(qtbot, sqlite_db)
    yield w
    w.runner.wait()
    w.close()


def registrant(db: Database, rid: int) -> Registrant:
    with db.session() as s:
        r = s.scalar(select(Registrant).where(Registrant.id == rid))
        assert r is not None
        s.expunge(r)
        return r


def search(qtbot, w: MainWindow, text: str | None = None, via_box: bool = False):  # type: ignore[no-untyped-def]
    if via_box:
        w.find.box.setText(text or "")
        qtbot.keyClick(w.find.box, Qt.Key.Key_Return)
        dlg = w.find.dialog
    else:
        qtbot.keyClick(w, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
        dlg = w.find.dialog
        assert dlg is not None and dlg.isVisible()
        if text is not None:
            dlg.edit.clear()
            type_text(dlg.edit, text)
            dlg.run_search()
    settle(qtbot, w)
    assert dlg is not None
    qtbot.waitUntil(lambda: dlg.results is not None, timeout=5000)
    return dlg


def test_ctrl_k_finds_a_registrant_by_phone_in_another_format_and_enter_opens_them(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    r = registrant(window.db, 42)
    digits = "".join(ch for ch in r.phone if ch.isdigit())
    typed = f"{digits[:3]} {digits[3:7]} {digits[7:]}"  # spaces instead of the stored hyphens
    dlg = search(qtbot, window, typed)
    hits = dlg.hits_shown()
    assert hits[0].entry.registrant_id == 42 and hits[0].exact
    assert "Registrants" in dlg.tree.topLevelItem(0).text(0)
    qtbot.keyClick(dlg.edit, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert not dlg.isVisible()
    assert window.tabs.currentIndex() == 0
    assert window.registrant.registrant is not None and window.registrant.registrant["id"] == 42


def test_a_name_groups_registrants_first_exact_ones_first(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    r = registrant(window.db, 7)
    dlg = search(qtbot, window, r.name.replace(" ", ""))
    hits = dlg.hits_shown()
    assert hits[0].exact and hits[0].entry.kind == "registrant"
    assert all(h.entry.label == r.name for h in hits if h.exact)
    assert "exact" in dlg.status.text() or "完全" in dlg.status.text()
    # the reading in katakana and the romaji find the same people
    dlg2 = search(qtbot, window, r.name_kana.replace("は", "ハ"))
    assert {h.entry.id for h in dlg2.hits_shown() if h.exact} >= {7}


def test_the_tool_bar_box_finds_a_posting_by_id_and_opens_it_even_when_filtered_out(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.postings.open_only.setChecked(True)  # K1004 is ended: hidden by this quick filter
    settle(qtbot, window)
    assert window.postings.model.row_of_id(5) < 0
    dlg = search(qtbot, window, "k1004", via_box=True)
    first = dlg.hits_shown()[0]
    assert first.entry.kind == "posting" and first.entry.source_id == "K1004" and first.exact
    assert dlg.open_current()
    qtbot.waitUntil(lambda: window.postings.current_id() == 5, timeout=5000)
    assert not window.postings.open_only.isChecked()


def test_no_match_says_so(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dlg = search(qtbot, window, "zzzqqq@nowhere.example")
    assert dlg.hits_shown() == []
    assert "該当なし" in dlg.status.text()


def test_a_placement_opens_its_posting_with_the_registrant_picked(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    source_id = "K1000"
    window.postings.select_id(1)
    qtbot.waitUntil(lambda: not window.work.ranking_busy, timeout=10000)
    settle(qtbot, window)
    c = window.candidates
    c.select_id(c.model.row_id(c.model.row_at(0)))
    settle(qtbot, window)
    name = str(c.model.row_at(0).name)
    window.work.actions["proposed"].trigger()
    settle(qtbot, window)
    window.postings.select_row(3)
    settle(qtbot, window)
    dlg = search(qtbot, window, name)
    placement = next(h for h in dlg.hits_shown() if h.entry.kind == "placement")
    dlg.tree.setCurrentItem(next(dlg.tree.topLevelItem(i) for i in range(dlg.tree.topLevelItemCount())
                                 if dlg.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole + 1) is placement))
    assert dlg.open_current()
    qtbot.waitUntil(lambda: window.registrant.registrant is not None
                    and window.registrant.registrant["name"] == name, timeout=10000)
    settle(qtbot, window)
    assert window.postings.row(window.postings.current_id()).source_id == source_id
    assert window.candidates.current_id() == placement.entry.registrant_id


def test_the_first_search_says_how_far_its_preparation_is_and_the_window_stays_responsive(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """No index kept yet: the first search reads every registrant; the dialog counts them as they
    are read while the window keeps answering, then shows the hits."""
    import threading
    import time

    from desk.services import index_cache
    from desk.services import search as search_store

    index_cache.clear(window.db)
    real = search_store.build_registrant_index
    gate = threading.Event()

    def held_up(db: Database, chunk: int = 0, progress=None):  # type: ignore[no-untyped-def]
        def heard(done: int) -> None:
            if done:
                time.sleep(0.1)  # past the runner's throttle: this count reaches the dialog
            progress(done)
            if done:
                gate.wait(20)  # the build stops after its first chunk until the test has looked

        return real(db, chunk=100, progress=heard)

    monkeypatch.setattr(search_store, "build_registrant_index", held_up)
    r = registrant(window.db, 42)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dlg = window.find.dialog
    assert dlg is not None
    type_text(dlg.edit, r.source_id)
    dlg.run_search()
    qtbot.waitUntil(lambda: "100" in dlg.status.text() and "300" in dlg.status.text(), timeout=10000)
    assert "準備" in dlg.status.text() or "Preparing" in dlg.status.text()
    assert dlg.results is None
    window.tabs.setCurrentIndex(1)  # the window answers while the search is being prepared
    assert window.tabs.currentIndex() == 1
    window.tabs.setCurrentIndex(0)
    gate.set()
    qtbot.waitUntil(lambda: dlg.results is not None, timeout=10000)
    assert dlg.hits_shown()[0].entry.registrant_id == 42
    assert "100" not in dlg.status.text() or "準備" not in dlg.status.text()


def test_a_registry_changing_under_the_search_is_said_in_the_dialog(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from desk.services import search as search_store

    monkeypatch.setattr(search_store, "registrants_touched", lambda _db: ("moved on",))
    r = registrant(window.db, 9)
    dlg = search(qtbot, window, r.source_id)
    assert dlg.results is not None and dlg.results.changing
    assert dlg.hits_shown()[0].entry.registrant_id == 9
    assert "少し前" in dlg.status.text() or "a moment old" in dlg.status.text()
