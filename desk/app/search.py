"""Global search (Ctrl+K): registrants, postings and placements by name, reading, romaji, phone,
e-mail or ID, grouped by kind, exact first. The matching is desk.core.search; the entries are read
once and kept until the store's records change (desk.services.search.signature)."""

from __future__ import annotations

import threading

from desk.app.base import AppBase
from desk.core.search import KINDS, Entry, Results, read_query, search
from desk.services import search as search_store

SearchResults = Results


class SearchApi(AppBase):
    #: kind -> (its signature, its entries): each kind is read again only when it changed.
    _search_cache: dict[str, tuple[tuple[object, ...], list[Entry]]] | None = None
    _search_lock = threading.Lock()

    def _search_entries(self) -> list[Entry]:
        sigs = search_store.signature(self.db)
        with self._search_lock:
            if self._search_cache is None:
                self._search_cache = {}
            cache = self._search_cache
        out: list[Entry] = []
        for kind in KINDS:
            cached = cache.get(kind)
            if cached is None or cached[0] != sigs[kind]:
                cached = (sigs[kind], search_store.entries(self.db, kind))
                with self._search_lock:
                    cache[kind] = cached
            out.extend(cached[1])
        return out

    def prewarm_search(self) -> None:
        """Read and fold the entries now (the first search on 100,000 registrants then answers at once)."""
        self._search_entries()

    def search(self, text: str, limit: int = 20) -> Results:
        """Everyone and everything ``text`` names, grouped by kind (registrants, postings, placements)."""
        q = read_query(text)
        regions = None
        if q.kind == "text" and q:
            from desk.core.regions import region_query

            found = region_query(q.text)
            if not found.fuzzy and (found.pref_codes or found.muni_codes):
                regions = (frozenset(found.pref_codes), frozenset(c[:5] for c in found.muni_codes))
        return search(self._search_entries(), text, limit=limit, regions=regions)
