"""Engine and session factory; migrations are applied when a database is opened."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from desk import paths
from desk.credentials import with_password
from desk.store import schema_snapshot
from desk.store.faults import DatabaseFault, classify
from desk.store.light import busy_timeout_ms
from desk.store.schema_check import schema_is_current

if TYPE_CHECKING:  # Alembic is imported only when a schema is not current (start-up, issue 17)
    from alembic.config import Config


def resolve_url(url: str | None = None) -> str:
    """``--db URL`` first, then ``DESK_DB``, then the embedded SQLite file in the data folder.

    A plain ``postgresql://`` URL uses psycopg 3 (binary wheels, LGPL; imports stream with COPY);
    ``postgresql+pg8000://`` still selects the pure-Python driver.
    """
    url = url or os.environ.get("DESK_DB") or paths.default_db_url()
    parsed = make_url(with_password(url))  # team mode: the password from DESK_DB_PASSWORD or the keyring
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # Let SQLAlchemy, not the driver, issue BEGIN (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
    cur.close()


def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
    """BEGIN IMMEDIATE for writers that must serialise (``write()``), a plain BEGIN otherwise."""
    immediate = conn.get_execution_options().get("sqlite_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _private_sqlite_file(url: str) -> None:
    """Create the SQLite file 0600 before SQLite does (it would follow the umask, and its -wal and
    -shm files copy the database's mode), or narrow an existing one of ours."""
    path = make_url(url).database
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    db_file = Path(path)
    if db_file.exists():
        for f in (db_file, db_file.with_name(db_file.name + "-wal"), db_file.with_name(db_file.name + "-shm")):
            paths.make_private(f)
    elif db_file.parent.is_dir():
        try:
            fd = os.open(db_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, paths.PRIVATE_FILE_MODE)
        except OSError:
            return  # read-only folder, a race: SQLite will say so in its own words (see faults)
        if os.name == "posix":
            os.fchmod(fd, paths.PRIVATE_FILE_MODE)
        os.close(fd)


def make_engine(url: str | None = None) -> Engine:
    url = resolve_url(url)
    if url.startswith("sqlite"):
        _private_sqlite_file(url)
        engine = create_engine(url, connect_args={"timeout": busy_timeout_ms() / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent; cheap when already current)."""
    if schema_is_current(engine) or schema_snapshot.create(engine):
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = alembic_config(engine)
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@dataclass
class Database:
    """An opened, migrated database: the engine and a session factory."""

    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on any error.

        A fault of the database (locked, read-only, disk full, server gone) leaves as a
        :class:`desk.store.faults.DatabaseFault` with plain words.
        """
        with plain_faults(self.engine.url), self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A unit of work that must not interleave with another writer's check-then-write.

        On SQLite the transaction starts with BEGIN IMMEDIATE (the write lock is taken first, other
        writers wait); on PostgreSQL the caller locks the rows it checks (SELECT … FOR UPDATE).
        """
        with plain_faults(self.engine.url), self.sessions() as session, session.begin():
            if self.is_sqlite:
                session.connection(execution_options={"sqlite_immediate": True})
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def plain_faults(url: URL | str | None) -> Iterator[None]:
    """Turn a database fault raised inside the block into a DatabaseFault naming the database."""
    try:
        yield
    except DatabaseFault:
        raise
    except (DBAPIError, sqlite3.Error, OSError) as exc:
        text = url.render_as_string(hide_password=False) if isinstance(url, URL) else url
        fault = classify(exc, text)
        if fault is None:
            raise
        raise fault from exc


def open_database(url: str | None = None, *, migrate_schema: bool = True) -> Database:
    from desk.store import change_counter  # noqa: F401 - numbers every registrant write (ORM events)

    with plain_faults(url or resolve_url(url)):
        engine = make_engine(url)
        if migrate_schema:
            migrate(engine)
    return Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
