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
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal
from urllib.parse import quote

from generator.csvout import csv_document, csv_lines
from generator.model.labels import (
    FACET_AWARD,
    FACET_CAMPAIGN,
    FACET_GROUP,
    FACET_KIND,
    FACET_LEVEL,
    FACET_PROVINCE,
)
from generator.model.site import (
    FOREIGN_PLACE_TEXT,
    KIND_NAMES,
    KIND_ROLLS,
    UNKNOWN_PLACE_TEXT,
    DecisionEntry,
    Entry,
    ResolvedAward,
    ResolvedLocality,
    Site,
)
from generator.model.urls import SEARCH_PATH, STATISTICS_PATH
from generator.reference.adminunits import COMMUNE, DISTRICT, NEW_ERA, OLD_ERA, AdminUnits, Unit
from generator.source.documents import SECTORS, TARGET_GROUPS
from generator.vntext import collation_key, slugify

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
SPECIAL_ZONE = "Đặc khu"
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
class AreaSource:
    """One source of area classes and how many published profiles it classified."""

    id: str
    kind: Literal["auto", "profile", "list"]
    title: str
    areas: tuple[str, ...]
    profiles: int
    codes: int = 0
    unknown_codes: int = 0
    era: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class RevokedAward:
    """An annulled award or stripped title of a published entry, for the annex (Art. 93)."""

    entry: Entry
    award: ResolvedAward

    @property
    def year(self) -> int:
        """The year of the annulling or stripping decision (else the award's year)."""
        revocation = self.award.record.revocation
        return revocation.date.year if revocation is not None else self.award.record.year


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

    def section(self, section_id: str) -> Section:
        """The page section with this id."""
        return next(s for s in self.sections if s.id == section_id)


# --- area classes -----------------------------------------------------------------------------


class AreaClassifier:
    """Finds the area classes of an entry's place and which source gave each."""

    def __init__(self, site: Site) -> None:
        admin = site.admin
        self.admin = admin
        self.zones = {u.code for u in admin.units(NEW_ERA, COMMUNE) if u.type == SPECIAL_ZONE}
        self.old_islands = _old_island_units(admin, self.zones)
        # (era, commune code) -> [(area, source id)]
        self.listed: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for i, area_list in enumerate(site.config.area_lists):
            for code in area_list.codes:
                self.listed[(area_list.era, code)].append((area_list.area, f"list-{i}"))

    def classify(self, entry: Entry) -> dict[str, set[str]]:
        """Area kind -> ids of the sources that class the entry's place so."""
        found: dict[str, set[str]] = defaultdict(set)
        for area in entry.profile.locality.area:
            found[area].add("profile")
        locality = entry.locality
        if locality.era == NEW_ERA:
            if any(u.code in self.zones for u in locality.units if u.level == COMMUNE):
                found["island"].add("auto")
        elif locality.era == OLD_ERA and any(u.code in self.old_islands for u in locality.units):
            found["island"].add("auto")
        communes = [u for u in locality.units if u.level == COMMUNE]
        if locality.era is not None and communes:
            commune = communes[-1]
            for listed, source in self.listed.get((locality.era, commune.code), ()):
                found[listed].add(source)
            if locality.era == OLD_ERA and commune.successors and not commune.partial:
                # A current-era list covers an old commune that went wholly into a listed one.
                for successor in commune.successors:
                    for listed, source in self.listed.get((NEW_ERA, successor), ()):
                        found[listed].add(source)
        return dict(found)


def _old_island_units(admin: AdminUnits, zones: set[str]) -> set[str]:
    """Old districts and communes that became special zones: the island districts."""
    found: set[str] = set()
    for commune in admin.units(OLD_ERA, COMMUNE):
        if commune.successors and set(commune.successors) <= zones:
            found.add(commune.code)
    for district in admin.units(OLD_ERA, DISTRICT):
        children = admin.children(OLD_ERA, district.code)
        if set(district.successors) & zones or (
            children and all(c.code in found for c in children)
        ):
            found.add(district.code)
    return found


# --- counting ---------------------------------------------------------------------------------


