"""Render phase: the pages rendered while a child writes the open data; the search index.

The search index is made by a child forked before the pages render when most of them are
reused, else by a thread the build starts once MkDocs' child is forked.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from generator.commands.buildfolder import (
    BUILD_DIR,
    DOCS_DIR,
    WrittenDocs,
    WrittenFiles,
    write_build_folder,
)
from generator.commands.outcome import BuildError, BuildResult
from generator.commands.processes import Forked, Job, Threaded
from generator.commands.reuse import OPEN_DATA_FILE, OPEN_DATA_LINES_FILE, Reuse
from generator.commands.today import resolve_today
from generator.commands.trash import trash_or_remove
from generator.images.jobs import ImageResult
from generator.images.stage import process_site_images
from generator.incremental import lasting
from generator.incremental.pagecache import DOCS, PageCache
from generator.incremental.shardedparts import ShardedParts
from generator.model.entries import Site
from generator.model.keys import listings_key
from generator.model.partition import record_partitions
from generator.model.profilechecks import check_dates
from generator.model.rolls import Roll
from generator.model.rollsplice import group_rolls
from generator.model.site import build_site
from generator.model.urls import ABOUT_PATH, doc_file, edition_path
from generator.output import Rendered
from generator.pages.mkdocsconfig import render_mkdocs_config
from generator.pages.render import render_about_page, render_site
from generator.progress import SILENT, Progress
from generator.search.englishnames import (
    AWARD_NAMES_EN,
    SYNONYMS_EN,
    english_award_names,
    english_synonyms,
)
from generator.search.facetcounts import counted_facet_values
from generator.search.index import SHARDS_DIR, write_layout
from generator.search.pagefind import IndexStats
from generator.search.plan import index_by_plan, kept_plan, load_plan, plan_of, save_plan
from generator.search.recordcache import RECORDS_FILE, packed_rows, unpacked_rows
from generator.search.records import (
    INDEX_DIR,
    SEARCH_DOC,
    SearchRecord,
    iter_search_records,
    thumbnails_from,
)
from generator.search.searchpage import FacetValues, facet_values, render_search_page
from generator.templating.sanitise import forget_sanitised

# The open data's kept lines (OPEN_DATA_LINES_FILE) are in this many files, an edit writing
# the one of the profile it changed: ~140 KB each at 1,000 profiles, ~14 MB at 100,000.
LINES_SHARDS = 64

# What the open data's child gives back: the paths it wrote or kept in build/files, what it
# read and put of the lasting memos, the paths whose bytes it wrote.
OpenDataMade = tuple[list[str], dict[str, lasting.Handed], list[str]]

# What indexing gives back: the digest of the records indexed (from the child that made them)
# and the indexing figures (None: the records were unchanged, nothing indexed).
Indexed = tuple[str, IndexStats | None]


def search_changes(stats: IndexStats | None) -> frozenset[str] | None:
    """The paths under build/search that indexing wrote or removed (`Indexed`'s figures; as
    the engine's under build/site), for the assembly of site/; None: not known (walk it)."""
    if stats is None:
        return frozenset()  # the records were unchanged: build/search was not touched
    if stats.changed_paths is None:
        return None
    return frozenset(f"{INDEX_DIR}/{rel}" for rel in stats.changed_paths)


def render_outputs(
    root: Path,
    today: dt.date | None,
    clean: bool,
    files_dir: Path | None = None,
    cache: Reuse | None = None,
    index_dir: Path | None = None,
    progress: Progress = SILENT,
    stream: Callable[[Site, dt.date, str], WrittenDocs | None] | None = None,
) -> tuple[BuildResult, Rendered | None, OpenDataJob | None, Job[Indexed] | None]:
    """`render_project`, making the open data and the search index alongside when asked."""
    # `stream`: called just before the pages render with the site engine's configuration, it
    # may give the folder they are written into (one that hands them to the site engine as
    # they come: commands.enginefeed).
    # With `files_dir`, a child process writes the open-data files there while this one
    # renders the pages (returned running: the caller waits for it once the site engine is
    # started, which needs none of its files). With `index_dir`, the search index is
    # made there: by a child forked before the pages render when most of them are reused,
    # else by a thread (returned unstarted) that the caller starts once MkDocs is forked.
    started = time.perf_counter()
    progress.stage("check")
    site, report = build_site(root, documents=cache.documents if cache is not None else None)
    result = BuildResult(report=report, site=site)
    result.timings["check"] = time.perf_counter() - started
    if site is not None and cache is not None:
        cache.order_site(site)
    if site is None or report.errors:
        return result, None, None, None
    result.today = day = resolve_today(site, today)
    check_dates(site, result.today, report)
    if report.errors:
        return result, None, None, None
    progress.stage("images")
    with result.timed("images"):
        # Into the cache; published with build/docs.
        images = process_site_images(site, progress=progress)
    result.images = images.stats
    report.extend(images.problems)
    if not images.ok:
        return result, None, None, None
    making = None
    index: Job[Indexed] | None = None
    if files_dir is not None and clean:
        trash_or_remove(root / BUILD_DIR, root)  # now: the child writes into it
        clean = False
    progress.stage("pages")
    with result.timed("page keys"):
        pages = cache.page_cache(root, site, result.today) if cache is not None else None
    # Read by nothing after the keys; before the open data's child is forked (issue #21).
    for entry in site.entries:  # their parsed sources (Document.release): lines stay
        entry.release_source()  # a kept entry's Document not made: released when made
    if cache is not None and not cache.warm:
        # Saved now and let go (issue #21); after one edit a child saves them, off the
        # critical path, beside MkDocs.
        cache.save_documents()
    # The published entries in name order, sorted once before the children are forked (the
    # render sorts them anyway): the search records and the open data read them too, and
    # each child sorted them again (0.1 s at 10,000 profiles, with each entry's sort key).
    site.published()
    rolls = rolls_to_make(site, pages)
    try:
        if files_dir is not None:
            forked = Forked(
                _make_open_data, site, result.today, images, files_dir, cache, rolls, logger=None
            )
            making = OpenDataJob(forked)
        # Search records come from the model (never scraped from pages), so Pagefind can
        # start before the pages are rendered; the search page lists their facets.
        about = {doc_file(ABOUT_PATH): render_about_page(site, result.today)}
        thumbnails = thumbnails_from(images)
        shards = cache.store.folder / SHARDS_DIR if cache is not None else None
        # In a child process (Pagefind's feeder is Python too). When most pages will be
        # reused, indexing is the longest step, so it starts now, and the child makes the
        # records too; otherwise rendering and the open data are, and it waits until they
        # are done (three builds at once would need 2 GB at 10,000).
        early = cache is not None and cache.warm and index_dir is not None
        made: list[SearchRecord] = []
        same = False

        def search_records() -> list[SearchRecord]:
            if not made:  # loaded now: the open data is started
                if pages is not None and cache is not None:
                    pages.records = unpacked_rows(cache.store.load_marshal(RECORDS_FILE))
                made.extend(iter_search_records(site, about, thumbnails, pages, light=early))
            return made

        def search_page_values() -> FacetValues:
            """The values of the records' facets, for the search page."""
            if not early or pages is None or cache is None:
                return facet_values(record.filters for record in search_records())
            # The search page reads only the records' facets: the last build's counts of the
            # values, adjusted by the profiles that changed: not a pass keying every record
            # (issue #21). The records' rows are read only when the kept counts are not
            # taken (another context, or none): a profile may then take its row's values
            # (the child may have saved this build's rows already, atomically: as good).
            store = cache.store
            return counted_facet_values(
                site,
                about,
                thumbnails,
                pages,
                lambda: unpacked_rows(store.load_marshal(RECORDS_FILE)),
            )

        if early and cache is not None and index_dir is not None:
            cache.records_saved = True
            index = Forked(
                _index_records,
                site,
                about,
                thumbnails,
                cache,
                index_dir / INDEX_DIR,
                shards,
                logger=None,
            )
        else:
            with result.timed("search records"):
                records = search_records()
                same = cache is not None and cache.same_records(records)
        # A build writes each page into build/docs as it is made (its text is not kept).
        out = None
        if files_dir is not None:
            # Made once: the engine's environment is its digest (render_site keeps it).
            mkdocs_yml = render_mkdocs_config(site)
            streamed = stream(site, result.today, mkdocs_yml) if stream is not None else None
            written = WrittenDocs(root / BUILD_DIR / DOCS_DIR) if streamed is None else streamed
            out = Rendered(docs=written, mkdocs_yml=mkdocs_yml)

        def more_listings() -> dict[str, str]:
            more = search_pages(site, [], search_page_values())
            if making is not None:  # the data page: the open data's child leaves it to us
                from generator.opendata.datapage import data_pages

                more.update(data_pages(site, day))
            return more

        with result.timed("render"):
            rendered = render_site(
                site, result.today, images, pages, more_listings, out, rolls=rolls
            )
        # The memo of the stories' HTML (render_site empties it as it starts) is read by no
        # later phase here: held through MkDocs' phase, it was 2.5 KB a profile (issue #21).
        forget_sanitised()
        rolls = None  # read by nothing later (a list of rows of every roll)
        result.listings_reused = rendered.listings_reused
        if making is None:
            with result.timed("open data"):
                _add_open_data(rendered, site, result.today, images)
        if index_dir is not None and shards is not None and not early and not same:
            # This process then mostly waits for MkDocs: a thread will feed Pagefind, started
            # by build_project once MkDocs' process is forked.
            digest = cache.records if cache is not None else ""
            partitions = record_partitions(site)
            # With the page cache, the plan an edit's search child starts from (search.plan).
            planned = (site, thumbnails, cache) if cache is not None else None
            index = Threaded(
                _index_sharded, records, digest, index_dir / INDEX_DIR, shards, partitions, planned
            )
        # Written while the open data may still be made.
        with result.timed("write build/"):
            listed = pages.ledger.listed(DOCS) if pages is not None else ""
            result.docs = write_build_folder(root / BUILD_DIR, rendered, clean, images, listed)
        if cache is not None and not early:
            # Once the open data's child is done, the records' cache is saved and let go, and
            # the index keeps of each record what it reads (issue #21, MkDocs' phase): this
            # process's pages touched while the child lives are copied for it.
            if making is not None:
                making.wait(result, rendered)
            cache.save_records()
            records[:] = [indexed_form(record) for record in records]
        if pages is not None:
            pages.record_written(rendered, result.docs.listed)
    except BaseException:
        if index is not None:
            index.discard()
        if making is not None:
            making.discard()
        raise
    result.pages = len(rendered.docs) + len(rendered.kept)
    result.extra_pages = len(rendered.extra)
    result.seconds = time.perf_counter() - started
    return result, rendered, making, index


class OpenDataJob:
    """The open data's child of a build (`_make_open_data`), forked before the pages render
    and waited for once: by the build after the site engine is started (it needs none of the
    child's files, issue #21), or by the render itself before a full build lets go of the
    records."""

    def __init__(self, job: Forked[OpenDataMade]) -> None:
        self.job = job
        self.published: list[str] | None = None

    def wait(self, result: BuildResult, rendered: Rendered) -> list[str]:
        """The paths of the files the child wrote into build/files or kept there; its lasting
        memos taken over, its figures in `result`."""
        if self.published is not None:
            return self.published
        with result.timed("wait for open data"):
            published, handed, result.open_data_written = self.job.wait()
        # The workbooks' parts the child kept or made (opendata.xlsxout): saved by this
        # process with its own lasting memos.
        lasting.take_over(handed)
        result.timings["open data (child)"] = self.job.seconds
        for rel in published:
            if rel in rendered.files or rel in rendered.extra:
                raise BuildError([f"{rel} is produced twice"])
        self.published = published
        return published

    def discard(self) -> None:
        """The child ended, whatever it was doing (a failed build)."""
        self.job.discard()


def rolls_to_make(site: Site, pages: PageCache | None) -> list[Roll] | None:
    """The site's rolls when this build makes its listings again (their key is not the last
    build's), grouped once for the render and the open data's child; else None."""
    # Each grouped them (~0.1 ms a profile, a CPU of two beside the search child, issue
    # #21). A summary's edit keeps the listings: nothing groups them. If the pages of the
    # listings turn out damaged, the render groups them itself.
    if pages is not None and listings_key(site, pages) == pages.listings:
        return None
    # The rows of the entries that did not change since the last build are taken from it.
    return group_rolls(site, pages)


def search_pages(
    site: Site, records: list[SearchRecord], values: FacetValues | None = None
) -> dict[str, str]:
    """The search page of each edition (docs path -> text) and the English one's tables
    (the synonyms of award names, the English of the results' award lines); `values`: the
    records' facets' values, when given rather than `records` (`facet_values`)."""
    if values is None:
        values = facet_values(record.filters for record in records)
    pages = {SEARCH_DOC: render_search_page(site, records, values=values)}
    if site.config.english_edition:
        pages[edition_path("en", SEARCH_DOC)] = render_search_page(site, records, "en", values)
        pages[SYNONYMS_EN] = english_synonyms(site)
        pages[AWARD_NAMES_EN] = english_award_names(site)
    return pages


def indexed_form(record: SearchRecord) -> SearchRecord:
    """The record as the search index reads it: its URL, HTML and sort keys, nothing else."""
    # Its text blocks, variants, facets and meta are all in its HTML already (to_html).
    return SearchRecord(record.url, "", sort=record.sort, html=record.to_html())


def _add_open_data(rendered: Rendered, site: Site, today: dt.date, images: ImageResult) -> None:
    """API, CSV, feeds, press kits (with full-size photos) and the data page."""
    # Imported here: a build makes the open data in a child (the build's process imports
    # only the data page's modules, when the listings are made again).
    from generator.opendata.context import OpenDataError
    from generator.opendata.publish import add_open_data

    try:
        add_open_data(rendered, site, today, images)
    except OpenDataError as exc:
        raise BuildError([str(exc)]) from None


def _index_records(
    site: Site,
    about: dict[str, str],
    thumbnails: dict[str, str],
    reuse: Reuse,
    output: Path,
    shards: Path,
) -> Indexed:
    """Make the search records and, if they changed, the search bundle in `output` (in a
    child); the records' digest and the indexing figures."""
    # The records' cache is loaded and saved here, not by the build's other savers.
    reuse.pages.records = unpacked_rows(reuse.store.load_marshal(RECORDS_FILE))
    # Most edits: only the changed entries' records and shards (search.plan, issue #21).
    args = (site, about, thumbnails, reuse.pages)
    planned = index_by_plan(*args, reuse.records, reuse.package, output, shards)
    if planned is not None:
        reuse.records, reuse.records_total, stats = planned
    else:
        # Records kept by key are rows (KeptRecord), made again only if their shard is indexed.
        records = list(iter_search_records(*args, light=True))
        if reuse.same_records(records):
            stats = None
            # The bundle is left as it is: its plan (if any) learns this build's entries.
            plan = kept_plan(load_plan(shards), reuse.records, site, thumbnails, reuse.pages)
            save_plan(shards, plan)
        else:
            stats, layout, sorts = write_layout(records, output, shards, record_partitions(site))
            merged = (reuse.records, reuse.records_total, layout, sorts)
            plan = plan_of(records, site, thumbnails, reuse.pages, merged) if layout else None
            save_plan(shards, plan)
    reuse.store.save_marshal(RECORDS_FILE, packed_rows(reuse.pages.records))
    return reuse.records, stats


def _index_sharded(
    records: list[SearchRecord],
    digest: str,
    output: Path,
    shards: Path,
    partitions: dict[str, str],
    planned: tuple[Site, dict[str, str], Reuse] | None = None,
) -> Indexed:
    """The search bundle made from `records` in `output` (on a thread); `digest`: theirs;
    `partitions`: each record's partition by URL (its shards are grouped by them); with
    `planned` (the site, the thumbnails and what the build reuses), its plan is saved."""
    stats, layout, sorts = write_layout(records, output, shards, partitions)
    if planned is not None:
        site, thumbnails, reuse = planned
        merged = (digest, reuse.records_total, layout, sorts)
        plan = plan_of(records, site, thumbnails, reuse.pages, merged) if layout else None
        save_plan(shards, plan)
    return digest, stats


def _make_open_data(
    site: Site,
    today: dt.date,
    images: ImageResult,
    folder: Path,
    reuse: Reuse | None,
    rolls: list[Roll] | None,
) -> OpenDataMade:
    """The open data written into `folder` (changed files only): its paths, what it read
    and put of the lasting memos (for the build to save) and the paths whose bytes it wrote
    (`BuildResult.open_data_written`); `rolls`: the site's, if grouped already. The data
    page is the build's (`data_pages`, with the other pages)."""
    from generator.opendata.context import OpenDataError
    from generator.opendata.publish import LASTING_MEMOS, add_open_data

    out = Rendered()
    cache = reuse.pages if reuse is not None else None
    lines = None
    if reuse is not None:
        # Loaded and saved here, in the child, while the parent renders the pages; the CSV's
        # lines only if a CSV is made.
        reuse.pages.load_files(reuse.store.load_marshal(OPEN_DATA_FILE), str(folder))
        lines = ShardedParts(reuse.store.folder / OPEN_DATA_LINES_FILE, LINES_SHARDS)
    output = WrittenFiles(folder)
    try:
        # Each file written as it is made (changed files only), its bytes let go.
        made = add_open_data(
            out, site, today, images, cache, output, lines=lines, rolls=rolls, docs=False
        )
    except OpenDataError as exc:
        raise BuildError([str(exc)]) from None
    if reuse is not None:
        reuse.pages.note_written(made)
        listed = listings_key(site, reuse.pages)  # this build's, made by its page keys
        reuse.store.save_marshal(OPEN_DATA_FILE, reuse.pages.saved_files(listed))
    handed = lasting.hand_over(*LASTING_MEMOS)
    return sorted([*made, *out.files_kept]), handed, output.written
