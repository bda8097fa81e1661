"""An inferred year far from the others is named (2027 among 2021 dates); a season into next year is not."""

from __future__ import annotations

import datetime as dt

from desk.core.year_check import far_years


def test_a_year_far_from_the_others_is_named() -> None:
    d = dt.date
    postings = [("K1", [d(2021, 6, 12)]), ("K2", [d(2021, 7, 1), d(2021, 7, 8)]), ("K3", [d(2022, 1, 9)]),
                ("K4", [d(2027, 6, 12)]), ("K5", [])]
    assert far_years(postings) == (2021, [("K4", 2027)])
    assert far_years(postings[:2]) == (0, [])  # too few to know the usual year
