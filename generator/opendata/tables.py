"""The roll as tables: the CSV (Vietnamese and English), the roll's workbook and each roll
page's workbook.

One row per award a published profile shows (in force or revoked), then one per line of each
decision's list; `CSV_COLUMNS` names them in both languages, and the workbooks type the same
cells. Rows are independent of each other, so an edit makes only its changed profiles' rows:
the CSVs, the roll's workbook and each roll page's workbook are spliced from the last
build's files (`linesplice`, `workbooksplice`, `rollrows`), and `publish` keeps each
profile's rows of the roll pages' workbooks apart in a cache file of their own (`XLSX_CHUNK`,
`incremental.shardedparts`) for the rows those files do not hold.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Literal

from generator.model.checkrows import row_of as check_row
from generator.model.entries import KIND_NAMES, DecisionEntry, Entry
from generator.model.rolls import Roll, Row
from generator.model.urls import decision_path, profile_path
from generator.opendata.context import OpenDataContext, english_award_name
from generator.opendata.rollrows import LastRows, RollRows, RowsNote
from generator.opendata.workbooksplice import WorkbookManifest, splice_workbook
from generator.opendata.xlsxout import ORDINAL, Column, Sheet
from generator.reference.taxonomy import CLASS_NAMES, CLASS_NAMES_EN, RevocationGround
from generator.source.documents import COMMENDATION_TYPES

# How the CSV names a locality's form (generator.source.documents.Locality): English uses the codes.
LOCALITY_FORM_VI = {
    "place": "Đơn vị hành chính Việt Nam",
    "unknown": "Chưa rõ địa phương",
    "foreign": "Nước ngoài",
}
AWARD_STATUS_VI = {
    "active": "Còn hiệu lực",
    "revoked": "Quyết định đã bị hủy bỏ",
    "stripped": "Đã bị tước danh hiệu",
    "refused": "Từ chối",
}


# (Vietnamese header, English header) per column, in order.
CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Mã hồ sơ", "id"),
    ("Họ và tên, tên tập thể", "name"),
    ("Loại", "kind"),
    ("Chức vụ, nghề nghiệp", "position"),
    ("Đơn vị", "unit"),
    ("Địa phương khi khen thưởng", "locality_recorded"),
    ("Mã đơn vị khi khen thưởng", "locality_recorded_code"),
    ("Danh mục đơn vị hành chính", "locality_recorded_era"),
    ("Loại địa phương", "locality_form"),
    ("Nước (người, tập thể nước ngoài)", "country"),
    ("Mã nước (ISO 3166-1)", "country_code"),
    ("Tỉnh, thành phố hiện nay", "province_today"),
    ("Mã tỉnh hiện nay", "province_today_code"),
    ("Xã, phường hiện nay", "commune_today"),
    ("Mã xã, phường hiện nay", "commune_today_code"),
    ("Mã danh hiệu", "award_id"),
    ("Danh hiệu, hình thức khen thưởng", "award"),
    ("Tên tiếng Anh", "award_en"),
    ("Hạng", "class"),
    ("Năm", "year"),
    ("Số quyết định", "decision_number"),
    ("Ngày quyết định", "decision_date"),
    ("Người, cơ quan ký", "issuer"),
    ("Cấp quyết định", "issuer_level"),
    ("Truy tặng", "posthumous"),
    # Law 06/2022 Art. 8, as recorded per award (documents.COMMENDATION_TYPES).
    ("Loại hình khen thưởng", "commendation_type"),
    ("Mã phong trào", "campaign_id"),
    ("Phong trào thi đua", "campaign"),
    ("Trạng thái", "status"),
    ("Khen thưởng cao nhất của hồ sơ", "top_award"),
    ("Số quyết định hủy bỏ, tước danh hiệu", "revocation_number"),
    ("Ngày quyết định hủy bỏ, tước danh hiệu", "revocation_date"),
    ("Căn cứ hủy bỏ, tước danh hiệu", "revocation_ground"),
    ("Địa chỉ trang", "permalink"),
    # A row of a decision's list (generator.model.entries.DecisionEntry) or of a profile.
    ("Nguồn dòng", "row_source"),
)
# How the workbooks type and size the CSV's columns (by English name; others: text, width 18).
XLSX_KINDS: dict[str, Literal["number", "date"]] = {
    "year": "number",
    "decision_date": "date",
    "revocation_date": "date",
}
XLSX_WIDTHS = {
    "id": 24, "name": 28, "position": 24, "unit": 28, "locality_recorded": 32,
    "province_today": 20, "commune_today": 24, "award": 36, "award_en": 30, "year": 8,
    "decision_number": 18, "decision_date": 12, "issuer": 28, "commendation_type": 30,
    "campaign": 32,
    "revocation_date": 12, "revocation_ground": 32, "permalink": 40,
}  # fmt: skip
# A roll's workbook: the roll's rows (a profile's top award in a roll of people, the award
# listed in a roll of awards) with the columns office staff read, after a row number.
ROLL_XLSX_FIELDS = (
    "id", "name", "kind", "position", "unit", "locality_recorded", "province_today",
    "commune_today", "commune_today_code", "award", "class", "year", "decision_number",
    "decision_date", "issuer", "issuer_level", "posthumous", "campaign", "status", "permalink",
)  # fmt: skip
ROW_SOURCE = {
    "profile": ("Hồ sơ", "profile"),
    "decision": ("Danh sách quyết định", "decision_list"),
}


def _ground_cell(ground: RevocationGround | None, english: bool) -> str:
    """The Art. 93 ground of an annulment or stripping: its article and words."""
    if ground is None:
        return ""
    return f"{ground.law}: {ground.en if english else ground.vi}"


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _xlsx_column(vi: str, en: str) -> Column:
    """A workbook column of the CSV's column (`vi`, `en`): Vietnamese header, typed cells."""
    return Column(vi, XLSX_KINDS.get(en, "text"), XLSX_WIDTHS.get(en, 18))


