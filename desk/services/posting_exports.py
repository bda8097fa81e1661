"""The list of postings to hand on (the "public list"), as .csv or .xlsx, and its export record.

Two audiences:

- ``public`` (the default: a list of postings is what circulates to registrants). Every posting
  field is taken from :func:`desk.core.masking.public_view`, the one place that decides what the
  public may see: a masked posting shows its prefecture and municipality, never the facility or
  venue name, the address or the contact person, phone and e-mail (those cells read （非公開）),
  and its free text is scrubbed the same way.
- ``coordinator``: every field as stored, the マスキング flag and the fill (confirmed / headcount).
  For internal use only.

Every text cell is neutralised against formulas (desk.core.placement.neutralise_cell); CSV is
UTF-8 with BOM or cp932; each export is recorded (ExportRecord kind ``postings_public`` or
``postings_coordinator``) in the transaction that puts the finished file in place.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from desk.core.masking import REDACTED, PublicPosting, public_view
from desk.core.occupations import parse_occupation
from desk.core.text import compact
from desk.core.words import POSTING_STATUS_JA
from desk.services.export_files import (
    ExportInputError,
    ExportResult,
    file_encoding,
    file_format,
    record_and_place,
    save_workbook,
    staged,
    write_csv,
    xlsx_value,
)
from desk.services.queries import BOOKED_STATES, block_prefectures
from desk.store.db import Database
from desk.store.models import Placement, Posting


class Audience(StrEnum):
    PUBLIC = "public"
    COORDINATOR = "coordinator"


STATUS_JA = POSTING_STATUS_JA  # one word per state (desk.core.words)
_STATUS_WORDS = {**{v: k for k, v in STATUS_JA.items()}, **{k: k for k in STATUS_JA}, "all": "all", "すべて": "all",
                 "全て": "all", "全部": "all"}
WEEKDAYS_JA = "月火水木金土日"

#: Columns both lists share, in order: what a registrant needs to decide and to apply.
_COMMON = ["募集ID", "状態", "地域", "募集者", "会場名", "会場住所", "職種", "募集人数", "勤務日", "勤務時間",
           "勤務枠", "初日", "最終日", "雇用形態", "給与", "業務内容", "応募要件", "担当者名", "担当者電話", "担当者メール"]
PUBLIC_HEADERS = list(_COMMON)
COORDINATOR_HEADERS = [*_COMMON[:2], "マスキング", *_COMMON[2:8], "確定", "充足", *_COMMON[8:], "更新日"]
#: The columns a masked posting leaves empty in the public list (written as （非公開）).
HIDDEN_HEADERS = ("募集者", "会場名", "会場住所", "担当者名", "担当者電話", "担当者メール")
SHEET_TITLES = {Audience.PUBLIC: "募集一覧（公開用）", Audience.COORDINATOR: "募集一覧（内部用）"}
INTERNAL_NOTE = "内部用：個人・施設の連絡先を含みます。登録者や外部に渡さないでください。"
_MAX_WIDTH = 60


@dataclass(frozen=True)
class PostingFilters:
    status: str = "open"  # open | paused | ended | all (公開 停止 終了 すべて too)
    municipality: str | None = None  # part of the place (横浜, 港北区) or a prefecture/municipality code
    occupation: str | None = None  # 医師, Ns, nurse …
    block: str | None = None  # a region block (関東) or MHLW area (関東信越)

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v}


@dataclass
class PostingList:
    audience: Audience
    header: list[str]
    rows: list[list[Any]]


def parse_audience(value: str | Audience) -> Audience:
    try:
        return Audience(str(value).strip().lower())
    except ValueError:
        raise ExportInputError(f"unknown audience {value!r}; use public or coordinator") from None


def _check(filters: PostingFilters) -> tuple[str, str | None, frozenset[str] | None]:
    status = _STATUS_WORDS.get((filters.status or "open").strip().lower())
    if status is None:
        raise ExportInputError(f"unknown status {filters.status!r}; use open, paused, ended or all")
    occupation = None
    if filters.occupation:
        occ = parse_occupation(filters.occupation)
        if occ is None:
            raise ExportInputError(f"unknown occupation {filters.occupation!r}; use 医師, 看護師, 准看護師, …")
        occupation = occ.value
    prefs = None
    if filters.block:
        prefs = block_prefectures(filters.block)
        if not prefs:
            raise ExportInputError(f"unknown block {filters.block!r}; use one of the 8 regions (関東, 近畿 …) "
                                   "or an MHLW area (関東信越, 東海北陸 …)")
    return status, occupation, prefs


def _matches_place(p: Posting, view: PublicPosting, wanted: str, audience: Audience) -> bool:
    """Does ``wanted`` name the posting's place? A public list of a masked posting is matched only
    on what the public may see (codes, prefecture and municipality), never on the facility."""
    key = compact(wanted)
    if key in (p.muni_code or "", p.pref_code or ""):
        return True
    texts = [view.area, p.prefecture + p.city]
    if audience is Audience.COORDINATOR or not p.masked:
        texts.append(p.municipality_name)
    return any(key in compact(text) for text in texts if text)


def _slot_text(slots: Sequence[Any]) -> str:
    return "; ".join(f"{s.date.isoformat()}({WEEKDAYS_JA[s.date.weekday()]}) {s.start:%H:%M}-{s.end:%H:%M}"
                     for s in slots)


def _active(p: Posting) -> list[Any]:
    return sorted((s for s in p.slots if s.active), key=lambda s: (s.date, s.start))


class _PublicSource:
    """A posting as public_view reads it, with only its active slots."""

    def __init__(self, posting: Posting, slots: list[Any]) -> None:
        self._p, self.slots = posting, slots

    def __getattr__(self, name: str) -> Any:
        return getattr(self._p, name)


def _common_row(view: PublicPosting, slots: Sequence[Any], hidden: dict[str, str] | None) -> list[Any]:
    """The shared columns from the public view; ``hidden`` gives the stored values instead (internal list)."""
    if hidden is None:
        shown = {h: (REDACTED if view.masked else "") for h in HIDDEN_HEADERS}
        shown.update({k: v for k, v in zip(HIDDEN_HEADERS, (view.posted_by, view.venue_name, view.venue_address,
                                                            view.contact_name, view.contact_phone,
                                                            view.contact_email), strict=True) if v})
    else:
        shown = hidden
    return [
        view.source_id, STATUS_JA.get(view.status, view.status), view.area, shown["募集者"], shown["会場名"],
        shown["会場住所"], view.occupation, view.headcount, view.dates_raw, view.hours_raw, _slot_text(slots),
        slots[0].date if slots else None, slots[-1].date if slots else None, view.employment_type, view.pay,
        view.duties, view.requirements, shown["担当者名"], shown["担当者電話"], shown["担当者メール"],
    ]


def posting_list(db: Database, filters: PostingFilters = PostingFilters(),
                 audience: Audience | str = Audience.PUBLIC) -> PostingList:
    """The rows of a postings list (also for a preview), not yet neutralised, in region order."""
    audience = parse_audience(audience)
    status, occupation, prefs = _check(filters)
    with db.session() as s:
        q = select(Posting).options(selectinload(Posting.slots)).order_by(Posting.source_id)
        if status != "all":
            q = q.where(Posting.status == status)
        if occupation:
            q = q.where(Posting.occupation == occupation)
        if prefs is not None:
            q = q.where(Posting.pref_code.in_(sorted(prefs)))
        postings = list(s.scalars(q))
        filled: dict[int, int] = {}
        if audience is Audience.COORDINATOR and postings:
            filled = {pid: int(n) for pid, n in s.execute(
                select(Placement.posting_id, func.count(Placement.id))
                .where(Placement.state.in_(BOOKED_STATES)).group_by(Placement.posting_id))}
        chosen: list[tuple[str, str, list[Any]]] = []
        for p in postings:
            slots = _active(p)
            view = public_view(_PublicSource(p, slots))
            if filters.municipality and not _matches_place(p, view, filters.municipality, audience):
                continue
            if audience is Audience.PUBLIC:
                row = _common_row(view, slots, None)
            else:
                row = _coordinator_row(p, view, slots, filled.get(p.id, 0))
            chosen.append((p.pref_code or "99", view.area, row))
    chosen.sort(key=lambda c: (c[0], c[1], c[2][0]))
    header = PUBLIC_HEADERS if audience is Audience.PUBLIC else COORDINATOR_HEADERS
    return PostingList(audience, list(header), [row for _, _, row in chosen])


def _coordinator_row(p: Posting, view: PublicPosting, slots: list[Any], booked: int) -> list[Any]:
    # Everything as stored: the public view's masking is lifted, not applied.
    full = public_view(_Unmasked(p, slots))
    hidden = dict(zip(HIDDEN_HEADERS, (p.municipality_name, p.venue_name, p.venue_address, p.contact_name,
                                       p.contact_phone, p.contact_email), strict=True))
    common = _common_row(full, slots, hidden)
    common[2] = view.area  # the place as derived from the codes (same in both lists)
    headcount = p.headcount or 0
    return [*common[:2], "あり" if p.masked else "なし", *common[2:8], booked, f"{booked}/{headcount}",
            *common[8:], p.updated_on]


class _Unmasked(_PublicSource):
    masked = False


# --- writing ------------------------------------------------------------------------------------

def _cell_width(value: Any) -> int:
    text = value.isoformat() if isinstance(value, dt.date) else str(value if value is not None else "")
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _write_styled_xlsx(tmp: Path, table: PostingList) -> None:
    from openpyxl import Workbook  # loaded when a spreadsheet is written, not with the window (issue 17)
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET_TITLES[table.audience]
    ws.append(table.header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        ws.append([xlsx_value(v) for v in row])
    ws.freeze_panes = "A2"
    for n, title in enumerate(table.header):
        widest = max([_cell_width(title), *(_cell_width(r[n]) for r in table.rows)])
        ws.column_dimensions[ws.cell(row=1, column=n + 1).column_letter].width = min(_MAX_WIDTH, widest + 2)
    if table.audience is Audience.COORDINATOR:
        ws.oddHeader.center.text = INTERNAL_NOTE  # printed on every page
    save_workbook(wb, tmp)


def export_postings(db: Database, path: str | Path, filters: PostingFilters = PostingFilters(), *,
                    audience: Audience | str = Audience.PUBLIC, coordinator: str = "",
                    encoding: str = "utf-8") -> ExportResult:
    """Write the postings list to ``path`` (.csv or .xlsx) for ``audience`` and record the export."""
    path = Path(path)
    audience = parse_audience(audience)
    fmt = file_format(path, ("csv", "xlsx"))
    enc = file_encoding(encoding) if fmt == "csv" else ""
    table = posting_list(db, filters, audience)
    with staged(path) as tmp:
        warnings: list[str] = []
        if fmt == "csv":
            warnings = write_csv(tmp, table.header, table.rows, enc)
        else:
            _write_styled_xlsx(tmp, table)
        kind = f"postings_{audience.value}"
        recorded = {**filters.to_json(), "audience": audience.value, "format": fmt, **({"encoding": enc} if enc else {})}
        record_id = record_and_place(db, tmp, path, kind, coordinator, recorded, len(table.rows))
    return ExportResult(path, kind, len(table.rows), record_id, warnings)
