"""The registry index caught up after registrants changed, instead of built again (issue 17).

When the registrant part of the change stamp moved (an edit, an import), the ranking service used
to throw the whole index away: 43 s at a million registrants. Here the index kept in memory, or
else the one in the data folder, is brought up to date: the registrants added or changed since its
stamp are read (:func:`changed_since`: the one place that says which), built into a small index and
merged in (desk.core.registry_merge); the placement part is refreshed after when it moved too.
Whenever that cannot be told exactly (a merge or its undo, a registrant gone, more than
max(20,000, n/20) rows changed, a changed record of a merged person, a base that does not check
out) the answer is None and the caller builds the whole index: a wrong merge is worse than a slow
rebuild.

The data folder keeps its base: a caught-up index is written there only once the rows it holds
beyond the saved one pass :data:`SAVE_AFTER` (rewriting hundreds of MB at a million after every
edit would cost more than the catch-up); a new process loads the base and reads those rows again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from desk.core.record_store import source_id_of
from desk.core.registry_index import RegistryIndex
from desk.core.registry_merge import ROW_COLUMNS, TABLES, merge
from desk.core.sorted_ids import among, positions
from desk.store import change_stamp
from desk.store.light import EngineReader, Reader

if TYPE_CHECKING:
    from desk.store.db import Database

log = logging.getLogger("desk.rank_delta")

#: Caught up at most this many changed rows (or n/20, whichever is more); beyond, build again.
CATCH_UP_MAX = 20_000
#: Rows caught up since the index in the data folder beyond which the caught-up index is saved.
SAVE_AFTER = 2_000
#: index.cache key: rows caught up since the copy in the data folder.
UNSAVED = "rows_since_saved"
#: The registrants' part of the change stamp (desk.store.change_stamp.registrant_stamp): (count, counter).
_COUNT, _COUNTER = 0, 1


def changed_since(reader: Reader, base_key: Sequence[Any], limit: int) -> tuple[list[int], int] | None:
    """The ids of the registrants written since ``base_key`` (the registrants' part of the ranking's
    change stamp), ascending, and the number of registrants now; None when more than ``limit``
    changed. Exactly the rows of the changes committed after the stamp's counter
    (desk.store.change_stamp), whatever the writers' clocks."""
    rows = change_stamp.changed_since(reader, int(base_key[_COUNTER] or 0), "id", limit + 1)
    count = int(reader.rows("SELECT count(*) FROM registrant")[0][0])
    if len(rows) > limit:
        return None
    return sorted(int(r[0]) for r in rows), count


@dataclass(frozen=True)
class Caught:
    """An index caught up: the result, and the delta merged into the base (its rows, the ids dropped)."""

    index: RegistryIndex
    delta: RegistryIndex | None
    dropped: np.ndarray


