"""Any table of the window written as shown (its visible columns, its rows filtered and sorted) to
.csv or .xlsx. Tables that hold personal data (registrants, candidates, the placement log, a
registrant's history) are recorded like every other export of personal data (who, when, which
table and filter); the file is put in place in the same transaction as the record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desk.services.export_files import (
    ExportResult,
    file_encoding,
    file_format,
    record_and_place,
    temp_path,
    write_csv,
    write_xlsx,
)
from desk.store.db import Database

#: Export record kinds: a table with personal data, and one without.
PERSONAL, PLAIN = "table_personal", "table"


def export_table(db: Database, path: str | Path, title: str, header: list[str], rows: list[list[Any]], *,
                 personal: bool, coordinator: str = "", filters: dict[str, Any] | None = None,
                 encoding: str = "utf-8") -> ExportResult:
    """Write ``header`` and ``rows`` to ``path`` (.csv in UTF-8 with BOM or cp932, or .xlsx with a
    frozen header row and an autofilter) and record the export."""
    path = Path(path)
    fmt = file_format(path, ("csv", "xlsx"))
    enc = file_encoding(encoding) if fmt == "csv" else ""
    tmp = temp_path(path)
    warnings: list[str] = []
    if fmt == "csv":
        warnings = write_csv(tmp, header, rows, enc)
    else:
        write_xlsx(tmp, [(title[:31] or "Sheet", header, rows)])
    kind = PERSONAL if personal else PLAIN
    recorded = {"table": title, **(filters or {}), "format": fmt, **({"encoding": enc} if enc else {})}
    record_id = record_and_place(db, tmp, path, kind, coordinator, recorded, len(rows))
    return ExportResult(path, kind, len(rows), record_id, warnings)
