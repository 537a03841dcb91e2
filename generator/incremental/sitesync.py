"""Assembling site/ from build/'s folders by hard links: the recycled site brought up to date.

`sync_tree` compares every folder of the sources with the target's; `sync_changed` only the
folders that can differ from the ones the target was last assembled from (issue #21: at
100,000 profiles, walking every folder of build/site and comparing each with the target's
was most of "list build/files" and "assemble site/"). Both read folders through `Listings`
(a folder whose stamp is known is not read again) and record what they changed there.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from generator.incremental.buildcache import BuildState, DirListing, Listings

# Where a folder's files come from: one source's index, or per file name when several
# sources hold the folder.
Origin = int | dict[str, int]
_EMPTY: DirListing = ({}, ())


def sync_tree(target: Path, sources: Sequence[Path], listings: Listings) -> DirListing:
    """Make `target` hold hard links to exactly the files of `sources` (merged); what `target`
    itself then holds (to `Listings.record` where it is moved). FileExistsError if two sources
    hold the same path. The caller waits a clock tick before anyone else may write into
    `target` (its folders are recorded as settled: Listings)."""
    # Files already linked to the same inode stay: recycling a site costs only the changes,
    # and folders whose listing is unchanged are compared as a whole.
    walks = [listings.walk(source) for source in sources]
    return _Assembly(target, sources, listings, lambda i, rel: walks[i].get(rel)).run(None)


def sync_changed(
    target: Path,
    sources: Sequence[Path],
    listings: Listings,
    changed: Collection[str],
    before: Collection[str],
) -> DirListing:
    """`sync_tree` of a `target` last assembled (by either) from the same `sources`, visiting
    only the folders that can differ from then: those holding a path of `changed` (every file
    or folder written or removed in the first source since, as relative paths), every folder
    the other sources (walked whole: they are small) hold now or held then (`before`), and
    each folder of `target` the listings did not know (changed since they were recorded)."""
    # The first source (build/site, a folder a profile) is not walked: a folder of it is
    # looked up only when some path under it changed. A folder of `target` known to the
    # listings holds what it held when that assembly recorded it, which was what the sources
    # held then; the first source's has not changed since (not in `changed`), the others'
    # are compared anyway. Listing the target whole stays: that is what notices a file added,
    # removed or replaced in a site recycled since it was published.
    first = str(sources[0])
    target.mkdir(parents=True, exist_ok=True)
    device = target.stat().st_dev
    if any(source.stat().st_dev != device for source in sources):
        return sync_tree(target, sources, listings)  # copies, not links: compare everything
    walks = [listings.walk(source) for source in sources[1:]]
    listings.walk(target)
    need: set[str] = set()
    for path in changed:
        _add_with_parents(need, path[: path.rfind("/") + 1])
    for rel in (*listings.fresh.get(f"{target}/", ()), *before):
        _add_with_parents(need, rel)
    for walk in walks:
        need.update(walk)  # every folder's parent is among them

    def lookup(i: int, rel: str) -> DirListing | None:
        return listings.at(f"{first}/{rel}") if i == 0 else walks[i - 1].get(rel)

    return _Assembly(target, sources, listings, lookup).run(need)


def _add_with_parents(need: set[str], rel: str) -> None:
    """Add folder `rel` ("a/b/") and every folder above it to `need`."""
    while rel not in need:
        need.add(rel)
        if not rel:
            return
        rel = _parent(rel)


def _parent(rel: str) -> str:
    """The parent of folder `rel` ("a/b/" -> "a/", "a/" -> "")."""
    return rel[: rel.rstrip("/").rfind("/") + 1]


class _Assembly:
    """One sync of `target` from `sources`, folder by folder from the top."""

    def __init__(
        self,
        target: Path,
        sources: Sequence[Path],
        listings: Listings,
        lookup: Callable[[int, str], DirListing | None],
    ) -> None:
        target.mkdir(parents=True, exist_ok=True)
        device = target.stat().st_dev
        self.target, self.top, self.listings = target, str(target), listings
        self.sources = [str(source) for source in sources]
        # Sources on another file system: their inodes are not comparable, files are copied.
        self.foreign = {i for i, source in enumerate(sources) if source.stat().st_dev != device}
        self.lookup = lookup  # what source i holds at a folder (None: no such folder)
        self.present = listings.walk(target)
        self.changed: dict[str, DirListing] = {}  # folders whose entries changed: what they hold
        self.need: set[str] | None = None
        self.below: dict[str, list[str]] = {}  # the names of the folders `need` has in each

    def run(self, need: set[str] | None) -> DirListing:
        """Visit the folders `need` names (None: every folder); what the top then holds."""
        if need is not None:  # by parent: a folder of 100,000 is not searched for them
            for rel in need:
                if rel:
                    self.below.setdefault(_parent(rel), []).append(rel[len(_parent(rel)) : -1])
        self.need = need
        top = self._visit("", created=False)
        for rel, listing in self.changed.items():
            if rel:  # the top is recorded by the caller, where it is moved
                # Settled: the caller waits a clock tick before it publishes the target.
                self.listings.record(self.target, rel, listing, settled=True)
        self.listings.walked.pop(f"{self.top}/", None)
        return top

    def _merged(self, rel: str) -> tuple[dict[str, int], set[str], Origin]:
        """The files and folders of the sources at folder `rel`, and where each file is from."""
        files: dict[str, int] = {}
        folders: set[str] = set()
        origin: Origin = 0
        first = True
        for i in range(len(self.sources)):
            listing = self.lookup(i, rel)
            if listing is None:
                continue
            names, subdirs = listing
            if first:
                files, folders, origin, first = names, set(subdirs), i, False
                continue
            merged = dict(files)
            by_name = dict.fromkeys(merged, origin) if isinstance(origin, int) else dict(origin)
            for name, inode in names.items():
                if name in merged or name in folders:
                    raise FileExistsError(errno.EEXIST, "produced twice", rel + name)
                merged[name], by_name[name] = inode, i
            if any(name in merged for name in subdirs):
                raise FileExistsError(errno.EEXIST, "produced twice", rel)
            files, origin = merged, by_name
            folders.update(subdirs)
        return files, folders, origin

    def _visit(self, rel: str, created: bool) -> DirListing:
        """Make folder `rel` of the target hold what the sources hold there; then its folders
        (all of them below a folder made now, else those `need` names); what it holds."""
        have, have_dirs = _EMPTY if created else self.present.get(rel, _EMPTY)
        wanted, folders, origin = self._merged(rel)
        # Sets and sorts of the names that differ only: "ho-so/" holds a folder a profile.
        kept = set(have_dirs)
        gone, added = kept - folders, folders - kept
        for name in sorted(gone):  # no source holds it (any more)
            shutil.rmtree(f"{self.top}/{rel}{name}")
        linked, files = self._link(rel, have, wanted, origin)
        for name in sorted(added):
            os.mkdir(f"{self.top}/{rel}{name}/")
            self._visit(f"{rel}{name}/", created=True)
        visit = have_dirs if self.need is None else sorted(self.below.get(rel, ()))
        for name in visit:
            if name in folders and name not in added:
                self._visit(f"{rel}{name}/", created=False)
        listing = (files, have_dirs if not gone and not added else tuple(sorted(folders)))
        if created or gone or added or linked:
            self.changed[rel] = listing
        return listing

    def _link(
        self, rel: str, have: dict[str, int], wanted: dict[str, int], origin: Origin
    ) -> tuple[bool, dict[str, int]]:
        """Make the files of folder `rel` (`have`) those of the sources (`wanted`): whether any
        changed, and the folder's files by inode now (a copy has its own)."""
        foreign = self.foreign
        if have == wanted and isinstance(origin, int) and origin not in foreign:
            return False, wanted

        def source_of(name: str) -> int:
            return origin if isinstance(origin, int) else origin[name]

        top = self.top
        changed = False
        for name, old in have.items():
            kept = wanted.get(name)
            if kept is None or kept != old or source_of(name) in foreign:
                os.unlink(f"{top}/{rel}{name}")
                changed = True
        copied: dict[str, int] = {}
        for name, new in wanted.items():
            linked = have.get(name)
            i = source_of(name)
            if linked is not None and linked == new and i not in foreign:
                continue
            origin_path, destination = f"{self.sources[i]}/{rel}{name}", f"{top}/{rel}{name}"
            if i in foreign:
                shutil.copy2(origin_path, destination)
                copied[name] = os.lstat(destination).st_ino
            else:
                os.link(origin_path, destination)
            changed = True
        # The source's listing itself is left as it was read.
        return changed, {**wanted, **copied} if copied else wanted


