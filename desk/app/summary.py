"""The block × occupation summary of open headcount."""

from __future__ import annotations

import datetime as dt

from desk.app.base import AppBase
from desk.services import summary

Summary = summary.Summary


class SummaryApi(AppBase):
    def summary(self, *, blocks: str = "regions", from_date: dt.date | None = None) -> Summary:
        return summary.summary(self.db, blocks=blocks, from_date=from_date)  # type: ignore[arg-type]
