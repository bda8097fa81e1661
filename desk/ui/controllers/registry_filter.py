"""Filtering the whole registry per keystroke (no Qt).

Uses ``desk.core.filters`` (RegistryIndex + filter_registrants, the shared query syntax) when that
module is present; otherwise a plain fallback: every word must occur in the registrant's folded
text, a prefix (地域: 名前: 科: 職種: 日: メモ:) narrows a word to one field.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from desk.app.postings import RegistrantTable
from desk.core import filters as core_filters
from desk.core.occupations import label as occupation_label
from desk.core.occupations import parse_occupation
from desk.core.text import kana_key, loose_romaji

PREFIXES = {"地域": "region", "名前": "name", "科": "specialty", "職種": "occupation", "日": "day", "メモ": "notes"}


def _occ_label(code: str) -> str:
    try:
        return occupation_label(code)
    except ValueError:
        return code or ""


def _fold(text: str) -> str:
    return kana_key(text)


class _Fallback:
    def __init__(self, table: RegistrantTable) -> None:
        n = len(table)
        self.fields: dict[str, list[str]] = {
            "region": [_fold(f"{table.prefectures[i]}{table.cities[i]} {table.work_areas[i]}") for i in range(n)],
            "name": [f"{_fold(table.names[i])} {_fold(table.kana[i])} {loose_romaji(table.kana[i])}"
                     for i in range(n)],
            "specialty": [_fold(table.specialties[i]) for i in range(n)],
            "occupation": [f"{table.occupations[i]} {_occ_label(table.occupations[i])}" for i in range(n)],
            "day": [_fold(table.availability[i]) for i in range(n)],
            "notes": [_fold(table.notes[i]) for i in range(n)],
        }
        self.fields["all"] = [
            " ".join((self.fields["region"][i], self.fields["name"][i], self.fields["specialty"][i],
                      self.fields["occupation"][i], self.fields["notes"][i], table.source_ids[i].lower(),
                      table.phones[i]))
            for i in range(n)
        ]
        self.n = n
        self.occupations = table.occupations

    def apply(self, query: str) -> np.ndarray:
        pos: list[int] | range = range(self.n)
        for token in query.split():
            field = "all"
            for prefix, name in PREFIXES.items():
                for sep in (":", "："):
                    if token.startswith(prefix + sep):
                        field, token = name, token[len(prefix) + 1:]
            key = _fold(token)
            occ = None
            if field == "occupation":
                occ = parse_occupation(token)
                key = occ.value if occ else token.lower()
            if not key:
                continue
            if field == "occupation" and occ is not None:
                pos = [i for i in pos if self.occupations[i] == occ.value]
                continue
            hay = self.fields[field]
            pos = [i for i in pos if key in hay[i]]
        return np.fromiter(pos, dtype=np.int64)


#: One query per kind of term, run once after loading so typing never pays for a cache build (日:6/1:
#: the date reader's import, 0.1 s; 地域:よこ: the town-name table a prefix is looked up in).
WARM_UP = ("名前:あ", "科:内", "メモ:英", "地域:東京", "地域:よこ", "日:土", "日:6/1", "職種:医師", "a", "地")


#: The core filter syntax over the ranking's index; tests switch it off to check the fallback.
USE_CORE = True


class RegistryFilter:
    """Built once per loaded registry (in a worker), then ``apply(query)`` per keystroke.

    Given the ranking's cached RegistryIndex (DeskApp.registry_index), the query runs over it (the same syntax and matching as the candidate filter) and its row ids
    are mapped onto the table's positions; otherwise the plain fallback above is used.
    """

    def __init__(self, table: RegistrantTable, index: Any = None) -> None:
        self.table = table
        self._ids = np.asarray(table.ids, dtype=np.int64)
        self._core: Any = None
        self._index: Any = None
        self._map: np.ndarray | None = None
        if index is not None and USE_CORE:
            self._index = index
            self._core = core_filters
            row_ids = np.asarray(self._index.row_ids, dtype=np.int64)
            if len(row_ids) == len(self._ids) and np.array_equal(row_ids, self._ids):
                self._map = None  # same rows in the same order: positions are the same
            else:
                pos = np.searchsorted(self._ids, row_ids)
                pos[pos >= len(self._ids)] = 0
                self._map = np.where(self._ids[pos] == row_ids, pos, -1) if len(self._ids) else pos
        self._fallback = None if self._core else _Fallback(table)
        if self._core is not None and len(table):
            self.warm_up()

    def warm_up(self) -> None:
        """Build the filter's lazy caches now (in the loading worker), not on the first keystroke."""
        for query in WARM_UP:
            self.apply(query)

    @property
    def uses_core(self) -> bool:
        return self._core is not None

    def problems(self, query: str) -> list[str]:
        if self._core is None or not hasattr(self._core, "parse_query"):
            return []
        return list(self._core.parse_query(query).problems)

    def apply(self, query: str) -> np.ndarray:
        query = query.strip()
        if not query:
            return np.arange(len(self.table), dtype=np.int64)
        if self._core is not None:
            rows = np.asarray(self._core.filter_registrants(self._index, query), dtype=np.int64)
            if self._map is None:
                return rows
            pos = self._map[rows]
            return np.sort(pos[pos >= 0])
        assert self._fallback is not None
        return self._fallback.apply(query)
