"""The registrants tab: the registry loads in a worker, typing filters in Python, sorting holds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from ui_data import seed, type_text  # type: ignore[import-not-found]

from PySide6.QtCore import Qt

from desk.app import DeskApp
from desk.settings import Settings
from desk.store.db import Database
from desk.ui.controllers import registry_filter
from desk.ui.registrants_tab import RegistrantsTab
from desk.ui.runner import Runner

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture(params=["core", "fallback"])
def tab(request: pytest.FixtureRequest, qtbot, sqlite_db: Database,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> Iterator[RegistrantsTab]:
    if request.param == "fallback":
        monkeypatch.setattr(registry_filter, "USE_CORE", False)
    seed(sqlite_db, registrants=400, postings=4)
    runner = Runner()
    t = RegistrantsTab(DeskApp(sqlite_db, Settings(coordinator="tester")), runner)
    qtbot.addWidget(t)
    t.show()
    with qtbot.waitSignal(t.loaded, timeout=10000):
        t.ensure_loaded()
    assert t.filter is not None and t.filter.uses_core == (request.param == "core")
    yield t
    runner.wait()


def names(tab: RegistrantsTab) -> list[str]:
    table = tab.model.table()
    return [table.names[tab.model._pos[r]] for r in range(tab.model.rowCount())]


def test_whole_registry_is_listed(tab: RegistrantsTab) -> None:
    assert tab.model.rowCount() == 400
    assert "400 of 400" in tab.count_label.text()


def test_name_filter_typed_in_kana(qtbot, tab: RegistrantsTab) -> None:  # type: ignore[no-untyped-def]
    type_text(tab.filter_edit, "名前:やまだ")
    qtbot.waitUntil(lambda: tab.model.rowCount() < 400, timeout=3000)
    got = names(tab)
    everyone = tab.model.table().names
    assert sum(n.startswith("山田") for n in got) == sum(n.startswith("山田") for n in everyone) > 0
    assert sum(n.startswith("山田") for n in got) >= 0.8 * len(got), "typo tolerance, not everyone"


def test_region_and_occupation_terms_combine(qtbot, tab: RegistrantsTab) -> None:  # type: ignore[no-untyped-def]
    type_text(tab.filter_edit, "地域:横浜 職種:看護師")
    qtbot.waitUntil(lambda: tab.model.rowCount() < 400, timeout=3000)
    t = tab.model.table()
    rows = [tab.model._pos[r] for r in range(tab.model.rowCount())]
    assert rows
    assert all("横浜" in t.cities[p] for p in rows)
    assert all(t.occupations[p] in ("nurse", "public_health_nurse", "midwife") for p in rows)
    tab.filter_edit.clear()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 400, timeout=3000)


def test_typing_is_debounced_and_sorting_survives_filtering(qtbot, tab: RegistrantsTab) -> None:  # type: ignore[no-untyped-def]
    tab.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    runs: list[float] = []
    tab.filtered.connect(runs.append)
    for ch in "yamada":
        qtbot.keyClick(tab.filter_edit, ch)
    qtbot.waitUntil(lambda: bool(runs), timeout=3000)
    qtbot.wait(150)
    assert len(runs) == 1, "one filter run for a burst of keystrokes"
    got = names(tab)
    assert got == sorted(got, reverse=True)
    assert tab.last_ms < 1000
