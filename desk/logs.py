"""The log file: a rotating ``desk.log`` in the data folder (desk.paths.log_file).

``setup_logging()`` is called once by the window and by the command line. Every traceback the
window or a worker catches is logged here (desk.ui.runner, desk.ui.errors), and the error dialog's
details name the file, so a coordinator can hand it to whoever supports them. Passwords in database
URLs are masked before anything is written.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from desk import paths

MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

_URL_PASSWORD = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]+:)[^@\s]+@", re.IGNORECASE)


def mask_secrets(text: str) -> str:
    """``postgresql://desk:secret@host/db`` → ``postgresql://desk:***@host/db``."""
    return _URL_PASSWORD.sub(r"\1***@", text)


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log names registrants now and then: each file is created 0600 (rotated ones too)."""

    def _open(self):  # type: ignore[no-untyped-def]
        path = Path(self.baseFilename)
        if not path.exists():
            paths.create_private(path)
        paths.make_private(path)
        return super()._open()


class _MaskingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return mask_secrets(super().format(record))


def log_path() -> Path:
    return paths.log_file()


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Attach the rotating file to the ``desk`` logger (once per file); returns its path, or None
    when the data folder cannot be written (desk then runs without a log file)."""
    logger = logging.getLogger("desk")
    path = log_path()
    for handler in logger.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    # A handler of an earlier data folder (tests change DESK_HOME) is let go.
    for handler in list(logger.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            logger.removeHandler(handler)
            handler.close()
    try:
        handler = _PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                       encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(_MaskingFormatter(FORMAT))
    logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > level:
        logger.setLevel(level)
    return path
