"""Partitioned build, the merge: the slices joined with the shared part into site/ (issue #21).

``vinhdanh build --merge DIR1 DIR2 …`` builds the model whole, checks the slices (each built
from these very inputs: the digest in its manifest; one slice for each of today's provinces
with published profiles, none twice) and then makes what no slice makes: the home page,
campaigns, decisions, clusters, the rolls across provinces, statistics, the data page, the
open-data indexes, CSV and feeds, the search page and the search bundle, the profiles of
unknown or foreign places, proposals, redirects, 404, sitemap and robots.txt.

The search bundle is spliced, not merged at query time: the slices' shards go into the
merge's shard cache and `write_sharded` splices them with the shared records' shards into the
one bundle a single build writes (its shards are grouped by partition as well), so a reader
still downloads one metadata file. The engine is shown the shared pages and an empty page at
each slice page's path (generator.commands.partition.STUB_TEMPLATE: listed in the sitemap,
no file written). The parts are then hard-linked into a new folder, a path written by two
parts with different bytes stopping the merge, and the folder is swapped into site/: a merge
that fails leaves site/ as it was. It keeps its own cache in ``.vinhdanh-cache/merge/``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import filecmp
import functools
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from generator.commands.assemble import (
    NEW_PREFIX,
    discard,
    remove_path,
    site_mode,
    swap_into_place,
)
from generator.commands.build import hold_build_lock
from generator.commands.buildfolder import SITE_DIR, safe_relpath
from generator.commands.outcome import BuildError
from generator.commands.partition import (
    SHARD_FILES,
    SHARDS,
    STUB_PAGE,
    PartOutcome,
    check_project,
    copy_shard,
    file_digest,
    link_file,
    page_file,
    part_images,
    part_records,
    read_manifest,
    run_engine,
    timed,
)
from generator.commands.rendering import search_pages
from generator.errors import Problem, make_problem
from generator.images.cache import adopt_photos
from generator.images.jobs import CACHE_DIR as IMAGES_CACHE
from generator.incremental.lock import LOCK_WAIT_SECONDS
from generator.model.partition import (
    Part,
    province_partitions,
    record_partitions,
    slice_pages,
)
from generator.model.urls import own_dates
from generator.opendata.publish import add_open_data
from generator.pages.render import render_site
from generator.progress import SILENT, Progress
from generator.search.index import shard_keys, write_sharded
from generator.search.pagefind import SearchIndexError
from generator.search.records import INDEX_DIR, SearchRecord

MERGE_CACHE = ".vinhdanh-cache/merge"  # its shards (the slices' copied in) and work folder


def merge_partitions(
    root: Path,
    slices: Sequence[Path],
    today: dt.date | None = None,
    wait: float = LOCK_WAIT_SECONDS,
    progress: Progress = SILENT,
) -> PartOutcome:
    """Check the slice folders `slices`, make the shared part and swap the whole into
    root/site; BuildError (site/ untouched) if a slice does not belong to these inputs."""
    started = time.perf_counter()
    root = root.absolute()
    with contextlib.ExitStack() as held:
        hold_build_lock(held, root, wait)
        checked = check_project(root, today, progress)
        site, day = checked.site, checked.today
        expected = province_partitions(site)
        outcome = PartOutcome(checked.report, day, timings={"check": checked.seconds})
        with timed(outcome, "slices checked"):  # every file's digest read: what it costs
            manifests = _checked_slices(
                [folder.absolute() for folder in slices],
                expected,
                checked.inputs,
                slice_pages(site),
            )
        outcome.slices = len(manifests)
        part = Part.merge(expected)
        cache = root / MERGE_CACHE
        with timed(outcome, "photos adopted"):
            # The slices' photos, as they encoded them: the merge's pages show them too.
            for folder, manifest in manifests:
                photos = manifest.get("photos")
                if isinstance(photos, dict):
                    adopt_photos(root / IMAGES_CACHE, photos, folder / SITE_DIR)
        images = part_images(site, part, progress, outcome)
        with timed(outcome, "search records"):
            records = part_records(site, day, images, None)
            partitions = record_partitions(site)
            wanted = _check_shards(records, partitions, manifests)
        progress.stage("pages")
        with timed(outcome, "render"):
            rendered = render_site(
                site, day, images, None, lambda: search_pages(site, records), None, part
            )
            add_open_data(rendered, site, day, images, part=part)
        outcome.pages = len(rendered.docs)
        progress.stage("search")
        with timed(outcome, "search index"):
            shards = cache / SHARDS
            for folder, manifest in manifests:
                # The keys this merge computed (a manifest's names no folder here).
                for key in sorted(wanted.get(str(manifest["province"]), ())):
                    _seed_shard(folder / SHARDS / key, shards / key)
            bundle = cache / "search" / INDEX_DIR
            try:
                write_sharded(records, bundle, shards, partitions)
            except SearchIndexError as exc:
                raise BuildError([], exc.problems) from None
        stubs = [
            (doc, str(manifest["province"]))
            for _folder, manifest in manifests
            for doc in manifest["pages"]
        ]
        progress.stage("mkdocs")
        with timed(outcome, "MkDocs"):
            for doc, province in stubs:
                if doc in rendered.docs:
                    # slice_pages() keeps a slice to its province's pages, so this is a
                    # fault of ours; said as the conflict it is, not as a traceback.
                    problem = make_problem(
                        doc,
                        1,
                        1,
                        "",
                        "partition.conflict",
                        file=doc,
                        first="merge",
                        second=province,
                    )
                    raise BuildError([], [problem])
                rendered.docs[doc] = STUB_PAGE
            engine_output = run_engine(
                cache / "build", rendered, images, day, lastmod=own_dates(site, day)
            )
        progress.stage("swap")
        new = Path(tempfile.mkdtemp(prefix=NEW_PREFIX, dir=root))
        try:
            new.chmod(site_mode())
            with timed(outcome, "join and swap"):
                joined = _Joined(new)
                joined.tree(engine_output, "merge")
                more = {rel: text.encode("utf-8") for rel, text in rendered.extra.items()}
                more.update(rendered.files)
                for rel, data in sorted(more.items()):
                    joined.data(safe_relpath(rel), data, "merge")
                joined.tree(bundle.parent, "merge")
                for folder, manifest in manifests:
                    joined.tree(folder / SITE_DIR, str(manifest["province"]))
                outcome.files = len(joined.origin)
                swap_into_place(new, root / SITE_DIR)
        finally:
            if new.exists():
                discard(new, root)
        remove_path(cache / "build")  # linked into site/, made afresh: not for the CI cache
        outcome.seconds = time.perf_counter() - started
        return outcome


def _checked_slices(
    folders: list[Path], expected: list[str], inputs: str, pages: dict[str, set[str]]
) -> list[tuple[Path, dict[str, Any]]]:
    """The slices' folders and manifests, each from these inputs, one per expected province,
    with the `pages` of its province and the files its manifest lists; BuildError with every
    problem found otherwise."""
    problems: list[Problem] = []
    found: list[tuple[Path, dict[str, Any]]] = []
    seen: dict[str, Path] = {}
    for folder in folders:
        manifest, problem = read_manifest(folder)
        if manifest is None:
            assert problem is not None
            problems.append(problem)
            continue
        province = str(manifest["province"])
        if province not in expected:
            known = ", ".join(expected)
            problems.append(
                make_problem(
                    str(folder), 1, 1, "", "partition.unknown", province=province, known=known
                )
            )
            continue
        if manifest["inputs"] != inputs:
            problems.append(
                make_problem(str(folder), 1, 1, "", "partition.other_inputs", province=province)
            )
            continue
        if province in seen:
            problems.append(
                make_problem(
                    str(folder), 1, 1, "", "partition.duplicate", province=province,
                    other=str(seen[province]),
                )
            )  # fmt: skip
            continue
        untrusted = _untrusted_file(folder, manifest, pages.get(province, set()))
        if untrusted is not None:
            problems.append(untrusted)
            continue
        seen[province] = folder
        found.append((folder, manifest))
    absent = [p for p in expected if p not in seen]
    if absent and not problems:
        problems.append(
            make_problem(
                "--merge", 1, 1, "", "partition.missing", count=len(absent),
                provinces=", ".join(absent),
            )
        )  # fmt: skip
    if problems:
        raise BuildError([], problems)
    return sorted(found, key=lambda pair: str(pair[1]["province"]))


def _untrusted_file(folder: Path, manifest: dict[str, Any], pages: set[str]) -> Problem | None:
    """The first reason not to publish a slice's site/ as it is: a listed path out of it,
    pages other than its province's `pages` (a partial slice, or one claiming another's), a
    file not listed or not a regular one (a link could publish any file of this machine),
    one missing or not of its listed digest (changed, or an artifact half downloaded)."""
    province = str(manifest["province"])
    files: dict[str, str] = manifest["files"]

    def problem(code: str, rel: str) -> Problem:
        return make_problem(str(folder), 1, 1, "", code, province=province, file=rel)

    for rel in files:
        if not _inside(rel):
            return problem("partition.unsafe_path", rel)
    listed = set(manifest["pages"])
    for doc in sorted(pages - listed):
        return problem("partition.page_missing", doc)
    for doc in sorted(listed - pages):
        return problem("partition.page_foreign", doc)
    for doc in sorted(pages):
        if page_file(doc) not in files:
            return problem("partition.changed", page_file(doc))
    top = folder / SITE_DIR
    if not stat.S_ISDIR(_mode(top)):
        return problem("partition.changed", SITE_DIR)
    for dirpath, dirnames, filenames in os.walk(top):
        rel_dir = os.path.relpath(dirpath, top).replace(os.sep, "/")
        prefix = "" if rel_dir == "." else rel_dir + "/"
        for name in sorted(dirnames):
            if not stat.S_ISDIR(_mode(Path(dirpath) / name)):  # a link to a folder
                return problem("partition.unlisted", prefix + name)
        for name in sorted(filenames):
            rel = prefix + name
            if rel not in files or not stat.S_ISREG(_mode(Path(dirpath) / name)):
                return problem("partition.unlisted", rel)
    for rel, digest in sorted(files.items()):
        path = top / rel
        if not stat.S_ISREG(_mode(path)) or file_digest(path) != digest:
            return problem("partition.changed", rel)
    return None


def _inside(rel: str) -> bool:
    """Whether a manifest's path stays inside its folder (relative, no "..", normalised)."""
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and all(p not in ("", ".", "..") for p in parts)


