"""The ranking's rules applied one registrant at a time, in plain Python: the reference the
vectorised ``desk.core.ranking.rank`` is tested and benchmarked against (same candidates, order,
scores and exclusions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from rapidfuzz import fuzz

from desk.core.occupations import Occupation, fit
from desk.core.ranking import (  # noqa: PLC2701 - the reference shares the rules' constants
    COMPONENTS,
    EXP_TEXT,
    EXP_VAX,
    FAR_KM,
    FAR_MAX,
    R_AREA_BLOCK,
    R_AREA_MUNI,
    R_AREA_PREF,
    R_BLOCK,
    R_CITY,
    R_FAR,
    R_MUNI,
    R_NATIONAL,
    R_NEIGHBOR,
    R_PREF,
    R_UNKNOWN,
    REGION_VALUE,
    TEXT_CUTOFF,
    UNSTATED,
    UNSTATED_FREQUENCY,
    PostingQuery,
    _Context,
    _context,
)
from desk.core.registry_index import (
    AREA_KINDS,
    OCCS,
    Booking,
    Geography,
    RegistrantRecord,
    area_code,
    default_geography,
    muni_int,
    pref_index,
    split_terms,
)


def rank_naive(records: Sequence[RegistrantRecord], posting: PostingQuery, bookings: Iterable[Booking] = (),
               weights: Mapping[str, float] | None = None, geo: Geography | None = None,
               ) -> tuple[list[tuple[str, float, dict[str, float]]], dict[str, str]]:
    """The same rules one registrant at a time: (candidates best first, {source_id: exclusion code})."""
    from desk.core.schedule import covers

    geo = geo or default_geography()
    ctx = _context(posting, geo, weights)
    wanted = split_terms(posting.requirements, posting.duties)
    booked_by: dict[int, list[Booking]] = {}
    for b in bookings:
        if b.posting_id is None or b.posting_id != posting.posting_id:
            booked_by.setdefault(b.row_id, []).append(b)
    dates = {o: dt.date.fromordinal(o) for o, *_ in ctx.slots}
    rows: list[tuple[float, float, str, dict[str, float]]] = []
    excluded: dict[str, str] = {}
    for rec in records:
        region, tier = _naive_region(rec, ctx, geo)
        rules = [dict(x) for x in rec.availability]
        covered = free = 0
        for o, _wd, s, e, _hol in ctx.slots:
            if rules and not covers(rules, dates[o], s, e):
                continue
            covered += 1
            if not any(b.date.toordinal() == o and b.start < e and s < b.end for b in booked_by.get(rec.row_id, ())):
                free += 1
        total = len(ctx.slots)
        if not total:
            avail = 0.5
        else:
            avail = free / total if rules else (UNSTATED_FREQUENCY if rec.frequency else UNSTATED) * (free / total)
        held = [x for x in (rec.occupation, *rec.licences) if x in Occupation._value2member_map_]
        if ctx.occ < 0:
            occfit = 0.5
        elif not held and OCCS[ctx.occ] is Occupation.CLERK:
            occfit = fit(Occupation.DOCTOR, Occupation.CLERK)
        else:
            occfit = max((fit(x, OCCS[ctx.occ]) for x in held), default=0.0)
        text = 0.0
        for term in split_terms(rec.specialty, rec.notes):
            for want in wanted:
                sc = fuzz.partial_ratio(term, want)
                if sc >= TEXT_CUTOFF and sc / 100.0 > text:
                    text = sc / 100.0
        vax = {True: 1.0, False: 0.0, None: 0.5}[rec.vaccination_experience]
        comps = {"region": region, "availability": avail, "occupation": occfit,
                 "experience": EXP_VAX * vax + EXP_TEXT * text,
                 "reliability": 1.0 / (1.0 + rec.no_shows + 0.5 * rec.late_cancellations)}
        if rec.state in ("paused", "withdrawn"):
            excluded[rec.source_id] = f"state_{rec.state}"
        elif occfit == 0.0:
            excluded[rec.source_id] = "occupation"
        elif total and rules and covered == 0:
            excluded[rec.source_id] = "no_overlap"
        elif total and free == 0:
            excluded[rec.source_id] = "booked"
        else:
            score = ctx.weights[0] * comps["region"]
            for k in range(1, len(COMPONENTS)):
                score = score + ctx.weights[k] * comps[COMPONENTS[k]]
            rows.append((score, region, rec.source_id, comps))
    rows.sort(key=lambda x: (-x[0], -x[1], x[2]))
    return [(sid, score, comps) for score, _r, sid, comps in rows], excluded


def _naive_region(rec: RegistrantRecord, ctx: _Context, geo: Geography) -> tuple[float, int]:
    if ctx.p < 0:
        return 0.0, R_UNKNOWN
    best, km = R_UNKNOWN, 0.0
    hp, hm = pref_index(rec.home_pref or rec.home_muni), muni_int(rec.home_muni)
    if hp >= 0:
        km = float(geo.distance[ctx.p][hp])
        best = R_FAR
        if geo.block8[hp] == geo.block8[ctx.p]:
            best = R_BLOCK
        if geo.neighbors[ctx.p][hp]:
            best = R_NEIGHBOR
        if hp == ctx.p:
            best = R_PREF
    if ctx.m and hm:
        if hm == ctx.m:
            best = R_MUNI
        elif geo.parent(hm) == ctx.city:
            best = R_CITY
    for area in rec.work_areas:
        kind = AREA_KINDS.get(str(area.get("kind", "")), -1)
        code = area_code(kind, str(area.get("code") or ""), geo)
        if kind < 0 or code is None:
            continue
        tier = R_UNKNOWN
        if kind == 0:
            tier = R_NATIONAL
        elif (kind == 1 and code == geo.block8[ctx.p]) or (kind == 2 and code == geo.mhlw[ctx.p]):
            tier = R_AREA_BLOCK
        elif kind == 3 and code == ctx.p:
            tier = R_AREA_PREF
        elif kind == 4 and ctx.m and ctx.m in (code, geo.parent(code)) or kind == 4 and ctx.m and code == ctx.city:
            tier = R_AREA_MUNI
        best = max(best, tier)
    value = FAR_MAX / (1.0 + km / FAR_KM) if best == R_FAR else float(REGION_VALUE[best])
    return value, best
