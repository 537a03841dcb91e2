"""`vinhdanh import`: turn a department's roll (xlsx/csv) into profile files.

Every row is read and understood before anything is written: names split (or a collective
recognised), the award matched to the taxonomy, dates and the locality read, repeated people
gathered into one profile, existing profiles found. The planned files are then checked by the
model in a scratch copy of the project, and only files that pass are written. A row that
cannot be imported is reported with its row number and the reason; the others still import.
Existing files are never overwritten: with `--update`, new awards are added to them in place
(comments and edits kept), and an award already there is not added twice. So importing the
same file again changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from generator.editors.legacyencodings import LEGACY_ENCODINGS, LEGACY_NAMES
from generator.editors.localities import (
    OLD_LIST_DATE,
    AnyPlace,
    ForeignPlace,
    Inference,
    InferenceConflict,
    Place,
    PlaceProblem,
    UnknownPlace,
    eras_for,
    find_place,
    infer_place,
    other_place_key,
    parse_address,
)
from generator.editors.scaffold import (
    ProfileDraft,
    award_fields,
    profile_relpath,
    propose_slug,
    render_import_profile,
    taken_slugs,
)
from generator.editors.spreadsheet import (
    FIELD_NAMES,
    Cell,
    FieldName,
    Header,
    Table,
    TableError,
    cell_text,
    find_header,
    is_column_numbers,
    read_tables,
)
from generator.editors.yamlwriter import dump_items
from generator.errors import Lang, Report, Severity, SourceError, make_problem, say
from generator.model.site import (
    CAMPAIGNS_DIR,
    RECIPIENT_OF_KIND,
    Entry,
    Site,
    build_site,
    split_household_name,
)
from generator.progress import SILENT, Progress
from generator.reference.adminunits import NEW_ERA, OLD_ERA, PROVINCE, AdminUnits, Era
from generator.reference.awardnames import AwardMatch, AwardMatcher, award_key, parse_spellings
from generator.reference.taxonomy import CLASS_NAMES
from generator.source.config import CONFIG_FILE
from generator.source.documents import ProfileKind, Slug, Text
from generator.source.load import Document, load_yaml_document, read_source
from generator.source.validate import validate_document
from generator.vntext import LOOKALIKES, fold, is_viet_nam, nfc, replace_lookalikes, search_key

Action = Literal["new", "update", "unchanged", "exists", "blocked", "manual"]

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
_KIND_WORDS: dict[str, ProfileKind] = {
    "ca nhan": "individual",
    "tap the": "collective",
    "mo hinh": "model",
    "ho gia dinh": "household",
    "gia dinh": "household",
    "individual": "individual",
    "collective": "collective",
    "model": "model",
    "household": "household",
}
_HONORIFICS = re.compile(r"^(?:đồng chí|đ/c|đ/c\.)\s+", re.IGNORECASE)
_PERSON_TITLE = re.compile(r"^(?:ông|bà)\s+", re.IGNORECASE)
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_POSTHUMOUS = re.compile(r"\btruy\s+tang\b|\bliet\s+si\b")
_SECTION_PREFIX = re.compile(r"^\s*(?:[IVXLC]+|[A-ZĐ]|\d{1,2})\s*[.)\-–:]\s*")
_SECTION_MARK = re.compile(_SECTION_PREFIX.pattern + r"\S")
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_WORDS_DATE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_YEAR_ONLY = re.compile(r"^(?:nam\s*)?(\d{4})$")
_MONTH_YEAR = re.compile(r"^(?:thang\s*)?(\d{1,2})\s*(?:/|nam)\s*(\d{4})$")
_DECISION_NUMBER = re.compile(r"[0-9A-Za-zĐđ.\-]*\d[0-9A-Za-zĐđ.\-]*/[^\s,;()]+")
_DATE_IN_TEXT = re.compile(r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# A table longer than this is a dry run unless --write is given: a mistake in a long roll
# (a wrong column, the wrong unit list) would otherwise write hundreds of files at once.
LARGE_IMPORT_ROWS = 200
_RESOLVED_YEARS = range(1900, 2101)


class ImportDefaults(BaseModel):
    """Values for every row that lacks them."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    province: Text | None = Field(None, description="Tỉnh/thành phố mặc định.")
    district: Text | None = Field(None, description="Huyện mặc định (trước 2025-07-01).")
    commune: Text | None = Field(None, description="Xã/phường mặc định.")
    kind: ProfileKind | None = Field(None, description="individual, collective, model, household.")
    award: Text | None = Field(None, description="Khen thưởng khi dòng không ghi.")
    year: int | None = Field(None, ge=1900, le=2100, description="Năm khen thưởng mặc định.")
    campaign: Slug | None = Field(None, description="Mã phong trào cho mọi khen thưởng.")
    as_of: dt.date | None = Field(None, description="Ngày ghi nhận địa danh.")


