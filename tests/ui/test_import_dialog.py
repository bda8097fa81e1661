"""The import window on real CP932 files, driven as a coordinator would."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox

from desk.app import DeskApp
from desk.services import importer
from desk.settings import Settings
from desk.store.db import Database
from desk.store.models import ColumnMapping, ImportBatch, Posting
from desk.ui.i18n import remove_translators
from desk.ui.import_dialog import ImportDialog
from desk.ui.mapping_model import MappingModel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture(autouse=True)
def _english(qapp):
    """These tests read English source texts: drop a translator an earlier test may have left."""
    remove_translators(qapp)
    yield

HEADER = "募集ID,自治体名,都道府県,市区町村,会場名,職種,募集人数,勤務日,勤務時間,公開区分,掲載状況,更新日,担当"
ROWS = [
    "P-001,横浜市,神奈川県,横浜市港北区,港北公会堂,医師,2,2021/6/12,9:00～12:00,全情報,公開,2021/6/1,佐藤",
    "P-002,横浜市,神奈川県,横浜市港北区,港北公会堂,看護師,3,2021/6/13,13:00～17:00,マスキング,公開,2021/6/1,鈴木",
    "P-003,川崎市,神奈川県,川崎市中原区,中原市民館,准看護師,1,2021/6/20,9:00～12:00,全情報,公開,2021/6/2,高橋",
]
BAD_ROW = "P-004,川崎市,神奈川県,川崎市中原区,中原市民館,ほげ,たくさん,2021/6/21,9:00～12:00,全情報,公開,2021/6/2,田中"


def write_cp932(path: Path, rows: list[str]) -> Path:
    """A CSV as Excel writes it in Japan: CP932, CRLF, a title row above the header."""
    lines = ["令和3年度 新型コロナワクチン接種会場 募集一覧,,,,,,,,,,,,", HEADER, *rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp932"))
    return path


def many_rows(n: int) -> list[str]:
    return [f"P-{i:05d},横浜市,神奈川県,横浜市港北区,港北公会堂,看護師,{1 + i % 3},2021/6/{1 + i % 28},"
            f"9:00～12:00,全情報,公開,2021/6/1,担当{i}" for i in range(n)]


def count_postings(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Posting)) or 0)


def open_dialog(qtbot, db: Database, path: Path | None = None) -> ImportDialog:
    dialog = ImportDialog(DeskApp(db, Settings(coordinator="山田")), path=path, coordinator="山田")
    qtbot.addWidget(dialog)
    dialog.show()
    if path is not None:
        wait_idle(qtbot, dialog)
    return dialog


def wait_idle(qtbot, dialog: ImportDialog, timeout: int = 20000) -> None:
    """Until the file is read and the preview that follows it has run."""
    qtbot.waitUntil(lambda: not dialog.busy() and not dialog._preview_after and dialog.runner.idle(), timeout=timeout)


def choose_field(qtbot, dialog: ImportDialog, header: str, key: str) -> None:
    """Pick a field in the header's combo box, as with the mouse."""
    combo = dialog.field_combo(header)
    index = combo.findData(key)
    assert index >= 0
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_detects_encoding_header_and_mapping_then_imports(qtbot, sqlite_db: Database, tmp_path: Path) -> None:
    path = write_cp932(tmp_path / "keynet.csv", ROWS)
    dialog = open_dialog(qtbot, sqlite_db, path)
    assert dialog.encoding_label.text() == "cp932"
    assert dialog.header_row_label.text() == "2"
    assert dialog.rows_label.text() == "3"
    assert dialog.kind == "postings"
    model = dialog.mapping_model
    assert model.field_of("募集人数") == "headcount"
    assert model.score_of("募集人数") == 100
    # Every row has a combo box with the suggestion preselected.
    combo = dialog.field_combo("職種")
    assert isinstance(combo, QComboBox) and combo.currentData() == "occupation"
    # 担当 is a person's name; the fuzzy guess may be another contact field: the user fixes it.
    assert model.field_of("担当") != ""
    choose_field(qtbot, dialog, "担当", "contact_name")
    assert model.field_of("担当") == "contact_name"
    assert model.data(model.index(model.headers.index("担当"), MappingModel.SCORE)) == "chosen"
    assert "Preview" in dialog.preview_label.text()  # the preview is now out of date
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)
    report = dialog.preview_report
    assert report is not None and report.dry_run
    assert (report.imported, report.updated, report.unchanged, report.rejected) == (3, 0, 0, 0)
    assert count_postings(sqlite_db) == 0, "a preview writes nothing"

    dialog.save_check.setChecked(True)
    dialog.source_edit.setText("keynet")
    with qtbot.waitSignal(dialog.imported, timeout=20000) as done:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    final = done.args[0]
    assert final.committed and final.imported == 3
    wait_idle(qtbot, dialog)
    assert "3" in dialog.status_label.text()
    assert not dialog.import_button.isEnabled()
    with sqlite_db.session() as s:
        rows = {p.source_id: p for p in s.scalars(select(Posting))}
        batch = s.scalars(select(ImportBatch)).one()
        saved = s.scalars(select(ColumnMapping)).one()
    assert set(rows) == {"P-001", "P-002", "P-003"}
    assert rows["P-001"].contact_name == "佐藤"
    assert rows["P-002"].headcount == 3
    assert batch.coordinator == "山田" and batch.encoding == "cp932"
    assert saved.source == "keynet" and saved.mapping["担当"] == "contact_name"


