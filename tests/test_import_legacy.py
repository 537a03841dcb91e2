"""`vinhdanh import` of what offices have: .xls workbooks, text typed with TCVN3/VNI fonts,
unknown awards refused with candidates, the unit list of each row, the summary, the dry run."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import xlwt
from editors_project import ROWS, run, snapshot, write_csv, write_project, write_xlsx

from generator.editors import rolltable
from generator.editors.legacyencodings import ENCODE_TABLES, LegacyEncoding, decode, detect, encode
from generator.editors.rolltable import TableError, cell_text
from generator.editors.spreadsheet import read_tables

NAMES = [
    "Nguyễn Văn An", "Lê Thị Bích Ngọc", "Trần Quốc Tuấn", "Phạm Thị Hường", "Đặng Thùy Trâm",
    "Hoàng Văn Em", "Võ Thị Giang", "Nguyễn Thị Khuyên", "Quỳnh Giang", "Bùi Xuân Phái",
    "Huân chương Lao động hạng Ba", "Bằng khen của Thủ tướng Chính phủ", "Họ và tên",
    "Xã Triệu Thành, huyện Triệu Phong", "NGUYỄN VĂN ĐỨC", "Hợp tác xã nông nghiệp Đồng Tâm",
    "Trường Tiểu học Lý Tự Trọng", "Chiến sĩ thi đua cơ sở", "Ngô Thị Tuyết Nhung",
    "Dương Quang Hưởng", "Lưu Hữu Phước", "Đoàn Thị Điểm", "Khuất Duy Tiến",
]  # fmt: skip


def import_roll(root: Path, source: Path, *args: str) -> tuple[int, list[str]]:
    code, output = run("import", str(source), "--root", str(root), "--lang", "en", *args)
    return code, output.splitlines()


def write_xls(path: Path, rows: list[list[object]], sheet: str = "Danh sách") -> Path:
    """The rows as an Excel 97–2003 workbook, dates in date-formatted cells as Excel has them."""
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.date):
                ws.write(r, c, value, date_style)
            else:
                ws.write(r, c, value)
    book.save(str(path))
    return path


def legacy_rows(encoding: LegacyEncoding) -> list[list[object]]:
    """ROWS as a sheet typed with a TCVN3 or VNI font holds them."""
    return [[encode(v, encoding) if isinstance(v, str) else v for v in row] for row in ROWS]


def new_files(before: dict[str, bytes], after: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in after.items() if k not in before}


def reference_import(tmp_path: Path, name: str) -> dict[str, bytes]:
    """The files the ordinary UTF-8 roll (.xlsx or .csv) gives, to compare with."""
    root = write_project(tmp_path / "reference")
    before = snapshot(root)
    folder = tmp_path / "reference-in"
    folder.mkdir()
    source = write_xlsx(folder / name) if name.endswith(".xlsx") else write_csv(folder / name)
    import_roll(root, source)
    return new_files(before, snapshot(root))


# --- .xls ---------------------------------------------------------------------------------------


def test_an_xls_roll_imports_as_the_xlsx_does(tmp_path: Path) -> None:
    expected = reference_import(tmp_path, "roll.xlsx")
    root = write_project(tmp_path / "site")
    before = snapshot(root)
    folder = tmp_path / "in"
    folder.mkdir()
    code, lines = import_roll(root, write_xls(folder / "roll.xls", ROWS))
    assert code == 1  # the roll's three bad rows
    assert lines[0] == "Read roll.xls, sheet “Danh sách”: header row 6, 9 data rows."
    got = new_files(before, snapshot(root))
    assert sorted(got) == sorted(expected)
    for path, content in got.items():
        assert content == expected[path].replace(b"roll.xlsx", b"roll.xls"), path
    # The date cell (a float with a date format in the file) is read as a date.
    (table,) = read_tables(folder / "roll.xls")
    assert dict(table.rows)[9][9] == dt.date(2019, 8, 20)


def test_xls_cells_as_openpyxl_gives_them(tmp_path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("Trang 1")
    ws.write(0, 0, "Họ và tên")
    ws.write(0, 1, "Ngày quyết định")
    ws.write(1, 0, "Đặng Thùy Trâm")
    ws.write(1, 1, dt.datetime(2024, 7, 1), xlwt.easyxf(num_format_str="D/M/YYYY"))
    ws.write(1, 2, 715)  # "00715" typed as a number: the zeros are gone, ".0" must not come
    ws.write(1, 3, 2.5)
    ws.write(1, 4, 45474)  # a number that is not formatted as a date stays a number
    ws.write(1, 5, dt.datetime(2024, 7, 1, 9, 30), xlwt.easyxf(num_format_str="D/M/YYYY h:mm"))
    ws.write(1, 6, True)
    book.save(str(tmp_path / "o.xls"))
    (table,) = read_tables(tmp_path / "o.xls")
    assert table.sheet == "Trang 1"
    number, cells = table.rows[1]
    assert number == 2
    assert cells[0] == "Đặng Thùy Trâm"
    assert cells[1] == dt.date(2024, 7, 1)
    assert (cells[2], cell_text(cells[2])) == (715, "715")
    assert cells[3] == 2.5
    assert cells[4] == 45474
    assert cells[5] == dt.datetime(2024, 7, 1, 9, 30)
    assert cells[6] is True


@pytest.mark.parametrize("really", ["xlsx", "csv"])
def test_a_file_named_xls_is_read_as_what_it_is(tmp_path: Path, really: str) -> None:
    root = write_project(tmp_path / "site")
    folder = tmp_path / "in"
    folder.mkdir()
    source = folder / "bao-cao.xls"
    (write_xlsx if really == "xlsx" else write_csv)(source)
    code, lines = import_roll(root, source)
    assert code == 1
    assert lines[0].startswith("Read bao-cao.xls")
    assert any(line.startswith("Result: 4 new files") for line in lines)


def test_an_html_page_named_xls_gets_a_clear_vietnamese_error(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site")
    source = tmp_path / "xuat-tu-phan-mem.xls"
    source.write_text(
        "<html><body><table><tr><td>Họ và tên</td></tr></table></body></html>", encoding="utf-8"
    )
    code, output = run("import", str(source), "--root", str(root))
    assert code == 1
    assert (
        "xuat-tu-phan-mem.xls:1:1: tệp '.xls' này thực ra là một trang HTML (bảng xuất từ phần "
        "mềm hoặc trang web): hãy mở bằng Excel hoặc LibreOffice rồi lưu lại dạng .xlsx"
    ) in output


def test_xls_caps_hold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write_xls(tmp_path / "dai.xls", [["Họ và tên"], *[[f"Người {i}"] for i in range(30)]])
    monkeypatch.setattr(rolltable, "MAX_ROWS", 20)
    with pytest.raises(TableError) as rows:
        read_tables(source)
    assert rows.value.code == "import.too_many_rows"
    monkeypatch.setattr(rolltable, "MAX_ROWS", 200_000)
    monkeypatch.setattr(rolltable, "MAX_CELLS", 10)
    with pytest.raises(TableError) as cells:
        read_tables(source)
    assert cells.value.code == "import.too_many_cells"


@pytest.mark.parametrize("writer", [write_xlsx, write_csv, write_xls])
def test_one_row_cap_binds_every_reader(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    writer: Callable[[Path, list[list[object]]], Path],
) -> None:
    # The readers live in three modules (workbooks, csvtext); each reads the cap from rolltable
    # when it checks, so a reader that copied the value at import would pass this file.
    suffix = {write_xlsx: ".xlsx", write_csv: ".csv", write_xls: ".xls"}[writer]
    source = writer(
        tmp_path / f"dai{suffix}", [["Họ và tên"], *[[f"Người {i}"] for i in range(30)]]
    )
    monkeypatch.setattr(rolltable, "MAX_ROWS", 20)
    with pytest.raises(TableError) as rows:
        read_tables(source)
    assert rows.value.code == "import.too_many_rows"


_CHILD = """\
import sys
from pathlib import Path
from generator.editors.rolltable import TableError
from generator.editors.spreadsheet import read_tables
try:
    read_tables(Path(sys.argv[1]))
    code = "read"
