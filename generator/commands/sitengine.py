"""Site engine stage: the one module that runs MkDocs, or its drop-in fork ProperDocs.

Everything else talks to this small interface (``tests/test_layers.py`` holds the rest of the
code to it with an import-linter contract: only this module imports ``mkdocs``/``properdocs``):

- ``build_pages`` builds a build/ folder (``mkdocs.yml``, ``docs/``, ``overrides/``) into a site
  folder, warnings failing it (``EngineError``), with our two plugins registered: the HTML blocks
  set aside while Markdown is converted (generator.commands.htmlblocks) and the output kept
  exactly what a clean build writes after a dirty one (``OutputPlugin``);
- ``engine_id`` names the engine and its version (part of what the output depends on);
- ``LiveReloadServer`` is the engine's live-reload server, subclassed by ``vinhdanh serve``
  (generator.commands.preview), and ``engine_logger`` names the loggers it and the build write to.

Which engine: ``VINHDANH_ENGINE=mkdocs`` (the default) or ``properdocs``. Material for MkDocs
announced its end of life for 2027-05-05 and MkDocs 1.x is unmaintained; ProperDocs continues
MkDocs 1.6 under its own import name. It reads ``mkdocs.yml`` and Material's entry points
(``mkdocs.themes``, ``mkdocs.plugins``), and ``properdocs.replacement`` makes every later
``import mkdocs.…`` (Material's own) load ``properdocs.…`` instead. So one process runs one
engine: the first one loaded stays, and asking for the other one afterwards is an error, not a
silent mix. The pages it builds differ from MkDocs' only in Material's
``<meta name="generator">`` (``tests/test_sitengine.py`` builds the demo with both).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import logging
import os
import shutil
import sys
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape

from generator.commands.enginechoice import (
    ENGINE_VARIABLE,
    ENGINES,
    Engine,
    EngineError,
    engine_id,
    engine_name,
)
from generator.commands.htmlblocks import BlockError, HtmlBlocksPlugin
from generator.commands.htmlspace import compact_html
from generator.commands.keptsitemap import (
    SitemapEdit,
    apply_edit,
    entry_of,
    plan_edit,
    source_finder,
    update_kept_sitemap,
)
from generator.incremental.folders import unlink_emptying
from generator.model.sitemapdates import sitemap_with_lastmod
from generator.templating.i18n import PERMALINK_TITLE, translate

if TYPE_CHECKING:  # the engine is chosen at run time; both have this very class
    from mkdocs.livereload import LiveReloadServer

__all__ = [
    "ENGINE_VARIABLE",
    "SITEMAP",
    "STUB_PAGE",
    "STUB_TEMPLATE",
    "EngineError",
    "LiveReloadServer",
    "build_pages",
    "engine_id",
    "engine_logger",
    "engine_name",
    "is_unused_asset",
    "remove_tree",
]

SITEMAP = "sitemap.xml"  # the engine writes it gzipped too
STUB_TEMPLATE = "vd-stub.html"  # in the theme, empty: a page rendered with it is not written
STUB_PAGE = f"---\ntemplate: {STUB_TEMPLATE}\n---\n"


def engine_logger(sub: str = "") -> logging.Logger:
    """The chosen engine's logger (`sub`: a child, e.g. "livereload")."""
    root = ENGINES[engine_name()].package
    return logging.getLogger(f"{root}.{sub}" if sub else root)


def _engine() -> Engine:
    """The chosen engine, imported; EngineError if the other one is loaded already."""
    engine = ENGINES[engine_name()]
    loaded = sys.modules.get("mkdocs")
    # Under ProperDocs, sys.modules["mkdocs"] is the properdocs package itself.
    if loaded is not None and loaded.__name__ != engine.package:
        raise EngineError([f"{engine.package}: {loaded.__name__} is already loaded here"])
    if engine.first is not None:
        importlib.import_module(engine.first)
    return engine


def _module(name: str) -> Any:
    """The chosen engine's module `name` (e.g. "commands.build")."""
    return importlib.import_module(f"{_engine().package}.{name}")


