"""Page furniture shared by the sheets: A4 frame, styles, header, footer and "page n / N".

Several postings go into one PDF one after another; each posting's sheet starts on a new page
and is numbered on its own ("1 / 2"), so a sheet handed on keeps its page count.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Paragraph

from desk.print.fonts import ensure_font

PAGE_W, PAGE_H = A4
MARGIN_X = 12 * mm
MARGIN_TOP = 17 * mm
MARGIN_BOTTOM = 14 * mm
BODY_W = PAGE_W - 2 * MARGIN_X

INK = colors.HexColor("#1f2328")
MUTED = colors.HexColor("#59636e")
RULE = colors.HexColor("#b8c0c8")
SHADE = colors.HexColor("#eef1f4")
ALERT = colors.HexColor("#b42318")

WEEKDAYS_JA = "月火水木金土日"


@dataclass(frozen=True)
class SheetHeader:
    """What the header and footer of one sheet's pages say."""

    key: str  # unique per sheet in the document: pages are numbered per sheet
    title: str  # left of the header (候補者シート)
    subject: str  # right of the header (募集 K-0001 ・ 看護師 ・ 横浜市)
    badge: str = ""  # a warning shown in the header (マスキング)
    footer: str = ""  # left of the footer (印刷 … 担当 …)


class Styles:
    """Paragraph styles in the embedded font; Japanese wraps anywhere (wordWrap CJK)."""

    def __init__(self) -> None:
        font = ensure_font()

        def style(name: str, size: float, leading: float, color: Any = INK, **kw: Any) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, textColor=color,
                                  wordWrap="CJK", **kw)

        self.font = font
        self.title = style("title", 15, 19, spaceAfter=2)
        self.subtitle = style("subtitle", 9, 12, MUTED, spaceAfter=4)
        self.heading = style("heading", 10.5, 14, spaceBefore=6, spaceAfter=3)
        self.label = style("label", 7.5, 9.5, MUTED)
        self.value = style("value", 8.5, 10.5)
        self.big = style("big", 10, 12)
        self.small = style("small", 7.5, 9.3)
        self.muted = style("muted", 7.5, 9.3, MUTED)
        self.alert = style("alert", 8.5, 10.5, ALERT)


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: & < > in data never break the layout)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (keeps the sheet to its page budget)."""
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def slot_date(day: dt.date) -> str:
    return f"{day.month}/{day.day}({WEEKDAYS_JA[day.weekday()]})"


def slot_hours(start: dt.time, end: dt.time) -> str:
    return f"{start.hour}:{start.minute:02d}～{end.hour}:{end.minute:02d}"


def date_range(days: Sequence[dt.date]) -> str:
    if not days:
        return ""
    first, last = min(days), max(days)
    head = f"{first.year}/{slot_date(first)}"
    return head if first == last else f"{head}～{slot_date(last)}"


class SheetStart(Flowable):
    """An invisible mark at the start of each sheet: tells the canvas whose page this is."""

    def __init__(self, header: SheetHeader) -> None:
        super().__init__()
        self.header = header
        self.width = self.height = 0

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.desk_header = self.header  # type: ignore[attr-defined]


class _NumberedCanvas(Canvas):
    """Holds pages back until the end so each can say "page n / N" for its own sheet."""

    font = "Helvetica"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Start in the embedded font, so no unembedded standard font (Helvetica) is listed at all.
        kwargs["initialFontName"] = kwargs.get("initialFontName") or self.font
        kwargs["initialFontSize"] = kwargs.get("initialFontSize") or 9
        super().__init__(*args, **kwargs)
        self.desk_header: SheetHeader | None = None
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        totals = Counter(_key(state.get("desk_header")) for state in self._held)
        seen: Counter[str] = Counter()
        for state in self._held:
            self.__dict__.update(state)
            key = _key(self.desk_header)
            seen[key] += 1
            self.setFont(self.font, 8)
            self.setFillColor(MUTED)
            self.drawRightString(PAGE_W - MARGIN_X, MARGIN_BOTTOM - 9 * mm, f"{seen[key]} / {totals[key]} ページ")
            super().showPage()
        super().save()


def _key(header: SheetHeader | None) -> str:
    return header.key if header else ""


def _page_end(canvas: Canvas, _doc: BaseDocTemplate) -> None:
    header: SheetHeader | None = getattr(canvas, "desk_header", None)
    if header is None:
        return
    font = ensure_font()
    canvas.saveState()
    top = PAGE_H - MARGIN_TOP + 5 * mm
    canvas.setFillColor(INK)
    canvas.setFont(font, 9)
    canvas.drawString(MARGIN_X, top, header.title)
    canvas.setFont(font, 8.5)
    canvas.drawRightString(PAGE_W - MARGIN_X, top, header.subject)
    if header.badge:
        width = canvas.stringWidth(header.badge, font, 8) + 8
        x = MARGIN_X + canvas.stringWidth(header.title, font, 9) + 10
        canvas.setStrokeColor(ALERT)
        canvas.setFillColor(ALERT)
        canvas.roundRect(x, top - 2.5, width, 11, 2, stroke=1, fill=0)
        canvas.setFont(font, 8)
        canvas.drawString(x + 4, top, header.badge)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN_X, top - 4, PAGE_W - MARGIN_X, top - 4)
    bottom = MARGIN_BOTTOM - 9 * mm
    canvas.line(MARGIN_X, bottom + 10, PAGE_W - MARGIN_X, bottom + 10)
    canvas.setFillColor(MUTED)
    canvas.setFont(font, 8)
    canvas.drawString(MARGIN_X, bottom, header.footer)
    canvas.restoreState()


def build_pdf(sheets: Sequence[tuple[SheetHeader, list[Flowable]]], *, title: str, author: str = "") -> bytes:
    """Lay out the sheets one after another (each on a new page) and return the PDF."""
    font = ensure_font()
    buf = BytesIO()
    doc = BaseDocTemplate(
        buf, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=title, author=author, creator="desk", subject="",
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, BODY_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="sheet", frames=[frame], onPageEnd=_page_end)])
    story: list[Flowable] = []
    for index, (header, flowables) in enumerate(sheets):
        if index:
            story.append(PageBreak())
        story.append(SheetStart(header))
        story.extend(flowables)
    canvas_class = type("DeskCanvas", (_NumberedCanvas,), {"font": font})
    doc.build(story, canvasmaker=canvas_class)
    return buf.getvalue()
