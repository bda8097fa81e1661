"""The registrant search index (desk.core.search_registry) answers exactly as the entry scan
(desk.core.search) does: same hits, same exact / close grouping and field, same order, same count,
for every kind of query: names, readings, romaji with typos, phones, e-mails, IDs, parts of them."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.core import search_registry
from desk.core.search import Entry, Hit, make_entry, read_query, search_kind
from desk.core.search_registry import RegistrantIndex, build, find, pack, unpack

SURNAMES = ["山田", "山本", "髙橋", "高橋", "中村", "佐藤", "伊藤", "小野", "ヤマダ", "やまだ", "yamada", "Ito", "大野"]
GIVEN = ["花子", "太郎", "はなこ", "ハナコ", "hanako", "一郎", "いちろう", "沙織", "ゆうき", "ゆき", "", "康弘"]
PHONES = ["090-1234-5678", "09012345678", "+81 90 1234 5678", "03(3333)1234", "０８０－３９０７－９１７７", "123",
          "045-111-2222", "", "9177", "81 90 1234 5678"]
EMAILS = ["hanako@example.jp", "Hanako@Example.JP ", "ito_1@ex.ne.jp", "", "  ", "yamada@例え.jp", "a@b"]
IDS = ["R100001", "R-100002", "r100003", "K1003", "R21-077777", "R21 0777", "Ｒ１００００４", "1234", " ", "山田001"]


def name_of(draw_parts: tuple[str, str, bool]) -> str:
    surname, given, spaced = draw_parts
    return f"{surname} {given}" if spaced and given else f"{surname}{given}"


names_st = st.tuples(st.sampled_from(SURNAMES), st.sampled_from(GIVEN), st.booleans()).map(name_of)
row_st = st.tuples(st.one_of(st.sampled_from(IDS), st.text("R0123-山", min_size=1, max_size=6)),
                   st.one_of(names_st, st.just("")), st.one_of(names_st, st.just("")),
                   st.one_of(st.sampled_from(PHONES), st.text("+81 0(9)-５ \t", max_size=14)),
                   st.sampled_from(EMAILS))
QUERIES = ["山田", "やまだ", "ヤマダ ハナコ", "yamada hanako", "yamda hanako", "yamada", "ito", "伊藤", "山", "はな",
           "なかむら", "やまだはなこ", "やまだはなご", "yamadahanak", "09012345678", "090-1234-5678", "1234", "5678",
           "+81 90 1234 5678", "hanako@example.jp", "hanako@", "example", "R100001", "r1000", "R21-0777", "0777",
           "K1003", "山田001", "山田 花子", "花子", "ハナコ", "hanakk", "ichirou", "ichiro", "ゆき", "yuki", "ex.ne",
           "@ex", "3333", "0333331234", "9177", "R-100002", "00", "r", "大野", "oono"]


def entries_and_index(rows: list[tuple[str, str, str, str, str]]) -> tuple[list[Entry], RegistrantIndex]:
    """Entries as desk.services.search reads them, and the index of the same rows."""
    entries = [make_entry("registrant", i + 1, src, name or src, "", registrant_id=i + 1, names=(name, kana),
                          phones=(phone,), emails=(email,))
               for i, (src, name, kana, phone, email) in enumerate(rows)]
    index = build([i + 1 for i in range(len(rows))], [r[0] for r in rows], [r[1] for r in rows],
                  [r[2] for r in rows], [r[3] for r in rows], [r[4] for r in rows])
    return entries, index


def indexed(entries: list[Entry], index: RegistrantIndex, text: str, limit: int) -> tuple[tuple[Hit, ...], int]:
    found = find(index, read_query(text), limit)
    return tuple(Hit(entries[i - 1], e, f, k) for i, (e, f, k) in zip(found.ids, found.hits, strict=True)), found.count


def scanned(entries: list[Entry], text: str, limit: int) -> tuple[tuple[Hit, ...], int]:
    q = read_query(text)
    return search_kind(entries, q, "registrant", limit) if q else ((), 0)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(row_st, min_size=0, max_size=60), limit=st.integers(1, 25),
       extra=st.lists(st.one_of(st.sampled_from(QUERIES), st.text("山田やまだはなこyamdhnkio0123456789R-@. ",
                                                                   min_size=1, max_size=8)), min_size=1, max_size=6))
def test_index_answers_as_the_scan(rows: list[tuple[str, str, str, str, str]], limit: int, extra: list[str]) -> None:
    entries, index = entries_and_index(rows)
    # what the rows hold, whole and in part, is asked too
    asked = [*extra, *(r[1][:3] for r in rows[:3] if r[1]), *(r[3][2:9] for r in rows[:2] if r[3])]
    for text in asked:
        assert indexed(entries, index, text, limit) == scanned(entries, text, limit), text


@pytest.mark.parametrize("scan_over", [0, 1, 200_000])  # substrings by a scan of the blob, or by byte triples
def test_every_fixed_query_over_a_fixed_registry(scan_over: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_registry, "_SCAN_OVER", scan_over)
    monkeypatch.setattr(search_registry, "_VERIFY_OVER", scan_over)
    monkeypatch.setattr(search_registry, "_VERIFY_COST", 0 if scan_over else 400)
    rows = [(src, name_of((s, g, sp)), name_of((s2, g, not sp)), phone, email)
            for src, s, s2, g, sp, phone, email in zip(IDS * 12, SURNAMES * 9, reversed(SURNAMES * 9), GIVEN * 10,
                                                        [True, False, True] * 40, PHONES * 12, EMAILS * 17,
                                                        strict=False)]
    entries, index = entries_and_index(rows)
    for text in QUERIES:
        for limit in (1, 5, 20):
            assert indexed(entries, index, text, limit) == scanned(entries, text, limit), (text, limit)


def test_packed_index_answers_the_same() -> None:
    rows = [("R1", "山田 花子", "ヤマダ ハナコ", "090-1234-5678", "hanako@example.jp"),
            ("R2", "伊藤 一郎", "イトウ イチロウ", "03-3333-1234", ""), ("R3", "", "", "", "x@y.jp")]
    entries, index = entries_and_index(rows)
    back = unpack({k: np.array(v) for k, v in pack(index).items()})
    for text in QUERIES:
        assert indexed(entries, back, text, 20) == scanned(entries, text, 20), text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(old=st.lists(row_st, min_size=0, max_size=40), new=st.lists(row_st, min_size=0, max_size=15),
       changed=st.lists(st.tuples(st.integers(0, 39), row_st), max_size=10), limit=st.integers(1, 25),
       extra=st.lists(st.one_of(st.sampled_from(QUERIES), st.text("山田やまだはなこyamdhnkio0123456789R-@. ",
                                                                   min_size=1, max_size=8)), min_size=1, max_size=5))
def test_a_base_and_the_changes_since_answer_as_the_scan_of_now(
        old: list[tuple[str, str, str, str, str]], new: list[tuple[str, str, str, str, str]],
        changed: list[tuple[int, tuple[str, str, str, str, str]]], limit: int, extra: list[str]) -> None:
    """The registry kept on disk (base) and the registrants changed or added since (delta, built the
    same way): the base's changed rows are dead, the delta holds them as they are now."""
    now = [*old, *new]
    edited = {i: row for i, row in changed if i < len(old)}
    for i, row in edited.items():
        now[i] = row
    _base_entries, base = entries_and_index(old)
    entries, _whole = entries_and_index(now)
    delta_ids = sorted({*(i + 1 for i in edited), *range(len(old) + 1, len(now) + 1)})
    rows = [now[i - 1] for i in delta_ids]
    delta = build(delta_ids, *([r[k] for r in rows] for k in range(5)))
    dead = np.isin(base.row_ids, np.array(delta_ids, dtype=np.int64))
    parts = [search_registry.Part(base, dead), search_registry.Part(delta)]
    for text in [*extra, *(r[1][:3] for r in rows[:3] if r[1])]:
        q = read_query(text)
        found = search_registry.find(parts, q, limit)
        got = (tuple(Hit(entries[i - 1], e, f, k) for i, (e, f, k) in zip(found.ids, found.hits, strict=True)),
               found.count)
        assert got == scanned(entries, text, limit), text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab@.0１やま", max_size=8), min_size=1, max_size=30),
       st.text(alphabet="ab@.0１やま", min_size=1, max_size=5))
def test_a_scan_of_the_text_column_finds_every_row_holding_the_key(texts: list[str], key: str) -> None:
    """The scan a common key takes (one pass over the joined bytes, from the key's rarest byte)
    finds exactly the rows whose text holds it, once each, however often or wherever it occurs."""
    column = search_registry.TextColumn.build(texts)
    expected = [i for i, t in enumerate(texts) if key in t]
    assert column._scan(key.encode("utf-8")).tolist() == expected
    assert column.contains(key).tolist() == expected
