"""Partitioned build, the slices: one of today's provinces built apart (issue #21, point 6).

``vinhdanh build --partition <province> --out DIR`` builds the model whole (every check needs
it) and then only the province's part (generator.model.partition): its profiles' pages in
both editions, its roll pages, their photos and own cards, API documents, press kits and
workbooks, and the search shards of its profiles' records. It writes into DIR:

- ``site/``: those files at their final paths (what the merge joins, as they are);
- ``search-shards/<key>/``: its shards as Pagefind indexed them (the merge splices them);
- ``manifest.json``: the province, the digest of the inputs it was built from, its pages
  (the merge lists them in the sitemap), its files and its shards' keys.

DIR is replaced whole (built beside it, swapped in), so a failed slice leaves the last one.
MkDocs is shown the slice's pages and, for the nav, an empty page at each nav path
(`STUB_TEMPLATE`: the engine renders it to nothing and writes no file), so a slice's pages
come out as a whole build writes them. A slice keeps its own cache in
``.vinhdanh-cache/slices/<province>/`` (its shards; photos and cards share the images cache,
keyed by content), never the whole build's. The merge: generator.commands.merge.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.commands.assemble import remove_path, site_mode, swap_into_place
from generator.commands.build import engine_epoch, hold_build_lock
from generator.commands.buildfolder import (
    MKDOCS_FILE,
    OVERRIDES_DIR,
    SITE_DIR,
    safe_relpath,
    write_build_folder,
)
from generator.commands.inputs import inputs_digest
from generator.commands.outcome import BuildError
from generator.commands.processes import Spawned
from generator.commands.sitengine import EngineError, build_pages, engine_logger, nav_files
from generator.commands.today import resolve_today
from generator.errors import Problem, Report, make_problem
from generator.images.cache import photo_metas
from generator.images.jobs import CACHE_DIR as IMAGES_CACHE
from generator.images.jobs import ImageResult
from generator.images.stage import process_site_images
from generator.incremental.buildcache import FileDigests, package_digest
from generator.incremental.lock import LOCK_WAIT_SECONDS
from generator.model.entries import Site
from generator.model.partition import Part, province_partitions, record_partitions
from generator.model.profilechecks import check_dates
from generator.model.site import build_site
from generator.model.urls import ABOUT_PATH, doc_file
from generator.opendata.publish import add_open_data
from generator.output import Rendered
from generator.pages.mkdocsconfig import NAV
from generator.pages.render import render_about_page, render_site
from generator.progress import SILENT, Progress
from generator.search.index import index_shards
from generator.search.pagefind import SearchIndexError
from generator.search.records import SearchRecord, iter_search_records, thumbnails_from

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1  # bumped when the manifest or the slice's folder changes shape
SHARDS = "search-shards"  # the slice's search shards, in DIR
SLICES_CACHE = ".vinhdanh-cache/slices"  # a slice's own cache: <province>/
STUB_TEMPLATE = "vd-stub.html"  # empty: a page rendered with it is not written
STUB_PAGE = f"---\ntemplate: {STUB_TEMPLATE}\n---\n"
SHARD_FILES = ("shard.marshal", "fragments.marshal")  # a shard's folder (search/index.py)


@dataclass
class PartOutcome:
    """What a slice or a merge made, for the command's summary."""

    report: Report
    today: dt.date
    pages: int = 0
    files: int = 0
    shards: int = 0
    slices: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class Checked:
    """The whole model, checked, on its day, and the digest of the inputs it was built from."""

    site: Site
    today: dt.date
    report: Report
    inputs: str
    seconds: float  # spent checking and digesting


def check_project(root: Path, today: dt.date | None, progress: Progress = SILENT) -> Checked:
    """Build and check the whole model (a slice needs it too); BuildError on any error."""
    progress.stage("check")
    started = time.perf_counter()
    digests = FileDigests()
    package = package_digest(digests)
    site, report = build_site(root)
    if site is None or report.errors:
        raise BuildError([], report.errors)
    day = resolve_today(site, today)
    check_dates(site, day, report)
    if report.errors:
        raise BuildError([], report.errors)
    # Of the resolved day: slices built on other machines from the same commit agree.
    inputs = inputs_digest(root, digests, package, day)
    return Checked(site, day, report, inputs, time.perf_counter() - started)


def list_partitions(root: Path, today: dt.date | None = None) -> list[str]:
    """The slices of a project: today's provinces with published profiles, by slug."""
    return province_partitions(check_project(root.absolute(), today).site)


