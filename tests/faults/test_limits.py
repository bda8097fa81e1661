"""The stated limits: a file beyond one is refused early with the limit named (README, File limits)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from corpus import REGISTRANT_HEADER, csv_text, xlsx_bytes

from desk.core import tabular
from desk.core.tabular import TableError, read_table


def _sheet_declaring(rows: int, body_rows: int = 2) -> bytes:
    """A small workbook whose sheet says it holds ``rows`` rows (the size Excel writes in <dimension>)."""
    base = xlsx_bytes(REGISTRANT_HEADER, [["R-1", "髙橋 花子"]] * (body_rows - 1))
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                text = data.decode()
                start = text.index("<dimension ref=\"")
                end = text.index("\"", start + 16)
                data = (text[:start] + f"<dimension ref=\"A1:M{rows}\"" + text[end + 1:]).encode()
            dst.writestr(info.filename, data)
    return out.getvalue()


def test_a_workbook_declaring_a_million_rows_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    path.write_bytes(_sheet_declaring(1_000_000))
    with pytest.raises(TableError, match=r"big.xlsx: the sheet .* has 1,000,000 rows; at most 500,000 rows"):
        read_table(path)


def test_a_million_blank_rows_are_refused_not_walked_forever(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{i}"/>' for i in range(1, 3000))
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>登録ID</t></is></c></row>' + rows + "</sheetData></worksheet>")
    base = zipfile.ZipFile(io.BytesIO(xlsx_bytes(REGISTRANT_HEADER, [])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in base.infolist():
            body = sheet.encode() if info.filename.startswith("xl/worksheets/") else base.read(info.filename)
            dst.writestr(info.filename, body)
    path = tmp_path / "blank.xlsx"
    path.write_bytes(out.getvalue())
    old = tabular.MAX_XLSX_ROWS
    tabular.MAX_XLSX_ROWS = 1000
    try:
        with pytest.raises(TableError, match="most of them blank; at most 1,000 rows"):
            read_table(path)
    finally:
        tabular.MAX_XLSX_ROWS = old


def test_rows_and_size_limits_of_a_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.csv"
    path.write_text(csv_text(REGISTRANT_HEADER, [[f"R-{i}", "山田"] for i in range(300)]), encoding="utf-8")
    monkeypatch.setattr(tabular, "MAX_CSV_ROWS", 100)
    with pytest.raises(TableError, match="r.csv: more than 100 rows; split the file"):
        read_table(path)
    monkeypatch.setattr(tabular, "MAX_CSV_BYTES", 1024)
    with pytest.raises(TableError, match=r"r.csv: the file is [0-9,]+ bytes; at most 1,024 bytes is read \(limit\)"):
        read_table(path)


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(xlsx_bytes(REGISTRANT_HEADER, [["R-1", "山田"]]))
    monkeypatch.setattr(tabular, "MAX_XLSX_INFLATED", 1000)
    with pytest.raises(TableError, match="inflates to [0-9,]+ bytes; at most 1,000 bytes is read"):
        read_table(path)
