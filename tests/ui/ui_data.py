"""Normalised rows inserted straight into the store, for the window's tests and benchmarks.

Fast (core bulk inserts: 100,000 registrants in a few seconds) and independent of the importer, so
the UI tests do not break when an import rule changes; one test also goes through the demo service.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert, select, text

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from desk.store.db import Database
from desk.store.models import ImportBatch, Posting, PostingSlot, Registrant

SURNAMES = [("山田", "やまだ"), ("佐藤", "さとう"), ("鈴木", "すずき"), ("高橋", "たかはし"), ("田中", "たなか"),
            ("伊藤", "いとう"), ("渡辺", "わたなべ"), ("中村", "なかむら"), ("小林", "こばやし"), ("加藤", "かとう"),
            ("髙木", "たかぎ"), ("斎藤", "さいとう"), ("吉田", "よしだ"), ("松本", "まつもと"), ("井上", "いのうえ")]
GIVEN = [("花子", "はなこ"), ("太郎", "たろう"), ("健一", "けんいち"), ("美咲", "みさき"), ("直樹", "なおき"),
         ("由美", "ゆみ"), ("翔", "しょう"), ("恵子", "けいこ"), ("大輔", "だいすけ"), ("陽子", "ようこ")]
PLACES = [("14", "神奈川県", "横浜市港北区", "14109"), ("14", "神奈川県", "川崎市中原区", "14133"),
          ("13", "東京都", "世田谷区", "13112"), ("13", "東京都", "八王子市", "13201"),
          ("27", "大阪府", "大阪市北区", "27127"), ("01", "北海道", "札幌市中央区", "01101"),
          ("40", "福岡県", "福岡市博多区", "40132"), ("23", "愛知県", "名古屋市中区", "23106")]
SPECIALTIES = ["内科", "小児科", "外科", "整形外科", "皮膚科", "眼科", "麻酔科", "産婦人科", ""]
OCCS = ["doctor"] * 5 + ["nurse"] * 4 + ["assistant_nurse", "pharmacist", "clerk"]
NOTES = ["", "", "英語可", "土日のみ希望", "駐車場必要", "問診経験あり", "接種経験多数"]
WEEK = [(31, "平日"), (96, "土日"), (127 | 128, "毎日"), (1 << 2, "毎週水曜"), (96 | 128, "土日祝")]


def seed(db: Database, registrants: int = 200, postings: int = 20, seed_: int = 7) -> None:
    rnd = random.Random(seed_)
    now = dt.datetime(2021, 6, 1, 9, 0)
    with db.session() as s:
        earlier = ImportBatch(kind="postings", file_name="/data/keynet-2021-05-25.csv", checksum="w",
                              started_at=now - dt.timedelta(days=7), finished_at=now, full_export=True)
        batch = ImportBatch(kind="postings", file_name="/data/keynet-2021-06-01.csv", checksum="x",
                            started_at=now, finished_at=now, full_export=True)
        s.add_all([earlier, batch])
        s.flush()
        first_id, batch_id = earlier.id, batch.id
    post_rows, slot_rows = [], []
    for i in range(postings):
        pref_code, pref, city, muni = PLACES[i % len(PLACES)]
        post_rows.append(dict(
            id=i + 1, source_id=f"K{1000 + i}", municipality_name=f"{pref}{city}", pref_code=pref_code,
            muni_code=muni, prefecture=pref, city=city, venue_name=f"{city}集団接種会場{i % 3 + 1}",
            venue_address=f"{pref}{city}1-{i}", occupation=OCCS[i % len(OCCS)], headcount=1 + i % 3,
            dates_raw="", hours_raw="9:00～17:00", masked=i % 5 == 0,
            status=["open", "open", "open", "paused", "ended"][i % 5],
            changed_at=now + dt.timedelta(minutes=5) if i % 4 == 0 else None,
            missing_since=now if i % 7 == 3 else None, first_batch_id=first_id, last_batch_id=batch_id))
        first = dt.date(2021, 6, 12) + dt.timedelta(days=i % 10)
        for d in range(1 + i % 3):
            slot_rows.append(dict(posting_id=i + 1, date=first + dt.timedelta(days=7 * d), start=dt.time(9),
                                  end=dt.time(12 if i % 2 else 17), active=True))
    reg_rows = []
    for i in range(registrants):
        sur, sur_k = SURNAMES[rnd.randrange(len(SURNAMES))]
        given, given_k = GIVEN[rnd.randrange(len(GIVEN))]
        pref_code, pref, city, muni = PLACES[rnd.randrange(len(PLACES))]
        days, days_raw = WEEK[rnd.randrange(len(WEEK))]
        reg_rows.append(dict(
            id=i + 1, source_id=f"R{100000 + i}", name=f"{sur} {given}", name_kana=f"{sur_k} {given_k}",
            occupation=OCCS[rnd.randrange(len(OCCS))], licences=[], specialty=rnd.choice(SPECIALTIES),
            home_prefecture=pref, home_city=city, home_pref_code=pref_code, home_muni_code=muni,
            work_areas_raw=pref, work_areas=[{"kind": "pref", "code": pref_code}],
            availability_raw=f"{days_raw} 9時～17時", hours_raw="9:00-17:00",
            availability=[{"from": None, "to": None, "days": days, "start": 540, "end": 1020}],
            vaccination_experience=rnd.choice([True, False, None]), experience_raw="",
            phone=f"090-{rnd.randrange(10000):04d}-{i % 10000:04d}", email=f"r{i}@example.jp",
            notes=rnd.choice(NOTES), state="active" if i % 20 else "paused"))
    with db.session() as s:
        s.execute(insert(Posting), post_rows)
        s.execute(insert(PostingSlot), slot_rows)
        for start in range(0, len(reg_rows), 5000):
            s.execute(insert(Registrant), reg_rows[start:start + 5000])
        if not db.is_sqlite:  # ids were given: move PostgreSQL's sequences past them
            for table in ("posting", "registrant"):
                s.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"(SELECT max(id) FROM {table}))"))


def first_posting_with_candidates(db: Database) -> str:
    with db.session() as s:
        return str(s.scalar(select(Posting.source_id).where(Posting.occupation == "doctor",
                                                            Posting.status == "open").order_by(Posting.id)))


def settle(qtbot, window, timeout: int = 15000) -> None:  # type: ignore[no-untyped-def]
    """Wait until every job the window started (and the jobs their callbacks started) has come back."""
    qtbot.waitUntil(window.runner.idle, timeout=timeout)


def make_window(qtbot, db: Database):  # type: ignore[no-untyped-def]
    """The main window on ``db`` as coordinator "tester" (home block 関東), shown, its first reads done."""
    from desk.app import DeskApp
    from desk.settings import Settings
    from desk.ui.main_window import MainWindow

    w = MainWindow(DeskApp(db, Settings(coordinator="tester", home_block="関東")))
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    settle(qtbot, w)
    return w


def type_text(widget: QWidget, text: str) -> None:
    """Type (Japanese too) the way an input method commits it; keyClicks aborts on non-ASCII."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