def test_rejected_rows_are_listed_and_stop_the_import_unless_accepted(qtbot, sqlite_db: Database,
                                                                       tmp_path: Path) -> None:
    path = write_cp932(tmp_path / "with-bad-row.csv", [*ROWS, BAD_ROW])
    dialog = open_dialog(qtbot, sqlite_db, path)
    report = dialog.preview_report
    assert report is not None and report.rejected == 1 and report.imported == 3
    model = dialog.rejects_model
    assert model.rowCount() >= 1
    assert {model.data(model.index(r, 0)) for r in range(model.rowCount())} == {6}
    reasons = " ".join(str(model.data(model.index(r, 3))) for r in range(model.rowCount()))
    assert reasons
    assert not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.partial_check, Qt.MouseButton.LeftButton,
                     pos=QPoint(8, dialog.partial_check.height() // 2))
    assert dialog.partial_check.isChecked()
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)
    assert count_postings(sqlite_db) == 3
    assert dialog.report is not None and dialog.report.rejects_file is not None
    assert dialog.report.rejects_file.exists()


def test_cancel_mid_import_leaves_the_database_as_it_was(qtbot, sqlite_db: Database, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    first = write_cp932(tmp_path / "first.csv", ROWS)
    dialog = open_dialog(qtbot, sqlite_db, first)
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)
    dialog.close()
    before = count_postings(sqlite_db)
    assert before == 3

    # Hold the import inside its write transaction until the user has pressed Cancel, so the
    # cancel lands mid-import however fast this machine is.
    real_commit = importer.commit_import
    writing = threading.Event()

    def held_commit(db, prepared, options=None, progress=None, cancel=None):  # type: ignore[no-untyped-def]
        def held_progress(done: int, total: int) -> None:
            if progress:
                progress(done, total)
            if done > total // 2 and cancel is not None:
                writing.set()
                deadline = time.monotonic() + 20
                while not cancel() and time.monotonic() < deadline:
                    time.sleep(0.01)
        return real_commit(db, prepared, options, held_progress, cancel)

    monkeypatch.setattr(importer, "commit_import", held_commit)
    big = write_cp932(tmp_path / "big.csv", many_rows(400))
    dialog = open_dialog(qtbot, sqlite_db, big)
    assert dialog.preview_report is not None and dialog.preview_report.imported == 400
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(writing.is_set, timeout=20000)
    assert dialog.cancel_button.isVisible() and dialog.progress.isVisible()
    assert not dialog.close_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)
    assert "cancelled" in dialog.status_label.text().lower()
    assert count_postings(sqlite_db) == before
    with sqlite_db.session() as s:
        assert s.scalar(select(func.count()).select_from(ImportBatch)) == 1
    assert dialog.close_button.isEnabled() and dialog.import_button.isEnabled()


