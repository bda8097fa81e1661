"""The registrants' search index is brought up to date, never built again, after a merge, its undo
or a registrant removed; what was caught up is kept for the next process; and a registry that keeps
changing while a search reads it gets the index's answer flagged, never a scan of every registrant.
On a SQLite file and on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, select

from desk.app import DeskApp
from desk.services import search as search_store
from desk.services.demo import load_demo
from desk.services.persons import merge, unmerge
from desk.services.registrant_edits import set_field
from desk.settings import Settings
from desk.store.db import Database
from desk.store.models import Registrant, utcnow
from tests.app.test_search_index_facade import scanned


def no_full_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a: Any, **_k: Any) -> None:
        raise AssertionError("read every registrant again")

    monkeypatch.setattr(search_store, "build_registrant_index", refuse)


def source_id(db: Database, rid: int) -> str:
    with db.session() as s:
        return str(s.scalar(select(Registrant.source_id).where(Registrant.id == rid)))


def test_a_merge_and_its_undo_are_caught_up_without_a_full_build(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    load_demo(db, registrants=80, postings=3, seed=6)
    with db.session() as s:
        s.add(Registrant(source_id="R-OLD", name="ゾーヴァ 一子", name_kana="ゾーヴァ イチコ", occupation="nurse",
                         email="ichiko@example.jp", phone="099-000-7777"))
    app = DeskApp(db, Settings(coordinator="佐藤"))
    app.prewarm_search()
    no_full_build(monkeypatch)
    head = source_id(db, 3)
    merge(db, head, "R-OLD", picks={"email": "R-OLD", "phone": "R-OLD"})  # the head takes R-OLD's e-mail and phone
    for text in ("ichiko@example.jp", "0990007777", head):
        assert app.search(text) == scanned(db, text), text
    assert {h.entry.source_id for h in app.search("ichiko@example.jp").groups[0][1]} == {head, "R-OLD"}
    fresh = DeskApp(db, Settings())  # a new process: the kept base, the merge read since
    assert fresh.search("0990007777") == scanned(db, "0990007777")
    unmerge(db, head)
    for text in ("ichiko@example.jp", "0990007777", head):
        assert app.search(text) == scanned(db, text), text
        assert fresh.search(text) == scanned(db, text), text
    assert [h.entry.source_id for h in app.search("ichiko@example.jp").groups[0][1]] == ["R-OLD"]


def test_a_removed_registrant_is_caught_up_without_a_full_build(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    load_demo(db, registrants=60, postings=3, seed=8)
    app = DeskApp(db, Settings())
    app.prewarm_search()
    gone, edited = source_id(db, 7), source_id(db, 9)
    set_field(db, edited, "phone", "099-111-2222")  # changed, then the registry loses another one
    assert app.search("0991112222").first().entry.source_id == edited  # type: ignore[union-attr]
    no_full_build(monkeypatch)
    with db.session() as s:  # removed outside desk (desk itself never deletes a registrant)
        s.execute(delete(Registrant).where(Registrant.id == 7))
    for text in (gone, "0991112222", gone[:6], "yamada"):
        assert app.search(text) == scanned(db, text), text
    assert not any(h.entry.source_id == gone for _k, hs in app.search(gone).groups for h in hs)
    assert DeskApp(db, Settings()).search(gone) == scanned(db, gone)
    with db.session() as s:  # the one changed since the base goes too
        s.execute(delete(Registrant).where(Registrant.id == 9))
    assert not app.search("0991112222").groups
    assert app.search(edited) == scanned(db, edited)


def test_changes_caught_up_are_kept_so_the_next_process_reads_only_what_came_after(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    load_demo(db, registrants=50, postings=3, seed=4)
    DeskApp(db, Settings()).prewarm_search()
    monkeypatch.setattr(search_store, "KEEP_CHANGED_OVER", 2)
    no_full_build(monkeypatch)
    for rid, phone in ((3, "099-300-0003"), (4, "099-400-0004"), (5, "099-500-0005")):
        set_field(db, source_id(db, rid), "phone", phone)
    assert DeskApp(db, Settings()).search("0993000003") == scanned(db, "0993000003")  # caught up: 3 rows, kept
    read: list[int] = []
    real = search_store.Changed.replaced_by

    def counted(self: search_store.Changed, rows: Any, alive: Any) -> search_store.Changed:
        read.append(len(rows))
        return real(self, rows, alive)

    monkeypatch.setattr(search_store.Changed, "replaced_by", counted)
    app = DeskApp(db, Settings())  # the next process: base and the three kept, nothing read
    for text in ("0993000003", "0994000004", "0995000005"):
        assert app.search(text) == scanned(db, text), text
    assert read == []
    set_field(db, source_id(db, 6), "phone", "099-600-0006")
    assert DeskApp(db, Settings()).search("0996000006") == scanned(db, "0996000006")
    assert read == [1]  # only the one changed after what was kept


def test_a_registry_that_keeps_changing_gets_the_index_answer_flagged_never_a_scan(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    load_demo(db, registrants=50, postings=3, seed=2)
    app = DeskApp(db, Settings())
    text = source_id(db, 12)
    calm = app.search(text)
    assert not calm.changing
    real_entries = search_store.entries

    def no_registrant_scan(db_: Database, kind: str) -> Any:
        assert kind != "registrant", "scanned every registrant"
        return real_entries(db_, kind)

    monkeypatch.setattr(search_store, "entries", no_registrant_scan)
    monkeypatch.setattr(search_store, "registrants_touched", lambda _db: ("moved on",))  # a change every time
    busy = app.search(text)
    assert busy.changing and busy.groups == calm.groups and busy.counts == calm.counts


@pytest.mark.parametrize("seed", [1, 2])
def test_random_edits_merges_undos_and_removals_answer_as_the_scan_held_and_in_a_new_process(
        db: Database, monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    """A run of random changes (phones and names edited, registrants added, merged, unmerged and
    removed), each followed by searches in the process that holds the index and in a new one that
    loads what was kept (changes kept past one row): always the scan's answers, never a full build."""
    import contextlib
    import random

    from desk.services.persons import PersonRefused

    rng = random.Random(seed)
    load_demo(db, registrants=40, postings=2, seed=seed)
    app = DeskApp(db, Settings())
    app.prewarm_search()
    monkeypatch.setattr(search_store, "KEEP_CHANGED_OVER", 1)
    no_full_build(monkeypatch)
    merged: list[str] = []
    done: set[str] = set()
    for step in range(12):
        with db.session() as s:
            ids = list(s.scalars(select(Registrant.source_id).order_by(Registrant.id)))
        op = rng.choice(["phone", "name", "add", "merge", "unmerge", "remove"])
        who = rng.choice(ids)
        if op == "phone":
            set_field(db, who, "phone", f"099-{step:03d}-{rng.randrange(10000):04d}")
        elif op == "name":  # as a later import of the same registrant writes it
            with db.session() as s:
                reg = s.scalar(select(Registrant).where(Registrant.source_id == who))
                assert reg is not None
                reg.name, reg.changed_at = rng.choice(["山田 花子", "ゾーヴァ 一子", "佐藤 一郎"]), utcnow()
        elif op == "add":
            with db.session() as s:
                s.add(Registrant(source_id=f"R-ADD{step}", name="ゾーヴァ 二子", occupation="nurse",
                                 email=f"add{step}@example.jp"))
        elif op == "merge":
            other = rng.choice(ids)
            try:
                merge(db, who, other, picks={"email": other, "phone": other})
                merged.append(who)
            except PersonRefused:
                pass
        elif op == "unmerge" and merged:
            with contextlib.suppress(PersonRefused):
                unmerge(db, merged.pop())
        elif op == "remove" and who not in merged:
            with db.session() as s:
                s.execute(delete(Registrant).where(Registrant.source_id == who, Registrant.person_id.is_(None)))
        done.add(op)
        asked = [who, "ゾーヴァ", "山田", "0990", "example.jp", who[:5]]
        for text in asked:
            want = scanned(db, text)
            assert app.search(text) == want, (step, op, text)
        fresh = DeskApp(db, Settings())
        assert fresh.search(asked[0]) == scanned(db, asked[0]), (step, op)
    assert done == {"phone", "name", "add", "merge", "unmerge", "remove"}  # the seeds draw every kind


