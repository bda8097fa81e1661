"""Sources, SOURCE:登録ID, duplicates from the database, merge / unmerge / not the same person."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desk.services import persons, placements
from desk.services.duplicates import find_duplicates
from desk.services.importer import ImportInputError, ImportOptions, import_file
from desk.services.ranking import rank_posting
from desk.store.db import Database
from desk.store.models import PersonMerge, Placement, PlacementEvent, PlacementSlot, Registrant
from tests.services.test_placements import D, add_posting, confirm, walk

HEADER = "登録ID,氏名,フリガナ,生年,職種,電話,メール,医籍登録番号,居住都道府県,勤務可能地域,勤務可能日,状態\n"


def write(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def load(db: Database, tmp_path: Path) -> None:
    """The same physician in two registries (variant kanji, phone formats), and a namesake."""
    jma = write(tmp_path, "jma.csv", [
        "100,髙橋 一郎,タカハシ イチロウ,1970,医師,090-1111-2222,ichiro@example.jp,345678,神奈川県,神奈川県,土日,有効",
        "101,佐藤 花子,サトウ ハナコ,1985,医師,090-3333-4444,,,東京都,東京都,平日,有効",
    ])
    site = write(tmp_path, "site.csv", [
        "100,高橋一郎,たかはしいちろう,1970,医師,+81 90 1111 2222,,,神奈川県,神奈川県,土日,有効",
        "200,佐藤 花子,さとうはなこ,1962,医師,080-9999-0000,,,東京都,東京都,土日,有効",
    ])
    assert import_file(db, "registrants", jma, ImportOptions(source="jma")).imported == 2
    assert import_file(db, "registrants", site, ImportOptions(source="site")).imported == 2


def rows(db: Database) -> dict[str, Any]:
    """Every row that a merge could touch, as plain values (but the change number each write moves)."""
    with db.session() as s:
        regs = [{c.name: getattr(r, c.name) for c in Registrant.__table__.columns if c.name != "change_no"}
                for r in s.scalars(select(Registrant).order_by(Registrant.id))]
        pls = [(p.id, p.registrant_id, p.state) for p in s.scalars(select(Placement).order_by(Placement.id))]
        evs = [(e.id, e.placement_id, e.new_state) for e in s.scalars(select(PlacementEvent).order_by(PlacementEvent.id))]
        slots = [(x.id, x.registrant_id, x.state) for x in s.scalars(select(PlacementSlot).order_by(PlacementSlot.id))]
    return {"registrants": regs, "placements": pls, "events": evs, "slots": slots}


def test_ids_are_unique_per_source_and_named_source_colon_id(db: Database, tmp_path: Path) -> None:
    load(db, tmp_path)
    with db.session() as s:
        assert persons.label_of(persons.resolve(s, "jma:100")) == "jma:100"
        assert persons.resolve(s, "site:100").name == "高橋一郎"
        assert persons.resolve(s, "101").source == "jma"  # a bare 登録ID works while unique
        with pytest.raises(persons.AmbiguousRegistrant, match="jma:100, site:100"):
            persons.resolve(s, "100")
        with pytest.raises(persons.UnknownRegistrant, match="no registrant"):
            persons.resolve(s, "nope:1")
        assert persons.resolve(s, "jma:100").licence_no == "345678"  # the licence column is read


def test_reimport_updates_within_its_own_source(db: Database, tmp_path: Path) -> None:
    load(db, tmp_path)
    again = write(tmp_path, "site2.csv", [
        "100,高橋一郎,たかはしいちろう,1970,医師,090-5555-6666,,,神奈川県,神奈川県,土日,有効"])
    report = import_file(db, "registrants", again, ImportOptions(source="site", accept_partial=True))
    assert (report.imported, report.updated) == (0, 1)
    with db.session() as s:
        assert persons.resolve(s, "site:100").phone == "090-5555-6666"
        assert persons.resolve(s, "jma:100").phone == "090-1111-2222"
    with pytest.raises(ImportInputError, match="cannot contain ':'"):
        import_file(db, "registrants", again, ImportOptions(source="a:b"))


def test_a_merged_record_still_takes_its_source_updates(db: Database, tmp_path: Path) -> None:
    load(db, tmp_path)
    persons.merge(db, "jma:100", "site:100")
    again = write(tmp_path, "site2.csv", [
        "100,高橋一郎,たかはしいちろう,1970,医師,090-5555-6666,,,神奈川県,神奈川県,土日,有効"])
    assert import_file(db, "registrants", again, ImportOptions(source="site")).updated == 1
    with db.session() as s:
        head = persons.resolve(s, "jma:100")
        assert sorted(persons.person_members(s, persons.resolve(s, "site:100"))) == sorted(
            persons.person_members(s, head))


def test_duplicates_name_the_pair_with_reasons_and_skip_namesakes(db: Database, tmp_path: Path) -> None:
    load(db, tmp_path)
    pairs = find_duplicates(db)
    assert [(p.a, p.b) for p in pairs] == [("jma:100", "site:100")]
    assert "電話番号が一致" in pairs[0].reasons and "氏名の異体字（髙/高）" in pairs[0].reasons
    assert "読みと生年が一致" in pairs[0].reasons
    persons.dismiss(db, "jma:100", "site:100", coordinator="佐藤")
    assert find_duplicates(db) == []  # "not the same person" is remembered
    assert persons.undismiss(db, "site:100", "jma:100")
    assert len(find_duplicates(db)) == 1


def test_merge_and_unmerge_restore_every_row(db: Database, tmp_path: Path) -> None:
    load(db, tmp_path)
    add_posting(db, "K-1")
    add_posting(db, "K-2", [(D + dt.timedelta(days=1), 9, 12)])
    confirm(db, "K-1", "jma:100")
    walk(db, "K-2", "site:100", "proposed", "declined")
    before = rows(db)
    result = persons.merge(db, "jma:100", "site:100", coordinator="佐藤")
    assert result.person == "jma:100" and result.merged == "site:100"
    assert find_duplicates(db) == []
    # the history of both records shows on the person, whichever id is typed
    assert {e.registrant_source_id for e in placements.events(db, registrant_source_id="jma:100")} == {
        "jma:100", "site:100"}
    assert len(placements.events(db, registrant_source_id="site:100")) == 5  # 3 + 2 events
    with pytest.raises(persons.PersonRefused, match="already one person"):
        persons.merge(db, "site:100", "jma:100")
    undone = persons.unmerge(db, "site:100", coordinator="佐藤")
    assert undone.restored == ["site:100"]
    assert rows(db) == before
    with db.session() as s:
        event = s.scalars(select(PersonMerge)).one()  # a merge is an event: kept, marked undone
        assert event.undone_at is not None and event.coordinator == "佐藤"
    with pytest.raises(persons.PersonRefused, match="nothing to unmerge"):
        persons.unmerge(db, "jma:100")


def test_kept_values_newest_by_default_or_chosen(db: Database, tmp_path: Path) -> None:
    load(db, tmp_path)  # site was imported after jma: its values are the newest
    result = persons.merge(db, "jma:100", "site:100")
    with db.session() as s:
        head = persons.resolve(s, "jma:100")
        assert head.name == "高橋一郎" and head.phone == "+81 90 1111 2222"
        assert head.email == "ichiro@example.jp" and head.licence_no == "345678"  # blank newest: the other's
    assert result.changed["name"] == ("髙橋 一郎", "高橋一郎")
    persons.unmerge(db, "jma:100")
    persons.merge(db, "jma:100", "site:100", keep="jma:100", picks={"phone": "site:100"})
    with db.session() as s:
        kept = s.get(Registrant, persons.person_key(persons.resolve(s, "site:100")))
        assert kept is not None and kept.name == "髙橋 一郎" and kept.phone == "+81 90 1111 2222"


def test_double_booking_across_merged_records_is_refused(db: Database, tmp_path: Path) -> None:
    load(db, tmp_path)
    add_posting(db, "K-1", [(D, 9, 12)], venue="港北公会堂")
    add_posting(db, "K-2", [(D, 10, 13)], venue="鶴見公会堂")
    confirm(db, "K-1", "jma:100")
    persons.merge(db, "jma:100", "site:100")
    with pytest.raises(placements.DoubleBooking, match="港北公会堂"):
        confirm(db, "K-2", "site:100")
    assert placements.placement_state(db, "K-2", "site:100") is placements.State.ACCEPTED


def test_merge_refused_when_both_records_are_booked_on_overlapping_slots(db: Database, tmp_path: Path) -> None:
    load(db, tmp_path)
    add_posting(db, "K-1", [(D, 9, 12)])
    add_posting(db, "K-2", [(D, 10, 13)])
    confirm(db, "K-1", "jma:100")
    confirm(db, "K-2", "site:100")
    before = rows(db)
    with pytest.raises(persons.MergeDoubleBooking) as err:
        persons.merge(db, "jma:100", "site:100")
    assert "posting K-1 2021-06-12 09:00-12:00" in str(err.value) and "posting K-2" in str(err.value)
    assert rows(db) == before
    walk(db, "K-2", "site:100", "cancelled", cancelled_by=placements.CancelledBy.REGISTRANT)
    persons.merge(db, "jma:100", "site:100")


def test_merge_refuses_itself_and_unknown_ids(db: Database, tmp_path: Path) -> None:
    load(db, tmp_path)
    with pytest.raises(persons.PersonRefused, match="same record"):
        persons.merge(db, "jma:100", "jma:100")
    with pytest.raises(persons.UnknownRegistrant, match="no registrant"):
        persons.merge(db, "jma:100", "jma:999")
    with pytest.raises(persons.AmbiguousRegistrant):
        persons.merge(db, "100", "jma:101")


def test_a_merged_person_is_ranked_once(db: Database, tmp_path: Path) -> None:
    load(db, tmp_path)
    add_posting(db, "K-1", [(dt.date(2021, 6, 12), 9, 12)], occupation="doctor")
    before = {c.source_id for c in rank_posting(db, "K-1", top=50).candidates}
    assert {"jma:100", "site:100"} <= before
    persons.merge(db, "jma:100", "site:100")
    after = [c.source_id for c in rank_posting(db, "K-1", top=50).candidates]
    assert "jma:100" in after and "site:100" not in after


def test_the_registry_and_its_counts_show_a_merged_person_once(db: Database, tmp_path: Path) -> None:
    from desk.services import queries

    load(db, tmp_path)
    assert queries.overview(db).registrants == 4
    persons.merge(db, "jma:100", "site:100")
    assert queries.overview(db).registrants == 3
    ids = queries.registrant_table(db).source_ids
    assert "jma:100" in ids and "site:100" not in ids and len(ids) == 3
    persons.unmerge(db, "jma:100")
    assert queries.overview(db).registrants == 4


def test_the_registrant_pane_lists_the_placements_of_every_record(db: Database, tmp_path: Path) -> None:
    from desk.services import queries

    load(db, tmp_path)
    add_posting(db, "K-1")
    add_posting(db, "K-2", [(D + dt.timedelta(days=1), 9, 12)])
    walk(db, "K-1", "jma:100", "proposed")
    walk(db, "K-2", "site:100", "proposed", "declined")
    persons.merge(db, "jma:100", "site:100")
    with db.session() as s:
        head, other = persons.resolve(s, "jma:100").id, persons.resolve(s, "site:100").id
        k2 = s.scalar(select(Placement.posting_id).where(Placement.registrant_id == other))
    assert {h["posting_source_id"] for h in queries.placement_history(db, head)} == {"K-1", "K-2"}
    assert queries.placements_of_posting(db, k2) == {head: "declined"}


def test_an_id_shown_always_names_one_registrant(db: Database, tmp_path: Path) -> None:
    """The default source's ids are shown bare, unless another source holds the same 登録ID."""
    path = write(tmp_path, "old.csv", ["100,山田 太郎,ヤマダ タロウ,1960,医師,,,,東京都,東京都,土日,有効",
                                       "300,鈴木 一郎,スズキ イチロウ,1961,医師,,,,東京都,東京都,土日,有効"])
    import_file(db, "registrants", path)  # before sources: the default one
    load(db, tmp_path)  # jma:100, site:100 …
    add_posting(db, "K-1")
    walk(db, "K-1", "default:100", "proposed")
    result = walk(db, "K-1", "300", "proposed")
    assert result.registrant_source_id == "300"
    assert {e.registrant_source_id for e in placements.events(db)} == {"default:100", "300"}
    shown = {c.source_id for c in rank_posting(db, "K-1", top=50).candidates}
    assert {"default:100", "jma:100", "site:100", "300"} <= shown
    with pytest.raises(persons.AmbiguousRegistrant, match="default:100, jma:100, site:100"):
        placements.transition(db, "K-1", "100", "contacted")
    placements.undo_last(db)  # an undo finds its registrant by its full id
    assert placements.placement_state(db, "K-1", "300") is placements.State.WITHDRAWN
