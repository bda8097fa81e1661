"""Placement rules: transitions, overlaps at the edges, tight travel, safe spreadsheet cells."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.core.placement import (
    INITIAL,
    CancelledByRequired,
    Span,
    State,
    TransitionRefused,
    check_transition,
    first_overlap,
    format_span,
    neutralise_cell,
    next_actions,
    parse_state,
    tight_travel,
)

D = dt.date(2021, 6, 12)


def span(start: str, end: str, day: dt.date = D) -> Span:
    return Span.of(day, dt.time.fromisoformat(start), dt.time.fromisoformat(end))


def test_worked_only_after_confirmed() -> None:
    for state in State:
        if state is State.CONFIRMED:
            check_transition(state, State.WORKED)
        else:
            with pytest.raises(TransitionRefused):
                check_transition(state, State.WORKED)


def test_refusal_lists_the_allowed_states() -> None:
    with pytest.raises(TransitionRefused) as err:
        check_transition("accepted", "worked")
    assert err.value.allowed == [State.CONFIRMED, State.DECLINED, State.WITHDRAWN]
    assert str(err.value) == "cannot go from accepted to worked; allowed from accepted: confirmed, declined, withdrawn"


def test_final_states_allow_nothing_and_say_so() -> None:
    for state in (State.WORKED, State.NO_SHOW, State.CANCELLED):
        assert next_actions(state) == []
    with pytest.raises(TransitionRefused, match="nothing"):
        check_transition(State.CANCELLED, State.CONFIRMED)


def test_a_new_placement_starts_before_acceptance_only() -> None:
    assert next_actions(None) == list(INITIAL)
    check_transition(None, "contacted")
    with pytest.raises(TransitionRefused, match="no placement yet"):
        check_transition(None, "confirmed")


def test_cancellation_needs_who_cancelled() -> None:
    with pytest.raises(CancelledByRequired):
        check_transition("confirmed", "cancelled")
    check_transition("confirmed", "cancelled", "site")


def test_declined_or_withdrawn_can_be_proposed_again() -> None:
    assert next_actions("declined") == [State.PROPOSED]
    assert next_actions(State.WITHDRAWN) == [State.PROPOSED]


@pytest.mark.parametrize(("text", "state"), [
    ("confirmed", State.CONFIRMED), ("確定", State.CONFIRMED), ("no-show", State.NO_SHOW),
    ("NO_SHOW", State.NO_SHOW), ("ｷｬﾝｾﾙ", State.CANCELLED), ("取り下げ", State.WITHDRAWN), ("maybe", None),
])
def test_states_typed_as_codes_or_japanese(text: str, state: State | None) -> None:
    assert parse_state(text) is state


def test_touching_slots_do_not_overlap() -> None:
    assert not span("09:00", "12:00").overlaps(span("12:00", "13:00"))
    assert not span("12:00", "13:00").overlaps(span("09:00", "12:00"))
    assert span("09:00", "12:00").overlaps(span("11:59", "13:00"))
    assert span("09:00", "17:00").overlaps(span("10:00", "11:00"))  # inside
    assert not span("09:00", "12:00").overlaps(span("09:00", "12:00", D + dt.timedelta(days=1)))


def test_night_slot_runs_into_the_next_day() -> None:
    night = span("22:00", "02:00")
    assert night.overlaps(span("01:00", "03:00", D + dt.timedelta(days=1)))
    assert format_span(night) == "2021-06-12 22:00-02:00(+1)"
    assert format_span(span("18:00", "00:00")) == "2021-06-12 18:00-24:00"


def test_first_overlap_finds_the_pair() -> None:
    new = [span("13:00", "15:00"), span("09:00", "12:00")]
    taken = [span("12:00", "13:00"), span("14:30", "16:00")]
    assert first_overlap(new, taken) == (span("13:00", "15:00"), span("14:30", "16:00"))
    assert first_overlap([span("09:00", "12:00")], taken) is None


def test_tight_travel_only_between_prefectures_on_the_same_day() -> None:
    morning, noon = span("09:00", "12:00"), span("12:30", "15:00")
    assert tight_travel(morning, "13", noon, "14")
    assert not tight_travel(morning, "13", noon, "13")
    assert not tight_travel(morning, "13", span("13:00", "15:00"), "14")  # a full hour is enough
    assert not tight_travel(morning, "", noon, "14")


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+81-90-1234-5678", "-1+2", "@SUM(A1)", "\t=1", "＝1+1"])
def test_formula_like_cells_are_neutralised(text: str) -> None:
    assert neutralise_cell(text) == "'" + text


def test_ordinary_cells_pass_unchanged() -> None:
    for value in ("山田 花子", "090-1234-5678", "a=b", 42, -3, None, D):
        assert neutralise_cell(value) == value
