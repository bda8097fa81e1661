"""Rank registrants for one posting: columnar numpy scoring, with the reasons shown to the user.

The registry is held as a :class:`RegistryIndex` (one numpy array per attribute, flattened arrays
for the variable-length parts: work areas, availability rules, bookings, specialty/notes terms).
:func:`rank` scores every registrant at once (the passes over a million rows are kept few by the
lookup tables and derived columns of desk.core.ranking_columns); desk.core.ranking_naive applies
the same rules one registrant at a time in plain Python: the test oracle and the benchmark baseline.

Score = Σ weight × component, every component in [0, 1], weights normalised to sum 1:
  region        tiers: same municipality 1.0 > same designated city 0.9 > work areas name the
                posting's municipality 0.85 / prefecture 0.8 > same prefecture 0.7 > bordering
                prefecture 0.5 > work areas name the block 0.4 > same block 0.35 > anywhere (全国)
                0.3 ≥ farther 0.3 / (1 + km / 250) (between prefectural offices)
  availability  share of the posting's slots the registrant covers and is not booked for
                (not stated: 0.4 × the share of unbooked slots)
  occupation    desk.core.occupations.fit over every licence held (exact 1.0, other licence 0.7)
  experience    0.7 × vaccination experience (yes 1, unknown 0.5, no 0) + 0.3 × best fuzzy match
                between the posting's 応募要件/業務内容 and the registrant's 診療科/備考 terms
  reliability   1 / (1 + no-shows + 0.5 × late cancellations)
Excluded: paused/withdrawn, not qualified, no slot covered, every coverable slot booked elsewhere.
Core code returns reason codes; :func:`describe` turns them into Japanese (or English) text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from desk.core.occupations import Occupation, fit, label
from desk.core.ranking_columns import (
    area_kinds,
    best_term,
    cached_array,
    registrant_bits,
    rows_where,
    rows_with,
    rule_bits,
    stable_by,
    unstated_rows,
)
from desk.core.registry_index import (
    OCCS,
    Geography,
    RegistryIndex,
    muni_int,
    pref_index,
    split_terms,
)
from desk.core.weights import DEFAULT_WEIGHTS

COMPONENTS = ("region", "availability", "occupation", "experience", "reliability")
# Region tiers, in ascending order of value (the rank is what is compared).
R_UNKNOWN, R_FAR, R_NATIONAL, R_BLOCK, R_AREA_BLOCK, R_NEIGHBOR, R_PREF, R_AREA_PREF, R_AREA_MUNI, \
    R_CITY, R_MUNI = range(11)
REGION_VALUE = np.array([0.0, 0.3, 0.3, 0.35, 0.4, 0.5, 0.7, 0.8, 0.85, 0.9, 1.0])
REGION_CODES = ("unknown", "far", "area_national", "same_block", "area_block", "neighbor", "same_pref",
                "area_pref", "area_muni", "same_city", "same_muni")
FAR_MAX, FAR_KM = 0.3, 250.0
EXP_VAX, EXP_TEXT, TEXT_CUTOFF = 0.7, 0.3, 70.0
UNSTATED = 0.4  # availability not stated: a guess is worth less than a stated day
# No days stated but a frequency is (週3日, 月2回程度): a wish to work, preferred over silence,
# never excluded for it.
UNSTATED_FREQUENCY = 0.55
# Exclusion codes, in the order they are checked.
EXCLUSIONS = ("", "state_paused", "state_withdrawn", "occupation", "no_overlap", "booked")


@dataclass(frozen=True)
class PostingQuery:
    """The posting being staffed. ``slots`` are (date, start minute, end minute)."""

    source_id: str
    occupation: str | None
    pref_code: str | None
    muni_code: str | None
    slots: tuple[tuple[dt.date, int, int], ...] = ()
    requirements: str = ""
    duties: str = ""
    posting_id: int | None = None  # bookings on this posting itself do not count
    place: str = ""  # label used in reasons (横浜市港北区)


# ----------------------------------------------------------------------------- posting context
@dataclass(frozen=True)
class _Context:
    p: int
    m: int
    city: int
    occ: int  # index into OCCS, -1 unknown
    slots: tuple[tuple[int, int, int, int, bool], ...]  # (ordinal, weekday, start, end, holiday)
    weights: tuple[float, ...]
    posting_id: int  # -2 when the posting is not in the store


def _context(posting: PostingQuery, geo: Geography, weights: Mapping[str, float] | None) -> _Context:
    from desk.core.dates import is_holiday

    m = muni_int(posting.muni_code)
    occ = (OCCS.index(Occupation(posting.occupation))
           if posting.occupation and posting.occupation in Occupation._value2member_map_ else -1)
    slots = tuple(sorted({(d.toordinal(), d.weekday(), s, e, bool(is_holiday(d))) for d, s, e in posting.slots}))
    return _Context(p=pref_index(posting.pref_code or posting.muni_code), m=m, city=geo.parent(m) if m else 0,
                    occ=occ, slots=slots, weights=normalise_weights(weights),
                    posting_id=-2 if posting.posting_id is None else posting.posting_id)


def normalise_weights(weights: Mapping[str, float] | None) -> tuple[float, ...]:
    if weights is None:
        weights = DEFAULT_WEIGHTS
    raw = [max(0.0, float(weights.get(k, 0.0))) for k in COMPONENTS]
    total = sum(raw) or 1.0
    return tuple(w / total for w in raw)


def day_ok(days: Any, weekday: int, holiday: bool) -> Any:
    """The contract's day rule, for one int or a numpy array of masks."""
    wbit = (days >> weekday) & 1
    if not holiday:
        return wbit != 0
    return ((days & 256) == 0) & (((days & 128) != 0) | (wbit != 0))


