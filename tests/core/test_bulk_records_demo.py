"""The fast column-wise normaliser and fingerprints against the per-row functions on a registry-sized
file: 20,000 rows (demo registrants, messy generated ones with invalid cells, and cells of every odd
kind), read in chunks that share their memos as an import does."""

from __future__ import annotations

import datetime as dt
import itertools

from desk.core import schedule, schedule_tokens
from desk.core.bulk_records import Memo, normalise_registrant_chunk, normalise_registrant_columns
from desk.core.columns import suggest_mapping
from desk.core.demo import REGISTRANT_HEADERS, iter_registrants
from desk.core.records import normalise_registrant, row_fingerprint, row_fingerprints
from desk.core.text import clean

DAY = dt.date(2021, 5, 1)
MAPPING = suggest_mapping(REGISTRANT_HEADERS, "registrants").mapping
ODD = ["", " ", "\u3000", "  a  b ", "a\tb", "\x1f", "〜", "ｰ", "－", "１２", "ｶﾅ ", "葛\U000e0100飾", "2021/6/1",
       "2021/6/1 0:00", "R3.7.16", "6/12～6/27の土日", "３/５(土)", "6月12日・13日", "平日 18時以降、土日 終日",
       "週3日 土日", "隔週", "要相談", "6/30～6/12", "2021/2/30", "9:00-12:00", "終日", "看護師・保健師", "退会",
       "昭和50年", "東京都新宿区・渋谷区", "関東", "abc", "医師", "12月", "1/5以降", "土日以外"]


def _rows() -> list[dict[str, str]]:
    demo = iter_registrants(14_000, seed=7)
    messy = iter_registrants(5_000, seed=3, invalid_rate=0.08)
    rows = [{MAPPING[h]: r.get(h, "") for h in REGISTRANT_HEADERS if h in MAPPING}
            for pair in itertools.zip_longest(demo, messy) for r in pair if r is not None]
    fields = sorted(rows[0])
    keys = {"source_id", "name", "occupation", "state", "registered_on"}
    for k in range(1_000):  # odd cells in every column (or all but the required ones), in changing combinations
        odd = {f: ODD[(k * 7 + j * (k % 5 + 1)) % len(ODD)] for j, f in enumerate(fields)}
        rows.append(odd if k % 4 == 0 else {**odd, **{f: rows[k][f] for f in keys}})
    return rows


def _problems(errors: list) -> list[tuple[str, str, str, str]]:
    return [(e.field, e.value, e.reason, e.code) for e in errors]


def test_20k_rows_in_chunks_equal_the_row_at_a_time_normaliser_and_fingerprints() -> None:
    rows = _rows()
    assert len(rows) == 20_000
    fields = sorted(rows[0])
    memo: Memo = {}
    folded: list[dict[str, str]] = [{} for _ in fields]
    shared: Memo = {}
    shared_folded: list[dict[str, str]] = [{} for _ in fields]
    rejected = warned = 0
    for start in range(0, len(rows), 6_000):
        chunk = rows[start:start + 6_000]
        columns = {f: [r[f] for r in chunk] for f in fields}
        cols = normalise_registrant_columns(columns, len(chunk), import_date=DAY, memo=memo)
        hashes = row_fingerprints("h\x1d", [columns[f] for f in fields], folded)
        # The import's path: each cell cleaned once for both (its own memos, kept across chunks too).
        shared_cols, shared_hashes = normalise_registrant_chunk(columns, len(chunk), hash_prefix="h\x1d",
                                                                folded=shared_folded, import_date=DAY, memo=shared)
        assert shared_hashes == hashes
        assert shared_cols.values == cols.values and shared_cols.errors == cols.errors
        assert shared_cols.warnings == cols.warnings
        for i, row in enumerate(chunk):
            assert hashes[i] == row_fingerprint("h\x1d", [row[f] for f in fields])
            record, errors = normalise_registrant(row, import_date=DAY)
            if record is None:
                rejected += 1
                assert _problems(cols.errors.get(i, [])) == _problems(errors), row
                continue
            assert i not in cols.errors, row
            assert cols.record(i).values == record.values, row
            assert _problems(cols.warnings.get(i, [])) == _problems(record.warnings), row
            warned += bool(record.warnings)
    assert rejected > 300 and warned > 300  # the invalid and odd kinds were really exercised


