from __future__ import annotations

import pytest

from desk.core.columns import POSTING_FIELDS, REGISTRANT_FIELDS, guess_kind, header_key, suggest_mapping


@pytest.mark.parametrize(
    ("header", "field"),
    [("求人ID", "source_id"), ("求人番号", "source_id"), ("募集番号", "source_id"), ("自治体", "municipality_name"),
     ("医療機関名", "municipality_name"), ("都道府県名", "prefecture"), ("市町村", "city"), ("市区町村名", "city"),
     ("会場", "venue_name"), ("接種会場", "venue_name"), ("勤務地", "venue_address"), ("所在地", "venue_address"),
     ("資格", "occupation"), ("募集人員", "headcount"), ("定員", "headcount"), ("募集 人数", "headcount"),
     ("勤務日（予定）", "dates"), ("接種日", "dates"), ("時間帯", "hours"), ("雇用区分", "employment_type"),
     ("日給", "pay"), ("仕事内容", "duties"), ("必要な経験", "requirements"), ("担当者", "contact_name"),
     ("担当者ＴＥＬ", "contact_phone"), ("担当者メールアドレス", "contact_email"), ("情報区分", "disclosure"),
     ("公開状況", "status"), ("最終更新日", "updated_on")],
)
def test_posting_aliases_map(header: str, field: str) -> None:
    assert suggest_mapping([header, "職種" if field != "occupation" else "募集ID"], "postings").mapping[header] == field


@pytest.mark.parametrize(
    ("header", "field"),
    [("登録番号", "source_id"), ("会員番号", "source_id"), ("名前", "name"), ("ふりがな", "name_kana"),
     ("カナ", "name_kana"), ("生年月日", "birth"), ("免許", "occupation"), ("専門科", "specialty"),
     ("希望勤務地", "work_areas"), ("対応可能地域", "work_areas"), ("勤務可能曜日", "availability"),
     ("可能時間帯", "hours"), ("筋注経験", "experience"), ("携帯", "phone"), ("電話番号", "phone"),
     ("メールアドレス", "email"), ("メモ", "notes"), ("登録日", "registered_on"), ("状態", "state")],
)
def test_registrant_aliases_map(header: str, field: str) -> None:
    others = [h for h in ("登録ID", "氏名", "職種") if header_key(h) != header_key(header)]
    assert suggest_mapping([header, *others], "registrants").mapping[header] == field


def test_fuzzy_header_with_typo_maps_and_one_field_takes_one_column() -> None:
    result = suggest_mapping(["募集ＩＤ", "募集人数（名）", "職 種", "人数"], "postings")
    assert result.mapping["募集ＩＤ"] == "source_id"
    assert result.mapping["募集人数（名）"] == "headcount"
    assert "人数" not in result.mapping  # headcount is already taken by the better column


def test_missing_required_column_lists_headers_and_closest_fields() -> None:
    result = suggest_mapping(["メモ", "自治体名", "職種"], "postings")
    assert "source_id" in result.missing_required
    msg = result.missing_message()
    assert "募集ID" in msg and "Headers found: メモ, 自治体名, 職種" in msg


def test_kind_is_guessed_from_headers() -> None:
    assert guess_kind([f.label for f in POSTING_FIELDS]) == "postings"
    assert guess_kind([f.label for f in REGISTRANT_FIELDS]) == "registrants"


def test_override_wins_and_blank_ignores() -> None:
    result = suggest_mapping(["番号", "職種", "人数"], "postings", {"番号": "source_id"})
    assert result.mapping["番号"] == "source_id" and not result.missing_required


def test_short_header_prefers_the_field_of_closest_length() -> None:
    result = suggest_mapping(["募集ID", "職種", "人数", "担当"], "postings")
    assert result.mapping["担当"] == "contact_name"
