"""What one build keeps for the next, so that a rebuild redoes only what changed.

Everything lives in ``.vinhdanh-cache/build/`` (and MkDocs' own output in ``build/site/``), is
keyed by digests, and is only ever an optimisation: deleting it, or ``vinhdanh build --clean``,
gives the same site, only slower. Correctness rules:

- the state file is removed before a build writes anything and saved only after ``site/`` was
  swapped, so a build that fails or is killed leaves no claim that ``build/site`` is current
  (one stopped by the sources' errors before writing puts the last build's back: keep_state);
- a no-change rebuild is recognised by a digest of every input (sources and photos, the site
  configuration, the generator package with its templates and theme, the versions of the
  libraries that shape the output, ``--today`` and SOURCE_DATE_EPOCH) and an intact ``site/``;
- MkDocs' dirty mode reuses ``build/site`` only when the state says it is complete and its
  configuration, theme and libraries are those of the last build; files MkDocs is about to
  write are unlinked first, because ``site/`` shares them as hard links.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import importlib.metadata
import marshal
import os
import pickle
import platform
import re
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from generator.incremental.folders import replacing, sealed, unsealed
from generator.incremental.stamps import RACY_NS, same, stamp

CACHE_DIR = ".vinhdanh-cache/build"
STATE_FILE = "state.pickle"
# Files of older layouts, removed by the first build that writes anything (`forget`).
OBSOLETE_FILES = ("collation.marshal",)  # FORMAT 1: the memos, now memos.marshal
# Bump when the layout of what is saved here changes: every file of an older format is then
# ignored (the first build is a full one). 2: one file stamp (generator.incremental.stamps).
# 3: the files written to build/docs and the open data are in the one ledger (Ledger).
# 4: the listings of build/docs and build/files in the build's Ledger, not in BuildState.
# 5: a parsed source's data as marshal bytes (generator.model.sourcefiles.DocumentCache).
# 6: profiles.marshal and records.marshal without a CRC-32 of their own (the file's checks them).
FORMAT = 6
T = TypeVar("T")
# Shape output, not listed (pagefind-bin, markupsafe, pydantic-core), or listed but read by
# name here too: zlib-ng's deflate is published bytes (generator.compression), and an install
# whose metadata predates its requirement would leave it out of every page and file key.
_OWN_PACKAGES = ("pagefind-bin", "markupsafe", "pydantic-core", "zlib-ng")


def _digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


# --- digests of files ---------------------------------------------------------------------------


CONTENT_DIGEST = 40  # hex digits kept of a file's blake2b


def content_digest(data: bytes) -> str:
    """The digest `FileDigests` gives a file holding `data`."""
    return hashlib.blake2b(data).hexdigest()[:CONTENT_DIGEST]


@dataclass
class FileDigests:
    """Content digests of files, reused while a file's size, times and inode are unchanged."""

    known: dict[str, tuple[int, int, int, int, str]] = field(default_factory=dict)  # stamp, digest
    recorded_ns: int = 0  # when `known` was taken (racy-file check)

    def __post_init__(self) -> None:
        # The file type of each path digested by this process (not saved): the build digests
        # every source first (input_digest), and its check and page keys take the answer
        # again (`taken`) instead of an lstat and a stamp comparison each (issue #21).
        self.modes: dict[str, int] = {}
        # What input_digest's walk of each source folder found (not saved), by folder: its
        # files, and the links to folders it did not enter. The check takes the names of
        # profiles/ from it instead of walking the folder again (`walked`).
        self.walks: dict[str, Walk] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"known": self.known, "recorded_ns": self.recorded_ns}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.modes, self.walks = {}, {}

    def digest(self, path: Path | str, st: os.stat_result) -> str:
        """The file's content digest (symbolic links: their target text)."""
        key = str(path)
        found = self.known.get(key)
        if found is not None and same(found[:4], st, self.recorded_ns):
            self.modes[key] = st.st_mode
            return found[4]
        if stat.S_ISLNK(st.st_mode):
            value = _digest("link", os.readlink(path))
        else:
            with open(path, "rb") as handle:
                value = hashlib.file_digest(handle, "blake2b").hexdigest()[:CONTENT_DIGEST]
        self.known[key] = (*stamp(st), value)
        self.modes[key] = st.st_mode
        return value

    def taken(self, path: str) -> tuple[int, int, str] | None:
        """The file type, size and digest `digest` gave `path` in this process (None: not
        asked): what the file was when this build read its inputs."""
        mode = self.modes.get(path)
        if mode is None:
            return None
        found = self.known[path]
        return mode, found[1], found[4]

    def walked(self, folder: str) -> Walk | None:
        """The files under `folder` and the links to folders there, as this process's
        input_digest found them (None: it did not walk a folder holding it)."""
        for top, (files, links) in self.walks.items():
            if folder == top:
                return files, links
            if folder.startswith(top + os.sep):  # content/campaigns, of content/
                under = folder + os.sep
                return [p for p in files if p.startswith(under)], [
                    p for p in links if p.startswith(under)
                ]
        return None


