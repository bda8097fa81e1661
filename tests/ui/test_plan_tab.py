"""The 計画 tab driven as a coordinator would: plan, read the call lists, jump to the candidate."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from PySide6.QtCore import QModelIndex, Qt

from desk.app import DeskApp
from desk.services import plan as plan_service
from desk.settings import Settings
from desk.store.db import Database
from desk.store.models import Registrant
from desk.ui.plan_tab import PlanTab
from desk.ui.runner import Runner
from tests.services.test_plan import SATURDAYS, _posting

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def tab(qtbot, sqlite_db: Database) -> Iterator[PlanTab]:  # type: ignore[no-untyped-def]
    plan_service.forget()
    with sqlite_db.session() as s:
        s.add_all([_posting("K-001", "assistant_nurse", "14109", city="横浜市港北区"),
                   _posting("K-002", "nurse", "14382", city="箱根町"),
                   _posting("K-003", "pharmacist", "14109", city="横浜市港北区"),
                   Registrant(source_id="R-A", name="箱根 看子", occupation="nurse", home_pref_code="14",
                              home_muni_code="14382", availability=SATURDAYS, vaccination_experience=True,
                              work_areas=[{"kind": "muni", "code": "14109"}]),
                   Registrant(source_id="R-B", name="静岡 准子", occupation="assistant_nurse", home_pref_code="22",
                              home_muni_code="22203")])
    runner = Runner()
    w = PlanTab(DeskApp(sqlite_db, Settings(coordinator="tester")), runner)
    qtbot.addWidget(w)
    w.show()
    yield w
    runner.wait()


def _children(tab: PlanTab) -> list[list[str]]:
    rows = []
    for g in range(tab.calls.rowCount()):
        parent = tab.calls.item(g, 0)
        for r in range(parent.rowCount()):
            rows.append([parent.child(r, c).text() for c in range(6)])
    return rows


def test_plan_call_lists_unfilled_and_supply(qtbot, tab: PlanTab) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(tab.plan_button, Qt.MouseButton.LeftButton)
    assert not tab.plan_button.isEnabled() and tab.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: tab.result is not None and tab.supply.rowCount() > 0, timeout=60000)
    assert tab.plan_button.isEnabled() and not tab.cancel_button.isEnabled()
    assert "3 人分のうち 2 人分" in tab.status.text() or "Planned 2 of 3" in tab.status.text()
    calls = _children(tab)
    assert {(row[2], row[3]) for row in calls} == {("R-A", "箱根 看子"), ("R-B", "静岡 准子")}
    assert tab.calls.item(0, 0).text().startswith("関東")  # grouped by block
    assert tab.unfilled.item(0, 0).text() == "K-003"
    assert tab.unfilled.item(0, 1).text() in ("2021/6/19(土) 9:00", "2021/6/19(Sat) 9:00")  # not 2021-06-19T09:00
    assert "有資格者" in tab.unfilled.item(0, 2).text()
    tab.group.setCurrentIndex(1)  # by posting: one list per posting
    assert tab.calls.rowCount() == 2

    hits: list[tuple[int, int]] = []
    tab.open_candidate.connect(lambda p, r: hits.append((p, r)))
    parent = tab.calls.index(0, 0, QModelIndex())
    tab.calls_view.setCurrentIndex(tab.calls.index(0, 0, parent))
    assert tab.open_button.isEnabled()
    tab.open_button.click()
    [(posting_key, registrant_key)] = hits
    first = tab.result.assignments[0]
    assert (posting_key, registrant_key) == (first.posting_key, first.registrant_key)


def test_cancel_keeps_the_window_usable(qtbot, tab: PlanTab) -> None:  # type: ignore[no-untyped-def]
    tab.start()
    tab.cancel()
    qtbot.waitUntil(lambda: tab.plan_button.isEnabled(), timeout=60000)
    assert tab.status.text()
