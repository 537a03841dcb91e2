"""The rolls: honoured entries listed by kind, award, year, place and province."""

from __future__ import annotations

import marshal
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Literal

from generator import vntext
from generator.incremental import lasting
from generator.model import englishtext
from generator.model.checkrows import row_of
from generator.model.entries import KIND_ROLLS, Entry, Site
from generator.model.labels import KIND_ROLL_TITLES
from generator.model.provincekept import ProvinceKeeping
from generator.model.resolved import ResolvedAward
from generator.model.rollpages import LETTER_PAGES, Pagination, RowMarks, paginate
from generator.model.statistics import FOREIGN, NO_PLACE, PLACE_ROLLS, iter_statistics_rolls
from generator.reference import adminunits
from generator.reference.adminunits import COMMUNE, NEW_ERA, OLD_ERA, AdminUnits, Unit
from generator.source.documents import SECTORS, TARGET_GROUPS
from generator.vntext import collation_key, slugify


@dataclass(frozen=True)
class Row:
    """One line of a listing: an entry, and for award rolls the award it is listed for."""

    entry: Entry
    # Where the row's award is among its entry's awards (-1: a row of the entry alone). By
    # index, not the award: a kept entry's awards are unpickled when first read, and every
    # row of every roll an edit makes again is cut and keyed by it (`rollpages.row_key`);
    # only the rows shown on a page made again read the award (issue #21).
    award_index: int = -1
    # Province rolls: the anchor of the commune the row is shown under ("" when none).
    section: str = ""

    @property
    def award(self) -> ResolvedAward | None:
        """The award the row lists (None: a row of the entry alone)."""
        return self.entry.awards[self.award_index] if self.award_index >= 0 else None


@dataclass
class Roll:
    """A listing of published entries, paginated under `path`."""

    path: str
    title: str
    group: str  # heading of the group in the rolls index
    kind: Literal["people", "awards", "models"]  # "models": the mô hình roll's own columns
    rows: list[Row] = field(default_factory=list)
    intro: str = ""
    parents: tuple[tuple[str, str], ...] = ()  # (path, title) breadcrumbs between index and roll
    listed: bool = True  # shown in the rolls index (commune rolls are reached from provinces)
    communes: list[CommuneGroup] = field(default_factory=list)  # province rolls only
    unplaced: int = 0  # province rolls: entries recorded without a commune
    # The roll whose workbook this roll's page offers, when not its own: a commune roll
    # offers its province's (which has the commune's columns to filter on). A workbook per
    # commune was a file per profile at 1,000 profiles (issue #21, the output budget).
    workbook_of: tuple[str, str] | None = None  # (path, title)
    # The rows as the pages show them, when not `rows`: a province roll groups them by
    # commune (an entry filed under two communes shows under each); counts and the workbook
    # keep `rows`.
    shown: list[Row] | None = None
    # The English edition's title when it is made from data (an award's English name, a
    # place's English form, a year); "" when the title is a fixed label of the catalogue.
    title_en: str = ""
    # What the last build's cut read of each of `rows` (`rollpages.RowMarks`: their keys'
    # hashes and letters), when the rows are spliced from its (generator.model.rollsplice).
    marks: RowMarks | None = field(default=None, repr=False, compare=False)
    # Every row's entry is the last build's (`PageCache.steady`) and so are the rows: the
    # splice took the roll whole (generator.model.rollsplice), or none of its province's
    # entries changed (generator.model.provincekept), so nobody looks them up again.
    steady: bool = field(default=False, repr=False, compare=False)
    # The pages by page size, made once (a province roll's while its communes are linked).
    _pages: dict[tuple[int, int], Pagination] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def workbook(self) -> str:
        """Site path of the roll's workbook: "danh-sach/nam/2024/vinh-danh-nam-2024.xlsx"."""
        path = self.workbook_of[0] if self.workbook_of else self.path
        # A dotted name: never a slug, so never a page's folder.
        name = path.strip("/").removeprefix("danh-sach").strip("/").replace("/", "-")
        return f"{path}vinh-danh-{name or 'tat-ca'}.xlsx"

    @property
    def count(self) -> int:
        """How many rows the roll has (read without making them, when they are made only if
        read: a roll the splice took whole, generator.model.rollsplice)."""
        return len(self.rows)

    @property
    def former_index(self) -> list[tuple[FormerUnit, CommuneGroup]]:
        """Every pre-reform commune of the province's communes, by old name, with today's."""
        pairs = [(former, group) for group in self.communes for former in group.former]
        return sorted(
            pairs, key=lambda p: (collation_key(p[0].name), collation_key(p[0].text), p[1].path)
        )

    def pages(self, size: int, letter_pages: int = LETTER_PAGES) -> Pagination:
        """The rows as shown, cut into pages of about `size` that do not shift when a row
        moves, by letter first when longer than `letter_pages` pages and in name order
        (generator.model.rollpages; at least one page, maybe empty)."""
        found = self._pages.get((size, letter_pages))
        if found is None:
            rows = self.rows if self.shown is None else self.shown
            # A province roll shows its rows by commune: not in name order.
            name_order = self.kind != "awards" and self.shown is None
            marks = self.marks if self.shown is None else None
            found = paginate(self.path, rows, size, name_order, letter_pages, marks)
            self._pages[size, letter_pages] = found
        return found

    def cut_marks(self) -> RowMarks | None:
        """What the cut into pages read of each of `rows`, when cut this build, else the
        last build's as spliced (`marks`)."""
        for pagination in self._pages.values():
            if pagination.marks is not None and self.shown is None:
                return pagination.marks
        return self.marks

    @property
    def sections(self) -> dict[str, CommuneGroup]:
        """A province roll's commune groups by anchor, for the headings of its rows."""
        return {group.anchor: group for group in self.communes}


