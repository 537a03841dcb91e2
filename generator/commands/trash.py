"""The trash: trees no build will read again, removed by a process of their own.

Removing a tree whose files hold their last link frees its blocks, and that is slow where the
file system discards them at once (ext4 mounted with `discard`: ~0.3 ms a file, 119 s for the
site of 30,000 profiles). A build that no longer needs a tree (the site before last when
nearly all of it is stale, what a failed build left, a cache `--clean` drops) renames it into
`.vinhdanh-cache/trash/` (one rename, same file system) and `start_emptying` starts a process
that removes it once the build has ended, pausing while another build of the project runs (it
would slow that one: measured, docs/performance.md, "The first edit after a full build").
Nothing reads the trash but that process: a tree there is never recycled nor published, and
one whose removal was cut short (a killed build, a deleter that died) is removed by the
process the next build starts.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.incremental.lock import LOCK_FILE

TRASH_DIR = ".vinhdanh-cache/trash"
LOCK_NAME = ".lock"  # held by the one process emptying the trash, while it works
TRASH_LIMIT = 3
"""Trees the trash holds at most: beyond, a build removes (or recycles) one on its own path,
as before the trash, so that deleters killed again and again cannot fill the disk."""
_DELETER_NICE = 10  # a build may be running beside it: it yields the processors
_PROBE_EVERY = 64  # files removed between two looks at the build lock
_PAUSE_SECONDS = 0.25  # between two looks while a build runs
# The deleter's program: it imports this module only (not the build), and holds the lock the
# build took for it (an inherited descriptor) until it exits.
_DELETER_MAIN = (
    "import sys; from generator.commands.trash import empty_trash; "
    "empty_trash(sys.argv[1], sys.argv[2])"
)
_deleters: list[subprocess.Popen[bytes]] = []  # started by this process (reaped later)


def move_to_trash(path: Path, root: Path) -> bool:
    """Move `path` (a file or a tree) into the trash of the project at `root` with one rename;
    False if it cannot be (another file system, a folder this user may not move, the trash
    full: TRASH_LIMIT): the caller removes it itself."""
    trash = root / TRASH_DIR
    try:
        trash.mkdir(parents=True, exist_ok=True)
        if len(set(os.listdir(trash)) - {LOCK_NAME}) >= TRASH_LIMIT:
            return False
        slot = tempfile.mkdtemp(prefix="t-", dir=trash)  # a name no other tree has
    except OSError:
        return False
    try:
        os.rename(path, f"{slot}/tree")
    except OSError:
        with contextlib.suppress(OSError):
            os.rmdir(slot)
        return False
    return True


def trash_or_remove(path: Path, root: Path) -> None:
    """Move `path` into the trash (and start emptying it), or remove it here when it cannot be
    moved (if it exists)."""
    if not (path.exists() or path.is_symlink()):
        return
    if move_to_trash(path, root):
        start_emptying(root)
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def start_emptying(root: Path) -> bool:
    """Start a process that empties the trash of the project at `root`, unless it is empty or
    one is at work already; whether one was started. Never waited for: a build ends without
    it (see `wait_for_empty`)."""
    _reap()
    trash = root / TRASH_DIR
    try:
        if not [name for name in os.listdir(trash) if name != LOCK_NAME]:
            return False
        fd = os.open(trash / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            # The one at work lists the trash again once it has removed what it listed; a
            # tree moved in after its last look waits for the next build's deleter.
            return False
        # The child inherits the locked open file: the lock is held from before it starts
        # until it exits, however it ends (and never by the build's own lock file).
        _deleters.append(
            subprocess.Popen(
                [sys.executable, "-c", _DELETER_MAIN, str(trash), str(root / LOCK_FILE)],
                pass_fds=(fd,),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def _reap() -> None:
    """Forget the deleters this process started that have ended (no zombie left to `serve`)."""
    _deleters[:] = [proc for proc in _deleters if proc.poll() is None]


def empty_trash(trash: str, build_lock: str) -> None:
    """Remove every tree in the folder `trash` but its lock, again until none is left, never
    while a build holds `build_lock` (the deleter's program: it runs niced, holding the
    trash's lock)."""
    with contextlib.suppress(OSError):
        os.nice(_DELETER_NICE)
    failed: set[str] = set()  # not removable by this user: left, never retried in a loop
    while True:
        try:
            names = sorted(set(os.listdir(trash)) - failed - {LOCK_NAME})
        except OSError:
            return
        if not names:
            return
        for name in names:
            path = os.path.join(trash, name)
            _remove_tree(path, build_lock)
            if os.path.lexists(path):  # a read-only folder of this user's: made writable
                make_writable(path)
                shutil.rmtree(path, ignore_errors=True)
            if os.path.lexists(path):
                failed.add(name)


def _remove_tree(path: str, build_lock: str) -> None:
    """Remove what can be of the tree at `path`, file by file, pausing while a build runs."""
    _wait_while_building(build_lock)
    removed = 0
    for folder, folders, files in os.walk(path, topdown=False):
        links = [name for name in folders if os.path.islink(os.path.join(folder, name))]
        for name in files + links:
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))
            removed += 1
            if removed % _PROBE_EVERY == 0:
                _wait_while_building(build_lock)
        with contextlib.suppress(OSError):
            os.rmdir(folder)


def _wait_while_building(build_lock: str) -> None:
    """Return once no build holds the project's lock (`build_lock`, see incremental.lock)."""
    # A shared lock taken and let go at once: it fails only while a build holds the lock; a
    # build that starts in that instant waits one poll of its own (50 ms).
    while True:
        try:
            fd = os.open(build_lock, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            return  # no lock file: no build has run here since the cache was removed
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            fcntl.flock(fd, fcntl.LOCK_UN)
            return
        except BlockingIOError:
            pass
        finally:
            os.close(fd)
        time.sleep(_PAUSE_SECONDS)


def make_writable(folder: str) -> None:
    """Give this user write access to every folder it owns under `folder` (best effort)."""
    with contextlib.suppress(OSError):
        st = os.lstat(folder)
        if not stat.S_ISDIR(st.st_mode):
            return
        if st.st_uid == os.geteuid() and st.st_mode & 0o700 != 0o700:
            os.chmod(folder, stat.S_IMODE(st.st_mode) | 0o700)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    make_writable(entry.path)


def wait_for_empty(root: Path, timeout: float) -> bool:
    """Wait (at most `timeout` seconds) until no process is emptying the trash of the project
    at `root`; whether none is (tests, and whoever must measure the disk right after a
    build)."""
    for proc in list(_deleters):
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout)
    _reap()
    try:
        fd = os.open(root / TRASH_DIR / LOCK_NAME, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
