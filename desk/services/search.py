"""The records the global search looks through, read from the store.

Postings and placements (thousands) are read as desk.core.search entries in one pass per kind.
Registrants (up to a million) are read as columns into desk.core.search_registry's index
(:func:`registrant_search`), kept in the data folder beside the registry index
(desk.services.index_cache) with the registrants' :func:`signature` it was built at. A full build
reads them a chunk at a time through the driver's own cursor (desk.core.search_build). A new
process loads the kept index instead; when the signature moved since (an import, an edit, a merge
or its undo), exactly the registrants written since (desk.store.change_stamp: in commit order,
whatever the writers' clocks) are read into a small second index that replaces their old rows, and
the base's rows of registrants gone are masked; past 2,000 such rows they are kept too, so the next
process reads only what came after. Only more than 20,000 changes (or a twentieth of the registry)
build it again. A stale index is never used as it is. Only the registrants a search shows are read
as entries (:func:`registrant_entries`).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import func, select

from desk import __version__
from desk.core import search_registry
from desk.core.filter_store import pack_texts, unpack_texts
from desk.core.gc_pause import paused_gc
from desk.core.search import Entry, make_entry
from desk.core.search_build import IndexBuilder
from desk.core.search_registry import Part, RegistrantIndex
from desk.core.sorted_ids import among
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
    for module in ("core/search.py", "core/search_registry.py", "core/search_build.py", "core/fold_column.py",
                   "core/text.py", "core/filter_store.py", "services/search.py"):
        with contextlib.suppress(OSError):
            h.update((package / module).read_bytes())
    return h.hexdigest()


#: Registrants read and folded per chunk by a full build (a million: 40 chunks, none kept).
BUILD_CHUNK = 25_000
_BUILD_SQL = "SELECT id, source_id, name, name_kana, phone, email FROM registrant ORDER BY id"


def build_registrant_index(db: Database, chunk: int = BUILD_CHUNK,
                           progress: Callable[[int], None] | None = None) -> RegistrantIndex:
    """Every registrant's search keys, read ``chunk`` rows at a time through the driver's own cursor
    (no ORM objects, no SQLAlchemy rows, no entries) and folded as they come
    (desk.core.search_build.IndexBuilder): the registry is never held as Python strings at once.
    ``progress(rows read)`` hears of each chunk."""
    builder = IndexBuilder()
    if progress is not None:
        progress(0)
    with paused_gc():  # a chunk's rows and strings die by their counts: no collector pass over them
        for rows in _row_chunks(db, _BUILD_SQL, chunk):
            builder.add(*zip(*rows, strict=True))
            if progress is not None:
                progress(builder.n)
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
class Changed:
    """The registrants changed since a base as they are now (store ids ascending, columns as read:
    id, 登録ID, name, reading, phone, e-mail), and the base's store ids no longer in the store."""

    ids: np.ndarray  # int64
    texts: tuple[list[str], ...]  # five columns
    gone: np.ndarray  # int64

    @property
    def n(self) -> int:
        return len(self.ids)

    def index(self) -> RegistrantIndex:
        return search_registry.build(self.ids.tolist(), *self.texts)

    def replaced_by(self, rows: Sequence[Sequence[Any]], alive: np.ndarray | None) -> Changed:
        """These with ``rows`` (read later) in place of their older selves; only the ``alive`` ids
        kept when the store lost some (None: none lost)."""
        new_ids = np.asarray([r[0] for r in rows], dtype=np.int64)
        keep = ~np.isin(self.ids, new_ids)
        if alive is not None:
            keep &= among(self.ids, alive)
        ids = np.concatenate((self.ids[keep], new_ids))
        order = np.argsort(ids, kind="stable")
        kept = keep.nonzero()[0].tolist()
        columns = tuple([c[i] for i in kept] + [r[k + 1] or "" for r in rows] for k, c in enumerate(self.texts))
        return Changed(ids[order], tuple([c[i] for i in order.tolist()] for c in columns), self.gone)


_NO_IDS = np.zeros(0, dtype=np.int64)
_NONE = Changed(np.zeros(0, dtype=np.int64), ([], [], [], [], []), np.zeros(0, dtype=np.int64))


@dataclass(frozen=True)
class RegistrantSearch:
    """What the search keeps for the registrants' signature ``key``: the index built at ``base_key``
    (as kept in the data folder) and, when registrants changed since, those rows as they are now
    (``changed``, indexed as ``delta``) with the base's rows they replace or that are gone ``dead``."""

    key: tuple[Any, ...]
    base_key: tuple[Any, ...]
    base: RegistrantIndex
    changed: Changed = _NONE
    delta: RegistrantIndex | None = None
    dead: np.ndarray | None = None

    def parts(self) -> list[Part]:
        return [Part(self.base, self.dead), *([Part(self.delta)] if self.delta is not None else [])]


#: Past this many registrants changed since the base (or a twentieth of it), the base is built again.
CATCH_UP_MAX = 20_000
#: Past this many changed since the base, what was caught up is kept in the data folder too, so the
#: next process reads only what changed after it.
KEEP_CHANGED_OVER = 2_000
#: The side cache of the changed rows (desk.services.index_cache.save_side), beside CACHE_NAME's base.
CHANGED_NAME = "search-changed"