Pair = tuple[Entry, ResolvedAward]


def award_pairs(entries: Iterable[Entry]) -> list[Pair]:
    """Every award in force of the entries, with its entry."""
    return [(entry, award) for entry in entries for award in entry.active_awards]


def _share(value: int, total: int) -> float | None:
    return value / total if total else None


def _figures(
    counts: Counter[str],
    total: int,
    labels: dict[str, str],
    links: Callable[[str], Link | None],
    order: Sequence[str] | None = None,
    keep_zero: bool = False,
    last: Sequence[str] = (),
) -> list[Figure]:
    """Rows in `order` (else most first), then those of `last` found; "unknown" always last."""
    keys = list(order) if order is not None else []
    keys += sorted(
        (k for k in counts if k not in keys and k not in last and k != UNKNOWN),
        key=lambda k: (-counts[k], collation_key(labels.get(k) or k), k),
    )
    keys += [k for k in last if k in counts and k not in keys]
    if UNKNOWN in counts or (order is not None and UNKNOWN in order):
        keys = [k for k in keys if k != UNKNOWN] + [UNKNOWN]
    rows = []
    for key in keys:
        value = counts.get(key, 0)
        if value or keep_zero:
            link = links(key) if value and key != UNKNOWN else None
            rows.append(Figure(key, labels.get(key, key), value, _share(value, total), link))
    return rows


def _notes(*notes: str) -> str:
    """The notes given, in one paragraph."""
    return " ".join(note for note in notes if note)


def _no_link(_key: str) -> Link | None:
    return None


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
        return key, f"{locality.country} (nước ngoài)", locality.country
    if units:
        unit = units[0]
        era = "trước 01/07/2025" if unit.era == OLD_ERA else "từ 01/07/2025"
        return f"{unit.era}-{unit.code}", f"{unit.full_name} (danh mục {era})", unit.name
    return UNKNOWN, "Chưa đối chiếu được với danh mục", ""


