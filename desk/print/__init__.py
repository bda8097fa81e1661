"""Candidate sheets and posting sheets as PDF (reportlab, A4, embedded IPAex Gothic).

- ``render_sheet(db, ids, audience=…) -> bytes`` / ``write_sheet(path, db, ids, …)``: from the database.
- ``render_pdf(sheets, audience, ctx) -> bytes``: from plain data (:mod:`desk.print.facts`).
- ``public_view(posting)``: the one decision of what the public may see of a (masked) posting.

No Qt here: the window previews or prints the bytes.
"""

from __future__ import annotations

from desk.print.data import PostingNotFoundError
from desk.print.facts import CandidateLine, PostingFacts, PrintContext, SheetInput, SlotFill
from desk.print.masking import PublicPosting, public_view
from desk.print.render import Audience, render_pdf
from desk.print.sheets import SheetResult, count_candidates, record_sheet_export, render_sheet, write_sheet

__all__ = [
    "Audience",
    "CandidateLine",
    "count_candidates",
    "PostingFacts",
    "PostingNotFoundError",
    "PrintContext",
    "PublicPosting",
    "SheetInput",
    "SheetResult",
    "SlotFill",
    "public_view",
    "record_sheet_export",
    "render_pdf",
    "render_sheet",
    "write_sheet",
]
