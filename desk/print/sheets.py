"""Print sheets for postings in the database: what the window and the command line call.

``render_sheet`` returns the PDF bytes (for a preview or the printer); ``write_sheet`` writes a
file and records the export (who, what, when: candidate sheets carry registrants' personal data).
Call ``record_sheet_export`` when bytes from ``render_sheet`` go to a printer.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desk.print.data import DEFAULT_TOP, load_sheet_inputs
from desk.print.facts import PrintContext, SheetInput
from desk.print.render import Audience, render_pdf
from desk.services.export_files import record_and_place, record_export, staged
from desk.settings import load_settings
from desk.store.db import Database


@dataclass(frozen=True)
class SheetResult:
    path: Path
    postings: list[str]
    candidates: int  # candidate lines printed (registrants' personal data)
    size: int  # bytes written


def _ids(posting_ids: str | Sequence[str]) -> list[str]:
    ids = [posting_ids] if isinstance(posting_ids, str) else list(posting_ids)
    if not ids:
        raise ValueError("no posting to print")
    return ids


def build_sheets(
    db: Database,
    posting_ids: str | Sequence[str],
    *,
    audience: Audience | str = Audience.COORDINATOR,
    top: int | None = DEFAULT_TOP,
    filter_text: str | None = None,
    weights: dict[str, float] | None = None,
) -> list[SheetInput]:
    """The data behind the sheets; public sheets load no candidates."""
    return load_sheet_inputs(db, _ids(posting_ids), with_candidates=Audience(audience) is Audience.COORDINATOR,
                             top=top, filter_text=filter_text, weights=weights)


def render_sheet(
    db: Database,
    posting_ids: str | Sequence[str],
    *,
    audience: Audience | str = Audience.COORDINATOR,
    coordinator: str | None = None,
    top: int | None = DEFAULT_TOP,
    filter_text: str | None = None,
    weights: dict[str, float] | None = None,
    printed_at: dt.datetime | None = None,
) -> bytes:
    """One PDF for one or several postings (source ids), one sheet after another.

    Raises :class:`desk.print.data.PostingNotFoundError` naming the ids not in the database.
    """
    sheets = build_sheets(db, posting_ids, audience=audience, top=top, filter_text=filter_text, weights=weights)
    return render_pdf(sheets, audience, _context(coordinator, printed_at))


def write_sheet(
    path: str | os.PathLike[str],
    db: Database,
    posting_ids: str | Sequence[str],
    *,
    audience: Audience | str = Audience.COORDINATOR,
    coordinator: str | None = None,
    top: int | None = DEFAULT_TOP,
    filter_text: str | None = None,
    weights: dict[str, float] | None = None,
    printed_at: dt.datetime | None = None,
) -> SheetResult:
    """Write the PDF (atomically: a half-written file never replaces a good one) and record the export."""
    target = Path(path)
    ctx = _context(coordinator, printed_at)
    sheets = build_sheets(db, posting_ids, audience=audience, top=top, filter_text=filter_text, weights=weights)
    data = render_pdf(sheets, audience, ctx)
    ids = [s.posting.source_id for s in sheets]
    candidates = sum(len(s.candidates) for s in sheets)
    audience = Audience(audience)
    with staged(target) as tmp:  # the PDF gets its name only once its export record is committed
        tmp.write_bytes(data)
        record_and_place(db, tmp, target, f"sheet_{audience.value}", ctx.coordinator,
                         _sheet_filters(ids, audience, top), candidates)
    return SheetResult(path=target, postings=ids, candidates=candidates, size=len(data))


def count_candidates(db: Database, posting_ids: str | Sequence[str], *, audience: Audience | str,
                     top: int | None = DEFAULT_TOP, filter_text: str | None = None,
                     weights: dict[str, float] | None = None, coordinator: str | None = None) -> int:
    """How many candidates the sheets of ``posting_ids`` carry (what a print records); takes the
    same arguments as ``render_sheet``."""
    del coordinator  # printed on the sheet, not a filter
    if Audience(audience) is not Audience.COORDINATOR:
        return 0
    sheets = build_sheets(db, posting_ids, audience=audience, top=top, filter_text=filter_text, weights=weights)
    return sum(len(s.candidates) for s in sheets)


def _sheet_filters(ids: Sequence[str], audience: Audience, top: int | None) -> dict[str, object]:
    return {"postings": list(ids), "audience": audience.value, "top": top}


def record_sheet_export(
    db: Database,
    *,
    destination: str,
    audience: Audience | str,
    posting_ids: Sequence[str],
    coordinator: str,
    candidates: int,
    top: int | None = None,
) -> None:
    """Log who printed which postings' sheets, where to, and how many candidates they carried."""
    audience = Audience(audience)
    record_export(db, f"sheet_{audience.value}", destination, coordinator, _sheet_filters(posting_ids, audience, top),
                  candidates)


def _context(coordinator: str | None, printed_at: dt.datetime | None) -> PrintContext:
    name = coordinator if coordinator is not None else load_settings().coordinator
    return PrintContext(coordinator=name, printed_at=printed_at or dt.datetime.now().replace(microsecond=0))
