"""Partitions of the roll: a slice per today's province, built apart and merged (issue #21).

A slice owns the pages of the profiles whose today's province it is (both editions), that
province's roll pages (``danh-sach/tinh/<province>/…``, its communes' with them), what those
pages alone show (the profiles' own photos and cards, API documents, press kits, the rolls'
workbooks) and the search records of those profiles. Everything else (home, campaigns,
decisions, the other rolls, statistics, open-data indexes, search page, profiles of unknown or
foreign places, proposals, redirects) is the merge's: the partition `SHARED`. The search index
groups its shards by partition in every build, so the slices' shards spliced by the merge give
the single-machine bundle byte for byte (generator.search.index).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.model.checkrows import row_of
from generator.model.entries import Entry, Site
from generator.model.rolls import PROVINCE_INDEX_PATH, iter_rolls, roll_pages
from generator.model.urls import EDITIONS, doc_file, edition_path, profile_path

SHARED = "shared"  # the merge's partition: not a province slug (those have no such word)


def partition_of(entry: Entry) -> str:
    """The partition of a published entry: its today's province's slug, else `SHARED`."""
    # Its row's (model.checkrows): the search index asks of every entry (issue #21).
    return row_of(entry).province or SHARED


def province_partitions(site: Site) -> list[str]:
    """The slices a site has: today's provinces with a published entry, by slug."""
    return sorted({p for e in site.published() if (p := partition_of(e)) != SHARED})


def record_partitions(site: Site) -> dict[str, str]:
    """Each search record's partition by its URL: a profile's is its entry's, any other
    record (campaigns, decisions, pages) is `SHARED` (absent here)."""
    return {profile_path(e.slug): partition_of(e) for e in site.published()}


def slice_pages(site: Site) -> dict[str, set[str]]:
    """The docs/ pages each slice makes, by province: its entries' pages and its rolls' pages
    (every page of each), in every edition; what the merge expects of a slice's manifest."""
    # The paths pages/render.py gives them (a page per entry, `roll.pages` per roll): a slice
    # that made other pages is refused by the merge, so the two cannot drift apart unseen.
    paths: dict[str, list[str]] = {}
    for entry in site.published():
        if (partition := partition_of(entry)) != SHARED:
            paths.setdefault(partition, []).append(profile_path(entry.slug))
    for roll in iter_rolls(site):
        if (partition := roll_partition(roll.path)) in paths:
            paths[partition] += [page.path for page in roll_pages(site, roll).pages]
    languages = EDITIONS if site.config.english_edition else EDITIONS[:1]
    return {
        partition: {doc_file(edition_path(lang, path)) for lang in languages for path in mine}
        for partition, mine in paths.items()
    }


def _unedited(path: str) -> str:
    """A site or docs path without its edition folder ("en/ho-so/x/" -> "ho-so/x/")."""
    for language in EDITIONS[1:]:
        if path.startswith(f"{language}/"):
            return path[len(language) + 1 :]
    return path


def roll_partition(path: str) -> str:
    """The partition of a roll page by its site path (either edition): a province roll's
    and its communes' are the province's, any other is `SHARED`."""
    path = _unedited(path)
    if not path.startswith(PROVINCE_INDEX_PATH):
        return SHARED
    province = path[len(PROVINCE_INDEX_PATH) :].split("/", 1)[0]
    return province or SHARED


@dataclass(frozen=True)
class Part:
    """What one build of a partitioned site makes: a slice (`inside`: only the pages and
    files of `provinces`) or the merge (not `inside`: everything but theirs)."""

    provinces: frozenset[str]
    inside: bool

    @classmethod
    def slice(cls, province: str) -> Part:
        """The slice of one province."""
        return cls(frozenset([province]), inside=True)

    @classmethod
    def merge(cls, provinces: Iterable[str]) -> Part:
        """The merge of slices of `provinces`."""
        return cls(frozenset(provinces), inside=False)

    @property
    def shared(self) -> bool:
        """Whether this part makes the shared pages and files (the merge does)."""
        return not self.inside

    def has(self, partition: str) -> bool:
        """Whether this part makes what belongs to `partition`."""
        return (partition in self.provinces) == self.inside

    def has_entry(self, entry: Entry) -> bool:
        """Whether this part makes the pages and files of one entry alone."""
        return self.has(partition_of(entry))

    def has_roll(self, path: str) -> bool:
        """Whether this part makes the roll page at site path `path`."""
        return self.has(roll_partition(path))
