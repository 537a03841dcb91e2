"""The roll's workbook's sheet without row numbers, deflated in segments kept across builds
(`compression.ZipArchive.add_segments`, `xlsxout.Sheet(numbered=False)`): any reader reads
the same cells as from a numbered sheet, and an edit deflates again the segments it changed
and the next only, to the bytes a build deflating every segment writes."""

from __future__ import annotations

import datetime as dt
import io
import random
import shutil
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from zlib_ng import zlib_ng

from generator.commands.build import build_project
from generator.compression import DeflatedSegments, ZipArchive
from generator.opendata import rollsegments, xlsxout
from generator.opendata.context import XLSX_VI
from generator.opendata.xlsxout import SHEET, XLSX_LEVEL, Column, Sheet

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.build import EDITS  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402

TODAY = dt.date(2026, 12, 7)
COLUMNS = [
    Column("Tên"),
    Column("Năm", "number", 6),
    Column("Ngày", "date", 12),
    Column("Mã"),
    Column("Thành tích", width=40),
]
WORDS = ["đã", "có", "thành tích", "xuất sắc", "trong", "công tác", "phong trào", "thi đua"]


def _profiles(count: int, seed: int = 5) -> list[list[list[object]]]:
    """Each profile's rows (one to three), some cells empty, as a roll's sheet holds them."""
    rng = random.Random(seed)
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "=SUM(1)"]
    profiles = []
    for n in range(count):
        rows: list[list[object]] = []
        for _ in range(rng.randint(1, 3)):
            code = "" if rng.random() < 0.3 else f"00{rng.randint(100, 999)}"
            year = None if rng.random() < 0.2 else rng.randint(1990, 2026)
            day = "" if rng.random() < 0.4 else f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-11"
            # As long as a real profile's rows (~1.5 KB a row): a segment spans more than
            # the 32 KiB window its successor's dictionary is.
            citation = " ".join(rng.choice(WORDS) for _ in range(rng.randint(150, 250)))
            rows.append([f"{rng.choice(names)} {n}", year, day, code, citation])
        profiles.append(rows)
    return profiles


def _book(
    profiles: list[list[list[object]]], numbered: bool, memo: DeflatedSegments | None
) -> bytes:
    sheet = Sheet(COLUMNS, TODAY, "vinhdanh", numbered=numbered)
    return sheet.workbook("Danh sách", (sheet.rows_xml(rows) for rows in profiles), memo)


