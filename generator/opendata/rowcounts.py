"""The counts the API's awards and localities documents show, kept from one build to the next.

`api/v1/awards.json` counts the awards in force of every published entry, and
`api/v1/localities.json` how many name each unit, province and country: both read every
entry's row (`CheckRow.awarded`, `place_facts`, `form`) whenever the listings change, ~0.6 s
of the open data's child at 30,000 profiles on an award edit (issue #21). The counts are a
sum over the entries, so an edit's are the last build's less what its changed or departed
entries gave then, plus what they give now (`counted_rows`); what each entry gave is kept
with the counts (`ROW_COUNTS_PART`), under the key of the listings they were counted from.
"""

from __future__ import annotations

import marshal
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.incremental.pagecache import PageCache
from generator.model.checkrows import row_of
from generator.model.entries import Entry
from generator.opendata.jsonapi import PlaceCounts

ROW_COUNTS_PART = "\0row-counts"  # cache path of the counts and what each entry gave

# What one entry gives the counts: its awards in force (ids), the units its place names (era,
# code), today's province (code), its foreign country (name, ISO code), and whether it names
# no place.
Given = tuple[
    tuple[str, ...], tuple[tuple[str, str], ...], str | None, tuple[str, str | None] | None, bool
]


@dataclass
class RowCounts:
    """The published entries' awards in force by id, and their places as `jsonapi` counts
    them; with what each entry gave, by slug."""

    awards: Counter[str] = field(default_factory=Counter)
    units: Counter[tuple[str, str]] = field(default_factory=Counter)
    provinces: Counter[str] = field(default_factory=Counter)
    countries: Counter[tuple[str, str | None]] = field(default_factory=Counter)
    unknown: int = 0
    given: dict[str, Given] = field(default_factory=dict)

    def add(self, found: Given, sign: int = 1) -> None:
        """Count what one entry gives (`sign` -1: take it off)."""
        awards, units, province, country, unknown = found
        _count(self.awards, awards, sign)
        _count(self.units, units, sign)
        if province is not None:
            _count(self.provinces, (province,), sign)
        if country is not None:
            _count(self.countries, (country,), sign)
        self.unknown += sign * unknown

    def places(self) -> PlaceCounts:
        """The places counted, as `jsonapi` reads them."""
        return PlaceCounts(self.units, self.provinces, self.countries, self.unknown)

    def dumps(self) -> bytes:
        """The counts as kept in the cache (`loads`)."""
        counted = (self.awards, self.units, self.provinces, self.countries)
        return marshal.dumps((*(dict(c) for c in counted), self.unknown, self.given))

    @classmethod
    def loads(cls, data: bytes) -> RowCounts | None:
        """Counts `dumps` made (None: damaged or another layout)."""
        try:
            awards, units, provinces, countries, unknown, given = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None
        found: list[Any] = [awards, units, provinces, countries, given]
        if not all(isinstance(part, dict) for part in found) or type(unknown) is not int:
            return None
        return cls(Counter(awards), Counter(units), Counter(provinces), Counter(countries),
                   unknown, given)  # fmt: skip


def _count(counter: Counter[Any], keys: Iterable[Any], sign: int) -> None:
    """Add `sign` to each key's count; a count down to zero is no key (as `Counter` made anew
    from the entries would have it)."""
    for key in keys:
        left = counter[key] + sign
        if left:
            counter[key] = left
        else:
            del counter[key]


def given_by(entry: Entry) -> Given:
    """What `entry` gives the counts, from its row (no profile unpickled)."""
    row = row_of(entry)
    units, province, country = row.place_facts
    awards = tuple(award for award, _year in row.awarded)
    return awards, tuple(units), province, country, row.form == "unknown"


def counted_rows(entries: Sequence[Entry], last: RowCounts | None, steady: set[str]) -> RowCounts:
    """The counts of `entries` (the published ones): from `last` (the last build's, under the
    same context) less what the entries not in `steady` gave then, plus what they give now;
    made from every entry without it."""
    if last is None:
        counts = RowCounts()
        for entry in entries:
            found = counts.given[entry.slug] = given_by(entry)
            counts.add(found)
        return counts
    counts, given = last, last.given
    slugs = set()
    for entry in entries:
        slug = entry.slug
        slugs.add(slug)
        if slug in steady and slug in given:
            continue
        before = given.get(slug)
        if before is not None:
            counts.add(before, -1)
        found = given[slug] = given_by(entry)
        counts.add(found)
    for slug in [s for s in given if s not in slugs]:  # gone, or no longer published
        counts.add(given.pop(slug), -1)
    return counts


def kept_counts(cache: PageCache | None, entries: Sequence[Entry]) -> RowCounts:
    """`counted_rows` of `entries` from the counts kept (`ROW_COUNTS_PART`) under the listings'
    key of the last build whose caches were saved (`PageCache.listings`: the build
    `PageCache.steady` is of), else from every entry."""
    # Kept under the key of the listings they were counted from: those of a build that
    # failed after the open data's child saved them are not the last saved build's.
    listings = cache.listings if cache is not None else ""
    steady = cache.steady if cache is not None else set()
    found = cache.parts.get(ROW_COUNTS_PART) if cache is not None else None
    if found is None or not listings or not steady or found[0] != listings:
        return counted_rows(entries, None, set())
    last = RowCounts.loads(found[1]) if isinstance(found[1], bytes) else None
    try:
        return counted_rows(entries, last, steady)
    except (TypeError, ValueError, KeyError):  # a kept entry's values of another shape
        return counted_rows(entries, None, set())
