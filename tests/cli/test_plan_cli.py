"""``desk plan``: the issue's JSON shape, a readable list for people, exit 2 for a bad option."""

from __future__ import annotations

import json

import pytest

from desk.cli import main
from desk.services import plan as plan_service
from desk.store.db import open_database
from desk.store.models import Registrant
from tests.services.test_plan import SATURDAYS, _posting


@pytest.fixture
def url(sqlite_url: str) -> str:
    plan_service.forget()
    db = open_database(sqlite_url)
    with db.session() as s:
        s.add_all([_posting("K-001", "assistant_nurse", "14109", city="横浜市港北区"),
                   _posting("K-002", "nurse", "14382", city="箱根町"),
                   Registrant(source_id="R-A", name="箱根 看子", occupation="nurse", home_pref_code="14",
                              home_muni_code="14382", availability=SATURDAYS, vaccination_experience=True,
                              work_areas=[{"kind": "muni", "code": "14109"}]),
                   Registrant(source_id="R-B", name="静岡 准子", occupation="assistant_nurse", home_pref_code="22",
                              home_muni_code="22203")])
    db.dispose()
    return sqlite_url


def test_json_has_exactly_the_issue_shape(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url, "plan", "--json", "--time-limit", "20"]) == 0
    out = json.loads(capsys.readouterr().out)  # nothing but JSON on stdout (HiGHS prints a banner)
    assert list(out) == ["assignments", "unfilled", "stats"]
    assert [(a["posting_id"], a["slot"], a["registrant_id"], a["rank"]) for a in out["assignments"]] == [
        ("K-001", "2021-06-19T09:00", "R-B", 1), ("K-002", "2021-06-19T09:00", "R-A", 1)]
    assert all(isinstance(a["reasons"], list) and a["reasons"] for a in out["assignments"])
    assert out["unfilled"] == []
    stats = out["stats"]
    assert (stats["slots_open"], stats["slots_planned"], stats["greedy_planned"], stats["optimal"]) == (2, 2, 1, True)
    assert isinstance(stats["solve_seconds"], float)


def test_text_lists_calls_per_posting(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url, "plan", "--block", "関東地方"]) == 0
    text = capsys.readouterr().out
    assert "planned 2 of 2 open places (optimal); per-posting greedy order: 1" in text
    assert "K-002  箱根町" in text and "R-A 箱根 看子" in text


@pytest.mark.parametrize("args, said", [(["--block", "火星"], "unknown block '火星'"),
                                        (["--max-per-week", "0"], "--max-per-week must be above 0"),
                                        (["--time-limit", "soon"], "--time-limit must be a number")])
def test_bad_options_exit_2_and_say_what_is_expected(url: str, capsys: pytest.CaptureFixture[str], args: list[str],
                                                      said: str) -> None:
    with pytest.raises(SystemExit) as exc:
        raise SystemExit(main(["--db", url, "plan", *args]))
    assert exc.value.code == 2
    assert said in capsys.readouterr().err
