"""The hand-out dialog, driven as a coordinator would: recipient and scope typed in Japanese, a
preview before saving, the file saved through the facade, the past hand-outs listed and saved again."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from ui_data import type_text

from PySide6.QtCore import Qt

from desk.app import DeskApp
from desk.services.importer import import_file
from desk.settings import Settings
from desk.store.db import Database
from desk.ui.handout_dialog import HandoutDialog
from desk.ui.runner import Runner

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

HEADER = ["求人番号", "自治体", "都道府県名", "市町村", "接種会場", "会場住所", "募集職種", "募集 人数", "勤務日（予定）",
          "時間帯", "公開区分", "公開状況", "最終更新日"]
ROWS = [["O-1", "大阪市", "大阪府", "大阪市北区", "北区民センター", "大阪府大阪市北区扇町2-1-27", "医師", "2", "2021/6/12",
         "9:00～12:00", "全情報", "公開", "2021/6/1"],
        ["O-2", "さくらクリニック", "大阪府", "堺市堺区", "さくらクリニック 第２会場", "大阪府堺市堺区南瓦町3-1", "看護師",
         "3", "2021/6/13", "13:00～17:00", "マスキング", "公開", "2021/6/1"]]


def test_preview_then_save_then_list_and_save_again(qtbot, sqlite_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *ROWS])
    import_file(sqlite_db, "postings", path)
    app = DeskApp(sqlite_db, Settings(coordinator="佐藤", handout_contact="詳しくは地域医療課までお問い合わせください"))
    runner = Runner()
    dlg = HandoutDialog(app, runner)
    qtbot.addWidget(dlg)
    dlg.show()
    saved = iter([str(tmp_path / "osaka.pdf"), str(tmp_path / "again.pdf")])
    dlg.choose_path = lambda _suffix: next(saved)
    type_text(dlg.recipient.lineEdit(), "大阪府医師会")
    type_text(dlg.prefs, "大阪")
    assert not dlg.save_pdf.isEnabled()  # preview first
    qtbot.mouseClick(dlg.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dlg.save_pdf.isEnabled, timeout=10000)
    text = dlg.preview.toPlainText()
    assert "大阪府医師会 御中" in text and "初回" in text and "O-2" in text and "詳しくは地域医療課" in text
    assert "さくらクリニック" not in text  # masked: only the masked scope
    assert not app.handouts()  # a preview records nothing
    qtbot.mouseClick(dlg.save_pdf, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.past.rowCount() == 1, timeout=10000)
    assert (tmp_path / "osaka.pdf").exists() and "osaka.pdf" in dlg.status.text()
    assert dlg.past.item(0, 2).text() == "大阪府医師会" and dlg.past.item(0, 7).text() == "2"
    dlg.past_view.selectRow(0)
    qtbot.mouseClick(dlg.again, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (tmp_path / "again.pdf").exists(), timeout=10000)
    type_text(dlg.occupations, "獣医")
    qtbot.mouseClick(dlg.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "unknown occupation" in dlg.status.text(), timeout=10000)
    runner.wait()


def test_the_file_menu_opens_the_hand_out_dialog(qtbot, sqlite_db: Database) -> None:
    from desk.ui.main_window import MainWindow

    w = MainWindow(DeskApp(sqlite_db, Settings(coordinator="tester")))
    qtbot.addWidget(w)
    file_menu = w.menuBar().actions()[0].menu()
    assert w.handout_action in file_menu.actions()
    w.handout_action.trigger()
    dlg = w.findChild(HandoutDialog)
    assert dlg is not None and dlg.isVisible()
    qtbot.waitUntil(lambda: not dlg.runner.busy(), timeout=10000)
    dlg.close()
    w.runner.wait()
