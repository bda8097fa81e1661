"""The hand-out's comparison and scope, as plain data (no database)."""

from __future__ import annotations

import pytest

from desk.core.handout import Scope, ScopeError, Section, compare, parse_scope


def st(status: str = "open", headcount: int = 2, masked: bool = False, **more: object) -> dict[str, object]:
    return {"status": status, "headcount": headcount, "masked": masked, "area": "大阪府大阪市", "venue_name": "",
            "hours_raw": "9:00～12:00", "slots": ["2021-06-12 09:00-12:00"], **more}


def sections(entries: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {e.source_id: e.section.value for e in entries}


def test_first_hand_out_lists_the_open_postings_in_scope_and_nothing_as_new() -> None:
    current = {"A": st(), "B": st("paused"), "C": st()}
    assert sections(compare(None, current, {"A", "B"})) == {"A": "same"}


def test_changes_since_the_recorded_states() -> None:
    before = {"A": st(), "B": st(), "C": st(), "D": st(), "E": st("ended"), "G": st("paused")}
    now = {"A": st(headcount=5), "B": st("ended"), "C": st("paused"), "D": st(), "E": st("ended"),
           "F": st(), "G": st("open"), "H": st("paused"), "I": st()}
    entries = compare(before, now, {"A", "B", "C", "D", "F", "G", "H"})
    assert sections(entries) == {"A": "changed", "B": "ended", "C": "changed", "D": "same", "F": "new",
                                 "G": "changed"}
    by_id = {e.source_id: e for e in entries}
    assert [c.text() for c in by_id["A"].changes] == ["募集人数 2人 → 5人"]
    assert [c.text() for c in by_id["B"].changes] == ["状態 公開 → 終了"]
    assert [c.text() for c in by_id["C"].changes] == ["状態 公開 → 停止"]
    assert [c.text() for c in by_id["G"].changes] == ["状態 停止 → 公開"]
    # ended before the last hand-out; never shown and not open; open but outside the scope
    assert "E" not in by_id and "H" not in by_id and "I" not in by_id


def test_a_posting_gone_out_of_scope_is_told_as_ended_with_the_reason() -> None:
    entries = compare({"A": st()}, {"A": st(area="京都府京都市")}, set())
    assert entries[0].section is Section.ENDED
    assert [c.text() for c in entries[0].changes] == ["地域 大阪府大阪市 → 京都府京都市"]


def test_a_newly_masked_posting_never_shows_its_old_free_text() -> None:
    old = st(venue_name="さくらクリニック", hours_raw="9:00～12:00 さくらクリニック")
    new = st(masked=True, venue_name="（非公開）", hours_raw="9:00～12:00 （非公開）")
    entries = compare({"A": old}, {"A": new}, {"A"})
    text = " ".join(c.text() for c in entries[0].changes)
    assert "さくらクリニック" not in text and "公開区分 全情報 → マスキング" in text


def test_scope_names_are_read_as_typed_and_unknown_ones_refused() -> None:
    scope = parse_scope(["大阪", "Kyoto"], None, ["Ns", "医師"])
    assert scope == Scope(("26", "27"), ("nurse", "doctor"), "")
    assert scope.text() == "京都府、大阪府 ・ 看護師、医師"
    assert len(parse_scope((), "関東信越").prefs) == 10
    assert parse_scope(["大阪"], "近畿").prefs == ("27",)
    assert Scope.from_json(scope.to_json()) == scope
    with pytest.raises(ScopeError, match="unknown block '関西'; use one of: 北海道、東北"):
        parse_scope((), "関西")
