"""Start the window: ``desk`` with no command ends up in ``run_app(args)``.

QApplication (organisation and application "desk"), the translator (Japanese by default), the
database (errors in a dialog, never a traceback), the main window, and on an empty database the
offer to load demo data or import files. Nothing slow runs before the window shows: postings are
read at once (a few thousand rows), the registry and the ranking index load when first needed.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desk import APP_NAME, __version__, paths
from desk.app import DeskApp, open_app
from desk.settings import Settings, load_settings


def show_error(parent: QWidget | None, title: str, exc: BaseException | str) -> None:
    """Plain words (desk.ui.errors when present, else a simple message box)."""
    try:
        from desk.ui.errors import show_error as shared
    except ModuleNotFoundError:
        QMessageBox.critical(parent, title, str(exc))
        return
    shared(parent, title, exc)


def make_application(argv: list[str] | None = None, language: str = "ja") -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    install_fonts(app)
    icon = paths.resources_dir() / "icons" / "desk.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    try:
        from desk.ui.i18n import install_translator
    except ModuleNotFoundError:
        pass
    else:
        try:
            install_translator(app, language or "ja")
        except Exception:  # noqa: BLE001 - an untranslated window is better than none
            logging.getLogger("desk.ui").exception("could not install the translator")
    return app


def install_fonts(app: QApplication) -> None:
    """Make sure Japanese renders: the bundled IPAex Gothic as a fallback family."""
    font_file = paths.resources_dir() / "fonts" / "ipaexg.ttf"
    if font_file.exists():
        fid = QFontDatabase.addApplicationFont(str(font_file))
        families = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
        if families:
            font = QFont(app.font())
            font.setFamilies([font.family(), *families])
            app.setFont(font)


#: What the first start on an empty database offers.
FIRST_START_DEMO, FIRST_START_IMPORT, FIRST_START_NOTHING = "demo", "import", "nothing"


def ask_first_start(parent: QWidget) -> str:
    box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("App", "Welcome to desk"),
                      QCoreApplication.translate("App", "This database is empty. Load demo data to look around, or import your postings "
                          "and registrants?"), QMessageBox.StandardButton.NoButton, parent)
    demo = box.addButton(QCoreApplication.translate("App", "Load demo data"), QMessageBox.ButtonRole.AcceptRole)
    imp = box.addButton(QCoreApplication.translate("App", "Import files…"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QCoreApplication.translate("App", "Not now"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return FIRST_START_DEMO if clicked is demo else FIRST_START_IMPORT if clicked is imp else FIRST_START_NOTHING


def first_start(window: Any, ask: Callable[[QWidget], str] | None = None, *, empty: bool | None = None) -> str:
    """On an empty database, offer demo data or an import; returns the choice. The window passes
    ``empty`` as read by a worker (see run_app); without it the facade is asked here."""
    if not (window.app.is_empty() if empty is None else empty):
        return ""
    choice = (ask or ask_first_start)(window)
    if choice == FIRST_START_DEMO:
        window.actions.load_demo()
    elif choice == FIRST_START_IMPORT:
        window.actions.open_import()
    return choice


def open_db(url: str | None, parent: QWidget | None = None, settings: Settings | None = None) -> DeskApp | None:
    """The facade on the opened (and migrated) database; None (and words on screen) when it cannot be opened."""
    try:
        return open_app(url or None, settings=settings)
    except Exception as exc:  # noqa: BLE001 - the user sees words and a way out, not a traceback
        show_error(parent, QCoreApplication.translate("App", "The database could not be opened"), exc)
        return None


def build_window(args: argparse.Namespace | None = None, settings: Settings | None = None) -> Any:
    """The opened database and the main window (not shown); None when the database cannot be opened."""
    settings = settings or load_settings()
    app = open_db(getattr(args, "db", None) or settings.db_url or None, settings=settings)
    if app is None:
        return None
    from desk.ui.main_window import MainWindow

    return MainWindow(app)


def no_display_reason() -> str | None:
    """Why a window cannot be shown here (Linux/BSD without X11 or Wayland), or None."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return None
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("there is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set). "
            "Start desk from a desktop session, or use its commands: desk --help")


def run_app(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    reason = no_display_reason()
    if reason:
        print(f"desk: {reason}", file=sys.stderr)
        return 2
    settings = load_settings()
    app = make_application(language=settings.language)
    try:
        from desk.ui.errors import install_excepthook
    except ModuleNotFoundError:
        pass
    else:
        install_excepthook(app)
    window = build_window(args, settings)
    if window is None:
        return 1
    window.show()
    window.statusBar().showMessage(QCoreApplication.translate("App", "Ready in %1 s").replace("%1", f"{time.perf_counter() - t0:.1f}"), 4000)
    from desk.ui.live import attach_live
    from desk.ui.name_dialog import ensure_coordinator_name

    window.live = attach_live(window)  # colleagues' changes show up by themselves (team mode)
    ensure_coordinator_name(window, window.app)  # solo mode: the coordinator's name, asked once
    window.runner.run(window.app.is_empty, on_result=lambda empty: first_start(window, empty=bool(empty)))
    code = app.exec()
    window.live.feed.stop()
    window.runner.wait()
    window.app.close()
    return int(code)
