"""``desk sheet``: one or several postings to one PDF, for the coordinator or the public."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desk.cli import main
from desk.store.db import open_database
from desk.store.models import ExportRecord, Posting, PostingSlot, Registrant


@pytest.fixture
def url(sqlite_url: str) -> str:
    db = open_database(sqlite_url)
    with db.session() as s:
        for sid, masked in (("K-0001", True), ("K-0002", False)):
            posting = Posting(
                source_id=sid, occupation="doctor", headcount=2, municipality_name="髙﨑記念病院",
                pref_code="10", muni_code="10202", prefecture="群馬県", city="高崎市",
                venue_name="高崎アリーナ（サブ会場）", venue_address="群馬県高崎市下和田町4-1-18",
                contact_name="接種対策室 山﨑", contact_phone="027-321-1234", contact_email="vac@takasaki.example.jp",
                masked=masked, dates_raw="6/12（土）", hours_raw="9:00～12:00",
            )
            posting.slots = [PostingSlot(date=dt.date(2021, 6, 12), start=dt.time(9), end=dt.time(12))]
            s.add(posting)
        for i in range(6):
            s.add(Registrant(source_id=f"D-{i}", name=f"医師 {i}", occupation="doctor", home_pref_code="10",
                             home_muni_code="10202", phone=f"080-1111-000{i}", availability=[]))
    db.dispose()
    return sqlite_url


def _pdf_pages(path: Path) -> int:
    return len(PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_candidate_sheet_for_several_postings(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sheet.pdf"
    code = main(["--db", url, "sheet", "K-0001", "K-0002", "-o", str(out), "--top", "3", "--by", "山﨑"])
    assert code == 0
    assert _pdf_pages(out) == 2
    said = capsys.readouterr().out
    assert "2 posting(s)" in said and "6 candidates" in said and str(out) in said
    db = open_database(url)
    with db.session() as s:
        record = s.scalars(select(ExportRecord)).one()
    db.dispose()
    assert (record.kind, record.coordinator, record.rows) == ("sheet_coordinator", "山﨑", 6)


def test_public_sheet(url: str, tmp_path: Path) -> None:
    out = tmp_path / "public.pdf"
    assert main(["--db", url, "sheet", "K-0001", "-o", str(out), "--audience", "public"]) == 0
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "群馬県高崎市" in text
    assert "高崎アリーナ" not in text and "027-321-1234" not in text and "髙﨑記念病院" not in text


def test_unknown_posting_exits_2_and_writes_nothing(url: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "none.pdf"
    assert main(["--db", url, "sheet", "K-0001", "K-404", "-o", str(out)]) == 2
    assert "unknown posting: K-404" in capsys.readouterr().err
    assert not out.exists()


def test_bad_arguments_exit_2(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url, "sheet", "K-0001", "-o", str(tmp_path / "x.pdf"), "--top", "0"]) == 2
    assert main(["--db", url, "sheet", "K-0001", "-o", str(tmp_path / "x.txt")]) == 2
    assert main(["--db", url, "sheet", "K-0001", "-o", str(tmp_path / "missing" / "x.pdf")]) == 2
    assert "cannot write" in capsys.readouterr().err
