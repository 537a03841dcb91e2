"""Build stage: write the rendered pages, run MkDocs, add post-build pages, swap into site/.

The order is the extension point (no plugin system):

1. ``build_site`` gathers and checks everything; any error stops here, before a byte is written;
   ``process_site_images`` then encodes consented photos and social cards into the cache
   (``.vinhdanh-cache/images``, only what changed); a refused photo stops the build here too;
2. ``render_site`` renders every page; ``write_tree`` writes ``build/docs``,
   ``build/overrides`` and ``build/mkdocs.yml`` (only files whose bytes changed; stale files
   removed), and the photos and cards are linked from the cache into ``build/docs``, where
   MkDocs copies them like any other file;
3. MkDocs builds into a temporary folder next to ``site/`` (strict: a warning fails the build);
4. post-build pages (redirects of former slugs, "withdrawn" pages) are added to that folder;
5. the folder is swapped into ``site/`` with one rename, so ``site/`` is always either the
   previous complete build or the new one.

"Today" never comes from the wall clock (``--today``, else SOURCE_DATE_EPOCH, else the latest
date in the data), so the same input builds byte-identical output.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import logging
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

from generator.config import config_path
from generator.errors import Report
from generator.images import ImageResult, ImageStats, process_site_images, publish_images
from generator.model import PROFILES_DIR, Site, build_site
from generator.opendata import OpenDataError, add_open_data
from generator.render import Rendered, render_site
from generator.search import (
    INDEX_DIR,
    SEARCH_DOC,
    IndexJob,
    SearchIndexError,
    SearchRecord,
    iter_search_records,
    render_search_page,
    thumbnails_from,
    write_index,
)

BUILD_DIR = "build"
DOCS_DIR = "docs"
OVERRIDES_DIR = "overrides"
MKDOCS_FILE = "mkdocs.yml"
SITE_DIR = "site"
CONTENT_DIR = "content"
NEW_PREFIX = ".site-new-"
OLD_PREFIX = ".site-old-"
EPOCH_FALLBACK = dt.date(1970, 1, 1)


class BuildError(Exception):
    """The build could not finish; `site/` was left as it was."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass
class WriteStats:
    """What `write_tree` did."""

    written: int = 0
    unchanged: int = 0
    removed: int = 0


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
    search_records: list[SearchRecord] = field(default_factory=list, repr=False)
    images: ImageStats = field(default_factory=ImageStats)


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
        if profile.withdrawal is not None:
            dates.append(profile.withdrawal.date)
        dates += [s.date for s in profile.sources if s.date is not None]
    dates += [campaign.start for campaign, _ in site.campaigns.values()]
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


