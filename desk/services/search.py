"""The records the global search looks through, read from the store.

Postings and placements (thousands) are read as desk.core.search entries in one pass per kind.
Registrants (up to a million) are read as columns into desk.core.search_registry's index
(:func:`registrant_search`), kept in the data folder beside the registry index
(desk.services.index_cache) with the registrants' :func:`signature` it was built at. A new process
loads it instead of reading every registrant; when the signature moved since (an import, an edit),
the registrants added or changed since are read into a small second index that replaces their old
rows; a merge, a registrant gone or too many changes build it again. A stale index is never used
as it is. Only the registrants a search shows are read as entries (:func:`registrant_entries`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import func, select, union

from desk import __version__
from desk.core import search_registry
from desk.core.gc_pause import paused_gc
from desk.core.search import Entry, make_entry
from desk.core.search_build import IndexBuilder
from desk.core.search_registry import Part, RegistrantIndex
from desk.store.db import Database
from desk.store.models import PersonMerge, Placement, Posting, Registrant

log = logging.getLogger("desk.search")
#: The name of the registrants' search cache beside the registry index (desk.services.index_cache).
CACHE_NAME = "search"


def signature(db: Database) -> dict[str, tuple[object, ...]]:
    """Per kind (registrant, posting, placement): count, highest id and latest change. A placement
    change then re-reads only the placements, not 100,000 registrants.

    One statement per figure: SQLite answers ``count(*)`` from the smallest index and each ``max``
    from its own index (1M registrants: 15 ms), where ``count(id), max(id), max(changed_at)`` in one
    statement reads the table (160 ms)."""
    with db.session() as s:
        reg = (s.scalar(select(func.count()).select_from(Registrant)), *_touched(s))
        post = (*_count_max(s, Posting, Posting.id), s.scalar(select(func.max(Posting.changed_at))))
        plc = (*_count_max(s, Placement, Placement.id), s.scalar(select(func.max(Placement.updated_at))))
    # names shown in placements come from registrants and postings: their change re-reads placements too
    return {"registrant": reg, "posting": post, "placement": (*plc, *reg, *post)}


def registrants_touched(db: Database) -> tuple[object, ...]:
    """The registrants' signature but their count (index lookups only): what an insert, an edit or a
    merge moves, asked again after a search read the registrants it shows."""
    with db.session() as s:
        return _touched(s)


def _touched(s: Any) -> tuple[object, ...]:
    """Highest id, latest change, and the merges (a merge rewrites the kept record's fields without
    touching changed_at; an undo marks undone_at), as the ranking's stamp counts them."""
    merges = s.execute(select(func.max(PersonMerge.id), func.count(PersonMerge.undone_at))).one()
    return (s.scalar(select(func.max(Registrant.id))), s.scalar(select(func.max(Registrant.changed_at))),
            *merges)


def _count_max(s: Any, model: Any, id_column: Any) -> tuple[object, object]:
    return s.scalar(select(func.count()).select_from(model)), s.scalar(select(func.max(id_column)))


def entries(db: Database, kind: str) -> list[Entry]:
    """Every record of ``kind`` (registrant | posting | placement) as a search entry (keys folded once)."""
    out: list[Entry] = []
    with db.engine.connect() as conn:
        if kind == "registrant":
            out.extend(_registrant_entry(row) for row in conn.execute(_REGISTRANT.order_by(Registrant.id)))
        elif kind == "posting":
            for pid, src, venue, muni, pref, city, phone, email, pref_code, muni_code, status in conn.execute(select(
                    Posting.id, Posting.source_id, Posting.venue_name, Posting.municipality_name, Posting.prefecture,
                    Posting.city, Posting.contact_phone, Posting.contact_email, Posting.pref_code, Posting.muni_code,
                    Posting.status).order_by(Posting.id)):
                place = muni or f"{pref or ''}{city or ''}"
                out.append(make_entry("posting", pid, src, venue or place or src, place, state=status or "",
                                      posting_id=pid, phones=(phone,), emails=(email,), places=(venue, place, city),
                                      pref_code=pref_code or "", muni_code=muni_code or ""))
        else:
            for plid, state, pid, rid, psrc, venue, rsrc, name, kana in conn.execute(select(
                    Placement.id, Placement.state, Placement.posting_id, Placement.registrant_id, Posting.source_id,
                    Posting.venue_name, Registrant.source_id, Registrant.name, Registrant.name_kana)
                    .join(Posting, Posting.id == Placement.posting_id)
                    .join(Registrant, Registrant.id == Placement.registrant_id).order_by(Placement.id)):
                out.append(make_entry("placement", plid, psrc, f"{name or rsrc} — {psrc}", venue or "",
                                      state=state or "", posting_id=pid, registrant_id=rid, ids=(rsrc,),
                                      names=(name, kana)))
    return out


