"""One spreadsheet row → one normalised posting or registrant, or the reasons it was rejected.

Pure functions over strings; the importer (desk.services.importer) decides what to write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from desk.core import dates, regions, schedule
from desk.core.gc_pause import without_gc
from desk.core.occupations import parse_occupation, parse_occupations
from desk.core.text import clean, clean_column, clean_joined, compact, fold_marks

_STATUS = {"公開": "open", "公開中": "open", "掲載中": "open", "募集中": "open", "open": "open",
           "停止": "paused", "一時停止": "paused", "休止": "paused", "paused": "paused",
           "終了": "ended", "募集終了": "ended", "掲載終了": "ended", "充足": "ended", "ended": "ended"}
_STATE = {"有効": "active", "active": "active", "登録中": "active", "": "active",
          "休止": "paused", "休止中": "paused", "paused": "paused",
          "退会": "withdrawn", "退会済": "withdrawn", "withdrawn": "withdrawn", "削除": "withdrawn"}
_MASKED = {"マスキング": True, "マスキング情報": True, "マスク": True, "masked": True, "非公開": True,
           "全情報": False, "全部": False, "全て": False, "すべて": False, "full": False, "公開": False}
_YES = {"あり", "有", "有り", "○", "〇", "◯", "yes", "y", "true", "1", "済", "経験あり", "可"}
_NO = {"なし", "無", "無し", "×", "✕", "no", "n", "false", "0", "未", "経験なし", "不可"}
_NUMBER = re.compile(r"-?\d+")
_YEAR = re.compile(r"(19|20)\d\d")


@dataclass
class FieldError:
    field: str  # field key
    value: str
    reason: str  # English, for the command line and logs; reason_ja() gives the Japanese
    code: str = ""  # the DateError code when a date, time or pattern could not be read


@dataclass
class Normalised:
    source_id: str
    values: dict[str, Any]  # model columns
    slots: list[tuple[dt.date, dt.time, dt.time]] = field(default_factory=list)
    row_hash: str = ""
    warnings: list[FieldError] = field(default_factory=list)


@lru_cache(maxsize=16384)
def _place(pref: str, city: str, *more: str) -> regions.Place:
    """Resolve prefecture + city, falling back to the other location texts."""
    texts = [f"{pref}{city}".strip(), city, *more, pref]
    best = regions.Place(None, None)
    for text in texts:
        if not text:
            continue
        place = regions.resolve(text)
        if place.muni_code:
            if best.pref_code and place.pref_code != best.pref_code:
                continue
            return place
        if place.pref_code and not best.pref_code:
            best = place
    return best


_SEP = "\x1f"
_INNER_SPACE = re.compile(r"[ \t\r\n\f\v]{2,}|[\t\r\n\f\v]")
# Excel writes a date or a time as text in several ways: 2021/6/12 (CP932 .csv), 2021-06-12 (.xlsx).
_DATE_CELL = re.compile(r"(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::00)?)?")
_TIME_CELL = re.compile(r"(\d{1,2}):(\d{2})(?::00)?")
_clean_uncached = clean.__wrapped__


def _date_cell(m: re.Match[str]) -> str:
    day = f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    if m[4] is None or (int(m[4]) == 0 and m[5] == "00"):
        return day
    return f"{day} {int(m[4]):02d}:{m[5]}"


def _time_cell(m: re.Match[str]) -> str:
    return f"{int(m[1]):02d}:{m[2]}"


def fingerprint_cell(value: str) -> str:
    """One cell as the fingerprint sees it: ``clean``, then dates and times in one form."""
    if value.isascii():
        text = value.strip()
        if "  " in text or "\t" in text or "\n" in text or "\r" in text:
            text = _INNER_SPACE.sub(" ", text)
    else:
        text = _clean_uncached(value)
    if text[:1].isdigit():
        if len(text) >= 8 and text[4:5] in ("/", "-", ".") and (m := _DATE_CELL.fullmatch(text)):
            return _date_cell(m)
        if len(text) <= 8 and ":" in text and (m := _TIME_CELL.fullmatch(text)):
            return _time_cell(m)
    return text


def row_fingerprint(prefix: str, cells: Iterable[str]) -> str:
    """The fingerprint of a row: the mapped fields' cells, normalised, in a fixed order.

    The same data read from .xlsx and from a CP932 .csv gives the same fingerprint (unchanged, not
    updated). A row whose cells this folding leaves as they are keeps the fingerprint it had before
    the folding existed; the others count as updated once, on their first import after it.
    """
    return hashlib.sha1((prefix + _SEP.join(map(fingerprint_cell, cells))).encode("utf-8")).hexdigest()


@without_gc
def row_fingerprints(prefix: str, columns: Sequence[Sequence[str]],
                     memos: list[dict[str, str]] | None = None) -> list[str]:
    """``row_fingerprint`` of every row, given column by column (the same values, much faster).

    ``memos`` (one dict per column, kept by the caller) carry the folded values from one chunk of
    a file to the next.
    """
    if memos is None:
        memos = [{} for _ in columns]
    return folded_fingerprints(prefix, [fold_distinct(column, memo) for column, memo in zip(columns, memos, strict=True)])


def folded_fingerprints(prefix: str, folded_columns: Sequence[Sequence[str]]) -> list[str]:
    """``row_fingerprints`` of columns already folded (``fingerprint_cell`` of every cell)."""
    folded: list[Iterable[str]] = list(folded_columns)
    if not folded:
        return []
    # prefix + the cells joined, encoded, hashed: each step one C-level map over the rows.
    folded[0] = map(prefix.__add__, folded[0])
    rows = map(_SEP.join, zip(*folded, strict=True))
    return list(map(_HEX, map(hashlib.sha1, map(str.encode, rows))))


_HEX = operator.methodcaller("hexdigest")


_FOLD_MEMO_LIMIT = 50_000
_SAMPLE = 1_000


def fold_distinct(column: Sequence[str], memo: dict[str, str]) -> Sequence[str]:
    """``fold_column``, folding each distinct value once when values repeat (dates, hours, places);
    the column itself when every value is its own fold (no list built)."""
    sample = column[:_SAMPLE]
    if 4 * len(set(sample)) > 3 * len(sample):  # mostly distinct (ids, phones): one pass is cheaper
        return fold_column(column)
    if len(memo) > _FOLD_MEMO_LIMIT:
        memo.clear()
    distinct = set(column)
    todo = list(distinct.difference(memo))
    memo.update(zip(todo, fold_column(todo), strict=True))
    if all(map(operator.eq, map(memo.__getitem__, distinct), distinct)):
        return column
    return list(map(memo.__getitem__, column))


# Characters the fingerprint's spacing treats otherwise than ``clean`` in an ASCII cell (and the
# separator of the joined passes, U+001F).
_ODD_ASCII = "\x0b\x0c\x1c\x1d\x1e"
# A whole cell the fingerprint writes in its one form (a date or a time): the joined column's first
# cell, or one after a separator (the cheap test before the rewriting passes).
_DATE_OR_TIME = r"(?:\d{4}[/\-.]\d{1,2}[/\-.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::00)?)?|\d{1,2}:\d{2}(?::00)?)(?![^\x1f])"
_STARTS_AS_DATE = re.compile(_DATE_OR_TIME)
_MAY_BE_DATE = re.compile("\x1f" + _DATE_OR_TIME)


def _has_odd_ascii(text: str) -> bool:
    return any(ch in text for ch in _ODD_ASCII)  # a substring search each: faster than a regex


def fold_of_clean(raw: str, cleaned: str) -> str:
    """``fingerprint_cell(raw)``, given ``clean(raw)``: the fingerprint folds a cell as ``clean``
    does, then writes dates and times in one form. (For an ASCII cell it strips before it joins
    spaces, and joins fewer kinds: the same text unless the cell holds U+001F or one of
    ``_ODD_ASCII``.)"""
    if cleaned[:1].isdigit() or (raw.isascii() and (_SEP in raw or _has_odd_ascii(raw))):
        return fingerprint_cell(raw)
    return cleaned


def clean_fold_column(column: Sequence[str]) -> tuple[list[str], list[str]]:
    """``clean`` and ``fingerprint_cell`` of every cell of a column, the spaces and NFKC done once
    for both: the folded list is the cleaned list itself when no cell holds a date or a time."""
    if not column:
        return [], []
    joined = _SEP.join(column)
    if joined.count(_SEP) != len(column) - 1 or _has_odd_ascii(joined):
        return clean_column(column), fold_column(column)
    cleaned = clean_joined(joined)
    return cleaned, fold_cleaned(cleaned)


def fold_cleaned(cleaned: list[str]) -> list[str]:
    """``fingerprint_cell`` of every cell, given their ``clean`` texts (cells that hold neither
    U+001F nor one of ``_ODD_ASCII``, see ``fold_of_clean``)."""
    text = _SEP.join(cleaned)
    if not (_STARTS_AS_DATE.match(text) or _MAY_BE_DATE.search(text)):
        return cleaned
    return _dates_and_times(text).split(_SEP)


_ODD_SPACE = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u1680\u2028\u2029]")
_WS_RUN = re.compile(r"[ \t\r\n\f\v]{2,}|[\t\r\n\f\v]")
_EDGE = re.compile(r" ?\x1f ?")
_DATE_ANY = re.compile(r"(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::00)?)?(?![^\x1f])")
_TIME_ANY = re.compile(r"(\d{1,2}):(\d{2})(?::00)?(?![^\x1f])")


def fold_column(column: Sequence[str]) -> list[str]:
    """``fingerprint_cell`` of every cell of a column, in a few passes over the joined column.

    A column that needs nothing (ASCII ids, clean text) costs a couple of scans; NFKC, the marks,
    spaces and date forms are each applied once to the whole column when some cell needs them.
    """
    if not column:
        return []
    text = _SEP.join(column)
    if text.count(_SEP) != len(column) - 1 or _ODD_SPACE.search(text):
        # A cell holds the separator itself, or a space the joined passes would treat otherwise
        # (form feed, line tab, information separators): cell by cell.
        return [fingerprint_cell(c) for c in column]
    text = fold_marks(text)
    if "  " in text or " \x1f" in text or "\x1f " in text or text[:1] == " " or text[-1:] == " " \
            or not text.replace(_SEP, "").isprintable():
        text = _EDGE.sub(_SEP, _WS_RUN.sub(" ", text)).strip(" ")

    return _dates_and_times(text).split(_SEP)


def _dates_and_times(text: str) -> str:
    """The cells of a joined column with their dates and times in the fingerprint's one form."""

    def at_cell_start(m: re.Match[str]) -> bool:
        return m.start() == 0 or text[m.start() - 1] == _SEP

    if "/" in text or "-" in text or "." in text:
        text = _DATE_ANY.sub(lambda m: _date_cell(m) if at_cell_start(m) else m[0], text)
    if ":" in text:
        text = _TIME_ANY.sub(lambda m: _time_cell(m) if at_cell_start(m) else m[0], text)
    return text


