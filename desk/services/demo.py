"""Demo data through the real import pipeline: ``desk demo`` and the window's first-start offer.

The generated rows are written to CSV files in a temporary folder and imported exactly as a
coordinator's files would be, so the demo also exercises header mapping and normalisation.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from desk.core.demo import (
    POSTING_HEADERS,
    REGISTRANT_HEADERS,
    generate_postings,
    generate_registrants,
    write_csv,
)
from desk.services.importer import ImportOptions, ImportReport, import_file
from desk.services.queries import DEMO_COORDINATOR  # one mark for demo rows (the window shows it)
from desk.store.db import Database
from desk.store.models import Posting, Registrant

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

#: Demo rows are from 2021; dates written without a year are read in that season.
DEMO_REFERENCE_DATE = dt.date(2021, 5, 1)


class DatabaseNotEmpty(Exception):
    """The database already holds postings or registrants; demo data would mix with them."""

    def __init__(self, postings: int, registrants: int) -> None:
        super().__init__(
            f"the database already holds {postings} postings and {registrants} registrants; "
            "demo data would mix with them"
        )
        self.postings = postings
        self.registrants = registrants


def counts(db: Database) -> tuple[int, int]:
    """(postings, registrants) in the database."""
    with db.session() as session:
        postings = session.scalar(select(func.count()).select_from(Posting)) or 0
        registrants = session.scalar(select(func.count()).select_from(Registrant)) or 0
    return postings, registrants


def is_empty(db: Database) -> bool:
    return counts(db) == (0, 0)


def load_demo(
    db: Database, registrants: int = 3000, postings: int = 300, seed: int = 1,
    progress: Progress | None = None, *, cancel: Cancel | None = None, force: bool = False,
) -> tuple[ImportReport, ImportReport]:
    """Generate and import demo postings, then registrants; returns the two import reports.

    Raises ``DatabaseNotEmpty`` unless the database is empty or ``force`` is given, and the
    importer's ``ImportCancelled`` when ``cancel()`` turns true (that import is rolled back).
    ``progress(done, total)`` counts generated rows over both imports.
    """
    if not force:
        have = counts(db)
        if have != (0, 0):
            raise DatabaseNotEmpty(*have)
    total = max(1, postings + registrants)

    def scaled(offset: int, size: int) -> Progress | None:
        if progress is None:
            return None
        outer = progress

        def report(done: int, of: int) -> None:
            outer(offset + round(size * done / max(1, of)), total)

        return report

    options = ImportOptions(
        accept_partial=True,  # the demo loads whatever the importer accepts; callers show the counts
        coordinator=DEMO_COORDINATOR,
        full_export=False,  # with --force, postings already there must not be flagged missing
        reference_date=DEMO_REFERENCE_DATE,
    )
    with tempfile.TemporaryDirectory(prefix="desk-demo-") as tmp:
        folder = Path(tmp)
        posting_file = write_csv(folder / "demo-postings.csv", generate_postings(postings, seed=seed), POSTING_HEADERS)
        registrant_file = write_csv(
            folder / "demo-registrants.csv", generate_registrants(registrants, seed=seed), REGISTRANT_HEADERS
        )
        posting_report = import_file(db, "postings", posting_file, options, scaled(0, postings), cancel)
        registrant_report = import_file(
            db, "registrants", registrant_file, options, scaled(postings, registrants), cancel
        )
    return posting_report, registrant_report
