"""Switching the interface language without a restart: the translator is swapped (desk's and Qt's
own, so standard dialogs follow) and the main window is built again on the same open database, its
view state, tab and selected posting carried over."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication

from desk.ui.i18n import install_translator

if TYPE_CHECKING:
    from desk.ui.main_window import MainWindow

#: The windows alive because of a switch (a top-level window needs a Python owner).
_ATTR = "_desk_main_windows"


def switch_language(old: MainWindow, language: str) -> MainWindow:
    """Put ``language`` into effect and replace ``old`` with a window built in it; the new window."""
    from desk.ui.main_window import MainWindow

    app: Any = QApplication.instance()
    install_translator(app, language)
    tab, posting = old.tabs.currentIndex(), old.postings.current_id()
    old.save_view_state()
    new = MainWindow(old.app)
    new.tabs.setCurrentIndex(tab)
    if posting:
        new.data_reloaded.connect(lambda: new.postings.current_id() or new.postings.select_id(posting))
    new.show()
    kept = [w for w in getattr(app, _ATTR, []) if w is not old]
    setattr(app, _ATTR, [*kept, new])
    old.replaced_by = new
    old.close()
    return new
