from __future__ import annotations

import datetime as dt

from desk.core.bulk_records import normalise_registrants
from desk.core.columns import suggest_mapping
from desk.core.demo import REGISTRANT_HEADERS, generate_registrants
from desk.core.records import normalise_registrant


def test_column_at_a_time_equals_row_at_a_time_on_messy_rows() -> None:
    rows = generate_registrants(1500, seed=3, invalid_rate=0.05)
    mapping = suggest_mapping(REGISTRANT_HEADERS, "registrants").mapping
    cells = [{mapping[h]: r.get(h, "") for h in REGISTRANT_HEADERS if h in mapping} for r in rows]
    cols = {fld: [c[fld] for c in cells] for fld in cells[0]}
    day = dt.date(2021, 5, 1)
    bulk = normalise_registrants(cols, len(cells), import_date=day)
    single = [normalise_registrant(c, import_date=day) for c in cells]
    rejected = 0
    for (b_rec, b_err), (s_rec, s_err) in zip(bulk, single, strict=True):
        assert [(e.field, e.value, e.reason) for e in b_err] == [(e.field, e.value, e.reason) for e in s_err]
        if s_rec is None:
            rejected += 1
            assert b_rec is None
            continue
        assert b_rec is not None
        assert b_rec.values == s_rec.values
        assert [(w.field, w.reason) for w in b_rec.warnings] == [(w.field, w.reason) for w in s_rec.warnings]
    assert rejected > 20  # the invalid kinds were really exercised


def test_a_fingerprint_folds_what_spreadsheets_and_encodings_change() -> None:
    from desk.core.records import fingerprint_cell, row_fingerprint

    same = [("6/12\u301c6/27", "6/12\uff5e6/27"), ("１２", "12"), ("看護師  ", "看護師"), ("2021/6/1", "2021-06-01"),
            ("2021/6/1 0:00", "2021-06-01"), ("2021/6/1 9:30", "2021-06-01 09:30"), ("9:00", "09:00"),
            ("ｶﾅ", "カナ"), ("９時－１２時", "9時-12時")]
    for a, b in same:
        assert fingerprint_cell(a) == fingerprint_cell(b), (a, b)
    assert fingerprint_cell("2") != fingerprint_cell("3")
    assert row_fingerprint("p", ["a ", "１"]) == row_fingerprint("p", ["a", "1"])
    assert row_fingerprint("p", ["a", "1"]) != row_fingerprint("p", ["a", "2"])


def test_column_folding_equals_cell_folding_on_messy_rows() -> None:
    from desk.core.records import fingerprint_cell, fold_column, row_fingerprint, row_fingerprints

    rows = generate_registrants(800, seed=5, invalid_rate=0.05)
    cells = [[str(r.get(h, "")) for h in REGISTRANT_HEADERS] for r in rows]
    cells.append(["  a ", "\t2021/6/1", "2021/6/1 ", "x 2021/6/1", "9:00", "19:00:00", "a\u3000\u3000b", "〜", "",
                  " ", "ｶﾅ ", "2021/6/1 0:00", "12:30-13:00", "1:00", "R3.7.16", "葛\U000e0100飾", "0120-00-0000",
                  "2021.6.1"])
    columns = [list(col) for col in zip(*cells, strict=True)]
    for column in columns:
        assert fold_column(column) == [fingerprint_cell(c) for c in column]
    assert row_fingerprints("p", columns) == [row_fingerprint("p", row) for row in cells]