def _cells(data: bytes) -> list[tuple[object, ...]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    assert sheet is not None
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_an_unnumbered_sheet_is_read_as_the_numbered_one() -> None:
    profiles = _profiles(300)
    numbered, unnumbered = _book(profiles, True, None), _book(profiles, False, None)
    assert b'<row r="' in _sheet(numbered) and b"<c/>" in _sheet(unnumbered)
    assert b'<row r="2"' not in _sheet(unnumbered)  # the header's row keeps its number only
    cells = _cells(numbered)
    assert len(cells) == 1 + sum(len(rows) for rows in profiles)
    assert _cells(unnumbered) == cells
    numbered_rows = CalamineWorkbook.from_filelike(io.BytesIO(numbered)).get_sheet_by_index(0)
    unnumbered_rows = CalamineWorkbook.from_filelike(io.BytesIO(unnumbered)).get_sheet_by_index(0)
    assert unnumbered_rows.to_python() == numbered_rows.to_python()
    # The autofilter and the defined name end at the last row, as in the numbered sheet.
    last = f"A1:E{len(cells)}".encode()
    assert last in _sheet(unnumbered) and last in _sheet(numbered)


def _sheet(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return archive.read(SHEET)


def test_an_edit_deflates_the_segments_it_changed_only() -> None:
    # A segment is put in the memo when it is deflated, and only then.
    profiles = _profiles(2_000)
    memo = DeflatedSegments()
    first = _book(profiles, False, memo)
    assert len(memo.made) >= 80  # ~16 profiles a segment
    kept = DeflatedSegments(memo.made)
    assert _book(profiles, False, kept) == first
    assert kept.made == {}  # nothing changed: nothing deflated
    # A row added to a profile in the middle, one profile moved from the start to the end
    # (a rename), one added: each deflates its segments again and the next (whose
    # dictionary changed), never the others.
    profiles[1_000].append(["Mới", 2026, "2026-12-07", "00715", "Tập thể lao động xuất sắc"])
    profiles.append(profiles.pop(3))
    profiles.insert(1_500, [["Hồ sơ mới", 2020, "", "", ""]])
    memo = DeflatedSegments(memo.made)
    edited = _book(profiles, False, memo)
    assert 3 <= len(memo.made) <= 12, len(memo.made)  # of ~125
    # The bytes are those of a build that deflates every segment.
    assert edited == _book(profiles, False, None)
    assert _cells(edited)[1:] == [row for rows in profiles for row in _typed(rows)]


def _typed(rows: list[list[object]]) -> list[tuple[object, ...]]:
    """The rows as openpyxl reads them back: dates as datetimes, empty cells as None (none
    after the last cell of a row written)."""
    read: list[tuple[object, ...]] = []
    for row in rows:
        cells: list[object] = []
        for column, value in zip(COLUMNS, row, strict=True):
            if value in ("", None):
                cells.append(None)
            elif column.kind == "date":
                cells.append(dt.datetime.fromisoformat(str(value)))
            else:
                cells.append(value)
        while cells and cells[-1] is None:
            cells.pop()
        read.append(tuple(cells))
    return read


def test_the_segments_are_one_stream_any_inflater_reads() -> None:
    parts = [bytes(random.Random(n).randbytes(n * 997)) * 3 for n in range(1, 30)]
    archive = ZipArchive(TODAY)
    archive.add_segments("a.xml", parts, XLSX_LEVEL, DeflatedSegments())
    data = archive.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as found:
        assert found.testzip() is None
        assert found.read("a.xml") == b"".join(parts)
    # The segments are deflated with the window before them: fewer bytes than apart.
    apart = sum(len(zlib_ng.compress(p, XLSX_LEVEL)) for p in parts)
    assert found.getinfo("a.xml").compress_size < apart


def test_the_cuts_follow_the_chunks_bytes_alone() -> None:
    chunks = [f"<row><c>{n}</c></row>".encode() for n in range(3_000)]
    cut = [c for c in chunks if xlsxout._cuts_after(c)]
    assert 3_000 / 32 < len(cut) < 3_000 / 8  # one in ~16
    assert all(xlsxout._cuts_after(c) for c in cut)


def _puts_logged(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """From now on (in this process and the build's children), every segment of the roll's
    workbook deflated and kept by a build is noted in `log`."""
    put = rollsegments.KeptSegments.put

    def logged(self: rollsegments.KeptSegments, key: str, data: bytes) -> None:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{key}\n")
        put(self, key, data)

    monkeypatch.setattr(rollsegments.KeptSegments, "put", logged)


@pytest.mark.slow
def test_an_edit_deflates_few_of_the_roll_workbooks_segments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 240, seed=3)
    log = tmp_path / "deflated.log"
    _puts_logged(monkeypatch, log)
    assert build_project(root, today=TODAY).built
    every = len(log.read_text("utf-8").split())
    assert every >= 12
    for number, kind in enumerate(("award", "name", "new"), start=1):
        log.write_text("", "utf-8")
        EDITS[kind](root, number)
        assert build_project(root, today=TODAY).built
        deflated = len(log.read_text("utf-8").split())
        # Its rows' segment, the next (its dictionary) and the end (the row count); a rename
        # at both places.
        assert 1 <= deflated <= 5, (kind, deflated, every)
    # The bytes of a clean build's workbook, whose every segment is deflated now.
    monkeypatch.undo()
    clean = tmp_path / "clean"
    clean.mkdir()
    for name in ("profiles", "content", "site_config.yml"):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, clean / name)
        elif source.exists():
            shutil.copy2(source, clean / name)
    assert build_project(clean, today=TODAY).built
    made = (root / "site" / XLSX_VI).read_bytes()
    assert made == (clean / "site" / XLSX_VI).read_bytes()
    assert b'<row r="2"' not in _sheet(made)