def build_partition(
    root: Path,
    province: str,
    out: Path,
    today: dt.date | None = None,
    wait: float = LOCK_WAIT_SECONDS,
    progress: Progress = SILENT,
) -> PartOutcome:
    """Build the slice of `province` into `out` (replaced whole, or left as it was)."""
    started = time.perf_counter()
    root, out = root.absolute(), out.absolute()
    refuse_foreign_out(out)
    with contextlib.ExitStack() as held:
        hold_build_lock(held, root, wait)
        checked = check_project(root, today, progress)
        site, day = checked.site, checked.today
        known = province_partitions(site)
        if province not in known:
            problem = make_problem(
                "--partition",
                1,
                1,
                "",
                "partition.unknown",
                province=province,
                known=", ".join(known),
            )
            raise BuildError([], [problem])
        outcome = PartOutcome(checked.report, day, timings={"check": checked.seconds})
        part = Part.slice(province)
        cache = root / SLICES_CACHE / province
        work = cache / "build"
        images = part_images(site, part, progress, outcome)
        progress.stage("pages")
        with timed(outcome, "render"):
            rendered = render_site(site, day, images, None, None, None, part)
            add_open_data(rendered, site, day, images, part=part)
        pages = sorted(rendered.docs)
        with timed(outcome, "search shards"):
            records = part_records(site, day, images, part)
            try:
                keys, _stats = index_shards(records, record_partitions(site), cache / SHARDS)
            except SearchIndexError as exc:
                raise BuildError([], exc.problems) from None
        with timed(outcome, "MkDocs"):
            engine_output = run_engine(work, rendered, images, day, stubs=nav_stubs())
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
        try:
            staging.chmod(site_mode())
            with timed(outcome, "assemble"):
                files = _assemble_slice(staging, engine_output, rendered, images, pages)
                for key in keys:
                    copy_shard(cache / SHARDS / key, staging / SHARDS / key)
                manifest = {
                    "format": MANIFEST_FORMAT,
                    "province": province,
                    "inputs": checked.inputs,
                    "today": day.isoformat(),
                    "pages": pages,
                    "files": files,
                    "shards": keys,
                    # What the merge needs to show these photos without encoding them again.
                    "photos": photo_metas(
                        root / IMAGES_CACHE, sorted({ps.key for ps in images.photo_sets.values()})
                    ),
                }
                (staging / MANIFEST).write_text(
                    json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8",
                )
                swap_into_place(staging, out)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        # The engine's output is linked into DIR and made afresh each time: kept, it would
        # only grow the cache a CI job saves (a slice's every page, a second time).
        remove_path(work)
        outcome.pages, outcome.files, outcome.shards = len(pages), len(files), len(keys)
        outcome.seconds = time.perf_counter() - started
        return outcome


def refuse_foreign_out(out: Path) -> None:
    """BuildError unless `out` is absent, an empty folder or a slice's folder: the slice
    replaces it whole, and `--out .` or `--out profiles` must not take a project with it."""
    if not (out.exists() or out.is_symlink()):
        return
    if out.is_dir() and not out.is_symlink():
        with os.scandir(out) as entries:
            if next(entries, None) is None:
                return
        if (out / MANIFEST).is_file():
            return
    problem = make_problem(str(out), 1, 1, "", "partition.out_taken", out=str(out))
    raise BuildError([], [problem])


@contextlib.contextmanager
def timed(outcome: PartOutcome, stage: str) -> Iterator[None]:
    """Add the time spent in the block to `outcome.timings[stage]`."""
    started = time.perf_counter()
    try:
        yield
    finally:
        outcome.timings[stage] = outcome.timings.get(stage, 0.0) + time.perf_counter() - started


def part_images(site: Site, part: Part, progress: Progress, outcome: PartOutcome) -> ImageResult:
    """The images stage for one part; BuildError if a photo is refused."""
    progress.stage("images")
    with timed(outcome, "images"):
        images = process_site_images(site, progress=progress, part=part)
    outcome.report.extend(images.problems)
    if not images.ok:
        raise BuildError([], [p for p in images.problems if p.severity == "error"])
    return images


def part_records(
    site: Site, today: dt.date, images: ImageResult, part: Part | None
) -> list[SearchRecord]:
    """The search records of one part (all of them without `part`), made as a whole build
    makes them: the ranks and the about page's text are the whole site's."""
    about = {doc_file(ABOUT_PATH): render_about_page(site, today)}
    thumbnails = thumbnails_from(images)
    if part is None:
        return list(iter_search_records(site, about, thumbnails))
    assert part.inside, "the merge makes every record"
    return list(iter_search_records(site, about, thumbnails, None, part.has_entry))


