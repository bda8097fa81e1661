"""Region knowledge of the desk: places, work-area lists and the fuzzy region filter.

Qt-free. Municipalities and ``resolve`` live in :mod:`desk.core.region_resolve` (re-exported here);
prefectures, blocks and distances in :mod:`desk.core.prefectures`.

Work areas follow docs/CONTRACTS.md: ``Area(kind, code)`` with kind ``national`` (code ""),
``block8`` (block name), ``mhlw`` (bureau area name), ``pref`` (prefecture code) or ``muni``
(municipality code; a designated city's code covers its wards).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from desk.core.prefectures import (
    BLOCKS_8,
    MHLW_AREAS,
    PREFECTURES,
    block8,
    find_prefecture,
    mhlw_area,
    prefs_in_block8,
    prefs_in_mhlw,
)
from desk.core.region_resolve import (
    Municipality,
    Place,
    gazetteer_source,
    municipalities,
    municipality,
    resolve,
    resolve_with_end,
    wards_of,
)
from desk.core.text import clean, compact, fold_variants, is_kana, is_romaji, kana_key, loose_romaji

__all__ = [
    "AREA_KINDS", "Area", "Municipality", "Place", "RegionQuery", "area_matches", "block8_of",
    "gazetteer_source", "mhlw_area_of", "municipalities", "municipality", "parse_work_areas",
    "parse_work_areas_verbose", "region_query", "resolve", "wards_of",
]

AREA_KINDS = ("national", "block8", "mhlw", "pref", "muni")

_NATIONAL = frozenset({
    "全国", "日本全国", "全国どこでも", "どこでも", "国内", "全国可", "不問", "地域不問", "問わない",
    "nationwide", "anywhere", "all japan", "japan",
})
# Informal regions people write, as the prefectures they mean.
_INFORMAL: dict[str, tuple[str, ...]] = {
    "首都圏": ("11", "12", "13", "14"), "東京圏": ("11", "12", "13", "14"),
    "南関東": ("11", "12", "13", "14"), "北関東": ("08", "09", "10"),
    "東海": ("21", "22", "23", "24"), "北陸": ("16", "17", "18"), "甲信越": ("15", "19", "20"),
    "信越": ("15", "20"), "山陰": ("31", "32"), "山陽": ("33", "34", "35"),
    "南九州": ("45", "46"), "北九州地方": ("40", "41", "42"),
    "1都3県": ("11", "12", "13", "14"), "一都三県": ("11", "12", "13", "14"),
}
# 東京都's cities and 西多摩郡 (not the 23 wards, not the islands).
_TAMA = re.compile(r"^(?:東京)?(?:都)?(?:三多摩(?:地区|地域|地方|全域)?|多摩(?:地区|地域|地方|全域))$")
_KANSAI = {"関西": "近畿", "かんさい": "近畿", "kansai": "近畿"}
_SEPARATORS = re.compile(r"[、,，/／・;；\s]+|及び|および|並びに|ならびに|又は|または|もしくは|\bor\b|\band\b")
# Splits a list but keeps the separators: a space or an opening bracket after a prefecture
# narrows it ("神奈川県 横浜市", "神奈川県（横浜市・川崎市）" mean those cities, not all 神奈川県).
_LIST_SPLIT = re.compile(r"((?:[、,，/／・;；\s]|及び|および|並びに|ならびに|又は|または|もしくは|\bor\b|\band\b)+)")
_NOISE_TAIL = re.compile(r"(?:全域|全体|全部|一円|一帯|全て|すべて|内全域|市内|区内|町内|村内|都内|府内|県内|道内|管内|"
                         r"近郊|周辺|付近|近辺|エリア|地域|地区|地方|方面|のみ|だけ|可|希望|なら|など|等|ほか|他|内|圏|"
                         r"(?<=[都道府県])下|\d+都\d+県|\d+府\d+県|\d+都\d+道\d+府\d+県|\d+県)$")
_NOISE_HEAD = re.compile(r"^(?:主に|できれば|原則|希望[:：]?|勤務地[:：]?|勤務可能地域[:：]?)")
_TOKYO_23 = re.compile(r"^(?:東京)?(?:都)?(?:23区|二十三区|特別区|都区部|区部)$")
_OPEN = re.compile(r"[(\[［【「『〈《]")
_CLOSE = re.compile(r"[)\]］】」』〉》]")


@dataclass(frozen=True)
class Area:
    kind: str  # one of AREA_KINDS
    code: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "code": self.code}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Area:
        return cls(str(data["kind"]), str(data.get("code") or ""))

    @property
    def label(self) -> str:
        """Japanese name of the area (the UI may translate kinds; names are proper nouns)."""
        if self.kind == "national":
            return "全国"
        if self.kind == "pref":
            return PREFECTURES[self.code].name if self.code in PREFECTURES else self.code
        if self.kind == "muni":
            muni = municipality(self.code)
            return muni.full_name if muni else self.code
        return self.code


# ---------------------------------------------------------------- convenience on places

def block8_of(place: Place) -> str | None:
    return block8(place.pref_code) if place.pref_code in PREFECTURES else None


def mhlw_area_of(place: Place) -> str | None:
    return mhlw_area(place.pref_code) if place.pref_code in PREFECTURES else None


def _as_area(area: Area | Mapping[str, Any]) -> Area:
    return area if isinstance(area, Area) else Area.from_dict(area)


def area_matches(areas: Iterable[Area | Mapping[str, Any]], pref_code: str | None, muni_code: str | None) -> bool:
    """Does a work-area list include this place?

    national always; a block or bureau area when the prefecture is in it; a prefecture; a
    municipality when it is the place or the designated city the place is a ward of. A list that
    names only a ward does not cover a place known only as its city (横浜市 without a ward).
    """
    muni = municipality(muni_code) if muni_code else None
    pref = pref_code or (muni.pref_code if muni else None)
    parent = muni.parent_code if muni else None
    for raw in areas:
        area = _as_area(raw)
        if area.kind == "national":
            return True
        if pref is None:
            continue
        if (
            (area.kind == "pref" and area.code == pref)
            or (area.kind == "block8" and area.code == block8(pref))
            or (area.kind == "mhlw" and area.code == mhlw_area(pref))
            or (area.kind == "muni" and muni_code is not None and area.code in (muni_code, parent))
        ):
            return True
    return False


# ---------------------------------------------------------------- work-area lists

def _named_region(text: str) -> list[Area] | None:
    """全国, blocks, bureau areas and informal regions written in ``text`` (already stripped)."""
    low = text.lower()
    if text in _NATIONAL or low in _NATIONAL:
        return [Area("national", "")]
    if text in MHLW_AREAS and text not in BLOCKS_8:
        return [Area("mhlw", text)]
    if text in BLOCKS_8 and text != "北海道":
        return [Area("block8", text)]
    if text in _KANSAI or low in _KANSAI:
        return [Area("block8", _KANSAI.get(text) or _KANSAI[low])]
    if text in _INFORMAL:
        return [Area("pref", code) for code in _INFORMAL[text]]
    if _TOKYO_23.match(text):
        return [Area("muni", f"131{n:02d}") for n in range(1, 24)]
    if _TAMA.match(text):
        return [Area("muni", m.code) for m in municipalities() if "13200" <= m.code < "13360"]
    return None


def _strip_noise(text: str) -> str:
    text = _NOISE_HEAD.sub("", text)
    while True:
        stripped = _NOISE_TAIL.sub("", text)
        if stripped == text or not stripped:
            return text
        text = stripped


def _read_part(part: str, context: str | None) -> tuple[list[Area], list[str], str | None]:
    """Areas in one separated part; the part may hold several names (神奈川県横浜市川崎市)."""
    areas: list[Area] = []
    unknown: list[str] = []
    text = _strip_noise(part)
    named = _named_region(part) or _named_region(text)
    if named:
        return named, [], context
    if is_romaji(text) and not is_kana(text):
        place = resolve(text)
        if place.is_empty:
            return [], [part], context
        return [_place_area(place)], [], place.pref_code or context
    pos = 0
    while pos < len(text):
        rest = _strip_noise(text[pos:])
        if not rest:
            break
        named = _named_region(rest)
        if named:
            areas.extend(named)
            break
        place, used = resolve_with_end(rest, context)
        if place.is_empty or used == 0:
            unknown.append(rest)
            break
        if place.pref_code and place.pref_code != context:
            context = place.pref_code
        # "神奈川県横浜市": the municipality makes the prefecture implicit; a bare "東京都" is the pref.
        if areas and areas[-1] == Area("pref", place.pref_code or "") and place.muni_code:
            areas.pop()
        areas.append(_place_area(place))
        pos += used
    return areas, unknown, context


# The same part comes back in many texts (東京都新宿区 in 東京都新宿区・渋谷区 and 東京都新宿区・中野区):
# read once per (part, prefecture so far). Its lists are only read by the caller, never changed.
_read_part_once = lru_cache(maxsize=16384)(_read_part)


def _place_area(place: Place) -> Area:
    if place.muni_code:
        return Area("muni", place.muni_code)
    return Area("pref", place.pref_code or "")


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> tuple[tuple[Area, ...], tuple[str, ...]]:
    cleaned = _CLOSE.sub("、", _OPEN.sub(" ", fold_variants(clean(text))))
    areas: list[Area] = []
    unknown: list[str] = []
    context: str | None = None
    pieces = _LIST_SPLIT.split(cleaned)
    for i in range(0, len(pieces), 2):
        part = compact(pieces[i])
        if not part or not _strip_noise(part) or part in ("等", "など", "他", "ほか"):
            continue
        found, missing, context = _read_part_once(part, context)
        found = [a for a in found if a.code or a.kind == "national"]
        narrowing = i > 0 and pieces[i - 1].strip(" ") == ""
        if (
            narrowing and found and areas and areas[-1].kind == "pref"
            and all(a.kind == "muni" and a.code[:2] == areas[-1].code for a in found)
        ):
            areas.pop()
        areas.extend(found)
        unknown.extend(missing)
    return tuple(dict.fromkeys(areas)), tuple(unknown)


def parse_work_areas_verbose(text: str) -> tuple[list[Area], list[str]]:
    """Work areas in ``text`` and the parts that could not be read (for the importer's report).

    "東京都、神奈川県横浜市・川崎市" → pref 13, muni 14100, muni 14130; "関東" → block8 関東;
    "関東信越" → mhlw; "全国" / "どこでも" → national; "神奈川県全域" → pref 14. A prefecture
    written once carries over to the following parts (広島県府中市・三原市).
    """
    areas, unknown = _parse_cached(text or "")
    return list(areas), list(unknown)


def parse_work_areas(text: str) -> list[Area]:
    return parse_work_areas_verbose(text)[0]


# ---------------------------------------------------------------- the region filter

@dataclass(frozen=True)
class RegionQuery:
    """What a region filter text selects: prefectures, municipalities and named blocks."""

    text: str
    pref_codes: frozenset[str] = frozenset()
    muni_codes: frozenset[str] = frozenset()  # designated cities come with all their wards
    blocks: frozenset[str] = frozenset()  # block or bureau-area names the text named
    fuzzy: bool = False  # found by the typo-tolerant fallback only

    @property
    def is_empty(self) -> bool:
        return not (self.pref_codes or self.muni_codes)

    def matches(self, pref_code: str | None, muni_code: str | None) -> bool:
        if pref_code and pref_code in self.pref_codes:
            return True
        if muni_code:
            if muni_code in self.muni_codes:
                return True
            muni = municipality(muni_code)
            return bool(muni and muni.parent_code in self.muni_codes)
        return False


@lru_cache(maxsize=1)
def _search_keys() -> tuple[tuple[str, str], ...]:
    """(key, code) for every municipality name, stem, reading and romaji, for the filter."""
    keys: list[tuple[str, str]] = []
    for m in municipalities():
        names = {m.full_name, m.name, m.short_name, *m.aliases}
        for name in list(names):
            if name[-1] in "市区町村" and len(name) > 2:
                names.add(name[:-1])
        readings = {m.kana, m.county_kana + m.kana}
        if m.parent_code:
            parent = municipality(m.parent_code)
            if parent and m.kana.startswith(parent.kana):
                readings.add(m.kana[len(parent.kana):])
        for reading in list(readings):
            for tail in ("し", "く", "ちょう", "まち", "そん", "むら"):
                if reading.endswith(tail) and len(reading) > len(tail) + 1:
                    readings.add(reading[: -len(tail)])
                    break
        for key in {fold_variants(n) for n in names} | readings | {"r:" + loose_romaji(r) for r in readings}:
            keys.append((key, m.code))
    return tuple(keys)


@lru_cache(maxsize=1)
def _exact_keys() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for key, code in _search_keys():
        index.setdefault(key, set()).add(code)
    return {k: frozenset(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def _sorted_keys() -> tuple[str, ...]:
    return tuple(sorted(_exact_keys()))


def _codes_starting(key: str) -> set[str]:
    """The codes of every search key starting with ``key`` (a binary search, not a scan per keystroke)."""
    keys, out = _sorted_keys(), set[str]()
    for at in range(bisect_left(keys, key), len(keys)):
        if not keys[at].startswith(key):
            break
        out |= _exact_keys()[keys[at]]
    return out


@lru_cache(maxsize=2)
def _fuzzy_choices(romaji: bool) -> tuple[str, ...]:
    return tuple(k for k, _ in _search_keys() if k.startswith("r:") == romaji)


def _query_key(token: str) -> str:
    if is_romaji(token):
        return "r:" + loose_romaji(token)
    if is_kana(token):
        return kana_key(token)
    return fold_variants(compact(token))


def _expand(codes: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for code in codes:
        out.add(code)
        out.update(wards_of(code))
    return out


def _query_token(token: str) -> tuple[set[str], set[str], set[str], bool]:
    """(prefs, munis, blocks, fuzzy) for one token of a region filter."""
    prefs: set[str] = set()
    blocks: set[str] = set()
    text = _strip_noise(token) or token
    named = _named_region(text)
    if named:
        for area in named:
            if area.kind == "national":
                prefs.update(PREFECTURES)
            elif area.kind == "block8":
                blocks.add(area.code)
                prefs.update(prefs_in_block8(area.code))
            elif area.kind == "mhlw":
                blocks.add(area.code)
                prefs.update(prefs_in_mhlw(area.code))
            elif area.kind == "pref":
                prefs.add(area.code)
        named_munis = {a.code for a in named if a.kind == "muni"}
        return prefs, _expand(named_munis), blocks, False
    pref = find_prefecture(text)
    if pref:
        prefs.add(pref.code)
        if pref.code == "01" and text in ("北海道", "ほっかいどう"):
            blocks.add("北海道")
    key = _query_key(text)
    munis = set(_exact_keys().get(key, ()))
    if not munis and not prefs and len(key.removeprefix("r:")) >= 2:
        munis = _codes_starting(key)
    if not munis and not prefs:
        place = resolve(token)
        if place.muni_code:
            munis.add(place.muni_code)
        elif place.pref_code:
            prefs.add(place.pref_code)
    if munis or prefs:
        return prefs, _expand(munis), blocks, False
    return prefs, _expand(_fuzzy(key)), blocks, True


def _fuzzy(key: str) -> set[str]:
    """Municipalities whose name or reading is closest to ``key`` (a typo: yokohma, よこはあま)."""
    romaji = key.startswith("r:")
    choices = _fuzzy_choices(romaji)
    if not choices or len(key.removeprefix("r:")) < 2:
        return set()
    cutoff = 80 if len(key.removeprefix("r:")) >= 4 else 90
    hits = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=20)
    if not hits:
        return set()
    best = max(score for _, score, _ in hits)
    wanted = {choice for choice, score, _ in hits if score == best}
    return {code for k in wanted for code in _exact_keys()[k]}


@lru_cache(maxsize=2048)
def region_query(text: str) -> RegionQuery:
    """Read a region filter: よこはま / ヨコハマ / yokohama / 横浜 all give 横浜市 and its wards;
    関東 gives its prefectures; 東京 神奈川 gives both; a typo falls back to the closest names."""
    prefs: set[str] = set()
    munis: set[str] = set()
    blocks: set[str] = set()
    fuzzy = False
    for token in _SEPARATORS.split(clean(text)):
        if not token:
            continue
        p, m, b, f = _query_token(token)
        prefs |= p
        munis |= m
        blocks |= b
        fuzzy = fuzzy or f
    return RegionQuery(clean(text), frozenset(prefs), frozenset(munis), frozenset(blocks), fuzzy)
