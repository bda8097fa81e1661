"""The name filter answers from the distinct keys and their character-pair index exactly what the rule
says, row by row: the key holds the query, or (from four characters) is within the allowed edits of
it, whole or at its start. Checked against that rule written as a plain loop over every registrant."""

from __future__ import annotations

import random

import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein

from desk.core.filters import _pieces, filter_registrants, name_mask, name_query, typos_allowed
from desk.core.registry_index import RegistrantRecord, RegistryIndex
from desk.core.text import kana_key, loose_reading

_KANA = "やまだはなこたろうさとすずきいおんゆ"
_KANJI = "山田花子太郎佐藤鈴木"


def _rule(records: list[RegistrantRecord], text: str, typos: bool = True) -> list[bool]:
    q = name_query(text)
    edits = typos_allowed(len(q)) if typos else 0

    def hit(key: str) -> bool:
        return q in key or bool(edits) and (Levenshtein.distance(q, key) <= edits
                                            or Levenshtein.distance(q, key[: len(q)]) <= edits)

    out = []
    for r in records:
        strict = (kana_key(r.name), kana_key(r.name_kana))
        keys = [k for k in (*strict, *(loose_reading(k) for k in strict)) if k]
        out.append(bool(q) and any(hit(k) for k in keys))
    return out


def _word(rnd: random.Random, alphabet: str, low: int, high: int) -> str:
    return "".join(rnd.choice(alphabet) for _ in range(rnd.randint(low, high)))


def _records(rnd: random.Random, n: int) -> list[RegistrantRecord]:
    out = []
    for i in range(n):
        kanji = _word(rnd, _KANJI, 0, 4) if rnd.random() < 0.5 else ""
        kana = _word(rnd, _KANA, 1, 8)
        out.append(RegistrantRecord(row_id=i + 1, source_id=f"X{i}", name=kanji or kana,
                                    name_kana=kana if kanji else ""))
    return out


def _typed(rnd: random.Random, records: list[RegistrantRecord]) -> str:
    """What someone types: a piece of a name, a piece with a typo, or random kana."""
    kind = rnd.random()
    if kind < 0.2:
        return _word(rnd, _KANA, 1, 9)
    r = rnd.choice(records)
    source = r.name_kana or r.name if rnd.random() < 0.8 else r.name
    start = rnd.randint(0, max(len(source) - 1, 0)) if kind < 0.5 else 0
    text = list(source[start:start + rnd.randint(1, 9)])
    for _ in range(rnd.randint(0, 2) if kind > 0.6 else 0):  # typos: replace, drop or add a character
        at = rnd.randrange(len(text) + 1)
        op = rnd.choice("rda")
        if op == "a" or not text:
            text.insert(at, rnd.choice(_KANA))
        elif at < len(text):
            if op == "r":
                text[at] = rnd.choice(_KANA)
            else:
                del text[at]
    return "".join(text)


@pytest.mark.parametrize("seed", range(6))
def test_the_name_filter_finds_exactly_what_the_rule_finds(seed: int) -> None:
    rnd = random.Random(seed)
    records = _records(rnd, 300)
    index = RegistryIndex.build(records)
    for _ in range(150):
        text = _typed(rnd, records)
        for typos in (True, False):
            assert name_mask(index, text, typos=typos).tolist() == _rule(records, text, typos), (text, typos)


def test_romaji_and_one_character_queries_follow_the_rule_too() -> None:
    rnd = random.Random(7)
    records = _records(rnd, 300) + [RegistrantRecord(row_id=1000, source_id="ito", name="伊藤", name_kana="イトウ")]
    index = RegistryIndex.build(records)
    for text in ("y", "ya", "yam", "yama", "yamada", "ito", "itou", "suzuki", "や", "ん", "山", "田", "佐藤花",
                 "やまだはなこ", "やまだはなko", "ゆうき", "ゆき"):
        assert name_mask(index, text).tolist() == _rule(records, text), text


@pytest.mark.parametrize(("length", "count"), [(4, 2), (5, 2), (6, 3), (7, 3), (11, 3)])
def test_pieces_cover_the_query_in_order(length: int, count: int) -> None:
    q = "".join(chr(0x3042 + i) for i in range(length))
    pieces = _pieces(q, count)
    assert "".join(pieces) == q and len(pieces) == count and min(map(len, pieces)) >= length // count


def test_a_name_that_many_share_is_found_on_every_row() -> None:
    records = [RegistrantRecord(row_id=i + 1, source_id=f"R{i}", name="山田 花子" if i % 3 else "田中 一郎",
                                name_kana="やまだ はなこ" if i % 3 else "たなか いちろう") for i in range(30)]
    index = RegistryIndex.build(records)
    assert filter_registrants(index, "やまだ").tolist() == [i for i in range(30) if i % 3]
    assert filter_registrants(index, "名前:たなか").tolist() == list(range(0, 30, 3))
    assert np.array_equal(filter_registrants(index, "名前:はな"), filter_registrants(index, "名前:花子"))
