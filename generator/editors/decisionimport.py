"""`vinhdanh import FILE --decision`: one decision's list (a sheet) as one decisions/<slug>.yml.

A commune's list of 1,000 "Gia đình văn hóa" households is one decision, not 1,000 profiles.
The sheet is read as `vinhdanh import` reads a roll (header recognition, award names, dates,
look-alike letters, per-row reports), then every row must name the same decision: number,
date, award and year come from the rows' columns, else from the title rows above the header
("Kèm theo Quyết định số 45/QĐ-UBND ngày 20/12/2025 của Chủ tịch UBND xã …"), else from the
command line or the mapping file. A row that names another decision is an error, and nothing
is written: one file holds one decision.

Only what a published decision lists is kept for each line: name, position, unit, commune;
never a village or house number. The place of the issuing authority is the one every row
shares (a commune's list), or `--province`, or unknown. If the decision is already in
decisions/ (same number and award), nothing is written: importing the same file again is a
no-op, and new names for an existing decision are reported for the editor to add by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.editors.cells import DateReading, read_year, split_decision
from generator.editors.drafts import issuer_from_number, schema_modeline
from generator.editors.importer import ImportResult, PlannedFile, stage_and_check
from generator.editors.localities import AnyPlace, Place, UnknownPlace, eras_for, find_place
from generator.editors.rolltable import Cell, Table, cell_text
from generator.editors.rows import (
    RowContext,
    is_data_row,
    read_award,
    read_decision_cells,
    read_name,
    row_values,
)
from generator.editors.yamlwriter import dump_yaml
from generator.errors import make_problem
from generator.model.entries import RECIPIENT_OF_KIND, DecisionEntry, Site
from generator.model.sourcefiles import DECISIONS_DIR
from generator.reference.adminunits import COMMUNE, PROVINCE
from generator.reference.awardnames import AwardMatch
from generator.source.documents import ProfileKind
from generator.vntext import fold, search_key, slugify

# The signer's title names the level of a decision whose number does not ("…/QĐ-UBND" is
# signed at every level): the unit after "Chủ tịch UBND", most local first.
_LEVEL_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bchu tich nuoc\b"), "state"),
    (re.compile(r"\bthu tuong\b"), "government"),
    (re.compile(r"\bbo truong\b"), "ministry"),
    (re.compile(r"\b(?:xa|phuong|thi tran|dac khu)\b"), "commune"),
    (re.compile(r"\b(?:huyen|quan|thi xa)\b"), "district"),
    (re.compile(r"\b(?:tinh|thanh pho)\b"), "province"),
)
_ISSUER_IN_TEXT = re.compile(r"\bcủa\s+(.+?)\s*[)\].]*\s*$", re.IGNORECASE)
# Where a title names the award: in quotes, or after "danh hiệu" (before "năm 2025").
_QUOTED = re.compile(r"[“\"«]([^”\"»]+)[”\"»]")
_AFTER_TITLE = re.compile(r"danh hiệu\s+(.+?)(?:\s+năm\s+\d{4}.*)?$", re.IGNORECASE)


@dataclass
class ListLine:
    """One row of the list, understood."""

    row: int
    kind: str  # individual, collective or household (a model is listed as a collective)
    name: str
    position: str | None
    unit: str | None
    commune: str | None
    place: tuple[str, str, str]  # province, district, commune as the row writes them


@dataclass
class _Fact:
    """One fact of the decision and the first row (0: the title rows) that gave it."""

    value: object
    row: int
    text: str


def issuer_level_of(issuer: str) -> str | None:
    """The level a signer's title names ("Chủ tịch UBND xã …" → commune), else None."""
    key = fold(issuer)
    return next((level for words, level in _LEVEL_WORDS if words.search(key)), None)


def _preamble(table: Table, header_row: int) -> list[str]:
    """The texts above the header: letterhead, title, "Kèm theo Quyết định số …"."""
    return [
        cell_text(c) for n, cells in table.rows if n < header_row for c in cells if cell_text(c)
    ]


