"""The filter's derived data as flat arrays, so the local index cache can keep it between processes.

``desk.core.filters`` builds, on its first use, per-record data from the records (登録ID lookup,
kana name keys with their owner rows, folded specialty and notes, a character → key-rows index):
decoding every record, seconds at 100k and half a minute at a million. :func:`pack` turns that
data into numpy arrays (no pickles: strings as one UTF-8 blob plus code-point offsets, the
character index as CSR) which desk.services.index_cache saves beside the index; :func:`unpack`
gives back the exact shapes filters.py uses. The filters read the arrays lazily from
``index.cache["filter_arrays"]`` on their first keystroke (the rank path never pays for them).
No I/O here: reading and writing the files, with their checks, is the cache's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np

#: Cache key under which a loaded index carries the arrays (filters.py unpacks them when first needed).
CACHE_KEY = "filter_arrays"
_TEXTS = ("ids", "keys", "specialty", "notes", "chars")
#: Every array :func:`pack` returns (the cache checks that a saved set is complete).
NAMES = (*(f"{t}_{part}" for t in _TEXTS for part in ("blob", "offsets")),
         "ids_indptr", "ids_rows", "keys_owner", "chars_indptr", "chars_rows")
_SEP = "\x00"


def pack_texts(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """One UTF-8 blob of the texts joined by NUL and where each text starts (in code points, n + 1)."""
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    if texts:
        np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1, out=offsets[1:])
    blob = np.frombuffer(_SEP.join(texts).encode("utf-8"), dtype=np.uint8).copy()
    return blob, offsets


def unpack_texts(blob: np.ndarray, offsets: np.ndarray) -> list[str]:
    """The texts :func:`pack_texts` packed; ValueError when the two arrays do not agree."""
    n = len(offsets) - 1
    joined = np.asarray(blob, dtype=np.uint8).tobytes().decode("utf-8")
    if n <= 0:
        if joined:
            raise ValueError("text blob without offsets")
        return []
    if len(joined) != int(offsets[-1]) - 1:
        raise ValueError("text blob and offsets differ in length")
    if joined.count(_SEP) == n - 1:  # no NUL inside a text: one C-speed split
        return joined.split(_SEP)
    bounds = np.asarray(offsets).tolist()
    return [joined[a:b - 1] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def pack(texts: Mapping[str, Any], name_keys: tuple[list[str], dict[str, np.ndarray], np.ndarray]) -> dict[str, np.ndarray]:
    """Arrays for filters.py's ``filter_texts`` and ``name_keys`` (see filters._derived / _name_keys)."""
    ids: Mapping[str, list[int]] = texts["source_ids"]
    keys, chars, owner = name_keys
    id_keys = list(ids)
    id_lengths = np.fromiter((len(ids[k]) for k in id_keys), dtype=np.int64, count=len(id_keys))
    char_list = sorted(chars)
    char_lengths = np.fromiter((len(chars[c]) for c in char_list), dtype=np.int64, count=len(char_list))
    out: dict[str, np.ndarray] = {}
    for name, values in (("ids", id_keys), ("keys", keys), ("specialty", texts["specialty_folded"]),
                         ("notes", texts["notes_folded"]), ("chars", char_list)):
        out[f"{name}_blob"], out[f"{name}_offsets"] = pack_texts(values)
    out["ids_indptr"] = _indptr(id_lengths)
    out["ids_rows"] = np.fromiter((r for k in id_keys for r in ids[k]), dtype=np.int64, count=int(id_lengths.sum()))
    out["keys_owner"] = np.asarray(owner, dtype=np.int64)
    out["chars_indptr"] = _indptr(char_lengths)
    # int32: the largest array (each key once per distinct character), half the bytes to check and map
    out["chars_rows"] = (np.concatenate([np.asarray(chars[c], dtype=np.int32) for c in char_list])
                         if char_list else np.zeros(0, dtype=np.int32))
    return out


class IdRows(Mapping[str, list[int]]):
    """登録ID → rows over the packed arrays, read as filters.py's dict of lists (building a million
    small lists up front was most of the unpacking)."""

    def __init__(self, keys: list[str], indptr: np.ndarray, rows: np.ndarray) -> None:
        self._at = dict(zip(keys, range(len(keys)), strict=True))
        self._indptr, self._rows = indptr, rows

    def __getitem__(self, key: str) -> list[int]:
        i = self._at[key]
        return [int(r) for r in self._rows[int(self._indptr[i]):int(self._indptr[i + 1])]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)


def _indptr(lengths: np.ndarray) -> np.ndarray:
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    return indptr


def unpack(arrays: Mapping[str, np.ndarray], n: int) -> tuple[dict[str, Any], tuple[list[str], dict[str, np.ndarray], np.ndarray]]:
    """``(filter_texts, name_keys)`` as filters.py builds them, from :func:`pack`'s arrays for an index
    of ``n`` rows; ValueError when the arrays do not fit together."""
    missing = set(NAMES) - set(arrays)
    if missing:
        raise ValueError(f"filter arrays missing: {sorted(missing)}")
    t = {name: unpack_texts(arrays[f"{name}_blob"], arrays[f"{name}_offsets"]) for name in _TEXTS}
    ids_indptr, chars_indptr = np.asarray(arrays["ids_indptr"]), np.asarray(arrays["chars_indptr"])
    ids_rows, chars_rows = np.asarray(arrays["ids_rows"]), np.asarray(arrays["chars_rows"])
    owner = np.asarray(arrays["keys_owner"], dtype=np.int64)
    if (len(t["specialty"]) != n or len(t["notes"]) != n or len(owner) != len(t["keys"])
            or len(ids_indptr) != len(t["ids"]) + 1 or len(chars_indptr) != len(t["chars"]) + 1
            or int(ids_indptr[-1]) != len(ids_rows) or int(chars_indptr[-1]) != len(chars_rows)
            or (len(ids_rows) and not 0 <= int(ids_rows.min()) <= int(ids_rows.max()) < n)
            or (len(owner) and not 0 <= int(owner.min()) <= int(owner.max()) < n)
            or (len(chars_rows) and not 0 <= int(chars_rows.min()) <= int(chars_rows.max()) < len(owner))):
        raise ValueError("filter arrays do not fit the index")
    ids = IdRows(t["ids"], ids_indptr, ids_rows)
    cb = chars_indptr.tolist()
    chars = {c: chars_rows[a:b] for c, a, b in zip(t["chars"], cb[:-1], cb[1:], strict=True)}
    texts = {"source_ids": ids, "name_list": (t["keys"], owner),
             "specialty_folded": t["specialty"], "notes_folded": t["notes"]}
    return texts, (t["keys"], chars, owner)
