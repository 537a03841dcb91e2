"""CSV for spreadsheet programs: the one writer behind every CSV the site publishes.

Contributor text (a campaign's title, a name, a decision number) ends up in cells that people
open in Excel or LibreOffice, which run a cell starting with ``=``, ``+``, ``-`` or ``@`` as a
formula (``=HYPERLINK(...)`` exfiltrates, DDE runs programs). Per the OWASP guidance on CSV
injection, every cell is quoted (so a ``;`` or tab in a value cannot start a new cell in a
locale whose list separator is not the comma) and a cell whose first visible character could
start a formula is prefixed with ``'``, which spreadsheet programs show as text. Any .xlsx the
project ever writes must take its cells from `spreadsheet_cell` too
(generator.opendata.xlsxout: text cells, with Excel's quote prefix where this adds an apostrophe).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

# Formula starts, with the full-width forms some East Asian Excel versions also evaluate, and
# the line/tab characters after which a spreadsheet may re-read a cell as a formula.
FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
# What a spreadsheet program skips before it looks for "=": spaces and invisible characters.
_SKIPPED = " \u00a0\u3000\u200b\u200c\u200d\u2060\ufeff"
BOM = "\ufeff"
# A separator inside a cell, then a formula start: a program that splits on ";" or tab (the
# list separator of Vietnamese and European Excel) would begin a new cell there.
_INNER_START = re.compile("([,;\t\r\n][\"' \u00a0\u3000]*)(?=[=+\\-@\uff1d\uff0b\uff0d\uff20])")


def spreadsheet_cell(value: object) -> str:
    """A cell's text made inert: formula-like starts prefixed with an apostrophe."""
    text = "" if value is None else str(value)
    text = _INNER_START.sub(r"\1'", text)
    if text[:1] in FORMULA_START or text.lstrip(_SKIPPED)[:1] in FORMULA_START:
        return "'" + text
    return text


def is_inert(cell: str) -> bool:
    """True when a cell read back from a CSV cannot start a formula, whatever the separator."""
    # Each piece a program splitting on another separator would see, its quote dropped.
    pieces = re.split(r"[,;\t\r\n]", cell)
    return all(piece.lstrip(_SKIPPED + '"')[:1] not in FORMULA_START for piece in pieces)


def csv_lines(rows: Iterable[Sequence[object]]) -> bytes:
    """CSV lines (UTF-8, CRLF line ends: Excel splits rows correctly), every cell inert."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow([spreadsheet_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def csv_document(header: Sequence[object], chunks: Iterable[bytes]) -> bytes:
    """A whole CSV file: BOM, header, then lines made by `csv_lines`."""
    # The BOM makes Excel read UTF-8 (Vietnamese) rather than a legacy code page.
    return BOM.encode() + csv_lines([header]) + b"".join(chunks)