def _fit_table() -> np.ndarray:
    return np.array([[fit(a, b) for b in OCCS] for a in OCCS])


FIT = _fit_table()


# ----------------------------------------------------------------------------- vectorised rank
@dataclass
class Ranking:
    """Scores, components and exclusions for every row of the index; ``order`` is best first."""

    index: RegistryIndex
    posting: PostingQuery
    score: np.ndarray
    components: dict[str, np.ndarray]
    exclusion: np.ndarray  # index into EXCLUSIONS, 0 for candidates
    region_rank: np.ndarray
    km_by_pref: np.ndarray  # km from the posting's prefectural office, per prefecture index (47: unknown, 0)
    covered: np.ndarray  # slots covered (count)
    free: np.ndarray  # slots covered and not booked
    booked: np.ndarray  # slots booked elsewhere
    known: np.ndarray  # availability stated
    n_slots: int
    term_score: np.ndarray  # per vocabulary term, 0 below the cutoff
    order: np.ndarray  # candidate rows, best first
    excluded_order: np.ndarray  # excluded rows, nearest first
    _lazy: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    @property
    def distance(self) -> np.ndarray:
        """km between prefectural offices per row (0 for an unknown prefecture), built on first use."""
        found = self._lazy.get("distance")
        if found is None:
            found = self._lazy["distance"] = self.km_by_pref[_pref_rows(self.index)]
        return found

    def km(self, row: int) -> float:
        pref = int(self.index.home_pref[row])
        return float(self.km_by_pref[pref if pref >= 0 else 47])

    def reasons(self, row: int) -> list[Reason]:
        return _reasons(self, row)

    def exclusion_reason(self, row: int) -> Reason:
        return _exclusion_reason(self, row)