_REGISTRANT = select(Registrant.id, Registrant.source_id, Registrant.name, Registrant.name_kana, Registrant.phone,
                     Registrant.email, Registrant.home_prefecture, Registrant.home_city, Registrant.state)


def _registrant_entry(row: Sequence[Any]) -> Entry:
    rid, src, name, kana, phone, email, pref, city, state = row
    return make_entry("registrant", rid, src, name or src, f"{pref or ''}{city or ''}", state=state or "",
                      registrant_id=rid, names=(name, kana), phones=(phone,), emails=(email,))


def registrant_entries(db: Database, ids: Iterable[int]) -> dict[int, Entry]:
    """The registrants of these store ids as search entries (those still there)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    with db.engine.connect() as conn:
        return {e.id: e for e in (_registrant_entry(row) for row in conn.execute(
            _REGISTRANT.where(Registrant.id.in_(wanted))))}


# ----------------------------------------------------------------------------- the registrants' index
@lru_cache(maxsize=1)
def code_key() -> str:
    """What decides the index besides the data: desk's version and the modules that fold and match."""
    package = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(f"search|{__version__}".encode())
    for module in ("core/search.py", "core/search_registry.py", "core/search_build.py", "core/text.py",
                   "core/filter_store.py", "services/search.py"):
        with contextlib.suppress(OSError):
            h.update((package / module).read_bytes())
    return h.hexdigest()


#: Registrants read and folded per chunk by a full build (a million: 20 chunks, none kept).
BUILD_CHUNK = 50_000
_BUILD_SQL = "SELECT id, source_id, name, name_kana, phone, email FROM registrant ORDER BY id"


def build_registrant_index(db: Database, chunk: int = BUILD_CHUNK) -> RegistrantIndex:
    """Every registrant's search keys, read ``chunk`` rows at a time through the driver's own cursor
    (no ORM objects, no SQLAlchemy rows, no entries) and folded as they come
    (desk.core.search_build.IndexBuilder): the registry is never held as Python strings at once."""
    builder = IndexBuilder()
    with paused_gc():  # a chunk's rows and strings die by their counts: no collector pass over them
        for rows in _row_chunks(db, _BUILD_SQL, chunk):
            builder.add(*zip(*rows, strict=True))
    return builder.finish()


def _row_chunks(db: Database, sql: str, size: int) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of one SELECT, ``size`` at a time, read in one statement (one snapshot): SQLite's and
    psycopg's (a server-side cursor) own cursors, else SQLAlchemy's streamed result."""
    with db.engine.connect() as conn:
        driver = conn.dialect.driver
        if db.is_sqlite or driver == "psycopg":
            raw = conn.connection.driver_connection
            assert raw is not None
            cursor = raw.cursor() if db.is_sqlite else raw.cursor(name="desk_search_build")
            try:
                cursor.execute(sql)
                while rows := cursor.fetchmany(size):
                    yield rows
            finally:
                cursor.close()
            return
        result = conn.execution_options(stream_results=True, yield_per=size).exec_driver_sql(sql)
        for part in result.partitions(size):
            yield [tuple(r) for r in part]


@dataclass(frozen=True)
class RegistrantSearch:
    """What the search keeps for the registrants' signature ``key``: the index built at ``base_key``
    (as kept in the data folder) and, when registrants changed since, an index of those (``delta``)
    with the base's rows they replace marked ``dead``."""

    key: tuple[Any, ...]
    base_key: tuple[Any, ...]
    base: RegistrantIndex
    delta: RegistrantIndex | None = None
    dead: np.ndarray | None = None

    def parts(self) -> list[Part]:
        return [Part(self.base, self.dead), *([Part(self.delta)] if self.delta is not None else [])]


