"""Global search (Ctrl+K): registrants, postings and placements by name, reading, romaji, phone,
e-mail or ID, grouped by kind, exact first. The matching is desk.core.search; the entries are read
once and kept until the store's records change (desk.services.search.signature)."""

from __future__ import annotations

import threading

from desk.app.base import AppBase
from desk.core.search import Entry, Results, read_query, search
from desk.services import search as search_store

SearchResults = Results


class SearchApi(AppBase):
    _search_cache: tuple[tuple[object, ...], list[Entry]] | None = None
    _search_lock = threading.Lock()

    def _search_entries(self) -> list[Entry]:
        sig = search_store.signature(self.db)
        with self._search_lock:
            cached = self._search_cache
            if cached is not None and cached[0] == sig:
                return cached[1]
        entries = search_store.entries(self.db)
        with self._search_lock:
            self._search_cache = (sig, entries)
        return entries

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
