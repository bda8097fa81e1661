"""``desk import --source``, ``desk duplicates``, ``desk merge``, ``desk unmerge``, ``desk not-same``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from desk.cli import main
from desk.store.db import open_database

HEADER = "登録ID,氏名,フリガナ,生年,職種,電話,免許番号,状態\n"


@pytest.fixture
def url(sqlite_url: str, tmp_path: Path) -> str:
    jma = tmp_path / "jma.csv"
    jma.write_text(HEADER + "100,齋藤 直美,サイトウ ナオミ,1975,医師,03-1234-5678,777001,有効\n"
                   "101,田中 陽子,タナカ ヨウコ,1980,医師,090-2222-0000,888002,有効\n", encoding="utf-8")
    site = tmp_path / "site.csv"
    site.write_text(HEADER + "100,斉藤直美,ｻｲﾄｳ ﾅｵﾐ,1975,医師,0312345678,,有効\n"
                    "7,松本 陽子,まつもと ようこ,1980,医師,080-1111-9999,第888002号,有効\n", encoding="utf-8")
    assert main(["--db", sqlite_url, "import", "registrants", str(jma), "--source", "jma"]) == 0
    assert main(["--db", sqlite_url, "import", "registrants", str(site), "--source", "site"]) == 0
    return sqlite_url


def test_duplicates_json_names_pairs_by_source_and_id(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--db", url, "duplicates", "--json"]) == 0
    pairs = json.loads(capsys.readouterr().out)["pairs"]
    assert {(p["a"], p["b"]) for p in pairs} == {("jma:100", "site:100"), ("jma:101", "site:7")}
    by_b = {p["b"]: p for p in pairs}
    assert "氏名の異体字（齋/斉）" in by_b["site:100"]["reasons"] and "電話番号が一致" in by_b["site:100"]["reasons"]
    assert by_b["site:7"]["reasons"][0] == "免許番号が一致"  # a married name, the same licence
    assert all(set(p) == {"a", "b", "score", "reasons"} for p in pairs)
    with pytest.raises(SystemExit) as bad:
        main(["--db", url, "duplicates", "--min-score", "1.5"])
    assert bad.value.code == 2
    assert "between 0 and 1" in capsys.readouterr().err


def test_merge_unmerge_and_not_same(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url, "merge", "jma:101", "site:7", "--keep", "site:7", "--by", "佐藤"]) == 0
    out = capsys.readouterr().out
    assert "merged jma:101 into site:7" in out or "merged site:7 into jma:101" in out
    assert main(["--db", url, "duplicates", "--json"]) == 0
    assert [p["b"] for p in json.loads(capsys.readouterr().out)["pairs"]] == ["site:100"]
    assert main(["--db", url, "merge", "site:7", "jma:101"]) == 2
    assert "already one person" in capsys.readouterr().err
    assert main(["--db", url, "merge", "100", "site:7"]) == 2
    assert "several sources (jma:100, site:100)" in capsys.readouterr().err
    assert main(["--db", url, "merge", "jma:100", "jma:100"]) == 2
    assert main(["--db", url, "merge", "jma:100", "x:1"]) == 2
    assert "no registrant with 登録ID x:1" in capsys.readouterr().err
    assert main(["--db", url, "unmerge", "jma:101"]) == 0
    assert "site:7" in capsys.readouterr().out
    assert main(["--db", url, "unmerge", "jma:101"]) == 2
    assert main(["--db", url, "not-same", "jma:100", "site:100", "--by", "佐藤"]) == 0
    capsys.readouterr()
    assert main(["--db", url, "duplicates", "--json"]) == 0
    assert [p["b"] for p in json.loads(capsys.readouterr().out)["pairs"]] == ["site:7"]
    db = open_database(url)
    with db.session() as s:
        assert s.execute(text("SELECT count(*) FROM person_merge")).scalar_one() == 1  # kept, undone
    db.dispose()