# A profile's rows of a sheet (XML, `Sheet.rows_xml`) as its caller keeps them: given which
# of its rows ("roll": all its rows of the roll's workbook, "award-<n>": its row of a roll page
# showing its n-th award shown), the entry, the sheet's `form` and the maker of the rows, the
# rows kept or made now.
KeptRows = Callable[[str, Entry, str, Callable[[], bytes]], bytes]


def roll_workbook(
    ctx: OpenDataContext,
    last: tuple[bytes, WorkbookManifest] | None = None,
    steady: set[str] | None = None,
) -> tuple[bytes, WorkbookManifest]:
    """`du-lieu/vinh-danh.xlsx`: the Vietnamese CSV's rows as a typed workbook, and where its
    profiles' rows are in it; those of the entries in `steady` taken from `last` (the last
    build's file and manifest, `workbooksplice`), the others made."""
    columns = [_xlsx_column(vi, en) for vi, en in CSV_COLUMNS]
    # Rows without numbers: a row added or moved leaves the others' bytes, and so the sheet's
    # segments but its own, as they were.
    sheet = Sheet(columns, ctx.today, ctx.config.site_name, numbered=False)

    def rows_of(entry: Entry) -> bytes:
        return sheet.rows_xml(csv_rows(ctx, entry, english=False))

    decisions = [
        sheet.rows_xml(decision_csv_rows(ctx, found, english=False)) for found in ctx.site.decisions
    ]
    return splice_workbook(
        sheet, ctx.config.site_name, ctx.published, rows_of, decisions, last, steady or set()
    )


