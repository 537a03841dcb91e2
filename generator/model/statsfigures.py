"""Figures the directives ask for beside the statistics page's own: over-awarding, and who is
honoured over time (issue #20).

The directives ask that commendation not be "tràn lan" (spread widely) nor follow rank, that
it reach small collectives and frontline workers, and Law 06/2022 Art. 5 adds gender
equality. These sections show:

- awards per issuing authority and per unit in one year (the largest first), and relative to
  a unit's size where ``unit_sizes`` in site_config.yml gives it;
- year x work role, year x area class, the scale of collectives, the commendation type of
  Art. 8 per level (a high share of "quá trình cống hiến" means rank is being rewarded) and
  the share of women per level and per year.

Like `generator.model.statistics`, only published entries and awards in force count, and only
recorded facts: a gender, a scale or a commendation type that is not recorded is a row of its
own ("chưa ghi"), never guessed from a name. The one inference is stated on the page: a
collective whose name starts with tổ, đội, thôn, bản, ấp… (the unit types of a small
collective) is small when its profile does not say.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from generator.model import overawarding
from generator.model.entries import KIND_NAMES, KIND_ROLLS, Entry, Site
from generator.model.labels import FACET_KIND, FACET_LEVEL, FACET_YEAR
from generator.model.statistics import (
    AREA_COVERAGE_LABELS,
    AREA_LABELS,
    LISTS_NOT_COUNTED,
    ROLE_ROLLS,
    UNKNOWN,
    WORK_ROLE_LABELS,
    Figure,
    Link,
    Section,
    Stack,
    join_notes,
    search_link,
    share,
)
from generator.source.documents import COMMENDATION_TYPES
from generator.vntext import nfc

if TYPE_CHECKING:
    from generator.model.statcounts import Counts

# First words of a small collective's name (Vietnamese lower case, NFC): tổ (tổ dân phố, tổ
# sản xuất, tổ công đoàn), đội, and the village units of every region.
SMALL_WORDS = frozenset(
    ("tổ", "đội", "thôn", "bản", "ấp", "xóm", "buôn", "làng", "phum", "sóc", "khóm", "plei")
)
SCALE_LABELS = {
    "small": "Tập thể nhỏ (tổ, đội, thôn, bản, ấp, tổ dân phố…)",
    "large": "Tập thể khác đã ghi quy mô",
    UNKNOWN: "Chưa ghi quy mô",
}
SCALE_ROLLS = {
    "small": ("danh-sach/quy-mo/tap-the-nho/", "Tập thể nhỏ: tổ, đội, thôn, bản, ấp, tổ dân phố"),
    "large": ("danh-sach/quy-mo/tap-the-lon/", "Tập thể lớn (theo quy mô ghi trong hồ sơ)"),
}
TYPE_LABELS = {key: vi for key, (vi, _en) in COMMENDATION_TYPES.items()}
TYPE_LABELS[UNKNOWN] = "Chưa ghi loại khen thưởng"
TYPE_ROLL = "danh-sach/loai-khen-thuong/"
GENDER_LABELS = {"female": "Nữ", "male": "Nam", UNKNOWN: "Chưa ghi giới tính"}
_FIRST_WORD = re.compile(r"\w+")


def collective_scale(entry: Entry) -> str:
    """ "small", "large" or UNKNOWN: the profile's `scale`, else "small" when a collective's
    name starts with a small unit's word; individuals and households have none (UNKNOWN)."""
    profile = entry.profile
    if profile.kind not in ("collective", "model"):
        return UNKNOWN
    if profile.scale is not None:
        return profile.scale
    first = _FIRST_WORD.match(nfc(entry.display_name).lower())
    return "small" if first is not None and first.group() in SMALL_WORDS else UNKNOWN


def _stack(
    key: str,
    label: str,
    counts: Counter[str],
    labels: dict[str, str],
    link: Link | None = None,
    links: Callable[[str], Link | None] | None = None,
) -> Stack:
    """One group: every series of `labels` in order (zeros kept, so the columns line up)."""
    total = sum(counts.values())
    rows = tuple(
        Figure(
            k,
            text,
            counts.get(k, 0),
            share(counts.get(k, 0), total),
            links(k) if links is not None and counts.get(k) and k != UNKNOWN else None,
        )
        for k, text in labels.items()
    )
    return Stack(key, label, total, rows, link)


