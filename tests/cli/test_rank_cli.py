"""``desk rank``: JSON for programs, an aligned table for people, exit 2 for an unknown posting."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desk.cli import main
from desk.cli.rank_cmd import width
from desk.store.db import open_database
from desk.store.models import Posting, PostingSlot, Registrant

ALWAYS = [{"from": None, "to": None, "days": 255, "start": 0, "end": 1440}]


@pytest.fixture
def url(sqlite_url: str) -> str:
    db = open_database(sqlite_url)
    with db.session() as s:
        post = Posting(source_id="K-77", occupation="nurse", pref_code="14", muni_code="14109", city="横浜市港北区")
        post.slots = [PostingSlot(date=dt.date(2021, 6, 12), start=dt.time(9), end=dt.time(12))]
        s.add(post)
        s.add_all([
            Registrant(source_id="N-1", name="山田 花子", name_kana="やまだ はなこ", occupation="nurse",
                       home_pref_code="14", home_muni_code="14109", availability=ALWAYS),
            Registrant(source_id="N-2", name="Smith", occupation="nurse", home_pref_code="13",
                       home_muni_code="13101", availability=ALWAYS),
            Registrant(source_id="N-3", name="長谷川 美由紀子", occupation="public_health_nurse",
                       home_pref_code="01", home_muni_code="01101", availability=ALWAYS),
            Registrant(source_id="N-4", name="准看 一郎", occupation="assistant_nurse", home_pref_code="14",
                       home_muni_code="14109", availability=ALWAYS),
        ])
    db.dispose()
    return sqlite_url


def test_json_lists_candidates_best_first_and_the_excluded(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url, "rank", "K-77", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["posting_id"] == "K-77"
    assert [c["registrant_id"] for c in out["candidates"]] == ["N-1", "N-2", "N-3"]
    first = out["candidates"][0]
    assert first["name"] == "山田 花子" and 0 < first["score"] <= 1
    assert set(first["components"]) == {"region", "availability", "occupation", "experience", "reliability"}
    assert first["reasons"][0] == "同じ市区町村に在住（横浜市港北区）"
    assert out["excluded"] == [{"registrant_id": "N-4", "reason": "資格が募集職種（看護師）に合わない（准看護師）"}]


def test_top_filter_and_english(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url, "rank", "K-77", "--json", "--top", "1", "--lang", "en"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["registrant_id"] for c in out["candidates"]] == ["N-1"]
    assert out["candidates"][0]["reasons"][0] == "lives in the same municipality (横浜市港北区)"
    assert main(["--db", url, "rank", "K-77", "--json", "--filter", "地域:関東"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["registrant_id"] for c in out["candidates"]] == ["N-1", "N-2"]


def test_the_table_aligns_japanese_names(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url, "rank", "K-77"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line for line in lines if "N-1" in line or "N-2" in line or "N-3" in line]
    assert len(rows) == 3
    # the id column starts at the same screen column whatever the width of the name before it
    starts = {width(line[: line.index("N-")]) for line in rows}
    assert len(starts) == 1
    assert any("除外 1 人" in line for line in lines)


def test_unknown_posting_exits_2_with_a_clear_message(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url, "rank", "K-404"]) == 2
    err = capsys.readouterr().err
    assert "K-404" in err and "no posting" in err


def test_excluded_are_counted_by_reason_and_listed_up_to_the_limit(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url, "rank", "K-77", "--json", "--top", "1", "--excluded", "0"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["registrant_id"] for c in out["candidates"]] == ["N-1"]
    assert out["excluded"] == []
    assert out["excluded_total"] == 1 and out["excluded_counts"] == {"occupation": 1}
    assert main(["--db", url, "rank", "K-77", "--excluded", "0"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("除外 1 人" in line for line in lines)
    assert not any("N-4" in line for line in lines)
    assert any("ほか 1 人" in line and "--excluded" in line for line in lines)


def test_a_negative_excluded_limit_is_refused(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url, "rank", "K-77", "--excluded", "-1"]) == 2
    assert "--excluded" in capsys.readouterr().err
