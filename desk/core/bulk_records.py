"""Registrants normalised a column at a time: each distinct value is read once, then rows are
assembled from lookups. Same results as ``records.normalise_registrant`` (a test holds them equal),
several times faster on registry-sized files where most values repeat."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import compress, repeat
from operator import is_, itemgetter, not_
from typing import Any, TypeVar, cast

from desk.core import dates, schedule
from desk.core.gc_pause import without_gc
from desk.core.occupations import parse_occupation, parse_occupations
from desk.core.records import (
    _STATE,
    FieldError,
    Normalised,
    _birth_year,
    _experience,
    _place,
    _work_areas,
    clean_fold_column,
    fold_distinct,
    fold_of_clean,
    folded_fingerprints,
    old_name_warnings,
)
from desk.core.text import clean, compact, compact_cleaned

T = TypeVar("T")
_OCC_REASON = "unknown occupation (expected 医師, 看護師, 准看護師, 保健師, 助産師, 薬剤師 or 事務職員)"


Memo = dict[str, dict[Any, Any]]
_UNREAD = object()  # a value not in the memo yet
#: Distinct values remembered per column across chunks; past this a column's memo starts afresh
#: (a column of mostly distinct values would otherwise grow with the file).
MEMO_LIMIT = 50_000


def _map(values: Sequence[Any], fn: Callable[[Any], T], memo: dict[Any, Any] | None = None) -> list[T]:
    """fn over a column, computed once per distinct value (for the costly readers); ``memo`` keeps
    the readings across the chunks of one file."""
    if memo is None:
        memo = {}
    elif len(memo) > MEMO_LIMIT:
        memo.clear()
    found = list(map(memo.get, values, repeat(_UNREAD)))
    if _UNREAD not in found:  # every value read before (most chunks of a file): one pass over the cells
        return found
    for v in set(values).difference(memo):
        memo[v] = fn(v)
    return list(map(memo.__getitem__, values))


def _clean_map(values: Sequence[str], memo: dict[str, str], diffs: dict[str, str]) -> tuple[list[str], list[str]]:
    """``clean`` of every value and its fingerprint fold (``records.fingerprint_cell``), each
    distinct value read once: the folds are the cleaned list itself unless a value folds otherwise.
    ``diffs`` (kept with ``memo``) holds the values whose fold is not their clean text."""
    if len(memo) > MEMO_LIMIT:
        memo.clear()
        diffs.clear()
    found = list(map(memo.get, values))
    if None not in found:  # every value read before (most chunks of a file): one pass over the cells
        cleaned = cast(list[str], found)
    else:
        for v in set(values).difference(memo):
            c = memo[v] = clean(v)
            f = fold_of_clean(v, c)
            if f != c:
                diffs[v] = f
        cleaned = list(map(memo.__getitem__, values))
    if not diffs:
        return cleaned, cleaned
    return cleaned, list(map(diffs.get, values, cleaned))


def _area_list(text: str) -> tuple[list[dict[str, str]], tuple[str, ...]]:
    areas, unknown = _work_areas(text)
    return list(areas), unknown


def _place_names(raw: tuple[str, str]) -> tuple[str | None, str | None, str, str, list[FieldError]]:
    pref, city = clean(raw[0]), clean(raw[1])
    place = _place(pref, city)
    return (place.pref_code, place.muni_code, place.pref_name or pref, place.city_name or city,
            old_name_warnings(place, "home_city", city))


def _licences(raw: str) -> tuple[str, list[str], str | None]:
    text = clean(raw)
    found = parse_occupations(text)
    if not found:
        single = parse_occupation(text)
        found = [single] if single else []
    return text, [str(x) for x in found], str(found[0]) if found else None


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


#: The registrant columns the normaliser fills, in the order of ``records.normalise_registrant``.
FIELDS = ("source_id", "name", "name_kana", "gender", "birth_year", "occupation", "licences", "occupation_raw",
          "specialty", "home_prefecture", "home_city", "home_pref_code", "home_muni_code", "work_areas_raw",
          "work_areas", "availability_raw", "hours_raw", "availability", "vaccination_experience",
          "experience_raw", "phone", "email", "notes", "registered_on", "state", "licence_no")


@dataclass
class RegistrantColumns:
    """Normalised registrants column by column: ``values[field][i]`` is row i's value (rows in
    ``errors`` were rejected and hold placeholders); errors and warnings are kept per row index."""

    n: int
    values: dict[str, list[Any]]
    errors: dict[int, list[FieldError]] = field(default_factory=dict)
    warnings: dict[int, list[FieldError]] = field(default_factory=dict)

    def record(self, i: int) -> Normalised:
        """Row i as the per-row normaliser gives it (for tests and the few changed rows)."""
        values = {key: column[i] for key, column in self.values.items()}
        return Normalised(values["source_id"], values, [], "", list(self.warnings.get(i, ())))


@without_gc
def normalise_registrant_columns(
    columns: dict[str, list[str]], n: int, *, import_date: dt.date, step: Callable[[float], None] | None = None,
    memo: Memo | None = None, folds: dict[str, Sequence[str]] | None = None,
) -> RegistrantColumns:
    """``columns`` maps field keys to equally long lists of cell text (absent fields are blank).

    ``step(fraction_done)`` is called between the columns (progress, and a place to cancel);
    ``memo`` (one dict, kept by the caller) carries the readings of distinct values from one chunk
    of a file to the next. ``folds``, when given, receives the fingerprint's folding
    (``records.fingerprint_cell``) of the columns cleaned here, found on the way.
    """
    blank = [""] * n
    report = step or (lambda _f: None)
    memos: Memo = memo if memo is not None else {}
    folded: dict[str, Sequence[str]] = folds if folds is not None else {}

    def col(key: str) -> list[str]:
        return columns.get(key) or blank

    def mapped(name: str, values: Sequence[Any], fn: Callable[[Any], T]) -> list[T]:
        return _map(values, fn, memos.setdefault(name, {}))

    def cleaned(name: str, key: str) -> list[str]:  # a column whose values repeat: each distinct value once
        texts, folded[key] = _clean_map(col(key), memos.setdefault(name, {}), memos.setdefault(name + "/fold", {}))
        return texts

    def whole(key: str) -> list[str]:  # a column of mostly distinct values: passes over the whole column
        texts, folded[key] = clean_fold_column(col(key))
        return texts

    sids = compact_cleaned(whole("source_id"))
    names = whole("name")
    occs = mapped("occupation", col("occupation"), _licences)
    state_raw = mapped("state", col("state"), compact)
    states = list(map(_STATE.get, map(str.lower, state_raw)))
    regs = mapped("registered_on", col("registered_on"), _date)
    # Keyed on the cells as typed: the cleaned texts are only needed once per distinct pair.
    places = mapped("place", list(zip(col("home_prefecture"), col("home_city"), strict=True)), _place_names)
    report(0.2)
    areas_raw = cleaned("areas_raw", "work_areas")
    # One list object per distinct value, shared by its rows (never mutated): stored once as JSON.
    areas = mapped("areas", areas_raw, _area_list)
    report(0.35)
    avail_raw, hours_raw = cleaned("avail_raw", "availability"), cleaned("hours", "hours")
    # The registration date only matters to texts with numbers (yearless dates like 6/12); keying
    # the others on the import date lets one reading serve every row that says 土日祝.
    has_digits = mapped("has_digits", avail_raw, lambda a: any(ch.isdigit() for ch in a))
    # And of those, rows on the same side of every date the text names share one reading too.
    refs = [schedule.availability_reference(a, r[0] or import_date) if d else import_date
            for a, r, d in zip(avail_raw, regs, has_digits, strict=True)]
    avails = mapped("avail", list(zip(avail_raw, hours_raw, refs, strict=True)), _availability)
    report(0.6)
    exp_raw = cleaned("exp_raw", "experience")
    raw_reg = col("registered_on")
    out = RegistrantColumns(n, {
        "source_id": sids, "name": names, "name_kana": whole("name_kana"),
        "gender": cleaned("gender", "gender"), "birth_year": mapped("birth", col("birth"), _birth_year),
        "occupation": _part(occs, 2), "licences": _part(occs, 1),
        "occupation_raw": _part(occs, 0), "specialty": cleaned("specialty", "specialty"),
        "home_prefecture": _part(places, 2), "home_city": _part(places, 3),
        "home_pref_code": _part(places, 0), "home_muni_code": _part(places, 1),
        "work_areas_raw": areas_raw, "work_areas": _part(areas, 0),
        "availability_raw": avail_raw, "hours_raw": hours_raw, "availability": _part(avails, 0),
        "vaccination_experience": mapped("exp", exp_raw, _experience), "experience_raw": exp_raw,
        "phone": whole("phone"), "email": whole("email"),
        "notes": cleaned("notes", "notes"), "registered_on": _part(regs, 0), "state": states,
        "licence_no": compact_cleaned(whole("licence_no")),
    })
    report(0.8)
    errors = out.errors
    # The rows with a problem, found with C-level passes; only they are looked at one by one.
    rows = range(n)
    bad = set(compress(rows, map(not_, sids))).union(
        compress(rows, map(not_, names)), compress(rows, map(not_, _part(occs, 1))),
        compress(rows, map(partial(is_, None), states)), compress(rows, _part(regs, 1)))
    for i in sorted(bad):
        sid, name, occ, state, reg = sids[i], names[i], occs[i], states[i], regs[i]
        found: list[FieldError] = []
        if not sid:
            found.append(FieldError("source_id", "", "登録ID is missing"))
        if not name:
            found.append(FieldError("name", "", "氏名 is missing"))
        if not occ[1]:
            found.append(FieldError("occupation", occ[0], _OCC_REASON))
        if state is None:
            found.append(FieldError("state", state_raw[i], "unknown 状態 (expected 有効, 休止 or 退会)"))
        if reg[1]:
            found.append(FieldError("registered_on", raw_reg[i], *reg[1]))
        errors[i] = found
    warnings = out.warnings
    for i in compress(rows, _part(places, 4)):
        if i not in errors:
            warnings[i] = list(places[i][4])
    for i in compress(rows, _part(areas, 1)):
        if i not in errors:
            warnings.setdefault(i, []).append(
                FieldError("work_areas", areas_raw[i], "not recognised: " + "、".join(areas[i][1])))
    for i in compress(rows, _part(avails, 1)):
        unread = avails[i][1]
        if unread and i not in errors:
            warnings.setdefault(i, []).append(FieldError("availability", avail_raw[i], *unread))
    return out


@without_gc
def normalise_registrant_chunk(
    columns: dict[str, list[str]], n: int, *, hash_prefix: str, folded: Sequence[dict[str, str]],
    import_date: dt.date, memo: Memo, step: Callable[[float], None] | None = None,
) -> tuple[RegistrantColumns, list[str]]:
    """``normalise_registrant_columns`` and the rows' fingerprints (``records.row_fingerprints`` of
    every field of ``columns``, in sorted order; ``folded`` holds their memos): each cell is
    cleaned once for both."""
    folds: dict[str, Sequence[str]] = {}
    cols = normalise_registrant_columns(columns, n, import_date=import_date, step=step, memo=memo, folds=folds)
    keys = sorted(columns)
    hashes = folded_fingerprints(hash_prefix, [
        folds[key] if key in folds else fold_distinct(columns[key], fold_memo)
        for key, fold_memo in zip(keys, folded, strict=True)])
    return cols, hashes


def _part(values: Sequence[Sequence[Any]], k: int) -> list[Any]:
    """Item k of every value (a C-level pass)."""
    return list(map(itemgetter(k), values))


def normalise_registrants(
    columns: dict[str, list[str]], n: int, *, import_date: dt.date, step: Callable[[float], None] | None = None
) -> list[tuple[Normalised | None, list[FieldError]]]:
    """``normalise_registrant_columns`` as one (record or None, errors) pair per row."""
    cols = normalise_registrant_columns(columns, n, import_date=import_date, step=step)
    return [(None, cols.errors[i]) if i in cols.errors else (cols.record(i), []) for i in range(n)]
