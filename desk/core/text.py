"""Text as people type it: width, spacing, kana and romaji folded for comparison.

``unicodedata`` NFKC is the base (it keeps ``～`` and ``－`` apart from ``ー``, unlike
``jaconv.normalize``); jaconv converts between hiragana, katakana and romaji.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache, partial

import jaconv

_SPACES = re.compile(r"\s+")
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "ｰ": "ー"})
_WAVES = str.maketrans({"〜": "~", "～": "~", "〰": "~"})
_MACRONS = str.maketrans({"ā": "a", "ī": "i", "ū": "u", "ē": "e", "ō": "o", "â": "a", "î": "i", "û": "u", "ê": "e", "ô": "o"})
_ROMAJI = re.compile(r"^[a-z' -]+$")
_BRACKETS = re.compile(r"[()\[\]{}<>「」『』【】〔〕《》〈〉]")
_LONG = re.compile(r"(?<=[aiueo])h(?![aiueoy])|(?<=o)[ou]|(?<=u)u|(?<=e)e|(?<=i)i|(?<=a)a")
# Variant characters people type in names and places, folded to one form for comparison.
_VARIANTS = str.maketrans({
    "髙": "高", "﨑": "崎", "嵜": "崎", "邊": "辺", "邉": "辺", "齋": "斉", "齊": "斉", "斎": "斉",
    "澤": "沢", "濱": "浜", "國": "国", "廣": "広", "槇": "槙", "檜": "桧", "舘": "館", "龍": "竜",
    "驒": "騨", "鰺": "鯵", "諌": "諫", "娄": "婁", "條": "条", "ヶ": "ケ", "ヵ": "カ", "竈": "釜",
    "惠": "恵", "穗": "穂", "溪": "渓", "淵": "渕", "籔": "薮", "藪": "薮", "佛": "仏", "曾": "曽",
    "冨": "富", "眞": "真", "祐": "祐", "德": "徳", "黑": "黒", "瀨": "瀬", "壽": "寿", "櫻": "桜",
    "巿": "市", "檮": "梼", "竃": "釜", "釡": "釜",
})


# One translate table: dashes and waves unified, ideographic variation selectors (葛󠄀) dropped.
_CLEAN_TABLE: dict[int, int | str | None] = {**_DASHES, **_WAVES}
_CLEAN_TABLE.update({cp: None for cp in range(0xFE00, 0xFE10)})
_CLEAN_TABLE.update({cp: None for cp in range(0xE0100, 0xE01F0)})


@lru_cache(maxsize=65536)
def clean(value: object) -> str:
    """NFKC, unified dashes and wave dashes, single spaces, stripped. ``None`` becomes ''."""
    if value is None:
        return ""
    text = str(value)
    if not text.isascii():
        text = _nfkc_marks(text)
    if "  " in text or "\t" in text or "\n" in text or "\r" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


_SEP = "\x1f"


def clean_column(values: Sequence[str]) -> list[str]:
    """``clean`` of every value (str) of a column, in a few passes over the joined column.

    NFKC and the table work character by character and the separator (U+001F) is left alone by
    both, so the joined column splits back into the cleaned cells; spaces are handled per cell.
    """
    if not values:
        return []
    joined = _SEP.join(values)
    if joined.count(_SEP) != len(values) - 1:  # a cell holds the separator itself
        return [clean.__wrapped__(v) for v in values]
    return clean_joined(joined)


def clean_joined(joined: str) -> list[str]:
    """``clean_column`` of the cells joined with U+001F (which none of them holds)."""
    if not joined.isascii():
        if "\u3000" in joined:
            joined = joined.replace("\u3000", " ")  # as NFKC does (see _nfkc_marks)
        if not unicodedata.is_normalized("NFKC", joined):
            # Cell by cell: NFKC hands back a cell that passes its quick check as it is, so only the
            # cells that need it (half-width kana, full-width digits) are normalised, not the column.
            joined = _SEP.join(map(_NFKC, joined.split(_SEP)))
        if _MARKS.search(joined):
            joined = joined.translate(_CLEAN_TABLE)
    parts = joined.split(_SEP)
    if "  " in joined or "\t" in joined or "\n" in joined or "\r" in joined:
        parts = [_SPACES.sub(" ", t) if "  " in t or "\t" in t or "\n" in t or "\r" in t else t for t in parts]
    return list(map(str.strip, parts))


def compact_column(values: Sequence[str]) -> list[str]:
    """``compact`` of every value of a column (``clean_column`` without any space)."""
    return compact_cleaned(clean_column(values))


def compact_cleaned(cleaned: list[str]) -> list[str]:
    """``compact`` of every value, given their ``clean`` texts."""
    joined = _SEP.join(cleaned)
    if joined.count(_SEP) != len(cleaned) - 1 or not cleaned:
        return [v.replace(" ", "") for v in cleaned]
    return joined.replace(" ", "").split(_SEP)


_NFKC = partial(unicodedata.normalize, "NFKC")
_MARKS = re.compile("[" + "".join(chr(c) for c in _CLEAN_TABLE if c < 0x10000) + "\U000e0100-\U000e01ef]")


def _nfkc_marks(text: str) -> str:
    """NFKC, then dashes and wave dashes unified and variation selectors dropped: ``clean``'s
    character by character part, each step only when the text needs it.

    NFKC maps the ideographic space (U+3000, in most typed names) to U+0020 and to nothing else,
    so replacing it first gives the same result; the text then often passes NFKC's quick check,
    which a single U+3000 fails (a full normalisation of the whole column: most of its cost).
    """
    if "\u3000" in text:
        text = text.replace("\u3000", " ")
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.translate(_CLEAN_TABLE) if _MARKS.search(text) else text


def fold_marks(text: str) -> str:
    """``clean`` without the spaces: NFKC, dashes and wave dashes unified, variation selectors dropped.

    Each step runs only when the text needs it (a cheap check first).
    """
    return text if text.isascii() else _nfkc_marks(text)


def compact(value: object) -> str:
    """``clean`` with every space removed: for keys and header names."""
    return clean(value).replace(" ", "")


def fold_variants(text: str) -> str:
    """Old and variant kanji to their common forms (髙→高, 﨑→崎, ヶ→ケ)."""
    return text.translate(_VARIANTS) if text else text


def strip_brackets(text: str) -> str:
    return _BRACKETS.sub("", text)


@lru_cache(maxsize=65536)
def kana_key(value: object) -> str:
    """A key that treats hiragana, katakana and romaji alike, for names, readings and places.

    Kanji stay as they are (with variants folded); kana become hiragana; romaji becomes hiragana.
    """
    text = compact(value).lower().translate(_MACRONS)
    if not text:
        return ""
    if _ROMAJI.match(text):
        text = romaji_to_kana(text)
    return jaconv.kata2hira(fold_variants(text))


# Hepburn as people type it: double n before a vowel is ん + な行 (kanno かんの, konnichi こんにち),
# m before b/m/p is ん (sampei, kamba, homma), dzu is づ; an apostrophe only separates n' (jun'ichi).
_HEPBURN_NN = re.compile(r"n(?=n[aiueoy])")
_HEPBURN_M = re.compile(r"m(?=[bmp])")
_APOSTROPHE = re.compile(r"(?<!n)'")


def romaji_to_kana(text: str) -> str:
    """Lower-case romaji as hiragana: ``kanno`` → かんの, ``homma`` → ほんま, ``jun'ichi`` → じゅんいち."""
    text = _APOSTROPHE.sub("", text.replace("-", ""))
    text = _HEPBURN_M.sub("n", _HEPBURN_NN.sub("n'", text)).replace("dzu", "zu")
    return jaconv.alphabet2kana(text).replace("'", "")


