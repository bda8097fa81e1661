"""Rank the registry for a posting, straight from the store (docs/CONTRACTS.md, "Ranking service").

The registry is read into a :class:`~desk.core.registry_index.RegistryIndex` once and kept while
nothing it depends on changes: the cache key is the change stamp (desk.store.change_stamp: the
registrants' count and change counter, the placement log's counter), read with two small queries
per call, so a new import, an edit or a placement recorded by another coordinator on the same
database is seen by the next ranking, whatever the writer's clock said and in whatever order ids
were handed out. The index is kept in memory and, between processes, in the data folder
(desk.services.index_cache). After registrants changed, the index is caught up with exactly the
rows written since rather than built again (desk.services.rank_delta). Every write of a registrant
goes through desk.store.change_counter.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import Text, cast, func, select

from desk.core.date_words import stated_frequency
from desk.core.filters import filter_registrants as _filter_rows
from desk.core.placement import BOOKED
from desk.core.ranking import PostingQuery, Reason, describe, rank
from desk.core.registry_index import Booking, RegistrantRecord, RegistryIndex
from desk.services.persons import shared_default_ids, shown
from desk.services.rank_result import (  # re-exported: callers import them from here
    REGISTRANT_KEY,
    Candidate,
    Excluded,
    PostingNotFound,
    RankResult,
    read_posting,
    result_of,
    state_key,
)
from desk.store.db import Database
from desk.store.light import EngineReader
from desk.store.models import (
    Placement,
    PlacementEvent,
    PlacementSlot,
    Registrant,
)

__all__ = ["Candidate", "Excluded", "PostingNotFound", "RankResult", "Reason", "describe", "exclusion_of",
           "filter_registrant_ids", "posting_query", "rank_posting", "registry_index"]

#: The booked states as stored strings (the rule: desk.core.placement.BOOKED).
BOOKED_STATES = tuple(sorted(s.value for s in BOOKED))
LATE_CANCEL = dt.timedelta(hours=72)


# ----------------------------------------------------------------------------- the cached index
_lock = threading.Lock()
_cache: dict[str, tuple[tuple[Any, ...], RegistryIndex]] = {}


def _state_key(db: Database) -> tuple[Any, ...]:
    with db.session() as s:
        return state_key(EngineReader(s.connection()))


def registry_index(db: Database) -> RegistryIndex:
    """The registry as columns, rebuilt only when registrants or the placement log changed (kept in
    memory and in the data folder: desk.services.index_cache)."""
    key = _state_key(db)
    name = db.engine.url.render_as_string(hide_password=True)
    with _lock:
        hit = _cache.get(name)
        if hit is not None and hit[0] == key:
            return hit[1]
    from desk.services import index_cache  # the copy kept between processes (issue 17)

    index = index_cache.load(db, key, registrants_key=key[:REGISTRANT_KEY],
                             refresh=lambda cached: _with_placements(db, cached))
    if index is None:  # registrants changed: catch up the index in memory, else the saved one
        from desk.services.rank_delta import caught_up

        index = caught_up(db, key, hit)
    if index is None:
        index = build_index(db)
        index_cache.save(db, key, index, registrants_key=key[:REGISTRANT_KEY])
    with _lock:
        _cache[name] = (key, index)
    return index


def invalidate(db: Database | None = None) -> None:
    """Forget the cached index (all databases when ``db`` is None)."""
    with _lock:
        if db is None:
            _cache.clear()
        else:
            _cache.pop(db.engine.url.render_as_string(hide_password=True), None)


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def build_index(db: Database, *, registrant_id: int | None = None,
                registrant_ids: Collection[int] | None = None) -> RegistryIndex:
    """The whole registry as columns, or only one registrant (``registrant_id``: a store id), or only
    the unmerged registrants among ``registrant_ids`` (the rows a catch-up replaces:
    desk.services.rank_delta), each busy on its person's bookings."""
    r = Registrant
    # The JSON columns are read as text and each distinct text decoded once (most registrants share
    # their licences, work areas or availability with many others): a third of a 100k build was
    # decoding the same JSON again per row.
    with db.session() as s:
        q = select(
            r.id, r.source_id, r.name, r.name_kana, r.occupation, cast(r.licences, Text).label("licences"),
            r.specialty, r.notes, r.home_pref_code, r.home_muni_code, cast(r.work_areas, Text).label("work_areas"),
            cast(r.availability, Text).label("availability"), r.vaccination_experience,
            r.state, r.phone, r.email, r.availability_raw, r.source).order_by(r.id)
        # A merged person is ranked once, as its head record, busy on every record's bookings.
        person = _person_heads(s)
        only: set[int] | None = None
        if registrant_ids is not None:  # these heads and every record of their persons
            wanted = sorted(set(registrant_ids))
            q = q.where(r.person_id.is_(None))
            rows = [x for lo in range(0, len(wanted), 1000)
                    for x in s.execute(q.where(r.id.in_(wanted[lo:lo + 1000]))).all()]
            rows.sort(key=lambda x: x.id)
            heads = {x.id for x in rows}
            only = {k for k, v in person.items() if v in heads} | heads
            shared = shared_default_ids(s, [x.source_id for x in rows])
        elif registrant_id is None:
            q = q.where(r.person_id.is_(None))
        else:  # one record (its own fields), busy on the bookings of every record of its person
            q = q.where(r.id == registrant_id)
            head = person.get(registrant_id, registrant_id)
            only = {k for k, v in person.items() if v == head} | {head}
            person = {m: registrant_id for m in only}
        if registrant_ids is None:
            rows = s.execute(q).all()
            shared = shared_default_ids(s)
        bookings, no_shows, late = _placement_facts(s, person, only)
    licences = _decoder(lambda value: tuple(str(v) for v in value))
    rules = _decoder(lambda value: tuple(a for a in value if isinstance(a, dict)))
    records = [
        RegistrantRecord(
            row_id=x.id, source_id=shown(x.source, x.source_id, shared), name=x.name or "", name_kana=x.name_kana or "",
            occupation=x.occupation or "", licences=licences(x.licences),
            specialty=x.specialty or "", notes=x.notes or "", home_pref=x.home_pref_code,
            home_muni=x.home_muni_code, work_areas=rules(x.work_areas), availability=rules(x.availability),
            vaccination_experience=x.vaccination_experience, state=x.state or "active", phone=x.phone or "",
            email=x.email or "", no_shows=no_shows.get(x.id, 0), late_cancellations=late.get(x.id, 0),
            frequency=_frequency_label(x.availability_raw or ""))
        for x in rows
    ]
    return RegistryIndex.build(records, bookings)


