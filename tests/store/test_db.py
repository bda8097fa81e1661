from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect, select

from desk.store.db import open_database, resolve_url
from desk.store.models import Posting, PostingSlot


def test_migrations_create_every_table_and_are_idempotent(db_url: str) -> None:
    first = open_database(db_url)
    tables = set(inspect(first.engine).get_table_names())
    first.dispose()
    assert {"posting", "posting_slot", "registrant", "import_batch", "placement_event"} <= tables
    again = open_database(db_url)  # a second start must not fail or change anything
    assert set(inspect(again.engine).get_table_names()) == tables
    again.dispose()


def test_posting_with_slots_round_trips(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        p = Posting(source_id="K-1", occupation="doctor", headcount=2)
        p.slots.append(PostingSlot(date=dt.date(2021, 6, 12), start=dt.time(9), end=dt.time(12)))
        s.add(p)
    with db.session() as s:
        got = s.scalars(select(Posting)).one()
        assert [(x.date, x.start, x.end) for x in got.slots] == [(dt.date(2021, 6, 12), dt.time(9), dt.time(12))]


def test_failed_unit_of_work_leaves_database_as_it_was(db) -> None:  # type: ignore[no-untyped-def]
    try:
        with db.session() as s:
            s.add(Posting(source_id="K-2", occupation="nurse"))
            s.flush()
            raise RuntimeError("interrupted")
    except RuntimeError:
        pass
    with db.session() as s:
        assert s.scalars(select(Posting)).all() == []


def test_default_database_lives_in_desk_home(desk_home) -> None:  # type: ignore[no-untyped-def]
    assert resolve_url(None) == f"sqlite:///{(desk_home / 'desk.sqlite3').as_posix()}"
    assert resolve_url("postgresql://u:p@localhost/x").startswith("postgresql+psycopg://")  # COPY-capable
    assert resolve_url("postgresql+pg8000://u:p@localhost/x").startswith("postgresql+pg8000://")


_OLD_REGISTRANT = (
    "INSERT INTO registrant (source_id, name, name_kana, gender, occupation, licences, occupation_raw, specialty,"
    " home_prefecture, home_city, work_areas_raw, work_areas, availability_raw, hours_raw, availability,"
    " experience_raw, phone, email, notes, state, row_hash) VALUES ('R-1', '髙橋 花子', '', '', 'doctor', '[]',"
    " '医師', '', '', '', '', '[]', '', '', '[]', '', '090-1', '', '', 'active', 'h1')")


def _old_database(db_url: str, revision: str) -> None:
    """A database left by an older desk at ``revision``, holding one registrant."""
    from alembic import command
    from sqlalchemy import text

    from desk.store.db import alembic_config, make_engine

    engine = make_engine(db_url)
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    with engine.begin() as conn:
        conn.execute(text(_OLD_REGISTRANT))
    engine.dispose()


def test_a_database_from_an_older_desk_upgrades_with_its_data(db_url: str) -> None:
    from sqlalchemy import text

    _old_database(db_url, "0001")
    upgraded = open_database(db_url)
    with upgraded.session() as s:
        assert s.execute(text("SELECT name FROM registrant")).scalar_one() == "髙橋 花子"
        assert s.execute(text("SELECT version_num FROM alembic_version")).scalar_one() != "0001"
    upgraded.dispose()


def test_existing_registrants_move_to_the_default_source_without_loss(db_url: str) -> None:
    from sqlalchemy import text

    _old_database(db_url, "0002")
    upgraded = open_database(db_url)
    with upgraded.session() as s:
        row = s.execute(text("SELECT source, source_id, name, phone, row_hash, licence_no, person_id FROM registrant")).one()
        assert tuple(row) == ("default", "R-1", "髙橋 花子", "090-1", "h1", "", None)
        # 登録ID is now unique per source: the same id from another registry is a new record
        s.execute(text("INSERT INTO registrant (source, source_id, name, occupation, licences, work_areas, availability,"
                       " gender, name_kana, occupation_raw, specialty, home_prefecture, home_city, work_areas_raw,"
                       " availability_raw, hours_raw, experience_raw, phone, email, notes, state, row_hash) VALUES"
                       " ('jma', 'R-1', 'x', 'doctor', '[]', '[]', '[]', '', '', '', '', '', '', '', '', '', '', '',"
                       " '', '', 'active', '')"))
    upgraded.dispose()
