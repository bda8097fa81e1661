from __future__ import annotations

import pytest

from desk.core.occupations import Occupation, can_fill, fit, parse_occupation, parse_occupations


@pytest.mark.parametrize(
    ("text", "code"),
    [("医師", "doctor"), ("ドクター", "doctor"), ("Dr.", "doctor"), ("ｄｒ", "doctor"), ("看護師", "nurse"),
     ("Ns", "nurse"), ("ナース", "nurse"), ("看護師（常勤）", "nurse"), ("准看護師", "assistant_nurse"),
     ("准看", "assistant_nurse"), ("保健師", "public_health_nurse"), ("ほけんし", "public_health_nurse"),
     ("カンゴシ", "nurse"), ("助産師", "midwife"), ("薬剤師", "pharmacist"), ("事務職員", "clerk"),
     ("事務スタッフ", "clerk"), ("受付", "clerk")],
)
def test_words_people_type_for_occupations(text: str, code: str) -> None:
    assert parse_occupation(text) == code


def test_unknown_occupation_is_none() -> None:
    assert parse_occupation("歯科衛生士") is None
    assert parse_occupation("") is None


def test_several_licences_in_one_cell() -> None:
    assert parse_occupations("看護師・保健師") == [Occupation.NURSE, Occupation.PUBLIC_HEALTH_NURSE]


def test_who_may_fill_whose_posting() -> None:
    assert can_fill("nurse", "assistant_nurse")
    assert not can_fill("assistant_nurse", "nurse")
    assert can_fill("public_health_nurse", "nurse")  # 保健師 and 助産師 hold a nurse licence
    assert can_fill("midwife", "assistant_nurse")
    assert all(can_fill(o, "clerk") for o in Occupation)  # clerical postings are open to all
    assert not can_fill("pharmacist", "doctor")
    assert fit("nurse", "nurse") == 1.0 and 0 < fit("nurse", "assistant_nurse") < 1.0
    assert fit("assistant_nurse", "nurse") == 0.0
