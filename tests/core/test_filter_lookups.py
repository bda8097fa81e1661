"""Places, note terms, days, specialties and notes are looked up (desk.core.filter_lookups, the
distinct values of desk.core.filter_store) and find exactly the rows a scan of every row, work area,
term and availability rule finds: the scans below are the filter's rules written plainly."""

from __future__ import annotations

import datetime as dt
import random

import jaconv
import numpy as np
import pytest
from rapidfuzz import fuzz, process

from desk.core.dates import is_holiday
from desk.core.filters import date_mask, filter_registrants, note_mask, region_mask, specialty_mask
from desk.core.regions import region_query
from desk.core.registry_index import RegistrantRecord, RegistryIndex
from desk.core.text import clean

REF = dt.date(2021, 6, 1)
_MUNIS = ["14109", "14100", "14131", "13101", "13104", "27102", "27100", "01100", "01202", "40130"]
_PREFS = ["14", "13", "27", "01", "40"]
_NOTES = ["", "英語可", "英語対応可。夜勤不可", "土日のみ", "筋注経験あり", "ブランク5年", "車で移動可"]
_SPECIALTIES = ["", "内科", "小児科", "整形外科", "内科（循環器）", "皮膚科"]


def _rule(rnd: random.Random) -> dict[str, object]:
    dated = rnd.random() < 0.5
    start = dt.date(2021, 6, 1) + dt.timedelta(days=rnd.randrange(60))
    return {"from": start.isoformat() if dated else None,
            "to": (start + dt.timedelta(days=rnd.choice([0, 2, 6, 30]))).isoformat() if dated else None,
            "days": rnd.choice([127, 31, 96, 32, 64, 31 | 256, 96 | 128, 1 | 128, 255]), "start": 540, "end": 1020}


def _records(rnd: random.Random, n: int) -> list[RegistrantRecord]:
    out = []
    for i in range(n):
        muni = rnd.choice(_MUNIS)
        areas = [{"kind": "muni", "code": rnd.choice(_MUNIS)} if rnd.random() < 0.6 else
                 {"kind": "pref", "code": rnd.choice(_PREFS)} for _ in range(rnd.randint(0, 2))]
        out.append(RegistrantRecord(
            row_id=i + 1, source_id=f"R{i}", name="山田 花子", home_pref=muni[:2] if rnd.random() < 0.9 else None,
            home_muni=muni if rnd.random() < 0.8 else None, work_areas=tuple(areas),
            availability=tuple(_rule(rnd) for _ in range(rnd.randint(0, 3))),
            notes=rnd.choice(_NOTES), specialty=rnd.choice(_SPECIALTIES)))
    return out


def _scan_region(index: RegistryIndex, text: str) -> np.ndarray:
    found = region_query(text)
    prefs = np.array(sorted(int(c) - 1 for c in found.pref_codes), dtype=np.int64)
    munis = np.array(sorted(int(c[:5]) for c in found.muni_codes), dtype=np.int64)
    mask = np.isin(index.home_pref, prefs) | np.isin(index.home_muni, munis) | np.isin(index.home_city, munis)
    kind = index.area_kind
    hit = ((kind == 3) & np.isin(index.area_code, prefs)) | (
        (kind == 4) & (np.isin(index.area_code, munis) | np.isin(index.area_city, munis)))
    mask[index.area_reg[hit]] = True
    return mask


def _scan_day(index: RegistryIndex, day: dt.date, holiday: bool) -> np.ndarray:
    o, d = day.toordinal(), index.rule_days
    wbit = (d >> day.weekday()) & 1 != 0
    day_ok = (((d & 256) == 0) & (((d & 128) != 0) | wbit)) if holiday else wbit
    mask = np.zeros(index.n, dtype=bool)
    mask[index.rule_reg[(index.rule_from <= o) & (o <= index.rule_to) & day_ok]] = True
    return mask


def _scan_weekdays(index: RegistryIndex, bits: int, holiday: bool) -> np.ndarray:
    ok = (index.rule_weekdays & bits) != 0
    if holiday:
        ok |= (index.rule_days & 128) != 0
    mask = np.zeros(index.n, dtype=bool)
    mask[index.rule_reg[ok]] = True
    return mask


def _scan_note(index: RegistryIndex, records: list[RegistrantRecord], text: str) -> list[bool]:
    fold = lambda t: jaconv.kata2hira(clean(t).lower())  # noqa: E731
    q = fold(text)
    mask = np.array([q in fold(r.notes) for r in records], dtype=bool)
    if len(q) >= 3 and index.term_vocab:
        vocab = [jaconv.kata2hira(t) for t in index.term_vocab]
        scores = process.cdist([q], vocab, scorer=fuzz.partial_ratio, score_cutoff=80, dtype=np.float32)[0]
        mask[index.term_reg[np.isin(index.term_id, np.flatnonzero(scores >= 80))]] = True
    return mask.tolist()


@pytest.mark.parametrize("seed", range(3))
def test_lookups_find_what_a_scan_of_every_row_finds(seed: int) -> None:
    rnd = random.Random(seed)
    records = _records(rnd, 400)
    index = RegistryIndex.build(records)
    for text in ("横浜", "yokohama", "よこ", "ya", "神奈川", "関東", "東京", "大阪", "札幌", "福岡", "中央", "北海道",
                 "全国", "kawasaki", "港"):
        assert region_mask(index, text).tolist() == _scan_region(index, text).tolist(), text
    for k in range(70):  # June and July 2021: weekdays, weekends and the 7/22, 7/23 holidays
        day = dt.date(2021, 5, 29) + dt.timedelta(days=k)
        want = _scan_day(index, day, bool(is_holiday(day))).tolist()
        assert date_mask(index, day.isoformat(), REF).tolist() == want, day
    for bits, word in ((32, "土"), (96, "土日"), (31, "平日"), (1, "月"), (64 | 1, "日月")):
        assert date_mask(index, word).tolist() == _scan_weekdays(index, bits, False).tolist(), word
    assert date_mask(index, "祝").tolist() == _scan_weekdays(index, 0, True).tolist()
    assert date_mask(index, "土祝").tolist() == _scan_weekdays(index, 32, True).tolist()
    for text in ("英語", "英", "英語可", "英語対応", "夜勤", "えいご対応", "ブランク", "経験あり", "土日", "車", "なし",
                 "循環器"):
        assert note_mask(index, text).tolist() == _scan_note(index, records, text), text
    assert filter_registrants(index, "地域:横浜 日:土 メモ:英語").tolist() == np.flatnonzero(
        _scan_region(index, "横浜") & _scan_weekdays(index, 32, False)
        & np.array(_scan_note(index, records, "英語"))).tolist()


def test_a_specialty_is_tested_once_per_distinct_value_and_found_on_every_row_holding_it() -> None:
    records = [RegistrantRecord(row_id=i + 1, source_id=f"R{i}", specialty=s)
               for i, s in enumerate(["内科", "", "小児科", "内科", "ＮＡＩＫＡ", "内科", "外科"])]
    index = RegistryIndex.build(records)
    assert np.flatnonzero(specialty_mask(index, "内科")).tolist() == [0, 3, 5]
    assert np.flatnonzero(specialty_mask(index, "科")).tolist() == [0, 2, 3, 5, 6]
    assert not specialty_mask(index, "歯科").any()
