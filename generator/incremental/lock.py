"""One build at a time per project folder: the build lock (flock on a file of the cache).

Its own module, apart from the caches: the command line shows `LOCK_WAIT_SECONDS` in its help
without importing the build."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

# Beside the build cache folder, which `--clean` removes whole.
LOCK_FILE = ".vinhdanh-cache/build.lock"
LOCK_WAIT_SECONDS = 600.0
"""How long a build waits for another one in the same folder before giving up (`build_lock`)."""


class BuildLocked(Exception):
    """Another build held the project's lock for longer than this one would wait."""

    def __init__(self, holder: str, waited: float) -> None:
        super().__init__(f"build lock held by process {holder}")
        self.holder = holder
        self.waited = waited


@contextlib.contextmanager
def build_lock(root: Path, wait: float) -> Iterator[None]:
    """Hold the project's build lock, waiting at most `wait` seconds for another build.

    Two builds in one folder (an editor's `serve` and a `build`, two CI jobs) would share
    build/, the spare site and the cache files: one could record pages the other wrote. With
    flock the kernel drops the lock when its holder dies, so a killed build never blocks the
    next; OSError when the lock file cannot be made."""
    path = root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
                    raise BuildLocked(holder, wait) from None
                time.sleep(0.05)
        # Who holds it, for the message of a build that waits (informative only).
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield
        finally:
            # Explicitly: children forked during the build share this open file, and closing
            # our descriptor alone would leave the lock held while any of them lives.
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
