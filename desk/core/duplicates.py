"""Finding the same person in several registries: blocking keys, evidence, a score and its reasons.

Pure Python (no I/O). Records are grouped by blocking keys (licence number, phone, e-mail, reading
with birth year, name with variant kanji folded with prefecture); only records sharing a key are
compared, so 100,000 registrants are scanned in seconds. A pair is scored from its evidence and
carries its reasons as codes with Japanese words (``reason_words``). The same name alone is never
enough: namesakes (same name, different birth year, phone and town) stay below the threshold.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from desk.core.gc_pause import paused_gc
from desk.core.text import compact, fold_variants, kana_key

#: Pairs scoring below this are not proposed.
DEFAULT_MIN_SCORE = 0.6
#: A key shared by more records than this says little (a switchboard number, a common name): skipped.
MAX_BLOCK = 40

WEIGHTS: dict[str, float] = {
    "licence": 0.9, "phone": 0.5, "email": 0.5, "name": 0.3, "name_variant": 0.3, "name_reading": 0.1,
    "reading_birth": 0.4, "birth": 0.1, "birth_differs": -0.45, "licence_differs": -0.6,
    "same_pref": 0.05, "same_city": 0.1, "phone_differs": -0.1, "city_differs": -0.1,
    # A shared phone or e-mail with neither name nor reading alike (a family's number) counts less.
    "phone_only": 0.25, "email_only": 0.25,
}

_WORDS: dict[str, str] = {
    "licence": "免許番号が一致", "phone": "電話番号が一致", "email": "メールアドレスが一致",
    "name": "氏名が一致", "name_variant": "氏名の異体字", "name_reading": "読みが一致",
    "reading_birth": "読みと生年が一致", "birth": "生年が一致", "birth_differs": "生年が異なる",
    "licence_differs": "免許番号が異なる", "same_pref": "居住都道府県が一致", "same_city": "居住市区町村が一致",
    "phone_differs": "電話番号が異なる", "city_differs": "居住地が異なる",
    "phone_only": "電話番号が一致（氏名は別）", "email_only": "メールアドレスが一致（氏名は別）",
}

_NOT_DIGIT = re.compile(r"\D")


class PersonRecord(NamedTuple):
    """What the comparison needs of one registrant. ``person`` groups records already merged.

    A named tuple: 100,000 of them are made per scan, several times faster than a frozen dataclass."""

    row_id: int
    person: int
    name: str = ""
    name_kana: str = ""
    birth_year: int | None = None
    phone: str = ""
    email: str = ""
    licence_no: str = ""
    pref_code: str | None = None
    muni_code: str | None = None


@dataclass(frozen=True)
class Reason:
    code: str
    detail: str = ""  # e.g. "髙/高" for name_variant

    @property
    def words(self) -> str:
        return reason_words(self)


@dataclass(frozen=True)
class Pair:
    a: int  # row ids, a < b
    b: int
    score: float
    reasons: tuple[Reason, ...]


def reason_words(reason: Reason) -> str:
    base = _WORDS.get(reason.code, reason.code)
    return f"{base}（{reason.detail}）" if reason.detail else base


@lru_cache(maxsize=262144)
def phone_key(value: str) -> str:
    """Digits of a Japanese phone number: hyphens, spaces, width and +81 folded (+81 90… → 090…)."""
    text = unicodedata.normalize("NFKC", value) if value else ""
    digits = _NOT_DIGIT.sub("", text)
    if text.lstrip().startswith("+81") or (digits.startswith("81") and len(digits) in (11, 12)):
        digits = "0" + digits[2:].lstrip("0")
    return digits if len(digits) >= 9 else ""


@lru_cache(maxsize=262144)
def email_key(value: str) -> str:
    text = compact(value).lower()
    return text if "@" in text else ""


@lru_cache(maxsize=262144)
def licence_key(value: str) -> str:
    text = compact(value)
    digits = _NOT_DIGIT.sub("", text)
    return digits.lstrip("0") if digits else text.upper()


@lru_cache(maxsize=262144)
def name_key(value: str) -> str:
    """The name with spaces, width and variant kanji folded (髙橋 一郎 → 高橋一郎)."""
    return fold_variants(compact(value))


def variant_detail(a: str, b: str) -> str:
    """The variant characters that tell two names apart, as 髙/高."""
    ca, cb = compact(a), compact(b)
    if len(ca) != len(cb):
        return ""
    diffs = sorted({f"{x}/{y}" for x, y in zip(ca, cb, strict=True) if x != y})
    return "、".join(diffs)


@lru_cache(maxsize=262144)
def _reading(value: str) -> str:
    return kana_key(value).replace("ー", "")


class _Keys(NamedTuple):
    licence: str
    phone: str
    email: str
    name: str
    reading: str


def _keys(r: PersonRecord) -> _Keys:
    return _Keys(licence_key(r.licence_no) if r.licence_no else "", phone_key(r.phone) if r.phone else "",
                 email_key(r.email) if r.email else "", name_key(r.name) if r.name else "",
                 _reading(r.name_kana) if r.name_kana else "")


def score_pair(a: PersonRecord, b: PersonRecord, ka: _Keys | None = None, kb: _Keys | None = None) -> Pair:
    """The evidence that two records are one person, as a score in [0, 1] and its reasons."""
    ka = ka or _keys(a)
    kb = kb or _keys(b)
    reasons: list[Reason] = []
    if ka.licence and kb.licence:
        reasons.append(Reason("licence" if ka.licence == kb.licence else "licence_differs"))
    named = bool((ka.name and ka.name == kb.name) or (ka.reading and ka.reading == kb.reading)
                 or (ka.licence and ka.licence == kb.licence))
    if ka.phone and ka.phone == kb.phone:
        reasons.append(Reason("phone" if named else "phone_only"))
    elif ka.phone and kb.phone:
        reasons.append(Reason("phone_differs"))
    if ka.email and ka.email == kb.email:
        reasons.append(Reason("email" if named else "email_only"))
    if ka.name and ka.name == kb.name:
        same = compact(a.name) == compact(b.name)
        reasons.append(Reason("name") if same else Reason("name_variant", variant_detail(a.name, b.name)))
    same_birth = a.birth_year is not None and a.birth_year == b.birth_year
    if ka.reading and ka.reading == kb.reading:
        reasons.append(Reason("reading_birth") if same_birth else Reason("name_reading"))
    elif same_birth:
        reasons.append(Reason("birth"))
    if a.birth_year is not None and b.birth_year is not None and a.birth_year != b.birth_year:
        reasons.append(Reason("birth_differs"))
    if a.muni_code and a.muni_code == b.muni_code:
        reasons.append(Reason("same_city"))
    elif a.pref_code and a.pref_code == b.pref_code:
        reasons.append(Reason("same_pref"))
    if a.muni_code and b.muni_code and a.muni_code != b.muni_code:
        reasons.append(Reason("city_differs"))
    score = max(0.0, min(1.0, sum(WEIGHTS[r.code] for r in reasons)))
    lo, hi = (a, b) if a.row_id < b.row_id else (b, a)
    return Pair(lo.row_id, hi.row_id, round(score, 3), tuple(reasons))


#: The best score a pair sharing only the name + prefecture key can reach (name, reading or birth
#: year, town): every stronger piece of evidence has a key of its own. Above it that block is skipped,
#: which keeps common names (佐藤 花子 in 東京都) from making the scan quadratic.
NAME_BLOCK_CEILING = WEIGHTS["name"] + max(WEIGHTS["name_reading"], WEIGHTS["birth"]) + WEIGHTS["same_city"]


def blocking_keys(r: PersonRecord, k: _Keys, *, by_name: bool = True) -> Iterable[str]:
    """The keys a record is filed under; two records are compared only when they share one."""
    if k.licence:
        yield "l\x1f" + k.licence
    if k.phone:
        yield "p\x1f" + k.phone
    if k.email:
        yield "e\x1f" + k.email
    if k.reading and r.birth_year is not None:
        yield f"r\x1f{k.reading}\x1f{r.birth_year}"
    if by_name and k.name and r.pref_code:
        yield f"n\x1f{k.name}\x1f{r.pref_code}"


def find_pairs(records: Sequence[PersonRecord], *, min_score: float = DEFAULT_MIN_SCORE,
               dismissed: frozenset[tuple[int, int]] = frozenset()) -> list[Pair]:
    """Candidate pairs of different persons scoring at least ``min_score``, best first.

    One pair per two persons (their best-scoring records); ``dismissed`` holds (lo, hi) record-id
    pairs a coordinator said are different people, and pairs between their persons are skipped.
    """
    # Hundreds of thousands of small objects are made and kept: the cyclic collector would scan them
    # again and again for nothing (as in the importer), so it pauses meanwhile.
    with paused_gc():
        return _find_pairs(records, min_score, dismissed)


def _find_pairs(records: Sequence[PersonRecord], min_score: float,
                dismissed: frozenset[tuple[int, int]]) -> list[Pair]:
    keys = [_keys(r) for r in records]
    blocks: dict[str, list[int]] = {}
    by_name = min_score <= NAME_BLOCK_CEILING
    for i, r in enumerate(records):
        for key in blocking_keys(r, keys[i], by_name=by_name):
            blocks.setdefault(key, []).append(i)
    seen: set[tuple[int, int]] = set()
    best: dict[tuple[int, int], Pair] = {}
    dismissed_persons = _dismissed_persons(records, dismissed)
    for members in blocks.values():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        for x, i in enumerate(members):
            ri = records[i]
            for j in members[x + 1:]:
                rj = records[j]
                if ri.person == rj.person:
                    continue
                ij = (i, j) if i < j else (j, i)
                if ij in seen:
                    continue
                seen.add(ij)
                persons = (ri.person, rj.person) if ri.person < rj.person else (rj.person, ri.person)
                if persons in dismissed_persons:
                    continue
                pair = score_pair(ri, rj, keys[i], keys[j])
                if pair.score < min_score:
                    continue
                old = best.get(persons)
                if old is None or pair.score > old.score:
                    best[persons] = pair
    return sorted(best.values(), key=lambda p: (-p.score, p.a, p.b))


def _dismissed_persons(records: Sequence[PersonRecord], dismissed: frozenset[tuple[int, int]]) -> set[tuple[int, int]]:
    if not dismissed:
        return set()
    person = {r.row_id: r.person for r in records}
    out: set[tuple[int, int]] = set()
    for a, b in dismissed:
        pa, pb = person.get(a, a), person.get(b, b)
        out.add((pa, pb) if pa < pb else (pb, pa))
    return out