def rank(index: RegistryIndex, posting: PostingQuery, weights: Mapping[str, float] | None = None,
         rows: np.ndarray | None = None, top: int | None = None, excluded_top: int | None = None) -> Ranking:
    """Score every registrant of ``index`` for ``posting``; ``rows`` (a filter's result) narrows the lists.

    ``top`` (the batch path of the whole-board plan) orders only the best ``top`` candidates (the
    same ones, in the same order, as the full list's head) and leaves ``excluded_order`` empty, unless
    ``excluded_top`` asks for the nearest ``excluded_top`` excluded too (the head of the full
    order): a page of a million-row answer needs neither list sorted whole."""
    n = index.n
    index.cache["rankings"] = index.cache.get("rankings", 0) + 1
    ctx = _context(posting, index.geo, weights)
    region_rank, km_by_pref, region, region_key = _region(index, ctx)
    covered, free, booked, known = _availability(index, ctx)
    total = len(ctx.slots)
    avail = _avail_component(index, free, total)
    occfit = _occupation_fit(index, ctx)
    term_score = _term_score(index, posting)
    experience = _experience(index, term_score)
    reliability = _fixed(index)[1]
    comps = dict(zip(COMPONENTS, (region, avail, occfit, experience, reliability), strict=True))
    # Σ weight × component, added in COMPONENTS order into one buffer (the same sums, bit for bit,
    # as score = score + w × component without a new million-row array per term).
    w = ctx.weights
    score = np.multiply(region, w[0])
    term = np.empty(n)
    for k in range(1, len(COMPONENTS)):
        np.multiply(comps[COMPONENTS[k]], w[k], out=term)
        score += term
    excl = _exclusions(index, ctx, covered, free, known, occfit)
    if rows is not None:
        outside = np.ones(n, dtype=bool)
        outside[rows] = False
        excl_view = np.where(outside, -1, excl)
    else:
        excl_view = excl
    is_cand = excl_view == 0
    cand = rows_where(index, is_cand)  # in source-id order: the last tie-break, for free
    if top is not None and len(cand) > top > 0:
        kth = np.partition(score[cand], len(cand) - top)[len(cand) - top]
        cand = cand[score[cand] >= kth]  # every tie at the cut stays, so the head is exact
    # best score first, then the nearer region, then the source id: two stable sorts (the region's
    # is a radix sort on a small class) give lexsort((source_rank, -region, -score))'s order
    order = stable_by(cand, region_key[cand])
    order = stable_by(order, -score[order])
    if top is not None:
        order = order[: max(0, top)]
        if excluded_top is None:
            return Ranking(index, posting, score, comps, excl, region_rank, km_by_pref, covered, free, booked, known,
                           total, term_score, order, np.zeros(0, dtype=np.int64))
    # excluded: nearest tier first, then by source id (stable radix sort of rows in source-id order)
    out = rows_where(index, ~is_cand if rows is None else excl_view > 0)
    excluded_order = stable_by(out, (R_MUNI - region_rank[out]).astype(np.uint8))
    if excluded_top is not None:
        excluded_order = excluded_order[: max(0, excluded_top)]
    return Ranking(index, posting, score, comps, excl, region_rank, km_by_pref, covered, free, booked, known,
                   total, term_score, order, excluded_order)


def _occupation_fit(index: RegistryIndex, ctx: _Context) -> np.ndarray:
    occfit = index.cache.get(f"occupation:{ctx.occ}")
    if occfit is None:
        occfit = index.cache[f"occupation:{ctx.occ}"] = _occupation(index, ctx)
    return occfit


def _term_score(index: RegistryIndex, posting: PostingQuery) -> np.ndarray:
    texts = index.cache.setdefault("term_scores", {})
    term_key = (posting.requirements, posting.duties)
    term_score = texts.get(term_key)
    if term_score is None:
        term_score = _term_scores(index.term_vocab, posting)
        if len(texts) < 256:
            texts[term_key] = term_score
    return term_score  # type: ignore[no-any-return]


def _experience(index: RegistryIndex, term_score: np.ndarray) -> np.ndarray:
    """EXP_VAX × vaccination + EXP_TEXT × best term: rows without a matching term keep the first
    part alone (x + 0.3 × 0.0 is x), so only the matching rows are added."""
    vax_part = cached_array(index, "experience_vax", lambda: EXP_VAX * _fixed(index)[0])
    text = _max_per_row(index, term_score)
    experience = vax_part.copy()
    hit = np.flatnonzero(text)
    experience[hit] = vax_part[hit] + EXP_TEXT * text[hit]
    return experience


def _avail_component(index: RegistryIndex, free: np.ndarray, total: int) -> np.ndarray:
    """free / total (stated), or the guess × free / total (not stated): looked up per (free, kind)."""
    if not total:
        return np.full(index.n, 0.5)
    kind = cached_array(index, "avail_kind", lambda: np.where(
        index.has_rules, 0, np.where(_has_frequency(index), 1, 2)).astype(np.int8))
    share = np.arange(total + 1) / total
    table = np.stack([share, UNSTATED_FREQUENCY * share, UNSTATED * share], axis=1).ravel()
    return np.asarray(np.take(table, free * 3 + kind))


