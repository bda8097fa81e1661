"""The compact first-row index an import reports repeated ids with: the same answers as a dict of
every id to its first row, ids that share a hash included."""

from __future__ import annotations

import random

import numpy as np
import pytest

from desk.services import import_ids
from desk.services.import_ids import FirstRows


def fill_and_check(chunks: int = 40, size: int = 300, seed: int = 1) -> FirstRows:
    rnd = random.Random(seed)
    first, ref = FirstRows(), {}
    for c in range(chunks):
        # Short and long ids, Japanese ones, one with a NUL and one empty: a shared text cannot hide them.
        ids = [rnd.choice(["R", "登録", "r-", "", "x\x00"]) + str(rnd.randrange(8000)) * rnd.choice([1, 1, 5])
               for _ in range(size)]
        assert first.found(ids) == [ref.get(i) for i in ids]
        here: dict[str, int] = {}
        for k, sid in enumerate(ids):
            if sid not in ref:
                here.setdefault(sid, 2 + c * size + k)
        first.add_chunk(list(here), list(here.values()))
        ref.update(here)
    assert len(first) == len(ref)
    return first


def test_first_rows_answer_as_a_dict_does() -> None:
    fill_and_check()
    assert FirstRows().found(["R1"]) == [None]


def test_ids_that_share_a_hash_are_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    # Eight hashes for every id: each lookup meets many ids with its hash, and must compare the texts.
    monkeypatch.setattr(import_ids, "_hashes",
                        lambda ids: np.fromiter((hash(i) % 8 for i in ids), np.int64, len(ids)))
    fill_and_check(chunks=15, size=200, seed=2)

