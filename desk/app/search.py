"""Global search (Ctrl+K): registrants, postings and placements by name, reading, romaji, phone,
e-mail or ID, grouped by kind, exact first.

Registrants are looked up in their search index (desk.core.search_registry: a million registrants
answer in milliseconds), loaded from the data folder or built once, and used only while the
registrants' signature is the one it was built for (desk.services.search.signature): an import, an
edit or a merge is in the next search. Postings and placements (thousands) are scanned as entries
(desk.core.search), read once and kept until they change."""

from __future__ import annotations

import threading
from typing import Any

from desk.app.base import AppBase
from desk.core.search import KINDS, Entry, Hit, Query, Results, grouped, read_query, search_kind
from desk.core.search_registry import find
from desk.services import search as search_store

SearchResults = Results
_SCANNED = tuple(k for k in KINDS if k != "registrant")


class SearchApi(AppBase):
    #: kind -> (its signature, its entries): each kind is read again only when it changed.
    _search_cache: dict[str, tuple[tuple[object, ...], list[Entry]]] | None = None
    #: The registrants' index as of their latest signature (desk.services.search.RegistrantSearch).
    _registrant_index: search_store.RegistrantSearch | None = None
    _search_lock = threading.Lock()
    _index_build_lock = threading.Lock()

    def _search_entries(self, kind: str, sigs: dict[str, tuple[object, ...]]) -> list[Entry]:
        with self._search_lock:
            if self._search_cache is None:
                self._search_cache = {}
            cached = self._search_cache.get(kind)
        if cached is None or cached[0] != sigs[kind]:
            cached = (sigs[kind], search_store.entries(self.db, kind))
            with self._search_lock:
                self._search_cache[kind] = cached
        return cached[1]

    def _registrants(self, key: tuple[object, ...]) -> search_store.RegistrantSearch:
        with self._index_build_lock:  # one build at a time: a second caller waits and reuses it
            held = self._registrant_index = search_store.registrant_search(self.db, key, self._registrant_index)
            return held

    def prewarm_search(self) -> None:
        """Load the registrants' index (or build it), read the postings and placements and the place
        names (a name query asks whether it is a place: the gazetteer, half a second) now."""
        from desk.core.regions import region_query

        sigs = search_store.signature(self.db)
        self._registrants(sigs["registrant"])
        for kind in _SCANNED:
            self._search_entries(kind, sigs)
        region_query("よこはま")

    def _registrant_hits(self, q: Query, limit: int, key: tuple[object, ...]) -> tuple[tuple[Hit, ...], int] | None:
        """The registrants shown for ``q`` and their count; None when one of them changed meanwhile."""
        found = find(self._registrants(key).parts(), q, limit)
        ids = list(found.ids)
        entries = search_store.registrant_entries(self.db, ids)
        if len(entries) != len(ids):  # one of them is gone: build the index again
            with self._index_build_lock:
                self._registrant_index = None
            return None
        return tuple(Hit(entries[i], *h) for i, h in zip(ids, found.hits, strict=True)), found.count

    def search(self, text: str, limit: int = 20) -> Results:
        """Everyone and everything ``text`` names, grouped by kind (registrants, postings, placements)."""
        q = read_query(text)
        if not q:
            return Results(q)
        regions = None
        if q.kind == "text":
            from desk.core.regions import region_query

            place = region_query(q.text)
            if not place.fuzzy and (place.pref_codes or place.muni_codes):
                regions = (frozenset(place.pref_codes), frozenset(c[:5] for c in place.muni_codes))
        found: dict[str, Any] = {}
        for _attempt in range(3):
            sigs = search_store.signature(self.db)
            got = self._registrant_hits(q, limit, sigs["registrant"])
            # the entries shown are read after the lookup: a change in between is looked up again
            if got is not None and search_store.registrants_touched(self.db) == sigs["registrant"][1:]:
                found["registrant"] = got
                break
        else:
            found["registrant"] = search_kind(search_store.entries(self.db, "registrant"), q, "registrant", limit)
        for kind in _SCANNED:
            found[kind] = search_kind(self._search_entries(kind, sigs), q, kind, limit, regions)
        return grouped(q, found)
