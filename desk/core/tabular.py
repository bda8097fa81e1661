"""Reading the spreadsheets coordinators have: CSV in UTF-8 (with or without BOM), Shift_JIS/CP932 or
UTF-16, and .xlsx; the header row is found even below a title row or blank rows."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import stat
import zipfile
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

HEADER_SCAN_ROWS = 30

# Limits (stated in the README). Files are read as a stream, block by block; the rows are kept.
MAX_CSV_BYTES = 512 * 2**20  #: a CSV file larger than this is refused before reading
MAX_CSV_ROWS = 1_000_000  #: data rows per CSV file
MAX_XLSX_BYTES = 100 * 2**20  #: an .xlsx file larger than this is refused before opening
MAX_XLSX_INFLATED = 1024 * 2**20  #: ... and one whose parts inflate to more than this
MAX_XLSX_ROWS = 500_000  #: data rows per sheet
MAX_COLUMNS = 1_000  #: filled cells per row
MAX_LINE_CHARS = 2**20  #: characters in one line of a CSV file (csv's own limit per cell: 131,072)
BLOCK = 1 << 20
SHARED_CELLS = 50_000
SAMPLE_BYTES = 1 << 16
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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


def detect_encoding(data: bytes, *, complete: bool = True) -> str:
    """utf-8-sig, utf-16, utf-8 or cp932, decided from the bytes without being told.

    ``complete=False`` when ``data`` is only the start of the file (a character may be cut).
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "cp932"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(data, final=complete)
            return encoding
        except UnicodeDecodeError as exc:
            if encoding == "cp932":
                line = data[: exc.start].count(b"\n") + 1
                raise TableError(
                    f"cannot tell the text encoding: not UTF-8, and byte {exc.start} (line {line}) is not "
                    "Shift_JIS/CP932 either; save the file as CSV UTF-8 or as .xlsx"
                ) from None
    raise AssertionError("unreachable")


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


def _what_it_is(head: bytes) -> str:
    """A few words for what a file's first bytes say it is."""
    if head.startswith(ZIP_MAGIC):
        return "an .xlsx workbook (a zip archive)"
    if head.startswith(OLE_MAGIC):
        return "an old Excel .xls workbook"
    if head.startswith(b"%PDF"):
        return "a PDF document"
    return "a text (CSV) file"


class _Rows:
    """Counts rows and cells as they are read and stops at the stated limits."""

    def __init__(self, max_rows: int) -> None:
        self.rows: list[list[str]] = []
        self.max_rows = max_rows
        self.filled = 0
        self.shared: dict[str, str] = {}  # one string per repeated value (prefecture, occupation, …)

    def add(self, row: list[str]) -> None:
        while row and not row[-1]:
            row.pop()  # trailing empty cells (Excel pads every row to the widest)
        shared = self.shared
        if len(shared) > SHARED_CELLS:
            shared.clear()  # unique values (ids, phones) would fill it; repeated ones come back at once
        row[:] = map(shared.setdefault, row, row)
        if len(row) > MAX_COLUMNS:
            raise TableError(f"row {len(self.rows) + 1} has {len(row):,} cells; at most {MAX_COLUMNS:,} columns "
                             "are read (limit)")
        if row:
            self.filled += 1
            if self.filled > self.max_rows + HEADER_SCAN_ROWS:
                raise TableError(f"more than {self.max_rows:,} rows; split the file (limit: {self.max_rows:,} "
                                 "rows per file)")
        self.rows.append(row)
        if len(self.rows) > 2 * self.max_rows + HEADER_SCAN_ROWS:  # blank rows by the million (a zip bomb)
            raise TableError(f"more than {2 * self.max_rows:,} rows, most of them blank; at most "
                             f"{self.max_rows:,} rows are read (limit)")


def _lines(fh: BinaryIO, encoding: str, skip: int) -> Generator[str, None, None]:
    """Decoded lines (ends kept, split only at CR, LF or CRLF, as csv expects), decoded block by
    block by io.TextIOWrapper; a line longer than MAX_LINE_CHARS is refused without being held.

    Raises UnicodeDecodeError with ``start`` set to the offending byte's offset in the file.
    """
    fh.seek(skip)
    text = io.TextIOWrapper(fh, encoding=encoding, newline="")
    lineno = 0
    try:
        readline = text.readline
        while line := readline(MAX_LINE_CHARS + 1):
            lineno += 1
            if len(line) > MAX_LINE_CHARS and line[-1] not in "\r\n":
                raise TableError(f"line {lineno} is longer than {MAX_LINE_CHARS:,} characters without a line "
                                 "break (limit); is this really a CSV file?")
            yield line
    except UnicodeDecodeError:
        raise _locate(fh, encoding, skip) from None
    finally:
        text.detach()  # the caller's file stays open (another encoding may be tried)


