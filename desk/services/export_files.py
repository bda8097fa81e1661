"""Writing export files the same way everywhere: CSV (UTF-8 with BOM, or cp932) and .xlsx with
every formula-looking cell neutralised, written to a temporary file and put in place in the same
transaction that records the export (who, when, filters, rows)."""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from desk.core.placement import neutralise_cell
from desk.store.db import Database
from desk.store.models import ExportRecord

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


def xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return neutralise_cell(value)


def write_xlsx(tmp: Path, sheets: list[tuple[str, list[str], list[list[Any]]]]) -> None:
    """Each sheet with its header row frozen and an autofilter over the table (Excel's 並べ替えとフィルター)."""
    wb = Workbook(write_only=True)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title)
        ws.freeze_panes = "A2"
        if header:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
        ws.append(header)
        for row in rows:
            ws.append([xlsx_value(v) for v in row])
    wb.save(tmp)


def record_and_place(db: Database, tmp: Path, path: Path, kind: str, coordinator: str,
                      filters: dict[str, Any], rows: int) -> int:
    try:
        with db.session() as s:
            record = ExportRecord(kind=kind, file_name=str(path), coordinator=coordinator, filters=filters, rows=rows)
            s.add(record)
            s.flush()
            os.replace(tmp, path)
            return record.id
    finally:
        tmp.unlink(missing_ok=True)


def temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")
