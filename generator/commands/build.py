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
import ctypes
import datetime as dt
import errno
import hashlib
import os
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

from generator.commands.processes import Forked, Job, Threaded
from generator.commands.sitengine import EngineError, build_pages, engine_id, engine_logger
from generator.errors import Lang, Problem, Report, make_problem
from generator.images.photos import ImageResult, ImageStats, process_site_images, publish_images
from generator.incremental import memos
from generator.incremental.buildcache import (
    CLOCK_TICK_SECONDS,
    LOCK_FILE,
    BuildCache,
    BuildLocked,
    BuildState,
    FileDigests,
    Listings,
    build_lock,
    input_digest,
    iter_files,
    package_digest,
    sync_tree,
    tree_stamps,
)
from generator.incremental.folders import sync_folder, write_replacing
from generator.incremental.memos import restore_memos, saved_memos
from generator.incremental.pagecache import PageCache, page_key
from generator.model.keys import listing_digest
from generator.model.site import (
    CLUSTERS_DIR,
    DECISIONS_DIR,
    PROFILES_DIR,
    DocumentCache,
    Site,
    build_site,
    check_dates,
)
from generator.model.urls import ABOUT_PATH, DATA_PAGE, doc_file, own_dates
from generator.output import Rendered
from generator.pages.render import render_about_page, render_site
from generator.progress import SILENT, Progress
from generator.search.index import SHARDS_DIR, write_sharded
from generator.search.pagefind import IndexStats, SearchIndexError
from generator.search.records import (
    INDEX_DIR,
    SEARCH_DOC,
    SearchRecord,
    iter_search_records,
    render_search_page,
    thumbnails_from,
)
from generator.source.config import config_path
from generator.templating.environment import compiled_templates

BUILD_DIR = "build"
DOCS_DIR = "docs"
OVERRIDES_DIR = "overrides"
MKDOCS_FILE = "mkdocs.yml"
SITE_DIR = "site"
PAGES_FILE = "pages.pickle"  # generator.incremental.pagecache.PageCache of the last build
RECORDS_FILE = "records.marshal"  # its search records (PageCache.records)
DOCUMENTS_FILE = "documents.marshal"  # generator.model.site.DocumentCache: parsed sources
HEADERS_FILE = "photo-headers.marshal"  # and what photo headers told (DocumentCache.headers)
# generator.vntext's memo of collation keys, generator.reference.adminunits' of place-name lookups
MEMOS_FILE = "memos.marshal"  # the memos registered with generator.incremental.memos
OPEN_DATA_FILE = "open-data.marshal"  # keys of its per-profile open-data files (PageCache.files)
STAGE_DIR = "changed-docs"  # the pages a dirty MkDocs build is shown (run_mkdocs)
TEMPLATES_DIR = "templates"  # the theme's templates compiled by Jinja
FILES_DIR = "files"  # build/files: what is added to MkDocs' output (open data, post-build pages)
OPEN_DATA_DOCS = (doc_file(DATA_PAGE),)  # the pages the open data adds to build/docs
SEARCH_DIR = "search"  # build/search: the Pagefind bundle
CONTENT_DIR = "content"
NEW_PREFIX = ".site-new-"
OLD_PREFIX = ".site-old-"
EPOCH_FALLBACK = dt.date(1970, 1, 1)
LOCK_WAIT_SECONDS = 600.0
"""How long a build waits for another one in the same folder before giving up."""


class BuildError(Exception):
    """The build could not finish; `site/` was left as it was."""

    def __init__(self, messages: list[str], problems: Iterable[Problem] = ()) -> None:
        self.problems = list(problems)
        self.messages = messages + [p.format("vi") for p in self.problems]
        super().__init__("\n".join(self.messages))

    def __reduce__(self) -> tuple[type[BuildError], tuple[list[str], list[Problem]]]:
        # Raised in a forked child (generator.commands.processes), raised again in the parent.
        return BuildError, (self.messages[: len(self.messages) - len(self.problems)], self.problems)

    def lines(self, lang: Lang) -> list[str]:
        """The messages, those from the catalogue in `lang`."""
        count = len(self.messages) - len(self.problems)
        return self.messages[:count] + [p.format(lang) for p in self.problems]


@dataclass
class WriteStats:
    """What `write_tree` did."""

    written: int = 0
    unchanged: int = 0
    removed: int = 0
    paths: list[str] = field(default_factory=list, repr=False)  # written or removed
    listed: str = ""  # digest of the names of the files the folder now holds
    linked: tuple[str, ...] = field(default=(), repr=False)  # photos and cards linked anew


