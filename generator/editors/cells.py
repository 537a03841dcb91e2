"""Reading a roll's cells: dates as departments type them, years, decision numbers, names.

A cell is read alone, without its row: what it cannot say (a date that may be either way round,
a two-digit year) is reported as a `DateReading` problem for the row to place.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.editors.rolltable import Cell, cell_text
from generator.model.entries import split_household_name
from generator.source.documents import ProfileKind
from generator.vntext import fold, nfc, search_key

# First words that make a name a collective (checked with diacritics: "Tổ" is a team, "Tô"
# a family name; "Đồn" a border post, "Đoàn" a family name) or a model ("Mô hình …").
COLLECTIVE_WORDS = tuple(
    search_key(w)
    for w in (
        "hợp tác xã", "htx", "tổ hợp tác", "tổ", "trường", "công ty", "tổng công ty",
        "phòng", "đồn", "ban", "ubnd", "ủy ban", "chi hội", "hội", "chi bộ", "đảng bộ",
        "chi đoàn", "đoàn thanh niên", "công đoàn", "đội", "trạm", "bệnh viện", "trung tâm",
        "sở", "chi cục", "cục", "viện", "xí nghiệp", "nhà máy", "lớp", "khoa", "thôn", "bản",
        "ấp", "xóm", "làng", "khu phố", "tổ dân phố", "tập thể", "bộ chỉ huy", "ban chỉ huy",
        "tiểu đoàn", "đại đội", "trung đội", "câu lạc bộ", "clb", "doanh nghiệp", "tập đoàn",
        "chi nhánh", "văn phòng", "xã", "phường", "thị trấn", "nhóm", "cơ sở", "phân xưởng",
        "hạt kiểm lâm", "công an", "hải đội", "mặt trận",
    )
)  # fmt: skip
MODEL_WORDS = (search_key("mô hình"),)
_HONORIFICS = re.compile(r"^(?:đồng chí|đ/c|đ/c\.)\s+", re.IGNORECASE)
_PERSON_TITLE = re.compile(r"^(?:ông|bà)\s+", re.IGNORECASE)
PARENTHESES = re.compile(r"\s*\([^)]*\)")
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_WORDS_DATE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_YEAR_ONLY = re.compile(r"^(?:nam\s*)?(\d{4})$")
_MONTH_YEAR = re.compile(r"^(?:thang\s*)?(\d{1,2})\s*(?:/|nam)\s*(\d{4})$")
_DECISION_NUMBER = re.compile(r"[0-9A-Za-zĐđ.\-]*\d[0-9A-Za-zĐđ.\-]*/[^\s,;()]+")
_DATE_IN_TEXT = re.compile(r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_RESOLVED_YEARS = range(1900, 2101)


@dataclass(frozen=True)
class DateReading:
    """A date cell read: the date, or only a year, and what went wrong if anything."""

    date: dt.date | None = None
    year: int | None = None
    problem: str | None = None  # message code
    swapped: bool = False  # read as month/day/year


def _two_digit_year(value: int) -> int:
    return 2000 + value if value < 70 else 1900 + value


def read_date(value: Cell) -> DateReading:
    """A decision date as departments write it: 20/08/2019, 20/8/19, Excel dates, "năm 2019"."""
    if value is None or value == "":
        return DateReading()
    if isinstance(value, dt.datetime):
        return DateReading(value.date(), value.year)
    if isinstance(value, dt.date):
        return DateReading(value, value.year)
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value)
        if number in _RESOLVED_YEARS:
            return DateReading(year=number)
        if 1 <= number <= 80_000:  # an Excel serial date in a cell not formatted as a date
            serial = _EXCEL_EPOCH + dt.timedelta(days=number)
            return DateReading(serial, serial.year)
        return DateReading(problem="import.date_unreadable")
    text = fold(cell_text(value))
    if not text:
        return DateReading()
    match = _WORDS_DATE.search(text)
    if match:
        return _make_date(int(match[3]), int(match[2]), int(match[1]))
    match = _ISO.match(text)
    if match:
        return _make_date(int(match[1]), int(match[2]), int(match[3]))
    match = _DMY.match(text)
    if match:
        day, month, year = int(match[1]), int(match[2]), int(match[3])
        if len(match[3]) == 2:
            year = _two_digit_year(year)
        reading = _make_date(year, month, day)
        if reading.date is None and month > 12 and day <= 12:
            # A sheet typed in an English-locale Excel: 8/20/2019.
            swapped = _make_date(year, day, month)
            if swapped.date is not None:
                return DateReading(swapped.date, swapped.year, swapped=True)
        return reading
    match = _YEAR_ONLY.match(text) or _MONTH_YEAR.match(text)
    if match:
        year = int(match.groups()[-1])
        if year in _RESOLVED_YEARS:
            return DateReading(year=year)
    return DateReading(problem="import.date_unreadable")


def _make_date(year: int, month: int, day: int) -> DateReading:
    try:
        when = dt.date(year, month, day)
    except ValueError:
        return DateReading(problem="import.date_unreadable")
    if when.year not in _RESOLVED_YEARS:
        return DateReading(problem="import.date_unreadable")
    return DateReading(when, when.year)


def read_year(value: Cell) -> int | None:
    """A year cell: 2019, 2019.0, "2019", "Năm 2019"; None if not a plausible year."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = int(value)
        return number if number in _RESOLVED_YEARS else None
    if isinstance(value, dt.date):
        return value.year
    match = re.search(r"\b(\d{4})\b", fold(cell_text(value)))
    if match and int(match[1]) in _RESOLVED_YEARS:
        return int(match[1])
    return None


def split_decision(text: str) -> tuple[str | None, DateReading]:
    """ "123/QĐ-UBND ngày 20/8/2019" → ("123/QĐ-UBND", the date)."""
    number_match = _DECISION_NUMBER.search(text)
    number = number_match.group() if number_match else None
    rest = text.replace(number, " ") if number else text
    date_match = _WORDS_DATE.search(fold(rest)) or _DATE_IN_TEXT.search(rest)
    reading = read_date(date_match.group()) if date_match else DateReading()
    return number, reading


def decision_number_text(value: Cell) -> str | None:
    """A decision number as text ("1234" stays "1234", not 1234.0)."""
    text = cell_text(value)
    return text or None


def kind_of_name(name: str) -> ProfileKind | None:
    """household for "Hộ ông …", "Hộ gia đình …", "Gia đình bà …"; collective or model when
    the name starts with an organisation word; else None."""
    if split_household_name(name) is not None:
        return "household"
    key = search_key(name)
    if any(key == w or key.startswith(w + " ") for w in MODEL_WORDS):
        return "model"
    if any(key == w or key.startswith(w + " ") for w in COLLECTIVE_WORDS):
        return "collective"
    return None


def clean_person_name(text: str) -> str:
    """ "ĐỒNG CHÍ NGUYỄN VĂN AN (truy tặng)" → "Nguyễn Văn An"."""
    text = PARENTHESES.sub("", nfc(text)).strip()
    text = _HONORIFICS.sub("", text)
    rest = _PERSON_TITLE.sub("", text)
    if rest != text and len(rest.split()) >= 3:  # "Ông Ích Khiêm" keeps his family name
        text = rest
    if text.isupper():
        text = " ".join(word.capitalize() for word in text.split())
    return " ".join(text.split())


def column_letter(index: int) -> str:
    """The spreadsheet letters of column `index` (0: "A", 26: "AA")."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