def old_name_warnings(place: regions.Place, field_key: str, raw: str) -> list[FieldError]:
    """A note when the place was written with a municipality name that no longer exists."""
    return [FieldError(field_key, raw, f"old municipality name: {place.note}")] if place.note else []


def _headcount(raw: str, errors: list[FieldError]) -> int:
    text = compact(raw).replace(",", "")
    m = _NUMBER.search(text)
    if not m:
        errors.append(FieldError("headcount", raw, "募集人数 is not a number"))
        return 0
    n = int(m.group())
    if n < 0:
        errors.append(FieldError("headcount", raw, "募集人数 is negative"))
    return n


def _date_field(key: str, raw: str, errors: list[FieldError], reference: dt.date | None = None) -> dt.date | None:
    try:
        return dates.parse_date(raw, reference=reference)
    except dates.DateError as exc:
        errors.append(FieldError(key, raw, f"impossible date: {exc}", exc.code))
        return None


def normalise_posting(cells: dict[str, str], *, import_date: dt.date) -> tuple[Normalised | None, list[FieldError]]:
    errors: list[FieldError] = []
    sid = compact(cells.get("source_id", ""))
    if not sid:
        errors.append(FieldError("source_id", "", "募集ID is missing"))
    occ_raw = clean(cells.get("occupation", ""))
    occ = parse_occupation(occ_raw)
    if occ is None:
        errors.append(FieldError("occupation", occ_raw, "unknown occupation (expected 医師, 看護師, 准看護師, 保健師, 助産師, 薬剤師 or 事務職員)"))
    headcount = _headcount(cells.get("headcount", "1") or "1", errors)
    updated_on = _date_field("updated_on", cells.get("updated_on", ""), errors)
    status_raw = compact(cells.get("status", ""))
    status = _STATUS.get(status_raw.lower()) if status_raw else "open"
    if status is None:
        errors.append(FieldError("status", status_raw, "unknown 掲載状況 (expected 公開, 停止 or 終了)"))
    disclosure = compact(cells.get("disclosure", ""))
    masked = _MASKED.get(disclosure.lower()) if disclosure else True
    if masked is None:
        errors.append(FieldError("disclosure", disclosure, "unknown 公開区分 (expected 全情報 or マスキング)"))
    dates_raw, hours_raw = clean(cells.get("dates", "")), clean(cells.get("hours", ""))
    slots: list[tuple[dt.date, dt.time, dt.time]] = []
    if dates_raw:
        try:
            slots = [(s.date, s.start, s.end) for s in
                     schedule.posting_slots(dates_raw, hours_raw, reference=updated_on or import_date)]
        except dates.DateError as exc:
            column = "hours" if hours_raw and exc.code == "bad_time" else "dates"
            errors.append(FieldError(column, hours_raw if column == "hours" else dates_raw, str(exc), exc.code))
    pref_raw, city_raw = clean(cells.get("prefecture", "")), clean(cells.get("city", ""))
    address = clean(cells.get("venue_address", ""))
    muni_name = clean(cells.get("municipality_name", ""))
    place = _place(pref_raw, city_raw, address, muni_name)
    if errors:
        return None, errors
    values: dict[str, Any] = {
        "source_id": sid, "municipality_name": muni_name,
        "pref_code": place.pref_code, "muni_code": place.muni_code,
        "prefecture": place.pref_name or pref_raw, "city": place.city_name or city_raw,
        "venue_name": clean(cells.get("venue_name", "")), "venue_address": address,
        "occupation": str(occ), "occupation_raw": occ_raw, "headcount": headcount,
        "dates_raw": dates_raw, "hours_raw": hours_raw,
        "employment_type": clean(cells.get("employment_type", "")), "pay": clean(cells.get("pay", "")),
        "duties": clean(cells.get("duties", "")), "requirements": clean(cells.get("requirements", "")),
        "contact_name": clean(cells.get("contact_name", "")), "contact_phone": clean(cells.get("contact_phone", "")),
        "contact_email": clean(cells.get("contact_email", "")), "masked": bool(masked), "status": status,
        "updated_on": updated_on,
    }
    warnings = old_name_warnings(place, "city", city_raw or address)
    if not place.pref_code:
        warnings.append(FieldError("prefecture", pref_raw or city_raw, "place not recognised; kept as typed"))
    return Normalised(sid, values, slots, "", warnings), []