def catch_up(reader: Reader, key: Sequence[Any], base_key: Sequence[Any], base: RegistryIndex, *,
             registrant_key: int, build: Callable[[list[int]], RegistryIndex],
             refresh: Callable[[RegistryIndex], RegistryIndex]) -> Caught | None:
    """``base`` (built at ``base_key``) brought up to ``key``, or None when that cannot be done exactly.

    ``registrant_key``: how many leading stamp values describe the registrants; ``build(ids)``: the
    index of the unmerged registrants among ``ids`` with their bookings (ranking.build_index);
    ``refresh(index)``: ``index`` with the placement log's part read again."""
    if len(key) != len(base_key):
        return None
    mine, theirs = key[:registrant_key], base_key[:registrant_key]
    caught = 0
    index, delta, dropped = base, None, np.zeros(0, dtype=np.int64)
    if not change_stamp.same(mine, theirs):
        found = changed_since(reader, theirs, max(CATCH_UP_MAX, base.n // 20))
        if found is None:
            return None
        ids, now = found
        if _in_merges(reader, ids):
            return None  # a merge or its undo: who is ranked, and whose bookings count, changed
        added = int(np.count_nonzero(~among(np.asarray(ids, dtype=np.int64), np.asarray(base.row_ids))))
        if now != int(theirs[_COUNT] or 0) + added:
            return None  # a registrant was removed (its row would be kept)
        rows = _replaced(reader, base, ids)
        if rows is None:
            return None
        delta, dropped = build(rows), np.asarray(ids, dtype=np.int64)
        try:
            index = merge(base, delta, dropped)
        except ValueError as exc:  # a base not shaped as a build: never trusted
            log.warning("index catch-up refused, rebuilding: %s", exc)
            return None
        caught = len(rows)
    if not change_stamp.same(key[registrant_key:], base_key[registrant_key:]):
        index = refresh(index)
    index.cache[UNSAVED] = int(base.cache.get(UNSAVED, 0)) + caught
    return Caught(index, delta, dropped)


def _in_merges(reader: Reader, ids: list[int]) -> bool:
    """Whether any of these registrants was ever merged into a person or kept as one (merges are a
    person's acts: a few thousand rows at most)."""
    return any(_in_chunks(reader, "SELECT id FROM person_merge WHERE person_id IN ({0}) OR merged_id IN ({0})",
                          ids, repeat=2))


def _replaced(reader: Reader, base: RegistryIndex, ids: list[int]) -> list[int] | None:
    """The registrants whose index rows are read again: the changed and added ones, and those of the
    default source whose 登録ID a changed record holds or held (shown qualified while another source
    has the same ID: desk.services.persons.shown). None when a changed record belongs to a merged
    person (its head's row is not its own): build again."""
    from desk.store.models import DEFAULT_SOURCE

    found = _in_chunks(reader, "SELECT id, source_id, person_id FROM registrant WHERE id IN ({})", ids)
    if any(person is not None for _, _, person in found):
        return None
    held = {str(sid) for _, sid, _ in found}
    row_ids = np.asarray(base.row_ids)
    wanted = np.asarray(ids, dtype=np.int64)
    for row in positions(wanted, row_ids).tolist():
        shown = source_id_of(base.records, int(row))  # SOURCE:ID, or a bare ID
        held.update((shown, shown.split(":", 1)[-1]))
    same_id = _in_chunks(reader, "SELECT id FROM registrant WHERE person_id IS NULL AND source = ? "
                                 "AND source_id IN ({})", sorted(held), (DEFAULT_SOURCE,))
    return sorted({rid for rid, _, person in found if person is None} | {int(r[0]) for r in same_id})


def _in_chunks(reader: Reader, sql: str, values: Sequence[Any], before: Sequence[Any] = (),
               repeat: int = 1) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    for lo in range(0, len(values), 500):
        chunk = list(values[lo:lo + 500])
        out.extend(reader.rows(sql.format(", ".join("?" * len(chunk))), (*before, *chunk * repeat)))
    return out


def caught_up(db: Database, key: tuple[Any, ...], memory: tuple[tuple[Any, ...], RegistryIndex] | None,
              ) -> RegistryIndex | None:
    """The ranking service's index for ``key`` caught up from the index kept in memory (``memory``:
    its stamp and index) or else the one in the data folder; None: build it whole.

    What the data folder gets: the whole caught-up index once more than :data:`SAVE_AFTER` rows were
    caught up since the saved one, or when the placement log moved too (as a placement-only refresh
    saves it); else, when caught up from the saved index (read from the data folder, or the same one
    kept in memory), the delta beside it (:func:`save_delta`),
    so the warm ``desk rank`` of a new process (desk.services.rank_fast) merges it without reading."""
    from desk.services import index_cache
    from desk.services.rank_result import REGISTRANT_KEY
    from desk.services.ranking import _with_placements, build_index

    for from_disk in (False, True):
        found = index_cache.load_base(db) if from_disk else memory
        if found is None:
            continue
        base_key, base = found
        with db.engine.connect() as conn:
            caught = catch_up(EngineReader(conn), key, base_key, base, registrant_key=REGISTRANT_KEY,
                              build=lambda ids: build_index(db, registrant_ids=ids),
                              refresh=lambda merged: _with_placements(db, merged))
        if caught is None:
            continue
        index = caught.index
        as_saved = int(base.cache.get(UNSAVED, 0)) == 0  # the base is the data folder's index
        placements_moved = not change_stamp.same(key[REGISTRANT_KEY:], base_key[REGISTRANT_KEY:])
        if int(index.cache.get(UNSAVED, 0)) > SAVE_AFTER or (as_saved and placements_moved):
            index_cache.save(db, key, index, registrants_key=key[:REGISTRANT_KEY])
            index.cache[UNSAVED] = 0
        elif as_saved and caught.delta is not None:
            save_delta(db, key, base_key, caught.delta, caught.dropped)
        return index
    return None


# ----------------------------------------------------------------------------- the delta beside the base
#: The side cache (desk.services.index_cache.save_side) holding the rows caught up since the saved index.
DELTA = "delta"
_DELTA_ROWS = (*ROW_COLUMNS, "source_rank", *(name for table in TABLES for name in table))


def save_delta(db: Database | Reader, key: Sequence[Any], base_key: Sequence[Any], delta: RegistryIndex,
               dropped: np.ndarray) -> None:
    """Keep ``delta`` (the rows caught up since the saved index of ``base_key``, and the ids it
    dropped) beside that index for ``key``: a few hundred kB, not the whole index again."""
    from desk.core.filter_store import pack_texts
    from desk.core.record_store import pack_records
    from desk.services import index_cache

    arrays = {name: np.asarray(getattr(delta, name)) for name in _DELTA_ROWS}
    arrays["has_frequency"] = np.asarray(delta.frequency_stated())
    arrays["records_blob"], arrays["records_offsets"] = pack_records(delta.records)
    arrays["vocab_blob"], arrays["vocab_offsets"] = pack_texts(list(delta.term_vocab))
    arrays["dropped"] = np.asarray(dropped, dtype=np.int64)
    arrays["base_stamp"] = np.frombuffer(_stamp_bytes(base_key), dtype=np.uint8)
    index_cache.save_side(db, DELTA, key, index_cache.code_key(), arrays)  # type: ignore[arg-type]


def _stamp_bytes(key: Sequence[Any]) -> bytes:
    return json.dumps(list(key), default=str).encode()


def saved(reader: Reader, key: Sequence[Any], registrant_key: int) -> RegistryIndex | None:
    """The saved index merged with the delta saved beside it, when that delta was saved for exactly
    ``key`` on exactly that index and the placement log has not moved since the index was saved;
    else None. Reads nothing from the database: the warm ``desk rank`` of a new process."""
    from desk.core.filter_store import unpack_texts
    from desk.core.record_store import PackedRecords
    from desk.services import index_cache

    side = index_cache.load_side(reader, DELTA, index_cache.code_key(), key)  # type: ignore[arg-type]
    if side is None:
        return None
    found = index_cache.load_base(reader)
    if found is None:
        return None
    base_key, base = found
    _, arrays = side
    if (bytes(np.asarray(arrays["base_stamp"]).tobytes()) != _stamp_bytes(base_key)
            or not change_stamp.same(key[registrant_key:], base_key[registrant_key:])):
        return None
    try:
        delta = RegistryIndex(
            records=PackedRecords(arrays["records_blob"], arrays["records_offsets"], arrays["row_ids"],
                                  arrays["no_shows"], arrays["late"]),
            geo=base.geo, term_vocab=unpack_texts(arrays["vocab_blob"], arrays["vocab_offsets"]),
            has_frequency=arrays["has_frequency"], **{name: arrays[name] for name in _DELTA_ROWS})
        return merge(base, delta, arrays["dropped"])
    except (KeyError, ValueError) as exc:  # never trusted: the full path reads the rows again
        log.warning("saved delta not used: %r", exc)
        return None
