"""The candidate sheet (audience: the coordinator on the phone).

The posting's full facts at the top, masked flag included, then the ranked candidates: who they
are, how to reach them, where and when they can work, their score and its main reasons, and room
to note the call (□連絡済 □不在 □辞退 and a notes line). Twenty candidates fit on at most three
pages: free-text facts are clipped to a budget and each candidate takes a fixed block.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from desk.core.words import POSTING_STATUS_JA
from desk.print.facts import CandidateLine, PostingFacts, PrintContext, SheetInput
from desk.print.layout import (
    BODY_W,
    INK,
    RULE,
    SHADE,
    SheetHeader,
    Styles,
    clip,
    date_range,
    para,
    slot_date,
    slot_hours,
)
from desk.print.masking import public_area

STATUS_JA = POSTING_STATUS_JA  # one word per state (desk.core.words)
MAX_SLOTS_LISTED = 14
TEXT_BUDGET = 220  # characters per free-text fact on the candidate sheet
CALL_BOXES = ("□ 連絡済", "□ 不在", "□ 辞退")


def coordinator_sheet(sheet: SheetInput, ctx: PrintContext, styles: Styles) -> tuple[SheetHeader, list[Flowable]]:
    posting = sheet.posting
    area = public_area(posting) or posting.prefecture + posting.city
    header = SheetHeader(
        key=f"c:{posting.source_id}",
        title="候補者シート",
        subject=" ・ ".join(x for x in (f"募集 {posting.source_id}", posting.occupation, area) if x),
        badge="マスキング" if posting.masked else "",
        footer=footer_text(ctx),
    )
    story: list[Flowable] = [
        para(f"{posting.occupation} ・ {posting.venue_name or posting.municipality_name}", styles.title),
        para(" ・ ".join(x for x in (area, posting.municipality_name) if x), styles.subtitle),
        facts_table(posting, styles),
        Spacer(1, 6),
    ]
    shown = len(sheet.candidates)
    heading = f"候補者（上位 {shown} 名）" if shown else "候補者：該当なし"
    if sheet.excluded:
        heading += f" ・ 条件外で除外 {sheet.excluded} 名"
    story.append(para(heading, styles.heading))
    if sheet.filter_text:  # a narrowed list says so, so nobody takes it for everyone
        story.append(para(f"絞り込み: {sheet.filter_text}", styles.subtitle))
    story.extend(candidate_block(c, styles) for c in sheet.candidates)
    return header, story


def footer_text(ctx: PrintContext) -> str:
    text = f"印刷 {ctx.printed_at:%Y-%m-%d %H:%M}"
    return f"{text} ・ 担当 {ctx.coordinator}" if ctx.coordinator else text


def fill_text(posting: PostingFacts) -> str:
    """募集 3人 ・ 確定 2/3 (per slot when the slots differ)."""
    head = f"{posting.headcount}人"
    if not posting.slots:
        return head
    booked = [s.booked for s in posting.slots]
    full = sum(1 for b in booked if b >= posting.headcount)
    if min(booked) == max(booked):
        return f"{head} ・ 確定 {booked[0]}/{posting.headcount}（全{len(booked)}枠）"
    return f"{head} ・ 確定 {min(booked)}～{max(booked)}/{posting.headcount}（{full}/{len(booked)}枠充足）"


def slots_text(posting: PostingFacts) -> str:
    if not posting.slots:
        return ""
    parts = [f"{slot_date(s.date)} {slot_hours(s.start, s.end)} {s.booked}/{posting.headcount}"
             for s in posting.slots[:MAX_SLOTS_LISTED]]
    more = len(posting.slots) - MAX_SLOTS_LISTED
    if more > 0:
        parts.append(f"ほか {more} 枠")
    return date_range([s.date for s in posting.slots]) + "：" + " ／ ".join(parts)


def facts_table(posting: PostingFacts, styles: Styles) -> Table:
    status = STATUS_JA.get(posting.status, posting.status)
    if posting.updated_on:
        status += f"（更新 {posting.updated_on:%Y-%m-%d}）"
    occupation = posting.occupation + (f"（{posting.employment_type}）" if posting.employment_type else "")
    contact = " ／ ".join(x for x in (posting.contact_name, posting.contact_phone, posting.contact_email) if x)
    masked = ("マスキング：公開用シートには自治体名のみ。施設名・住所・担当者の連絡先は伏せること"
              if posting.masked else "全情報公開")
    pairs: list[tuple[str, str, str, str]] = [
        ("募集ID", posting.source_id, "状態", status),
        ("自治体名/医療機関名", posting.municipality_name, "公開区分", masked),
        ("会場", posting.venue_name, "所在地", posting.venue_address),
        ("職種", occupation, "募集人数・充足", fill_text(posting)),
    ]
    wide: list[tuple[str, str]] = [
        ("日程", clip(posting.dates_raw, TEXT_BUDGET)),
        ("時間", clip(posting.hours_raw, TEXT_BUDGET)),
        ("枠と充足", slots_text(posting)),
        ("給与", clip(posting.pay, TEXT_BUDGET)),
        ("業務内容", clip(posting.duties, TEXT_BUDGET)),
        ("応募要件", clip(posting.requirements, TEXT_BUDGET)),
        ("連絡先", contact),
    ]
    rows: list[list[object]] = []
    for a, av, b, bv in pairs:
        rows.append([para(a, styles.label), para(av, styles.value), para(b, styles.label),
                     para(bv, styles.alert if b == "公開区分" and posting.masked else styles.value)])
    for label_text, value in wide:
        if value:
            rows.append([para(label_text, styles.label), para(value, styles.value), "", ""])
    label_w = 30 * mm
    widths = [label_w, BODY_W / 2 - label_w, label_w, BODY_W / 2 - label_w]
    table = Table(rows, colWidths=widths)
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), styles.font),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("BACKGROUND", (0, 0), (0, -1), SHADE),
        ("BACKGROUND", (2, 0), (2, len(pairs) - 1), SHADE),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for row in range(len(pairs), len(rows)):
        commands.append(("SPAN", (1, row), (3, row)))
    table.setStyle(TableStyle(commands))
    return table


def candidate_block(c: CandidateLine, styles: Styles) -> Flowable:
    """One candidate in four lines: name/phone, id-region-availability/e-mail, reasons/score, notes."""
    name = c.name + (f"（{c.name_kana}）" if c.name_kana else "")
    where = " ／ ".join(x for x in (f"ID {c.registrant_id}", clip(c.region, 34) and f"地域 {clip(c.region, 34)}",
                                      clip(c.availability, 40) and f"空き {clip(c.availability, 40)}") if x)
    reasons = " ／ ".join(c.reasons[:3])
    rows = [
        [para(str(c.rank), styles.big), para(name, styles.big), para(c.phone or "電話なし", styles.big),
         para(CALL_BOXES[0], styles.value)],
        ["", para(where, styles.small), para(c.email, styles.small), para(CALL_BOXES[1], styles.value)],
        ["", para(f"理由 {clip(reasons, 90)}" if reasons else "", styles.muted),
         para(f"スコア {c.score:.0f}", styles.value), para(CALL_BOXES[2], styles.value)],
        ["", para("メモ：", styles.muted), "", ""],
    ]
    rank_w, box_w, contact_w = 20, 58, 150
    widths = [rank_w, BODY_W - rank_w - box_w - contact_w, contact_w, box_w]
    table = Table(rows, colWidths=widths, rowHeights=[None, None, None, 17])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), styles.font),
        ("SPAN", (1, 3), (3, 3)),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (1, 3), (3, 3), 0.4, RULE),
        ("BACKGROUND", (0, 0), (0, -1), SHADE),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return KeepTogether([table, Spacer(1, 5)])
