"""The roll's workbook's sheet without row numbers, its segments each deflated on its own and
taken from the last build's file by the rows they hold (`compression.ZipArchive.add_segments`,
`xlsxout.Sheet.segmented`, `opendata.workbooksplice`): any reader reads the same cells as from
a numbered sheet, and an edit deflates again only the segments holding its changed rows, to
the bytes a build making every segment writes."""

from __future__ import annotations

import datetime as dt
import io
import random
import shutil
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from generator import compression
from generator.commands.build import build_project
from generator.compression import Deflated, ZipArchive
from generator.opendata import tables, xlsxout
from generator.opendata.context import XLSX_VI
from generator.opendata.workbooksplice import WorkbookManifest, splice_workbook
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


def _numbered(profiles: list[list[list[object]]]) -> bytes:
    sheet = Sheet(COLUMNS, TODAY, "vinhdanh")
    return sheet.workbook("Danh sách", (sheet.rows_xml(rows) for rows in profiles))


class Roll:
    """Profiles' rows as entries of a roll (slug, rows), and the rows made of them counted."""

    def __init__(self, profiles: list[list[list[object]]]) -> None:
        self.entries = [SimpleNamespace(slug=f"p{n}", rows=rows) for n, rows in enumerate(profiles)]
        self.sheet = Sheet(COLUMNS, TODAY, "vinhdanh", numbered=False)
        self.made: list[str] = []

    def rows_of(self, entry: Any) -> bytes:
        self.made.append(entry.slug)
        return self.sheet.rows_xml(entry.rows)

    def book(
        self, last: tuple[bytes, WorkbookManifest] | None = None, steady: set[str] | None = None
    ) -> tuple[bytes, WorkbookManifest]:
        self.made = []
        return splice_workbook(
            self.sheet, "Danh sách", self.entries, self.rows_of, [], last, steady or set()
        )