def _agree(
    ctx: RowContext, facts: dict[str, _Fact], name: str, value: object, row: int, text: str
) -> bool:
    """Record a fact of the decision; False (reported) when the row names another one."""
    if value is None:
        return True
    first = facts.get(name)
    if first is None:
        facts[name] = _Fact(value, row, text)
        return True
    if first.value == value:
        return True
    ctx.problem(
        row, name, "import.decision_differs", field=f"@import.decision_field.{name}",
        value=text, other=first.text, first=first.row,
    )  # fmt: skip
    return False


def import_decision(
    root: Path, site: Site, table: Table, ctx: RowContext, result: ImportResult
) -> None:
    """Read the sheet as one decision's list into `result` (planned, checked, written)."""
    header, options = ctx.header, ctx.options
    result.hint_update = False  # new names are added by hand: the file is the editor's
    facts: dict[str, _Fact] = {}
    lines: list[ListLine] = []
    differs = False
    for number, cells in table.rows:
        if number <= header.row or not is_data_row(ctx, cells, number):
            continue
        result.data_rows += 1
        values = row_values(ctx, number, cells)
        named = read_name(ctx, number, values)
        decision_number, reading = read_decision_cells(ctx, number, values)
        year = read_year(values["year"]) if "year" in values else None
        if "year" in values and year is None:
            ctx.problem(number, "year", "import.year_invalid", value=cell_text(values["year"]))
        match = _row_award(ctx, number, values, year or reading.year, named)
        if named is None or match is False or ("year" in values and year is None):
            result.failed_rows.add(number)
            continue
        kind, name = named
        ok = _agree(ctx, facts, "decision_number", _number_key(decision_number), number,
                    decision_number or "")  # fmt: skip
        ok &= _agree(ctx, facts, "decision_date", reading.date, number, str(reading.date))
        ok &= _agree(ctx, facts, "year", year, number, str(year))
        if isinstance(match, AwardMatch):
            ok &= _agree(ctx, facts, "award", (match.award.id, match.award_class), number,
                         match.award.display(match.award_class))  # fmt: skip
            facts.setdefault("match", _Fact(match, number, ""))
        issuer = cell_text(values.get("issuer")) or None
        ok &= _agree(ctx, facts, "issuer", search_key(issuer) if issuer else None, number,
                     issuer or "")  # fmt: skip
        if issuer and "issuer_text" not in facts:
            facts["issuer_text"] = _Fact(issuer, number, issuer)
        if decision_number and "number_text" not in facts:
            facts["number_text"] = _Fact(decision_number, number, decision_number)
        if not ok:
            differs = True
            result.failed_rows.add(number)
            continue
        place = tuple(cell_text(values.get(f)) for f in ("province", "district", "commune"))
        lines.append(
            ListLine(
                row=number,
                kind=RECIPIENT_OF_KIND[kind],
                name=name,
                position=cell_text(values.get("position")) or None,
                unit=cell_text(values.get("unit")) or None,
                commune=cell_text(values.get("commune")) or None,
                place=(place[0], place[1], place[2]),
            )
        )
    if differs or not lines:
        return
    data = _decision_data(root, site, table, ctx, facts, lines, result)
    if data is None:
        return
    existing = _existing(site, data)
    rows = [line.row for line in lines]
    title = f"Quyết định số {data['decision_number']}"
    if existing is not None:
        known = {search_key(r.line.name) for r in existing.recipients}
        missing = [line for line in lines if search_key(line.name) not in known]
        planned = PlannedFile(existing.relpath, "unchanged", title, rows, len(missing))
        if missing:
            planned.action = "exists"
            result.report.add(
                make_problem(
                    existing.relpath, 1, 1, "recipients", "import.decision_exists", "warning",
                    count=len(missing), rows=", ".join(str(line.row) for line in missing[:20]),
                )
            )  # fmt: skip
        result.files.append(planned)
        return
    relpath = f"{DECISIONS_DIR}/{data['slug']}.yml"
    rows_text = f"{rows[0]}–{rows[-1]}" if len(rows) > 1 else str(rows[0])
    note = (
        f"Nhập từ {ctx.label}, dòng {rows_text} (vinhdanh import --decision); đối chiếu với "
        "quyết định gốc."
    )
    header_text = schema_modeline(root, root / relpath, "decision") + "\n" + note
    text = dump_yaml(data, header=header_text)
    planned = PlannedFile(relpath, "new", title, rows, len(lines), text=text)
    result.files.append(planned)
    staged = stage_and_check(root, [planned])
    for problem in staged:
        if problem.path == relpath:
            result.report.add(problem)
            if problem.severity == "error":
                planned.action, planned.text = "blocked", None
    if not options.dry_run and planned.text is not None:
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(planned.text, encoding="utf-8")


