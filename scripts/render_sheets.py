#!/usr/bin/env python3
"""Render example sheets to PDF and PNG (pdftoppm) to look at them.

    .venv/bin/python scripts/render_sheets.py                  # example data → build/sheets/
    .venv/bin/python scripts/render_sheets.py --docs           # also refresh docs/images/sheet-*.png
    .venv/bin/python scripts/render_sheets.py --db URL K-0001 K-0002   # real postings from a database

The example posting is masked, so the pair shows what the public sheet leaves out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desk.print import (  # noqa: E402
    CandidateLine,
    PostingFacts,
    PrintContext,
    SheetInput,
    SlotFill,
    render_pdf,
    render_sheet,
)

PEOPLE = [
    ("髙橋 﨑子", "タカハシ サキコ", "神奈川県横浜市港北区（希望 横浜市・川崎市）", "土日祝 9:00-17:00"),
    ("渡邊 惠一", "ワタナベ ケイイチ", "神奈川県横浜市都筑区", "6/1～7/31 土日"),
    ("齋藤 眞理", "サイトウ マリ", "東京都大田区（希望 東京都・神奈川県）", "平日 13:00-18:00"),
    ("山﨑 德子", "ヤマサキ ノリコ", "神奈川県川崎市中原区", "毎日"),
    ("佐藤 花子", "サトウ ハナコ", "神奈川県横浜市港北区", "土日 9:00-12:00"),
    ("濱田 廣美", "ハマダ ヒロミ", "神奈川県横浜市神奈川区", "日曜 8:30-17:30"),
    ("鈴木 一郎", "スズキ イチロウ", "神奈川県大和市（希望 神奈川県全域）", "6/12、6/19、6/26"),
]
REASONS = [
    ("同じ市区町村に在住（横浜市港北区）", "全8枠に空きあり", "接種経験あり"),
    ("勤務希望地に横浜市を含む", "8枠中6枠に空きあり", "筋肉注射の経験（一致 92）"),
    ("隣接する都道府県に在住（約24km）", "8枠中4枠に空きあり", "接種経験は未記入"),
]


def example_sheet(candidates: int = 20) -> SheetInput:
    start = dt.date(2021, 6, 12)
    slots = tuple(SlotFill(start + dt.timedelta(days=d), dt.time(9), dt.time(12, 30), booked)
                  for d, booked in ((0, 3), (1, 2), (7, 2), (8, 1), (14, 1), (15, 0), (21, 0), (22, 0)))
    posting = PostingFacts(
        source_id="KN-2021-04817", occupation="看護師", headcount=3,
        municipality_name="医療法人社団 髙﨑会 さくらクリニック", prefecture="神奈川県", city="横浜市港北区",
        pref_code="14", muni_code="14109", venue_name="新横浜スポーツ会館（第２会場）",
        venue_address="〒222-0033 神奈川県横浜市港北区新横浜2丁目1番1号",
        dates_raw="令和3年6月12日～7月4日の土日（全8回）", hours_raw="9:00～12:30（受付 8:45～）",
        employment_type="臨時", pay="時給 3,000円・交通費実費支給（上限 1,000円/日）",
        duties="予診票の確認・筋肉注射・接種後15分の経過観察（アナフィラキシー対応は医師が指示）",
        requirements="筋肉注射の経験がある方。初回のみ さくらクリニックでの説明会（30分）に参加できる方",
        contact_name="ワクチン接種対策室 渡邊 惠一", contact_phone="045-671-2401",
        contact_email="vaccine@sakura-clinic.example.jp", masked=True, status="open",
        updated_on=dt.date(2021, 6, 1), slots=slots,
    )
    lines = tuple(
        CandidateLine(
            rank=k + 1, registrant_id=f"NS-{31042 + 17 * k}", name=PEOPLE[k % len(PEOPLE)][0],
            name_kana=PEOPLE[k % len(PEOPLE)][1], phone=f"090-{2231 + 7 * k:04d}-{4410 + 13 * k:04d}",
            email=f"ns{31042 + 17 * k}@example.ne.jp", region=PEOPLE[k % len(PEOPLE)][2],
            availability=PEOPLE[k % len(PEOPLE)][3], score=round(94 - k * 2.2, 1), reasons=REASONS[k % len(REASONS)],
        )
        for k in range(candidates)
    )
    return SheetInput(posting=posting, candidates=lines, excluded=37)


def to_png(pdf: Path, prefix: Path, dpi: int, first_only: bool) -> list[Path]:
    if not shutil.which("pdftoppm"):
        sys.exit("pdftoppm (poppler-utils) is needed for PNGs")
    pages = ["-f", "1", "-l", "1"] if first_only else []
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), *pages, str(pdf), str(prefix)], check=True)
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("posting_ids", nargs="*", help="postings to render from --db (default: example data)")
    parser.add_argument("--db", metavar="URL", help="database to read postings from")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "sheets", help="output folder")
    parser.add_argument("--dpi", type=int, default=110)
    parser.add_argument("--docs", action="store_true", help="refresh docs/images/sheet-coordinator.png and -public.png")
    args = parser.parse_args(argv)
    if args.posting_ids and not args.db:
        parser.error("posting ids need --db")
    args.out.mkdir(parents=True, exist_ok=True)
    ctx = PrintContext(coordinator="山田 さくら", printed_at=dt.datetime(2021, 6, 10, 14, 5))
    for audience in ("coordinator", "public"):
        if args.posting_ids:
            from desk.store.db import open_database

            db = open_database(args.db)
            data = render_sheet(db, args.posting_ids, audience=audience, coordinator=ctx.coordinator)
            db.dispose()
        else:
            data = render_pdf(example_sheet(), audience, ctx)
        pdf = args.out / f"sheet-{audience}.pdf"
        pdf.write_bytes(data)
        for old in args.out.glob(f"sheet-{audience}-*.png"):
            old.unlink()
        pngs = to_png(pdf, args.out / f"sheet-{audience}", args.dpi, first_only=False)
        print(f"{pdf}: {len(pngs)} page(s) → {', '.join(p.name for p in pngs)}")
        if args.docs:
            target = ROOT / "docs" / "images" / f"sheet-{audience}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pngs[0], target)
            print(f"  first page → {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
