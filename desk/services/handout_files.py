"""The hand-out as .xlsx: a sheet for what changed, one for the open list, one for the headcount
table (frozen headers, autofilter, every formula-looking cell neutralised), and a cover sheet with
the recipient, the contact line and the conditions of use (also printed in every sheet's footer)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from desk.core.handout import CHANGE_FIELDS, SECTION_LABELS, STATUS_LABELS, Entry, HandoutDoc
from desk.services.export_files import xlsx_value
from desk.services.posting_exports import HIDDEN_HEADERS, PUBLIC_HEADERS

SHEETS = ("ご案内", "新規・変更・終了", "公開中の募集", "募集人数")
CHANGE_HEADERS = ["区分", "募集ID", "地域", "職種", "募集人数", "状態", "項目", "変更前", "変更後"]
FOOTER = "利用条件：新型コロナ対応の人材確保にのみ利用・求職者以外の第三者に提供しない・手数料を取らない"
_WIDTHS = {"募集ID": 12, "地域": 22, "職種": 10, "募集人数": 9, "状態": 7, "区分": 7, "項目": 10, "変更前": 28,
           "変更後": 28, "会場名": 24, "会場住所": 30, "勤務枠": 40, "業務内容": 30, "応募要件": 30}


def _hidden(state: dict[str, Any]) -> dict[str, str]:
    values = (state.get("posted_by"), state.get("venue_name"), state.get("venue_address"), state.get("contact_name"),
              state.get("contact_phone"), state.get("contact_email"))
    return {h: str(v or "") for h, v in zip(HIDDEN_HEADERS, values, strict=True)}


def open_row(entry: Entry) -> list[Any]:
    """A row of the open list in the public list's columns (desk.services.posting_exports.PUBLIC_HEADERS)."""
    st = entry.state
    hidden = _hidden(st)
    slots = list(st.get("slots") or ())
    return [
        entry.source_id, STATUS_LABELS.get(st.get("status", ""), ""), st.get("area", ""), hidden["募集者"],
        hidden["会場名"], hidden["会場住所"], st.get("occupation", ""), st.get("headcount"), st.get("dates_raw", ""),
        st.get("hours_raw", ""), "; ".join(slots), slots[0][:10] if slots else None, slots[-1][:10] if slots else None,
        st.get("employment_type", ""), st.get("pay", ""), st.get("duties", ""), st.get("requirements", ""),
        hidden["担当者名"], hidden["担当者電話"], hidden["担当者メール"],
    ]


def change_rows(doc: HandoutDoc) -> list[list[Any]]:
    """One row per change (a new posting, or an ended one without other change: one row)."""
    labels = dict(CHANGE_FIELDS)
    rows: list[list[Any]] = []
    for e in doc.news:
        st = e.state
        head = [SECTION_LABELS.get(e.section, ""), e.source_id, st.get("area", ""), st.get("occupation", ""),
                st.get("headcount"), STATUS_LABELS.get(st.get("status", ""), "")]
        if not e.changes:
            rows.append([*head, "新規公開" if e.section.value == "new" else "", "", ""])
        for c in e.changes:
            rows.append([*head, labels.get(c.field, c.label), c.old, c.new])
    return rows


def _table_sheet(ws: Worksheet, header: list[str], rows: list[list[Any]]) -> None:
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([xlsx_value(v) for v in row])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for n, title in enumerate(header):
        ws.column_dimensions[ws.cell(row=1, column=n + 1).column_letter].width = _WIDTHS.get(title, 14)
    ws.oddFooter.center.text = FOOTER


def write_handout_xlsx(tmp: Path, doc: HandoutDoc) -> None:
    wb = Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = SHEETS[0]
    lines: list[tuple[str, str]] = [
        ("宛先", doc.recipient), ("作成日", f"{doc.at:%Y-%m-%d %H:%M}"), ("対象", doc.scope_text),
        ("比較", doc.since_text), ("お知らせ", doc.intro() or f"新規・変更・終了 {len(doc.news)}件"),
        ("お問い合わせ", doc.contact), *(("利用条件", c) for c in doc.conditions),
    ]
    for key, value in lines:
        cover.append([xlsx_value(key), xlsx_value(value)])
    cover.column_dimensions["A"].width = 14
    cover.column_dimensions["B"].width = 90
    for row in cover.iter_rows():
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    cover.oddFooter.center.text = FOOTER
    _table_sheet(wb.create_sheet(SHEETS[1]), CHANGE_HEADERS, change_rows(doc))
    _table_sheet(wb.create_sheet(SHEETS[2]), list(PUBLIC_HEADERS), [open_row(e) for e in doc.open_list])
    header, *rows = [list(r) for r in doc.headcount] or [["ブロック", "計"]]
    _table_sheet(wb.create_sheet(SHEETS[3]), [str(h) for h in header], rows)
    wb.save(tmp)
