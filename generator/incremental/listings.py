"""Folders listed by their directories' stamps: what a folder held, known without reading it.

A directory whose inode, modification and change times are those recorded holds the names it
held then (`Listings`); `tree_stamps` digests a tree's directory stamps. site/ is assembled
(`sitesync`) and checked for tampering (`Listings.check`) through them; the build cache
(`buildcache.BuildCache`) saves and loads them.
"""

from __future__ import annotations

import errno
import hashlib
import marshal
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from generator.incremental.stamps import RACY_NS

if TYPE_CHECKING:
    from generator.incremental.buildcache import BuildCache

DirStamp = tuple[int, int, int]  # a directory's inode, modification and change times (ns)
# One directory's content: the inodes of its files (not folders) by name; its folders' names.
DirListing = tuple[dict[str, int], tuple[str, ...]]
LISTINGS_FILE = "listings.marshal"
# Bump when what is saved changes (4: the settled stamps; 5: the older generation as marshal
# bytes of its own, the racy stamps named).
_LISTINGS_FORMAT = 5
# A coarse file-system clock: the longest tick of the kernels and file systems we expect.
CLOCK_TICK_SECONDS = 0.011
_S_IFMT, _S_IFDIR = 0o170000, 0o040000


class Listings:
    """What directories held when last read, by the directory's own stamp."""

    # Creating, removing or renaming an entry sets its directory's modification and change
    # times, and no one can set a change time back: a directory whose inode and times are as
    # recorded holds the same names, with the same inodes, as then. So a tree of 15,000
    # folders (the site at 10,000 profiles) is listed with one stat per folder, not a read of
    # each; only the folders that changed are read. A file changed in place keeps its inode,
    # which is all linking needs (and nothing here writes in place: write_replacing; MkDocs'
    # outputs are unlinked first); `check` looks at every file's change time. Entries not met
    # for two builds are dropped: the site before last (the spare) was met two builds ago.
    # A folder the assembly changed and recorded (`record(settled=True)`) a clock tick or more
    # before anyone else could write into it (the build waits one before the swap that
    # publishes it) is not racy, however soon its listing is saved: a later change moves its
    # times. Else every folder an edit changed in site/ (the API's and the search bundle's
    # folders of one file a profile among them) was read whole again when recycled.

    def __init__(self, known: dict[DirStamp, DirListing] | None = None) -> None:
        self.known = known or {}
        self.seen: dict[DirStamp, DirListing] = {}
        self.before: dict[DirStamp, DirListing] = {}  # what the last build saw, kept once more
        self.before_ns = 0  # when that was saved
        # Known folders changed shortly before their listing was saved: a change within the
        # same clock tick would not have moved their times, so they are read again.
        self.racy: set[DirStamp] = set()
        self.settled: set[DirStamp] = set()  # recorded a clock tick before anyone else wrote
        self.walked: dict[str, dict[str, DirListing]] = {}
        # Per folder walked, its directories read from disk (not known, or racy): what may
        # have changed since a build listed them (generator.incremental.sitesync).
        self.fresh: dict[str, set[str]] = {}

    @classmethod
    def load(cls, cache: BuildCache) -> Listings:
        """The listings saved by the last build that saved them (none if unreadable)."""
        return cls._loaded(cache, whole=True)

    @classmethod
    def load_seen(cls, cache: BuildCache) -> Listings:
        """What the last build that saved listings saw (its site/ among it), not what the
        build before it saw: enough for `check` of site/; `load` for the rest of a build."""
        # A no-change build checks site/ only, all of whose folders the build that made it
        # saw (it walked the recycled site it assembled): the older generation (the spare's
        # and build/'s folders) was half the file's unmarshalling (issue #21).
        return cls._loaded(cache, whole=False)

    @classmethod
    def _loaded(cls, cache: BuildCache, whole: bool) -> Listings:
        saved = cache.load_marshal(LISTINGS_FILE)
        if saved.get("format") != _LISTINGS_FORMAT:
            return cls()
        seen: dict[DirStamp, DirListing] = saved["seen"]
        before: dict[DirStamp, DirListing] = {}
        if whole:
            try:
                before = marshal.loads(saved["before"])
            except (EOFError, ValueError, TypeError):
                return cls()
        listings = cls({**before, **seen} if before else seen)
        listings.before, listings.before_ns = seen, saved["seen_ns"]
        listings.settled = set(saved["settled"])
        listings.racy = set(saved["racy"])
        return listings

    def save(self, cache: BuildCache) -> None:
        """Keep what this build saw, and what the last one saw, for the next build."""
        before = {k: v for k, v in self.before.items() if k not in self.seen}
        now = time.time_ns()
        # Only a stamp the next build could take as racy needs saying it is settled (else
        # every folder of the first site, made at once, would be listed for ever).
        settled = [
            k
            for k in self.settled
            if (k in self.seen and max(k[1], k[2]) >= now - RACY_NS)
            or (k in before and max(k[1], k[2]) >= self.before_ns - RACY_NS)
        ]
        # Which stamps are racy is known now, from the times they were saved at: named here,
        # not found by the next build looking at every stamp's times. Each time compared
        # apart, not their max(): a call a folder, 13 -> 4 ms at 10,000 profiles.
        racy = [
            k
            for generation, limit in (
                (self.seen, now - RACY_NS),
                (before, self.before_ns - RACY_NS),
            )
            for k in generation
            if (k[1] >= limit or k[2] >= limit) and k not in self.settled
        ]
        saved = {
            "format": _LISTINGS_FORMAT,
            "seen": self.seen,
            "seen_ns": now,
            # Apart, as bytes: a build that only checks site/ does not unmarshal it (load_seen).
            "before": marshal.dumps(before),
            "before_ns": self.before_ns,
            "settled": settled,
            "racy": racy,
        }
        cache.save_marshal(LISTINGS_FILE, saved)

    def walk(self, folder: Path) -> dict[str, DirListing]:
        """Every directory under `folder` by relative path ("" for `folder`, else "a/b/").

        The result is kept for this build: walk a folder early only once it is final."""
        top = f"{folder}/"
        found = self.walked.get(top)
        if found is not None:
            return found
        found = {}
        fresh: set[str] = set()
        seen, known, racy, lstat = self.seen, self.known, self.racy, os.lstat  # 15,000 times
        stack = [""]
        while stack:
            rel = stack.pop()
            st = lstat(top + rel)
            if st.st_mode & _S_IFMT != _S_IFDIR:
                raise NotADirectoryError(errno.ENOTDIR, "not a folder", top + rel)
            stamp = (st.st_ino, st.st_mtime_ns, st.st_ctime_ns)  # dir_stamp, inlined
            listing = seen.get(stamp)
            if listing is None:
                listing = known.get(stamp) if stamp not in racy else None
                if listing is None:
                    listing = read_dir(top + rel)
                    fresh.add(rel)
                seen[stamp] = listing
            found[rel] = listing
            if listing[1]:  # most folders (a profile's) hold none
                stack.extend([rel + name + "/" for name in listing[1]])
        self.walked[top], self.fresh[top] = found, fresh
        return found

    def at(self, path: str) -> DirListing | None:
        """What the directory at `path` holds (None: no directory there), one lstat while
        its stamp is known, as `walk` lists each of its folders."""
        try:
            st = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            return None
        if st.st_mode & _S_IFMT != _S_IFDIR:
            return None  # a file: the folder above lists it (and a clash is found there)
        return self.at_stat(path, st)

    def at_stat(self, path: str, st: os.stat_result, settled: bool = False) -> DirListing:
        """`at` of the directory at `path`, whose lstat is `st`; `settled`: no one wrote
        there within the last clock tick (what is read is then recorded as never racy)."""
        stamp = dir_stamp(st)
        listing = self.seen.get(stamp)
        if listing is None:
            listing = self.known.get(stamp) if stamp not in self.racy else None
            if listing is None:
                listing = read_dir(path)
                if settled:
                    self.settled.add(stamp)
        self.seen[stamp] = listing
        return listing

    def record(
        self, folder: Path, rel: str, listing: DirListing, settled: bool = False
    ) -> DirStamp:
        """Note what directory `rel` of `folder` holds now that it was changed; its stamp.
        `settled`: no one else writes there until a clock tick after this (never racy)."""
        stamp = dir_stamp(os.lstat(f"{folder}/{rel}"))
        self.seen[stamp] = listing
        if settled:
            self.settled.add(stamp)
        self.walked.pop(f"{folder}/", None)
        self.fresh.pop(f"{folder}/", None)
        return stamp

    def check(self, folder: Path, top: DirStamp | None) -> tuple[bool, list[str]]:
        """Whether `folder`, recorded with stamp `top` after its last change, still holds
        exactly the files listed then, none changed since; and those changed in place (same
        inode, a later change time), as relative paths."""
        if top is None:
            return False, []
        intact = True
        damaged: list[str] = []
        stack = [""]
        while stack:
            rel = stack.pop()
            path = f"{folder}/{rel}"
            try:
                st = os.lstat(path)
            except OSError:
                intact = False
                continue
            stamp = dir_stamp(st)
            listing = self.known.get(top if rel == "" else stamp)
            recorded = listing is not None  # else its files' inodes are unknown
            if listing is None or (rel == "" and stamp != top):
                intact = False
                if listing is None:
                    listing = read_dir(path)
            elif stamp in self.racy and read_dir(path) != listing:
                intact = False
            for name, inode in listing[0].items():
                try:
                    st = os.lstat(path + name)
                except OSError:
                    intact = False
                    continue
                # Every file was written a clock tick or more before `top` was taken (the build
                # waits one before the swap): the same or a later modification time, and so
                # change time, it was written in place since; another inode, replaced. Not the
                # change time alone: a link made or removed elsewhere moves it without touching
                # the bytes, and the files of site/ share their inodes with build/, the spare
                # and the trash, whose deleter unlinks them after the swap (commands/trash.py):
                # read as damage, every no-change build after a full one was made again
                # (session 15). Nor the modification time alone: a file linked from a source
                # may carry one in the future.
                written = st.st_mtime_ns >= top[2] and st.st_ctime_ns >= top[2]
                if st.st_ino != inode or written:
                    intact = False
                    if st.st_ino == inode and recorded:
                        damaged.append(rel + name)
            stack.extend(f"{rel}{name}/" for name in listing[1])
        return intact, damaged


