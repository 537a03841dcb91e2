"""Read a roll as departments keep it: an .xlsx workbook or a .csv file, and find its header row.

Department lists have title rows above the table ("UBND TỈNH …", "DANH SÁCH …", merged across
the page), a header written in Vietnamese in many ways ("Họ và tên", "HỌ TÊN", "Họ, tên"),
sometimes a second header row under a merged group ("Địa chỉ" over "Xã", "Huyện", "Tỉnh") and a
row of column numbers "(1) (2) (3)". This module only reads cells and recognises headers; what
the cells mean is decided in `generator.editors.importer`.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from generator.editors.legacyencodings import LegacyEncoding, convert_cell, decode, detect, reading
from generator.vntext import fold, nfc

if TYPE_CHECKING:
    import xlrd

Cell = object  # str, int, float, bool, datetime, date, time or None, as the reader gives it
FieldName = Literal[
    "stt", "name", "kind", "position", "unit", "address", "province", "district", "commune",
    "country", "award", "title", "decision", "decision_number", "decision_date", "year",
    "citation", "note", "issuer", "ignore",
]  # fmt: skip
FIELD_NAMES: tuple[str, ...] = get_args(FieldName)

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
HEADER_SCAN_ROWS = 15

# How departments title their columns. Matched on `header_key`: no case, diacritics,
# punctuation or spacing, and without parenthesised notes such as "(ghi rõ họ tên)".
HEADERS: dict[str, tuple[str, ...]] = {
    "stt": ("STT", "TT", "Số TT", "Số thứ tự"),
    "name": (
        "Họ và tên", "Họ tên", "Họ, tên", "Tên", "Họ và tên/Tên tập thể", "Tên tập thể",
        "Tên cá nhân", "Tên tập thể, cá nhân", "Tên cá nhân, tập thể", "Cá nhân, tập thể",
        "Tên đơn vị, cá nhân", "Tên đơn vị/cá nhân", "Họ và tên, tên tập thể",
        "Họ và tên chủ hộ", "Họ tên chủ hộ", "Tên chủ hộ", "Chủ hộ",
    ),
    "kind": ("Loại", "Loại đối tượng", "Phân loại"),
    "position": (
        "Chức vụ", "Chức danh", "Nghề nghiệp", "Chức vụ, nghề nghiệp", "Chức vụ/Chức danh",
        "Chức vụ, đơn vị công tác", "Chức vụ, đơn vị",
    ),
    "unit": (
        "Đơn vị", "Cơ quan", "Đơn vị công tác", "Cơ quan, đơn vị", "Cơ quan/Đơn vị",
        "Nơi công tác", "Cơ quan công tác",
    ),
    "address": ("Địa chỉ", "Địa bàn", "Địa phương", "Nơi cư trú", "Địa chỉ thường trú"),
    "province": ("Tỉnh", "Tỉnh/Thành phố", "Tỉnh, thành phố", "Tỉnh/TP", "Thành phố"),
    "district": (
        "Huyện", "Quận", "Huyện/Quận", "Quận/Huyện", "Huyện, thị xã", "Huyện/Thị xã/Thành phố",
        "Huyện, quận, thị xã",
    ),
    "commune": (
        "Xã", "Phường", "Xã/Phường", "Phường/Xã", "Xã/Phường/Thị trấn", "Xã, phường, thị trấn",
        "Xã, phường",
    ),
    "country": ("Quốc tịch", "Quốc gia", "Nước", "Nước, quốc tịch"),
    "award": (
        "Hình thức khen thưởng", "Hình thức", "Khen thưởng", "Mức khen", "Hình thức khen",
        "Loại khen thưởng", "Hình thức khen thưởng đề nghị",
    ),
    "title": ("Danh hiệu", "Danh hiệu thi đua", "Danh hiệu được tặng"),
    "decision": ("Quyết định", "Số, ngày quyết định", "Quyết định khen thưởng"),
    "decision_number": (
        "Số quyết định", "Số QĐ", "Quyết định số", "Số, ký hiệu quyết định",
        "Số hiệu quyết định", "QĐ số", "Số ký hiệu",
    ),
    "decision_date": (
        "Ngày quyết định", "Ngày QĐ", "Ngày ký", "Ngày ký quyết định",
        "Ngày, tháng, năm quyết định", "Ngày ban hành", "Ngày tháng năm",
    ),
    "year": ("Năm", "Năm khen thưởng", "Năm được khen", "Năm khen"),
    "citation": (
        "Thành tích", "Trích yếu thành tích", "Tóm tắt thành tích", "Nội dung thành tích",
        "Thành tích đạt được", "Lý do khen thưởng", "Trích yếu",
    ),
    "note": ("Ghi chú",),
    "issuer": ("Cấp khen", "Cơ quan khen thưởng", "Người ký", "Cấp quyết định"),
}  # fmt: skip

_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_VIETNAMESE = frozenset(
    nfc(ch) for ch in "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)


def header_key(text: str) -> str:
    """Matching key of a header: "Họ và tên (ghi đầy đủ)" → "ho va ten"."""
    return " ".join(_NOT_WORD.sub(" ", fold(_PARENTHESES.sub(" ", text))).split())


HEADER_FIELDS: dict[str, str] = {
    header_key(text): name for name, texts in HEADERS.items() for text in texts
}


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


@dataclass
class Header:
    """Where the header is and which field each column holds."""

    row: int  # number of the last header row; data follows it
    columns: dict[int, str]  # column index (0-based) -> field name
    labels: dict[int, str]  # column index -> header as written
    unknown: list[str] = field(default_factory=list)  # headers not recognised, as written


def cell_text(value: Cell) -> str:
    """A cell as trimmed NFC text ("" for empty); whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(nfc(str(value)).split())