def roll_pages(site: Site, roll: Roll) -> Pagination:
    """A roll's pages as the site's configuration cuts them (`page_size`, `rolls`)."""
    return roll.pages(site.config.page_size, site.config.rolls.letter_pages)


PROVINCE_INDEX_PATH = "danh-sach/tinh/"


PROVINCE_INDEX_TITLE = "Tỉnh, thành phố"


def unit_in_text(unit: Unit) -> str:
    """A unit's name as written inside a sentence: "xã Triệu Thành", "thành phố Huế"."""
    return unit.full_name[:1].lower() + unit.full_name[1:]


@dataclass(frozen=True)
class FormerUnit:
    """A pre-reform commune that is now, wholly or in part, inside one of today's communes."""

    text: str  # "xã Triệu Thành, huyện Triệu Phong" (old province added when it differs)
    partial: bool  # split: only part of it went into this commune
    name: str  # the bare name, for sorting: "Triệu Thành"


@dataclass
class CommuneGroup:
    """Today's commune in a province roll: its own roll, its entries, its former units."""

    unit: Unit
    anchor: str  # the commune's slug: its roll's folder, or its rows' id on the province roll
    count: int
    former: list[FormerUnit]
    # Where a link to the commune's roll lands (`commune_roll_target`): its own page, or the
    # province roll's page holding its rows, with "#anchor".
    path: str = ""
    fragment: str = ""
    own_page: bool = True

    @property
    def text(self) -> str:
        """Today's commune as written inside a sentence ("xã Triệu Phong")."""
        return unit_in_text(self.unit)


def _predecessors(admin: AdminUnits) -> dict[str, list[Unit]]:
    """Today's commune code -> the pre-reform communes that went (wholly or partly) into it."""
    found: dict[str, list[Unit]] = defaultdict(list)
    for unit in admin.units(OLD_ERA, COMMUNE):
        for code in unit.successors:
            found[code].append(unit)
    return found


def _former_unit(admin: AdminUnits, old: Unit, province: Unit) -> FormerUnit:
    """How a pre-reform commune is named on today's province page."""
    parts = [unit_in_text(old)]
    ancestors = admin.ancestors(old)  # district, then province
    parts += [unit_in_text(u) for u in ancestors if u.level == 2]
    if ancestors and ancestors[-1].name != province.name:
        parts.append(unit_in_text(ancestors[-1]))  # merged province: "tỉnh Quảng Bình"
    return FormerUnit(", ".join(parts), old.partial, old.name)