def _exclusions(index: RegistryIndex, ctx: _Context, covered: np.ndarray, free: np.ndarray, known: np.ndarray,
                occfit: np.ndarray) -> np.ndarray:
    """The first exclusion that applies (EXCLUSIONS order, from the end): state, occupation, then slots."""
    fixed = cached_array(index, f"excluded:{ctx.occ}", lambda: np.where(
        index.state == 2, 2, np.where(index.state == 1, 1, np.where(occfit == 0.0, 3, 0))).astype(np.int8))
    if not ctx.slots:
        return fixed.copy()
    none = covered == 0
    by_slots = (none & known) * np.int8(4)  # stated, and not one slot covered
    by_slots += ((free == 0) & ~none) * np.int8(5)  # every slot covered is booked elsewhere
    return np.where(fixed > 0, fixed, by_slots)


def static_parts(index: RegistryIndex, posting: PostingQuery, weights: Mapping[str, float] | None = None
                 ) -> np.ndarray:
    """Per registrant, the weighted score components that depend neither on where nor on when the
    posting is (occupation, experience, reliability): the batch plan bounds scores with their maximum
    (desk.core.plan_near). Same arrays and caches as :func:`rank`."""
    ctx = _context(posting, index.geo, weights)
    occfit = index.cache.get(f"occupation:{ctx.occ}")
    if occfit is None:
        occfit = index.cache[f"occupation:{ctx.occ}"] = _occupation(index, ctx)
    term_score = index.cache.setdefault("term_scores", {}).get((posting.requirements, posting.duties))
    if term_score is None:
        term_score = _term_scores(index.term_vocab, posting)
    vax, reliability = _fixed(index)
    experience = EXP_VAX * vax + EXP_TEXT * _max_per_row(index, term_score)
    w = ctx.weights
    return np.asarray(w[2] * occfit + w[3] * experience + w[4] * reliability)


def has_frequency(index: RegistryIndex) -> np.ndarray:
    """Per registrant: states how often they want to work (週3日) though no days (cached)."""
    return _has_frequency(index)


def _has_frequency(index: RegistryIndex) -> np.ndarray:
    return index.frequency_stated()


def _region(index: RegistryIndex, ctx: _Context) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per registrant: region tier, the region component and a small sort key (0 for the highest
    region value) for the order; and per prefecture, the km between prefectural offices."""
    geo, n = index.geo, index.n
    if ctx.p < 0:
        zero = np.zeros(n)
        return np.zeros(n, dtype=np.int64), np.zeros(48), zero, np.zeros(n, dtype=np.uint8)
    safe = _pref_rows(index)
    # Prefecture-level tiers, distances and values are looked up per prefecture, then gathered per row.
    by_pref = np.full(48, R_FAR, dtype=np.int64)
    by_pref[47] = R_UNKNOWN
    by_pref[:47][geo.block8 == geo.block8[ctx.p]] = R_BLOCK
    by_pref[:47][geo.neighbors[ctx.p]] = R_NEIGHBOR
    by_pref[ctx.p] = R_PREF
    km_by_pref = np.append(geo.distance[ctx.p], 0.0)
    rank_ = by_pref[safe]
    raised = []  # rows whose tier is no longer their prefecture's (always above R_FAR)
    if ctx.m:
        same_city = rows_with(index, "home_city", ctx.city)
        city = same_city[(index.home_muni[same_city] != 0) & (index.home_muni[same_city] != ctx.m)]
        rank_[city] = R_CITY
        muni = rows_with(index, "home_muni", ctx.m)
        rank_[muni] = R_MUNI
        raised += [city, muni]
    for regs, tier in _area_hits(index, ctx):  # the best of the tiers any work area reaches
        rank_[regs] = np.maximum(rank_[regs], tier)
        raised.append(regs)
    value_by_pref = np.where(by_pref == R_FAR, FAR_MAX / (1.0 + km_by_pref / FAR_KM), REGION_VALUE[by_pref])
    region = value_by_pref[safe]
    values = np.sort(np.r_[value_by_pref, REGION_VALUE])
    values = values[np.r_[True, values[1:] != values[:-1]]]  # distinct, ascending: at most 59
    key_of = np.asarray(len(values) - 1 - np.searchsorted(values, np.r_[value_by_pref, REGION_VALUE]), dtype=np.uint8)
    key = key_of[:48][safe]
    if raised:
        rows = np.concatenate(raised)
        region[rows] = REGION_VALUE[rank_[rows]]
        key[rows] = key_of[48:][rank_[rows]]
    return rank_, km_by_pref, region, key


def _pref_rows(index: RegistryIndex) -> np.ndarray:
    """Each row's prefecture index into 48-entry tables (47: unknown), kept on the index."""
    safe = index.cache.get("home_pref_safe")
    if safe is None:
        safe = index.cache["home_pref_safe"] = np.where(index.home_pref >= 0, index.home_pref, 47).astype(np.intp)
    return safe