# --- reading ----------------------------------------------------------------------------------


# What a file holds, by its first bytes: offices rename files freely (an .xls that is an
# .xlsx, or an HTML table or a CSV saved by a web application as "bao-cao.xls").
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97–2003 (.xls)
_ZIP = b"PK\x03\x04"  # Office Open XML (.xlsx)
_HTML = re.compile(rb"^\s*<(?:!doctype html|html|table|\?xml|meta|head|body)", re.IGNORECASE)


def sniff(path: Path) -> Literal["xls", "xlsx", "html", "text"]:
    """What the file holds, whatever its name says."""
    try:
        with path.open("rb") as stream:
            head = stream.read(512)
    except OSError as exc:
        raise TableError("import.unreadable", reason=exc.strerror or str(exc)) from None
    if head.startswith(_OLE2):
        return "xls"
    if head.startswith(_ZIP):
        return "xlsx"
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(bom):
            head = head[len(bom) :].replace(b"\x00", b"")
            break
    return "html" if _HTML.match(head) else "text"


def read_tables(path: Path, sheet: str | None = None, label: str | None = None) -> list[Table]:
    """Every sheet of a workbook (or the one named), or the one table of a CSV file; columns
    typed with a legacy font (TCVN3, VNI) converted to Unicode."""
    label = label or path.name
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".xls", ".csv", ".txt", ".tsv"):
        raise TableError("import.format", suffix=suffix or path.name)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise TableError("import.unreadable", reason=exc.strerror or str(exc)) from None
    if size > MAX_BYTES:
        raise TableError("import.too_large", size=size, limit=MAX_BYTES)
    kind = sniff(path)
    if kind == "html":
        raise TableError("import.html_table", suffix=suffix)
    if kind == "xlsx":
        tables = _read_workbook(path, sheet, label)
    elif kind == "xls":
        if size > MAX_XLS_BYTES:
            raise TableError("import.too_large", size=size, limit=MAX_XLS_BYTES)
        tables = _read_xls(path, sheet, label)
    else:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise TableError("import.unreadable", reason=exc.strerror or str(exc)) from None
        text, encoding = decode_csv(raw)
        tables = [Table(label, None, parse_csv(text), encoding)]
    for table in tables:
        convert_legacy_columns(table)
    return tables


def convert_legacy_columns(table: Table) -> None:
    """Convert, column by column, text typed with a TCVN3 or VNI font to Unicode; a column is
    converted only when it clearly reads better, and within it only the cells that do."""
    columns: dict[int, list[str]] = {}
    for _number, cells in table.rows:
        for col, cell in enumerate(cells):
            if isinstance(cell, str):
                columns.setdefault(col, []).append(cell)
    # One font is usually used for the whole sheet: a column whose own words do not tell
    # (decision numbers "123/Q§-UBND") follows the sheet's encoding.
    sheet = detect(text for texts in columns.values() for text in texts)
    found: dict[int, LegacyEncoding] = {}
    for col, texts in columns.items():
        encoding = sheet or detect(texts)
        if encoding is not None:
            found[col] = encoding
    if not found:
        return
    counts = dict.fromkeys(found, 0)
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    for number, cells in table.rows:
        new = list(cells)
        for col, encoding in found.items():
            cell = new[col] if col < len(new) else None
            if isinstance(cell, str) and (converted := convert_cell(cell, encoding)) is not None:
                new[col] = converted
                counts[col] += 1
                table.converted_rows.add(number)
        rows.append((number, tuple(new)))
    table.rows = rows
    table.conversions = [(col, found[col], counts[col]) for col in sorted(found) if counts[col]]


