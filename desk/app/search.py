"""Global search (Ctrl+K): registrants, postings and placements by name, reading, romaji, phone,
e-mail or ID, grouped by kind, exact first.

Registrants are looked up in their search index (desk.core.search_registry: a million registrants
answer in milliseconds), loaded from the data folder or built once, and used only while the
registrants' signature is the one it was built for (desk.services.search.signature): an import, an
edit or a merge is in the next search. Postings and placements (thousands) are scanned as entries
(desk.core.search), read once and kept until they change."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from desk.app.base import AppBase
from desk.core.search import KINDS, Entry, Hit, Query, Results, grouped, read_query, search_kind
from desk.core.search_registry import find
from desk.services import search as search_store

SearchResults = Results
Progress = Callable[[int, int], None]
_SCANNED = tuple(k for k in KINDS if k != "registrant")


class SearchApi(AppBase):
    #: kind -> (its signature, its entries): each kind is read again only when it changed.
    _search_cache: dict[str, tuple[tuple[object, ...], list[Entry]]] | None = None
    #: The registrants' index as of their latest signature (desk.services.search.RegistrantSearch).
    _registrant_index: search_store.RegistrantSearch | None = None
    _search_lock = threading.Lock()
    _index_build_lock = threading.Lock()
    #: (registrants read, registrants in all) while a build of their index runs, else None.
    _build_progress: tuple[int, int] | None = None

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

    def _registrants(self, key: tuple[object, ...], progress: Progress | None = None) -> search_store.RegistrantSearch:
        """The registrants' search for ``key``: one build at a time (a second caller waits and
        reuses it, hearing how far the first one is through ``progress``)."""
        while not self._index_build_lock.acquire(timeout=0.1):
            running = self._build_progress
            if progress is not None and running is not None:
                progress(*running)
        try:
            total = int(key[0]) if key and isinstance(key[0], int) else 0

            def heard(done: int) -> None:
                self._build_progress = (done, total)
                if progress is not None:
                    progress(done, total)

            held = self._registrant_index = search_store.registrant_search(self.db, key, self._registrant_index,
                                                                           progress=heard)
            return held
        finally:
            self._build_progress = None
            self._index_build_lock.release()

    def prewarm_search(self) -> None:
        """Load the registrants' index (or build it), read the postings and placements and the place
        names (a name query asks whether it is a place: the gazetteer, half a second) now."""
        from desk.core.regions import region_query

        sigs = search_store.signature(self.db)
        self._registrants(sigs["registrant"])
        for kind in _SCANNED:
            self._search_entries(kind, sigs)
        region_query("よこはま")

    def _registrant_hits(self, q: Query, limit: int, key: tuple[object, ...],
                         progress: Progress | None) -> tuple[tuple[Hit, ...], int, bool]:
        """The registrants shown for ``q``, their count, and whether every one shown was still
        there when read (else they are left out)."""
        found = find(self._registrants(key, progress).parts(), q, limit)
        ids = list(found.ids)
        entries = search_store.registrant_entries(self.db, ids)
        hits = tuple(Hit(entries[i], *h) for i, h in zip(ids, found.hits, strict=True) if i in entries)
        return hits, found.count - (len(ids) - len(hits)), len(hits) == len(ids)

    def search(self, text: str, limit: int = 20, progress: Progress | None = None) -> Results:
        """Everyone and everything ``text`` names, grouped by kind (registrants, postings, placements).

        ``progress(done, total)`` hears how many registrants a first build has read. When the
        registry changes between the lookup and the read of the rows shown three times running, the
        answer is the last lookup's (the rows still there) with ``changing`` set: the dialog says the
        results may be a moment old, and no registrant is scanned one by one."""
        q = read_query(text)
        if not q:
            return Results(q)
        found: dict[str, Any] = {}
        changing = True
        for _attempt in range(3):
            sigs = search_store.signature(self.db)
            hits, count, whole = self._registrant_hits(q, limit, sigs["registrant"], progress)
            found["registrant"] = hits, count
            # the entries shown are read after the lookup: a change in between is looked up again
            if whole and search_store.registrants_touched(self.db) == sigs["registrant"][1:]:
                changing = False
                break
        regions = None  # after the registrants: a first search says at once that it is preparing them
        if q.kind == "text":
            from desk.core.regions import region_query

            place = region_query(q.text)
            if not place.fuzzy and (place.pref_codes or place.muni_codes):
                regions = (frozenset(place.pref_codes), frozenset(c[:5] for c in place.muni_codes))
        for kind in _SCANNED:
            found[kind] = search_kind(self._search_entries(kind, sigs), q, kind, limit, regions)
        results = grouped(q, found)
        return replace(results, changing=True) if changing else results
