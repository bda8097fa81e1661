"""``desk rank`` with a warm index cache answers from the cache and a few plain reads (issue 17):
the same output as the full path, on SQLite and PostgreSQL, the same export record, the full path
again as soon as the registry changes, and no ORM, Alembic or spreadsheet library loaded."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import func, select

from desk.cli import main
from desk.services import rank_fast
from desk.store.db import open_database
from desk.store.models import ExportRecord, Posting, Registrant
from tests.cli.test_startup import _probe

RUNS = (
    ("--json", "--top", "5"),
    ("--json", "--filter", "地域:関東", "--excluded", "3"),
    ("--json", "--lang", "en", "--excluded", "0"),
    ("--top", "4", "--excluded", "2"),  # the table people read
)


@pytest.fixture
def demo(db_url: str, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    assert main(["--db", db_url, "demo", "--registrants", "400", "--postings", "8", "--seed", "3"]) == 0
    db = open_database(db_url)
    with db.session() as s:
        posting = s.scalars(select(Posting.source_id).order_by(Posting.id)).first()
    db.dispose()
    capsys.readouterr()
    assert posting
    return db_url, posting


def _rank(url: str, posting: str, argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--db", url, "rank", posting, *argv]) == 0
    return capsys.readouterr().out


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each rank answered from the warm path (True) or fell back to the full one (False)."""
    answered: list[bool] = []
    real = rank_fast.rank_cached

    def spy(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        answered.append(result is not None)
        return result

    monkeypatch.setattr(rank_fast, "rank_cached", spy)
    return answered


def _exports(url: str) -> list[tuple[Any, ...]]:
    db = open_database(url)
    with db.session() as s:
        rows = [(r.kind, r.file_name, r.coordinator, r.filters, r.rows, r.at)
                for r in s.scalars(select(ExportRecord).order_by(ExportRecord.id))]
    db.dispose()
    return rows


def test_the_warm_path_answers_exactly_like_the_full_path(demo: tuple[str, str], monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    url, posting = demo
    monkeypatch.setenv("DESK_RANK_FAST", "0")
    full = [_rank(url, posting, argv, capsys) for argv in RUNS]  # the first one builds and saves the cache
    monkeypatch.setenv("DESK_RANK_FAST", "1")
    answered = _spy(monkeypatch)
    warm = [_rank(url, posting, argv, capsys) for argv in RUNS]
    assert answered == [True] * len(RUNS)
    assert warm == full
    first = json.loads(warm[0])
    assert len(first["candidates"]) == 5 and first["excluded_total"] > 0
    assert "候補者" in warm[3]
    # Every JSON answer is recorded, by either path, with the same columns.
    records = _exports(url)
    assert len(records) == 2 * 3
    assert [r[:5] for r in records[:3]] == [r[:5] for r in records[3:]]
    assert records[0][:4] == ("rank_json", "stdout", "", {"posting": posting, "top": 5, "filter": None})
    assert all(abs(r[5] - dt.datetime.now(dt.UTC).replace(tzinfo=None)) < dt.timedelta(minutes=5) for r in records)


def test_a_changed_registry_takes_the_full_path_and_is_seen(demo: tuple[str, str], monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    url, posting = demo
    before = json.loads(_rank(url, posting, ("--json", "--top", "1"), capsys))  # builds the cache
    answered = _spy(monkeypatch)
    top = before["candidates"][0]["registrant_id"]
    db = open_database(url)
    with db.session() as s:
        r = s.scalars(select(Registrant).where(Registrant.source_id == top)).one()
        r.name = "改名 太郎"
        r.changed_at = (s.scalar(select(func.max(Registrant.changed_at))) or dt.datetime(2021, 1, 1)) \
            + dt.timedelta(seconds=1)
    db.dispose()
    after = json.loads(_rank(url, posting, ("--json", "--top", "1"), capsys))
    assert answered == [False]  # the stamp differs: the cache is not trusted
    assert after["candidates"][0]["name"] == "改名 太郎"
    again = json.loads(_rank(url, posting, ("--json", "--top", "1"), capsys))
    assert answered == [False, True] and again == after  # the rebuilt cache serves the next one


def test_an_unknown_posting_is_the_same_plain_message(demo: tuple[str, str], monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    url, posting = demo
    _rank(url, posting, ("--json",), capsys)
    assert main(["--db", url, "rank", "NO-SUCH", "--json"]) == 2
    assert "NO-SUCH" in capsys.readouterr().err


def test_warm_rank_loads_no_orm_alembic_or_spreadsheet_library(sqlite_url: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", sqlite_url, "demo", "--registrants", "50", "--postings", "3"]) == 0
    db = open_database(sqlite_url)
    with db.session() as s:
        posting = s.scalars(select(Posting.source_id)).first()
    db.dispose()
    assert posting
    cold, _out = _probe("--db", sqlite_url, "rank", posting, "--json", "--top", "3")  # builds the cache
    assert cold["code"] == 0 and "sqlalchemy" in cold["top"]
    warm, out = _probe("--db", sqlite_url, "rank", posting, "--json", "--top", "3")
    assert warm["code"] == 0
    assert not {"sqlalchemy", "alembic", "openpyxl", "reportlab", "PySide6"} & set(warm["top"]), out
    assert json.loads(out[: out.rindex("\n{")])["posting_id"] == posting


def test_a_warm_filtered_rank_keeps_the_filter_data_for_the_next_process(
        demo: tuple[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A filter answered on the warm path saves the filter's data into the cache as the full path
    does, so the next process's first filter decodes no record (it rebuilt them on every run)."""
    from desk.core import filter_store
    from desk.services import index_cache
    from desk.services.rank_result import state_key

    url, posting = demo
    answered = _spy(monkeypatch)
    _rank(url, posting, ("--json",), capsys)  # builds and caches the index, without the filter's data
    _rank(url, posting, ("--json", "--filter", "名前:やまだ"), capsys)
    assert answered[-1] is True  # the filtered rank answered from the warm path
    light = rank_fast.open_database(url)
    assert light is not None
    try:
        index = index_cache.load(light, state_key(light))
    finally:
        light.close()
    assert index is not None and filter_store.CACHE_KEY in index.cache