def _xml_parts(book: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The workbook's XML parts, after checking the counts and inflated sizes of all parts."""
    members = book.infolist()
    if len(members) > MAX_MEMBERS:
        raise TableError("import.xlsx_members", count=len(members), limit=MAX_MEMBERS)
    total = 0
    for info in members:
        limit = MAX_SHEET_BYTES if _is_sheet(info.filename) else MAX_XML_BYTES
        if info.filename.endswith((".xml", ".rels", ".vml")) and info.file_size > limit:
            raise TableError(
                "import.xlsx_part_too_large", part=info.filename, size=info.file_size, limit=limit
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise TableError("import.xlsx_too_large", size=total, limit=MAX_TOTAL_BYTES)
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
                    if row > MAX_ROWS:
                        raise TableError("import.too_many_rows", limit=MAX_ROWS)
                continue
            if tag in ("v", "t") and elem.text and len(elem.text) > MAX_CELL_CHARS:
                raise TableError("import.cell_too_long", row=row, limit=MAX_CELL_CHARS)
            if tag == "c":
                cells += 1
                ref = _CELL_REF.match(elem.get("r") or "")
                in_row = _column_number(ref.group(1)) if ref else in_row + 1
                if in_row > MAX_COLUMNS:
                    raise TableError("import.too_many_columns", row=row, limit=MAX_COLUMNS)
                if cells > MAX_CELLS:
                    raise TableError("import.too_many_cells", limit=MAX_CELLS)
                if len(elem):  # a value (<v>, <is>), not only a style
                    last_row, last_col = row, max(last_col, in_row)
                elem.clear()
            elif tag == "row" and container is not None:
                container.clear()
            elif tag == "si":
                strings += 1
                if strings > MAX_SHARED_STRINGS:
                    raise TableError("import.too_many_strings", limit=MAX_SHARED_STRINGS)
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
    if last_row * last_col > MAX_CELLS * 4:
        # A row far down and a column far right: openpyxl would pad every row to that width.
        raise TableError("import.too_many_cells", limit=MAX_CELLS)
    return last_row, last_col


def _read_workbook(path: Path, sheet: str | None, label: str) -> list[Table]:
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


def _read_xls(path: Path, sheet: str | None, label: str) -> list[Table]:
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
            if found.nrows > MAX_ROWS:
                raise TableError("import.too_many_rows", limit=MAX_ROWS)
            if found.ncols > MAX_COLUMNS:
                raise TableError("import.too_many_columns", row=1, limit=MAX_COLUMNS)
            cells_seen += sum(found.row_len(index) for index in range(found.nrows))
            # As for .xlsx: a value far down and one far right make a table too big to use.
            if cells_seen > MAX_CELLS or found.nrows * found.ncols > MAX_CELLS * 4:
                raise TableError("import.too_many_cells", limit=MAX_CELLS)
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
        if len(text) > MAX_CELL_CHARS:
            raise TableError("import.cell_too_long", row=row, limit=MAX_CELL_CHARS)
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


def _vietnamese_score(text: str) -> int:
    """Higher for text that reads as Vietnamese: letters beyond Latin-1 ("ế", "ư", "đ") count
    most, since Windows-1252 can only produce Latin-1; letters Vietnamese never uses ("Ð",
    "Þ", "ä") count against."""
    score = 0
    for ch in text.lower():
        if ch in _VIETNAMESE:
            score += 3 if ord(ch) > 0xFF else 1
        elif ch.isalpha() and not ch.isascii():
            score -= 5
    return score


def decode_csv(raw: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-8 (with or without BOM), UTF-16, else the likelier of
    Windows-1258 (Vietnamese) and Windows-1252, judged by how many Vietnamese letters result."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return nfc(raw.decode("utf-16")), "utf-16"  # Excel's "Unicode Text" export
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return nfc(raw[3:].decode("utf-8")), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    try:
        return nfc(raw.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    found: list[tuple[int, int, str]] = []
    for rank, encoding in enumerate(("cp1258", "cp1252")):
        try:
            text = nfc(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
        found.append((_vietnamese_score(text), -rank, encoding))
    if not found:
        raise TableError("import.encoding")
    _, _, encoding = max(found)
    text = nfc(raw.decode(encoding))
    # A CSV saved from a sheet typed with a TCVN3 or VNI font: its bytes are the font's codes.
    # They are kept as the Latin-1 characters they are (as a workbook holds them) and the
    # columns converted by `convert_legacy_columns`, which reports each.
    latin = raw.decode("cp1252", errors="strict") if _is_cp1252(raw) else raw.decode("latin-1")
    legacy = detect(latin.splitlines())
    if legacy is not None and reading(decode(latin, legacy)).good > reading(text).good:
        return latin, legacy
    return text, encoding


def _is_cp1252(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def parse_csv(text: str) -> list[tuple[int, tuple[Cell, ...]]]:
    """Rows of a CSV text with their starting line numbers; the delimiter is guessed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    head = "\n".join(text.split("\n", 40)[:40])
    # The delimiter that splits some row into the most cells: title rows above the header
    # hold commas in their text, so csv.Sniffer's consistency test often guesses wrong.
    best = max(
        (",", ";", "\t"),
        key=lambda d: max((len(r) for r in csv.reader(io.StringIO(head), delimiter=d)), default=0),
    )
    reader = csv.reader(io.StringIO(text), delimiter=best)
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    start = 1
    for cells in reader:
        if len(rows) >= MAX_ROWS:
            raise TableError("import.too_many_rows", limit=MAX_ROWS)
        if any(c.strip() for c in cells):
            rows.append((start, tuple(cells)))
        start = reader.line_num + 1
    return rows


# --- the header -------------------------------------------------------------------------------


def _recognise(cells: tuple[Cell, ...], extra: dict[str, str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for i, cell in enumerate(cells):
        text = cell_text(cell)
        if not text or not isinstance(cell, str):
            continue
        key = header_key(text)
        name = extra.get(key) or HEADER_FIELDS.get(key)
        if name is not None:
            found[i] = name
    return found


def find_header(
    table: Table, extra: dict[str, str] | None = None, header_row: int | None = None
) -> Header | None:
    """The header: the row (of the first 15) with most recognised headers, one being the name.

    `extra` maps header keys (`header_key`) to field names, from a mapping file; `header_row`
    forces the row. A second header row below (sub-headers under a merged group) is merged in.
    """
    extra = {header_key(k): v for k, v in (extra or {}).items()}
    best: tuple[int, int, dict[int, str]] | None = None
    for index, (number, cells) in enumerate(table.rows[:HEADER_SCAN_ROWS]):
        if header_row is not None and number != header_row:
            continue
        found = _recognise(cells, extra)
        fields = {f for f in found.values() if f != "ignore"}
        if "name" not in fields:
            continue
        if best is None or len(fields) > len(best[2]):
            best = (index, number, found)
    if best is None:
        return None
    index, number, columns = best
    cells = table.rows[index][1]
    labels = {i: cell_text(cells[i]) for i in columns}
    if index + 1 < len(table.rows):
        below_number, below = table.rows[index + 1]
        sub = _recognise(below, extra)
        name_col = next(i for i, f in columns.items() if f == "name")
        name_below = cell_text(below[name_col]) if name_col < len(below) else ""
        if sub and below_number == number + 1 and not name_below:
            for i, name in sub.items():
                if i not in columns or columns[i] in ("address", "decision"):
                    columns[i] = name
                    labels[i] = cell_text(below[i])
            number = below_number
    unknown = [cell_text(c) for i, c in enumerate(cells) if cell_text(c) and i not in columns]
    return Header(number, dict(sorted(columns.items())), labels, unknown)


def is_column_numbers(cells: tuple[Cell, ...]) -> bool:
    """A row like "(1) (2) (3) …" or "1 2 3 …" under the header: not data."""
    texts = [cell_text(c) for c in cells if cell_text(c)]
    return len(texts) >= 3 and all(_COLUMN_NUMBER.match(t) for t in texts)
