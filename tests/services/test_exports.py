"""Placement exports read back as a spreadsheet and as CSV: Japanese intact, formulas neutralised,
filters applied, every export recorded."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from desk.services import placements as log
from desk.services.exports import (
    COUNT_HEADERS,
    EVENT_HEADERS,
    PLACEMENT_HEADERS,
    ExportInputError,
    PlacementFilters,
    export_placements,
    list_exports,
)
from desk.store.db import Database
from desk.store.models import Posting, PostingSlot, Registrant

D = dt.date(2021, 6, 12)


def seed(db: Database) -> None:
    with db.session() as s:
        for sid, muni, occ, day in (("K-1", "横浜市港北区", "doctor", D), ("K-2", "横浜市港北区", "nurse", D),
                                    ("S-1", "札幌市中央区", "doctor", D + dt.timedelta(days=20))):
            p = Posting(source_id=sid, municipality_name=muni, occupation=occ, headcount=2, pref_code="14",
                        prefecture="神奈川県", venue_name="=港北公会堂" if sid == "K-1" else "区民ホール")
            p.slots.append(PostingSlot(date=day, start=dt.time(9), end=dt.time(12)))
            s.add(p)
        s.add(Registrant(source_id="R-1", name="髙橋 花子", name_kana="タカハシ ハナコ", occupation="doctor",
                         phone="+81-90-1234-5678", email="hanako@example.jp"))
        s.add(Registrant(source_id="R-2", name="=HYPERLINK(\"http://evil\",\"x\")", occupation="nurse"))
        s.add(Registrant(source_id="R-3", name="渡邊 一郎", occupation="doctor"))
    for state in ("proposed", "accepted", "confirmed", "worked"):
        log.transition(db, "K-1", "R-1", state, coordinator="佐藤", note="-以上" if state == "worked" else "")
    log.transition(db, "K-2", "R-2", "proposed", coordinator="佐藤")
    log.transition(db, "K-2", "R-2", "declined", coordinator="佐藤", note="@都合")
    log.transition(db, "S-1", "R-3", "proposed", coordinator="田中")
    log.transition(db, "K-1", "R-3", "proposed", coordinator="田中")


def test_xlsx_has_placements_events_and_counts(db: Database, tmp_path: Path) -> None:
    seed(db)
    out = tmp_path / "log.xlsx"
    result = export_placements(db, out, coordinator="佐藤")
    assert result.rows == 4
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["配置", "イベント", "集計"]
    rows = list(wb["配置"].iter_rows(values_only=True))
    assert list(rows[0]) == PLACEMENT_HEADERS
    first = dict(zip(PLACEMENT_HEADERS, rows[1], strict=True))
    assert (first["募集ID"], first["登録ID"], first["氏名"], first["フリガナ"]) == ("K-1", "R-1", "髙橋 花子", "タカハシ ハナコ")
    assert (first["状態"], first["職種"], first["自治体"]) == ("勤務済", "医師", "横浜市港北区")
    assert first["枠"] == "2021-06-12 09:00-12:00"
    assert isinstance(first["確定日時"], dt.datetime) and first["確定日時"] <= first["勤務済日時"]
    assert first["辞退日時"] is None
    # formulas never run: the cells hold text with a leading apostrophe
    assert first["会場"] == "'=港北公会堂" and first["電話"] == "'+81-90-1234-5678"
    evil = next(r for r in rows[1:] if r[PLACEMENT_HEADERS.index("登録ID")] == "R-2")
    assert evil[PLACEMENT_HEADERS.index("氏名")] == "'=HYPERLINK(\"http://evil\",\"x\")"
    assert all(c.data_type != "f" for row in wb["配置"].iter_rows() for c in row)
    events = list(wb["イベント"].iter_rows(values_only=True))
    assert list(events[0]) == EVENT_HEADERS and len(events) == 1 + 8
    notes = [r[EVENT_HEADERS.index("メモ")] for r in events[1:]]
    assert "'-以上" in notes and "'@都合" in notes
    counts = {(r[0], r[1]): dict(zip(COUNT_HEADERS, r, strict=True)) for r in wb["集計"].iter_rows(min_row=2, values_only=True)}
    assert counts[("横浜市港北区", "医師")]["勤務済"] == 1 and counts[("横浜市港北区", "医師")]["提案"] == 1
    assert counts[("横浜市港北区", "医師")]["計"] == 2
    assert counts[("横浜市港北区", "看護師")]["辞退"] == 1
    assert counts[("札幌市中央区", "医師")]["提案"] == 1


def test_csv_is_utf8_with_bom_and_keeps_japanese(db: Database, tmp_path: Path) -> None:
    seed(db)
    out = tmp_path / "log.csv"
    export_placements(db, out, PlacementFilters(status="worked"))
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["氏名"], r["状態"], r["会場"], r["電話"]) for r in rows] == [
        ("髙橋 花子", "勤務済", "'=港北公会堂", "'+81-90-1234-5678")]


def test_csv_in_cp932_for_old_excel(db: Database, tmp_path: Path) -> None:
    seed(db)
    out = tmp_path / "log.csv"
    result = export_placements(db, out, PlacementFilters(occupation="Ns"), encoding="cp932")
    with out.open(encoding="cp932", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["募集ID"], r["職種"], r["状態"]) for r in rows] == [("K-2", "看護師", "辞退")]
    assert result.warnings == []


def test_filters_by_period_and_municipality(db: Database, tmp_path: Path) -> None:
    seed(db)
    out = tmp_path / "log.csv"
    assert export_placements(db, out, PlacementFilters(municipality="港北")).rows == 3
    assert export_placements(db, out, PlacementFilters(municipality="札幌")).rows == 1
    july = PlacementFilters(since=D + dt.timedelta(days=1), until=D + dt.timedelta(days=30))
    assert export_placements(db, out, july).rows == 1
    assert export_placements(db, out, PlacementFilters(until=D - dt.timedelta(days=1))).rows == 0


def test_every_export_is_recorded_with_filters(db: Database, tmp_path: Path) -> None:
    seed(db)
    export_placements(db, tmp_path / "a.xlsx", coordinator="佐藤")
    export_placements(db, tmp_path / "b.csv", PlacementFilters(since=D, municipality="横浜"), coordinator="田中")
    records = list_exports(db)
    assert [(r.coordinator, r.kind, r.rows, Path(r.file_name).name) for r in records] == [
        ("田中", "placements", 3, "b.csv"), ("佐藤", "placements", 4, "a.xlsx")]
    assert records[0].filters == {"since": "2021-06-12", "municipality": "横浜", "format": "csv", "encoding": "utf-8-sig"}


def test_bad_input_writes_and_records_nothing(db: Database, tmp_path: Path) -> None:
    seed(db)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ExportInputError, match=r"\.csv or \.xlsx"):
        export_placements(db, folder / "log.txt")
    with pytest.raises(ExportInputError, match="unknown occupation"):
        export_placements(db, folder / "log.csv", PlacementFilters(occupation="宇宙飛行士"))
    with pytest.raises(ExportInputError, match="unknown state"):
        export_placements(db, folder / "log.csv", PlacementFilters(status="maybe"))
    assert list_exports(db) == [] and list(folder.iterdir()) == []
