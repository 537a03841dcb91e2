"""The report of `vinhdanh import`: what each planned file does, row by row, in either language."""

from __future__ import annotations

from generator.editors.cells import column_letter
from generator.editors.importer import ImportResult
from generator.editors.rolltable import LARGE_IMPORT_ROWS
from generator.editors.spreadsheet import (
    FIELD_NAMES,
)
from generator.errors import Lang, say
from generator.reference.adminunits import NEW_ERA, OLD_ERA

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
            f"{column_letter(col)} “{header.labels[col]}” → {FIELD_LABELS[name][index]}"
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