def changed_since_spare(
    previous: BuildState, engine_changes: frozenset[str] | None, damaged: Collection[str]
) -> tuple[frozenset[str], frozenset[str]] | None:
    """What `sync_changed` needs to bring the recycled site (assembled two builds ago) up to
    date: the paths of build/site written or removed since (by the last build, `previous`,
    and by this one's engine, `engine_changes`, with the `damaged` paths found), and the
    folders build/files and build/search held then; None when not known (a build failed
    since, the engine built every page, the state is of an older layout): every folder is
    compared."""
    if (
        previous.result is None
        or previous.engine_changes is None
        or previous.walked_before is None
        or engine_changes is None
    ):
        return None
    changed = previous.engine_changes | engine_changes | frozenset(damaged)
    return changed, previous.walked_before


def note_assembly(
    state: BuildState,
    previous: BuildState,
    listings: Listings,
    walked: Sequence[Path],
    engine_changes: frozenset[str] | None,
    damaged: Collection[str],
) -> None:
    """Keep in `state`, for the next builds, what this build changed in build/site and which
    folders the `walked` sources held (BuildState.engine_changes, walked, walked_before)."""
    state.walked = frozenset(rel for source in walked for rel in listings.walk(source))
    if previous.result is None or engine_changes is None:
        return  # a failed build may have written into build/ since the last one: unknown
    state.engine_changes = engine_changes | frozenset(damaged)
    state.walked_before = previous.walked