def _safe_relpath(relpath: str) -> PurePosixPath:
    path = PurePosixPath(relpath)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BuildError([f"refusing to write outside the build folder: {relpath!r}"])
    return path


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` unless the file already holds exactly these bytes; True if written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def write_tree(folder: Path, files: dict[str, bytes], keep: Iterable[str] = ()) -> WriteStats:
    """Make `folder` hold exactly `files` (and `keep`): changed ones rewritten, the rest removed."""
    stats = WriteStats()
    wanted = {_safe_relpath(rel) for rel in files}
    wanted.update(_safe_relpath(rel) for rel in keep)
    for rel, data in sorted(files.items()):
        if write_if_changed(folder.joinpath(rel), data):
            stats.written += 1
        else:
            stats.unchanged += 1
    if folder.is_dir():
        for path in sorted(folder.rglob("*"), reverse=True):  # children before parents
            found = PurePosixPath(path.relative_to(folder).as_posix())
            if path.is_dir() and not path.is_symlink():
                with contextlib.suppress(OSError):
                    path.rmdir()  # only succeeds when empty
            elif found not in wanted:
                path.unlink()
                stats.removed += 1
    return stats


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
    build_dir: Path, rendered: Rendered, clean: bool = False, images: ImageResult | None = None
) -> WriteStats:
    """Write build/docs (with the photos and cards), build/overrides and build/mkdocs.yml."""
    if clean and build_dir.exists():
        shutil.rmtree(build_dir)
    keep: tuple[str, ...] = ()
    if images is not None:
        publish_images(images, build_dir / DOCS_DIR)
        if not images.ok:
            raise BuildError([p.format("en") for p in images.problems if p.severity == "error"])
        keep = images.files
    docs = write_tree(
        build_dir / DOCS_DIR, {k: v.encode("utf-8") for k, v in rendered.docs.items()}, keep
    )
    write_tree(build_dir / OVERRIDES_DIR, theme_files())
    write_if_changed(build_dir / MKDOCS_FILE, rendered.mkdocs_yml.encode("utf-8"))
    return docs


# --- MkDocs -----------------------------------------------------------------------------------


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings and errors to show them if the build fails."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"mkdocs: {record.levelname}: {record.getMessage()}")


@contextlib.contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            del os.environ[name]
        else:
            os.environ[name] = old


def run_mkdocs(
    config_file: Path,
    site_dir: Path,
    today: dt.date,
    *,
    serve_url: str | None = None,
    strict: bool = True,
) -> None:
    """Build with MkDocs' Python API into `site_dir`; BuildError on any warning or failure."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    # MkDocs dates the sitemap from SOURCE_DATE_EPOCH; an outer value is respected.
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(epoch_of(today))
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        with _environment("SOURCE_DATE_EPOCH", epoch):
            # A None site_url keeps the configured one.
            config = load_config(
                config_file=str(config_file.absolute()),
                site_dir=str(site_dir.absolute()),
                strict=strict,
                site_url=serve_url,
            )
            config.plugins.on_startup(command="serve" if serve_url else "build", dirty=False)
            try:
                mkdocs_build(config, serve_url=serve_url)
            finally:
                config.plugins.on_shutdown()
    except MkDocsException as exc:
        raise BuildError([*handler.messages, f"mkdocs: {exc}"]) from None
    finally:
        logger.removeHandler(handler)
    if strict and handler.messages:
        raise BuildError(handler.messages)


def write_extra(site_dir: Path, extra: dict[str, str]) -> None:
    """Add the post-build pages; never over a page MkDocs made."""
    for rel, text in sorted(extra.items()):
        path = site_dir.joinpath(_safe_relpath(rel))
        if path.exists():
            raise BuildError([f"post-build page {rel} would replace a page of the site"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


def write_files(site_dir: Path, files: dict[str, bytes]) -> None:
    """Add the open-data files (API, CSV, feeds, press kits); never over a file MkDocs made."""
    for rel, data in sorted(files.items()):
        path = site_dir.joinpath(_safe_relpath(rel))
        if path.exists():
            raise BuildError([f"open-data file {rel} would replace a file of the site"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


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
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def swap_into_place(new: Path, target: Path) -> None:
    """Make `new` become `target`: one atomic exchange where possible, else two renames."""
    if not (target.exists() or target.is_symlink()):
        new.rename(target)
        return
    if _exchange(new, target):
        _remove(new)  # now holds the previous site
        return
    old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX, dir=target.parent))
    old.rmdir()
    target.rename(old)
    new.rename(target)
    _remove(old)


def _remove_leftovers(root: Path) -> None:
    """Folders of a build that crashed midway (one build at a time per project)."""
    for path in sorted(root.glob(f"{NEW_PREFIX}*")) + sorted(root.glob(f"{OLD_PREFIX}*")):
        _remove(path)


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
    started = time.perf_counter()
    site, report = build_site(root)
    result = BuildResult(report=report, site=site)
    if site is None or report.errors:
        return result, None
    result.today = resolve_today(site, today)
    images = process_site_images(site)  # into the cache; published with build/docs
    result.images = images.stats
    report.extend(images.problems)
    if not images.ok:
        return result, None
    rendered = render_site(site, result.today, images)
    try:
        # API, CSV, feeds, press kits (with full-size photos), data page
        add_open_data(rendered, site, result.today, images)
    except OpenDataError as exc:
        raise BuildError([str(exc)]) from None
    # Search records come from the model (never scraped from pages); the search page lists
    # their facets. They are indexed after MkDocs starts (build_project).
    result.search_records = list(iter_search_records(site, rendered.docs, thumbnails_from(images)))
    rendered.docs[SEARCH_DOC] = render_search_page(site, result.search_records)
    result.docs = write_build_folder(root / BUILD_DIR, rendered, clean, images)
    result.pages = len(rendered.docs)
    result.extra_pages = len(rendered.extra)
    result.seconds = time.perf_counter() - started
    return result, rendered


def build_project(root: Path, today: dt.date | None = None, clean: bool = False) -> BuildResult:
    """Build the whole site into root/site; `site/` changes only if every step succeeded."""
    started = time.perf_counter()
    # MkDocs reads a relative site_dir against the folder of mkdocs.yml (build/), not ours.
    root = root.absolute()
    result, rendered = render_project(root, today, clean)
    if rendered is None or result.today is None:
        return result
    _remove_leftovers(root)
    new = Path(tempfile.mkdtemp(prefix=NEW_PREFIX, dir=root))
    # The search index is built by Pagefind on the other core while MkDocs runs on this one.
    index = IndexJob(
        result.search_records, Path(tempfile.mkdtemp(prefix=f"{NEW_PREFIX}search-", dir=root))
    )
    try:
        new.chmod(_site_mode())
        run_mkdocs(root / BUILD_DIR / MKDOCS_FILE, new, result.today)
        write_extra(new, rendered.extra)
        write_files(new, rendered.files)
        try:
            index.finish(new)
        except SearchIndexError as exc:
            raise BuildError([f"search index: {exc}"]) from None
        swap_into_place(new, root / SITE_DIR)
    finally:
        index.discard()
        if new.exists():
            _remove(new)
    result.built = True
    result.seconds = time.perf_counter() - started
    return result


def serve_project(
    root: Path, host: str = "127.0.0.1", port: int = 8000, today: dt.date | None = None
) -> None:
    """Build, serve on host:port and rebuild when profiles/, content/ or site_config.yml change."""
    from mkdocs.livereload import LiveReloadServer

    root = root.absolute()
    live = Path(tempfile.mkdtemp(prefix="vinhdanh-serve-"))
    live.chmod(_site_mode())
    url = f"http://{host}:{port}/"
    logging.getLogger("mkdocs").addHandler(logging.StreamHandler())
    logging.getLogger("mkdocs").setLevel(logging.INFO)

    def rebuild() -> None:
        try:
            result, rendered = render_project(root, today)
        except Exception:  # a preview keeps running; the next save rebuilds
            traceback.print_exc()
            return
        for problem in result.report:
            print(problem.format("vi"), file=sys.stderr)
        if rendered is None or result.today is None:
            print("Chưa dựng lại: còn lỗi.", file=sys.stderr)
            return
        try:
            # MkDocs empties `live` first, so the post-build pages are added every time.
            run_mkdocs(
                root / BUILD_DIR / MKDOCS_FILE, live, result.today, serve_url=url, strict=False
            )
            write_extra(live, rendered.extra)
            write_files(live, rendered.files)
            write_index(result.search_records, live / INDEX_DIR)
        except BuildError as exc:
            print("\n".join(exc.messages), file=sys.stderr)
        except Exception:  # a preview keeps running; the next save rebuilds
            traceback.print_exc()

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(live))
    try:
        rebuild()
        for path in (root / PROFILES_DIR, root / CONTENT_DIR, config_path(root)):
            if path.exists():
                server.watch(str(path))
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(live, ignore_errors=True)
