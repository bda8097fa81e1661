"""``desk log``, ``desk undo``, ``desk history`` and ``desk fill`` as a coordinator types them."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.cli import main
from desk.store.db import open_database
from desk.store.models import Posting, PostingSlot, Registrant

D = dt.date(2021, 6, 12)


@pytest.fixture
def url(sqlite_url: str) -> str:
    db = open_database(sqlite_url)
    with db.session() as s:
        for sid, venue, pref, slots, headcount in (
                ("K-1", "港北公会堂", ("14", "神奈川県"), [(9, 12), (13, 16)], 1),
                ("K-2", "新横浜会場", ("14", "神奈川県"), [(11, 14)], 2),
                ("T-1", "都庁会場", ("13", "東京都"), [(16, 18)], 2)):
            p = Posting(source_id=sid, occupation="doctor", headcount=headcount, venue_name=venue,
                        pref_code=pref[0], prefecture=pref[1], municipality_name="横浜市港北区")
            p.slots = [PostingSlot(date=D, start=dt.time(a), end=dt.time(b)) for a, b in slots]
            s.add(p)
        s.add_all([Registrant(source_id="R-1", name="山田 花子", occupation="doctor"),
                   Registrant(source_id="R-2", name="鈴木 一郎", occupation="doctor")])
    db.dispose()
    return sqlite_url


def log(url: str, *args: str) -> int:
    return main(["--db", url, "log", *args, "--by", "佐藤"])


def test_a_placement_walks_to_confirmed_and_shows_the_fill(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    for state in ("proposed", "contacted", "承諾"):
        assert log(url, "K-1", "R-1", state) == 0
    assert log(url, "K-1", "R-1", "confirmed", "--note", "電話で確定") == 0
    out = capsys.readouterr().out
    assert "accepted(承諾) -> confirmed(確定)" in out
    assert "2021-06-12 09:00-12:00  1/1" in out and "filled 2/2 (100%), still open: 0" in out
    assert main(["--db", url, "history", "--posting", "K-1"]) == 0
    history = capsys.readouterr().out.splitlines()
    assert len(history) == 4 and "佐藤" in history[-1] and "電話で確定" in history[-1]


def test_refused_transition_exits_2_with_what_is_allowed(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    log(url, "K-1", "R-1", "proposed")
    assert log(url, "K-1", "R-1", "worked") == 2
    err = capsys.readouterr().err
    assert "allowed from proposed: contacted, accepted, declined, withdrawn" in err
    assert log(url, "K-9", "R-1", "proposed") == 2
    assert "K-9" in capsys.readouterr().err


def test_double_booking_is_refused_naming_the_other_venue(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    for state in ("proposed", "accepted", "confirmed"):
        log(url, "K-1", "R-1", state)
    log(url, "K-2", "R-1", "proposed")
    log(url, "K-2", "R-1", "accepted")
    capsys.readouterr()
    assert log(url, "K-2", "R-1", "confirmed") == 2
    err = capsys.readouterr().err
    assert "K-1" in err and "港北公会堂" in err and "09:00-12:00" in err


def test_slot_option_and_tight_travel_warning(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    for state in ("proposed", "accepted", "confirmed"):
        assert log(url, "K-1", "R-1", state, "--slot", "2021-06-12T13:00") == 0
    for state in ("proposed", "accepted", "confirmed"):
        assert log(url, "T-1", "R-1", state) == 0
    captured = capsys.readouterr()
    assert "[2021-06-12 13:00-16:00]" in captured.out
    assert "warning:" in captured.err and "港北公会堂" in captured.err and "0 min" in captured.err


def test_over_headcount_needs_over(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    for reg in ("R-1", "R-2"):
        log(url, "K-1", reg, "proposed")
        log(url, "K-1", reg, "accepted")
    assert log(url, "K-1", "R-1", "confirmed") == 0
    assert log(url, "K-1", "R-2", "confirmed") == 2
    assert "--over" in capsys.readouterr().err
    assert log(url, "K-1", "R-2", "confirmed", "--over") == 0
    assert "2/1 (over the headcount)" in capsys.readouterr().out


def test_cancel_needs_who_and_undo_restores(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    for state in ("proposed", "accepted", "confirmed"):
        log(url, "K-1", "R-1", state)
    assert log(url, "K-1", "R-1", "cancelled") == 2
    assert "--cancelled-by" in capsys.readouterr().err
    assert log(url, "K-1", "R-1", "cancelled", "--cancelled-by", "registrant") == 0
    event_id = capsys.readouterr().out.split()[1].strip("#:")
    assert main(["--db", url, "undo", event_id, "--by", "田中"]) == 0
    out = capsys.readouterr().out
    assert f"cancelled(キャンセル) -> confirmed(確定) (undo of #{event_id})" in out
    assert main(["--db", url, "undo", event_id]) == 2  # already undone: no longer the latest change
    assert main(["--db", url, "undo", "--last", "--by", "佐藤"]) == 0
    assert "confirmed(確定) -> accepted(承諾)" in capsys.readouterr().out
    assert main(["--db", url, "fill", "K-1"]) == 0
    assert "filled 0/2" in capsys.readouterr().out


def test_bad_slot_or_state_exits_2(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert log(url, "K-1", "R-1", "proposed", "--slot", "June 12") == 2
    assert "expected DATE" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        log(url, "K-1", "R-1", "maybe")
    assert stop.value.code == 2
    assert "unknown state 'maybe'" in capsys.readouterr().err
