"""The facade's global search through the registrants' index, on SQLite and PostgreSQL: the same
answers as the entry scan over the same store; an import, an edit or a merge is in the very next
search; a new process finds the index kept in the data folder, and a damaged one is rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.app import DeskApp
from desk.core.regions import region_query
from desk.core.search import Results, search
from desk.services import search as search_store
from desk.services.demo import load_demo
from desk.services.persons import merge
from desk.services.registrant_edits import set_field
from desk.settings import Settings
from desk.store.db import Database
from desk.store.models import Placement, Registrant

QUERIES = ["山田", "やまだ", "ヤマダ", "yamada", "yamda hanako", "田中 美咲", "たなか", "sato", "satou", "佐藤 一郎",
           "R21-000001", "r21-0000", "0001", "090", "070-3564-0634", "+81 70 3564 0634", "example.com", "@example",
           "aoki_88@example.com", "よこはま", "札幌", "山", "はな", "かずや", "kazuya", "P21-00001", "zzz"]


def scanned(db: Database, text: str, limit: int = 20) -> Results:
    """What the search answered before the index: every record as an entry, scanned."""
    everything = [e for kind in ("registrant", "posting", "placement") for e in search_store.entries(db, kind)]
    place = region_query(text)
    regions = None
    if not place.fuzzy and (place.pref_codes or place.muni_codes):
        regions = (frozenset(place.pref_codes), frozenset(c[:5] for c in place.muni_codes))
    return search(everything, text, limit=limit, regions=regions)


def test_same_answers_as_the_scan(db: Database) -> None:
    load_demo(db, registrants=400, postings=30, seed=5)
    with db.session() as s:
        s.add(Placement(posting_id=1, registrant_id=3, state="proposed"))
    app = DeskApp(db, Settings(coordinator="佐藤"))
    with db.session() as s:
        first = s.get(Registrant, 7)
        assert first is not None
        own = [first.name, first.name_kana, first.phone, first.email, first.source_id, first.name[:2]]
    for text in [*QUERIES, *own]:
        for limit in (3, 20):
            assert app.search(text, limit=limit) == scanned(db, text, limit), (text, limit)


def test_a_change_is_in_the_next_search(db: Database) -> None:
    load_demo(db, registrants=60, postings=5, seed=2)
    app = DeskApp(db, Settings(coordinator="佐藤"))
    assert not app.search("ゾーヴァ 一子").groups
    with db.session() as s:  # an import adds a registrant
        s.add(Registrant(source_id="R-NEW", name="ゾーヴァ 一子", name_kana="ゾーヴァ イチコ", occupation="nurse",
                         phone="099-000-1111"))
    assert app.search("ゾーヴァ 一子").first().entry.source_id == "R-NEW"  # type: ignore[union-attr]
    set_field(db, "R-NEW", "phone", "099-222-3333")  # an edit
    assert not app.search("0990001111").groups
    assert app.search("0992223333") == scanned(db, "0992223333")
    assert app.search("0992223333").first().entry.source_id == "R-NEW"  # type: ignore[union-attr]
    with db.session() as s:  # a merge keeps the other record's e-mail on the head, without changed_at
        other = Registrant(source_id="R-OLD", name="ゾーヴァ 一子", name_kana="ゾーヴァ イチコ", occupation="nurse",
                           email="ichiko@example.jp")
        s.add(other)
    assert [h.entry.source_id for h in app.search("ichiko@example.jp").groups[0][1]] == ["R-OLD"]
    merge(db, "R-NEW", "R-OLD", picks={"email": "R-OLD"})  # R-NEW (the head) takes R-OLD's e-mail
    assert {h.entry.source_id for h in app.search("ichiko@example.jp").groups[0][1]} == {"R-NEW", "R-OLD"}
    for text in ("ichiko@example.jp", "ゾーヴァ", "0992223333"):
        assert app.search(text) == scanned(db, text), text


def test_a_new_process_reads_the_kept_index_and_a_damaged_one_is_rebuilt(db: Database, desk_home: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    load_demo(db, registrants=80, postings=5, seed=9)
    DeskApp(db, Settings()).prewarm_search()
    kept = sorted(desk_home.glob("index-cache/*/search-g*/*.npy"))
    assert kept, "the index is kept in the data folder"

    def no_read(_db: Database) -> None:
        raise AssertionError("read every registrant although the kept index was current")

    real_build = search_store.build_registrant_index
    monkeypatch.setattr(search_store, "build_registrant_index", no_read)
    assert DeskApp(db, Settings()).search("yamada") == scanned(db, "yamada")
    # damaged on disk (a byte changed): not trusted, read again from the store
    damaged = next(p for p in kept if p.name.startswith("names_rows"))
    raw = bytearray(damaged.read_bytes())
    raw[-1] ^= 0xFF
    damaged.write_bytes(bytes(raw))
    monkeypatch.setattr(search_store, "build_registrant_index", real_build)
    assert DeskApp(db, Settings()).search("やまだ") == scanned(db, "やまだ")


def test_an_edit_or_an_import_is_caught_up_without_reading_every_registrant(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    load_demo(db, registrants=120, postings=5, seed=4)
    app = DeskApp(db, Settings(coordinator="佐藤"))
    app.prewarm_search()

    def no_read(_db: Database) -> None:
        raise AssertionError("read every registrant for a change of one")

    monkeypatch.setattr(search_store, "build_registrant_index", no_read)
    with db.session() as s:
        first = s.get(Registrant, 5)
        assert first is not None
        old_phone, src = first.phone, first.source_id
    set_field(db, src, "phone", "099-555-0000")
    with db.session() as s:  # and an import's new registrant
        s.add(Registrant(source_id="R-NEW", name="ゾーヴァ 一子", name_kana="ゾーヴァ イチコ", occupation="nurse"))
    for text in ("0995550000", old_phone, "ゾーヴァ", "zoova", first.name, "R-NEW", "r21-00"):
        assert app.search(text) == scanned(db, text), text
    assert app.search("0995550000").first().entry.source_id == src  # type: ignore[union-attr]
    # a new process catches up from the index kept before the change, too
    assert DeskApp(db, Settings()).search("ゾーヴァ") == scanned(db, "ゾーヴァ")
