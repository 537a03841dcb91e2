"""What a build reuses from the last one (pages, parsed sources, memos) and saves for the next."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from generator.commands.assemble import relative
from generator.commands.buildfolder import BUILD_DIR, DOCS_DIR
from generator.commands.inputs import CONTENT_DIR
from generator.incremental import memos
from generator.incremental.buildcache import BuildCache, FileDigests, iter_files
from generator.incremental.keptcounts import KeptCounts
from generator.incremental.memos import saved_memos
from generator.incremental.pagecache import DOCS, PageCache, page_key
from generator.model.checkcache import save_profiles
from generator.model.checkrows import row_of
from generator.model.entries import Entry, Site
from generator.model.keys import listing_digest, make_listings_key
from generator.model.sourcefiles import CLUSTERS_DIR, DocumentCache, save_parses
from generator.search.recordcache import (
    RECORDS_FILE,
    packed_rows,
    records_digest,
    records_names,
    records_sum,
)
from generator.search.records import SearchRecord
from generator.source.config import config_path

PAGES_FILE = "pages.pickle"  # generator.incremental.pagecache.PageCache of the last build
# RECORDS_FILE: its search records (PageCache.records), named by search.recordcache
DOCUMENTS_FILE = "documents.marshal"  # generator.model.sourcefiles.DocumentCache: parsed sources
DOCUMENTS_SINCE_FILE = "documents-since.marshal"  # and those parsed since it was written
HEADERS_FILE = "photo-headers.marshal"  # and what photo headers told (DocumentCache.headers)
# generator.vntext's memo of collation keys, generator.reference.adminunits' of place-name lookups
MEMOS_FILE = "memos.marshal"  # the memos registered with generator.incremental.memos
OPEN_DATA_FILE = "open-data.marshal"  # keys of its per-profile open-data files (PageCache.files)
OPEN_DATA_LINES_FILE = "open-data-lines.marshal"  # the CSV's lines by key (pagecache.KeptParts)
CHECKS_FILE = "checks.marshal"  # each profile's check (generator.model.checkcache.CheckCache)
PROFILES_FILE = "profiles.marshal"  # and the validated profiles, pickled as one (CheckCache)
PROFILES_SINCE_FILE = "profiles-since.marshal"  # and those validated since it was written
# The statistics' counts and each entry's facts (generator.model.statcounts), apart from
# PAGES_FILE: only an edit that makes the listings again reads them (PageCache.counts).
STATISTICS_FILE = "statistics.marshal"
STATISTICS_FACTS_FILE = "statistics-facts.marshal"  # its shards: statistics-facts.<nn>.marshal


@dataclass
class Reuse:
    """What a build reuses from the last one: file digests and rendered pages."""

    digests: FileDigests
    package: str  # package_digest
    pages: PageCache
    store: BuildCache
    documents: DocumentCache
    records: str = ""  # digest of the search records build/search was made from ("": none)
    records_total: int = 0  # and the sum it is made of (`records_digest`), once made
    warm: bool = False  # the page cache was made under this build's context: most pages reused
    records_saved: bool = False  # the search records' cache is saved already (see save_records)
    documents_saved: bool = False  # the parsed sources are saved already (save_documents)

    def same_records(self, records: list[SearchRecord]) -> bool:
        """True if build/search was made from exactly these records; notes them if not."""
        # A record's digest (URL and HTML) is kept with it: a kept record is not decoded.
        self.records_total = records_sum(records)
        names = records_names(records)
        digest = records_digest(self.package, len(records), self.records_total, names)
        same, self.records = digest == self.records, digest
        return same

    def save_documents(self) -> None:
        """Save the parsed sources now that the check is over, and let the saved bytes go."""
        # Held to the build's end for `save_caches`, the parses' marshal bytes were ~3 KB a
        # profile of the build process through MkDocs' phase (issue #21). Each parse is
        # trusted by its file's content digest alone, so a build that fails later leaves a
        # cache as safe as a successful one's.
        documents = self.documents
        save_parses(self.store, DOCUMENTS_FILE, documents.used)
        save_parses(self.store, DOCUMENTS_SINCE_FILE, {})
        documents.let_go()
        self.documents_saved = True

    def save_records(self) -> None:
        """Save the search records' cache now (the records are made) and let it go."""
        # The index needs of the records only their URLs, HTML and sort keys
        # (rendering.indexed_form), and the rows are ~150 bytes a profile (search.recordcache):
        # saved now, nothing of them is held through MkDocs' phase (issue #21).
        self.store.save_marshal(RECORDS_FILE, packed_rows(self.pages.records))
        self.pages.records = {}
        self.records_saved = True

    def order_site(self, site: Site) -> None:
        """Give `site` the last build's published order (`Site.keep_order`), if this very
        code made it: the sort keys are this package's."""
        order = self.pages.order
        if order is not None and order[0] == self.package and len(order[1]) == len(order[2]):
            site.keep_order(order[1], order[2])

    def page_cache(self, root: Path, site: Site, today: dt.date) -> PageCache:
        """The page cache with this build's keys: what every page reads, and each entry."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        content = [
            f"{path.relative_to(root).as_posix()} {self.digests.digest(path, st)}"
            # Clusters are few and read by profile pages (their members'): in the context.
            for folder in (root / CONTENT_DIR, root / CLUSTERS_DIR, config_path(root))
            for path, st in (iter_files(folder) if folder.is_dir() else _one_file(folder))
        ]
        context = page_key(self.package, today.isoformat(), epoch, *content)
        self.warm = bool(self.pages.ledger.rows(DOCS)) and self.pages.context == context
        self.pages.ledger.at(DOCS, str(root / BUILD_DIR / DOCS_DIR))
        self.pages.context = context
        entries: dict[str, str] = {}
        listing: dict[str, tuple[str, str]] = {}
        steady: set[str] = set()
        last = self.pages.inputs or {}
        inputs: dict[str, EntryInputs] = {}
        for entry in site.entries:
            slug, relpath = entry.slug, entry.relpath
            # The photo files from the entry's row (model.checkrows): nothing unpickled.
            paths = row_of(entry).photo_paths
            # A string path, not root / relpath: 10,000 Path objects cost 0.05 s.
            source = self._digest(f"{root}/{relpath}")
            now = (relpath, source, paths, tuple(map(self._digest, paths)) if paths else ())
            inputs[slug] = now
            known = self.pages.listing.get(slug)
            # The digests of an entry made of the inputs the last build made them of are that
            # build's: only the changed entries' are hashed (issue #21: ~4 µs a profile).
            if known is None or last.get(slug) != now:
                made = _entry_digests(entry, root, now)
                known = made if known is None or known[0] != made[0] else known
            if self.warm and known is self.pages.listing.get(slug):
                steady.add(slug)  # the last build's digest, under the same context
            entries[slug] = known[0]
            listing[slug] = known
        self.pages.inputs = inputs
        self.pages.entries, self.pages.listing = entries, listing
        published = site.published()
        self.pages.order = (
            self.package,
            [entry.slug for entry in published],
            [entry.sort_names for entry in published],
        )
        self.pages.steady = steady
        self.pages.listings_now = make_listings_key(site, self.pages)
        self.pages.reused = 0
        folder = self.store.folder
        self.pages.counts = KeptCounts(folder / STATISTICS_FILE, folder / STATISTICS_FACTS_FILE)
        return self.pages

    def _digest(self, path: Path | str) -> str:
        taken = self.digests.taken(str(path))  # a source digest_inputs read: not stat'ed again
        if taken is not None:
            return taken[2]
        try:
            return self.digests.digest(path, os.lstat(path))
        except OSError:
            return "-"


# What an entry's page keys are made of besides the context: its source's path and digest, its
# photo files and their digests.
EntryInputs = tuple[str, str, tuple[str, ...], tuple[str, ...]]


def _entry_digests(entry: Entry, root: Path, inputs: EntryInputs) -> tuple[str, str]:
    """An entry's digest (`PageCache.entries`) and its listing digest (`listing_digest`)."""
    relpath, source, paths, digests = inputs
    photos = [
        f"{relative(Path(path), root)} {digest}"
        for path, digest in zip(paths, digests, strict=True)
    ]
    return page_key(relpath, source, *photos), listing_digest(entry, *photos)


