"""Export history and the postings list from the File menu, driven as a coordinator would."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from ui_data import seed, settle, type_text  # type: ignore[import-not-found]

from PySide6.QtCore import Qt

from desk.app import DeskApp
from desk.services.exports import ExportInfo, PlacementFilters, export_placements, list_exports
from desk.services.posting_exports import export_postings
from desk.settings import Settings
from desk.store.db import Database
from desk.ui.controllers.window_actions import action_named
from desk.ui.exports_dialog import ExportsDialog
from desk.ui.main_window import MainWindow
from desk.ui.models.exports_model import ExportsModel
from desk.ui.postings_export_dialog import PostingsExportDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

UTC = dt.UTC


def info(i: int, kind: str, who: str, rows: int, at: dt.datetime, **filters: object) -> ExportInfo:
    return ExportInfo(i, kind, f"/home/desk/export-{i}.csv", who, at, dict(filters), rows)


def test_exports_model_passes_the_model_tester_and_sorts_in_python(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = ExportsModel()
    base = dt.datetime(2021, 6, 12, 0, 30, tzinfo=UTC)
    model.set_rows([info(1, "placements", "佐藤", 40, base, municipality="横浜", format="csv"),
                    info(2, "postings_public", "田中", 120, base + dt.timedelta(hours=2), status="open"),
                    info(3, "sheet_coordinator", "佐藤", 7, base + dt.timedelta(days=1),
                         postings=["K-1", "K-2"], top=None),
                    info(4, "something_new", "", 0, base + dt.timedelta(days=2))])
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "When", "Who", "What", "File", "Filters", "Rows"]
    # When in local time; what in words; unknown kinds as recorded; filters without empty values.
    assert model.index(0, 0).data() == base.astimezone().strftime("%Y-%m-%d %H:%M")
    assert [model.index(r, 2).data() for r in range(4)] == [
        "Placement log", "Postings list (public)", "Candidate sheet", "something_new"]
    assert model.index(0, 4).data() == "municipality=横浜; format=csv"
    assert model.index(2, 4).data() == "postings=K-1, K-2"
    model.sort(model.column_of("rows"), Qt.SortOrder.DescendingOrder)
    assert [model.row_at(r).id for r in range(4)] == [2, 1, 3, 4]
    model.sort(model.column_of("at"), Qt.SortOrder.DescendingOrder)
    assert [model.row_at(r).id for r in range(4)] == [4, 3, 2, 1]
    model.sort(model.column_of("coordinator"), Qt.SortOrder.AscendingOrder)
    assert [model.row_at(r).coordinator for r in range(4)] == ["", "佐藤", "佐藤", "田中"]
    # Exports that hold personal data or unmasked postings say so; the public list does not.
    tips = {model.row_at(r).kind: model.index(r, 2).data(Qt.ItemDataRole.ToolTipRole) for r in range(4)}
    assert "personal data" in tips["placements"] and "personal data" in tips["sheet_coordinator"]
    assert tips["postings_public"] is None


@pytest.fixture
def seeded(sqlite_db: Database) -> Database:
    seed(sqlite_db, registrants=30, postings=20)
    return sqlite_db


def test_history_dialog_lists_exports_newest_first_sorts_and_filters(qtbot, seeded: Database,  # type: ignore[no-untyped-def]
                                                                     tmp_path: Path) -> None:
    export_placements(seeded, tmp_path / "実績.xlsx", PlacementFilters(municipality="横浜"), coordinator="佐藤")
    export_postings(seeded, tmp_path / "公開.csv", coordinator="田中")
    export_postings(seeded, tmp_path / "内部.xlsx", audience="coordinator", coordinator="佐藤")
    dlg = ExportsDialog(DeskApp(seeded, Settings(coordinator="tester")))
    qtbot.addWidget(dlg)
    dlg.show()
    settle(qtbot, dlg)
    m = dlg.model
    assert [m.index(r, m.column_of("kind")).data() for r in range(m.rowCount())] == [
        "Postings list (internal)", "Postings list (public)", "Placement log"]
    assert m.index(1, m.column_of("coordinator")).data() == "田中"
    assert m.index(1, m.column_of("file_name")).data() == str(tmp_path / "公開.csv")
    assert m.index(1, m.column_of("rows")).data() == 12  # the open postings of the seed
    assert "municipality=横浜" in m.index(2, m.column_of("filters")).data()
    assert dlg.count.text() == "3 of 3 exports"
    # Sorting by a header click happens in the model; the newest-first order comes back.
    dlg.table.sortByColumn(m.column_of("coordinator"), Qt.SortOrder.AscendingOrder)
    assert [m.row_at(r).coordinator for r in range(3)] == ["佐藤", "佐藤", "田中"]
    dlg.table.sortByColumn(m.column_of("at"), Qt.SortOrder.DescendingOrder)
    assert [m.row_at(r).kind for r in range(3)] == ["postings_coordinator", "postings_public", "placements"]
    # The filter: who (typed in Japanese), what in words, several words together.
    type_text(dlg.filter_edit, "佐藤")
    qtbot.waitUntil(lambda: m.rowCount() == 2)
    assert dlg.count.text() == "2 of 3 exports"
    dlg.filter_edit.setText("POSTINGS 佐藤")
    dlg.apply_filter()
    assert [m.row_at(r).kind for r in range(m.rowCount())] == ["postings_coordinator"]
    dlg.filter_edit.setText("ｘｌｓｘ")  # full-width: width folded
    dlg.apply_filter()
    assert m.rowCount() == 2
    dlg.filter_edit.clear()
    dlg.apply_filter()
    export_postings(seeded, tmp_path / "again.csv", coordinator="鈴木")
    dlg.reload_button.click()
    settle(qtbot, dlg)
    assert m.rowCount() == 4 and m.row_at(0).coordinator == "鈴木"
    dlg.close()


def test_audience_dialog_defaults_to_the_public_list(qtbot) -> None:  # type: ignore[no-untyped-def]
    dlg = PostingsExportDialog()
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.public_radio.isChecked() and dlg.audience() == "public" and dlg.status() == "open"
    assert not dlg.warning.isVisible()
    qtbot.mouseClick(dlg.internal_radio, Qt.MouseButton.LeftButton)
    assert dlg.audience() == "coordinator" and dlg.warning.isVisible()
    dlg.open_only.setChecked(False)
    assert dlg.status() == "all"
    dlg.close()


@pytest.fixture
def window(qtbot, seeded: Database) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    w = MainWindow(DeskApp(seeded, Settings(coordinator="tester", home_block="関東")))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    settle(qtbot, w)
    yield w
    w.runner.wait()
    w.close()


def test_file_menu_exports_the_public_postings_list_by_default(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                tmp_path: Path) -> None:
    act = action_named(window, "exportPostingsAction")
    assert act is not None and act.isEnabled()
    file_menu = window.menuBar().actions()[0].menu()
    assert act in file_menu.actions() and action_named(window, "exportHistoryAction") in file_menu.actions()
    # The handler behind the menu item, with a path: the public list, masked postings reduced.
    target = tmp_path / "募集一覧.xlsx"
    window.actions.export_postings_to(target)
    settle(qtbot, window)
    assert window.actions.last_saved == target
    assert str(target) in window.statusBar().currentMessage()
    assert "12 postings" in window.statusBar().currentMessage() and "public" in window.statusBar().currentMessage()
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    header = list(rows[0])
    k1000 = next(r for r in rows if r[0] == "K1000")  # masked in the seed
    assert k1000[header.index("会場名")] == "（非公開）" and k1000[header.index("地域")] == "神奈川県横浜市港北区"
    assert "マスキング" not in header
    # The menu item asks who the list is for and where it goes (stand-ins here: no modal dialogs).
    asked: list[str] = []
    window.actions.choose_postings_export = lambda: ("coordinator", "all")
    window.actions.choose_postings_path = lambda audience: asked.append(audience) or str(tmp_path / "internal.csv")
    act.trigger()
    settle(qtbot, window)
    assert asked == ["coordinator"] and (tmp_path / "internal.csv").exists()
    assert "internal" in window.statusBar().currentMessage() and "20 postings" in window.statusBar().currentMessage()
    text = (tmp_path / "internal.csv").read_text(encoding="utf-8-sig")
    assert "横浜市港北区集団接種会場1" in text and "マスキング" in text
    # Cancelled at either question: nothing is written, nothing recorded.
    window.actions.choose_postings_export = lambda: None
    act.trigger()
    window.actions.choose_postings_export = lambda: ("public", "open")
    window.actions.choose_postings_path = lambda _audience: None
    act.trigger()
    assert [(r.kind, r.coordinator, r.rows) for r in list_exports(window.db)] == [
        ("postings_coordinator", "tester", 20), ("postings_public", "tester", 12)]


def test_file_menu_opens_the_export_history_without_blocking(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                             tmp_path: Path) -> None:
    window.actions.export_postings_to(tmp_path / "a.csv")
    settle(qtbot, window)
    action_named(window, "exportHistoryAction").trigger()
    settle(qtbot, window)
    dlg = next(d for d in window.actions.dialogs if isinstance(d, ExportsDialog))
    assert dlg.isVisible() and dlg.model.rowCount() == 1
    assert dlg.model.index(0, dlg.model.column_of("coordinator")).data() == "tester"
    # A new export while the history is open shows up in it.
    window.actions.export_postings_to(tmp_path / "b.xlsx", "coordinator")
    settle(qtbot, window)
    assert dlg.model.rowCount() == 2 and dlg.model.row_at(0).kind == "postings_coordinator"
    dlg.close()
    assert dlg not in window.actions.dialogs


def test_in_japanese_the_audience_choice_reads_as_the_desk_says_it(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QLocale

    from desk.ui.i18n import install_translator, remove_translators

    locale = QLocale()
    try:
        assert install_translator(qapp, "ja")
        dlg = PostingsExportDialog()
        qtbot.addWidget(dlg)
        assert (dlg.public_radio.text(), dlg.internal_radio.text()) == ("公開用（マスキング適用）", "内部用（全情報）")
        model = ExportsModel()
        model.set_rows([info(1, "postings_public", "佐藤", 3, dt.datetime(2021, 6, 12, tzinfo=UTC))])
        assert model.index(0, 2).data() == "募集一覧（公開用）" and model.headerData(0, Qt.Orientation.Horizontal) == "日時"
        dlg.close()
    finally:
        remove_translators(qapp)
        QLocale.setDefault(locale)
