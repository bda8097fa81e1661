"""Ranking one posting's candidates (with the filter syntax) and the weights it uses."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from desk.app.base import AppBase
from desk.core.weights import normalize_weights
from desk.services import queries, ranking

_index_lock = threading.Lock()


@dataclass(frozen=True)
class CandidateList:
    """The ranked candidates of one posting, the excluded ones, and who already has a placement."""

    posting_id: int
    candidates: tuple[Any, ...]
    excluded: tuple[Any, ...]
    states: Mapping[int, str]
    total: int
    total_excluded: int
    filter_problems: tuple[str, ...]
    #: The excluded counted by reason code (desk.core.ranking.EXCLUSIONS); ``excluded`` is the first page.
    excluded_counts: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))


class RankingApi(AppBase):
    def weights(self) -> dict[str, float]:
        """The coordinator's ranking weights, normalised to sum to 1 (the only place that does it)."""
        return normalize_weights(self.settings.weights)

    def registry_index(self) -> Any:
        """The ranking's registry index (built, or reused while nothing changed), one build at a time."""
        with _index_lock:
            return ranking.registry_index(self.db)

    def save_filter_data(self, index: Any) -> None:
        """After the registrants filter warmed up over ``index``: keep its data for the next start."""
        ranking.save_filter_data(self.db, index)

    def prewarm(self) -> None:
        """Build the registry index ahead of the first ranking."""
        self.registry_index()

    def rank(self, posting_id: int, posting_source_id: str, *, filter_text: str = "", top: int = 500,
             excluded_limit: int = 100) -> CandidateList:
        self.prewarm()  # wait for an index being built rather than building a second one
        result = ranking.rank_posting(self.db, posting_source_id, filter_text=filter_text or None,
                                      weights=self.weights(), lang=self.settings.language, top=top,
                                      excluded_limit=excluded_limit)
        states = queries.placements_of_posting(self.db, posting_id)
        total = int(getattr(result, "total_candidates", 0) or len(result.candidates))
        n_excluded = sum(getattr(result, "excluded_counts", {}).values()) or len(result.excluded)
        return CandidateList(posting_id=posting_id, candidates=tuple(result.candidates),
                             excluded=tuple(result.excluded), states=MappingProxyType(states), total=total,
                             total_excluded=n_excluded,
                             filter_problems=tuple(getattr(result, "filter_problems", []) or []),
                             excluded_counts=MappingProxyType(dict(getattr(result, "excluded_counts", {}))))

    def excluded_page(self, posting_source_id: str, *, filter_text: str = "", offset: int = 0,
                      limit: int = 100) -> tuple[Any, ...]:
        """The excluded registrants ``offset`` … ``offset + limit`` (nearest first) with their reasons:
        the window lists them a page at a time."""
        self.prewarm()
        result = ranking.rank_posting(self.db, posting_source_id, filter_text=filter_text or None, top=0,
                                      weights=self.weights(), lang=self.settings.language,
                                      excluded_limit=limit, excluded_offset=offset)
        return tuple(result.excluded)