def __getattr__(name: str) -> Any:
    """`LiveReloadServer`, from the chosen engine when first asked for (PEP 562)."""
    # Loaded lazily: a build never needs the server, and loading it loads the engine.
    if name == "LiveReloadServer":
        return _module("livereload").LiveReloadServer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --- building ---------------------------------------------------------------------------------


class _Collect(logging.Handler):
    """Keeps the engine's warnings and errors to show them if the build fails."""

    def __init__(self, prefix: str) -> None:
        super().__init__(logging.WARNING)
        self.prefix = prefix
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{self.prefix}: {record.levelname}: {record.getMessage()}")


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


def _is_dirty_notice(record: logging.LogRecord) -> bool:
    # The engine warns at every dirty build (its links may be stale); ours rebuilds every page
    # whose Markdown changed, and nothing else depends on a page out of the nav.
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def build_pages(
    config_file: Path,
    site_dir: Path,
    epoch: str,
    *,
    strict: bool = True,
    dirty: bool = False,
    changed: Collection[str] = (),
    stage: Path | None = None,
    templates: Path | None = None,
    lastmod: Mapping[str, str] | None = None,
    part: Collection[str] | None = None,
) -> frozenset[str] | None:
    """Build `config_file`'s project into `site_dir`, dated `epoch` (SOURCE_DATE_EPOCH);
    EngineError on any warning (when `strict`) or failure. A dirty build returns the paths
    of `site_dir` it wrote or removed (site/ is assembled from those: sitesync.sync_changed);
    None when it wrote every file."""
    # `dirty`: keep `site_dir` and rebuild only pages whose Markdown is newer than their HTML
    # or in `changed` (docs/ paths this build wrote or removed). Either way `site_dir` ends up
    # holding exactly what a clean build writes (OutputPlugin). With `stage` too, and no page
    # added or removed, the engine is shown only the changed files and the nav's pages (hard
    # links in `stage`): see `_stage_changed`. With `part` (and `stage`), only those pages
    # are built, beside what `site_dir` holds, and nothing else is written (`_stage_part`).
    engine = _engine()
    build = _module("commands.build").build
    load_config = _module("config").load_config
    failure = getattr(_module("exceptions"), engine.error)
    handler = _Collect(engine.package)
    # Material logs under "mkdocs." whichever engine imports it.
    loggers = {logging.getLogger(name) for name in ("mkdocs", engine.package)}
    for logger in loggers:
        logger.addHandler(handler)
    notices = logging.getLogger(f"{engine.package}.commands.build")
    notices.addFilter(_is_dirty_notice)
    try:
        with _environment("SOURCE_DATE_EPOCH", epoch):
            config = load_config(
                config_file=str(config_file.absolute()),
                site_dir=str(site_dir.absolute()),
                strict=strict,
            )
            # Registered here, not in mkdocs.yml: build/ stays a plain MkDocs project whose
            # `mkdocs build` writes the same bytes, only slower.
            sitemap: SitemapEdit | None = None
            if part is not None and stage is not None:
                _stage_part(config, part, stage)
                staged = False
            else:
                staging = None
                if dirty and stage is not None:
                    staging = _stage_changed(config, changed, stage)
                staged = staging is not None
                sitemap = staging.sitemap if staging is not None else None
            config.plugins["vinhdanh-html-blocks"] = HtmlBlocksPlugin()
            config.plugins["vinhdanh-output"] = output = OutputPlugin(
                site_dir,
                dirty,
                changed,
                staged=staged,
                sitemap=sitemap,
                templates=templates,
                lastmod=lastmod,
                part=part is not None,
            )
            config.plugins.on_startup(command="build", dirty=dirty)
            try:
                build(config, dirty=dirty)
            finally:
                config.plugins.on_shutdown()
    except (failure, BlockError) as exc:
        raise EngineError([*handler.messages, f"{engine.package}: {exc}"]) from None
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
        notices.removeFilter(_is_dirty_notice)
    if strict and handler.messages:
        raise EngineError(handler.messages)
    return frozenset(output.touched) if dirty and part is None else None


