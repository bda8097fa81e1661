"""The whole-board plan against a real store (SQLite and PostgreSQL).

The scarce nurse: she scores highest at the city venue's 准看護師 posting, but she is also the only
one who may fill the small town's 看護師 posting at the same hour. Working down one posting at a
time (greedy) sends her to the city and leaves the town empty; the plan sends her to the town and
the assistant nurse to the city. Every planned assignment is checked with the placement rules
themselves (occupation, availability, double booking, travel, headcount).
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import select

from desk.core.occupations import can_fill
from desk.core.placement import Span, first_overlap, tight_travel
from desk.core.schedule import covers
from desk.services import plan as plan_service
from desk.services.placements import bookings_of, fill_per_slot, transition
from desk.services.plan import PlanOptions, plan
from desk.store.models import Posting, PostingSlot, Registrant

SAT = dt.date(2021, 6, 19)
SUN = dt.date(2021, 6, 20)
SATURDAYS = [{"from": None, "to": None, "days": 32, "start": 480, "end": 1080}]
WEEKENDS = [{"from": None, "to": None, "days": 96, "start": 480, "end": 1080}]
OPTIONS = PlanOptions(time_limit=20)


@pytest.fixture(autouse=True)
def _fresh() -> None:
    plan_service.forget()


def _posting(source_id: str, occupation: str, muni: str, day: dt.date = SAT, headcount: int = 1,
             start: int = 9, end: int = 12, **kw) -> Posting:  # type: ignore[no-untyped-def]
    p = Posting(source_id=source_id, occupation=occupation, pref_code=muni[:2], muni_code=muni, prefecture="神奈川県",
                city=kw.pop("city", ""), headcount=headcount, **kw)
    p.slots = [PostingSlot(date=day, start=dt.time(start), end=dt.time(end))]
    return p


@pytest.fixture
def board(db):  # type: ignore[no-untyped-def]
    with db.session() as s:
        s.add_all([
            # K-001 comes first in a coordinator's list: the city venue (港北区), 准看護師.
            _posting("K-001", "assistant_nurse", "14109", city="横浜市港北区"),
            # K-002: the small town (箱根町), 看護師, the same Saturday morning.
            _posting("K-002", "nurse", "14382", city="箱根町"),
            Registrant(source_id="R-A", name="箱根 看子", occupation="nurse", home_pref_code="14",
                       home_muni_code="14382", availability=SATURDAYS, vaccination_experience=True,
                       work_areas=[{"kind": "muni", "code": "14109"}]),
            Registrant(source_id="R-B", name="静岡 准子", occupation="assistant_nurse", home_pref_code="22",
                       home_muni_code="22203"),
            Registrant(source_id="R-C", name="東京 医師", occupation="doctor", home_pref_code="14",
                       home_muni_code="14109", availability=WEEKENDS),
        ])
    return db


def _check_rules(db, result) -> None:  # type: ignore[no-untyped-def]
    """Every planned assignment passes the placement rules, checked with the rules' own functions."""
    with db.session() as s:
        postings = {p.source_id: p for p in s.scalars(select(Posting)).all()}
        regs = {r.source_id: r for r in s.scalars(select(Registrant)).all()}
        slots = {(p.source_id, f"{x.date.isoformat()}T{x.start:%H:%M}"): x for p in postings.values() for x in p.slots}
        mine: dict[str, list[tuple[Span, str]]] = {}
        for a in result.assignments:
            post, reg, slot = postings[a.posting_id], regs[a.registrant_id], slots[(a.posting_id, a.slot)]
            assert any(can_fill(x, post.occupation) for x in (reg.occupation, *reg.licences)), a
            start, end = slot.start.hour * 60 + slot.start.minute, slot.end.hour * 60 + slot.end.minute
            assert not reg.availability or covers(reg.availability, slot.date, start, end), a
            assert reg.state == "active"
            mine.setdefault(a.registrant_id, []).append((Span.of(slot.date, slot.start, slot.end), post.pref_code))
    for registrant, spans in mine.items():
        booked = [b.slot.span for b in bookings_of(db, registrant)]
        assert first_overlap([sp for sp, _ in spans], booked) is None, registrant
        for (a, pa), (b, pb) in itertools.combinations(spans, 2):
            assert not a.overlaps(b) and not tight_travel(a, pa, b, pb), registrant
    per_slot: dict[tuple[str, str], int] = {}
    for a in result.assignments:
        per_slot[(a.posting_id, a.slot)] = per_slot.get((a.posting_id, a.slot), 0) + 1
    for (posting, key), n in per_slot.items():
        fill = fill_per_slot(db, posting)
        slot = next(x for x in fill.slots if f"{x.date.isoformat()}T{x.start:%H:%M}" == key)
        assert n <= slot.open, (posting, key)


def test_the_plan_fills_the_town_posting_that_greedy_leaves_empty(board) -> None:  # type: ignore[no-untyped-def]
    result = plan(board, OPTIONS)
    got = {(a.posting_id, a.registrant_id) for a in result.assignments}
    assert got == {("K-001", "R-B"), ("K-002", "R-A")}
    assert result.stats.slots_open == 2 and result.stats.slots_planned == 2
    assert result.stats.greedy_planned == 1  # greedy: R-A to the city, nobody for the town
    assert result.stats.optimal and result.unfilled == []
    town = next(a for a in result.assignments if a.posting_id == "K-002")
    assert town.slot == "2021-06-19T09:00" and town.rank == 1
    assert "この募集で条件の合う唯一の候補" in town.reasons
    assert town.reasons[-1].startswith("この募集の候補 1 位")
    _check_rules(board, result)
    assert set(result.to_json()) == {"assignments", "unfilled", "stats"}
    assert set(result.to_json()["assignments"][0]) == {"posting_id", "slot", "registrant_id", "rank", "reasons"}
    assert set(result.to_json()["stats"]) == {"slots_open", "slots_planned", "greedy_planned", "solve_seconds",
                                              "optimal"}


