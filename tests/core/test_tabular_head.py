"""The import dialog's head of a file (headers and first rows, the rest not held) and its streamed
count agree with read_table on every kind of file the reader takes."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tabular_stream import CASES, HEADER, ROWS  # type: ignore[import-not-found]

from desk.core.columns import header_score
from desk.core.demo import REGISTRANT_HEADERS, generate_registrants, write_xlsx
from desk.core.tabular import TableError, read_table
from desk.core.tabular_stream import count_rows, read_head


@pytest.mark.parametrize("size", [5, 200])
@pytest.mark.parametrize("case", sorted(CASES))
def test_head_and_count_equal_the_whole_table(tmp_path: Path, case: str, size: int) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(CASES[case])
    table = read_table(path, header_score=header_score)
    head = read_head(path, rows=size, header_score=header_score)
    assert (head.encoding, head.header_row, head.headers, head.sheet) == (
        table.encoding, table.header_row, table.headers, table.sheet)
    assert head.rows == table.rows[:size]
    # the count is known when the head is the whole file; otherwise it waits for a streamed pass
    assert head.total == (len(table.rows) if len(table.rows) <= size else None)
    assert head.estimated_rows >= len(table.rows)
    assert count_rows(path, header_score=header_score) == len(table.rows)


def test_the_estimate_is_the_lines_below_the_header(tmp_path: Path) -> None:
    for ending in ("\r\n", ""):
        path = tmp_path / "r.csv"
        path.write_bytes(("\r\n".join(["一覧", HEADER, *ROWS]) + ending).encode("cp932"))
        assert read_head(path, rows=5, header_score=header_score).estimated_rows == len(ROWS)


def test_a_problem_below_the_head_is_found_by_the_count(tmp_path: Path) -> None:
    """The head is read without the rest, so a bad byte further down is reported by the pass that
    reads every row (the count or the preview), in the same words as before."""
    path = tmp_path / "bad.csv"
    rows = [f"R-{i},名前{i},看護師,有効" for i in range(4000)]  # past the bytes the encoding is told from
    path.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode("cp932") + b"R-99,\x81\xff\n")
    head = read_head(path, rows=5, header_score=header_score)
    assert head.rows[0][0] == "R-0" and head.total is None
    with pytest.raises(TableError) as whole:
        read_table(path)
    with pytest.raises(TableError) as counted:
        count_rows(path)
    assert str(counted.value) == str(whole.value)


def test_the_count_reports_progress_and_stops_when_cancelled(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(("\n".join([HEADER, *ROWS]) + "\n").encode("cp932"))
    seen: list[tuple[int, int]] = []
    assert count_rows(path, progress=lambda done, total: seen.append((done, total)), chunk=10) == len(ROWS)
    assert [done for done, _total in seen] == [10, 20, 23]
    assert all(total >= done for done, total in seen)
    asked: list[int] = []
    assert count_rows(path, cancelled=lambda: bool(asked.append(1)) or len(asked) >= 2, chunk=10) is None
    assert len(asked) == 2  # it stopped at the second look, between chunks


def test_an_xlsx_sheet_is_counted_with_its_head(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", generate_registrants(30), REGISTRANT_HEADERS, title_row="登録者一覧")
    table = read_table(path, header_score=header_score)
    head = read_head(path, rows=10, header_score=header_score)
    assert head.sheet == table.sheet and head.header_row == table.header_row == 3
    assert head.rows == table.rows[:10]
    assert head.total == head.estimated_rows == len(table.rows) == 30
