"""Writing export files the same way everywhere: CSV (UTF-8 with BOM, or cp932) and .xlsx with
every formula-looking cell neutralised, written to a temporary file and put in place in the same
transaction that records the export (who, when, filters, rows)."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk import paths
from desk.core.placement import neutralise_cell
from desk.store.db import Database
from desk.store.models import ExportRecord

if TYPE_CHECKING:  # openpyxl loads when a spreadsheet is written, not with the window (issue 17)
    from openpyxl import Workbook

ENCODINGS = {"utf-8": "utf-8-sig", "utf8": "utf-8-sig", "utf-8-sig": "utf-8-sig", "utf_8_sig": "utf-8-sig",
              "cp932": "cp932", "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "ms932": "cp932"}



class ExportInputError(ValueError):
    """A filter or file name the export cannot use; the message says why."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    kind: str
    rows: int
    record_id: int
    warnings: list[str] = field(default_factory=list)


def file_encoding(name: str) -> str:
    enc = ENCODINGS.get(name.lower().strip())
    if enc is None:
        raise ExportInputError(f"unknown encoding {name!r}; use utf-8 (with BOM) or cp932")
    return enc


def file_format(path: Path, allowed: Sequence[str]) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in allowed:
        raise ExportInputError(f"{path.name}: the file name must end in " + " or ".join(f".{a}" for a in allowed))
    return suffix


def csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(tmp: Path, header: list[str], rows: list[list[Any]], encoding: str) -> list[str]:
    warnings: list[str] = []
    with tmp.open("w", encoding=encoding, errors="strict", newline="") as fh:
        out = csv.writer(fh)
        for n, row in enumerate([header, *rows]):
            cells = []
            for value in row:
                text = neutralise_cell(csv_text(value))
                assert isinstance(text, str)
                try:
                    text.encode(encoding)
                except UnicodeEncodeError:
                    fixed = text.encode(encoding, errors="replace").decode(encoding)
                    warnings.append(f"row {n}: {text!r} cannot be written in {encoding}; written as {fixed!r}")
                    text = fixed
                cells.append(text)
            out.writerow(cells)
    return warnings


@functools.cache
def _illegal_characters() -> re.Pattern[str]:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    pattern: re.Pattern[str] = ILLEGAL_CHARACTERS_RE  # openpyxl has no type hints
    return pattern


def xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        value = _illegal_characters().sub("", value)
    return neutralise_cell(value)


def write_xlsx(tmp: Path, sheets: list[tuple[str, list[str], list[list[Any]]]]) -> None:
    """Each sheet with its header row frozen and an autofilter over the table (Excel's 並べ替えとフィルター)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title)
        ws.freeze_panes = "A2"
        if header:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
        ws.append(header)
        for row in rows:
            ws.append([xlsx_value(v) for v in row])
    save_workbook(wb, tmp)


def save_workbook(wb: Workbook, tmp: Path) -> None:
    """Build the workbook in memory (it is compressed: a few MB), then write it: on a full disk the
    error is raised here, once, not again from a half-written zip archive when it is collected."""
    buf = io.BytesIO()
    wb.save(buf)
    with tmp.open("wb") as fh:
        fh.write(buf.getbuffer())


#: Test hook: called with the final path after the export record is flushed and before it is
#: committed (the file is still under its temporary name). Tests pause or fail here; a test that
#: kills a real process sets DESK_TEST_EXPORT_PAUSE=FILE instead (the file is written, then desk waits).
before_commit: Callable[[Path], None] | None = None


def _pause_for_tests(path: Path) -> None:
    marker = os.environ.get("DESK_TEST_EXPORT_PAUSE")
    if marker:
        Path(marker).write_text(str(path), encoding="utf-8")
        time.sleep(120)


def record_export(db: Database, kind: str, destination: str, coordinator: str, filters: dict[str, Any],
                  rows: int) -> int:
    """Record an export that is not a file desk writes (standard output, a printer); returns its id.

    Call it before the data leaves: what was not recorded must not go out.
    """
    with db.session() as s:
        record = ExportRecord(kind=kind, file_name=destination, coordinator=coordinator, filters=filters, rows=rows)
        s.add(record)
        s.flush()
        return record.id


def record_and_place(db: Database, tmp: Path, path: Path, kind: str, coordinator: str,
                      filters: dict[str, Any], rows: int) -> int:
    """Commit the export's record, then give the written file its final name (0600).

    A crash between the two leaves a record without a file, never a personal-data file that
    ``desk exports`` does not list; the temporary file is removed on every failure.
    """
    try:
        with db.session() as s:
            record = ExportRecord(kind=kind, file_name=str(path), coordinator=coordinator, filters=filters, rows=rows)
            s.add(record)
            s.flush()
            record_id = record.id
            if before_commit is not None:
                before_commit(path)
            _pause_for_tests(path)
        os.replace(tmp, path)
        return record_id
    finally:
        tmp.unlink(missing_ok=True)


def temp_path(path: Path) -> Path:
    """A new, empty, owner-only (0600) file beside ``path`` to write the export into; the leftovers
    of an earlier desk killed while writing the same file are removed first."""
    _remove_stale(path)
    return paths.create_private(path.with_name(f".{path.name}.{os.getpid()}.tmp"))


def _remove_stale(path: Path) -> None:
    prefix = f".{path.name}."
    try:
        leftovers = [p for p in path.parent.iterdir() if p.name.startswith(prefix) and p.name.endswith(".tmp")]
    except OSError:
        return
    for p in leftovers:
        pid = p.name[len(prefix):-len(".tmp")]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            p.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no cheap check: leave it (hidden and private)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@contextmanager
def staged(path: Path) -> Iterator[Path]:
    """A private temporary file beside ``path``, removed however the block ends (disk full included)."""
    tmp = temp_path(path)
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)