def test_a_search_waiting_for_a_build_already_running_hears_how_far_it_is(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The box's warm-up started the build; Ctrl+K's search waits for it (no second build) and its
    progress hears the registrants the first one has read, then gets the answer."""
    import threading

    load_demo(db, registrants=30, postings=2, seed=3)
    app = DeskApp(db, Settings())
    real = search_store.build_registrant_index
    gate, builds = threading.Event(), []

    def held_up(db_: Database, chunk: int = 0, progress: Any = None) -> Any:
        builds.append(1)

        def heard(done: int) -> None:
            progress(done)
            if done:
                gate.wait(20)

        return real(db_, chunk=10, progress=heard)

    monkeypatch.setattr(search_store, "build_registrant_index", held_up)
    warm = threading.Thread(target=app.prewarm_search)
    warm.start()
    for _ in range(200):  # the warm-up's build has begun (it holds the build)
        if builds:
            break
        threading.Event().wait(0.05)
    heard: list[tuple[int, int]] = []
    found: list[Any] = []
    text = source_id(db, 5)
    searching = threading.Thread(target=lambda: found.append(app.search(text, progress=lambda d, t: heard.append((d, t)))))
    searching.start()
    for _ in range(200):  # until the waiting search has heard the first chunk
        if (10, 30) in heard:
            break
        threading.Event().wait(0.05)
    gate.set()
    warm.join(20)
    searching.join(20)
    assert (10, 30) in heard and builds == [1]
    assert found and found[0] == scanned(db, text)
