"""One word per state everywhere: the window's Japanese is the word the sheets and exports write."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from desk.core.handout import STATUS_LABELS
from desk.core.words import PLACEMENT_STATE_JA, POSTING_STATUS_JA
from desk.print.coordinator import STATUS_JA as SHEET_STATUS
from desk.services.posting_exports import STATUS_JA as EXPORT_STATUS
from desk.ui.i18n import install_translator
from desk.ui.labels import CTX, PLACEMENT_STATE, POSTING_STATUS


@pytest.fixture
def japanese(qapp: QApplication) -> Iterator[None]:
    assert install_translator(qapp, "ja")
    yield
    install_translator(qapp, "en")


def test_the_window_sheets_exports_and_hand_outs_share_one_word_per_state(japanese: None) -> None:
    for code, english in POSTING_STATUS.items():
        assert QCoreApplication.translate(CTX, english) == POSTING_STATUS_JA[code] == SHEET_STATUS[code] \
            == EXPORT_STATUS[code] == STATUS_LABELS[code], code
    for code, english in PLACEMENT_STATE.items():
        assert QCoreApplication.translate(CTX, english) == PLACEMENT_STATE_JA[code], code
