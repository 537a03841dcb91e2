"""The search page's facet values of an edit: the last build's counts of each value among the
profiles' records, adjusted by the records of the profiles that changed.

The search page lists every value of each facet among the records (`searchpage.facet_values`).
Found by a pass over every record, an edit that makes the listings again (an award, a name, a
new profile) keyed and read the record of every profile: ~1.9 s of 35 at 30,000 profiles
under the profiler, growing with the roll (issue #21). Here a count per value is kept from
build to build (`FacetCounts`, in the page cache), with what each profile's record was made
from (its entry's digest and its thumbnail: with the context, what its key is made of,
`PageCache.entry_key`) and its values; an edit takes out the values of the profiles whose
record changed or left, and puts in those of their records now.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from generator.incremental.pagecache import PageCache
from generator.model.entries import Site
from generator.search.recordcache import RecordRow, kept_filters
from generator.search.records import (
    FACETS,
    iter_other_records,
    profile_record,
    record_ranks,
)
from generator.search.searchpage import FacetValues

# Per slug: its entry's digest, its thumbnail ("" none), its record's facet values as their
# places in `FacetCounts.values`.
Counted = dict[str, tuple[str, str, tuple[int, ...]]]


@dataclass
class FacetCounts:
    """The facet values of the profiles' records as a build counted them."""

    context: str  # the context they were made under (`PageCache.context`)
    values: list[tuple[str, str]]  # (facet, value), each once
    counts: list[int]  # of each of `values`, how many profiles' records hold it
    profiles: bytes  # marshal bytes of `Counted`: unmarshalled by the build that reads them


def counted_facet_values(
    site: Site,
    docs: Mapping[str, str],
    thumbnails: Mapping[str, str],
    cache: PageCache,
    rows: Callable[[], Mapping[str, RecordRow]] | None = None,
) -> FacetValues:
    """The values of each facet among every record `iter_search_records` makes with `cache`
    (what `facet_values` of them gives): the profiles' from the counts the last build kept
    (`cache.facets`), a profile's record made again (or taken from its row) only where its
    entry, its thumbnail or the context changed; the counts kept for the next build.

    `rows`: gives the records' rows (else `cache.records`'), asked only when the counts kept
    are not taken."""
    published, campaigns, pages, width = record_ranks(site, docs)
    kept = cache.facets
    taken = isinstance(kept, FacetCounts) and kept.context == cache.context and cache.context
    if isinstance(kept, FacetCounts) and taken:
        values, counts = list(kept.values), list(kept.counts)
        profiles: Counted = marshal.loads(kept.profiles)
    else:
        values, counts, profiles = [], [], {}
    place = {value: index for index, value in enumerate(values)}
    digests = cache.entries
    known_rows: Mapping[str, RecordRow] | None = cache.records if rows is None else None
    seen: set[str] = set()
    for rank, entry in enumerate(published):
        slug = entry.slug
        seen.add(slug)
        digest = digests.get(slug)
        thumbnail = thumbnails.get(slug) or ""
        last = profiles.get(slug)
        if last is not None and digest is not None and last[0] == digest and last[1] == thumbnail:
            continue  # its record's key is the one counted: so are its values
        found = None
        if last is not None:
            for index in last[2]:
                counts[index] -= 1
        elif not taken:
            # The counts were made under another context (or none): its row may be under
            # this build's key. Of counts taken, a profile counted under another digest or
            # thumbnail changed, and one not counted is new: their rows, if any, are the
            # last build's, under other keys, and the rows (every profile's, ~0.3 KB each)
            # are not read for them (issue #21).
            key = cache.entry_key(slug, "record", thumbnail)
            if key is not None:
                if known_rows is None and rows is not None:
                    known_rows = rows()
                found = kept_filters(known_rows.get(slug) if known_rows else None, key)
        if found is None:
            found = profile_record(site, entry, rank, width, thumbnail or None).filters
        held = []
        for name, some in found.items():
            for value in some:
                found_at = place.get((name, value))
                if found_at is None:
                    found_at = place[name, value] = len(values)
                    values.append((name, value))
                    counts.append(0)
                index = found_at
                counts[index] += 1
                held.append(index)
        # An entry not tracked (no digest) is counted, never taken as counted next time.
        profiles[slug] = (digest or "", thumbnail, tuple(held))
    for slug in [slug for slug in profiles if slug not in seen]:
        for index in profiles.pop(slug)[2]:
            counts[index] -= 1
    found_values: FacetValues = {name: set() for name in FACETS}
    for (name, value), count in zip(values, counts, strict=True):
        if count > 0:
            found_values[name].add(value)
    for record in iter_other_records(site, campaigns, pages, len(published), width):
        for name, some in record.filters.items():
            found_values[name].update(some)
    if cache.context:
        # Values no record holds any more are dropped: the table stays the values in use.
        live = [index for index, count in enumerate(counts) if count > 0]
        if len(live) < len(values):
            renumber = {old: new for new, old in enumerate(live)}
            values = [values[index] for index in live]
            counts = [counts[index] for index in live]
            profiles = {
                slug: (digest, thumbnail, tuple(renumber[index] for index in held))
                for slug, (digest, thumbnail, held) in profiles.items()
            }
        cache.facets = FacetCounts(cache.context, values, counts, marshal.dumps(profiles))
    return found_values
