""".xlsx downloads for office staff: the whole roll and each roll page's rows, read back by
openpyxl and by a second reader (calamine), plus the Vietnamese statistics CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook
from test_opendata import SITE_URL, run

from generator.opendata.context import XLSX_VI
from generator.opendata.tables import CSV_COLUMNS
from tests.projects import write_opendata_project as write_project

# Every test here builds a site or drives the browser (pyproject.toml: markers).
pytestmark = pytest.mark.slow

# Hà Nội: its commune codes (and its province code "01") start with zeros.
BA_DINH = """\
slug: pham-thi-ba-dinh
kind: individual
name: {family: Phạm, middle: Thị, given: Badinh}
position: "=1+1"
unit: "0912345678"
locality: {province: Hà Nội, commune: Phường Ba Đình, code: '00004', as_of: 2025-08-01}
awards:
  - award: chien-si-thi-dua-co-so
    year: 2024
    decision_number: 123/QĐ-UBND
    decision_date: 2024-01-03
"""
HEADERS_VI = [vi for vi, _en in CSV_COLUMNS]


def build(root: Path) -> Path:
    """The open-data test project with a Hà Nội profile, built; its site/."""
    write_project(root)
    (root / "profiles" / "pham-thi-ba-dinh.yml").write_text(BA_DINH, encoding="utf-8")
    result = run(root)
    assert result.exit_code == 0, result.output
    return root / "site"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build shared by the read-only tests."""
    return build(tmp_path_factory.mktemp("xlsx"))


def sheet(path: Path) -> Worksheet:
    """The one sheet of a workbook, as openpyxl reads it."""
    book = load_workbook(path)
    assert len(book.worksheets) == 1
    return book.worksheets[0]


def records(ws: Worksheet) -> list[dict[str, object]]:
    """Rows as header -> cell (openpyxl cells, for their types)."""
    header = [c.value for c in ws[1]]
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=2)]


def test_whole_roll_keeps_codes_as_text_and_dates_as_dates(built: Path) -> None:
    ws = sheet(built / XLSX_VI)
    assert [c.value for c in ws[1]] == HEADERS_VI
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(HEADERS_VI)).column_letter}{ws.max_row}"
    rows = [r for r in records(ws) if r["Mã hồ sơ"].value == "pham-thi-ba-dinh"]  # type: ignore[union-attr]
    assert len(rows) == 1
    row = rows[0]
    for header, text in [
        ("Mã xã, phường hiện nay", "00004"),
        ("Mã tỉnh hiện nay", "01"),
        ("Số quyết định", "123/QĐ-UBND"),
        ("Đơn vị", "0912345678"),
        ("Chức vụ, nghề nghiệp", "=1+1"),
    ]:
        cell = row[header]
        assert (cell.value, cell.data_type) == (text, "s"), header  # type: ignore[union-attr]
    assert row["Chức vụ, nghề nghiệp"].quotePrefix  # type: ignore[union-attr]
    year = row["Năm"]
    assert (year.value, year.data_type) == (2024, "n")  # type: ignore[union-attr]
    day = row["Ngày quyết định"]
    assert day.value == dt.datetime(2024, 1, 3)  # type: ignore[union-attr]
    assert day.is_date and day.number_format == "dd/mm/yyyy"  # type: ignore[union-attr]
    # The CSV's rows, one for one (profiles' awards, then decisions' lines).
    text = (built / "du-lieu/vinh-danh.csv").read_text("utf-8-sig")
    assert ws.max_row - 1 == len(list(csv.reader(io.StringIO(text, newline="")))) - 1


def test_no_cell_is_a_formula(built: Path) -> None:
    for path in [built / XLSX_VI, *built.glob("danh-sach/**/*.xlsx")]:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    ws = sheet(built / XLSX_VI)
    values = {c.value for row in ws.iter_rows() for c in row if c.data_type == "s"}
    assert '=HYPERLINK("https://evil.example")' in values and "@SUM(A1:A2)" in values
    assert "-1/QĐ" in values


def test_a_second_reader_agrees(built: Path) -> None:
    book = CalamineWorkbook.from_path(str(built / XLSX_VI))
    rows = book.get_sheet_by_index(0).to_python()
    assert [str(v) for v in rows[0]] == HEADERS_VI
    index = {h: i for i, h in enumerate(HEADERS_VI)}
    (row,) = [r for r in rows if r[0] == "pham-thi-ba-dinh"]
    assert row[index["Mã xã, phường hiện nay"]] == "00004"
    assert row[index["Chức vụ, nghề nghiệp"]] == "=1+1"
    assert row[index["Ngày quyết định"]] in (dt.date(2024, 1, 3), dt.datetime(2024, 1, 3))
    assert row[index["Năm"]] == 2024


