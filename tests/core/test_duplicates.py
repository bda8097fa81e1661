"""Finding one person in several registries: keys, reasons, and precision/recall on planted data."""

from __future__ import annotations

import random

from desk.core.duplicates import (
    PersonRecord,
    email_key,
    find_pairs,
    licence_key,
    name_key,
    phone_key,
    score_pair,
)

FAMILY = [("高橋", "たかはし", "髙橋"), ("山崎", "やまざき", "山﨑"), ("斉藤", "さいとう", "齋藤"), ("渡辺", "わたなべ", "渡邊"),
          ("佐藤", "さとう", None), ("鈴木", "すずき", None), ("田中", "たなか", None), ("伊藤", "いとう", None),
          ("中村", "なかむら", None), ("小林", "こばやし", None), ("加藤", "かとう", None), ("吉田", "よしだ", None),
          ("長谷川", "はせがわ", None), ("松本", "まつもと", None), ("井上", "いのうえ", None), ("木村", "きむら", None),
          ("広田", "ひろた", "廣田"), ("浜田", "はまだ", "濱田"), ("沢井", "さわい", "澤井"), ("徳永", "とくなが", "德永")]
FAMILY += [(k, r, None) for k, r in (
    ("石川", "いしかわ"), ("山口", "やまぐち"), ("森", "もり"), ("池田", "いけだ"), ("橋本", "はしもと"), ("阿部", "あべ"),
    ("山下", "やました"), ("石井", "いしい"), ("中島", "なかじま"), ("前田", "まえだ"), ("藤田", "ふじた"), ("後藤", "ごとう"),
    ("岡田", "おかだ"), ("村上", "むらかみ"), ("近藤", "こんどう"), ("坂本", "さかもと"), ("遠藤", "えんどう"), ("青木", "あおき"),
    ("藤井", "ふじい"), ("西村", "にしむら"), ("福田", "ふくだ"), ("太田", "おおた"), ("三浦", "みうら"), ("岡本", "おかもと"),
    ("松田", "まつだ"), ("中川", "なかがわ"), ("中野", "なかの"), ("原田", "はらだ"), ("小野", "おの"), ("竹内", "たけうち"))]
_HEADS = [("健", "けん"), ("大", "だい"), ("美", "み"), ("直", "なお"), ("和", "かず"), ("真", "ま"), ("智", "とも"),
          ("秀", "ひで"), ("裕", "ゆう"), ("雅", "まさ"), ("恵", "けい"), ("順", "じゅん")]
_TAILS = [("子", "こ"), ("太", "た"), ("一", "いち"), ("也", "や"), ("樹", "き"), ("美", "み"), ("介", "すけ"),
          ("代", "よ"), ("人", "と"), ("江", "え")]
GIVEN = [(h + t, hr + tr) for h, hr in _HEADS for t, tr in _TAILS]
MUNIS = [("13", "131016"), ("13", "131130"), ("14", "141003"), ("14", "141305"), ("27", "271004"), ("01", "011002")]


