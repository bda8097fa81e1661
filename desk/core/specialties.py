"""The standard 診療科 (clinical department) names with their readings, for search by reading.

The names are those a clinic may advertise (医療法施行令 第3条の2, 標榜診療科: 内科, 外科 and the
compound names built from them) plus the few words registrants commonly write (総合診療科, 救急科,
感染症内科). ``names_for_reading("ないか")`` gives the names whose reading contains it (内科, 心療内科,
呼吸器内科 …), so ``科:ないか`` finds 内科 and ``科:しょうにか`` finds 小児科. Hiragana, katakana and
romaji (``naika``) all work. Facts, not a dictionary: no licence question, a few kilobytes.
"""

from __future__ import annotations

from functools import lru_cache

from desk.core.text import is_kana, is_romaji, kana_key, loose_reading

__all__ = ["SPECIALTIES", "names_for_reading", "reading_of"]

SPECIALTIES: dict[str, str] = {
    "内科": "ないか", "外科": "げか", "小児科": "しょうにか", "精神科": "せいしんか", "皮膚科": "ひふか",
    "眼科": "がんか", "耳鼻咽喉科": "じびいんこうか", "耳鼻いんこう科": "じびいんこうか", "泌尿器科": "ひにょうきか",
    "産婦人科": "さんふじんか", "産科": "さんか", "婦人科": "ふじんか", "整形外科": "せいけいげか",
    "形成外科": "けいせいげか", "美容外科": "びようげか", "脳神経外科": "のうしんけいげか",
    "呼吸器外科": "こきゅうきげか", "心臓血管外科": "しんぞうけっかんげか", "消化器外科": "しょうかきげか",
    "乳腺外科": "にゅうせんげか", "小児外科": "しょうにげか", "肛門外科": "こうもんげか",
    "気管食道外科": "きかんしょくどうげか", "内視鏡外科": "ないしきょうげか",
    "心療内科": "しんりょうないか", "呼吸器内科": "こきゅうきないか", "循環器内科": "じゅんかんきないか",
    "消化器内科": "しょうかきないか", "腎臓内科": "じんぞうないか", "脳神経内科": "のうしんけいないか",
    "神経内科": "しんけいないか", "糖尿病内科": "とうにょうびょうないか", "内分泌内科": "ないぶんぴつないか",
    "代謝内科": "たいしゃないか", "血液内科": "けつえきないか", "感染症内科": "かんせんしょうないか",
    "アレルギー科": "あれるぎーか", "リウマチ科": "りうまちか", "老年内科": "ろうねんないか",
    "腫瘍内科": "しゅようないか", "総合診療科": "そうごうしんりょうか", "救急科": "きゅうきゅうか",
    "麻酔科": "ますいか", "放射線科": "ほうしゃせんか", "放射線診断科": "ほうしゃせんしんだんか",
    "放射線治療科": "ほうしゃせんちりょうか", "病理診断科": "びょうりしんだんか", "臨床検査科": "りんしょうけんさか",
    "リハビリテーション科": "りはびりてーしょんか", "歯科": "しか", "矯正歯科": "きょうせいしか",
    "小児歯科": "しょうにしか", "歯科口腔外科": "しかこうくうげか", "循環器科": "じゅんかんきか",
    "消化器科": "しょうかきか", "呼吸器科": "こきゅうきか", "胃腸科": "いちょうか", "性病科": "せいびょうか",
    "肛門科": "こうもんか", "気管食道科": "きかんしょくどうか", "神経科": "しんけいか", "児童精神科": "じどうせいしんか",
    "緩和ケア内科": "かんわけあないか", "ペインクリニック内科": "ぺいんくりにっくないか", "透析内科": "とうせきないか",
    "産業医": "さんぎょうい", "健診": "けんしん", "人間ドック": "にんげんどっく",
}


def reading_of(name: str) -> str:
    """The hiragana reading of a standard 診療科 name, '' when it is not in the table."""
    return SPECIALTIES.get(name, "")


@lru_cache(maxsize=4096)
def names_for_reading(text: str) -> tuple[str, ...]:
    """The standard names whose reading contains ``text`` (hiragana, katakana or romaji); () for
    text that is not a reading (kanji is matched as written by the caller)."""
    if not text or not (is_kana(text) or is_romaji(text)):
        return ()
    key = loose_reading(kana_key(text).replace(" ", ""))  # shonika (no long vowel) is しょうにか too
    if len(key) < 2:
        return ()
    return tuple(name for name, reading in SPECIALTIES.items() if key in loose_reading(reading))
