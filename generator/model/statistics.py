"""Statistics of the roll: whom the awards reach, computed from the Site model at build time.

The seeds ask that commendation be public and reach workers, farmers and people who work
directly in production, and border, island and especially disadvantaged areas, instead of
being spread widely among leaders. These figures show whether it does. They count:

- only published entries: proposed and withdrawn ones never enter a figure;
- awards in force ("lượt khen thưởng": an award record of status active), and revoked awards
  apart, by the year of the revoking decision;
- only facts every profile page already publishes (award, kind, sector, target groups, work
  role, place). Nothing is counted by ethnicity, religion, health or birth year: the law's
  priority for remote areas is measured by PLACE (DOMAIN.md), so no figure can disclose a fact
  a person did not consent to publish.

Area classes come from three sources, stated on the page: the profile's own
``locality.area`` (set by editors from the decision that classes the commune), island units
derived from the administrative table (today's special zones and the old districts that became
them), and ``area_lists`` in site_config.yml pasted from official decisions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote

from generator.csvout import csv_document, csv_lines
from generator.model.annexshown import RevokedShown, revoked_view
from generator.model.areaclasses import AreaClassifier, AreaSource, area_sources, unsourced_areas
from generator.model.checkrows import row_of
from generator.model.entries import DecisionEntry, Entry, Site
from generator.model.labels import (
    FACET_PROVINCE,
)
from generator.model.phrases import Phrase
from generator.model.resolved import (
    FOREIGN_PLACE_TEXT,
    UNKNOWN_PLACE_TEXT,
    ResolvedLocality,
)
from generator.model.statsenglish import StatEnglish, stat_english
from generator.model.urls import SEARCH_PATH, STATISTICS_PATH
from generator.reference.adminunits import NEW_ERA, OLD_ERA, Unit
from generator.vntext import slugify

if TYPE_CHECKING:
    from generator.model.statcounts import Counts

CSV_FILE = "thong-ke/thong-ke.csv"
CSV_FILE_EN = "thong-ke/statistics.csv"  # the same figures for programs: English headers
CSV_HEADER_VI = ("Mục", "Chỉ tiêu", "Số lượng", "Tỷ lệ", "Liên kết")
REVOKED_ANCHOR = "thu-hoi"
UNKNOWN = "chua-ro"
# Entries whose source gives no place, and foreign recipients: counted on lines of their own,
# never in a province, each with its roll (generator.model.rolls.iter_place_rolls).
NO_PLACE = "chua-ro-dia-phuong"
FOREIGN = "nuoc-ngoai"
PLACE_ROLLS = {
    NO_PLACE: ("danh-sach/chua-ro-dia-phuong/", UNKNOWN_PLACE_TEXT),
    FOREIGN: ("danh-sach/nuoc-ngoai/", "Người, tập thể nước ngoài"),
}
# Where figures counted only from decisions' lists link (no roll of profiles has them).
DECISIONS_LINK = "quyet-dinh/"
# Said under the sections that decisions' lists cannot enter: a published list names people,
# not their sector, target group, work or place within the issuing authority's area.
LISTS_NOT_COUNTED = (
    "Danh sách theo quyết định không ghi lĩnh vực, đối tượng, vị trí công việc hay địa bàn "
    "của từng người: chỉ được tính theo địa phương của cơ quan ra quyết định và phong trào "
    "(cùng cấp, hình thức, danh hiệu, năm, loại); mục này chỉ tính hồ sơ."
)

WORK_ROLE_LABELS = {
    "frontline": "Trực tiếp sản xuất, lao động, chiến đấu",
    "leadership": "Lãnh đạo, quản lý",
    "other": "Công việc khác",
    UNKNOWN: "Chưa rõ",
}
AREA_LABELS = {
    "border": "Biên giới",
    "island": "Hải đảo, đặc khu",
    "mountain": "Miền núi, vùng cao",
    "disadvantaged": "Đặc biệt khó khăn",
}
# Listings of people by work role and by priority area (generator.model.rolls.iter_rolls adds them
# through `iter_statistics_rolls`), so every share links to the roll it counts.
ROLE_ROLLS = {
    "frontline": ("truc-tiep-san-xuat", "Người trực tiếp sản xuất, lao động, chiến đấu"),
    "leadership": ("lanh-dao-quan-ly", "Người lãnh đạo, quản lý"),
    "other": ("cong-viec-khac", "Người làm công việc khác"),
}
AREA_ROLLS = {
    "border": ("bien-gioi", "Vùng biên giới"),
    "island": ("hai-dao", "Hải đảo, đặc khu"),
    "mountain": ("mien-nui", "Miền núi, vùng cao"),
    "disadvantaged": ("dac-biet-kho-khan", "Xã đặc biệt khó khăn"),
}
CLASSIFIED = "da-phan-loai"
AREA_COVERAGE_LABELS = {
    CLASSIFIED: "Biên giới, hải đảo, miền núi hoặc đặc biệt khó khăn",
    UNKNOWN: "Chưa được phân loại",
}
LOCAL_FORM = "dia-phuong"
LOCAL_FORM_LABEL = "Danh hiệu của địa phương"

ChartKind = Literal["hbar", "vbar", "stacked", "table"]


# --- figures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """Where a figure's roll is: a listing page, a search with facets, or an anchor."""

    path: str  # site path, "danh-sach/tinh/quang-tri/"
    query: str = ""  # "?q=&level=state"
    fragment: str = ""  # "#thu-hoi-2019"

    @property
    def target(self) -> str:
        """Site path with query and fragment."""
        return self.path + self.query + self.fragment