def _locate(fh: BinaryIO, encoding: str, skip: int) -> UnicodeDecodeError:
    """Where decoding fails: the byte's offset in the file and its line (run only on the error path)."""
    fh.seek(skip)
    decoder = codecs.getincrementaldecoder(encoding)()
    offset, lines = skip, 1
    while True:
        block = fh.read(BLOCK)
        pending = decoder.getstate()[0]
        try:
            lines += decoder.decode(block, final=not block).count("\n")
        except UnicodeDecodeError as exc:
            before = exc.object[: exc.start].decode(encoding, errors="ignore")
            exc.reason = f"{exc.reason} (line {lines + before.count(chr(10))})"
            exc.start = max(0, offset - len(pending) + exc.start)
            return exc
        if not block:
            return UnicodeDecodeError(encoding, b"", 0, 0, "cannot be decoded")
        offset += len(block)


def _head(fh: BinaryIO, size: int, limit: int, what: str, advice: str) -> bytes:
    """The first bytes of a file within its size limit (refused before reading when it is beyond)."""
    if size > limit:
        raise TableError(f"{what} is {_size(size)}; at most {_size(limit)} is read (limit); {advice}")
    head = fh.read(SAMPLE_BYTES)
    if not head.strip():
        raise TableError("the file is empty")
    return head


def csv_encodings(fh: BinaryIO) -> tuple[bytes, str, list[tuple[str, int]]]:
    """A CSV file's first bytes, the encoding they say, and the (encoding, bytes to skip) to try
    in turn; refuses a file that is not text or too big."""
    size = os.fstat(fh.fileno()).st_size
    head = _head(fh, size, MAX_CSV_BYTES, "the file", "split the file")
    kind = _what_it_is(head)
    if kind != "a text (CSV) file":
        raise TableError(f"this is {kind}, not a CSV text file; it cannot be read as CSV"
                         + ("; rename it to .xlsx" if head.startswith(ZIP_MAGIC) else ""))
    encoding = detect_encoding(head, complete=len(head) == size)
    # A UTF-8 mark before Shift_JIS text (a tool added it): read what follows the mark as CP932.
    tries = [(encoding, 0), ("cp932", 3)] if encoding == "utf-8-sig" else [(encoding, 0)]
    if encoding == "utf-8":
        tries.append(("cp932", 0))  # not UTF-8 further down
    return head, encoding, tries


def _read_csv(path: Path) -> tuple[str, list[list[str]]]:
    with path.open("rb") as fh:
        head, encoding, tries = csv_encodings(fh)
        for n, (enc, skip) in enumerate(tries):
            sample = head[skip:].decode(enc, errors="ignore")
            try:
                return enc, _parse(_lines(fh, enc, skip), _sniff_delimiter(sample[:20000]))
            except UnicodeDecodeError as exc:
                if n + 1 < len(tries):
                    continue
                raise TableError(_decode_problem(enc, exc, encoding)) from None
            except csv.Error as exc:
                raise TableError(_csv_problem(exc)) from None
    raise AssertionError("unreachable")


def _parse(lines: Generator[str, None, None], delimiter: str) -> list[list[str]]:
    out = _Rows(MAX_CSV_ROWS)
    try:
        for row in csv.reader(lines, delimiter=delimiter):
            out.add(row)
    finally:
        lines.close()  # while the file is still open (a limit may stop the reading half-way)
    rows = out.rows
    if rows and rows[0] and rows[0][0].startswith("\ufeff"):
        rows[0][0] = rows[0][0][1:]
    return rows


def _decode_problem(enc: str, exc: UnicodeDecodeError, detected: str) -> str:
    name = {"utf-16": "UTF-16", "utf-8-sig": "UTF-8", "utf-8": "UTF-8", "cp932": "Shift_JIS/CP932"}.get(enc, enc)
    if enc == "utf-16":
        return (f"the file says it is UTF-16 but is damaged at byte {exc.start:,}: {exc.reason} "
                "(an odd number of bytes or a lone surrogate); save it again as CSV UTF-8")
    if detected == "utf-8-sig":
        return (f"the file starts with a UTF-8 mark but is neither UTF-8 nor Shift_JIS/CP932 at byte "
                f"{exc.start:,}: {exc.reason}; save it again as CSV UTF-8")
    return (f"cannot tell the text encoding: byte {exc.start:,} is not {name} ({exc.reason}); "
            "save the file as CSV UTF-8 or as .xlsx")


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a cell is longer than {csv.field_size_limit():,} characters (limit); is this really a CSV file?"
    if "NUL" in text:
        return "the file contains NUL bytes: it is not a CSV text file"
    return f"not a readable CSV file: {text}"


