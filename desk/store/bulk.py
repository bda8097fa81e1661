"""Fast bulk inserts. On SQLite the rows go straight to the driver's executemany with values
already in SQLAlchemy's storage format (JSON text, ISO dates), which skips per-row type processing
(measured: the slowest part of a 100,000-row import). On PostgreSQL through psycopg 3 the rows are
streamed with COPY (new rows straight into the table; changed rows into a temporary staging table,
then one set-based UPDATE … FROM); through another driver, one INSERT … SELECT FROM unnest(arrays).
Everything runs in the caller's transaction, so an import stays all-or-nothing."""

from __future__ import annotations

import datetime as dt
import json
import operator
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Table, insert
from sqlalchemy.orm import Session

from desk.core.stored_columns import column_json, column_stored


def _json_encoder() -> Any:
    """A JSON encoder that encodes a value shared by many rows (the same object) once."""
    memo: dict[int, tuple[Any, str]] = {}

    def to_json(value: Any) -> str | None:
        if value is None:
            return None
        hit = memo.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        text = json.dumps(value)
        memo[id(value)] = (value, text)  # keep the object alive so its id is not reused
        return text

    return to_json


def _sqlite_converters(table: Table, keys: list[str]) -> list[Any]:
    to_json = _json_encoder()
    dates: dict[Any, str | None] = {None: None}

    def to_date(value: dt.date | None) -> str | None:
        text = dates.get(value)
        if text is None and value is not None:
            text = dates[value] = value.isoformat()
        return text

    def to_datetime(value: dt.datetime | None) -> str | None:
        text = dates.get(value)
        if text is None and value is not None:
            text = dates[value] = value.strftime("%Y-%m-%d %H:%M:%S.%f")
        return text

    converters: list[Any] = []
    for key in keys:
        col_type = table.c[key].type
        if isinstance(col_type, JSON):
            converters.append(to_json)
        elif isinstance(col_type, DateTime):
            converters.append(to_datetime)
        elif isinstance(col_type, Date):
            converters.append(to_date)
        else:
            converters.append(None)
    return converters


