"""``desk demo`` loads generated data through the real importer, once; the service behind it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk.store.db import Database, open_database
from desk.store.models import ImportBatch, Posting, Registrant


def _counts(db: Database) -> tuple[int, int, int]:
    with db.session() as s:
        return (s.scalar(select(func.count()).select_from(Posting)) or 0,
                s.scalar(select(func.count()).select_from(Registrant)) or 0,
                s.scalar(select(func.count()).select_from(Posting).where(Posting.pref_code.is_(None))) or 0)


def test_demo_imports_everything_into_a_fresh_home_and_then_refuses(desk_home: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("desk.services.importer")
    from desk.cli import main

    assert main(["demo", "--registrants", "300", "--postings", "40"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["postings: imported 40, updated 0, unchanged 0, rejected 0",
                   "registrants: imported 300, updated 0, unchanged 0, rejected 0"]
    assert (desk_home / "desk.sqlite3").exists()
    db = open_database()
    try:
        assert _counts(db) == (40, 300, 0)  # every posting's prefecture was recognised
        with db.session() as s:
            assert {b.coordinator for b in s.scalars(select(ImportBatch))} == {"demo"}

        assert main(["demo", "--registrants", "300", "--postings", "40"]) == 2
        captured = capsys.readouterr()
        assert "already holds 40 postings and 300 registrants" in captured.err
        assert "--force" in captured.err
        assert captured.out == ""
        assert _counts(db)[:2] == (40, 300)
    finally:
        db.dispose()


def test_demo_force_adds_to_existing_data_and_the_same_seed_gives_the_same_rows(sqlite_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("desk.services.importer")
    from desk.cli import main

    assert main(["--db", sqlite_url, "demo", "--registrants", "60", "--postings", "12"]) == 0
    capsys.readouterr()
    assert main(["--db", sqlite_url, "demo", "--registrants", "80", "--postings", "15", "--force"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "postings: imported 3, updated 0, unchanged 12, rejected 0",
        "registrants: imported 20, updated 0, unchanged 60, rejected 0",
    ]


def test_negative_counts_are_refused_by_the_parser(capsys) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("desk.services.importer")
    from desk.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["demo", "--registrants", "-5"])
    assert exc.value.code == 2
    assert "negative" in capsys.readouterr().err


def test_load_demo_reports_progress_over_both_imports_and_guards_a_full_database(sqlite_db: Database) -> None:
    pytest.importorskip("desk.services.importer")
    from desk.services.demo import DatabaseNotEmpty, is_empty, load_demo

    assert is_empty(sqlite_db)
    seen: list[tuple[int, int]] = []
    postings, registrants = load_demo(sqlite_db, registrants=120, postings=30, seed=4,
                                      progress=lambda done, total: seen.append((done, total)))
    assert (postings.imported, postings.rejected, registrants.imported, registrants.rejected) == (30, 0, 120, 0)
    assert postings.committed and registrants.committed
    assert seen and seen[-1] == (150, 150)
    assert all(total == 150 for _, total in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert not is_empty(sqlite_db)
    with pytest.raises(DatabaseNotEmpty):
        load_demo(sqlite_db, registrants=10, postings=5)