class ImportMapping(BaseModel):
    """A mapping file: which sheet and row, what unusual headers mean, own award spellings."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    sheet: Text | None = Field(None, description="Tên trang tính.")
    header_row: int | None = Field(None, ge=1, description="Số dòng tiêu đề (tính từ 1).")
    columns: dict[str, FieldName] = Field(
        default_factory=dict, description="Tiêu đề cột như trong bảng -> trường."
    )
    defaults: ImportDefaults = Field(default_factory=ImportDefaults)
    awards: dict[str, str] = Field(
        default_factory=dict,
        description="Cách ghi khen thưởng -> mã danh mục, có thể kèm hạng: "
        "'huan-chuong-lao-dong/ba'.",
    )


@dataclass
class ImportOptions:
    """What the command line asked for."""

    source: Path
    sheet: str | None = None
    mapping: Path | None = None
    dry_run: bool = False
    write: bool = False  # `--write`: write even a table longer than LARGE_IMPORT_ROWS
    update: bool = False
    province: str | None = None
    as_of: dt.date | None = None
    campaign: str | None = None
    # `--decision`: the sheet is one decision's list, imported as one decisions/<slug>.yml.
    decision: bool = False
    issuer: str | None = None
    issuer_level: str | None = None


@dataclass
class RowRecord:
    """One data row, understood."""

    row: int
    kind: ProfileKind
    full_name: str
    place: AnyPlace
    as_of: dt.date | None
    award: dict[str, object]
    position: str | None = None
    unit: str | None = None
    place_note: str | None = None  # the row gave no place: what was inferred, or that none was

    @property
    def person_key(self) -> tuple[str, tuple[str, ...]]:
        """Same folded name and same place today: the same person or collective (without a
        Vietnamese place: the same unit, or the same country)."""
        place = self.place
        if isinstance(place, Place):
            return fold(self.full_name), place.current_codes
        if isinstance(place, ForeignPlace):
            return fold(self.full_name), other_place_key("foreign", None, place.country)
        return fold(self.full_name), other_place_key("unknown", self.unit, None)


@dataclass
class PlannedFile:
    """One profile file the import creates, extends or leaves alone."""

    relpath: str
    action: Action
    name: str
    rows: list[int]
    awards: int  # awards added (new file: all of them)
    text: str | None = None  # the new content, when it changes
    photos: list[str] = field(default_factory=list)  # existing photos to stage for the check


@dataclass
class ImportResult:
    """What an import found, planned and did."""

    source: str
    sheet: str | None = None
    header: Header | None = None
    encoding: str | None = None
    data_rows: int = 0
    failed_rows: set[int] = field(default_factory=set)
    files: list[PlannedFile] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    dry_run: bool = False
    project_errors: int = 0  # errors `check` finds in the whole project after writing
    fatal: bool = False
    hint_update: bool = True  # an existing file may take --update (not a decision's)
    large: int = 0  # rows of a table longer than LARGE_IMPORT_ROWS, made a dry run
    eras: dict[str, int] = field(default_factory=dict)  # unit list -> rows placed by it
    inferred_rows: set[int] = field(default_factory=set)  # a value inferred or converted

    @property
    def ok(self) -> bool:
        """Every row imported and every planned file written (or already there)."""
        blocked = any(f.action in ("blocked", "manual") for f in self.files)
        return not self.fatal and not self.failed_rows and not blocked


# --- reading cells ------------------------------------------------------------------------------


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
    text = _PARENTHESES.sub("", nfc(text)).strip()
    text = _HONORIFICS.sub("", text)
    rest = _PERSON_TITLE.sub("", text)
    if rest != text and len(rest.split()) >= 3:  # "Ông Ích Khiêm" keeps his family name
        text = rest
    if text.isupper():
        text = " ".join(word.capitalize() for word in text.split())
    return " ".join(text.split())


# --- understanding rows -------------------------------------------------------------------------


@dataclass
class _Context:
    """Everything a row needs to be understood."""

    label: str
    header: Header
    admin: AdminUnits
    matcher: AwardMatcher
    defaults: ImportDefaults
    options: ImportOptions
    report: Report
    campaign: str | None
    section_kind: ProfileKind | None = None
    section_award: str | None = None
    # Row -> how its place was found when the row gave none, for the profile's header.
    place_notes: dict[int, str] = field(default_factory=dict)
    eras: dict[str, int] = field(default_factory=dict)  # unit list -> rows placed by it
    inferred_rows: set[int] = field(default_factory=set)

    def problem(
        self, row: int, fld: str | None, code: str, severity: Severity = "error", **params: object
    ) -> None:
        col = next((i for i, f in self.header.columns.items() if f == fld), None)
        label = self.header.labels.get(col, "") if col is not None else ""
        self.report.add(
            make_problem(self.label, row, (col or 0) + 1, label, code, severity, **params)
        )


def _cells_by_field(cells: tuple[Cell, ...], header: Header) -> dict[str, Cell]:
    values: dict[str, Cell] = {}
    for col, name in header.columns.items():
        if name == "ignore" or name in values:
            continue
        value = cells[col] if col < len(cells) else None
        if cell_text(value):
            values[name] = value
    return values


def _section(ctx: _Context, cells: tuple[Cell, ...]) -> bool:
    """A row like "I. CÁ NHÂN" or "A. Huân chương Lao động hạng Ba": sets defaults below it."""
    filled = [(i, cell_text(c)) for i, c in enumerate(cells) if cell_text(c)]
    if len(filled) != 1:
        return False
    col, text = filled[0]
    if not any(ch.isalpha() for ch in text):
        return False  # a lone number is a row whose other cells are missing
    if ctx.header.columns.get(col) == "name" and not _SECTION_MARK.match(text):
        return False
    body = _SECTION_PREFIX.sub("", text)
    match = ctx.matcher.match(body)
    if match is not None and match.confident:
        ctx.section_award = body
        if match.award.recipients == frozenset({"collective"}):
            ctx.section_kind = "collective"
        elif match.award.recipients == frozenset({"household"}):
            ctx.section_kind = "household"  # "Gia đình văn hóa" lists households only
        return True
    key = fold(body)
    for words, kind in _KIND_WORDS.items():
        if key.startswith(words):
            ctx.section_kind = kind
            ctx.section_award = None
            return True
    return True  # another heading ("Khối doanh nghiệp"): not data either


def _place_problem(ctx: _Context, row: int, fld: str, found: PlaceProblem) -> None:
    if found.ambiguous:
        ctx.problem(
            row,
            fld,
            "place.commune_ambiguous",
            name=found.name,
            options="; ".join(found.suggestions),
        )
        return
    if found.level == "province":
        ctx.problem(row, fld, "place.province_unknown", name=found.name, hint=found.hint())
    elif found.level == "district" and not found.suggestions and found.parent is not None:
        ctx.problem(row, fld, "place.district_after_reform", name=found.name)
    else:
        ctx.problem(
            row,
            fld,
            f"place.{found.level}_unknown",
            name=found.name,
            parent=found.parent or "",
            hint=found.hint(),
        )


def _read_place(
    ctx: _Context,
    row: int,
    values: Mapping[str, Cell],
    as_of: dt.date | None,
    year: int,
    kind: ProfileKind,
) -> AnyPlace | None:
    province = cell_text(values.get("province")) or ctx.options.province or ctx.defaults.province
    district = cell_text(values.get("district")) or None
    commune = cell_text(values.get("commune")) or None
    address = cell_text(values.get("address"))
    country = cell_text(values.get("country"))
    columns = any(k in values for k in ("province", "district", "commune"))
    if country and not is_viet_nam(country):
        given = [t for t in (commune, district, cell_text(values.get("province")), address) if t]
        if given:
            ctx.problem(row, "country", "place.country_and_place", country=country, place=given[0])
            return None
        return ForeignPlace(country)
    if not columns and not address:
        district = ctx.defaults.district
        commune = ctx.defaults.commune
    eras = eras_for(as_of, year, bool(district))
    found: Place | PlaceProblem
    fld = "commune" if commune else "district" if district else "province"
    if not columns and address:
        found = parse_address(ctx.admin, eras, address, province)
        fld = "address"
        if isinstance(found, PlaceProblem) and found.level == "province" and not province:
            # The address names no province we know ("Mỏ Cẩm Phả"): one of the row's texts may.
            inferred = _infer_province(ctx, row, values, eras, as_of, year, kind)
            if isinstance(inferred, Place):
                return inferred
    elif province:
        found = find_place(ctx.admin, eras, province, district, commune)
    else:
        # No province anywhere (a national list): the unit or position may name one; a row
        # that names no place at all is imported as such, not refused and never guessed.
        inferred = _infer_province(ctx, row, values, eras, as_of, year, kind)
        if not isinstance(inferred, Place):
            if district or commune:
                ctx.problem(row, "province", "place.province_missing")
                return None
            return inferred
        if not (district or commune):
            return inferred
        found = find_place(ctx.admin, eras, inferred.province.full_name, district, commune)
    if isinstance(found, PlaceProblem):
        if fld != "address":
            fld = found.level if found.level in values else fld
        _place_problem(ctx, row, fld, found)
        return None
    if found.era != eras[0]:
        # Found only in the other list: said, never switched silently (a 2024 row naming a
        # commune merged in 2025, or a typo that happens to be a new commune's name).
        if ctx.options.as_of or ctx.defaults.as_of:
            basis, when = "as_of", f" {as_of:%d/%m/%Y}" if as_of else ""
        elif as_of is not None:
            basis, when = "date", f" {as_of:%d/%m/%Y}"
        elif district:
            basis, when = "district", ""
        else:
            basis, when = "year", f" {year}"
        name = commune or district or address or province or ""
        ctx.problem(
            row, fld, "place.other_list", "warning", name=name,
            expected=f"@place.list.{eras[0]}", used=f"@place.list.{found.era}",
            basis=f"@place.basis.{basis}", when=when,
            found=", ".join(u.full_name for u in reversed(found.units)),
        )  # fmt: skip
    return found


# Where a row's texts may name its place, most telling first (a person's own name may be a
# place's: "Lê Thị Thái Bình"; a collective's usually says where it is).
_PLACE_SOURCES = ("unit", "address", "position")


def _infer_province(
    ctx: _Context,
    row: int,
    values: Mapping[str, Cell],
    eras: list[Era],
    as_of: dt.date | None,
    year: int,
    kind: ProfileKind,
) -> Place | UnknownPlace:
    """The province the row's texts name, reported with the list it was checked against;
    else the place unknown, reported too."""
    # A person's or a household head's name names no place; a collective's may.
    fields = [*_PLACE_SOURCES, *(("name",) if kind in ("collective", "model") else ())]
    texts = [(f, cell_text(values.get(f))) for f in fields if cell_text(values.get(f))]
    found = infer_place(ctx.admin, eras, texts)
    sources = ", ".join(f"@place.source.{f}" for f, _ in texts) or "@place.source.none"
    first = texts[0][0] if texts else "province"
    if isinstance(found, Inference):
        place = found.place
        when = as_of or dt.date(year, 1, 1)
        if place.era != eras[0]:
            code = "place.inferred_other"  # not in the list of the row's date: say which
        elif place.era == OLD_ERA and when < OLD_LIST_DATE:
            code = "place.inferred_older"  # no list of that time: the nearest, said so
        else:
            code = "place.inferred"
        unit = found.unit.full_name
        if found.unit.level != PROVINCE:
            unit += f", {place.province.full_name}"
        ctx.problem(
            row,
            found.source,
            code,
            "warning",
            province=place.province.full_name,
            source=f"@place.source.{found.source}",
            text=found.text,
            found=found.found,
            unit=unit,
            list=f"@place.list.{place.era}",
            year=when.year,
        )
        lists = {OLD_ERA: "danh mục 01/03/2025", NEW_ERA: "danh mục 01/07/2025"}
        ctx.inferred_rows.add(row)
        ctx.place_notes[row] = (
            f"Địa phương không ghi trong danh sách: suy ra {place.province.full_name} từ "
            f"“{found.text}” ({lists[place.era]}), chưa xác minh."
        )
        return place
    ctx.place_notes[row] = "Danh sách không ghi địa phương: chưa rõ địa phương (unknown: true)."
    if isinstance(found, InferenceConflict):
        names = "; ".join(f"“{name}”: {unit.full_name}" for name, unit in found.found)
        ctx.place_notes[row] = (
            f"Danh sách không ghi địa phương; nêu nhiều nơi ({names}) nên không đoán: chưa rõ "
            "địa phương (unknown: true)."
        )
        ctx.problem(row, first, "place.inferred_ambiguous", "warning", sources=sources, names=names)
    else:
        ctx.problem(row, first, "place.unknown_imported", "warning", sources=sources)
    return UnknownPlace()


def _read_award(
    ctx: _Context, row: int, values: Mapping[str, Cell], year: int, kind: ProfileKind
) -> AwardMatch | None:
    texts = [(f, cell_text(values[f])) for f in ("award", "title") if f in values]
    if not texts:
        fallback = ctx.section_award or ctx.defaults.award
        if fallback is None:
            ctx.problem(row, "award", "import.award_missing")
            return None
        texts = [("award", fallback)]
    recipient = RECIPIENT_OF_KIND[kind]
    matches = [(f, t, ctx.matcher.match(t, year=year, recipient=recipient)) for f, t in texts]
    scored = [(f, t, m) for f, t, m in matches if m is not None]
    if not scored:
        ctx.problem(row, texts[0][0], "match.award_unknown", text=texts[0][1], hint="")
        return None
    fld, text, best = max(scored, key=lambda item: item[2].score)
    if not best.acceptable:
        names = [a.name_on(None) for a in ctx.matcher.candidates(text)]
        hint = f" ({', '.join(names)}?)" if names else ""
        ctx.problem(row, fld, "match.award_unknown", text=text, hint=hint)
        return None
    unknown = [] if best.confident else ctx.matcher.words_not_in(text, best.award)
    if unknown:
        # Close in letters, but the text names something the award does not ("Huân chương
        # Siêu Anh Hùng" is not Huân chương Quân công): refused with the closest, not guessed.
        written = [w for w in text.split() if award_key(w) in unknown] or unknown
        names = [a.name_on(None) for a in ctx.matcher.candidates(text)]
        ctx.problem(
            row, fld, "match.award_unknown_words", text=text, words=" ".join(written),
            candidates=", ".join(names) or "—",
        )  # fmt: skip
        return None
    if best.class_missing:
        ctx.problem(
            row,
            fld,
            "match.award_class_missing",
            text=text,
            award=best.award.name_on(None),
            # "hạng Nhất, hạng Nhì, hạng Ba", not the ids "nhat, nhi, ba" (the review's note).
            classes=", ".join(CLASS_NAMES.get(c, c) for c in best.award.classes),
        )
        return None
    if not best.confident:
        others = [ctx.matcher.taxonomy.get(a) for a in best.alternatives]
        other_names = ", ".join(a.name_on(None) for a in others if a is not None)
        ctx.problem(
            row,
            fld,
            "match.award_unsure",
            "warning",
            text=text,
            award=best.award.display(best.award_class),
            score=f"{best.score:.2f}",
            others=f"; {other_names}?" if other_names else "",
        )
    return best


def row_values(ctx: _Context, row: int, cells: tuple[Cell, ...]) -> dict[str, Cell]:
    """The row's cells by field, look-alike letters fixed."""
    values = _cells_by_field(cells, ctx.header)
    for fld, value in list(values.items()):
        # Ð, Ɖ, ð typed for Đ/đ (old fonts, wrong keyboard): fixed here, said per cell.
        if isinstance(value, str) and (fixed := replace_lookalikes(value))[1]:
            values[fld] = fixed[0]
            for _index, letter in fixed[1][:1]:
                ctx.problem(
                    row,
                    fld,
                    "text.lookalike",
                    "warning",
                    letter=letter,
                    point=f"U+{ord(letter):04X}",
                    fixed=LOOKALIKES[letter],
                )
    return values


