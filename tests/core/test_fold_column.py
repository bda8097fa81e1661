"""Names folded a column at a time (desk.core.fold_column) are folded exactly as one at a time
(desk.core.text.kana_key / loose_romaji, the parts as make_entry makes them): kanji, kana of both
kinds, romaji with macrons and apostrophes, small っ anywhere, long marks, full width, variants,
spaces of every kind, Greek final sigma, and the separator itself typed into a name."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desk.core.fold_column import fold_names, kana_keys
from desk.core.text import clean, kana_key, loose_romaji

ALPHABET = ("山田髙﨑花子ヶやまだっッーきゃキャしゅうおオウyamdhnkiotsuāōâ'-ΣσΑ 　\t\u3000ｶﾞＡｂ１2\x1f\x1e~〜ゔヴん")
WORDS = ["山田 花子", "やまだ はなこ", "ヤマダ ハナコ", "yamada hanako", "Jun'ichi", "Tōkyō", "はっとり", "さっ", "っと", "っっか",
         "ハットリ　サッ", "山っ田", "っ", "ほっ\x1e",
         "ホッカイドウ", "ΑΣ", "髙橋 ゆうき", "ｶﾀｶﾅ", "ーー", "", " ", "kanno", "homma", "o u", "ou", "ohh"]


def one_by_one(text: str) -> tuple[str, str, tuple[str, ...]]:
    c = clean(text)
    parts = tuple(k for k in (kana_key(p) for p in c.split(" ")) if k) if " " in c else ()
    return kana_key(text), loose_romaji(text), parts


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(alphabet=ALPHABET, max_size=10)), max_size=25))
def test_a_column_folds_as_each_name_alone(texts: list[str]) -> None:
    assert fold_names(texts) == [one_by_one(t) for t in texts]
    assert kana_keys(texts) == [kana_key(t) for t in texts]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(alphabet=ALPHABET.replace("\x1f", ""), max_size=10)),
                min_size=1, max_size=25))
def test_a_column_without_the_separator_folds_joined_as_each_name_alone(texts: list[str]) -> None:
    assert fold_names(texts) == [one_by_one(t) for t in texts]
