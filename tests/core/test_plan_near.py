"""Ranking a posting on the registrants near it gives the head of the full ranking: the same rows,
in the same order, with the same scores, whatever the weights (when the near pool cannot prove
it, the whole pool is ranked)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.core import plan_near
from desk.core.plan_near import near_rows, rank_near
from desk.core.plan_rank import rank_many
from desk.core.ranking import R_BLOCK, R_NEIGHBOR, R_PREF, rank
from desk.core.registry_index import RegistryIndex, pref_index
from desk.settings import DEFAULT_WEIGHTS
from tests.benchmarks.test_bench_rank import synthetic_postings, synthetic_registry

RECORDS, BOOKINGS, MUNIS = synthetic_registry(4000, seed=9)
INDEX = RegistryIndex.build(RECORDS, BOOKINGS)
POSTINGS = synthetic_postings(60, MUNIS, seed=12)


@pytest.fixture(autouse=True)
def _near_first_on_a_small_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small pools are ranked whole (plan_near.SMALL); here the near path itself is under test."""
    monkeypatch.setattr(plan_near, "SMALL", 0)


def test_near_pools_hold_everyone_ranked_high_for_the_prefecture() -> None:
    for posting in POSTINGS[:20]:
        full = rank(INDEX, posting, DEFAULT_WEIGHTS)
        p = pref_index(posting.pref_code)
        for level, floor in (("home", R_PREF), ("pref", R_NEIGHBOR), ("block", R_BLOCK)):
            near = set(near_rows(INDEX, p, level).tolist())
            high = set(np.flatnonzero(full.region_rank >= floor).tolist())
            assert high <= near, (posting.source_id, level)


weights = st.fixed_dictionaries({k: st.sampled_from([0.0, 0.05, 0.2, 0.35, 0.6]) for k in DEFAULT_WEIGHTS})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(weights, st.sampled_from([1, 5, 12, 30]), st.lists(st.integers(0, len(POSTINGS) - 1), min_size=1,
                                                         max_size=6, unique=True))
def test_batch_heads_equal_one_posting_rankings(w: dict[str, float], top: int, picks: list[int]) -> None:
    postings = [POSTINGS[i] for i in picks]
    for posting, got in zip(postings, rank_many(INDEX, postings, w, top=top), strict=True):
        full = rank(INDEX, posting, w, top=top)
        assert list(got.rows) == [int(i) for i in full.order]
        assert list(got.scores) == [float(full.score[i]) for i in full.order]  # bit for bit


def test_the_near_pool_is_used_with_the_default_weights() -> None:
    scratch: dict[object, object] = {}
    used = sum(rank_near(INDEX, p, DEFAULT_WEIGHTS, 5, scratch) is not None for p in POSTINGS)
    assert used >= len(POSTINGS) // 2
