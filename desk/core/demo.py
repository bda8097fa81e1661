"""Realistic made-up postings and registrants, as rows of the canonical Japanese headers.

The rows look like what coordinators receive: prefectures with and without 県, places in kanji,
kana or romaji, era dates, full-width digits, occupation nicknames (ドクター, Ns), variant kanji in
names, masked postings. Everything is deterministic for a seed, needs no network and reads no
files. ``invalid_rate`` corrupts that share of rows (missing id, unknown occupation, impossible
date, negative headcount) for tests of the importer's rejects; it is 0 for the demo.

Registrants cluster where postings are: both draw prefectures by population, registrants with
the metropolitan prefectures weighted up (about 60 %), and municipalities favour the larger places.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import jaconv

from desk.core.demo_places import (
    DAYS,
    DEPARTMENTS,
    DUTIES,
    EMPLOYMENT,
    EXPERIENCE,
    GIVEN_FEMALE,
    GIVEN_MALE,
    MAIL_DOMAINS,
    METRO_CODES,
    NOTES,
    POST_OCC,
    PREFECTURES,
    READINGS,
    REG_OCC,
    REQUIREMENTS,
    STATES,
    SURNAMES,
    TOWNS,
    VARIANT_SURNAMES,
    Prefecture,
)

POSTING_HEADERS: tuple[str, ...] = (
    "募集ID", "自治体名", "都道府県", "市区町村", "会場名", "会場住所", "職種", "募集人数", "勤務日",
    "勤務時間", "雇用形態", "給与", "業務内容", "応募要件", "担当者名", "担当者電話", "担当者メール",
    "公開区分", "掲載状況", "更新日",
)
REGISTRANT_HEADERS: tuple[str, ...] = (
    "登録ID", "氏名", "フリガナ", "性別", "生年", "職種", "診療科", "居住都道府県", "居住市区町村",
    "勤務可能地域", "勤務可能日", "勤務可能時間", "接種経験", "電話", "メール", "備考", "登録日", "状態",
)

#: The kinds of deliberately invalid rows ``invalid_rate`` produces.
POSTING_INVALID_KINDS = ("missing_id", "unknown_occupation", "impossible_date", "negative_headcount")
REGISTRANT_INVALID_KINDS = ("missing_id", "unknown_occupation", "impossible_date")
UNKNOWN_OCCUPATION = "歯科衛生士"
IMPOSSIBLE_DATE = "2021/2/30"

_FULL = str.maketrans("0123456789/:-.,()", "０１２３４５６７８９／：－．，（）")
_WARD = re.compile(r"^(.+?市)(.+区)$")
_BLOCKS = (("北海道", "01", "01"), ("東北", "02", "07"), ("関東", "08", "14"), ("中部", "15", "23"),
           ("近畿", "24", "30"), ("中国", "31", "35"), ("四国", "36", "39"), ("九州", "40", "47"))
_WEEKDAYS = "月火水木金土日"
_FIRST_DAY = dt.date(2021, 5, 10)
_WORK_DAYS = (dt.date(2021, 9, 26) - _FIRST_DAY).days


def _fw(text: str) -> str:
    """Full-width digits and punctuation, as typed with the IME on."""
    return text.translate(_FULL)


def _block_of(code: str) -> str:
    return next(name for name, lo, hi in _BLOCKS if lo <= code <= hi)


def _expand(weights: Iterable[tuple[int, float]]) -> tuple[int, ...]:
    """A lookup table for fast weighted choice: each index repeated by its weight."""
    return tuple(i for i, w in weights for _ in range(max(1, round(w))))


_POSTING_PREFS = _expand((i, p.weight) for i, p in enumerate(PREFECTURES))
_REGISTRANT_PREFS = _expand(
    (i, p.weight * (1.6 if p.code in METRO_CODES else 1.0)) for i, p in enumerate(PREFECTURES)
)
_PLACES = tuple(_expand((i, 8 / (1 + 0.35 * i)) for i in range(len(p.places))) for p in PREFECTURES)


def _city_of(place: str) -> tuple[str, str]:
    """横浜市港北区 → (横浜市, 港北区); 函館市 → (函館市, '')."""
    m = _WARD.match(place)
    return (m.group(1), m.group(2)) if m else (place, "")


@lru_cache(maxsize=512)
def _romaji(kana: str) -> str:
    return str(jaconv.kana2alphabet(jaconv.kata2hira(kana))).replace("ー", "")


# --- building blocks ---------------------------------------------------------------------------


_T = TypeVar("_T")


class _Random(random.Random):
    """``choice`` and ``randrange`` from one ``random()`` call each: the generator makes millions."""

    def choice(self, seq: Sequence[_T]) -> _T:  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if stop is None:
            start, stop = 0, start
        return start + step * int(self.random() * ((stop - start + step - 1) // step))


class _Gen:
    """One generator run: the random source and the messy renderings shared by both kinds of rows."""

    def __init__(self, seed: int, invalid_rate: float) -> None:
        self.rng = _Random(seed)
        self.bad = _Random(f"{seed}-invalid")
        self.invalid_rate = invalid_rate
        self.invalid_count = 0

    def pref_index(self, i: int, table: tuple[int, ...], order: list[int]) -> int:
        # The first 47 rows visit every prefecture once, so any run of 47+ rows covers Japan.
        return order[i] if i < len(order) else self.rng.choice(table)

    def place(self, pref: Prefecture, pi: int) -> str:
        return pref.places[self.rng.choice(_PLACES[pi])]

    def pref_text(self, pref: Prefecture) -> str:
        r = self.rng.random()
        if pref.name.endswith("県") and r < 0.3:
            return pref.name[:-1]
        if pref.name == "東京都" and r < 0.15:
            return "東京"
        return pref.name

    def place_text(self, place: str) -> str:
        city, ward = _city_of(place)
        r = self.rng.random()
        reading = READINGS.get(city)
        if reading and r < 0.08:
            kana = reading[0] if r < 0.05 else jaconv.hira2kata(reading[0])
            return kana
        if reading and r < 0.13:
            return reading[1]
        if ward and r < 0.25:
            return city
        if not ward and city.endswith("市") and len(city) > 2 and r < 0.2:
            return city[:-1]
        return place

    def date(self, d: dt.date, *, year: bool = True) -> str:
        """One date in one of the ways people write it."""
        r = self.rng.random()
        y, m, day = d.year, d.month, d.day
        if not year:
            if r < 0.6:
                return f"{m}/{day}"
            if r < 0.85:
                return f"{m}月{day}日"
            return f"{m}/{day}({_WEEKDAYS[d.weekday()]})"
        if r < 0.40:
            return f"{y}/{m}/{day}"
        if r < 0.52:
            return f"{y}-{m:02d}-{day:02d}"
        if r < 0.66:
            return f"令和{y - 2018}年{m}月{day}日"
        if r < 0.78:
            return f"R{y - 2018}.{m}.{day}"
        if r < 0.84:
            return _fw(f"R{y - 2018}.{m}.{day}").replace("R", "Ｒ")
        if r < 0.92:
            return _fw(f"{y}/{m}/{day}")
        return f"{y}年{m}月{day}日"

    def work_date(self) -> dt.date:
        return _FIRST_DAY + dt.timedelta(days=self.rng.randrange(_WORK_DAYS))

    def hours(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.10:
            return "午前"
        if r < 0.20:
            return "午後"
        if r < 0.27:
            return "終日"
        start, end = rng.choice(((9, 12), (9, 17), (13, 17), (14, 17), (13, 16), (9, 13), (18, 20), (10, 16)))
        half = ":30" if rng.random() < 0.15 else ":00"
        if r < 0.40:
            return _fw(f"{start}時") + "－" + _fw(f"{end}時")
        if r < 0.50:
            return f"{start}時～{end}時"
        if r < 0.58:
            return _fw(f"{start}:00") + "～" + _fw(f"{end}:00")
        if r < 0.66:
            return f"{start}:00-{end}:00"
        if r < 0.70:
            return f"{start}:00〜{end}{half}"
        return f"{start}:00～{end}{half}"

    def phone(self, area: str = "") -> str:
        rng = self.rng
        if area:
            # Ten digits in all: area code, exchange, and a four-digit subscriber number.
            exchange = 10 - len(area) - 4
            return f"{area}-{rng.randrange(10 ** (exchange - 1) * 2, 10 ** exchange)}-{rng.randrange(10000):04d}"
        head = rng.choice(("090", "080", "070", "090", "080"))
        body = f"{rng.randrange(1000, 10000)}-{rng.randrange(10000):04d}"
        r = rng.random()
        if r < 0.08:
            return _fw(f"{head}-{body}")
        if r < 0.15:
            return (head + body).replace("-", "")
        return f"{head}-{body}"

    def person(self, women: float) -> tuple[str, str, str, str, str]:
        """(name, reading, gender, surname romaji, given romaji); ``women`` is the share of women."""
        rng = self.rng
        sur, sur_kana = rng.choice(VARIANT_SURNAMES) if rng.random() < 0.06 else rng.choice(SURNAMES)
        female = rng.random() < women
        given, given_kana = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        r = rng.random()
        sep = "\u3000" if r < 0.6 else "" if r < 0.85 else " "
        name = f"{sur}{sep}{given}"
        r = rng.random()
        kana = f"{sur_kana}\u3000{given_kana}" if r < 0.7 else f"{sur_kana} {given_kana}"
        if r > 0.97:
            kana = str(jaconv.z2h(kana.replace("\u3000", " "), kana=True, ascii=False, digit=False))
        elif r > 0.94:
            kana = str(jaconv.kata2hira(kana))
        gender = ("女性" if female else "男性") if r < 0.8 else ("女" if female else "男")
        if rng.random() < 0.02:
            gender = ""
        return name, kana, gender, _romaji(sur_kana), _romaji(given_kana)

    def invalid(self, kinds: Sequence[str]) -> str | None:
        """The kind of corruption for this row, or None; the kinds take turns so all appear."""
        if self.invalid_rate <= 0 or self.bad.random() >= self.invalid_rate:
            return None
        kind = kinds[self.invalid_count % len(kinds)]
        self.invalid_count += 1
        return kind


# --- postings ----------------------------------------------------------------------------------

_POST_OCC_TABLE = _expand((i, w) for i, (_, w, _) in enumerate(POST_OCC))
def _venue(g: _Gen, pref: Prefecture, place: str, masked_text: bool) -> tuple[str, str]:
    rng = g.rng
    city, ward = _city_of(place)
    local = ward or city
    if masked_text:
        name = rng.choice(("〇〇クリニック", "〇〇市保健センター", "集団接種会場", "〇〇病院", f"{city}内の医療機関"))
        return name, f"{pref.name}{place}"
    sur = rng.choice(SURNAMES)[0]
    r = rng.random()
    if r < 0.2:
        name = f"{local}保健センター"
    elif r < 0.35:
        name = f"{city}総合体育館 集団接種会場"
    elif r < 0.5:
        name = f"{sur}内科クリニック"
    elif r < 0.6:
        name = f"{sur}医院"
    elif r < 0.7:
        name = f"{rng.choice(TOWNS)}駅前クリニック"
    elif r < 0.8:
        name = f"{city}文化会館"
    elif r < 0.88:
        name = f"{city}医師会館"
    elif r < 0.95:
        name = f"{local}福祉センター"
    else:
        name = f"{pref.name}ワクチン大規模接種センター"
    town, n1, n2, n3 = rng.choice(TOWNS), rng.randrange(1, 6), rng.randrange(1, 30), rng.randrange(1, 20)
    r = rng.random()
    if r < 0.5:
        street = f"{town}{n1}丁目{n2}番{n3}号"
    elif r < 0.8:
        street = f"{town}{n1}-{n2}-{n3}"
    else:
        street = f"{town}{_fw(str(n1))}－{_fw(str(n2))}－{_fw(str(n3))}"
    address = f"{pref.name}{place}{street}"
    if rng.random() < 0.15:
        address = f"〒{rng.randrange(100, 1000)}-{rng.randrange(10000):04d} {address}"
    return name, address


def _work_dates(g: _Gen, d: dt.date) -> str:
    """The work days from ``d`` on, as one of the patterns postings use."""
    rng = g.rng
    r = rng.random()
    if r < 0.25:
        return g.date(d)
    if r < 0.45:
        days = sorted({d + dt.timedelta(days=k) for k in (0, rng.choice((1, 7)), rng.choice((7, 8, 14)))})
        sep = rng.choice(("、", "、", "・", ","))
        return sep.join([g.date(days[0])] + [g.date(x, year=False) for x in days[1:]])
    end = d + dt.timedelta(days=rng.choice((6, 13, 14, 20, 27, 30)))
    if r < 0.65:
        rule = rng.choice(("の土日", "の土日祝", "の平日", "（土日のみ）"))
        return f"{d.month}/{d.day}～{end.month}/{end.day}{rule}"
    if r < 0.80:
        wd = _WEEKDAYS[d.weekday()]
        if rng.random() < 0.5:
            return f"毎週{wd}曜（{d.month}/{d.day}～{end.month}/{end.day}）"
        return f"{g.date(d)}～{g.date(end, year=False)} 毎週{wd}曜"
    if r < 0.90:
        return f"{g.date(d)}～{g.date(end)}"
    return _fw(f"{d.month}/{d.day}") + "～" + _fw(f"{end.month}/{end.day}")


def _headcount(g: _Gen) -> str:
    n = g.rng.choice((1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 8, 10))
    r = g.rng.random()
    if r < 0.12:
        return _fw(str(n))
    if r < 0.22:
        return f"{n}名"
    if r < 0.26:
        return _fw(str(n)) + "人"
    return str(n)


def _pay(g: _Gen, lo: int, hi: int) -> str:
    rng = g.rng
    hourly = rng.randrange(lo, hi + 1, 100 if hi < 5000 else 500)
    r = rng.random()
    if r < 0.55:
        return f"時給{hourly:,}円"
    if r < 0.65:
        return f"時給 ￥{hourly:,}"
    if r < 0.75:
        return "時給" + _fw(f"{hourly:,}") + "円"
    if r < 0.88:
        return f"日給{hourly * 7:,}円（交通費込）"
    return f"1回（3時間）{hourly * 3:,}円"


def generate_postings(n: int, seed: int = 1, invalid_rate: float = 0.0) -> list[dict[str, str]]:
    """``n`` postings as rows keyed by ``POSTING_HEADERS``."""
    g = _Gen(seed, invalid_rate)
    rng = g.rng
    order = rng.sample(range(len(PREFECTURES)), len(PREFECTURES))
    rows: list[dict[str, str]] = []
    for i in range(n):
        pi = g.pref_index(i, _POSTING_PREFS, order)
        pref = PREFECTURES[pi]
        place = g.place(pref, pi)
        city, ward = _city_of(place)
        oi = rng.choice(_POST_OCC_TABLE)
        spellings, _, (lo, hi) = POST_OCC[oi]
        masked = rng.random() < 0.3
        masked_text = masked and rng.random() < 0.5
        venue, address = _venue(g, pref, place, masked_text)
        first_day = g.work_date()
        # Updated a few days to weeks before the first work day, so dates without a year read right.
        updated = max(dt.date(2021, 4, 26), first_day - dt.timedelta(days=rng.randrange(2, 35)))
        contact_sur = rng.choice(SURNAMES)[0]
        r = rng.random()
        status = "公開" if r < 0.8 else "停止" if r < 0.9 else "終了"
        row = {
            "募集ID": f"P21-{i + 1:05d}",
            "自治体名": pref.name if rng.random() < 0.08 else (city if pref.code != "13" else place),
            "都道府県": g.pref_text(pref),
            "市区町村": g.place_text(place),
            "会場名": venue,
            "会場住所": address,
            "職種": rng.choice(spellings),
            "募集人数": _headcount(g),
            "勤務日": _work_dates(g, first_day),
            "勤務時間": g.hours(),
            "雇用形態": rng.choice(EMPLOYMENT),
            "給与": _pay(g, lo, hi),
            "業務内容": rng.choice(DUTIES[oi]),
            "応募要件": rng.choice(REQUIREMENTS[oi]),
            "担当者名": "" if masked_text else f"{rng.choice(DEPARTMENTS)} {contact_sur}",
            "担当者電話": "" if masked_text else g.phone(pref.area),
            "担当者メール": "" if masked_text else f"vaccine{pref.code}{rng.randrange(100):02d}@example.jp",
            "公開区分": "マスキング" if masked else "全情報",
            "掲載状況": status,
            "更新日": g.date(updated),
        }
        if ward and row["市区町村"] == place and rng.random() < 0.05:
            row["市区町村"] = f"{city} {ward}"
        kind = g.invalid(POSTING_INVALID_KINDS)
        if kind == "missing_id":
            row["募集ID"] = ""
        elif kind == "unknown_occupation":
            row["職種"] = UNKNOWN_OCCUPATION
        elif kind == "impossible_date":
            row["勤務日"] = IMPOSSIBLE_DATE
        elif kind == "negative_headcount":
            row["募集人数"] = f"-{g.bad.randrange(1, 4)}"
        rows.append(row)
    return rows


# --- registrants -------------------------------------------------------------------------------

_REG_OCC_TABLE = _expand((i, w) for i, (_, w, _, _) in enumerate(REG_OCC))
def _cities(pref: Prefecture) -> list[str]:
    seen: dict[str, None] = {}
    for place in pref.places:
        seen.setdefault(_city_of(place)[0], None)
    return list(seen)


_CITIES = tuple(_cities(p) for p in PREFECTURES)
_BLOCK_MEMBERS = {name: [i for i, p in enumerate(PREFECTURES) if lo <= p.code <= hi] for name, lo, hi in _BLOCKS}


def _work_areas(g: _Gen, pi: int, place: str) -> str:
    rng = g.rng
    pref = PREFECTURES[pi]
    city = _city_of(place)[0]
    cities = _CITIES[pi]
    block = _block_of(pref.code)
    neighbours = [j for j in _BLOCK_MEMBERS[block] if j != pi]
    r = rng.random()
    if r < 0.22:
        return g.pref_text(pref)
    if r < 0.35:
        return f"{g.pref_text(pref)}全域"
    if r < 0.52:
        other = rng.choice(cities[:8])
        return f"{pref.name}{city}" if other == city else f"{pref.name}{city}・{other}"
    if r < 0.68 and neighbours:
        nb = rng.choice(neighbours)
        a, b = _CITIES[nb][0], rng.choice(_CITIES[nb][1:6])
        return f"{pref.name}、{PREFECTURES[nb].name}{a}・{b}"
    if r < 0.78:
        return rng.choice((block, block, f"{block}地方", f"{block}一円"))
    if r < 0.86:
        return rng.choice(("全国", "全国", "全国どこでも"))
    if r < 0.94:
        return f"{city}周辺"
    nb = rng.choice(neighbours) if neighbours else pi
    return f"{pref.name}、{PREFECTURES[nb].name}"


def _available_days(g: _Gen, registered: dt.date) -> str:
    """Weekday patterns mostly; specific dates fall after the registration date."""
    rng = g.rng
    r = rng.random()
    if r < 0.70:
        return rng.choice(DAYS)
    d = min(registered + dt.timedelta(days=rng.randrange(3, 60)), dt.date(2021, 9, 20))
    if r < 0.82:
        days = sorted({d + dt.timedelta(days=k) for k in (0, rng.choice((1, 7)), rng.choice((7, 8, 14, 15)))})
        return "、".join([g.date(days[0])] + [g.date(x, year=False) for x in days[1:]])
    if r < 0.90:
        return f"{d.month}月の{rng.choice(('土日', '土日祝', '平日'))}"
    if r < 0.97:
        end = d + dt.timedelta(days=rng.choice((30, 45, 60)))
        return f"{d.month}/{d.day}～{end.month}/{end.day}の{rng.choice(('平日', '土日', '土日祝'))}"
    return "要相談"


def _birth_year(g: _Gen, doctor: bool) -> str:
    rng = g.rng
    year = rng.randrange(1948, 1994) if doctor else rng.randrange(1955, 1999)
    r = rng.random()
    if r < 0.75:
        return str(year)
    if r < 0.85:
        return _fw(str(year))
    if r < 0.93:
        return f"{year}年"
    if year < 1989:
        return f"昭和{year - 1925}年" if r < 0.98 else f"S{year - 1925}"
    return f"平成{year - 1988}年" if r < 0.98 else f"H{year - 1988}"


def _email(g: _Gen, sur: str, given: str) -> str:
    rng = g.rng
    r = rng.random()
    if r < 0.04:
        return ""
    local = (f"{given}.{sur}" if r < 0.4 else f"{sur}{given[0]}" if r < 0.7
             else f"{given}{rng.randrange(10, 100)}" if r < 0.9 else f"{sur[:4]}_{rng.randrange(1000)}")
    return f"{local}@{rng.choice(MAIL_DOMAINS)}"


def generate_registrants(n: int, seed: int = 1, invalid_rate: float = 0.0) -> list[dict[str, str]]:
    """``n`` registrants as rows keyed by ``REGISTRANT_HEADERS``."""
    return list(iter_registrants(n, seed, invalid_rate))


def iter_registrants(n: int, seed: int = 1, invalid_rate: float = 0.0) -> Iterator[dict[str, str]]:
    """The rows of :func:`generate_registrants` one at a time (the same rows for the same seed), so a
    million can be written to a file without holding them all (scripts/scale_report.py)."""
    g = _Gen(seed, invalid_rate)
    rng = g.rng
    order = rng.sample(range(len(PREFECTURES)), len(PREFECTURES))
    for i in range(n):
        pi = g.pref_index(i, _REGISTRANT_PREFS, order)
        pref = PREFECTURES[pi]
        place = g.place(pref, pi)
        oi = rng.choice(_REG_OCC_TABLE)
        spellings, _, women, specialties = REG_OCC[oi]
        name, kana, gender, sur, given = g.person(women)
        registered = dt.date(2021, 4, 1) + dt.timedelta(days=rng.randrange(150))
        hours = "" if rng.random() < 0.1 else g.hours()
        if hours == "午前" and rng.random() < 0.3:
            hours = "午前のみ"
        row = {
            "登録ID": f"R21-{i + 1:06d}",
            "氏名": name,
            "フリガナ": kana,
            "性別": gender,
            "生年": _birth_year(g, oi == 0),
            "職種": rng.choice(spellings),
            "診療科": rng.choice(specialties),
            "居住都道府県": g.pref_text(pref),
            "居住市区町村": g.place_text(place),
            "勤務可能地域": _work_areas(g, pi, place),
            "勤務可能日": _available_days(g, registered),
            "勤務可能時間": hours,
            "接種経験": rng.choice(EXPERIENCE),
            "電話": g.phone(pref.area) if rng.random() < 0.1 else g.phone(),
            "メール": _email(g, sur, given),
            "備考": rng.choice(NOTES),
            "登録日": g.date(registered),
            "状態": rng.choice(STATES),
        }
        kind = g.invalid(REGISTRANT_INVALID_KINDS)
        if kind == "missing_id":
            row["登録ID"] = ""
        elif kind == "unknown_occupation":
            row["職種"] = UNKNOWN_OCCUPATION
        elif kind == "impossible_date":
            row["登録日"] = IMPOSSIBLE_DATE
        yield row


# --- files -------------------------------------------------------------------------------------


def write_csv(path: str | Path, rows: Iterable[Mapping[str, str]], headers: Sequence[str],
              encoding: str = "utf-8-sig") -> Path:
    """Write ``rows`` under ``headers`` with CRLF line ends, as Excel does.

    ``encoding="cp932"`` writes Shift_JIS as Excel in Japan saves it; the codec writes 〜 (U+301C)
    and − (U+2212) as the bytes it reads back as ～ and －, and raises on anything outside CP932.
    """
    path = Path(path)
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, "") for h in headers])
    return path


_INTEGER = re.compile(r"^-?[1-9][0-9]{0,8}$")


def write_xlsx(path: str | Path, rows: Iterable[Mapping[str, str]], headers: Sequence[str],
               title_row: str | None = None, *, typed: bool = False) -> Path:
    """Write an .xlsx sheet; ``title_row`` puts a title and a blank row above the header, as
    hand-made sheets have. ``typed`` stores plain integers (募集人数 "3") as numbers."""
    from openpyxl import Workbook  # imported here: only file writing needs it

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    if title_row is not None:
        ws.append([title_row])
        ws.append([])
    ws.append(list(headers))
    for row in rows:
        values: list[object] = [row.get(h, "") for h in headers]
        if typed:
            values = [int(v) if isinstance(v, str) and _INTEGER.match(v) else v for v in values]
        ws.append([v if v != "" else None for v in values])
    path = Path(path)
    wb.save(path)
    return path
