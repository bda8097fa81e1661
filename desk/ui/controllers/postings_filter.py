"""Which postings the postings pane shows: quick filters and a loose text match (no Qt).

Each word of the filter text must occur in the posting's text, compared with widths, kana and
romaji folded (``kana_key`` / ``loose_romaji``): 横浜, よこはま and yokohama all find 横浜市.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desk.app.postings import PostingRow, block_prefectures
from desk.core.occupations import label as occupation_label
from desk.core.text import kana_key, loose_romaji


@dataclass
class PostingFilter:
    text: str = ""
    open_only: bool = False
    unfilled_only: bool = False
    block: str = ""  # a region block name; empty: everywhere
    show_ended: bool = True  # False: ended postings are left out (the pane's default)
    #: a summary cell opened: its block ("" any, "不明" none known) and occupation code ("" any)
    cell_block: str | None = None
    cell_occupation: str = ""


def _haystack(row: PostingRow) -> tuple[str, str]:
    words = " ".join((row.source_id, row.prefecture, row.municipality, row.venue, row.block8,
                      occupation_label(row.occupation), row.occupation, row.hours))
    return kana_key(words), loose_romaji(words)


def _region(word: str) -> tuple[frozenset[str], frozenset[str]]:
    """(prefecture codes, municipality codes) a word names exactly (よこはま → 横浜市 and its wards)."""
    try:
        from desk.core.regions import region_query
    except ImportError:  # a build without the region knowledge: text matching only
        return frozenset(), frozenset()
    found = region_query(word)
    if getattr(found, "fuzzy", False):
        return frozenset(), frozenset()
    return frozenset(found.pref_codes), frozenset(found.muni_codes)


class PostingMatcher:
    """Caches each posting's folded text so typing stays instant with thousands of postings."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[str, str]] = {}
        self._regions: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

    def reset(self) -> None:
        self._cache.clear()

    def _region_of(self, word: str) -> tuple[frozenset[str], frozenset[str]]:
        hit = self._regions.get(word)
        if hit is None:
            hit = self._regions[word] = _region(word)
        return hit

    def apply(self, rows: Iterable[PostingRow], flt: PostingFilter) -> list[PostingRow]:
        prefs = block_prefectures(flt.block) if flt.block else frozenset()
        cell = block_prefectures(flt.cell_block) if flt.cell_block and flt.cell_block != "不明" else None
        words = [w for w in flt.text.split() if w]
        keys = [(kana_key(w), loose_romaji(w), *self._region_of(w)) for w in words]
        out = []
        for row in rows:
            if flt.open_only and row.status != "open":
                continue
            if not flt.show_ended and row.status == "ended":
                continue
            if flt.unfilled_only and row.filled >= row.headcount:
                continue
            if prefs and row.pref_code not in prefs:
                continue
            if flt.cell_block is not None and ((row.pref_code not in cell) if cell is not None
                                               else (flt.cell_block == "不明" and bool(row.pref_code))):
                continue
            if flt.cell_occupation and row.occupation != flt.cell_occupation:
                continue
            if keys:
                hay = self._cache.get(row.id)
                if hay is None:
                    hay = self._cache[row.id] = _haystack(row)
                if not all((k and k in hay[0]) or (r and len(r) > 1 and r in hay[1])
                           or (row.pref_code and row.pref_code in prefs_)
                           or (row.muni_code and row.muni_code in munis_)
                           for k, r, prefs_, munis_ in keys):
                    continue
            out.append(row)
        return out