def csv_rows(ctx: OpenDataContext, entry: Entry, english: bool) -> list[list[object]]:
    """One row per award given (in force or revoked) of a published profile."""
    rows: list[list[object]] = []
    profile, loc = entry.profile, entry.locality
    communes = [u for u in loc.current_units if u.level == 3]
    recorded_code = loc.units[-1].code if loc.units else loc.recorded.code
    form = loc.form if english else LOCALITY_FORM_VI[loc.form]
    for resolved in entry.shown_awards:
        record, award = resolved.record, resolved.award
        klass = record.award_class
        campaign = ctx.site.campaigns.get(record.campaign or "")
        issuer = ctx.site.taxonomy.issuers.get(record.issuer_level or "")
        revocation = record.revocation if resolved.withdrawn else None
        # The row of the award every page cites the recipient by (Entry.top_award).
        top = resolved is entry.top_award
        if english:
            kind: object = profile.kind
            status: object = record.status
            posthumous: object = "yes" if record.posthumous else "no"
            level: object = record.issuer_level
            klass_text: object = klass
            commendation: object = record.commendation_type or ""
        else:
            kind = KIND_NAMES[profile.kind]
            status = AWARD_STATUS_VI[record.status]
            posthumous = "Có" if record.posthumous else ""
            level = issuer.vi if issuer else record.issuer_level
            klass_text = CLASS_NAMES[klass] if klass else ""
            commendation = (
                COMMENDATION_TYPES[record.commendation_type][0] if record.commendation_type else ""
            )
        rows.append(
            [
                entry.slug,
                entry.display_name,
                kind,
                profile.position,
                profile.unit,
                loc.recorded_text(),
                recorded_code,
                loc.era,
                form,
                loc.recorded.country,
                loc.recorded.country_code,
                loc.current_province.full_name if loc.current_province else "",
                loc.current_province.code if loc.current_province else "",
                " / ".join(u.full_name for u in communes),
                ";".join(u.code for u in communes),
                award.id,
                resolved.display,
                english_award_name(resolved),
                klass_text,
                record.year,
                record.decision_number,
                _date(record.decision_date),
                record.issuer,
                level,
                posthumous,
                commendation,
                record.campaign if campaign else "",
                campaign[0].title if campaign else "",
                status,
                ("yes" if top else "no") if english else ("Có" if top else ""),
                revocation.number if revocation else "",
                _date(revocation.date) if revocation else "",
                _ground_cell(resolved.ground, english),
                ctx.url(profile_path(entry.slug)),
                ROW_SOURCE["profile"][english],
            ]
        )
    return rows


def decision_csv_rows(
    ctx: OpenDataContext, found: DecisionEntry, english: bool
) -> list[list[object]]:
    """One row per line of a decision's list, marked as such in `row_source`."""
    d, loc = found.decision, found.locality
    communes = [u for u in loc.current_units if u.level == 3]
    recorded_code = loc.units[-1].code if loc.units else loc.recorded.code
    issuer = ctx.site.taxonomy.issuers.get(d.issuer_level)
    campaign = ctx.site.campaigns.get(d.campaign or "")
    klass = d.award_class
    # What every line of the list shares, made once (a list may hold thousands of names).
    recorded = loc.recorded_text()
    communes_text = " / ".join(u.full_name for u in communes)
    communes_codes = ";".join(u.code for u in communes)
    # An unknown award (reported) keeps its recorded name, with its class in English.
    award_en = (
        english_award_name(found.award)
        if found.award is not None
        else d.award + (f", {CLASS_NAMES_EN[klass]}" if klass else "")
    )
    permalink = ctx.url(decision_path(found.slug))
    rows: list[list[object]] = []
    for r in found.recipients:
        rows.append(
            [
                found.slug,
                r.line.name,
                r.kind if english else KIND_NAMES[r.kind],
                r.line.position,
                r.line.unit,
                r.line.commune or recorded,
                "" if r.line.commune else recorded_code,
                "" if r.line.commune else loc.era,
                loc.form if english else LOCALITY_FORM_VI[loc.form],
                loc.recorded.country,
                loc.recorded.country_code,
                loc.current_province.full_name if loc.current_province else "",
                loc.current_province.code if loc.current_province else "",
                communes_text,
                communes_codes,
                d.award,
                found.award_text,
                award_en,
                klass if english else (CLASS_NAMES[klass] if klass else ""),
                d.year,
                d.decision_number,
                _date(d.decision_date),
                d.issuer,
                d.issuer_level if english or issuer is None else issuer.vi,
                "no" if english else "",
                "",  # a decision's list records no commendation type
                d.campaign if campaign else "",
                campaign[0].title if campaign else "",
                "active" if english else AWARD_STATUS_VI["active"],
                "no" if english else "",
                "",
                "",
                "",
                permalink,
                ROW_SOURCE["decision"][english],
            ]
        )
    return rows


