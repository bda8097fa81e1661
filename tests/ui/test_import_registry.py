"""The import dialog's registry (source) choice for registrant files."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from test_import_dialog import open_dialog, wait_idle  # type: ignore[import-not-found]

from desk.store.db import Database
from desk.store.models import Registrant


def test_registrants_go_to_the_registry_chosen(qtbot, sqlite_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "jma.csv"
    path.write_text("登録ID,氏名,資格\nR-1,山田太郎,医師\n", encoding="utf-8")
    dialog = open_dialog(qtbot, sqlite_db, path)
    assert dialog.kind == "registrants" and dialog.registry_combo.isVisible()
    assert dialog.registry_combo.findText("default") >= 0  # the registry existing records are in
    dialog.registry_combo.setCurrentText("jma")
    dialog.preview()
    wait_idle(qtbot, dialog)
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        dialog.import_button.click()
    with sqlite_db.session() as s:
        assert [(r.source, r.source_id) for r in s.scalars(select(Registrant))] == [("jma", "R-1")]
