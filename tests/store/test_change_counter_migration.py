"""Migration 0011 (change counters) on a database that holds registrants and placements: every row is
kept, the stamp starts from there, and the next edit or booking moves it (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, select, text

from desk.core.demo import REGISTRANT_HEADERS, generate_registrants, write_csv
from desk.services import search as search_store
from desk.services.importer import import_file
from desk.services.placements import transition
from desk.services.ranking import _state_key, invalidate
from desk.services.registrant_edits import set_field
from desk.store.db import alembic_config, migrate, open_database, resolve_url
from desk.store.models import Registrant


def test_upgrade_from_0010_keeps_the_registry_and_counts_from_there(db_url: str, tmp_path: Path) -> None:
    engine = create_engine(resolve_url(db_url))
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0010")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO posting (source_id, occupation, headcount, masked, status, municipality_name,"
                          " prefecture, city, venue_name, venue_address, occupation_raw, dates_raw, hours_raw,"
                          " employment_type, pay, duties, requirements, contact_name, contact_phone, contact_email,"
                          " row_hash, missing_since) VALUES ('K-1', 'doctor', 1, false, 'open', '', '', '', '', '',"
                          " '', '', '', '', '', '', '', '', '', '', '', NULL)"))
        for i in range(1, 4):
            conn.execute(text(
                "INSERT INTO registrant (source_id, source, licence_no, name, occupation, licences, work_areas,"
                " availability, name_kana, gender, occupation_raw, specialty, home_prefecture, home_city,"
                " work_areas_raw, availability_raw, hours_raw, experience_raw, phone, email, notes, state, row_hash)"
                " VALUES (:s, '', '', :n, 'doctor', '[]', '[]', '[]', '', '', '', '', '', '', '', '', '', '', '',"
                " '', '', 'active', '')"), {"s": f"R-{i}", "n": f"山田 {i}"})
    migrate(engine)
    engine.dispose()
    db = open_database(db_url)
    try:
        invalidate()
        with db.session() as s:
            assert s.execute(select(Registrant.source_id, Registrant.change_no).order_by(Registrant.id)).all() == [
                ("R-1", None), ("R-2", None), ("R-3", None)]
            assert dict(s.execute(text("SELECT name, value FROM desk_counter")).all()) == {
                "registrant": 0, "placement": 0}
        before = _state_key(db)
        assert before == (3, 0, 0)
        key = search_store.signature(db)["registrant"]
        held = search_store.RegistrantSearch(key, key, search_store.build_registrant_index(db))
        set_field(db, "R-2", "phone", "099-000-1111")
        rows = generate_registrants(2, seed=9)
        import_file(db, "registrants", write_csv(tmp_path / "r.csv", rows, REGISTRANT_HEADERS, encoding="cp932"))
        now = search_store.registrant_search(db, search_store.signature(db)["registrant"], held)
        assert now.base is held.base and now.delta is not None
        with db.session() as s:
            expected = set(s.scalars(select(Registrant.id).where(Registrant.source_id.in_(
                ["R-2", *(r["登録ID"] for r in rows)]))))
        assert {int(i) for i in now.delta.row_ids} == expected
        transition(db, "K-1", "R-1", "proposed", coordinator="佐藤")
        after = _state_key(db)
        assert after[0] == 5 and after[1] > 0 and after[2] > 0
    finally:
        invalidate()
        db.dispose()


def test_a_counter_started_again_never_meets_an_old_value(db_url: str) -> None:
    """A restored backup (or 0011 undone and redone) starts the counters from an older value: the
    next writes jump past every value a cache may have seen, so no stamp comes back with other data."""
    db = open_database(db_url)
    try:
        seen = []
        for i in range(3):
            set_field_or_add(db, i)
            seen.append(_state_key(db)[1])
        assert seen == sorted(set(seen))  # strictly increasing
        with db.session() as s:
            s.execute(text("UPDATE desk_counter SET value = 0"))  # what a restore of an old copy does
        set_field_or_add(db, 9)
        assert _state_key(db)[1] > max(seen)
    finally:
        invalidate()
        db.dispose()


def set_field_or_add(db, i: int) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        s.add(Registrant(source_id=f"R-{i}", name=f"山田 {i}", occupation="doctor"))
