"""The registry index kept between processes (issue 17): the ranking from the cache equals a fresh
build; a stale, truncated or altered cache is detected and rebuilt, never trusted; files are private."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.core.record_store import OverlayRecords, PackedRecords
from desk.services import index_cache
from desk.services import ranking as svc
from desk.services.demo import load_demo
from desk.services.placements import transition
from desk.store.models import Posting, Registrant


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    load_demo(db, registrants=240, postings=12, seed=7)
    with db.session() as s:
        postings = s.scalars(select(Posting.source_id).order_by(Posting.id)).all()
        people = s.scalars(select(Registrant.source_id).order_by(Registrant.id)).all()
    booked = [_book(db, posting, person) for posting in postings[:4] for person in people[:40:10]]
    assert any(booked)  # bookings on the placement log: the cached index holds them too
    return db, postings


def _book(db, posting: str, person: str, last: str = "confirmed") -> bool:  # type: ignore[no-untyped-def]
    """Log a booking (accepted, then ``last``); False when the log refuses it (not qualified …)."""
    try:
        # Demo people the ranking excludes for this posting are booked with an override (the log asks one).
        transition(db, posting, person, "accepted", coordinator="test", over=True, override="test booking")
        transition(db, posting, person, last, coordinator="test", over=True, override="test booking")
    except Exception:  # noqa: BLE001 - a demo person the log refuses is simply not booked
        return False
    return True


def _answer(db, postings):  # type: ignore[no-untyped-def]
    out = []
    for posting in postings[:6]:
        r = svc.rank_posting(db, posting, lang="ja", weights=None)
        out.append(([(c.source_id, round(c.score, 9), c.reasons, c.components, c.phone) for c in r.candidates],
                    [(e.source_id, e.reason) for e in r.excluded], r.excluded_counts))
    for text in ("地域:関東", "名前:やま", "日:土 内科", "科:内科"):
        r = svc.rank_posting(db, postings[0], filter_text=text, lang="ja")
        out.append(([c.source_id for c in r.candidates], [e.source_id for e in r.excluded], r.excluded_counts))
    out.append(list(svc.filter_registrant_ids(db, "名前:た メモ:夜")))
    return out


def _cache_folder() -> Path:
    (folder,) = [p for p in index_cache.cache_root().iterdir() if p.is_dir()]
    return folder


def _generation(folder: Path) -> Path:
    return folder / json.loads((folder / index_cache.MANIFEST).read_text())["generation"]


def test_ranking_from_the_cache_equals_a_fresh_build(demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, postings = demo
    monkeypatch.setenv("DESK_INDEX_CACHE", "0")
    svc.invalidate()
    fresh = _answer(db, postings)
    assert not index_cache.cache_root().exists()
    monkeypatch.setenv("DESK_INDEX_CACHE", "1")
    svc.invalidate()
    assert _answer(db, postings) == fresh  # built, then written
    svc.invalidate()  # a new process: nothing in memory
    index = svc.registry_index(db)
    assert isinstance(index.records, PackedRecords)  # read from the cache, not rebuilt
    assert len(index.book_reg) > 0
    assert list(index.records) == list(svc.build_index(db).records)
    assert _answer(db, postings) == fresh


def test_a_change_makes_the_cache_stale(demo) -> None:  # type: ignore[no-untyped-def]
    db, postings = demo
    svc.invalidate()
    svc.registry_index(db)
    with db.session() as s:
        first = s.scalars(select(Registrant).order_by(Registrant.id)).first()
        first.state = "withdrawn"
        first.changed_at = first.changed_at.replace(year=first.changed_at.year + 1) if first.changed_at else None
        withdrawn = first.source_id
    svc.invalidate()
    assert index_cache.load(db, svc._state_key(db)) is None  # stale: another stamp
    index = svc.registry_index(db)
    row = [r.source_id for r in index.records].index(withdrawn)
    assert index.records[row].state == "withdrawn"
    svc.invalidate()
    records = svc.registry_index(db).records  # the saved index, caught up with the one changed row
    assert isinstance(records, OverlayRecords) and isinstance(records.base, PackedRecords)
    assert records[row].state == "withdrawn"


@pytest.mark.parametrize("damage", ["truncate", "flip", "manifest", "missing"])
def test_a_damaged_cache_is_rebuilt_never_trusted(demo, damage: str) -> None:  # type: ignore[no-untyped-def]
    db, postings = demo
    svc.invalidate()
    good = _answer(db, postings)
    folder = _cache_folder()
    gen = _generation(folder)
    victim = gen / "home_pref.npy"
    if damage == "truncate":
        victim.write_bytes(victim.read_bytes()[:-7])
    elif damage == "flip":  # same size, other content: only the checksum can tell
        data = bytearray(victim.read_bytes())
        data[-1] ^= 0x01
        victim.write_bytes(bytes(data))
    elif damage == "manifest":
        (folder / index_cache.MANIFEST).write_text('{"format": 1, "gener')
    else:
        (gen / "records_blob.npy").unlink()
    svc.invalidate()
    assert index_cache.load(db, svc._state_key(db)) is None
    assert _answer(db, postings) == good
    svc.invalidate()
    assert isinstance(svc.registry_index(db).records, PackedRecords)  # rewritten, and sound again
    assert _generation(_cache_folder()) != gen


def test_cache_files_are_private(demo) -> None:  # type: ignore[no-untyped-def]
    db, _postings = demo
    svc.invalidate()
    svc.registry_index(db)
    root = index_cache.cache_root()
    for path in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_another_database_does_not_use_this_cache(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desk.store.db import open_database

    db, _postings = demo
    svc.invalidate()
    key = svc._state_key(db)
    svc.registry_index(db)
    other = open_database(f"sqlite:///{(tmp_path / 'other.sqlite3').as_posix()}")
    try:
        assert index_cache.load(other, key) is None
    finally:
        other.dispose()


def test_after_a_placement_only_the_placement_part_is_read_again(demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, postings = demo
    svc.invalidate()
    svc.registry_index(db)  # cached
    with db.session() as s:
        people = s.scalars(select(Registrant.source_id).order_by(Registrant.id)).all()
    booked = 0
    for posting in postings[4:8]:  # new bookings, and a no-show, on the placement log
        for person in people[1:60:7]:
            if _book(db, posting, person):
                booked += 1
                if booked == 1:  # and one who did not come
                    transition(db, posting, person, "no_show", coordinator="test")
                break
    assert booked
    monkeypatch.setenv("DESK_INDEX_CACHE", "0")
    svc.invalidate()
    fresh = _answer(db, postings)
    monkeypatch.setenv("DESK_INDEX_CACHE", "1")
    svc.invalidate()

    def no_rebuild(_db):  # type: ignore[no-untyped-def]
        raise AssertionError("the registrants were read again")

    monkeypatch.setattr(svc, "build_index", no_rebuild)
    assert _answer(db, postings) == fresh
    svc.invalidate()
    assert isinstance(svc.registry_index(db).records, PackedRecords)  # the refreshed index was saved
