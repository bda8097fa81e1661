"""The tokens of day text people type (``2021/6/16、6/23``, ``6月中の土日``, ``毎週水曜以外``): the
lexer desk.core.schedule reads availability and posting dates from, cached per text whatever the
reference date (plain values: the caches hold no match objects)."""

from __future__ import annotations

import re
from functools import lru_cache

from desk.core.date_words import fold_date_words
from desk.core.dates import ANNOTATION, replace_eras

_PARTS = r"上旬|初旬|中旬|下旬|月末|末|初め|頭|中|いっぱい|一杯|全体|全部"
_TOKEN = re.compile(
    r"(?P<ymd>(?P<y1>\d{4})\s*[年/.\-]\s*(?P<m1>\d{1,2})\s*[月/.\-]\s*(?P<d1>\d{1,2})\s*日?)"
    rf"|(?P<ym>(?P<y2>\d{{4}})\s*(?:年|/)\s*(?P<m2>\d{{1,2}})(?:\s*月)?(?![/.]\s*\d|\d)\s*(?P<p2>{_PARTS})?)"
    r"|(?P<md>(?P<m3>\d{1,2})\s*(?:/|月)\s*(?P<d3>\d{1,2})(?:\s*日)?(?!\d))"
    rf"|(?P<mon>(?P<m4>\d{{1,2}})\s*(?:月|ヶ月)(?!\s*\d)\s*(?P<p4>{_PARTS})?)"
    r"|(?P<day>(?P<d5>\d{1,2})\s*日)"
    r"|(?P<num>(?P<d6>\d{1,2})(?![\d:時]))"
    rf"|(?P<note>{ANNOTATION})"
    r"|(?P<range>~|-|から|より)"
    r"|(?P<since>以降|以後)"
    r"|(?P<until>まで|迄)"
    r"|(?P<weekdays>平日)"
    r"|(?P<weekend>週末)"
    r"|(?P<dayoff>休日|休み)"
    r"|(?P<holiday>祝祭日|祝日|祭日|祝)"
    r"|(?P<noise0>日程|日時|日付)"
    r"|(?P<all>毎日|いつでも|何時でも|随時|全日|常時|曜日問わず|問わず|不問|全て|すべて|オール)"
    r"|(?P<wd>[月火水木金土日])(?:曜日|曜)?"
    r"|(?P<exc>を除く|は除く|除く|除き|以外|不可|NG|無理)"
    r"|(?P<unknown>要相談|応相談|要調整|相談|未定|調整中|調整|不明|未記入|なし|無し)"
    r"|(?P<unsupported>隔週|第\s*\d|奇数|偶数|月\s*\d\s*回)"
    r"|(?P<brk>[、,;()\[\]「」【】])"
    r"|(?P<sep>[・/&+])"
    r"|(?P<noise>のみ|だけ|中|毎週|毎|各|期間|間|は|が|で|の|OK|可能|可|希望|勤務|日程|および|及び|と|又は|または|もしくは|or|and|曜日|曜|頃|ごろ|等|など|に|も|を)",
    re.I,
)


#: A token of day text: (kind, its text, year, month, day, part of the month or weekday).
Token = tuple[str, str, int, int, int, "str | None"]


def _token(m: re.Match[str]) -> Token:
    kind = m.lastgroup or ""
    g = m.group
    if kind == "ymd":
        return kind, g(0), int(g("y1")), int(g("m1")), int(g("d1")), None
    if kind == "ym":
        return kind, g(0), int(g("y2")), int(g("m2")), 0, g("p2")
    if kind == "md":
        return kind, g(0), 0, int(g("m3")), int(g("d3")), None
    if kind == "mon":
        return kind, g(0), 0, int(g("m4")), 0, g("p4")
    if kind in ("day", "num"):
        return kind, g(0), 0, 0, int(g("d5") or g("d6")), None
    return kind, g(0), 0, 0, 0, g("wd")


BRK: Token = ("brk", "、", 0, 0, 0, None)
# Characters whose reading may reach across a 、 (a weekday note in brackets, kanji numerals and
# the words fold_date_words rewrites with what stands before them, a long-vowel range dash).
_ACROSS = frozenset("(〇零一二三四五六七八九十元晦ーｰ")


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[Token, ...]:
    """The day text's tokens, read once per text whatever the reference date (plain values: the
    cache holds no match objects); an unreadable rest ends the tuple with kind "" and the message.

    Lists of dates (2021/6/16、6/23、7月7日) are read a part at a time: the parts come back in many
    lists, and no token reaches across a 、 unless one of ``_ACROSS`` is there.
    """
    if "、" in text and _ACROSS.isdisjoint(text):
        parts = [_read_tokens(part) for part in text.split("、")]
        if all(not part or part[-1][0] for part in parts):  # else the message must quote the whole
            out = list(parts[0])
            for part in parts[1:]:
                out.append(BRK)
                out.extend(part)
            return tuple(out)
    return _read_tokens(text)


@lru_cache(maxsize=16384)
def _read_tokens(text: str) -> tuple[Token, ...]:
    s = replace_eras(fold_date_words(text))
    out: list[Token] = []
    i, n = 0, len(s)
    while i < n:
        if s[i] == " ":
            i += 1
            continue
        m = _TOKEN.match(s, i)
        if m is None:
            out.append(("", f"'{text}': cannot read '{s[i:i + 12]}'", 0, 0, 0, None))
            break
        i = m.end()
        out.append(_token(m))
    return tuple(out)
