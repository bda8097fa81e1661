"""The log file: rotating, in the data folder, never showing a password; the error dialog points to it."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from desk import logs, paths


def test_the_log_file_is_in_the_data_folder_rotates_and_masks_passwords(desk_home: Path) -> None:
    path = logs.setup_logging()
    assert path == paths.log_file() == desk_home / "desk.log"
    assert logs.setup_logging() == path, "set up twice (window and command line): one handler"
    handlers = [h for h in logging.getLogger("desk").handlers if isinstance(h, logging.handlers.RotatingFileHandler)]
    assert len(handlers) == 1 and handlers[0].maxBytes > 0 and handlers[0].backupCount > 0
    try:
        raise RuntimeError("could not connect to postgresql://desk:s3cret@db.example/desk")
    except RuntimeError:
        logging.getLogger("desk.ui").exception("opening failed")
    handlers[0].flush()
    text = path.read_text(encoding="utf-8")
    assert "Traceback" in text and "opening failed" in text
    assert "s3cret" not in text and "postgresql://desk:***@db.example/desk" in text


def test_the_error_details_say_where_the_log_is(qapp, desk_home: Path) -> None:  # type: ignore[no-untyped-def]
    from desk.ui.errors import error_details, plain_message

    try:
        raise OSError("disk full")
    except OSError as exc:
        details = error_details(exc)
    assert "Traceback" in details and str(desk_home / "desk.log") in details

    class OperationalError(Exception):
        __module__ = "sqlalchemy.exc"

    locked = OperationalError("(sqlite3.OperationalError) database is locked")
    assert "colleague" in plain_message(locked) and "locked" not in plain_message(locked)