def read_name(
    ctx: _Context, row: int, values: Mapping[str, Cell]
) -> tuple[ProfileKind, str] | None:
    """The row's kind and cleaned name, or None when reported unusable."""
    raw_name = cell_text(values.get("name"))
    if not raw_name:
        ctx.problem(row, "name", "import.name_empty")
        return None
    kind: ProfileKind | None = None
    if "kind" in values:
        key = fold(cell_text(values["kind"]))
        kind = next((k for words, k in _KIND_WORDS.items() if key.startswith(words)), None)
        if kind is None:
            ctx.problem(row, "kind", "import.kind_unknown", value=cell_text(values["kind"]))
            return None
    kind = kind or kind_of_name(raw_name) or ctx.section_kind or ctx.defaults.kind or "individual"
    if kind == "individual":
        full_name = clean_person_name(raw_name)
        if len(full_name.split()) < 2:
            ctx.problem(row, "name", "import.name_incomplete", name=raw_name)
            return None
    elif kind == "household":
        full_name = " ".join(_PARENTHESES.sub("", nfc(raw_name)).split())
        head = (split_household_name(full_name) or ("", full_name))[1]
        if len(head.split()) < 2:
            ctx.problem(row, "name", "import.name_incomplete", name=raw_name)
            return None
    else:
        full_name = " ".join(raw_name.split())
    return kind, full_name


