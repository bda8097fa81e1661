"""``desk call-log``, ``note``, ``callbacks``, ``recontact``, ``reminders``, ``registrant set`` and
``log --override`` as a coordinator types them; bad input exits 2 and writes nothing."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from desk.cli import main
from desk.services import calls, placements
from desk.store.db import open_database
from desk.store.models import Posting, PostingSlot, Registrant

D = dt.date(2021, 6, 12)


@pytest.fixture
def url(sqlite_url: str) -> str:
    db = open_database(sqlite_url)
    with db.session() as s:
        p = Posting(source_id="K-1", occupation="doctor", headcount=1, venue_name="港北公会堂", pref_code="14",
                    prefecture="神奈川県", municipality_name="横浜市港北区", venue_address="横浜市港北区大豆戸町26-1")
        p.slots = [PostingSlot(date=D, start=dt.time(9), end=dt.time(12))]
        s.add(p)
        s.add_all([Registrant(source_id="R-1", name="山田 花子", occupation="doctor", phone="090-1111-2222"),
                   Registrant(source_id="R-2", name="鈴木 一郎", occupation="clerk"),
                   Registrant(source_id="R-3", name="高橋 四郎", occupation="doctor", state="withdrawn"),
                   Registrant(source_id="R-4", name="伊藤 五月", occupation="doctor")])
    db.dispose()
    return sqlite_url


def desk(url: str, *args: str) -> int:
    return main(["--db", url, *args])


def nothing_written(url: str) -> bool:
    db = open_database(url)
    try:
        return placements.events(db) == [] and calls.contacts(db) == []
    finally:
        db.dispose()


@pytest.mark.parametrize(("args", "message"), [
    (["call-log", "K-1", "R-1", "maybe"], "no_answer (不在), voicemail (留守電), callback (折り返し待ち)"),
    (["call-log", "K-1", "R-1", "折り返し待ち", "--callback", "3pm"], 'expected "YYYY-MM-DD HH:MM"'),
    (["call-log", "K-1", "R-1", "不在", "--callback", "2021-06-11 15:00"], "goes with the outcome callback"),
    (["call-log", "K-9", "R-1", "不在"], "no posting with 募集ID K-9"),
    (["note", "K-1", "R-9", "memo"], "no registrant with 登録ID R-9"),
    (["note", "K-1", "R-1", "  "], "the note is empty"),
    (["log", "K-1", "R-2", "accepted"], "--override"),
    (["log", "K-1", "R-2", "確定", "--override", " "], "--override needs a reason"),
    (["log", "K-1", "R-3", "proposed", "--override", "本人から電話"], "withdrawn (退会)"),
    (["callbacks", "--due", "someday"], "expected today, overdue or a date"),
    (["registrant", "set", "R-1", "state", "sleeping"], "active (有効), paused (休止) or withdrawn (退会)"),
    (["registrant", "set", "R-1", "age", "40"], "phone, email, state, notes"),
])
def test_bad_input_exits_2_with_the_allowed_values_and_writes_nothing(
        url: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    assert desk(url, *args) == 2
    assert message in capsys.readouterr().err
    assert nothing_written(url)


def test_override_is_stored_and_shown_in_history(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert desk(url, "log", "K-1", "R-2", "承諾", "--override", "事務職員だが医師免許を確認済み", "--by", "佐藤") == 0
    assert desk(url, "history") == 0
    assert "[override: 事務職員だが医師免許を確認済み]" in capsys.readouterr().out


def test_fill_says_over_by_n(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    for rid in ("R-1", "R-4"):
        assert desk(url, "log", "K-1", rid, "accepted") == 0
    assert desk(url, "log", "K-1", "R-1", "confirmed") == 0
    assert desk(url, "log", "K-1", "R-4", "confirmed") == 2  # full: asks for --over
    assert desk(url, "log", "K-1", "R-4", "confirmed", "--over") == 0
    capsys.readouterr()
    assert desk(url, "fill", "K-1") == 0
    out = capsys.readouterr().out
    assert "2/1  over by 1" in out and "over by 1" in out.splitlines()[-1]


def test_call_log_callbacks_and_notes_from_the_command_line(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert desk(url, "call-log", "K-1", "R-1", "不在", "--by", "佐藤") == 0
    assert desk(url, "call-log", "K-1", "R-1", "callback", "--callback", "2021-06-11 15:00", "--note", "夕方に",
                "--by", "佐藤") == 0
    assert desk(url, "call-log", "K-1", "R-4", "折り返し待ち", "--callback", "2999-01-01 09:00", "--by", "田中") == 0
    assert desk(url, "note", "K-1", "R-1", "午前は外来") == 0
    capsys.readouterr()
    assert desk(url, "callbacks", "--json") == 0
    due = json.loads(capsys.readouterr().out)
    assert [(d["registrant_source_id"], d["phone"], d["callback_at"]) for d in due] == [
        ("R-1", "090-1111-2222", "2021-06-11T15:00")]
    assert desk(url, "callbacks", "--due", "2999-01-01", "--mine", "--by", "田中", "--json") == 0
    assert [d["registrant_source_id"] for d in json.loads(capsys.readouterr().out)] == ["R-4"]


def test_reminders_pdf_and_registrant_set(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert desk(url, "registrant", "set", "R-1", "phone", "090-9999-8888", "--by", "佐藤") == 0
    assert desk(url, "log", "K-1", "R-1", "accepted") == 0
    assert desk(url, "log", "K-1", "R-1", "confirmed") == 0
    out = tmp_path / "reminders.pdf"
    assert desk(url, "reminders", "2021-06-12", "-o", str(out), "--by", "佐藤") == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "山田 花子" in text and "090-9999-8888" in text and "港北公会堂" in text
    capsys.readouterr()
    assert desk(url, "exports") == 0
    assert "reminders" in capsys.readouterr().out
    assert desk(url, "reminders", "2021-06-12", "-o", str(tmp_path / "r.txt")) == 2
