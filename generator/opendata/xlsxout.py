""".xlsx for office staff: the one writer behind every workbook the site publishes.

openpyxl (write-only mode) writes, once per set of columns, every part of the workbook but
the data rows: styles, the bold and frozen header row, column widths, the autofilter, the
document properties dated with the build's `today`. The rows are then written here as the
sheet's XML (openpyxl spends ~15 µs a cell and ~5 ms a workbook; a site has a workbook per
roll page, a thousand at 1,000 profiles) and zipped with fixed dates, so that the bytes depend
only on the title, the columns, the rows and `today`.

Cells are typed by their column: text stays text (a commune code "00715" keeps its zero, a
decision number "123/QĐ-UBND" is not a date, and a value starting with ``=`` is a string, never
a formula: the cell is written as an inline string and, when `csvout.spreadsheet_cell` would
have neutralised it in a CSV, with Excel's quote prefix, so that editing the cell does not turn
it into a formula either), years are numbers and dates real dates shown dd/mm/yyyy.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape

from generator.csvout import spreadsheet_cell

DATE_FORMAT = "dd/mm/yyyy"
MAX_CELL_CHARS = 32_767  # Excel's own limit on a cell's text
# Characters XML 1.0 cannot hold (openpyxl refuses them rather than write a broken file):
# C0 controls but tab and line breaks, lone surrogates, and the non-characters U+FFFE, U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The sheet's name is an attribute of workbook.xml: quotes escaped too.
_ATTRIBUTE = {'"': "&quot;"}
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


def sheet_title(title: str) -> str:
    """A sheet name Excel accepts: no ``\\ / * ? : [ ]``, at most 31 characters."""
    # An apostrophe would need doubling in the autofilter's defined name: a typographic one.
    cleaned = _SHEET_TITLE_FORBIDDEN.sub(" ", _text(title)).replace("'", "’").strip()
    return cleaned[:SHEET_TITLE_CHARS].strip() or "Danh sách"


def workbook(
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    today: dt.date,
    creator: str = "",
) -> bytes:
    """An .xlsx of one sheet: a bold, frozen header row with an autofilter, then `rows`."""
    # openpyxl is imported where a workbook is made: with numpy, which it imports, it took
    # 0.3 s of every edit build's open-data child, whose workbooks are mostly kept.
    from openpyxl.utils import get_column_letter

    skeleton = _skeleton(tuple(columns), today, creator or "vinhdanh")
    sheet = escape(sheet_title(title), _ATTRIBUTE)
    text_cell, date_cell = _text_cell(skeleton.quoted), skeleton.date
    kinds = [(get_column_letter(n), c.kind) for n, c in enumerate(columns, start=1)]
    number = 1

    def sheet_rows() -> Iterator[str]:
        nonlocal number
        yield skeleton.header
        for values in rows:
            number += 1
            cells = []
            for (letter, kind), value in zip(kinds, values, strict=False):
                if value is None or value == "":
                    continue
                ref = f"{letter}{number}"
                if (
                    kind == "number"
                    and isinstance(value, int | float)
                    and not isinstance(value, bool)
                ):
                    cells.append(f'<c r="{ref}" t="n"><v>{value}</v></c>')
                    continue
                if kind == "date":
                    day = _day(value)
                    if day is not None:
                        serial = (day - EXCEL_EPOCH).days
                        cells.append(f'<c r="{ref}" s="{date_cell}" t="n"><v>{serial}</v></c>')
                        continue
                cells.append(text_cell(ref, value))
            yield f'<row r="{number}">{"".join(cells)}</row>'

    def sheet_xml() -> Iterator[bytes]:
        # Encoded and compressed a batch of rows at a time: held whole, the sheet of a roll's
        # workbook was ~10 times its 3.4 KB a row of XML (the rows' text, joined, then
        # encoded): the open-data child rose ~110 MB making the roll's at 10,000 profiles (#21).
        yield skeleton.sheet_head
        batch: list[str] = []
        for line in sheet_rows():
            batch.append(line)
            if len(batch) == _ROWS_A_BATCH:
                yield "".join(batch).encode("utf-8")
                batch.clear()
        yield "".join(batch).encode("utf-8")
        last = f"{get_column_letter(max(1, len(columns)))}{number}"
        yield skeleton.sheet_tail.replace(
            b'<autoFilter ref="', f'<autoFilter ref="A1:{last}'.encode()
        )

    def part(name: str, data: bytes) -> Iterable[bytes]:
        if name == SHEET:
            return sheet_xml()
        if name in (WORKBOOK, CORE_PROPERTIES):
            if b"$A$1:RANGE" in data and SHEET not in written:  # its last row is not known
                raise RuntimeError("openpyxl wrote the workbook's part before its sheet")
            data = data.replace(
                _PLACEHOLDER,
                (sheet if name == WORKBOOK else escape(_text(title), _ATTRIBUTE)).encode("utf-8"),
            )
            data = data.replace(
                b"$A$1:RANGE", f"$A$1:${get_column_letter(max(1, len(columns)))}${number}".encode()
            )
        return (data,)

    written: list[str] = []  # the parts zipped so far, in openpyxl's order
    return _zip(
        [(name, functools.partial(part, name, data)) for name, data in skeleton.parts.items()],
        today,
        written,
    )


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


_TAILS_MAX = 200_000
_tails: dict[tuple[str, str], str] = {}
"""(quote style, text) -> a text cell's XML after its reference: a name, a place, an award is
in several workbooks (the roll's, its page's, the province's), a cell 3 µs made, 0.3 reused."""


def _text_cell(quoted: str) -> Callable[[str, object], str]:
    """A writer of inline-string cells; formula-like text gets the quote-prefix style."""

    def cell(ref: str, value: object) -> str:
        key = (quoted, value) if type(value) is str else None
        tail = _tails.get(key) if key is not None else None
        if tail is None:
            text = _text(value)
            style = f' s="{quoted}"' if spreadsheet_cell(text) != text else ""
            space = ' xml:space="preserve"' if text != text.strip() else ""
            tail = f'{style} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'
            if key is not None:
                if len(_tails) >= _TAILS_MAX:  # one process's workbooks: bounded all the same
                    _tails.clear()
                _tails[key] = tail
        return f'<c r="{ref}"{tail}'

    return cell


@dataclass(frozen=True)
class _Skeleton:
    """Every part of a workbook made by openpyxl for some columns, but the data rows."""

    parts: dict[str, bytes]  # in openpyxl's order
    sheet_head: bytes  # the sheet's XML up to <sheetData>
    header: str  # the header row's XML
    sheet_tail: bytes  # from </sheetData>, autoFilter ref left open
    date: str  # style id of date cells
    quoted: str  # style id of quote-prefixed text cells


_PLACEHOLDER = b"VDSHEETTITLE"
_ROWS_A_BATCH = 256  # sheet rows encoded and compressed at once
SHEET = "xl/worksheets/sheet1.xml"
WORKBOOK = "xl/workbook.xml"
EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (past its 1900 leap-year bug)


@functools.lru_cache(maxsize=8)
def _skeleton(columns: tuple[Column, ...], today: dt.date, creator: str) -> _Skeleton:
    """The parts openpyxl writes for `columns`, made once: its rows cost ~15 µs a cell and
    its workbook ~5 ms, while a roll's workbook is written a few cells at a time here."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_PLACEHOLDER.decode())
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
    # One row showing each data style, so that their ids can be read back from the XML.
    date = WriteOnlyCell(sheet, value=dt.datetime(2000, 1, 1))
    date.number_format = DATE_FORMAT
    quoted = WriteOnlyCell(sheet, value="=0")
    quoted.data_type = "s"
    quoted.quotePrefix = True
    sheet.append([date, quoted])
    sheet.auto_filter.ref = "A1:B2"
    midnight = dt.datetime(today.year, today.month, today.day)
    book.properties.created = book.properties.modified = midnight
    book.properties.creator = creator
    book.properties.lastModifiedBy = None
    book.properties.title = _PLACEHOLDER.decode()
    buffer = io.BytesIO()
    book.save(buffer)
    parts: dict[str, bytes] = {}
    day = f"{today.isoformat()}T00:00:00Z".encode()
    with zipfile.ZipFile(buffer) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == CORE_PROPERTIES:
                # openpyxl stamps "modified" with the clock when it saves: the build's day.
                data = _MODIFIED.sub(rb"\g<1>" + day + rb"\g<2>", data)
            if info.filename == WORKBOOK:
                data = data.replace(b"$A$1:$B$2", b"$A$1:RANGE")
            parts[info.filename] = data
    xml = parts[SHEET].decode("utf-8")
    found = re.fullmatch(
        r'(.*<sheetData>)(<row r="1">.*?</row>)<row r="2"><c r="A2" s="(\d+)"[^>]*>.*?'
        r'<c r="B2" s="(\d+)"[^>]*>.*?</row>(</sheetData>.*<autoFilter ref=")A1:B2(".*)',
        xml,
        re.S,
    )
    if found is None:
        raise RuntimeError("openpyxl wrote a sheet of an unexpected form")
    return _Skeleton(
        parts,
        found[1].encode("utf-8"),
        found[2],
        (found[5] + found[6]).encode("utf-8"),
        found[3],
        found[4],
    )


def _zip(
    parts: Sequence[tuple[str, Callable[[], Iterable[bytes]]]],
    when: dt.date,
    written: list[str],
) -> bytes:
    """The parts, each written as its chunks come (its name then added to `written`), as a
    ZIP with fixed entry dates and modes, in openpyxl's order."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)  # ZIP dates start in 1980
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, chunks in parts:
            fixed = zipfile.ZipInfo(name, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 3
            fixed.external_attr = 0o100644 << 16
            # zlib's default level is 6, the level these entries were always written at; the
            # entry's sizes and CRC are written back into its header once it is closed (a
            # seekable file: no data descriptor), so the bytes are those of one `writestr`.
            with target.open(fixed, "w") as entry:
                for chunk in chunks():
                    entry.write(chunk)
            written.append(name)
    return out.getvalue()
