"""The fast import path (a column at a time, each distinct value read once, readings kept from one
chunk to the next) gives exactly what the straightforward per-row normaliser gives, on generated and
on messy rows."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.core.bulk_records import Memo, normalise_registrant_columns
from desk.core.columns import suggest_mapping
from desk.core.demo import REGISTRANT_HEADERS, generate_registrants
from desk.core.records import normalise_registrant, row_fingerprint, row_fingerprints
from desk.core.text import clean, clean_column, compact, compact_column

MAPPING = suggest_mapping(REGISTRANT_HEADERS, "registrants").mapping
GENERATED = [{MAPPING[h]: r.get(h, "") for h in REGISTRANT_HEADERS if h in MAPPING}
             for r in generate_registrants(300, seed=11, invalid_rate=0.1)]
FIELDS = sorted(GENERATED[0])
DAY = dt.date(2021, 5, 1)
# What spreadsheets and people put in cells: widths, waves, dashes, spaces, separators, marks.
MESSY = ["", " ", "\u3000", "  a  b ", "a\tb", "a\nb", "\x1f", "x\x1fy", "\x1c", "〜", "～", "ｰ", "‐", "－", "１２",
         "ｶﾅ", "葛\U000e0100飾", "か\u3099", "\u3099", "2021/6/1", "R3.7.16", "6/12～6/27の土日", "9:00-12:00", "終日",
         "看護師・保健師", "有効", "退会", "休止", "あり", "なし", "昭和50年", "東京都", "新宿区", "東京都新宿区・渋谷区",
         "全国", "関東", "平日 18時以降、土日 終日", "週3日", "要相談", "2021/2/30", "abc", "医師"]
cell = st.one_of(st.sampled_from(MESSY), st.text(max_size=12),
                 st.builds(lambda a, b: a + b, st.sampled_from(MESSY), st.sampled_from(MESSY)))
messy_row = st.fixed_dictionaries({f: cell for f in FIELDS})
generated_row = st.sampled_from(GENERATED)
rows_strategy = st.lists(st.one_of(generated_row, messy_row), min_size=1, max_size=40)
SHARED: Memo = {}  # kept across examples, as across the chunks of one file


def _per_row(rows: list[dict[str, str]]) -> list[tuple[object, object, object]]:
    out = []
    for r in rows:
        rec, errors = normalise_registrant(r, import_date=DAY)
        out.append((None if rec is None else rec.values, [(e.field, e.value, e.reason, e.code) for e in errors],
                    [] if rec is None else [(w.field, w.value, w.reason, w.code) for w in rec.warnings]))
    return out


def _columnar(rows: list[dict[str, str]], memo: Memo) -> list[tuple[object, object, object]]:
    cols = normalise_registrant_columns({f: [r[f] for r in rows] for f in FIELDS}, len(rows), import_date=DAY,
                                        memo=memo)
    out = []
    for i in range(len(rows)):
        if i in cols.errors:
            out.append((None, [(e.field, e.value, e.reason, e.code) for e in cols.errors[i]], []))
        else:
            out.append((cols.record(i).values, [],
                        [(w.field, w.value, w.reason, w.code) for w in cols.warnings.get(i, [])]))
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows_strategy)
def test_columns_equal_rows_on_generated_and_messy_rows(rows: list[dict[str, str]]) -> None:
    expected = _per_row(rows)
    assert _columnar(rows, {}) == expected
    assert _columnar(rows, SHARED) == expected  # readings remembered from earlier chunks change nothing


@settings(max_examples=200, deadline=None)
@given(st.lists(cell, min_size=0, max_size=30))
def test_column_cleaning_and_fingerprints_equal_the_cell_functions(values: list[str]) -> None:
    assert clean_column(values) == [clean(v) for v in values]
    assert compact_column(values) == [compact(v) for v in values]
    repeated = values + values[: len(values) // 2] * 3  # repeats take the fold-each-distinct-once path
    assert row_fingerprints("p", [repeated]) == [row_fingerprint("p", [v]) for v in repeated]