def test_registrant_files_are_recognised_and_missing_required_fields_block_the_import(
        qtbot, sqlite_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "registrants.csv"
    path.write_bytes("登録ID,氏名,フリガナ,資格,電話\r\nR-1,山田太郎,ヤマダタロウ,医師,090-0000-0000\r\n".encode("cp932"))
    dialog = open_dialog(qtbot, sqlite_db, path)
    assert dialog.kind == "registrants"
    assert dialog.mapping_model.field_of("氏名") == "name"
    choose_field(qtbot, dialog, "氏名", "")
    assert "氏名" in dialog.missing_label.text()
    assert not dialog.import_button.isEnabled() and not dialog.preview_button.isEnabled()
    choose_field(qtbot, dialog, "氏名", "name")
    assert dialog.missing_label.text() == ""
    assert dialog.preview_button.isEnabled()


def test_an_unreadable_file_is_reported_in_words(qtbot, sqlite_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    dialog = open_dialog(qtbot, sqlite_db)
    dialog.load_file(path)
    wait_idle(qtbot, dialog)
    assert dialog.table is None
    assert not dialog.import_button.isEnabled()
    boxes = [w for w in dialog.findChildren(object) if getattr(w, "objectName", lambda: "")() == "errorBox"]
    assert boxes and "Traceback" not in boxes[0].text()
    boxes[0].close()


def test_a_saved_mapping_is_offered_for_the_next_file(qtbot, sqlite_db: Database, tmp_path: Path) -> None:
    importer.save_mapping(sqlite_db, "postings", "横浜市の一覧", {"担当": "contact_name"})
    path = write_cp932(tmp_path / "next.csv", ROWS)
    dialog = open_dialog(qtbot, sqlite_db, path)
    combo = dialog.saved_combo
    index = combo.findData("横浜市の一覧")
    assert index > 0
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    wait_idle(qtbot, dialog)
    assert dialog.mapping_model.field_of("担当") == "contact_name"
    assert dialog.source_edit.text() == "横浜市の一覧"
    assert dialog.preview_report is not None and dialog.preview_report.mapping["担当"] == "contact_name"


def test_full_export_choice_marks_or_spares_postings_left_out(qtbot, sqlite_db: Database, tmp_path: Path) -> None:
    importer.import_file(sqlite_db, "postings", write_cp932(tmp_path / "all.csv", ROWS))
    dialog = open_dialog(qtbot, sqlite_db, write_cp932(tmp_path / "some.csv", ROWS[:1]))
    # one row against three postings in the database: not the full list, so the box starts unticked
    assert dialog.full_check.isVisible() and not dialog.full_check.isChecked()
    assert "only a part" in dialog.full_note.text()
    assert dialog.preview_report is not None and dialog.preview_report.flagged_missing == 0
    qtbot.mouseClick(dialog.full_check, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.full_check.height() // 2))
    wait_idle(qtbot, dialog)
    assert dialog.full_check.isChecked()
    assert dialog.preview_report is not None and dialog.preview_report.flagged_missing == 2
    assert "2" in dialog.preview_label.text()
    qtbot.mouseClick(dialog.full_check, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.full_check.height() // 2))
    wait_idle(qtbot, dialog)
    assert dialog.preview_report.flagged_missing == 0  # a hand-made file: nothing will be marked
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)
    with sqlite_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Posting).where(Posting.missing_since.is_not(None))) == 0


def test_the_import_writes_the_previewed_plan_and_refuses_a_file_changed_since(qtbot, sqlite_db: Database,  # type: ignore[no-untyped-def]
                                                                               tmp_path: Path) -> None:
    path = write_cp932(tmp_path / "keynet.csv", ROWS)
    dialog = open_dialog(qtbot, sqlite_db, path)
    assert dialog.plan is not None and dialog.plan.report.imported == 3
    # Someone saves a different file under the same name after the preview.
    write_cp932(path, ROWS[:1])
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)
    assert count_postings(sqlite_db) == 0, "nothing from a file that is not the one previewed"
    boxes = [w for w in dialog.findChildren(object) if getattr(w, "objectName", lambda: "")() == "errorBox"]
    assert boxes and "changed on disk after the preview" in boxes[0].text()
    boxes[0].close()
    # Previewed again, the file as it is now is imported: exactly the rows the new preview showed.
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)
    assert dialog.plan is not None and dialog.plan.report.imported == 1
    with qtbot.waitSignal(dialog.imported, timeout=20000) as done:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert done.args[0].imported == 1 and count_postings(sqlite_db) == 1


def test_the_preview_reads_while_a_colleague_holds_the_write_lock(qtbot, sqlite_db: Database,  # type: ignore[no-untyped-def]
                                                                  tmp_path: Path) -> None:
    import sqlite3

    path = write_cp932(tmp_path / "keynet.csv", ROWS)
    holder = sqlite3.connect(sqlite_db.engine.url.database, isolation_level=None, timeout=1)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, as a colleague's long import would hold it
    try:
        # open_dialog waits at most 20 s; waiting for the write lock would take the 30 s busy timeout.
        dialog = open_dialog(qtbot, sqlite_db, path)
        assert dialog.preview_report is not None and dialog.preview_report.imported == 3
        assert dialog.plan is not None
    finally:
        holder.rollback()
        holder.close()


