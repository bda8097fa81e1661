"""A year that stands out in an import: dates written without a year are placed by inference, and a
wrong guess (2027 among 2021 dates) would hide a posting far in the future. The preview names them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from statistics import median_low

#: Years from the file's usual year that make a posting stand out (a season may run into next year).
GAP = 2


def far_years(postings: Iterable[tuple[str, Sequence[dt.date]]], gap: int = GAP) -> tuple[int, list[tuple[str, int]]]:
    """(the usual year, [(posting id, its far year)]) over postings given as (id, dates)."""
    firsts = [(sid, sorted(dates)) for sid, dates in postings if dates]
    if len(firsts) < 3:  # too few to say what is usual
        return 0, []
    usual = median_low([ds[0].year for _sid, ds in firsts])
    out: list[tuple[str, int]] = []
    for sid, ds in firsts:
        far = next((d.year for d in ds if abs(d.year - usual) >= gap), None)
        if far is not None:
            out.append((sid, far))
    return usual, out
