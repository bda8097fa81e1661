"""The posting sheet (audience: registrants, the public).

Built only from :func:`desk.print.masking.public_view`: a masked posting shows its municipality
and the work, never the facility, its address or its contact person.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from desk.print.facts import PrintContext, SheetInput
from desk.print.layout import (
    BODY_W,
    RULE,
    SHADE,
    SheetHeader,
    Styles,
    date_range,
    para,
    slot_date,
    slot_hours,
)
from desk.print.masking import PublicPosting, public_view

STATUS_NOTE = {"paused": "この募集は現在停止中です。", "ended": "この募集は終了しました。"}
MAX_SLOTS_LISTED = 40


def public_sheet(sheet: SheetInput, ctx: PrintContext, styles: Styles) -> tuple[SheetHeader, list[Flowable]]:
    view = public_view(sheet.posting)
    place = view.area or "地域非公開"
    header = SheetHeader(
        key=f"p:{view.source_id}",
        title="募集のご案内",
        subject=" ・ ".join(x for x in (f"募集 {view.source_id}", view.occupation, view.area) if x),
        footer=f"印刷 {ctx.printed_at:%Y-%m-%d}" + (f" ・ 担当 {ctx.coordinator}" if ctx.coordinator else ""),
    )
    story: list[Flowable] = [
        para(f"{view.occupation}の募集 ・ {place}", styles.title),
        para(view.posted_by if not view.masked else "施設名・所在地は応募後にお知らせします", styles.subtitle),
    ]
    if view.status in STATUS_NOTE:
        story.append(para(STATUS_NOTE[view.status], styles.alert))
    story.append(Spacer(1, 4))
    story.append(public_table(view, ctx, styles))
    return header, story


def public_slots(view: PublicPosting) -> str:
    if not view.slots:
        return ""
    parts = [f"{slot_date(s.date)} {slot_hours(s.start, s.end)}" for s in view.slots[:MAX_SLOTS_LISTED]]
    more = len(view.slots) - MAX_SLOTS_LISTED
    if more > 0:
        parts.append(f"ほか {more} 日程")
    return date_range([s.date for s in view.slots]) + "\n" + " ／ ".join(parts)


def public_table(view: PublicPosting, ctx: PrintContext, styles: Styles) -> Table:
    if view.masked:
        contact = "応募・お問い合わせは、このシートをお渡しした登録窓口へ" + (
            f"（担当 {ctx.coordinator}）" if ctx.coordinator else "") + "。"
    else:
        contact = "\n".join(x for x in (view.contact_name, view.contact_phone, view.contact_email) if x)
    occupation = view.occupation + (f"（{view.employment_type}）" if view.employment_type else "")
    rows_data = [
        ("募集ID", view.source_id),
        ("地域", view.area),
        ("募集者", view.posted_by),
        ("会場", view.venue_name),
        ("所在地", view.venue_address),
        ("職種", occupation),
        ("募集人数", f"{view.headcount}人"),
        ("日程", view.dates_raw),
        ("時間", view.hours_raw),
        ("勤務日", public_slots(view)),
        ("給与", view.pay),
        ("業務内容", view.duties),
        ("応募要件", view.requirements),
        ("連絡先", contact),
    ]
    rows = [[para(k, styles.label), para(v, styles.big)] for k, v in rows_data if v]
    label_w = 70
    table = Table(rows, colWidths=[label_w, BODY_W - label_w])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), styles.font),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("BACKGROUND", (0, 0), (0, -1), SHADE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]))
    return table
