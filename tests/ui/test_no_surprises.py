"""No surprises: the candidate filter follows the setting between postings and always shows itself;
an empty list says 該当なし with the closest registrant; the printed sheet names the filter."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from ui_data import make_window, seed, settle, type_text  # type: ignore[import-not-found]

from PySide6.QtWidgets import QApplication

from desk.store.db import Database
from desk.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(qtbot, sqlite_db: Database) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    seed(sqlite_db, registrants=300, postings=20)
    w = make_window(qtbot, sqlite_db)
    yield w
    w.runner.wait()
    w.close()


def pick(qtbot, w: MainWindow, posting_id: int) -> None:  # type: ignore[no-untyped-def]
    assert w.postings.select_id(posting_id)
    qtbot.waitUntil(lambda: not w.work.ranking_busy, timeout=10000)
    settle(qtbot, w)


def set_filter(qtbot, w: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    w.candidates.filter_edit.clear()
    type_text(w.candidates.filter_edit, text)
    qtbot.waitUntil(lambda: w.work._filter == text, timeout=5000)
    qtbot.waitUntil(lambda: not w.work.ranking_busy, timeout=10000)
    settle(qtbot, w)


def test_each_posting_keeps_its_own_filter_and_a_new_one_starts_unfiltered(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, 1)
    everyone = window.candidates.model.rowCount()
    set_filter(qtbot, window, "地域:横浜")
    narrowed = window.candidates.model.rowCount()
    assert narrowed < everyone
    note = window.candidates.filter_note
    assert note.isVisible() and "横浜" in note.text()
    pick(qtbot, window, 2)
    assert window.candidates.filter_edit.text() == "" and not note.isVisible()
    assert window.work._filter == ""
    pick(qtbot, window, 1)
    assert window.candidates.filter_edit.text() == "地域:横浜" and note.isVisible()
    assert window.candidates.model.rowCount() == narrowed


def test_the_clear_setting_clears_the_filter_on_every_change(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.app.settings.candidate_filter = "clear"
    pick(qtbot, window, 1)
    set_filter(qtbot, window, "地域:横浜")
    pick(qtbot, window, 2)
    pick(qtbot, window, 1)
    assert window.candidates.filter_edit.text() == ""
    assert not window.candidates.filter_note.isVisible()


def test_an_empty_list_says_no_match_with_the_closest_registrant(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, 1)
    set_filter(qtbot, window, "メモ:ドイツ語 名前:やまだはなこ")
    settle(qtbot, window)
    assert window.candidates.model.rowCount() == 0
    assert "該当なし" in window.candidates.count_label.text()
    qtbot.waitUntil(lambda: "山田 花子" in window.candidates.reasons.toPlainText(), timeout=5000)


def test_the_candidate_filter_finds_a_registrant_by_id(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, 1)
    rid = window.candidates.model.row_at(3).registrant_id
    source = window.candidates.model.row_at(3).source_id
    set_filter(qtbot, window, source.lower())
    assert [r.registrant_id for r in window.candidates.model._rows] == [rid]


def test_the_printed_sheet_names_the_filter(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, 1)
    set_filter(qtbot, window, "地域:横浜")
    p = window.actions.printing
    p.choose_audience = lambda: "coordinator"
    p.choose_path = lambda _s: str(tmp_path / "sheet.pdf")
    p.save_pdf()
    settle(qtbot, window)
    text = subprocess.run(["pdftotext", str(tmp_path / "sheet.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "絞り込み: 地域:横浜" in text


def test_years_show_when_not_this_year_and_ended_postings_hide_until_asked(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from desk.ui.models.postings_model import short_date

    assert short_date(dt.date(2021, 6, 12), today=dt.date(2021, 1, 5)) == "6/12"
    assert short_date(dt.date(2027, 6, 12), today=dt.date(2021, 1, 5)) == "2027/6/12"
    m = window.postings.model
    dates = m.index(0, m.column_of("dates")).data()
    assert dates.startswith("2021/6/")  # the seeded postings are in 2021, not this year
    pick(qtbot, window, 1)
    assert "2021/6/" in window.candidates.header.text()
    statuses = {m.row_at(r).status for r in range(m.rowCount())}
    assert "ended" not in statuses
    window.postings.show_ended.setChecked(True)
    assert "ended" in {m.row_at(r).status for r in range(m.rowCount())}


def test_the_masked_column_is_a_narrow_icon(window: MainWindow) -> None:
    from PySide6.QtCore import Qt

    m = window.postings.model
    col = m.column_of("masked")
    assert window.postings.table.columnWidth(col) <= 32
    masked = next(r for r in range(m.rowCount()) if m.row_at(r).masked)
    assert m.index(masked, col).data() == ""
    assert m.index(masked, col).data(Qt.ItemDataRole.DecorationRole) is not None
    assert m.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "Masked"


def test_demo_into_a_database_with_data_asks_and_its_rows_are_marked(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    asked: list[tuple[int, int]] = []
    window.actions.ask_demo = lambda p, r: asked.append((p, r)) or False
    window.actions.offer_demo()
    settle(qtbot, window)
    assert asked == [(20, 300)]
    assert window.postings.model.rowCount() == 16  # nothing added
    window.actions.ask_demo = lambda p, r: True
    with qtbot.waitSignal(window.data_reloaded, timeout=60000):
        window.actions.offer_demo()
        settle(qtbot, window, timeout=60000)
    m = window.postings.model
    demo = [m.row_at(r) for r in range(m.rowCount()) if m.row_at(r).demo]
    assert demo and all(r.source_id.startswith("P21-") for r in demo)
    row = m.row_of_id(demo[0].id)
    assert "demo" in m.index(row, m.column_of("flags")).data()
    assert not any(m.row_at(r).demo for r in range(m.rowCount()) if m.row_at(r).source_id.startswith("K"))
    # a demo registrant says so in the registrant pane; a seeded (real) one does not
    window.work.show_registrant(301)
    settle(qtbot, window)
    assert "[demo]" in window.registrant.title.text()
    window.work.show_registrant(1)
    settle(qtbot, window)
    assert "[demo]" not in window.registrant.title.text()


def test_the_demo_question_defaults_to_cancel(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    seen: list[object] = []

    def answer() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        seen.append(box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel))
        seen.append(box.informativeText())
        box.defaultButton().click()

    QTimer.singleShot(200, answer)
    assert window.actions._ask_demo(20, 300) is False
    assert seen[0] is True and "20" in str(seen[1])


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_the_first_layout_shows_15_posting_rows_when_the_screen_allows(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                          size: tuple[int, int]) -> None:
    from desk.ui.layout_defaults import MIN_CANDIDATES_HEIGHT, apply_default_sizes

    window.postings.show_ended.setChecked(True)
    window.resize(*size)
    qtbot.wait(50)
    apply_default_sizes(window)
    qtbot.wait(50)
    table = window.postings.table
    visible = table.viewport().height() // table.verticalHeader().defaultSectionSize()
    if size[1] >= 1000:
        assert visible >= 15
    assert window.lower.height() >= min(MIN_CANDIDATES_HEIGHT, window.outer.height() // 2) - 10
    # the search box in the menu bar keeps its width
    assert window.find.box.width() >= 200


def test_the_guide_shows_ten_steps_with_screenshots(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    dlg = window.actions.open_guide()
    assert dlg.isVisible()
    html = dlg.browser.toHtml()
    for n in range(1, 11):
        assert f"{n}. " in dlg.browser.toPlainText()
    assert "Ctrl+K" in dlg.browser.toPlainText()
    for name in ("import-dialog.png", "main-window.png", "global-search.png"):
        assert name in html
        image = dlg.browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert image is not None and not image.isNull(), name
    dlg.close()


def propose_and_accept(qtbot, w: MainWindow) -> str:  # type: ignore[no-untyped-def]
    pick(qtbot, w, 1)
    c = w.candidates
    c.select_id(c.model.row_id(c.model.row_at(0)))
    settle(qtbot, w)
    for state in ("proposed", "accepted"):
        w.work.actions[state].trigger()
        settle(qtbot, w)
    return str(c.model.row_at(0).name)


def test_the_log_filters_by_a_date_range_and_history_shows_every_step(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate

    propose_and_accept(qtbot, window)
    steps = window.registrant.history_model.index(0, window.registrant.history_model.column_of("steps")).data()
    assert "Proposed" in steps and "→" in steps and "Accepted" in steps
    log = window.log_view
    window.tabs.setCurrentWidget(log)
    settle(qtbot, window)
    assert log.model.rowCount() == 2
    log.until_box.setChecked(True)
    log.until.setDate(QDate.currentDate().addDays(-1))
    settle(qtbot, window)
    assert log.model.rowCount() == 0
    log.until.setDate(QDate.currentDate())
    settle(qtbot, window)
    assert log.model.rowCount() == 2
    log.since_box.setChecked(True)
    log.since.setDate(QDate.currentDate().addDays(1))
    settle(qtbot, window)
    assert log.model.rowCount() == 0


def test_a_summary_cell_opens_the_postings_behind_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    s = window.summary_view
    window.tabs.setCurrentWidget(s)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: s.model.result is not None, timeout=5000)
    result = s.model.result
    occs = list(result.occupations)
    block, occ = next((b, o) for b in result.blocks for o in occs if result.open[b][o] > 0)
    s.open_cell(s.model.index(result.blocks.index(block), occs.index(occ) + 1))
    assert window.tabs.currentIndex() == 0
    m = window.postings.model
    rows = [m.row_at(r) for r in range(m.rowCount())]
    assert rows and all(r.occupation == occ and r.status == "open" and r.filled < r.headcount for r in rows)
    assert sum(r.headcount - r.filled for r in rows) == result.open[block][occ]
    assert window.postings.cell_label.isVisible() and block in window.postings.cell_label.text()
    window.postings.cell_clear.click()
    assert not window.postings.cell_label.isVisible() and m.rowCount() > len(rows)


def test_a_saved_filter_is_recalled_from_the_menu_and_kept_in_the_settings(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                              tmp_path: Path) -> None:
    from desk.settings import load_settings

    pick(qtbot, window, 1)
    set_filter(qtbot, window, "地域:横浜 日:土")
    sf = window.saved_filters
    sf.ask_name = lambda _t: "横浜の土曜"
    sf.rebuild()
    save = next(a for a in sf.menu.actions() if a.objectName() == "saveFilterAction")
    assert save.isEnabled()
    save.trigger()
    settle(qtbot, window)
    assert load_settings().saved_filters == {"横浜の土曜": "地域:横浜 日:土"}
    window.candidates.filter_edit.clear()
    sf.rebuild()
    recall = next(a for a in sf.menu.actions() if a.text().startswith("横浜の土曜"))
    recall.trigger()
    qtbot.waitUntil(lambda: window.work._filter == "地域:横浜 日:土", timeout=5000)
    sf.forget("横浜の土曜")
    settle(qtbot, window)
    assert load_settings().saved_filters == {}