def _mode(path: Path) -> int:
    """The mode of `path` itself (a link is a link), 0 when it does not exist."""
    try:
        return os.lstat(path).st_mode
    except OSError:
        return 0


def _check_shards(
    records: Sequence[SearchRecord],
    partitions: dict[str, str],
    manifests: list[tuple[Path, dict[str, Any]]],
) -> dict[str, set[str]]:
    """The keys of each slice's shards as the records make them here; BuildError if a slice
    did not hand them all (else the merge would index them itself, or splice stale ones)."""
    wanted: dict[str, set[str]] = {}
    for partition, key in shard_keys(records, partitions):
        wanted.setdefault(partition, set()).add(key)
    problems = []
    for folder, manifest in manifests:
        province = str(manifest["province"])
        mine = wanted.get(province, set())
        if (
            mine - set(manifest["shards"])
            or not stat.S_ISDIR(_mode(folder / SHARDS))
            or not all(
                stat.S_ISREG(_mode(folder / SHARDS / key / name))
                and stat.S_ISDIR(_mode(folder / SHARDS / key))
                for key in mine
                for name in SHARD_FILES
            )
        ):
            problems.append(
                make_problem(str(folder), 1, 1, "", "partition.search", province=province)
            )
    if problems:
        raise BuildError([], problems)
    return wanted


