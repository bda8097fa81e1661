"""The rejects file of an import: the rows that could not be read, as they were, with where and why,
so the user can fix and re-import them. It copies registrants' names and phones, so it is written
privately and recorded as an export in the import's own transaction."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy.orm import Session

from desk.core.tabular import RawTable
from desk.services.export_files import temp_path
from desk.store.models import ExportRecord


def default_rejects_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.rejects.csv")


def write_rejects(path: Path, table: RawTable, bad_rows: dict[int, list[str]]) -> None:
    by_number = dict(zip(table.row_numbers, table.rows, strict=True))
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*table.headers, "取込エラー行", "取込エラー内容"])
        for rownum in sorted(bad_rows):
            row = by_number.get(rownum, [])
            row = (row + [""] * len(table.headers))[: len(table.headers)]
            writer.writerow([*row, rownum, " / ".join(bad_rows[rownum])])


def stage_rejects(session: Session, path: Path, table: RawTable, bad_rows: dict[int, list[str]], kind: str,
                  coordinator: str) -> Path:
    """Write the rejects file under a private temporary name and record it as an export in the
    session's transaction; the caller gives it its name after the commit. An OSError leaves no
    temporary file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(path)
    try:
        write_rejects(tmp, table, bad_rows)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    session.add(ExportRecord(kind="rejects", file_name=str(path), coordinator=coordinator,
                             filters={"import": kind, "source": str(table.path)}, rows=len(bad_rows)))
    return tmp