def _frequency_label(availability_raw: str) -> str:
    found = stated_frequency(availability_raw)
    return found.label if found else ""


def _person_heads(s: Any) -> dict[int, int]:
    """Each merged record's id → its person's head record id (records on their own are not listed)."""
    r = Registrant
    return dict(s.execute(select(r.id, r.person_id).where(r.person_id.is_not(None))).all())


def _decoder(convert: Callable[[Any], tuple[Any, ...]]) -> Callable[[str | None], tuple[Any, ...]]:
    """JSON text -> ``convert(list)``, each distinct text decoded once (not a list: ``()``)."""
    memo: dict[str | None, tuple[Any, ...]] = {}

    def decode(text: str | None) -> tuple[Any, ...]:
        hit = memo.get(text)
        if hit is None:
            try:
                value = json.loads(text) if text else None
            except ValueError:
                value = None
            hit = memo[text] = convert(value) if isinstance(value, list) else ()
        return hit

    return decode


def _placement_facts(s: Any, person: dict[int, int] | None = None, only: set[int] | None = None,
                     ) -> tuple[list[Booking], Counter[int], Counter[int]]:
    """What the index takes from the placement log: bookings (each on its person's index row:
    ``person`` maps a merged record to it), no-shows and late cancellations; ``only``: of these
    records alone."""
    person = _person_heads(s) if person is None else person
    bq = (select(PlacementSlot.registrant_id, PlacementSlot.date, PlacementSlot.start,
                 PlacementSlot.end, Placement.posting_id)
          .join(Placement, Placement.id == PlacementSlot.placement_id)
          .where(PlacementSlot.state.in_(BOOKED_STATES))
          .order_by(PlacementSlot.id))  # a registrant's bookings in one order, whichever rows are read
    if only is None:
        booked = s.execute(bq).all()
    else:  # in chunks: a catch-up may name tens of thousands (SQLite's bound-parameter limit)
        wanted = sorted(only)
        booked = [b for lo in range(0, len(wanted), 1000)
                  for b in s.execute(bq.where(PlacementSlot.registrant_id.in_(wanted[lo:lo + 1000]))).all()]
    no_shows = Counter(s.scalars(select(Placement.registrant_id).where(Placement.state == "no_show")).all())
    bookings = [Booking(person.get(b.registrant_id, b.registrant_id), b.date, _minutes(b.start), _minutes(b.end),
                        b.posting_id) for b in booked]
    return bookings, no_shows, _late_cancellations(s)


