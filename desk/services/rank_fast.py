"""``desk rank`` in a new process with a warm index cache: the cached index and a few plain reads.

The full path (desk.services.ranking) imports SQLAlchemy's ORM and every model, reads the change
stamp and the posting through sessions, and builds the index when the cache is stale. When the
cache is current none of that is needed: this path reads the same stamp and posting with the same
SQL (desk.services.rank_result) through a light connection (desk.store.light: ``sqlite3`` for the
embedded file, the Core engine for PostgreSQL), loads the cached index and assembles the same
answer. When registrants changed since the cache was saved, the delta the full path saved beside it
(desk.services.rank_delta) is merged in, without reading the database. Whenever it cannot answer (schema not current, no cache or a stale one, an unusual URL) it
says so with None and the caller takes the full path, which rebuilds and saves the cache.
``DESK_RANK_FAST=0`` always takes the full path.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

from desk.services import index_cache
from desk.services.rank_result import RankResult, read_posting, result_of, state_key
from desk.store.light import EngineLight, SqliteLight, open_light, stored_datetime


def enabled() -> bool:
    return os.environ.get("DESK_RANK_FAST", "1").strip().lower() not in ("0", "no", "off", "false")


def open_database(url: str | None) -> SqliteLight | EngineLight | None:
    """A light connection to the database of ``url``, or None (take the full path)."""
    return open_light(url) if enabled() and index_cache.enabled() else None


def rank_cached(light: SqliteLight | EngineLight, posting_source_id: str, **options: Any) -> RankResult | None:
    """rank_posting's answer from the cached index, or None when the cache is not current.

    Raises PostingNotFound like the full path (the posting is read first)."""
    posting = read_posting(light, posting_source_id)
    key = state_key(light)
    index = index_cache.load(light, key)
    if index is None:  # registrants changed since the saved index: its saved delta, when it fits
        from desk.services import rank_delta
        from desk.services.rank_result import REGISTRANT_KEY

        index = rank_delta.saved(light, key, REGISTRANT_KEY)
    if index is None:
        return None
    result = result_of(index, posting, **options)
    if options.get("filter_text"):  # as the full path does: the next process's filter decodes no record
        index_cache.save_filter(light, key, index)
    return result


def record_export(light: SqliteLight | EngineLight, kind: str, destination: str, coordinator: str,
                  filters: dict[str, Any], rows: int) -> int:
    """desk.services.export_files.record_export's row, written with plain SQL (same columns, the
    time in UTC as SQLAlchemy stores it, the filters as JSON text)."""
    at = stored_datetime(dt.datetime.now(dt.UTC).replace(tzinfo=None), light.is_sqlite)
    return light.insert('INSERT INTO export_record (kind, file_name, coordinator, at, filters, "rows") '
                        "VALUES (?, ?, ?, ?, ?, ?)", (kind, destination, coordinator, at, json.dumps(filters), rows))
