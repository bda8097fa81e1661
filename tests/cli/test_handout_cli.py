"""``desk handout`` and ``desk handouts`` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.cli import main
from desk.services.demo import load_demo
from desk.store.db import open_database


@pytest.fixture
def url(sqlite_url: str) -> str:
    db = open_database(sqlite_url)
    load_demo(db, registrants=5, postings=120, seed=4)
    db.dispose()
    return sqlite_url


def test_handout_list_again_and_each_pref(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url, "handout", "大阪府医師会", "--pref", "大阪", "-o", str(tmp_path / "a.pdf")]) == 0
    assert "first hand-out" in capsys.readouterr().out
    assert main(["--db", url, "handout", "大阪府医師会", "--since-last", "-o", str(tmp_path / "b.xlsx")]) == 0
    assert "変更なし" in capsys.readouterr().out
    assert main(["--db", url, "handouts", "大阪府医師会"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 2 and listed[0].startswith("2\t") and "大阪府 ・ 全職種" in listed[0]
    assert main(["--db", url, "handout", "大阪府医師会", "--occupation", "医師", "--default-scope", "-o",
                 str(tmp_path / "c.pdf")]) == 0
    assert main(["--db", url, "handout", "大阪府医師会", "-o", str(tmp_path / "d.pdf")]) == 0
    capsys.readouterr()
    assert main(["--db", url, "handouts", "大阪府医師会"]) == 0
    assert capsys.readouterr().out.splitlines()[0].split("\t")[3] == "全国 ・ 医師"  # the new default scope
    assert main(["--db", url, "handout", "--again", "1", "-o", str(tmp_path / "again.pdf")]) == 0
    assert (tmp_path / "again.pdf").stat().st_size > 1000
    assert main(["--db", url, "handout", "--each-pref", "--occupation", "医師", "-o", str(tmp_path / "all")]) == 0
    out = capsys.readouterr().out
    written = sorted((tmp_path / "all").iterdir())
    assert written and f"{len(written)} hand-outs written" in out
    assert all(p.suffix == ".pdf" and p.name[:2].isdigit() for p in written)


@pytest.mark.parametrize(("args", "expected"), [
    (["--pref", "大坂"], "unknown prefecture '大坂'; use one of: 北海道"),
    (["--block", "関西"], "unknown block '関西'; use one of: 北海道、東北"),
    (["--occupation", "獣医"], "unknown occupation '獣医'; use one of: 医師、看護師"),
])
def test_unknown_scope_exits_2_with_the_valid_names(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    args: list[str], expected: str) -> None:
    assert main(["--db", url, "handout", "X", *args, "-o", str(tmp_path / "x.pdf")]) == 2
    assert expected in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
