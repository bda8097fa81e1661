"""Records packed for the local index cache read back equal, every field included."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from desk.core.record_store import PackedRecords, pack_records, with_placements
from desk.core.registry_index import Booking, RegistrantRecord, RegistryIndex

RECORDS = [
    RegistrantRecord(row_id=3, source_id="R-1", name="山田 花子", name_kana="やまだ はなこ", occupation="nurse",
                     licences=("public_health_nurse",), specialty="内科", notes="タブ\tと改行\nと \\ 入り",
                     home_pref="14", home_muni="14109", work_areas=({"kind": "pref", "code": "14"},),
                     availability=({"from": None, "to": "2021-07-31", "days": 32, "start": 540, "end": 1020},),
                     vaccination_experience=True, state="paused", phone="090-1", email="a@example.jp",
                     no_shows=2, late_cancellations=1),
    RegistrantRecord(row_id=8, source_id="R-2"),
    RegistrantRecord(row_id=9, source_id="R-3", name="𠮷野 髙橋", vaccination_experience=False),
]


def _packed(records: list[RegistrantRecord]) -> PackedRecords:
    blob, offsets = pack_records(records)
    return PackedRecords(blob, offsets, np.array([r.row_id for r in records]),
                         np.array([r.no_shows for r in records]), np.array([r.late_cancellations for r in records]))


def test_packed_records_read_back_equal() -> None:
    packed = _packed(RECORDS)
    assert len(packed) == 3
    assert list(packed) == RECORDS
    assert packed[-1] == RECORDS[-1] and packed[0:2] == RECORDS[0:2]
    with pytest.raises(IndexError):
        packed[3]


def test_reading_every_record_in_chunks_equals_reading_one_at_a_time() -> None:
    many = [dataclasses.replace(RECORDS[k % 3], row_id=k + 1, source_id=f"R-{k}", no_shows=k % 4)
            for k in range(9000)]  # more than two chunks of the bulk read
    packed = _packed(many)
    assert list(packed) == many == [packed[k] for k in range(len(many))]
    assert list(_packed([])) == []


def test_every_field_but_the_columns_is_packed() -> None:
    # a field added to RegistrantRecord later is packed too (a non-default value survives)
    for f in dataclasses.fields(RegistrantRecord):
        assert getattr(list(_packed(RECORDS))[0], f.name) == getattr(RECORDS[0], f.name)


def test_truncated_packing_is_refused() -> None:
    blob, offsets = pack_records(RECORDS)
    with pytest.raises(ValueError):
        PackedRecords(blob[:-3], offsets, np.array([3, 8, 9]), np.zeros(3), np.zeros(3))


def test_placements_replaced_equal_a_fresh_build() -> None:
    sat = dt.date(2021, 6, 12)
    old = RegistryIndex.build(RECORDS, [Booking(3, sat, 540, 720, 5)])
    bookings = [Booking(9, sat, 600, 660, 7), Booking(3, sat, 780, 900, None), Booking(42, sat, 0, 60, 1)]
    fresh = RegistryIndex.build([dataclasses.replace(r, no_shows={8: 1}.get(r.row_id, 0), late_cancellations=0)
                                 for r in RECORDS], bookings)
    for base in (old, dataclasses.replace(old, records=_packed(RECORDS))):
        new = with_placements(base, bookings, {8: 1}, {})
        assert list(new.records) == list(fresh.records)
        for name in ("no_shows", "late", "book_reg", "book_date", "book_start", "book_end", "book_posting"):
            assert np.array_equal(getattr(new, name), getattr(fresh, name)), name


def test_a_placement_keeps_what_the_filter_derived_from_the_registrants() -> None:
    """Only bookings changed: the next filter keystroke rebuilds none of its lookups and finds the same rows."""
    from desk.core.filters import filter_registrants

    sat = dt.date(2021, 6, 12)
    old = RegistryIndex.build(RECORDS, [Booking(3, sat, 540, 720, 5)])
    queries = ("地域:横浜", "日:土", "メモ:英語", "やまだ", RECORDS[0].source_id)
    before = [filter_registrants(old, q).tolist() for q in queries]
    new = with_placements(old, [Booking(9, sat, 600, 660, 7)], {}, {})
    assert {k for k in old.cache if k != "filter_save_tried"} <= set(new.cache)
    assert [filter_registrants(new, q).tolist() for q in queries] == before
