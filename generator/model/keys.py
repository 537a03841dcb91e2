"""What the outputs made from many entries read of each entry: the keys that decide their reuse."""

from __future__ import annotations

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


def listings_key(site: Site, cache: PageCache | None) -> str | None:
    """The key of every page and file made from many entries: from what they read of each
    entry (`listing_digest`), in the model's order, the decisions, and the context (None: no
    cache)."""
    if cache is None or not cache.context:
        return None
    facts = []
    for entry in site.entries:
        digest = cache.listing.get(entry.slug)
        if digest is None:
            return None
        facts.append(f"{entry.relpath}\0{digest[1]}")
    # Decisions are pages and figures of the listings: what they read is their source.
    facts += [f"{found.relpath}\0{found.doc.data!r}" for found in site.decisions]
    return page_key(cache.context, "listings", *facts)
