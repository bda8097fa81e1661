"""``desk export placements``, ``desk exports`` and ``desk summary`` from the command line."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from desk.cli import main
from desk.services import placements as log
from desk.store.db import open_database
from desk.store.models import Posting, PostingSlot, Registrant

D = dt.date(2021, 6, 12)


@pytest.fixture
def url(sqlite_url: str) -> str:
    db = open_database(sqlite_url)
    with db.session() as s:
        for sid, pref, muni, occ, headcount in (("K-1", "14", "横浜市港北区", "doctor", 3),
                                                ("K-2", "14", "横浜市港北区", "nurse", 2),
                                                ("H-1", "01", "札幌市中央区", "doctor", 1)):
            p = Posting(source_id=sid, pref_code=pref, municipality_name=muni, occupation=occ, headcount=headcount)
            p.slots = [PostingSlot(date=D, start=dt.time(9), end=dt.time(12))]
            s.add(p)
        s.add(Registrant(source_id="R-1", name="髙橋 花子", occupation="doctor", phone="=1+1"))
        s.add(Registrant(source_id="R-2", name="渡邊 一郎", occupation="doctor"))
    for state in ("proposed", "accepted", "confirmed"):
        log.transition(db, "K-1", "R-1", state)
    log.transition(db, "H-1", "R-2", "proposed")
    db.dispose()
    return sqlite_url


def test_export_placements_to_xlsx_and_list_it(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "実績.xlsx"
    assert main(["--db", url, "export", "placements", str(out), "--municipality", "横浜", "--by", "佐藤"]) == 0
    assert "wrote 1 placements" in capsys.readouterr().out
    sheet = openpyxl.load_workbook(out)["配置"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert len(rows) == 2
    assert rows[1][header.index("氏名")] == "髙橋 花子" and rows[1][header.index("電話")] == "'=1+1"
    assert main(["--db", url, "exports"]) == 0
    listed = capsys.readouterr().out
    assert "佐藤" in listed and "実績.xlsx" in listed and "1 rows" in listed and "municipality=横浜" in listed
    assert main(["--db", url, "export", "list"]) == 0
    assert "実績.xlsx" in capsys.readouterr().out


def test_export_csv_cp932_with_filters(url: str, tmp_path: Path) -> None:
    out = tmp_path / "log.csv"
    assert main(["--db", url, "export", "placements", str(out), "--encoding", "cp932", "--status", "proposed",
                 "--occupation", "医師", "--since", "2021-06-01", "--until", "2021-06-30"]) == 0
    with out.open(encoding="cp932", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["登録ID"], r["氏名"], r["状態"]) for r in rows] == [("R-2", "渡邊 一郎", "提案")]


def test_export_refuses_unknown_format_or_filter(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url, "export", "placements", str(tmp_path / "log.pdf")]) == 2
    assert ".csv or .xlsx" in capsys.readouterr().err
    assert main(["--db", url, "export", "placements", str(tmp_path / "log.csv"), "--status", "maybe"]) == 2
    assert "unknown state" in capsys.readouterr().err
    assert main(["--db", url, "exports"]) == 0
    assert "no exports yet" in capsys.readouterr().out


def test_summary_json_and_table(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url, "summary", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["blocks"] == ["北海道", "東北", "関東", "中部", "近畿", "中国", "四国", "九州"]
    assert data["open"]["関東"]["doctor"] == 2 and data["open"]["関東"]["nurse"] == 2
    assert data["open"]["北海道"]["doctor"] == 1
    assert main(["--db", url, "summary", "--blocks", "mhlw", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["open"]["関東信越"]["doctor"] == 2
    assert main(["--db", url, "summary"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["ブロック", "医師", "看護師"]
    assert lines[3].split()[:3] == ["関東", "2", "2"] and lines[-1].split()[-1] == "5"


def test_summary_to_csv_is_recorded(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "summary.csv"
    assert main(["--db", url, "summary", "--blocks", "mhlw", "--csv", str(out), "--by", "田中"]) == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[3][:3] == ["関東信越", "2", "2"]
    main(["--db", url, "exports"])
    assert "田中\tsummary" in capsys.readouterr().out


def test_export_postings_public_by_default_and_internal_on_request(url: str, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    db = open_database(url)
    with db.session() as s:
        s.add(Posting(source_id="M-1", pref_code="14", muni_code="14109", prefecture="神奈川県", city="横浜市港北区",
                      municipality_name="さくらクリニック", venue_name="さくらクリニック 別館", occupation="doctor",
                      contact_phone="045-671-2401", masked=True, headcount=1))
    db.dispose()
    public = tmp_path / "募集一覧.csv"
    assert main(["--db", url, "export", "postings", str(public), "--block", "関東", "--by", "佐藤"]) == 0
    said = capsys.readouterr().out
    assert "wrote 3 postings" in said and "public list" in said
    text = public.read_text(encoding="utf-8-sig")
    assert "神奈川県横浜市港北区" in text and "さくらクリニック" not in text and "045-671-2401" not in text
    internal = tmp_path / "internal.xlsx"
    assert main(["--db", url, "export", "postings", str(internal), "--audience", "coordinator",
                 "--occupation", "医師", "--municipality", "港北"]) == 0
    said = capsys.readouterr().out
    assert "wrote 2 postings" in said and "internal use only" in said
    rows = list(openpyxl.load_workbook(internal).active.iter_rows(values_only=True))
    masked = next(r for r in rows if r[0] == "M-1")
    assert "さくらクリニック 別館" in masked and "あり" in masked
    assert main(["--db", url, "export", "postings", str(tmp_path / "x.csv"), "--status", "maybe"]) == 2
    assert "unknown status" in capsys.readouterr().err
    assert main(["--db", url, "exports"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert "postings_coordinator" in listed[0] and "municipality=港北" in listed[0] and "2 rows" in listed[0]
    assert "佐藤\tpostings_public" in listed[1] and "block=関東" in listed[1] and "募集一覧.csv" in listed[1]