@dataclass
class BuildResult:
    """The outcome of one build: the problems found and, if it ran, what it produced."""

    report: Report
    site: Site | None = None
    today: dt.date | None = None
    built: bool = False
    docs: WriteStats = field(default_factory=WriteStats)
    pages: int = 0
    extra_pages: int = 0
    seconds: float = 0.0
    images: ImageStats = field(default_factory=ImageStats)
    listings_reused: bool = False  # pages made from many entries kept (an edit they do not read)
    # Seconds per stage, in the order they ended (`vinhdanh build --timings`); stages run in
    # child processes alongside others are marked "(child)".
    timings: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Add the time the block takes to `timings[stage]`."""
        started = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            self.timings[stage] = self.timings.get(stage, 0.0) + elapsed


# --- today ------------------------------------------------------------------------------------


def latest_data_date(site: Site) -> dt.date:
    """The latest date of something that has happened in the data (never a planned date)."""
    dates: list[dt.date] = []
    for entry in site.entries:
        profile = entry.profile
        dates += [d for d in (profile.updated,) if d is not None]
        for record in profile.awards:
            if record.decision_date is not None:
                dates.append(record.decision_date)
            if record.revocation is not None:
                dates.append(record.revocation.date)
        if profile.proposal is not None:
            dates.append(profile.proposal.window_start)
        dates += [proposal.window_start for proposal in profile.proposals]
        if profile.withdrawal is not None:
            dates.append(profile.withdrawal.date)
        dates += [s.date for s in profile.sources if s.date is not None]
    dates += [campaign.start for campaign, _ in site.campaigns.values()]
    dates += [found.decision.decision_date for found in site.decisions]
    return max(dates, default=EPOCH_FALLBACK)


def source_date_epoch() -> dt.date | None:
    """The date of SOURCE_DATE_EPOCH (UTC), if set."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if not raw:
        return None
    try:
        return dt.datetime.fromtimestamp(int(raw), dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise BuildError([f"SOURCE_DATE_EPOCH={raw!r} is not a Unix timestamp"]) from None


def resolve_today(site: Site, today: dt.date | None) -> dt.date:
    """`--today`, else SOURCE_DATE_EPOCH, else the latest date in the data."""
    return today or source_date_epoch() or latest_data_date(site)


def epoch_of(day: dt.date) -> int:
    """Midnight UTC of `day` as a Unix timestamp."""
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


# --- writing ----------------------------------------------------------------------------------


def _safe_relpath(relpath: str) -> str:
    """`relpath` as a normal relative POSIX path; BuildError if it leads out of its folder."""
    parts = relpath.split("/")
    if "" in parts or "." in parts:  # a//b, ./a, a/: normalised (rare: strings are cheaper)
        parts = list(PurePosixPath(relpath).parts)
    if relpath.startswith("/") or ".." in parts or not parts:
        raise BuildError([f"refusing to write outside the build folder: {relpath!r}"])
    return "/".join(parts)


def write_tree(
    folder: Path, files: dict[str, bytes], keep: Iterable[str] = (), listed: str = ""
) -> WriteStats:
    """Make `folder` hold exactly `files` (and `keep`, left as they are): `sync_folder`, with
    every path checked to stay inside the folder."""
    safe = {_safe_relpath(rel): data for rel, data in files.items()}
    done = sync_folder(folder, safe, [_safe_relpath(rel) for rel in keep], listed)
    return WriteStats(done.written, done.unchanged, done.removed, done.paths, done.listed)


def _iter_theme(node: Traversable, prefix: str = "") -> Iterator[tuple[str, bytes]]:
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name == "__pycache__":
            continue
        rel = f"{prefix}{child.name}"
        if child.is_dir():
            yield from _iter_theme(child, rel + "/")
        else:
            yield rel, child.read_bytes()


def theme_files() -> dict[str, bytes]:
    """The packaged Material overrides (generator/theme), by relative path."""
    return dict(_iter_theme(resources.files("generator").joinpath("theme")))


def write_build_folder(
    build_dir: Path,
    rendered: Rendered,
    clean: bool = False,
    images: ImageResult | None = None,
    later: Iterable[str] = (),
    listed: str = "",
) -> WriteStats:
    """Write build/docs (with the photos and cards; `later`: pages written afterwards, left
    as they are), build/overrides and build/mkdocs.yml."""
    if clean and build_dir.exists():
        shutil.rmtree(build_dir)
    keep: tuple[str, ...] = ()
    if images is not None:
        publish_images(images, build_dir / DOCS_DIR)
        if not images.ok:
            raise BuildError([p.format("en") for p in images.problems if p.severity == "error"])
        keep = images.files
    docs = write_tree(
        build_dir / DOCS_DIR,
        {k: v.encode("utf-8") for k, v in rendered.docs.items()},
        [*keep, *rendered.kept, *later],  # reused pages: their files are left as they are
        listed,
    )
    write_tree(build_dir / OVERRIDES_DIR, theme_files())
    write_replacing(build_dir / MKDOCS_FILE, rendered.mkdocs_yml.encode("utf-8"))
    if images is not None:
        docs.linked = images.published
    return docs


# --- MkDocs (generator.commands.sitengine) --------------------------------------------------------


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
    # The engine dates the sitemap from SOURCE_DATE_EPOCH; an outer value is respected.
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(epoch_of(today))
    try:
        build_pages(
            config_file,
            site_dir,
            epoch,
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

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # the file system cannot exchange: fall back to two renames
    raise OSError(code, os.strerror(code), str(b))


def _remove(path: Path) -> None:
    if not (path.exists() or path.is_symlink()):
        return
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def swap_into_place(new: Path, target: Path, keep: Path | None = None) -> None:
    """Make `new` become `target` atomically; the previous one is removed or moved to `keep`."""
    if not (target.exists() or target.is_symlink()):
        new.rename(target)
        return
    if _exchange(new, target):
        _retire(new, keep)  # now holds the previous site
        return
    old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX, dir=target.parent))
    old.rmdir()
    target.rename(old)
    new.rename(target)
    _retire(old, keep)


