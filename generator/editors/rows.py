"""Understanding a roll's rows: the mapping and options, then each row as a `RowRecord`.

Section rows ("I. Cá nhân") set the kind or the award of the rows below them; a row's name is
split (or a collective recognised), its award matched to the taxonomy, its place found in the
unit table for its date (or inferred from the unit, the address or the position, and said so),
and every problem reported with its row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from generator.editors.cells import (
    PARENTHESES,
    DateReading,
    clean_person_name,
    decision_number_text,
    kind_of_name,
    read_date,
    read_year,
    split_decision,
)
from generator.editors.drafts import (
    award_fields,
)
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
from generator.editors.rolltable import Cell, cell_text
from generator.editors.spreadsheet import (
    FieldName,
    Header,
    is_column_numbers,
)
from generator.errors import Report, Severity, make_problem
from generator.model.entries import RECIPIENT_OF_KIND, split_household_name
from generator.reference.adminunits import NEW_ERA, OLD_ERA, PROVINCE, AdminUnits, Era
from generator.reference.awardnames import AwardMatch, AwardMatcher, award_key
from generator.reference.taxonomy import CLASS_NAMES
from generator.source.documents import ProfileKind, Slug, Text
from generator.vntext import LOOKALIKES, fold, is_viet_nam, nfc, replace_lookalikes

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
_POSTHUMOUS = re.compile(r"\btruy\s+tang\b|\bliet\s+si\b")
_SECTION_PREFIX = re.compile(r"^\s*(?:[IVXLC]+|[A-ZĐ]|\d{1,2})\s*[.)\-–:]\s*")
_SECTION_MARK = re.compile(_SECTION_PREFIX.pattern + r"\S")


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
class RowContext:
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


def _section(ctx: RowContext, cells: tuple[Cell, ...]) -> bool:
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


def _place_problem(ctx: RowContext, row: int, fld: str, found: PlaceProblem) -> None:
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
    ctx: RowContext,
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
    ctx: RowContext,
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


def read_award(
    ctx: RowContext, row: int, values: Mapping[str, Cell], year: int, kind: ProfileKind
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


def row_values(ctx: RowContext, row: int, cells: tuple[Cell, ...]) -> dict[str, Cell]:
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
    ctx: RowContext, row: int, values: Mapping[str, Cell]
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
        full_name = " ".join(PARENTHESES.sub("", nfc(raw_name)).split())
        head = (split_household_name(full_name) or ("", full_name))[1]
        if len(head.split()) < 2:
            ctx.problem(row, "name", "import.name_incomplete", name=raw_name)
            return None
    else:
        full_name = " ".join(raw_name.split())
    return kind, full_name


def read_decision_cells(
    ctx: RowContext, row: int, values: Mapping[str, Cell]
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


def read_row(ctx: RowContext, row: int, cells: tuple[Cell, ...]) -> RowRecord | None:
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

    match = read_award(ctx, row, values, year, kind)
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


def is_data_row(ctx: RowContext, cells: tuple[Cell, ...], row: int) -> bool:
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
