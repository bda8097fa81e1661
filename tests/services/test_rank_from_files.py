"""Ranking scenarios from real files: messy CSVs go through the importer, then rank_posting."""

from __future__ import annotations

from pathlib import Path

from desk.services.importer import import_file
from desk.services.placements import transition
from desk.services.ranking import rank_posting
from desk.store.db import Database
from tests.services.test_importer import write_csv

POSTING_HEADER = ["求人番号", "自治体", "都道府県名", "市町村", "接種会場", "募集職種", "人数", "勤務日程", "時間帯",
                  "情報区分", "公開状況", "最終更新日"]
POSTINGS = [
    ["KN-1", "横浜市", "神奈川", "ヨコハマ市港北区", "港北公会堂", "准看護師", "2", "R3.6.12、R3.6.13", "９時－１２時",
     "全情報", "公開", "令和3年6月1日"],
    ["KN-2", "鎌倉市", "神奈川県", "鎌倉市", "鎌倉市役所", "看護師", "1", "2021/6/12", "9:00～12:00", "全情報", "公開", "2021/6/1"],
]
REG_HEADER = ["会員番号", "名前", "カナ", "資格", "居住都道府県", "居住市区町村", "希望勤務地", "勤務可能曜日", "可能時間帯",
              "筋注経験", "状態"]
REGISTRANTS = [
    ["R-same-city", "髙橋 花子", "タカハシ ハナコ", "Ns", "神奈川県", "横浜市港北区", "", "土日", "終日", "あり", "有効"],
    ["R-neighbour", "山﨑 太郎", "ヤマザキ タロウ", "ナース", "東京", "世田谷区", "", "土日祝", "9時-17時", "あり", "有効"],
    ["R-partial", "齋藤 次郎", "サイトウ ジロウ", "看護師", "神奈川", "よこはま", "", "土曜", "午前", "あり", "有効"],
    ["R-assistant", "渡邊 三郎", "ワタナベ サブロウ", "准看護師", "神奈川県", "横浜市港北区", "", "土日", "午前", "あり", "有効"],
    ["R-doctor-only", "佐藤 一郎", "サトウ イチロウ", "薬剤師", "神奈川県", "横浜市港北区", "", "土日", "午前", "", "有効"],
    ["R-withdrawn", "鈴木 四郎", "スズキ シロウ", "看護師", "神奈川県", "横浜市港北区", "", "土日", "午前", "", "退会"],
    ["R-booked", "田中 五郎", "タナカ ゴロウ", "看護師", "神奈川県", "横浜市港北区", "", "土日", "午前", "あり", "有効"],
]


def test_planted_registrants_come_out_in_the_known_order(db: Database, tmp_path: Path) -> None:
    import_file(db, "postings", write_csv(tmp_path / "p.csv", POSTING_HEADER, POSTINGS))
    import_file(db, "registrants", write_csv(tmp_path / "r.csv", REG_HEADER, REGISTRANTS))
    # R-booked is confirmed at KN-2 on 6/12 9:00-12:00; KN-1's 6/13 slot is still free for them.
    transition(db, "KN-2", "R-booked", "proposed")
    transition(db, "KN-2", "R-booked", "accepted")
    transition(db, "KN-2", "R-booked", "confirmed")
    result = rank_posting(db, "KN-1")
    order = [c.source_id for c in result.candidates]
    excluded = {e.source_id: e.reason_code for e in result.excluded}
    # same municipality beats a bordering prefecture; full availability beats partial
    assert order.index("R-same-city") < order.index("R-neighbour")
    assert order.index("R-same-city") < order.index("R-partial")
    # a 准看護師 fills a 准看護師 posting exactly; a nurse fills it through another licence
    assert "R-assistant" in order
    assert excluded["R-doctor-only"] == "occupation"
    assert excluded["R-withdrawn"] == "state_withdrawn"
    # booked on 6/12 elsewhere, but still free on 6/13: a candidate with lower availability
    booked = next(c for c in result.candidates if c.source_id == "R-booked")
    same = next(c for c in result.candidates if c.source_id == "R-same-city")
    assert booked.components["availability"] < same.components["availability"]
    # the same input gives the same order
    assert [c.source_id for c in rank_posting(db, "KN-1").candidates] == order


def test_booked_for_every_slot_they_could_cover_is_excluded(db: Database, tmp_path: Path) -> None:
    import_file(db, "postings", write_csv(tmp_path / "p.csv", POSTING_HEADER, POSTINGS))
    import_file(db, "registrants", write_csv(tmp_path / "r.csv", REG_HEADER, REGISTRANTS))
    for state in ("proposed", "accepted", "confirmed"):
        transition(db, "KN-1", "R-booked", state)
    result = rank_posting(db, "KN-2")
    excluded = {e.source_id: e for e in result.excluded}
    assert excluded["R-booked"].reason_code == "booked"
    assert "確定" in excluded["R-booked"].reason  # 対応できる枠はすべて他の会場で確定済み