def read_decision_cells(
    ctx: _Context, row: int, values: Mapping[str, Cell]
) -> tuple[str | None, DateReading]:
    """The row's decision number and date, a doubtful date reported."""
    number: str | None = None
    reading = DateReading()
    if "decision" in values:
        number, reading = split_decision(cell_text(values["decision"]))
    if "decision_number" in values:
        number = decision_number_text(values["decision_number"])
    date_field = "decision_date" if "decision_date" in values else "decision"
    if "decision_date" in values:
        reading = read_date(values["decision_date"])
    if reading.problem:
        value = cell_text(values.get(date_field))
        ctx.problem(row, date_field, reading.problem, "warning", value=value)
    elif reading.swapped and reading.date is not None:
        value = cell_text(values.get(date_field))
        ctx.problem(
            row, date_field, "import.date_swapped", "warning", value=value, date=reading.date
        )
    return number, reading


def read_row(ctx: _Context, row: int, cells: tuple[Cell, ...]) -> RowRecord | None:
    """Understand one data row, or report why it cannot be imported (None)."""
    values = row_values(ctx, row, cells)
    named = read_name(ctx, row, values)
    if named is None:
        return None
    kind, full_name = named
    notes = " ".join(fold(cell_text(values.get(f))) for f in ("name", "note", "award", "title"))
    posthumous = kind == "individual" and bool(_POSTHUMOUS.search(notes))
    number, reading = read_decision_cells(ctx, row, values)
    year: int | None = None
    if "year" in values:
        year = read_year(values["year"])
        if year is None:
            ctx.problem(row, "year", "import.year_invalid", value=cell_text(values["year"]))
            return None
    year = year or reading.year or ctx.defaults.year
    if year is None:
        ctx.problem(row, "year", "import.year_missing")
        return None

    match = _read_award(ctx, row, values, year, kind)
    as_of = ctx.options.as_of or ctx.defaults.as_of or reading.date
    place = _read_place(ctx, row, values, as_of, year, kind)
    if match is None or place is None:
        return None
    if isinstance(place, Place):
        ctx.eras[place.era] = ctx.eras.get(place.era, 0) + 1
    citation = cell_text(values.get("citation")) or None
    award = award_fields(
        match,
        year,
        decision_number=number,
        decision_date=reading.date,
        citation=citation,
        campaign=ctx.campaign,
        posthumous=posthumous,
    )
    return RowRecord(
        row=row,
        kind=kind,
        full_name=full_name,
        place=place,
        as_of=as_of,
        award=award,
        position=cell_text(values.get("position")) or None,
        unit=cell_text(values.get("unit")) or None,
        place_note=ctx.place_notes.pop(row, None),
    )


