"""The import cleans each cell once for both the stored column and the row fingerprint
(``normalise_registrant_chunk``). A fingerprint that changed would make every registrant already
stored look "updated" on the next import of the same file, so: the shared path gives exactly the
per-row normaliser's values and problems and ``row_fingerprint``'s digests, on generated and messy
rows (spaces of every kind, dates and times, separators), chunk after chunk with the memos kept;
and digests pinned from before the sharing stay as they were."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.core.bulk_records import Memo, normalise_registrant_chunk
from desk.core.columns import suggest_mapping
from desk.core.demo import REGISTRANT_HEADERS, generate_registrants
from desk.core.records import (
    clean_fold_column,
    fingerprint_cell,
    fold_of_clean,
    normalise_registrant,
    row_fingerprint,
)
from desk.core.text import clean

MAPPING = suggest_mapping(REGISTRANT_HEADERS, "registrants").mapping
GENERATED = [{MAPPING[h]: r.get(h, "") for h in REGISTRANT_HEADERS if h in MAPPING}
             for r in generate_registrants(300, seed=5, invalid_rate=0.1)]
FIELDS = sorted(GENERATED[0])
PREFIX = "\x1d".join(FIELDS) + "\x1d"
DAY = dt.date(2021, 5, 1)
# Cells where ``clean`` and the fingerprint's folding part ways or meet again: ASCII spaces of the
# kinds only one of them joins, at the edges and inside; dates and times in every width; marks.
ODD = ["", " ", "\u3000", " a\x0cb  ", "a\x0bb", "x\x1ey  z", "\x1d 12:30", "\x1c", "a\x1fb", "a  \x1f b", "\t9:00 ",
       "2021/6/1", " 2021/06/01 ", "2021-6-1 9:00", "2021.6.1 00:00", "２０２１／６／１", "9:00", "12:30:00",
       "0９:00", "１０時－１６時", "9:00～13:00", "2021/2/30", "R3.5.25", "Ｒ３．５．２５", "080-1698-5580",
       "0466-12-3456", "2021/6/1 9:00x", "12:345", "１２:３０:００",
       "葛\U000e0100飾〜", "ｶﾅ ｶﾞ", "ｵﾉ\u3000ｹﾝｼﾞ", "か\u3099", "a\tb\nc", "a\u2028b", "\x85x", "看護師", "有効", "東京都", "新宿区",
       "平日 18時以降、土日 終日", "6/12～6/27の土日", "週3日", "1989", "昭和50年", "saori40@example.jp"]
cell = st.one_of(st.sampled_from(ODD), st.text(max_size=10),
                 st.builds(lambda a, b: a + b, st.sampled_from(ODD), st.sampled_from(ODD)))
rows_strategy = st.lists(st.one_of(st.sampled_from(GENERATED), st.fixed_dictionaries({f: cell for f in FIELDS})),
                         min_size=1, max_size=60)
SHARED: tuple[Memo, list[dict[str, str]]] = ({}, [{} for _ in FIELDS])  # kept across examples, as across chunks


def _problems(errors: list) -> list[tuple[str, str, str, str]]:
    return [(e.field, e.value, e.reason, e.code) for e in errors]


def _check(rows: list[dict[str, str]], memo: Memo, folded: list[dict[str, str]]) -> None:
    columns = {f: [r[f] for r in rows] for f in FIELDS}
    cols, hashes = normalise_registrant_chunk(columns, len(rows), hash_prefix=PREFIX, folded=folded,
                                              import_date=DAY, memo=memo)
    for i, row in enumerate(rows):
        assert hashes[i] == row_fingerprint(PREFIX, [row[f] for f in FIELDS]), row
        record, errors = normalise_registrant(row, import_date=DAY)
        if record is None:
            assert _problems(cols.errors.get(i, [])) == _problems(errors), row
            continue
        assert i not in cols.errors, row
        assert cols.record(i).values == record.values, row
        assert _problems(cols.warnings.get(i, [])) == _problems(record.warnings), row


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows_strategy)
def test_shared_cleaning_equals_the_row_normaliser_and_the_row_fingerprint(rows: list[dict[str, str]]) -> None:
    _check(rows, {}, [{} for _ in FIELDS])
    _check(rows, *SHARED)  # readings and folds remembered from earlier chunks change nothing
    _check(rows + rows[: len(rows) // 2] * 3, *SHARED)  # repeated values take the each-distinct-once paths


@settings(max_examples=300, deadline=None)
@given(st.lists(cell, min_size=0, max_size=30))
def test_a_fold_from_the_cleaned_text_is_the_fingerprint_cell(values: list[str]) -> None:
    assert [fold_of_clean(v, clean(v)) for v in values] == [fingerprint_cell(v) for v in values]
    assert clean_fold_column(values) == ([clean(v) for v in values], [fingerprint_cell(v) for v in values])


def test_fingerprints_stay_those_stored_before_the_sharing() -> None:
    """Digests of ``row_fingerprint`` as it was before the cells were cleaned once (commit e342783):
    stored registrants keep matching their rows."""
    rows = [
        ["R21-000001", "小野沙織", "オノ\u3000サオリ", "2021/7/17", "9:00", "080-1698-5580"],
        ["Ｒ２１－０００００２", "渡辺\u3000和也", "ﾜﾀﾅﾍﾞ ｶｽﾞﾔ", "R3.5.25", "１０時－１６時", "saori40@example.jp"],
        [" a\x0cb  ", "x\x1ey  z", "\x1d 12:30", "2021-6-1 9:00", " 2021/06/01 ", "葛\U000e0100飾〜"],
        ["2021.6.1 00:00", "12:30:00", "0９:00", "a\tb\nc", "\x0b9:00", "6/12～6/27の土日"],
    ]
    fields = ["availability", "email", "hours", "name", "phone", "source_id"]
    pinned = ["fcc1aef1cc23f5fd23a33fbcaa7d691bc4126e76", "f1dbb16f96432efd44987783fb01fe7fea5661ad",
              "ebf27ab8dd0626b8dfe9ca9c717dccf9601f615d", "269a7a0894d4795631b40ada0f3308f9b8dbfe8c"]
    prefix = "a\x1db\x1dc\x1dd\x1de\x1df\x1d"
    assert [row_fingerprint(prefix, r) for r in rows] == pinned
    # The same cells through the import's shared path (each row twice: the memos' path too).
    columns = {f: [r[j] for r in rows + rows] for j, f in enumerate(fields)}
    _cols, hashes = normalise_registrant_chunk(columns, 8, hash_prefix=prefix, folded=[{} for _ in fields],
                                               import_date=DAY, memo={})
    assert hashes == pinned + pinned


def test_cleaning_with_the_ideographic_space_replaced_first_reads_as_before() -> None:
    """``clean`` as it was before NFKC learned to skip columns (values pinned from commit e342783):
    U+3000 next to half-width kana, combining and spacing voiced marks, variation selectors."""
    pinned = {"ｵﾉ\u3000ｹﾝｼﾞ": "オノ ケンジ", "渡辺\u3000\u3000和也 ": "渡辺 和也", "か\u3099\u3000ﾊﾟ": "が パ",
              "\u3000\u309b": "\u3099", "葛\U000e0100飾\u3000〜１０時－１６時": "葛飾 ~10時-16時",
              "e\u0301\u3000Å": "é Å", "\u3000\u3099": "\u3099"}
    assert {v: clean.__wrapped__(v) for v in pinned} == pinned
    assert dict(zip(pinned, clean_fold_column(list(pinned))[0], strict=True)) == pinned
