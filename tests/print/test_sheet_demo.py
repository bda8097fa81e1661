"""Every masked posting of a generated data set (the demo, through the real importer) stays masked."""

from __future__ import annotations

import datetime as dt

from sheet_samples import squash
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desk.print import public_view, render_sheet
from desk.services.demo import load_demo
from desk.store.models import Posting

SECRET_FIELDS = ("venue_name", "venue_address", "contact_name", "contact_phone", "contact_email")
WHEN = dt.datetime(2021, 6, 10, 9, 0)


def test_public_sheets_of_every_masked_demo_posting_hide_what_the_coordinator_sheet_shows(
    sqlite_db, pdftext,  # type: ignore[no-untyped-def]
) -> None:
    load_demo(sqlite_db, registrants=150, postings=120, seed=3)
    with sqlite_db.session() as s:
        postings = s.scalars(select(Posting).where(Posting.masked.is_(True)).order_by(Posting.source_id)
                               .options(selectinload(Posting.slots))).all()
    assert len(postings) >= 20
    checked = 0
    for posting in postings:
        public = squash(pdftext(render_sheet(sqlite_db, posting.source_id, audience="public", printed_at=WHEN)))
        coordinator = squash(pdftext(render_sheet(sqlite_db, posting.source_id, top=3, printed_at=WHEN)))
        area = public_view(posting).area
        assert area and squash(area) in public, posting.source_id
        for field in SECRET_FIELDS:
            value = squash(getattr(posting, field))
            if not value or value in squash(area):
                continue  # some sources mask at the source: the "address" is the municipality itself
            assert value in coordinator, (posting.source_id, field, value)
            assert value not in public, (posting.source_id, field, value)
            checked += 1
        facility = squash(posting.municipality_name)
        if facility and facility not in squash(area):
            assert facility in coordinator
            assert facility not in public, (posting.source_id, facility)
    assert checked >= 2 * len(postings)
