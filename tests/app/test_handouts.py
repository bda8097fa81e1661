"""Hand-outs to partner organisations: masked postings never leak, "since last time" is exact after a
re-import, nothing new says 変更なし, a hand-out can be produced again as it was, one per prefecture."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desk.app.handouts import HandoutInputError, HandoutRequest, make_each_pref, make_handout, produce_again
from desk.core.handout import NOTHING_NEW, Since
from desk.services.demo import load_demo
from desk.services.export_files import ExportInputError
from desk.services.exports import list_exports
from desk.services.handouts import list_handouts
from desk.services.importer import import_file
from desk.store.db import Database
from desk.store.models import Posting

HEADER = ["求人番号", "自治体", "都道府県名", "市町村", "接種会場", "会場住所", "募集職種", "募集 人数",
          "勤務日（予定）", "時間帯", "公開区分", "公開状況", "最終更新日", "担当者名", "担当者電話", "給与"]
ROWS = [
    ["O-1", "大阪市", "大阪府", "大阪市北区", "北区民センター", "大阪府大阪市北区扇町2-1-27", "医師", "2",
     "2021/6/12", "9:00～12:00", "全情報", "公開", "2021/6/1", "保健課 山田", "06-6313-9876", "時給1万円"],
    ["O-2", "医療法人社団 髙﨑会 さくらクリニック", "大阪府", "堺市堺区", "さくらクリニック 第２会場",
     "大阪府堺市堺区南瓦町3-1", "看護師", "3", "2021/6/13", "13:00～17:00", "マスキング", "公開", "2021/6/1",
     "渡邊 惠一", "072-233-1101", "時給2,400円"],
    ["O-3", "豊中市", "大阪府", "豊中市", "豊中市保健所", "大阪府豊中市中桜塚4-11-1", "看護師", "1", "2021/6/14",
     "9:00～12:00", "全情報", "公開", "2021/6/1", "", "", ""],
    ["O-4", "吹田市", "大阪府", "吹田市", "吹田市文化会館", "大阪府吹田市泉町2-29-1", "事務職員", "2", "2021/6/15",
     "9:00～12:00", "全情報", "公開", "2021/6/1", "", "", ""],
    ["K-1", "横浜市", "神奈川県", "横浜市港北区", "港北公会堂", "神奈川県横浜市港北区大豆戸町26-1", "医師", "1",
     "2021/6/12", "9:00～12:00", "全情報", "公開", "2021/6/1", "", "", ""],
]
SECRETS = ("医療法人社団", "髙﨑会", "さくらクリニック", "第２会場", "南瓦町", "渡邊", "惠一", "072-233-1101")


def squash(text: object) -> str:
    return "".join(str(text or "").split())


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def xlsx_cells(path: Path) -> dict[str, list[list[object]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        out.writerows(rows)
    return path


OSAKA = HandoutRequest("大阪府医師会", prefs=("大阪",))


def test_since_last_lists_exactly_the_raised_ended_and_paused_postings(db: Database, tmp_path: Path) -> None:
    import_file(db, "postings", write(tmp_path / "day1.csv", ROWS))
    first = make_handout(db, OSAKA, tmp_path / "h1.pdf", contact="詳しくは地域医療課までお問い合わせください")
    assert first.first and first.open == 4 and first.new == 0
    text = squash(pdf_text(tmp_path / "h1.pdf"))
    assert "初回のお渡し" in text and "詳しくは地域医療課までお問い合わせください" in text
    assert "手数料" in text and "第三者" in text  # the conditions of use
    assert "K-1" not in text  # 神奈川 is out of scope

    day2 = [list(r) for r in ROWS]
    day2[0][7] = "5"  # O-1: headcount 2 -> 5
    day2[1][11] = "終了"  # O-2 (masked) ended
    day2[2][11] = "停止"  # O-3 paused
    day2[4][7] = "9"  # K-1 changed, but out of scope
    import_file(db, "postings", write(tmp_path / "day2.csv", day2))

    second = make_handout(db, OSAKA, tmp_path / "h2.xlsx")  # the recipient's default scope: 大阪府
    assert (second.new, second.changed, second.ended, second.open) == (0, 2, 1, 2)
    sheets = xlsx_cells(tmp_path / "h2.xlsx")
    header, *rows = sheets["新規・変更・終了"]
    assert header[:2] == ["区分", "募集ID"]
    changes = {(r[1], r[6], r[7], r[8]) for r in rows}
    assert changes == {("O-1", "募集人数", "2人", "5人"), ("O-2", "状態", "公開", "終了"),
                       ("O-3", "状態", "公開", "停止")}
    assert {r[0] for r in sheets["公開中の募集"][1:]} == {"O-1", "O-4"}
    wb = openpyxl.load_workbook(tmp_path / "h2.xlsx")
    for title in ("新規・変更・終了", "公開中の募集", "募集人数"):
        assert wb[title].freeze_panes == "A2" and wb[title].auto_filter.ref
    headcount = sheets["募集人数"]
    assert headcount[0][0] == "ブロック" and [r[0] for r in headcount[1:]] == ["近畿", "計"]
    assert headcount[-1][-1] == 5 + 2  # O-1 and O-4 open, nothing booked

    make_handout(db, OSAKA, tmp_path / "h3.pdf")
    third = squash(pdf_text(tmp_path / "h3.pdf"))
    assert NOTHING_NEW in third.split("公開中の募集")[0]  # said on the first page, before the list
    assert "O-1" in third  # the open list is still there

    # What was handed to whom: three hand-outs, newest first, each recorded as an export too.
    listed = list_handouts(db, "大阪府医師会")
    assert [(h.changed, h.ended, h.open) for h in listed] == [(0, 0, 2), (2, 1, 2), (0, 0, 4)]
    assert sum(e.kind == "handout" for e in list_exports(db)) == 3


def test_a_masked_postings_hidden_fields_are_in_no_hand_out(db: Database, tmp_path: Path) -> None:
    import_file(db, "postings", write(tmp_path / "day1.csv", ROWS))
    make_handout(db, OSAKA, tmp_path / "a.pdf")
    day2 = [list(r) for r in ROWS]
    day2[1][7] = "4"  # the masked posting changes: it is in the changes too
    day2[1][15] = "時給2,500円（さくらクリニック 第２会場で支給）"  # free text naming the facility
    assert import_file(db, "postings", write(tmp_path / "day2.csv", day2)).updated == 1
    b = make_handout(db, OSAKA, tmp_path / "b.xlsx")
    assert b.changed == 1
    make_handout(db, HandoutRequest("看護センター", occupations=("看護師",), since=Since.ALL), tmp_path / "c.pdf")
    texts = [squash(pdf_text(tmp_path / "a.pdf")), squash(pdf_text(tmp_path / "c.pdf")),
             squash("".join(str(c) for rows in xlsx_cells(tmp_path / "b.xlsx").values() for r in rows for c in r))]
    for text in texts:
        assert "O-2" in text and "大阪府堺市堺区" in text  # the masked scope is shown
        for secret in SECRETS:
            assert squash(secret) not in text, secret
    assert "北区民センター" in texts[0]  # a posting with full information shows its venue
    changes = xlsx_cells(tmp_path / "b.xlsx")["新規・変更・終了"]
    assert {tuple(r[1:]) for r in changes[1:]} == {
        ("O-2", "大阪府堺市堺区", "看護師", 4, "公開", "募集人数", "3人", "4人"),
        ("O-2", "大阪府堺市堺区", "看護師", 4, "公開", "給与", "時給2,400円", "時給2,500円(（非公開）で支給)")}


def test_a_recorded_hand_out_is_produced_again_as_it_was(db: Database, tmp_path: Path) -> None:
    import_file(db, "postings", write(tmp_path / "day1.csv", ROWS))
    made = make_handout(db, OSAKA, tmp_path / "june.pdf", contact="地域医療課 06-0000-0000")
    day2 = [list(r) for r in ROWS]
    day2[0][7] = "7"
    import_file(db, "postings", write(tmp_path / "day2.csv", day2))
    produce_again(db, made.handout_id, tmp_path / "again.pdf")
    assert pdf_text(tmp_path / "again.pdf") == pdf_text(tmp_path / "june.pdf")  # 2人, not today's 7人
    with pytest.raises(HandoutInputError, match="no hand-out 99"):
        produce_again(db, 99, tmp_path / "x.pdf")


def test_unknown_scope_names_are_refused_with_the_valid_names(db: Database, tmp_path: Path) -> None:
    for request, valid in ((HandoutRequest("A", prefs=("大坂",)), "大阪府"),
                           (HandoutRequest("A", block="関西"), "近畿"),
                           (HandoutRequest("A", occupations=("獣医",)), "看護師")):
        with pytest.raises(HandoutInputError, match=valid):
            make_handout(db, request, tmp_path / "x.pdf")
    with pytest.raises(ExportInputError):
        make_handout(db, HandoutRequest("A"), tmp_path / "x.csv")
    assert not list(tmp_path.glob("x.*")) and not list_handouts(db)


def test_each_pref_writes_one_file_per_prefecture_with_open_postings(db: Database, tmp_path: Path) -> None:
    load_demo(db, registrants=5, postings=120, seed=4)
    with db.session() as s:
        postings = s.scalars(select(Posting).options(selectinload(Posting.slots))).all()
        expected = {p.pref_code for p in postings if p.status == "open" and p.occupation == "doctor"}
    results = make_each_pref(db, ["医師"], tmp_path / "out")
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(files) == len(results) == len(expected) >= 5
    assert {f[:2] for f in files} == expected
    osaka = next((r for r in results if r.recipient == "大阪府医師会"), results[0])
    text = squash(pdf_text(osaka.path))
    assert osaka.recipient in text and "医師" in text


def test_since_a_date_uses_the_recorded_import_changes(db: Database, tmp_path: Path) -> None:
    import datetime as dt

    from sqlalchemy import update

    from desk.store.models import ImportBatch

    import_file(db, "postings", write(tmp_path / "day1.csv", ROWS))
    with db.write() as s:  # the first export came in long ago
        s.execute(update(ImportBatch).values(started_at=dt.datetime(2021, 6, 1, 1)))
    day2 = [list(r) for r in ROWS]
    day2[0][7] = "5"
    day2[1][7] = "4"  # the masked posting
    day2[2][11] = "停止"
    day2.append(["O-9", "池田市", "大阪府", "池田市", "池田市保健センター", "大阪府池田市", "医師", "1", "2021/6/20",
                 "9:00～12:00", "全情報", "公開", "2021/6/1", "", "", ""])
    assert import_file(db, "postings", write(tmp_path / "day2.csv", day2)).summary_line() == \
        "imported 1, updated 3, unchanged 2, rejected 0"
    request = HandoutRequest("府医師会", prefs=("大阪府",), since=Since.DATE, since_date=dt.date.today())
    made = make_handout(db, request, tmp_path / "d.xlsx")
    assert (made.new, made.changed, made.ended) == (1, 3, 0)
    rows = xlsx_cells(tmp_path / "d.xlsx")["新規・変更・終了"][1:]
    got = {(r[0], r[1], r[6]) for r in rows}
    assert got == {("新規", "O-9", "新規公開"), ("変更", "O-1", "募集人数"), ("変更", "O-2", "募集人数"),
                   ("変更", "O-3", "状態")}
    text = squash(rows)
    assert "さくらクリニック" not in text
