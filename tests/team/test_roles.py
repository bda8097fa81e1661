"""Who did it, enforced by PostgreSQL: roles, grants, the coordinator stamped by the database,
the append-only log, undo of one's own changes only, passwords never shown."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError
from team_db import PASSWORD, Team

from desk.cli import main
from desk.services import identity
from desk.services import placements as log
from desk.store.db import open_database, resolve_url
from desk.store.models import PlacementEvent

pytestmark = pytest.mark.postgres


def test_the_database_records_the_login_and_shows_its_display_name(team: Team,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", team.url("sato"), "log", "K-1", "R-1", "proposed"]) == 0
    # --by naming yourself (login or display name) is fine
    assert main(["--db", team.url("sato"), "log", "K-1", "R-1", "contacted", "--by", "佐藤 花子"]) == 0
    db = open_database(team.owner_url)
    with db.session() as s:
        rows = [(e.login, e.coordinator) for e in s.scalars(select(PlacementEvent).order_by(PlacementEvent.id))]
    db.dispose()
    assert rows == [(team.login("sato"), "佐藤 花子")] * 2
    capsys.readouterr()
    assert main(["--db", team.url("ito"), "history", "--posting", "K-1"]) == 0
    out = capsys.readouterr().out
    assert out.count("佐藤 花子") == 2


def test_a_coordinator_cannot_write_another_name(team: Team, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", team.url("sato"), "log", "K-1", "R-1", "proposed", "--by", "伊藤 健"]) == 2
    err = capsys.readouterr().err
    assert "team mode" in err and "伊藤 健" in err and "Traceback" not in err
    # even writing the column directly, the database puts the real login and name there
    db = team.open("sato")
    log.transition(db, "K-1", "R-1", "proposed", coordinator="伊藤 健")
    with db.session() as s:
        event = s.scalars(select(PlacementEvent)).one()
        assert (event.login, event.coordinator) == (team.login("sato"), "佐藤 花子")
    db.dispose()


def test_a_viewers_log_is_refused_by_the_database_in_plain_words(team: Team,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", team.url("kim"), "log", "K-1", "R-1", "proposed"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("desk: the database refused this for your login") and "Traceback" not in err
    assert "permission denied" in err
    db = open_database(team.owner_url)
    with db.session() as s:
        assert s.scalars(select(PlacementEvent)).all() == []
    db.dispose()
    # a viewer reads postings and the fill, not registrants
    assert main(["--db", team.url("kim"), "fill", "K-1"]) == 0
    viewer = team.open("kim")
    with pytest.raises(DBAPIError), viewer.session() as s:
        s.execute(text("SELECT name FROM registrant"))
    viewer.dispose()


@pytest.mark.parametrize("who", ["kim", "sato", "boss", "owner"])
def test_no_role_can_update_or_delete_an_event(team: Team, who: str) -> None:
    db = team.open("sato")
    log.transition(db, "K-1", "R-1", "proposed")
    db.dispose()
    url = team.owner_url if who == "owner" else team.url(who)
    engine = create_engine(resolve_url(url))
    for sql in ("UPDATE placement_event SET coordinator = 'x'", "DELETE FROM placement_event",
                "TRUNCATE placement_event CASCADE"):
        with pytest.raises(DBAPIError) as caught, engine.begin() as conn:
            conn.execute(text(sql))
        assert identity.refusal_message(caught.value)  # insufficient privilege (42501), plain words
    engine.dispose()
    db = open_database(team.owner_url)
    with db.session() as s:
        assert [e.coordinator for e in s.scalars(select(PlacementEvent))] == ["佐藤 花子"]
    db.dispose()


def test_a_coordinator_undoes_only_their_own_changes(team: Team, capsys: pytest.CaptureFixture[str]) -> None:
    sato = team.open("sato")
    event = log.transition(sato, "K-1", "R-1", "proposed").event_id
    sato.dispose()
    assert main(["--db", team.url("ito"), "undo", str(event)]) == 2
    err = capsys.readouterr().err
    assert f"you may undo only your own changes: event #{event} was made by 佐藤 花子" in err
    assert main(["--db", team.url("ito"), "undo", "--last"]) == 2  # ito has nothing of his own
    assert main(["--db", team.url("sato"), "undo", "--last"]) == 0
    boss = team.open("boss")  # an admin may undo anyone's
    redo = log.transition(boss, "K-1", "R-1", "proposed").event_id
    ito = team.open("ito")
    with pytest.raises(DBAPIError):
        log.undo(ito, redo)
    ito.dispose()
    sato = team.open("sato")
    with pytest.raises(DBAPIError):
        log.undo(sato, redo)
    sato.dispose()
    assert log.undo(boss, redo).undoes_event_id == redo
    boss.dispose()


def test_admin_commands_roles_and_names(team: Team, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    boss = team.url("boss")
    new = f"{team.prefix}_new"
    team.logins["new"] = new  # dropped with the others
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("pw-from-stdin\n"))
    assert main(["--db", boss, "admin", "add-user", new, "--role", "viewer"]) == 0
    assert main(["--db", team.url("new", "pw-from-stdin"), "log", "K-1", "R-1", "proposed"]) == 2
    assert main(["--db", boss, "admin", "set-role", new, "coordinator"]) == 0
    assert main(["--db", boss, "admin", "set-name", new, "新人 太郎"]) == 0
    assert main(["--db", team.url("new", "pw-from-stdin"), "log", "K-1", "R-1", "proposed"]) == 0
    capsys.readouterr()
    assert main(["--db", boss, "admin", "users"]) == 0
    listed = capsys.readouterr().out
    assert f"{new}\t新人 太郎\tcoordinator" in listed and f"{team.login('kim')}\t{team.login('kim')}\tviewer" in listed
    # a coordinator cannot manage logins; bad names and roles are plain errors
    assert main(["--db", team.url("sato"), "admin", "set-role", new, "admin"]) == 2
    assert main(["--db", boss, "admin", "add-user", "Bad Name", "--role", "viewer", "--password", "x"]) == 2
    assert "cannot be a login name" in capsys.readouterr().err
    db = team.open("sato")
    assert identity.whoami(db) == identity.Login(team.login("sato"), "佐藤 花子", "coordinator")
    db.dispose()


def test_the_password_never_appears_in_a_message(team: Team, capsys: pytest.CaptureFixture[str]) -> None:
    wrong = "Wr0ng-Very-Secret-42"
    assert main(["--db", team.url("sato", wrong), "history"]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("desk: ") and "refused the user name or password" in captured.err
    assert wrong not in captured.out + captured.err and "Traceback" not in captured.err
    # an admin command that fails quotes no password either
    assert main(["--db", team.url("boss"), "admin", "add-user", team.login("sato"), "--role", "viewer",
                 "--password", "Another-Secret-77"]) == 2
    captured = capsys.readouterr()
    assert "already exists" in captured.err and "Another-Secret-77" not in captured.out + captured.err
    assert PASSWORD not in captured.out + captured.err


def test_a_coordinator_logs_calls_notes_and_edits_an_admin_merges_a_viewer_reads_none_of_them(
        team: Team, capsys: pytest.CaptureFixture[str]) -> None:
    """The calling day in team mode: 折り返し待ち with a call-back, a note and a new phone number as a
    coordinator; a merge is an administrator's (the coordinator is refused in plain words); a viewer
    reads none of the notes, old numbers or merged names."""
    sato = team.url("sato")
    assert main(["--db", sato, "call-log", "K-1", "R-1", "折り返し待ち", "--callback", "2099-06-10 15:00"]) == 0
    assert main(["--db", sato, "note", "K-1", "R-1", "午後なら可"]) == 0
    assert main(["--db", sato, "registrant", "set", "R-1", "phone", "090-1111-2222"]) == 0
    capsys.readouterr()
    assert main(["--db", sato, "merge", "R-1", "R-2", "--keep", "R-1"]) == 2
    err = capsys.readouterr().err
    assert "permission denied" in err and "Traceback" not in err
    boss = team.url("boss")
    assert main(["--db", boss, "merge", "R-1", "R-2", "--keep", "R-1"]) == 0
    assert main(["--db", boss, "unmerge", "R-1"]) == 0
    assert main(["--db", boss, "not-same", "R-1", "R-2"]) == 0
    capsys.readouterr()
    assert main(["--db", team.url("ito"), "callbacks", "--due", "2099-06-10"]) == 0
    assert "090-1111-2222" in capsys.readouterr().out
    kim = team.open("kim")
    try:
        for table in ("contact_event", "registrant_edit", "person_merge"):
            with pytest.raises(Exception, match="permission denied"), kim.session() as s:  # noqa: PT012
                s.execute(text(f"SELECT * FROM {table}")).all()
    finally:
        kim.dispose()
