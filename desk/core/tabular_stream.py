"""Reading a table a chunk of rows at a time, so an import's memory does not grow with the file.

The same rows, row numbers, header row, encodings and limits as ``tabular.read_table`` (a test
holds them equal); a CSV file is decoded and split as it is read. An .xlsx sheet (at most
``MAX_XLSX_ROWS`` rows) is read whole by ``read_table`` and handed out in chunks.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from desk.core.tabular import (
    BLOCK,
    HEADER_SCAN_ROWS,
    MAX_COLUMNS,
    MAX_CSV_ROWS,
    TableError,
    _check_file,
    _csv_problem,
    _decode_problem,
    _lines,
    _sniff_delimiter,
    csv_encodings,
    find_header_row,
    read_table,
)

Rows = tuple[list[list[str]], list[int]]  # data rows (padded to the header's width), their file row numbers

#: Data rows a head holds: the rows the import dialog's mapping step takes its sample values from.
HEAD_ROWS = 200


@dataclass
class TableStream:
    path: Path
    encoding: str
    header_row: int
    headers: list[str]
    sheet: str | None
    #: Data rows at most (a count of line ends; a quoted cell may hold one): for progress only.
    estimated_rows: int
    _rows: Iterator[tuple[int, list[str]]]

    def chunks(self, size: int) -> Iterator[Rows]:
        """The data rows, ``size`` at a time. Raises TableError (naming the file) on a problem
        found further down the file."""
        while True:
            block = list(islice(self._rows, size))
            if not block:
                return
            yield [row for _n, row in block], [n for n, _row in block]

    def close(self) -> None:
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()


def open_table(path: str | Path, *, sheet: str | None = None,
               header_score: Callable[[Sequence[str]], float] | None = None) -> TableStream:
    """Open a CSV or .xlsx file: its header is found and read now, its rows as they are asked for."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        table = read_table(path, sheet=sheet, header_score=header_score)
        rows = iter(list(zip(table.row_numbers, table.rows, strict=True)))
        return TableStream(path, table.encoding, table.header_row, table.headers, table.sheet, len(table.rows), rows)
    _check_file(path)
    try:
        encoding, records = _csv_records(path)
        head = list(islice(records, HEADER_SCAN_ROWS))
    except TableError as exc:
        raise TableError(f"{path.name}: {exc}") from None
    except PermissionError:
        raise TableError(f"{path}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise TableError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if head and head[0] and head[0][0].startswith("\ufeff"):
        head[0][0] = head[0][0][1:]
    if not any("".join(row).strip() for row in head):
        records.close()
        raise TableError(f"{path.name}: the file has no rows")
    h = find_header_row(head, header_score or (lambda _row: 0.0))
    headers = [c.strip() for c in head[h]]
    while headers and not headers[-1]:
        headers.pop()
    return TableStream(path, encoding, h + 1, headers, None, _count_lines(path) - h,
                       _data_rows(path, head, records, h, len(headers)))


def _data_rows(path: Path, head: list[list[str]], records: Iterator[list[str]], h: int,
               width: int) -> Iterator[tuple[int, list[str]]]:
    pad = [""] * width
    try:
        for i, row in enumerate(_chain(head, records)):
            if i <= h or not "".join(row).strip():
                continue
            if len(row) < width:
                row.extend(pad[len(row):])
            yield i + 1, row
    except TableError as exc:
        raise TableError(f"{path.name}: {exc}") from None
    except OSError as exc:
        raise TableError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    finally:
        close = getattr(records, "close", None)
        if close is not None:
            close()


def _chain(head: list[list[str]], rest: Iterator[list[str]]) -> Iterator[list[str]]:
    yield from head
    yield from rest


def _count_lines(path: Path) -> int:
    n = 0
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(BLOCK), b""):
            n += block.count(b"\n")
    return n + 1