def registrant_search(db: Database, key: Sequence[Any], held: RegistrantSearch | None = None,
                      progress: Callable[[int], None] | None = None) -> RegistrantSearch:
    """The registrants' search for their signature ``key``: what is ``held`` when still current; else
    the held or kept (data folder) base and changes brought up to date with the registrants changed
    since (an edit, a merge, a small import: milliseconds at a million); else built from the store
    and kept (``progress(rows read)`` hears how far that build is)."""
    from desk.services import index_cache

    key = tuple(key)
    if held is not None and held.key == key:
        return held
    state = held if held is not None else _kept(db)
    if state is not None:
        caught = _catch_up(db, key, state)
        if caught is not None:
            if caught.changed.n > KEEP_CHANGED_OVER and caught.changed.n != state.changed.n:
                _keep_changed(db, caught)
            return caught
    index = build_registrant_index(db, progress=progress)
    index_cache.save_side(db, CACHE_NAME, key, code_key(), search_registry.pack(index))
    return RegistrantSearch(key, key, index)


def _kept(db: Database) -> RegistrantSearch | None:
    """The base kept in the data folder, with the changes kept since it (when they are of that base)."""
    from desk.services import index_cache

    kept = index_cache.load_side(db, CACHE_NAME, code_key())
    if kept is None:
        return None
    try:
        base_key, base = tuple(kept[0]), search_registry.unpack(kept[1])
    except (ValueError, KeyError) as exc:  # written by a broken run: rebuild
        log.warning("search cache does not fit, rebuilding: %r", exc)
        return None
    state = RegistrantSearch(base_key, base_key, base)
    got = index_cache.load_side(db, CHANGED_NAME, code_key())
    if got is None or len(got[0]) != 2 or not change_stamp.same(got[0][1], base_key):
        return state
    try:
        arrays = got[1]
        texts = tuple(unpack_texts(arrays[f"text{k}_blob"], arrays[f"text{k}_offsets"]) for k in range(5))
        changed = Changed(np.asarray(arrays["ids"], dtype=np.int64), texts, np.asarray(arrays["gone"], dtype=np.int64))
        if any(len(t) != changed.n for t in texts):
            raise ValueError("changed rows of different lengths")
    except (ValueError, KeyError) as exc:
        log.warning("search changes kept do not fit, reading them again: %r", exc)
        return state
    return _with(tuple(got[0][0]), state, changed)


def _keep_changed(db: Database, state: RegistrantSearch) -> None:
    from desk.services import index_cache

    arrays = {"ids": state.changed.ids, "gone": state.changed.gone}
    for k, column in enumerate(state.changed.texts):
        arrays[f"text{k}_blob"], arrays[f"text{k}_offsets"] = pack_texts(column)
    index_cache.save_side(db, CHANGED_NAME, [list(state.key), list(state.base_key)], code_key(), arrays)


def _with(key: tuple[Any, ...], state: RegistrantSearch, changed: Changed) -> RegistrantSearch:
    dead = among(state.base.row_ids, changed.ids) | among(state.base.row_ids, changed.gone)
    return RegistrantSearch(key, state.base_key, state.base, changed, changed.index() if changed.n else None,
                            dead if dead.any() else None)


def _catch_up(db: Database, key: tuple[Any, ...], state: RegistrantSearch) -> RegistrantSearch | None:
    """``state`` and the registrants written since ``state.key`` (an edit, an import, a merge or its
    undo: exactly the rows of the changes committed after its counter, desk.store.change_stamp), with
    the base's rows of registrants gone masked; None when too many changed: then the base is built
    again."""
    since_key = state.key
    if len(key) != len(since_key):
        return None
    if change_stamp.same(key, since_key):
        return RegistrantSearch(key, state.base_key, state.base, state.changed, state.delta, state.dead)
    limit = max(CATCH_UP_MAX, state.base.n // 20)
    with db.session() as s:
        reader = EngineReader(s.connection())
        rows = change_stamp.changed_since(reader, int(since_key[1]), "id, source_id, name, name_kana, phone, email",
                                          limit + 1)
        now = int(reader.rows("SELECT count(*) FROM registrant")[0][0])
    if len(rows) > limit:
        return None
    now_changed = state.changed.replaced_by(rows, None)
    base_ids = state.base.row_ids
    expected = len(base_ids) - len(state.changed.gone) + int(np.count_nonzero(~among(now_changed.ids, base_ids)))
    if now != expected:  # a registrant was removed: which ones (its row would still be found)
        alive = _all_ids(db)
        now_changed = state.changed.replaced_by(rows, alive)
        now_changed = Changed(now_changed.ids, now_changed.texts, base_ids[~among(base_ids, alive)])
    if now_changed.n > limit:
        return None
    return _with(key, state, now_changed)


def _all_ids(db: Database) -> np.ndarray:
    """Every registrant's store id, ascending (read unordered: SQLite reads them from its smallest
    index, not the table: 0.8 s at a million where in id order it read every row's page)."""
    ids = np.concatenate([np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=len(rows))
                          for rows in _row_chunks(db, "SELECT id FROM registrant", 200_000)] or [_NO_IDS])
    ids.sort()
    return ids