FORMER_UNITS = lasting.register(
    "former-units",
    lasting.source_digest(
        __file__,
        vntext.__file__,
        adminunits.__file__,
        Path(adminunits.__file__).parent.parent / "data" / "admin_units.tsv",
    ),
)
"""A province's code and today's commune's -> the commune's slug and its former units as its
province roll names them, in their order (marshalled: the slug, then `FormerUnit` fields),
kept across builds: a pure function of the shipped unit table, made for every commune of every
province roll on every edit that makes the listings again (~10,000 at 10,000 profiles: 0.09 s
the former units, the slugs ~0.1 s more, issue #21)."""


def _unpacked_commune(kept: bytes | None) -> tuple[str, list[FormerUnit]] | None:
    """The slug and former units `FORMER_UNITS` kept (None: none kept, or of another shape)."""
    if kept is None:
        return None
    try:
        slug, found = marshal.loads(kept)
        return slug, [FormerUnit(text, partial, name) for text, partial, name in found]
    except (EOFError, ValueError, TypeError):
        return None


def _commune_facts(
    admin: AdminUnits, province: Unit, unit: Unit, tables: dict[str, dict[str, list[Unit]]]
) -> tuple[str, list[FormerUnit]]:
    """A commune's slug (of its full name) and its former units, from `FORMER_UNITS` or made
    (`tables`: the predecessors' table, made on the first commune not kept)."""
    key = f"{province.code} {unit.code}"
    found = _unpacked_commune(FORMER_UNITS.get(key))
    if found is not None:
        return found
    if not tables:
        tables["predecessors"] = _predecessors(admin)
    former = sorted(
        (_former_unit(admin, old, province) for old in tables["predecessors"][unit.code]),
        key=lambda f: (collation_key(f.name), collation_key(f.text)),
    )
    slug = slugify(unit.full_name)
    FORMER_UNITS.put(key, marshal.dumps((slug, [(f.text, f.partial, f.name) for f in former])))
    return slug, former


def commune_roll_target(
    province_path: str, anchor: str, own_page: bool, first_page: str
) -> tuple[str, str]:
    """Where every link to a commune's roll lands: (site path, fragment).

    A commune with at least `rolls.commune_page_min` entries has its own page; a smaller one
    is a group of rows on its province's roll (most communes of a national roll hold one or
    two entries: a page each was a file per profile, issue #21), reached on the page that
    shows its first row (`first_page`) at the group's id.
    """
    if own_page:
        return f"{province_path}{anchor}/", ""
    return first_page, f"#{anchor}"