# A folder as a walk found it: the paths of its files (and links to files), links to folders.
Walk = tuple[list[str], list[str]]


def iter_files(folder: Path) -> Iterator[tuple[Path, os.stat_result]]:
    """Every file (and symbolic link) under `folder`, sorted, with its lstat."""
    for path, st in iter_file_names(folder):
        yield Path(path), st


def iter_file_names(
    folder: Path, links: list[str] | None = None
) -> Iterator[tuple[str, os.stat_result]]:
    """`iter_files` with the paths as strings (10,000 profiles: Path objects cost 0.1 s);
    `links` receives the paths of the links to folders it does not enter."""
    # What os.walk and an lstat of each joined path gave, in the same order (a folder's files,
    # then its folders', depth first; a link to a folder not followed, an unreadable folder
    # left out), each file's lstat taken from its listing's entry: every build, a no-change
    # one too, digests every source (10,000 profiles: 90 -> 78 ms of CPU for input_digest).
    if not folder.is_dir():
        return
    stack = [os.fspath(folder)]
    while stack:
        try:
            with os.scandir(stack.pop()) as listing:
                entries = sorted(listing, key=_entry_name)
        except OSError:
            continue
        folders: list[str] = []
        for entry in entries:
            if _is_folder(entry):
                if not _is_link(entry):
                    folders.append(entry.path)
                elif links is not None:
                    links.append(entry.path)
            else:
                yield entry.path, entry.stat(follow_symlinks=False)
        stack.extend(reversed(folders))


def _entry_name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """As os.walk tells a folder: following a link."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _package_versions() -> list[str]:
    """Versions of Python and of every library the output depends on."""
    names = set(_OWN_PACKAGES)
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        for requirement in importlib.metadata.requires("vinhdanh") or []:
            if "extra ==" not in requirement:
                names.add(re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower())
    versions = [f"python {sys.version} {platform.machine()}"]
    for name in sorted(names):
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} -")
    return versions


# The whole generator package, wherever it is installed (resources, not __file__: this module
# is in a subpackage).
PACKAGE_DIR = Path(str(resources.files("generator")))


def package_digest(digests: FileDigests) -> str:
    """The generator package (code, templates, theme, data) and the library versions."""
    # The whole package, not this subpackage: a change in any stage must invalidate the caches.
    package = PACKAGE_DIR
    parts = [
        f"{path.relative_to(package).as_posix()} {digests.digest(path, st)}"
        for path, st in iter_files(package)
        if "__pycache__" not in path.parts
    ]
    return _digest(*parts, *_package_versions())


def input_digest(root: Path, sources: Iterable[Path], digests: FileDigests, *extra: str) -> str:
    """One digest of every input file under `sources` (folders or files) and of `extra`."""
    parts: list[str] = [package_digest(digests), *extra]
    base = len(str(root).rstrip(os.sep)) + 1  # paths under `root`: relative by slicing
    for source in sources:
        found: list[tuple[str, os.stat_result]]
        links: list[str] = []
        if source.is_dir():
            found = list(iter_file_names(source, links))
            digests.walks[str(source)] = ([path for path, _st in found], links)
        elif source.exists() or source.is_symlink():
            found = [(str(source), source.lstat())]
        else:
            found = []
        parts.append(f"source {source.relative_to(root).as_posix()} {len(found)}")
        parts += [
            f"{path[base:].replace(os.sep, '/')} {digests.digest(path, st)}" for path, st in found
        ]
        # A link to a folder is not entered, but the check reports it: a link added or
        # removed is a change (else the build replayed the last result, the link unreported).
        parts += [f"{path[base:].replace(os.sep, '/')} folder link" for path in links]
    return _digest(*parts)


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


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """No cyclic garbage collection meanwhile: loading millions of objects triggered it often."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What was loaded lives as long as the build: kept out of later collections, which
        # would otherwise walk it all at once (0.2 s at 10,000 profiles). Frozen objects are
        # still freed when no longer referenced; only cycles among them would stay.
        gc.freeze()
        if enabled:
            gc.enable()


# --- the state between builds -------------------------------------------------------------------


@dataclass
class BuildState:
    """What the last successful build recorded."""

    inputs: str = ""  # input_digest of that build
    site_top: DirStamp | None = None  # site/'s own stamp right after the swap (Listings)
    mkdocs_env: str = ""  # digest of what MkDocs' output depends on besides the pages
    search: str = ""  # digest of the search records build/search was indexed from
    search_tree: str = ""  # tree_stamps of build/search then
    result: Any = None  # the BuildResult to report again when nothing changed
    digests: FileDigests = field(default_factory=FileDigests)
    # What the next assembly of site/ needs to visit only the folders that changed
    # (generator.incremental.sitesync.sync_changed): per source of site/ (build/site,
    # build/files, build/search), the paths this build wrote or removed there (None: not
    # known, e.g. the engine built every page).
    source_changes: tuple[frozenset[str], ...] | None = None