def _retire(previous: Path, keep: Path | None) -> None:
    # Called once the new site is in place: a failure here must not fail the build. The
    # previous tree then stays where it is (a NEW_PREFIX or OLD_PREFIX folder), a leftover the
    # next build removes.
    with contextlib.suppress(OSError):
        if keep is None or previous.is_symlink() or not previous.is_dir():
            _remove(previous)
            return
        _remove(keep)
        keep.parent.mkdir(parents=True, exist_ok=True)
        previous.rename(keep)


def _remove_damaged(root: Path, damaged: list[str]) -> None:
    """Unlink from build/ the files site/ shares that were changed in place, to be made again."""
    for rel in damaged:
        with contextlib.suppress(OSError):
            inode = os.lstat(root / SITE_DIR / rel).st_ino
            for folder in (SITE_DIR, FILES_DIR, SEARCH_DIR):
                path = root / BUILD_DIR / folder / rel
                with contextlib.suppress(OSError):
                    if os.lstat(path).st_ino == inode:
                        path.unlink()


def _make_writable(folder: str) -> None:
    """Give this user write access to every folder it owns under `folder` (best effort)."""
    with contextlib.suppress(OSError):
        st = os.lstat(folder)
        if not stat.S_ISDIR(st.st_mode):
            return
        if st.st_uid == os.geteuid() and st.st_mode & 0o700 != 0o700:
            os.chmod(folder, stat.S_IMODE(st.st_mode) | 0o700)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    _make_writable(entry.path)


def _discard(path: Path, root: Path) -> Problem | None:
    """Remove a folder left by a build, read-only ones this user owns included; a warning
    naming it when that is not possible (it is never published, only in the way)."""
    try:
        _remove(path)
        return None
    except OSError:
        _make_writable(str(path))
    try:
        _remove(path)
        return None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        folder = _relative(path, root)
        return make_problem(folder, 1, 1, "", "build.leftover", "warning", reason=reason)


def _remove_leftovers(root: Path) -> list[Problem]:
    """Folders of a build that crashed or failed midway (one build at a time per project)."""
    found = sorted(root.glob(f"{NEW_PREFIX}*")) + sorted(root.glob(f"{OLD_PREFIX}*"))
    return [problem for path in found if (problem := _discard(path, root)) is not None]


def _check_writable(root: Path, cache: BuildCache) -> list[Problem]:
    """The folders a build writes, renames or empties that this user cannot (before any write).

    site/ itself moves to the cache once the new one is swapped in, which needs write access
    to it; the spare site (the one before last) is recycled, or removed when unusable."""
    if not cache.spare.is_symlink() and cache.spare.is_dir() and not _writable(cache.spare):
        _discard(cache.spare, root)
    folders = [root, root / SITE_DIR, root / BUILD_DIR, cache.folder, cache.spare]
    return [
        make_problem(_relative(folder, root) or ".", 1, 1, "", "build.not_writable")
        for folder in folders
        if not folder.is_symlink() and folder.is_dir() and not _writable(folder)
    ]


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def _site_mode() -> int:
    # mkdtemp makes 0700 folders; the published site must be readable by a web server.
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


# --- the build --------------------------------------------------------------------------------


def render_project(
    root: Path, today: dt.date | None = None, clean: bool = False
) -> tuple[BuildResult, Rendered | None]:
    """Steps 1–2: check everything, then render and write build/ (nothing if errors)."""
    result, rendered, _files, _index = _render_project(root, today, clean)
    return result, rendered


