from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from desk.services.importer import ImportCancelled, ImportInputError, ImportOptions, import_file, preview_file
from desk.store.db import Database
from desk.store.models import (
    ImportBatch,
    Placement,
    PlacementSlot,
    Posting,
    PostingChange,
    PostingSlot,
    Registrant,
)

POSTING_HEADER = ["求人番号", "自治体", "都道府県名", "市町村", "接種会場", "会場住所", "募集職種", "募集 人数",
                  "勤務日（予定）", "時間帯", "公開区分", "公開状況", "最終更新日"]
POSTINGS = [
    ["K-001", "鎌倉市", "神奈川", "鎌倉市", "鎌倉市役所 集団接種会場", "神奈川県鎌倉市御成町18-10", "医師", "２",
     "6/12～6/27の土日", "9:00～12:00", "全情報", "公開", "令和3年6月1日"],
    ["K-002", "横浜市", "神奈川県", "よこはま市港北区", "港北公会堂", "横浜市港北区大豆戸町26-1", "看護師", "3",
     "2021/6/14、6/15", "９時－１２時", "マスキング", "公開", "2021/6/1"],
    ["K-003", "札幌市", "北海道", "札幌市中央区", "中央体育館", "", "Dr.", "1", "R3.7.3", "終日", "全情報", "停止", "R3.6.20"],
]
REGISTRANT_HEADER = ["登録番号", "名前", "ふりがな", "免許", "専門科", "居住都道府県", "居住市区町村", "対応可能地域",
                     "可能日", "希望時間帯", "筋注経験", "携帯", "状態"]
REGISTRANTS = [
    ["R-1", "髙橋 花子", "タカハシ ハナコ", "医師", "内科", "神奈川県", "鎌倉市", "神奈川県全域", "土日祝", "9:00～17:00", "あり", "090-1111-2222", "有効"],
    ["R-2", "山﨑 太郎", "ヤマザキ タロウ", "Ns", "", "東京", "世田谷区", "東京都、神奈川県横浜市・川崎市", "平日", "午前", "なし", "080-3333-4444", "休止"],
]


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "cp932", title: str = "") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        if title:
            w.writerow([title])
            w.writerow([])
        w.writerow(header)
        w.writerows(rows)
    return path