@lru_cache(maxsize=8192)
def _work_areas(text: str) -> tuple[tuple[dict[str, str], ...], tuple[str, ...]]:
    if not text:
        return (), ()
    areas, unknown = regions.parse_work_areas_verbose(text)
    return tuple({"kind": a.kind, "code": a.code} for a in areas), tuple(unknown)


def _birth_year(raw: str) -> int | None:
    text = clean(raw)
    if not text:
        return None
    m = _YEAR.search(text)
    if m:
        return int(m.group())
    try:  # era years: 昭和50年, S50, 平成3年3月3日
        value = dates.timex(text)
    except (dates.DateError, ValueError):
        return None
    return int(value[:4]) if value[:4].isdigit() else None


def _experience(raw: str) -> bool | None:
    text = compact(raw).lower()
    if not text:
        return None
    if text in _YES or text.endswith("あり") or text.startswith("有"):
        return True
    if text in _NO or text.endswith("なし") or text.startswith("無"):
        return False
    return None


def normalise_registrant(cells: dict[str, str], *, import_date: dt.date) -> tuple[Normalised | None, list[FieldError]]:
    errors: list[FieldError] = []
    sid = compact(cells.get("source_id", ""))
    if not sid:
        errors.append(FieldError("source_id", "", "登録ID is missing"))
    name = clean(cells.get("name", ""))
    if not name:
        errors.append(FieldError("name", "", "氏名 is missing"))
    occ_raw = clean(cells.get("occupation", ""))
    licences = parse_occupations(occ_raw)
    if not licences:
        single = parse_occupation(occ_raw)
        licences = [single] if single else []
    if not licences:
        errors.append(FieldError("occupation", occ_raw, "unknown occupation (expected 医師, 看護師, 准看護師, 保健師, 助産師, 薬剤師 or 事務職員)"))
    state_raw = compact(cells.get("state", ""))
    state = _STATE.get(state_raw.lower())
    if state is None:
        errors.append(FieldError("state", state_raw, "unknown 状態 (expected 有効, 休止 or 退会)"))
    registered_on = _date_field("registered_on", cells.get("registered_on", ""), errors)
    if errors:
        return None, errors
    pref_raw, city_raw = clean(cells.get("home_prefecture", "")), clean(cells.get("home_city", ""))
    place = _place(pref_raw, city_raw)
    warnings = old_name_warnings(place, "home_city", city_raw)
    areas_raw = clean(cells.get("work_areas", ""))
    areas, unknown = _work_areas(areas_raw)
    if unknown:
        warnings.append(FieldError("work_areas", areas_raw, "not recognised: " + "、".join(unknown)))
    avail_raw, hours_raw = clean(cells.get("availability", "")), clean(cells.get("hours", ""))
    try:
        availability = schedule.parse_availability(avail_raw, hours_raw, reference=registered_on or import_date)
    except dates.DateError as exc:
        availability = []
        warnings.append(FieldError("availability", avail_raw, f"kept as typed, read as 'not stated': {exc}", exc.code))
    exp_raw = clean(cells.get("experience", ""))
    values: dict[str, Any] = {
        "source_id": sid, "name": name, "name_kana": clean(cells.get("name_kana", "")),
        "gender": clean(cells.get("gender", "")), "birth_year": _birth_year(cells.get("birth", "")),
        "occupation": str(licences[0]), "licences": [str(x) for x in licences], "occupation_raw": occ_raw,
        "specialty": clean(cells.get("specialty", "")),
        "home_prefecture": place.pref_name or pref_raw, "home_city": place.city_name or city_raw,
        "home_pref_code": place.pref_code, "home_muni_code": place.muni_code,
        "work_areas_raw": areas_raw, "work_areas": [dict(a) for a in areas],
        "availability_raw": avail_raw, "hours_raw": hours_raw, "availability": availability,
        "vaccination_experience": _experience(exp_raw), "experience_raw": exp_raw,
        "phone": clean(cells.get("phone", "")), "email": clean(cells.get("email", "")),
        "notes": clean(cells.get("notes", "")), "registered_on": registered_on, "state": state,
        "licence_no": compact(cells.get("licence_no", "")),
    }
    return Normalised(sid, values, [], "", warnings), []