def _number_key(number: str | None) -> str | None:
    return search_key(number) if number else None


def _row_award(
    ctx: RowContext,
    row: int,
    values: Mapping[str, Cell],
    year: int | None,
    named: tuple[ProfileKind, str] | None,
) -> AwardMatch | bool | None:
    """The row's own award (None: the row names none; False: reported unreadable)."""
    if not any(f in values for f in ("award", "title")) or named is None:
        return None
    # Without a year the award is matched as of today (the year only settles old names).
    match = read_award(ctx, row, values, year or dt.date.today().year, named[0])
    return False if match is None else match


def _decision_data(
    root: Path,
    site: Site,
    table: Table,
    ctx: RowContext,
    facts: dict[str, _Fact],
    lines: list[ListLine],
    result: ImportResult,
) -> dict[str, object] | None:
    """The decision file's content in the order editors read it, or None (reported)."""
    options, defaults, label = ctx.options, ctx.defaults, ctx.label
    preamble = _preamble(table, ctx.header.row)
    cited = next((t for t in preamble if "quyet dinh" in fold(t)), "")
    pre_number, pre_date = split_decision(cited) if cited else (None, DateReading())
    number = facts["number_text"].value if "number_text" in facts else pre_number
    date = facts["decision_date"].value if "decision_date" in facts else pre_date.date
    match = facts["match"].value if "match" in facts else None
    if match is None:
        # The award from the title ("… đạt danh hiệu Gia đình văn hóa năm 2025"), a section
        # row above the list, or the mapping's default.
        texts = [ctx.section_award or "", defaults.award or ""]
        for title in preamble:
            texts += _QUOTED.findall(title)
            texts += [m.group(1) for m in [_AFTER_TITLE.search(title)] if m]
        for text in texts:
            found = ctx.matcher.match(text, recipient=lines[0].kind) if text.strip() else None
            if found is not None and found.confident:
                match = found
                break
    missing = [
        name
        for name, value in (("decision_number", number), ("decision_date", date), ("award", match))
        if value is None
    ]
    for name in missing:
        result.report.add(make_problem(label, ctx.header.row, 1, "", "import.decision_missing",
                                       field=f"@import.decision_field.{name}"))  # fmt: skip
    if missing:
        result.fatal = True
        return None
    assert isinstance(number, str) and isinstance(date, dt.date) and isinstance(match, AwardMatch)
    year = facts["year"].value if "year" in facts else defaults.year or date.year
    issuer = options.issuer or (facts["issuer_text"].value if "issuer_text" in facts else None)
    if issuer is None and cited and (found_issuer := _ISSUER_IN_TEXT.search(cited)):
        issuer = found_issuer.group(1)
    by_number = issuer_from_number(number)
    if issuer is None and by_number is not None:
        issuer = by_number[0]
    level = options.issuer_level or (by_number[1] if by_number else None)
    level = level or (issuer_level_of(str(issuer)) if issuer else None)
    if issuer is None or level is None:
        result.report.add(
            make_problem(label, ctx.header.row, 1, "", "import.decision_issuer_missing",
                         issuer=issuer or "")
        )  # fmt: skip
        result.fatal = True
        return None
    place = _issuer_place(ctx, site, lines, date, int(str(year)))
    kinds = [line.kind for line in lines]
    kind = max(sorted(set(kinds)), key=kinds.count)  # the list's own kind: the most common
    data: dict[str, object] = {
        "slug": _slug(site, root, place, match, int(str(year)), number),
        "decision_number": number,
        "decision_date": date,
        "issuer": issuer,
        "issuer_level": level,
        "award": match.award.id,
    }
    if match.award_class is not None:
        data["class"] = match.award_class
    data["year"] = year
    if ctx.campaign:
        data["campaign"] = ctx.campaign
    data["kind"] = kind
    data["locality"] = place.locality_fields(date)
    # A commune's own list: the commune is the decision's place, not repeated on each line.
    own = isinstance(place, Place) and place.units[-1].level == COMMUNE
    shared = own and len({search_key(item.commune or "") for item in lines}) == 1
    recipients: list[object] = []
    for line in lines:
        extra = {
            key: value
            for key, value in (
                ("kind", line.kind if line.kind != kind else None),
                ("position", line.position),
                ("unit", line.unit),
                ("commune", None if shared else line.commune),
            )
            if value
        }
        recipients.append({"name": line.name, **extra} if extra else line.name)
    data["recipients"] = recipients
    return data


