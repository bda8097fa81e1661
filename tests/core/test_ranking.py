"""Ranking scenarios with planted registrants whose order is known, and the fast path against the plain loop."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from desk.core.ranking import COMPONENTS, EXCLUSIONS, PostingQuery, describe, rank
from desk.core.ranking_naive import rank_naive
from desk.core.registry_index import Booking, RegistrantRecord, RegistryIndex

SAT, SUN = dt.date(2021, 6, 12), dt.date(2021, 6, 13)
UMI_NO_HI = dt.date(2021, 7, 22)  # 海の日 2021, a Thursday
ALWAYS = {"from": None, "to": None, "days": 127 | 128, "start": 0, "end": 1440}
WEEKENDS = {"from": None, "to": None, "days": 32 | 64 | 128, "start": 0, "end": 1440}
SATURDAYS = {"from": None, "to": None, "days": 32, "start": 0, "end": 1440}
WEEKDAYS = {"from": None, "to": None, "days": 31 | 256, "start": 0, "end": 1440}

_ids = iter(range(1, 10_000))


def reg(source_id: str, *, occ: str = "doctor", pref: str | None = "14", muni: str | None = "14109",
        rules: tuple = (ALWAYS,), **kw) -> RegistrantRecord:  # type: ignore[no-untyped-def,type-arg]
    return RegistrantRecord(row_id=next(_ids), source_id=source_id, name=kw.pop("name", source_id), occupation=occ,
                            home_pref=pref, home_muni=muni, availability=rules, **kw)


def posting(occ: str = "doctor", slots=((SAT, 540, 720), (SUN, 540, 720)), **kw) -> PostingQuery:  # type: ignore[no-untyped-def]
    kw.setdefault("pref_code", "14")
    kw.setdefault("muni_code", "14109")
    return PostingQuery(source_id="K-1", occupation=occ, slots=tuple(slots), posting_id=1,
                        place="横浜市港北区", **kw)


def ranked(records, post, bookings=(), weights=None):  # type: ignore[no-untyped-def]
    r = rank(RegistryIndex.build(records, bookings), post, weights)
    return r, [records[i].source_id for i in r.order]


def excluded(records, r) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {records[i].source_id: describe(r.exclusion_reason(i)) for i in r.excluded_order}


def test_same_municipality_beats_bordering_prefecture_and_farther() -> None:
    records = [
        reg("far-sapporo", pref="01", muni="01101"),
        reg("tokyo-neighbour", pref="13", muni="13101"),
        reg("same-ward", pref="14", muni="14109"),
        reg("chiba-same-block", pref="12", muni="12100"),
        reg("kanagawa-other-town", pref="14", muni="14204"),
        reg("yokohama-other-ward", pref="14", muni="14110"),
    ]
    r, order = ranked(records, posting())
    assert order == ["same-ward", "yokohama-other-ward", "kanagawa-other-town", "tokyo-neighbour",
                     "chiba-same-block", "far-sapporo"]
    words = {records[i].source_id: describe(r.reasons(i)[0]) for i in r.order}
    assert words["same-ward"] == "同じ市区町村に在住（横浜市港北区）"
    assert words["tokyo-neighbour"] == "隣接する県に在住（東京都）"
    assert words["far-sapporo"].startswith("遠方に在住（北海道、約")


def test_work_areas_naming_the_posting_place_beat_living_elsewhere_in_the_prefecture() -> None:
    records = [
        reg("kanagawa-home", pref="14", muni="14204"),
        reg("names-yokohama", pref="13", muni="13101", work_areas=({"kind": "muni", "code": "14100"},)),
        reg("names-kanagawa", pref="22", muni="22100", work_areas=({"kind": "pref", "code": "14"},)),
    ]
    r, order = ranked(records, posting())
    assert order == ["names-yokohama", "names-kanagawa", "kanagawa-home"]
    assert describe(r.reasons(r.order[0])[0], "en") == "work areas include 横浜市港北区"


def test_full_availability_beats_partial_and_partial_beats_unstated() -> None:
    records = [reg("saturday-only", rules=(SATURDAYS,)), reg("not-stated", rules=()), reg("weekends", rules=(WEEKENDS,))]
    r, order = ranked(records, posting())
    assert order == ["weekends", "saturday-only", "not-stated"]
    said = {records[i].source_id: [describe(x) for x in r.reasons(i)] for i in r.order}
    assert "全2枠に対応可" in said["weekends"]
    assert "2枠中1枠に対応可" in said["saturday-only"]
    assert "勤務可能日の記載なし" in said["not-stated"]


def test_wrong_licence_withdrawn_paused_and_booked_elsewhere_are_excluded_with_reasons() -> None:
    records = [
        reg("ok", occ="nurse"),
        reg("doctor"),
        reg("assistant-nurse", occ="assistant_nurse"),
        reg("withdrawn", occ="nurse", state="withdrawn"),
        reg("paused", occ="nurse", state="paused"),
        reg("booked", occ="nurse", rules=(SATURDAYS,)),
        reg("weekday-only", occ="nurse", rules=(WEEKDAYS,)),
    ]
    booked = reg_booking(records, "booked", SAT, 600, 660, posting_id=7)
    r, order = ranked(records, posting("nurse"), [booked])
    assert order == ["ok"]
    assert excluded(records, r) == {
        "doctor": "資格が募集職種（看護師）に合わない（医師）",
        "assistant-nurse": "資格が募集職種（看護師）に合わない（准看護師）",
        "withdrawn": "退会済み",
        "paused": "休止中",
        "booked": "対応できる枠はすべて他の会場で確定済み",
        "weekday-only": "勤務可能日時が募集の枠と重ならない",
    }
    english = {records[i].source_id: describe(r.exclusion_reason(i), "en") for i in r.excluded_order}
    assert english["assistant-nurse"] == "not qualified for nurse (assistant nurse)"


def reg_booking(records, source_id, day, start, end, posting_id):  # type: ignore[no-untyped-def]
    row = next(x.row_id for x in records if x.source_id == source_id)
    return Booking(row, day, start, end, posting_id)


def test_a_booking_that_does_not_overlap_or_is_on_this_posting_does_not_exclude() -> None:
    records = [reg("morning-elsewhere", rules=(SATURDAYS,)), reg("same-posting", rules=(SATURDAYS,)),
               reg("half-booked")]
    bookings = [
        reg_booking(records, "morning-elsewhere", SAT, 720, 900, posting_id=7),  # starts when the slot ends
        reg_booking(records, "same-posting", SAT, 540, 720, posting_id=1),  # this posting itself
        reg_booking(records, "half-booked", SUN, 600, 660, posting_id=7),
    ]
    r, order = ranked(records, posting(), bookings)
    assert sorted(order) == ["half-booked", "morning-elsewhere", "same-posting"]
    row = next(i for i in r.order if records[i].source_id == "half-booked")
    assert "1枠は他の会場で確定済み" in [describe(x) for x in r.reasons(row)]
    assert r.components["availability"][row] == pytest.approx(0.5)


def test_a_nurse_may_fill_an_assistant_nurse_posting_but_ranks_after_the_exact_licence() -> None:
    records = [reg("nurse", occ="nurse"), reg("assistant", occ="assistant_nurse"),
               reg("phn-with-nurse-licence", occ="public_health_nurse", licences=("nurse",))]
    r, order = ranked(records, posting("assistant_nurse"))
    assert order[0] == "assistant"
    assert set(order) == {"nurse", "assistant", "phn-with-nurse-licence"}
    nurse = next(i for i in r.order if records[i].source_id == "nurse")
    assert describe(r.reasons(nurse)[2]) == "看護師の資格で准看護師に応募可"
    _, order = ranked([reg("nurse", occ="nurse"), reg("phn", occ="public_health_nurse", licences=("nurse",))],
                      posting("nurse"))
    assert order == ["nurse", "phn"]


def test_clerical_postings_are_open_to_every_occupation() -> None:
    records = [reg("doctor"), reg("clerk", occ="clerk"), reg("unknown-occupation", occ="")]
    _, order = ranked(records, posting("clerk"))
    assert order[0] == "clerk" and set(order) == {"doctor", "clerk", "unknown-occupation"}


def test_public_holidays_follow_the_rules_bits() -> None:
    slot = ((UMI_NO_HI, 540, 720),)
    records = [reg("weekdays-not-holidays", rules=(WEEKDAYS,)),
               reg("weekends-and-holidays", rules=(WEEKENDS,)),
               reg("thursdays", rules=({"from": None, "to": None, "days": 8, "start": 0, "end": 1440},))]
    r, order = ranked(records, posting(slots=slot))
    assert sorted(order) == ["thursdays", "weekends-and-holidays"]
    assert excluded(records, r) == {"weekdays-not-holidays": "勤務可能日時が募集の枠と重ならない"}


def test_hours_must_contain_the_slot() -> None:
    mornings = {"from": None, "to": None, "days": 127, "start": 540, "end": 720}
    r, order = ranked([reg("mornings", rules=(mornings,))], posting(slots=((SAT, 780, 1020),)))
    assert order == []


def test_no_shows_and_late_cancellations_lower_the_rank() -> None:
    records = [reg("no-show", no_shows=1), reg("late", late_cancellations=1), reg("reliable")]
    r, order = ranked(records, posting())
    assert order == ["reliable", "late", "no-show"]
    assert "無断欠勤1回" in [describe(x) for x in r.reasons(r.order[2])]


def test_experience_and_a_specialty_matching_the_requirements_raise_the_rank() -> None:
    post = posting(requirements="内科医歓迎。筋肉注射の経験がある方", duties="予診・問診")
    records = [reg("none", vaccination_experience=False), reg("internist", specialty="内科", vaccination_experience=False),
               reg("vaccinator", vaccination_experience=True)]
    r, order = ranked(records, post)
    assert order == ["vaccinator", "internist", "none"]
    internist = next(i for i in r.order if records[i].source_id == "internist")
    assert "応募要件・業務内容と一致:「内科」" in [describe(x) for x in r.reasons(internist)]


def test_weights_from_settings_change_the_order() -> None:
    records = [reg("near-saturday-only", rules=(SATURDAYS,)), reg("tokyo-both-days", pref="13", muni="13101")]
    _, by_region = ranked(records, posting(), weights={"region": 1.0})
    _, by_days = ranked(records, posting(), weights={"availability": 1.0})
    assert by_region == ["near-saturday-only", "tokyo-both-days"]
    assert by_days == ["tokyo-both-days", "near-saturday-only"]


def test_ties_break_by_region_then_id_whatever_the_input_order() -> None:
    records = [reg("B"), reg("A"), reg("C", pref="13", muni="13101", vaccination_experience=True)]
    # C's experience makes up exactly for living next door when only those two count
    weights = {"region": 0.5, "experience": 0.5}
    c_score = 0.5 * 0.5 + 0.5 * 1.0
    a_score = 0.5 * 1.0 + 0.5 * 0.5
    assert c_score == a_score
    _, order = ranked(records, posting(), weights=weights)
    _, again = ranked(list(reversed(records)), posting(), weights=weights)
    assert order == again == ["A", "B", "C"]


def test_scores_and_components_stay_in_zero_one() -> None:
    records = random_registry(500, seed=3)
    r, _ = ranked(records, posting(requirements="内科 筋注"))
    for name in COMPONENTS:
        assert ((r.components[name] >= 0) & (r.components[name] <= 1)).all()
    assert ((r.score >= 0) & (r.score <= 1 + 1e-12)).all()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_vectorised_ranking_equals_the_plain_loop(seed: int) -> None:
    rng = random.Random(seed)
    records = random_registry(1500, seed=seed)
    bookings = [Booking(rng.choice(records).row_id, rng.choice([SAT, SUN]), 600, 660, rng.choice([1, 7]))
                for _ in range(200)]
    occ = rng.choice(["doctor", "nurse", "assistant_nurse", "clerk"])
    post = posting(occ, slots=[(SAT, 540, 720), (SUN, 540, 720), (SUN, 780, 1020), (UMI_NO_HI, 540, 1020)],
                   pref_code=rng.choice(["14", "13", "27"]), muni_code=rng.choice(["14109", "13101", "27100", None]),
                   requirements="内科医、筋肉注射の経験", duties="問診 予診")
    weights = {k: rng.random() for k in COMPONENTS}
    r = rank(RegistryIndex.build(records, bookings), post, weights)
    fast = [(records[i].source_id, float(r.score[i])) for i in r.order]
    slow, slow_excluded = rank_naive(records, post, bookings, weights)
    assert [s for s, _ in fast] == [s for s, _, _ in slow]
    assert [x for _, x in fast] == pytest.approx([x for _, x, _ in slow], abs=1e-12)

    assert {records[i].source_id: EXCLUSIONS[r.exclusion[i]] for i in r.excluded_order} == slow_excluded


def test_postings_with_more_than_64_slots_rank_like_the_plain_loop() -> None:
    records = random_registry(400, seed=9)
    days = [SAT + dt.timedelta(days=k) for k in range(45)]
    post = posting(slots=[(d, 540, 720) for d in days] + [(d, 780, 1020) for d in days])
    bookings = [Booking(records[k].row_id, days[k % 45], 600, 800, 7) for k in range(0, 400, 3)]
    r = rank(RegistryIndex.build(records, bookings), post)
    slow, slow_excluded = rank_naive(records, post, bookings)
    assert [records[i].source_id for i in r.order] == [s for s, _, _ in slow]
    assert [float(r.score[i]) for i in r.order] == pytest.approx([x for _, x, _ in slow], abs=1e-12)
    assert len(slow_excluded) == len(r.excluded_order)


def test_bounded_lists_are_the_heads_of_the_full_orders() -> None:
    """A page of the answer (the best ``top``, the nearest ``excluded_top`` excluded) orders only those
    rows, and they are exactly the full lists' heads, ties and a filter's rows included."""
    index = RegistryIndex.build(random_registry(900, seed=4))
    post = posting("nurse", slots=[(SAT, 540, 720), (SUN, 540, 720)])
    for narrowed in (None, np.arange(0, 900, 3)):
        full = rank(index, post, rows=narrowed)
        for top, excluded_top in ((20, 20), (1, 0), (0, 150), (5000, 5000)):
            head = rank(index, post, rows=narrowed, top=top, excluded_top=excluded_top)
            assert head.order.tolist() == full.order[:top].tolist()
            assert head.excluded_order.tolist() == full.excluded_order[:excluded_top].tolist()


def random_registry(n: int, seed: int) -> list[RegistrantRecord]:
    rng = random.Random(seed)
    places = [("14", "14109"), ("14", "14110"), ("14", "14204"), ("13", "13101"), ("12", "12100"), ("27", "27102"),
              ("01", "01101"), (None, None), ("14", None)]
    rules = [ALWAYS, WEEKENDS, SATURDAYS, WEEKDAYS, {"from": "2021-06-13", "to": "2021-06-13", "days": 255,
                                                     "start": 540, "end": 1080},
             {"from": "2021-07-01", "to": None, "days": 8, "start": 480, "end": 1200}]
    areas = [{"kind": "pref", "code": "14"}, {"kind": "muni", "code": "14100"}, {"kind": "block8", "code": "関東"},
             {"kind": "national", "code": ""}, {"kind": "mhlw", "code": "近畿"}, {"kind": "muni", "code": "27100"}]
    occs = ["doctor", "nurse", "assistant_nurse", "public_health_nurse", "clerk", "pharmacist", ""]
    out = []
    for i in range(n):
        pref, muni = rng.choice(places)
        out.append(reg(
            f"R{rng.randrange(10**6):06d}-{i}", occ=rng.choice(occs), pref=pref, muni=muni,
            rules=tuple(rng.sample(rules, rng.randrange(0, 3))),
            work_areas=tuple(rng.sample(areas, rng.randrange(0, 3))),
            licences=tuple(rng.sample(["nurse", "midwife"], rng.randrange(0, 2))),
            specialty=rng.choice(["", "内科", "小児科", "整形外科", "ないか"]),
            notes=rng.choice(["", "筋注経験あり", "問診可、土日希望", "英語可"]),
            vaccination_experience=rng.choice([True, False, None]),
            state=rng.choice(["active"] * 8 + ["paused", "withdrawn"]),
            no_shows=rng.choice([0, 0, 0, 1, 2]), late_cancellations=rng.choice([0, 0, 1]),
        ))
    return out


def test_ranking_again_and_other_postings_give_the_same_answer_as_the_plain_loop() -> None:
    """The index keeps derived columns between rankings (the window ranks posting after posting):
    the second ranking of a posting, after others, equals the first and the plain loop, for ids out of
    row order, several rules a registrant, and rule dates far apart (years 1900 to 9000)."""
    records = random_registry(1200, seed=11)
    extra = ({"from": "1900-01-01", "to": "9000-12-31", "days": 32, "start": 600, "end": 660},
             {"from": "2021-06-12", "to": "2021-06-12", "days": 255, "start": 0, "end": 1440}, SATURDAYS)
    records[:40] = [reg(f"Z{k:03d}", rules=extra, notes="内科 筋注") for k in range(40)]
    bookings = [Booking(records[k].row_id, SAT, 600, 660, 7) for k in range(0, 1200, 9)]
    index = RegistryIndex.build(records, bookings)
    posts = [posting("doctor", requirements="内科医"), posting("nurse", pref_code="27", muni_code="27102"),
             posting("clerk", slots=[(SAT, 600, 660), (dt.date(8999, 1, 6), 600, 660)], muni_code=None)]
    first = [rank(index, p) for p in posts]
    for p, before in zip(posts, first, strict=True):
        again = rank(index, p)
        slow, slow_excluded = rank_naive(records, p, bookings)
        assert again.order.tolist() == before.order.tolist()
        assert again.excluded_order.tolist() == before.excluded_order.tolist()
        assert (again.score == before.score).all() and (again.exclusion == before.exclusion).all()
        assert [records[i].source_id for i in again.order] == [s for s, _, _ in slow]
        assert [float(again.score[i]) for i in again.order] == pytest.approx([x for _, x, _ in slow], abs=1e-12)
        assert {records[i].source_id: EXCLUSIONS[again.exclusion[i]] for i in again.excluded_order} == slow_excluded
