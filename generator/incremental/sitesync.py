"""Assembling site/ from build/'s folders by hard links: the recycled site brought up to date.

`sync_tree` compares every folder of the sources with the target's; `sync_changed` only the
folders that can differ from the ones the target was last assembled from, as the sources'
writers (the engine, the open data, the search index) said what they wrote or removed, and
a folder the target still holds as assembled is brought up to date name by name, not read
(issue #21: at 100,000 profiles, walking every folder of build/site and comparing each with
the target's was most of "list build/files" and "assemble site/"; then the folders of one
file a profile, read whole several times an edit). Both read folders through `Listings` (a
folder whose stamp is known is not read again) and record what they changed there.
"""

from __future__ import annotations

import bisect
import errno
import os
import shutil
import stat
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from generator.incremental.buildcache import BuildState
from generator.incremental.listings import DirListing, Listings

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
    changed: Sequence[Collection[str]],
) -> DirListing:
    """`sync_tree` of a `target` last assembled (by either) from the same `sources`, visiting
    only the folders that can differ from then: those holding a path of `changed[i]` (every
    file or folder written or removed in source i since, as relative paths; a folder removed
    as "a/b/"), and each folder of `target` the listings did not know (changed since they
    were recorded)."""
    # No source is walked: a folder of one is looked up (one lstat while its stamp is known)
    # only when some path under it changed, in any source. A folder of `target` known to the
    # listings holds what it held when that assembly recorded it, which was what the sources
    # held then, and none of theirs has changed since (not in `changed`). Listing the target
    # whole stays: that is what notices a file added, removed or replaced in a site recycled
    # since it was published.
    target.mkdir(parents=True, exist_ok=True)
    device = target.stat().st_dev
    if any(source.stat().st_dev != device for source in sources):
        return sync_tree(target, sources, listings)  # copies, not links: compare everything
    listings.walk(target)
    names = _changed_names(changed)
    need = set(names)  # with every folder above each
    fresh = listings.fresh.get(f"{target}/", set())
    for rel in fresh:
        _add_with_parents(need, rel)
    tops = [f"{source}/" for source in sources]

    def lookup(i: int, rel: str) -> DirListing | None:
        return listings.at(tops[i] + rel)

    return _Assembly(target, sources, listings, lookup).run(need, names, fresh)


