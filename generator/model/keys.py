"""What the outputs made from many entries read of each entry: the keys that decide their reuse."""

from __future__ import annotations

from collections.abc import Iterable

from generator.incremental.pagecache import PageCache, page_key
from generator.model.entries import Entry, Site

# Fields of a profile read only by what is made from that one profile (its page, API document,
# press kit, search record) and by the feeds (made with the open data, not kept this way): no
# listing, index, statistic, campaign or home page reads them, so editing them keeps those
# (PageCache.listing). tests/test_incremental.py checks that changing them changes no such page.
OWN_PAGE_ONLY = frozenset({"summary", "story", "sources"})


def listing_digest(entry: Entry, *files: str) -> str:
    """A digest of an entry as pages made from many entries read it: its source without the
    fields of `OWN_PAGE_ONLY`, and `files` (its photos' digests)."""
    data = {k: v for k, v in entry.doc.data.items() if k not in OWN_PAGE_ONLY}
    return page_key(entry.relpath, repr(data), *files)


def listing_digests(cache: PageCache | None, entries: Iterable[Entry]) -> list[str] | None:
    """The `listing_digest` of each of `entries` as the build's page keys made it (None: no
    cache or context, or an entry unknown to `cache`): what every key of a page or file made
    from many entries is made of."""
    if cache is None or not cache.context:
        return None
    known = cache.listing
    digests = []
    for entry in entries:
        found = known.get(entry.slug)
        if found is None:
            return None
        digests.append(found[1])
    return digests


def make_listings_key(site: Site, cache: PageCache) -> str | None:
    """The key of every page and file made from many entries: from what they read of each
    entry (`listing_digest`), in the model's order, the decisions, and the context (None: an
    entry unknown to `cache`, or no context)."""
    digests = listing_digests(cache, site.entries)
    if digests is None:
        return None
    facts = [f"{e.relpath}\0{d}" for e, d in zip(site.entries, digests, strict=True)]
    # Decisions are pages and figures of the listings: what they read is their source.
    facts += [f"{found.relpath}\0{found.doc.data!r}" for found in site.decisions]
    return page_key(cache.context, "listings", *facts)


def listings_key(site: Site, cache: PageCache | None) -> str | None:
    """`make_listings_key`: the one this build's page keys made (`PageCache.listings_now`),
    else made now (None: no cache)."""
    if cache is None:
        return None
    if cache.listings_now is not None:
        return cache.listings_now
    return make_listings_key(site, cache)
