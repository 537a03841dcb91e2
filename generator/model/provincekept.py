"""The province rolls of an edit: those none of whose entries changed taken as the last build's.

A province roll groups its entries by today's commune, and each commune too small for a page
of its own is linked on the province roll's page showing its first row: the roll is cut into
pages where it is grouped, every row's key hashed (generator.model.rollpages), for each of the
34 provinces on every edit that makes the listings again, though an award edit changes one
entry's province (issue #21). A province roll's rows are a function of its entries' rows
(`CheckRow.province`, `communes`) and of the shipped unit table, in that order: when every one
of its entries is the last build's (`PageCache.steady`) and their number is the same, its
rows are the last build's, so are its pages and where its small communes are linked. Those
links are kept here (`ProvinceLinks`), and such a roll and its communes' rolls are marked
steady (`Roll.steady`: the render keeps them without looking up each row).
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, field

from generator.incremental.pagecache import PageCache
from generator.model.entries import Site

# Of each province roll by path: its rows then, and the page each of its communes without a
# page of their own was linked on (in its communes' order).
Links = dict[str, tuple[int, tuple[str, ...]]]


@dataclass
class ProvinceLinks:
    """Where the last build that grouped the province rolls linked their small communes, with
    the listings' key it grouped them under and the configuration that cut them."""

    listings: str
    cut: tuple[int, int, int]  # page_size, rolls.letter_pages, rolls.commune_page_min
    links: Links = field(default_factory=dict)


@dataclass
class ProvinceKeeping:
    """What `iter_province_rolls` reads of the last build's province rolls (`last`, kept
    while their entries are `steady`) and notes of this build's (`now`)."""

    last: Links
    steady: Set[str]
    now: Links = field(default_factory=dict)

    def kept_links(self, path: str, slugs: list[str]) -> tuple[str, ...] | None:
        """The pages the last build linked the small communes of the province roll at `path`
        on, if its entries (`slugs`) are all the last build's and as many (else None)."""
        last = self.last.get(path)
        if last is None or last[0] != len(slugs):
            return None
        steady = self.steady
        if not all(slug in steady for slug in slugs):
            return None
        return last[1]


def roll_cut(site: Site) -> tuple[int, int, int]:
    """What of the configuration decides a province roll's pages and its communes' links."""
    rolls = site.config.rolls
    return (site.config.page_size, rolls.letter_pages, rolls.commune_page_min)


def province_keeping(site: Site, pages: PageCache | None) -> ProvinceKeeping:
    """The keeping of this build's province rolls: the last build's links when they are of the
    listings that build rendered (`pages.listings`) and cut alike, with `pages.steady`."""
    kept = pages.kept_provinces if pages is not None else None
    if (
        pages is not None
        and pages.steady
        and isinstance(kept, ProvinceLinks)
        and kept.listings == pages.listings
        and kept.cut == roll_cut(site)
    ):
        return ProvinceKeeping(kept.links, pages.steady)
    return ProvinceKeeping({}, frozenset())


def kept_provinces(
    site: Site, listings: str | None, keeping: ProvinceKeeping
) -> ProvinceLinks | None:
    """What the next build keeps of this build's province rolls (None: no listings' key)."""
    return ProvinceLinks(listings, roll_cut(site), keeping.now) if listings is not None else None