def _with_placements(db: Database, index: RegistryIndex) -> RegistryIndex:
    """A cached index brought up to date after placements only changed (registrants did not)."""
    from desk.core.record_store import with_placements

    with db.session() as s:
        bookings, no_shows, late = _placement_facts(s)
    return with_placements(index, bookings, no_shows, late)


def _late_cancellations(s: Any) -> Counter[int]:
    """Cancellations by the registrant less than 72 hours before the placement's first slot."""
    cancelled = s.execute(select(Placement.id, Placement.registrant_id, Placement.updated_at)
                          .where(Placement.state == "cancelled", Placement.cancelled_by == "registrant")).all()
    if not cancelled:
        return Counter()
    ids = [c.id for c in cancelled]
    first = {pid: (d, t) for pid, d, t in s.execute(
        select(PlacementSlot.placement_id, func.min(PlacementSlot.date), func.min(PlacementSlot.start))
        .where(PlacementSlot.placement_id.in_(ids)).group_by(PlacementSlot.placement_id)).all()}
    when = dict(s.execute(select(PlacementEvent.placement_id, func.max(PlacementEvent.at))
                          .where(PlacementEvent.placement_id.in_(ids), PlacementEvent.new_state == "cancelled")
                          .group_by(PlacementEvent.placement_id)).all())
    late: Counter[int] = Counter()
    for c in cancelled:
        if c.id not in first or first[c.id][0] is None:
            continue
        d, t = first[c.id]
        start = dt.datetime.combine(d, t or dt.time(0))
        at = when.get(c.id) or c.updated_at
        if at is not None and start - at < LATE_CANCEL:
            late[c.registrant_id] += 1
    return late


# ----------------------------------------------------------------------------- ranking
def posting_query(db: Database, posting_source_id: str) -> PostingQuery:
    with db.session() as s:
        return read_posting(EngineReader(s.connection()), posting_source_id)


def rank_posting(db: Database, posting_source_id: str, *, top: int | None = None, filter_text: str | None = None,
                 weights: Mapping[str, float] | None = None, lang: str | None = None,
                 excluded_limit: int | None = None, reference: dt.date | None = None,
                 excluded_offset: int = 0) -> RankResult:
    """Candidates for the posting best first, and every registrant left out with the reason.

    ``weights`` default to the coordinator's settings; ``filter_text`` (desk.core.filters syntax)
    narrows both lists; ``top`` cuts the candidate list, ``excluded_limit`` the excluded one
    (nearest first) and ``excluded_offset`` pages through it: reasons are worked out only for the
    rows returned, the excluded are counted by reason in full. Raises :class:`PostingNotFound`.
    """
    posting = posting_query(db, posting_source_id)
    index = registry_index(db)
    result = result_of(index, posting, top=top, filter_text=filter_text, weights=weights, lang=lang,
                       excluded_limit=excluded_limit, reference=reference, excluded_offset=excluded_offset)
    if filter_text:
        save_filter_data(db, index)
    return result


def exclusion_of(db: Database, posting_source_id: str, registrant_source_id: str) -> Reason | None:
    """Why the ranking leaves this registrant out of this posting's candidates (the ranking's own
    rule, run on that one registrant), or None when they are a candidate or unknown."""
    with db.session() as s:
        rid = s.scalar(select(Registrant.id).where(Registrant.source_id == registrant_source_id))
    if rid is None:
        return None
    ranking = rank(build_index(db, registrant_id=rid), posting_query(db, posting_source_id))
    return ranking.exclusion_reason(0) if int(ranking.exclusion[0]) else None


def filter_registrant_ids(db: Database, text: str, reference: dt.date | None = None) -> Sequence[int]:
    """Store ids of the registrants a filter query matches (for the registrants tab)."""
    index = registry_index(db)
    rows = _filter_rows(index, text, reference)
    save_filter_data(db, index)
    return [int(i) for i in index.row_ids[rows]]


def save_filter_data(db: Database, index: RegistryIndex) -> None:
    """Once a filter has run over ``index``: keep its derived data in the local cache, so the next
    process's first keystroke decodes no record (issue 17). One try per index in memory."""
    if "filter_texts" not in index.cache or index.cache.get("filter_save_tried"):
        return
    index.cache["filter_save_tried"] = True
    from desk.services import index_cache

    index_cache.save_filter(db, _state_key(db), index)
