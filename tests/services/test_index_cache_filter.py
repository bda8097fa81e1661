"""The filter's derived data kept in the local index cache (issue 17): a new process filters from the
saved arrays without decoding a record, with the same answers as a fresh build; a damaged filter
file is detected and the whole cache rebuilt, never trusted."""

from __future__ import annotations

import json
from pathlib import Path

import jaconv
import pytest

from desk.core import filter_store
from desk.core.record_store import PackedRecords
from desk.services import index_cache
from desk.services import ranking as svc
from desk.services.demo import load_demo


@pytest.fixture
def registry(db):  # type: ignore[no-untyped-def]
    load_demo(db, registrants=300, postings=4, seed=11)
    return db


def _queries(db) -> list[str]:  # type: ignore[no-untyped-def]
    """Names, kana, romaji, 登録ID, 科:, メモ: and plain words taken from the generated registry."""
    records = list(svc.build_index(db).records)
    out = ["やま", "名前:た", "内科", "科:内科", "科:ないか", "看護師", "横浜", "地域:関東 日:土", "名前:た メモ:夜"]
    for r in records[:: max(1, len(records) // 6)]:
        out += [r.name, r.name_kana, f"名前:{r.name_kana}", r.source_id, r.source_id.lower()]
        if r.name_kana:
            out.append(jaconv.kana2alphabet(jaconv.kata2hira(r.name_kana.replace(" ", "").replace("　", ""))))
        if r.specialty:
            out.append(f"科:{r.specialty}")
        if r.notes:
            word = r.notes.split()[0][:4]
            out += [f"メモ:{word}", word]
    return [q for q in dict.fromkeys(out) if q.strip()]


def _answers(db, queries: list[str]) -> list[list[int]]:  # type: ignore[no-untyped-def]
    return [list(svc.filter_registrant_ids(db, q)) for q in queries]


def _generation() -> Path:
    (folder,) = [p for p in index_cache.cache_root().iterdir() if p.is_dir()]
    return folder / json.loads((folder / index_cache.MANIFEST).read_text())["generation"]


def _no_decoding(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def refuse(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a record was decoded: the filter did not use the saved arrays")

    monkeypatch.setattr(PackedRecords, "__iter__", refuse)
    monkeypatch.setattr(PackedRecords, "__getitem__", refuse)


def test_filters_from_the_cache_equal_a_fresh_build(registry, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db = registry
    queries = _queries(db)
    monkeypatch.setenv("DESK_INDEX_CACHE", "0")
    svc.invalidate()
    fresh = _answers(db, queries)
    assert sum(map(bool, fresh)) > len(queries) // 2  # the queries find people
    monkeypatch.setenv("DESK_INDEX_CACHE", "1")
    svc.invalidate()
    assert _answers(db, queries) == fresh  # built, then written with the filter's arrays
    assert any(p.name.startswith("filter_") for p in _generation().iterdir())
    svc.invalidate()  # a new process: the index and the filter's data from the cache
    index = svc.registry_index(db)
    assert isinstance(index.records, PackedRecords)
    assert filter_store.CACHE_KEY in index.cache and "filter_texts" not in index.cache
    with monkeypatch.context() as m:
        _no_decoding(m)
        assert _answers(db, queries) == fresh


def test_a_damaged_filter_file_is_rebuilt_never_trusted(registry, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db = registry
    queries = _queries(db)[:12]
    svc.invalidate()
    good = _answers(db, queries)
    gen = _generation()
    victim = gen / "filter_keys_blob.npy"
    data = bytearray(victim.read_bytes())
    data[-1] ^= 0x01  # same size, other content: only the checksum can tell
    victim.write_bytes(bytes(data))
    svc.invalidate()
    assert index_cache.load(db, svc._state_key(db)) is None
    assert _answers(db, queries) == good
    assert _generation() != gen  # rewritten
    svc.invalidate()
    index = svc.registry_index(db)
    assert isinstance(index.records, PackedRecords) and filter_store.CACHE_KEY in index.cache
    assert _answers(db, queries) == good


def test_a_placement_keeps_the_filter_arrays(registry, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """After a placement only the placement part is read again: the filter's arrays carry over."""
    from desk.core.record_store import with_placements

    db = registry
    svc.invalidate()
    svc.filter_registrant_ids(db, "名前:た")  # built, then the filter's data added
    svc.invalidate()
    index = svc.registry_index(db)
    again = with_placements(index, [], {}, {})
    assert again.cache[filter_store.CACHE_KEY] is index.cache[filter_store.CACHE_KEY]


def test_a_ranking_without_a_filter_does_not_pay_for_the_filter_data(registry) -> None:  # type: ignore[no-untyped-def]
    """The filter's data is added to the cache by the first filter, not by every rebuild."""
    db = registry
    svc.invalidate()
    svc.registry_index(db)
    assert not any(p.name.startswith("filter_") for p in _generation().iterdir())
    svc.invalidate()
    assert filter_store.CACHE_KEY not in svc.registry_index(db).cache  # loads without it
    gen = _generation()
    assert list(svc.filter_registrant_ids(db, "名前:た"))
    assert _generation() == gen  # added to the same generation
    assert any(p.name.startswith("filter_") for p in gen.iterdir())
    svc.invalidate()
    assert filter_store.CACHE_KEY in svc.registry_index(db).cache
