#!/usr/bin/env python3
"""Screenshots of the calling day for the documentation: docs/images/calling-day.png (call bar,
last-contact column, the registrant's calls, call-backs dock), recontact-dock.png,
override-dialog.png and partial-confirm.png. Same display handling as scripts/screenshots.py.

    .venv/bin/python scripts/screenshots_calls.py [--out docs/images] [--lang ja|en]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from screenshots import save, settle, start_display  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--lang", default="ja", choices=("ja", "en"))
    args = parser.parse_args(argv)
    xvfb = start_display()
    home = Path(tempfile.mkdtemp(prefix="desk-shots-"))
    os.environ["DESK_HOME"] = str(home)
    os.environ.pop("DESK_DB", None)
    try:
        return take(args)
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(10)
        shutil.rmtree(home, ignore_errors=True)


def take(args: argparse.Namespace) -> int:
    from desk.app import DeskApp
    from desk.services.demo import load_demo
    from desk.settings import Settings, save_settings
    from desk.store.db import open_database
    from desk.ui.app import make_application
    from desk.ui.main_window import MainWindow
    from desk.ui.override_dialog import OverrideDialog
    from desk.ui.partial_confirm_dialog import PartialConfirmDialog

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    settings = Settings(coordinator="山田 花子", language=args.lang, home_block="関東")
    save_settings(settings)
    app = make_application(["desk"], language=args.lang)
    db = open_database()
    load_demo(db, registrants=3000, postings=300)

    window = MainWindow(db, settings)
    window.resize(1600, 940)
    window.show()
    settle(app, lambda: window.postings.model.rowCount() > 0)
    window.postings.select_row(2)
    settle(app, lambda: not window.runner.busy(), timeout=60, rest=1.0)
    posting = window.work._posting
    model = window.candidates.model
    if posting is None or model.rowCount() < 3:
        raise SystemExit("screenshots: no candidates on the chosen posting")
    desk = DeskApp(db, settings)
    now = dt.datetime.now().replace(second=0, microsecond=0)
    sid = posting["source_id"]
    first, second, third = (model.row_at(i).source_id for i in range(3))
    desk.log_call(sid, first, "no_answer")
    desk.log_call(sid, first, "no_answer", note="昼休みにもう一度")
    desk.log_call(sid, second, "callback", callback_at=now - dt.timedelta(minutes=5), note="外来後に折り返し")
    desk.log_call(sid, third, "voicemail")
    desk.add_note(sid, first, "土曜午前なら可能とのこと")
    window.calls.refresh_last_contacts()
    window.calls.refresh_lists()
    window.candidates.select_id(model.row_id(model.row_at(0)))
    window.registrant.tabs.setCurrentWidget(window.calls.contacts)
    settle(app, lambda: not window.runner.busy(), timeout=30, rest=1.0)
    save(window, out / "calling-day.png")

    dialog = OverrideDialog("鈴木 一郎", "資格が募集職種（医師）に合わない（事務職員）", window)
    dialog.reason.setText("医師免許の写しを確認済み")
    dialog.show()
    settle(app, None, rest=0.5)
    save(dialog, out / "override-dialog.png")
    dialog.close()

    options = desk.slot_options(sid, first)
    if options:
        pick = PartialConfirmDialog("山田 太郎", options, window)
        pick.resize(640, 320)
        pick.show()
        settle(app, None, rest=0.5)
        save(pick, out / "partial-confirm.png")
        pick.close()
    window.close()
    settle(app, None, rest=0.2)
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
