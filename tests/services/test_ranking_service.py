"""rank_posting against a real store (SQLite and PostgreSQL): planted registrants, the placement log, settings."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.services.ranking import PostingNotFound, filter_registrant_ids, rank_posting
from desk.settings import Settings, save_settings
from desk.store.models import Placement, PlacementEvent, PlacementSlot, Posting, PostingSlot, Registrant

SAT, SUN = dt.date(2021, 6, 12), dt.date(2021, 6, 13)
ALWAYS = [{"from": None, "to": None, "days": 255, "start": 0, "end": 1440}]
SATURDAYS = [{"from": None, "to": None, "days": 32, "start": 540, "end": 1020}]


def _registrant(source_id: str, name: str, kana: str, occupation: str = "doctor", pref: str = "14",
                muni: str = "14109", availability=ALWAYS, **kw) -> Registrant:  # type: ignore[no-untyped-def]
    # Raw columns carry what the file said; the normalised ones what the importer made of it.
    return Registrant(source_id=source_id, name=name, name_kana=kana, occupation=occupation,
                      occupation_raw={"doctor": "Dr.", "nurse": "Ns", "assistant_nurse": "准看"}.get(occupation, ""),
                      home_pref_code=pref, home_muni_code=muni, availability=availability, **kw)


@pytest.fixture
def store(db):  # type: ignore[no-untyped-def]
    with db.session() as s:
        post = Posting(source_id="K-0001", occupation="doctor", occupation_raw="医師（問診）", pref_code="14",
                       muni_code="14109", prefecture="神奈川県", city="横浜市港北区", requirements="内科医歓迎",
                       duties="予診・問診")
        post.slots = [PostingSlot(date=SAT, start=dt.time(9), end=dt.time(12)),
                      PostingSlot(date=SUN, start=dt.time(9), end=dt.time(12))]
        other = Posting(source_id="K-0002", occupation="doctor", pref_code="14", muni_code="14100")
        other.slots = [PostingSlot(date=SAT, start=dt.time(10), end=dt.time(15))]
        s.add_all([post, other])
        s.add_all([
            _registrant("R-001", "山田　花子", "ﾔﾏﾀﾞ ﾊﾅｺ", home_prefecture="神奈川", home_city="横浜市港北区",
                        specialty="内科", vaccination_experience=True),
            _registrant("R-002", "佐藤 太郎", "さとう たろう", pref="13", muni="13101", home_prefecture="東京都",
                        home_city="千代田区"),
            _registrant("R-003", "鈴木 一郎", "スズキ イチロウ", availability=SATURDAYS, home_city="横浜市 港北区"),
            _registrant("R-004", "髙橋 恵", "たかはし めぐみ", occupation="assistant_nurse"),
            _registrant("R-005", "田中 健", "タナカ ケン", state="withdrawn"),
            _registrant("R-006", "伊藤 誠", "イトウ マコト", availability=SATURDAYS),
        ])
    return db


def _book(db, registrant: str, posting: str, state: str = "confirmed") -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    with db.session() as s:
        reg = s.scalars(select(Registrant).where(Registrant.source_id == registrant)).one()
        post = s.scalars(select(Posting).where(Posting.source_id == posting)).one()
        placement = Placement(posting_id=post.id, registrant_id=reg.id, state=state)
        s.add(placement)
        s.flush()
        for slot in post.slots:
            s.add(PlacementSlot(placement_id=placement.id, slot_id=slot.id, registrant_id=reg.id, date=slot.date,
                                start=slot.start, end=slot.end, state=state))
        s.add(PlacementEvent(placement_id=placement.id, old_state=None, new_state=state))


def test_candidates_best_first_and_the_others_with_their_reason(store) -> None:  # type: ignore[no-untyped-def]
    result = rank_posting(store, "K-0001", weights={"region": 0.35, "availability": 0.3, "occupation": 0.15,
                                                     "experience": 0.1, "reliability": 0.1}, lang="ja")
    assert [c.source_id for c in result.candidates] == ["R-001", "R-003", "R-006", "R-002"]
    first = result.candidates[0]
    assert first.name == "山田　花子" and first.reasons[0] == "同じ市区町村に在住（横浜市港北区）"
    assert set(first.components) == {"region", "availability", "occupation", "experience", "reliability"}
    assert {e.source_id: e.reason for e in result.excluded} == {
        "R-004": "資格が募集職種（医師）に合わない（准看護師）", "R-005": "退会済み"}
    assert result.excluded_counts == {"occupation": 1, "state_withdrawn": 1}


def test_a_confirmed_placement_elsewhere_is_seen_by_the_next_ranking(store) -> None:  # type: ignore[no-untyped-def]
    assert "R-006" in [c.source_id for c in rank_posting(store, "K-0001", lang="ja").candidates]
    _book(store, "R-006", "K-0002")  # Saturday 10-15 overlaps the Saturday 9-12 slot; Sunday he is not free
    _book(store, "R-003", "K-0002", state="proposed")  # only a proposal: still free
    result = rank_posting(store, "K-0001", lang="en")
    assert "R-006" not in [c.source_id for c in result.candidates]
    assert {e.source_id: e.reason for e in result.excluded}["R-006"] == (
        "every slot they could take is already confirmed elsewhere")
    assert "R-003" in [c.source_id for c in result.candidates]


def test_no_shows_lower_the_rank(store) -> None:  # type: ignore[no-untyped-def]
    before = [c.source_id for c in rank_posting(store, "K-0001", lang="ja").candidates]
    assert before.index("R-003") < before.index("R-006")
    _book(store, "R-003", "K-0002", state="no_show")
    after = rank_posting(store, "K-0001", lang="ja").candidates
    assert [c.source_id for c in after].index("R-003") > [c.source_id for c in after].index("R-006")
    assert "無断欠勤1回" in next(c for c in after if c.source_id == "R-003").reasons


def test_the_coordinators_weights_in_settings_drive_the_order(store) -> None:  # type: ignore[no-untyped-def]
    save_settings(Settings(weights={"region": 0.0, "availability": 1.0, "occupation": 0.0, "experience": 0.0,
                                    "reliability": 0.0}))
    order = [c.source_id for c in rank_posting(store, "K-0001", lang="ja").candidates]
    assert order.index("R-002") < order.index("R-003")  # both days beats Saturday only, however far
    save_settings(Settings(weights={"region": 1.0, "availability": 0.0, "occupation": 0.0, "experience": 0.0,
                                    "reliability": 0.0}))
    order = [c.source_id for c in rank_posting(store, "K-0001", lang="ja").candidates]
    assert order.index("R-003") < order.index("R-002")


def test_top_and_filter(store) -> None:  # type: ignore[no-untyped-def]
    result = rank_posting(store, "K-0001", top=2, lang="ja")
    assert len(result.candidates) == 2 and result.total_candidates == 4
    result = rank_posting(store, "K-0001", filter_text="名前:たかはし", lang="ja")
    assert result.candidates == [] and [e.source_id for e in result.excluded] == ["R-004"]
    result = rank_posting(store, "K-0001", filter_text="地域:東京", lang="ja")
    assert [c.source_id for c in result.candidates] == ["R-002"] and result.excluded == []


def test_registrants_tab_filter_returns_store_ids(store) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    ids = filter_registrant_ids(store, "やまだはなこ")
    with store.session() as s:
        assert s.scalars(select(Registrant.source_id).where(Registrant.id.in_(ids))).all() == ["R-001"]


def test_unknown_posting(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PostingNotFound):
        rank_posting(store, "K-9999", lang="ja")
