"""Read a roll as departments keep it: an .xlsx workbook or a .csv file, and find its header row.

Department lists have title rows above the table ("UBND TỈNH …", "DANH SÁCH …", merged across
the page), a header written in Vietnamese in many ways ("Họ và tên", "HỌ TÊN", "Họ, tên"),
sometimes a second header row under a merged group ("Địa chỉ" over "Xã", "Huyện", "Tỉnh") and a
row of column numbers "(1) (2) (3)". This module only reads cells and recognises headers; what
the cells mean is decided in `generator.editors.importer`. The readers are `workbooks` (.xlsx,
.xls) and `csvtext`; the table they give and the caps they apply are in `rolltable`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from generator.editors import rolltable
from generator.editors.csvtext import decode_csv, parse_csv
from generator.editors.legacyencodings import LegacyEncoding, convert_cell, detect
from generator.editors.rolltable import Cell, Table, TableError, cell_text
from generator.editors.workbooks import read_xls, read_xlsx
from generator.vntext import fold

FieldName = Literal[
    "stt", "name", "kind", "position", "unit", "address", "province", "district", "commune",
    "country", "award", "title", "decision", "decision_number", "decision_date", "year",
    "citation", "note", "issuer", "ignore",
]  # fmt: skip
FIELD_NAMES: tuple[str, ...] = get_args(FieldName)

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


def header_key(text: str) -> str:
    """Matching key of a header: "Họ và tên (ghi đầy đủ)" → "ho va ten"."""
    return " ".join(_NOT_WORD.sub(" ", fold(_PARENTHESES.sub(" ", text))).split())


HEADER_FIELDS: dict[str, str] = {
    header_key(text): name for name, texts in HEADERS.items() for text in texts
}


@dataclass
class Header:
    """Where the header is and which field each column holds."""

    row: int  # number of the last header row; data follows it
    columns: dict[int, str]  # column index (0-based) -> field name
    labels: dict[int, str]  # column index -> header as written
    unknown: list[str] = field(default_factory=list)  # headers not recognised, as written


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
    if size > rolltable.MAX_BYTES:
        raise TableError("import.too_large", size=size, limit=rolltable.MAX_BYTES)
    kind = sniff(path)
    if kind == "html":
        raise TableError("import.html_table", suffix=suffix)
    if kind == "xlsx":
        tables = read_xlsx(path, sheet, label)
    elif kind == "xls":
        if size > rolltable.MAX_XLS_BYTES:
            raise TableError("import.too_large", size=size, limit=rolltable.MAX_XLS_BYTES)
        tables = read_xls(path, sheet, label)
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
