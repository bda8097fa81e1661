"""Names folded for the search a column at a time: ``kana_key`` and ``loose_romaji`` of many texts in
a few passes over the texts joined, instead of a hundred ``str.replace`` calls per name.

A registry of a million people holds hundreds of thousands of different names, each folded once
by the index build: 30 µs per name one by one (jaconv's kana to romaji is ~120 replaces), most of
a minute at a million. Every step of the folding is character by character or a replace of kana
by letters, so it gives the same on the texts joined by U+001F (which no step touches and no
pattern spans) as on each text; the steps that look at a whole text stay per text: telling romaji
from kana (a regular expression per text) and romaji to kana (rare: names typed in romaji); the
small っ, which romaji writes as the next consonant doubled and which reads a text's edges, is
done after the join by one regular expression that knows where each text ends.
tests/core/test_fold_column.py holds the two equal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import jaconv

from desk.core.text import (
    _LONG,
    _MACRONS,
    _ROMAJI,
    _VARIANTS,
    clean_column,
    compact_cleaned,
    kana_key,
    loose_romaji,
)

SEP = "\x1f"
#: っ's stand-in while the texts are romanised joined (jaconv doubles the next consonant for it,
#: reading the text's ends: :func:`_small_tsu` does that per text inside the join).
_TSU = "\x1e"
_TSU_RULE = re.compile(r"(?<![^\x1f])\x1e|\x1e(?![^\x1e\x1f])|\x1e(?=(.))", re.S)


def _small_tsu(text: str) -> str:
    """jaconv.kana2alphabet's rule for っ, per text of the join: at a text's start or end, or before
    another っ, ``xtsu``; else the letter after it (the consonant doubled)."""
    return _TSU_RULE.sub(lambda m: m.group(1) or "xtsu", text) if _TSU in text else text


def fold_names(texts: Sequence[str]) -> list[tuple[str, str, tuple[str, ...]]]:
    """Per text: ``kana_key``, ``loose_romaji``, and the ``kana_key`` of each part of a name written
    with a space (none without), as desk.core.search.make_entry folds a name."""
    if not texts:
        return []
    if any(SEP in t for t in texts):  # the separator typed into a name: one by one
        return [_one(t) for t in texts]
    cleaned = clean_column(texts)
    low = SEP.join(compact_cleaned(cleaned)).lower().translate(_MACRONS).split(SEP)
    keys = _kana_keys(texts, low)
    romaji = _romaji(texts, low)
    pieces = list(dict.fromkeys(p for c in cleaned if " " in c for p in c.split(" ")))
    piece_key = dict(zip(pieces, kana_keys(pieces), strict=True))
    parts = [tuple(k for k in (piece_key[p] for p in c.split(" ")) if k) if " " in c else () for c in cleaned]
    return list(zip(keys, romaji, parts, strict=True))


def kana_keys(texts: Sequence[str]) -> list[str]:
    """``kana_key`` of each text."""
    if not texts:
        return []
    if any(SEP in t for t in texts):
        return [kana_key(t) for t in texts]
    low = SEP.join(compact_cleaned(clean_column(texts))).lower().translate(_MACRONS).split(SEP)
    return _kana_keys(texts, low)


def _one(text: str) -> tuple[str, str, tuple[str, ...]]:
    from desk.core.text import clean

    c = clean(text)
    parts = tuple(k for k in (kana_key(p) for p in c.split(" ")) if k) if " " in c else ()
    return kana_key(text), loose_romaji(text), parts


def _kana_keys(texts: Sequence[str], low: list[str]) -> list[str]:
    out = [""] * len(texts)
    plain: list[int] = []
    for i, text in enumerate(low):
        if not text:
            continue
        if _ROMAJI.match(text):
            out[i] = kana_key(texts[i])
        else:
            plain.append(i)
    for i, key in zip(plain, _each(jaconv.kata2hira(SEP.join([low[i] for i in plain]).translate(_VARIANTS)), plain),
                      strict=True):
        out[i] = key
    return out


def _each(joined: str, group: list[int]) -> list[str]:
    """The texts of ``group`` back from their join (none for an empty group)."""
    return joined.split(SEP) if group else []


def _romaji(texts: Sequence[str], low: list[str]) -> list[str]:
    out = [""] * len(texts)
    bare = SEP.join(low).replace("-", "").replace("'", "").split(SEP)
    latin: list[int] = []
    kana: list[int] = []
    for i, text in enumerate(bare):
        if text:
            (latin if _ROMAJI.match(text) else kana).append(i)
    hira = _each(jaconv.kata2hira(SEP.join([bare[i] for i in kana])).replace("ー", ""), kana)
    joined: list[int] = []
    for i, h in zip(kana, hira, strict=True):
        if _TSU in h:  # the stand-in for っ typed into a name: one by one
            out[i] = loose_romaji(texts[i])
        else:
            joined.append(i)
            bare[i] = h
    kana_text = SEP.join([bare[i] for i in joined]).replace("っ", _TSU)
    for group, text in ((latin, SEP.join([bare[i] for i in latin])),
                        (joined, _small_tsu(jaconv.kana2alphabet(kana_text)))):
        for i, folded in zip(group, _each(_LONG.sub("", text), group), strict=True):
            out[i] = folded
    return out
