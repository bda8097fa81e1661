"""Realistic postings and candidates for the sheet tests (facility names, addresses, contacts, variant kanji)."""

from __future__ import annotations

import datetime as dt
import random

from desk.print.facts import CandidateLine, PostingFacts, SlotFill

# (pref code, prefecture, city, muni code, town) — real places, the way the importer stores them.
PLACES = [
    ("14", "神奈川県", "横浜市港北区", "14109", "新横浜"),
    ("13", "東京都", "世田谷区", "13112", "三軒茶屋"),
    ("27", "大阪府", "大阪市北区", "27127", "梅田"),
    ("40", "福岡県", "北九州市小倉北区", "40106", "浅野"),
    ("01", "北海道", "函館市", "01202", "五稜郭町"),
    ("10", "群馬県", "高崎市", "10202", "栄町"),
    ("46", "鹿児島県", "霧島市", "46218", "国分中央"),
    ("23", "愛知県", "名古屋市中村区", "23105", "名駅"),
]
FACILITIES = [
    "医療法人社団 髙﨑会 さくらクリニック", "社会福祉法人 恩賜財団 済生会病院", "みなと内科・小児科医院",
    "医療法人 德洲会 あおば病院", "ひかり在宅クリニック（第２診療所）", "一般財団法人 淵野辺健診センター",
]
VENUES = ["市民文化会館 大ホール", "総合体育館（サブアリーナ）", "ワクチン接種センター・第２会場",
          "コミュニティプラザ 多目的室", "ホテル サンライズ 宴会場「鳳凰」"]
CONTACTS = [("健康推進課 髙橋 﨑子", "045-671-2401"), ("ワクチン接種対策室 渡邊 惠一", "06-6208-9902"),
            ("総務課 齋藤 眞理", "093-582-1234"), ("看護部 濱田 廣美", "0138-21-3456")]
OCCUPATIONS = ["医師", "看護師", "准看護師", "事務職員", "薬剤師"]
PERSONS = [("髙橋 﨑子", "タカハシ サキコ"), ("渡邊 惠一", "ワタナベ ケイイチ"), ("齋藤 眞理", "サイトウ マリ"),
           ("山﨑 德子", "ヤマサキ ノリコ"), ("佐藤 花子", "サトウ ハナコ"), ("鈴木 一郎", "スズキ イチロウ")]


def make_posting(i: int, *, masked: bool, rng: random.Random | None = None) -> PostingFacts:
    rng = rng or random.Random(i)
    pref_code, pref, city, muni, town = PLACES[i % len(PLACES)]
    facility = FACILITIES[i % len(FACILITIES)]
    contact, phone = CONTACTS[i % len(CONTACTS)]
    start = dt.date(2021, 6, 5) + dt.timedelta(days=rng.randrange(20))
    slots = tuple(SlotFill(start + dt.timedelta(days=7 * k), dt.time(9), dt.time(12, 30), rng.randrange(3))
                  for k in range(rng.randrange(1, 6)))
    return PostingFacts(
        source_id=f"KN-2021-{1000 + i}",
        occupation=OCCUPATIONS[i % len(OCCUPATIONS)],
        headcount=rng.choice((1, 2, 3, 5)),
        municipality_name=facility if i % 3 else (city.split("市")[0] + "市" if "市" in city else city),
        prefecture=pref,
        city=city,
        pref_code=pref_code,
        muni_code=muni,
        venue_name=VENUES[i % len(VENUES)],
        venue_address=f"{pref}{city}{town}{rng.randrange(1, 5)}丁目{rng.randrange(1, 30)}番{rng.randrange(1, 20)}号",
        dates_raw=f"令和3年{start.month}月{start.day}日～（毎週土曜）",
        hours_raw="9:00～12:30（受付 8:45～）",
        employment_type="臨時",
        pay=f"時給 {rng.choice((2500, 3000, 10000))}円（交通費別途支給）",
        duties="予診票の確認・筋肉注射・接種後の経過観察",
        requirements=f"筋肉注射の経験がある方。{facility}での説明会（1時間）に参加できる方",
        contact_name=contact,
        contact_phone=phone,
        contact_email=f"vaccine-{i:03d}@city-{pref_code}.example.lg.jp",
        masked=masked,
        slots=slots,
    )


def make_candidates(n: int) -> tuple[CandidateLine, ...]:
    return tuple(
        CandidateLine(
            rank=k + 1,
            registrant_id=f"R-{20000 + k}",
            name=PERSONS[k % len(PERSONS)][0],
            name_kana=PERSONS[k % len(PERSONS)][1],
            phone=f"090-{1000 + k:04d}-{5000 + k:04d}",
            email=f"doctor{k}@example.ne.jp",
            region="神奈川県横浜市港北区（希望 神奈川県・東京都）",
            availability="土日祝 9:00～17:00（6/1～7/31）",
            score=95 - k * 2.5,
            reasons=("同じ市区町村に在住（横浜市港北区）", "全5枠に空きあり", "接種経験あり"),
        )
        for k in range(n)
    )




def squash(text: str) -> str:
    """Text with all whitespace removed: a value wrapped over two lines still reads as one."""
    return "".join(text.split())
