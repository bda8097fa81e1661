"""The posting list and one posting's detail, the registry and a registrant's detail (read only)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from desk.app.base import AppBase
from desk.app.booking import filled_count
from desk.services import queries

PostingRow = queries.PostingRow
Overview = queries.Overview
RegistrantTable = queries.RegistrantTable
#: The prefecture codes of a region block given by name (the postings pane's "my block" filter).
block_prefectures = queries.block_prefectures


class _Fields:
    """Read a detail's columns by name, as ``detail["source_id"]`` or ``detail.get("venue_name")``."""

    fields: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.fields[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.fields.get(key, default)


@dataclass(frozen=True)
class PostingDetail(_Fields):
    """One posting as the work view shows it: its fields, slots, import changes and placements."""

    id: int
    source_id: str
    fields: Mapping[str, Any]  # every column of the posting (read-only)
    states: Mapping[int, str]  # registrant id -> placement state
    filled: int  # booked placements (desk.app.booking)


@dataclass(frozen=True)
class RegistrantDetail(_Fields):
    """One registrant with their placement history (newest first)."""

    id: int
    source_id: str
    fields: Mapping[str, Any]
    history: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class PostingFill:
    posting_id: int  # 0 when the posting is unknown
    filled: int


class PostingsApi(AppBase):
    def is_empty(self) -> bool:
        return queries.is_empty(self.db)

    def overview(self) -> Overview:
        return queries.overview(self.db)

    def posting_rows(self) -> list[PostingRow]:
        return queries.posting_rows(self.db)

    def posting_detail(self, posting_id: int) -> PostingDetail | None:
        raw = queries.posting_detail(self.db, posting_id)
        if raw is None:
            return None
        states = queries.placements_of_posting(self.db, posting_id)
        return PostingDetail(id=int(raw["id"]), source_id=str(raw["source_id"]), fields=MappingProxyType(raw),
                             states=MappingProxyType(states), filled=filled_count(states.values()))

    def posting_states(self, posting_id: int) -> Mapping[int, str]:
        return MappingProxyType(queries.placements_of_posting(self.db, posting_id))

    def posting_fill(self, posting_source_id: str) -> PostingFill:
        pid, filled = queries.posting_fill(self.db, posting_source_id)
        return PostingFill(pid, filled)

    def registrant_detail(self, registrant_id: int) -> RegistrantDetail | None:
        raw = queries.registrant_detail(self.db, registrant_id)
        if raw is None:
            return None
        history = tuple(MappingProxyType(h) for h in queries.placement_history(self.db, registrant_id))
        return RegistrantDetail(id=int(raw["id"]), source_id=str(raw["source_id"]), fields=MappingProxyType(raw),
                                history=history)

    def registrant_table(self) -> RegistrantTable:
        return queries.registrant_table(self.db)