def iter_province_rolls(
    site: Site,
    published: list[Entry],
    rows: list[Row] | None = None,
    keeping: ProvinceKeeping | None = None,
) -> Iterator[Roll]:
    """Today's provinces with entries, each followed by the rolls of its communes (`rows`:
    a row of each of `published`, when the caller has them; `keeping`: the last build's
    links of its small communes, taken by a province none of whose entries changed).

    A province roll also lists its communes that have entries and the pre-2025 communes they
    replaced ("xã Triệu Thành, huyện Triệu Phong (nay là xã Triệu Phong)"), so a reader who
    knows an old place name reaches today's unit. An entry whose old commune was split is
    filed under each of today's communes it went into.
    """
    # Each entry's communes found once, its province's slug made once per province: two
    # slugifies and two scans of every entry's units were most of the roll's cost per entry
    # (issue #21).
    # From the check's rows (today's province by slug, communes by code): a kept entry's
    # locality is not unpickled for it.
    by_province: dict[str, list[tuple[Row, tuple[Unit, ...]]]] = defaultdict(list)
    admin = site.admin
    provinces = {slugify(u.name): u for u in admin.provinces(NEW_ERA)}
    for entry, row in zip(published, rows or [Row(e) for e in published], strict=True):
        checked = row_of(entry)
        if checked.province is not None:
            today = admin.by_codes((NEW_ERA, code) for code in checked.communes)
            by_province[checked.province].append((row, today))
    tables: dict[str, dict[str, list[Unit]]] = {}  # made on the first commune not kept
    # By name, not by full name: "Thành phố Cần Thơ" files under C, not under "Thành phố".
    for slug in sorted(by_province, key=lambda s: collation_key(provinces[s].name)):
        province = provinces[slug]
        base = f"{PROVINCE_INDEX_PATH}{slug}/"
        parents = ((PROVINCE_INDEX_PATH, PROVINCE_INDEX_TITLE),)
        by_commune: dict[str, list[Row]] = defaultdict(list)
        communes: dict[str, Unit] = {}
        unplaced: list[Row] = []
        for row, today in by_province[slug]:
            if not today:
                unplaced.append(row)
            for unit in today:
                by_commune[unit.code].append(row)
                communes[unit.code] = unit
        ordered = sorted(communes.values(), key=lambda u: (collation_key(u.name), u.code))
        facts = [_commune_facts(admin, province, unit, tables) for unit in ordered]
        names = [slug for slug, _former in facts]
        groups: list[CommuneGroup] = []
        commune_rolls: list[Roll] = []
        shown: list[Row] = []
        firsts: list[int] = []  # where each commune's rows start among those shown
        page_min = site.config.rolls.commune_page_min
        for unit, (name, former) in zip(ordered, facts, strict=True):
            # Two communes of one province with the same name keep apart by their code.
            anchor = name if names.count(name) == 1 else f"{name}-{unit.code}"
            rows = by_commune[unit.code]
            own = len(rows) >= page_min
            path, fragment = commune_roll_target(base, anchor, own, "")
            firsts.append(len(shown))
            groups.append(CommuneGroup(unit, anchor, len(rows), former, path, fragment, own))
            shown += [Row(row.entry, row.award_index, anchor) for row in rows]
            if not own:
                continue
            intro = CURRENT_UNITS_INTRO
            if former:
                intro += " Trước ngày 01/07/2025 gồm: " + "; ".join(
                    f.text + (" (một phần)" if f.partial else "") for f in former
                )
                intro += "."
            commune_rolls.append(
                Roll(
                    path,
                    f"{unit.full_name}, {province.full_name}",
                    ROLL_GROUPS["commune"],
                    "people",
                    by_commune[unit.code],
                    intro=intro,
                    parents=(*parents, (base, province.full_name)),
                    listed=False,
                    workbook_of=(base, province.full_name),
                    title_en=f"{englishtext.unit_name(unit)}, {englishtext.unit_name(province)}",
                )
            )
        shown += unplaced
        roll = Roll(
            base,
            province.full_name,
            ROLL_GROUPS["province"],
            "people",
            [row for row, _today in by_province[slug]],
            intro=CURRENT_UNITS_INTRO,
            parents=parents,
            communes=groups,
            unplaced=len(unplaced),
            shown=shown,
            title_en=englishtext.unit_name(province),
        )
        # A commune without a page of its own is linked on the page showing its first row:
        # known once the province's rows are cut into pages, or the last build's when they
        # are its rows (generator.model.provincekept).
        small = [(g, first) for g, first in zip(groups, firsts, strict=True) if not g.own_page]
        members = by_province[slug]
        taken = (
            keeping.kept_links(base, [row.entry.slug for row, _today in members])
            if keeping is not None
            else None
        )
        if taken is not None and len(taken) == len(small):
            for (group, _first), page_path in zip(small, taken, strict=True):
                group.path, group.fragment = commune_roll_target(
                    base, group.anchor, False, page_path
                )
            for kept in (roll, *commune_rolls):
                kept.steady = True
        elif small:
            pages = roll_pages(site, roll)
            for group, first in small:
                group.path, group.fragment = commune_roll_target(
                    base, group.anchor, False, pages.page_of(first).path
                )
        if keeping is not None:
            keeping.now[base] = (len(members), tuple(group.path for group, _first in small))
        yield roll
        yield from commune_rolls


PLACE_ROLL_GROUP = "Theo địa phương"
CURRENT_UNITS_INTRO = "Theo đơn vị hành chính hiện nay (sau sắp xếp năm 2025)."
# The rolls index's headings (the English edition translates them: generator/locale/en.po).
ROLL_GROUPS = {
    "kind": "Theo loại",
    "award": "Theo danh hiệu",
    "province": "Theo tỉnh, thành phố (hiện nay)",
    "commune": "Theo xã, phường (hiện nay)",
    "place": PLACE_ROLL_GROUP,
    "year": "Theo năm",
    "campaign": "Theo phong trào thi đua",
    "sector": "Theo lĩnh vực",
    "group": "Theo đối tượng",
}


