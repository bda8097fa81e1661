"""The rejects file in the coordinator's language: the importer writes each rejected row with its
reasons in English (the command line's words); the window, in Japanese, rewrites the reasons column
with the same Japanese the import dialog shows (desk.core.records.reason_ja)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desk.app.base import AppBase

REASONS_HEADER = "取込エラー内容"


class RejectsApi(AppBase):
    def rejects_in_japanese(self, path: str | Path, rejects: Sequence[Any]) -> bool:
        """Rewrite the reasons column of the rejects file at ``path``; False when it is not one."""
        path = Path(path)
        by_row: dict[int, list[str]] = {}
        for r in rejects:
            by_row.setdefault(int(r.row), []).append(f"{r.column}: {r.reason_ja}" if r.column else r.reason_ja)
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        if not rows or len(rows[0]) < 2 or rows[0][-1] != REASONS_HEADER:
            return False
        for row in rows[1:]:
            if len(row) >= 2 and row[-2].isdigit() and int(row[-2]) in by_row:
                row[-1] = " / ".join(by_row[int(row[-2])])
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(rows)
        tmp.replace(path)
        return True