@dataclass
class _Reuse:
    """What a build reuses from the last one: file digests and rendered pages."""

    digests: FileDigests
    package: str  # package_digest
    pages: PageCache
    store: BuildCache
    documents: DocumentCache
    records: str = ""  # digest of the search records build/search was made from ("": none)
    # WriteStats.listed of build/docs by the last successful build ("": walk it). A build that
    # fails leaves no state (BuildCache.forget), so files it wrote are never taken for these.
    docs_listed: str = ""
    warm: bool = False  # the page cache was made under this build's context: most pages reused
    records_saved: bool = False  # the search records' cache is saved by the indexing child

    def same_records(self, records: list[SearchRecord]) -> bool:
        """True if build/search was made from exactly these records; notes them if not."""
        # Sort keys are not in the HTML (searchindex.py adds the orders): digested apart.
        digest = page_key(
            self.package, *(f"{r.url}\0{r.to_html()}\0{sorted(r.sort.items())}" for r in records)
        )
        same, self.records = digest == self.records, digest
        return same

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
        self.warm = bool(self.pages.written) and self.pages.context == context
        self.pages.docs_dir = str(root / BUILD_DIR / DOCS_DIR)
        self.pages.context = context
        entries: dict[str, str] = {}
        listing: dict[str, tuple[str, str]] = {}
        for entry in site.entries:
            photos = [f"{_relative(path, root)} {self._digest(path)}" for _p, path in entry.photos]
            # A string path, not root / relpath: 10,000 Path objects cost 0.05 s.
            source = self._digest(f"{root}/{entry.relpath}")
            digest = page_key(entry.relpath, source, *photos)
            entries[entry.slug] = digest
            known = self.pages.listing.get(entry.slug)
            if known is None or known[0] != digest:
                known = (digest, listing_digest(entry, *photos))
            listing[entry.slug] = known
        self.pages.entries, self.pages.listing = entries, listing
        self.pages.reused = 0
        return self.pages

    def _digest(self, path: Path | str) -> str:
        try:
            return self.digests.digest(path, os.lstat(path))
        except OSError:
            return "-"


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _one_file(path: Path) -> list[tuple[Path, os.stat_result]]:
    return [(path, path.lstat())] if path.exists() else []


def _render_project(
    root: Path,
    today: dt.date | None,
    clean: bool,
    files_dir: Path | None = None,
    cache: _Reuse | None = None,
    index_dir: Path | None = None,
    progress: Progress = SILENT,
) -> tuple[BuildResult, Rendered | None, list[str], Job[_Indexed] | None]:
    """`render_project`, making the open data and the search index alongside when asked."""
    # With `files_dir`, a child process writes the open-data files there while this one
    # renders the pages (their paths are returned). With `index_dir`, the search index is
    # made there: by a child forked before the pages render when most of them are reused,
    # else by a thread (returned unstarted) that the caller starts once MkDocs is forked.
    started = time.perf_counter()
    progress.stage("check")
    site, report = build_site(root, documents=cache.documents if cache is not None else None)
    result = BuildResult(report=report, site=site)
    result.timings["check"] = time.perf_counter() - started
    if site is None or report.errors:
        return result, None, [], None
    result.today = resolve_today(site, today)
    check_dates(site, result.today, report)
    if report.errors:
        return result, None, [], None
    progress.stage("images")
    with result.timed("images"):
        # Into the cache; published with build/docs.
        images = process_site_images(site, progress=progress)
    result.images = images.stats
    report.extend(images.problems)
    if not images.ok:
        return result, None, [], None
    making = None
    index: Job[_Indexed] | None = None
    published: list[str] = []
    if files_dir is not None and clean:
        _remove(root / BUILD_DIR)  # now: the child writes into it
        clean = False
    progress.stage("pages")
    with result.timed("page keys"):
        pages = cache.page_cache(root, site, result.today) if cache is not None else None
    try:
        if files_dir is not None:
            making = Forked(
                _make_open_data, site, result.today, images, files_dir, cache, logger=None
            )
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
                    pages.records = cache.store.load_marshal(RECORDS_FILE)
                made.extend(iter_search_records(site, about, thumbnails, pages))
            return made

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
        with result.timed("render"):
            rendered = render_site(
                site,
                result.today,
                images,
                pages,
                lambda: {SEARCH_DOC: render_search_page(site, search_records())},
            )
        result.listings_reused = rendered.listings_reused
        if making is None:
            with result.timed("open data"):
                _add_open_data(rendered, site, result.today, images)
        if index_dir is not None and shards is not None and not early and not same:
            # This process then mostly waits for MkDocs: a thread will feed Pagefind, started
            # by build_project once MkDocs' process is forked.
            digest = cache.records if cache is not None else ""
            index = Threaded(_index_sharded, records, digest, index_dir / INDEX_DIR, shards)
        # Written while the open data may still be made: its page (the data page) after.
        with result.timed("write build/"):
            later = OPEN_DATA_DOCS if making is not None else ()
            listed = cache.docs_listed if cache is not None else ""
            result.docs = write_build_folder(
                root / BUILD_DIR, rendered, clean, images, later, listed
            )
        if making is not None:
            with result.timed("wait for open data"):
                docs, published = making.wait()
            result.timings["open data (child)"] = making.seconds
            for rel in published:
                if rel in rendered.files or rel in rendered.extra:
                    raise BuildError([f"{rel} is produced twice"])
            if sorted(docs) != sorted(later):
                raise BuildError([f"the open data made {sorted(docs)}, not {list(later)}"])
            for rel, text in docs.items():
                if write_replacing(root / BUILD_DIR / DOCS_DIR / rel, text.encode("utf-8")):
                    result.docs.written += 1
                    result.docs.paths.append(rel)
                else:
                    result.docs.unchanged += 1
            rendered.docs.update(docs)  # the data page
        if pages is not None:
            pages.record_written(rendered)
    except BaseException:
        if index is not None:
            index.discard()
        raise
    finally:
        if making is not None:
            making.discard()
    result.pages = len(rendered.docs) + len(rendered.kept)
    result.extra_pages = len(rendered.extra)
    result.seconds = time.perf_counter() - started
    return result, rendered, published, index