def search_link(*facets: tuple[str, str], text: str = "") -> Link:
    """The search page with facets in the query string: `?q=&cap=Cấp%20Nhà%20nước`."""
    query = "?q=" + quote(text, safe="")
    query += "".join(f"&{name}={quote(value, safe='')}" for name, value in facets)
    return Link(SEARCH_PATH, query)


@dataclass(frozen=True)
class Figure:
    """One counted category: its label, how many, its share of the section and its roll."""

    key: str
    label: str
    value: int
    share: float | None = None
    link: Link | None = None


@dataclass(frozen=True)
class Stack:
    """One bar of a stacked chart: the same categories (series) counted within one group."""

    key: str
    label: str
    total: int
    rows: tuple[Figure, ...]
    link: Link | None = None  # the roll of the whole group (a year's, a level's)


@dataclass
class Section:
    """A block of figures with its title, unit and the chart that draws it."""

    id: str  # the CSV `section` column
    title: str
    column: str  # heading of the label column of the data table
    unit: str  # what `value` counts: "lượt khen thưởng", "hồ sơ"
    total: int  # the denominator of every share
    rows: list[Figure]
    chart: ChartKind
    note: str = ""
    overlapping: bool = False  # one award may fall in several rows: shares add up to more
    stacks: list[Stack] = field(default_factory=list)
    anchor: str = ""  # id of the block on its page
    base: str = ""  # what the denominator counts, when it is not the sum of the rows
    stack_column: str = ""  # heading of the group column of a cross table
    share_header: str = "Tỷ lệ"  # heading of the share column
    count_label: str = ""  # heading of the count column when it counts neither awards nor profiles

    @property
    def count_header(self) -> str:
        """Short heading of the count column: "Số lượt", "Số hồ sơ" (or `count_label`)."""
        if self.count_label:
            return self.count_label
        return "Số hồ sơ" if self.unit == "hồ sơ" else "Số lượt"

    @property
    def is_empty(self) -> bool:
        """True when nothing was counted."""
        return self.total == 0 and not any(row.value for row in self.rows)


@dataclass(frozen=True)
class RevokedAward:
    """An annulled award or stripped title of a published entry, for the annex (Art. 93)."""

    # Ordered, counted and shown from its entry's row (model.checkrows, `CheckRow.revoked`;
    # what the annex shows: model.annexshown), so that the page made again on an award edit
    # unpickles none of these entries (issue #21).
    slug: str  # its entry's
    index: int  # the award's place in its entry's `awards`
    year: int  # of the annulling or stripping decision (else the award's)
    day: int  # that decision's date as an ordinal (`dt.date.min`'s without one)
    award_id: str
    shown: RevokedShown  # the annex's line


@dataclass
class SiteStatistics:
    """Every figure of the site: the statistics page, provinces and campaigns."""

    today: dt.date
    profiles: int
    awards: int
    listed: int  # awards of decisions' lists, less those counted through profiles
    decisions: int  # decisions honouring many (decisions/)
    revoked: int
    provinces_reached: int
    provinces_total: int
    unknown_places: int  # published profiles whose source gives no place
    foreign: int  # published profiles of foreign recipients
    sections: list[Section]
    revocations: list[RevokedAward]
    area_sources: list[AreaSource]
    unsourced_areas: list[str]  # area kinds no source classifies: their zero means "unknown"
    provinces: dict[str, list[Section]]  # province slug -> compact figures
    campaigns: dict[str, list[Section]]  # campaign slug -> figures
    english: StatEnglish = field(default_factory=StatEnglish)  # the labels' English

    def section(self, section_id: str) -> Section:
        """The page section with this id."""
        return next(s for s in self.sections if s.id == section_id)


