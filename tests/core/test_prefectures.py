from __future__ import annotations

import csv

import numpy as np
import pytest

from desk.core.prefectures import (
    BLOCKS_8,
    MHLW_AREAS,
    PREFECTURES,
    are_neighbors,
    block8,
    distance_km,
    distance_matrix,
    find_prefecture,
    mhlw_area,
    prefs_in_block8,
    prefs_in_mhlw,
)

try:
    from tests.conftest import shared_data
except ModuleNotFoundError:  # .venv/bin/pytest without the project root on sys.path
    from conftest import shared_data  # type: ignore[no-redef]

_BUREAU = {"北海道厚生局": "北海道", "東北厚生局": "東北", "関東信越厚生局": "関東信越", "東海北陸厚生局": "東海北陸",
           "近畿厚生局": "近畿", "中国四国厚生局": "中国四国", "九州厚生局": "九州"}


def test_the_table_holds_47_prefectures_with_their_codes() -> None:
    assert list(PREFECTURES) == [f"{n:02d}" for n in range(1, 48)]
    assert PREFECTURES["13"].name == "東京都" and PREFECTURES["13"].short == "東京"
    assert PREFECTURES["01"].short == "北海道" and PREFECTURES["01"].short_kana == "ほっかいどう"
    assert PREFECTURES["26"].short_kana == "きょうと" and PREFECTURES["46"].short_kana == "かごしま"
    assert {p.block8 for p in PREFECTURES.values()} == set(BLOCKS_8)
    assert {p.mhlw for p in PREFECTURES.values()} == set(MHLW_AREAS)


def test_the_table_agrees_with_the_reference_list() -> None:
    with shared_data("prefectures.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 47
    for row in rows:
        p = PREFECTURES[row["pref_code"]]
        assert (p.name, p.short, p.kana, p.romaji) == (row["pref"], row["pref_short"], row["pref_kana"], row["pref_romaji"])
        assert p.block8 == row["region_8"]
        assert p.mhlw == _BUREAU[row["mhlw_bureau"]]
        assert (p.lat, p.lon) == pytest.approx((float(row["office_lat"]), float(row["office_lon"])))
        assert set(p.neighbors) == set(filter(None, row["neighbor_codes"].split(";")))


def test_blocks_and_bureau_areas_differ_where_they_should() -> None:
    assert block8("18") == "中部" and mhlw_area("18") == "近畿"  # 福井
    assert block8("24") == "近畿" and mhlw_area("24") == "東海北陸"  # 三重
    assert block8("15") == "中部" and mhlw_area("15") == "関東信越"  # 新潟
    assert mhlw_area("36") == "中国四国" and block8("36") == "四国"
    assert block8("47") == "九州"
    assert prefs_in_block8("関東") == ("08", "09", "10", "11", "12", "13", "14")
    assert set(prefs_in_mhlw("関東信越")) == {"08", "09", "10", "11", "12", "13", "14", "15", "19", "20"}
    assert block8("1") == "北海道"  # an unpadded code is read too
    with pytest.raises(KeyError):
        block8("48")


def test_neighbours_are_land_borders_and_symmetric() -> None:
    assert are_neighbors("13", "14") and are_neighbors("14", "13")
    assert not are_neighbors("13", "27")
    assert PREFECTURES["01"].neighbors == () and PREFECTURES["47"].neighbors == ()
    assert not any(are_neighbors("01", c) for c in PREFECTURES)
    assert are_neighbors("33", "37")  # 岡山 and 香川 meet on 井島
    for code, p in PREFECTURES.items():
        assert code not in p.neighbors
        for other in p.neighbors:
            assert code in PREFECTURES[other].neighbors


def test_distances_between_prefectural_offices() -> None:
    assert distance_km("13", "27") == pytest.approx(400, abs=15)
    assert distance_km("13", "13") == 0
    assert distance_km("01", "47") == pytest.approx(2240, abs=40)
    matrix = distance_matrix()
    assert matrix.shape == (47, 47)
    assert np.allclose(matrix, matrix.T) and np.all(np.diag(matrix) == 0)
    assert matrix[12, 26] == pytest.approx(distance_km("13", "27"))
    assert distance_matrix() is matrix  # computed once
    with pytest.raises(ValueError):
        matrix[0, 1] = 1.0  # shared, so read-only


@pytest.mark.parametrize("text", [
    "東京", "東京都", "とうきょう", "トウキョウ", "ﾄｳｷｮｳ", "とうきょうと", "tokyo", "Tokyo", "Tokyo-to",
    "TOKYO", "ＴＯＫＹＯ", "Tokyo Metropolis", "東京 都", "13", "JP-13",
])
def test_find_prefecture_reads_the_ways_people_write_tokyo(text: str) -> None:
    found = find_prefecture(text)
    assert found is not None and found.code == "13"


@pytest.mark.parametrize(("text", "code"), [
    ("北海道", "01"), ("Hokkaido", "01"), ("ほっかいどう", "01"), ("大阪府", "27"), ("Osaka-fu", "27"),
    ("京都", "26"), ("きょうと", "26"), ("Hyōgo", "28"), ("hyogo-ken", "28"), ("Kanagawa Pref.", "14"),
    ("神奈川", "14"), ("かながわけん", "14"), ("鹿児島", "46"), ("Kochi", "39"), ("Oita", "44"),
])
def test_find_prefecture_other_forms(text: str, code: str) -> None:
    found = find_prefecture(text)
    assert found is not None and found.code == code


@pytest.mark.parametrize("text", ["", "東", "京", "横浜", "tokio", "48", "関東"])
def test_find_prefecture_rejects_what_is_not_a_prefecture(text: str) -> None:
    assert find_prefecture(text) is None