# The roll workbook's columns: their places in a CSV row.
_ROLL_FIELDS = [
    next(i for i, (_vi, en) in enumerate(CSV_COLUMNS) if en == f) for f in ROLL_XLSX_FIELDS
]
_ROLL_COLUMNS = [Column("STT", "number", 6)] + [_xlsx_column(*CSV_COLUMNS[i]) for i in _ROLL_FIELDS]


def roll_page_workbook(
    ctx: OpenDataContext,
    roll: Roll,
    rows_of: dict[str, list[list[object]]],
    kept: KeptRows | None = None,
) -> bytes:
    """The workbook of one roll page (`Roll.workbook`), made whole: its rows (unnumbered, the
    first column each one's ordinal, STT) with the columns office staff read; `rows_of` holds
    the CSV rows of each entry already made (by slug), and `kept`, if given, gives each row
    as kept (by its entry and award) or made."""
    return RollPageWorkbook(ctx, roll, rows_of, kept).make()


def roll_page_sheet(ctx: OpenDataContext) -> Sheet:
    """The sheet of every roll page's workbook (`roll_page_workbook`)."""
    # Rows without numbers: a row's bytes but its ordinal are the same wherever it lies, so a
    # segment of rows that did not move is taken as the last build deflated it (`rollrows`).
    return Sheet(_ROLL_COLUMNS, ctx.today, ctx.config.site_name, numbered=False)


def roll_page_row(
    ctx: OpenDataContext,
    row: Row,
    sheet: Sheet,
    rows_of: dict[str, list[list[object]]],
    kept: KeptRows | None = None,
) -> bytes:
    """One row of a roll page's workbook (unnumbered, its ordinal left open), as kept or made."""

    def make(entry: Entry, shown: int) -> bytes:
        if entry.slug not in rows_of:
            rows_of[entry.slug] = csv_rows(ctx, entry, english=False)
        line: list[object]
        if shown < 0:  # no award shown: the person alone
            line = [entry.slug, entry.display_name]
            line += [""] * (len(CSV_COLUMNS) - 2)
        else:  # a CSV row per award shown, in order
            line = rows_of[entry.slug][shown]
        return sheet.rows_xml([[ORDINAL, *(line[i] for i in _ROLL_FIELDS)]])

    entry = row.entry
    # Its award's place among those shown (the top award's for a row of the entry alone), of
    # its check's row: a kept row is had without its profile (issue #21).
    facts, index = check_row(entry), row.award_index
    shown = facts.shown_at[index] if index >= 0 else facts.top_at
    if kept is None:
        return make(entry, shown)
    return kept(f"award-{shown}", entry, sheet.form, functools.partial(make, entry, shown))


class RollPageWorkbook:
    """A roll page's workbook made in two steps: the digest of its rows (`facts`, what its
    key is made of), then, if it must be made, the workbook of the same rows (`make`), each
    from the last build's (`rollrows.RollRows`) where its rows are the same."""

    def __init__(
        self,
        ctx: OpenDataContext,
        roll: Roll,
        rows_of: dict[str, list[list[object]]],
        kept: KeptRows | None = None,
        sheet: Sheet | None = None,
        last: Callable[[], LastRows | None] | None = None,
        steady: set[str] | None = None,
    ) -> None:
        self.ctx, self.roll, self.rows_of, self.kept = ctx, roll, rows_of, kept
        # `sheet`: the one `roll_page_sheet` of the build, shared by every roll page (a sheet
        # made for each was ~0.1 ms a roll, hundreds of rolls an edit: issue #21).
        self.sheet = sheet if sheet is not None else roll_page_sheet(ctx)
        self.rows = RollRows(roll, self.row, last, steady)
        self.note: RowsNote | None = None  # the workbook's, once made

    def row(self, place: int) -> bytes:
        """The row at `place` alone (`roll_page_row`), as kept or made."""
        listed = self.roll.rows[place]
        return roll_page_row(self.ctx, listed, self.sheet, self.rows_of, self.kept)

    def facts(self) -> str:
        """The title and a digest of the rows' digests (`RollRows.facts`): the same text, the
        same workbook."""
        return self.rows.facts()

    def make(self) -> bytes:
        """The workbook (`roll_page_workbook`'s bytes); its note kept in `note`."""
        data, self.note = self.rows.workbook(self.sheet)
        return data
