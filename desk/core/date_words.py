"""Words inside dates as people type them: kanji numerals, special days, range marks, frequencies.

``fold_date_words`` rewrites what the date and day parsers cannot read into what they can, and
nothing else: ``令和三年六月十二日`` → ``令和3年6月12日``, ``十二月八日`` → ``12月8日``, ``二十日`` →
``20日``, ``元日`` → ``1月1日``, ``6/12ー6/20`` → ``6/12~6/20`` (the long-vowel mark typed as a dash).
A kanji numeral is only read as a number where it is one: before 月, before 日 after a month (六月
一日) or when it is not a lone digit (十日, 二十日), before 年 after an era or with several digits
(二〇二一年), and after 週/月 in a frequency (週三日). ``一日`` alone (a whole day) stays as it is.

``split_frequency`` takes a stated frequency out of availability text: ``週3日``, ``月2回程度``,
``週に1～2日``, ``1週間に2回`` → ``Frequency("week", 3, 3)`` … and the text that is left to read as
days. The ranking may prefer a registrant who states one; it never excludes anybody for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from desk.core.text import clean

__all__ = ["Frequency", "fold_date_words", "kanji_number", "split_frequency", "stated_frequency"]

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_RUN = "[〇零一二三四五六七八九十百]+"
_ERA = r"(?:令和|平成|昭和|大正|明治|[令平昭RHS])"
_NUMBER_BEFORE = re.compile(rf"(?P<before>{_ERA}|月|週|に)?\s*(?P<run>{_RUN})(?=\s*(?P<unit>年|月|日|回|か月|ヶ月|ケ月))")
_SPECIAL_DAYS = (("元日", "1月1日"), ("元旦", "1月1日"), ("大晦日", "12月31日"))
# The long-vowel mark (and the katakana-hyphen) typed between two dates as a range dash.
_LONG_DASH = re.compile(r"(?<=[\d日)])\s*[ーｰ]\s*(?=\d)")


def kanji_number(run: str) -> int | None:
    """``十二`` → 12, ``二十`` → 20, ``三十一`` → 31, ``二〇二一`` → 2021, ``百二十`` → 120; None otherwise."""
    if not run or any(ch not in _DIGITS and ch not in "十百" for ch in run):
        return None
    if "十" not in run and "百" not in run:
        return int("".join(str(_DIGITS[ch]) for ch in run))
    total, current = 0, 0
    for ch in run:
        if ch in _DIGITS:
            if current:
                return None  # 二三十: not a number
            current = _DIGITS[ch]
        else:
            unit = 10 if ch == "十" else 100
            total += (current or 1) * unit
            current = 0
    return total + current


def _number(m: re.Match[str]) -> str:
    run, unit, before = m["run"], m["unit"], m["before"] or ""
    lone = len(run) == 1 and run != "十"
    if unit == "日" and lone and before not in ("月", "週", "に"):
        return m[0]  # 一日 (a whole day), 三日間: not a day of the month
    if unit == "年" and not before and len(run) < 2:
        return m[0]  # 一年中
    if unit == "回" and not before:
        return m[0]
    value = kanji_number(run)
    if value is None:
        return m[0]
    return f"{before}{value}"


@lru_cache(maxsize=16384)
def fold_date_words(text: str) -> str:
    """Kanji numerals, 元日 and long-vowel range marks rewritten for the date parsers."""
    if not text:
        return text
    for word, value in _SPECIAL_DAYS:
        if word in text:
            text = text.replace(word, value)
    if any(ch in text for ch in "〇零一二三四五六七八九十"):
        text = _NUMBER_BEFORE.sub(_number, text)
    if "ー" in text or "ｰ" in text:
        text = _LONG_DASH.sub("~", text)
    return text


@dataclass(frozen=True)
class Frequency:
    """How often a registrant says they can work: ``per`` is ``week`` or ``month``."""

    per: str
    low: int
    high: int

    @property
    def label(self) -> str:
        """週3日, 月1～2回 (Japanese, as the registrant pane shows it)."""
        unit = "週" if self.per == "week" else "月"
        count = str(self.low) if self.low == self.high else f"{self.low}～{self.high}"
        return f"{unit}{count}{'日' if self.per == 'week' else '回'}"

    @property
    def per_week(self) -> float:
        """The upper count as days a week (a month counted as 4.3 weeks)."""
        return float(self.high) if self.per == "week" else self.high / 4.3


_FREQUENCY = re.compile(
    r"(?<![\d年/])(?:毎|1|一)?\s*(?P<per>週|月)(?:間|に|当たり|あたり|\s)*"
    r"(?P<low>\d{1,2})(?:\s*(?:~|-|から)\s*(?P<high>\d{1,2}))?\s*(?:日|回|コマ|度)"
    r"(?:\s*(?:程度|くらい|ぐらい|位|ほど|前後|まで|以内|以下|可能|可|希望|OK))*",
)


@lru_cache(maxsize=16384)
def split_frequency(text: str) -> tuple[Frequency | None, str]:
    """The frequency stated in availability text and the text without it (``''`` when nothing is left)."""
    folded = fold_date_words(clean(text))
    m = _FREQUENCY.search(folded)
    if m is None:
        return None, text
    low = int(m["low"])
    high = int(m["high"]) if m["high"] else low
    limit = 7 if m["per"] == "週" else 31
    if not 1 <= low <= high <= limit:
        return None, text
    rest = (folded[: m.start()] + " " + folded[m.end():]).strip(" 、,・/")
    return Frequency("week" if m["per"] == "週" else "month", low, high), rest.strip()


def stated_frequency(text: str) -> Frequency | None:
    """The frequency a registrant's availability text states (``週3日``), or None."""
    return split_frequency(text)[0] if text else None