def _seed_shard(source: Path, target: Path) -> None:
    """A slice's shard copied into the merge's shard cache (whole, or not at all)."""
    if all((target / name).is_file() for name in SHARD_FILES):
        return  # the same key: the same records, indexed by the same Pagefind
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    copy_shard(source, staging)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)


class _Joined:
    """The merged site's folder as it is filled: which part wrote each path."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.origin: dict[str, str] = {}

    def _claim(self, rel: str, part: str, same: Callable[[], bool]) -> bool:
        """Whether `rel` is still to be written; BuildError if another part wrote it with
        other bytes (`same()`: whether they are the same)."""
        first = self.origin.get(rel)
        if first is None:
            self.origin[rel] = part
            return True
        if not same():
            problem = make_problem(
                rel, 1, 1, "", "partition.conflict", file=rel, first=first, second=part
            )
            raise BuildError([], [problem])
        return False

    def tree(self, source: Path, part: str) -> None:
        """Link every file under `source` into the folder at the same relative path."""
        top = str(source)
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames.sort()
            rel_dir = os.path.relpath(dirpath, top).replace(os.sep, "/")
            prefix = "" if rel_dir == "." else rel_dir + "/"
            for name in sorted(filenames):
                rel = prefix + name
                path = Path(dirpath) / name
                target = self.folder / rel
                same = functools.partial(filecmp.cmp, path, target, shallow=False)
                if self._claim(rel, part, same):
                    link_file(path, target)

    def data(self, rel: str, data: bytes, part: str) -> None:
        """Write one file made in memory."""
        target = self.folder / rel
        if self._claim(rel, part, lambda: target.read_bytes() == data):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
