"""Reading the spreadsheets coordinators have: CSV in UTF-8 (with or without BOM), Shift_JIS/CP932 or
UTF-16, and .xlsx; the header row is found even below a title row or blank rows."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HEADER_SCAN_ROWS = 30


class TableError(ValueError):
    """The file cannot be read as a table; the message names the file and says why."""


@dataclass
class RawTable:
    path: Path
    encoding: str  # utf-8, utf-8-sig, cp932, utf-16, xlsx
    header_row: int  # 1-based row number of the header in the file
    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int] = field(default_factory=list)  # 1-based file row of each data row
    sheet: str | None = None

    def __len__(self) -> int:
        return len(self.rows)


def detect_encoding(data: bytes) -> str:
    """utf-8-sig, utf-16, utf-8 or cp932, decided from the bytes without being told."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp932")
        return "cp932"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TableError(
            f"cannot tell the text encoding: not UTF-8, and byte {exc.start} (line {line}) is not "
            "Shift_JIS/CP932 either; save the file as CSV UTF-8 or as .xlsx"
        ) from None


def _sniff_delimiter(sample: str) -> str:
    lines = [ln for ln in sample.splitlines()[:20] if ln.strip()]
    best, best_score = ",", -1
    for delim in (",", "\t", ";"):
        counts = [ln.count(delim) for ln in lines]
        score = max(counts, default=0)
        if score > best_score:
            best, best_score = delim, score
    return best


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(path: Path) -> tuple[str, list[list[str]]]:
    data = path.read_bytes()
    if not data.strip():
        raise TableError("the file is empty")
    encoding = detect_encoding(data)
    text = data.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text[:20000]))
    try:
        rows = list(reader)  # cells are stripped where they are read (clean), headers below
    except csv.Error as exc:
        raise TableError(f"not a readable CSV file: {exc}") from None
    return encoding, rows


def _read_xlsx(path: Path, sheet: str | None) -> tuple[str, list[list[str]]]:
    import openpyxl  # imported here: CSV imports should not pay for it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise TableError(f"not a readable .xlsx workbook: {exc}") from None
    try:
        if sheet is not None:
            if sheet not in wb.sheetnames:
                raise TableError(f"no sheet named {sheet!r}; the sheets are: {', '.join(wb.sheetnames)}")
            ws = wb[sheet]
        else:
            ws = wb.worksheets[0]
        rows = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
        return ws.title, rows
    finally:
        wb.close()


def find_header_row(rows: Sequence[Sequence[str]], score: Callable[[Sequence[str]], float]) -> int:
    """Index of the row that looks most like a header: the best ``score`` (known column names),
    then the most filled cells; title rows and blank rows above it are skipped."""
    best_i, best = 0, (-1.0, -1)
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        filled = sum(1 for c in row if c)
        if filled == 0:
            continue
        key = (score(row), filled)
        if key > best:
            best_i, best = i, key
    return best_i


def read_table(
    path: str | Path, *, sheet: str | None = None, header_score: Callable[[Sequence[str]], float] | None = None
) -> RawTable:
    """Read a CSV or .xlsx file into headers and string rows (trailing blank rows dropped)."""
    path = Path(path)
    if not path.exists():
        raise TableError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        sheet_name, rows = _read_xlsx(path, sheet)
        encoding = "xlsx"
    elif suffix == ".xls":
        raise TableError(f"{path.name}: old .xls workbooks are not read; save it as .xlsx or CSV")
    else:
        encoding, rows = _read_csv(path)
        sheet_name = None
    while rows and not "".join(rows[-1]).strip():
        rows.pop()
    if not rows:
        raise TableError(f"{path.name}: the file has no rows")
    h = find_header_row(rows, header_score or (lambda _row: 0.0))
    headers = [c.strip() for c in rows[h]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    data: list[list[str]] = []
    numbers: list[int] = []
    for i in range(h + 1, len(rows)):
        row = rows[i]
        if not "".join(row).strip():
            continue
        if len(row) < width:
            row = row + [""] * (width - len(row))
        data.append(row)
        numbers.append(i + 1)
    return RawTable(path=path, encoding=encoding, header_row=h + 1, headers=headers, rows=data,
                    row_numbers=numbers, sheet=sheet_name)
