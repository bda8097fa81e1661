"""The records the global search looks through, read from the store.

Postings and placements (thousands) are read as desk.core.search entries in one pass per kind.
Registrants (up to a million) are read as columns into desk.core.search_registry's index
(:func:`registrant_search`), kept in the data folder beside the registry index
(desk.services.index_cache) with the registrants' :func:`signature` it was built at. A new process
loads it instead of reading every registrant; when the signature moved since (an import, an edit,
a merge), exactly the registrants written since (desk.store.change_stamp: in commit order, whatever
the writers' clocks) are read into a small second index that replaces their old rows; a registrant
gone or too many changes build it again. A stale index is never used
as it is. Only the registrants a search shows are read as entries (:func:`registrant_entries`).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import func, select

from desk import __version__
from desk.core import search_registry
from desk.core.search import Entry, make_entry
from desk.core.search_registry import Part, RegistrantIndex
from desk.store import change_stamp
from desk.store.db import Database
from desk.store.light import EngineReader
from desk.store.models import Placement, Posting, Registrant

log = logging.getLogger("desk.search")
#: The name of the registrants' search cache beside the registry index (desk.services.index_cache).
CACHE_NAME = "search"


def signature(db: Database) -> dict[str, tuple[object, ...]]:
    """Per kind (registrant, posting, placement): what moves when it changes. A placement change
    then re-reads only the placements, not 100,000 registrants.

    Registrants and placements: their change counters (desk.store.change_stamp), exact in commit
    order whatever the writers' clocks; postings: count, highest id and latest change. One statement
    per figure: SQLite answers ``count(*)`` from the smallest index and each ``max`` from its own."""
    with db.session() as s:
        reader = EngineReader(s.connection())
        values = change_stamp.counters(reader)
        reg = change_stamp.registrant_stamp(reader, values)
        post = (*_count_max(s, Posting, Posting.id), s.scalar(select(func.max(Posting.changed_at))))
    # names shown in placements come from registrants and postings: their change re-reads placements too
    return {"registrant": reg, "posting": post, "placement": (values[change_stamp.PLACEMENT], *reg, *post)}


def registrants_touched(db: Database) -> tuple[object, ...]:
    """The registrants' signature but their count (one lookup): what an insert, an edit or a merge
    moves, asked again after a search read the registrants it shows."""
    with db.session() as s:
        return (change_stamp.counters(EngineReader(s.connection()))[change_stamp.REGISTRANT],)


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
    for module in ("core/search.py", "core/search_registry.py", "core/text.py", "core/filter_store.py",
                   "services/search.py"):
        with contextlib.suppress(OSError):
            h.update((package / module).read_bytes())
    return h.hexdigest()


def build_registrant_index(db: Database) -> RegistrantIndex:
    """Every registrant's search keys, read as columns (no ORM objects, no entries)."""
    r = Registrant
    columns: tuple[list[Any], ...] = ([], [], [], [], [], [])
    with db.engine.connect() as conn:  # a chunk at a time: no million row objects held at once
        result = conn.execute(select(r.id, r.source_id, r.name, r.name_kana, r.phone, r.email).order_by(r.id)
                              .execution_options(yield_per=50_000))
        for chunk in result.partitions():
            for column, values in zip(columns, zip(*chunk, strict=True), strict=True):
                column.extend(v if v is not None else "" for v in values)
    ids, *text = columns
    return search_registry.build(ids, *text)


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


def _catch_up(db: Database, key: tuple[Any, ...], base_key: tuple[Any, ...],
              base: RegistrantIndex) -> RegistrantSearch | None:
    """``base`` and the registrants written since ``base_key`` (an edit, an import, a merge or its
    undo: exactly the rows of the changes committed after its counter, desk.store.change_stamp);
    None when that cannot be told (a registrant gone, too many changed): then the base is built again."""
    if len(key) != len(base_key):
        return None
    if list(key) == list(base_key):
        return RegistrantSearch(key, base_key, base)
    limit = max(CATCH_UP_MAX, base.n // 20)
    with db.session() as s:
        reader = EngineReader(s.connection())
        rows = change_stamp.changed_since(reader, int(base_key[1]), "id, source_id, name, name_kana, phone, email",
                                          limit + 1)
        now = int(reader.rows("SELECT count(*) FROM registrant")[0][0])
    if len(rows) > limit:
        return None
    ids = np.asarray([row[0] for row in rows], dtype=np.int64)
    dead = np.isin(base.row_ids, ids)
    if now != base.n + len(ids) - int(dead.sum()):
        return None  # a registrant removed (or written outside desk): its row would still be found
    values = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in range(6)]
    delta = search_registry.build(values[0], *([v or "" for v in c] for c in values[1:]))
    return RegistrantSearch(key, base_key, base, delta, dead)
