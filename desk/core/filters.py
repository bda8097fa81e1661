"""One filter box for the candidate list and the registrant list: a small query language.

Terms are separated by spaces (full-width spaces too) and AND together. A term is either a plain
word, matched fuzzily against name/reading, specialty, notes, region and occupation (any of them),
or ``field:value`` (``：`` works too; quote a value with spaces: ``名前:"山田 花子"``)::

    地域:/region:   よこはま, ヨコハマ, yokohama, 横浜 (横浜市 and its wards); 神奈川; 関東 (the block)
    名前:/name:     山田花子, やまだはなこ, yamada (kana-insensitive; one typo from four characters,
                    two from six; passport romaji: Ito finds いとう, kanno かんの, sampei さんぺい,
                    ず/づ and じ/ぢ equal; ``name_order`` puts the exact reading first)
    科:/specialty:  内科, 小児, or a reading: ないか, しょうにか, naika (desk.core.specialties)
    職種:/occ:      看護師, Ns, ドクター (registrants holding that licence)
    日:/date:       6/12, 2021-06-12, 土, 土日, 平日, 祝 (available on that date or weekday; a
                    comma lists alternatives: 日:6/12,6/13)
    メモ:/note:     free text over notes (substring, or fuzzy for three characters or more)

``filter_registrants(index, "地域:横浜 日:土")`` returns the matching row positions (ascending) of
a :class:`~desk.core.registry_index.RegistryIndex`; ``rank(index, posting, rows=...)`` narrows a
ranking with them. Terms that cannot be read (``日:あした``) are skipped and listed in
``FilterQuery.problems`` so the window can say so.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import jaconv
import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from desk.core import filter_store
from desk.core.filter_lookups import lookups as _lookups
from desk.core.filter_store import Folded, NameIndex
from desk.core.occupations import parse_occupation
from desk.core.registry_index import OCCS, RegistryIndex
from desk.core.specialties import names_for_reading
from desk.core.text import clean, compact, kana_key, loose_reading

FIELDS: dict[str, str] = {
    "地域": "region", "region": "region", "area": "region", "エリア": "region", "場所": "region",
    "名前": "name", "氏名": "name", "name": "name", "よみ": "name",
    "科": "specialty", "診療科": "specialty", "専門": "specialty", "specialty": "specialty", "spec": "specialty",
    "職種": "occupation", "資格": "occupation", "occ": "occupation", "occupation": "occupation",
    "日": "date", "日付": "date", "曜日": "date", "date": "date", "day": "date",
    "メモ": "note", "備考": "note", "note": "note", "notes": "note", "memo": "note",
}
_TOKEN = re.compile(r'(?:([^\s:"]+):)?(?:"([^"]*)"|(\S+))')
_WEEKDAYS = {"月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5, "日": 6,
             "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_WEEKDAY_WORDS = {"平日": 31, "weekday": 31, "weekdays": 31, "週末": 96, "土日": 96, "weekend": 96}


@dataclass(frozen=True)
class Term:
    field: str  # "any" for a plain word, else one of FIELDS' values
    value: str


@dataclass
class FilterQuery:
    terms: list[Term] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(text: str) -> FilterQuery:
    """Split the box's text into terms; an unknown ``prefix:`` is read as a plain word."""
    query = FilterQuery()
    for m in _TOKEN.finditer(clean(text)):
        prefix, quoted, bare = m.group(1), m.group(2), m.group(3)
        value = (quoted if quoted is not None else bare or "").strip()
        if prefix is not None and prefix.lower() not in FIELDS and prefix not in FIELDS:
            value, prefix = f"{prefix}:{value}", None
        if not value:
            continue
        name = FIELDS.get(prefix, FIELDS.get((prefix or "").lower(), "any")) if prefix else "any"
        query.terms.append(Term(name, value))
    return query


def filter_mask(index: RegistryIndex, query: str | FilterQuery, reference: dt.date | None = None) -> np.ndarray:
    """A boolean array over the index's rows: True where every term matches."""
    query = parse_query(query) if isinstance(query, str) else query
    mask = np.ones(index.n, dtype=bool)
    for term in query.terms:
        if not mask.any():
            break
        got = _term_mask(index, term, reference, query.problems)
        if got is not None:
            mask &= got
    return mask


