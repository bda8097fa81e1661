"""Live changes: what one desk commits, another desk's change feed sees (PostgreSQL: NOTIFY within
2 s, as two different logins in two processes; SQLite: the poll within 5 s); "calling now"."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from team_db import Team, seed

from desk.cli import main
from desk.services import calling, changes
from desk.services import placements as log
from desk.store.db import open_database

ROOT = Path(__file__).resolve().parents[2]


def desk_process(url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "desk", "--db", url, *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finished(proc: subprocess.Popen[str]) -> int:
    """The exit code, with the output read (and the pipes closed); stderr shown when it failed."""
    _out, err = proc.communicate(timeout=60)
    if proc.returncode:
        print(err, file=sys.stderr)
    return proc.returncode


def wait_for(feed: changes.ChangeFeed, proc: subprocess.Popen[str], *, within: float) -> list[changes.Change]:
    """Changes seen until ``within`` seconds after the writing process has ended (it commits, then exits)."""
    seen: list[changes.Change] = []
    deadline: float | None = None
    while True:
        if deadline is None and proc.poll() is not None:
            deadline = time.monotonic() + within
        if deadline is not None and time.monotonic() > deadline:
            return seen
        seen += feed.wait(0.2)
        if any(c.kind == "placement" for c in seen):
            return seen


@pytest.mark.postgres
def test_another_login_in_another_process_confirms_and_my_feed_sees_it(team: Team) -> None:
    ito = team.open("ito")
    feed = changes.open_feed(ito)
    try:
        proc = desk_process(team.url("sato"), "log", "K-1", "R-1", "accepted")
        seen = wait_for(feed, proc, within=2.0)
        assert finished(proc) == 0
        assert changes.Change("placement", "K-1", "R-1") in seen
        # and what the window refreshes from it carries the colleague's name
        assert log.events(ito, posting_source_id="K-1")[-1].coordinator == "佐藤 花子"
        proc = desk_process(team.url("sato"), "log", "K-1", "R-1", "confirmed")
        seen = wait_for(feed, proc, within=2.0)
        assert finished(proc) == 0
        assert changes.Change("placement", "K-1", "R-1") in seen
        assert log.fill_per_slot(ito, "K-1").filled_total == 1
    finally:
        feed.close()
        ito.dispose()


@pytest.mark.postgres
def test_a_rolled_back_change_sends_nothing(team: Team) -> None:
    ito = team.open("ito")
    feed = changes.open_feed(ito)
    kim = team.open("kim")  # a viewer: refused, so nothing is committed and nothing announced
    with pytest.raises(Exception):  # noqa: B017,PT011 - permission denied
        log.transition(kim, "K-1", "R-1", "proposed")
    assert feed.wait(1.0) == []
    feed.close()
    kim.dispose()
    ito.dispose()


def test_sqlite_poll_notices_another_processs_change_within_5_s(sqlite_url: str) -> None:
    db = open_database(sqlite_url)
    seed(db)
    feed = changes.open_feed(db, poll=1.0)
    try:
        assert feed.wait(0.1) == []
        proc = desk_process(sqlite_url, "log", "K-2", "R-2", "proposed", "--by", "佐藤")
        seen = wait_for(feed, proc, within=5.0)
        assert finished(proc) == 0
        assert [c for c in seen if c.kind == "placement"] == [changes.Change("placement", "K-2")]
        assert feed.wait(0.1) == []  # each change is reported once
    finally:
        feed.close()
        db.dispose()


@pytest.mark.postgres
def test_calling_now_is_seen_by_colleagues_until_an_outcome_is_logged(team: Team,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    ito = team.open("ito")
    feed = changes.open_feed(ito)
    assert main(["--db", team.url("sato"), "call", "K-1", "R-1"]) == 0
    assert "as 佐藤 花子" in capsys.readouterr().out
    assert changes.Change("calling", "K-1", "R-1") in feed.wait(2.0)
    call = calling.colleague_calling(ito, "R-1", me="伊藤 健")
    assert call is not None and (call.coordinator, call.login) == ("佐藤 花子", team.login("sato"))
    assert calling.colleague_calling(ito, "R-1", me=team.login("sato")) is None  # not a colleague's: mine
    assert main(["--db", team.url("ito"), "calls"]) == 0
    assert "佐藤 花子\tK-1\tR-1 山田 花子" in capsys.readouterr().out
    sato = team.open("sato")
    log.transition(sato, "K-1", "R-1", "declined")
    sato.dispose()
    assert calling.active_calls(ito) == []
    feed.close()
    ito.dispose()


def test_a_call_ends_after_15_minutes(sqlite_url: str) -> None:
    db = open_database(sqlite_url)
    seed(db)
    call = calling.start_call(db, "K-1", "R-2", coordinator="佐藤")
    assert [c.registrant_source_id for c in calling.active_calls(db)] == ["R-2"]
    later = call.started_at + dt.timedelta(minutes=calling.CALL_MINUTES, seconds=1)
    assert calling.active_calls(db, now=later) == []
    assert calling.colleague_calling(db, "R-2", me="田中") is not None
    assert main(["--db", sqlite_url, "call", "K-1", "R-9", "--by", "佐藤"]) == 2
    db.dispose()


def _seen_until(feed: changes.ChangeFeed, kind: str, within: float) -> list[changes.Change]:
    seen: list[changes.Change] = []
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and not any(c.kind == kind for c in seen):
        seen += feed.wait(0.2)
    return seen


@pytest.mark.postgres
def test_a_colleagues_call_attempt_note_and_merge_reach_my_feed(team: Team) -> None:
    """不在 logged by a colleague shows in my window's last-contact column and call-backs at once;
    a merge re-ranks my candidates: each is announced, as the writing transaction commits."""
    ito = team.open("ito")
    feed = changes.open_feed(ito)
    try:
        assert main(["--db", team.url("sato"), "call-log", "K-1", "R-1", "不在"]) == 0
        assert changes.Change("contact", "K-1", "R-1") in _seen_until(feed, "contact", 2.0)
        assert main(["--db", team.url("sato"), "note", "K-1", "R-2", "午後なら可"]) == 0
        assert changes.Change("contact", "K-1", "R-2") in _seen_until(feed, "contact", 2.0)
        assert main(["--db", team.url("boss"), "merge", "R-1", "R-2"]) == 0  # merges are an admin's
        assert changes.Change("persons", "") in _seen_until(feed, "persons", 2.0)
    finally:
        feed.close()
        ito.dispose()


def test_sqlite_poll_notices_a_call_attempt_and_an_edit(sqlite_url: str) -> None:
    db = open_database(sqlite_url)
    seed(db)
    feed = changes.open_feed(db, poll=0.2)
    try:
        assert main(["--db", sqlite_url, "call-log", "K-2", "R-2", "留守電", "--by", "佐藤"]) == 0
        assert changes.Change("contact", "K-2") in _seen_until(feed, "contact", 5.0)
        assert main(["--db", sqlite_url, "registrant", "set", "R-2", "phone", "090-1111-2222", "--by", "佐藤"]) == 0
        assert changes.Change("registrant", "") in _seen_until(feed, "registrant", 5.0)
    finally:
        feed.close()
        db.dispose()
