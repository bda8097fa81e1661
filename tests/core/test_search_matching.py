"""Global search matching (desk.core.search): what a coordinator types finds the record, exact first."""

from __future__ import annotations

from desk.core.search import make_entry, phone_digits, read_query, search

ENTRIES = [
    make_entry("registrant", 1, "R100001", "山田 花子", names=("山田 花子", "やまだ はなこ"),
               phones=("090-1234-5678",), emails=("hanako@example.jp",)),
    make_entry("registrant", 2, "R100002", "山田 太郎", names=("山田 太郎", "やまだ たろう"), phones=("03(3333)1234",)),
    make_entry("registrant", 3, "R100003", "山田花 美咲", names=("山田花 美咲", "やまだはな みさき")),
    make_entry("registrant", 4, "R100004", "髙橋 健一", names=("髙橋 健一", "たかはし けんいち")),
    make_entry("posting", 10, "K1003", "港北公会堂", "神奈川県横浜市港北区", places=("港北公会堂", "横浜市港北区"),
               phones=("045-111-2222",), pref_code="14", muni_code="141097"),
    make_entry("placement", 20, "K1003", "山田 花子 — K1003", "港北公会堂", posting_id=10, registrant_id=1,
               ids=("R100001",), names=("山田 花子", "やまだ はなこ")),
]


def kinds(text: str, **kw: object) -> dict[str, list[tuple[int, bool]]]:
    r = search(ENTRIES, text, **kw)  # type: ignore[arg-type]
    return {k: [(h.entry.id, h.exact) for h in hits] for k, hits in r.groups}


def test_what_was_typed_is_told_apart() -> None:
    assert read_query("０９０－１２３４－５６７８").kind == "phone"
    assert read_query("+81 90 1234 5678").key == "09012345678"
    assert read_query("Hanako@Example.jp").kind == "email"
    assert read_query("R100001").kind == "id" and read_query("k1003").key == "k1003"
    assert read_query("やまだ").kind == read_query("yamada hanako").kind == "text"
    assert phone_digits("(03) 3333-1234") == "0333331234"


def test_phone_in_any_format_finds_the_registrant_exactly() -> None:
    for typed in ("090-1234-5678", "09012345678", "０９０１２３４５６７８", "+81 90-1234-5678", "090 1234 5678"):
        assert kinds(typed)["registrant"] == [(1, True)], typed
    assert kinds("045-111-2222") == {"posting": [(10, True)]}


def test_name_reading_and_romaji_find_the_same_person_exact_first() -> None:
    for typed in ("山田花子", "山田 花子", "やまだはなこ", "ヤマダ ハナコ", "yamada hanako"):
        got = kinds(typed)
        assert got["registrant"][0] == (1, True), typed
        assert got["placement"] == [(20, True)], typed
    # a part of a name: close hits, the name that starts with it before the one that holds it
    got = kinds("山田花")["registrant"]
    assert got[0] == (3, True) and got[1:] == [(1, False)]
    assert {i for i, _e in kinds("やまだ")["registrant"]} == {1, 2, 3}


def test_exact_match_comes_before_close_ones() -> None:
    got = kinds("やまだはな")["registrant"]
    assert got[0] == (3, True)  # the whole surname reading of 山田花 美咲
    assert (1, False) in got  # やまだはなこ only starts with it
    assert kinds("yamada hanako")["registrant"] == [(1, True)]


def test_variant_kanji_and_typos() -> None:
    assert kinds("高橋健一")["registrant"] == [(4, True)]
    assert kinds("yamda hanako")["registrant"][0][0] == 1  # one letter missing
    assert kinds("たかはしけんいt") ["registrant"][0][0] == 4


def test_ids_email_and_places() -> None:
    assert kinds("R100002") == {"registrant": [(2, True)]}
    assert kinds("k1003") == {"posting": [(10, True)], "placement": [(20, True)]}
    assert kinds("hanako@example.jp") == {"registrant": [(1, True)]}
    assert kinds("hanako@") == {"registrant": [(1, False)]}
    assert kinds("よこはま", regions=(frozenset(), frozenset({"14109"}))) == {"posting": [(10, False)]}
    assert kinds("港北")["posting"] == [(10, False)]
    assert kinds("存在しない名前") == {}