PLACE_ROLL_INTROS = {
    NO_PLACE: "Hồ sơ mà quyết định, danh sách gốc không ghi nơi nào: không xếp vào tỉnh, "
    "thành phố nào và được thống kê riêng. Nếu biết nơi của người, tập thể trong danh sách, "
    "xin báo cho ban biên tập.",
    FOREIGN: "Người, tập thể nước ngoài được khen thưởng, với nước của họ: không xếp vào tỉnh, "
    "thành phố nào và được thống kê riêng.",
}


# The locality form (`ResolvedLocality.form`) of the entries of each roll outside the provinces.
_PLACE_FORMS = {NO_PLACE: "unknown", FOREIGN: "foreign"}


def iter_place_rolls(plain: list[Row]) -> Iterator[Roll]:
    """The entries no province roll lists: those whose place is unknown, and foreigners
    (`plain`: a row of each published entry, in name order)."""
    # The form from the check's row: a kept entry's locality is not unpickled for it.
    forms = [row_of(row.entry).form for row in plain]
    for key, (path, title) in PLACE_ROLLS.items():
        rows = [row for row, form in zip(plain, forms, strict=True) if form == _PLACE_FORMS[key]]
        if rows:
            yield Roll(path, title, PLACE_ROLL_GROUP, "people", rows, intro=PLACE_ROLL_INTROS[key])


def place_roll_counts(published: list[Entry]) -> list[tuple[str, int, str]]:
    """(title, entries, roll path) of the rolls outside the provinces that have entries."""
    # One count of the places' forms, not the rolls (a pass and a row per entry for each), of
    # the entries' rows (model.checkrows): a kept profile is not unpickled (issue #21).
    forms: Counter[str] = Counter(row_of(e).form for e in published)
    found = [(title, forms[_PLACE_FORMS[key]], path) for key, (path, title) in PLACE_ROLLS.items()]
    return [(title, n, path) for title, n, path in found if n]


def province_counts(site: Site, published: list[Entry]) -> list[tuple[Unit, int, str | None]]:
    """All of today's provinces in name order: (province, entries, roll path or None if 0)."""
    # By today's province's slug, one a province, from the entries' rows (model.checkrows): a
    # kept profile is not unpickled (issue #21).
    counts: Counter[str | None] = Counter(row_of(e).province for e in published)
    found = []
    for unit in sorted(site.admin.provinces(NEW_ERA), key=lambda u: collation_key(u.name)):
        slug = slugify(unit.name)
        found.append(
            (unit, counts[slug], f"{PROVINCE_INDEX_PATH}{slug}/" if counts[slug] else None)
        )
    return found


def iter_rolls(site: Site) -> Iterator[Roll]:
    """Every listing of the site: by kind, award, province, year, campaign, sector, group."""
    published = site.published()  # already in Vietnamese name order
    # An entry's row of its own (no award, no commune) is the same in every roll that lists
    # it: made once, not once per roll (issue #21).
    plain = [Row(e) for e in published]
    head, tail = listing_rolls(site, published, plain)
    yield from head
    yield from iter_province_rolls(site, published, plain)
    yield from tail