def _add_open_data(rendered: Rendered, site: Site, today: dt.date, images: ImageResult) -> None:
    """API, CSV, feeds, press kits (with full-size photos) and the data page."""
    # Imported here: the module is needed in the child that makes the open data only.
    from generator.opendata.context import OpenDataError
    from generator.opendata.publish import add_open_data

    try:
        add_open_data(rendered, site, today, images)
    except OpenDataError as exc:
        raise BuildError([str(exc)]) from None


# What indexing gives back: the digest of the records indexed (from the child that made them)
# and the indexing figures (None: the records were unchanged, nothing indexed).
_Indexed = tuple[str, IndexStats | None]


def _index_records(
    site: Site,
    about: dict[str, str],
    thumbnails: dict[str, str],
    reuse: _Reuse,
    output: Path,
    shards: Path,
) -> _Indexed:
    """Make the search records and, if they changed, the search bundle in `output` (in a
    child); the records' digest and the indexing figures."""
    # The records' cache is loaded and saved here, not by the build's other savers.
    reuse.pages.records = reuse.store.load_marshal(RECORDS_FILE)
    records = list(iter_search_records(site, about, thumbnails, reuse.pages))
    stats = None if reuse.same_records(records) else write_sharded(records, output, shards)
    reuse.store.save_marshal(RECORDS_FILE, reuse.pages.records)
    return reuse.records, stats


def _index_sharded(
    records: list[SearchRecord], digest: str, output: Path, shards: Path
) -> _Indexed:
    """The search bundle made from `records` in `output` (on a thread); `digest`: theirs."""
    return digest, write_sharded(records, output, shards)


def _make_open_data(
    site: Site, today: dt.date, images: ImageResult, folder: Path, reuse: _Reuse | None
) -> tuple[dict[str, str], list[str]]:
    """The open data written into `folder` (changed files only); its docs/ pages and paths."""
    from generator.opendata.context import OpenDataError
    from generator.opendata.publish import add_open_data

    out = Rendered()
    cache = reuse.pages if reuse is not None else None
    if reuse is not None:
        # Loaded and saved here, in the child, while the parent renders the pages.
        reuse.pages.files = reuse.store.load_marshal(OPEN_DATA_FILE)
        reuse.pages.files_dir = str(folder)
    try:
        add_open_data(out, site, today, images, cache)
    except OpenDataError as exc:
        raise BuildError([str(exc)]) from None
    for rel, data in out.files.items():
        write_replacing(folder.joinpath(_safe_relpath(rel)), data)
    if reuse is not None:
        reuse.pages.note_written(out.files)
        reuse.store.save_marshal(OPEN_DATA_FILE, reuse.pages.files)
    return out.docs, sorted([*out.files, *out.files_kept])


def _input_paths(root: Path) -> list[Path]:
    """Every source a build reads: profiles and their photos, decisions, clusters, content,
    site_config.yml."""
    return [
        root / PROFILES_DIR,
        root / DECISIONS_DIR,
        root / CLUSTERS_DIR,
        root / CONTENT_DIR,
        config_path(root),
    ]


def _replay(result: BuildResult) -> BuildResult:
    """What a build that found nothing changed reports: the last build's figures, no writes."""
    return BuildResult(
        report=result.report,
        today=result.today,
        built=True,
        pages=result.pages,
        extra_pages=result.extra_pages,
        images=ImageStats(  # nothing encoded this time: every photo and card reused
            photos_reused=result.images.photos_encoded + result.images.photos_reused,
            cards_reused=result.images.cards_encoded + result.images.cards_reused,
        ),
    )


