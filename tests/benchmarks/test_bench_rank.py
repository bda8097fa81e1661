"""Ranking and filtering speed on a synthetic registry (100,000 registrants; DESK_BENCH_N to change).

Run: ``DESK_BENCH_N=10000 .venv/bin/pytest -q -m benchmark tests/benchmarks/test_bench_rank.py``.
Figures go to tests/benchmarks/results.json under "rank". Wall-clock times are reported, never
asserted; the vectorised ranking must equal the plain loop and beat it at least 20 times.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import time

import pytest

from desk.core.filters import filter_registrants
from desk.core.ranking import COMPONENTS, EXCLUSIONS, PostingQuery, rank
from desk.core.ranking_naive import rank_naive
from desk.core.region_resolve import municipalities
from desk.core.registry_index import Booking, RegistrantRecord, RegistryIndex
from desk.settings import DEFAULT_WEIGHTS
from tests.benchmarks.results import record

pytestmark = pytest.mark.benchmark
N = int(os.environ.get("DESK_BENCH_N", "100000"))

SURNAMES = [("山田", "やまだ"), ("佐藤", "さとう"), ("鈴木", "すずき"), ("高橋", "たかはし"), ("田中", "たなか"),
            ("伊藤", "いとう"), ("渡辺", "わたなべ"), ("中村", "なかむら"), ("小林", "こばやし"), ("加藤", "かとう"),
            ("吉田", "よしだ"), ("山本", "やまもと"), ("斉藤", "さいとう"), ("松本", "まつもと"), ("井上", "いのうえ"),
            ("木村", "きむら"), ("林", "はやし"), ("清水", "しみず"), ("山口", "やまぐち"), ("森", "もり"),
            ("池田", "いけだ"), ("橋本", "はしもと"), ("阿部", "あべ"), ("石川", "いしかわ"), ("山下", "やました"),
            ("中島", "なかじま"), ("石井", "いしい"), ("小川", "おがわ"), ("前田", "まえだ"), ("岡田", "おかだ"),
            ("長谷川", "はせがわ"), ("藤田", "ふじた"), ("後藤", "ごとう"), ("近藤", "こんどう"), ("村上", "むらかみ")]
GIVEN = [("花子", "はなこ"), ("太郎", "たろう"), ("健一", "けんいち"), ("美咲", "みさき"), ("翔太", "しょうた"),
         ("陽子", "ようこ"), ("大輔", "だいすけ"), ("恵", "めぐみ"), ("直樹", "なおき"), ("由美", "ゆみ"),
         ("誠", "まこと"), ("愛", "あい"), ("拓也", "たくや"), ("真由美", "まゆみ"), ("浩", "ひろし"),
         ("明美", "あけみ"), ("隆", "たかし"), ("裕子", "ゆうこ"), ("修", "おさむ"), ("久美子", "くみこ")]
SPECIALTIES = ["", "", "内科", "小児科", "外科", "整形外科", "皮膚科", "眼科", "精神科", "産婦人科", "麻酔科",
               "循環器内科", "消化器内科", "総合診療", "救急科", "耳鼻咽喉科"]
NOTES = ["", "", "", "筋注経験あり", "問診可", "英語対応可", "土日希望", "午前のみ", "集団接種の経験あり",
         "予診・問診の経験あり、筋肉注射可", "子育て中のため平日午前", "アナフィラキシー対応経験あり"]
SAT = dt.date(2021, 6, 12)


def _rules(rng: random.Random) -> tuple[dict, ...]:  # type: ignore[type-arg]
    pick = rng.random()
    if pick < 0.1:
        return ()
    days = rng.choice([96 | 128, 31 | 256, 127 | 128, 32, 64, 8, 1 | 4 | 16, 2 | 32])
    start, end = rng.choice([(0, 1440), (540, 1020), (540, 720), (780, 1080), (480, 1200)])
    rule = {"from": rng.choice([None, "2021-05-15", "2021-06-01"]), "to": rng.choice([None, "2021-07-31", "2021-09-30"]),
            "days": days, "start": start, "end": end}
    if pick < 0.3:
        day = SAT + dt.timedelta(days=rng.randrange(0, 40))
        return (rule, {"from": day.isoformat(), "to": day.isoformat(), "days": 255, "start": 0, "end": 1440})
    return (rule,)


def synthetic_registry(n: int, seed: int = 7) -> tuple[list[RegistrantRecord], list[Booking], list[str]]:
    rng = random.Random(seed)
    munis = [m for m in municipalities() if not m.designated]
    occs = ["doctor"] * 5 + ["nurse"] * 3 + ["assistant_nurse", "public_health_nurse", "pharmacist", "clerk"]
    records = []
    for i in range(n):
        (s, sk), (g, gk) = rng.choice(SURNAMES), rng.choice(GIVEN)
        muni = rng.choice(munis)
        areas: list[dict[str, str]] = []
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            kind = rng.choice(["pref", "muni", "block8", "national"])
            code = {"pref": muni.pref_code, "muni": (muni.parent_code or muni.code), "block8": "関東", "national": ""}[kind]
            areas.append({"kind": kind, "code": code})
        records.append(RegistrantRecord(
            row_id=i + 1, source_id=f"R{i:07d}", name=f"{s} {g}", name_kana=f"{sk} {gk}",
            occupation=rng.choice(occs), licences=("nurse",) if rng.random() < 0.05 else (),
            specialty=rng.choice(SPECIALTIES), notes=rng.choice(NOTES), home_pref=muni.pref_code, home_muni=muni.code,
            work_areas=tuple(areas), availability=_rules(rng),
            vaccination_experience=rng.choice([True, False, None]),
            state=rng.choice(["active"] * 18 + ["paused", "withdrawn"]),
            no_shows=int(rng.random() < 0.03), late_cancellations=int(rng.random() < 0.05)))
    bookings = [Booking(rng.randrange(1, n + 1), SAT + dt.timedelta(days=rng.randrange(0, 40)),
                        rng.choice([540, 600, 780]), rng.choice([720, 900, 1020]), rng.randrange(2, 300))
                for _ in range(max(1, n // 20))]
    return records, bookings, [m.code for m in munis]


def synthetic_postings(count: int, muni_codes: list[str], seed: int = 11) -> list[PostingQuery]:
    rng = random.Random(seed)
    out = []
    for k in range(count):
        muni = rng.choice(muni_codes)
        first = SAT + dt.timedelta(days=rng.randrange(0, 30))
        days = sorted({first + dt.timedelta(days=7 * w + rng.choice([0, 1])) for w in range(rng.randrange(1, 9))})
        hours = rng.choice([(540, 720), (540, 1020), (780, 1020)])
        out.append(PostingQuery(
            source_id=f"K{k:05d}", occupation=rng.choice(["doctor", "doctor", "nurse", "assistant_nurse", "clerk"]),
            pref_code=muni[:2], muni_code=muni, slots=tuple((d, *hours) for d in days),
            requirements=rng.choice(["内科医歓迎", "筋肉注射の経験がある方", "", "小児科の先生歓迎、問診"]),
            duties=rng.choice(["予診・問診", "筋肉注射", "接種後の経過観察"]), posting_id=k + 1))
    return out


def _median_ms(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _rank_floor(n: int, kept: int):  # type: ignore[no-untyped-def]
    """The least a ranking does (as scripts/scale_report.py): five weighted columns summed over every
    row, then the kept rows sorted by score, stably."""
    import numpy as np

    rng = np.random.default_rng(0)
    cols = [rng.random(n) for _ in range(5)]
    keep = np.sort(rng.choice(n, min(n, kept), replace=False))

    def floor() -> None:
        score = sum(w * c for w, c in zip((0.3, 0.25, 0.2, 0.15, 0.1), cols, strict=True))
        _ = keep[np.argsort(-score[keep], kind="stable")]  # type: ignore[operator]
    return floor


def test_rank_speed_equality_and_filter() -> None:
    records, bookings, munis = synthetic_registry(N)
    t = time.perf_counter()
    index = RegistryIndex.build(records, bookings)
    build_s = time.perf_counter() - t
    postings = synthetic_postings(300, munis)
    post = next(p for p in postings if p.occupation == "doctor" and len(p.slots) >= 4)
    weights = dict(DEFAULT_WEIGHTS)

    rank(index, post, weights)  # warm-up (imports, holiday table)
    fast = rank(index, post, weights)
    floor = _rank_floor(N, N // 2)
    floor()
    fast_times, floor_times = [], []
    for _ in range(9):  # alternated: the machine's load weighs on both alike
        floor_times.append(_median_ms(floor, 1))
        fast_times.append(_median_ms(lambda: rank(index, post, weights), 1))
    fast_ms, floor_ms = statistics.median(fast_times), statistics.median(floor_times)
    t = time.perf_counter()
    slow, slow_excluded = rank_naive(records, post, bookings, weights)
    naive_ms = (time.perf_counter() - t) * 1000

    assert [records[i].source_id for i in fast.order] == [s for s, _, _ in slow]
    assert [float(fast.score[i]) for i in fast.order] == pytest.approx([x for _, x, _ in slow], abs=1e-12)
    assert {records[i].source_id: EXCLUSIONS[fast.exclusion[i]] for i in fast.excluded_order} == slow_excluded
    for i in fast.order[:50]:
        assert dict(zip(COMPONENTS, (float(fast.components[k][i]) for k in COMPONENTS), strict=True)) == \
            pytest.approx(next(c for s, _, c in slow if s == records[i].source_id))

    queries = ["山田花子", "やまだはなこ", "はせがわ", "長谷川久美子", "yamada", "山田花了", "こばやしまゆみ", "石川"]
    filter_index = index
    filter_registrants(filter_index, "warm")  # builds the name keys once (cached on the index)
    per_query = {q: _median_ms(lambda q=q: filter_registrants(filter_index, f"名前:{q}"), 5) for q in queries}
    plain = {q: _median_ms(lambda q=q: filter_registrants(filter_index, q), 5) for q in queries}
    exact = {i for i, r in enumerate(records) if r.name == "山田 花子"}
    assert exact and exact <= set(filter_registrants(filter_index, "名前:山田花子").tolist())
    assert exact <= set(filter_registrants(filter_index, "やまだはなこ").tolist())

    t = time.perf_counter()
    for p in postings:
        rank(index, p, weights)
    all_s = time.perf_counter() - t

    figures = {
        "registrants": N,
        "index_build_s": round(build_s, 3),
        "rank_one_posting_median_ms": round(fast_ms, 2),
        "rank_floor_median_ms": round(floor_ms, 2),
        "rank_vs_floor": round(fast_ms / floor_ms, 2),
        "rank_one_posting_slots": len(post.slots),
        "naive_loop_ms": round(naive_ms, 1),
        "speedup_vs_naive": round(naive_ms / fast_ms, 1),
        "filter_name_median_ms": round(statistics.median(per_query.values()), 2),
        "filter_name_max_ms": round(max(per_query.values()), 2),
        "filter_plain_word_median_ms": round(statistics.median(plain.values()), 2),
        "filter_plain_word_max_ms": round(max(plain.values()), 2),
        "rank_300_postings_total_s": round(all_s, 3),
        "candidates_for_benchmark_posting": len(fast.order),
        "cpu_count": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 1),  # the 2 cores are shared: say how busy they were
        "measured_at": dt.datetime.now().isoformat(timespec="seconds"),
    }
    record("rank", figures)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    assert naive_ms / fast_ms >= 20