class DirectiveFigures:
    """Builds the sections of issue #20 from the published entries (`entries`, in the roll's
    order) and their awards, as `counts` has them (counted here when not given)."""

    def __init__(
        self,
        site: Site,
        entries: Sequence[Entry],
        counts: Counts | None = None,
        lists_counted: bool = False,
    ) -> None:
        from generator.model.statcounts import count_entries  # builds on this module

        self.site = site
        self.entries = entries
        self.counts = counts if counts is not None else count_entries(site, entries, {})
        self.pair_count = self.counts.number("pairs")
        self.levels = {key: label.vi for key, label in site.taxonomy.levels.items()}
        self.years = sorted(int(year) for year in self.counts.totals.get("year", {}))
        # Decisions' lists give no gender, unit, role or place per person: said once per section.
        self.lists_note = LISTS_NOT_COUNTED if lists_counted else ""
        # Each group's spelling once: a row asks for it for its label and its link, and a tie
        # walks the roll's facts (~100,000 at 100,000 profiles, issue #21).
        self._spelled: dict[tuple[str, str], str] = {}

    def spelling(self, name: str, key: str) -> str:
        """How the group `key` of issuers ("issuer") or units ("unit") is shown: its most
        frequent spelling, ties by the one met first in the roll's order."""
        found = self._spelled.get((name, key))
        if found is None:
            found = self._spelled[name, key] = self.counts.spelling(name, key, self.entries)
        return found

    def sections(self) -> list[Section]:
        """Every section, in page order."""
        return [
            overawarding.by_issuer_year(self),
            overawarding.by_unit_year(self),
            overawarding.by_unit_size(self),
            self.by_year_work_role(),
            self.by_year_area_coverage(),
            self.by_year_area(),
            self.by_collective_scale(),
            self.by_commendation_type(),
            self.women_by_level(),
            self.women_by_year(),
        ]

    # --- links --------------------------------------------------------------------------------

    def year_link(self, year: str, *facets: tuple[str, str]) -> Link:
        return search_link((FACET_YEAR, year), *facets)

    def level_facet(self, level: str) -> tuple[str, str]:
        return FACET_LEVEL, self.levels.get(level, level)

    def note(self, *notes: str) -> str:
        """The notes given, and that decisions' lists are not counted here when they are."""
        return join_notes(*notes, self.lists_note)

    # --- who is honoured, over time -----------------------------------------------------------

    def _by_year(self, name: str, labels: dict[str, str], *facets: tuple[str, str]) -> list[Stack]:
        per_year = self.counts.by_group(name)
        return [
            _stack(str(year), str(year), per_year[year], labels, self.year_link(str(year), *facets))
            for year in self.years
            if year in per_year
        ]

    def _overall(
        self,
        name: str,
        labels: dict[str, str],
        label: str,
        links: Callable[[str], Link | None] | None = None,
        link: Link | None = None,
    ) -> Stack:
        counts: Counter[str] = Counter()
        for (_group, key), n in self.counts.totals.get(name, {}).items():
            counts[key] += n
        return _stack("all", label, counts, labels, link, links)

    def _by_level(self, name: str, labels: dict[str, str], *facets: tuple[str, str]) -> list[Stack]:
        per_level = self.counts.by_group(name)
        return [
            _stack(
                level,
                title,
                per_level[level],
                labels,
                search_link(self.level_facet(level), *facets),
            )
            for level, title in self.levels.items()
            if per_level.get(level)
        ]

    def _pairs_of(self, name: str) -> int:
        """Awards in force counted by `name` (one series key per award: its total)."""
        return sum(self.counts.totals.get(name, {}).values())

    def by_year_work_role(self) -> Section:
        overall = self._overall("year_role", WORK_ROLE_LABELS, "Tất cả các năm", self._role_link)
        return Section(
            "year_work_role",
            "Người trực tiếp sản xuất và người lãnh đạo, quản lý theo năm",
            "Vị trí công việc",
            "lượt khen thưởng",
            self.pair_count,
            list(overall.rows),
            "stacked",
            stacks=[overall, *self._by_year("year_role", WORK_ROLE_LABELS)],
            stack_column="Năm khen thưởng",
            note=self.note(
                "Theo vị trí công việc ghi trong hồ sơ; hồ sơ không ghi được tính là “chưa rõ”."
            ),
        )

    @staticmethod
    def _role_link(role: str) -> Link | None:
        return Link(f"danh-sach/vi-tri/{ROLE_ROLLS[role][0]}/") if role in ROLE_ROLLS else None

    def by_year_area_coverage(self) -> Section:
        overall = self._overall("year_coverage", AREA_COVERAGE_LABELS, "Tất cả các năm")
        return Section(
            "year_area_coverage",
            "Khen thưởng đến vùng biên giới, hải đảo, miền núi, đặc biệt khó khăn theo năm",
            "Địa bàn",
            "lượt khen thưởng",
            self.pair_count,
            list(overall.rows),
            "stacked",
            stacks=[overall, *self._by_year("year_coverage", AREA_COVERAGE_LABELS)],
            stack_column="Năm khen thưởng",
            note=self.note(
                "“Chưa được phân loại” không có nghĩa là không thuộc các vùng này (nguồn phân "
                "loại ghi ở mục địa bàn)."
            ),
        )

    def by_year_area(self) -> Section:
        labels = {**AREA_LABELS, UNKNOWN: AREA_COVERAGE_LABELS[UNKNOWN]}
        overall = self._overall("year_area", labels, "Tất cả các năm")
        stacks = [overall, *self._by_year("year_area", labels)]
        # A commune may be both border and mountain: each year's shares are of its awards,
        # not of the (overlapping) sum of its cells.
        per_year = self.counts.count("year")
        fixed = []
        for stack in stacks:
            total = self.pair_count if stack.key == "all" else per_year[stack.key]
            rows = tuple(
                Figure(r.key, r.label, r.value, share(r.value, total), r.link) for r in stack.rows
            )
            fixed.append(Stack(stack.key, stack.label, total, rows, stack.link))
        return Section(
            "year_area",
            "Lượt khen thưởng theo loại địa bàn và năm",
            "Địa bàn",
            "lượt khen thưởng",
            self.pair_count,
            list(fixed[0].rows),
            "table",
            overlapping=True,
            stacks=fixed,
            stack_column="Năm khen thưởng",
            base="Tổng số lượt khen thưởng",
            note=self.note(
                "Một xã có thể vừa là xã biên giới vừa là xã miền núi, nên tổng các tỷ lệ của "
                "một năm có thể vượt 100%; tỷ lệ tính trên số lượt khen thưởng của năm đó."
            ),
        )

    def by_collective_scale(self) -> Section:
        # Awards of collectives and models only (statcounts.iter_parts).
        def links(key: str) -> Link | None:
            return Link(SCALE_ROLLS[key][0]) if key in SCALE_ROLLS else None

        overall = self._overall("level_scale", SCALE_LABELS, "Tất cả các cấp", links)
        facet = (FACET_KIND, KIND_NAMES["collective"])
        return Section(
            "collective_scale",
            "Khen thưởng tập thể nhỏ và tập thể khác, theo cấp",
            "Quy mô tập thể",
            "lượt khen thưởng",
            self._pairs_of("level_scale"),
            list(overall.rows),
            "stacked",
            stacks=[overall, *self._by_level("level_scale", SCALE_LABELS, facet)],
            stack_column="Cấp khen thưởng",
            note=self.note(
                "Lượt khen thưởng tập thể và mô hình. Quy mô theo hồ sơ; hồ sơ "
                "không ghi mà tên bắt đầu bằng Tổ, Đội, Thôn, Bản, Ấp, Xóm, Buôn, Làng, Phum, "
                "Sóc, Khóm, Plei được tính là tập thể nhỏ, còn lại là “chưa ghi quy mô”."
            ),
        )

    def by_commendation_type(self) -> Section:
        def links(key: str) -> Link | None:
            return Link(f"{TYPE_ROLL}{key}/") if key in COMMENDATION_TYPES else None

        overall = self._overall("level_type", TYPE_LABELS, "Tất cả các cấp", links)
        return Section(
            "commendation_type",
            "Loại khen thưởng (Điều 8 Luật Thi đua, khen thưởng) theo cấp",
            "Loại khen thưởng",
            "lượt khen thưởng",
            self.pair_count,
            list(overall.rows),
            "stacked",
            stacks=[overall, *self._by_level("level_type", TYPE_LABELS)],
            stack_column="Cấp khen thưởng",
            note=self.note(
                "Theo loại khen thưởng ghi ở từng quyết định. Tỷ lệ "
                "khen thưởng quá trình cống hiến cao ở một cấp cho thấy khen thưởng theo chức "
                "vụ nhiều hơn theo thành tích."
            ),
        )

    # Awards of individuals only, by the gender their profile records (statcounts.iter_parts).

    def women_by_level(self) -> Section:
        facet = (FACET_KIND, KIND_NAMES["individual"])
        overall = self._overall(
            "level_gender",
            GENDER_LABELS,
            "Tất cả các cấp",
            link=Link(f"danh-sach/{KIND_ROLLS['individual']}/"),
        )
        return Section(
            "women_level",
            "Nữ và nam được khen thưởng, theo cấp",
            "Giới tính",
            "lượt khen thưởng",
            self._pairs_of("level_gender"),
            list(overall.rows),
            "stacked",
            stacks=[overall, *self._by_level("level_gender", GENDER_LABELS, facet)],
            stack_column="Cấp khen thưởng",
            note=self.note(
                "Lượt khen thưởng cá nhân, theo giới tính ghi trong hồ sơ (không suy ra từ "
                "tên); hồ sơ không ghi được tính là “chưa ghi giới tính”. Giới tính không hiện "
                "trên trang của từng người: chỉ các tổng số được công bố."
            ),
        )

    def women_by_year(self) -> Section:
        facet = (FACET_KIND, KIND_NAMES["individual"])
        overall = self._overall("year_gender", GENDER_LABELS, "Tất cả các năm")
        return Section(
            "women_year",
            "Nữ và nam được khen thưởng, theo năm",
            "Giới tính",
            "lượt khen thưởng",
            self._pairs_of("year_gender"),
            list(overall.rows),
            "stacked",
            stacks=[overall, *self._by_year("year_gender", GENDER_LABELS, facet)],
            stack_column="Năm khen thưởng",
            note=self.note("Lượt khen thưởng cá nhân, theo giới tính ghi trong hồ sơ."),
        )