def _area_hits(index: RegistryIndex, ctx: _Context) -> list[tuple[np.ndarray, int]]:
    """(registrant rows, tier) for the work areas that name the posting's place, per kind of area."""
    geo = index.geo
    kinds = index.cache.get("area_kinds")
    if kinds is None:  # per kind of area: its registrants, codes (and cities), split once
        kinds = index.cache["area_kinds"] = area_kinds(index)
    (national, _, _), blocks, areas, prefs, (regs, codes, cities) = kinds
    out = [(national, R_NATIONAL), (blocks[0][blocks[1] == geo.block8[ctx.p]], R_AREA_BLOCK),
           (areas[0][areas[1] == geo.mhlw[ctx.p]], R_AREA_BLOCK), (prefs[0][prefs[1] == ctx.p], R_AREA_PREF)]
    if ctx.m:  # a municipality work area naming the posting's municipality or its city, or a ward of it
        out.append((regs[(codes == ctx.m) | (codes == ctx.city) | (cities == ctx.m)], R_AREA_MUNI))
    return out


def _availability(index: RegistryIndex, ctx: _Context) -> tuple[np.ndarray, ...]:
    """Per registrant: slots covered, covered-and-free, booked (counts), and whether rules are stated.

    Each rule gets one bit per slot it covers (64 slots per uint64 word, desk.core.ranking_columns);
    a registrant's rules are OR-ed together, bookings clear bits.
    """
    n, total = index.n, len(ctx.slots)
    known = index.has_rules
    if not total:
        z = np.zeros(n, dtype=np.int64)
        return z, z, z, known
    words = (total + 63) // 64
    covered, free, booked = (np.zeros(n, dtype=np.int64) for _ in range(3))
    other = index.book_posting != ctx.posting_id
    for w in range(words):
        lo, hi = 64 * w, min(total, 64 * (w + 1))
        bits = registrant_bits(index, rule_bits(index, ctx.slots[lo:hi], day_ok))
        bits[unstated_rows(index)] = np.uint64((1 << (hi - lo)) - 1)
        taken = None
        for j in range(lo, hi):
            o, _wd, s, e, _hol = ctx.slots[j]
            hit = other & (index.book_date == o) & (index.book_start < e) & (s < index.book_end)
            if hit.any():
                if taken is None:
                    taken = np.zeros(n, dtype=np.uint64)
                taken[np.unique(index.book_reg[hit])] |= np.uint64(1) << np.uint64(j - lo)
        counts = np.bitwise_count(bits)
        covered += counts
        if taken is None:  # nothing booked elsewhere on these slots
            free += counts
        else:
            free += np.bitwise_count(bits & ~taken)
            booked += np.bitwise_count(taken)
    return covered, free, booked, known


def _occupation(index: RegistryIndex, ctx: _Context) -> np.ndarray:
    """Best fit over every licence held; unknown posting occupation: 0.5 for all."""
    n = index.n
    if ctx.occ < 0:
        return np.full(n, 0.5)
    best = np.zeros(n)
    for o in range(len(OCCS)):
        held = (index.occ_mask >> o) & 1 == 1
        best = np.where(held & (FIT[o, ctx.occ] > best), FIT[o, ctx.occ], best)
    if OCCS[ctx.occ] is Occupation.CLERK:
        best = np.where(index.occ_mask == 0, fit(Occupation.DOCTOR, Occupation.CLERK), best)
    return best


def _term_scores(vocab: list[str], posting: PostingQuery) -> np.ndarray:
    """Fuzzy score (0..1, 0 below the cutoff) of each registry term against the posting's text."""
    wanted = split_terms(posting.requirements, posting.duties)
    if not vocab or not wanted:
        return np.zeros(len(vocab))
    scores = process.cdist(vocab, wanted, scorer=fuzz.partial_ratio, dtype=np.float64, workers=-1).max(axis=1)
    return np.where(scores >= TEXT_CUTOFF, scores / 100.0, 0.0)


