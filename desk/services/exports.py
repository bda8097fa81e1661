"""Exports for follow-up: the placement log as .csv or .xlsx, the block summary as .csv, and the
record of every export (who, when, which filters, how many rows).

Placement exports hold registrants' personal data (names, phones, e-mails): each one is recorded
in ExportRecord in the same transaction that puts the finished file in place. Every text cell that
a spreadsheet could run as a formula is neutralised (desk.core.placement.neutralise_cell).
Times are written in the computer's local time.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desk.core.occupations import Occupation, label, parse_occupation
from desk.core.placement import (
    CANCELLED_BY_LABELS_JA,
    STATE_LABELS_JA,
    CancelledBy,
    State,
    parse_state,
)
from desk.core.text import compact
from desk.services import placements as log
from desk.services.export_files import (
    ExportInputError,
    ExportResult,
    file_encoding,
    file_format,
    record_and_place,
    staged,
    write_csv,
    write_xlsx,
)
from desk.services.persons import shared_default_ids, shown
from desk.services.summary import Summary
from desk.store.db import Database
from desk.store.models import ExportRecord, Placement, PlacementSlot, Posting, Registrant

PLACEMENT_HEADERS = [
    "配置ID", "募集ID", "自治体", "都道府県", "市区町村コード", "会場", "職種", "募集人数", "マスキング",
    "登録ID", "氏名", "フリガナ", "登録者職種", "電話", "メール", "状態", "キャンセル元", "枠", "最初の日", "最後の日",
    *(f"{STATE_LABELS_JA[s]}日時" for s in State),
]
EVENT_HEADERS = ["イベントID", "配置ID", "募集ID", "登録ID", "氏名", "変更前", "変更後", "キャンセル元", "枠",
                 "担当", "日時", "メモ", "取消対象イベント", "除外対象の例外理由"]
COUNT_HEADERS = ["自治体", "職種", *(STATE_LABELS_JA[s] for s in State), "計"]

@dataclass(frozen=True)
class PlacementFilters:
    since: dt.date | None = None  # a placement is in the period when one of its slots is
    until: dt.date | None = None
    municipality: str | None = None  # part of the municipality name (横浜, 港北区) or a code
    occupation: str | None = None  # 医師, Ns, nurse …
    status: str | None = None  # a state code or label

    def to_json(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in asdict(self).items() if v}


@dataclass(frozen=True)
class ExportInfo:
    id: int
    kind: str
    file_name: str
    coordinator: str
    at: dt.datetime  # timezone-aware (UTC)
    filters: dict[str, Any]
    rows: int


@dataclass
class PlacementTable:
    """What a placement export holds: one row per placement, its events, and the counts."""

    rows: list[list[Any]]
    events: list[list[Any]]
    counts: list[list[Any]]


def _local(at: dt.datetime) -> dt.datetime:
    """A stored (naive UTC) or aware time as a naive local time, to the second."""
    aware = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
    return aware.astimezone().replace(tzinfo=None, microsecond=0)


def _muni(p: Posting) -> str:
    return p.municipality_name or f"{p.prefecture}{p.city}"


def _matches_municipality(p: Posting, wanted: str) -> bool:
    key = compact(wanted)
    if key in (p.muni_code or "", p.pref_code or ""):
        return True
    return any(key in compact(text) for text in (p.municipality_name, p.prefecture + p.city) if text)


def _check_filters(filters: PlacementFilters) -> tuple[str | None, State | None]:
    occupation = status = None
    if filters.occupation:
        occupation = parse_occupation(filters.occupation)
        if occupation is None:
            raise ExportInputError(f"unknown occupation {filters.occupation!r}; use 医師, 看護師, 准看護師, …")
    if filters.status:
        status = parse_state(filters.status)
        if status is None:
            raise ExportInputError(f"unknown state {filters.status!r}; use one of {', '.join(State)}")
    if filters.since and filters.until and filters.since > filters.until:
        raise ExportInputError("--since is after --until")
    return (occupation.value if occupation else None), status


def placement_table(db: Database, filters: PlacementFilters = PlacementFilters()) -> PlacementTable:
    """The rows of a placement export (also for a preview in the window), not neutralised."""
    occupation, status = _check_filters(filters)
    with db.session() as s:
        q = (select(Placement, Posting, Registrant)
             .join(Posting, Posting.id == Placement.posting_id)
             .join(Registrant, Registrant.id == Placement.registrant_id)
             .order_by(Posting.source_id, Registrant.source_id))
        if occupation:
            q = q.where(Posting.occupation == occupation)
        if status:
            q = q.where(Placement.state == status.value)
        chosen = []
        slot_rows: dict[int, list[PlacementSlot]] = {}
        for pl, po, reg in s.execute(q).all():
            if filters.municipality and not _matches_municipality(po, filters.municipality):
                continue
            slots = sorted(pl.slots, key=lambda x: (x.date, x.start))
            days = [x.date for x in slots] or [_local(pl.created_at).date()]
            if not any((filters.since is None or d >= filters.since)
                       and (filters.until is None or d <= filters.until) for d in days):
                continue
            chosen.append((pl, po, reg))
            slot_rows[pl.id] = slots
    history = log.events(db, placement_ids=[pl.id for pl, _, _ in chosen]) if chosen else []
    with db.session() as s:
        shared = shared_default_ids(s, [reg.source_id for _, _, reg in chosen])
    by_placement: dict[int, list[log.EventRow]] = {}
    for ev in history:
        by_placement.setdefault(ev.placement_id, []).append(ev)

    rows: list[list[Any]] = []
    counts: Counter[tuple[str, str, str]] = Counter()
    for pl, po, reg in chosen:
        slots = slot_rows[pl.id]
        times: dict[State, dt.datetime] = {}
        for ev in log.effective_events(by_placement.get(pl.id, [])):
            times[ev.new_state] = _local(ev.at)
        state = State(pl.state)
        rows.append([
            pl.id, po.source_id, _muni(po), po.prefecture, po.muni_code or "", po.venue_name, label(po.occupation),
            po.headcount, "あり" if po.masked else "なし",
            shown(reg.source, reg.source_id, shared), reg.name, reg.name_kana, label(reg.occupation), reg.phone, reg.email,
            STATE_LABELS_JA[state], CANCELLED_BY_LABELS_JA[CancelledBy(pl.cancelled_by)] if pl.cancelled_by else "",
            "; ".join(log.SlotInfo(x.slot_id, x.date, x.start, x.end).label for x in slots),
            slots[0].date if slots else None, slots[-1].date if slots else None,
            *(times.get(s) for s in State),
        ])
        counts[(_muni(po), po.occupation, state.value)] += 1
    events = [[ev.id, ev.placement_id, ev.posting_source_id, ev.registrant_source_id, ev.registrant_name,
               STATE_LABELS_JA[ev.old_state] if ev.old_state else "", STATE_LABELS_JA[ev.new_state],
               CANCELLED_BY_LABELS_JA[ev.cancelled_by] if ev.cancelled_by else "",
               "; ".join(x.label for x in ev.slots), ev.coordinator, _local(ev.at), ev.note,
               ev.undoes_event_id, ev.override_reason] for ev in history]
    return PlacementTable(rows, events, _count_rows(counts))


def _count_rows(counts: Counter[tuple[str, str, str]]) -> list[list[Any]]:
    order = {o.value: i for i, o in enumerate(Occupation)}
    keys = sorted({(m, o) for m, o, _ in counts}, key=lambda k: (k[0], order.get(k[1], 99), k[1]))
    rows = []
    for muni, occ in keys:
        per = [counts[(muni, occ, s.value)] for s in State]
        rows.append([muni, label(occ) if occ in order else occ, *per, sum(per)])
    return rows


def export_placements(db: Database, path: str | Path, filters: PlacementFilters = PlacementFilters(), *,
                      coordinator: str = "", encoding: str = "utf-8") -> ExportResult:
    """Write the placement log to ``path`` (.csv: one row per placement; .xlsx: sheets 配置, イベント
    and 集計 = counts by municipality x occupation x outcome) and record the export."""
    path = Path(path)
    kind = file_format(path, ("csv", "xlsx"))
    enc = file_encoding(encoding) if kind == "csv" else ""
    table = placement_table(db, filters)
    with staged(path) as tmp:
        warnings: list[str] = []
        if kind == "csv":
            warnings = write_csv(tmp, PLACEMENT_HEADERS, table.rows, enc)
        else:
            write_xlsx(tmp, [("配置", PLACEMENT_HEADERS, table.rows), ("イベント", EVENT_HEADERS, table.events),
                              ("集計", COUNT_HEADERS, table.counts)])
        recorded = {**filters.to_json(), "format": kind, **({"encoding": enc} if enc else {})}
        record_id = record_and_place(db, tmp, path, "placements", coordinator, recorded, len(table.rows))
    return ExportResult(path, "placements", len(table.rows), record_id, warnings)


def export_summary(db: Database, path: str | Path, summary: Summary, *, coordinator: str = "",
                   encoding: str = "utf-8", from_date: dt.date | None = None) -> ExportResult:
    """Write the block x occupation table (.csv or .xlsx) and record the export."""
    path = Path(path)
    kind = file_format(path, ("csv", "xlsx"))
    enc = file_encoding(encoding) if kind == "csv" else ""
    header, *rows = summary.table()
    with staged(path) as tmp:
        warnings: list[str] = []
        if kind == "csv":
            warnings = write_csv(tmp, header, rows, enc)
        else:
            write_xlsx(tmp, [("募集人数", header, rows)])
        recorded: dict[str, Any] = {"blocks": summary.scheme, "format": kind}
        if from_date:
            recorded["from"] = from_date.isoformat()
        record_id = record_and_place(db, tmp, path, "summary", coordinator, recorded, len(summary.blocks))
    return ExportResult(path, "summary", len(summary.blocks), record_id, warnings)


def list_exports(db: Database, *, limit: int | None = None) -> list[ExportInfo]:
    """Every recorded export, newest first."""
    with db.session() as s:
        q = select(ExportRecord).order_by(ExportRecord.id.desc())
        if limit:
            q = q.limit(limit)
        return [ExportInfo(r.id, r.kind, r.file_name, r.coordinator, r.at.replace(tzinfo=dt.UTC), dict(r.filters),
                           r.rows) for r in s.scalars(q)]
