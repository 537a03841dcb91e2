"""The one atomic writer and the one "make this folder hold exactly these files" routine."""

from __future__ import annotations

import contextlib
import errno
import os
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[BinaryIO]:
    """A file to write that replaces `path` whole once the block ends without an error.

    Readers (and a build killed half-way) see the old file or the new one, never a part; the
    new file has a new inode, so site/, which may share the old one as a hard link, keeps
    it. Never in place: Listings and the file stamps rely on that."""
    # The process id: a forked child of the build may write beside its parent.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        handle = tmp.open("wb")
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = tmp.open("wb")
    try:
        with handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_replacing(path: Path, data: bytes, compare: bool = True) -> bool:
    """Write `data` to `path` atomically (`replacing`) unless it holds exactly these bytes;
    True if written. `compare=False`: write without reading first (a cache file known to
    have changed)."""
    if compare:
        try:
            with path.open("rb") as handle:
                if os.fstat(handle.fileno()).st_size == len(data) and handle.read() == data:
                    return False
        except FileNotFoundError:
            pass
        except (IsADirectoryError, NotADirectoryError):
            raise FileExistsError(errno.EEXIST, "a folder is in the way", str(path)) from None
    with replacing(path) as handle:
        handle.write(data)
    return True


def names_listing(names: Iterable[str]) -> str:
    """A set of relative paths (what a folder is meant to hold) as one string, sorted."""
    # The names themselves, not a digest of them: the next sync removes the names it no
    # longer wants from this, without a walk of the folder (a new profile's page is a name
    # more: build/docs was walked, 14,000 files and 10,000 folders at 10,000 profiles, and
    # every folder tried for removal, 0.44 s of CPU). "\0" first: an empty folder's listing
    # is not "" (not known).
    return "\0" + "\0".join(sorted(names))


def _listed_names(listing: str) -> set[str]:
    """The names of a `names_listing`."""
    return set(listing[1:].split("\0")) if len(listing) > 1 else set()


@dataclass
class FolderSync:
    """What `sync_folder` did."""

    written: int = 0
    unchanged: int = 0
    removed: int = 0
    paths: list[str] = field(default_factory=list, repr=False)  # written or removed
    listed: str = ""  # names_listing of what the folder now holds


def sync_folder(
    folder: Path, files: Mapping[str, bytes], keep: Iterable[str] = (), listed: str = ""
) -> FolderSync:
    """Make `folder` hold exactly `files` (relative path -> bytes) and `keep` (left as they
    are): changed files replaced (`write_replacing`), the others removed, empty folders too.

    `listed`: the `FolderSync.listed` of the last successful sync of this folder: what it
    holds, so the names no longer wanted are removed without a walk (24,000 files at 10,000
    profiles); "" (not known): the folder is walked."""
    done = FolderSync()
    for rel in sorted(files):  # one at a time: `files` may make each when asked
        if write_replacing(folder.joinpath(rel), files[rel]):
            done.written += 1
            done.paths.append(rel)
        else:
            done.unchanged += 1
    names = {*files, *keep}
    done.listed = names_listing(names)
    if done.listed != listed and folder.is_dir():
        if listed:
            removed = remove_listed(folder, sorted(_listed_names(listed) - names))
        else:
            removed = remove_unlisted(folder, names)
        done.removed = len(removed)
        done.paths += removed
    return done


def remove_listed(folder: Path, names: Iterable[str]) -> list[str]:
    """Remove the files (or links) `names` under `folder` and the folders they leave empty;
    the paths removed."""
    top = str(folder)
    return [rel for rel in names if unlink_emptying(top, rel) is not None]


def unlink_emptying(top: str, rel: str) -> list[str] | None:
    """Remove the file (or link) `rel` under the folder `top` and the folders it leaves empty;
    those folders ("a/b/"), or None if there was no such file."""
    try:
        os.unlink(os.path.join(top, rel))
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None  # gone already, or a folder now (no walk removes a folder either)
    emptied: list[str] = []
    while "/" in rel:
        rel = rel[: rel.rfind("/")]
        try:
            os.rmdir(os.path.join(top, rel))  # only when empty
        except OSError:
            break
        emptied.append(rel + "/")
    return emptied


def remove_unlisted(folder: Path, wanted: Iterable[str]) -> list[str]:
    """Remove every file (or link) under `folder` whose relative path is not `wanted`, and the
    folders left empty; the paths removed."""
    names = wanted if isinstance(wanted, set | frozenset) else set(wanted)
    removed: list[str] = []
    # Strings and os.walk, not Path objects: this visits the 24,000 files of a large site.
    for dirpath, dirnames, filenames in os.walk(folder, topdown=False):
        rel = os.path.relpath(dirpath, folder)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in sorted(filenames) + [d for d in dirnames if _is_link(dirpath, d)]:
            if prefix + name not in names:
                os.unlink(os.path.join(dirpath, name))
                removed.append(prefix + name)
        if prefix:
            with contextlib.suppress(OSError):
                os.rmdir(dirpath)  # only when empty
    return removed


def _is_link(dirpath: str, name: str) -> bool:
    return os.path.islink(os.path.join(dirpath, name))


_CRC_BYTES = 4  # a CRC-32 after a cache file's bytes


def sealed(data: bytes) -> bytes:
    """`data` followed by its CRC-32, as the caches write their files."""
    return data + zlib.crc32(data).to_bytes(_CRC_BYTES, "big")


def unsealed(raw: bytes) -> memoryview | None:
    """The bytes `sealed` wrapped, or None if `raw` is cut short or damaged: a byte changed
    inside a text still reads as marshal data of the same shape, so it is checked first."""
    body = memoryview(raw)[:-_CRC_BYTES]
    if len(raw) <= _CRC_BYTES or zlib.crc32(body).to_bytes(_CRC_BYTES, "big") != raw[-_CRC_BYTES:]:
        return None
    return body