def _max_per_row(index: RegistryIndex, term_score: np.ndarray) -> np.ndarray:
    """Best term score per registrant (term rows are grouped by registrant, in row order)."""
    found = best_term(index, term_score)  # only the terms the posting's text matches
    if found is not None:
        return found
    out = np.zeros(index.n)
    starts = index.cache.get("term_starts")
    if starts is None:
        starts = index.cache["term_starts"] = np.flatnonzero(np.r_[True, index.term_reg[1:] != index.term_reg[:-1]])
    out[index.term_reg[starts]] = np.maximum.reduceat(term_score[index.term_id], starts)
    return out


def _fixed(index: RegistryIndex) -> tuple[np.ndarray, np.ndarray]:
    """The posting-independent parts: vaccination experience (1 / 0.5 unknown / 0) and reliability."""
    fixed = index.cache.get("fixed")
    if fixed is None:
        vax = np.where(index.vax == 1, 1.0, np.where(index.vax == -1, 0.5, 0.0))
        fixed = index.cache["fixed"] = (vax, 1.0 / (1.0 + index.no_shows + 0.5 * index.late))
    return fixed


# ----------------------------------------------------------------------------- reasons
@dataclass(frozen=True)
class Reason:
    """A reason code with its parameters; :func:`describe` turns it into words."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.params).get(key, default)


def _reason(code: str, **params: Any) -> Reason:
    return Reason(code, tuple(params.items()))


def _reasons(r: Ranking, row: int) -> list[Reason]:
    idx, rec = r.index, r.index.records[row]
    out: list[Reason] = []
    tier = int(r.region_rank[row])
    home = idx.geo.pref_name(int(idx.home_pref[row]))
    out.append(_reason(f"region.{REGION_CODES[tier]}", place=r.posting.place, pref=home,
                       km=round(r.km(row))))
    if not r.n_slots:
        out.append(_reason("avail.no_slots"))
    elif not r.known[row]:
        out.append(_reason("avail.unknown", free=int(r.free[row]), total=r.n_slots))
    if rec.frequency:
        out.append(_reason("avail.frequency", frequency=rec.frequency))
    else:
        out.append(_reason("avail.full" if r.free[row] == r.n_slots else "avail.partial",
                           free=int(r.free[row]), total=r.n_slots))
    if r.booked[row]:
        out.append(_reason("avail.booked", n=int(r.booked[row])))
    occ = r.posting.occupation
    if occ and occ in Occupation._value2member_map_:
        if (int(idx.occ_mask[row]) >> OCCS.index(Occupation(occ))) & 1:
            out.append(_reason("occ.exact", occ=occ))
        else:
            held = [o.value for i, o in enumerate(OCCS) if (int(idx.occ_mask[row]) >> i) & 1]
            via = max(held, key=lambda o: fit(o, occ), default="")
            out.append(_reason("occ.via", occ=occ, licence=via))
    if rec.vaccination_experience:
        out.append(_reason("exp.vaccination"))
    elif rec.vaccination_experience is None:
        out.append(_reason("exp.unknown"))
    lo, hi = np.searchsorted(idx.term_reg, (row, row + 1))  # term_reg ascends: one row's terms, no scan
    terms = np.asarray(idx.term_id[lo:hi])
    if len(terms) and r.term_score[terms].max() > 0:
        best = terms[int(np.argmax(r.term_score[terms]))]
        out.append(_reason("exp.match", term=idx.term_vocab[best], score=round(float(r.term_score[best]) * 100)))
    if rec.no_shows:
        out.append(_reason("rel.no_show", n=rec.no_shows))
    if rec.late_cancellations:
        out.append(_reason("rel.late_cancel", n=rec.late_cancellations))
    return out


def _exclusion_reason(r: Ranking, row: int) -> Reason:
    code = EXCLUSIONS[int(r.exclusion[row])]
    rec = r.index.records[row]
    if code == "occupation":
        return _reason("excl.occupation", occ=r.posting.occupation or "",
                       licence=rec.occupation, licences=",".join(rec.licences))
    if code == "booked":
        return _reason("excl.booked", n=int(r.booked[row]), total=r.n_slots)
    if code == "no_overlap":
        return _reason("excl.no_overlap", total=r.n_slots)
    return _reason(f"excl.{code}") if code else _reason("excl.none")


_JA = {
    "region.same_muni": "同じ市区町村に在住（{place}）", "region.same_city": "同じ市内の別の区に在住（{place}）",
    "region.area_muni": "勤務希望地に{place}を含む", "region.area_pref": "勤務希望地に募集先の都道府県を含む",
    "region.same_pref": "同じ都道府県に在住（{pref}）", "region.neighbor": "隣接する県に在住（{pref}）",
    "region.area_block": "勤務希望地に募集先の地方を含む", "region.same_block": "同じ地方に在住（{pref}）",
    "region.area_national": "全国どこでも勤務可", "region.far": "遠方に在住（{pref}、約{km}km）",
    "region.unknown": "所在地不明",
    "avail.full": "全{total}枠に対応可", "avail.partial": "{total}枠中{free}枠に対応可",
    "avail.unknown": "勤務可能日の記載なし", "avail.no_slots": "募集に日時の記載なし",
    "avail.frequency": "勤務頻度の希望: {frequency}",
    "avail.booked": "{n}枠は他の会場で確定済み",
    "occ.exact": "職種が一致（{occ_label}）", "occ.via": "{licence_label}の資格で{occ_label}に応募可",
    "exp.vaccination": "ワクチン接種経験あり", "exp.unknown": "接種経験の記載なし",
    "exp.match": "応募要件・業務内容と一致:「{term}」",
    "rel.no_show": "無断欠勤{n}回", "rel.late_cancel": "直前キャンセル{n}回",
    "excl.state_paused": "休止中", "excl.state_withdrawn": "退会済み",
    "excl.occupation": "資格が募集職種（{occ_label}）に合わない（{licence_label}）",
    "excl.no_overlap": "勤務可能日時が募集の枠と重ならない",
    "excl.booked": "対応できる枠はすべて他の会場で確定済み", "excl.none": "",
}
_EN = {
    "region.same_muni": "lives in the same municipality ({place})",
    "region.same_city": "lives in another ward of the same city ({place})",
    "region.area_muni": "work areas include {place}", "region.area_pref": "work areas include the prefecture",
    "region.same_pref": "lives in the same prefecture ({pref})",
    "region.neighbor": "lives in a bordering prefecture ({pref})",
    "region.area_block": "work areas include the region", "region.same_block": "lives in the same region ({pref})",
    "region.area_national": "will work anywhere in Japan", "region.far": "lives far away ({pref}, about {km} km)",
    "region.unknown": "location unknown",
    "avail.full": "available for all {total} slots", "avail.partial": "available for {free} of {total} slots",
    "avail.unknown": "availability not stated", "avail.no_slots": "the posting names no dates",
    "avail.frequency": "states how often: {frequency}",
    "avail.booked": "{n} slot(s) already confirmed elsewhere",
    "occ.exact": "same occupation ({occ_label})", "occ.via": "may fill a {occ_label} posting as {licence_label}",
    "exp.vaccination": "has vaccination experience", "exp.unknown": "vaccination experience not stated",
    "exp.match": "matches the requirements/duties: \"{term}\"",
    "rel.no_show": "{n} no-show(s)", "rel.late_cancel": "{n} late cancellation(s)",
    "excl.state_paused": "paused", "excl.state_withdrawn": "withdrawn",
    "excl.occupation": "not qualified for {occ_label} ({licence_label})",
    "excl.no_overlap": "availability does not overlap any slot",
    "excl.booked": "every slot they could take is already confirmed elsewhere", "excl.none": "",
}
_OCC_EN = {o: o.value.replace("_", " ") for o in Occupation}


def describe(reason: Reason, lang: str = "ja") -> str:
    """The reason in words (``lang`` "ja" or "en")."""
    table = _EN if lang == "en" else _JA
    params = dict(reason.params)
    for key in ("occ", "licence"):
        value = params.get(key) or ""
        if value in Occupation._value2member_map_:
            params[f"{key}_label"] = _OCC_EN[Occupation(value)] if lang == "en" else label(value)
        else:
            params[f"{key}_label"] = value or ("unknown" if lang == "en" else "不明")
    params.setdefault("place", "")
    if not params["place"]:
        params["place"] = "the posting's municipality" if lang == "en" else "募集先の市区町村"
    template = table.get(reason.code, reason.code)
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
