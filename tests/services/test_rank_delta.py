"""After registrants change, the ranking's index is caught up (only the changed rows read) and equals a
fresh build; a merge, a removal, too many changes or a damaged base build it again (issue 17)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import numpy as np
import pytest
from sqlalchemy import delete, select

from desk.core import filter_store
from desk.core.record_store import OverlayRecords, PackedRecords
from desk.core.registry_index import RegistryIndex
from desk.services import index_cache, persons, rank_delta, registrant_edits
from desk.services import ranking as svc
from desk.services.demo import load_demo
from desk.services.placements import transition
from desk.store.models import Posting, Registrant, utcnow

ARRAYS = [f.name for f in dataclasses.fields(RegistryIndex) if f.name not in ("records", "geo", "term_vocab", "cache")]


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    load_demo(db, registrants=150, postings=8, seed=11)
    with db.session() as s:
        postings = s.scalars(select(Posting.source_id).order_by(Posting.id)).all()
        people = s.scalars(select(Registrant.source_id).order_by(Registrant.id)).all()
    for posting in postings[:3]:
        for person in people[:30:10]:
            _book(db, posting, person)
    svc.invalidate()
    svc.registry_index(db)  # built and saved: the base every test catches up from
    return db, postings, people


def _book(db, posting: str, person: str) -> bool:  # type: ignore[no-untyped-def]
    try:
        transition(db, posting, person, "accepted", coordinator="t", over=True, override="test booking")
        transition(db, posting, person, "confirmed", coordinator="t", over=True, override="test booking")
    except Exception:  # noqa: BLE001 - a demo person the log refuses is simply not booked
        return False
    return True


def _fresh(db):  # type: ignore[no-untyped-def]
    return svc.build_index(db)


def _assert_equal(index: RegistryIndex, fresh: RegistryIndex) -> None:
    for name in ARRAYS:
        a = index.frequency_stated() if name == "has_frequency" else getattr(index, name)
        b = fresh.frequency_stated() if name == "has_frequency" else getattr(fresh, name)
        assert np.array_equal(a, b), name
    assert index.term_vocab == fresh.term_vocab
    assert list(index.records) == list(fresh.records)


def _answers(db, postings, index):  # type: ignore[no-untyped-def]
    from desk.services.rank_result import result_of

    out = []
    for posting in postings[:5]:
        r = result_of(index, svc.posting_query(db, posting), lang="ja", weights=None)
        out.append(([(c.source_id, round(c.score, 9), c.reasons) for c in r.candidates],
                    [(e.source_id, e.reason) for e in r.excluded]))
    for text in ("地域:関東", "名前:やま", "日:土 内科", "R-"):
        r = result_of(index, svc.posting_query(db, postings[0]), filter_text=text, lang="ja", weights=None)
        out.append([c.source_id for c in r.candidates])
    return out


@pytest.fixture
def no_full_build(monkeypatch):  # type: ignore[no-untyped-def]
    real = svc.build_index
    read: list[int] = []

    def partial_only(db, **kw):  # type: ignore[no-untyped-def]
        if kw.get("registrant_ids") is None and kw.get("registrant_id") is None:
            raise AssertionError("the whole registry was read again")
        read.extend(kw.get("registrant_ids") or ())
        return real(db, **kw)

    monkeypatch.setattr(svc, "build_index", partial_only)
    return read, real


def _edit_and_add(db, people) -> list[str]:  # type: ignore[no-untyped-def]
    registrant_edits.set_field(db, people[3], "state", "withdrawn", coordinator="t")
    registrant_edits.set_field(db, people[20], "notes", "英語 可 夜間", coordinator="t")
    with db.write() as s:
        reg = s.scalars(select(Registrant).where(Registrant.source_id == people[40])).one()
        reg.availability, reg.work_areas, reg.licences = [], [{"kind": "pref", "code": "01"}], ["midwife"]
        reg.home_pref_code, reg.home_muni_code, reg.changed_at = "01", "01100", utcnow()
        # a registrant of another source with a default-source 登録ID: that one is shown qualified now
        s.add(Registrant(source="jma", source_id=people[7], name="別 人", name_kana="べつ ひと", occupation="nurse",
                         changed_at=utcnow()))
        s.add(Registrant(source_id="NEW-1", name="新規 太郎", name_kana="しんき たろう", occupation="physician",
                         specialty="内科", notes="新しい 言葉", changed_at=utcnow()))
    return [people[3], people[20], people[40], people[7]]


def test_an_edit_is_caught_up_in_process_and_in_a_new_one(demo, no_full_build) -> None:  # type: ignore[no-untyped-def]
    db, postings, people = demo
    read, full_build = no_full_build
    svc.filter_registrant_ids(db, "名前:た")  # the filter's data exists: merged on the next keystroke, not derived
    touched = _edit_and_add(db, people)
    index = svc.registry_index(db)  # in process: from the index in memory (built here: records as a list)
    assert filter_store.PENDING_KEY in index.cache
    with db.session() as s:
        ids = dict(s.execute(select(Registrant.source_id, Registrant.id).where(Registrant.source == "default")).all())
        other = s.scalars(select(Registrant.id).where(Registrant.source == "jma")).all()
    # the changed and added rows, and the default-source row whose 登録ID another source now holds
    assert sorted(read) == sorted({ids[p] for p in touched} | {ids["NEW-1"], *other})
    assert f"default:{people[7]}" in [r.source_id for r in index.records]
    svc.invalidate()  # a new process: the base from the data folder, the same rows read again
    again = svc.registry_index(db)
    assert isinstance(again.records, OverlayRecords) and isinstance(again.records.base, PackedRecords)
    fresh = full_build(db)
    _assert_equal(index, fresh)
    _assert_equal(again, fresh)
    assert _answers(db, postings, index) == _answers(db, postings, fresh) == _answers(db, postings, again)


def test_registrants_and_placements_changed_together(demo, no_full_build) -> None:  # type: ignore[no-untyped-def]
    db, postings, people = demo
    _edit_and_add(db, people)
    booked = [p for posting in postings[3:8] for p in people[50:90:6] if _book(db, posting, p)]
    assert booked
    transition(db, postings[0], people[0], "cancelled", coordinator="t", cancelled_by="registrant")
    index = svc.registry_index(db)
    svc.invalidate()
    again = svc.registry_index(db)
    fresh = no_full_build[1](db)
    _assert_equal(index, fresh)
    _assert_equal(again, fresh)


def test_after_many_rows_the_caught_up_index_is_saved(demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, _, people = demo
    monkeypatch.setattr(rank_delta, "SAVE_AFTER", 1)
    _edit_and_add(db, people)
    index = svc.registry_index(db)
    manifest = json.loads((next(index_cache.cache_root().iterdir()) / index_cache.MANIFEST).read_text())
    assert manifest["stamp"] == json.dumps(list(svc._state_key(db)), default=str)
    svc.invalidate()
    saved = svc.registry_index(db)
    assert isinstance(saved.records, PackedRecords)  # loaded as it is: nothing to catch up
    _assert_equal(saved, index)


def _full_builds(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    real = svc.build_index
    full: list[int] = []

    def counting(db, **kw):  # type: ignore[no-untyped-def]
        if kw.get("registrant_ids") is None and kw.get("registrant_id") is None:
            full.append(1)
        return real(db, **kw)

    monkeypatch.setattr(svc, "build_index", counting)
    return full


@pytest.mark.parametrize("change", ["merge", "remove", "too_many", "merged_record", "damaged"])
def test_what_cannot_be_told_exactly_is_built_again(demo, monkeypatch, change: str) -> None:  # type: ignore[no-untyped-def]
    db, postings, people = demo
    registrant_edits.set_field(db, people[5], "phone", "090-0000-0000", coordinator="t")
    if change == "merge":
        persons.merge(db, people[60], people[61], keep=people[60], coordinator="t")
    elif change == "remove":
        with db.write() as s:
            s.execute(delete(Registrant).where(Registrant.source_id == people[99]))
    elif change == "too_many":  # more than max(CATCH_UP_MAX, n / 20) rows
        monkeypatch.setattr(rank_delta, "CATCH_UP_MAX", 5)
        with db.write() as s:
            for reg in s.scalars(select(Registrant).where(Registrant.source_id.in_(people[100:110]))):
                reg.notes, reg.changed_at = "a", utcnow()
    elif change == "merged_record":  # a record merged into another person changed (its head's row is not its own)
        persons.merge(db, people[70], people[71], keep=people[70], coordinator="t")
        svc.registry_index(db)
        with db.write() as s:
            gone = s.scalars(select(Registrant).where(Registrant.person_id.is_not(None))).first()
            gone.notes, gone.changed_at = "changed", utcnow() + dt.timedelta(seconds=1)
    elif change == "damaged":  # a base whose columns do not fit: refused, never merged
        svc.invalidate()
        real = index_cache.load_base

        def bent(db):  # type: ignore[no-untyped-def]
            key, base = real(db)
            return key, dataclasses.replace(base, row_ids=np.asarray(base.row_ids)[::-1].copy())

        monkeypatch.setattr(index_cache, "load_base", bent)
    full = _full_builds(monkeypatch)
    index = svc.registry_index(db)
    assert full == [1]
    assert not isinstance(index.records, OverlayRecords)


def test_a_new_process_merges_the_delta_saved_beside_the_index(demo, no_full_build) -> None:  # type: ignore[no-untyped-def]
    """The warm `desk rank` path (no database reads but the stamp) takes the saved index and its saved
    delta; once the placement log moves, or the delta's file is altered, it does not."""
    from desk.services.rank_result import REGISTRANT_KEY
    from desk.store.light import open_light

    def saved_now(key):  # type: ignore[no-untyped-def]
        light = open_light(db.engine.url.render_as_string(hide_password=False))
        assert light is not None
        try:
            return rank_delta.saved(light, key, REGISTRANT_KEY)
        finally:
            light.close()

    db, postings, people = demo
    _edit_and_add(db, people)
    svc.registry_index(db)  # caught up: the delta saved beside the index
    key = svc._state_key(db)
    merged = saved_now(key)
    assert merged is not None and isinstance(merged.records, OverlayRecords)
    fresh = no_full_build[1](db)
    _assert_equal(merged, fresh)
    assert _answers(db, postings, merged) == _answers(db, postings, fresh)
    folder = next(index_cache.cache_root().iterdir())
    (side,) = [p for p in folder.iterdir() if p.name.startswith(f"{rank_delta.DELTA}-")]
    path = side / "records_blob.npy"
    raw = bytearray(path.read_bytes())
    raw[-2] ^= 0x20
    path.write_bytes(bytes(raw))
    assert saved_now(key) is None  # altered: not trusted
    _book(db, postings[5], people[120])
    assert saved_now(svc._state_key(db)) is None


def test_a_shared_id_given_up_shows_the_other_record_bare_again(demo, no_full_build) -> None:  # type: ignore[no-untyped-def]
    """Another source's record stops holding a default-source 登録ID: that record is read again too."""
    db, _, people = demo
    read, full_build = no_full_build
    _edit_and_add(db, people)  # jma:<people[7]> now shares the ID
    svc.registry_index(db)
    with db.write() as s:
        other = s.scalars(select(Registrant).where(Registrant.source == "jma")).one()
        other.source_id, other.changed_at = "JMA-1", utcnow() + dt.timedelta(seconds=2)
    read.clear()
    index = svc.registry_index(db)
    assert people[7] in [r.source_id for r in index.records]  # bare again
    with db.session() as s:
        again = s.scalar(select(Registrant.id).where(Registrant.source_id == people[7], Registrant.source == "default"))
    assert again in read
    _assert_equal(index, full_build(db))
