"""Registrants normalised a column at a time: each distinct value is read once, then rows are
assembled from lookups. Same results as ``records.normalise_registrant`` (a test holds them equal),
several times faster on registry-sized files where most values repeat."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from desk.core import dates, schedule
from desk.core.occupations import parse_occupation, parse_occupations
from desk.core.records import (
    _STATE,
    FieldError,
    Normalised,
    _birth_year,
    _experience,
    _place,
    _work_areas,
    old_name_warnings,
)
from desk.core.text import clean, compact

T = TypeVar("T")
_OCC_REASON = "unknown occupation (expected 医師, 看護師, 准看護師, 保健師, 助産師, 薬剤師 or 事務職員)"


def _map(values: Sequence[str], fn: Callable[[str], T]) -> list[T]:
    """fn over a column, computed once per distinct value (for the costly readers)."""
    memo = {v: fn(v) for v in set(values)}
    return [memo[v] for v in values]


def _each(values: Sequence[str], fn: Callable[[str], T]) -> list[T]:
    """fn over a column that is mostly distinct values (ids, phones)."""
    return list(map(fn, values))


# The cleaners without their caches: a column of distinct values would only churn them.
_clean = clean.__wrapped__


def _compact(value: str) -> str:
    return _clean(value).replace(" ", "")


def _area_list(text: str) -> tuple[list[dict[str, str]], tuple[str, ...]]:
    areas, unknown = _work_areas(text)
    return list(areas), unknown


def _place_names(pref: str, city: str) -> tuple[str | None, str | None, str, str, list[FieldError]]:
    place = _place(pref, city)
    return (place.pref_code, place.muni_code, place.pref_name or pref, place.city_name or city,
            old_name_warnings(place, "home_city", city))


def _licences(raw: str) -> tuple[str, list[str]]:
    text = clean(raw)
    found = parse_occupations(text)
    if not found:
        single = parse_occupation(text)
        found = [single] if single else []
    return text, [str(x) for x in found]


def _date(raw: str) -> tuple[dt.date | None, tuple[str, str] | None]:
    try:
        return dates.parse_date(raw), None
    except dates.DateError as exc:
        return None, (f"impossible date: {exc}", exc.code)


def _availability(key: tuple[str, str, dt.date]) -> tuple[list[dict[str, Any]], tuple[str, str] | None]:
    avail, hours, reference = key
    try:
        return schedule.parse_availability(avail, hours, reference=reference), None
    except dates.DateError as exc:
        return [], (f"kept as typed, read as 'not stated': {exc}", exc.code)


def normalise_registrants(
    columns: dict[str, list[str]], n: int, *, import_date: dt.date, step: Callable[[float], None] | None = None
) -> list[tuple[Normalised | None, list[FieldError]]]:
    """``columns`` maps field keys to equally long lists of cell text (absent fields are blank).

    ``step(fraction_done)`` is called between the columns (progress, and a place to cancel).
    """
    blank = [""] * n
    report = step or (lambda _f: None)

    def col(key: str) -> list[str]:
        return columns.get(key) or blank

    sids = _each(col("source_id"), _compact)
    names = _each(col("name"), _clean)
    occs = _map(col("occupation"), _licences)
    state_raw = _map(col("state"), compact)
    states = [_STATE.get(s.lower()) for s in state_raw]
    regs = _map(col("registered_on"), _date)
    prefs, cities = _map(col("home_prefecture"), clean), _map(col("home_city"), clean)
    places = _map(list(zip(prefs, cities, strict=True)), lambda pc: _place_names(*pc))  # type: ignore[arg-type]
    report(0.2)
    areas_raw = _map(col("work_areas"), clean)
    # One list object per distinct value, shared by its rows (never mutated): stored once as JSON.
    areas = _map(areas_raw, _area_list)
    report(0.35)
    avail_raw, hours_raw = _map(col("availability"), clean), _map(col("hours"), clean)
    # The registration date only matters to texts with numbers (yearless dates like 6/12); keying
    # the others on the import date lets one reading serve every row that says 土日祝.
    has_digits = {a: any(ch.isdigit() for ch in a) for a in set(avail_raw)}
    refs = [(r[0] or import_date) if has_digits[a] else import_date for r, a in zip(regs, avail_raw, strict=True)]
    avails = _map(list(zip(avail_raw, hours_raw, refs, strict=True)), _availability)  # type: ignore[arg-type]
    report(0.6)
    exp_raw = _map(col("experience"), clean)
    exps = _map(exp_raw, _experience)
    births = _map(col("birth"), _birth_year)
    kana, gender, specialty = _each(col("name_kana"), _clean), _map(col("gender"), clean), _map(col("specialty"), clean)
    phone, email, notes = _each(col("phone"), _clean), _each(col("email"), _clean), _map(col("notes"), clean)
    licence_no = _each(col("licence_no"), _compact)
    raw_reg = col("registered_on")
    report(0.8)

    out: list[tuple[Normalised | None, list[FieldError]]] = []
    for i in range(n):
        sid, name, (occ_text, licences), state, (reg, reg_err) = sids[i], names[i], occs[i], states[i], regs[i]
        if not sid or not name or not licences or state is None or reg_err:
            errors: list[FieldError] = []
            if not sid:
                errors.append(FieldError("source_id", "", "登録ID is missing"))
            if not name:
                errors.append(FieldError("name", "", "氏名 is missing"))
            if not licences:
                errors.append(FieldError("occupation", occ_text, _OCC_REASON))
            if state is None:
                errors.append(FieldError("state", state_raw[i], "unknown 状態 (expected 有効, 休止 or 退会)"))
            if reg_err:
                errors.append(FieldError("registered_on", raw_reg[i], *reg_err))
            out.append((None, errors))
            continue
        pref_code, muni_code, pref_name, city_name, place_notes = places[i]
        area_list, unknown = areas[i]
        rules, avail_warning = avails[i]
        warnings: list[FieldError] = list(place_notes)
        if unknown:
            warnings.append(FieldError("work_areas", areas_raw[i], "not recognised: " + "、".join(unknown)))
        if avail_warning:
            warnings.append(FieldError("availability", avail_raw[i], *avail_warning))
        values: dict[str, Any] = {
            "source_id": sid, "name": name, "name_kana": kana[i], "gender": gender[i], "birth_year": births[i],
            "occupation": licences[0], "licences": licences, "occupation_raw": occ_text,
            "specialty": specialty[i],
            "home_prefecture": pref_name, "home_city": city_name,
            "home_pref_code": pref_code, "home_muni_code": muni_code,
            "work_areas_raw": areas_raw[i], "work_areas": area_list,
            "availability_raw": avail_raw[i], "hours_raw": hours_raw[i], "availability": rules,
            "vaccination_experience": exps[i], "experience_raw": exp_raw[i],
            "phone": phone[i], "email": email[i], "notes": notes[i], "registered_on": reg, "state": state,
            "licence_no": licence_no[i],
        }
        out.append((Normalised(sid, values, [], "", warnings), []))
    return out
