"""The workbook writer streams its sheet: rows are encoded and compressed a batch at a time, so
a roll's workbook never holds its sheet's XML whole (issue #21, the open data's peak), and the
bytes are those of the same parts zipped whole."""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
import zipfile
from collections.abc import Iterator

from openpyxl import load_workbook

from generator.compression import ZipArchive
from generator.opendata.xlsxout import XLSX_LEVEL, Column, workbook

TODAY = dt.date(2026, 11, 20)
COLUMNS = [
    Column("Mã hồ sơ"),
    Column("Họ và tên"),
    Column("Năm", "number"),
    Column("Ngày quyết định", "date"),
    Column("Trích yếu"),
]
ROWS = 6_000


def rows() -> Iterator[list[object]]:
    """Rows made as they are read, as the roll's are (Vietnamese text, numbers, dates)."""
    for number in range(ROWS):
        yield [
            f"ho-so-{number:05d}",
            f"Nguyễn Thị Hồng Nhung số {number}",
            2000 + number % 25,
            dt.date(2000 + number % 25, 1 + number % 12, 1 + number % 28),
            "Đã có thành tích xuất sắc trong phong trào thi đua yêu nước " * 3,
        ]


def test_sheet_is_never_held_whole() -> None:
    made = workbook("Danh sách", COLUMNS, rows(), TODAY)
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        sheet_size = archive.getinfo("xl/worksheets/sheet1.xml").file_size
    workbook("Danh sách", COLUMNS, rows(), TODAY)  # the writer's skeleton made already
    tracemalloc.start()
    try:
        workbook("Danh sách", COLUMNS, rows(), TODAY)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Held whole, the sheet's text and its bytes were 6.5 times its size at once (20 MB
    # here); streamed, what is held is the zip made so far and one batch of rows.
    assert sheet_size > 2_000_000
    assert peak < sheet_size / 2, (peak, sheet_size)


def test_streamed_zip_is_the_zip_of_its_parts_written_whole() -> None:
    made = workbook("Danh sách", COLUMNS, rows(), TODAY)
    whole = ZipArchive(TODAY)
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        for info in archive.infolist():
            whole.add(info.filename, (archive.read(info),), XLSX_LEVEL)
    assert made == whole.getvalue()


def test_every_row_is_read_back_and_the_ranges_end_at_the_last() -> None:
    book = load_workbook(io.BytesIO(workbook("Danh sách", COLUMNS, rows(), TODAY)))
    sheet = book.worksheets[0]
    assert sheet.max_row == ROWS + 1
    assert sheet.auto_filter.ref == f"A1:E{ROWS + 1}"
    last = next(sheet.iter_rows(min_row=ROWS + 1, values_only=True))
    assert last[0] == f"ho-so-{ROWS - 1:05d}"
    assert last[2] == 2000 + (ROWS - 1) % 25
    with zipfile.ZipFile(io.BytesIO(workbook("Danh sách", COLUMNS, rows(), TODAY))) as archive:
        defined = archive.read("xl/workbook.xml")
    assert f"$A$1:$E${ROWS + 1}".encode() in defined