def _cells(data: bytes) -> list[tuple[object, ...]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    assert sheet is not None
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_an_unnumbered_sheet_is_read_as_the_numbered_one() -> None:
    profiles = _profiles(300)
    numbered, unnumbered = _numbered(profiles), Roll(profiles).book()[0]
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


def _deflations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The segments `add_segments` deflates from now on (one call each)."""
    calls: list[int] = []
    real = compression.deflater

    def counted(level: int) -> compression.Deflater:
        calls.append(level)
        return real(level)

    monkeypatch.setattr(compression, "deflater", counted)
    return calls


def test_an_edit_deflates_the_segments_it_changed_only(monkeypatch: pytest.MonkeyPatch) -> None:
    profiles = _profiles(2_000)
    roll = Roll(profiles)
    first, manifest = roll.book()
    assert len(manifest.members) >= 40  # ~32 profiles a segment
    calls = _deflations(monkeypatch)
    every = {e.slug for e in roll.entries}
    again, same = roll.book((first, manifest), every)
    assert (again, same) == (first, manifest) and roll.made == []
    assert len(calls) == 3  # the head, the tail (the row count) and the final block only
    # A row added to a profile in the middle, one profile moved from the start to the end
    # (a rename), one added: each deflates again the segments holding them, never the others.
    profiles[1_000].append(["Mới", 2026, "2026-12-07", "00715", "Tập thể lao động xuất sắc"])
    roll.entries.append(roll.entries.pop(3))
    roll.entries.insert(1_500, SimpleNamespace(slug="new", rows=[["Hồ sơ mới", 2020, "", "", ""]]))
    calls.clear()
    edited, _manifest = roll.book((first, manifest), every - {"p1000"})
    assert sorted(roll.made) == ["new", "p1000"]  # the moved profile's rows inflated
    assert 3 + 3 <= len(calls) <= 3 + 8, len(calls)  # of ~65 segments
    # The bytes are those of a build that makes every segment.
    assert edited == Roll([e.rows for e in roll.entries]).book()[0]
    assert _cells(edited)[1:] == [row for e in roll.entries for row in _typed(e.rows)]
    # A damaged segment of the last file: its rows are made again, the bytes the same.
    at, _length, *_rest = manifest.places[10]
    damaged = first[:at] + bytes([first[at] ^ 0x40]) + first[at + 1 :]
    moved = Roll(profiles)
    segment_10 = manifest.members[10]  # a profile added among its rows: it is made again
    at = int(segment_10[1].removeprefix("p"))
    moved.entries.insert(at, SimpleNamespace(slug="x", rows=[["X", 2020, "", "", ""]]))
    found, _manifest = moved.book((damaged, manifest), every - {"p1000"})
    assert found == Roll([e.rows for e in moved.entries]).book()[0]
    assert sorted(moved.made) == sorted({*segment_10, "x", "p1000"})  # it did not inflate


def test_the_segments_are_one_stream_any_inflater_reads() -> None:
    parts = [bytes(random.Random(n).randbytes(n * 997)) * 3 for n in range(1, 30)]
    given = [*parts[:5], b"", *parts[5:]]
    archive = ZipArchive(TODAY)
    placed = archive.add_segments("a.xml", given, XLSX_LEVEL)
    data = archive.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as found:
        assert found.testzip() is None
        assert found.read("a.xml") == b"".join(parts)
    assert [segment.size for _at, segment in placed] == [len(p) for p in given]
    assert all(data[at : at + len(s.data)] == s.data for at, s in placed)
    # Each segment as written, given again: the same archive.
    again = ZipArchive(TODAY)
    taken: list[bytes | Deflated] = [segment for _at, segment in placed]
    again.add_segments("a.xml", taken, XLSX_LEVEL)
    assert again.getvalue() == data


def test_the_cuts_follow_the_chunks_bytes_alone() -> None:
    chunks = [f"<row><c>{n}</c></row>".encode() for n in range(3_000)]
    cut = [c for c in chunks if xlsxout.cuts_after(c)]
    assert 3_000 / 64 < len(cut) < 3_000 / 16  # one in ~32
    assert all(xlsxout.cuts_after(c) for c in cut)


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


@pytest.mark.slow
def test_an_edit_deflates_few_of_the_roll_workbooks_segments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 240, seed=3)
    log = tmp_path / "deflated.log"
    real, whole = compression.deflater, tables.roll_workbook
    making: list[bool] = []  # while the roll's workbook is made (not a roll page's)

    def logged(level: int) -> compression.Deflater:  # in the open data's child too
        if making:
            with log.open("a", encoding="utf-8") as out:
                out.write(f"{level}\n")
        return real(level)

    def roll_workbook(*args: Any) -> Any:
        making.append(True)
        try:
            return whole(*args)
        finally:
            making.pop()

    monkeypatch.setattr(compression, "deflater", logged)
    monkeypatch.setattr(tables, "roll_workbook", roll_workbook)
    assert build_project(root, today=TODAY).built
    every = len(log.read_text("utf-8").split())
    assert every >= 8
    for number, kind in enumerate(("award", "name", "new"), start=1):
        log.write_text("", "utf-8")
        EDITS[kind](root, number)
        assert build_project(root, today=TODAY).built
        deflated = len(log.read_text("utf-8").split())
        # Its rows' segment (a rename: at both places), the head, the tail and the end.
        assert 3 + 1 <= deflated <= 3 + 3, (kind, deflated, every)
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
    # Every roll page's workbook too, spliced from its last (`rollrows`) or made whole.
    pages = sorted(p.relative_to(root / "site") for p in (root / "site").rglob("*.xlsx"))
    assert len(pages) > 10
    assert pages == sorted(p.relative_to(clean / "site") for p in (clean / "site").rglob("*.xlsx"))
    for path in pages:
        assert (root / "site" / path).read_bytes() == (clean / "site" / path).read_bytes(), path
