"""The folders of build/ and writing build/docs, build/overrides and build/mkdocs.yml."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import Any

from generator.commands.buildstart import BUILD_DIR as BUILD_DIR  # named here too, as before
from generator.commands.buildstart import FILES_DIR as FILES_DIR
from generator.commands.buildstart import SEARCH_DIR as SEARCH_DIR
from generator.commands.buildstart import SITE_DIR as SITE_DIR
from generator.commands.outcome import BuildError, WriteStats
from generator.images.jobs import ImageResult
from generator.images.stage import publish_images
from generator.incremental.folders import sync_folder, write_replacing
from generator.output import Rendered

DOCS_DIR = "docs"
OVERRIDES_DIR = "overrides"
MKDOCS_FILE = "mkdocs.yml"


def safe_relpath(relpath: str) -> str:
    """`relpath` as a normal relative POSIX path; BuildError if it leads out of its folder."""
    parts = relpath.split("/")
    if "" in parts or "." in parts:  # a//b, ./a, a/: normalised (rare: strings are cheaper)
        parts = list(PurePosixPath(relpath).parts)
    if relpath.startswith("/") or ".." in parts or not parts:
        raise BuildError([f"refusing to write outside the build folder: {relpath!r}"])
    return "/".join(parts)


def write_tree(
    folder: Path, files: Mapping[str, bytes], keep: Iterable[str] = (), listed: str = ""
) -> WriteStats:
    """Make `folder` hold exactly `files` (and `keep`, left as they are): `sync_folder`, with
    every path checked to stay inside the folder."""
    # Read one file at a time (`files` may encode each when asked, _Encoded): copied only
    # when a path needs normalising.
    safe: Mapping[str, bytes] = files
    if any(safe_relpath(rel) != rel for rel in files):
        safe = {safe_relpath(rel): files[rel] for rel in files}
    done = sync_folder(folder, safe, [safe_relpath(rel) for rel in keep], listed)
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


class WrittenDocs(dict[str, str]):
    """build/docs written page by page as the renderer makes them (`render_site(out=...)`):
    each page's text is written and let go, its name kept with "" (the build reads no page
    again). Held until the end, the text of every page was a third of the build's process at
    the render phase, the build's peak (23 KB a profile, twice with the English edition)."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.stats = WriteStats()  # what was written; `write_build_folder` adds the rest

    def __setitem__(self, rel: str, text: str) -> None:
        safe = safe_relpath(rel)
        again = safe in self  # a page made again replaces the first, as in a dict
        if write_replacing(self.folder / safe, text.encode("utf-8")):
            if not again or safe not in self.stats.paths:
                self.stats.written += 1
                self.stats.paths.append(safe)
        elif not again:
            self.stats.unchanged += 1
        super().__setitem__(safe, "")
        self.written(safe)

    def written(self, rel: str) -> None:
        """The page at `rel` is in build/docs, whole (`StreamedDocs` hands it on)."""

    def update(self, *others: Any, **more: str) -> None:
        """Each page written as by `docs[rel] = text`."""
        for other in others:
            for rel, text in dict(other).items():
                self[rel] = text
        for rel, text in more.items():
            self[rel] = text


class WrittenFiles:
    """build/files written file by file as the open data makes them (`add_open_data(output=…)`,
    `generator.opendata.ledger.FileOutput`): no file's bytes are held (they were 15 KB a
    profile in the open-data child until its end)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # The paths whose bytes changed (new files too), in the order written: reported to
        # the parent, whose listing of build/files then need not read the folders of one
        # file a profile (`api/v1/profiles/`) whole to find them (issue #21).
        self.written: list[str] = []

    def write(self, rel: str, data: bytes) -> None:
        """Write the file at `rel` unless it holds these bytes already (`write_replacing`)."""
        if write_replacing(self.folder / safe_relpath(rel), data):
            self.written.append(rel)

    def read(self, rel: str) -> bytes:
        """The bytes of the file at `rel` (the press kit reads its profile's API document)."""
        return (self.folder / safe_relpath(rel)).read_bytes()


class _Encoded(Mapping[str, bytes]):
    """Pages' text as UTF-8, each encoded when it is written: all at once would hold a second
    copy of every page (at 100,000 profiles about 2 GB, at the render phase's peak)."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = texts

    def __getitem__(self, rel: str) -> bytes:
        return self.texts[rel].encode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self.texts)

    def __len__(self) -> int:
        return len(self.texts)


def write_build_folder(
    build_dir: Path,
    rendered: Rendered,
    clean: bool = False,
    images: ImageResult | None = None,
    listed: str = "",
) -> WriteStats:
    """Write build/docs (with the photos and cards), build/overrides and build/mkdocs.yml;
    `listed`: what build/docs held after the last build (`folders.names_listing`)."""
    if clean and build_dir.exists():
        shutil.rmtree(build_dir)
    keep: tuple[str, ...] = ()
    if images is not None:
        publish_images(images, build_dir / DOCS_DIR)
        if not images.ok:
            raise BuildError([p.format("en") for p in images.problems if p.severity == "error"])
        keep = images.files
    if isinstance(rendered.docs, WrittenDocs):  # written already: the rest removed
        done = rendered.docs.stats
        docs = write_tree(build_dir / DOCS_DIR, {}, [*keep, *rendered.kept, *rendered.docs], listed)
        docs.written, docs.unchanged = done.written, done.unchanged
        docs.paths = [*done.paths, *docs.paths]
    else:
        docs = write_tree(
            build_dir / DOCS_DIR,
            _Encoded(rendered.docs),
            [*keep, *rendered.kept],  # reused pages: their files are left as they are
            listed,
        )
    write_tree(build_dir / OVERRIDES_DIR, theme_files())
    write_replacing(build_dir / MKDOCS_FILE, rendered.mkdocs_yml.encode("utf-8"))
    if images is not None:
        docs.linked = images.published
    return docs
