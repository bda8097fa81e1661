"""The registry's change stamp follows commit order, not clocks or ids (issue 17).

A cached ranking index or search index is reused while the stamp is unchanged. Two ways a committed
change used to go unseen: a workstation whose clock runs behind wrote an edit stamped earlier than
the latest change (the stamp, max(changed_at), did not move), and on PostgreSQL a transaction that
took its serial id first but committed last (max(id) did not move). Both are reproduced here on a
real SQLite file and a real PostgreSQL database; the search's catch-up reads exactly the changed rows.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.app import DeskApp
from desk.core.demo import REGISTRANT_HEADERS, generate_registrants, write_csv
from desk.services import registrant_edits
from desk.services import search as search_store
from desk.services.demo import load_demo
from desk.services.importer import import_file
from desk.services.persons import merge
from desk.services.ranking import invalidate, rank_posting
from desk.settings import Settings
from desk.store.db import Database
from desk.store.models import (
    Placement,
    PlacementEvent,
    PlacementSlot,
    Posting,
    PostingSlot,
    Registrant,
    utcnow,
)

SAT = dt.date(2021, 6, 12)
ALWAYS = [{"from": None, "to": None, "days": 255, "start": 0, "end": 1440}]


@pytest.fixture
def behind(monkeypatch: pytest.MonkeyPatch) -> None:
    """The writing workstation's clock runs an hour behind (the reader's clock is not touched)."""
    monkeypatch.setattr(registrant_edits, "utcnow", lambda: utcnow() - dt.timedelta(hours=1))


def _demo(db: Database) -> str:
    load_demo(db, registrants=80, postings=6, seed=3)
    invalidate()
    with db.session() as s:
        return s.scalars(select(Posting.source_id).order_by(Posting.id)).first() or ""


def test_an_edit_written_with_a_clock_behind_is_in_the_next_ranking(db: Database, behind: None) -> None:
    posting = _demo(db)
    first = rank_posting(db, posting, lang="en", weights=None)  # the index is built and kept in memory
    who = first.candidates[0].source_id
    registrant_edits.set_field(db, who, "state", "withdrawn", coordinator="clock-behind")
    after = rank_posting(db, posting, lang="en", weights=None)
    assert who not in [c.source_id for c in after.candidates]
    assert {e.source_id: e.reason_code for e in after.excluded}[who] == "state_withdrawn"


def test_the_warm_path_of_a_new_process_sees_an_edit_written_with_a_clock_behind(db: Database,
                                                                                   behind: None) -> None:
    """``desk rank`` in a new process reads the same stamp through plain SQL (desk.store.light)."""
    from desk.services import rank_fast

    posting = _demo(db)
    who = rank_posting(db, posting, lang="en", weights=None).candidates[0].source_id  # kept on disk too
    light = rank_fast.open_database(db.engine.url.render_as_string(hide_password=False))
    assert light is not None
    try:
        cached = rank_fast.rank_cached(light, posting, lang="en", weights=None)
        assert cached is not None and who in [c.source_id for c in cached.candidates]
        registrant_edits.set_field(db, who, "state", "withdrawn", coordinator="clock-behind")
        assert rank_fast.rank_cached(light, posting, lang="en", weights=None) is None  # stale: the full path
    finally:
        light.close()


def test_an_edit_written_with_a_clock_behind_is_in_the_next_search(db: Database, behind: None) -> None:
    _demo(db)
    app = DeskApp(db, Settings(coordinator="佐藤"))
    with db.session() as s:
        who = s.scalars(select(Registrant.source_id).order_by(Registrant.id).offset(5)).first()
    assert who is not None
    assert not app.search("099-777-6666").groups  # the index is loaded and held
    registrant_edits.set_field(db, who, "phone", "099-777-6666", coordinator="clock-behind")
    hit = app.search("099-777-6666").first()
    assert hit is not None and hit.entry.source_id == who


def _held(db: Database) -> search_store.RegistrantSearch:
    return search_store.registrant_search(db, search_store.signature(db)["registrant"])


def _caught(db: Database, held: search_store.RegistrantSearch) -> set[int]:
    now = search_store.registrant_search(db, search_store.signature(db)["registrant"], held)
    assert now.base is held.base  # caught up, not built again
    return set() if now.delta is None else {int(i) for i in now.delta.row_ids}


def _ids(db: Database, source_ids: list[str]) -> set[int]:
    with db.session() as s:
        return set(s.scalars(select(Registrant.id).where(Registrant.source_id.in_(source_ids))))


def test_the_search_catch_up_reads_exactly_the_rows_changed(db: Database, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    rows = generate_registrants(60, seed=11)
    import_file(db, "registrants", write_csv(tmp_path / "a.csv", rows[:50], REGISTRANT_HEADERS, encoding="cp932"))
    held = _held(db)
    assert _caught(db, held) == set()  # nothing changed: nothing read
    # an edit, written with a clock an hour behind
    monkeypatch.setattr(registrant_edits, "utcnow", lambda: utcnow() - dt.timedelta(hours=1))
    registrant_edits.set_field(db, rows[3]["登録ID"], "notes", "夜のみ")
    assert _caught(db, held) == _ids(db, [rows[3]["登録ID"]])
    # an import: 10 new rows, 2 changed, the other 48 unchanged (not read back)
    rows[7]["電話"], rows[9]["電話"] = "099-100-2000", "099-100-3000"
    import_file(db, "registrants", write_csv(tmp_path / "b.csv", rows, REGISTRANT_HEADERS, encoding="cp932"))
    changed = [rows[i]["登録ID"] for i in (3, 7, 9, *range(50, 60))]
    assert _caught(db, held) == _ids(db, changed)
    # and from a base built after those: only what changes next
    key = search_store.signature(db)["registrant"]
    later = search_store.RegistrantSearch(key, key, search_store.build_registrant_index(db))
    registrant_edits.set_field(db, rows[20]["登録ID"], "phone", "099-100-4000")
    assert _caught(db, later) == _ids(db, [rows[20]["登録ID"]])


def test_a_merge_is_caught_up_as_the_rows_it_changed(db: Database, tmp_path: Path) -> None:
    rows = generate_registrants(30, seed=4)
    import_file(db, "registrants", write_csv(tmp_path / "a.csv", rows, REGISTRANT_HEADERS, encoding="cp932"))
    held = _held(db)
    a, b = rows[2]["登録ID"], rows[5]["登録ID"]
    merge(db, a, b, keep=a)
    assert _caught(db, held) <= _ids(db, [a, b])  # the merged records, nothing else


# ----------------------------------------------------------------------------- commit order (PostgreSQL)
def _board(db: Database) -> None:
    """Two postings on the same Saturday morning; a doctor free on Saturdays proposed on the second."""
    with db.session() as s:
        first = Posting(source_id="K-1", occupation="doctor", pref_code="14", muni_code="14109")
        first.slots = [PostingSlot(date=SAT, start=dt.time(9), end=dt.time(12))]
        second = Posting(source_id="K-2", occupation="doctor", pref_code="14", muni_code="14109")
        second.slots = [PostingSlot(date=SAT, start=dt.time(10), end=dt.time(15))]
        third = Posting(source_id="K-3", occupation="doctor", pref_code="13", muni_code="13101")
        third.slots = [PostingSlot(date=SAT + dt.timedelta(days=7), start=dt.time(9), end=dt.time(12))]
        s.add_all([first, second, third])
        for sid, name in (("R-1", "山田 花子"), ("R-2", "佐藤 太郎")):
            s.add(Registrant(source_id=sid, name=name, name_kana="", occupation="doctor", home_pref_code="14",
                             home_muni_code="14109", availability=ALWAYS, changed_at=utcnow()))
        s.flush()
        for posting, reg in ((second, "R-1"), (third, "R-2")):
            rid = s.scalars(select(Registrant.id).where(Registrant.source_id == reg)).one()
            placement = Placement(posting_id=posting.id, registrant_id=rid, state="proposed")
            s.add(placement)
            s.flush()
            for slot in posting.slots:
                s.add(PlacementSlot(placement_id=placement.id, slot_id=slot.id, registrant_id=rid, date=slot.date,
                                    start=slot.start, end=slot.end, state="proposed"))
            s.add(PlacementEvent(placement_id=placement.id, old_state=None, new_state="proposed"))


def _confirm(s, registrant: str, at: dt.datetime) -> int:  # type: ignore[no-untyped-def]
    """What a confirmation writes: the placement and its slots confirmed, one event (its id)."""
    rid = s.scalars(select(Registrant.id).where(Registrant.source_id == registrant)).one()
    placement = s.scalars(select(Placement).where(Placement.registrant_id == rid)).one()
    placement.state, placement.updated_at = "confirmed", at
    for slot in s.scalars(select(PlacementSlot).where(PlacementSlot.placement_id == placement.id)):
        slot.state = "confirmed"
    event = PlacementEvent(placement_id=placement.id, old_state="proposed", new_state="confirmed", at=at)
    s.add(event)
    s.flush()
    return event.id


@pytest.mark.postgres
def test_a_booking_committed_after_a_later_id_is_in_the_next_ranking(pg_url: str) -> None:
    """A takes its event id first; B takes a later one and tries to commit first; a colleague ranks
    between; then A commits. On the old stamp (max ids, max times) B's commit hid A's for good."""
    from desk.services.ranking import _state_key
    from desk.store.db import open_database

    db = open_database(pg_url)
    try:
        _board(db)
        invalidate()
        assert "R-1" in [c.source_id for c in rank_posting(db, "K-1", lang="en").candidates]
        events: dict[str, int] = {}
        b_done = threading.Event()

        def colleague() -> None:
            with db.sessions() as b, b.begin():
                events["b"] = _confirm(b, "R-2", utcnow())
            b_done.set()

        with db.sessions() as a:
            a.begin()
            events["a"] = _confirm(a, "R-1", utcnow() - dt.timedelta(seconds=5))  # takes its id first …
            thread = threading.Thread(target=colleague)
            thread.start()  # … B takes a later one and commits as soon as it may
            b_done.wait(2)  # (the counter's lock makes it wait for A; on the old stamp it committed here)
            between = _state_key(db)
            # a colleague's ranking between the two commits: R-1 still free (A is not committed)
            assert "R-1" in [c.source_id for c in rank_posting(db, "K-1", lang="en").candidates]
            a.commit()
        thread.join(30)
        assert b_done.is_set() and events["b"] > events["a"]
        assert _state_key(db) != between
        result = rank_posting(db, "K-1", lang="en")
        assert "R-1" not in [c.source_id for c in result.candidates]
        assert {e.source_id: e.reason_code for e in result.excluded}["R-1"] == "booked"
    finally:
        invalidate()
        db.dispose()


def test_many_changes_are_read_in_chunks_and_too_many_build_again(db: Database, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from desk.store import change_stamp

    rows = generate_registrants(40, seed=8)
    import_file(db, "registrants", write_csv(tmp_path / "a.csv", rows, REGISTRANT_HEADERS, encoding="cp932"))
    held = _held(db)
    monkeypatch.setattr(change_stamp, "_IN_CHUNK", 2)  # five edits: three lookups
    edited = [rows[i]["登録ID"] for i in (1, 4, 9, 16, 25)]
    for n, sid in enumerate(edited):
        registrant_edits.set_field(db, sid, "notes", f"メモ {n}")
    assert _caught(db, held) == _ids(db, edited)
    monkeypatch.setattr(search_store, "CATCH_UP_MAX", 3)  # more changed than the catch-up takes
    now = search_store.registrant_search(db, search_store.signature(db)["registrant"], held)
    assert now.base is not held.base and now.delta is None  # built again, with every edit in it