def filter_registrants(index: RegistryIndex, query: str | FilterQuery,
                       reference: dt.date | None = None) -> np.ndarray:
    """Row positions (ascending, int64) of the registrants matching every term of ``query``."""
    return np.flatnonzero(filter_mask(index, query, reference))


def _term_mask(index: RegistryIndex, term: Term, reference: dt.date | None, problems: list[str]) -> np.ndarray | None:
    v = term.value
    if term.field == "name":
        return name_mask(index, v)
    if term.field == "region":
        return region_mask(index, v)
    if term.field == "specialty":
        return specialty_mask(index, v)
    if term.field == "note":
        return note_mask(index, v)
    if term.field == "occupation":
        occ = parse_occupation(v)
        if occ is None:
            problems.append(f"職種:{v}")
            return None
        return np.asarray((index.occ_mask >> OCCS.index(occ)) & 1 == 1, dtype=bool)
    if term.field == "date":
        got = date_mask(index, v, reference)
        if got is None:
            problems.append(f"日:{v}")
        return got
    by_id = id_mask(index, v)
    if by_id is not None:  # a 登録ID finds that registrant alone
        return by_id
    names: np.ndarray | None = None
    if _is_place(v):
        names = name_mask(index, v, typos=False)
        if not names.any():
            # よこはま is a place: people living or working there, not 横山 one typo away
            return np.asarray(region_mask(index, v) | note_mask(index, v), dtype=bool)
    if names is None or typos_allowed(len(name_query(v))):  # the exact match already is the answer
        names = name_mask(index, v)
    mask = names | specialty_mask(index, v) | note_mask(index, v) | region_mask(index, v)
    occ = parse_occupation(v)
    if occ is not None:
        mask |= (index.occ_mask >> OCCS.index(occ)) & 1 == 1
    return np.asarray(mask, dtype=bool)


# ----------------------------------------------------------------------------- ids and places
def id_mask(index: RegistryIndex, text: str) -> np.ndarray | None:
    """The registrants whose 登録ID is ``text`` (width and case folded; a comma lists several, as the
    sheet of selected candidates does); None when no ID matches."""
    ids = index.cache.get("source_ids") or _derived(index)["source_ids"]
    rows = [i for part in compact(text).lower().split(",") for i in ids.get(part, [])]
    if not rows:
        return None
    mask = np.zeros(index.n, dtype=bool)
    mask[rows] = True
    return mask


def _derived(index: RegistryIndex) -> dict[str, Any]:
    """What the filters take from the records (desk.core.filter_store.derive: 登録ID lookup, name keys,
    folded specialty and notes), read in one pass over the records: from the local cache each record
    is decoded, and four passes cost four times that (a million records: minutes)."""
    found = index.cache.get("filter_texts")
    if found is not None:
        return found  # type: ignore[no-any-return]
    if _from_pending(index) or _from_store(index):
        return index.cache["filter_texts"]  # type: ignore[no-any-return]
    ids: list[str] = []
    keys: list[list[str]] = []
    specialty: list[str] = []
    notes: list[str] = []
    for r in index.records:
        ids.append(compact(r.source_id).lower())
        strict = (kana_key(r.name), kana_key(r.name_kana))
        # The loose reading too (いとう → いと), so passport romaji finds it: Ito, Oshima, Yuki.
        keys.append([k for k in dict.fromkeys((*strict, *(loose_reading(k) for k in strict))) if k])
        specialty.append(_fold(r.specialty))
        notes.append(_fold(r.notes))
    found = filter_store.derive(ids, keys, specialty, notes)
    index.cache.update(filter_texts=found, source_ids=found["source_ids"], name_keys=found["names"])
    return found


def derived(index: RegistryIndex) -> dict[str, Any]:
    """The filter's derived data of ``index`` (built now, or taken from where the cache keeps it)."""
    return _derived(index)