def nav_files(nav: Any) -> Iterator[str]:
    """The docs/ paths a `nav` names (links to elsewhere are not files)."""
    if isinstance(nav, dict):
        for value in nav.values():
            yield from nav_files(value)
    elif isinstance(nav, list):
        for value in nav:
            yield from nav_files(value)
    elif isinstance(nav, str) and "://" not in nav:
        yield nav


@dataclass(frozen=True)
class _Staging:
    """What a staged build keeps of the last sitemap: all of it (None) or an edit of it."""

    sitemap: SitemapEdit | None


def _stage_changed(config: Any, changed: Collection[str], stage: Path) -> _Staging | None:
    """Point the engine at a folder holding only `changed` and the nav's pages; None (nothing
    done) when the pages added or removed since the last build leave the sitemap to the
    engine (an entry that cannot be placed) or an output passes from one file to another."""
    # A dirty build skips unchanged pages but still lists, stats and makes a Page object
    # for every file of docs/ (at 10,000 profiles, 14,000 pages: ~1.5 s of a new profile's
    # edit). No page of ours depends on pages out of the nav (their links are in HTML
    # blocks, which the engine does not validate), so only the sitemap, which lists every
    # page, needs them all: it is kept (OutputPlugin), with the entries of the pages added
    # or removed put in or cut (generator.commands.keptsitemap).
    file_class = _module("structure.files").File
    docs = Path(config.docs_dir)
    site = str(config.site_dir)
    added: dict[str, str] = {}  # docs/ path -> site path, of pages new since the last build
    removed: dict[str, str] = {}  # site path -> docs/ path, of pages gone since
    outputs_added, outputs_removed = set(), set()
    for rel in changed:
        file = file_class(rel, str(docs), site, config.use_directory_urls)
        if not (docs / rel).is_file():
            outputs_removed.add(file.dest_uri)
            if file.is_documentation_page():
                removed[file.url] = rel
        elif not os.path.isfile(file.abs_dest_path):
            outputs_added.add(file.dest_uri)
            if file.is_documentation_page():
                added[rel] = file.url
    if outputs_added & outputs_removed:
        return None  # a.md gone, a/index.md added: left to a build of every page
    sitemap = None
    if (added or removed) and config.site_url:  # without a site address it lists no page
        if not config.use_directory_urls:
            return None  # source_finder knows directory addresses only
        try:
            kept = (Path(site) / SITEMAP).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        sitemap = plan_edit(kept, config.site_url, removed, added, source_finder(docs, removed))
        if sitemap is None:
            return None
    remove_tree(stage)
    for rel in sorted({*nav_files(config.nav), *changed}):
        source, target = docs / rel, stage / rel
        if not source.is_file():
            continue  # the engine reports a nav entry without its page as it would have
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)  # same times: the engine's own dirty check sees the same
        except OSError:
            shutil.copy2(source, target)
    config.docs_dir = str(stage)
    return _Staging(sitemap)


def _stage_part(config: Any, part: Collection[str], stage: Path) -> None:
    """Point the engine at a folder holding the pages of `part` (hard links) and an empty page
    at each nav path (the nav validates; `STUB_TEMPLATE` renders it to nothing, no file)."""
    # The same seam as a partitioned build's slices (generator.commands.partition): no page
    # of ours reads another page's Markdown, so a page built beside only the nav's paths is
    # the page a whole build writes.
    docs = Path(config.docs_dir)
    remove_tree(stage)
    nav = set(nav_files(config.nav))
    for rel in sorted(set(part) - nav):
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(docs / rel, target)
        except OSError:
            shutil.copy2(docs / rel, target)
    for rel in sorted(nav):
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(STUB_PAGE, encoding="utf-8")
    config.docs_dir = str(stage)