def dir_stamp(st: os.stat_result) -> DirStamp:
    """A directory's stamp from its lstat."""
    return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns)


def read_dir(path: str) -> DirListing:
    """What the directory at `path` holds, read from disk."""
    files: dict[str, int] = {}
    folders: list[str] = []
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.name)
            else:
                files[entry.name] = entry.inode()
    return files, tuple(sorted(folders))


def tree_stamps(folder: Path, listings: Listings | None = None, settled: bool = False) -> str:
    """A digest of the stamps (inode, times) of every directory under `folder`: it changes
    when any file there is added, removed or replaced (see Listings). With `listings`, the
    same digest, a folder whose stamp they know not read again (pagefind/fragment/ holds a
    file a profile); `settled`: no one wrote into `folder` within the last clock tick."""
    if not folder.is_dir():
        return ""
    h = hashlib.blake2b(digest_size=20)
    stack = [str(folder)]
    while stack:
        path = stack.pop()
        st = os.lstat(path)
        h.update(f"{path}\0{dir_stamp(st)}\n".encode())
        if listings is not None:  # its folders' names, sorted: their paths are sorted
            stack.extend([f"{path}/{name}" for name in listings.at_stat(path, st, settled)[1]])
            continue
        with os.scandir(path) as entries:
            stack.extend(sorted(e.path for e in entries if e.is_dir(follow_symlinks=False)))
    return h.hexdigest()
