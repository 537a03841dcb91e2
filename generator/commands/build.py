"""Build stage: write the rendered pages, run MkDocs, add post-build pages, swap into site/.

The order is the extension point (no plugin system):

1. ``build_site`` gathers and checks everything; any error stops here, before a byte is written;
   ``process_site_images`` then encodes consented photos and social cards into the cache
   (``.vinhdanh-cache/images``, only what changed); a refused photo stops the build here too;
2. ``render_site`` renders every page while a child process writes the open data into
   ``build/files``; ``write_tree`` writes ``build/docs``, ``build/overrides`` and
   ``build/mkdocs.yml`` (only files whose bytes changed; stale files removed), and the photos
   and cards are linked from the cache into ``build/docs``, where MkDocs copies them like any
   other file; Pagefind indexes the search records in another child;
3. MkDocs builds into ``build/site`` in a child process (strict: a warning fails the build),
   after a first build only the pages whose Markdown changed (generator.incremental.buildcache),
   setting our HTML blocks aside while it converts Markdown (generator.commands.htmlblocks);
   in a full build it starts with step 2 and builds the pages as they are written
   (generator.commands.enginefeed);
4. post-build pages (redirects of former slugs, "withdrawn" pages) join the open data in
   ``build/files``; ``build/site``, ``build/files`` and ``build/search`` are hard-linked into a
   folder next to ``site/`` (the site before last, recycled);
5. the folder is swapped into ``site/`` with one rename, so ``site/`` is always either the
   previous complete build or the new one.

With nothing changed since the last build (a digest of every input) and ``site/`` intact, a
build does nothing; pages, open-data files and parsed sources are otherwise reused by digest.

"Today" never comes from the wall clock (``--today``, else SOURCE_DATE_EPOCH, else the latest
date in the data), so the same input builds byte-identical output.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.commands import enginefeed
from generator.commands.assemble import (
    afresh,
    check_writable,
    claim_folder,
    discard,
    list_recycled,
    relative,
    remove_damaged,
    remove_leftovers,
    retire,
    site_mode,
    swap_into_place,
)
from generator.commands.buildfolder import (
    DOCS_DIR,
    MKDOCS_FILE,
    WrittenDocs,
    safe_relpath,
)
from generator.commands.buildstart import BuildStart
from generator.commands.buildstart import build_project as build_project  # as before
from generator.commands.buildstart import hold_build_lock as hold_build_lock
from generator.commands.enginefeed import EngineFeed, StreamedDocs, write_engine_folder
from generator.commands.outcome import BuildError, BuildResult, replay_of
from generator.commands.processes import Forked, Spawned, return_freed_memory
from generator.commands.rendering import OpenDataJob, render_outputs, search_changes
from generator.commands.reuse import (
    CHECKS_FILE,
    DOCUMENTS_FILE,
    DOCUMENTS_SINCE_FILE,
    HEADERS_FILE,
    MEMOS_FILE,
    PAGES_FILE,
    PROFILES_FILE,
    PROFILES_SINCE_FILE,
    Reuse,
    save_caches,
)
from generator.commands.sitengine import (
    EngineError,
    build_pages,
    engine_id,
    engine_logger,
)
from generator.commands.today import epoch_of
from generator.errors import Lang, make_problem
from generator.incremental import lasting, memos
from generator.incremental.folders import sync_folder
from generator.incremental.listings import CLOCK_TICK_SECONDS, Listings, tree_stamps
from generator.incremental.memos import restore_memos
from generator.incremental.pagecache import FILES, PageCache
from generator.incremental.sitesync import (
    changed_since_spare,
    note_assembly,
    sync_changed,
    sync_tree,
)
from generator.model.checkcache import CheckCache, load_profiles
from generator.model.entries import Site
from generator.model.sourcefiles import DocumentCache, load_parses
from generator.model.urls import own_dates
from generator.output import Rendered
from generator.search.pagefind import SearchIndexError
from generator.templating.environment import compiled_templates

STAGE_DIR = "changed-docs"  # the pages a dirty MkDocs build is shown (run_mkdocs)
TEMPLATES_DIR = "templates"  # the theme's templates compiled by Jinja


def run_mkdocs(
    config_file: Path,
    site_dir: Path,
    today: dt.date,
    *,
    strict: bool = True,
    dirty: bool = False,
    changed: Collection[str] = (),
    stage: Path | None = None,
    templates: Path | None = None,
    lastmod: Mapping[str, str] | None = None,
) -> None:
    """Build with the site engine (MkDocs, or VINHDANH_ENGINE's) into `site_dir`; BuildError
    on any warning or failure (generator.commands.sitengine.build_pages: what each option does)."""
    try:
        build_pages(
            config_file,
            site_dir,
            engine_epoch(today),
            strict=strict,
            dirty=dirty,
            changed=changed,
            stage=stage,
            templates=templates,
            lastmod=lastmod,
        )
    except EngineError as exc:
        raise BuildError(exc.messages, exc.problems) from None


# --- swapping into place ----------------------------------------------------------------------


def render_project(
    root: Path, today: dt.date | None = None, clean: bool = False
) -> tuple[BuildResult, Rendered | None]:
    """Steps 1–2: check everything, then render and write build/ (nothing if errors)."""
    result, rendered, _files, _index = render_outputs(root, today, clean)
    return result, rendered


def build_changed(start: BuildStart) -> BuildResult:
    """The build's phases after `BuildStart`'s, which found something changed (lock held)."""
    # With the same inputs as the last build and site/ as it left it, nothing is redone.
    # Else pages, open data and parsed sources are reused by digest, MkDocs rebuilds in
    # build/site only pages whose Markdown changed (dirty mode, when its configuration, theme
    # and libraries are unchanged), and site/ is assembled from hard links in the site before
    # last, then swapped in. The records kept between builds: generator.incremental.
    build = _Build.going_on(start)
    build.prepare_folders()
    try:
        result = build.render()
        if result is None:  # errors in the sources: reported, site/ left as it was
            return build.failed_render()
        build.start_mkdocs(result)
        build.wait_for_open_data(result)
        build.write_files(result)
        build.start_saver_and_index()
        build.list_outputs(result)
        build.wait_for_mkdocs(result)
        build.wait_for_search(result)
        build.assemble_site(result)
    finally:
        build.end_jobs()
    return build.save(result)


@dataclass
class _Rendered:
    """What the render phase hands to the next ones."""

    result: BuildResult
    rendered: Rendered
    opendata: OpenDataJob | None  # the open data's child, running or done
    today: dt.date
    published: list[str] = field(default_factory=list)  # its files in build/files, once done


class _Build(BuildStart):
    """One build of a project, phase by phase (`build_changed` calls them in order)."""

    @classmethod
    def going_on(cls, start: BuildStart) -> _Build:
        """The build `start` began, its later phases now available (nothing done again)."""
        build = cls.__new__(cls)
        vars(build).update(vars(start))  # the very state the first phases gathered
        return build

    def prepare_folders(self) -> None:
        """Phase 3: check the folders are writable, forget the state, clear what is left of
        failed builds and damaged files, claim the site before last to assemble site/ in."""
        # site/ is swapped whole or not at all: a folder the build could not finish with stops
        # it here, before anything is written.
        unwritable = check_writable(self.root, self.cache)
        if unwritable:
            raise BuildError([], unwritable)
        self.cache.forget()  # from here until `save`, nothing in build/ is trusted by a next build
        self.leftovers = remove_leftovers(self.root)
        remove_damaged(self.root, self.damaged)
        self.new = claim_folder(self.root, self.cache, self.previous)

    def load_caches(self) -> Reuse:
        """What the last build kept: its pages, parsed sources and memos."""
        cache, state, package = self.cache, self.state, self.package
        loading = time.perf_counter()
        pages = cache.load_object(PAGES_FILE, PageCache)  # its search records: later
        documents = DocumentCache(
            load_parses(cache, DOCUMENTS_FILE),
            state.digests.digest,
            cache.load_marshal(HEADERS_FILE),
            state.digests.taken,  # the sources as digest_inputs found them
            load_parses(cache, DOCUMENTS_SINCE_FILE),
            state.digests.walked,  # and their folders
        )
        checks, profiles = cache.load_marshal(CHECKS_FILE), load_profiles(cache, PROFILES_FILE)
        since = load_profiles(cache, PROFILES_SINCE_FILE)
        documents.checked = CheckCache(checks, package, profiles, since)
        memo = cache.load_marshal(MEMOS_FILE)
        if memo.get("package") == package:  # keys and lookups made by this very code
            restore_memos(memo.get("memos", {}))
            self.memo_size = memos.sizes()
        # Both generations (a build that found site/ damaged checked it by `load_seen`'s).
        self.listings = Listings.load(self.cache)
        self.timings["load build cache"] = time.perf_counter() - loading
        reuse = Reuse(state.digests, package, pages or PageCache(), cache, documents)
        previous = self.previous
        if previous.result is None:
            # A build failed since the ledger was saved (or none is known): it may have
            # written files into build/docs and build/files the listings omit. Walked.
            reuse.pages.ledger.forget_listings()
        tree = tree_stamps(self.search_dir, self.listings)
        if previous.search_tree and previous.search_tree == tree:
            reuse.records = previous.search  # build/search is as that build left it
        return reuse

    def render(self) -> _Rendered | None:
        """Phase 4: check and render every page into build/docs, while a child writes the
        open data into build/files and Pagefind starts indexing (None: errors)."""
        self.compiled.enter_context(compiled_templates(self.cache.folder / TEMPLATES_DIR / "pages"))
        lasting.attach(self.root)  # QR paths, Markdown's HTML: kept even by full builds
        self.compiled.callback(lasting.detach)  # let go however the build ends
        self.new.chmod(site_mode())
        self.reuse = reuse = self.load_caches()
        result, rendered, opendata, self.index = render_outputs(
            self.root,
            self.today,
            self.clean,
            self.files_dir,
            reuse,
            self.search_dir,
            self.progress,
            self.stream_pages,
        )
        self.opendata = opendata  # ended by end_jobs if anything fails from here
        result.timings = {**self.timings, **result.timings}
        self.result = result
        if rendered is None or result.today is None:
            return None
        # What rendering let go of (each page's text once written, the templates' work) is
        # given back before MkDocs and Pagefind start beside this process.
        return_freed_memory()
        return _Rendered(result, rendered, opendata, result.today)

    def wait_for_open_data(self, made: _Rendered) -> None:
        """Phase 5b: the open data's child, done (MkDocs runs meanwhile: it reads build/docs
        only), and the lasting memos saved with what it made of them."""
        rendered, result = made.rendered, made.result
        if made.opendata is not None:
            made.published = made.opendata.wait(result, rendered)
        # Saved and let go once the pages are rendered (all pages made: only the values they
        # used are kept); a stage that renders Markdown or QR codes after this, in this
        # process, would compute them again: save after it instead.
        with result.timed("save lasting memos"):
            lasting.save_lasting(prune=not rendered.kept)

    def stream_pages(self, site: Site, today: dt.date, mkdocs_yml: str) -> WrittenDocs | None:
        """Phase 4, as the pages are about to render: when the engine would build every page
        anyway (a full build; `mkdocs_yml` its configuration), start it now and give the
        folder that feeds it the pages as they are written (commands.enginefeed); else None
        (it runs after the render)."""
        env = _mkdocs_env_of(mkdocs_yml.encode("utf-8"), self.package, today)
        if not enginefeed.STREAMING or (self.previous.mkdocs_env == env and self.output.is_dir()):
            return None
        write_engine_folder(self.build_dir, mkdocs_yml)
        folder = self.cache.folder
        self.feed = EngineFeed(
            self.build_dir,
            self.output,
            engine_epoch(today),
            stage=folder / STAGE_DIR,
            templates=folder / TEMPLATES_DIR / "mkdocs",
            build=build_pages,
        )
        self.mkdocs = self.feed.job
        return StreamedDocs(self.build_dir / DOCS_DIR, self.feed)

    def failed_render(self) -> BuildResult:
        """What a build that stopped at the sources' errors reports."""
        retire(self.new, self.cache.spare)  # kept for the build after the fix
        self.cache.keep_state(self.previous, self.digested_ns, removed=bool(self.damaged))
        self.result.report.extend(self.leftovers)
        return self.result

    def start_mkdocs(self, made: _Rendered) -> None:
        """Phase 5: MkDocs in a new interpreter (dirty when its environment is unchanged)."""
        result, cache = made.result, self.cache
        self.state.mkdocs_env = _mkdocs_env(self.build_dir, self.package, made.today)
        lastmod = own_dates(result.site, made.today) if result.site is not None else None
        if self.feed is not None:  # started with the render: the rest of the pages now
            assert isinstance(made.rendered.docs, StreamedDocs)
            self.feed.finish(made.rendered.docs, lastmod)
            self.progress.stage("mkdocs")
            return
        dirty = self.previous.mkdocs_env == self.state.mkdocs_env and self.output.is_dir()
        # Not forked: MkDocs needs only build/ (on disk by now), and a forked child soon holds
        # its own copy of what this process touches (model, pages, records): at 100,000
        # profiles the largest process of the build (issue #21; docs/performance.md, Memory).
        self.mkdocs = Spawned(
            build_pages,
            self.build_dir / MKDOCS_FILE,
            self.output,
            engine_epoch(made.today),
            dirty=dirty,
            changed=frozenset([*result.docs.paths, *result.docs.linked]),
            # MkDocs remakes a removed damaged page only if shown every page.
            stage=None if self.damaged else cache.folder / STAGE_DIR,
            templates=cache.folder / TEMPLATES_DIR / "mkdocs",
            lastmod=lastmod,  # profiles and campaigns dated by their own dates in the sitemap
            logger=engine_logger().name,
        )
        self.progress.stage("mkdocs")  # this process meanwhile writes build/files, then waits

    def write_files(self, made: _Rendered) -> None:
        """Phase 6: post-build pages and the statistics CSV join the open data in build/files."""
        rendered, reuse = made.rendered, self.reuse
        assert reuse is not None
        with made.result.timed("write build/files"):
            more = {rel: text.encode("utf-8") for rel, text in rendered.extra.items()}
            more.update(rendered.files)
            safe = {safe_relpath(rel): data for rel, data in more.items()}
            ledger = reuse.pages.ledger
            ledger.at(FILES, str(self.files_dir))
            done = sync_folder(self.files_dir, safe, made.published, ledger.listed(FILES))
            ledger.synced(FILES, done.listed)
        self.changes[1] = frozenset([*done.paths, *(made.result.open_data_written or ())])

    def start_saver_and_index(self) -> None:
        """Phase 7: the caches, final once build/files is synced, saved by a child on an
        incremental build; then the search thread started (MkDocs' child runs already)."""
        assert self.reuse is not None
        if self.reuse.warm:
            # Saved while MkDocs runs and site/ is assembled (after a full build, in this
            # process at the end: a child would copy much of its memory, at the build's peak).
            job = (self.cache, self.reuse, self.package, self.memo_size)
            self.saver = Forked(save_caches, *job, logger=None)
        if self.index is not None:
            self.index.start()  # a thread: after the last fork (Threaded)

    def list_outputs(self, made: _Rendered) -> None:
        """Phase 8: list the recycled site (final now) while MkDocs works."""
        with made.result.timed("list build/files"):
            self.new = list_recycled(self.new, self.root, self.listings, self.previous, self.state)

    def wait_for_mkdocs(self, made: _Rendered) -> None:
        """Phase 9: MkDocs' child, done."""
        assert self.mkdocs is not None
        with made.result.timed("wait for MkDocs"):
            try:
                streamed = self.mkdocs.wait()
            except EngineError as exc:
                raise BuildError(exc.messages, exc.problems) from None
        made.result.timings["MkDocs (child)"] = self.mkdocs.seconds
        if isinstance(streamed, frozenset):
            self.changes[0] = streamed
        elif streamed is not None:
            timings = made.result.timings
            timings["MkDocs parts during the render"] = streamed.seconds_before_last
            timings["MkDocs waiting for pages"] = streamed.waited
            made.result.engine_parts = streamed.parts
            if self.feed is not None:
                timings["announcing pages to MkDocs"] = self.feed.sending

    def wait_for_search(self, made: _Rendered) -> None:
        """Phase 10: the search index, done (if it was made again)."""
        index, result = self.index, made.result
        if index is None:
            self.changes[2] = frozenset()  # the records are the last build's: not indexed
            return
        assert self.reuse is not None
        self.progress.stage("search")
        with result.timed("wait for search index"):
            try:
                self.reuse.records, stats = index.wait()
            except SearchIndexError as exc:
                raise BuildError([], exc.problems) from None
        result.timings[f"search index ({index.where})"] = index.seconds
        self.changes[2] = search_changes(stats)
        if stats is not None:
            result.timings["Pagefind CPU (of it)"] = stats.pagefind_cpu_seconds

    def assemble_site(self, made: _Rendered) -> None:
        """Phase 11: link build/site, build/files and build/search into the recycled site
        where this build and the last wrote, and swap it into site/."""
        assert self.reuse is not None
        new, state, listings = self.new, self.state, self.listings
        self.progress.stage("swap")
        with made.result.timed("assemble site/"):
            # Settled: the search index waits a clock tick after its last write.
            state.search_tree = tree_stamps(self.search_dir, listings, settled=True)
            state.search = self.reuse.records
            sources = [self.output, self.files_dir, self.search_dir]
            changed = changed_since_spare(self.previous, self.changes, self.damaged)
            try:
                if changed is None:  # nearly all of the spare differs: the trash's (afresh)
                    new = self.new = afresh(new, self.root)
                    top = sync_tree(new, sources, listings)
                else:
                    top = sync_changed(new, sources, listings, changed)
            except FileExistsError as exc:
                raise BuildError(
                    [f"{exc.filename} is produced twice (post-build or open data)"]
                ) from None
            except PermissionError as exc:
                # A folder of the recycled site made read-only since: this build stops, and the
                # next one starts from a fresh folder (this one is removed by end_jobs).
                failed = Path(str(exc.filename or new))
                folder = relative(failed if failed.is_dir() else failed.parent, self.root)
                raise BuildError(
                    [], [make_problem(folder, 1, 1, "", "build.not_writable")]
                ) from None
            # One clock tick, so that no file linked above shares the swap's change time:
            # a file of site/ changed after the swap has a later one (Listings.check).
            time.sleep(CLOCK_TICK_SECONDS)
            swap_into_place(new, self.site_dir, keep=self.cache.spare)
            state.site_top = listings.record(self.site_dir, "", top)
            note_assembly(state, self.previous, self.changes, self.damaged)

    def end_jobs(self) -> None:
        """Whatever happened: the children and the thread ended, the assembly folder gone."""
        self.compiled.close()
        if self.feed is not None:
            self.feed.discard()
        if self.mkdocs is not None:
            self.mkdocs.discard()
        if self.index is not None:
            self.index.discard()
        if self.opendata is not None:
            self.opendata.discard()
        if self.saver is not None and self.saver.running:  # the build failed: caches still right
            with contextlib.suppress(Exception):
                self.saver.wait()
        if self.new != self.root and self.new.exists():
            discard(self.new, self.root)  # else a leftover for the next build

    def save(self, made: _Rendered) -> BuildResult:
        """Phase 12: save the caches, the listings and, last, the state that trusts them."""
        result, state = made.result, self.state
        assert self.reuse is not None
        result.built = True
        result.seconds = time.perf_counter() - self.started
        state.result = replay_of(result)
        with result.timed("save build cache"):
            if self.saver is None:
                save_caches(self.cache, self.reuse, self.package, self.memo_size)
            else:
                self.saver.wait()
            self.listings.save(self.cache)
            self.cache.save(state, self.digested_ns)
        result.report.extend(self.leftovers)  # after the save: a no-change build won't repeat them
        result.seconds = time.perf_counter() - self.started
        return result