class BuildCache:
    """The `.vinhdanh-cache/build` folder of one project."""

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR

    def load(self) -> BuildState:
        """The last build's state, or an empty one (missing, unreadable or older format)."""
        return self.load_object(STATE_FILE, BuildState) or BuildState()

    @property
    def spare(self) -> Path:
        """Where the site before last waits to be recycled by the next build."""
        return self.folder / "spare"

    def claim_spare(self, root: Path, prefix: str) -> Path | None:
        """Move the spare site to a new folder `root/<prefix>…` (None if there is none)."""
        if self.spare.is_symlink() or not self.spare.is_dir():
            return None
        claimed = Path(tempfile.mkdtemp(prefix=prefix, dir=root))
        claimed.rmdir()
        try:
            self.spare.rename(claimed)
        except OSError:  # another file system: not worth recycling
            shutil.rmtree(self.spare, ignore_errors=True)
            return None
        return claimed

    def load_object(self, name: str, kind: type[T]) -> T | None:
        """An object saved by `save_object` (None if missing, unreadable or another format)."""
        try:
            data = (self.folder / name).read_bytes()
            with _no_gc():
                version, value = pickle.loads(data)
        except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError):
            return None
        except MemoryError:  # a length damaged into a huge one: the unpickler asks for it all
            return None
        except ImportError:
            # A pickle naming a module that moved or went (a cache of an older layout): stale.
            return None
        if version != FORMAT or not isinstance(value, kind):
            return None
        # Unpickling does not run __init__: an object saved by an older generator may lack a
        # field added since. Such a cache is stale anyway (its keys hold the package digest).
        if is_dataclass(value) and not all(hasattr(value, f.name) for f in fields(value)):
            return None
        return value

    def save_object(self, name: str, value: object) -> None:
        """Pickle `value` into the cache folder atomically."""
        with replacing(self.folder / name) as handle:
            pickle.dump((FORMAT, value), handle, protocol=pickle.HIGHEST_PROTOCOL)

    def load_marshal(self, name: str) -> dict[str, Any]:
        """A dict of plain data saved by `save_marshal` (empty if missing, unreadable or
        damaged: its CRC-32 is checked first)."""
        try:
            data = (self.folder / name).read_bytes()  # marshal.load(file) is six times slower
            # A byte changed inside a text still reads as marshal data, of the same shape:
            # parses, checks, open-data parts and memos are published as read (~10 ms for
            # 20 MB, against the ~0.2 s of its marshal.loads).
            body = unsealed(data)
            if body is None:
                return {}
            with _no_gc():
                version, value = marshal.loads(body)
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        return value if version == FORMAT and isinstance(value, dict) else {}

    def save_marshal(self, name: str, value: dict[str, Any]) -> None:
        """Save plain data (ten times faster to load than pickled objects) atomically, then
        the CRC-32 of its bytes (files written before without it read as damaged: ignored)."""
        data = marshal.dumps((FORMAT, value))
        with replacing(self.folder / name) as handle:
            handle.write(sealed(data))

    def forget(self) -> None:
        """Remove the state: from now until `save`, nothing built here is trusted."""
        for name in (STATE_FILE, *OBSOLETE_FILES):
            with contextlib.suppress(FileNotFoundError):
                (self.folder / name).unlink()

    def save(self, state: BuildState, digested_ns: int) -> None:
        """Write the state; `digested_ns`: when its file digests were taken (before reading)."""
        state.digests.recorded_ns = digested_ns
        self.save_object(STATE_FILE, state)

    def keep_state(self, previous: BuildState, digested_ns: int, removed: bool) -> None:
        """Put back the last build's state `previous` after a build that stopped at the
        sources' errors before writing into build/ (its file digests, just taken, kept);
        not if it `removed` files from build/ (damaged in site/)."""
        # Else the build after the fix knew nothing (the engine built every page, the spare
        # was trashed): at 1,000 profiles 14 s for sources back as they were, not 0.1 s.
        if previous.result is not None and not removed:  # not a state --clean dropped
            self.save(previous, digested_ns)


# --- folders listed by their directories' stamps ------------------------------------------------

DirStamp = tuple[int, int, int]  # a directory's inode, modification and change times (ns)
# One directory's content: the inodes of its files (not folders) by name; its folders' names.
DirListing = tuple[dict[str, int], tuple[str, ...]]
LISTINGS_FILE = "listings.marshal"
_LISTINGS_FORMAT = 4  # bump when what is saved changes (4: the settled stamps)
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
        saved = cache.load_marshal(LISTINGS_FILE)
        if saved.get("format") != _LISTINGS_FORMAT:
            return cls()
        listings = cls({**saved["before"], **saved["seen"]})
        listings.before, listings.before_ns = saved["seen"], saved["seen_ns"]
        settled = listings.settled = set(saved["settled"])
        for generation, recorded_ns in (("before", "before_ns"), ("seen", "seen_ns")):
            limit = saved[recorded_ns] - RACY_NS
            listings.racy.update(
                k for k in saved[generation] if max(k[1], k[2]) >= limit and k not in settled
            )
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
        saved = {
            "format": _LISTINGS_FORMAT,
            "seen": self.seen,
            "seen_ns": now,
            "before": before,
            "before_ns": self.before_ns,
            "settled": settled,
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