# --- counting ---------------------------------------------------------------------------------


def share(value: int, total: int) -> float | None:
    """`value` as a share of `total` (None when nothing was counted)."""
    return value / total if total else None


def join_notes(*notes: str) -> str:
    """The notes given, in one paragraph (each sentence kept for the English edition)."""
    return Phrase.joined(*notes)


def place_key(locality: ResolvedLocality) -> tuple[str, str]:
    """(key, label) of an entry's place today: its province's, or the line of its own for an
    unknown place and for a foreign recipient (never a province)."""
    form = locality.form
    if form == "unknown":
        return NO_PLACE, UNKNOWN_PLACE_TEXT
    if form == "foreign":
        return FOREIGN, FOREIGN_PLACE_TEXT
    return province_key(locality.current_province)


def place_link(key: str) -> Link:
    """The roll of a province, or of the entries without one (`PLACE_ROLLS`)."""
    if key in PLACE_ROLLS:
        return Link(PLACE_ROLLS[key][0])
    return Link(f"danh-sach/tinh/{key}/")


@lru_cache(maxsize=256)
def province_key(province: Unit | None) -> tuple[str, str]:
    """(roll slug, full name) of today's province; slugs computed once per province."""
    if province is None:
        return UNKNOWN, "Chưa xác định"
    return slugify(province.name), province.full_name


def decision_province(found: DecisionEntry) -> tuple[str, str] | None:
    """(roll slug, full name) of today's province of a decision's issuing authority; None when
    its place is unknown, abroad or not matched (such lists are counted in no province)."""
    locality = found.locality
    if locality.form != "place" or locality.current_province is None:
        return None
    return province_key(locality.current_province)


def recorded_place(locality: ResolvedLocality) -> tuple[str, str, str]:
    """(key, label, search text) of a place's province as recorded at the time."""
    units = locality.units
    if locality.form == "unknown":
        return NO_PLACE, UNKNOWN_PLACE_TEXT, ""
    if locality.country is not None:
        # Abroad, per country as recorded: "Liên bang Nga (nước ngoài)".
        key = f"{FOREIGN}-{slugify(locality.country)}"
        return key, Phrase("{country} (nước ngoài)", country=locality.country), locality.country
    if units:
        unit = units[0]
        era = "trước 01/07/2025" if unit.era == OLD_ERA else "từ 01/07/2025"
        label = Phrase("{unit} (danh mục {era})", unit=unit.full_name, era=era)
        return f"{unit.era}-{unit.code}", label, unit.name
    return UNKNOWN, "Chưa đối chiếu được với danh mục", ""


def iter_statistics_rolls(
    site: Site, published: list[Entry]
) -> Iterable[tuple[str, str, str, list[Entry], str]]:
    """(path, title, group, entries, intro) of the listings by work role and priority area."""
    # One pass over the entries (a pass per role and per area grew with the roll on every
    # edit that makes the listings again, issue #21).
    classifier = AreaClassifier(site)
    by_role: dict[str | None, list[Entry]] = defaultdict(list)
    by_area: dict[str, list[Entry]] = defaultdict(list)
    for e in published:
        by_role[e.profile.work_role].append(e)
        for area in classifier.classify(e):
            by_area[area].append(e)
    for role, (slug, title) in ROLE_ROLLS.items():
        entries = by_role.get(role, [])
        if entries:
            yield f"danh-sach/vi-tri/{slug}/", title, "Theo vị trí công việc", entries, ""
    intro = "Theo phân loại địa bàn; nguồn phân loại ghi ở trang Thống kê"
    for area, (slug, title) in AREA_ROLLS.items():
        entries = by_area.get(area, [])
        if entries:
            yield f"danh-sach/dia-ban/{slug}/", title, "Theo địa bàn ưu tiên", entries, intro
    from generator.model.statsfigures import iter_directive_rolls  # builds on this module

    yield from iter_directive_rolls(published)


# --- the whole site ---------------------------------------------------------------------------


