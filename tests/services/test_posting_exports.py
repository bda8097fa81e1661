"""The postings list to hand on: the public list never carries what masking hides; the internal list
carries everything; filters, formulas, encodings and the export record."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desk.print.masking import REDACTED, public_view
from desk.services import placements as log
from desk.services.demo import load_demo
from desk.services.exports import ExportInputError, list_exports
from desk.services.posting_exports import (
    COORDINATOR_HEADERS,
    PUBLIC_HEADERS,
    PostingFilters,
    export_postings,
)
from desk.store.db import Database
from desk.store.models import Posting, PostingSlot, Registrant

D = dt.date(2021, 6, 12)
SECRETS = ("municipality_name", "venue_name", "venue_address", "contact_name", "contact_phone", "contact_email")


def squash(text: object) -> str:
    return "".join(str(text or "").split())


def read_back(path: Path, encoding: str = "utf-8-sig") -> tuple[list[str], dict[str, dict[str, object]]]:
    """(header, {募集ID: {column: value}}) from a .csv (read with csv) or an .xlsx (openpyxl)."""
    if path.suffix == ".csv":
        with path.open(encoding=encoding, newline="") as fh:
            rows: list[list[object]] = [list(r) for r in csv.reader(fh)]
    else:
        rows = [list(r) for r in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]
    header = [str(h) for h in rows[0]]
    return header, {str(r[0]): dict(zip(header, r, strict=True)) for r in rows[1:]}


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_public_list_hides_what_every_masked_demo_posting_hides_and_the_internal_list_shows_it(
        db: Database, tmp_path: Path, suffix: str) -> None:
    load_demo(db, registrants=20, postings=150, seed=3)  # generate_postings through the real importer
    public_file, internal_file = tmp_path / f"public.{suffix}", tmp_path / f"internal.{suffix}"
    every = PostingFilters(status="all")
    assert export_postings(db, public_file, every).kind == "postings_public"  # public is the default
    export_postings(db, internal_file, every, audience="coordinator")
    public_header, public = read_back(public_file)
    internal_header, internal = read_back(internal_file)
    assert public_header == PUBLIC_HEADERS and internal_header == COORDINATOR_HEADERS
    with db.session() as s:
        postings = s.scalars(select(Posting).options(selectinload(Posting.slots)).order_by(Posting.source_id)).all()
    assert set(public) == set(internal) == {p.source_id for p in postings}
    masked = [p for p in postings if p.masked]
    assert len(masked) >= 30
    checked = 0
    for p in masked:
        row, full = public[p.source_id], internal[p.source_id]
        area = public_view(p).area
        assert area and row["地域"] == area == full["地域"], p.source_id
        assert all(row[h] == REDACTED for h in ("会場名", "会場住所", "担当者名", "担当者電話", "担当者メール"))
        assert full["マスキング"] == "あり"
        public_text = squash("".join(str(v) for v in row.values() if v is not None))
        internal_text = squash("".join(str(v) for v in full.values() if v is not None))
        for name in SECRETS:
            value = squash(getattr(p, name))
            if not value or value in squash(area):
                continue  # some sources mask at the source: the "address" is the municipality itself
            assert value not in public_text, (p.source_id, name, value)
            assert value in internal_text, (p.source_id, name, value)
            checked += 1
    assert checked >= 2 * len(masked)
    shown = next(p for p in postings if not p.masked and p.venue_name)
    assert public[shown.source_id]["会場名"] == shown.venue_name
    assert internal[shown.source_id]["マスキング"] == "なし"


def seed(db: Database) -> None:
    rows = (
        # source id, pref, muni code, prefecture, city, occupation, status, masked, facility
        ("K-1", "14", "14109", "神奈川県", "横浜市港北区", "doctor", "open", True, "医療法人社団 髙﨑会 さくらクリニック"),
        ("K-2", "14", "14109", "神奈川県", "横浜市港北区", "nurse", "paused", False, "横浜市"),
        ("H-1", "01", "01101", "北海道", "札幌市中央区", "doctor", "open", False, "札幌市"),
        ("O-1", "27", "27127", "大阪府", "大阪市北区", "nurse", "ended", False, "大阪市"),
        ("O-2", "27", "27127", "大阪府", "大阪市北区", "doctor", "open", False, "大阪市"),
    )
    with db.session() as s:
        for sid, pref, muni, prefecture, city, occ, status, masked, facility in rows:
            p = Posting(source_id=sid, pref_code=pref, muni_code=muni, prefecture=prefecture, city=city,
                        municipality_name=facility, occupation=occ, status=status, masked=masked, headcount=2,
                        venue_name="さくらクリニック 別館" if masked else f"{city}集団接種会場",
                        venue_address=f"{prefecture}{city}新横浜2-1-1", contact_name="接種対策室 渡邊",
                        contact_phone="045-671-2401", contact_email="info@sakura.example.jp",
                        duties="さくらクリニック 別館にて予診。問合せ 045-671-2401 渡邊まで" if masked else "予診",
                        pay="+3,000円/時" if sid == "O-2" else "時給3,000円")
            if sid == "O-2":
                p.venue_name = '=HYPERLINK("http://evil","x")'
            p.slots = [PostingSlot(date=D, start=dt.time(9), end=dt.time(12)),
                       PostingSlot(date=D + dt.timedelta(days=7), start=dt.time(9), end=dt.time(12)),
                       PostingSlot(date=D - dt.timedelta(days=7), start=dt.time(9), end=dt.time(12), active=False)]
            s.add(p)
        s.add(Registrant(source_id="R-1", name="髙橋 花子", occupation="doctor"))
    for state in ("proposed", "accepted", "confirmed"):
        log.transition(db, "K-1", "R-1", state, coordinator="佐藤")


def ids(path: Path) -> list[str]:
    return list(read_back(path)[1])


def test_filters_status_place_occupation_and_block(db: Database, tmp_path: Path) -> None:
    seed(db)
    out = tmp_path / "list.csv"
    export_postings(db, out)
    assert ids(out) == ["H-1", "K-1", "O-2"], "open postings by default, in prefecture order"
    export_postings(db, out, PostingFilters(status="all"))
    assert ids(out) == ["H-1", "K-1", "K-2", "O-1", "O-2"]
    export_postings(db, out, PostingFilters(status="停止"))
    assert ids(out) == ["K-2"]
    export_postings(db, out, PostingFilters(status="all", municipality="港北"))
    assert ids(out) == ["K-1", "K-2"]
    export_postings(db, out, PostingFilters(status="all", occupation="Ns"))
    assert ids(out) == ["K-2", "O-1"]
    export_postings(db, out, PostingFilters(status="all", block="関東"))
    assert ids(out) == ["K-1", "K-2"]
    export_postings(db, out, PostingFilters(block="近畿", occupation="医師"))
    assert ids(out) == ["O-2"]
    # A masked posting is found by its facility's name only in the internal list.
    assert export_postings(db, out, PostingFilters(municipality="さくらクリニック")).rows == 0
    assert export_postings(db, out, PostingFilters(municipality="さくらクリニック"), audience="coordinator").rows == 1


def test_masked_free_text_is_scrubbed_and_the_internal_list_has_fill_and_slots(db: Database, tmp_path: Path) -> None:
    seed(db)
    export_postings(db, tmp_path / "public.csv")
    export_postings(db, tmp_path / "internal.csv", audience="coordinator")
    row = read_back(tmp_path / "public.csv")[1]["K-1"]
    assert row["地域"] == "神奈川県横浜市港北区" and row["募集者"] == REDACTED
    assert "さくらクリニック" not in row["業務内容"] and "045-671-2401" not in row["業務内容"]
    assert "渡邊" not in row["業務内容"] and REDACTED in row["業務内容"]
    # Only the active slots, in order.
    assert row["勤務枠"] == "2021-06-12(土) 09:00-12:00; 2021-06-19(土) 09:00-12:00"
    assert (row["初日"], row["最終日"]) == ("2021-06-12", "2021-06-19")
    full = read_back(tmp_path / "internal.csv")[1]["K-1"]
    assert (full["マスキング"], full["確定"], full["充足"]) == ("あり", "1", "1/2")
    assert full["募集者"] == "医療法人社団 髙﨑会 さくらクリニック" and "さくらクリニック 別館" in full["業務内容"]
    assert full["担当者電話"] == "045-671-2401"


def test_formulas_are_neutralised_and_the_xlsx_is_ready_to_read(db: Database, tmp_path: Path) -> None:
    seed(db)
    out = tmp_path / "list.xlsx"
    export_postings(db, out)
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert ws.title == "募集一覧（公開用）"
    assert all(c.font.bold for c in ws[1]) and ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width >= len("募集ID") and ws.column_dimensions["K"].width > 20
    o2 = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "O-2")
    assert o2[header.index("会場名")].value == "'=HYPERLINK(\"http://evil\",\"x\")"
    assert o2[header.index("給与")].value == "'+3,000円/時"
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert isinstance(o2[header.index("初日")].value, dt.datetime)  # a real date Excel can sort
    csv_out = tmp_path / "list.csv"
    export_postings(db, csv_out)
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_back(csv_out)[1]["O-2"]["会場名"] == "'=HYPERLINK(\"http://evil\",\"x\")"
    internal = openpyxl.load_workbook(export_postings(db, tmp_path / "in.xlsx", audience="coordinator").path).active
    assert internal.title == "募集一覧（内部用）" and "内部用" in internal.oddHeader.center.text


def test_cp932_for_old_excel(db: Database, tmp_path: Path) -> None:
    seed(db)
    out = tmp_path / "list.csv"
    result = export_postings(db, out, PostingFilters(status="all"), audience="coordinator", encoding="cp932")
    assert result.warnings == []
    assert read_back(out, "cp932")[1]["K-1"]["募集者"] == "医療法人社団 髙﨑会 さくらクリニック"


def test_every_export_is_recorded_and_bad_input_records_nothing(db: Database, tmp_path: Path) -> None:
    seed(db)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ExportInputError, match="unknown status"):
        export_postings(db, folder / "a.csv", PostingFilters(status="maybe"))
    with pytest.raises(ExportInputError, match="unknown block"):
        export_postings(db, folder / "a.csv", PostingFilters(block="火星"))
    with pytest.raises(ExportInputError, match="unknown audience"):
        export_postings(db, folder / "a.csv", audience="everyone")
    with pytest.raises(ExportInputError, match=r"\.csv or \.xlsx"):
        export_postings(db, folder / "a.pdf")
    assert list_exports(db) == [] and list(folder.iterdir()) == []
    export_postings(db, folder / "public.xlsx", PostingFilters(block="関東"), coordinator="佐藤")
    export_postings(db, folder / "internal.csv", PostingFilters(status="all"), audience="coordinator",
                    coordinator="田中")
    records = list_exports(db)
    assert [(r.coordinator, r.kind, r.rows, Path(r.file_name).name) for r in records] == [
        ("田中", "postings_coordinator", 5, "internal.csv"), ("佐藤", "postings_public", 1, "public.xlsx")]
    assert records[0].filters == {"status": "all", "audience": "coordinator", "format": "csv", "encoding": "utf-8-sig"}
    assert records[1].filters == {"status": "open", "block": "関東", "audience": "public", "format": "xlsx"}
