"""Header mapping of municipal open-data and English headers, no unrelated field proposed above
70 %, and a file with no header row detected as such."""

from __future__ import annotations

import pytest

from desk.core.columns import headerless_message, suggest_mapping, suggestions_for


def test_municipal_open_data_headers_map() -> None:
    headers = ["ID", "地方公共団体名", "名称", "所在地_連結表記", "電話番号", "緯度", "経度", "URL", "募集職種", "募集人数"]
    mapping = suggest_mapping(headers, "postings").mapping
    assert mapping == {"ID": "source_id", "地方公共団体名": "municipality_name", "名称": "venue_name",
                       "所在地_連結表記": "venue_address", "電話番号": "contact_phone", "募集職種": "occupation",
                       "募集人数": "headcount"}


def test_meisho_is_the_venue_or_the_institution_when_the_file_names_its_venue() -> None:
    mapping = suggest_mapping(["名称", "接種会場", "職種", "人数", "ID"], "postings").mapping
    assert mapping["名称"] == "municipality_name" and mapping["接種会場"] == "venue_name"


def test_common_english_headers_map() -> None:
    postings = ["id", "hospital_name", "name", "address", "prefecture", "city", "phone_number", "email",
                "occupation", "headcount"]
    assert suggest_mapping(postings, "postings").mapping == {
        "id": "source_id", "hospital_name": "municipality_name", "name": "venue_name", "address": "venue_address",
        "prefecture": "prefecture", "city": "city", "phone_number": "contact_phone", "email": "contact_email",
        "occupation": "occupation", "headcount": "headcount"}
    registrants = suggest_mapping(["id", "name", "prefecture", "address", "phone_number", "email", "occupation"],
                                  "registrants").mapping
    assert registrants == {"id": "source_id", "name": "name", "prefecture": "home_prefecture", "address": "home_city",
                           "phone_number": "phone", "email": "email", "occupation": "occupation"}


UNRELATED = ["緯度", "経度", "URL", "NO", "No.", "ホームページ", "latitude", "longitude", "url", "postal_code", "郵便番号",
             "法人番号", "全国地方公共団体コード", "都道府県コード", "名称_英字", "FAX番号", "内線番号", "画像", "駐車場",
             "バリアフリー情報", "type", "category", "description", "website", "fax", "zip", "lat", "lon", "building",
             "code", "営業時間"]


@pytest.mark.parametrize("kind", ["postings", "registrants"])
def test_no_unrelated_field_is_proposed_above_70_percent(kind: str) -> None:
    too_sure = {h: s[0] for h in UNRELATED if (s := suggestions_for(h, kind)) and s[0][1] > 70}
    assert too_sure == {}
    assert suggest_mapping(UNRELATED, kind).mapping == {}


def test_a_row_of_data_is_not_a_header() -> None:
    row = ["R-1", "山田 花子", "ヤマダ ハナコ", "医師", "内科", "神奈川県", "鎌倉市", "土日", "090-1111-2222", "有効"]
    message = headerless_message(row, "registrants")
    assert message is not None and message.startswith("the file has no header row")
    assert "R-1, 山田 花子" in message and "登録ID、氏名、職種" in message
    assert headerless_message(["K-001", "鎌倉市", "神奈川", "医師", "2", "6/12～6/27の土日", "公開"], "postings")
    assert headerless_message(["登録番号", "名前", "ふりがな", "免許", "専門科"], "registrants") is None
    assert headerless_message(["ID", "名称", "所在地_連結表記", "電話番号"], "postings") is None
