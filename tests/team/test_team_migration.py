"""Migration 0005 keeps what is there (events get an empty login) and, on SQLite too, the log is
append-only and every committed change leaves a row for other windows' polls."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from desk.services import placements as log
from desk.store.db import alembic_config, migrate, open_database, resolve_url


def test_upgrade_from_0002_keeps_the_log(db_url: str) -> None:
    engine = create_engine(resolve_url(db_url))
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO posting (source_id, occupation, headcount, masked, status, municipality_name,"
                          " prefecture, city, venue_name, venue_address, occupation_raw, dates_raw, hours_raw,"
                          " employment_type, pay, duties, requirements, contact_name, contact_phone, contact_email,"
                          " row_hash) VALUES ('K-1', 'doctor', 1, false, 'open', '', '', '', '', '', '', '', '', '',"
                          " '', '', '', '', '', '', '')"))
        conn.execute(text("INSERT INTO registrant (source_id, name, occupation, licences, work_areas, availability,"
                          " name_kana, gender, occupation_raw, specialty, home_prefecture, home_city,"
                          " work_areas_raw, availability_raw, hours_raw, experience_raw, phone, email, notes, state,"
                          " row_hash) VALUES ('R-1', '山田', 'doctor', '[]', '[]', '[]', '', '', '', '', '', '', '',"
                          " '', '', '', '', '', '', 'active', '')"))
        conn.execute(text("INSERT INTO placement (posting_id, registrant_id, state, created_at, updated_at) "
                          "VALUES (1, 1, 'proposed', :t, :t)"), {"t": dt.datetime(2021, 6, 1)})
        conn.execute(text("INSERT INTO placement_event (placement_id, new_state, slot_ids, coordinator, at, note) "
                          "VALUES (1, 'proposed', '[]', '佐藤', :t, '')"), {"t": dt.datetime(2021, 6, 1)})
    migrate(engine)
    engine.dispose()
    db = open_database(db_url)
    [event] = log.events(db)
    assert (event.coordinator, event.new_state.value) == ("佐藤", "proposed")
    with db.session() as s:
        assert s.execute(text("SELECT login FROM placement_event")).scalar() == ""
    log.transition(db, "K-1", "R-1", "contacted", coordinator="佐藤")
    with pytest.raises(DBAPIError, match="append-only"), db.session() as s:
        s.execute(text("UPDATE placement_event SET note = 'x'"))
    with pytest.raises(DBAPIError, match="append-only"), db.session() as s:
        s.execute(text("DELETE FROM placement_event"))
    assert [e.coordinator for e in log.events(db)] == ["佐藤", "佐藤"]
    if db.is_sqlite:
        with db.session() as s:
            assert s.execute(text("SELECT kind, ref FROM desk_change")).all() == [("placement", "K-1")]
    db.dispose()