def _from_pending(index: RegistryIndex) -> bool:
    """Fill the cache with the derived data a catch-up left to merge (desk.core.registry_merge), if any."""
    pending = index.cache.pop(filter_store.PENDING_KEY, None)
    if pending is None:
        return False
    try:
        found = pending()
    except ValueError:  # lookups that do not fit: derive from the records instead
        return False
    index.cache.update(filter_texts=found, source_ids=found["source_ids"], name_keys=found["names"])
    return True


def _from_store(index: RegistryIndex) -> bool:
    """Fill the cache from the arrays the local index cache loaded (desk.core.filter_store), if any."""
    arrays = index.cache.get(filter_store.CACHE_KEY)
    if arrays is None:
        return False
    try:
        found = filter_store.unpack(arrays, index.n)
    except ValueError:  # (UnicodeDecodeError too) arrays that do not fit: build from the records instead
        index.cache.pop(filter_store.CACHE_KEY, None)
        return False
    index.cache.update(filter_texts=found, source_ids=found["source_ids"], name_keys=found["names"])
    return True


def filter_arrays(index: RegistryIndex) -> dict[str, np.ndarray]:
    """The filter's derived data as arrays for the local index cache (built now if need be)."""
    arrays = index.cache.get(filter_store.CACHE_KEY)
    if arrays is not None:
        return arrays  # type: ignore[no-any-return]
    return filter_store.pack(_derived(index))


def _is_place(text: str) -> bool:
    """True when ``text`` names a place outright (not only by the typo-tolerant fallback)."""
    from desk.core.regions import region_query

    found = region_query(text)
    return not found.fuzzy and bool(found.pref_codes or found.muni_codes)


# ----------------------------------------------------------------------------- names
def _cutoff(length: int) -> float:
    return 100.0 if length <= 3 else 75.0 if length <= 5 else 70.0


def _name_keys(index: RegistryIndex) -> NameIndex:
    """The distinct kana_key of every name and reading ("山田花子", "やまだはなこ") with their rows."""
    names = index.cache.get("name_keys")
    return names if names is not None else _derived(index)["names"]  # type: ignore[no-any-return]


def name_query(text: str) -> str:
    """What a name search looks for: the loose kana reading of the typed text (Yamada → やまだ)."""
    return loose_reading(kana_key(text))


def typos_allowed(length: int) -> int:
    """Edits a name query may be off by: none up to three characters (a substring), one up to five, then two."""
    return 0 if length <= 3 else 1 if length <= 5 else 2


def name_mask(index: RegistryIndex, text: str, typos: bool = True) -> np.ndarray:
    """Rows whose name or reading matches ``text``: as a substring of the kana key, or within a few edits
    (rapidfuzz Levenshtein) of the whole key or of its start (surname plus the start of the given name).

    Each distinct key is tested once (a registry repeats its surnames), and only the keys the
    character-pair index says may match (:func:`_matching_keys`).
    """
    q = name_query(text)
    mask = np.zeros(index.n, dtype=bool)
    if not q or not index.n:
        return mask
    names = _name_keys(index)
    mask[names.rows_of(_matching_keys(names, q, typos_allowed(len(q)) if typos else 0))] = True
    return mask


def _matching_keys(names: NameIndex, q: str, edits: int) -> np.ndarray:
    """Ids (ascending) of the keys holding ``q``, or within ``edits`` of it (whole, or their start).

    Candidates, a superset, come from the postings: a key holding ``q`` holds each of its character
    pairs; a key within ``edits`` holds one of ``edits + 1`` pieces of ``q`` intact (at most one
    piece per edit is touched). One character or one pair: the postings are the answer."""
    if len(q) <= 2 and not edits:
        return names.chars.get(q) if len(q) == 1 else names.grams.get(q)
    pieces = [q] if not edits else _pieces(q, edits + 1)
    cand = _holding(names, pieces[0])
    for piece in pieces[1:]:
        cand = np.union1d(cand, _holding(names, piece))
    if not len(cand):
        return cand
    texts = [names.keys[k] for k in cand.tolist()]
    ok = np.fromiter((q in t for t in texts), dtype=bool, count=len(texts))
    if edits:
        whole = process.cdist([q], texts, scorer=Levenshtein.distance, score_cutoff=edits, dtype=np.int32,
                              workers=-1)[0]
        start = process.cdist([q], [t[: len(q)] for t in texts], scorer=Levenshtein.distance,
                              score_cutoff=edits, dtype=np.int32, workers=-1)[0]
        ok |= (whole <= edits) | (start <= edits)
    found: np.ndarray = cand[ok]
    return found


