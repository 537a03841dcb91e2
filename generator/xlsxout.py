""".xlsx for office staff: the one writer behind every workbook the site publishes.

A workbook is written with openpyxl in write-only mode (rows streamed to a temporary file: a
whole roll may have 100,000 rows) and then re-zipped with fixed dates and in openpyxl's own
order, so that its bytes depend only on the rows and the build's `today`.

Cells are typed by their column: text stays text (a commune code "00715" keeps its zero, a
decision number "123/QĐ-UBND" is not a date, and a value starting with ``=`` is a string, never
a formula: the cell is written as an inline string and, when `csvout.spreadsheet_cell` would
have neutralised it in a CSV, with Excel's quote prefix, so that editing the cell does not turn
it into a formula either), years are numbers and dates real dates shown dd/mm/yyyy.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from generator.csvout import spreadsheet_cell

DATE_FORMAT = "dd/mm/yyyy"
MAX_CELL_CHARS = 32_767  # Excel's own limit on a cell's text
# Characters XML 1.0 cannot hold (openpyxl refuses them rather than write a broken file).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
SHEET_TITLE_CHARS = 31  # Excel's limit on a sheet's name
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")

CORE_PROPERTIES = "docProps/core.xml"
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")

Kind = Literal["text", "number", "date"]


@dataclass(frozen=True)
class Column:
    """One column of a workbook: its header, how its cells are typed, its width in characters."""

    header: str
    kind: Kind = "text"
    width: float = 16


def _text(value: object) -> str:
    text = "" if value is None else str(value)
    return _ILLEGAL.sub("", text)[:MAX_CELL_CHARS]


class _Sheet:
    """Turns plain row values into write-only cells of the column's type."""

    def __init__(self, sheet: WriteOnlyWorksheet, columns: Sequence[Column]) -> None:
        self.sheet = sheet
        self.kinds = [c.kind for c in columns]

    def text_cell(self, value: object) -> object:
        text = _text(value)
        if not text:
            return None
        inert = spreadsheet_cell(text) != text
        if not inert and text not in ERROR_CODES:
            return text  # openpyxl types a plain str as an inline string
        cell = WriteOnlyCell(self.sheet, value=text)
        cell.data_type = "s"  # "=…" would be a formula and "#N/A" an error otherwise
        if inert:
            cell.quotePrefix = True
        return cell

    def cell(self, kind: Kind, value: object) -> object:
        if value is None or value == "":
            return None
        if kind == "number":
            if isinstance(value, int | float) and not isinstance(value, bool):
                return value
            return self.text_cell(value)
        if kind == "date":
            day = value
            if isinstance(value, str):
                try:
                    day = dt.date.fromisoformat(value)
                except ValueError:
                    return self.text_cell(value)
            if not isinstance(day, dt.date):
                return self.text_cell(value)
            # A date at midnight: what Excel stores for a day (the stubs take no plain date).
            cell = WriteOnlyCell(self.sheet, value=dt.datetime(day.year, day.month, day.day))
            cell.number_format = DATE_FORMAT
            return cell
        return self.text_cell(value)

    def row(self, values: Sequence[object]) -> list[object]:
        return [self.cell(kind, value) for kind, value in zip(self.kinds, values, strict=False)]


def sheet_title(title: str) -> str:
    """A sheet name Excel accepts: no ``\\ / * ? : [ ]``, at most 31 characters."""
    cleaned = _SHEET_TITLE_FORBIDDEN.sub(" ", _text(title)).strip(" '")
    return cleaned[:SHEET_TITLE_CHARS].strip() or "Danh sách"


def workbook(
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    today: dt.date,
    creator: str = "",
) -> bytes:
    """An .xlsx of one sheet: a bold, frozen header row with an autofilter, then `rows`."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title(title))
    # Sheet views and column widths precede the rows in the sheet's XML: set before any row.
    sheet.freeze_panes = "A2"
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=_text(column.header))
        cell.data_type = "s"
        cell.font = bold
        cell.alignment = wrap
        header.append(cell)
    sheet.append(header)
    writer = _Sheet(sheet, columns)
    count = 0
    for values in rows:
        sheet.append(writer.row(values))
        count += 1
    last = get_column_letter(max(1, len(columns)))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    # The document's dates are the build's day, never the clock's.
    midnight = dt.datetime(today.year, today.month, today.day)
    book.properties.created = book.properties.modified = midnight
    book.properties.creator = creator or "vinhdanh"
    book.properties.lastModifiedBy = None
    book.properties.title = _text(title)
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue(), today)


def _fixed_zip(data: bytes, when: dt.date) -> bytes:
    """The same archive with fixed entry dates and modes (openpyxl stamps the clock's)."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)  # ZIP dates start in 1980
    day = f"{when.isoformat()}T00:00:00Z".encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():  # openpyxl's order: [Content_Types].xml last is fine
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 3
            fixed.external_attr = 0o100644 << 16
            data = source.read(info)
            if info.filename == CORE_PROPERTIES:
                # openpyxl stamps "modified" with the clock when it serialises: the build's day.
                data = _MODIFIED.sub(lambda m: m[1] + day + m[2], data)
            target.writestr(fixed, data, compresslevel=6)
    return out.getvalue()