def _one_file(path: Path) -> list[tuple[Path, os.stat_result]]:
    return [(path, path.lstat())] if path.exists() else []


def save_caches(cache: BuildCache, reuse: Reuse, package: str, memo_size: tuple[int, ...]) -> None:
    """Save the page cache, the search records, the parsed sources and the memos."""
    records, reuse.pages.records = reuse.pages.records, {}
    # The steady slugs and the listings' key are this build's alone: the next one makes its
    # own; the counts have a file of their own, written only by a build that counted them.
    steady, reuse.pages.steady = reuse.pages.steady, set()
    now, reuse.pages.listings_now = reuse.pages.listings_now, None
    counts, reuse.pages.counts = reuse.pages.counts, None
    try:
        cache.save_object(PAGES_FILE, reuse.pages)
        if not reuse.records_saved:
            cache.save_marshal(RECORDS_FILE, packed_rows(records))
    finally:
        reuse.pages.records, reuse.pages.steady = records, steady
        reuse.pages.counts, reuse.pages.listings_now = counts, now
    if counts is not None:
        counts.flush()
    if not reuse.documents_saved:
        whole, since = reuse.documents.saved()
        if whole is not None:  # else the one saved stays: see DocumentCache.saved
            save_parses(cache, DOCUMENTS_FILE, whole)
        save_parses(cache, DOCUMENTS_SINCE_FILE, since)
    if reuse.documents.checked is not None:
        cache.save_marshal(CHECKS_FILE, reuse.documents.checked.used)
        whole, since = reuse.documents.checked.saved_profiles()
        if whole is not None:  # else the one saved stays: see CheckCache.saved_profiles
            save_profiles(cache, PROFILES_FILE, whole)
        save_profiles(cache, PROFILES_SINCE_FILE, since)
    if reuse.documents.headers_used != reuse.documents.headers:
        cache.save_marshal(HEADERS_FILE, reuse.documents.headers_used)
    if memos.sizes() != memo_size:  # memos only grow: the same sizes, the same memos
        cache.save_marshal(MEMOS_FILE, {"package": package, "memos": saved_memos()})