def is_data_row(ctx: _Context, cells: tuple[Cell, ...], row: int) -> bool:
    """False for column numbers, section headings and footers ("Người lập biểu")."""
    if is_column_numbers(cells):
        return False
    if _section(ctx, cells):
        return False
    values = _cells_by_field(cells, ctx.header)
    has_stt = "stt" in ctx.header.columns.values()
    if (
        has_stt
        and "stt" not in values
        and not any(f in values for f in ("award", "title", "decision", "decision_number"))
    ):
        text = " ".join(cell_text(c) for c in cells if cell_text(c))
        ctx.problem(row, "name", "import.row_skipped", "warning", text=text[:60])
        return False
    return True


# --- awards already there -------------------------------------------------------------------


def award_identity(item: Mapping[str, Any]) -> tuple[str, str, str]:
    """Award, class and year: what makes two award records the same award."""
    return (str(item.get("award")), str(item.get("class") or ""), str(item.get("year")))


def same_award(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Same award, class and year, and the same decision number when both give one."""
    if award_identity(a) != award_identity(b):
        return False
    na, nb = a.get("decision_number"), b.get("decision_number")
    return not na or not nb or fold(str(na)).replace(" ", "") == fold(str(nb)).replace(" ", "")


_FLOW_EMPTY = re.compile(r"^(\s*)awards:\s*\[\s*\]\s*(#.*)?$")


def append_awards(text: str, doc: Document, awards: list[dict[str, object]]) -> str | None:
    """The file with `awards` added at the end of its awards list, everything else kept.

    None when the list is written in a way we do not edit safely (flow style `[...]` with items).
    """
    lines = text.split("\n")
    existing = doc.data.get("awards")
    if existing is None and "awards" not in doc.data:
        body = text if text.endswith("\n") else text + "\n"
        result = body + "awards:\n" + dump_items(awards, 2)
    elif not existing:
        line_no = doc.positions[("awards",)][0]
        match = _FLOW_EMPTY.match(lines[line_no - 1])
        if match is None or match[1]:
            return None
        lines[line_no - 1] = "awards:" + (f"  {match[2]}" if match[2] else "")
        insert = dump_items(awards, 2).rstrip("\n").split("\n")
        result = "\n".join(lines[:line_no] + insert + lines[line_no:])
    else:
        key_line = doc.positions[("awards",)][0]
        if "[" in lines[key_line - 1].split("awards:", 1)[-1]:
            return None
        last_item_line, item_col = doc.positions[("awards", len(existing) - 1)]
        dash = max(item_col - 3, 0)
        end = len(lines)
        for i in range(last_item_line, len(lines)):
            line = lines[i]
            if line and not line[0].isspace() and not line.startswith("#"):
                end = i
                break
        # Comments and blank lines just above the next key belong to that key.
        while end > last_item_line and (
            not lines[end - 1].strip() or lines[end - 1].startswith("#")
        ):
            end -= 1
        insert = dump_items(awards, dash).rstrip("\n").split("\n")
        result = "\n".join(lines[:end] + insert + lines[end:])
    try:
        reread = load_yaml_document(result.encode("utf-8"), doc.relpath)
    except SourceError:
        return None
    items = reread.data.get("awards") or []
    old = list(existing or [])
    if items[: len(old)] != old or len(items) != len(old) + len(awards):
        return None
    return result


# --- the import ---------------------------------------------------------------------------------


def _load_mapping(path: Path, report: Report) -> ImportMapping | None:
    label = path.name
    try:
        doc = load_yaml_document(read_source(path, path.parent), label)
    except SourceError as exc:
        report.extend(exc.problems)
        return None
    mapping, problems = validate_document(doc, ImportMapping)
    report.extend(problems)
    return mapping


def _stage_and_check(root: Path, files: list[PlannedFile]) -> Report:
    """Check the planned files with the model in a scratch project; nothing in root changes."""
    with tempfile.TemporaryDirectory(prefix="vinhdanh-import-") as scratch:
        stage = Path(scratch)
        shutil.copy2(root / CONFIG_FILE, stage / CONFIG_FILE)
        campaigns = root / CAMPAIGNS_DIR
        if campaigns.is_dir():
            shutil.copytree(campaigns, stage / CAMPAIGNS_DIR)
        for planned in files:
            if planned.text is None:
                continue
            target = stage / planned.relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(planned.text, encoding="utf-8")
            for photo in planned.photos:
                source = root / Path(planned.relpath).parent / photo
                if source.is_file() and not source.is_symlink():
                    destination = target.parent / photo
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, destination)
        _, report = build_site(stage)
    return report


def _photo_files(doc: Document) -> list[str]:
    photos = doc.data.get("photos")
    if not isinstance(photos, list):
        return []
    return [
        str(p["file"])
        for p in photos
        if isinstance(p, dict) and isinstance(p.get("file"), str) and ".." not in p["file"]
    ]


def run_import(root: Path, options: ImportOptions, progress: Progress = SILENT) -> ImportResult:
    """Read, understand, plan, check and (unless a dry run) write; see the module docstring.

    `progress` hears the stages and each row read (the command shows them on stderr)."""
    label = options.source.name
    result = ImportResult(source=label, dry_run=options.dry_run)
    report = result.report
    progress.stage("import.load")
    site, site_report = build_site(root)
    if site is None:
        report.extend(site_report.errors)
        result.fatal = True
        return result
    mapping = ImportMapping()
    if options.mapping is not None:
        loaded = _load_mapping(options.mapping, report)
        if loaded is None:
            result.fatal = True
            return result
        mapping = loaded
    campaign = options.campaign or mapping.defaults.campaign
    if campaign is not None and campaign not in site.campaigns:
        close = [c for c in site.campaigns if fold(campaign) in c or c in fold(campaign)]
        hint = f" ('{close[0]}'?)" if close else ""
        report.add(
            make_problem(
                label, 1, 1, "--campaign", "campaign.unknown", campaign=campaign, hint=hint
            )
        )
        result.fatal = True
        return result
    progress.stage("import.read")
    try:
        tables = read_tables(options.source, options.sheet or mapping.sheet)
    except TableError as exc:
        report.add(make_problem(label, 1, 1, "", exc.code, **exc.params))
        result.fatal = True
        return result
    chosen: tuple[Table, Header] | None = None
    for table in tables:
        header = find_header(table, dict(mapping.columns), mapping.header_row)
        if header is not None:
            chosen = (table, header)
            break
    if chosen is None:
        seen = [cell_text(c) for _, cells in tables[0].rows[:15] for c in cells if cell_text(c)]
        shown = ", ".join(f"'{s}'" for s in seen[:8]) or "—"
        report.add(make_problem(label, 1, 1, "", "import.no_header", rows=15, seen=shown))
        result.fatal = True
        return result
    table, header = chosen
    result.sheet, result.header, result.encoding = table.sheet, header, table.encoding
    _report_conversions(table, header, label, result)
    rows_below = sum(1 for number, _ in table.rows if number > header.row)
    if rows_below > LARGE_IMPORT_ROWS and not options.dry_run and not options.write:
        options = dataclasses.replace(options, dry_run=True)
        result.dry_run, result.large = True, rows_below
    # A legacy font's CSV is reported column by column (_report_conversions).
    encoding = table.encoding
    if encoding is not None and encoding not in ("utf-8", "utf-8-sig", "utf-16", *LEGACY_ENCODINGS):
        names = {"cp1258": "Windows-1258", "cp1252": "Windows-1252"}
        report.add(
            make_problem(
                label, 1, 1, "", "import.encoding_guess", "warning",
                encoding=names.get(encoding, encoding),
            )
        )  # fmt: skip

    spellings = parse_spellings(mapping.awards.items())
    for text, (award_id, _) in spellings.items():
        if award_id not in site.taxonomy:
            report.add(
                make_problem(
                    options.mapping.name if options.mapping else label, 1, 1,
                    f"awards.{text}", "award.unknown", award=award_id, hint="",
                )
            )  # fmt: skip
    ctx = _Context(
        label=label,
        header=header,
        admin=site.admin,
        matcher=AwardMatcher(site.taxonomy, spellings),
        defaults=mapping.defaults,
        options=options,
        report=report,
        campaign=campaign,
    )
    if options.decision:
        from generator.editors.decisionimport import import_decision  # it builds on this module

        import_decision(root, site, table, ctx, result)
        result.eras, result.inferred_rows = ctx.eras, result.inferred_rows | ctx.inferred_rows
        return result
    records: list[RowRecord] = []
    progress.stage("import.rows", sum(1 for number, _ in table.rows if number > header.row))
    for number, cells in table.rows:
        if number <= header.row:
            continue
        progress.advance()
        if not is_data_row(ctx, cells, number):
            continue
        result.data_rows += 1
        record = read_row(ctx, number, cells)
        if record is None:
            result.failed_rows.add(number)
        else:
            records.append(record)

    result.eras, result.inferred_rows = ctx.eras, result.inferred_rows | ctx.inferred_rows
    result.files = _plan(root, site, records, options, label, report)
    progress.stage("import.check")
    _check_planned(root, result)
    if not options.dry_run:
        progress.stage("import.write")
        _write(root, result)
    return result


def _report_conversions(table: Table, header: Header, label: str, result: ImportResult) -> None:
    """One note per legacy encoding found: how many cells were converted, column by column."""
    by_encoding: dict[str, list[tuple[int, int]]] = {}
    for col, legacy, count in table.conversions:
        by_encoding.setdefault(legacy, []).append((col, count))
    for encoding, columns in by_encoding.items():
        named = ", ".join(
            f"“{header.labels.get(col) or _column_letter(col)}” {count}" for col, count in columns
        )
        result.report.add(
            make_problem(
                label, header.row, 1, "", "import.legacy_converted", "warning",
                count=sum(count for _, count in columns), encoding=LEGACY_NAMES[encoding],
                columns=named,
            )
        )  # fmt: skip
    result.inferred_rows |= {n for n in table.converted_rows if n > header.row}


def _plan(
    root: Path,
    site: Site,
    records: list[RowRecord],
    options: ImportOptions,
    label: str,
    report: Report,
) -> list[PlannedFile]:
    """Gather rows into profiles, find existing ones, decide each file's action and text."""
    groups: dict[tuple[str, tuple[str, ...]], list[RowRecord]] = {}
    for record in records:
        groups.setdefault(record.person_key, []).append(record)
    existing: dict[tuple[str, tuple[str, ...]], Entry] = {}
    for entry in site.entries:
        locality = entry.locality
        units = locality.units
        if locality.form != "place":
            # As RowRecord.person_key: the same unit, or the same country.
            place = other_place_key(locality.form, entry.profile.unit, locality.country)
            existing.setdefault((fold(entry.display_name), place), entry)
            continue
        if not units:
            continue
        codes = tuple(sorted(u.code for u in site.admin.current_units(units[-1])))
        existing.setdefault((fold(entry.display_name), codes), entry)
    taken = taken_slugs(root, site)
    files: list[PlannedFile] = []
    for key, rows in groups.items():
        first = rows[0]
        awards: list[dict[str, object]] = []
        for record in rows:
            twin = next((a for a in awards if same_award(a, record.award)), None)
            if twin is not None:
                origin = next(r.row for r in rows if r.award is twin)
                report.add(
                    make_problem(
                        label, record.row, 1, "", "import.duplicate_award", "warning", other=origin
                    )
                )
                continue
            awards.append(record.award)
        numbers = [r.row for r in rows]
        found = existing.get(key)
        if found is not None:
            files.append(_plan_existing(root, found, awards, numbers, options))
            continue
        slug = propose_slug(first.full_name, first.place, taken)
        taken.add(slug)
        relpath = profile_relpath(first.place, slug)
        draft = ProfileDraft(
            slug=slug,
            kind=first.kind,
            full_name=first.full_name,
            place=first.place,
            as_of=first.as_of,
            position=first.position,
            unit=first.unit,
            awards=tuple(awards),
        )
        rows_text = ", ".join(str(n) for n in numbers)
        note = f"Nhập từ {label}, dòng {rows_text} (vinhdanh import); đối chiếu với quyết định gốc."
        if first.place_note:
            note += "\n" + first.place_note
        files.append(
            PlannedFile(
                relpath=relpath,
                action="new",
                name=first.full_name,
                rows=numbers,
                awards=len(awards),
                text=render_import_profile(root, relpath, draft, note),
            )
        )
    return files


def _plan_existing(
    root: Path,
    entry: Entry,
    awards: list[dict[str, object]],
    numbers: list[int],
    options: ImportOptions,
) -> PlannedFile:
    doc: Document = entry.doc
    planned = PlannedFile(
        relpath=doc.relpath, action="exists", name=entry.display_name, rows=numbers, awards=0
    )
    current = [a for a in (doc.data.get("awards") or []) if isinstance(a, dict)]
    new = [a for a in awards if not any(same_award(old, a) for old in current)]
    if not options.update:
        planned.awards = len(new)
        return planned
    if not new:
        planned.action = "unchanged"
        return planned
    text = (root / doc.relpath).read_text(encoding="utf-8")
    merged = append_awards(text, doc, new)
    planned.awards = len(new)
    if merged is None:
        planned.action = "manual"
        return planned
    planned.action = "update"
    planned.text = merged
    planned.photos = _photo_files(doc)
    return planned


def _check_planned(root: Path, result: ImportResult) -> None:
    """Run the model on the planned files; a file with errors is not written."""
    changing = [f for f in result.files if f.text is not None]
    for planned in result.files:
        if planned.action == "manual":
            result.report.add(
                make_problem(
                    planned.relpath, 1, 1, "awards", "import.update_manual", "warning",
                    count=planned.awards, rows=", ".join(map(str, planned.rows)),
                )
            )  # fmt: skip
    if not changing:
        return
    staged = _stage_and_check(root, changing)
    paths = {f.relpath: f for f in changing}
    failed: set[str] = set()
    for problem in staged:
        if problem.path in paths:
            result.report.add(problem)
            if problem.severity == "error":
                failed.add(problem.path)
    for relpath in failed:
        paths[relpath].action = "blocked"
        paths[relpath].text = None


def _write(root: Path, result: ImportResult) -> None:
    """Write the planned files, then run the whole check and keep what concerns them."""
    written = []
    for planned in result.files:
        if planned.text is None or planned.action not in ("new", "update"):
            continue
        target = root / planned.relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(planned.text, encoding="utf-8")
        written.append(planned.relpath)
    if not written:
        return
    _, report = build_site(root)
    result.project_errors = len(report.errors)
    mine = set(written)
    result.report.extend(p for p in report if p.path in mine)


# --- the report -------------------------------------------------------------------------------

_ACTION_CODES: dict[str, str] = {
    "new": "import.action.new",
    "update": "import.action.update",
    "unchanged": "import.action.unchanged",
    "exists": "import.action.exists",
    "blocked": "import.action.blocked",
    "manual": "import.action.manual",
}
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "stt": ("số thứ tự", "row number"),
    "name": ("họ tên / tên tập thể", "name"),
    "kind": ("loại", "kind"),
    "position": ("chức vụ", "position"),
    "unit": ("đơn vị", "unit"),
    "address": ("địa chỉ", "address"),
    "province": ("tỉnh", "province"),
    "district": ("huyện", "district"),
    "commune": ("xã", "commune"),
    "country": ("nước, quốc tịch", "country"),
    "award": ("hình thức khen thưởng", "award"),
    "title": ("danh hiệu", "title"),
    "decision": ("quyết định (số, ngày)", "decision (number, date)"),
    "decision_number": ("số quyết định", "decision number"),
    "decision_date": ("ngày quyết định", "decision date"),
    "year": ("năm", "year"),
    "citation": ("thành tích", "citation"),
    "note": ("ghi chú", "note"),
    "issuer": ("cấp khen", "issuer"),
    "ignore": ("bỏ qua", "ignored"),
}
assert set(FIELD_LABELS) == set(FIELD_NAMES)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows
    ]


