"""The hand-out to a partner organisation as an A4 PDF, and a posting's public state.

Every posting field printed here comes from :func:`public_state`, which is built only from
:func:`desk.print.masking.public_view`: a masked posting shows its prefecture and municipality,
never the facility, its address or its contact person, whoever the recipient is.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from desk.core.handout import SECTION_LABELS, STATUS_LABELS, Entry, HandoutDoc, slots_text
from desk.print.layout import BODY_W, RULE, SHADE, SheetHeader, Styles, build_pdf, para
from desk.print.masking import REDACTED, public_view

#: One line of the conditions of use, printed in every page's footer.
FOOTER_CONDITIONS = "利用条件：新型コロナ対応の人材確保にのみ利用 ・ 求職者以外の第三者に提供しない ・ 手数料を取らない"
TITLE = "募集情報のご案内"


#: The state's fields a masked posting never shows (public_view leaves them empty).
HIDDEN_STATE_FIELDS = ("posted_by", "venue_name", "venue_address", "contact_name", "contact_phone", "contact_email")


def public_state(posting: Any) -> dict[str, Any]:
    """What a hand-out may show of a posting (plain JSON values): the public view, nothing else."""
    view = public_view(posting)
    state = {
        "source_id": view.source_id, "masked": view.masked, "status": view.status, "area": view.area,
        "pref_code": str(getattr(posting, "pref_code", "") or ""),
        "posted_by": view.posted_by, "venue_name": view.venue_name, "venue_address": view.venue_address,
        "contact_name": view.contact_name, "contact_phone": view.contact_phone,
        "contact_email": view.contact_email, "occupation": view.occupation, "headcount": view.headcount,
        "dates_raw": view.dates_raw, "hours_raw": view.hours_raw, "employment_type": view.employment_type,
        "pay": view.pay, "duties": view.duties, "requirements": view.requirements,
        "slots": [f"{s.date.isoformat()} {s.start:%H:%M}-{s.end:%H:%M}" for s in view.slots],
    }
    if view.masked:  # the hidden fields read （非公開）, as in the public list
        state.update(dict.fromkeys(HIDDEN_STATE_FIELDS, REDACTED))
    return state


def venue_text(state: dict[str, Any]) -> str:
    if state.get("masked"):
        return REDACTED
    return " ".join(x for x in (state.get("venue_name"), state.get("venue_address")) if x)


def change_text(entry: Entry) -> str:
    if not entry.changes:
        return "新規公開" if entry.section.value == "new" else ""
    return " ／ ".join(c.text() for c in entry.changes)


def _table(rows: list[list[Any]], widths: list[float], styles: Styles, *, header: bool = True) -> Table:
    cells = [[para(str(v) if v is not None else "", styles.label if header and n == 0 else styles.small)
              for v in row] for n, row in enumerate(rows)]
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), styles.font),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("BACKGROUND", (0, 0), (-1, 0 if header else -1), SHADE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _scaled(parts: list[float]) -> list[float]:
    total = sum(parts)
    return [BODY_W * p / total for p in parts]


def handout_story(doc: HandoutDoc, styles: Styles) -> list[Flowable]:
    story: list[Flowable] = [
        para(f"{doc.recipient} 御中　{TITLE}", styles.title),
        para(f"{doc.at:%Y-%m-%d} ・ 対象 {doc.scope_text} ・ {doc.since_text}", styles.subtitle),
    ]
    intro = doc.intro()
    if intro:
        story.append(para(intro, styles.alert if doc.nothing_new else styles.value))
    if doc.contact:
        story.append(para(doc.contact, styles.value))
    news = doc.news
    if news:
        story.append(para(f"新規・変更・終了（{len(news)}件）", styles.heading))
        rows: list[list[Any]] = [["区分", "募集ID", "地域", "職種", "募集人数", "状態", "変更内容"]]
        for e in news:
            st = e.state
            rows.append([SECTION_LABELS.get(e.section, ""), e.source_id, st.get("area", ""), st.get("occupation", ""),
                         f"{st.get('headcount', '')}人", STATUS_LABELS.get(st.get("status", ""), ""), change_text(e)])
        story.append(_table(rows, _scaled([5, 9, 14, 8, 7, 5, 30]), styles))
    open_list = doc.open_list
    story.append(para(f"公開中の募集（{len(open_list)}件）", styles.heading))
    if open_list:
        rows = [["募集ID", "地域", "会場", "職種", "募集人数", "勤務日", "時間", "給与"]]
        for e in open_list:
            st = e.state
            rows.append([e.source_id, st.get("area", ""), venue_text(st), st.get("occupation", ""),
                         f"{st.get('headcount', '')}人", slots_text(st.get("slots") or ()) or st.get("dates_raw", ""),
                         st.get("hours_raw", ""), st.get("pay", "")])
        story.append(_table(rows, _scaled([9, 13, 14, 7, 6, 15, 10, 12]), styles))
    else:
        story.append(para("対象範囲に公開中の募集はありません。", styles.value))
    if doc.headcount:
        story.append(para("募集人数（地域ブロック × 職種）", styles.heading))
        head = [list(r) for r in doc.headcount]
        widths = [BODY_W * 0.16] + [BODY_W * 0.84 / max(1, len(head[0]) - 1)] * (len(head[0]) - 1)
        story.append(_table(head, widths, styles))
    story.append(Spacer(1, 6))
    story.append(KeepTogether([para("ご利用にあたって", styles.heading),
                               *(para(f"・{c}", styles.small) for c in doc.conditions)]))
    return story


def render_handout_pdf(doc: HandoutDoc, *, author: str = "") -> bytes:
    """The hand-out as an A4 PDF in the sheets' embedded font."""
    styles = Styles()
    header = SheetHeader(key="handout", title=TITLE, subject=f"{doc.recipient} ・ {doc.at:%Y-%m-%d}",
                         footer=FOOTER_CONDITIONS)
    return build_pdf([(header, handout_story(doc, styles))], title=f"{TITLE} {doc.recipient}", author=author)