def _hira_to_kata(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def _phone(rng: random.Random) -> str:
    return f"090-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"


def _reformat(phone: str, rng: random.Random) -> str:
    digits = phone.replace("-", "")
    return rng.choice([digits, "+81 " + digits[1:3] + "-" + digits[3:7] + "-" + digits[7:],
                       "".join(chr(ord(c) + 0xFEE0) for c in phone), phone])


def generated(n: int, seed: int = 7) -> tuple[list[PersonRecord], set[tuple[int, int]], set[tuple[int, int]]]:
    """``n`` people, plus planted duplicates (another registry's record of the same person, typed
    differently) and planted namesakes (same name, different person). Returns records, the true
    duplicate pairs and the namesake pairs (row ids, lo < hi)."""
    rng = random.Random(seed)
    records: list[PersonRecord] = []
    dupes: set[tuple[int, int]] = set()
    namesakes: set[tuple[int, int]] = set()

    def add(rec: PersonRecord) -> PersonRecord:
        rec = rec._replace(row_id=len(records) + 1, person=len(records) + 1)
        records.append(rec)
        return rec

    for i in range(n):
        fam, fam_kana, variant = rng.choice(FAMILY)
        given, given_kana = rng.choice(GIVEN)
        pref, muni = rng.choice(MUNIS)
        base = add(PersonRecord(0, 0, name=f"{fam} {given}", name_kana=_hira_to_kata(fam_kana + " " + given_kana),
                                birth_year=rng.randint(1950, 1995), phone=_phone(rng),
                                email=f"u{i}@example.jp" if rng.random() < 0.6 else "",
                                licence_no=str(100000 + i) if rng.random() < 0.5 else "", pref_code=pref, muni_code=muni))
        roll = rng.random()
        if roll < 0.08:  # the same person in another registry, written differently
            kind = rng.choice(["variant", "width", "phone", "married", "kana"])
            name, kana, phone, licence = base.name, base.name_kana, base.phone, base.licence_no
            email = base.email
            if kind == "variant" and variant:
                name = f"{variant}{given}"
            elif kind == "width":
                name = name.replace(" ", "　")
            elif kind == "married":
                other, other_kana, _ = rng.choice(FAMILY)
                name, kana = f"{other} {given}", _hira_to_kata(other_kana + given_kana)
                licence = licence or str(100000 + i)
                base = base._replace(licence_no=licence)
                records[-1] = base
                phone, email = _phone(rng), ""
            elif kind == "kana":
                kana = fam_kana + given_kana  # hiragana, no space
            if kind != "married":
                phone = _reformat(phone, rng)
                email = email.upper() if rng.random() < 0.5 else ""
                licence = licence if rng.random() < 0.5 else ""
            dup = add(PersonRecord(0, 0, name=name, name_kana=kana, birth_year=base.birth_year, phone=phone,
                                   email=email, licence_no=licence, pref_code=base.pref_code,
                                   muni_code=base.muni_code if rng.random() < 0.7 else None))
            dupes.add((base.row_id, dup.row_id))
        elif roll < 0.16:  # a namesake: same name and reading, another person
            pref2, muni2 = rng.choice([m for m in MUNIS if m[1] != base.muni_code])
            other = add(PersonRecord(0, 0, name=base.name, name_kana=base.name_kana,
                                     birth_year=base.birth_year + rng.choice([-7, -3, 2, 5, 11]) if base.birth_year else None,
                                     phone=_phone(rng), email="", pref_code=rng.choice([pref2, base.pref_code]),
                                     muni_code=muni2))
            namesakes.add((base.row_id, other.row_id))
    return records, dupes, namesakes


def test_phone_email_licence_and_name_keys_fold_what_people_type() -> None:
    assert phone_key("090-1234-5678") == phone_key("09012345678") == phone_key("+81 90-1234-5678") \
        == phone_key("０９０－１２３４－５６７８") == phone_key("+81(0)90 1234 5678") == "09012345678"
    assert phone_key("03-1234") == ""  # too short to say anything
    assert email_key(" Hanako@Example.JP ") == "hanako@example.jp" and email_key("なし") == ""
    assert licence_key("第０１２３４５号") == licence_key("12345") == "12345"
    for a, b in [("髙橋 一郎", "高橋一郎"), ("山﨑", "山崎"), ("齋藤", "斉藤"), ("齊藤", "斎藤"), ("渡邊", "渡辺"),
                 ("渡邉", "渡辺"), ("澤田", "沢田"), ("濱田", "浜田"), ("廣田", "広田"), ("德永", "徳永")]:
        assert name_key(a) == name_key(b), (a, b)


def test_each_pair_says_why_in_words() -> None:
    a = PersonRecord(1, 1, name="髙橋 一郎", name_kana="タカハシ イチロウ", birth_year=1970, phone="090-1111-2222",
                     pref_code="13", muni_code="131016")
    b = PersonRecord(2, 2, name="高橋一郎", name_kana="たかはしいちろう", birth_year=1970, phone="+81 90 1111 2222",
                     pref_code="13", muni_code="131016")
    pair = score_pair(a, b)
    words = [r.words for r in pair.reasons]
    assert "電話番号が一致" in words and "氏名の異体字（髙/高）" in words and "読みと生年が一致" in words
    assert pair.score >= 0.9


def test_same_name_alone_is_never_enough() -> None:
    a = PersonRecord(1, 1, name="佐藤 花子", name_kana="サトウ ハナコ", pref_code="13")
    b = PersonRecord(2, 2, name="佐藤 花子", name_kana="サトウ ハナコ", pref_code="13")
    assert score_pair(a, b).score < 0.6
    assert find_pairs([a, b]) == []
    older = b._replace(birth_year=1960, phone="090-0000-1111", muni_code="131130")
    assert find_pairs([a._replace(birth_year=1975, phone="090-2222-3333", muni_code="131016"), older]) == []


def test_married_name_with_the_same_licence_is_found() -> None:
    a = PersonRecord(1, 1, name="田中 陽子", name_kana="タナカ ヨウコ", birth_year=1980, licence_no="第345678号")
    b = PersonRecord(2, 2, name="松本 陽子", name_kana="マツモト ヨウコ", birth_year=1980, licence_no="345678")
    (pair,) = find_pairs([a, b])
    assert [r.words for r in pair.reasons][:1] == ["免許番号が一致"]


def test_merged_and_dismissed_pairs_are_not_proposed() -> None:
    a = PersonRecord(1, 1, name="高橋 一郎", birth_year=1970, phone="090-1111-2222")
    b = PersonRecord(2, 2, name="髙橋 一郎", birth_year=1970, phone="09011112222")
    assert len(find_pairs([a, b])) == 1
    assert find_pairs([a, b._replace(person=1)]) == []
    assert find_pairs([a, b], dismissed=frozenset({(1, 2)})) == []


def test_precision_and_recall_on_planted_duplicates_and_namesakes(capsys) -> None:  # type: ignore[no-untyped-def]
    records, dupes, namesakes = generated(4000)
    found = {(p.a, p.b) for p in find_pairs(records)}
    true_pos = len(found & dupes)
    precision = true_pos / len(found)
    recall = true_pos / len(dupes)
    namesakes_proposed = len(found & namesakes)
    with capsys.disabled():
        print(f"\nduplicates: {len(records)} records, {len(dupes)} planted duplicates, {len(namesakes)} namesakes; "
              f"proposed {len(found)}: precision {precision:.3f}, recall {recall:.3f}, "
              f"namesakes proposed {namesakes_proposed}")
    assert namesakes_proposed == 0
    assert precision >= 0.95
    assert recall >= 0.9
