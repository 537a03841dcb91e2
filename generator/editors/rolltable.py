"""A table as the readers give it (Table, its cells), the error they raise and the caps they apply.

The caps are shared by the workbook readers (`generator.editors.workbooks`) and the CSV parser
(`generator.editors.csvtext`); each reads them as `rolltable.MAX_…` at the time of the check, so
one value (and one test's patch) holds for every reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.editors.legacyencodings import LegacyEncoding
from generator.vntext import nfc

Cell = object  # str, int, float, bool, datetime, date, time or None, as the reader gives it

MAX_BYTES = 50 * 1024 * 1024
# xlrd holds an .xls whole, its cells as Python objects (a number cell takes 6 bytes in the
# file, ~40 in memory), so its files are capped lower; an office roll is well under 1 MB.
MAX_XLS_BYTES = 16 * 1024 * 1024
MAX_ROWS = 200_000
# Workbooks are zip files of XML: a 50 MB file can inflate to gigabytes, and openpyxl holds the
# shared strings and styles whole even in read-only mode. Everything below is checked from the
# zip directory and a streaming pass over the XML before openpyxl sees the file. zipfile never
# yields more than a member's declared size (then fails its CRC), so declared sizes bind.
MAX_MEMBERS = 1_000
MAX_SHEET_BYTES = 128 * 1024 * 1024  # one worksheet's XML, streamed
MAX_XML_BYTES = 16 * 1024 * 1024  # any other XML part (shared strings, styles), held whole
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # every part, inflated
MAX_COLUMNS = 16_384  # Excel's own limit (XFD)
MAX_CELLS = 2_000_000  # cells written in the sheet, empty-but-styled ones included
MAX_SHARED_STRINGS = 1_000_000
MAX_CELL_CHARS = 32_767  # Excel's own limit on a cell's text
# A table longer than this is a dry run unless --write is given: a mistake in a long roll
# (a wrong column, the wrong unit list) would otherwise write hundreds of files at once.
# Here, not in the importer, so that the command line shows it without importing the importer.
LARGE_IMPORT_ROWS = 200


class TableError(Exception):
    """The file cannot be read as a table; carries a message code and its parameters."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)


@dataclass
class Table:
    """The cells of one sheet (or CSV file), each row with its number as the editor sees it."""

    label: str  # the file name used in messages
    sheet: str | None
    rows: list[tuple[int, tuple[Cell, ...]]]
    encoding: str | None = None  # CSV only: how the bytes were decoded
    # Columns typed with a legacy font, converted to Unicode when read: (column, encoding,
    # cells converted), for the import to report under the column's header.
    conversions: list[tuple[int, LegacyEncoding, int]] = field(default_factory=list)
    converted_rows: set[int] = field(default_factory=set)  # rows with a converted cell

    def row(self, number: int) -> tuple[Cell, ...]:
        """The cells of row `number` (empty if the row is blank or missing)."""
        for n, cells in self.rows:
            if n == number:
                return cells
        return ()


def cell_text(value: Cell) -> str:
    """A cell as trimmed NFC text ("" for empty); whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(nfc(str(value)).split())