def listing_rolls(
    site: Site, published: list[Entry], plain: list[Row]
) -> tuple[list[Roll], list[Roll]]:
    """The rolls of `published` (in name order; `plain`, a row of each) outside the provinces:
    those listed before the province rolls (kinds, awards), and after (places, years,
    campaigns, sectors, groups, statistics). Each entry's rows are its own: grouped for some
    entries alone, they are those entries' rows of the site's rolls (generator.model.rollsplice).
    """
    head: list[Roll] = []
    tail: list[Roll] = []
    plain_of = {id(row.entry): row for row in plain}

    # One pass over the entries for the kind rolls, one pass over every award for the award
    # and year rolls: a pass per kind and a sort per roll (each award's key made twice) grew
    # with the roll on every edit that makes the listings again (issue #21).
    by_kind: dict[str, list[Row]] = defaultdict(list)
    for row in plain:
        by_kind[row_of(row.entry).kind].append(row)
    for kind, slug in KIND_ROLLS.items():
        # Models list what a reader copies: the problem, where copied, who recognised it.
        layout: Literal["people", "models"] = "models" if kind == "model" else "people"
        rows = by_kind.get(kind, [])
        head.append(
            Roll(f"danh-sach/{slug}/", KIND_ROLL_TITLES[kind], ROLL_GROUPS["kind"], layout, rows)
        )

    by_award: dict[str, list[Row]] = defaultdict(list)
    by_year: dict[int, list[Row]] = defaultdict(list)
    for row, award_id, year in iter_award_rows(site, published):
        by_award[award_id].append(row)
        by_year[year].append(row)
    for award in site.taxonomy:  # highest precedence first
        if award.id in by_award:
            head.append(
                Roll(
                    f"danh-sach/danh-hieu/{award.id}/",
                    award.name_on(None),
                    ROLL_GROUPS["award"],
                    "awards",
                    by_award[award.id],
                    title_en=englishtext.award_name(award, None).text,
                )
            )

    tail += iter_place_rolls(plain)

    for year in sorted(by_year, reverse=True):
        tail.append(
            Roll(
                f"danh-sach/nam/{year}/",
                f"Khen thưởng năm {year}",
                ROLL_GROUPS["year"],
                "awards",
                by_year[year],
                title_en=f"Awards in {year}",
            )
        )

    # One pass over the entries for the campaign, sector and target-group rolls (a pass per
    # roll took 0.5 s at 10,000 profiles).
    by_campaign: dict[str, list[Row]] = defaultdict(list)
    by_sector: dict[str, list[Row]] = defaultdict(list)
    by_group: dict[str, list[Row]] = defaultdict(list)
    for row in plain:
        e = row.entry
        for slug in dict.fromkeys(e.campaign_slugs):
            by_campaign[slug].append(row)
        if e.profile.sector is not None:
            by_sector[e.profile.sector].append(row)
        for group in dict.fromkeys(e.profile.target_groups):
            by_group[group].append(row)

    for slug, (campaign, _doc) in sorted(
        site.campaigns.items(), key=lambda kv: (-kv[1][0].start.toordinal(), kv[0])
    ):
        rows = by_campaign.get(slug, [])
        if rows:
            tail.append(
                Roll(
                    f"danh-sach/phong-trao/{slug}/",
                    campaign.title,
                    ROLL_GROUPS["campaign"],
                    "people",
                    rows,
                    title_en=campaign.en.title
                    if campaign.en is not None and campaign.en.title
                    else "",
                )
            )

    for sector, (name, en) in SECTORS.items():
        rows = by_sector.get(sector, [])
        if rows:
            path = f"danh-sach/linh-vuc/{sector}/"
            tail.append(Roll(path, name, ROLL_GROUPS["sector"], "people", rows, title_en=en))

    for group, (name, en) in TARGET_GROUPS.items():
        rows = by_group.get(group, [])
        if rows:
            path = f"danh-sach/doi-tuong/{group}/"
            tail.append(Roll(path, name, ROLL_GROUPS["group"], "people", rows, title_en=en))

    # By work role and priority area: the rolls the statistics' shares link to.
    for path, title, heading, entries, intro in iter_statistics_rolls(site, published):
        rows = [plain_of[id(e)] for e in entries]
        tail.append(Roll(path, title, heading, "people", rows, intro=intro))
    return head, tail


def iter_award_rows(site: Site, published: list[Entry]) -> Iterator[tuple[Row, str, int]]:
    """A row of each award in force of `published` (in name order), with its award's id and
    year, highest award first (`award_sort_key`), then name order: an award's or a year's
    rows taken in this order are that roll's rows sorted alone."""
    # Grouped by the award's place in the taxonomy (precedence, class, id), each group then
    # sorted by date alone, stably, so name order stays within a date: not a sort of every
    # award by a key of five parts, the entry's name among them (issue #21). From the check's
    # rows: a kept entry's awards are not unpickled for it.
    taxonomy = site.taxonomy
    places: dict[tuple[str, str | None], tuple[object, ...]] = {}
    groups: dict[tuple[object, ...], list[tuple[int, Row, str, int]]] = defaultdict(list)
    for e in published:
        for index, award, award_class, day, year in row_of(e).listed:
            which = (award, award_class)
            place = places.get(which)
            if place is None:
                place = places[which] = taxonomy.sort_key(*which)
            groups[place].append((day, Row(e, index), award, year))
    for place in sorted(groups):
        for _day, row, award, year in sorted(groups[place], key=itemgetter(0)):
            yield row, award, year
