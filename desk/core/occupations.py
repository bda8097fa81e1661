"""Occupations: canonical codes, the words people use for them, and who may fill whose posting."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

import jaconv

from desk.core.text import compact, strip_brackets


class Occupation(StrEnum):
    DOCTOR = "doctor"
    NURSE = "nurse"
    ASSISTANT_NURSE = "assistant_nurse"
    PUBLIC_HEALTH_NURSE = "public_health_nurse"
    MIDWIFE = "midwife"
    PHARMACIST = "pharmacist"
    CLERK = "clerk"


#: The Japanese label shown and exported for each code.
LABELS_JA: dict[Occupation, str] = {
    Occupation.DOCTOR: "医師",
    Occupation.NURSE: "看護師",
    Occupation.ASSISTANT_NURSE: "准看護師",
    Occupation.PUBLIC_HEALTH_NURSE: "保健師",
    Occupation.MIDWIFE: "助産師",
    Occupation.PHARMACIST: "薬剤師",
    Occupation.CLERK: "事務職員",
}

# Synonyms after ``compact`` and lower-casing; checked longest first so 准看護師 wins over 看護師.
_SYNONYMS: dict[str, Occupation] = {
    "医師": Occupation.DOCTOR, "ドクター": Occupation.DOCTOR, "dr": Occupation.DOCTOR,
    "dr.": Occupation.DOCTOR, "doctor": Occupation.DOCTOR, "physician": Occupation.DOCTOR,
    "歯科医師": Occupation.DOCTOR, "医者": Occupation.DOCTOR, "問診医": Occupation.DOCTOR,
    "看護師": Occupation.NURSE, "看護士": Occupation.NURSE, "看護婦": Occupation.NURSE,
    "ns": Occupation.NURSE, "ナース": Occupation.NURSE, "nurse": Occupation.NURSE,
    "正看護師": Occupation.NURSE, "rn": Occupation.NURSE, "看護職員": Occupation.NURSE,
    "准看護師": Occupation.ASSISTANT_NURSE, "准看護士": Occupation.ASSISTANT_NURSE,
    "准看": Occupation.ASSISTANT_NURSE, "准ns": Occupation.ASSISTANT_NURSE, "lpn": Occupation.ASSISTANT_NURSE,
    "保健師": Occupation.PUBLIC_HEALTH_NURSE, "phn": Occupation.PUBLIC_HEALTH_NURSE,
    "助産師": Occupation.MIDWIFE, "助産婦": Occupation.MIDWIFE, "midwife": Occupation.MIDWIFE,
    "薬剤師": Occupation.PHARMACIST, "pharmacist": Occupation.PHARMACIST,
    "事務職員": Occupation.CLERK, "事務": Occupation.CLERK, "事務員": Occupation.CLERK,
    "事務スタッフ": Occupation.CLERK, "受付": Occupation.CLERK, "受付事務": Occupation.CLERK,
    "clerk": Occupation.CLERK, "clerical": Occupation.CLERK, "医療事務": Occupation.CLERK,
    # typed in kana (katakana is folded to hiragana before the lookup)
    "いし": Occupation.DOCTOR, "どくたー": Occupation.DOCTOR, "かんごし": Occupation.NURSE,
    "なーす": Occupation.NURSE, "じゅんかんごし": Occupation.ASSISTANT_NURSE,
    "ほけんし": Occupation.PUBLIC_HEALTH_NURSE, "じょさんし": Occupation.MIDWIFE,
    "やくざいし": Occupation.PHARMACIST, "じむ": Occupation.CLERK, "じむしょくいん": Occupation.CLERK,
}
_BY_LENGTH = sorted(_SYNONYMS, key=len, reverse=True)
_SPLIT = re.compile(r"[、,/・;；|]")

# Which licences may fill a posting of each occupation (besides the occupation itself).
_ALSO_FILLED_BY: dict[Occupation, frozenset[Occupation]] = {
    Occupation.ASSISTANT_NURSE: frozenset({Occupation.NURSE, Occupation.PUBLIC_HEALTH_NURSE, Occupation.MIDWIFE}),
    Occupation.NURSE: frozenset({Occupation.PUBLIC_HEALTH_NURSE, Occupation.MIDWIFE}),
    Occupation.CLERK: frozenset(Occupation),
}


@lru_cache(maxsize=4096)
def parse_occupation(value: object) -> Occupation | None:
    """The occupation named in ``value`` (医師, ドクター, Dr., Ns, ナース, 准看護師 …), or None."""
    text = jaconv.kata2hira(strip_brackets(compact(value)).lower())
    if not text:
        return None
    if text in _SYNONYMS:
        return _SYNONYMS[text]
    for word in _BY_LENGTH:
        if word in text and (len(word) > 2 or text.startswith(word)):
            return _SYNONYMS[word]
    return None


def parse_occupations(value: object) -> list[Occupation]:
    """Several licences in one cell (看護師・保健師)."""
    found: list[Occupation] = []
    for part in _SPLIT.split(compact(value)):
        occ = parse_occupation(part)
        if occ and occ not in found:
            found.append(occ)
    return found


def can_fill(licence: Occupation | str, posting: Occupation | str) -> bool:
    """May a holder of ``licence`` fill a posting for ``posting``? (看護師 → 准看護師 yes, reverse no)."""
    lic, post = Occupation(licence), Occupation(posting)
    return lic == post or lic in _ALSO_FILLED_BY.get(post, frozenset())


def fit(licence: Occupation | str, posting: Occupation | str) -> float:
    """1.0 for the exact occupation, 0.7 through another licence, 0.0 when not qualified."""
    lic, post = Occupation(licence), Occupation(posting)
    if lic == post:
        return 1.0
    return 0.7 if can_fill(lic, post) else 0.0


def label(code: Occupation | str | None) -> str:
    return LABELS_JA.get(Occupation(code), str(code)) if code else ""
