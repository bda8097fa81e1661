"""The search index built a chunk of rows at a time (desk.core.search_build) is the index built from
every row at once, array for array, and answers as the entry scan does; its numpy steps (the text
order, the byte-triple postings, the keys' character postings) give what the plain Python they
replaced gives, across slice and chunk boundaries."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.core import search_build
from desk.core.filter_store import Postings
from desk.core.search import Hit, make_entry, read_query, search_kind
from desk.core.search_build import IndexBuilder, byte_order, key_postings, trigrams
from desk.core.search_registry import TextColumn, find, pack
from tests.core.test_search_registry import QUERIES, row_st

texts_st = st.lists(st.text(alphabet="ab\x00\x01\xffやま田@.0１-", max_size=20), max_size=40)


def joined(texts: list[str]) -> tuple[bytes, np.ndarray]:
    blob = "\x00".join(texts).encode("utf-8")
    lengths = [len(t.encode("utf-8")) + 1 for t in texts]
    return blob, np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)


@settings(max_examples=300, deadline=None)
@given(texts_st)
def test_the_byte_order_is_pythons_order_of_the_texts(texts: list[str]) -> None:
    """Prefixes, NULs inside a text, equal texts (row order), texts longer than one 7-byte word."""
    texts = texts + [t + "aaaaaaaaaaaaaaaa" for t in texts[:3]] + texts[:2]
    assert byte_order(*joined(texts)).tolist() == sorted(range(len(texts)), key=texts.__getitem__)


@settings(max_examples=200, deadline=None)
@given(texts_st, st.sampled_from([1, 3, 8, 1 << 20]))
def test_the_triples_are_every_run_of_three_bytes_inside_a_text(texts: list[str], slice_bytes: int) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(search_build, "_SLICE_BYTES", slice_bytes)  # slices of one row, or a few
        got = trigrams(*joined(texts))
    expected: dict[int, set[int]] = {}
    for row, text in enumerate(texts):
        raw = text.encode("utf-8")
        for i in range(len(raw) - 2):
            if 0 not in raw[i:i + 3]:
                expected.setdefault(int.from_bytes(raw[i:i + 3], "big"), set()).add(row)
    assert got.codes.tolist() == sorted(expected)
    assert got.ids.dtype == np.int32 and got.codes.dtype == np.int64 and got.indptr.dtype == np.int64
    for code in expected:
        assert got.of(code).tolist() == sorted(expected[code])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="やまだyamdaあ𠮷", max_size=6), max_size=30))
def test_the_keys_character_postings_are_postings_build(keys: list[str]) -> None:
    chars, pairs = key_postings(keys)
    want_chars = Postings.build((i, {ord(c) for c in k}) for i, k in enumerate(keys))
    want_pairs = Postings.build((i, {(ord(a) << 21) | ord(b) for a, b in zip(k, k[1:], strict=False)})
                                for i, k in enumerate(keys))
    for got, want in ((chars, want_chars), (pairs, want_pairs)):
        for a, b in zip((got.codes, got.indptr, got.ids), (want.codes, want.indptr, want.ids), strict=True):
            assert a.dtype == b.dtype and a.tolist() == b.tolist()


def built(rows: list[tuple[str, str, str, str, str]], chunk: int) -> dict[str, np.ndarray]:
    builder = IndexBuilder()
    for lo in range(0, len(rows), chunk):
        part = rows[lo:lo + chunk]
        builder.add([lo + i + 1 for i in range(len(part))], *([r[k] for r in part] for k in range(5)))
    return pack(builder.finish())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(row_st, min_size=0, max_size=40), chunk=st.integers(1, 9), memo=st.sampled_from([1, 4, 1 << 17]),
       extra=st.lists(st.sampled_from(QUERIES), min_size=1, max_size=4))
def test_chunks_build_the_same_index_as_one_and_it_answers_as_the_scan(
        rows: list[tuple[str, str, str, str, str]], chunk: int, memo: int, extra: list[str]) -> None:
    """Chunk boundaries anywhere (one row each, a few), the fold memory emptied as it fills: every
    array equal, dtype for dtype, to the one-chunk build; and the chunked index answers as the scan."""
    whole = built(rows, max(len(rows), 1))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(search_build, "_MEMO_MAX", memo)
        mp.setattr(search_build, "_SLICE_BYTES", 16)
        chunked = built(rows, chunk)
    assert whole.keys() == chunked.keys()
    for name in whole:
        assert whole[name].dtype == chunked[name].dtype and np.array_equal(whole[name], chunked[name]), name
    entries = [make_entry("registrant", i + 1, src, name or src, "", registrant_id=i + 1, names=(name, kana),
                          phones=(phone,), emails=(email,)) for i, (src, name, kana, phone, email) in enumerate(rows)]
    index = search_build.build(list(range(1, len(rows) + 1)), *([r[k] for r in rows] for k in range(5)))
    for text in extra:
        q = read_query(text)
        found = find(index, q, 10)
        hits = tuple(Hit(entries[i - 1], e, f, k) for i, (e, f, k) in zip(found.ids, found.hits, strict=True))
        assert (hits, found.count) == search_kind(entries, q, "registrant", 10), text


def test_none_reads_as_empty_and_a_column_of_texts_builds_alone() -> None:
    builder = IndexBuilder()
    builder.add([1, 2], ["R1", None], [None, "山田 花子"], [None, None], [None, "090-1234-5678"], [None, " A@B.jp "])
    ix = builder.finish()
    assert [ix.ids.text(r) for r in range(2)] == ["r1", ""]
    assert [ix.emails.text(r) for r in range(2)] == ["", "a@b.jp"]
    assert [ix.phones.text(r) for r in range(2)] == ["", "09012345678"]
    column = TextColumn.build(["b", "a", "", "ab"])
    assert column.order.tolist() == [2, 1, 3, 0] and column.contains("ab").tolist() == [3]