def _decodes(path: Path, encoding: str, skip: int) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as fh:
        fh.seek(skip)
        try:
            for block in iter(lambda: fh.read(BLOCK), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _csv_records(path: Path) -> tuple[str, Generator[list[str], None, None]]:
    """The file's encoding and its CSV records (trailing empty cells dropped, limits checked)."""
    with path.open("rb") as fh:
        head, detected, tries = csv_encodings(fh)
    enc, skip = tries[-1]
    for candidate, offset in tries[:-1]:  # decided before any row is handed out
        if _decodes(path, candidate, offset):
            enc, skip = candidate, offset
            break
    sample = head[skip:].decode(enc, errors="ignore")
    return enc, _records(path, enc, skip, _sniff_delimiter(sample[:20000]), detected)


def _records(path: Path, enc: str, skip: int, delimiter: str, detected: str) -> Generator[list[str], None, None]:
    with path.open("rb") as fh:
        lines = _lines(fh, enc, skip)
        count = filled = 0
        try:
            for row in csv.reader(lines, delimiter=delimiter):
                while row and not row[-1]:
                    row.pop()  # trailing empty cells (Excel pads every row to the widest)
                if len(row) > MAX_COLUMNS:
                    raise TableError(f"row {count + 1} has {len(row):,} cells; at most {MAX_COLUMNS:,} columns "
                                     "are read (limit)")
                if row:
                    filled += 1
                    if filled > MAX_CSV_ROWS + HEADER_SCAN_ROWS:
                        raise TableError(f"more than {MAX_CSV_ROWS:,} rows; split the file (limit: "
                                         f"{MAX_CSV_ROWS:,} rows per file)")
                count += 1
                if count > 2 * MAX_CSV_ROWS + HEADER_SCAN_ROWS:
                    raise TableError(f"more than {2 * MAX_CSV_ROWS:,} rows, most of them blank; at most "
                                     f"{MAX_CSV_ROWS:,} rows are read (limit)")
                yield row
        except UnicodeDecodeError as exc:
            raise TableError(_decode_problem(enc, exc, detected)) from None
        except csv.Error as exc:
            raise TableError(_csv_problem(exc)) from None
        finally:
            lines.close()


@dataclass(frozen=True)
class TableHead:
    """A table's header and first data rows, without holding the rest of the file."""

    path: Path
    encoding: str
    header_row: int
    headers: list[str]
    rows: list[list[str]]  # the first data rows, at most the head's size
    sheet: str | None
    #: Data rows in the file when known (the head is the whole file, or an .xlsx sheet); else None.
    total: int | None
    #: About how many data rows (the lines below the header): shown until the rows are counted.
    estimated_rows: int


def read_head(path: str | Path, *, rows: int = HEAD_ROWS, sheet: str | None = None,
              header_score: Callable[[Sequence[str]], float] | None = None) -> TableHead:
    """The header and the first ``rows`` data rows: the file is read no further than that (an .xlsx
    sheet is read whole, as ``open_table`` does, and counted)."""
    stream = open_table(path, sheet=sheet, header_score=header_score)
    try:
        data = next(stream.chunks(rows + 1), ([], []))[0]
    finally:
        stream.close()
    if len(data) <= rows:
        total: int | None = len(data)
    elif stream.sheet is not None:
        total = stream.estimated_rows  # a sheet is read whole: its count is exact
    else:
        total = None
    estimate = stream.estimated_rows if stream.sheet is not None else _lines_below(stream)
    return TableHead(stream.path, stream.encoding, stream.header_row, stream.headers, data[:rows], stream.sheet,
                     total, max(estimate, len(data[:rows])))


def _lines_below(stream: TableStream) -> int:
    """Lines below the header row: the data rows when no row is blank and no cell spans lines."""
    with stream.path.open("rb") as fh:
        fh.seek(-1, 2)
        ends = fh.read(1) in (b"\n", b"\r")
    return stream.estimated_rows - (2 if ends else 1)  # estimated_rows counts the header and a last empty line


def count_rows(path: str | Path, *, sheet: str | None = None,
               header_score: Callable[[Sequence[str]], float] | None = None,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None, chunk: int = 10_000) -> int | None:
    """The file's data rows, as ``read_table`` counts them, read in a stream (memory does not grow
    with the file); None when ``cancelled()`` answers True between chunks."""
    stream = open_table(path, sheet=sheet, header_score=header_score)
    done = 0
    try:
        for rows, _numbers in stream.chunks(chunk):
            done += len(rows)
            if cancelled is not None and cancelled():
                return None
            if progress is not None:
                progress(done, max(done, stream.estimated_rows))
    finally:
        stream.close()
    return done
