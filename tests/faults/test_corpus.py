"""Every malformed file gets a plain answer: exit 0 or 2 (never a traceback), promptly, and a
refusal leaves the database exactly as it was."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from corpus import POSTING_HEADER, REGISTRANT_HEADER, build, csv_text, posting_rows, registrant_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.cli import main
from desk.core.columns import header_score
from desk.core.tabular import TableError, read_table
from desk.store.db import open_database
from tests.faults.conftest import snapshot

#: A hang guard, not a speed figure: each file is small, a refusal should be near-instant.
BOUND_S = 20.0


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("corpus")


def test_every_malformed_file_exits_0_or_2_promptly_and_a_refusal_changes_nothing(
        corpus_dir: Path, tmp_path: Path, sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    import random

    rng = random.Random(7)
    seed_p = tmp_path / "seed-p.csv"
    seed_p.write_text(csv_text(POSTING_HEADER, posting_rows(10, rng)), encoding="utf-8")
    seed_r = tmp_path / "seed-r.csv"
    seed_r.write_text(csv_text(REGISTRANT_HEADER, registrant_rows(10, rng)), encoding="utf-8")
    assert main(["--db", sqlite_url, "import", "postings", str(seed_p)]) == 0
    assert main(["--db", sqlite_url, "import", "registrants", str(seed_r)]) == 0
    capsys.readouterr()
    db = open_database(sqlite_url)
    failures: list[str] = []
    codes: dict[int, int] = {}
    try:
        for case in build(corpus_dir):
            before = snapshot(db)
            start = time.monotonic()
            try:
                code = main(["--db", sqlite_url, "import", case.kind, str(case.path), "--partial-export"])
            except BaseException as exc:  # noqa: BLE001 - the point: nothing escapes
                failures.append(f"{case.name}: {type(exc).__name__}: {exc}")
                continue
            elapsed = time.monotonic() - start
            out = capsys.readouterr()
            codes[code] = codes.get(code, 0) + 1
            if code not in (0, 2):
                failures.append(f"{case.name}: exit {code}: {out.err[-300:]}")
            if "Traceback" in out.err or "Traceback" in out.out:
                failures.append(f"{case.name}: a traceback was printed")
            if code == 2 and snapshot(db) != before:
                failures.append(f"{case.name}: refused, but the database changed")
            if code == 2 and not out.err.strip() and "nothing was imported" not in out.out:
                failures.append(f"{case.name}: refused without saying why")
            if elapsed > BOUND_S:
                failures.append(f"{case.name}: took {elapsed:.0f} s")
    finally:
        db.dispose()
    assert not failures, "\n".join(failures)
    assert codes.get(2, 0) > 60  # most of the corpus is refused, with a message


def test_a_refusal_names_the_file_and_the_problem(corpus_dir: Path, sqlite_url: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    cases = {c.name: c for c in build(corpus_dir)}
    expected = {
        "p-csv-named.xlsx": "not an .xlsx workbook",
        "p-xlsx-named.csv": "rename it to .xlsx",
        "p-bad-crc.xlsx": "damaged",
        "p-bad-content-types.xlsx": "damaged",
        "p-u16-odd.csv": "UTF-16",
        "r-u16-lone-surrogate.csv": "surrogate",
        "p-long-line.csv": "1,048,576 characters",
        "r-wide.csv": "at most 1,000 columns",
        "folder": "is a folder",
        "missing": "no such file",
        "fifo": "not a regular file",
    }
    for name, words in expected.items():
        case = cases[name]
        assert main(["--db", sqlite_url, "import", case.kind, str(case.path)]) == 2, name
        err = capsys.readouterr().err
        assert words in err, (name, err)
        assert case.path.name in err, (name, err)
        assert err.count("\n") == 1, (name, err)  # one line


def test_header_only_and_bom_before_cp932_are_read(corpus_dir: Path, sqlite_url: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    cases = {c.name: c for c in build(corpus_dir)}
    for name in ("r-header-only.csv", "r-header-only.xlsx", "p-header-only.csv"):
        assert main(["--db", sqlite_url, "import", cases[name].kind, str(cases[name].path)]) == 0
        assert capsys.readouterr().out.splitlines()[-1] == "imported 0, updated 0, unchanged 0, rejected 0"
    assert main(["--db", sqlite_url, "import", "registrants", str(cases["r-bom-cp932.csv"].path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "imported 40, updated 0, unchanged 0, rejected 0"


@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from([".csv", ".xlsx", ".tsv"]))
def test_any_bytes_are_read_or_refused_with_a_table_error(tmp_path_factory: pytest.TempPathFactory,
                                                         data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("h") / f"f{suffix}"
    path.write_bytes(data)
    try:
        read_table(path, header_score=header_score)
    except TableError as exc:
        assert path.name in str(exc) or str(path) in str(exc)
