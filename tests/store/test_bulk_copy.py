"""PostgreSQL imports stream with COPY (psycopg 3): the rows stored, and the rows updated by a
second import (staging table + one UPDATE … FROM), equal what the same files give on SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desk.core.demo import REGISTRANT_HEADERS, generate_registrants, write_csv
from desk.services.importer import ImportOptions, import_file
from desk.store.db import open_database
from desk.store.models import Registrant

pytestmark = pytest.mark.postgres
SKIP = {"id", "first_batch_id", "last_batch_id", "changed_at"}


def _content(url: str) -> list[tuple[object, ...]]:
    db = open_database(url)
    try:
        cols = [c for c in Registrant.__table__.c if c.name not in SKIP]
        with db.session() as s:
            return [tuple(row) for row in s.execute(select(*cols).order_by(Registrant.source_id)).all()]
    finally:
        db.dispose()


def _import(url: str, path: Path) -> str:
    db = open_database(url)
    try:
        return import_file(db, "registrants", path, ImportOptions(accept_partial=True)).summary_line()
    finally:
        db.dispose()


def test_postgres_import_by_copy_equals_sqlite(pg_url: str, sqlite_url: str, tmp_path: Path) -> None:
    db = open_database(pg_url)
    assert db.engine.dialect.driver == "psycopg"  # postgresql:// defaults to the COPY-capable driver
    db.dispose()
    rows = generate_registrants(400, seed=3)
    first = write_csv(tmp_path / "r1.csv", rows, REGISTRANT_HEADERS, encoding="cp932")
    assert _import(pg_url, first) == _import(sqlite_url, first)
    assert _content(pg_url) == _content(sqlite_url)
    for row in rows[::7]:  # a second export: some people moved, changed phone, or left
        row["電話"] = "090-0000-" + row["登録ID"][-4:]
        row["備考"] = "タブ\tと改行\nと \\ 入り"
        row["状態"] = "休止"
    second = write_csv(tmp_path / "r2.csv", rows, REGISTRANT_HEADERS, encoding="cp932")
    line = _import(pg_url, second)
    assert line == _import(sqlite_url, second)
    assert "updated 58" in line
    assert _content(pg_url) == _content(sqlite_url)