_SAME_SOUND = str.maketrans({"ぢ": "じ", "づ": "ず", "ー": None})
_O_ROW = frozenset("おこごそぞとどのほぼぽもよょろを")
_U_ROW = frozenset("うくぐすずつぬふぶぷむゆゅる")


@lru_cache(maxsize=65536)
def loose_reading(key: str) -> str:
    """A reading with what romaji loses folded away: ず/づ and じ/ぢ equal, long vowels dropped.

    Passport spellings carry no long vowels: Ito (いと) is いとう, Oshima (おしま) is おおしま, Yuki
    (ゆき) may be ゆうき. ``loose_reading`` of both sides is the same: いと, おしま, ゆき.
    """
    key = key.translate(_SAME_SOUND)
    out: list[str] = []
    for ch in key:
        prev = out[-1] if out else ""
        if (ch == "う" and (prev in _O_ROW or prev in _U_ROW)) or (ch == "お" and prev in _O_ROW):
            continue
        out.append(ch)
    return "".join(out)


@lru_cache(maxsize=65536)
def loose_romaji(value: object) -> str:
    """Romaji with long vowels folded (とうきょう, tokyo, Tōkyō all give ``tokyo``)."""
    text = compact(value).lower().translate(_MACRONS).replace("-", "").replace("'", "")
    if not text:
        return ""
    if not _ROMAJI.match(text):
        text = jaconv.kana2alphabet(jaconv.kata2hira(text).replace("ー", ""))
    return _LONG.sub("", text)


def is_kana(text: str) -> bool:
    return bool(text) and all(
        "\u3040" <= ch <= "\u30ff" or ch in " ー・" for ch in text
    )


def is_romaji(text: str) -> bool:
    return bool(_ROMAJI.match(compact(text).lower().translate(_MACRONS)))
