"""Lookups over the registry index's own columns, so a filter keystroke finds its rows, not scans them.

A keystroke that names a place, a note word or a day used to test every row (or every work area,
term and availability rule: 1.2 to 1.5 million of each at a million registrants) with ``np.isin``
or half a dozen array operations: tens of milliseconds each, 0.1 s for a short romaji prefix that
names 68 towns. :func:`lookups` builds, once per index (the window's filter warm-up or the first
keystroke pays for it: a few hundred milliseconds at a million), the rows of each prefecture and
municipality, of each note term, and the distinct availability rules with the rows holding each,
so a keystroke costs what it finds. Derived from the index's columns alone: nothing to save.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desk.core.filter_store import LOOKUPS_KEY as CACHE_KEY
from desk.core.filter_store import Postings, csr_take
from desk.core.registry_index import RegistryIndex


@dataclass(frozen=True)
class Rules:
    """The distinct availability rules (date range, day bits, reachable weekdays) and their rows: a
    date is tested once per distinct rule (a registry repeats its rules) instead of once per rule."""

    start: np.ndarray
    end: np.ndarray
    days: np.ndarray
    weekdays: np.ndarray
    indptr: np.ndarray  # rule shape s is held by rows[indptr[s]:indptr[s + 1]]
    rows: np.ndarray

    def mask(self, ok: np.ndarray, n: int) -> np.ndarray:
        """The ``n`` rows' mask of those holding a rule ``ok`` marks (a boolean per distinct rule)."""
        out = np.zeros(n, dtype=bool)
        out[csr_take(self.indptr, self.rows, np.flatnonzero(ok))] = True
        return out


@dataclass(frozen=True)
class Lookups:
    pref_rows: Postings  # prefecture index → rows living there or naming it as a work area
    muni_rows: Postings  # municipality or designated city → rows living there or naming it
    term_rows: Postings  # note term id (index.term_vocab) → rows
    rules: Rules


def lookups(index: RegistryIndex) -> Lookups:
    """The lookups of ``index``, built on first use and kept in ``index.cache``."""
    found = index.cache.get(CACHE_KEY)
    if found is None:
        found = index.cache[CACHE_KEY] = Lookups(*_places(index), Postings.group(index.term_id, index.term_reg),
                                                 _rules(index))
    return found


def _places(index: RegistryIndex) -> tuple[Postings, Postings]:
    """The same rows as ``isin(home_pref, prefs) | isin(home_muni, munis) | isin(home_city, munis)``
    plus the work areas (kind 3: a prefecture, kind 4: a municipality or its city), by code."""
    rows = np.arange(index.n, dtype=np.int32)
    kind, reg = index.area_kind, index.area_reg
    pref, muni = kind == 3, kind == 4
    by_pref = Postings.group(np.concatenate([index.home_pref, index.area_code[pref]]).astype(np.int64),
                             np.concatenate([rows, reg[pref]]))
    by_muni = Postings.group(
        np.concatenate([index.home_muni, index.home_city, index.area_code[muni], index.area_city[muni]]).astype(np.int64),
        np.concatenate([rows, rows, reg[muni], reg[muni]]))
    return by_pref, by_muni


def _rules(index: RegistryIndex) -> Rules:
    start, end, days = index.rule_from, index.rule_to, index.rule_days
    if len(days) and (int(start.min()) < 0 or int(end.min()) < 0 or int(start.max()) >= 1 << 24
                      or int(end.max()) >= 1 << 24 or int(days.min()) < 0 or int(days.max()) >= 1 << 9):
        shape = np.arange(len(days), dtype=np.int64)  # out of the packing's range: each rule its own shape
        first = shape
    else:  # the whole rule in one int64: range (2 x 24 bits) and day bits (9); weekdays follow from them
        key = (start.astype(np.int64) << 33) | (end.astype(np.int64) << 9) | days.astype(np.int64)
        _, first, shape = np.unique(key, return_index=True, return_inverse=True)
    grouped = Postings.group(shape.astype(np.int64), index.rule_reg)
    return Rules(start[first], end[first], days[first], index.rule_weekdays[first], grouped.indptr, grouped.ids)