def _check_xlsx(path: Path) -> None:
    """Refuse early what openpyxl would choke on or take too long over: not a zip, not a workbook,
    too big when inflated."""
    with path.open("rb") as fh:
        head = _head(fh, os.fstat(fh.fileno()).st_size, MAX_XLSX_BYTES, "the workbook", "save it as CSV")
    if not head.startswith(ZIP_MAGIC):
        kind = _what_it_is(head)
        hint = "; rename it to .csv" if kind.startswith("a text") else ""
        raise TableError(f"this is {kind}, not an .xlsx workbook; it cannot be read as .xlsx{hint}")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            inflated = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise TableError(f"the .xlsx workbook is damaged (the zip archive cannot be read: {exc})") from None
    if "xl/workbook.xml" not in names:
        raise TableError("this is a zip archive but not an .xlsx workbook (no xl/workbook.xml)")
    if inflated > MAX_XLSX_INFLATED:
        raise TableError(f"the workbook inflates to {_size(inflated)}; at most "
                         f"{_size(MAX_XLSX_INFLATED)} is read (limit); save it as CSV")


def _read_xlsx(path: Path, sheet: str | None) -> tuple[str, list[list[str]]]:
    import openpyxl  # imported here: CSV imports should not pay for it

    _check_xlsx(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except TableError:
        raise
    except Exception as exc:  # noqa: BLE001 - zip, zlib, XML and openpyxl errors of a damaged file
        raise TableError(f"the .xlsx workbook is damaged and cannot be read ({_short(exc)})") from None
    try:
        if sheet is not None:
            if sheet not in wb.sheetnames:
                raise TableError(f"no sheet named {sheet!r}; the sheets are: {', '.join(wb.sheetnames)}")
            ws = wb[sheet]
        else:
            if not wb.worksheets:
                raise TableError("the workbook has no worksheet")
            ws = wb.worksheets[0]
        declared = getattr(ws, "max_row", None) or 0
        if declared > MAX_XLSX_ROWS + 10 * HEADER_SCAN_ROWS:
            raise TableError(f"the sheet {ws.title!r} has {declared:,} rows; at most {MAX_XLSX_ROWS:,} rows are "
                             "read from a workbook (limit); save it as CSV")
        out = _Rows(MAX_XLSX_ROWS)
        for values in ws.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            out.add([_cell(v) for v in values])
        return ws.title, out.rows
    except TableError:
        raise
    except Exception as exc:  # noqa: BLE001 - a sheet can be damaged past the workbook's start
        raise TableError(f"the .xlsx workbook is damaged and cannot be read ({_short(exc)})") from None
    finally:
        wb.close()


def _size(n: int) -> str:
    return f"{n / 2**20:,.0f} MB" if n >= 2**20 else f"{n:,} bytes"


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:160]}" if text else type(exc).__name__


def _check_file(path: Path) -> None:
    """A missing file, a folder, a FIFO or device, an unreadable file: one plain sentence each."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise TableError(f"{path}: no such file") from None
    except OSError as exc:
        raise TableError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise TableError(f"{path}: is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise TableError(f"{path}: is not a regular file (a pipe, socket or device); save the data to a file first")
    if not os.access(path, os.R_OK):
        raise TableError(f"{path}: cannot be read (permission denied)")


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
    _check_file(path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            sheet_name, rows = _read_xlsx(path, sheet)
            encoding = "xlsx"
        elif suffix == ".xls":
            raise TableError("old .xls workbooks are not read; save it as .xlsx or CSV")
        else:
            encoding, rows = _read_csv(path)
            sheet_name = None
    except TableError as exc:
        raise TableError(f"{path.name}: {exc}") from None
    except PermissionError:
        raise TableError(f"{path}: cannot be read (permission denied)") from None
    except MemoryError:
        raise TableError(f"{path.name}: the file is too big for this computer's memory") from None
    except OSError as exc:
        raise TableError(f"{path}: cannot be read ({exc.strerror or exc})") from None
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
            row.extend([""] * (width - len(row)))  # in place: a million rows are not copied
        data.append(row)
        numbers.append(i + 1)
    return RawTable(path=path, encoding=encoding, header_row=h + 1, headers=headers, rows=data,
                    row_numbers=numbers, sheet=sheet_name)
