"""Workbooks read safely: an .xlsx checked from its zip directory and a streaming pass over its
XML before openpyxl sees it, and an Excel 97–2003 .xls read by xlrd under the same caps."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from generator.editors import rolltable
from generator.editors.rolltable import Cell, Table, TableError, cell_text

if TYPE_CHECKING:
    import xlrd


def _xml_parts(book: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The workbook's XML parts, after checking the counts and inflated sizes of all parts."""
    members = book.infolist()
    if len(members) > rolltable.MAX_MEMBERS:
        raise TableError("import.xlsx_members", count=len(members), limit=rolltable.MAX_MEMBERS)
    total = 0
    for info in members:
        limit = rolltable.MAX_SHEET_BYTES if _is_sheet(info.filename) else rolltable.MAX_XML_BYTES
        if info.filename.endswith((".xml", ".rels", ".vml")) and info.file_size > limit:
            raise TableError(
                "import.xlsx_part_too_large", part=info.filename, size=info.file_size, limit=limit
            )
        total += info.file_size
    if total > rolltable.MAX_TOTAL_BYTES:
        raise TableError("import.xlsx_too_large", size=total, limit=rolltable.MAX_TOTAL_BYTES)
    return [i for i in members if i.filename.endswith(".xml")]


def _is_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})$")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _scan_part(book: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    """Count an XML part's rows, cells and shared strings without keeping them; return the
    last row and column that hold a value (0, 0 for parts that are not sheets)."""
    from defusedxml.ElementTree import iterparse  # no DTDs or entities: no entity bombs

    # Every XML part is scanned, whatever its name: the content types may put a sheet or the
    # shared strings anywhere in the zip.
    row = cells = in_row = strings = last_row = last_col = 0
    container = None  # the element whose finished children are dropped as we go
    with book.open(info) as stream:
        for event, elem in iterparse(stream, events=("start", "end")):
            tag = _local(elem.tag)
            if event == "start":
                if tag in ("sheetData", "sst"):
                    container = elem
                elif tag == "row":
                    # Rows may skip numbers: openpyxl yields every skipped one.
                    row = max(row + 1, _int(elem.get("r")))
                    in_row = 0
                    if row > rolltable.MAX_ROWS:
                        raise TableError("import.too_many_rows", limit=rolltable.MAX_ROWS)
                continue
            if tag in ("v", "t") and elem.text and len(elem.text) > rolltable.MAX_CELL_CHARS:
                raise TableError("import.cell_too_long", row=row, limit=rolltable.MAX_CELL_CHARS)
            if tag == "c":
                cells += 1
                ref = _CELL_REF.match(elem.get("r") or "")
                in_row = _column_number(ref.group(1)) if ref else in_row + 1
                if in_row > rolltable.MAX_COLUMNS:
                    raise TableError(
                        "import.too_many_columns", row=row, limit=rolltable.MAX_COLUMNS
                    )
                if cells > rolltable.MAX_CELLS:
                    raise TableError("import.too_many_cells", limit=rolltable.MAX_CELLS)
                if len(elem):  # a value (<v>, <is>), not only a style
                    last_row, last_col = row, max(last_col, in_row)
                elem.clear()
            elif tag == "row" and container is not None:
                container.clear()
            elif tag == "si":
                strings += 1
                if strings > rolltable.MAX_SHARED_STRINGS:
                    raise TableError("import.too_many_strings", limit=rolltable.MAX_SHARED_STRINGS)
                if container is not None:
                    container.clear()
    return last_row, last_col


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() and len(text) < 9 else 0


def check_workbook(path: Path) -> tuple[int, int]:
    """Refuse a workbook whose parts would inflate beyond the caps, before openpyxl reads it;
    return the last row and column holding a value in any sheet."""
    try:
        with zipfile.ZipFile(path) as book:
            extents = [_scan_part(book, info) for info in _xml_parts(book)]
    except TableError:
        raise
    except Exception as exc:  # zipfile, zlib and XML errors of damaged or forged files
        raise TableError("import.unreadable", reason=f"{type(exc).__name__}: {exc}") from None
    last_row = max((r for r, _c in extents), default=0)
    last_col = max((c for _r, c in extents), default=0)
    if last_row * last_col > rolltable.MAX_CELLS * 4:
        # A row far down and a column far right: openpyxl would pad every row to that width.
        raise TableError("import.too_many_cells", limit=rolltable.MAX_CELLS)
    return last_row, last_col


def read_xlsx(path: Path, sheet: str | None, label: str) -> list[Table]:
    """The sheets of an .xlsx workbook (or the one named), once `check_workbook` passed it."""
    last_row, last_col = check_workbook(path)
    # Imported here: only `import` of a workbook needs openpyxl, and it is slow to import.
    from openpyxl import load_workbook

    # A stream, not the path: openpyxl refuses a workbook by its name ("bao-cao.xls" that is
    # an .xlsx), and the content has been checked above.
    stream = path.open("rb")
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, XML and key errors for damaged files
        stream.close()
        raise TableError("import.unreadable", reason=f"{type(exc).__name__}: {exc}") from None
    try:
        names = list(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise TableError("import.sheet_unknown", sheet=sheet, sheets=", ".join(names))
        tables = []
        for name in [sheet] if sheet is not None else names:
            rows: list[tuple[int, tuple[Cell, ...]]] = []
            if last_row and last_col:
                # Bounded by the cells that hold values, not by the sheet's declared
                # dimension, which may claim a million rows of 16,384 padded cells.
                found = book[name].iter_rows(max_row=last_row, max_col=last_col, values_only=True)
                for number, cells in enumerate(found, start=1):
                    if any(c is not None and cell_text(c) for c in cells):
                        rows.append((number, tuple(cells)))
            tables.append(Table(label, name, rows))
        return tables
    finally:
        book.close()
        stream.close()


def read_xls(path: Path, sheet: str | None, label: str) -> list[Table]:
    """The sheets of an Excel 97–2003 workbook, with the caps of .xlsx; formulas give their
    saved values (xlrd never evaluates them), dates come as dates."""
    # Imported here: only `import` of an .xls needs xlrd.
    import xlrd

    try:
        # ragged_rows: a row keeps its own length; else one cell far right pads every row.
        book = xlrd.open_workbook(file_contents=path.read_bytes(), on_demand=True, ragged_rows=True)
    except Exception as exc:  # xlrd raises its own, struct and OLE errors for damaged files
        raise TableError("import.unreadable", reason=f"{type(exc).__name__}: {exc}") from None
    try:
        names = book.sheet_names()
        if sheet is not None and sheet not in names:
            raise TableError("import.sheet_unknown", sheet=sheet, sheets=", ".join(names))
        tables = []
        cells_seen = 0
        for name in [sheet] if sheet is not None else names:
            try:
                found = book.sheet_by_name(name)
            except Exception as exc:
                raise TableError(
                    "import.unreadable", reason=f"{type(exc).__name__}: {exc}"
                ) from None
            if found.nrows > rolltable.MAX_ROWS:
                raise TableError("import.too_many_rows", limit=rolltable.MAX_ROWS)
            if found.ncols > rolltable.MAX_COLUMNS:
                raise TableError("import.too_many_columns", row=1, limit=rolltable.MAX_COLUMNS)
            cells_seen += sum(found.row_len(index) for index in range(found.nrows))
            # As for .xlsx: a value far down and one far right make a table too big to use.
            if (
                cells_seen > rolltable.MAX_CELLS
                or found.nrows * found.ncols > rolltable.MAX_CELLS * 4
            ):
                raise TableError("import.too_many_cells", limit=rolltable.MAX_CELLS)
            rows: list[tuple[int, tuple[Cell, ...]]] = []
            for index in range(found.nrows):
                values = tuple(
                    _xls_value(book, found.cell(index, c), index + 1)
                    for c in range(found.row_len(index))
                )
                if any(v is not None and cell_text(v) for v in values):
                    rows.append((index + 1, values))
            tables.append(Table(label, name, rows))
            book.unload_sheet(name)
        return tables
    finally:
        book.release_resources()


def _xls_value(book: xlrd.book.Book, cell: xlrd.sheet.Cell, row: int) -> Cell:
    """A cell's value as openpyxl would give it: text, a whole number as int, a date."""
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind == xlrd.XL_CELL_TEXT:
        text = str(value)
        if len(text) > rolltable.MAX_CELL_CHARS:
            raise TableError("import.cell_too_long", row=row, limit=rolltable.MAX_CELL_CHARS)
        return text
    if kind == xlrd.XL_CELL_NUMBER:
        # A code typed as a number ("00715") lost its zeros in the file; 715.0 is at least "715".
        return int(value) if float(value).is_integer() else float(value)
    if kind == xlrd.XL_CELL_DATE:  # a number whose cell format is a date
        try:
            when = xlrd.xldate_as_datetime(float(value), book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return float(value)
        return when.date() if when.time() == dt.time() else when
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    return None  # empty, blank (styled only) or an error value (#N/A)