#: Past this many registrants changed since the base (or a twentieth of it), the base is built again.
CATCH_UP_MAX = 20_000


def registrant_search(db: Database, key: Sequence[Any], held: RegistrantSearch | None = None) -> RegistrantSearch:
    """The registrants' search for their signature ``key``: what is ``held`` when still current; else
    the held or kept (data folder) base brought up to date with the registrants changed since (an
    edit or a small import: milliseconds at a million); else built from the store and kept."""
    from desk.services import index_cache

    key = tuple(key)
    if held is not None and held.key == key:
        return held
    base: tuple[tuple[Any, ...], RegistrantIndex] | None = None
    if held is not None:
        base = held.base_key, held.base
    else:
        kept = index_cache.load_side(db, CACHE_NAME, code_key())
        if kept is not None:
            try:
                base = tuple(kept[0]), search_registry.unpack(kept[1])
            except (ValueError, KeyError) as exc:  # written by a broken run: rebuild
                log.warning("search cache does not fit, rebuilding: %r", exc)
    if base is not None:
        caught = _catch_up(db, key, *base)
        if caught is not None:
            return caught
    index = build_registrant_index(db)
    index_cache.save_side(db, CACHE_NAME, key, code_key(), search_registry.pack(index))
    return RegistrantSearch(key, key, index)


def _same(a: Sequence[Any], b: Sequence[Any]) -> bool:
    """Stamps equal as the cache writes them (a datetime read back from JSON is its text)."""
    return json.dumps(list(a), default=str) == json.dumps(list(b), default=str)


def _catch_up(db: Database, key: tuple[Any, ...], base_key: tuple[Any, ...],
              base: RegistrantIndex) -> RegistrantSearch | None:
    """``base`` and the registrants added (id above its highest) or changed (changed_at after its
    latest) since ``base_key``; None when that cannot be told from the stamps (a merge, a
    registrant gone, too many changed): then the base is built again."""
    if len(key) != len(base_key) or not _same(key[3:], base_key[3:]):
        return None  # a merge or its undo rewrote registrants without changed_at
    count, since_id, since_changed = base_key[:3]
    if _same(key, base_key):
        return RegistrantSearch(key, base_key, base)
    if isinstance(since_changed, str):
        since_changed = dt.datetime.fromisoformat(since_changed)
    r = Registrant
    # strictly later: an import stamps every row it writes with one time, so ">=" would read back the
    # whole import that the base holds; a write stamped that very microsecond by another transaction
    # after the base was read is the one case missed (the ranking's stamp compares the same maximum)
    changed = r.changed_at.is_not(None) if since_changed is None else r.changed_at > since_changed
    columns = (r.id, r.source_id, r.name, r.name_kana, r.phone, r.email)
    # two indexed lookups in a union: "id > … OR changed_at > …" read the whole table (0.7 s at 1M)
    both = union(select(*columns).where(r.id > (since_id or 0)), select(*columns).where(changed)).subquery()
    query = select(*both.c).order_by(both.c.id)
    with db.engine.connect() as conn:
        rows = conn.execute(query.limit(max(CATCH_UP_MAX, base.n // 20) + 1)).all()
        now = conn.execute(select(func.count()).select_from(r)).scalar_one()
    if len(rows) > max(CATCH_UP_MAX, base.n // 20):
        return None
    added = sum(1 for row in rows if row[0] > (since_id or 0))
    if now != count + added:
        return None  # a registrant was removed: its row would still be found
    values = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in range(6)]
    ids = values[0]
    delta = search_registry.build(ids, *([v or "" for v in c] for c in values[1:]))
    dead = np.isin(base.row_ids, np.asarray(ids, dtype=np.int64))
    return RegistrantSearch(key, base_key, base, delta, dead)