def directive_sections(
    site: Site, published: Sequence[Entry], counts: Counts, lists_counted: bool = False
) -> list[Section]:
    """The sections of issue #20 for the statistics page and its CSV (`counts`: those of
    `published`, statcounts)."""
    sections = DirectiveFigures(site, published, counts, lists_counted).sections()
    for section in sections:
        section.anchor = f"tk-{section.id.replace('_', '-')}"
    return sections


def iter_directive_rolls(
    published: Sequence[Entry],
) -> Iterable[tuple[str, str, str, list[Entry], str]]:
    """(path, title, group, entries, intro) of the rolls these figures link to: collectives
    by scale and people with an award of each commendation type."""
    # One pass over the entries (a pass per scale and per type, each scanning every entry's
    # awards, grew with the roll on every edit that makes the listings again, issue #21).
    by_scale: dict[str, list[Entry]] = defaultdict(list)
    by_type: dict[str | None, list[Entry]] = defaultdict(list)  # None: no type recorded
    for e in published:
        by_scale[collective_scale(e)].append(e)
        for found in dict.fromkeys(a.record.commendation_type for a in e.active_awards):
            by_type[found].append(e)
    for scale, (path, title) in SCALE_ROLLS.items():
        entries = by_scale.get(scale, [])
        if entries:
            intro = "Theo quy mô ghi trong hồ sơ, hoặc theo tên (tổ, đội, thôn, bản, ấp…)"
            yield path, title, "Theo quy mô tập thể", entries, intro if scale == "small" else ""
    for kind, (name, _en) in COMMENDATION_TYPES.items():
        entries = by_type.get(kind, [])
        if entries:
            yield f"{TYPE_ROLL}{kind}/", name, "Theo loại khen thưởng", entries, ""