def build_project(
    root: Path,
    today: dt.date | None = None,
    clean: bool = False,
    wait: float = LOCK_WAIT_SECONDS,
    progress: Progress = SILENT,
) -> BuildResult:
    """Build the whole site into root/site; `site/` changes only if every step succeeded.

    One build at a time per project: a second one waits up to `wait` seconds, then fails.
    `progress` hears the stages and the images done (the command shows them on stderr)."""
    # MkDocs reads a relative site_dir against the folder of mkdocs.yml (build/), not ours.
    root = root.absolute()
    with contextlib.ExitStack() as held:
        try:
            held.enter_context(build_lock(root, wait))
        except BuildLocked as exc:
            seconds = f"{exc.waited:g}"
            problem = make_problem(
                LOCK_FILE, 1, 1, "", "build.locked", pid=exc.holder, seconds=seconds
            )
            raise BuildError([], [problem]) from None
        except OSError as exc:
            reason = exc.strerror or str(exc)
            problem = make_problem(LOCK_FILE, 1, 1, "", "build.lock_failed", reason=reason)
            raise BuildError([], [problem]) from None
        return _build_locked(root, today, clean, progress)


def _build_locked(
    root: Path, today: dt.date | None, clean: bool, progress: Progress = SILENT
) -> BuildResult:
    """`build_project` once it holds the lock: its phases, in order."""
    # With the same inputs as the last build and site/ as it left it, nothing is redone.
    # Else pages, open data and parsed sources are reused by digest, MkDocs rebuilds in
    # build/site only pages whose Markdown changed (dirty mode, when its configuration, theme
    # and libraries are unchanged), and site/ is assembled from hard links in the site before
    # last, then swapped in. The records kept between builds: generator.incremental.
    build = _Build(root, today, clean, progress)
    build.digest_inputs()
    replay = build.replay_if_unchanged()
    if replay is not None:
        return replay
    build.prepare_folders()
    try:
        result = build.render()
        if result is None:  # errors in the sources: reported, site/ left as it was
            return build.failed_render()
        build.start_mkdocs(result)
        build.write_files(result)
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
    published: list[str]  # the open-data files the child wrote into build/files
    today: dt.date


