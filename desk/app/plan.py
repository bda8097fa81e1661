"""The whole-board plan for the window: plan (with progress and cancel) and supply next to demand."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desk.app.base import AppBase
from desk.services.summary import SupplyRow, supply

if TYPE_CHECKING:  # the planner (ranking for the board, the solver) loads when the board is planned
    from desk.services.plan import PlanResult


class PlanApi(AppBase):
    def plan_board(self, block: str | None = None, *, time_limit: float = 30.0,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> PlanResult:
        """Plan every open posting (or one block); raises desk.services.plan.PlanCancelled."""
        from desk.services.plan import PlanOptions, plan

        options = PlanOptions(block=block or None, max_per_week=self.settings.plan_max_per_week,
                              time_limit=time_limit, lang=self.settings.language)

        def report(fraction: float, _stage: str) -> None:
            if progress is not None:
                progress(int(fraction * 100), 100)

        return plan(self.db, options, weights=self.settings.normalized_weights(), progress=report, cancel=cancelled)

    def plan_supply(self, blocks: str = "regions") -> list[SupplyRow]:
        """Open headcount and who could fill it, per block × occupation × week."""
        return supply(self.db, blocks="mhlw" if blocks == "mhlw" else "regions")
