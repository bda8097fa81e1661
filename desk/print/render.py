"""Render sheets from plain data to PDF bytes (no database: see desk.print.data for the glue)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from desk.print.coordinator import coordinator_sheet
from desk.print.facts import PrintContext, SheetInput
from desk.print.layout import Styles, build_pdf
from desk.print.masking import public_view
from desk.print.public import public_sheet


class Audience(StrEnum):
    COORDINATOR = "coordinator"  # full facts and candidates' contact details: stays at the desk
    PUBLIC = "public"  # what registrants may see: masked postings keep only the masked scope


def render_pdf(sheets: SheetInput | Sequence[SheetInput], audience: Audience | str = Audience.COORDINATOR,
               ctx: PrintContext | None = None) -> bytes:
    """One PDF with one sheet per posting, one after another, each starting on a new page."""
    items = [sheets] if isinstance(sheets, SheetInput) else list(sheets)
    if not items:
        raise ValueError("no posting to print")
    audience = Audience(audience)
    ctx = ctx or PrintContext()
    styles = Styles()
    if audience is Audience.PUBLIC:
        built = [public_sheet(item, ctx, styles) for item in items]
        ids = [public_view(item.posting).source_id for item in items]
        title = "募集のご案内 " + ", ".join(ids)
        return build_pdf(built, title=title)
    built = [coordinator_sheet(item, ctx, styles) for item in items]
    title = "候補者シート " + ", ".join(item.posting.source_id for item in items)
    return build_pdf(built, title=title, author=ctx.coordinator)