def summary_table(result: ImportResult, lang: Lang) -> list[str]:
    """Rows read, imported, inferred, warned and refused, as a small table."""
    header_row = result.header.row if result.header is not None else 0
    imported_rows = {n for planned in result.files for n in planned.rows}
    rows_of_file = {planned.relpath: planned.rows for planned in result.files}
    warned: set[int] = set()
    for problem in result.report:
        if problem.severity != "warning":
            continue
        if problem.path == result.source and problem.line > header_row:
            warned.add(problem.line)
        else:  # the check's warning on a planned file: its rows
            warned.update(rows_of_file.get(problem.path, ()))
    warned &= imported_rows
    by_action = {action: 0 for action in _ACTION_CODES}
    for planned in result.files:
        by_action[planned.action] += len(planned.rows)
    figures = [
        ("read", result.data_rows),
        ("imported", result.data_rows - len(result.failed_rows)),
        ("new", by_action["new"]),
        ("update", by_action["update"]),
        ("unchanged", by_action["unchanged"] + by_action["exists"]),
        ("blocked", by_action["blocked"] + by_action["manual"]),
        ("inferred", len(result.inferred_rows & imported_rows)),
        ("warned", len(warned)),
        ("refused", len(result.failed_rows)),
    ]
    rows = [(say(f"import.ui.summary_{key}", lang), str(value)) for key, value in figures]
    width = max(len(label) for label, _ in rows)
    number = max(len(n) for _, n in rows)
    lines = [say("import.ui.summary_title", lang), "-" * (width + number + 2)]
    lines.extend(f"{label.ljust(width)}  {n.rjust(number)}" for label, n in rows)
    return lines


