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

openpyxl's parts of a workbook are kept across builds (a lasting memo, `SKELETONS`) and column
letters are written here, so that a build whose parts are known never imports openpyxl (with
numpy, 1.0–1.5 s of an edit's open-data child at 1,000 profiles, issue #21). A `Sheet` makes
rows as XML with their number left as `ROW_NUMBER`, filled in as the sheet is joined: a caller
may keep a profile's rows by its key and join them again with the rows made now.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.metadata
import io
import json
import marshal
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from typing import Literal
from xml.sax.saxutils import escape

from generator.compression import Deflated, ZipArchive, crc32
from generator.csvout import spreadsheet_cell
from generator.incremental import lasting

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
    sheet = Sheet(columns, today, creator)
    return sheet.workbook(title, (sheet.rows_xml((values,)) for values in rows))


ROW_NUMBER = b"\0"
"""Stands for a row's number in the XML `Sheet.rows_xml` makes: no cell holds it (`_ILLEGAL`)."""
ROW_ORDINAL = b"\1"
"""Stands for a row's place among the data rows (its number less one), as `ROW_NUMBER`."""
ORDINAL = object()
"""As a row's value: its place among the sheet's data rows (1 for the first), a number."""


def column_letter(number: int) -> str:
    """The letters of column `number` (1 is A, 27 is AA), as Excel names it."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class Sheet:
    """The one sheet of a workbook of `columns`: its rows made as XML with their numbers
    left open (`rows_xml`, which a caller may keep), then joined in order (`workbook`).
    Not `numbered`: its data rows carry no numbers at all (`rows_xml`), which lets
    `segmented` deflate the sheet in segments kept across builds."""

    def __init__(
        self, columns: Sequence[Column], today: dt.date, creator: str = "", numbered: bool = True
    ) -> None:
        self.columns = tuple(columns)
        self.today = today
        self.numbered = numbered
        self.skeleton = _skeleton(self.columns, today, creator or "vinhdanh")
        self._kinds = [(column_letter(n), c.kind) for n, c in enumerate(self.columns, start=1)]
        self._text_cell = _text_cell(self.skeleton.quoted)

    @property
    def form(self) -> str:
        """What a row's XML holds beside its values: its styles' ids and whether it is
        numbered (part of a kept row's key)."""
        numbers = "" if self.numbered else " unnumbered"
        return f"xlsx-row date={self.skeleton.date} quoted={self.skeleton.quoted}{numbers}"

    def rows_xml(self, rows: Iterable[Sequence[object]]) -> bytes:
        """The XML of `rows` (each typed by its column), each row's number left as ROW_NUMBER;
        not `numbered`: rows and cells without references, an empty cell before a filled
        one written as ``<c/>`` (SpreadsheetML places such a cell after the one before it)."""
        text_cell, date_cell, numbered = self._text_cell, self.skeleton.date, self.numbered
        number, ordinal = ROW_NUMBER.decode(), ROW_ORDINAL.decode()
        row_start = f'<row r="{number}">' if numbered else "<row>"
        lines = []
        for values in rows:
            cells = []
            at = 0  # the column after the last cell written (unnumbered: its place)
            for column, ((letter, kind), value) in enumerate(
                zip(self._kinds, values, strict=False)
            ):
                if value is None or value == "":
                    continue
                if numbered:
                    start = f'<c r="{letter}{number}"'
                else:
                    cells.append("<c/>" * (column - at))
                    at, start = column + 1, "<c"
                if value is ORDINAL:
                    cells.append(f'{start} t="n"><v>{ordinal}</v></c>')
                    continue
                if (
                    kind == "number"
                    and isinstance(value, int | float)
                    and not isinstance(value, bool)
                ):
                    cells.append(f'{start} t="n"><v>{value}</v></c>')
                    continue
                if kind == "date":
                    day = _day(value)
                    if day is not None:
                        serial = (day - EXCEL_EPOCH).days
                        cells.append(f'{start} s="{date_cell}" t="n"><v>{serial}</v></c>')
                        continue
                cells.append(text_cell(start, value))
            lines.append(f"{row_start}{''.join(cells)}</row>")
        return "".join(lines).encode("utf-8")

    def workbook(self, title: str, rows_xml: Iterable[bytes]) -> bytes:
        """The workbook titled `title` of the rows in `rows_xml` (`rows_xml`'s bytes, each of
        any number of rows), numbered in order from 2 (a `numbered` sheet)."""
        if not self.numbered:
            raise ValueError("an unnumbered sheet is written in segments: Sheet.segmented")
        skeleton = self.skeleton
        number = 1

        def sheet_xml() -> Iterator[bytes]:
            # Encoded and compressed a batch of rows at a time: held whole, the sheet of a
            # roll's workbook was ~10 times its 3.4 KB a row of XML (the rows' text, joined,
            # then encoded): the open-data child rose ~110 MB making the roll's at 10,000
            # profiles (#21).
            nonlocal number
            yield skeleton.sheet_head
            batch = [skeleton.header.encode("utf-8")]
            for chunk in rows_xml:
                # A row ends with "</row>", which no cell's text holds (escaped).
                for row in chunk.split(b"</row>")[:-1]:
                    number += 1
                    row = row.replace(ROW_NUMBER, str(number).encode("ascii"))
                    if ROW_ORDINAL in row:
                        row = row.replace(ROW_ORDINAL, str(number - 1).encode("ascii"))
                    batch.append(row)
                    batch.append(b"</row>")
                if len(batch) >= 2 * _ROWS_A_BATCH:
                    yield b"".join(batch)
                    batch.clear()
            yield b"".join(batch)
            yield self._tail(number)

        return self._zipped(title, sheet_xml, lambda: number)[0]

    def segmented(
        self, title: str, segments: Sequence[bytes | Deflated], rows: int
    ) -> tuple[bytes, list[tuple[int, Deflated]]]:
        """The workbook titled `title` of an unnumbered sheet whose `rows` rows are the bytes of
        `segments`, each deflated on its own or taken as an earlier workbook deflated it
        (`ZipArchive.add_segments`); with where each of them is in it, and as what."""
        if self.numbered:
            raise ValueError("a numbered sheet's rows are numbered as written: Sheet.workbook")
        skeleton, number = self.skeleton, 1 + rows
        head = skeleton.sheet_head + skeleton.header.encode("utf-8")
        placed: list[tuple[int, Deflated]] = []

        def sheet() -> Iterator[bytes | Deflated]:
            # The head and the tail (which holds the row count) apart: a segment of rows is
            # the same bytes wherever it lies and however many rows the sheet has.
            return iter([head, *segments, self._tail(number)])

        data, found = self._zipped(title, sheet, lambda: number)
        placed = found[1:-1]
        return data, placed

    def _tail(self, number: int) -> bytes:
        """The sheet's XML after its rows, its filter over `number` rows (the header's too)."""
        last_column = column_letter(max(1, len(self.columns)))
        return self.skeleton.sheet_tail.replace(
            b'<autoFilter ref="', f'<autoFilter ref="A1:{last_column}{number}'.encode()
        )

    def _zipped(
        self,
        title: str,
        sheet: Callable[[], Iterable[bytes]] | Callable[[], Iterator[bytes | Deflated]],
        rows: Callable[[], int],
    ) -> tuple[bytes, list[tuple[int, Deflated]]]:
        """The workbook's ZIP, its sheet's XML from `sheet` and the number of its last row from
        `rows` (asked once the sheet is written); for an unnumbered sheet, its segments' places."""
        skeleton = self.skeleton
        title_attribute = escape(sheet_title(title), _ATTRIBUTE)
        last_column = column_letter(max(1, len(self.columns)))

        def part(name: str, data: bytes) -> Iterable[bytes]:
            if name == SHEET:
                return sheet()  # type: ignore[return-value]
            if name in (WORKBOOK, CORE_PROPERTIES):
                if b"$A$1:RANGE" in data and SHEET not in written:  # its last row is not known
                    raise RuntimeError("openpyxl wrote the workbook's part before its sheet")
                named = title_attribute if name == WORKBOOK else escape(_text(title), _ATTRIBUTE)
                data = data.replace(_PLACEHOLDER, named.encode("utf-8"))
                data = data.replace(b"$A$1:RANGE", f"$A$1:${last_column}${rows()}".encode())
            return (data,)

        written: list[str] = []  # the parts zipped so far, in openpyxl's order
        return _zip(
            [(name, functools.partial(part, name, data)) for name, data in skeleton.parts.items()],
            self.today,
            written,
            segmented=not self.numbered,
        )


_CUT_ONE_IN = 32
"""A chunk of rows (a profile's) ends a segment of an unnumbered sheet one time in this many,
by its CRC-32: ~90 KB segments of the roll's workbook (a profile's rows are ~2.9 KB)."""


def cuts_after(chunk: bytes) -> bool:
    """Whether a segment of an unnumbered sheet ends after `chunk` (by its bytes alone: the
    same cuts in every build, wherever the chunk is)."""
    return crc32(chunk) % _CUT_ONE_IN == 0


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
    """A writer of inline-string cells after their `start` (``<c r="A1"``, or ``<c``);
    formula-like text gets the quote-prefix style."""

    def cell(start: str, value: object) -> str:
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
        return f"{start}{tail}"

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
XLSX_LEVEL = 5
"""zlib-ng's level 5: every workbook entry of 10,000 profiles deflated in 1.02 s of CPU, against
1.31 s at its level 6 and 2.07 s by zlib's 6 (written until session 17), for 0.5 % fewer bytes
than zlib's 6 (docs/performance.md, "The workbooks deflated in segments (session 16)")."""
SHEET = "xl/worksheets/sheet1.xml"
WORKBOOK = "xl/workbook.xml"
EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (past its 1900 leap-year bug)


def xml_writer() -> str:
    """What openpyxl serializes the workbooks' parts with: "lxml <version>" (a declared
    dependency), else "etree" (the standard library's, other bytes for the same parts)."""
    # openpyxl's own choice (`openpyxl.xml.LXML`), read without importing openpyxl: a build
    # whose parts are kept never imports it.
    if os.environ.get("OPENPYXL_LXML", "True") != "True" or find_spec("lxml") is None:
        return "etree"
    return f"lxml {importlib.metadata.version('lxml')}"


SKELETONS = lasting.register(
    "xlsx-skeletons",
    f"openpyxl {importlib.metadata.version('openpyxl')} {xml_writer()} "
    + lasting.source_digest(__file__),
)
"""A digest of the columns, day and creator -> their workbook's parts (`_packed`), kept
across builds: openpyxl and numpy are then not even imported (1.0–1.5 s of an edit's
open-data child at 1,000 profiles, issue #21)."""
_skeletons: dict[str, _Skeleton] = {}  # this process's, by the memo's key


def _skeleton(columns: tuple[Column, ...], today: dt.date, creator: str) -> _Skeleton:
    """The workbook's parts for `columns` on `today` by `creator`: kept (`SKELETONS`), else
    made by openpyxl."""
    key = _skeleton_key(columns, today, creator)
    kept = SKELETONS.get(key)  # asked every time: a build that made every page keeps it
    found = _skeletons.get(key)
    if found is None and kept is not None:
        found = _unpacked(kept)  # a value of another shape: made again
        if found is None:
            kept = None
    if found is None:
        found = _made_skeleton(columns, today, creator)
    if kept is None:
        SKELETONS.put(key, _packed(found))
    if len(_skeletons) >= 8:  # a build asks for two or three (the roll's, a roll page's)
        _skeletons.clear()
    _skeletons[key] = found
    return found


@functools.lru_cache(maxsize=8)
def _skeleton_key(columns: tuple[Column, ...], today: dt.date, creator: str) -> str:
    facts = [[c.header, c.kind, c.width] for c in columns], today.isoformat(), creator
    data = json.dumps(facts, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _packed(skeleton: _Skeleton) -> bytes:
    parts = tuple(skeleton.parts.items())  # in openpyxl's order
    return marshal.dumps(
        (
            parts,
            skeleton.sheet_head,
            skeleton.header,
            skeleton.sheet_tail,
            skeleton.date,
            skeleton.quoted,
        )
    )


def _unpacked(data: bytes) -> _Skeleton | None:
    """The skeleton `_packed` made `data` of, or None (another shape: the file's CRC-32 was
    right, but a value of other code is still not used)."""
    try:
        loaded = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    if not (isinstance(loaded, tuple) and len(loaded) == 6):
        return None
    parts, head, header, tail, date, quoted = loaded
    if not (
        isinstance(parts, tuple)
        and all(
            isinstance(p, tuple)
            and len(p) == 2
            and isinstance(p[0], str)
            and isinstance(p[1], bytes)
            for p in parts
        )
        and isinstance(head, bytes)
        and isinstance(header, str)
        and isinstance(tail, bytes)
        and isinstance(date, str)
        and isinstance(quoted, str)
        and SHEET in dict(parts)
    ):
        return None
    return _Skeleton(dict(parts), head, header, tail, date, quoted)


def _made_skeleton(columns: tuple[Column, ...], today: dt.date, creator: str) -> _Skeleton:
    """The parts openpyxl writes for `columns`, made once: its rows cost ~15 µs a cell and
    its workbook ~5 ms, while a roll's workbook is written a few cells at a time here."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_PLACEHOLDER.decode())
    # Sheet views and column widths precede the rows in the sheet's XML: set before any row.
    sheet.freeze_panes = "A2"
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[column_letter(number)].width = column.width
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
    segmented: bool = False,
) -> tuple[bytes, list[tuple[int, Deflated]]]:
    """The parts, each written as its chunks come (its name then added to `written`), as a
    ZIP with fixed entry dates and modes, in openpyxl's order; `segmented`: the sheet's
    chunks are segments deflated apart (`ZipArchive.add_segments`), their places returned."""
    archive = ZipArchive(when)
    placed: list[tuple[int, Deflated]] = []
    for name, chunks in parts:
        if name == SHEET and segmented:
            placed = archive.add_segments(name, chunks(), XLSX_LEVEL)
        else:
            archive.add(name, chunks(), XLSX_LEVEL)
        written.append(name)
    return archive.getvalue(), placed