def _issuer_place(
    ctx: RowContext, site: Site, lines: list[ListLine], date: dt.date, year: int
) -> AnyPlace:
    """Where the issuing authority is: the command line's or mapping's place, else the place
    every row shares (a commune's own list), else the province they share, else unknown."""
    defaults = ctx.defaults
    province = ctx.options.province or defaults.province
    district, commune = defaults.district, defaults.commune
    if province is None:
        places = {line.place for line in lines}
        provinces = {p[0] for p in places}
        if len(provinces) == 1 and "" not in provinces:
            province = provinces.pop()
            if len(places) == 1:
                _, district_text, commune_text = places.pop()
                district, commune = district_text or None, commune_text or None
    if province:
        eras = eras_for(date, year, bool(district))
        found = find_place(site.admin, eras, province, district, commune)
        if isinstance(found, Place):
            return found
        if commune or district:
            # The rows' common commune may be spelt as the decision does not: the province.
            found = find_place(site.admin, eras, province)
            if isinstance(found, Place):
                return found
    ctx.report.add(
        make_problem(ctx.label, ctx.header.row, 1, "", "import.decision_place_unknown", "warning")
    )
    return UnknownPlace()


def _slug(
    site: Site, root: Path, place: AnyPlace, match: AwardMatch, year: int, number: str
) -> str:
    """ "<commune or province>-<award>-<year>", with the decision number when taken."""
    where = ""
    if isinstance(place, Place):
        unit = place.units[-1]
        where = slugify(place.province.name if unit.level == PROVINCE else unit.name)
    base = "-".join(p for p in (where, match.award.id, str(year)) if p)
    taken = {d.slug for d in site.decisions}
    folder = root / DECISIONS_DIR
    if folder.is_dir():
        taken |= {p.stem for p in folder.iterdir()}
    slug = base
    if slug in taken:
        slug = f"{base}-{slugify(number.split('/')[0])}"
    counter = 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def _existing(site: Site, data: Mapping[str, object]) -> DecisionEntry | None:
    """The decision already in decisions/ with this number and award."""
    number = search_key(str(data["decision_number"]))
    return next(
        (
            d
            for d in site.decisions
            if search_key(d.decision.decision_number) == number
            and d.decision.award == data["award"]
        ),
        None,
    )
