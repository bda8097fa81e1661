"""The 47 prefectures: names, readings, region blocks, offices and land borders.

Facts written here, in the project (names and codes per JIS X 0401; offices' coordinates from the
GSI / J-LIS lists as published by code4fukui/localgovjp, CC0; land borders derived from MLIT's
国土数値情報 行政区域データ 2021). 岡山県 and 香川県 touch only on a small island (井島).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from desk.core.text import clean, compact, fold_variants, is_romaji, kana_key, loose_romaji

if TYPE_CHECKING:  # numpy is loaded by the one function that needs it (``desk --help`` stays light)
    import numpy as np

BLOCKS_8: tuple[str, ...] = ("北海道", "東北", "関東", "中部", "近畿", "中国", "四国", "九州")
MHLW_AREAS: tuple[str, ...] = ("北海道", "東北", "関東信越", "東海北陸", "近畿", "中国四国", "九州")


@dataclass(frozen=True)
class Prefecture:
    code: str  # "01".."47"
    name: str  # 東京都
    short: str  # 東京
    kana: str  # とうきょうと
    romaji: str  # Tokyo
    block8: str  # one of BLOCKS_8
    mhlw: str  # one of MHLW_AREAS (the regional bureau's area)
    lat: float  # prefectural office
    lon: float
    neighbors: tuple[str, ...]  # codes of prefectures sharing a land border

    @property
    def short_kana(self) -> str:
        """The reading without 都/道/府/県 (ほっかいどう stays whole)."""
        if self.code == "01":
            return self.kana
        for tail in ("けん", "ふ", "と"):
            if self.kana.endswith(tail):
                return self.kana[: -len(tail)]
        return self.kana


# code, name, short, kana, romaji, 8-region block, MHLW bureau area, office lat, lon, neighbours
_TABLE = (
    ("01", "北海道", "北海道", "ほっかいどう", "Hokkaido", "北海道", "北海道", 43.063968, 141.347899, ""),
    ("02", "青森県", "青森", "あおもりけん", "Aomori", "東北", "東北", 40.824623, 140.740593, "03 05"),
    ("03", "岩手県", "岩手", "いわてけん", "Iwate", "東北", "東北", 39.703531, 141.152667, "02 04 05"),
    ("04", "宮城県", "宮城", "みやぎけん", "Miyagi", "東北", "東北", 38.268839, 140.872103, "03 05 06 07"),
    ("05", "秋田県", "秋田", "あきたけん", "Akita", "東北", "東北", 39.7186, 140.102334, "02 03 04 06"),
    ("06", "山形県", "山形", "やまがたけん", "Yamagata", "東北", "東北", 38.240437, 140.363634, "04 05 07 15"),
    ("07", "福島県", "福島", "ふくしまけん", "Fukushima", "東北", "東北", 37.750299, 140.467521, "04 06 08 09 10 15"),
    ("08", "茨城県", "茨城", "いばらきけん", "Ibaraki", "関東", "関東信越", 36.341813, 140.446793, "07 09 11 12"),
    ("09", "栃木県", "栃木", "とちぎけん", "Tochigi", "関東", "関東信越", 36.565725, 139.883565, "07 08 10 11"),
    ("10", "群馬県", "群馬", "ぐんまけん", "Gunma", "関東", "関東信越", 36.391208, 139.060156, "07 09 11 15 20"),
    ("11", "埼玉県", "埼玉", "さいたまけん", "Saitama", "関東", "関東信越", 35.857428, 139.648933, "08 09 10 12 13 19 20"),
    ("12", "千葉県", "千葉", "ちばけん", "Chiba", "関東", "関東信越", 35.605058, 140.123308, "08 11 13"),
    ("13", "東京都", "東京", "とうきょうと", "Tokyo", "関東", "関東信越", 35.689521, 139.691704, "11 12 14 19"),
    ("14", "神奈川県", "神奈川", "かながわけん", "Kanagawa", "関東", "関東信越", 35.447753, 139.642514, "13 19 22"),
    ("15", "新潟県", "新潟", "にいがたけん", "Niigata", "中部", "関東信越", 37.902418, 139.023221, "06 07 10 16 20"),
    ("16", "富山県", "富山", "とやまけん", "Toyama", "中部", "東海北陸", 36.69529, 137.211338, "15 17 20 21"),
    ("17", "石川県", "石川", "いしかわけん", "Ishikawa", "中部", "東海北陸", 36.594682, 136.625573, "16 18 21"),
    ("18", "福井県", "福井", "ふくいけん", "Fukui", "中部", "近畿", 36.065219, 136.221642, "17 21 25 26"),
    ("19", "山梨県", "山梨", "やまなしけん", "Yamanashi", "中部", "関東信越", 35.664158, 138.568449, "11 13 14 20 22"),
    ("20", "長野県", "長野", "ながのけん", "Nagano", "中部", "関東信越", 36.651289, 138.181224, "10 11 15 16 19 21 22 23"),
    ("21", "岐阜県", "岐阜", "ぎふけん", "Gifu", "中部", "東海北陸", 35.391227, 136.722291, "16 17 18 20 23 24 25"),
    ("22", "静岡県", "静岡", "しずおかけん", "Shizuoka", "中部", "東海北陸", 34.976978, 138.383054, "14 19 20 23"),
    ("23", "愛知県", "愛知", "あいちけん", "Aichi", "中部", "東海北陸", 35.180188, 136.906565, "20 21 22 24"),
    ("24", "三重県", "三重", "みえけん", "Mie", "近畿", "東海北陸", 34.730283, 136.508591, "21 23 25 26 29 30"),
    ("25", "滋賀県", "滋賀", "しがけん", "Shiga", "近畿", "近畿", 35.004531, 135.86859, "18 21 24 26"),
    ("26", "京都府", "京都", "きょうとふ", "Kyoto", "近畿", "近畿", 35.021004, 135.755608, "18 24 25 27 28 29"),
    ("27", "大阪府", "大阪", "おおさかふ", "Osaka", "近畿", "近畿", 34.686316, 135.519711, "26 28 29 30"),
    ("28", "兵庫県", "兵庫", "ひょうごけん", "Hyogo", "近畿", "近畿", 34.691279, 135.183025, "26 27 31 33"),
    ("29", "奈良県", "奈良", "ならけん", "Nara", "近畿", "近畿", 34.685333, 135.832744, "24 26 27 30"),
    ("30", "和歌山県", "和歌山", "わかやまけん", "Wakayama", "近畿", "近畿", 34.226034, 135.167506, "24 27 29"),
    ("31", "鳥取県", "鳥取", "とっとりけん", "Tottori", "中国", "中国四国", 35.503869, 134.237672, "28 32 33 34"),
    ("32", "島根県", "島根", "しまねけん", "Shimane", "中国", "中国四国", 35.472297, 133.050499, "31 34 35"),
    ("33", "岡山県", "岡山", "おかやまけん", "Okayama", "中国", "中国四国", 34.661772, 133.934675, "28 31 34 37"),
    ("34", "広島県", "広島", "ひろしまけん", "Hiroshima", "中国", "中国四国", 34.39656, 132.459622, "31 32 33 35"),
    ("35", "山口県", "山口", "やまぐちけん", "Yamaguchi", "中国", "中国四国", 34.186121, 131.4705, "32 34"),
    ("36", "徳島県", "徳島", "とくしまけん", "Tokushima", "四国", "中国四国", 34.06577, 134.559303, "37 38 39"),
    ("37", "香川県", "香川", "かがわけん", "Kagawa", "四国", "中国四国", 34.340149, 134.043444, "33 36 38"),
    ("38", "愛媛県", "愛媛", "えひめけん", "Ehime", "四国", "中国四国", 33.84166, 132.765362, "36 37 39"),
    ("39", "高知県", "高知", "こうちけん", "Kochi", "四国", "中国四国", 33.559705, 133.53108, "36 38"),
    ("40", "福岡県", "福岡", "ふくおかけん", "Fukuoka", "九州", "九州", 33.606785, 130.418314, "41 43 44"),
    ("41", "佐賀県", "佐賀", "さがけん", "Saga", "九州", "九州", 33.249367, 130.298822, "40 42"),
    ("42", "長崎県", "長崎", "ながさきけん", "Nagasaki", "九州", "九州", 32.744839, 129.873756, "41"),
    ("43", "熊本県", "熊本", "くまもとけん", "Kumamoto", "九州", "九州", 32.789828, 130.741667, "40 44 45 46"),
    ("44", "大分県", "大分", "おおいたけん", "Oita", "九州", "九州", 33.238194, 131.612591, "40 43 45"),
    ("45", "宮崎県", "宮崎", "みやざきけん", "Miyazaki", "九州", "九州", 31.91109, 131.423855, "43 44 46"),
    ("46", "鹿児島県", "鹿児島", "かごしまけん", "Kagoshima", "九州", "九州", 31.560148, 130.557981, "43 45"),
    ("47", "沖縄県", "沖縄", "おきなわけん", "Okinawa", "九州", "九州", 26.212401, 127.680932, ""),
)

PREFECTURES: dict[str, Prefecture] = {
    row[0]: Prefecture(*row[:9], neighbors=tuple(row[9].split()))
    for row in _TABLE
}

_ROMAJI_TAIL = re.compile(r"(?:[ -]?(?:prefecture|pref\.?|metropolis|metropolitan|prefectural))+$")


def _code(code: str) -> str:
    code = str(code).strip()
    if len(code) == 1:
        code = "0" + code
    if code not in PREFECTURES:
        raise KeyError(f"no prefecture {code!r}")
    return code


def block8(code: str) -> str:
    return PREFECTURES[_code(code)].block8


def mhlw_area(code: str) -> str:
    return PREFECTURES[_code(code)].mhlw


def prefs_in_block8(block: str) -> tuple[str, ...]:
    return tuple(c for c, p in PREFECTURES.items() if p.block8 == block)


def prefs_in_mhlw(area: str) -> tuple[str, ...]:
    return tuple(c for c, p in PREFECTURES.items() if p.mhlw == area)


def are_neighbors(a: str, b: str) -> bool:
    """True when the two prefectures share a land border (北海道 and 沖縄県 have none)."""
    return _code(b) in PREFECTURES[_code(a)].neighbors


def _haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


@lru_cache(maxsize=1)
def distance_matrix() -> np.ndarray:
    """Great-circle km between prefectural offices, 47x47, indexed by int(code) - 1 (read-only)."""
    import numpy as np

    prefs = list(PREFECTURES.values())
    lat = np.radians([p.lat for p in prefs])
    lon = np.radians([p.lon for p in prefs])
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    matrix = 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    matrix.setflags(write=False)
    return np.asarray(matrix, dtype=np.float64)


def distance_km(a: str, b: str) -> float:
    """Distance between the two prefectural offices in km (0 for the same prefecture)."""
    return float(distance_matrix()[int(_code(a)) - 1, int(_code(b)) - 1])


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Every way of writing a prefecture that find_prefecture accepts, folded, to its code."""
    index: dict[str, str] = {}
    for code, p in PREFECTURES.items():
        for key in (p.name, p.short):
            index[fold_variants(key)] = code
        for reading in (p.kana, p.short_kana):
            index[reading] = code
            index["r:" + loose_romaji(reading)] = code
        index["r:" + loose_romaji(p.romaji)] = code
        index[code] = code
        index[str(int(code))] = code
        index["jp" + code] = code
    return index


@lru_cache(maxsize=4096)
def find_prefecture(text: str) -> Prefecture | None:
    """The prefecture named by ``text`` as people write it, or None.

    Accepts 東京都 / 東京 / とうきょう / トウキョウ / tokyo / Tokyo-to / Tokyo Metropolis / ＴＯＫＹＯ / 13 / JP-13.
    """
    key = compact(text)
    if not key:
        return None
    index = _names()
    folded = fold_variants(key).lower().replace("-", "")
    for candidate in (folded, kana_key(key)):
        if candidate in index:
            return PREFECTURES[index[candidate]]
    low = _ROMAJI_TAIL.sub("", clean(text).lower())
    if low and is_romaji(low):
        romaji = "r:" + loose_romaji(low)
        if romaji in index:
            return PREFECTURES[index[romaji]]
    return None