def _pieces(q: str, count: int) -> list[str]:
    """``q`` cut into ``count`` consecutive pieces of near-equal length (the longer ones last)."""
    cuts = [len(q) * i // count for i in range(count + 1)]
    return [q[a:b] for a, b in zip(cuts[:-1], cuts[1:], strict=True) if b > a]


def _holding(names: NameIndex, piece: str) -> np.ndarray:
    """Ids of the keys holding every character pair of ``piece`` (every character if it is one):
    the rarest pair first, each next one looked up by binary search among the few left."""
    if len(piece) == 1:
        return names.chars.get(piece)
    lists = sorted((names.grams.get(piece[j:j + 2]) for j in range(len(piece) - 1)), key=len)
    out = lists[0]
    for other in lists[1:]:
        if not len(out):
            break
        at = np.searchsorted(other, out).clip(max=max(len(other) - 1, 0))
        out = out[other[at] == out] if len(other) else out[:0]
    return out


def name_order(index: RegistryIndex, text: str, rows: np.ndarray | None = None) -> np.ndarray:
    """The rows ``name_mask`` finds (within ``rows`` when given), the exact reading first.

    Tiers: the name or reading is exactly what was typed (Yuki → ゆき), then it starts with it, then
    contains it, then matches only loosely (Yuki → ゆうき) or with a typo; ties by 登録ID.
    """
    mask = name_mask(index, text)
    if rows is not None:
        inside = np.zeros(index.n, dtype=bool)
        inside[rows] = True
        mask &= inside
    found = np.flatnonzero(mask)
    q = kana_key(text)

    def tier(row: int) -> int:
        rec = index.records[row]
        keys = (kana_key(rec.name), kana_key(rec.name_kana))
        if q in keys:
            return 0
        if any(k.startswith(q) for k in keys):
            return 1
        return 2 if any(q in k for k in keys) else 3

    tiers = np.fromiter((tier(int(i)) for i in found), dtype=np.int64, count=len(found))
    return found[np.lexsort((index.source_rank[found], tiers))]


# ----------------------------------------------------------------------------- specialty and notes
def _fold(text: str) -> str:
    return jaconv.kata2hira(clean(text).lower())


def specialty_mask(index: RegistryIndex, text: str) -> np.ndarray:
    """Rows whose 診療科 contains ``text`` or matches it fuzzily (scored once per distinct specialty)."""
    spec: Folded = _derived(index)["specialty"]
    q = _fold(text)
    if not q or not spec.values:
        return np.zeros(index.n, dtype=bool)
    # A reading (ないか, しょうにか, naika) also finds the standard names read that way (内科, 小児科).
    named = [_fold(n) for n in names_for_reading(clean(text))]
    ok = np.array([bool(v) and (q in v or any(n in v for n in named) or fuzz.partial_ratio(q, v) >= _cutoff(len(q)))
                   for v in spec.values], dtype=bool)
    mask = np.zeros(index.n, dtype=bool)
    mask[spec.rows_of(ok)] = True
    return mask


_SEP = "\x00"


def contains_mask(index: RegistryIndex, name: str, texts: list[str], q: str) -> np.ndarray:
    """Rows whose text contains ``q``: one ``str.split`` over all texts joined (C speed), the pieces'
    lengths giving where each occurrence falls, instead of one ``in`` per row in Python (a million
    rows: ~0.3 s per keystroke)."""
    key = f"joined:{name}"
    cached = index.cache.get(key)
    if cached is None:
        starts = np.zeros(len(texts) + 1, dtype=np.int64)
        if texts:
            np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1, out=starts[1:])
        cached = index.cache[key] = (_SEP.join(texts), starts)
    joined, starts = cached
    mask = np.zeros(len(texts), dtype=bool)
    if not q or _SEP in q:
        return mask if q else ~mask
    pieces = joined.split(q)
    if len(pieces) > 1:
        ends = np.cumsum(np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)) + len(q))[:-1]
        found = ends - len(q)  # where each occurrence starts
        mask[np.searchsorted(starts, found, side="right") - 1] = True
    return mask


