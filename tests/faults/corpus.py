"""A corpus of malformed input files, made from valid ones with a fixed seed (same files every run).

Each case is a file (or a folder, a FIFO, a missing path) given to ``desk import KIND PATH``. The
kinds of damage are the ones met in the field: truncated and bit-flipped files, wrong and mixed
encodings, a CSV named .xlsx and the reverse, damaged zip members and XML, huge lines and rows,
header-only and empty files.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

SEED = 20210612

POSTING_HEADER = ["募集ID", "自治体名", "都道府県", "市区町村", "会場名", "会場住所", "職種", "募集人数",
                  "勤務日", "勤務時間", "公開区分", "掲載状況", "更新日"]
REGISTRANT_HEADER = ["登録ID", "氏名", "ふりがな", "職種", "診療科", "都道府県", "市区町村", "勤務可能地域",
                     "勤務可能日", "勤務可能時間", "接種経験", "電話番号", "状態"]


def posting_rows(n: int, rng: random.Random) -> list[list[str]]:
    places = [("神奈川県", "鎌倉市"), ("東京都", "世田谷区"), ("北海道", "札幌市中央区"), ("大阪府", "堺市")]
    occs = ["医師", "看護師", "准看護師", "事務職員"]
    rows = []
    for i in range(n):
        pref, city = rng.choice(places)
        rows.append([f"F-{i:04d}", city, pref, city, f"{city}集団接種会場", f"{pref}{city}1-2-3", rng.choice(occs),
                     str(rng.randint(1, 5)), "6/12～6/27の土日", "9:00～12:00", rng.choice(["全情報", "マスキング"]),
                     "公開", "令和3年6月1日"])
    return rows


def registrant_rows(n: int, rng: random.Random) -> list[list[str]]:
    names = ["髙橋 花子", "山﨑 太郎", "佐藤 一郎", "鈴木 次郎"]
    rows = []
    for i in range(n):
        rows.append([f"S-{i:04d}", rng.choice(names), "タカハシ ハナコ", rng.choice(["医師", "看護師"]), "内科",
                     "神奈川県", "鎌倉市", "神奈川県全域", "土日祝", "9:00～17:00", "あり",
                     f"090-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}", "有効"])
    return rows


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def xlsx_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rezip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The workbook with each member passed through ``change`` (None drops the member)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = change(info.filename, src.read(info.filename))
            if body is not None:
                dst.writestr(info.filename, body)
    return out.getvalue()


def _flip(data: bytes, rng: random.Random, n: int, start: int = 0) -> bytes:
    b = bytearray(data)
    for _ in range(n):
        i = rng.randrange(start, len(b))
        b[i] ^= 1 << rng.randrange(8)
    return bytes(b)


def _bad_crc(data: bytes) -> bytes:
    """The workbook with the sheet's CRC-32 wrong in both its local header and the central directory."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    info = next(i for i in zf.infolist() if i.filename.startswith("xl/worksheets/"))
    b = bytearray(data)
    b[info.header_offset + 14] ^= 0xFF  # local file header: CRC-32 at offset 14
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len = int.from_bytes(data[pos + 28: pos + 30], "little")
        if data[pos + 46: pos + 46 + name_len] == info.filename.encode():
            b[pos + 16] ^= 0xFF  # central directory: CRC-32 at offset 16
        pos = data.find(b"PK\x01\x02", pos + 4)
    return bytes(b)


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # postings | registrants
    path: Path


