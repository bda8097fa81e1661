"""The facade (desk.app.DeskApp) on both databases: typed, frozen answers; one meaning of booked and
filled; weights normalised once; an import commits the plan its preview showed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from desk.app import DeskApp
from desk.app.booking import BOOKED_STATES, filled_count, is_booked
from desk.core.placement import BOOKED
from desk.core.weights import DEFAULT_WEIGHTS, normalize_weights
from desk.services import importer, queries
from desk.settings import Settings
from desk.store.db import Database

HEADER = "募集ID,都道府県,市区町村,会場名,職種,募集人数,勤務日,勤務時間"
ROWS = ["P-1,神奈川県,横浜市港北区,港北公会堂,医師,1,2021/6/12,9:00～12:00",
        "P-2,神奈川県,横浜市港北区,港北公会堂,看護師,2,2021/6/13,9:00～12:00"]
REGS = "登録ID,氏名,職種,住所,勤務可能地域,勤務可能日,勤務可能時間\nR-1,山田 花子,医師,神奈川県横浜市,神奈川県,土日,9:00-17:00\n"


def write(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def app(db: Database) -> DeskApp:
    return DeskApp(db, Settings(coordinator="佐藤", weights={"region": 2, "availability": 2, "occupation": -1}))


def test_booked_and_filled_have_one_meaning() -> None:
    assert BOOKED_STATES == {s.value for s in BOOKED} == set(queries.BOOKED_STATES)
    assert is_booked("confirmed") and is_booked("worked") and not is_booked("accepted") and not is_booked(None)
    assert filled_count(["confirmed", "proposed", "worked", None, "cancelled"]) == 2


def test_weights_are_normalised_once(app: DeskApp) -> None:
    w = app.weights()
    assert set(w) == set(DEFAULT_WEIGHTS) and abs(sum(w.values()) - 1) < 1e-9
    assert w["occupation"] == 0.0, "a negative weight counts as nothing"
    assert w == normalize_weights(app.settings.weights) == app.settings.normalized_weights()


def test_preview_then_commit_writes_the_plan_and_placements_fill(app: DeskApp, tmp_path: Path) -> None:
    plan = app.preview_import("postings", write(tmp_path / "p.csv", ROWS), importer.ImportOptions(full_export=False))
    assert dataclasses.is_dataclass(plan) and plan.report.imported == 2 and plan.report.dry_run
    assert app.posting_rows() == [], "a preview writes nothing"
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.options = importer.ImportOptions()  # type: ignore[misc]
    report = app.commit_import(plan)
    assert report.committed and report.imported == 2
    regs = tmp_path / "r.csv"
    regs.write_text(REGS, encoding="utf-8")
    assert app.commit_import(app.preview_import("registrants", regs, importer.ImportOptions())).imported == 1
    rows = {r.source_id: r for r in app.posting_rows()}
    detail = app.posting_detail(rows["P-1"].id)
    assert detail is not None and detail.source_id == "P-1" and detail.filled == 0
    with pytest.raises(TypeError):
        detail.fields["headcount"] = 9  # type: ignore[index]
    for state in ("proposed", "accepted", "confirmed"):
        out = app.transition("P-1", "R-1", state)
    assert out.new_state == "confirmed" and out.old_state == "accepted"
    after = app.posting_detail(rows["P-1"].id)
    assert after is not None and after.filled == 1 and app.posting_fill("P-1").filled == 1
    assert {r.source_id: r.filled for r in app.posting_rows()}["P-1"] == 1
    assert app.allowed_actions("P-1", "R-1") >= {"cancelled", "worked"}
    undone = app.undo_last()
    assert undone.new_state == "accepted" and app.posting_fill("P-1").filled == 0
    assert [e.coordinator for e in app.events()] == ["佐藤"] * 4, "the facade records its coordinator"


def test_a_file_changed_after_the_preview_is_refused(app: DeskApp, tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", ROWS)
    plan = app.preview_import("postings", path, importer.ImportOptions())
    write(path, ROWS[:1])
    with pytest.raises(importer.ImportStale, match="changed on disk after the preview"):
        app.commit_import(plan)
    assert app.posting_rows() == []


def test_a_database_changed_after_the_preview_is_refused(app: DeskApp, tmp_path: Path) -> None:
    plan = app.preview_import("postings", write(tmp_path / "p.csv", ROWS), importer.ImportOptions())
    other = write(tmp_path / "other.csv", ROWS[:1])  # a colleague imports P-1 meanwhile
    app.commit_import(app.preview_import("postings", other, importer.ImportOptions(full_export=False)))
    with pytest.raises(importer.ImportStale, match="database changed after the preview"):
        app.commit_import(plan)
    assert [r.source_id for r in app.posting_rows()] == ["P-1"]


@pytest.mark.postgres
def test_a_write_waiting_on_a_colleagues_row_lock_gives_up_in_words(pg_url: str, tmp_path: Path) -> None:
    from sqlalchemy import text

    from desk.store.db import open_database
    from desk.ui.errors import is_lock_wait

    db = open_database(pg_url)
    app = DeskApp(db, Settings(coordinator="佐藤"))
    try:
        app.commit_import(app.preview_import("postings", write(tmp_path / "p.csv", ROWS), importer.ImportOptions()))
        regs = tmp_path / "r.csv"
        regs.write_text(REGS, encoding="utf-8")
        app.commit_import(app.preview_import("registrants", regs, importer.ImportOptions()))
        app.lock_timeout_ms = 500
        with db.engine.connect() as colleague:  # another coordinator's transaction holds the posting row
            colleague.execute(text("SELECT id FROM posting WHERE source_id = 'P-1' FOR UPDATE"))
            with pytest.raises(Exception) as caught:  # noqa: B017 - the driver's own error class
                app.transition("P-1", "R-1", "proposed")
            colleague.rollback()
        assert is_lock_wait(caught.value)
        assert app.events() == [], "nothing was written"
        assert app.transition("P-1", "R-1", "proposed").new_state == "proposed", "free again: it works"
    finally:
        app.close()
