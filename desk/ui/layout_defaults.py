"""The window's first layout (before the coordinator has moved anything; afterwards window.ini
keeps theirs): the postings table at least 15 rows high when the screen allows it, the rest for
the candidates and the registrant."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desk.ui.main_window import MainWindow

#: Posting rows the first layout shows, and the least height left to the candidates below.
POSTING_ROWS = 15
MIN_CANDIDATES_HEIGHT = 300


def postings_height(window: MainWindow, rows: int = POSTING_ROWS) -> int:
    """Pixels the postings pane needs to show ``rows`` rows (filter bar, header and margins too)."""
    table = window.postings.table
    row = table.verticalHeader().defaultSectionSize()
    header = table.horizontalHeader().sizeHint().height()
    bar = window.postings.filter_edit.sizeHint().height()
    return bar + header + rows * row + 2 * table.frameWidth() + 24


def apply_default_sizes(window: MainWindow) -> None:
    total = window.outer.height()
    if total <= 0:
        return
    wanted = postings_height(window)
    top = wanted if total - wanted >= MIN_CANDIDATES_HEIGHT else max(total // 2, total - MIN_CANDIDATES_HEIGHT)
    window.outer.setSizes([top, max(total - top, 1)])