def test_roll_pages_link_their_workbook(built: Path) -> None:
    pages = sorted(built.glob("danh-sach/**/index.html"))
    linked = offered = 0
    for page in pages:
        html = page.read_text("utf-8")
        if 'class="vd-roll-head"' not in html:
            continue  # an index of rolls, not a roll
        match = re.search(
            r'<a href="([^"]+\.xlsx)" download>Tải bảng tính (của [^<(]+ )?\(\.xlsx\)</a>', html
        )
        assert match, page
        target = (page.parent / match[1]).resolve()
        assert target.is_file(), (page, match[1])
        ws = sheet(target)
        assert [c.value for c in ws[1]][:3] == ["STT", "Mã hồ sơ", "Họ và tên, tên tập thể"]
        if match[2]:
            # A commune's page offers its province's workbook (no workbook per commune: the
            # output budget), which holds the commune's rows to filter on.
            assert page.parent.parent / target.name == target, (page, match[1])
            count = re.search(r"<p>(\d+) hồ sơ", html)
            assert count, page
            communes = [r["Xã, phường hiện nay"].value for r in records(ws)]  # type: ignore[attr-defined]
            name = re.search(r"<h1>([^,<]+),", html)
            assert name, page
            assert communes.count(name[1]) == int(count[1]), page
            offered += 1
            continue
        if "trang" not in page.relative_to(built).parts:
            # The first page shows "N hồ sơ" / "N lượt khen thưởng": the workbook has N rows.
            count = re.search(r"<p>(\d+) (?:hồ sơ|lượt khen thưởng)", html)
            assert count, page
            assert ws.max_row - 1 == int(count[1]), page
        linked += 1
    assert linked > 5 and offered > 0
    assert not list(built.glob("danh-sach/tinh/*/*/*.xlsx"))  # none per commune
    province = next(built.glob("danh-sach/tinh/ha-noi/vinh-danh-*.xlsx"))
    ws = sheet(province)
    rows = records(ws)
    assert [r["Mã xã, phường hiện nay"].value for r in rows] == ["00004"]  # type: ignore[union-attr]
    assert rows[0]["STT"].value == 1  # type: ignore[union-attr]
    assert rows[0]["Ngày quyết định"].is_date  # type: ignore[union-attr]


def test_two_builds_give_identical_workbooks(built: Path, tmp_path: Path) -> None:
    other = build(tmp_path / "again")
    workbooks = sorted(p.relative_to(built) for p in built.rglob("*.xlsx"))
    assert workbooks == sorted(p.relative_to(other) for p in other.rglob("*.xlsx"))
    for rel in workbooks:
        assert (built / rel).read_bytes() == (other / rel).read_bytes(), rel


def test_an_edit_remakes_only_the_workbooks_of_its_rolls(tmp_path: Path) -> None:
    site = build(tmp_path / "p")
    before = {p: (p.stat().st_ino, p.read_bytes()) for p in site.rglob("*.xlsx")}
    profile = tmp_path / "p" / "profiles" / "pham-thi-ba-dinh.yml"
    profile.write_text(BA_DINH.replace("year: 2024", "year: 2023"), encoding="utf-8")
    assert run(tmp_path / "p").exit_code == 0
    after = {p: p.read_bytes() for p in site.rglob("*.xlsx")}
    changed = {p.relative_to(site).as_posix() for p in before if after.get(p) != before[p][1]}
    assert XLSX_VI in changed
    assert any("ha-noi" in p for p in changed)
    # A roll the profile is not on keeps its file (the very same inode).
    kept = site / "danh-sach/tinh/quang-tri/vinh-danh-tinh-quang-tri.xlsx"
    assert kept.stat().st_ino == before[kept][0]
    # A clean build of the edited project gives the same bytes.
    clean = tmp_path / "clean"
    shutil.copytree(tmp_path / "p", clean, ignore=shutil.ignore_patterns("site", "build", ".*"))
    assert run(clean).exit_code == 0
    for path, data in after.items():
        assert (clean / "site" / path.relative_to(site)).read_bytes() == data, path


def test_statistics_csv_in_vietnamese(built: Path) -> None:
    text = (built / "thong-ke/thong-ke.csv").read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == ["Mục", "Chỉ tiêu", "Số lượng", "Tỷ lệ", "Liên kết"]
    assert rows[0]["Chỉ tiêu"] == "Hồ sơ đã công bố"
    assert rows[0]["Liên kết"] == f"{SITE_URL}danh-sach/"
    shares = [r["Tỷ lệ"] for r in rows if r["Tỷ lệ"]]
    assert shares and all(re.fullmatch(r"\d+,\d%", s) for s in shares), shares[:5]
    english = (built / "thong-ke/statistics.csv").read_text("utf-8-sig")
    assert english.startswith('"section","label","value","share","link"')