def format_result(result: ImportResult, lang: Lang = "vi") -> str:
    """The import report editors read: columns, files, problems, summary."""
    out: list[str] = []
    header = result.header
    if header is not None:
        where = say("import.ui.sheet", lang, sheet=result.sheet) if result.sheet is not None else ""
        out.append(
            say(
                "import.ui.read", lang, source=result.source, where=where, row=header.row,
                rows=result.data_rows,
            )
        )  # fmt: skip
        index = 0 if lang == "vi" else 1
        columns = "; ".join(
            f"{_column_letter(col)} “{header.labels[col]}” → {FIELD_LABELS[name][index]}"
            for col, name in header.columns.items()
        )
        out.append(say("import.ui.columns", lang, columns=columns))
        if header.unknown:
            unknown = ", ".join(f"“{u}”" for u in header.unknown)
            out.append(say("import.ui.unused", lang, columns=unknown))
        if result.eras:
            out.append(
                say(
                    "import.ui.eras", lang, old=result.eras.get(OLD_ERA, 0),
                    new=result.eras.get(NEW_ERA, 0),
                )
            )  # fmt: skip
    if result.files:
        head = [
            say(f"import.ui.col_{c}", lang) for c in ("action", "file", "name", "awards", "rows")
        ]
        rows = [head]
        for planned in sorted(result.files, key=lambda f: (f.rows[0], f.relpath)):
            rows.append(
                [
                    say(_ACTION_CODES[planned.action], lang),
                    planned.relpath,
                    planned.name,
                    str(planned.awards),
                    ", ".join(map(str, planned.rows)),
                ]
            )
        out.append("")
        out.extend(_table(rows))
    problems = list(result.report)
    if problems:
        out.append("")
        out.extend(p.format(lang) for p in problems)
    counts = {action: 0 for action in _ACTION_CODES}
    for planned in result.files:
        counts[planned.action] += 1
    out.append("")
    if not result.fatal:
        out.extend(summary_table(result, lang))
        out.append("")
        out.append(
            say(
                "import.ui.summary", lang, new=counts["new"], update=counts["update"],
                unchanged=counts["unchanged"], exists=counts["exists"],
                blocked=counts["blocked"] + counts["manual"],
                imported=result.data_rows - len(result.failed_rows),
                failed=len(result.failed_rows),
            )
        )  # fmt: skip
        if counts["exists"] and result.hint_update:
            out.append(say("import.ui.hint_update", lang))
        if result.large:
            out.append(
                say("import.ui.dry_run_large", lang, rows=result.large, limit=LARGE_IMPORT_ROWS)
            )
        elif result.dry_run:
            out.append(say("import.ui.dry_run", lang))
        elif result.project_errors:
            out.append(say("import.ui.project_errors", lang, errors=result.project_errors))
    else:
        out.append(say("import.ui.failed", lang))
    return "\n".join(out).strip("\n")