def remove_tree(path: Path) -> None:
    """Remove a file or folder tree if it exists."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


# --- our plugins (registered by build_pages, never in mkdocs.yml) ------------------------------
# The engine registers a plugin's `on_*` methods by name (PluginCollection.__setitem__), so these
# need not subclass its BasePlugin, and stay the same classes whichever engine runs. The other
# one, HtmlBlocksPlugin, is in generator.commands.htmlblocks (it reads no engine either).


class OutputPlugin:
    """Keeps `site_dir` exactly what a clean build would write: unlinks what the engine will
    rewrite, removes what it no longer writes."""

    # `changed` are the docs/ files this build wrote or removed: their pages are rebuilt
    # whatever the file times say (the engine's dirty mode compares times, which coarse clocks
    # tie). `staged`: the engine sees only the changed files and the nav's pages
    # (_stage_changed): every other file of `site_dir` stays, the sitemap of all pages too,
    # with `sitemap` made (the entries of pages added or removed). `templates`: a folder keeping the
    # theme's compiled templates between builds (Jinja checks each against its source).
    # `lastmod`: the sitemap's own dates of pages by site path (generator.model.urls.own_dates).

    def __init__(
        self,
        site_dir: Path,
        dirty: bool,
        changed: Collection[str] = (),
        *,
        staged: bool = False,
        sitemap: SitemapEdit | None = None,
        templates: Path | None = None,
        lastmod: Mapping[str, str] | None = None,
        part: bool = False,
    ) -> None:
        self.site_dir = site_dir
        self.part = part
        self.dirty = dirty
        self.changed = changed
        self.staged = staged
        self.sitemap = sitemap
        self.templates = templates
        self.lastmod = lastmod
        self.expected: set[str] = set()
        self.sources: set[str] = set()  # the docs/ and theme files of this build
        # The paths of `site_dir` this build writes or removes (a folder removed: "a/b/").
        self.touched: set[str] = set()
        self.files: Any = None  # the engine's, its nav and its templates: for `sitemap`
        self.nav: Any = None
        self.env: Any = None

    def on_files(self, files: Any, /, *, config: Any) -> Any:
        """Leave out the theme's unused assets; note every output file; unlink those a dirty
        build is about to write again."""
        for file in [f for f in files if is_unused_asset(f.dest_uri)]:
            files.remove(file)
        self.expected = {f.dest_uri for f in files if f.inclusion.is_included()}
        self.sources = {f.src_uri for f in files}
        if self.part:  # a part of a streamed build: its pages only (build_streamed)
            config.theme.static_templates.clear()
        if self.staged:
            config.theme.static_templates.discard(SITEMAP)
        for template in config.theme.static_templates:  # rewritten at every build
            names = [template, f"{template}.gz"] if template == SITEMAP else [template]
            for name in names:
                self.expected.add(name)
                self.touched.add(name)
                _unlink(self.site_dir / name)
        self.touched.update(config.extra_templates)  # written at every build (we have none)
        if self.dirty:
            for file in files:
                # The engine writes with open(..., "wb"), into the inode site/ shares: unlink
                # first so that it creates a new file. What it writes is what is unlinked here.
                if file.src_uri in self.changed or (
                    file.inclusion.is_included() and file.is_modified()
                ):
                    self.touched.add(file.dest_uri)
                    _unlink(Path(file.abs_dest_path))
        return files

    def on_nav(self, nav: Any, /, *, config: Any, files: Any) -> Any:
        """Note the nav (the sitemap's entries are rendered with it)."""
        self.nav = nav
        return nav

    def on_env(self, env: Any, /, *, config: Any, files: Any) -> Any:
        """Keep compiled templates (compiling Material's takes 0.3 s a build)."""
        self.env, self.files = env, files
        if self.templates is not None:
            from jinja2 import FileSystemBytecodeCache

            self.templates.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(self.templates))
        return env

    def on_page_content(self, html: str, /, *, page: Any, **kwargs: Any) -> str:
        """The headings' permalink title (one Markdown setting for all pages) in the page's
        language."""
        language = page.meta.get("language", "vi")
        if language == "vi":
            return html
        english = escape(translate(language, PERMALINK_TITLE))
        return html.replace(f'title="{escape(PERMALINK_TITLE)}"', f'title="{english}"')

    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        """A page's HTML without its indentation and blank lines (generator.commands.htmlspace);
        after HtmlBlocksPlugin's, so the blocks it puts back are compacted too."""
        return compact_html(output)

    def on_post_template(self, output: str, /, *, template_name: str, config: Any) -> str:
        """Date profiles and campaigns in the sitemap by their own dates; compact the HTML of
        the theme's own pages (404.html) as the other pages'."""
        if template_name.endswith(".html"):
            return compact_html(output)
        if template_name != SITEMAP or not self.lastmod:
            return output
        return sitemap_with_lastmod(output, config.site_url or "", self.lastmod)

    def on_post_build(self, *, config: Any) -> None:
        """Remove files of pages and assets that are gone since the last build."""
        if self.part:
            return  # the other parts' pages are there too
        if self.staged:
            self._remove_gone(config)
            if self.lastmod or self.sitemap is not None:
                self.touched.update((SITEMAP, f"{SITEMAP}.gz"))
                edited = None
                if self.sitemap is not None:
                    edited = apply_edit(self.sitemap, self._sitemap_entries(config))
                built = _module("utils").get_build_date()
                path, site_url = self.site_dir / SITEMAP, config.site_url or ""
                update_kept_sitemap(path, built, site_url, self.lastmod, edited)
            return
        if self.dirty:
            self._remove_gone(config)
            return
        # A build of every page started from an empty folder; this is the safety net.
        top = str(self.site_dir)
        for dirpath, _dirnames, filenames in os.walk(top, topdown=False):
            # Strings, not Path objects: this visits every file of the site (40,000+).
            rel = os.path.relpath(dirpath, top).replace(os.sep, "/")
            prefix = "" if rel == "." else rel + "/"
            for name in filenames:
                if prefix + name not in self.expected:
                    os.unlink(os.path.join(dirpath, name))
                    self.touched.add(prefix + name)
            if dirpath != top:
                with contextlib.suppress(OSError):
                    os.rmdir(dirpath)  # only when empty
                    self.touched.add(prefix)

    def _sitemap_entries(self, config: Any) -> dict[str, str]:
        """The sitemap entry of each page `sitemap` adds, rendered by the engine's template
        for that page alone ("" for a page the template leaves out)."""
        assert self.sitemap is not None
        get_context = _module("commands.build").get_context
        template = self.env.get_template(SITEMAP)
        pages = {file.src_uri: file for file in self.files.documentation_pages()}
        entries = {}
        for src in self.sitemap.added:
            file = pages.get(src)
            if file is None or file.page is None:
                entries[src] = ""  # left out of the site (a draft, an excluded file)
                continue
            context = get_context(self.nav, [file], config)
            context = config.plugins.on_template_context(
                context, template_name=SITEMAP, config=config
            )
            entries[src] = entry_of(template.render(context))
        return entries

    def _remove_gone(self, config: Any) -> None:
        """Remove the outputs of the docs/ files removed since the last build, and the
        folders they leave empty: a dirty build's `site_dir` held what the last build wrote,
        with the same configuration and theme, so nothing else can be gone."""
        # Not a walk of `site_dir` (a folder a profile: a new profile's edit visited every
        # one of them, issue #21): `changed` names every docs/ file written or removed.
        file_class = _module("structure.files").File
        top, docs = str(self.site_dir), str(config.docs_dir)
        for rel in sorted(self.changed):
            if rel in self.sources:
                continue  # still there: built
            dest = file_class(rel, docs, top, config.use_directory_urls).dest_uri
            if dest in self.expected:
                continue  # another file's output now (a.md gone, a/index.md added)
            emptied = unlink_emptying(top, dest)
            if emptied is not None:
                self.touched.update((dest, *emptied))


# Material's own search (lunr, its worker and 30 language files) is off: the site searches with
# Pagefind (partials/vd-search.html), and no page has the search component that would start
# the worker. Source maps serve only a developer's browser tools. 2.4 MB a site, 2.4 KB a
# profile at 1,000 (issue #21, the output budget).
_UNUSED_ASSET_FOLDERS = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


def is_unused_asset(dest_uri: str) -> bool:
    """Whether a theme file is left out of the site (`OutputPlugin.on_files`)."""
    return dest_uri.startswith(_UNUSED_ASSET_FOLDERS) or (
        dest_uri.startswith("assets/") and dest_uri.endswith(".map")
    )


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
