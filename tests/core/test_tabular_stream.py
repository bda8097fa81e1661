"""The streaming reader hands out the same rows, row numbers, header and encoding as read_table,
and refuses the same files with the same words."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from desk.core.columns import header_score
from desk.core.tabular import TableError, read_table
from desk.core.tabular_stream import open_table

HEADER = "登録ID,氏名,職種,状態"
ROWS = [f"R-{i},名前{i},看護師,有効" for i in range(23)]
CASES = {
    "cp932": ("\r\n".join([HEADER, *ROWS]) + "\r\n").encode("cp932"),
    "plain ASCII, then cp932 further down": ("id,name,occupation,state\n" + "".join(
        f"A-{i},{'x' * 15000},nurse,active\n" for i in range(5))).encode("ascii") + "\n".join(ROWS).encode("cp932"),
    "utf-8 mark before cp932": codecs.BOM_UTF8 + "\n".join([HEADER, *ROWS]).encode("cp932"),
    "utf-8 with a mark": codecs.BOM_UTF8 + "\n".join([HEADER, *ROWS]).encode("utf-8"),
    "utf-16": "\n".join([HEADER, *ROWS]).encode("utf-16"),
    "title, blank rows, short and padded rows, a quoted line break": "\n".join([
        "医療のお仕事 登録者一覧", "", ",,,", HEADER, "R-1,山田", "", ",,,,,", 'R-2,"田中\n花子",医師,有効,,,',
        "R-3,佐藤,看護師,有効,余り", *ROWS, "", ""]).encode("cp932"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_chunks_equal_the_whole_table(tmp_path: Path, case: str) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(CASES[case])
    table = read_table(path, header_score=header_score)
    stream = open_table(path, header_score=header_score)
    rows: list[list[str]] = []
    numbers: list[int] = []
    for chunk, nums in stream.chunks(4):
        assert len(chunk) <= 4
        rows += chunk
        numbers += nums
    stream.close()
    assert (stream.encoding, stream.header_row, stream.headers) == (table.encoding, table.header_row, table.headers)
    assert (rows, numbers) == (table.rows, table.row_numbers)
    assert stream.estimated_rows >= len(rows)


@pytest.mark.parametrize("content", [
    b"", b"  \n\n", b"PK\x03\x04rest", codecs.BOM_UTF16_LE + "登録ID\n".encode("utf-16-le") + b"\x00",
    ("\n".join([HEADER, *ROWS]) + "\n").encode("cp932") + b"R-99,\x81\xff\n",
    ("\n".join([HEADER, *ROWS]) + "\n").encode("cp932") + b"R-99," + b"x," * 1001 + b"x\n",
], ids=["empty", "blank", "zip", "odd utf-16", "bad byte further down", "too many cells further down"])
def test_refused_with_the_same_words(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(TableError) as whole:
        read_table(path)
    with pytest.raises(TableError) as streamed:
        stream = open_table(path)
        for _chunk in stream.chunks(10):
            pass
    assert str(streamed.value) == str(whole.value)
