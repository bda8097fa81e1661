"""A registry index caught up with the changed registrants equals a fresh build of the same registry,
array for array, and ranks and filters the same (desk.core.registry_merge)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from desk.core import filter_store
from desk.core.filters import filter_arrays, filter_registrants
from desk.core.ranking import PostingQuery, rank
from desk.core.record_store import OverlayRecords, PackedRecords, pack_records, with_placements
from desk.core.registry_index import Booking, RegistrantRecord, RegistryIndex
from desk.core.registry_merge import merge

SAT = dt.date(2021, 6, 12)
ARRAYS = [f.name for f in dataclasses.fields(RegistryIndex) if f.name not in ("records", "geo", "term_vocab", "cache")]
AREAS = ({"kind": "pref", "code": "14"}, {"kind": "muni", "code": "14109"}, {"kind": "national", "code": ""},
         {"kind": "block8", "code": "関東"}, {"kind": "muni", "code": "13101"})
RULES = ({"from": "2021-06-01", "to": "2021-06-30", "days": 96, "start": 540, "end": 1020},
         {"from": None, "to": None, "days": 127, "start": 0, "end": 1440},
         {"from": "2021-06-12", "to": "2021-06-12", "days": 32, "start": 780, "end": 1020})
TERMS = ("内科", "小児科 英語", "筋注 経験あり", "", "問診 内科", "救急、外科")
NAMES = (("山田 花子", "やまだ はなこ"), ("佐藤 一郎", "さとう いちろう"), ("伊藤 由紀", "いとう ゆき"), ("", ""))


@st.composite
def records(draw: st.DrawFn, row_id: int) -> RegistrantRecord:
    name, kana = draw(st.sampled_from(NAMES))
    return RegistrantRecord(
        row_id=row_id, source_id=draw(st.sampled_from(("R-1", "R-2", "A-9", "z", f"R-{row_id}", f"S-{row_id}"))),
        name=name, name_kana=kana, occupation=draw(st.sampled_from(("physician", "nurse", "assistant_nurse", ""))),
        licences=draw(st.sampled_from(((), ("public_health_nurse",), ("nurse", "midwife")))),
        specialty=draw(st.sampled_from(TERMS)), notes=draw(st.sampled_from(TERMS)),
        home_pref=draw(st.sampled_from(("14", "13", None))), home_muni=draw(st.sampled_from(("14109", "13101", None))),
        work_areas=tuple(draw(st.lists(st.sampled_from(AREAS), max_size=3))),
        availability=tuple(draw(st.lists(st.sampled_from(RULES), max_size=2))),
        vaccination_experience=draw(st.sampled_from((True, False, None))),
        state=draw(st.sampled_from(("active", "paused", "withdrawn"))),
        no_shows=draw(st.integers(0, 2)), late_cancellations=draw(st.integers(0, 1)),
        frequency=draw(st.sampled_from(("", "週3日"))))


def bookings_of(draw: st.DrawFn, ids: list[int]) -> list[Booking]:
    if not ids:
        return []
    return [Booking(draw(st.sampled_from(ids)), SAT + dt.timedelta(days=draw(st.integers(0, 3))),
                    draw(st.sampled_from((540, 780))), draw(st.sampled_from((720, 1020))),
                    draw(st.sampled_from((None, 1, 2))))
            for _ in range(draw(st.integers(0, 6)))]


@st.composite
def registries(draw: st.DrawFn) -> tuple[list[RegistrantRecord], list[Booking], dict[int, RegistrantRecord],
                                         list[int], list[Booking]]:
    """(base records, base bookings, changed or added records by id, removed ids, bookings after)."""
    ids = sorted(draw(st.sets(st.integers(1, 60), max_size=25)))
    base = [draw(records(i)) for i in ids]
    changed = draw(st.sets(st.sampled_from(ids), max_size=6)) if ids else set()
    removed = sorted(draw(st.sets(st.sampled_from(ids), max_size=3)) - changed) if ids else []
    added = draw(st.sets(st.integers(1, 80), max_size=6)) - set(ids)
    delta = {i: draw(records(i)) for i in sorted(changed | added)}
    final_ids = sorted((set(ids) - set(removed)) | added)
    return base, bookings_of(draw, ids), delta, removed, bookings_of(draw, final_ids)


def packed(index: RegistryIndex) -> RegistryIndex:
    blob, offsets = pack_records(index.records)
    return dataclasses.replace(index, records=PackedRecords(blob, offsets, index.row_ids, index.no_shows, index.late),
                               cache={})


def final_records(base: list[RegistrantRecord], delta: dict[int, RegistrantRecord],
                  removed: list[int]) -> list[RegistrantRecord]:
    by_id = {r.row_id: r for r in base if r.row_id not in removed}
    by_id.update(delta)
    return [by_id[i] for i in sorted(by_id)]


def assert_same(merged: RegistryIndex, fresh: RegistryIndex) -> None:
    for name in ARRAYS:
        a = merged.frequency_stated() if name == "has_frequency" else getattr(merged, name)
        b = fresh.frequency_stated() if name == "has_frequency" else getattr(fresh, name)
        assert np.asarray(a).dtype == np.asarray(b).dtype, name
        assert np.array_equal(a, b), name
    assert merged.term_vocab == fresh.term_vocab
    assert list(merged.records) == list(fresh.records)
    assert [merged.records[i] for i in range(merged.n)] == list(fresh.records)
    assert pack_records(merged.records)[1].tolist() == pack_records(fresh.records)[1].tolist()
    assert bytes(pack_records(merged.records)[0]) == bytes(pack_records(fresh.records)[0])


POSTINGS = (
    PostingQuery("P1", "nurse", "14", "14109", ((SAT, 540, 720),), requirements="内科 英語", posting_id=1),
    PostingQuery("P2", "physician", "13", None, ((SAT + dt.timedelta(days=1), 780, 1020),), duties="問診"),
    PostingQuery("P3", None, None, None, ()),
)
FILTERS = ("やまだ", "地域:横浜", "日:土", "メモ:英語", "R-1", "内科", "いと", "科:内科", "名前:さとう いちろう", "S-3,R-2")


def assert_same_answers(merged: RegistryIndex, fresh: RegistryIndex) -> None:
    for posting in POSTINGS:
        a, b = rank(merged, posting), rank(fresh, posting)
        assert a.order.tolist() == b.order.tolist()
        assert a.excluded_order.tolist() == b.excluded_order.tolist()
        assert np.allclose(a.score, b.score) and a.exclusion.tolist() == b.exclusion.tolist()
    for text in FILTERS:
        assert filter_registrants(merged, text, SAT).tolist() == filter_registrants(fresh, text, SAT).tolist(), text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(registries(), st.booleans(), st.booleans())
def test_a_caught_up_index_equals_a_fresh_build(case, from_cache: bool, filtered: bool) -> None:  # type: ignore[no-untyped-def]
    base_records, base_bookings, delta, removed, _ = case
    old = RegistryIndex.build(base_records, base_bookings)
    if from_cache:
        old = packed(old)
    if filtered:  # the base's filter data exists (typed in memory, or saved as arrays): merged, not derived again
        if from_cache:
            old.cache[filter_store.CACHE_KEY] = filter_arrays(RegistryIndex.build(base_records, base_bookings))
        else:
            filter_registrants(old, "R-1")
    final = final_records(base_records, delta, removed)
    final_ids = {r.row_id for r in final}
    kept_bookings = [b for b in base_bookings if b.row_id in final_ids and b.row_id not in delta]
    delta_bookings = [b for b in base_bookings if b.row_id in delta]
    merged = merge(old, RegistryIndex.build(list(delta.values()), delta_bookings), removed)
    fresh = RegistryIndex.build(final, sorted(kept_bookings + delta_bookings, key=lambda b: b.row_id))
    assert_same(merged, fresh)
    assert isinstance(merged.records, OverlayRecords) == from_cache
    assert (filter_store.PENDING_KEY in merged.cache) == bool({"filter_texts", filter_store.CACHE_KEY} & old.cache.keys())
    assert_same_answers(merged, fresh)
    assert filter_store.PENDING_KEY not in merged.cache  # the first filter merged it
    # saved as arrays (the index cache) and read back: still the same answers
    assert_same_answers(dataclasses.replace(merged, cache={filter_store.CACHE_KEY: filter_arrays(merged)}), fresh)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(registries(), registries())
def test_catching_up_twice_and_then_the_placements_equals_a_fresh_build(first, second) -> None:  # type: ignore[no-untyped-def]
    """An overlay over an overlay is flattened; the placement log refreshed after it still agrees."""
    base_records, _, delta, removed, after = first
    old = packed(RegistryIndex.build(base_records))
    middle = final_records(base_records, delta, removed)
    # the second change set, drawn on its own, applied to the ids the registry has now
    ids = [r.row_id for r in middle]
    delta2 = {i: dataclasses.replace(r, row_id=i) for i, r in zip(ids[::2], second[0], strict=False)}
    delta2.update({100 + r.row_id: dataclasses.replace(r, row_id=100 + r.row_id) for r in second[2].values()})
    removed2 = [i for i in ids[1::3] if i not in delta2]
    filter_registrants(old, "やまだ")  # the first catch-up's filter data waits, chained into the second's
    once = merge(old, RegistryIndex.build(list(delta.values())), removed)
    twice = merge(once, RegistryIndex.build(list(delta2.values())), removed2)
    assert (filter_store.PENDING_KEY in twice.cache) == ("filter_texts" in old.cache)
    assert isinstance(twice.records, OverlayRecords) and isinstance(twice.records.base, PackedRecords)
    final = final_records(middle, delta2, removed2)
    assert_same(twice, RegistryIndex.build(final))
    final_ids = [r.row_id for r in final]
    bookings = [dataclasses.replace(b, row_id=final_ids[b.row_id % len(final_ids)]) for b in after] if final_ids else []
    no_shows = {i: i % 3 for i in final_ids[::2]}
    refreshed = with_placements(twice, sorted(bookings, key=lambda b: b.row_id), no_shows, {})
    fresh = RegistryIndex.build([dataclasses.replace(r, no_shows=no_shows.get(r.row_id, 0), late_cancellations=0)
                                 for r in final], bookings)
    assert_same(refreshed, fresh)
    assert_same_answers(refreshed, fresh)


def test_an_index_not_shaped_as_a_build_is_refused() -> None:
    a = RegistryIndex.build([RegistrantRecord(row_id=1, source_id="a"), RegistrantRecord(row_id=2, source_id="b")])
    delta = RegistryIndex.build([RegistrantRecord(row_id=3, source_id="c")])
    with pytest.raises(ValueError):
        merge(dataclasses.replace(a, row_ids=np.array([2, 1])), delta)
    with pytest.raises(ValueError):
        merge(dataclasses.replace(a, source_rank=np.array([0, 0])), delta)
    with pytest.raises(ValueError):
        merge(dataclasses.replace(a, records=a.records[:1]), delta)