class _Counter:
    """Builds the sections of one set of entries; `facets` narrow its search links."""

    def __init__(
        self,
        site: Site,
        entries: list[Entry],
        areas: dict[str, dict[str, set[str]]],
        facets: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.site = site
        self.taxonomy = site.taxonomy
        self.entries = entries
        self.pairs = award_pairs(entries)
        self.areas = areas
        self.facets = facets
        # Decisions honouring many (site-wide figures only): each with what it adds, its
        # recipients less those counted through their own profile (DecisionEntry.counted).
        self.decisions: list[tuple[DecisionEntry, int]] = []

    @property
    def total(self) -> int:
        """Awards counted by the sections that add decisions' lists: profiles' and lists'."""
        return len(self.pairs) + sum(n for _d, n in self.decisions)

    def listed(self, key: Callable[[DecisionEntry], str | None]) -> Counter[str]:
        """Awards of the decisions' lists by `key` (None: not counted in that section)."""
        counts: Counter[str] = Counter()
        for found, n in self.decisions:
            value = key(found)
            if value is not None and n:
                counts[value] += n
        return counts

    @property
    def lists_note(self) -> str:
        """`LISTS_NOT_COUNTED` when some decision's list is counted elsewhere, else ""."""
        return LISTS_NOT_COUNTED if any(n for _d, n in self.decisions) else ""

    def search(self, *facets: tuple[str, str]) -> Link:
        return search_link(*self.facets, *facets)

    def level_facet(self, key: str) -> tuple[str, str]:
        label = self.taxonomy.levels.get(key)
        return FACET_LEVEL, label.vi if label is not None else key

    def role_link(self, role: str) -> Link | None:
        # The role rolls cover the whole site: a narrower set (a province) has none.
        if self.facets or role not in ROLE_ROLLS:
            return None
        return Link(f"danh-sach/vi-tri/{ROLE_ROLLS[role][0]}/")

    def area_link(self, area: str) -> Link | None:
        if self.facets or area not in AREA_ROLLS:
            return None
        return Link(f"danh-sach/dia-ban/{AREA_ROLLS[area][0]}/")

    def level_key(self, award: ResolvedAward) -> str:
        return award.award.level

    def level_labels(self) -> dict[str, str]:
        return {key: label.vi for key, label in self.taxonomy.levels.items()}

    def by_level(self, section_id: str = "level") -> Section:
        counts = Counter(self.level_key(a) for _, a in self.pairs)
        counts += self.listed(lambda d: d.award.award.level if d.award else None)
        labels = self.level_labels()
        rows = _figures(
            counts,
            self.total,
            labels,
            lambda k: self.search(self.level_facet(k)),
            order=list(labels),
            keep_zero=True,
        )
        return Section(
            section_id,
            "Theo cấp khen thưởng",
            "Cấp khen thưởng",
            "lượt khen thưởng",
            self.total,
            rows,
            "hbar",
        )

    def by_form(self) -> Section:
        counts = Counter(a.award.form for _, a in self.pairs)
        counts += self.listed(lambda d: d.award.award.form if d.award else None)
        # The search has no form facet: a form is the set of its awards counted here.
        counted = {a.award.id for _, a in self.pairs}
        counted |= {d.decision.award for d, n in self.decisions if n}
        names: dict[str, list[str]] = defaultdict(list)
        for award in self.taxonomy:
            if award.id in counted:
                names[award.form].append(award.name_on(None))
        labels = {key: label.vi for key, label in self.taxonomy.forms.items()}
        labels[LOCAL_FORM] = LOCAL_FORM_LABEL
        rows = _figures(
            counts,
            self.total,
            labels,
            lambda k: self.search(*((FACET_AWARD, name) for name in names[k])),
            order=[k for k in labels if k in counts],
        )
        return Section(
            "form",
            "Theo hình thức khen thưởng",
            "Hình thức",
            "lượt khen thưởng",
            self.total,
            rows,
            "hbar",
        )

    def by_award(self) -> Section:
        counts = Counter(a.record.award for _, a in self.pairs)
        rolled = set(counts)  # awards with a roll of profiles
        counts += self.listed(lambda d: d.decision.award if d.award else None)
        order = [award.id for award in self.taxonomy if award.id in counts]  # highest first
        labels = {award.id: award.name_on(None) for award in self.taxonomy if award.id in counts}
        rows = _figures(
            counts,
            self.total,
            labels,
            lambda k: Link(f"danh-sach/danh-hieu/{k}/" if k in rolled else DECISIONS_LINK),
            order=order,
        )
        return Section(
            "award",
            "Theo danh hiệu, hình thức khen thưởng",
            "Danh hiệu, hình thức",
            "lượt khen thưởng",
            self.total,
            rows,
            "hbar",
            note="Xếp theo thứ bậc, cao nhất trước.",
        )

    def by_year(self) -> Section:
        counts = Counter(str(a.record.year) for _, a in self.pairs)
        rolled = set(counts)  # years with a roll of profiles
        counts += self.listed(lambda d: str(d.decision.year) if d.award else None)
        order = sorted(counts, key=int)
        rows = _figures(
            counts,
            self.total,
            {},
            lambda k: Link(f"danh-sach/nam/{k}/" if k in rolled else DECISIONS_LINK),
            order=order,
        )
        return Section(
            "year",
            "Theo năm khen thưởng",
            "Năm",
            "lượt khen thưởng",
            self.total,
            rows,
            "vbar",
        )

    def by_province(self) -> Section:
        counts: Counter[str] = Counter()
        labels: dict[str, str] = {}
        for entry, _ in self.pairs:
            key, labels[key] = place_key(entry.locality)
            counts[key] += 1
        # Provinces (and the unknown and foreign lines) with published entries but no award
        # in force still have a roll: show 0.
        for entry in self.entries:
            if entry.locality.current_province is not None or entry.locality.form != "place":
                key, labels[key] = place_key(entry.locality)
                counts.setdefault(key, 0)
        rolled = set(counts)  # places with a roll of profiles
        # A decision's list counts in its issuing authority's province (a commune's Gia đình
        # văn hóa list is that commune's); `update`, not `+=`, keeps the zero rows above.
        placed: Counter[str] = Counter()
        for found, n in self.decisions:
            province = decision_province(found)
            if province is not None and n:
                key, labels[key] = province
                placed[key] += n
        counts.update(placed)
        total = len(self.pairs) + sum(placed.values())
        rows = _figures(
            counts,
            total,
            labels,
            lambda k: place_link(k) if k in rolled else Link(DECISIONS_LINK),
            keep_zero=True,
            last=(FOREIGN, NO_PLACE),
        )
        note = "Địa danh ghi trong hồ sơ được quy về 34 tỉnh, thành phố hiện nay."
        if placed:
            note += (
                " Danh sách theo quyết định được tính vào tỉnh, thành phố của cơ quan ra quyết "
                "định."
            )
        if NO_PLACE in counts or FOREIGN in counts:
            note += (
                " Hồ sơ chưa rõ địa phương và người, tập thể nước ngoài được tính riêng, "
                "không gán vào tỉnh, thành phố nào."
            )
        return Section(
            "province",
            "Theo tỉnh, thành phố hiện nay",
            "Tỉnh, thành phố (sau sắp xếp năm 2025)",
            "lượt khen thưởng",
            total,
            rows,
            "hbar",
            note=note,
        )

    def by_recorded_province(self) -> Section:
        counts: Counter[str] = Counter()
        labels: dict[str, str] = {}
        names: dict[str, str] = {}
        for entry, _ in self.pairs:
            key, labels[key], names[key] = recorded_place(entry.locality)
            counts[key] += 1
        # Lists as in `by_province`: only those whose issuing authority is in a province.
        total = len(self.pairs)
        for found, n in self.decisions:
            if n and decision_province(found) is not None:
                key, labels[key], names[key] = recorded_place(found.locality)
                counts[key] += n
                total += n

        def links(key: str) -> Link:
            if key == NO_PLACE:
                return place_link(key)
            return search_link(*self.facets, text=names[key])

        rows = _figures(counts, total, labels, links, last=(NO_PLACE,))
        return Section(
            "province_recorded",
            "Theo tỉnh, thành phố như được ghi tại thời điểm khen thưởng",
            "Tỉnh, thành phố (như được ghi)",
            "lượt khen thưởng",
            total,
            rows,
            "table",
            note="Mỗi hồ sơ giữ địa danh tại thời điểm được ghi nhận (63 tỉnh trước ngày "
            "01/07/2025, 34 tỉnh từ ngày đó).",
        )

    def by_campaign(self) -> Section:
        counts = Counter(a.record.campaign or UNKNOWN for _, a in self.pairs)
        rolled = set(counts)  # campaigns with a roll of profiles
        counts += self.listed(lambda d: (d.decision.campaign or UNKNOWN) if d.award else None)
        campaigns = self.site.campaigns

        def links(key: str) -> Link | None:
            if key not in campaigns:
                return None
            return Link(f"danh-sach/phong-trao/{key}/" if key in rolled else DECISIONS_LINK)

        labels = {slug: campaign.title for slug, (campaign, _) in campaigns.items()}
        labels[UNKNOWN] = "Không gắn với phong trào thi đua"
        rows = _figures(counts, self.total, labels, links)
        return Section(
            "campaign",
            "Theo phong trào thi đua",
            "Phong trào",
            "lượt khen thưởng",
            self.total,
            rows,
            "hbar",
            note="Khen thưởng trong khuôn khổ phong trào (trường campaign của quyết định).",
        )

    def by_kind(self, section_id: str = "kind") -> Section:
        counts: Counter[str] = Counter(entry.profile.kind for entry, _ in self.pairs)
        counts += self.listed(lambda d: d.decision.kind if d.award else None)

        def links(kind: str) -> Link:
            # The kind rolls cover the whole site; narrower sets link to a faceted search.
            if self.facets:
                return self.search((FACET_KIND, KIND_NAMES[kind]))
            return Link(f"danh-sach/{KIND_ROLLS[kind]}/")

        rows = _figures(
            counts, self.total, KIND_NAMES, links, order=list(KIND_NAMES), keep_zero=True
        )
        return Section(
            section_id,
            "Theo loại: cá nhân, tập thể, mô hình, hộ gia đình",
            "Loại",
            "lượt khen thưởng",
            self.total,
            rows,
            "hbar",
        )

    def by_sector(self) -> Section:
        counts = Counter(entry.profile.sector or UNKNOWN for entry, _ in self.pairs)
        labels = {key: names[0] for key, names in SECTORS.items()}
        labels[UNKNOWN] = "Chưa ghi lĩnh vực"
        rows = _figures(counts, len(self.pairs), labels, lambda k: Link(f"danh-sach/linh-vuc/{k}/"))
        return Section(
            "sector",
            "Theo lĩnh vực",
            "Lĩnh vực",
            "lượt khen thưởng",
            len(self.pairs),
            rows,
            "hbar",
            note=self.lists_note,
        )

    def by_target_group(self) -> Section:
        counts: Counter[str] = Counter()
        for entry, _ in self.pairs:
            for group in entry.profile.target_groups or [UNKNOWN]:
                counts[group] += 1
        labels = {key: names[0] for key, names in TARGET_GROUPS.items()}
        labels[UNKNOWN] = "Chưa ghi đối tượng"
        rows = _figures(
            counts, len(self.pairs), labels, lambda k: Link(f"danh-sach/doi-tuong/{k}/")
        )
        return Section(
            "target_group",
            "Theo đối tượng",
            "Đối tượng",
            "lượt khen thưởng",
            len(self.pairs),
            rows,
            "hbar",
            overlapping=True,
            note=_notes(
                "Một hồ sơ có thể thuộc nhiều đối tượng, nên tổng các tỷ lệ có thể vượt 100%.",
                self.lists_note,
            ),
            base="Tổng số lượt khen thưởng",
        )

    def role_stack(self, key: str, label: str, pairs: Sequence[Pair]) -> Stack:
        counts = Counter(entry.profile.work_role or UNKNOWN for entry, _ in pairs)
        rows = _figures(
            counts,
            len(pairs),
            WORK_ROLE_LABELS,
            lambda k: self.role_link(k),
            order=list(WORK_ROLE_LABELS),
            keep_zero=True,
        )
        return Stack(key, label, len(pairs), tuple(rows))

    def by_work_role(self, section_id: str = "work_role", per_level: bool = True) -> Section:
        overall = self.role_stack("all", "Tất cả các cấp", self.pairs)
        stacks = [overall]
        if per_level:
            for key, label in self.level_labels().items():
                pairs = [p for p in self.pairs if self.level_key(p[1]) == key]
                if pairs:
                    stack = self.role_stack(key, label, pairs)
                    # No listing crosses level and role: these cells have no link.
                    rows = [Figure(r.key, r.label, r.value, r.share) for r in stack.rows]
                    stacks.append(Stack(stack.key, stack.label, stack.total, tuple(rows)))
        return Section(
            section_id,
            "Người trực tiếp sản xuất, lao động và người lãnh đạo, quản lý",
            "Vị trí công việc",
            "lượt khen thưởng",
            len(self.pairs),
            list(overall.rows),
            "stacked",
            stacks=stacks,
            stack_column="Cấp khen thưởng",
            note=_notes(
                "Theo vị trí công việc ghi trong hồ sơ; hồ sơ không ghi vị trí công việc được "
                "tính là “chưa rõ”.",
                self.lists_note,
            ),
        )

    def area_of(self, entry: Entry) -> dict[str, set[str]]:
        return self.areas.get(entry.slug, {})

    def by_area_coverage(self, section_id: str = "area_coverage") -> Section:
        counts: Counter[str] = Counter(
            CLASSIFIED if self.area_of(entry) else UNKNOWN for entry, _ in self.pairs
        )
        rows = _figures(
            counts,
            len(self.pairs),
            AREA_COVERAGE_LABELS,
            _no_link,
            order=list(AREA_COVERAGE_LABELS),
            keep_zero=True,
        )
        stack = Stack("all", "Tất cả lượt khen thưởng", len(self.pairs), tuple(rows))
        return Section(
            section_id,
            "Khen thưởng đến vùng biên giới, hải đảo, miền núi, đặc biệt khó khăn",
            "Địa bàn",
            "lượt khen thưởng",
            len(self.pairs),
            rows,
            "stacked",
            stacks=[stack],
            note=_notes(
                "Chỉ tính những xã đã được phân loại (các nguồn phân loại ghi ở trang Thống "
                "kê); “chưa được phân loại” không có nghĩa là không thuộc các vùng này.",
                self.lists_note,
            ),
        )

    def by_area(self) -> Section:
        counts: Counter[str] = Counter()
        for entry, _ in self.pairs:
            for area in self.area_of(entry):
                counts[area] += 1
        rows = _figures(
            counts,
            len(self.pairs),
            AREA_LABELS,
            lambda k: self.area_link(k),
            order=list(AREA_LABELS),
            keep_zero=True,
        )
        return Section(
            "area",
            "Theo loại địa bàn",
            "Địa bàn",
            "lượt khen thưởng",
            len(self.pairs),
            rows,
            "hbar",
            overlapping=True,
            base="Tổng số lượt khen thưởng",
            note=_notes(
                "Một xã có thể vừa là xã biên giới vừa là xã miền núi, nên tổng các tỷ lệ "
                "có thể vượt 100%. Tỷ lệ tính trên tổng số lượt khen thưởng.",
                self.lists_note,
            ),
        )

    def revoked_by_year(self, revoked: list[RevokedAward]) -> Section:
        counts = Counter(str(r.year) for r in revoked)
        total = len(revoked) + len(self.pairs)
        rows = _figures(
            counts,
            total,
            {},
            lambda k: Link(STATISTICS_PATH, fragment=f"#{REVOKED_ANCHOR}-{k}"),
            order=sorted(counts, key=int),
        )
        return Section(
            "revoked_by_year",
            "Khen thưởng bị hủy bỏ, danh hiệu bị tước, theo năm",
            "Năm của quyết định hủy bỏ, tước danh hiệu",
            "lượt bị hủy bỏ, tước",
            total,
            rows,
            "vbar",
            note="Tỷ lệ tính trên tổng số lượt khen thưởng (còn hiệu lực và đã bị hủy bỏ, tước).",
            base="Tổng số lượt khen thưởng (còn hiệu lực và đã bị hủy bỏ, tước)",
        )


# --- campaigns --------------------------------------------------------------------------------


def campaign_sections(
    site: Site,
    slug: str,
    members: list[Entry],
    areas: dict[str, dict[str, set[str]]],
    decisions: Sequence[tuple[DecisionEntry, int]] = (),
) -> list[Section]:
    """Figures of one campaign: exemplars by province and target group, awards by level
    (with the lists of `decisions` naming the campaign: (decision, what it adds))."""
    facet = (FACET_CAMPAIGN, site.campaigns[slug][0].title)
    provinces: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for entry in members:
        key, labels[key] = place_key(entry.locality)
        provinces[key] += 1
    by_province = Section(
        "campaign_province",
        "Gương điển hình theo tỉnh, thành phố hiện nay",
        "Tỉnh, thành phố",
        "hồ sơ",
        len(members),
        _figures(
            provinces,
            len(members),
            labels,
            lambda k: search_link(facet, (FACET_PROVINCE, labels[k])),
            last=(FOREIGN, NO_PLACE),
        ),
        "hbar",
    )
    groups: Counter[str] = Counter()
    for entry in members:
        for group in entry.profile.target_groups or [UNKNOWN]:
            groups[group] += 1
    group_labels = {key: names[0] for key, names in TARGET_GROUPS.items()}
    group_labels[UNKNOWN] = "Chưa ghi đối tượng"
    by_group = Section(
        "campaign_target_group",
        "Gương điển hình theo đối tượng",
        "Đối tượng",
        "hồ sơ",
        len(members),
        _figures(
            groups,
            len(members),
            group_labels,
            lambda k: search_link(facet, (FACET_GROUP, group_labels[k])),
        ),
        "hbar",
        overlapping=True,
        note="Một hồ sơ có thể thuộc nhiều đối tượng.",
        base="Tổng số hồ sơ",
    )
    pairs = [(e, a) for e, a in award_pairs(members) if a.record.campaign == slug]
    counter = _Counter(site, members, areas, (facet,))
    counter.pairs = pairs
    counter.decisions = [(d, n) for d, n in decisions if d.decision.campaign == slug]
    by_level = counter.by_level("campaign_level")
    by_level.title = "Khen thưởng trong phong trào theo cấp"
    by_level.note = "Các lượt khen thưởng có quyết định ghi phong trào này."
    if any(n for _d, n in counter.decisions):
        by_level.note += " Gồm cả người, tập thể, hộ trong danh sách của các quyết định đó."
    for section in (by_province, by_group, by_level):
        section.anchor = f"so-lieu-{section.id.replace('_', '-')}"
    return [by_province, by_group, by_level]


def iter_statistics_rolls(
    site: Site, published: list[Entry]
) -> Iterable[tuple[str, str, str, list[Entry], str]]:
    """(path, title, group, entries, intro) of the listings by work role and priority area."""
    for role, (slug, title) in ROLE_ROLLS.items():
        entries = [e for e in published if e.profile.work_role == role]
        if entries:
            yield f"danh-sach/vi-tri/{slug}/", title, "Theo vị trí công việc", entries, ""
    classifier = AreaClassifier(site)
    areas = {e.slug: classifier.classify(e) for e in published}
    intro = "Theo phân loại địa bàn; nguồn phân loại ghi ở trang Thống kê"
    for area, (slug, title) in AREA_ROLLS.items():
        entries = [e for e in published if area in areas[e.slug]]
        if entries:
            yield f"danh-sach/dia-ban/{slug}/", title, "Theo địa bàn ưu tiên", entries, intro
    from generator.model.statsfigures import iter_directive_rolls  # builds on this module

    yield from iter_directive_rolls(published)


# --- the whole site ---------------------------------------------------------------------------


def compute_statistics(
    site: Site, today: dt.date, published: list[Entry] | None = None
) -> SiteStatistics:
    """Every figure of the statistics page, the province rolls and the campaign pages.

    `published` is `site.published()` when the caller already has it (sorting is the costly
    part at scale).
    """
    published = site.published() if published is None else published
    rank = {id(entry): i for i, entry in enumerate(published)}
    classifier = AreaClassifier(site)
    areas = {entry.slug: found for entry in published if (found := classifier.classify(entry))}
    revocations = sorted(
        (
            RevokedAward(entry, award)
            for entry in published
            for award in entry.awards
            if award.withdrawn
        ),
        key=lambda r: (
            -r.year,
            r.award.record.revocation.date if r.award.record.revocation else dt.date.min,
            rank[id(r.entry)],
            r.award.record.award,
        ),
    )
    counter = _Counter(site, published, areas)
    counter.decisions = [(d, d.counted) for d in site.decisions if d.award is not None]
    sections = [
        counter.by_level(),
        counter.by_form(),
        counter.by_award(),
        counter.by_year(),
        counter.by_province(),
        counter.by_recorded_province(),
        counter.by_campaign(),
        counter.by_kind(),
        counter.by_sector(),
        counter.by_target_group(),
        counter.by_work_role(),
        counter.by_area_coverage(),
        counter.by_area(),
        counter.revoked_by_year(revocations),
    ]
    for section in sections:
        section.anchor = f"tk-{section.id.replace('_', '-')}"
    # Imported here: generator.model.statsfigures builds on this module's figures and sections.
    from generator.model.statsfigures import directive_sections

    sections += directive_sections(site, published, areas, bool(counter.lists_note))
    if site.clusters:
        from generator.model.clusterfigures import cluster_sections

        for section in cluster_sections(site):
            section.anchor = f"tk-{section.id.replace('_', '-')}"
            sections.append(section)

    by_province: dict[str, list[Entry]] = defaultdict(list)
    for entry in published:
        if entry.locality.current_province is not None:
            by_province[province_key(entry.locality.current_province)[0]].append(entry)
    provinces = {}
    for slug, entries in sorted(by_province.items()):
        name = entries[0].locality.current_province
        facet = (FACET_PROVINCE, name.full_name if name is not None else slug)
        local = _Counter(site, entries, areas, (facet,))
        # The province's own lists: those of its authorities (`decision_province`).
        local.decisions = [
            (d, n) for d, n in counter.decisions if (decision_province(d) or ("",))[0] == slug
        ]
        compact = [
            local.by_level("province_level"),
            local.by_kind("province_kind"),
            local.by_work_role("province_work_role", per_level=False),
            local.by_area_coverage("province_area"),
        ]
        lists = sum(1 for _d, n in local.decisions if n)
        if lists:
            for section in compact[:2]:  # level and kind: the sections that add lists
                section.note = _notes(
                    section.note,
                    f"Gồm cả danh sách của {lists} quyết định do cơ quan trên địa bàn ban hành.",
                )
        for section in compact:
            section.anchor = f"tk-{section.id.replace('_', '-')}"
        provinces[slug] = compact

    members: dict[str, list[Entry]] = defaultdict(list)
    for entry in published:
        for slug in entry.campaign_slugs:
            members[slug].append(entry)
    campaigns = {
        slug: campaign_sections(site, slug, members[slug], areas, counter.decisions)
        for slug in sorted(site.campaigns)
    }
    reached = set(by_province)
    return SiteStatistics(
        today=today,
        profiles=len(published),
        awards=len(counter.pairs),
        listed=counter.total - len(counter.pairs),
        decisions=len(site.decisions),
        revoked=len(revocations),
        provinces_reached=len(reached),
        provinces_total=len(site.admin.provinces(NEW_ERA)),
        unknown_places=sum(1 for e in published if e.locality.form == "unknown"),
        foreign=sum(1 for e in published if e.locality.form == "foreign"),
        sections=sections,
        revocations=revocations,
        area_sources=_area_sources(site, published, classifier, areas),
        unsourced_areas=_unsourced_areas(site, published),
        provinces=provinces,
        campaigns=campaigns,
    )


def _area_sources(
    site: Site,
    published: list[Entry],
    classifier: AreaClassifier,
    areas: dict[str, dict[str, set[str]]],
) -> list[AreaSource]:
    """The sources of area classes, each with the number of published profiles it classed."""
    used: Counter[str] = Counter()
    for found in areas.values():
        for source in set().union(*found.values()):
            used[source] += 1
    sources = [
        AreaSource(
            "auto",
            "auto",
            "Tự động: các đặc khu hiện nay và các huyện đảo trước ngày 01/07/2025 đã trở thành "
            "đặc khu (theo danh mục đơn vị hành chính)",
            ("island",),
            used["auto"],
            codes=len(classifier.zones),
        ),
        AreaSource(
            "profile",
            "profile",
            "Biên tập viên ghi trong hồ sơ (trường locality.area), căn cứ quyết định phân loại xã",
            tuple(sorted({a for e in published for a in e.profile.locality.area})),
            used["profile"],
        ),
    ]
    for i, area_list in enumerate(site.config.area_lists):
        unknown = sum(
            1
            for code in area_list.codes
            if (unit := site.admin.by_code(area_list.era, code)) is None or unit.level != COMMUNE
        )
        sources.append(
            AreaSource(
                f"list-{i}",
                "list",
                area_list.source,
                (area_list.area,),
                used[f"list-{i}"],
                codes=len(set(area_list.codes)),
                unknown_codes=unknown,
                era=area_list.era,
                url=area_list.url,
            )
        )
    return sources


def _unsourced_areas(site: Site, published: list[Entry]) -> list[str]:
    """Area kinds that no source classifies at all (island always has the automatic one)."""
    covered = {"island"}
    covered |= {area_list.area for area_list in site.config.area_lists}
    covered |= {a for e in published for a in e.profile.locality.area}
    return [area for area in AREA_LABELS if area not in covered]


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