def compute_statistics(
    site: Site, today: dt.date, published: list[Entry] | None = None, counts: Counts | None = None
) -> SiteStatistics:
    """Every figure of the statistics page, the province rolls and the campaign pages.

    `published` is `site.published()` when the caller already has it (sorting is the costly
    part at scale); `counts` its counts (generator.model.statcounts) when the caller keeps
    them from build to build, else they are counted here.
    """
    # Imported here: the sections and their tally build on this module's figures and sections.
    from generator.model import statsections as by
    from generator.model.statcounts import count_entries
    from generator.model.tally import Tally

    published = site.published() if published is None else published
    counts = counts if counts is not None else count_entries(site, published, {})
    # Few entries have a revoked award: found by slug, with their rank in the roll's order.
    revoked = counts.revoked()
    rank = {entry.slug: i for i, entry in enumerate(published) if entry.slug in revoked}
    rows = [row_of(published[i]) for i in rank.values()]
    revocations = sorted(
        (
            RevokedAward(
                row.slug, index, year, day, award, revoked_view(row.slug, row.display_name, saved)
            )
            for row in rows
            for index, year, day, award, saved in row.revoked
        ),
        key=lambda r: (-r.year, r.day, rank[r.slug], r.award_id),
    )
    counter = Tally(site, counts, published)
    counter.decisions = [(d, d.counted) for d in site.decisions if d.award is not None]
    sections = [
        by.by_level(counter),
        by.by_form(counter),
        by.by_award(counter),
        by.by_year(counter),
        by.by_province(counter),
        by.by_recorded_province(counter),
        by.by_campaign(counter),
        by.by_kind(counter),
        by.by_sector(counter),
        by.by_target_group(counter),
        by.by_work_role(counter),
        by.by_area_coverage(counter),
        by.by_area(counter),
        by.revoked_by_year(counter, revocations),
    ]
    for section in sections:
        section.anchor = f"tk-{section.id.replace('_', '-')}"
    # Imported here: generator.model.statsfigures builds on this module's figures and sections.
    from generator.model.statsfigures import directive_sections

    sections += directive_sections(site, published, counts, bool(counter.lists_note))
    if site.clusters:
        from generator.model.clusterfigures import cluster_sections

        for section in cluster_sections(site):
            section.anchor = f"tk-{section.id.replace('_', '-')}"
            sections.append(section)

    reached = sorted(counts.count("province"))
    provinces = {}
    for slug in reached:
        facet = (FACET_PROVINCE, counts.province_names[slug])
        local = Tally(site, counts, facets=(facet,), scope=f"p/{slug}/")
        # The province's own lists: those of its authorities (`decision_province`).
        local.decisions = [
            (d, n) for d, n in counter.decisions if (decision_province(d) or ("",))[0] == slug
        ]
        compact = [
            by.by_level(local, "province_level"),
            by.by_kind(local, "province_kind"),
            by.by_work_role(local, "province_work_role", per_level=False),
            by.by_area_coverage(local, "province_area"),
        ]
        lists = sum(1 for _d, n in local.decisions if n)
        if lists:
            for section in compact[:2]:  # level and kind: the sections that add lists
                section.note = join_notes(
                    section.note,
                    Phrase.counted(
                        "Gồm cả danh sách của {lists} quyết định do cơ quan trên địa bàn ban hành.",
                        "Gồm cả danh sách của {lists} quyết định do cơ quan trên địa bàn ban hành.",
                        lists,
                        lists=lists,
                    ),
                )
        for section in compact:
            section.anchor = f"tk-{section.id.replace('_', '-')}"
        provinces[slug] = compact

    campaigns = {
        slug: by.campaign_sections(site, slug, counts, counter.decisions)
        for slug in sorted(site.campaigns)
    }
    forms = counts.count("form_of_place")
    profile_areas = sorted(counts.count("profile_area"))
    return SiteStatistics(
        today=today,
        profiles=len(published),
        awards=counter.pair_count,
        listed=counter.total - counter.pair_count,
        decisions=len(site.decisions),
        revoked=len(revocations),
        provinces_reached=len(reached),
        provinces_total=len(site.admin.provinces(NEW_ERA)),
        unknown_places=forms["unknown"],
        foreign=forms["foreign"],
        sections=sections,
        revocations=revocations,
        area_sources=area_sources(site, counts.count("source"), profile_areas),
        unsourced_areas=unsourced_areas(site, profile_areas, AREA_LABELS),
        provinces=provinces,
        campaigns=campaigns,
        english=stat_english(site),
    )


# --- what the statistics page shows, as a key ---------------------------------------------------


