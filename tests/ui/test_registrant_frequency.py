"""The registrant pane shows a stated frequency (週3日, 月2回程度), in the interface language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from PySide6.QtWidgets import QApplication

from desk.ui.i18n import install_translator, remove_translators
from desk.ui.registrant_view import RegistrantPane


@pytest.fixture
def japanese(qapp: QApplication) -> Iterator[QApplication]:
    assert install_translator(qapp, "ja")
    yield qapp
    remove_translators(qapp)


def _shown(qtbot, availability_raw: str) -> str:  # type: ignore[no-untyped-def]
    pane = RegistrantPane()
    qtbot.addWidget(pane)
    pane.show_registrant({"source_id": "R1", "name": "山田 花子", "availability_raw": availability_raw,
                          "availability": []})
    return pane.values["frequency"].text()


def test_the_pane_shows_how_often_in_japanese(qtbot, japanese: QApplication) -> None:  # type: ignore[no-untyped-def]
    assert _shown(qtbot, "平日 週3日") == "週3日"
    assert _shown(qtbot, "月2回程度") == "月2回"
    assert _shown(qtbot, "土日") == ""


def test_the_pane_shows_how_often_in_english(qtbot) -> None:  # type: ignore[no-untyped-def]
    assert _shown(qtbot, "週に1～2日") == "1–2 days a week"
