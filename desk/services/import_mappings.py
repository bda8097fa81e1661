"""Column mappings saved per source (a municipality's export, a registry's list), and the registry
a saved registrants mapping remembers its files come from."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.store.db import Database
from desk.store.models import DEFAULT_SOURCE, ColumnMapping, Registrant, utcnow

#: Key under which a saved mapping remembers the registry its files come from.
SOURCE_KEY = "#source"


def _row(s: Session, kind: str, source: str) -> ColumnMapping | None:
    return s.scalar(select(ColumnMapping).where(ColumnMapping.kind == kind, ColumnMapping.source == source))


def load_mapping(db: Database, kind: str, source: str) -> dict[str, str] | None:
    with db.session() as s:
        row = _row(s, kind, source)
        return {h: f for h, f in row.mapping.items() if h != SOURCE_KEY} if row else None


def saved_registry(db: Database, mapping_source: str) -> str | None:
    """The registry remembered with the registrants mapping saved as ``mapping_source``, if any."""
    with db.session() as s:
        row = _row(s, "registrants", mapping_source)
        return str(row.mapping[SOURCE_KEY]) if row is not None and row.mapping.get(SOURCE_KEY) else None


def registrant_sources(db: Database) -> list[str]:
    """The registries registrants came from, for the import dialog's choice."""
    with db.session() as s:
        found = set(s.scalars(select(Registrant.source).distinct()))
        saved = {str(m[SOURCE_KEY]) for m in s.scalars(select(ColumnMapping.mapping).where(
            ColumnMapping.kind == "registrants")) if isinstance(m, dict) and m.get(SOURCE_KEY)}
    return sorted(found | saved | {DEFAULT_SOURCE})


def saved_mapping_sources(db: Database, kind: str) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(ColumnMapping.source).where(ColumnMapping.kind == kind).order_by(ColumnMapping.source)))


def store_mapping(session: Session, kind: str, source: str, mapping: dict[str, str]) -> None:
    """Save (or replace) the mapping under ``source``, inside the caller's transaction."""
    row = _row(session, kind, source)
    if row is None:
        session.add(ColumnMapping(kind=kind, source=source, mapping=dict(mapping)))
    else:
        row.mapping, row.saved_at = dict(mapping), utcnow()