def test_availability_depends_on_the_reference_date_whatever_was_read_before() -> None:
    texts = ["6/12", "6月の土日", "6/12～6/27の土日", "1/5以降", "12月", "３/５(土)", "6月12日・13日", "平日", "隔週"]
    refs = [dt.date(2021, 5, 1), dt.date(2021, 7, 1), dt.date(2021, 12, 20), dt.date(2022, 3, 1)]
    hours = ["", "午前", "9:00-12:00", "終日"]

    def read(order: list[tuple[str, str, dt.date]]) -> dict[tuple[str, str, dt.date], object]:
        for fn in (schedule._availability, schedule._day_rules_at, schedule._turns, schedule_tokens.tokens):
            fn.cache_clear()
        out: dict[tuple[str, str, dt.date], object] = {}
        for text, hour, ref in order:
            try:
                out[text, hour, ref] = schedule.parse_availability(text, hour, reference=ref)
            except schedule.DateError as exc:
                out[text, hour, ref] = (str(exc), exc.code)
        return out

    keys = list(itertools.product(texts, hours, refs))
    assert read(keys) == read(keys[::-1]) == read(sorted(keys, key=lambda k: (k[2], k[1])))
    assert read([("6/12", "", refs[0])])["6/12", "", refs[0]][0]["from"] == "2021-06-12"
    assert read([("6/12", "", refs[1])])["6/12", "", refs[1]][0]["from"] == "2022-06-12"


def test_registrants_share_a_reading_only_when_their_reference_dates_read_the_text_alike() -> None:
    texts = ["6/12", "2/29", "3/1～2/28", "8月の平日", "2月末", "12/31", "1/1以降", "6/12～6/27の土日", "6月12日・13日",
             "～6/30", "6/30～6/12", "2021/6/1～6/30", "３/５(土)", "12月～1月", "4/31", "13/1", "2月", "平日", "6/12、7月"]
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=k) for k in range(366 + 365)]  # a leap year and the next

    def reading(found: object) -> object:
        return (str(found), found.code) if isinstance(found, schedule.DateError) else found

    for text in map(clean, texts):
        for day in days:
            # the text read at this very date, against the reading shared with others of its year
            assert reading(schedule._day_rules(text, day)) == reading(schedule._day_rules_at(text, day)), (text, day)


def test_lists_of_dates_read_a_part_at_a_time_give_the_tokens_of_the_whole_text() -> None:
    tricky = ["6/12(土、日)", "元日、1/2", "一日、6/12", "6/12ー6/15、6/20", "令和3年、6/12", "R3、6/12", "R3.6.1、6/2",
              "6/12、", "、6/12", "6/12、、6/13", "6月、7月", "6/12 、 6/13", "6/12、abc", "平成0年6月1日、6/2",
              "2021/6/16、6/17、6月30日", "6/21~8/5の平日、土日", "6/12、6/13(日)", "5月上旬、6月末", "土日、祝日"]
    demo = [r["勤務可能日"] for r in iter_registrants(3_000, seed=5, invalid_rate=0.1)]

    def tokens(read: object, text: str) -> object:
        try:
            return read(text)  # type: ignore[operator]
        except schedule.DateError as exc:
            return str(exc), exc.code

    texts = {clean(t) for t in [*tricky, *demo, *ODD]}
    assert sum("、" in t for t in texts) > 100
    for text in texts:
        assert tokens(schedule_tokens.tokens, text) == tokens(schedule_tokens._read_tokens.__wrapped__, text), text