def count(db: Database, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_messy_cp932_postings_import_normalised(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "keynet.csv", POSTING_HEADER, POSTINGS, title="医療のお仕事 Key-Net 募集一覧")
    report = import_file(db, "postings", path, ImportOptions(coordinator="佐藤"))
    assert (report.encoding, report.header_row) == ("cp932", 3)
    assert report.summary_line() == "imported 3, updated 0, unchanged 0, rejected 0"
    with db.session() as s:
        posts = {p.source_id: p for p in s.scalars(select(Posting))}
        assert posts["K-001"].pref_code == "14" and posts["K-001"].muni_code == "14204"
        assert posts["K-002"].muni_code == "14109" and posts["K-002"].masked is True
        assert posts["K-003"].occupation == "doctor" and posts["K-003"].status == "paused"
        slots = [(x.date, x.start, x.end) for x in posts["K-001"].slots]
        assert slots[0] == (dt.date(2021, 6, 12), dt.time(9), dt.time(12))
        assert {x[0].weekday() for x in slots} == {5, 6} and len(slots) == 6
        assert [x.date for x in posts["K-002"].slots] == [dt.date(2021, 6, 14), dt.date(2021, 6, 15)]
        assert s.scalar(select(ImportBatch.coordinator)) == "佐藤"


def test_same_file_again_changes_nothing(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", POSTING_HEADER, POSTINGS)
    import_file(db, "postings", path)
    with db.session() as s:
        before = [(p.id, p.row_hash, p.changed_at) for p in s.scalars(select(Posting).order_by(Posting.id))]
    again = import_file(db, "postings", path)
    assert again.summary_line() == "imported 0, updated 0, unchanged 3, rejected 0"
    with db.session() as s:
        after = [(p.id, p.row_hash, p.changed_at) for p in s.scalars(select(Posting).order_by(Posting.id))]
    assert after == before
    assert count(db, PostingChange) == 0


def test_changed_headcount_and_status_are_recorded_and_missing_posting_flagged(db: Database, tmp_path: Path) -> None:
    import_file(db, "postings", write_csv(tmp_path / "day1.csv", POSTING_HEADER, POSTINGS))
    newer = [list(r) for r in POSTINGS[:2]]
    newer[0][7] = "4"
    newer[1][11] = "終了"
    report = import_file(db, "postings", write_csv(tmp_path / "day2.csv", POSTING_HEADER, newer))
    assert report.summary_line() == "imported 0, updated 2, unchanged 0, rejected 0"
    assert report.flagged_missing == 1
    with db.session() as s:
        changes = {(c.field, c.old_value, c.new_value) for c in s.scalars(select(PostingChange))}
        assert ("headcount", "2", "4") in changes and ("status", "open", "ended") in changes
        gone = s.scalar(select(Posting).where(Posting.source_id == "K-003"))
        assert gone is not None and gone.missing_since is not None  # flagged, never deleted
    # It comes back in a later export: the flag clears.
    import_file(db, "postings", write_csv(tmp_path / "day3.csv", POSTING_HEADER, POSTINGS))
    with db.session() as s:
        assert s.scalar(select(Posting.missing_since).where(Posting.source_id == "K-003")) is None


def test_partial_export_does_not_flag_absent_postings(db: Database, tmp_path: Path) -> None:
    import_file(db, "postings", write_csv(tmp_path / "a.csv", POSTING_HEADER, POSTINGS))
    report = import_file(db, "postings", write_csv(tmp_path / "b.csv", POSTING_HEADER, POSTINGS[:1]),
                         ImportOptions(full_export=False))
    assert report.flagged_missing == 0


def test_invalid_rows_refuse_the_file_and_are_kept_in_a_rejects_file(db: Database, tmp_path: Path) -> None:
    bad = [list(r) for r in POSTINGS]
    bad[0][0] = ""  # missing id
    bad[1][6] = "歯科衛生士"  # unknown occupation
    bad.append(["K-004", "逗子市", "神奈川県", "逗子市", "", "", "看護師", "-2", "2021/6/12", "", "全情報", "公開", ""])
    bad.append(["K-005", "逗子市", "神奈川県", "逗子市", "", "", "看護師", "1", "2021/2/30", "", "全情報", "公開", ""])
    path = write_csv(tmp_path / "bad.csv", POSTING_HEADER, bad)
    report = import_file(db, "postings", path)
    assert report.refused and not report.committed
    assert report.summary_line() == "imported 0, updated 0, unchanged 0, rejected 4"
    assert count(db, Posting) == 0
    reasons = {(r.row, r.column): r for r in report.rejects}
    assert "missing" in reasons[(2, "求人番号")].reason
    assert reasons[(3, "募集職種")].value == "歯科衛生士"
    assert "negative" in reasons[(5, "募集 人数")].reason
    assert reasons[(6, "勤務日（予定）")].value == "2021/2/30"
    with report.rejects_file.open(encoding="utf-8-sig") as fh:  # type: ignore[union-attr]
        kept = list(csv.reader(fh))
    assert kept[0][-2:] == ["取込エラー行", "取込エラー内容"]
    assert [r[0] for r in kept[1:]] == ["", "K-002", "K-004", "K-005"]
    partial = import_file(db, "postings", path, ImportOptions(accept_partial=True))
    assert partial.summary_line() == "imported 1, updated 0, unchanged 0, rejected 4"
    with db.session() as s:
        assert list(s.scalars(select(Posting.source_id))) == ["K-003"]
        # rejected rows that carried an id are not flagged missing: they are in the file
        assert s.scalar(select(func.count()).select_from(Posting).where(Posting.missing_since.is_not(None))) == 0


def test_dry_run_writes_nothing(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", POSTING_HEADER, POSTINGS)
    report = preview_file(db, "postings", path)
    assert report.summary_line() == "imported 3, updated 0, unchanged 0, rejected 0"
    assert count(db, Posting) == 0 and count(db, ImportBatch) == 0


def test_cancelled_import_leaves_the_database_as_it_was(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", REGISTRANT_HEADER, REGISTRANTS)
    import_file(db, "registrants", path)
    rows = [[f"R-{i}", f"名前{i}", "", "看護師", "", "東京都", "新宿区", "", "", "", "", "", "有効"] for i in range(3, 5000)]
    big = write_csv(tmp_path / "big.csv", REGISTRANT_HEADER, rows)
    calls = {"n": 0}

    def cancel_late() -> bool:  # cancel while the rows are being written
        calls["n"] += 1
        return calls["n"] > 4

    with pytest.raises(ImportCancelled):
        import_file(db, "registrants", big, cancel=cancel_late)
    assert count(db, Registrant) == 2 and count(db, ImportBatch) == 1


def test_registrants_from_xlsx_sheet_with_title_rows(db: Database, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "メモ"
    sheet = wb.create_sheet("登録者")
    sheet.append(["女性医師バンク 登録者一覧"])
    sheet.append([])
    sheet.append(REGISTRANT_HEADER)
    for r in REGISTRANTS:
        sheet.append(r)
    path = tmp_path / "bank.xlsx"
    wb.save(path)
    report = import_file(db, "physicians", path, ImportOptions(sheet="登録者"))
    assert report.summary_line() == "imported 2, updated 0, unchanged 0, rejected 0"
    with db.session() as s:
        r1, r2 = s.scalars(select(Registrant).order_by(Registrant.source_id)).all()
        assert (r1.name, r1.home_muni_code, r1.vaccination_experience) == ("髙橋 花子", "14204", True)
        assert r1.work_areas == [{"kind": "pref", "code": "14"}]
        assert r2.occupation == "nurse" and r2.state == "paused" and r2.vaccination_experience is False
        assert {"kind": "muni", "code": "14100"} in r2.work_areas and r2.availability


def test_missing_required_column_stops_with_headers_listed(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", ["番号X", "自治体名", "人数"], [["1", "鎌倉市", "2"]])
    with pytest.raises(ImportInputError, match=r"x\.csv.*職種.*Headers found: 番号X, 自治体名, 人数"):
        import_file(db, "postings", path)


def test_reimport_with_new_dates_keeps_placement_history(db: Database, tmp_path: Path) -> None:
    import_file(db, "postings", write_csv(tmp_path / "a.csv", POSTING_HEADER, POSTINGS[:1]))
    import_file(db, "registrants", write_csv(tmp_path / "r.csv", REGISTRANT_HEADER, REGISTRANTS))
    with db.session() as s:
        post = s.scalar(select(Posting))
        reg = s.scalar(select(Registrant))
        slot = post.slots[0]
        pl = Placement(posting_id=post.id, registrant_id=reg.id, state="confirmed")
        pl.slots.append(PlacementSlot(slot_id=slot.id, registrant_id=reg.id, date=slot.date, start=slot.start,
                                      end=slot.end, state="confirmed"))
        s.add(pl)
        old_slot = slot.id
    moved = [list(POSTINGS[0])]
    moved[0][8] = "2021/7/3"
    import_file(db, "postings", write_csv(tmp_path / "b.csv", POSTING_HEADER, moved), ImportOptions(full_export=False))
    with db.session() as s:
        kept = s.get(PostingSlot, old_slot)
        assert kept is not None and kept.active is False
        assert s.scalar(select(func.count()).select_from(PlacementSlot)) == 1
        assert dt.date(2021, 7, 3) in [x.date for x in s.scalar(select(Posting)).slots if x.active]


def test_reasons_read_in_japanese_too(sqlite_db: Database, tmp_path: Path) -> None:
    bad = [list(r) for r in POSTINGS]
    bad[0][6] = "歯科衛生士"
    bad[1][8] = "2021/2/30"
    bad[2][7] = "-1"
    report = import_file(sqlite_db, "postings", write_csv(tmp_path / "bad.csv", POSTING_HEADER, bad))
    ja = {r.column: r.reason_ja for r in report.rejects}
    assert ja["募集職種"].startswith("職種が読めません")
    assert ja["勤務日（予定）"] == "存在しない日付です"
    assert ja["募集 人数"] == "募集人数がマイナスです"


def test_preview_counts_the_postings_a_full_export_would_mark_missing(sqlite_db: Database, tmp_path: Path) -> None:
    import_file(sqlite_db, "postings", write_csv(tmp_path / "a.csv", POSTING_HEADER, POSTINGS))
    smaller = write_csv(tmp_path / "b.csv", POSTING_HEADER, POSTINGS[:2])
    assert preview_file(sqlite_db, "postings", smaller).flagged_missing == 1
    assert preview_file(sqlite_db, "postings", smaller, ImportOptions(full_export=False)).flagged_missing == 0
    with sqlite_db.session() as s:  # the preview marked nothing
        assert s.scalar(select(func.count()).select_from(Posting).where(Posting.missing_since.is_not(None))) == 0


def test_progress_only_moves_forward_and_cancel_while_reading_changes_nothing(sqlite_db: Database,
                                                                              tmp_path: Path) -> None:
    rows = [[f"R-{i}", f"名前{i}", "", "看護師", "", "東京都", "新宿区", "", "土日", "", "", "", "有効"]
            for i in range(3000)]
    path = write_csv(tmp_path / "r.csv", REGISTRANT_HEADER, rows)
    seen: list[tuple[int, int]] = []
    import_file(sqlite_db, "registrants", path, progress=lambda done, total: seen.append((done, total)))
    assert len(seen) > 5 and seen[-1][0] == seen[-1][1]
    assert all(a[0] <= b[0] for a, b in zip(seen, seen[1:], strict=False))
    calls = {"n": 0}

    def cancel_while_reading() -> bool:
        calls["n"] += 1
        return calls["n"] == 3

    with pytest.raises(ImportCancelled):
        import_file(sqlite_db, "registrants", write_csv(tmp_path / "r2.csv", REGISTRANT_HEADER,
                                                        [[f"X-{r[0]}", *r[1:]] for r in rows]),
                    cancel=cancel_while_reading)
    assert count(sqlite_db, Registrant) == 3000


def test_the_same_data_from_xlsx_and_from_a_cp932_csv_is_unchanged(db: Database, tmp_path: Path) -> None:
    # The .xlsx holds real date cells, the wave dash U+301C, half-width digits and clean text; the
    # CP932 .csv (as Excel saves it) holds ～ U+FF5E, full-width digits, dates as 2021/6/1, 9:00 and
    # trailing spaces. Nothing in the data changed: every row is "unchanged".
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(POSTING_HEADER)
    xlsx_rows = [
        ["K-001", "鎌倉市", "神奈川", "鎌倉市", "鎌倉市役所 集団接種会場", "神奈川県鎌倉市御成町18-10", "医師", 2,
         "6/12\u301c6/27の土日", "9:00\u301c12:00", "全情報", "公開", dt.datetime(2021, 6, 1)],
        ["K-002", "横浜市", "神奈川県", "横浜市港北区", "港北公会堂", "横浜市港北区大豆戸町26-1", "看護師", 3,
         "2021/6/14、6/15", "9時-12時", "マスキング", "公開", dt.datetime(2021, 6, 1)],
    ]
    for row in xlsx_rows:
        sheet.append(row)
    xlsx = tmp_path / "keynet.xlsx"
    book.save(xlsx)
    csv_rows = [
        ["K-001", "鎌倉市", "神奈川", "鎌倉市", "鎌倉市役所 集団接種会場 ", "神奈川県鎌倉市御成町１８-１０", "医師", "２",
         "6/12\uff5e6/27の土日", "9:00\uff5e12:00", "全情報", "公開", "2021/6/1"],
        ["K-002", "横浜市", "神奈川県", "横浜市港北区", "港北公会堂", "横浜市港北区大豆戸町２６－１", "看護師", "３",
         "２０２１/６/１４、６/１５", "９時－１２時", "マスキング", "公開 ", "2021/06/01"],
    ]
    csv_path = write_csv(tmp_path / "keynet.csv", POSTING_HEADER, csv_rows)
    first = import_file(db, "postings", xlsx, ImportOptions(coordinator="佐藤"))
    assert first.summary_line() == "imported 2, updated 0, unchanged 0, rejected 0"
    again = import_file(db, "postings", csv_path, ImportOptions(coordinator="佐藤"))
    assert again.summary_line() == "imported 0, updated 0, unchanged 2, rejected 0"
    # A real change still counts.
    csv_rows[1][7] = "４"
    changed = import_file(db, "postings", write_csv(tmp_path / "changed.csv", POSTING_HEADER, csv_rows),
                          ImportOptions(coordinator="佐藤"))
    assert changed.summary_line() == "imported 0, updated 1, unchanged 1, rejected 0"


def test_a_file_with_no_header_row_is_named_as_such_and_nothing_is_written(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "no_header.csv"
    with path.open("w", encoding="cp932", newline="") as fh:
        csv.writer(fh).writerows(REGISTRANTS)
    with pytest.raises(ImportInputError) as err:
        import_file(db, "registrants", path, ImportOptions(coordinator="佐藤"))
    assert "no header row" in str(err.value) and "R-1" in str(err.value)
    assert count(db, Registrant) == 0
