"""Plain SQL for the warm paths of the command line, without SQLAlchemy's ORM (issue 17).

``desk rank`` in a new process with a warm index cache needs a few small reads and one insert;
importing SQLAlchemy and the ORM models took more CPU than all of that. A :class:`Reader` runs
plain SQL (``?`` placeholders) and returns plain rows, over either

- :class:`SqliteLight`: the embedded SQLite file through the standard library's ``sqlite3``
  (no SQLAlchemy at all), opened only when its schema is already current; or
- :class:`EngineReader`: a SQLAlchemy connection (the full path, and PostgreSQL), so both paths
  send the very same SQL and get the very same values.

Values come as the driver gives them (SQLite: text for dates and times; PostgreSQL: date/time
objects): readers of both kinds convert them with :func:`as_date` / :func:`minutes`.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Sequence
from typing import Any, Protocol

from desk import paths
from desk.store.schema_check import head_revisions


class Reader(Protocol):
    """Plain SQL with ``?`` placeholders, rows as tuples of driver values."""

    @property
    def is_sqlite(self) -> bool: ...

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...


class EngineReader:
    """A :class:`Reader` over a SQLAlchemy connection (``session.connection()`` or ``engine.connect()``)."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.is_sqlite = conn.dialect.name == "sqlite"
        self._qmark = conn.dialect.paramstyle == "qmark"

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        sql = sql if self._qmark else sql.replace("?", "%s")
        return [tuple(r) for r in self.conn.exec_driver_sql(sql, tuple(params)).all()]


class SqliteLight:
    """The SQLite database file through ``sqlite3``, set up like desk.store.db's connections."""

    is_sqlite = True

    def __init__(self, path: str) -> None:
        self.sqlite_file = path
        self.conn = sqlite3.connect(path, timeout=busy_timeout_ms() / 1000, isolation_level=None)
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.conn.execute(sql, tuple(params)).fetchall()]

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One row written in its own transaction (BEGIN IMMEDIATE, like desk's writers); its id."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            cur = self.conn.execute(sql, tuple(params))
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return int(cur.lastrowid or 0)

    def close(self) -> None:
        self.conn.close()


def busy_timeout_ms() -> int:
    """How long a SQLite writer waits for another one (``DESK_BUSY_TIMEOUT_MS``, default 30 s)."""
    try:
        return max(0, int(os.environ.get("DESK_BUSY_TIMEOUT_MS", "30000")))
    except ValueError:
        return 30000


class EngineLight:
    """A :class:`Reader` with an insert over a SQLAlchemy engine (PostgreSQL): the Core engine only,
    never the ORM models."""

    is_sqlite = False

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.conn = engine.connect()
        self.reader = EngineReader(self.conn)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.reader.rows(sql, params)

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One row written in its own transaction; its id."""
        self.conn.rollback()  # end the read transaction the reads began
        with self.conn.begin():
            return int(self.reader.rows(sql + " RETURNING id", params)[0][0])

    def close(self) -> None:
        self.conn.close()
        self.engine.dispose()


def open_light(url: str | None) -> SqliteLight | EngineLight | None:
    """A light connection when the database's schema is current (else None: the full path migrates):
    the SQLite file through ``sqlite3``, PostgreSQL through SQLAlchemy's Core engine."""
    if sqlite_file(url) is not None:
        return open_sqlite(url)
    raw = url or os.environ.get("DESK_DB") or ""
    if not raw.startswith(("postgresql", "postgres")):
        return None
    from desk.store.db import make_engine
    from desk.store.schema_check import schema_is_current

    engine = make_engine(url)
    if not schema_is_current(engine):
        engine.dispose()
        return None
    return EngineLight(engine)


def sqlite_file(url: str | None) -> str | None:
    """The SQLite file a ``--db`` URL (or ``DESK_DB``, or the default) names, when it is a plain,
    existing file; None for anything else (PostgreSQL, options in the URL, memory, no file yet)."""
    url = url or os.environ.get("DESK_DB") or paths.default_db_url()
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url or "%" in url:
        return None
    path = url[len(prefix):]
    return path if path and path != ":memory:" and os.path.isfile(path) else None


def open_sqlite(url: str | None) -> SqliteLight | None:
    """A light connection to the SQLite file of ``url`` when its schema is current, else None (the
    caller takes the full path, which migrates)."""
    path = sqlite_file(url)
    if path is None:
        return None
    heads = head_revisions()
    light = SqliteLight(path)
    try:
        current = {r[0] for r in light.rows("SELECT version_num FROM alembic_version")}
    except sqlite3.Error:
        current = set()
    if not heads or current != heads:
        light.close()
        return None
    return light


# ----------------------------------------------------------------------------- driver values
def as_date(value: Any) -> dt.date:
    """A date column's value (``date`` from PostgreSQL, ``YYYY-MM-DD`` text from SQLite)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def minutes(value: Any) -> int:
    """Minutes after midnight of a time column's value (``time``, or ``HH:MM:SS.ffffff`` text)."""
    if isinstance(value, dt.time):
        return value.hour * 60 + value.minute
    text = str(value)
    return int(text[0:2]) * 60 + int(text[3:5])


def stored_datetime(value: dt.datetime, is_sqlite: bool) -> Any:
    """A datetime as SQLAlchemy's DateTime stores it: text with microseconds on SQLite."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f") if is_sqlite else value
