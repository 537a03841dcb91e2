"""The one answer to "is this still the file I recorded?": a file stamp and its racy-time rule."""

from __future__ import annotations

import os
from collections.abc import Sequence

# A file's inode, size, modification and change times (ns). Writing a file in place moves its
# modification time and its change time, replacing it (every writer here does:
# generator.incremental.folders.write_replacing) gives it another inode, and no one can set a
# change time back: a file whose stamp is as recorded was not written since, with one
# exception, the racy file below. Files the build wrote itself are compared without the
# change time (`same_output`): the build links them, which moves it.
FileStamp = tuple[int, int, int, int]

# A file modified within this window of the moment its stamp was recorded may have been
# modified again within the same clock tick of a coarse file system, without changing its
# size or its times: its stamp is not trusted (its content is read again).
RACY_NS = 2_000_000_000


def stamp(st: os.stat_result) -> FileStamp:
    """The stamp of a file from its (l)stat."""
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def same(recorded: Sequence[int], st: os.stat_result, recorded_ns: int) -> bool:
    """True if the source file is still the one stamped `recorded` at `recorded_ns`.

    For files someone else may write (sources, the package): the whole stamp, and a file
    modified within RACY_NS of `recorded_ns` is not trusted (its content is read again)."""
    return tuple(recorded) == stamp(st) and st.st_mtime_ns < recorded_ns - RACY_NS


def same_output(recorded: Sequence[int], st: os.stat_result) -> bool:
    """True if a file the build wrote (and stamped right after) is still that file.

    Its inode, size and modification time only: the build itself links these files
    elsewhere (build/docs into MkDocs' stage, build/files and build/search into site/), and
    a new link moves the change time. A file replaced since has another inode whatever the
    clock; one written in place, a later modification time (another writer there is
    tampering, which Listings.check catches in site/ by the modification time too)."""
    return tuple(recorded[:3]) == stamp(st)[:3]