def figures_text(stats: SiteStatistics) -> str:
    """Every figure, label and link of `stats` as one text, for the key of the page and CSV
    files that show them, with what the annex shows of each revoked award (its view, not its
    entry's digest: model.annexshown). The same figures, the same text."""
    plain = [
        _plain(getattr(stats, name))
        for name in stats.__dataclass_fields__
        if name != "today"  # the date is in every page's context
    ]
    return repr(plain)


def sections_text(sections: list[Section]) -> str:
    """`figures_text` of some sections alone (a campaign's, a province's): for the key of a
    page that shows them."""
    return repr(_plain(sections))


def _plain(value: object) -> object:
    """`value` as plain data whose repr says all of it: a sentence with what it is made from
    (an English edition says it from its msgid and arguments, not from its Vietnamese text),
    a dataclass by its fields. Anything else (an entry, a model) is refused, not guessed at."""
    if isinstance(value, Phrase):
        args = {name: _plain(arg) for name, arg in sorted(value.args.items())}
        return ("Phrase", str(value), value.msgid, args, value.parts, value.plural, value.n)
    if value is None or isinstance(value, (str, int, float, dt.date)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return [(_plain(key), _plain(item)) for key, item in value.items()]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(_plain(item)) for item in value)
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        return (type(value).__name__, [(n, _plain(getattr(value, n))) for n in fields])
    raise TypeError(f"not a figure: {type(value).__name__}")


# --- formatting and CSV -----------------------------------------------------------------------


def format_count(value: int) -> str:
    """A count as Vietnamese readers write it: 10.000."""
    return f"{value:,}".replace(",", ".")


def format_share(share: float | None) -> str:
    """A share as a Vietnamese percentage with one decimal: "35,4%"; "—" without a total."""
    if share is None:
        return "—"
    return f"{share * 100:.1f}".replace(".", ",") + "%"


def iter_csv_rows(
    stats: SiteStatistics,
) -> Iterable[tuple[str, str, int, float | None, Link | None]]:
    """(section, label, value, share, link) for every figure, page sections first."""
    yield "overview", "Hồ sơ đã công bố", stats.profiles, None, Link("danh-sach/")
    yield "overview", "Lượt khen thưởng còn hiệu lực", stats.awards, None, None
    yield (
        "overview",
        "Lượt khen thưởng đã bị hủy bỏ, tước danh hiệu",
        stats.revoked,
        None,
        Link(STATISTICS_PATH, fragment=f"#{REVOKED_ANCHOR}"),
    )
    yield "overview", "Tỉnh, thành phố có hồ sơ", stats.provinces_reached, None, None
    if stats.unknown_places:
        yield (
            "overview",
            "Hồ sơ chưa rõ địa phương",
            stats.unknown_places,
            None,
            Link(PLACE_ROLLS[NO_PLACE][0]),
        )
    if stats.foreign:
        yield (
            "overview",
            "Hồ sơ người, tập thể nước ngoài",
            stats.foreign,
            None,
            Link(PLACE_ROLLS[FOREIGN][0]),
        )
    groups: list[tuple[str, list[Section]]] = [("", stats.sections)]
    groups += [(f"province/{slug}/", s) for slug, s in stats.provinces.items()]
    groups += [(f"campaign/{slug}/", s) for slug, s in stats.campaigns.items()]
    for prefix, sections in groups:
        for section in sections:
            name = prefix + section.id
            if section.stacks and len(section.stacks) > 1:
                for stack in section.stacks:
                    for row in stack.rows:
                        label = f"{stack.label} / {row.label}"
                        yield name, label, row.value, row.share, row.link
            else:
                for row in section.rows:
                    yield name, row.label, row.value, row.share, row.link


def statistics_csv(stats: SiteStatistics, base_url: str, english: bool = False) -> str:
    """Every figure as CSV (UTF-8 with BOM for spreadsheets; links absolute on `base_url`):
    Vietnamese headers and shares ("35,4%", which a Vietnamese Excel reads as a number), or
    the English headers and plain fractions ("0.3540") of `CSV_FILE_EN`."""
    base = base_url.rstrip("/") + "/" if base_url else "/"
    rows = (
        (
            section,
            label,
            value,
            "" if share is None else f"{share:.4f}" if english else format_share(share),
            base + link.target if link is not None else "",
        )
        for section, label, value, share, link in iter_csv_rows(stats)
    )
    # Labels carry campaign titles and place names: the one CSV writer makes them inert.
    header = ("section", "label", "value", "share", "link") if english else CSV_HEADER_VI
    return csv_document(header, [csv_lines(rows)]).decode("utf-8")
