"""The one masking decision: what the public may see of a posting."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sheet_samples import make_posting

from desk.print.masking import MASKED_FIELDS, REDACTED, is_municipality_name, public_area, public_view
from desk.store.models import Posting


def test_masked_posting_hides_facility_address_and_contact_but_shows_the_municipality() -> None:
    posting = make_posting(1, masked=True)
    view = public_view(posting)
    assert view.masked
    assert (view.posted_by, view.venue_name, view.venue_address) == ("", "", "")
    assert (view.contact_name, view.contact_phone, view.contact_email) == ("", "", "")
    assert view.area == "東京都世田谷区"
    assert view.occupation == posting.occupation
    assert view.headcount == posting.headcount
    assert view.pay == posting.pay
    assert [s.date for s in view.slots] == [s.date for s in posting.slots]


def test_full_information_posting_shows_everything() -> None:
    posting = make_posting(2, masked=False)
    view = public_view(posting)
    assert view.posted_by == posting.municipality_name
    assert view.venue_name == posting.venue_name
    assert view.venue_address == posting.venue_address
    assert (view.contact_name, view.contact_phone, view.contact_email) == (
        posting.contact_name, posting.contact_phone, posting.contact_email)
    assert view.requirements == posting.requirements


def test_hidden_values_are_cut_out_of_the_free_text_of_a_masked_posting() -> None:
    posting = replace(
        make_posting(3, masked=True),
        duties="新横浜スポーツ会館にて予診。詳細は ０４５－６７１－２４０１ または info@clinic.example.jp まで",
        venue_name="新横浜スポーツ会館",
        venue_address="神奈川県横浜市港北区新横浜2-1-1",
        pay="時給 3,000円（港北区新横浜2-1-1 の駐車場利用可）",
    )
    view = public_view(posting)
    text = view.duties + view.pay + view.requirements
    for secret in ("新横浜スポーツ会館", "０４５－６７１－２４０１", "info@clinic.example.jp", "新横浜2-1-1",
                   posting.municipality_name):
        assert secret not in text
    assert REDACTED in view.duties
    assert view.pay.startswith("時給 3,000円")
    # Part of the facility's name, or the contact person's surname, gives it away as well.
    partial = replace(posting, municipality_name="医療法人社団 髙﨑会 さくらクリニック", contact_name="接種対策室 渡邊 惠一",
                      requirements="初回のみ さくらクリニックでの説明会に参加できる方（担当 渡邊）")
    requirements = public_view(partial).requirements
    assert "さくらクリニック" not in requirements and "渡邊" not in requirements
    assert requirements == f"初回のみ {REDACTED}での説明会に参加できる方（担当 {REDACTED}）"
    # A full-information posting's text is left as written.
    assert public_view(replace(posting, masked=False)).duties == posting.duties


def test_the_municipality_comes_from_the_codes_never_from_the_facility_column() -> None:
    posting = make_posting(1, masked=True)
    assert "クリニック" in posting.municipality_name or "病院" in posting.municipality_name \
        or "医院" in posting.municipality_name
    assert public_area(posting) == "東京都世田谷区"
    # A city the importer did not recognise (no code) is left out rather than trusted.
    assert public_area(replace(posting, muni_code=None)) == "東京都"
    # The municipality's name comes from the gazetteer by code, not from the text typed.
    assert public_area(replace(posting, city="さくらクリニック前")) == "東京都世田谷区"
    assert public_area(replace(posting, pref_code="13", muni_code="13308")) == "東京都西多摩郡奥多摩町"
    # A code the gazetteer does not know: the text is shown only if it reads as a municipality.
    assert public_area(replace(posting, muni_code="99999", city="さくらクリニック前")) == "東京都"
    assert public_area(replace(posting, muni_code="99999", city="世田谷区")) == "東京都世田谷区"
    # Codes that disagree (a ward of 横浜市 in 東京都): the prefecture only.
    assert public_area(replace(posting, muni_code="14109")) == "東京都"
    assert public_area(replace(posting, pref_code=None, prefecture="東京都", muni_code=None)) == "東京都"
    assert public_area(replace(posting, pref_code=None, prefecture="とうきょう", muni_code=None)) == ""


@pytest.mark.parametrize(("text", "expected"), [
    ("横浜市港北区", True), ("函館市", True), ("西多摩郡奥多摩町", True), ("世田谷区", True), ("大和村", True),
    ("さくらクリニック", False), ("市民病院", False), ("新横浜2-1-1", False), ("", False),
    ("横浜市福祉センター", False),
])
def test_municipality_names_are_told_from_facility_names(text: str, expected: bool) -> None:
    assert is_municipality_name(text) is expected


def test_public_view_reads_a_store_row_the_same_way() -> None:
    facts = make_posting(4, masked=True)
    row = Posting(**{f: getattr(facts, f) for f in (
        "source_id", "municipality_name", "prefecture", "city", "pref_code", "muni_code", "venue_name",
        "venue_address", "headcount", "dates_raw", "hours_raw", "employment_type", "pay", "duties",
        "requirements", "contact_name", "contact_phone", "contact_email", "masked", "status")},
        occupation="nurse")
    view = public_view(row)
    assert view.occupation == "看護師"
    assert all(getattr(view, f if f != "municipality_name" else "posted_by") == "" for f in MASKED_FIELDS)
    assert view.area == public_area(facts)
