"""Importing files from the window: read the file's head for the mapping step, preview (a plan kept
in a frozen object), commit that plan.

``read_head`` reads the header and the first rows only (a million-row file is not held);
``count_rows`` counts the data rows in a stream when the number is needed before the preview.

``preview`` parses the file once and works out what it would do in a read session (no write
lock); ``commit`` writes exactly that plan, and refuses (desk.services.importer.ImportStale, nothing
written) when the file on disk or the records it adds and updates changed since the preview.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from desk.app.base import AppBase
from desk.core import columns
from desk.core.tabular_stream import TableHead, count_rows, read_head
from desk.services import importer

ImportOptions = importer.ImportOptions
ImportReport = importer.ImportReport
ImportCancelled = importer.ImportCancelled
ImportStale = importer.ImportStale

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class ImportPlan:
    """What the preview showed, handed back to ``commit``: the parsed rows and their effect."""

    prepared: importer.PreparedImport
    options: importer.ImportOptions

    @property
    def report(self) -> importer.ImportReport:
        return self.prepared.preview

    @property
    def path(self) -> Path:
        return self.prepared.path

    @property
    def kind(self) -> str:
        return self.prepared.kind


class ImportsApi(AppBase):
    def read_head(self, path: str | Path) -> TableHead:
        """For the mapping step: the file's encoding, header row, headers and first rows (the file
        is read no further), and its number of data rows when the head is the whole file."""
        return read_head(Path(path), header_score=columns.header_score)

    def count_rows(self, path: str | Path, *, progress: Progress | None = None,
                   cancelled: Cancelled | None = None) -> int:
        """The file's data rows, counted in a stream as the import reads them (memory stays flat).
        Raises ImportCancelled when ``cancelled()`` answers True."""
        total = count_rows(Path(path), header_score=columns.header_score, progress=progress, cancelled=cancelled)
        if total is None:
            raise importer.ImportCancelled("counting cancelled")
        return total

    def saved_mapping_sources(self, kind: str) -> list[str]:
        return importer.saved_mapping_sources(self.db, kind)

    def load_mapping(self, kind: str, source: str) -> dict[str, str] | None:
        return importer.load_mapping(self.db, kind, source)

    def preview_import(self, kind: str, path: str | Path, options: importer.ImportOptions, *,
                       progress: Progress | None = None, cancelled: Cancelled | None = None) -> ImportPlan:
        options = replace(options, dry_run=True, coordinator=options.coordinator or self.coordinator)
        prepared = importer.prepare_import(self.db, kind, path, options, progress, cancelled)
        return ImportPlan(prepared, options)

    def commit_import(self, plan: ImportPlan, *, accept_partial: bool | None = None,
                      save_mapping_as: str | None = None, progress: Progress | None = None,
                      cancelled: Cancelled | None = None) -> importer.ImportReport:
        changes: dict[str, Any] = {"dry_run": False, "save_mapping_as": save_mapping_as}
        if accept_partial is not None:
            changes["accept_partial"] = accept_partial
        options = replace(plan.options, **changes)
        return importer.commit_import(self.db, plan.prepared, options, progress, cancelled)
