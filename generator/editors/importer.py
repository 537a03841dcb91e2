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
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from generator.editors.cells import column_letter
from generator.editors.drafts import (
    ProfileDraft,
    profile_relpath,
    propose_slug,
    render_import_profile,
    taken_slugs,
)
from generator.editors.legacyencodings import LEGACY_ENCODINGS, LEGACY_NAMES
from generator.editors.localities import (
    other_place_key,
)
from generator.editors.rolltable import LARGE_IMPORT_ROWS, Table, TableError, cell_text
from generator.editors.rows import (
    ImportMapping,
    ImportOptions,
    RowContext,
    RowRecord,
    is_data_row,
    read_row,
)
from generator.editors.spreadsheet import (
    Header,
    find_header,
    read_tables,
)
from generator.editors.yamlwriter import dump_items
from generator.errors import Report, SourceError, make_problem
from generator.model.entries import Entry, Site
from generator.model.site import build_site
from generator.model.sourcefiles import CAMPAIGNS_DIR
from generator.progress import SILENT, Progress
from generator.reference.awardnames import AwardMatcher, parse_spellings
from generator.source.config import CONFIG_FILE
from generator.source.load import Document, load_yaml_document, read_source
from generator.source.validate import validate_document
from generator.vntext import fold

Action = Literal["new", "update", "unchanged", "exists", "blocked", "manual"]


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


def stage_and_check(root: Path, files: list[PlannedFile]) -> Report:
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
    ctx = RowContext(
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
            f"“{header.labels.get(col) or column_letter(col)}” {count}" for col, count in columns
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
    staged = stage_and_check(root, changing)
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