except TableError as exc:
    code = exc.code
peak = [l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM:")]
print(code, int(peak[0].split()[1]) // 1024)
"""


def test_a_far_corner_xls_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    # One value at A1 and one at IV65536: padded, 16.7 million cells.
    book = xlwt.Workbook()
    ws = book.add_sheet("Sheet1")
    ws.write(0, 0, "Họ và tên")
    ws.write(65535, 255, 1)
    book.save(str(tmp_path / "goc.xls"))
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(Path(__file__).parents[1])}
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tmp_path / "goc.xls")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert child.returncode == 0, child.stderr
    code, peak_mib = child.stdout.split()
    assert code == "import.too_many_cells"
    assert int(peak_mib) < 256


def test_an_xls_over_its_size_cap_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    source = tmp_path / "lon.xls"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * rolltable.MAX_XLS_BYTES)
    with pytest.raises(TableError) as error:
        read_tables(source)
    assert error.value.code == "import.too_large"


def test_a_damaged_xls_is_refused_not_crashed_on(tmp_path: Path) -> None:
    source = write_xls(tmp_path / "hong.xls", [["Họ và tên"], ["Nguyễn Văn An"]])
    data = source.read_bytes()
    source.write_bytes(data[:600] + b"\x00" * 64 + data[664:1200])
    with pytest.raises(TableError) as error:
        read_tables(source)
    assert error.value.code == "import.unreadable"


# --- legacy fonts -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_names_round_trip_through_the_legacy_tables(encoding: LegacyEncoding) -> None:
    for name in NAMES:
        typed = encode(name, encoding)
        assert typed != name and all(ord(ch) < 0x100 for ch in typed)
        assert decode(typed, encoding) == name
    assert detect(encode(name, encoding) for name in NAMES) == encoding


def test_the_tables_cover_every_vietnamese_letter() -> None:
    letters = "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
    for table in ENCODE_TABLES.values():
        assert set(letters) | set(letters.upper()) <= set(table)
    # Every TCVN3 code stands for one small letter.
    tcvn3 = {code for letter, code in ENCODE_TABLES["tcvn3"].items() if letter.islower()}
    assert len(tcvn3) == len(letters)


def test_unicode_text_is_never_converted() -> None:
    assert detect(NAMES) is None
    assert detect(["Bá", "Võ Tá", "José Martí", "Müller", "Trần Văn Ánh", "Ghi chú"]) is None


def test_a_tcvn3_csv_imports_as_the_utf8_one(tmp_path: Path) -> None:
    expected = reference_import(tmp_path, "roll.csv")
    root = write_project(tmp_path / "site")
    before = snapshot(root)
    folder = tmp_path / "in"
    folder.mkdir()
    source = write_csv(folder / "roll.csv", legacy_rows("tcvn3"), encoding="cp1252")
    assert "Nguyễn".encode() not in source.read_bytes()
    assert b"Nguy\xd4n V\xa8n An" in source.read_bytes()  # "NguyÔn V¨n An" in a .VnTime font
    code, lines = import_roll(root, source)
    assert code == 1
    assert lines[0] == "Read roll.csv: header row 6, 9 data rows."
    note = next(line for line in lines if "converted from TCVN3 (ABC)" in line)
    assert note.startswith(
        "roll.csv:6:1: warning: 84 cells typed with a legacy font converted from TCVN3 (ABC) to "
        "Unicode (by column: “STT” 6, “Họ và tên” 10, “Chức vụ” 9,"
    )
    assert new_files(before, snapshot(root)) == expected


def test_a_workbook_typed_with_a_vni_font_imports_as_the_unicode_one(tmp_path: Path) -> None:
    expected = reference_import(tmp_path, "roll.xlsx")
    root = write_project(tmp_path / "site")
    before = snapshot(root)
    folder = tmp_path / "in"
    folder.mkdir()
    code, lines = import_roll(root, write_xlsx(folder / "roll.xlsx", legacy_rows("vni")))
    assert code == 1
    (note,) = [line for line in lines if "converted from VNI" in line]
    assert "“Hình thức khen thưởng” 10, “Số quyết định” 7," in note
    assert new_files(before, snapshot(root)) == expected
    assert any(
        line.startswith("rows with inferred values (province, converted text)") for line in lines
    )


def test_unicode_cells_pasted_into_a_tcvn3_column_stay_as_they_are(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [encode("Họ và tên", "tcvn3"), encode("Đơn vị", "tcvn3")],
        *[[encode(n, "tcvn3"), encode("Xã Triệu Thành", "tcvn3")] for n in NAMES[:9]],
        ["Trương Văn Bé", "Phường Phú Hội"],  # pasted from a Unicode source
        ["Đinh Thị Ánh", "Xã Triệu Ái"],
    ]
    (table,) = read_tables(write_xlsx(tmp_path / "mixed.xlsx", rows))
    cells = dict(table.rows)
    assert cells[2] == ("Nguyễn Văn An", "Xã Triệu Thành")
    assert cells[10] == ("Quỳnh Giang", "Xã Triệu Thành")  # "Quúnh" reads as a syllable too
    assert cells[11] == ("Trương Văn Bé", "Phường Phú Hội")
    assert cells[12] == ("Đinh Thị Ánh", "Xã Triệu Ái")
    assert [(col, enc, n) for col, enc, n in table.conversions] == [
        (0, "tcvn3", 10),
        (1, "tcvn3", 10),
    ]


# --- awards -------------------------------------------------------------------------------------


def test_an_unknown_award_is_refused_with_candidates_never_guessed(tmp_path: Path) -> None:
    """The review's case: "Huân chương Siêu Anh Hùng" was read as Huân chương Quân công."""
    root = write_project(tmp_path / "site")
    rows: list[list[object]] = [
        ["Họ và tên", "Tỉnh", "Hình thức khen thưởng", "Năm"],
        ["Nguyễn Văn Bảy", "Lạng Sơn", "Huân chương Siêu Anh Hùng", 2021],
        ["Nguyễn Văn Tám", "Lạng Sơn", "Huân chương Siêu Anh Hùng hạng Nhất", 2021],
        ["Hợp tác xã Đồng Tâm", "Lạng Sơn", "Lao động tiên tiến", 2021],
    ]
    code, lines = import_roll(root, write_csv(tmp_path / "u.csv", rows))
    assert code == 1
    refused = [line for line in lines if line.startswith(("u.csv:2:", "u.csv:3:"))]
    assert refused[0] == (
        "u.csv:2:3: Hình thức khen thưởng: award 'Huân chương Siêu Anh Hùng' not recognised: no "
        "award in the list has “Siêu Anh” in its name; not guessed (closest: Huân chương Quân "
        "công, Huân chương Sao vàng, Huân chương Chiến thắng); fix the spelling or add it to the "
        "awards section of a mapping file (--mapping)"
    )
    assert refused[1].startswith("u.csv:3:3: Hình thức khen thưởng: award 'Huân chương Siêu Anh")
    assert not any("quan-cong" in line or "comes in classes" in line for line in lines)
    assert not (root / "profiles/lang-son/nguyen-van-bay.yml").exists()
    # A low-confidence reading is imported, with a warning naming the row, text and award.
    assert (
        "u.csv:4:3: warning: Hình thức khen thưởng: 'Lao động tiên tiến' read as 'Tập thể lao "
        "động tiên tiến' (confidence 0.82; Lao động tiên tiến?): please check"
    ) in lines
    assert (root / "profiles/lang-son/hop-tac-xa-dong-tam.yml").is_file()
    # A known award without its class: the classes by their names, not their ids.
    rows[1][2] = "Huân chương Lao động"
    _, lines = import_roll(root, write_csv(tmp_path / "c.csv", rows[:2]), "--dry-run")
    assert (
        "c.csv:2:3: Hình thức khen thưởng: 'Huân chương Lao động': Huân chương Lao động comes "
        "in classes: hạng Nhất, hạng Nhì, hạng Ba; give the class (e.g. 'hạng Ba')"
    ) in lines


# --- the unit list of each row ------------------------------------------------------------------


def test_the_unit_list_follows_each_rows_date_and_a_switch_is_reported(tmp_path: Path) -> None:
    """The review's case: a 2024 row naming "Triệu Phong", a commune only since the 2025
    reform, was silently placed by the new list."""
    root = write_project(tmp_path / "site")
    rows: list[list[object]] = [
        ["Họ và tên", "Xã/Phường", "Tỉnh", "Hình thức khen thưởng", "Ngày quyết định"],
        ["Nguyễn Văn An", "Triệu Thành", "Quảng Trị", "Giấy khen", "20/08/2024"],
        ["Lê Thị Hoa", "Triệu Phong", "Quảng Trị", "Giấy khen", "20/08/2024"],
        ["Trần Văn Nam", "Triệu Phong", "Quảng Trị", "Giấy khen", "20/08/2025"],
    ]
    code, lines = import_roll(root, write_csv(tmp_path / "e.csv", rows), "--dry-run")
    assert code == 0
    assert (
        "Administrative-unit list, chosen by each row's decision date (else its year): 1 row by "
        "the list of 2025-03-01 (with districts), 2 rows by the list from 2025-07-01."
    ) in lines
    switched = [line for line in lines if line.startswith("e.csv:3:2: warning: Xã/Phường:")]
    assert switched == [
        "e.csv:3:2: warning: Xã/Phường: “Triệu Phong” is not in the administrative-unit list of "
        "2025-03-01 (63 provinces, before the reform) (chosen by the decision date 20/08/2024) "
        "but is in the administrative-unit list from 2025-07-01 (34 provinces): Xã Triệu "
        "Phong, Tỉnh Quảng Trị used; check the place name, or give the decision date / --as-of"
    ]
    assert not any(line.startswith(("e.csv:2:", "e.csv:4:")) for line in lines)


# --- the summary and the dry run of long tables -------------------------------------------------


def test_the_summary_table_in_both_languages(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site")
    folder = tmp_path / "in"
    folder.mkdir()
    source = write_xlsx(folder / "roll.xlsx")
    _, lines = import_roll(root, source, "--dry-run")
    start = lines.index("Summary")
    assert [" ".join(line.split()) for line in lines[start + 2 : start + 11]] == [
        "data rows read 9",
        "rows imported 6",
        "into new profiles 4",
        "added to existing profiles 0",
        "already there, unchanged 2",
        "not written (errors in the check, or to add by hand) 0",
        "rows with inferred values (province, converted text) 0",
        "rows with warnings to review 1",  # the check's: posthumous, no death year
        "rows refused (errors) 3",
    ]
    _, output = run("import", str(source), "--root", str(root), "--dry-run")
    assert "dòng nhập được" in output and "dòng không nhập (có lỗi)" in output
    assert "Chạy thử (--dry-run): chưa ghi tệp nào." in output


@pytest.mark.slow
def test_a_long_table_is_a_dry_run_unless_written(tmp_path: Path) -> None:
    from generator.editors.rolltable import LARGE_IMPORT_ROWS

    root = write_project(tmp_path / "site")
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
    middle = ["Văn", "Thị", "Hữu", "Minh", "Quang", "Thu"]
    given = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Khoa", "Lan", "Minh", "Nam"]
    people = [f"{f} {m} {g}" for f in family for m in middle for g in given]
    rows: list[list[object]] = [["Họ và tên", "Tỉnh", "Hình thức khen thưởng", "Năm"]]
    rows += [[name, "Lạng Sơn", "Giấy khen", 2021] for name in people[: LARGE_IMPORT_ROWS + 1]]
    source = write_csv(tmp_path / "dai.csv", rows)
    before = snapshot(root)
    code, lines = import_roll(root, source)
    assert code == 0
    assert snapshot(root) == before
    assert lines[-1] == (
        f"Dry run: the table has {LARGE_IMPORT_ROWS + 1} data rows, more than "
        f"{LARGE_IMPORT_ROWS}, so nothing was written by default. Review the result above, then "
        "run again with --write to write."
    )
    code, output = run("import", "--help")
    assert f"{LARGE_IMPORT_ROWS}" in output and "--write" in output
    code, lines = import_roll(root, source, "--write")
    assert code == 0
    assert len(snapshot(root)) == len(before) + LARGE_IMPORT_ROWS + 1