class _Build:
    """One build of a project, phase by phase (`_build_locked` calls them in order)."""

    def __init__(self, root: Path, today: dt.date | None, clean: bool, progress: Progress) -> None:
        self.started = time.perf_counter()
        self.digested_ns = time.time_ns()  # file digests taken from now on may be trusted next time
        self.root, self.today, self.clean, self.progress = root, today, clean, progress
        self.timings: dict[str, float] = {}
        self.cache = BuildCache(root)
        if clean:
            shutil.rmtree(self.cache.folder, ignore_errors=True)  # nothing earlier is reused
        self.previous = self.cache.load()
        self.state = BuildState(digests=self.previous.digests)
        # What the last build left in build/docs and build/files, if it succeeded.
        self.trusted = self.previous if self.previous.result is not None else BuildState()
        self.package = ""
        self.unchanged = False
        self.listings = Listings()  # what folders hold: loaded when needed
        self.damaged: list[str] = []
        self.leftovers: list[Problem] = []
        self.site_dir = root / SITE_DIR
        self.build_dir = root / BUILD_DIR
        self.files_dir = self.build_dir / FILES_DIR
        self.search_dir = self.build_dir / SEARCH_DIR
        self.output = self.build_dir / SITE_DIR
        self.new = root  # the folder site/ is assembled in (prepare_folders)
        self.compiled = contextlib.ExitStack()
        self.mkdocs: Forked[None] | None = None
        self.index: Job[_Indexed] | None = None
        self.saver: Forked[None] | None = None
        self.memo_size: tuple[int, ...] = ()
        self.reuse: _Reuse | None = None

    def digest_inputs(self) -> None:
        """Phase 1: one digest of every input (sources, configuration, code, date, engine)."""
        self.package = package_digest(self.state.digests)
        try:
            engine = engine_id()  # a wrong VINHDANH_ENGINE stops here, before any write
        except EngineError as exc:
            raise BuildError(exc.messages, exc.problems) from None
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        self.state.inputs = input_digest(
            self.root,
            _input_paths(self.root),
            self.state.digests,
            self.package,
            f"today={self.today}",
            f"epoch={epoch}",
            f"engine={engine}",
        )
        previous = self.previous
        self.unchanged = previous.result is not None and previous.inputs == self.state.inputs
        self.timings["input digest"] = time.perf_counter() - self.started

    def replay_if_unchanged(self) -> BuildResult | None:
        """Phase 2: the last build's result if the inputs and site/ are as it left them."""
        if not self.unchanged:
            return None
        # Files of site/ changed in place are changed in build/ too (hard links): made again.
        self.listings = Listings.load(self.cache)
        intact, self.damaged = self.listings.check(self.site_dir, self.previous.site_top)
        if not intact:
            return None
        replay = _replay(self.previous.result)
        replay.seconds = time.perf_counter() - self.started
        spent = replay.seconds - sum(self.timings.values())
        replay.timings = {**self.timings, "site/ unchanged": spent}
        return replay

    def prepare_folders(self) -> None:
        """Phase 3: check the folders are writable, forget the state, clear what is left of
        failed builds and damaged files, claim the site before last to assemble site/ in."""
        # site/ is swapped whole or not at all: a folder the build could not finish with stops
        # it here, before anything is written.
        unwritable = _check_writable(self.root, self.cache)
        if unwritable:
            raise BuildError([], unwritable)
        self.cache.forget()  # from here until `save`, nothing in build/ is trusted by a next build
        self.leftovers = _remove_leftovers(self.root)
        _remove_damaged(self.root, self.damaged)
        # The site before last, recycled: only what changed since is relinked into it.
        root = self.root
        claimed = self.cache.claim_spare(root, NEW_PREFIX)
        self.new = claimed or Path(tempfile.mkdtemp(prefix=NEW_PREFIX, dir=root))

    def load_caches(self) -> _Reuse:
        """What the last build kept: its pages, parsed sources and memos."""
        cache, state, package = self.cache, self.state, self.package
        loading = time.perf_counter()
        pages = cache.load_object(PAGES_FILE, PageCache)  # its search records: later
        documents = DocumentCache(
            cache.load_marshal(DOCUMENTS_FILE),
            state.digests.digest,
            cache.load_marshal(HEADERS_FILE),
        )
        memo = cache.load_marshal(MEMOS_FILE)
        if memo.get("package") == package:  # keys and lookups made by this very code
            restore_memos(memo.get("memos", {}))
            self.memo_size = memos.sizes()
        self.timings["load build cache"] = time.perf_counter() - loading
        reuse = _Reuse(state.digests, package, pages or PageCache(), cache, documents)
        previous = self.previous
        if previous.search_tree and previous.search_tree == tree_stamps(self.search_dir):
            reuse.records = previous.search  # build/search is as that build left it
        reuse.docs_listed = self.trusted.docs_listed
        return reuse

    def render(self) -> _Rendered | None:
        """Phase 4: check and render every page into build/docs, while a child writes the
        open data into build/files and Pagefind starts indexing (None: errors)."""
        self.compiled.enter_context(compiled_templates(self.cache.folder / TEMPLATES_DIR / "pages"))
        self.new.chmod(_site_mode())
        self.reuse = reuse = self.load_caches()
        result, rendered, published, self.index = _render_project(
            self.root,
            self.today,
            self.clean,
            self.files_dir,
            reuse,
            self.search_dir,
            self.progress,
        )
        result.timings = {**self.timings, **result.timings}
        self.result = result
        if rendered is None or result.today is None:
            return None
        return _Rendered(result, rendered, published, result.today)

    def failed_render(self) -> BuildResult:
        """What a build that stopped at the sources' errors reports."""
        _retire(self.new, self.cache.spare)  # kept for the build after the fix
        self.result.report.extend(self.leftovers)
        return self.result

    def start_mkdocs(self, made: _Rendered) -> None:
        """Phase 5: MkDocs in a child (dirty when its environment is unchanged), the caches
        saved by another, the search thread started."""
        result, cache = made.result, self.cache
        self.state.mkdocs_env = _mkdocs_env(self.build_dir, self.package, made.today)
        dirty = self.previous.mkdocs_env == self.state.mkdocs_env and self.output.is_dir()
        self.mkdocs = Forked(
            run_mkdocs,
            self.build_dir / MKDOCS_FILE,
            self.output,
            made.today,
            dirty=dirty,
            changed=frozenset([*result.docs.paths, *result.docs.linked]),
            # MkDocs remakes a removed damaged page only if shown every page.
            stage=None if self.damaged else cache.folder / STAGE_DIR,
            templates=cache.folder / TEMPLATES_DIR / "mkdocs",
            # Profiles and campaigns dated by their own dates in the sitemap.
            lastmod=own_dates(result.site, made.today) if result.site is not None else None,
            logger=engine_logger().name,
        )
        assert self.reuse is not None
        if self.reuse.warm:
            # The caches are final: saved by a child while MkDocs runs and site/ is assembled
            # (after a full build, in this process at the end: a child would copy much of
            # its memory, at the build's peak).
            job = (cache, self.reuse, self.package, self.memo_size)
            self.saver = Forked(_save_caches, *job, logger=None)
        if self.index is not None:
            self.index.start()  # a thread (a child runs already)
        self.progress.stage("mkdocs")  # this process meanwhile writes build/files, then waits

    def write_files(self, made: _Rendered) -> None:
        """Phase 6: post-build pages and the statistics CSV join the open data in build/files."""
        rendered = made.rendered
        with made.result.timed("write build/files"):
            more = {rel: text.encode("utf-8") for rel, text in rendered.extra.items()}
            more.update(rendered.files)
            safe = {_safe_relpath(rel): data for rel, data in more.items()}
            done = sync_folder(self.files_dir, safe, made.published, self.trusted.files_listed)
            self.state.files_listed = done.listed

    def list_outputs(self, made: _Rendered) -> None:
        """Phase 7: list build/files and the recycled site (final now) while MkDocs works."""
        with made.result.timed("list build/files"):
            if not self.unchanged:
                self.listings = Listings.load(self.cache)
            self.listings.walk(self.files_dir)
            self.listings.walk(self.new)

    def wait_for_mkdocs(self, made: _Rendered) -> None:
        """Phase 8: MkDocs' child, done."""
        assert self.mkdocs is not None
        with made.result.timed("wait for MkDocs"):
            self.mkdocs.wait()
        made.result.timings["MkDocs (child)"] = self.mkdocs.seconds

    def wait_for_search(self, made: _Rendered) -> None:
        """Phase 9: the search index, done (if it was made again)."""
        index, result = self.index, made.result
        if index is None:
            return
        assert self.reuse is not None
        self.progress.stage("search")
        with result.timed("wait for search index"):
            try:
                self.reuse.records, stats = index.wait()
            except SearchIndexError as exc:
                raise BuildError([f"search index: {exc}"]) from None
        result.timings[f"search index ({index.where})"] = index.seconds
        if stats is not None:
            result.timings["Pagefind CPU (of it)"] = stats.pagefind_cpu_seconds

    def assemble_site(self, made: _Rendered) -> None:
        """Phase 10: link build/site, build/files and build/search into the recycled site, and
        swap it into site/."""
        assert self.reuse is not None
        new, state, listings = self.new, self.state, self.listings
        self.progress.stage("swap")
        with made.result.timed("assemble site/"):
            state.search, state.search_tree = self.reuse.records, tree_stamps(self.search_dir)
            try:
                top = sync_tree(new, [self.output, self.files_dir, self.search_dir], listings)
            except FileExistsError as exc:
                raise BuildError(
                    [f"{exc.filename} is produced twice (post-build or open data)"]
                ) from None
            except PermissionError as exc:
                # A folder of the recycled site made read-only since: this build stops, and the
                # next one starts from a fresh folder (this one is removed by end_jobs).
                failed = Path(str(exc.filename or new))
                folder = _relative(failed if failed.is_dir() else failed.parent, self.root)
                raise BuildError(
                    [], [make_problem(folder, 1, 1, "", "build.not_writable")]
                ) from None
            # One clock tick, so that no file linked above shares the swap's change time:
            # a file of site/ changed after the swap has a later one (Listings.check).
            time.sleep(CLOCK_TICK_SECONDS)
            swap_into_place(new, self.site_dir, keep=self.cache.spare)
            state.site_top = listings.record(self.site_dir, "", top)

    def end_jobs(self) -> None:
        """Whatever happened: the children and the thread ended, the assembly folder gone."""
        self.compiled.close()
        if self.mkdocs is not None:
            self.mkdocs.discard()
        if self.index is not None:
            self.index.discard()
        if self.saver is not None and self.saver.running:  # the build failed: caches still right
            with contextlib.suppress(Exception):
                self.saver.wait()
        if self.new != self.root and self.new.exists():
            _discard(self.new, self.root)  # else a leftover for the next build

    def save(self, made: _Rendered) -> BuildResult:
        """Phase 11: save the caches, the listings and, last, the state that trusts them."""
        result, state = made.result, self.state
        assert self.reuse is not None
        result.built = True
        result.seconds = time.perf_counter() - self.started
        state.result = _replay(result)
        state.docs_listed = result.docs.listed
        with result.timed("save build cache"):
            if self.saver is None:
                _save_caches(self.cache, self.reuse, self.package, self.memo_size)
            else:
                self.saver.wait()
            self.listings.save(self.cache)
            self.cache.save(state, self.digested_ns)
        result.report.extend(self.leftovers)  # after the save: a no-change build won't repeat them
        result.seconds = time.perf_counter() - self.started
        return result


def _save_caches(
    cache: BuildCache, reuse: _Reuse, package: str, memo_size: tuple[int, ...]
) -> None:
    """Save the page cache, the search records, the parsed sources and the memos."""
    records, reuse.pages.records = reuse.pages.records, {}
    try:
        cache.save_object(PAGES_FILE, reuse.pages)
        if not reuse.records_saved:
            cache.save_marshal(RECORDS_FILE, records)
    finally:
        reuse.pages.records = records
    cache.save_marshal(DOCUMENTS_FILE, reuse.documents.used)
    if reuse.documents.headers_used != reuse.documents.headers:
        cache.save_marshal(HEADERS_FILE, reuse.documents.headers_used)
    if memos.sizes() != memo_size:  # memos only grow: the same sizes, the same memos
        cache.save_marshal(MEMOS_FILE, {"package": package, "memos": saved_memos()})


def _mkdocs_env(build_dir: Path, package: str, today: dt.date) -> str:
    """What MkDocs' output depends on besides the pages: mkdocs.yml, theme, libraries, date,
    and which engine builds it (generator.commands.sitengine)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(epoch_of(today))
    config = (build_dir / MKDOCS_FILE).read_bytes()
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
