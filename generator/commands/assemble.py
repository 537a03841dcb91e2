"""Assembling site/: the folder it is linked in, the one-step swap, what failed builds leave.

site/ is always either the previous complete build or the new one: the new site is assembled
in a folder next to it (the site before last, recycled) and swapped in with one rename.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import sys
import tempfile
from pathlib import Path

from generator.commands.buildfolder import BUILD_DIR, FILES_DIR, SEARCH_DIR, SITE_DIR
from generator.commands.trash import make_writable, move_to_trash, start_emptying
from generator.errors import Problem, make_problem
from generator.incremental.buildcache import BuildCache, BuildState
from generator.incremental.listings import Listings
from generator.incremental.sitesync import spare_is_stale

NEW_PREFIX = ".site-new-"
OLD_PREFIX = ".site-old-"

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


def remove_path(path: Path) -> None:
    """Remove a file, a link or a whole folder, if there is one."""
    if not (path.exists() or path.is_symlink()):
        return
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def claim_folder(root: Path, cache: BuildCache, previous: BuildState) -> Path:
    """The folder to assemble site/ in: the site before last (the spare), to recycle, else a
    new one; an empty one if `previous`, the last build, cannot say what changed since."""
    claimed = cache.claim_spare(root, NEW_PREFIX)
    if claimed is not None and spare_is_stale(previous):
        # The assembly would move it to the trash anyway (afresh), but only after walking it
        # in `list_recycled`: ~1 s at 10,000 profiles on the first edit after a full build.
        return afresh(claimed, root)
    return claimed or Path(tempfile.mkdtemp(prefix=NEW_PREFIX, dir=root))


def list_recycled(
    folder: Path, root: Path, listings: Listings, previous: BuildState, state: BuildState
) -> Path:
    """The folder site/ is assembled in, listed (`Listings.walk`) once final: an empty one
    instead when the engine builds every page (its environment changed since `previous`):
    it then reports no changes, and the assembly would trash the spare after its walk."""
    if previous.mkdocs_env != state.mkdocs_env:
        folder = afresh(folder, root)
    listings.walk(folder)
    return folder


def afresh(folder: Path, root: Path) -> Path:
    """An empty folder to assemble site/ in instead of the recycled `folder`, which goes to
    the trash, or `folder` itself if it is empty or cannot be moved."""
    # When the assembly cannot know what changed since the spare was assembled (after a full
    # build, or during one), nearly every file of it differs: relinking it would unlink each
    # one, the last link of most, and freeing their blocks is slow where the file system
    # discards them at once (119 of the 142 s of the first edit at 30,000 profiles after a
    # full build). Linking into an empty folder costs the links only; the trash is emptied by
    # a process of its own (generator.commands.trash).
    with os.scandir(folder) as entries:
        if next(entries, None) is None:
            return folder
    fresh = Path(tempfile.mkdtemp(prefix=NEW_PREFIX, dir=root))
    if not move_to_trash(folder, root):
        fresh.rmdir()
        return folder
    fresh.chmod(site_mode())
    start_emptying(root)
    return fresh


def swap_into_place(new: Path, target: Path, keep: Path | None = None) -> None:
    """Make `new` become `target` atomically; the previous one is removed or moved to `keep`."""
    if not (target.exists() or target.is_symlink()):
        new.rename(target)
        return
    if _exchange(new, target):
        retire(new, keep)  # now holds the previous site
        return
    old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX, dir=target.parent))
    old.rmdir()
    target.rename(old)
    new.rename(target)
    retire(old, keep)


def retire(previous: Path, keep: Path | None) -> None:
    """Remove the site `previous` or move it to `keep` (best effort)."""
    # Called once the new site is in place: a failure here must not fail the build. The
    # previous tree then stays where it is (a NEW_PREFIX or OLD_PREFIX folder), a leftover the
    # next build removes.
    with contextlib.suppress(OSError):
        if keep is None or previous.is_symlink() or not previous.is_dir():
            remove_path(previous)
            return
        remove_path(keep)
        keep.parent.mkdir(parents=True, exist_ok=True)
        previous.rename(keep)


def remove_damaged(root: Path, damaged: list[str]) -> None:
    """Unlink from build/ the files site/ shares that were changed in place, to be made again."""
    for rel in damaged:
        with contextlib.suppress(OSError):
            inode = os.lstat(root / SITE_DIR / rel).st_ino
            for folder in (SITE_DIR, FILES_DIR, SEARCH_DIR):
                path = root / BUILD_DIR / folder / rel
                with contextlib.suppress(OSError):
                    if os.lstat(path).st_ino == inode:
                        path.unlink()


def discard(path: Path, root: Path) -> Problem | None:
    """Remove a folder left by a build, read-only ones this user owns included; a warning
    naming it when that is not possible (it is never published, only in the way)."""
    try:
        remove_path(path)
        return None
    except OSError:
        make_writable(str(path))
    try:
        remove_path(path)
        return None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        folder = relative(path, root)
        return make_problem(folder, 1, 1, "", "build.leftover", "warning", reason=reason)


def remove_leftovers(root: Path) -> list[Problem]:
    """Folders of a build that crashed or failed midway (one build at a time per project),
    moved to the trash (removed here if they cannot be), and the trash emptied in the
    background (what a build cut short left there too)."""
    found = sorted(root.glob(f"{NEW_PREFIX}*")) + sorted(root.glob(f"{OLD_PREFIX}*"))
    problems = [
        problem
        for path in found
        if not move_to_trash(path, root) and (problem := discard(path, root)) is not None
    ]
    start_emptying(root)
    return problems


def check_writable(root: Path, cache: BuildCache) -> list[Problem]:
    """The folders a build writes, renames or empties that this user cannot (before any write).

    site/ itself moves to the cache once the new one is swapped in, which needs write access
    to it; the spare site (the one before last) is recycled, or removed when unusable."""
    if not cache.spare.is_symlink() and cache.spare.is_dir() and not _writable(cache.spare):
        discard(cache.spare, root)
    folders = [root, root / SITE_DIR, root / BUILD_DIR, cache.folder, cache.spare]
    return [
        make_problem(relative(folder, root) or ".", 1, 1, "", "build.not_writable")
        for folder in folders
        if not folder.is_symlink() and folder.is_dir() and not _writable(folder)
    ]


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def site_mode() -> int:
    """The mode of a new folder under this umask (what site/ gets)."""
    # mkdtemp makes 0700 folders; the published site must be readable by a web server.
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def relative(path: Path, root: Path) -> str:
    """`path` relative to `root` as messages name it (absolute when outside it)."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
