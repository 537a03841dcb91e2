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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from generator import compression
from generator.incremental.folders import replacing, sealed, unsealed
from generator.incremental.indexedfiles import Parts, load_indexed, save_indexed
from generator.incremental.listings import DirStamp
from generator.incremental.stamps import same, stamp

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

    def keep_asked(self) -> None:
        """Forget the digests of the files this process did not ask for (`digest`)."""
        # Every build asks for every source's and the package's (input_digest), so what it
        # did not ask for is gone: a file removed or renamed, a project copied or moved (its
        # old absolute paths), another install of the package. Kept, they were unpickled by
        # every build, a no-change one too: 31,071 digests for 10,103 files in a copy of the
        # kept 10,000-profile project (issue #21).
        if self.modes:
            self.known = {path: self.known[path] for path in self.modes}

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
    # The deflater's C library as loaded, not only its Python package's version: a build of the
    # package linked to a system zlib-ng (PYTHON_ZLIB_NG_LINK_DYNAMIC) can change it unseen, and
    # another zlib-ng deflates other bytes into the kept workbooks and press kits.
    versions = [f"python {sys.version} {platform.machine()}", compression.VERSION]
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
    """One digest of every input file under `sources` (folders or files) and of `extra`
    (the caller's: `commands.inputs.inputs_digest` names the package digest there)."""
    # Not the package digest again here: every build took it a moment before, to name it in
    # `extra` and its caches' keys (a walk of the package, ~7 ms a build).
    parts: list[str] = list(extra)
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

    def load_indexed(self, name: str) -> tuple[dict[str, tuple[Any, int, int]], Parts] | None:
        """The index of a file saved by `save_indexed` and its entries' parts, read later
        (None if missing, unreadable, damaged or another format)."""
        with _no_gc():
            found = load_indexed(self.folder / name)
        if found is None or found[0] != FORMAT:
            return None
        return found[1], found[2]

    def save_indexed(self, name: str, entries: Iterable[tuple[str, Any, bytes]]) -> None:
        """Save an index of (key, fields) and each entry's part (`indexedfiles.seal_part`'s
        bytes) atomically, the index first."""
        save_indexed(self.folder / name, FORMAT, entries)

    def forget(self) -> None:
        """Remove the state: from now until `save`, nothing built here is trusted."""
        for name in (STATE_FILE, *OBSOLETE_FILES):
            with contextlib.suppress(FileNotFoundError):
                (self.folder / name).unlink()

    def save(self, state: BuildState, digested_ns: int) -> None:
        """Write the state; `digested_ns`: when its file digests were taken (before reading)."""
        state.digests.recorded_ns = digested_ns
        state.digests.keep_asked()
        self.save_object(STATE_FILE, state)

    def keep_state(self, previous: BuildState, digested_ns: int, removed: bool) -> None:
        """Put back the last build's state `previous` after a build that stopped at the
        sources' errors before writing into build/ (its file digests, just taken, kept);
        not if it `removed` files from build/ (damaged in site/)."""
        # Else the build after the fix knew nothing (the engine built every page, the spare
        # was trashed): at 1,000 profiles 14 s for sources back as they were, not 0.1 s.
        if previous.result is not None and not removed:  # not a state --clean dropped
            self.save(previous, digested_ns)