class BulkInserter:
    """Inserts chunks of rows (dicts with the same keys; on SQLite their values are replaced by
    their stored form) into one table; the JSON and date texts it makes are remembered across
    chunks, so a value shared by many rows is encoded once."""

    def __init__(self, session: Session, table: Table) -> None:
        self.session, self.table = session, table
        self.sqlite = session.get_bind().dialect.name == "sqlite"
        self._keys: list[str] | None = None
        self._converters: list[Any] = []

    def insert(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if not self.sqlite:
            copy = _copy_cursor(self.session)
            if copy is not None:
                _copy_rows(copy, self.table.name, self.table, list(rows[0]), rows)
            elif self.session.get_bind().dialect.name == "postgresql":
                _postgres_insert(self.session, self.table, list(rows[0]), rows)
            else:
                self.session.execute(insert(self.table), rows)
            return
        if self._keys is None or self._keys != list(rows[0]):
            self._keys = list(rows[0])
            self._converters = _sqlite_converters(self.table, self._keys)
        _sqlite_insert(self.session, self.table, self._keys, self._converters, rows)


def _sqlite_insert(session: Session, table: Table, keys: list[str], converters: list[Any],
                   rows: list[dict[str, Any]]) -> None:
    # Values are converted in place (the rows are the caller's throw-away dicts), then each row
    # becomes a tuple through one C-level itemgetter call.
    for key, conv in zip(keys, converters, strict=True):
        if conv is not None:
            for row in rows:
                row[key] = conv(row[key])
    getter = operator.itemgetter(*keys)
    data = [getter(row) for row in rows] if len(keys) > 1 else [(row[keys[0]],) for row in rows]
    cols = ", ".join(f'"{k}"' for k in keys)
    marks = ", ".join("?" for _ in keys)
    session.connection().exec_driver_sql(f'INSERT INTO "{table.name}" ({cols}) VALUES ({marks})', data)


def _postgres_insert(session: Session, table: Table, keys: list[str], rows: list[dict[str, Any]]) -> None:
    """One INSERT … SELECT FROM unnest(arrays) per chunk: a column per parameter, so the driver
    sends a handful of arrays instead of one statement per row (pg8000's executemany)."""
    dialect = session.get_bind().dialect
    casts, params = [], []
    for key in keys:
        col_type = table.c[key].type
        values = [row[key] for row in rows]
        if isinstance(col_type, JSON):
            values = [None if v is None else json.dumps(v) for v in values]
            casts.append("CAST(%s AS TEXT[])")
        else:
            casts.append(f"CAST(%s AS {col_type.compile(dialect=dialect)}[])")
        params.append(values)
    names = ", ".join(f'"{k}"' for k in keys)
    selects = ", ".join(
        f"u.c{i}::json" if isinstance(table.c[k].type, JSON) else f"u.c{i}" for i, k in enumerate(keys)
    )
    aliases = ", ".join(f"c{i}" for i in range(len(keys)))
    sql = (f'INSERT INTO "{table.name}" ({names}) SELECT {selects} '
           f"FROM unnest({', '.join(casts)}) AS u({aliases})")
    session.connection().exec_driver_sql(sql, tuple(params))


def _copy_cursor(session: Session) -> Any | None:
    """A psycopg 3 cursor on the session's own connection (same transaction), or None."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql" or bind.dialect.driver != "psycopg":
        return None
    return session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]


def _copy_rows(cursor: Any, target: str, table: Table, keys: list[str], rows: list[dict[str, Any]]) -> None:
    """COPY ``rows`` into ``target`` (the table, or a staging table with its columns): psycopg writes
    each row in C; JSON values are sent as text (a value shared by many rows is encoded once)."""
    to_json = _json_encoder()
    json_keys = [k for k in keys if isinstance(table.c[k].type, JSON)]
    getter = operator.itemgetter(*keys)
    cols = ", ".join(f'"{k}"' for k in keys)
    with cursor.copy(f'COPY "{target}" ({cols}) FROM STDIN') as copy:
        for row in rows:
            for k in json_keys:
                row[k] = to_json(row[k])
            copy.write_row(getter(row) if len(keys) > 1 else (row[keys[0]],))


def bulk_update(session: Session, table: Table, rows: list[dict[str, Any]], key: str = "id") -> bool:
    """Update existing rows (dicts with the same keys, ``key`` among them) in one set-based statement:
    COPY into a temporary staging table, then UPDATE … FROM it. Returns False when the connection
    cannot COPY (SQLite, another driver): the caller then uses its executemany."""
    cursor = _copy_cursor(session)
    if cursor is None:
        return False
    if not rows:
        return True
    keys = list(rows[0])
    cols = ", ".join(f'"{k}"' for k in keys)
    stage = f"_desk_stage_{table.name}"
    conn = session.connection()
    conn.exec_driver_sql(f'CREATE TEMPORARY TABLE "{stage}" ON COMMIT DROP AS SELECT {cols} FROM "{table.name}" '
                         "WITH NO DATA")
    try:
        _copy_rows(cursor, stage, table, keys, rows)
        sets = ", ".join(f'"{k}" = s."{k}"' for k in keys if k != key)
        conn.exec_driver_sql(f'UPDATE "{table.name}" AS t SET {sets} FROM "{stage}" AS s WHERE t."{key}" = s."{key}"')
    finally:
        conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{stage}"')
    return True


def insert_columns(session: Session, table: Table, columns: dict[str, list[Any]],
                   stored: frozenset[str] = frozenset()) -> None:
    """Insert rows given column by column (equally long lists): no dict per row. On SQLite each
    column is converted to its stored form once per distinct JSON value or date; on PostgreSQL
    through psycopg 3 the rows are COPYed; elsewhere one INSERT … SELECT FROM unnest per call.
    The columns named in ``stored`` are already in stored form (JSON text, ISO dates)."""
    keys = list(columns)
    if not keys or not columns[keys[0]]:
        return
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        converters = _sqlite_converters(table, keys)
        cols = [columns[k] if conv is None or k in stored else column_json(columns[k])
                if isinstance(table.c[k].type, JSON) else column_stored(columns[k], conv)
                for k, conv in zip(keys, converters, strict=True)]
        names = ", ".join(f'"{k}"' for k in keys)
        marks = ", ".join("?" for _ in keys)
        # The driver's own cursor takes the rows as they are zipped: no list of tuples is built.
        cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.executemany(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', zip(*cols, strict=True))
        finally:
            cursor.close()
        return
    copy = _copy_cursor(session)
    if copy is not None:
        copy_columns(copy, table.name, table, columns, stored)
        return
    columns = {k: _column_read(table, k, v) if k in stored else v for k, v in columns.items()}
    rows = [dict(zip(keys, values, strict=True)) for values in zip(*columns.values(), strict=True)]
    if dialect == "postgresql":
        _postgres_insert(session, table, keys, rows)
    else:
        session.execute(insert(table), rows)


def _column_read(table: Table, key: str, values: list[Any]) -> list[Any]:
    """A column in stored form (JSON text, ISO dates) read back, for the drivers that convert."""
    if isinstance(table.c[key].type, JSON):
        return [None if v is None else json.loads(v) for v in values]
    if isinstance(table.c[key].type, DateTime):
        return [None if v is None else dt.datetime.fromisoformat(v) for v in values]
    if isinstance(table.c[key].type, Date):
        return [None if v is None else dt.date.fromisoformat(v) for v in values]
    return values


def copy_columns(cursor: Any, target: str, table: Table, columns: dict[str, list[Any]],
                 stored: frozenset[str] = frozenset()) -> None:
    """COPY rows given column by column into ``target``; JSON columns are sent as text (a value
    shared by many rows is encoded once; ``stored`` ones are text already)."""
    keys = list(columns)
    cols = [column_json(columns[k]) if isinstance(table.c[k].type, JSON) and k not in stored else columns[k]
            for k in keys]
    names = ", ".join(f'"{k}"' for k in keys)
    with cursor.copy(f'COPY "{target}" ({names}) FROM STDIN') as copy:
        write = copy.write_row
        for row in zip(*cols, strict=True):
            write(row)
