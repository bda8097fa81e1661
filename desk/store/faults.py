"""Database faults in plain words: one exception type for everything the database or its driver
can throw at a user who did nothing wrong (locked, read-only, disk full, I/O error, server
unreachable, password refused).

``classify(exc, url)`` looks at an SQLAlchemy, sqlite3, pg8000 or psycopg error and returns a
:class:`DatabaseFault` (or ``None`` when it is not a fault of the database's surroundings). The
English sentence (``str(fault)``) is what the command line prints; the window translates the same
``template`` through Qt (context ``faults``, see desk/ui/fault_text.py) and puts ``where`` in %1.
The place is a file path or ``host:port/database``: a password never appears in a message.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

#: code → the sentence (English source text; %1 is the database's place). Each says what happened
#: and what to do. Kept in step with desk/ui/fault_text.py (a test compares them).
TEMPLATES: dict[str, str] = {
    "locked": "Another desk is writing to the database (%1); nothing was changed. Try again in a moment.",
    "readonly": "The database (%1) or its folder is read-only; nothing was changed. "
                "Ask for write access, or open a copy in a folder you can write to.",
    "cannot_open": "The database (%1) cannot be opened: its folder is missing, read-only or not yours.",
    "full": "The disk is full: nothing was changed (%1). Free some space and try again.",
    "io": "The disk reported an I/O error: nothing was changed (%1). Check the disk or network drive, then try again.",
    "corrupt": "The file %1 is not a desk database or is damaged. Restore it from a backup.",
    "unreachable": "The database server %1 cannot be reached. Check that it is running and the address in Settings.",
    "auth": "The database server %1 refused the user name or password. Check them in Settings.",
    "no_database": "The database %1 does not exist on the server. Check the name in Settings.",
    "denied": "The database %1 does not allow this to your account; nothing was changed. Ask an administrator.",
    "other": "The database %1 reported a problem; nothing was changed. The details are in the log file.",
}

# SQLite's error texts (stable since 3.x) and PostgreSQL SQLSTATE codes.
_SQLITE = (
    ("database is locked", "locked"),
    ("database table is locked", "locked"),
    ("attempt to write a readonly database", "readonly"),
    ("readonly database", "readonly"),
    ("unable to open database file", "cannot_open"),
    ("database or disk is full", "full"),
    ("disk i/o error", "io"),
    ("file is not a database", "corrupt"),
    ("database disk image is malformed", "corrupt"),
)
_SQLSTATE = {
    "28P01": "auth", "28000": "auth", "3D000": "no_database", "53100": "full", "58030": "io",
    "55P03": "locked", "40P01": "locked", "25006": "readonly",  # 42501 (no right): desk.services.identity words it
    "57P01": "unreachable", "57P02": "unreachable", "57P03": "unreachable", "08000": "unreachable",
    "08001": "unreachable", "08006": "unreachable",
}
_PG_TEXT = (
    ("password authentication failed", "auth"),
    ("authentication failed", "auth"),
    ("no password supplied", "auth"),
    ("connection refused", "unreachable"),
    ("can't create a connection", "unreachable"),
    ("could not connect", "unreachable"),
    ("could not translate host name", "unreachable"),
    ("name or service not known", "unreachable"),
    ("timeout expired", "unreachable"),
    ("timed out", "unreachable"),
    ("server closed the connection", "unreachable"),
    ("network error", "unreachable"),
    ("connection is closed", "unreachable"),
    ("does not exist", "no_database"),
)
_SQLSTATE_RE = re.compile(r"'C': '([0-9A-Z]{5})'")


class DatabaseFault(Exception):
    """The database could not do what was asked, for a reason outside the request: plain words, exit 2."""

    def __init__(self, code: str, where: str) -> None:
        self.code = code
        self.where = where
        super().__init__(self.template.replace("%1", where))

    @property
    def template(self) -> str:
        return TEMPLATES[self.code]


def place(url: str | None) -> str:
    """The database's place for a message: the SQLite file, or ``host:port/db`` (never a password)."""
    if not url:
        return "?"
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - an unparsable URL is still named, without what follows '@'
        return url.rsplit("@", 1)[-1]
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or "(memory)"
    host = parsed.host or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{host}{port}/{parsed.database or ''}"


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen and len(seen) < 8:
        seen.append(cur)
        if isinstance(cur, sa_exc.DBAPIError) and cur.orig is not None and cur.orig not in seen:
            seen.append(cur.orig)
        cur = cur.__cause__ or cur.__context__
    return seen


def _code_of(error: BaseException) -> str | None:
    text = str(error).lower()
    module = type(error).__module__ or ""
    if isinstance(error, sqlite3.Error):
        for needle, code in _SQLITE:
            if needle in text:
                return code
        return "other" if isinstance(error, sqlite3.OperationalError | sqlite3.DatabaseError) else None
    if module.startswith(("pg8000", "psycopg")):
        state = getattr(error, "sqlstate", None) or getattr(getattr(error, "diag", None), "sqlstate", None)
        if state is None and error.args and isinstance(error.args[0], dict):
            state = error.args[0].get("C")
        if state is None and (m := _SQLSTATE_RE.search(str(error))):
            state = m.group(1)
        if state is not None:
            return _SQLSTATE.get(state)  # a known state we do not list is the caller's (a bug, a rule)
        for needle, code in _PG_TEXT:
            if needle in text:
                return code
        name = type(error).__name__
        if name in ("InterfaceError", "OperationalError"):
            return "unreachable"
        return None
    if isinstance(error, ConnectionError | TimeoutError):
        return "unreachable"
    return None


def classify(exc: BaseException, url: str | None = None) -> DatabaseFault | None:
    """The fault behind ``exc`` (looking through SQLAlchemy's wrapper and the exception chain), or None.

    Integrity errors and programming errors are not faults of the surroundings: they return None
    (a bug or a rule the caller words itself).
    """
    if isinstance(exc, DatabaseFault):
        return exc
    for error in _chain(exc):
        if isinstance(error, sa_exc.IntegrityError | sqlite3.IntegrityError):
            return None
        code = _code_of(error)
        if code is not None:
            where = place(url)
            if code == "cannot_open" and url:
                code = _why_cannot_open(where)
            elif code == "io" and url and url.startswith("sqlite"):
                code = _why_io(where)
            return DatabaseFault(code, where)
    return None


def _why_cannot_open(path: str) -> str:
    """SQLite says "unable to open database file" for a missing folder and a read-only one alike."""
    folder = Path(path).parent
    if folder.is_dir() and not os.access(folder, os.W_OK):
        return "readonly"
    return "cannot_open"


#: SQLite reports a full disk while growing its WAL or shared-memory file as an I/O error.
FULL_BELOW_BYTES = 1 << 20


def _why_io(path: str) -> str:
    try:
        free = shutil.disk_usage(Path(path).parent).free
    except OSError:
        return "io"
    return "full" if free < FULL_BELOW_BYTES else "io"


def wrap(exc: BaseException, url: str | None = None) -> BaseException:
    """``exc`` as a DatabaseFault when it is one, else unchanged (for ``raise wrap(e) from e``)."""
    return classify(exc, url) or exc