_DATE_JA = {
    "impossible_date": "存在しない日付です", "unknown_format": "日付・曜日として読めません",
    "incomplete": "日付が途中までしかありません", "bad_time": "時間帯として読めません",
    "no_range": "曜日の指定に期間がありません（例: 6/12～6/27の土日）",
    "too_many_slots": "勤務枠が多すぎます（400枠まで）", "unsupported": "この書き方（隔週・第N曜日など）は読めません",
    "weekday_mismatch": "日付と曜日が合いません",
}
_REASONS_JA: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"^(募集ID|登録ID|氏名) is missing$", r"\1がありません"),
    (r"^募集人数 is not a number$", "募集人数が数字ではありません"),
    (r"^募集人数 is negative$", "募集人数がマイナスです"),
    (r"^unknown occupation", "職種が読めません（医師・看護師・准看護師・保健師・助産師・薬剤師・事務職員のいずれか）"),
    (r"^unknown 掲載状況", "掲載状況が読めません（公開・停止・終了のいずれか）"),
    (r"^unknown 公開区分", "公開区分が読めません（全情報・マスキングのいずれか）"),
    (r"^unknown 状態", "状態が読めません（有効・休止・退会のいずれか）"),
    (r"^duplicate id: already on row (\d+) of this file$", r"IDが重複しています（このファイルの\1行目と同じ）"),
    (r"^place not recognised; kept as typed$", "地名が読めません（入力のまま保存）"),
    (r"^not recognised: (.*)$", r"読めない地域があります: \1"),
    (r"^old municipality name: (.*)$", r"旧市町村名で書かれています: \1"),
))


def reason_ja(reason: str, code: str = "") -> str:
    """The Japanese wording of an import problem (the English one stays for the command line)."""
    if code in _DATE_JA:
        prefix = "読めないため「未記入」として保存: " if reason.startswith("kept as typed") else ""
        return prefix + _DATE_JA[code]
    for pattern, replacement in _REASONS_JA:
        if pattern.search(reason):
            return pattern.sub(replacement, reason) if "\\" in replacement else replacement
    return reason


NORMALISERS = {"postings": normalise_posting, "registrants": normalise_registrant}
