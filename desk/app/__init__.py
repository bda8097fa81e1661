"""The application boundary: the one typed facade between the window and everything below it.

Layers run one way: core < store < services < print < app < ui / cli. The window (desk.ui) talks to
desk only through :class:`DeskApp`; every method may block on the database, so the window calls it
through ``desk.ui.runner.Runner`` (off the GUI thread), never directly from a slot.

Each area of work adds its methods in its own module as a mixin (``desk/app/<area>.py``, a class
``<Area>Api(AppBase)``) and is listed once in ``DeskApp``'s bases. Methods take and return plain
values or frozen dataclasses, never ORM objects or sessions. The one meaning of "booked" and
"filled" is desk.app.booking; the one weight normalising is ``RankingApi.weights``.
"""

from __future__ import annotations

from desk.app.base import AppBase, Identity
from desk.app.bulk import BulkApi
from desk.app.calls import CallsApi
from desk.app.exports import ExportsApi
from desk.app.handouts import HandoutsApi
from desk.app.imports import ImportsApi
from desk.app.persons import PersonsApi
from desk.app.placements import PlacementsApi
from desk.app.plan import PlanApi
from desk.app.postings import PostingsApi
from desk.app.ranking import RankingApi
from desk.app.rejects import RejectsApi
from desk.app.search import SearchApi
from desk.app.settings import SettingsApi
from desk.app.summary import SummaryApi
from desk.app.team import TeamApi

__all__ = ["AppBase", "DeskApp", "Identity", "open_app"]


class DeskApp(
    PostingsApi,
    RankingApi,
    CallsApi,
    PlacementsApi,
    ImportsApi,
    ExportsApi,
    SummaryApi,
    SettingsApi,
    HandoutsApi,
    PersonsApi,
    PlanApi,
    TeamApi,
    SearchApi,
    BulkApi,
    RejectsApi,
    AppBase,
):
    """Everything the window may ask of desk. Composed of the per-area mixins."""


def open_app(url: str | None = None, *, settings: object | None = None) -> DeskApp:
    """Open (and migrate) the database named by ``url`` (or the default) and return the facade."""
    from desk.settings import Settings, load_settings
    from desk.store.db import open_database

    db = open_database(url)
    return DeskApp(db, settings if isinstance(settings, Settings) else load_settings())