def test_a_typed_path_is_read_and_messages_of_the_previous_file_are_cleared(qtbot, sqlite_db: Database,  # type: ignore[no-untyped-def]
                                                                              tmp_path: Path) -> None:
    bad = write_cp932(tmp_path / "bad.csv", [*ROWS, BAD_ROW])
    good = write_cp932(tmp_path / "good.csv", ROWS)
    dialog = open_dialog(qtbot, sqlite_db, bad)
    assert not dialog.path_edit.isReadOnly()
    dialog.status_label.setText("Nothing was imported: 1 rows have problems (listed above).")
    assert dialog.rejects_model.rowCount() > 0
    dialog.path_edit.setText(f'"{good}"')  # pasted from a file manager, with quotes
    dialog.path_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: dialog.path == good, timeout=5000)
    wait_idle(qtbot, dialog)
    assert dialog.status_label.text() == "" and dialog.rejects_model.rowCount() == 0
    assert dialog.full_check.isChecked()  # three rows, an empty database: the full list
    dialog.path_edit.setText(str(tmp_path / "nowhere.csv"))
    dialog.path_edit.editingFinished.emit()
    assert "No such file" in dialog.status_label.text() and dialog.path == good


def test_the_preview_flags_a_year_far_from_the_others(qtbot, sqlite_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    odd = "P-009,横浜市,神奈川県,横浜市港北区,港北公会堂,医師,1,2027/6/12,9:00～12:00,全情報,公開,2021/6/1,佐藤"
    dialog = open_dialog(qtbot, sqlite_db, write_cp932(tmp_path / "odd.csv", [*ROWS, odd]))
    text = dialog.preview_label.text()
    assert "P-009 (2027)" in text and "2021" in text
    ok = open_dialog(qtbot, sqlite_db, write_cp932(tmp_path / "ok.csv", ROWS))
    assert "⚠" not in ok.preview_label.text()


def test_the_rejects_file_gives_its_reasons_in_the_window_language(qtbot, qapp, sqlite_db: Database,  # type: ignore[no-untyped-def]
                                                                    tmp_path: Path) -> None:
    import csv

    from desk.ui.i18n import install_translator

    assert install_translator(qapp, "ja")
    try:
        dialog = open_dialog(qtbot, sqlite_db, write_cp932(tmp_path / "bad.csv", [*ROWS, BAD_ROW]))
        dialog.partial_check.setChecked(True)
        with qtbot.waitSignal(dialog.imported, timeout=20000):
            dialog.start_import()
        wait_idle(qtbot, dialog)
        assert dialog.report is not None and dialog.report.rejects_file is not None
        rows = list(csv.reader(dialog.report.rejects_file.read_text(encoding="utf-8-sig").splitlines()))
        assert rows[0][-1] == "取込エラー内容" and rows[1][-2] == "6"
        why = rows[1][-1]
        translated = [r for r in dialog.report.rejects if r.reason != r.reason_ja]
        assert translated  # the bad row's problems have Japanese wording
        assert all(r.reason_ja in why and r.reason not in why for r in translated)
    finally:
        install_translator(qapp, "en")


def test_the_preview_and_the_result_name_edits_the_file_disagrees_with(qtbot, sqlite_db: Database,  # type: ignore[no-untyped-def]
                                                                       tmp_path: Path) -> None:
    """A coordinator corrected 山田's phone by hand; the registry's next file still has the old one.
    The preview says the edit is kept and names it, before anyone presses 取り込む."""
    from desk.services import registrant_edits

    header = "登録ID,氏名,フリガナ,資格,電話\r\n"
    first = tmp_path / "r1.csv"
    first.write_bytes((header + "R-1,山田太郎,ヤマダタロウ,医師,090-0000-0000\r\n").encode("cp932"))
    importer.import_file(sqlite_db, "registrants", first)
    registrant_edits.set_field(sqlite_db, "R-1", "phone", "090-9999-8888", coordinator="佐藤")
    second = tmp_path / "r2.csv"
    second.write_bytes((header + "R-1,山田太郎,ヤマダタロウ,医師,090-7777-0000\r\n").encode("cp932"))
    dialog = open_dialog(qtbot, sqlite_db, second)
    dialog.preview()
    wait_idle(qtbot, dialog)
    assert "1 fields edited by coordinators differ" in dialog.preview_label.text()
    assert "R-1 phone (090-9999-8888 ≠ 090-7777-0000)" in dialog.preview_label.text()
    dialog.start_import()
    wait_idle(qtbot, dialog)
    assert "the edits are kept: R-1 phone" in dialog.status_label.text()
