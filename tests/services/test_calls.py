"""The calling day in the services: excluded registrants need an override, call attempts and notes,
call-backs due at the right time, re-contact after a re-import, reminders, registrant edits."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import openpyxl
import pytest

from desk.core.calls import Kind, Outcome
from desk.core.placement import OverrideRequired, RegistrantWithdrawn, State
from desk.print.reminders import write_reminders_pdf
from desk.services import calls, recontact, registrant_edits
from desk.services import placements as svc
from desk.services.exports import placement_table
from desk.services.importer import ImportOptions, import_file
from desk.services.reminders import confirmed_on, export_reminders
from desk.store.db import Database
from desk.store.models import ExportRecord, Posting, PostingSlot, Registrant
from tests.services.test_importer import POSTING_HEADER, REGISTRANT_HEADER, REGISTRANTS, write_csv

D = dt.date(2021, 6, 12)


def seed(db: Database) -> None:
    with db.session() as s:
        for sid, venue, occ, slots, headcount in (
                ("K-1", "港北公会堂", "doctor", [(D, 9, 12), (D + dt.timedelta(days=1), 9, 12)], 1),
                ("K-2", "新横浜会場", "nurse", [(D, 13, 16)], 2)):
            p = Posting(source_id=sid, occupation=occ, headcount=headcount, venue_name=venue, pref_code="14",
                        prefecture="神奈川県", municipality_name="横浜市港北区", venue_address="横浜市港北区大豆戸町26-1")
            p.slots = [PostingSlot(date=d, start=dt.time(a), end=dt.time(b)) for d, a, b in slots]
            s.add(p)
        s.add_all([
            Registrant(source_id="R-1", name="山田 花子", occupation="doctor", phone="090-1111-2222",
                       email="hanako@example.jp"),
            Registrant(source_id="R-2", name="鈴木 一郎", occupation="clerk", phone="080-3333-4444"),
            Registrant(source_id="R-3", name="佐藤 三郎", occupation="doctor", state="paused"),
            Registrant(source_id="R-4", name="高橋 四郎", occupation="doctor", state="withdrawn"),
            Registrant(source_id="R-5", name="伊藤 五月", occupation="nurse", phone="070-5555-6666"),
            # available only on weekdays: D (a Saturday) and D+1 are not coverable
            Registrant(source_id="R-6", name="渡辺 六子", occupation="doctor",
                       availability=[{"from": None, "to": None, "days": 31, "start": 540, "end": 1020}]),
        ])


@pytest.fixture
def sdb(db: Database) -> Database:
    seed(db)
    return db


@pytest.mark.parametrize(("registrant", "code"), [("R-2", "occupation"), ("R-3", "state_paused"),
                                                  ("R-6", "no_overlap")])
def test_an_excluded_registrant_is_not_accepted_or_confirmed_without_an_override(
        sdb: Database, registrant: str, code: str) -> None:
    svc.transition(sdb, "K-1", registrant, "proposed")  # proposing is still allowed
    with pytest.raises(OverrideRequired) as err:
        svc.transition(sdb, "K-1", registrant, "accepted")
    assert err.value.reason_code == code and "--override" in str(err.value)
    assert svc.placement_state(sdb, "K-1", registrant) is State.PROPOSED
    svc.transition(sdb, "K-1", registrant, "accepted", override="本人の資格証を確認", coordinator="佐藤")
    # the override given on accepting carries to the confirmation
    result = svc.transition(sdb, "K-1", registrant, "confirmed", coordinator="佐藤")
    assert result.override_reason == "本人の資格証を確認"
    rows = svc.events(sdb, registrant_source_id=registrant)
    assert [r.override_reason for r in rows] == ["", "本人の資格証を確認", "本人の資格証を確認"]
    events = placement_table(sdb).events
    assert [e[-1] for e in events] == ["", "本人の資格証を確認", "本人の資格証を確認"]


def test_a_withdrawn_registrant_is_refused_outright_even_with_an_override(sdb: Database) -> None:
    for state in ("proposed", "accepted"):
        with pytest.raises(RegistrantWithdrawn):
            svc.transition(sdb, "K-1", "R-4", state, override="本人から電話")
    assert svc.events(sdb) == []


def test_a_candidate_needs_no_override_and_an_unneeded_one_is_not_stored(sdb: Database) -> None:
    result = svc.transition(sdb, "K-1", "R-1", "accepted", override="念のため")
    assert result.override_reason == ""


def test_call_attempts_and_notes_are_listed_in_order_with_the_last_contact_in_a_few_words(sdb: Database) -> None:
    t = dt.datetime(2021, 11, 30, 14, 5)
    calls.log_attempt(sdb, "K-1", "R-1", Outcome.NO_ANSWER, coordinator="佐藤", now=t - dt.timedelta(hours=2))
    calls.log_attempt(sdb, "K-1", "R-1", "no_answer", coordinator="田中", now=t)
    calls.add_note(sdb, "K-1", "R-1", "午前は外来", coordinator="田中", now=t + dt.timedelta(minutes=1))
    calls.log_attempt(sdb, "K-2", "R-5", Outcome.CALLBACK, callback_at=dt.datetime(2021, 11, 30, 15, 0),
                      coordinator="佐藤", now=t)
    calls.log_attempt(sdb, "K-2", "R-1", Outcome.BUSY, coordinator="佐藤", now=t - dt.timedelta(hours=5))
    rows = calls.contacts(sdb, registrant_source_id="R-1")
    assert [(r.posting_source_id, r.kind, r.outcome, r.coordinator) for r in rows] == [
        ("K-2", Kind.ATTEMPT, Outcome.BUSY, "佐藤"), ("K-1", Kind.ATTEMPT, Outcome.NO_ANSWER, "佐藤"),
        ("K-1", Kind.ATTEMPT, Outcome.NO_ANSWER, "田中"), ("K-1", Kind.NOTE, None, "田中")]
    assert rows[-1].note == "午前は外来"
    last = calls.last_contacts(sdb, "K-1")
    assert last["R-1"].text == "不在×2 11/30 14:05" and last["R-1"].attempts_here == 2
    assert last["R-5"].text == "折返 15:00" and last["R-5"].attempts_here == 0


def test_callbacks_fall_due_at_their_time_oldest_first_and_clear_on_the_next_call(sdb: Database) -> None:
    t = dt.datetime(2021, 11, 30, 10, 0)
    calls.log_attempt(sdb, "K-1", "R-1", "callback", callback_at=dt.datetime(2021, 11, 30, 15, 0),
                      coordinator="佐藤", now=t)
    calls.log_attempt(sdb, "K-2", "R-5", "callback", callback_at=dt.datetime(2021, 11, 30, 11, 0),
                      coordinator="田中", now=t)
    assert calls.callbacks(sdb, now=dt.datetime(2021, 11, 30, 10, 59)) == []
    due = calls.callbacks(sdb, now=dt.datetime(2021, 11, 30, 15, 0))
    assert [(c.registrant_source_id, c.phone, c.posting_source_id) for c in due] == [
        ("R-5", "070-5555-6666", "K-2"), ("R-1", "090-1111-2222", "K-1")]
    assert [c.overdue for c in due] == [True, False]
    assert [c.registrant_source_id for c in calls.callbacks(sdb, coordinator="佐藤",
                                                            now=dt.datetime(2021, 11, 30, 16))] == ["R-1"]
    calls.log_attempt(sdb, "K-2", "R-5", "no_answer", now=dt.datetime(2021, 11, 30, 11, 5))
    assert [c.registrant_source_id for c in calls.callbacks(sdb, now=dt.datetime(2021, 11, 30, 16))] == ["R-1"]


def _postings_file(tmp_path: Path, name: str, dates: str, hours: str = "9:00～12:00", headcount: str = "2",
                   status: str = "公開") -> Path:
    row = ["K-001", "鎌倉市", "神奈川", "鎌倉市", "鎌倉市役所 集団接種会場", "神奈川県鎌倉市御成町18-10", "医師",
           headcount, dates, hours, "全情報", status, "令和3年6月1日"]
    other = ["K-002", "横浜市", "神奈川県", "横浜市港北区", "港北公会堂", "横浜市港北区大豆戸町26-1", "医師", "1",
             "2021/6/19", "9:00～12:00", "全情報", "公開", "2021/6/1"]
    return write_csv(tmp_path / name, POSTING_HEADER, [row, other])


def test_a_reimport_that_moves_a_date_lists_the_right_placements_for_recontact_until_a_new_event(
        db: Database, tmp_path: Path) -> None:
    import_file(db, "postings", _postings_file(tmp_path, "a.csv", "2021/6/12、6/19"), ImportOptions())
    with db.session() as s:
        s.add_all([Registrant(source_id=f"R-{i}", name=f"登録者{i}", occupation="doctor") for i in range(1, 5)])
    svc.transition(db, "K-001", "R-1", "proposed")
    svc.transition(db, "K-001", "R-2", "accepted")
    for rid in ("R-3", "R-4"):
        svc.transition(db, "K-001", rid, "accepted")
        svc.transition(db, "K-001", rid, "confirmed")
    svc.transition(db, "K-001", "R-4", "cancelled", cancelled_by="registrant")
    svc.transition(db, "K-002", "R-1", "accepted")  # another posting, unchanged
    report = import_file(db, "postings", _postings_file(tmp_path, "b.csv", "2021/6/12、6/26", "13:00～17:00"),
                         ImportOptions())
    assert report.recontact == 3
    items = recontact.open_items(db)
    assert [(i.posting_source_id, i.registrant_source_id, i.state) for i in items] == [
        ("K-001", "R-1", State.PROPOSED), ("K-001", "R-2", State.ACCEPTED), ("K-001", "R-3", State.CONFIRMED)]
    assert "removed slot 6/19" in items[2].what and "hours 9:00~12:00 → 13:00~17:00" in items[2].what
    assert svc.placement_state(db, "K-001", "R-3") is State.CONFIRMED  # nothing cancelled
    svc.transition(db, "K-001", "R-2", "declined")
    calls.add_note(db, "K-001", "R-3", "6/26に変更で了承")
    calls.log_attempt(db, "K-001", "R-1", "no_answer")  # not reached: still to call
    assert [i.registrant_source_id for i in recontact.open_items(db)] == ["R-1"]


def test_a_headcount_cut_and_an_ended_posting_say_what_changed(db: Database, tmp_path: Path) -> None:
    import_file(db, "postings", _postings_file(tmp_path, "a.csv", "2021/6/12", headcount="3"), ImportOptions())
    with db.session() as s:
        s.add_all([Registrant(source_id=f"R-{i}", name=f"登録者{i}", occupation="doctor") for i in range(1, 3)])
    for rid in ("R-1", "R-2"):
        svc.transition(db, "K-001", rid, "accepted")
        svc.transition(db, "K-001", rid, "confirmed")
    import_file(db, "postings", _postings_file(tmp_path, "b.csv", "2021/6/12", headcount="1", status="終了"),
                ImportOptions())
    whats = {i.what for i in recontact.open_items(db)}
    assert whats == {"posting ended; headcount 3 → 1 with 2 confirmed"}


def test_reminders_list_exactly_the_people_confirmed_that_day_and_are_audited(sdb: Database, tmp_path: Path) -> None:
    svc.transition(sdb, "K-1", "R-1", "accepted")
    svc.transition(sdb, "K-1", "R-1", "confirmed")
    svc.transition(sdb, "K-2", "R-5", "accepted")
    svc.transition(sdb, "K-2", "R-5", "confirmed")
    svc.transition(sdb, "K-2", "R-2", "proposed")  # not confirmed: not on the sheet
    venues = confirmed_on(sdb, D + dt.timedelta(days=1))
    assert [(v.posting_source_id, [p.registrant_source_id for p in v.people]) for v in venues] == [("K-1", ["R-1"])]
    pdf = write_reminders_pdf(sdb, D, tmp_path / "r.pdf", coordinator="佐藤")
    text = subprocess.run(["pdftotext", "-layout", str(pdf.path), "-"], capture_output=True, text=True,
                          check=True).stdout
    for word in ("前日連絡シート", "港北公会堂", "新横浜会場", "横浜市港北区大豆戸町26-1", "山田 花子", "090-1111-2222",
                 "hanako@example.jp", "伊藤 五月", "070-5555-6666", "9:00-12:00".replace("9", "09")):
        assert word in text, word
    assert "鈴木 一郎" not in text and pdf.rows == 2
    xlsx = export_reminders(sdb, D, tmp_path / "r.xlsx", coordinator="佐藤")
    ws = openpyxl.load_workbook(xlsx.path).active
    assert [r[7] for r in ws.iter_rows(min_row=2, values_only=True)] == ["伊藤 五月", "山田 花子"]  # by venue
    with sdb.session() as s:
        kinds = [(r.kind, r.coordinator, r.rows) for r in s.query(ExportRecord).order_by(ExportRecord.id)]
    assert kinds == [("reminders", "佐藤", 2), ("reminders", "佐藤", 2)]


def test_registrant_edits_are_recorded_and_survive_a_reimport_as_a_reported_conflict(
        db: Database, tmp_path: Path) -> None:
    first = write_csv(tmp_path / "r1.csv", REGISTRANT_HEADER, REGISTRANTS)
    import_file(db, "registrants", first, ImportOptions())
    registrant_edits.set_field(db, "R-1", "電話", "０９０-９９９９-８８８８", coordinator="佐藤")
    registrant_edits.set_field(db, "R-2", "state", "退会", coordinator="佐藤")
    assert [(e.field, e.old_value, e.new_value, e.coordinator) for e in registrant_edits.edits(db)] == [
        ("phone", "090-1111-2222", "090-9999-8888", "佐藤"), ("state", "paused", "withdrawn", "佐藤")]
    # the registry sends R-1 with yet another phone, and R-2 with a new specialty but its old state
    rows = [list(r) for r in REGISTRANTS]
    rows[0][11] = "090-7777-0000"
    rows[1][4] = "小児科"
    report = import_file(db, "registrants", write_csv(tmp_path / "r2.csv", REGISTRANT_HEADER, rows), ImportOptions())
    assert [(c.registrant_source_id, c.field, c.kept, c.imported) for c in report.conflicts] == [
        ("R-1", "phone", "090-9999-8888", "090-7777-0000")]
    with db.session() as s:
        got = {r.source_id: (r.phone, r.state, r.specialty) for r in s.query(Registrant)}
    assert got["R-1"][0] == "090-9999-8888"
    assert got["R-2"][1:] == ("withdrawn", "小児科")
    # the preview (dry run) of a file that changes R-1 again reports the same conflict, writes nothing
    rows[0][4] = "総合診療科"
    again = write_csv(tmp_path / "r3.csv", REGISTRANT_HEADER, rows)
    preview = import_file(db, "registrants", again, ImportOptions(dry_run=True))
    assert [(c.registrant_source_id, c.field) for c in preview.conflicts] == [("R-1", "phone")]
    with db.session() as s:
        assert s.query(Registrant.specialty).filter(Registrant.source_id == "R-1").scalar() == "内科"


def test_bad_edits_are_refused_with_the_allowed_values(sdb: Database) -> None:
    with pytest.raises(registrant_edits.EditRefused, match="phone, email, state, notes"):
        registrant_edits.set_field(sdb, "R-1", "birthday", "1990")
    with pytest.raises(registrant_edits.EditRefused, match="not an e-mail"):
        registrant_edits.set_field(sdb, "R-1", "email", "hanako")
    assert registrant_edits.edits(sdb) == []
