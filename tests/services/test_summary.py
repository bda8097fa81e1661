"""Open headcount by block x occupation on a known data set."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence

from desk.services import placements as log
from desk.services.exports import export_summary, list_exports
from desk.services.summary import summary
from desk.store.db import Database
from desk.store.models import Posting, PostingSlot, Registrant

D = dt.date(2021, 6, 12)


def posting(db: Database, sid: str, pref: str | None, occupation: str, headcount: int,
            days: Sequence[dt.date] = (D,), status: str = "open", prefecture: str = "") -> None:
    with db.session() as s:
        p = Posting(source_id=sid, pref_code=pref, prefecture=prefecture, occupation=occupation,
                    headcount=headcount, status=status)
        for day in days:
            p.slots.append(PostingSlot(date=day, start=dt.time(9), end=dt.time(12)))
        s.add(p)


def confirmed(db: Database, posting_sid: str, registrant_sid: str, slots: list[dt.date] | None = None) -> None:
    with db.session() as s:
        s.add(Registrant(source_id=registrant_sid, occupation="doctor"))
    for state in ("proposed", "accepted", "confirmed"):
        log.transition(db, posting_sid, registrant_sid, state, slots=slots)


def known_data(db: Database) -> None:
    posting(db, "K-1", "14", "doctor", 3)  # 神奈川: 関東 / 関東信越
    posting(db, "K-2", "14", "nurse", 2)
    posting(db, "N-1", "15", "doctor", 4)  # 新潟: 中部 / 関東信越
    posting(db, "O-1", "27", "doctor", 5, status="paused")  # 停止: not counted
    posting(db, "O-2", "27", "doctor", 2, days=(D, D + dt.timedelta(days=1)))  # 大阪: 近畿
    posting(db, "X-1", None, "clerk", 1)  # prefecture unknown
    posting(db, "F-1", None, "doctor", 2, prefecture="福岡県")  # code missing, name known: 九州
    confirmed(db, "K-1", "R-1")  # K-1: 3 - 1 = 2 open
    confirmed(db, "O-2", "R-2", slots=[D])  # one of two days booked: still 2 open on the other day
    log.transition(db, "K-2", "R-1", "proposed")  # a proposal does not fill anything


def test_open_headcount_by_eight_regions(db: Database) -> None:
    known_data(db)
    result = summary(db)
    assert result.blocks == ["北海道", "東北", "関東", "中部", "近畿", "中国", "四国", "九州", "不明"]
    assert result.occupations[:3] == ["doctor", "nurse", "assistant_nurse"]
    assert result.open["関東"]["doctor"] == 2
    assert result.open["関東"]["nurse"] == 2
    assert result.open["中部"]["doctor"] == 4
    assert result.open["近畿"]["doctor"] == 2
    assert result.open["九州"]["doctor"] == 2
    assert result.open["不明"]["clerk"] == 1
    assert result.open["北海道"]["doctor"] == 0
    assert result.total == 13


def test_open_headcount_by_mhlw_areas_and_from_date(db: Database) -> None:
    known_data(db)
    result = summary(db, blocks="mhlw")
    assert result.blocks[:7] == ["北海道", "東北", "関東信越", "東海北陸", "近畿", "中国四国", "九州"]
    assert result.open["関東信越"]["doctor"] == 6  # 神奈川 2 + 新潟 4
    later = summary(db, blocks="mhlw", from_date=D + dt.timedelta(days=1))
    assert later.open["近畿"]["doctor"] == 2  # the unbooked second day
    assert later.open["関東信越"]["doctor"] == 0  # all its slots are past


def test_summary_exports_as_a_recorded_csv(db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    known_data(db)
    out = tmp_path / "summary.csv"
    export_summary(db, out, summary(db), coordinator="佐藤")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["ブロック", "医師", "看護師"] and rows[0][-1] == "計"
    kanto = next(r for r in rows if r[0] == "関東")
    assert kanto[1:3] == ["2", "2"] and kanto[-1] == "4"
    assert rows[-1][0] == "計" and rows[-1][-1] == "13"
    assert [(e.kind, e.coordinator) for e in list_exports(db)] == [("summary", "佐藤")]
