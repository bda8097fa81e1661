#!/usr/bin/env python3
"""Screenshots for the documentation: docs/images/main-window.png, import-dialog.png, registrants-tab.png.

Runs the desk in Japanese on demo data in a throw-away DESK_HOME, selects a posting, opens the
import window on a generated CP932 CSV, and saves what is on screen. Needs a display: with no
DISPLAY it starts ``Xvfb :97`` itself (or the next free number), and falls back to Qt's offscreen
platform when Xvfb is not installed.

    .venv/bin/python scripts/screenshots.py [--out docs/images] [--lang ja|en]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CSV_LINES = [
    "令和3年度 新型コロナウイルスワクチン接種会場 医療従事者募集一覧（6月2日現在）,,,,,,,,,,,,",
    "募集ID,自治体名,都道府県,市区町村,会場名,職種,募集 人数,勤務日,勤務時間,公開区分,掲載状況,更新日,担当",
    "K-210601,横浜市,神奈川県,横浜市港北区,港北公会堂,医師,2,2021/6/12～6/13,9:00～12:00,全情報,公開,2021/6/1,佐藤",
    "K-210602,横浜市,神奈川県,横浜市港北区,港北公会堂,看護師,4,土日祝,13:00～17:00,マスキング,公開,2021/6/1,佐藤",
    "K-210603,川崎市,神奈川県,川崎市中原区,中原市民館,准看護師,1,6月20日,午前,全情報,公開,2021/6/2,鈴木",
    "K-210604,相模原市,神奈川県,相模原市中央区,相模原市民会館,医師,１,令和3年6月26日,9時-12時,全情報,公開,2021/6/2,高橋",
    "K-210605,藤沢市,神奈川県,藤沢市,藤沢市民会館,事務職員,3,2021/6/19,終日,全情報,公開,2021/6/2,田中",
    "K-210606,藤沢市,神奈川県,藤沢市,藤沢市民会館,ほけんし,たくさん,2021/6/19,午後,全情報,公開,2021/6/2,田中",
]


def start_display() -> subprocess.Popen[bytes] | None:
    """A display for Qt: the current one, an Xvfb of our own, or the offscreen platform."""
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" or os.environ.get("DISPLAY"):
        return None
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        print("screenshots: Xvfb not found; using the offscreen platform", file=sys.stderr)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return None
    for number in range(97, 110):
        if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
            continue
        proc = subprocess.Popen([xvfb, f":{number}", "-screen", "0", "1920x1200x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                os.environ["DISPLAY"] = f":{number}"
                os.environ.pop("QT_QPA_PLATFORM", None)
                return proc
            time.sleep(0.1)
        proc.terminate()
    print("screenshots: could not start Xvfb; using the offscreen platform", file=sys.stderr)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return None


def settle(app: object, until: Callable[[], bool] | None = None, timeout: float = 30.0, rest: float = 0.4) -> bool:
    """Process events until ``until()`` holds (or the timeout), then a little longer for painting."""
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    deadline = time.monotonic() + timeout
    ok = until is None
    while time.monotonic() < deadline:
        app.processEvents()
        if until is not None and until():
            ok = True
            break
        time.sleep(0.02)
    end = time.monotonic() + rest
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
    return ok


def save(widget: object, path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    pixmap = widget.grab()
    if not pixmap.save(str(path)):
        raise SystemExit(f"screenshots: could not write {path}")
    print(f"screenshots: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
          f"({pixmap.width()}x{pixmap.height()})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--lang", default="ja", choices=("ja", "en"))
    parser.add_argument("--registrants", type=int, default=3000)
    parser.add_argument("--postings", type=int, default=300)
    args = parser.parse_args(argv)

    xvfb = start_display()
    home = Path(tempfile.mkdtemp(prefix="desk-shots-"))
    os.environ["DESK_HOME"] = str(home)
    os.environ.pop("DESK_DB", None)
    try:
        return take(args, home)
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(10)
        shutil.rmtree(home, ignore_errors=True)


def take(args: argparse.Namespace, home: Path) -> int:
    from desk.services.demo import load_demo
    from desk.settings import Settings, save_settings
    from desk.store.db import open_database
    from desk.ui.app import make_application
    from desk.ui.import_dialog import ImportDialog
    from desk.ui.main_window import MainWindow

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    settings = Settings(coordinator="山田 花子", language=args.lang, home_block="関東")
    save_settings(settings)
    app = make_application(["desk"], language=args.lang)
    db = open_database()
    load_demo(db, registrants=args.registrants, postings=args.postings)

    from desk.app import DeskApp

    window = MainWindow(DeskApp(db, settings))
    window.resize(1480, 900)
    window.show()
    window.raise_()
    settle(app, lambda: window.postings.model.rowCount() > 0 if hasattr(window.postings, "model") else True)

    # A posting with candidates: the third row, so the table shows a selection below its first line.
    window.postings.select_row(2)
    settle(app, lambda: not window.runner.busy(), timeout=60, rest=1.0)
    candidates = window.candidates.current_table()
    if candidates.model() is not None and candidates.model().rowCount() > 0:
        candidates.selectRow(0)
        settle(app, lambda: not window.runner.busy(), timeout=30, rest=0.6)
    save(window, out / "main-window.png")

    # The sizes a desk has: nothing may be cut off at either (README: the window at 1280×720 / 1920×1080).
    for w_, h_ in ((1280, 720), (1920, 1080)):
        window.resize(w_, h_)
        settle(app, None, rest=0.3)
        from desk.ui.layout_defaults import apply_default_sizes

        apply_default_sizes(window)
        settle(app, None, rest=0.6)
        save(window, out / f"main-{w_}x{h_}.png")
    window.resize(1480, 900)
    settle(app, None, rest=0.3)

    # Find anyone: Ctrl+K with a reading typed
    dlg = window.find.open_search("やまだ")
    settle(app, lambda: dlg.results is not None and not window.runner.busy(), timeout=30, rest=0.6)
    save(dlg, out / "global-search.png")
    dlg.close()

    window.tabs.setCurrentWidget(window.registrants_tab)
    window.registrants_tab.ensure_loaded()
    settle(app, lambda: not window.runner.busy(), timeout=60, rest=1.0)
    save(window, out / "registrants-tab.png")
    window.tabs.setCurrentIndex(0)

    csv_path = home / "keynet_export_20210602.csv"
    csv_path.write_bytes(("\r\n".join(CSV_LINES) + "\r\n").encode("cp932"))
    dialog = ImportDialog(window.app, window, path=csv_path, coordinator=settings.coordinator, runner=window.runner)
    dialog.resize(1000, 800)
    dialog.show()
    settle(app, lambda: not dialog.busy() and not dialog._preview_after, timeout=60)
    settle(app, lambda: not dialog.busy(), timeout=60, rest=0.8)
    save(dialog, out / "import-dialog.png")
    dialog.close()

    # The in-app guide (Help ▸ Guide) shows small copies of these screenshots.
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    guide = ROOT / "resources" / "guide"
    for name, width in (("import-dialog.png", 560), ("main-window.png", 560), ("global-search.png", 480)):
        QImage(str(out / name)).scaledToWidth(width, Qt.TransformationMode.SmoothTransformation) \
            .save(str(guide / name), None, 85)

    window.close()
    settle(app, None, rest=0.2)
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
