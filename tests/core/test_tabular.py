from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from desk.core.columns import header_score
from desk.core.tabular import TableError, read_table

ROWS = [["募集ID", "自治体名", "職種", "募集人数"], ["K-1", "鎌倉市", "医師", "2"], ["K-2", "髙﨑市", "看護師", "１"]]


def _csv(path: Path, rows: list[list[str]], encoding: str, title: str | None = None) -> Path:
    lines = ([title, ""] if title else []) + [",".join(r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_encoding_is_detected_without_being_told(tmp_path: Path, encoding: str) -> None:
    table = read_table(_csv(tmp_path / "p.csv", ROWS, encoding), header_score=header_score)
    assert table.encoding == encoding
    assert table.headers == ROWS[0]
    assert table.rows[1][1] == "髙﨑市"


def test_header_found_below_a_title_row_and_blank_rows(tmp_path: Path) -> None:
    path = _csv(tmp_path / "p.csv", ROWS, "cp932", title="令和3年6月 募集一覧（鎌倉市）")
    table = read_table(path, header_score=header_score)
    assert table.header_row == 3
    assert table.headers[0] == "募集ID"
    assert table.row_numbers == [4, 5]


def test_xlsx_first_sheet_or_named_sheet(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表紙"
    ws.append(["この表は説明です"])
    other = wb.create_sheet("募集")
    other.append(["募集一覧"])
    other.append([])
    for r in ROWS:
        other.append(r)
    path = tmp_path / "book.xlsx"
    wb.save(path)
    table = read_table(path, sheet="募集", header_score=header_score)
    assert (table.encoding, table.sheet, table.header_row) == ("xlsx", "募集", 3)
    assert table.rows[0][:2] == ["K-1", "鎌倉市"]
    with pytest.raises(TableError, match="no sheet named 'なし'.*表紙, 募集"):
        read_table(path, sheet="なし")


def test_unreadable_bytes_are_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\x81\x20\xff\xfe\x00abc")
    with pytest.raises(TableError, match="encoding"):
        read_table(path)
