"""Columns turned into the text a database stores (JSON text, ISO dates), each distinct value
converted once: the bulk writers (desk.store.bulk) and the import worker
(desk.services.import_workers, which must not import SQLAlchemy) share these."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

H = TypeVar("H", bound=Hashable)


class JsonColumns:
    """JSON text of columns as SQLAlchemy's JSON type stores it. Rows share their readings (the
    normaliser's memo hands the same object to every row with the same text, chunk after chunk),
    so each object is encoded once: its text is kept by identity, with the object itself (its id
    cannot be reused while it is kept). One instance kept across the chunks of a file keeps at
    most ``limit`` texts: each keeps alive an object that the normaliser's memo may have let go
    (300k rows: 50,000 kept, peak 254 MB; 10,000, 240 MB, no more CPU measured)."""

    def __init__(self, limit: int = 10_000) -> None:
        self.limit = limit
        self.memo: dict[int, tuple[Any, str | None]] = {}

    def __call__(self, values: list[Any]) -> list[str | None]:
        memo = self.memo
        if len(memo) > self.limit:
            memo.clear()
        for key, v in dict(zip(map(id, values), values, strict=True)).items():
            if key not in memo:
                memo[key] = (v, None if v is None else json.dumps(v))
        return [memo[key][1] for key in map(id, values)]


def column_json(values: list[Any]) -> list[str | None]:
    """JSON text of one column, each distinct object (by identity) encoded once."""
    return JsonColumns()(values)


def column_stored(values: list[H], convert: Callable[[H], Any]) -> list[Any]:
    """A column of hashable values (dates, times) converted once per distinct value."""
    memo = {v: convert(v) for v in set(values)}
    return list(map(memo.__getitem__, values))


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def column_iso(values: list[dt.date | None]) -> list[str | None]:
    """ISO text of a column of dates (None stays None)."""
    return column_stored(values, _iso)
