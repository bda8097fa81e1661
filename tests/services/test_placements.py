"""The placement log service: transitions, double booking (also between two processes), fill, undo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest
from sqlalchemy import select

from desk.core.placement import State, TransitionRefused
from desk.services import placements as svc
from desk.store.db import Database, open_database
from desk.store.models import Placement, PlacementEvent, PlacementSlot, Posting, PostingSlot, Registrant
from tests.services.race import race_confirmations

D = dt.date(2021, 6, 12)


def add_posting(db: Database, sid: str, slots: Sequence[tuple[dt.date, int, int]] = ((D, 9, 12),), *,
                headcount: int = 1, pref: tuple[str, str] = ("14", "神奈川県"), venue: str = "港北公会堂",
                municipality: str = "横浜市港北区", occupation: str = "doctor", status: str = "open") -> None:
    with db.session() as s:
        p = Posting(source_id=sid, occupation=occupation, headcount=headcount, pref_code=pref[0],
                    prefecture=pref[1], municipality_name=municipality, venue_name=venue, status=status)
        for day, start, end in slots:
            p.slots.append(PostingSlot(date=day, start=dt.time(start), end=dt.time(end % 24)))
        s.add(p)


def add_registrant(db: Database, sid: str, name: str = "山田 花子", occupation: str = "doctor") -> None:
    with db.session() as s:
        s.add(Registrant(source_id=sid, name=name, occupation=occupation))


def walk(db: Database, posting: str, registrant: str, *states: str, **kw: object) -> svc.TransitionResult:
    result = None
    for state in states:
        result = svc.transition(db, posting, registrant, state, coordinator="佐藤", **kw)  # type: ignore[arg-type]
    assert result is not None
    return result


def confirm(db: Database, posting: str, registrant: str, **kw: object) -> svc.TransitionResult:
    return walk(db, posting, registrant, "proposed", "accepted", "confirmed", **kw)


def test_each_change_is_an_event_and_slots_mirror_the_state(db: Database) -> None:
    add_posting(db, "K-1", [(D, 9, 12), (D + dt.timedelta(days=1), 9, 12)])
    add_registrant(db, "R-1")
    walk(db, "K-1", "R-1", "proposed", "contacted", "accepted")
    svc.transition(db, "K-1", "R-1", "confirmed", coordinator="佐藤", note="電話で確認")
    with db.session() as s:
        placement = s.scalars(select(Placement)).one()
        assert placement.state == "confirmed"
        assert {ps.state for ps in s.scalars(select(PlacementSlot))} == {"confirmed"}
        evs = s.scalars(select(PlacementEvent).order_by(PlacementEvent.id)).all()
    assert [(e.old_state, e.new_state) for e in evs] == [
        (None, "proposed"), ("proposed", "contacted"), ("contacted", "accepted"), ("accepted", "confirmed")]
    assert evs[-1].coordinator == "佐藤" and evs[-1].note == "電話で確認" and len(evs[-1].slot_ids) == 2
    assert [b.slot.date for b in svc.bookings_of(db, "R-1")] == [D, D + dt.timedelta(days=1)]


def test_refused_transition_names_what_is_allowed_and_writes_nothing(db: Database) -> None:
    add_posting(db, "K-1")
    add_registrant(db, "R-1")
    walk(db, "K-1", "R-1", "proposed")
    with pytest.raises(TransitionRefused) as err:
        svc.transition(db, "K-1", "R-1", "worked")
    assert err.value.allowed == [State.CONTACTED, State.ACCEPTED, State.DECLINED, State.WITHDRAWN]
    assert "contacted, accepted, declined, withdrawn" in str(err.value)
    assert svc.placement_state(db, "K-1", "R-1") is State.PROPOSED
    assert len(svc.events(db)) == 1


def test_cancelled_records_who_cancelled(db: Database) -> None:
    add_posting(db, "K-1")
    add_registrant(db, "R-1")
    confirm(db, "K-1", "R-1")
    with pytest.raises(svc.PlacementRefused, match="registrant or site"):
        svc.transition(db, "K-1", "R-1", "cancelled")
    svc.transition(db, "K-1", "R-1", "cancelled", cancelled_by="registrant")
    with db.session() as s:
        assert s.scalars(select(Placement.cancelled_by)).one() == "registrant"
    assert svc.events(db)[-1].cancelled_by == "registrant"
    assert svc.fill_per_slot(db, "K-1").slots[0].filled == 0  # a cancelled placement frees the slot


def test_slot_option_picks_slots_by_date_or_start_time(db: Database) -> None:
    day2 = D + dt.timedelta(days=1)
    add_posting(db, "K-1", [(D, 9, 12), (D, 13, 17), (day2, 9, 12)])
    add_registrant(db, "R-1")
    r = svc.transition(db, "K-1", "R-1", "proposed", slots=[D])
    assert [(x.date, x.start) for x in r.slots] == [(D, dt.time(9)), (D, dt.time(13))]
    r = svc.transition(db, "K-1", "R-1", "accepted", slots=[dt.datetime(2021, 6, 12, 13, 0)])
    assert [(x.date, x.start) for x in r.slots] == [(D, dt.time(13))]
    r = svc.transition(db, "K-1", "R-1", "confirmed")  # keeps the narrowed slots
    assert [x.label for x in r.slots] == ["2021-06-12 13:00-17:00"]
    with pytest.raises(svc.UnknownSlot, match="2021-06-20"):
        svc.transition(db, "K-1", "R-1", "worked", slots=[dt.date(2021, 6, 20)])


def test_double_booking_names_the_other_posting_venue_and_time(db: Database) -> None:
    add_posting(db, "K-1", [(D, 9, 12)], venue="港北公会堂")
    add_posting(db, "K-2", [(D, 11, 14)], venue="新横浜会場", municipality="横浜市港北区")
    add_registrant(db, "R-1")
    confirm(db, "K-1", "R-1")
    walk(db, "K-2", "R-1", "proposed", "accepted")
    with pytest.raises(svc.DoubleBooking) as err:
        svc.transition(db, "K-2", "R-1", "confirmed")
    message = str(err.value)
    assert "K-1" in message and "港北公会堂" in message and "2021-06-12 09:00-12:00" in message
    assert svc.placement_state(db, "K-2", "R-1") is State.ACCEPTED


def test_back_to_back_slots_do_not_overlap(db: Database) -> None:
    add_posting(db, "K-1", [(D, 9, 12)])
    add_posting(db, "K-2", [(D, 12, 13)])
    add_registrant(db, "R-1")
    confirm(db, "K-1", "R-1")
    assert confirm(db, "K-2", "R-1").new_state is State.CONFIRMED
    assert [b.posting_source_id for b in svc.bookings_of(db, "R-1")] == ["K-1", "K-2"]


def test_tight_same_day_change_of_prefecture_warns(db: Database) -> None:
    add_posting(db, "K-1", [(D, 9, 12)], pref=("14", "神奈川県"))
    add_posting(db, "T-1", [(D, 12, 15)], pref=("13", "東京都"), venue="都庁会場")
    add_posting(db, "K-3", [(D, 15, 17)], pref=("14", "神奈川県"))
    add_registrant(db, "R-1")
    confirm(db, "K-1", "R-1")
    result = confirm(db, "T-1", "R-1")
    assert [(w.other_posting, w.gap_minutes) for w in result.warnings] == [("K-1", 0)]
    assert "港北公会堂" in result.warnings[0].message
    # 15:00 right after the Tokyo slot warns too; the same-prefecture morning slot does not
    assert [w.other_posting for w in confirm(db, "K-3", "R-1").warnings] == ["T-1"]


def test_confirming_beyond_headcount_needs_over(db: Database) -> None:
    add_posting(db, "K-1", [(D, 9, 12), (D, 13, 16)], headcount=1)
    add_registrant(db, "R-1")
    add_registrant(db, "R-2", name="鈴木 一郎")
    confirm(db, "K-1", "R-1", slots=[dt.datetime(2021, 6, 12, 9)])
    walk(db, "K-1", "R-2", "proposed", "accepted")
    with pytest.raises(svc.OverHeadcount, match="--over"):
        svc.transition(db, "K-1", "R-2", "confirmed")
    result = svc.transition(db, "K-1", "R-2", "confirmed", over=True)
    assert [(f.start, f.filled, f.headcount) for f in result.over] == [(dt.time(9), 2, 1)]
    fill = svc.fill_per_slot(db, "K-1")
    assert [(f.start, f.filled, f.open) for f in fill.slots] == [(dt.time(9), 2, 0), (dt.time(13), 1, 0)]
    assert (fill.filled_total, fill.needed_total, fill.open) == (2, 2, 0)
    # worked after confirmed is not a new booking: no headcount question
    assert svc.transition(db, "K-1", "R-1", "worked").over == []


def test_undo_appends_a_compensating_event_and_never_rewrites_old_ones(db: Database) -> None:
    add_posting(db, "K-1", [(D, 9, 12), (D, 13, 16)])
    add_registrant(db, "R-1")
    confirm(db, "K-1", "R-1")
    cancel = svc.transition(db, "K-1", "R-1", "cancelled", cancelled_by="site", slots=[D])
    with db.session() as s:
        before = [(e.id, e.old_state, e.new_state, e.slot_ids, e.at, e.note)
                  for e in s.scalars(select(PlacementEvent).order_by(PlacementEvent.id))]
    result = svc.undo(db, cancel.event_id, coordinator="田中")
    assert (result.old_state, result.new_state, result.undoes_event_id) == (
        State.CANCELLED, State.CONFIRMED, cancel.event_id)
    with db.session() as s:
        after = [(e.id, e.old_state, e.new_state, e.slot_ids, e.at, e.note)
                 for e in s.scalars(select(PlacementEvent).order_by(PlacementEvent.id))]
        placement = s.scalars(select(Placement)).one()
        assert (placement.state, placement.cancelled_by) == ("confirmed", None)
    assert after[:-1] == before and len(after) == len(before) + 1
    assert svc.fill_per_slot(db, "K-1").filled_total == 2
    # an undo itself cannot be undone; the next undo_last walks further back (confirmed → accepted)
    with pytest.raises(svc.UndoRefused, match="itself an undo"):
        svc.undo(db, result.event_id)
    back = svc.undo_last(db, coordinator="佐藤")
    assert (back.old_state, back.new_state) == (State.CONFIRMED, State.ACCEPTED)
    assert svc.bookings_of(db, "R-1") == []


def test_only_the_latest_change_can_be_undone(db: Database) -> None:
    add_posting(db, "K-1")
    add_registrant(db, "R-1")
    first = walk(db, "K-1", "R-1", "proposed")
    walk(db, "K-1", "R-1", "contacted")
    with pytest.raises(svc.UndoRefused, match="latest"):
        svc.undo(db, first.event_id)
    svc.undo_last(db)
    assert svc.undo(db, first.event_id).new_state is State.WITHDRAWN  # undoing the creation withdraws


def test_undo_back_to_confirmed_checks_double_booking_again(db: Database) -> None:
    add_posting(db, "K-1", [(D, 9, 12)])
    add_posting(db, "K-2", [(D, 10, 11)])
    add_registrant(db, "R-1")
    confirm(db, "K-1", "R-1")
    cancel = svc.transition(db, "K-1", "R-1", "cancelled", cancelled_by="registrant")
    confirm(db, "K-2", "R-1")
    with pytest.raises(svc.DoubleBooking, match="K-2"):
        svc.undo(db, cancel.event_id)


def test_events_filter_by_posting_and_registrant(db: Database) -> None:
    add_posting(db, "K-1")
    add_posting(db, "K-2", [(D, 13, 15)])
    add_registrant(db, "R-1")
    add_registrant(db, "R-2", name="鈴木 一郎")
    walk(db, "K-1", "R-1", "proposed", "contacted")
    walk(db, "K-2", "R-2", "proposed")
    assert [e.new_state for e in svc.events(db, posting_source_id="K-1")] == ["proposed", "contacted"]
    rows = svc.events(db, registrant_source_id="R-2")
    assert [(e.posting_source_id, e.registrant_name) for e in rows] == [("K-2", "鈴木 一郎")]
    assert rows[0].slots[0].label == "2021-06-12 13:00-15:00"
    assert svc.events(db, since=D + dt.timedelta(days=36500)) == []


# --- two desks at the same moment ---------------------------------------------------------------

ROUNDS = 4


def _race(url: str) -> None:
    db = open_database(url)
    add_posting(db, "K-A", [(D, 9, 12)], headcount=ROUNDS)
    add_posting(db, "K-B", [(D, 11, 13)], headcount=ROUNDS, venue="別会場")
    for i in range(ROUNDS):
        add_registrant(db, f"R-{i}")
        walk(db, "K-A", f"R-{i}", "proposed", "accepted")
        walk(db, "K-B", f"R-{i}", "proposed", "accepted")
    race_confirmations(url, (("K-A", "R-{i}"), ("K-B", "R-{i}")), ROUNDS)
    for i in range(ROUNDS):
        booked = svc.bookings_of(db, f"R-{i}")
        assert len(booked) == 1
    db.dispose()


def test_two_processes_cannot_both_confirm_overlapping_slots_sqlite(sqlite_url: str) -> None:
    _race(sqlite_url)


@pytest.mark.postgres
def test_two_processes_cannot_both_confirm_overlapping_slots_postgres(pg_url: str) -> None:
    _race(pg_url)
