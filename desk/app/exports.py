"""Files that leave the desk: placement logs, the summary, the postings list and candidate sheets.

Every export of personal data is recorded by the services (who, what, when); the facade supplies
the coordinator and the ranking weights, so the window passes only what the coordinator chose.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desk.app.base import AppBase
from desk.core.weights import normalize_weights


@dataclass(frozen=True)
class Saved:
    """A file written: where, and how many rows or pages it holds."""

    path: Path
    rows: int = 0


class ExportsApi(AppBase):
    def export_placements(self, path: str | Path, *, since: dt.date | None = None) -> Saved:
        from desk.services import exports  # the export services load on first use (issue 17)

        result = exports.export_placements(self.db, path, exports.PlacementFilters(since=since),
                                           coordinator=self.coordinator)
        return Saved(Path(result.path), int(getattr(result, "rows", 0) or 0))

    def export_summary(self, path: str | Path, summary: Any, *, from_date: dt.date | None = None) -> Saved:
        from desk.services import exports

        result = exports.export_summary(self.db, path, summary, coordinator=self.coordinator, from_date=from_date)
        return Saved(Path(result.path), int(getattr(result, "rows", 0) or 0))

    def export_table(self, path: str | Path, title: str, header: list[str], rows: list[list[Any]], *,
                     personal: bool, filters: dict[str, Any] | None = None) -> Saved:
        """A window table as shown; recorded as an export of personal data when ``personal``."""
        from desk.services.table_exports import export_table

        result = export_table(self.db, path, title, header, rows, personal=personal, coordinator=self.coordinator,
                              filters=filters)
        return Saved(Path(result.path), result.rows)

    def list_exports(self) -> list[Any]:
        from desk.services import exports

        return list(exports.list_exports(self.db))

    def export_postings(self, path: str | Path, *, audience: str = "public", status: str = "open") -> Saved:
        from desk.services import posting_exports

        result = posting_exports.export_postings(self.db, path, posting_exports.PostingFilters(status=status),
                                                 audience=audience, coordinator=self.coordinator)
        return Saved(Path(result.path), int(result.rows))

    # ---- candidate sheets (desk.print)
    def _sheet_kwargs(self, filter_text: str | None) -> dict[str, Any]:
        return {"coordinator": self.coordinator, "weights": normalize_weights(self.settings.weights),
                "filter_text": filter_text or None}

    def render_sheet(self, posting_source_ids: list[str], *, audience: str, filter_text: str | None = None) -> bytes:
        from desk.print import render_sheet

        return bytes(render_sheet(self.db, posting_source_ids, audience=audience,
                                  **self._sheet_kwargs(filter_text)))

    def write_sheet(self, path: str | Path, posting_source_ids: list[str], *, audience: str,
                    filter_text: str | None = None) -> Saved:
        from desk.print import write_sheet

        result = write_sheet(path, self.db, posting_source_ids, audience=audience,
                             **self._sheet_kwargs(filter_text))
        return Saved(Path(result.path))

    def record_sheet_print(self, posting_source_ids: list[str], *, audience: str, printer: str,
                           filter_text: str | None = None) -> None:
        """Record a print before it is sent, with the number of candidates the pages really carry."""
        from desk.print import count_candidates, record_sheet_export

        kwargs = self._sheet_kwargs(filter_text)
        count = count_candidates(self.db, posting_source_ids, audience=audience, **kwargs)
        record_sheet_export(self.db, destination=f"printer:{printer}", audience=audience,
                            posting_ids=posting_source_ids, coordinator=self.coordinator, candidates=count)