def engine_epoch(today: dt.date) -> str:
    """The SOURCE_DATE_EPOCH the engine dates the sitemap by: an outer value is respected."""
    return os.environ.get("SOURCE_DATE_EPOCH") or str(epoch_of(today))


def _mkdocs_env(build_dir: Path, package: str, today: dt.date) -> str:
    """What MkDocs' output depends on besides the pages: mkdocs.yml, theme, libraries, date,
    and which engine builds it (generator.commands.sitengine)."""
    return _mkdocs_env_of((build_dir / MKDOCS_FILE).read_bytes(), package, today)


def _mkdocs_env_of(config: bytes, package: str, today: dt.date) -> str:
    """`_mkdocs_env` of the mkdocs.yml `config`."""
    epoch = engine_epoch(today)
    tail = f"\0{package}\0{epoch}\0{engine_id()}".encode()
    return hashlib.blake2b(config + tail, digest_size=20).hexdigest()


def serve_project(
    root: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    today: dt.date | None = None,
    lang: Lang = "vi",
) -> None:
    """Build, serve site/ on host:port and rebuild when profiles/, content/ or site_config.yml
    change; the sources' errors show over every page (generator.commands.preview)."""
    from generator.commands.preview import serve_preview  # it imports this module

    serve_preview(root, host, port, today, lang)