def note_mask(index: RegistryIndex, text: str) -> np.ndarray:
    """Rows whose 備考 contains ``text`` (width/kana-insensitive), or for three characters or more, whose
    notes hold a term that matches it fuzzily."""
    q = _fold(text)
    if not q:
        return np.zeros(index.n, dtype=bool)
    notes: Folded = _derived(index)["notes"]  # each distinct note tested once
    mask = np.zeros(index.n, dtype=bool)
    mask[notes.rows_of(contains_mask(index, "notes", notes.values, q))] = True
    if len(q) >= 3 and index.term_vocab:
        vocab = index.cache.get("vocab_folded")
        if vocab is None:
            vocab = index.cache["vocab_folded"] = [jaconv.kata2hira(t) for t in index.term_vocab]
        scores = process.cdist([q], vocab, scorer=fuzz.partial_ratio, score_cutoff=80, dtype=np.float32,
                               workers=-1)[0]
        good = np.flatnonzero(scores >= 80)
        if len(good):
            mask[_lookups(index).term_rows.take(good)] = True
    return mask


# ----------------------------------------------------------------------------- region
def region_mask(index: RegistryIndex, text: str) -> np.ndarray:
    """Rows living in, or naming as a work area, a place ``text`` names (desk.core.regions.region_query)."""
    from desk.core.regions import region_query

    found = region_query(text)
    mask = np.zeros(index.n, dtype=bool)
    if not found.pref_codes and not found.muni_codes:
        return mask
    look = _lookups(index)
    mask[look.pref_rows.take(np.array(sorted(int(c) - 1 for c in found.pref_codes), dtype=np.int64))] = True
    mask[look.muni_rows.take(np.array(sorted(int(c[:5]) for c in found.muni_codes), dtype=np.int64))] = True
    return mask


# ----------------------------------------------------------------------------- dates
def date_mask(index: RegistryIndex, text: str, reference: dt.date | None = None) -> np.ndarray | None:
    """Rows with a rule making them available on a date or a weekday (any hours); None if unreadable."""
    mask = np.zeros(index.n, dtype=bool)
    for part in re.split(r"[,、]", text):
        part = part.strip().lower()
        if not part:
            continue
        got = _weekday_mask(index, part)
        if got is None:
            got = _one_date_mask(index, part, reference)
        if got is None:
            return None
        mask |= got
    return mask


def _weekday_mask(index: RegistryIndex, text: str) -> np.ndarray | None:
    word = text.removesuffix("曜日").removesuffix("曜").removeprefix("毎週")
    bits, holiday = _WEEKDAY_WORDS.get(word, 0), False
    if not bits:
        for ch in re.findall(r"mon|tue|wed|thu|fri|sat|sun|.", word):
            if ch in ("祝", "祭"):
                holiday = True
            elif ch in _WEEKDAYS:
                bits |= 1 << _WEEKDAYS[ch]
            else:
                return None
    rules = _lookups(index).rules
    ok = (rules.weekdays & bits) != 0
    if holiday:
        ok |= (rules.days & 128) != 0
    return rules.mask(ok, index.n)


def _one_date_mask(index: RegistryIndex, text: str, reference: dt.date | None) -> np.ndarray | None:
    from desk.core.dates import is_holiday, parse_date

    try:
        day = parse_date(text, reference=reference)
    except ValueError:
        return None
    if day is None:
        return None
    o, hol = day.toordinal(), bool(is_holiday(day))
    rules = _lookups(index).rules
    wbit = (rules.days >> day.weekday()) & 1 != 0
    day_ok = (((rules.days & 256) == 0) & (((rules.days & 128) != 0) | wbit)) if hol else wbit
    return rules.mask((rules.start <= o) & (o <= rules.end) & day_ok, index.n)
