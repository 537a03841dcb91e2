"""Area classes of a place: border, island, mountain, especially disadvantaged, and the sources.

The law's priority for remote areas is measured by place (DOMAIN.md). A place is classed by
three sources, each stated on the statistics page: the profile's own ``locality.area`` (set by
editors from the decision that classes the commune), island units derived from the
administrative table (today's special zones and the old districts that became them), and
``area_lists`` in site_config.yml pasted from official decisions.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from generator.model.entries import Entry, Site
from generator.reference.adminunits import COMMUNE, DISTRICT, NEW_ERA, OLD_ERA, AdminUnits

SPECIAL_ZONE = "Đặc khu"


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


class AreaClassifier:
    """Finds the area classes of an entry's place and which source gave each."""

    def __init__(self, site: Site) -> None:
        admin = site.admin
        self.admin = admin
        self.zones, self.old_islands = _island_units(admin)
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


# One table a process (load_admin_units): its islands found once, not by each classifier
# (the rolls, the counts and the statistics each make one on an edit; ~10 ms each).
@functools.lru_cache(maxsize=4)
def _island_units(admin: AdminUnits) -> tuple[frozenset[str], frozenset[str]]:
    """Today's special zones, and the old units that became them."""
    zones = {u.code for u in admin.units(NEW_ERA, COMMUNE) if u.type == SPECIAL_ZONE}
    return frozenset(zones), frozenset(_old_island_units(admin, zones))


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


def area_sources(site: Site, used: Counter[str], profile_areas: Iterable[str]) -> list[AreaSource]:
    """The sources of area classes, each with the number of published profiles it classed
    (`used`, by source id); `profile_areas`: the areas profiles' own `locality.area` give."""
    sources = [
        AreaSource(
            "auto",
            "auto",
            "Tự động: các đặc khu hiện nay và các huyện đảo trước ngày 01/07/2025 đã trở thành "
            "đặc khu (theo danh mục đơn vị hành chính)",
            ("island",),
            used["auto"],
            codes=len(_island_units(site.admin)[0]),  # today's special zones
        ),
        AreaSource(
            "profile",
            "profile",
            "Biên tập viên ghi trong hồ sơ (trường locality.area), căn cứ quyết định phân loại xã",
            tuple(sorted(profile_areas)),
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


def unsourced_areas(site: Site, profile_areas: Iterable[str], kinds: Iterable[str]) -> list[str]:
    """Those of the area `kinds` that no source classifies at all (island always has the
    automatic one; `profile_areas`: those profiles' own `locality.area` give)."""
    covered = {"island"}
    covered |= {area_list.area for area_list in site.config.area_lists}
    covered |= set(profile_areas)
    return [area for area in kinds if area not in covered]
