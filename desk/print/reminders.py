"""The reminders call sheet (前日連絡シート): everyone confirmed for a date, one table per venue, in
the embedded IPAex font so pdftotext reads it back exactly. Written atomically and audited."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from desk.print.layout import BODY_W, RULE, SHADE, SheetHeader, Styles, build_pdf, para, slot_date
from desk.services.export_files import ExportResult, record_and_place, temp_path
from desk.services.reminders import KIND, ReminderVenue, confirmed_on
from desk.store.db import Database

_COLS = ("時間", "登録ID", "氏名", "電話", "メール", "確認")
_WIDTHS = (24 * mm, 22 * mm, 40 * mm, 32 * mm, BODY_W - 132 * mm, 14 * mm)


def _venue_block(v: ReminderVenue, styles: Styles) -> Flowable:
    head = para(f"{v.venue or '(会場名なし)'}　{v.municipality}　募集 {v.posting_source_id}", styles.heading)
    address = para(f"所在地：{v.address or '(記載なし)'}", styles.value)
    rows: list[list[object]] = [[para(c, styles.label) for c in _COLS]]
    for p in v.people:
        name = p.name + (f"（{p.name_kana}）" if p.name_kana else "")
        rows.append([para(p.hours_text, styles.value), para(p.registrant_source_id, styles.value),
                     para(name, styles.value), para(p.phone, styles.value), para(p.email, styles.small), ""])
    table = Table(rows, colWidths=list(_WIDTHS), repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), styles.font), ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return KeepTogether([head, address, Spacer(1, 2 * mm), table, Spacer(1, 4 * mm)])


def render_reminders(day: dt.date, venues: list[ReminderVenue], *, coordinator: str = "",
                     printed_at: dt.datetime | None = None) -> bytes:
    styles = Styles()
    when = printed_at or dt.datetime.now().replace(microsecond=0)
    people = sum(len(v.people) for v in venues)
    header = SheetHeader(key=f"reminders-{day.isoformat()}", title="前日連絡シート",
                         subject=f"{day.year}/{slot_date(day)} ・ {len(venues)}会場 ・ {people}名",
                         badge="個人情報", footer=f"印刷 {when:%Y-%m-%d %H:%M} 担当 {coordinator or '-'}")
    story: list[Flowable] = [para(f"{day.year}/{slot_date(day)} 確定者への前日連絡", styles.title),
                             para("勤務日前日に電話またはメールで連絡し、確認欄に記入してください。", styles.subtitle)]
    if not venues:
        story.append(para("この日に確定した人はいません。", styles.value))
    story.extend(_venue_block(v, styles) for v in venues)
    return build_pdf([(header, story)], title=f"前日連絡 {day.isoformat()}", author=coordinator)


def write_reminders_pdf(db: Database, day: dt.date, path: str | Path, *, coordinator: str = "") -> ExportResult:
    """Write the PDF call sheet and record the export (kind ``reminders``), like the CSV/xlsx ones."""
    target = Path(path)
    venues = confirmed_on(db, day)
    data = render_reminders(day, venues, coordinator=coordinator)
    tmp = temp_path(target)
    tmp.write_bytes(data)
    rows = sum(len(v.people) for v in venues)
    record_id = record_and_place(db, tmp, target, KIND, coordinator, {"date": day.isoformat(), "format": "pdf"}, rows)
    return ExportResult(target, KIND, rows, record_id)