def nav_stubs() -> list[str]:
    """The docs/ paths the nav names (MkDocs wants each to exist)."""
    return sorted(set(nav_files(NAV)))


def run_engine(
    work: Path,
    rendered: Rendered,
    images: ImageResult,
    today: dt.date,
    stubs: Iterable[str] = (),
    lastmod: Mapping[str, str] | None = None,
) -> Path:
    """Write `work` (docs, overrides, mkdocs.yml) afresh and build it with the site engine in a
    new interpreter; the engine's output folder. `stubs`: docs/ paths given an empty page
    unless rendered (the engine lists them, e.g. in the sitemap, and writes no file)."""
    remove_path(work)
    for rel in stubs:
        if rel not in rendered.docs:
            rendered.docs[rel] = STUB_PAGE
    write_build_folder(work, rendered, clean=True, images=images)
    (work / OVERRIDES_DIR / STUB_TEMPLATE).write_bytes(b"")
    output = work / SITE_DIR
    engine = Spawned(
        build_pages,
        work / MKDOCS_FILE,
        output,
        engine_epoch(today),
        lastmod=lastmod,
        logger=engine_logger().name,
    )
    try:
        engine.wait()
    except EngineError as exc:
        raise BuildError(exc.messages, exc.problems) from None
    finally:
        engine.discard()
    return output


def page_file(doc: str) -> str:
    """The file the engine writes for a docs/ page ("ho-so/a/index.md" -> "ho-so/a/index.html")."""
    folder, _, name = doc.rpartition("/")
    stem = name[: -len(".md")]
    if stem != "index":
        folder = f"{folder}/{stem}" if folder else stem
    return f"{folder}/index.html" if folder else "index.html"


def link_file(source: Path, target: Path) -> None:
    """Hard-link (or copy) `source` to `target`, making its folders."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _assemble_slice(
    staging: Path, engine_output: Path, rendered: Rendered, images: ImageResult, pages: list[str]
) -> dict[str, str]:
    """Make staging/site hold the slice's files (its pages, images, open data); their
    digests by site path."""
    site = staging / SITE_DIR
    site.mkdir()
    wanted = [page_file(doc) for doc in pages] + list(images.sources)
    for rel in wanted:
        source = engine_output / rel
        if not source.is_file():
            problem = make_problem(rel, 1, 1, "", "build.page_not_written", file=rel)
            raise BuildError([], [problem])
        link_file(source, site / rel)
    for rel, data in rendered.files.items():
        target = site / safe_relpath(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return {
        p.relative_to(site).as_posix(): file_digest(p)
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def copy_shard(source: Path, target: Path) -> None:
    """Copy one cached shard's folder (its files only)."""
    target.mkdir(parents=True)
    for name in SHARD_FILES:
        shutil.copyfile(source / name, target / name)


def read_manifest(folder: Path) -> tuple[dict[str, Any] | None, Problem | None]:
    """A slice folder's manifest, or the problem that it cannot be read."""
    path = folder / MANIFEST
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return None, make_problem(str(path), 1, 1, "", "partition.manifest", reason=reason)
    keys = ("format", "province", "inputs", "pages", "files", "shards")
    if not isinstance(loaded, dict) or any(k not in loaded for k in keys):
        return None, make_problem(str(path), 1, 1, "", "partition.manifest", reason="?")
    if loaded["format"] != MANIFEST_FORMAT:
        reason = f"format {loaded['format']}"
        return None, make_problem(str(path), 1, 1, "", "partition.manifest", reason=reason)
    # The merge reads these as typed: a manifest of other shapes is refused here, in words.
    shapes = {
        "province": isinstance(loaded["province"], str),
        "inputs": isinstance(loaded["inputs"], str),
        "pages": _strings(loaded["pages"]),
        "shards": _strings(loaded["shards"]),
        "files": isinstance(loaded["files"], dict)
        and _strings(list(loaded["files"]) + list(loaded["files"].values())),
    }
    wrong = [key for key, fits in shapes.items() if not fits]
    if wrong:
        return None, make_problem(str(path), 1, 1, "", "partition.manifest", reason=wrong[0])
    return loaded, None


def _strings(value: object) -> bool:
    """Whether `value` is a list of strings."""
    return isinstance(value, list) and all(isinstance(item, str) for item in value)
