"""Team mode with the real roles: every role that writes registrants or placements moves the change
counters (migration 0011) as it writes, and a colleague's next ranking sees it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from team_db import Team

from desk.cli import main
from desk.core.demo import REGISTRANT_HEADERS, generate_registrants, write_csv
from desk.services.ranking import invalidate, rank_posting


def _counters(team: Team) -> dict[str, int]:
    db = team.open("ito")
    try:
        with db.session() as s:
            return {str(k): int(v) for k, v in s.execute(text("SELECT name, value FROM desk_counter"))}
    finally:
        db.dispose()


def test_coordinators_and_admins_move_the_counters(team: Team, tmp_path: Path) -> None:
    invalidate()
    start = _counters(team)
    sato, boss = team.url("sato"), team.url("boss")
    # a coordinator's placement and hand edit
    assert main(["--db", sato, "log", "K-1", "R-1", "proposed"]) == 0
    after_log = _counters(team)
    assert after_log["placement"] > start["placement"] and after_log["registrant"] == start["registrant"]
    assert main(["--db", sato, "registrant", "set", "R-1", "state", "withdrawn"]) == 0
    after_edit = _counters(team)
    assert after_edit["registrant"] > start["registrant"] and after_edit["placement"] == after_log["placement"]
    # a colleague's ranking sees the edit at once (R-1 withdrawn)
    ito = team.open("ito")
    try:
        excluded = {e.source_id: e.reason_code for e in rank_posting(ito, "K-1", lang="en").excluded}
        assert excluded.get("R-1") == "state_withdrawn"
        # an administrator's import and merge
        rows = generate_registrants(5, seed=3)
        path = write_csv(tmp_path / "r.csv", rows, REGISTRANT_HEADERS, encoding="cp932")
        assert main(["--db", boss, "import", "registrants", str(path)]) == 0
        after_import = _counters(team)["registrant"]
        assert after_import > after_edit["registrant"]
        assert main(["--db", boss, "merge", rows[0]["登録ID"], rows[1]["登録ID"], "--keep", rows[0]["登録ID"]]) == 0
        assert _counters(team)["registrant"] > after_import
        ranked = rank_posting(ito, "K-1", lang="en")
        shown = {c.source_id for c in ranked.candidates} | {e.source_id for e in ranked.excluded}
        assert rows[0]["登録ID"] in shown and rows[1]["登録ID"] not in shown  # merged: ranked once
    finally:
        ito.dispose()
        invalidate()


def test_a_team_database_upgraded_from_0010_lets_a_coordinator_count(pg_url: str) -> None:
    """A team database set up before migration 0011 (roles and grants of then), upgraded: a
    coordinator's edit and placement move the counters (the grants come with the migration)."""
    import uuid

    from alembic import command
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from team_db import PASSWORD, seed

    from desk.store import roles
    from desk.store.db import alembic_config, migrate, open_database, resolve_url

    engine = create_engine(resolve_url(pg_url))
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        roles.create_roles(conn)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0010")
    with engine.begin() as conn:
        roles.grant_all(conn)  # as `desk admin init` left it before 0011
    login = f"t{uuid.uuid4().hex[:8]}_sato"
    with engine.begin() as conn:
        roles.add_user(conn, login, "coordinator", PASSWORD)
    try:
        migrate(engine)  # the upgrade, as the owner's next start does
        owner = open_database(pg_url)
        seed(owner)
        owner.dispose()
        sato = make_url(pg_url).set(username=login, password=PASSWORD).render_as_string(hide_password=False)
        assert main(["--db", sato, "registrant", "set", "R-1", "phone", "090-1111-2222"]) == 0
        assert main(["--db", sato, "log", "K-1", "R-2", "proposed"]) == 0
        with engine.connect() as conn:
            counters = dict(conn.execute(text("SELECT name, value FROM desk_counter")).all())
        assert counters["registrant"] > 0 and counters["placement"] > 0
    finally:
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :u"),
                         {"u": login})
            conn.execute(text(f'DROP OWNED BY "{login}"'))
            conn.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
        engine.dispose()