def _changed_names(changed: Sequence[Collection[str]]) -> dict[str, set[str]]:
    """The names changed in each folder by the `changed` paths: "a/b/c.json" changes "c.json"
    in "a/b/", "b" in "a/" and "a" in "" (a folder made or removed there)."""
    names: dict[str, set[str]] = {}
    for paths in changed:
        for path in paths:
            rel = path.rstrip("/")
            while rel:
                cut = rel.rfind("/") + 1
                found = names.setdefault(rel[:cut], set())
                if rel[cut:] in found:
                    break  # and so is every folder above
                found.add(rel[cut:])
                rel = rel[: cut - 1] if cut else ""
    return names


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
        self.names: dict[str, set[str]] | None = None  # the names changed in each folder
        self.fresh: Collection[str] = ()  # folders of the target the listings did not know

    def run(
        self,
        need: set[str] | None,
        names: dict[str, set[str]] | None = None,
        fresh: Collection[str] = (),
    ) -> DirListing:
        """Visit the folders `need` names (None: every folder); what the top then holds.
        `names`: the only names changed in each folder of the sources since the target was
        assembled from them, but in its `fresh` folders (changed since that assembly)."""
        if need is not None:  # by parent: a folder of 100,000 is not searched for them
            for rel in need:
                if rel:
                    self.below.setdefault(_parent(rel), []).append(rel[len(_parent(rel)) : -1])
        self.need, self.names, self.fresh = need, names, fresh
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
        if self.names is not None and not created and rel not in self.fresh:
            return self._visit_known(rel, self.names.get(rel, set()))
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

    def _visit_known(self, rel: str, names: Collection[str]) -> DirListing:
        """`_visit` of a folder of the target as its assembly recorded it (the sources' then),
        in which only `names` changed since: one lstat a name and source, not a read of
        each source's folder (api/v1/profiles/ and pagefind/fragment/ hold a file a
        profile, ho-so/ a folder)."""
        have, have_dirs = self.present[rel]
        files: dict[str, int] | None = None  # a copy of `have`, once a file changes
        gone: set[str] = set()
        added: list[str] = []
        for name in sorted(names):
            path = f"{self.top}/{rel}{name}"
            source, st = self._find(rel, name)
            is_dir = st is not None and stat.S_ISDIR(st.st_mode)
            old = have.get(name)
            if old is not None and (st is None or is_dir or st.st_ino != old):
                os.unlink(path)
                files = files if files is not None else dict(have)
                del files[name]
            if not is_dir and _holds(have_dirs, name):
                shutil.rmtree(path)
                gone.add(name)
            if st is not None and not is_dir and st.st_ino != old:
                os.link(f"{self.sources[source]}/{rel}{name}", path)
                files = files if files is not None else dict(have)
                files[name] = st.st_ino
            if is_dir and not _holds(have_dirs, name):
                os.mkdir(path)
                self._visit(f"{rel}{name}/", created=True)
                added.append(name)
        for name in sorted(self.below.get(rel, ())):
            if _holds(have_dirs, name) and name not in gone:
                self._visit(f"{rel}{name}/", created=False)
        folders = have_dirs
        if gone or added:
            folders = tuple(sorted({*have_dirs, *added} - gone))
        listing = (have if files is None else files, folders)
        if files is not None or gone or added:
            self.changed[rel] = listing
        return listing

    def _find(self, rel: str, name: str) -> tuple[int, os.stat_result | None]:
        """Which source holds `name` in folder `rel` and its lstat (None: none does);
        FileExistsError if a file of that name is in two (a folder may be in several)."""
        found: list[tuple[int, os.stat_result]] = []
        for i, source in enumerate(self.sources):
            try:
                found.append((i, os.lstat(f"{source}/{rel}{name}")))
            except (FileNotFoundError, NotADirectoryError):
                continue
        if len(found) > 1 and not all(stat.S_ISDIR(st.st_mode) for _i, st in found):
            raise FileExistsError(errno.EEXIST, "produced twice", rel + name)
        return found[0] if found else (0, None)

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
    previous: BuildState, changes: Sequence[frozenset[str] | None], damaged: Collection[str]
) -> list[frozenset[str]] | None:
    """What `sync_changed` needs to bring the recycled site (assembled two builds ago) up to
    date: per source, the paths written or removed since, by the last build (`previous`) and
    by this one (`changes`), with the `damaged` paths found; None when not known (a build
    failed since, a source was written whole or not reported, the state is of an older
    layout): every folder is compared."""
    before = previous.source_changes
    if (
        spare_is_stale(previous)
        or before is None
        or len(before) != len(changes)
        or any(paths is None for paths in changes)
    ):
        return None
    gone = frozenset(damaged)  # removed from whichever source shared the file
    return [old | new | gone for old, new in zip(before, changes, strict=True) if new is not None]


def spare_is_stale(previous: BuildState) -> bool:
    """Whether the last build left no record of what it changed since the spare was
    assembled (a full build, a failed build since): `changed_since_spare` is then None
    whatever this build writes, and nothing of the spare needs reading."""
    return previous.result is None or previous.source_changes is None


def note_assembly(
    state: BuildState,
    previous: BuildState,
    changes: Sequence[frozenset[str] | None],
    damaged: Collection[str],
) -> None:
    """Keep in `state`, for the next build, what this build wrote or removed in each source
    (BuildState.source_changes; None when any is not known)."""
    if previous.result is None or any(paths is None for paths in changes):
        return  # a failed build may have written into build/ since the last one: unknown
    gone = frozenset(damaged)
    state.source_changes = tuple(paths | gone for paths in changes if paths is not None)


def _holds(folders: tuple[str, ...], name: str) -> bool:
    """Whether the sorted folder names `folders` hold `name` (ho-so/ holds 100,000)."""
    at = bisect.bisect_left(folders, name)
    return at < len(folders) and folders[at] == name
