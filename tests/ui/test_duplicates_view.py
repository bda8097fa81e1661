"""The duplicates review list: pairs side by side with the differing fields highlighted, merge,
not the same person, undo — every call through the facade on the Runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from PySide6.QtCore import Qt

from desk.app import DeskApp
from desk.services import persons
from desk.services.importer import ImportOptions, import_file
from desk.settings import Settings
from desk.store.db import Database
from desk.ui.duplicates_view import DIFFERS, DuplicatesView
from desk.ui.runner import Runner

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
HEADER = "登録ID,氏名,フリガナ,生年,職種,電話,状態\n"


@pytest.fixture
def view(qtbot, sqlite_db: Database, tmp_path: Path) -> Iterator[DuplicatesView]:  # type: ignore[no-untyped-def]
    for source, rows in (("jma", ["100,髙橋 一郎,タカハシ イチロウ,1970,医師,090-1111-2222,有効"]),
                         ("site", ["100,高橋一郎,たかはしいちろう,1970,医師,09011112222,有効",
                                   "5,濱田 直美,ハマダ ナオミ,1981,医師,03-5555-0000,有効"]),
                         ("pref", ["x9,浜田 直美,はまだなおみ,1981,医師,+81 3 5555 0000,有効"])):
        path = tmp_path / f"{source}.csv"
        path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
        import_file(sqlite_db, "registrants", path, ImportOptions(source=source))
    runner = Runner()
    v = DuplicatesView(DeskApp(sqlite_db, Settings(coordinator="佐藤")), runner)
    qtbot.addWidget(v)
    v.show()
    qtbot.waitUntil(lambda: v.pairs.rowCount() == 2, timeout=10000)
    yield v
    runner.wait()


def test_pairs_side_by_side_with_differing_fields_highlighted(view: DuplicatesView) -> None:
    rows = {(view.pairs.row_at(i).a, view.pairs.row_at(i).b) for i in range(view.pairs.rowCount())}
    assert rows == {("jma:100", "site:100"), ("site:5", "pref:x9")}
    view.pairs_table.selectRow([r.a for r in view.pairs.rows()].index("jma:100"))
    fields = {view.compare.row_at(i).field: i for i in range(view.compare.rowCount())}
    name_row, birth_row = fields["name"], fields["birth_year"]
    assert view.compare.index(name_row, 1).data() == "髙橋 一郎" and view.compare.index(name_row, 2).data() == "高橋一郎"
    assert view.compare.index(name_row, 1).data(Qt.ItemDataRole.BackgroundRole).color() == DIFFERS
    assert view.compare.index(birth_row, 1).data(Qt.ItemDataRole.BackgroundRole) is None  # same: not coloured
    assert "氏名の異体字（髙/高）" in view.pairs.index(view.pairs_table.currentIndex().row(), 3).data()
    # codes in the words used everywhere else (医師, 有効), never doctor / active
    assert view.compare.index(fields["occupation"], 1).data() in ("医師", "Physician")
    assert view.compare.index(fields["state"], 2).data() in ("有効", "Active")


def test_ids_of_the_default_registry_show_bare(qtbot, sqlite_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "one.csv"
    path.write_text(HEADER + "R-1,山田 花子,ヤマダ ハナコ,1980,医師,090-1111-2222,有効\n"
                    "R-2,山田花子,やまだはなこ,1980,医師,09011112222,有効\n", encoding="utf-8")
    import_file(sqlite_db, "registrants", path)
    runner = Runner()
    v = DuplicatesView(DeskApp(sqlite_db, Settings(coordinator="佐藤")), runner)
    qtbot.addWidget(v)
    v.show()
    qtbot.waitUntil(lambda: v.pairs.rowCount() == 1, timeout=10000)
    assert {v.pairs.index(0, 1).data(), v.pairs.index(0, 2).data()} == {"R-1", "R-2"}  # not default:R-1
    runner.wait()


def test_merge_with_a_picked_value_then_undo(qtbot, view: DuplicatesView) -> None:  # type: ignore[no-untyped-def]
    view.pairs_table.selectRow([r.a for r in view.pairs.rows()].index("jma:100"))
    fields = {view.compare.row_at(i).field: i for i in range(view.compare.rowCount())}
    view.compare.toggle_pick(view.compare.index(fields["name"], 1))  # keep 髙橋 一郎 (record A)
    assert view.compare.index(fields["name"], 1).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    with qtbot.waitSignal(view.persons_changed, timeout=10000):
        view.merge_button.click()
    qtbot.waitUntil(lambda: view.pairs.rowCount() == 1, timeout=10000)
    db = view.app.db
    with db.session() as s:
        head = persons.resolve(s, "jma:100")
        assert head.name == "髙橋 一郎" and persons.resolve(s, "site:100").person_id == head.id
    assert view.undo_button.isEnabled()
    with qtbot.waitSignal(view.persons_changed, timeout=10000):
        view.undo_button.click()
    qtbot.waitUntil(lambda: view.pairs.rowCount() == 2, timeout=10000)
    with db.session() as s:
        assert persons.resolve(s, "site:100").person_id is None


def test_not_the_same_person_is_remembered_and_undone(qtbot, view: DuplicatesView) -> None:  # type: ignore[no-untyped-def]
    view.pairs_table.selectRow([r.a for r in view.pairs.rows()].index("site:5"))
    view.not_same_button.click()
    qtbot.waitUntil(lambda: view.pairs.rowCount() == 1, timeout=10000)
    assert "not proposed again" in view.status.text() or "提案" in view.status.text()
    view.undo_button.click()
    qtbot.waitUntil(lambda: view.pairs.rowCount() == 2, timeout=10000)
