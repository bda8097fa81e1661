"""What a ranking returns, and the plain SQL both ranking paths read with (docs/CONTRACTS.md).

Shared by the full path (desk.services.ranking: the ORM, builds the index when needed) and the warm
path of a new process (desk.services.rank_fast: the cached index and a few plain reads): the same
posting read, the same change stamp and the same result assembly, so both answer identically.
Nothing here imports SQLAlchemy or the ORM models.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from desk.core.ranking import EXCLUSIONS, PostingQuery, Reason, describe, rank
from desk.core.registry_index import RegistryIndex
from desk.store.change_stamp import REGISTRANT_KEY as REGISTRANT_KEY
from desk.store.change_stamp import state_key as state_key
from desk.store.light import Reader, as_date, minutes


class PostingNotFound(LookupError):
    """No posting with that 募集ID."""

    def __init__(self, source_id: str) -> None:
        super().__init__(f"no posting with id {source_id!r}")
        self.source_id = source_id


@dataclass
class Candidate:
    registrant_id: int
    source_id: str
    name: str
    name_kana: str
    score: float
    components: dict[str, float]
    reasons: list[str]
    phone: str = ""
    email: str = ""
    occupation: str = ""
    specialty: str = ""
    reason_codes: list[Reason] = field(default_factory=list)


@dataclass
class Excluded:
    registrant_id: int
    source_id: str
    name: str
    reason: str
    reason_code: str
    detail: Reason | None = None


@dataclass
class RankResult:
    posting_source_id: str
    candidates: list[Candidate]
    excluded: list[Excluded]
    #: Candidates before ``top`` cut the list; excluded counts per reason code (after the filter).
    total_candidates: int = 0
    excluded_counts: dict[str, int] = field(default_factory=dict)
    #: Filter terms that could not be read (日:あした), to show next to the box.
    filter_problems: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- plain reads
# The change stamp, state_key (desk.store.change_stamp): the registrants' count and counter, then
# the placement log's counter, moved by every committed write in commit order (never by clocks or
# ids). The first REGISTRANT_KEY values describe the registrants (merges change who is ranked).


def read_posting(reader: Reader, posting_source_id: str) -> PostingQuery:
    """The posting (募集ID) with its active slots, as the ranking takes it; :class:`PostingNotFound`."""
    found = reader.rows("SELECT id, source_id, occupation, pref_code, muni_code, requirements, duties, city, "
                        "municipality_name, prefecture FROM posting WHERE source_id = ?", (posting_source_id,))
    if not found:
        raise PostingNotFound(posting_source_id)
    pid, source_id, occupation, pref, muni, requirements, duties, city, municipality, prefecture = found[0]
    slots = reader.rows('SELECT date, start, "end" FROM posting_slot WHERE posting_id = ? AND active = ? '
                        'ORDER BY date, start, "end"', (pid, True))
    return PostingQuery(
        source_id=source_id, occupation=occupation, pref_code=pref, muni_code=muni,
        slots=tuple((as_date(d), minutes(a), minutes(b)) for d, a, b in slots),
        requirements=requirements or "", duties=duties or "", posting_id=int(pid),
        place=city or municipality or prefecture or "")


# ----------------------------------------------------------------------------- the answer
def result_of(index: RegistryIndex, posting: PostingQuery, *, top: int | None = None,
              filter_text: str | None = None, weights: Mapping[str, float] | None = None,
              lang: str | None = None, excluded_limit: int | None = None, reference: dt.date | None = None,
              excluded_offset: int = 0) -> RankResult:
    """Rank ``index`` for ``posting`` and word what is returned (see ranking.rank_posting)."""
    if weights is None or lang is None:
        from desk.settings import load_settings

        settings = load_settings()
        weights = weights if weights is not None else settings.normalized_weights()
        lang = lang or settings.language
    rows, problems = None, []
    if filter_text and filter_text.strip():
        from desk.core.filters import filter_registrants, parse_query  # only when a filter is typed

        query = parse_query(filter_text)
        rows = filter_registrants(index, query, reference)
        problems = list(query.problems)
    start = max(0, excluded_offset)
    # Only what is returned is ordered (the best ``top``, the excluded up to the page's end): the
    # heads of the full orders, without sorting a million rows for twenty.
    head: int | None = None
    excluded_head: int | None = None
    if top is not None and excluded_limit is not None:  # both lists bounded: order their heads only
        head, excluded_head = max(0, top), start + max(0, excluded_limit)
    ranking = rank(index, posting, weights, rows=rows, top=head, excluded_top=excluded_head)
    order = ranking.order if top is None else ranking.order[: max(0, top)]
    candidates = [_candidate(ranking, int(i), lang) for i in order]
    out = ranking.excluded_order[start:] if excluded_limit is None else \
        ranking.excluded_order[start: start + max(0, excluded_limit)]
    excluded = [_excluded(ranking, int(i), lang) for i in out]
    shown = ranking.exclusion if rows is None else ranking.exclusion[rows]
    codes = np.bincount(shown, minlength=len(EXCLUSIONS))
    counts = {EXCLUSIONS[k]: int(c) for k, c in enumerate(codes) if k and c}
    return RankResult(posting.source_id, candidates, excluded, total_candidates=int(codes[0]),
                      excluded_counts=counts, filter_problems=problems)


def _candidate(ranking: Any, row: int, lang: str) -> Candidate:
    rec = ranking.index.records[row]
    reasons = ranking.reasons(row)
    return Candidate(
        registrant_id=rec.row_id, source_id=rec.source_id, name=rec.name, name_kana=rec.name_kana,
        score=float(ranking.score[row]),
        components={k: float(v[row]) for k, v in ranking.components.items()},
        reasons=[_text(r, lang) for r in reasons], phone=rec.phone, email=rec.email,
        occupation=rec.occupation, specialty=rec.specialty, reason_codes=reasons)


def _excluded(ranking: Any, row: int, lang: str) -> Excluded:
    rec = ranking.index.records[row]
    reason = ranking.exclusion_reason(row)
    return Excluded(registrant_id=rec.row_id, source_id=rec.source_id, name=rec.name,
                    reason=_text(reason, lang), reason_code=reason.code.removeprefix("excl."), detail=reason)


_texts: dict[tuple[Reason, str], str] = {}


def _text(reason: Reason, lang: str) -> str:
    key = (reason, lang)
    text = _texts.get(key)
    if text is None:
        text = describe(reason, lang)
        if len(_texts) < 100_000:
            _texts[key] = text
    return text