def test_a_plan_is_only_a_proposal(board) -> None:  # type: ignore[no-untyped-def]
    plan(board, OPTIONS)
    assert bookings_of(board, "R-A", states=("proposed", "contacted", "accepted", "confirmed")) == []


def test_after_a_decline_the_plan_is_solved_again_from_the_kept_board(board) -> None:  # type: ignore[no-untyped-def]
    plan(board, OPTIONS)
    transition(board, "K-002", "R-A", "declined", coordinator="test")
    result = plan(board, OPTIONS)
    assert result.stats.incremental
    assert {(a.posting_id, a.registrant_id) for a in result.assignments} == {("K-001", "R-A")}
    [hole] = result.unfilled
    assert hole.posting_id == "K-002" and hole.slot == "2021-06-19T09:00"
    assert hole.why == "6/19 に条件の合う有資格者がいない（辞退 1 人を除く）"
    assert result.backups[("K-002", "2021-06-19T09:00")] == []  # never the one who declined
    _check_rules(board, result)
    fresh = plan(board, OPTIONS, fresh=True)  # the same plan from scratch
    assert [(a.posting_id, a.registrant_id) for a in fresh.assignments] == \
        [(a.posting_id, a.registrant_id) for a in result.assignments]
    assert fresh.unfilled[0].why == hole.why
    # only the changed slots were worded again, yet the result reads as one worded from scratch
    assert fresh.to_json()["assignments"] == result.to_json()["assignments"]
    assert fresh.to_json()["unfilled"] == result.to_json()["unfilled"] and fresh.backups == result.backups
    assert [(a.name, a.phone) for a in fresh.assignments] == [(a.name, a.phone) for a in result.assignments]


def test_a_confirmation_fills_its_slot_and_blocks_the_person_elsewhere(board) -> None:  # type: ignore[no-untyped-def]
    plan(board, OPTIONS)
    transition(board, "K-001", "R-A", "accepted", coordinator="test")
    transition(board, "K-001", "R-A", "confirmed", coordinator="test")
    result = plan(board, OPTIONS)
    assert result.stats.incremental and result.stats.slots_open == 1
    assert result.assignments == []
    assert result.unfilled[0].posting_id == "K-002"
    assert result.unfilled[0].why == "6/19 の候補 1 人は全員その時間に勤務できないか、ほかで確定済み"
    _check_rules(board, result)


def test_at_most_n_slots_per_registrant_per_week(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        s.add_all([_posting("K-101", "doctor", "14109", day=SAT), _posting("K-102", "doctor", "14109", day=SUN),
                   Registrant(source_id="R-D", name="週 一回", occupation="doctor", home_pref_code="14",
                              home_muni_code="14109", availability=WEEKENDS)])
    assert plan(db, OPTIONS).stats.slots_planned == 2
    one = plan(db, PlanOptions(max_per_week=1, time_limit=20))
    assert one.stats.slots_planned == 1 and len(one.unfilled) == 1
    assert "週の上限" in one.unfilled[0].why
    _check_rules(db, one)


def test_an_empty_board_is_an_empty_plan(db) -> None:  # type: ignore[no-untyped-def]
    result = plan(db, OPTIONS)
    assert result.assignments == [] and result.unfilled == []
    assert result.stats.slots_open == 0 and result.stats.optimal


def test_nobody_qualified_says_why(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        s.add_all([_posting("K-201", "pharmacist", "14109"),
                   Registrant(source_id="R-E", name="看護 師", occupation="nurse", home_pref_code="14")])
    result = plan(db, OPTIONS)
    assert result.assignments == []
    assert [(u.posting_id, u.why) for u in result.unfilled] == [("K-201", "6/19 に条件の合う有資格者が圏内にいない")]


def test_block_and_horizon_narrow_the_board(board) -> None:  # type: ignore[no-untyped-def]
    assert plan(board, PlanOptions(block="近畿")).stats.slots_open == 0
    assert plan(board, PlanOptions(block="関東")).stats.slots_open == 2
    assert plan(board, PlanOptions(horizon=7, today=dt.date(2021, 6, 14))).stats.slots_open == 2
    assert plan(board, PlanOptions(horizon=3, today=dt.date(2021, 6, 14))).stats.slots_open == 0


def test_cancel_stops_the_plan(board) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(plan_service.PlanCancelled):
        plan(board, OPTIONS, cancel=lambda: True)


def test_supply_next_to_demand_per_block_occupation_and_week(board) -> None:  # type: ignore[no-untyped-def]
    from desk.services.summary import supply

    rows = {(r.block, r.occupation, r.week): (r.open, r.supply, r.short) for r in supply(board)}
    assert rows == {("関東", "assistant_nurse", "2021-06-14"): (1, 2, False),
                    ("関東", "nurse", "2021-06-14"): (1, 1, False)}
    transition(board, "K-002", "R-A", "declined", coordinator="test")
    rows = {(r.block, r.occupation, r.week): (r.open, r.supply) for r in supply(board)}
    assert rows[("関東", "nurse", "2021-06-14")] == (1, 1)  # the ranking still lists her: supply is who could
