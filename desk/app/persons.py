"""The facade's persons area: duplicate pairs to review, merge / unmerge, "not the same person",
the registries registrants come from (the import dialog's source choice)."""

from __future__ import annotations

from dataclasses import dataclass

from desk.app.base import AppBase
from desk.core.duplicates import DEFAULT_MIN_SCORE
from desk.services import duplicates, importer, persons
from desk.services.persons import MergeResult, PersonRefused, UnmergeResult
from desk.store.models import DEFAULT_SOURCE as DEFAULT_SOURCE  # the window shows its ids bare

__all__ = ["MergeResult", "PersonRefused", "PersonsApi", "ReviewPair", "UnmergeResult"]


@dataclass(frozen=True)
class ReviewPair:
    """One candidate pair, both records side by side: ``fields`` in order, ``a``/``b`` their text."""

    a: str  # SOURCE:登録ID
    b: str
    score: float
    reasons: tuple[str, ...]
    fields: tuple[str, ...]
    a_values: tuple[str, ...]
    b_values: tuple[str, ...]

    @property
    def differing(self) -> frozenset[str]:
        """The fields whose text differs (blank against a value counts)."""
        return frozenset(f for f, x, y in zip(self.fields, self.a_values, self.b_values, strict=True) if x != y)


class PersonsApi(AppBase):
    def duplicate_pairs(self, min_score: float = DEFAULT_MIN_SCORE) -> list[ReviewPair]:
        pairs = duplicates.find_duplicates(self.db, min_score=min_score)
        views = duplicates.record_views(self.db, [x for p in pairs for x in (p.a_row, p.b_row)])
        fields = duplicates.REVIEW_FIELDS
        out = []
        for p in pairs:
            va, vb = views.get(p.a_row), views.get(p.b_row)
            if va is None or vb is None:
                continue
            out.append(ReviewPair(p.a, p.b, p.score, p.reasons, fields, tuple(va.values[f] for f in fields),
                                  tuple(vb.values[f] for f in fields)))
        return out

    def merge_persons(self, a: str, b: str, keep: str | None = None,
                      picks: dict[str, str] | None = None) -> MergeResult:
        return persons.merge(self.db, a, b, keep=keep, picks=picks, coordinator=self.coordinator)

    def unmerge_person(self, person: str) -> UnmergeResult:
        return persons.unmerge(self.db, person, coordinator=self.coordinator)

    def dismiss_pair(self, a: str, b: str) -> None:
        persons.dismiss(self.db, a, b, coordinator=self.coordinator)

    def undismiss_pair(self, a: str, b: str) -> bool:
        return persons.undismiss(self.db, a, b)

    def registrant_sources(self) -> list[str]:
        return importer.registrant_sources(self.db)

    def mapping_registry(self, mapping_source: str) -> str:
        """The registry an import with the mapping saved as ``mapping_source`` writes to."""
        return importer.registrant_source(self.db, importer.ImportOptions(mapping_source=mapping_source))
