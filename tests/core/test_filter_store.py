"""desk.core.filter_store: the filter's derived data packed into arrays and back, unchanged."""

from __future__ import annotations

import numpy as np
import pytest

from desk.core import filter_store
from desk.core.filters import _derived, _name_keys, filter_arrays, filter_registrants
from desk.core.registry_index import RegistryIndex
from tests.core.test_filters import _registry


@pytest.mark.parametrize("texts", [[], [""], ["", ""], ["山田", "", "a\x00b", "𠮷野"], ["x"] * 5])
def test_texts_round_trip_even_with_a_nul_inside(texts: list[str]) -> None:
    assert filter_store.unpack_texts(*filter_store.pack_texts(texts)) == texts


def test_offsets_that_do_not_fit_are_refused() -> None:
    blob, offsets = filter_store.pack_texts(["山田", "花子"])
    with pytest.raises(ValueError):
        filter_store.unpack_texts(blob, offsets[:-1])


def _fresh() -> RegistryIndex:
    return _registry()[1]


def test_unpacked_data_equals_the_built_data_and_filters_alike() -> None:
    built = _fresh()
    arrays = filter_arrays(built)
    got, want = filter_store.unpack(arrays, built.n), _derived(built)
    assert dict(got["source_ids"]) == dict(want["source_ids"])
    for name in ("specialty", "notes"):
        assert got[name].values == want[name].values
        assert got[name].indptr.tolist() == want[name].indptr.tolist() and got[name].rows.tolist() == want[name].rows.tolist()
    names, want_names = got["names"], _name_keys(built)
    assert names.keys == want_names.keys
    assert [names.rows_of(np.array([k])).tolist() for k in range(len(names.keys))] == [
        want_names.rows_of(np.array([k])).tolist() for k in range(len(want_names.keys))]
    for text in ("や", "山", "やま", "まだ", "はな", "ん"):
        assert names.grams.get(text).tolist() == want_names.grams.get(text).tolist()
        assert names.chars.get(text[0]).tolist() == want_names.chars.get(text[0]).tolist()
    loaded = _fresh()
    loaded.cache[filter_store.CACHE_KEY] = arrays
    for q in ("山田", "やまだ", "yamada", "科:内科", "メモ:夜", "内科", "名前:はなこ"):
        assert list(filter_registrants(loaded, q)) == list(filter_registrants(built, q)), q


def test_arrays_that_do_not_fit_the_index_are_ignored_and_rebuilt() -> None:
    built = _fresh()
    arrays = dict(filter_arrays(built))
    arrays["keys_rows"] = arrays["keys_rows"] + built.n  # rows past the end
    loaded = _fresh()
    loaded.cache[filter_store.CACHE_KEY] = arrays
    assert list(filter_registrants(loaded, "やまだ")) == list(filter_registrants(built, "やまだ"))
    assert filter_store.CACHE_KEY not in loaded.cache


def test_ids_out_of_order_are_refused_not_misread() -> None:
    """登録IDs are looked up by binary search: a saved list out of order would miss people."""
    built = _fresh()
    arrays = dict(filter_arrays(built))
    ids = filter_store.unpack_texts(arrays["ids_blob"], arrays["ids_offsets"])
    arrays["ids_blob"], arrays["ids_offsets"] = filter_store.pack_texts(ids[::-1])
    with pytest.raises(ValueError):
        filter_store.unpack(arrays, built.n)
    got = filter_store.unpack(filter_arrays(built), built.n)["source_ids"]
    assert "taro" in got and "nobody" not in got and got["taro"] == [2] and got.get("nobody") is None