def build(out: Path, seed: int = SEED) -> list[Case]:
    """Write the corpus under ``out`` and return its cases (deterministic for a seed)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def add(name: str, kind: str, data: bytes | str) -> None:
        path = out / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        cases.append(Case(name, kind, path))

    posts = csv_text(POSTING_HEADER, posting_rows(40, rng))
    regs = csv_text(REGISTRANT_HEADER, registrant_rows(40, rng))
    post_x = xlsx_bytes(POSTING_HEADER, posting_rows(40, rng))
    reg_x = xlsx_bytes(REGISTRANT_HEADER, registrant_rows(40, rng))
    for kind, text, xl in (("postings", posts, post_x), ("registrants", regs, reg_x)):
        k = kind[0]
        raw8, raw932 = text.encode("utf-8"), text.encode("cp932")
        # Truncated anywhere (mid-character included) and bit-flipped, in each encoding.
        for enc, raw in (("u8", raw8), ("sj", raw932), ("u16", text.encode("utf-16"))):
            for j in range(3):
                add(f"{k}-trunc-{enc}-{j}.csv", kind, raw[: rng.randrange(1, len(raw))])
                add(f"{k}-flip-{enc}-{j}.csv", kind, _flip(raw, rng, rng.randint(1, 30)))
        add(f"{k}-bom-cp932.csv", kind, codecs.BOM_UTF8 + raw932)
        add(f"{k}-u16-odd.csv", kind, text.encode("utf-16") + b"\x41")
        add(f"{k}-u16-lone-surrogate.csv", kind, text.encode("utf-16") + b"\x00\xd8\x41\x00")
        add(f"{k}-mixed-u8-sj.csv", kind, raw8[: len(raw8) // 2] + raw932[len(raw932) // 2:])
        add(f"{k}-header-only.csv", kind, text.splitlines()[0] + "\r\n")
        add(f"{k}-header-only.xlsx", kind, xlsx_bytes(POSTING_HEADER if kind == "postings" else REGISTRANT_HEADER, []))
        add(f"{k}-empty.csv", kind, b"")
        add(f"{k}-blank.csv", kind, b"\r\n \r\n\t\r\n")
        add(f"{k}-nul.csv", kind, raw8[:200] + b"\x00" * 50 + raw8[200:])
        add(f"{k}-quote.csv", kind, raw8[:150] + b'"' + raw8[150:])
        add(f"{k}-long-line.csv", kind, raw8 + b"x" * ((1 << 20) + 10))  # a megabyte without a newline
        add(f"{k}-long-cell.csv", kind, text.splitlines()[0].encode() + b"\r\n\"" + b"y" * 200_000 + b"\"\r\n")
        add(f"{k}-wide.csv", kind, ",".join(f"列{i}" for i in range(10_000)) + "\r\n" + ",".join("1" * 10_000))
        add(f"{k}-only-title.csv", kind, "募集一覧（令和3年6月）\r\n")
        add(f"{k}-binary.csv", kind, bytes(rng.randrange(256) for _ in range(4096)))
        add(f"{k}-pdf.csv", kind, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
        # Workbooks: not a zip, a CSV or an old .xls under the name, damaged members.
        add(f"{k}-csv-named.xlsx", kind, raw932)
        add(f"{k}-xlsx-named.csv", kind, xl)
        add(f"{k}-ole.xlsx", kind, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
        add(f"{k}-xls.xls", kind, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
        add(f"{k}-trunc.xlsx", kind, xl[: len(xl) // 2])
        add(f"{k}-trunc-end.xlsx", kind, xl[:-30])
        add(f"{k}-flip.xlsx", kind, _flip(xl, rng, 20, start=40))
        add(f"{k}-bad-crc.xlsx", kind, _bad_crc(xl))
        add(f"{k}-bad-content-types.xlsx", kind,
            _rezip(xl, lambda n, b: b"<Types><<<" if n == "[Content_Types].xml" else b))
        add(f"{k}-bad-sheet-xml.xlsx", kind,
            _rezip(xl, lambda n, b: b[: len(b) // 2] if n.startswith("xl/worksheets/") else b))
        add(f"{k}-no-sheet.xlsx", kind, _rezip(xl, lambda n, b: None if n.startswith("xl/worksheets/") else b))
        add(f"{k}-no-workbook.xlsx", kind, _rezip(xl, lambda n, b: None if n == "xl/workbook.xml" else b))
        add(f"{k}-bad-shared-strings.xlsx", kind,
            _rezip(xl, lambda n, b: b"<sst><si><t>" if n == "xl/sharedStrings.xml" else b))
        add(f"{k}-zip-of-text.xlsx", kind, _rezip(xl, lambda n, b: b if n != "xl/styles.xml" else b"not xml"))
        add(f"{k}-random-zip.xlsx", kind, _zip_of({"a.txt": b"hello"}))
    # Not files at all.
    folder = out / "a-folder.csv"
    folder.mkdir(exist_ok=True)
    cases.append(Case("folder", "postings", folder))
    cases.append(Case("missing", "registrants", out / "does-not-exist.csv"))
    if hasattr(os, "mkfifo"):
        fifo = out / "a-fifo.csv"
        if not fifo.exists():
            os.mkfifo(fifo)
        cases.append(Case("fifo", "postings", fifo))
    return cases


def _zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return buf.getvalue()
