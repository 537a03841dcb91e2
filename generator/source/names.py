"""Which source files a folder holds: YAML and Markdown files under profiles/, decisions/,
clusters/ and content/, sorted as paths, hidden and underscore folders left out, links to
folders never followed (reported by the check).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path


def iter_source_files(folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Files with the given suffixes under `folder`, sorted, skipping hidden entries."""
    for path in iter_source_names(folder, suffixes):
        yield Path(path)


def iter_source_names(
    folder: Path, suffixes: tuple[str, ...], links: list[str] | None = None
) -> list[str]:
    """`iter_source_files` as path strings (10,000 Path objects cost 0.07 s a check).

    Symbolic links to folders are never followed (they may point out of the repository):
    `links` receives them, `folder` itself included, for the check to report."""
    if folder.is_symlink():
        if links is not None:
            links.append(str(folder))
        return []
    if not folder.is_dir():
        return []
    # Sorted as the Paths would be (part by part).
    found: list[tuple[list[str], str]] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        if links is not None:
            # os.walk lists a link to a folder among the folders and does not enter it.
            links.extend(
                os.path.join(dirpath, d)
                for d in dirnames
                if os.path.islink(os.path.join(dirpath, d))
            )
        for name in filenames:
            if not name.startswith(".") and name.endswith(suffixes):
                path = os.path.join(dirpath, name)
                found.append((path.split(os.sep), path))
    found.sort()
    return [path for _parts, path in found]


def source_names_of(
    folder: str,
    files: Iterable[str],
    folder_links: Iterable[str],
    suffixes: tuple[str, ...],
    links: list[str] | None = None,
) -> list[str]:
    """`iter_source_names` of `folder` from a walk of it made already: the paths of every file
    under it (links to files among them) and of the links to folders it did not enter."""
    # The build digests every source first (incremental.buildcache.input_digest): walking
    # profiles/ again for the check was ~5 µs a profile (issue #21).
    base = len(folder) + 1
    hidden: dict[str, bool] = {folder: False}  # by folder, from its path under `folder`
    found: list[str] = []
    for path in files:
        head, _sep, name = path.rpartition(os.sep)
        if name.startswith(".") or not name.endswith(suffixes):
            continue
        left_out = hidden.get(head)
        if left_out is None:
            left_out = hidden[head] = _is_hidden(head[base:])
        if not left_out:
            found.append(path)
    if links is not None:
        links.extend(sorted(p for p in folder_links if not _is_hidden(p[base:])))
    # Part by part, as `iter_source_names`: the separator read as the lowest character (no
    # name holds a NUL) orders the strings as their parts (no list of parts a file).
    found.sort(key=_parts_order)
    return found


def _parts_order(path: str) -> str:
    return path.replace(os.sep, "\0")


def _is_hidden(relpath: str) -> bool:
    """True if `iter_source_names` does not enter the folder at `relpath` (under the folder it
    lists) or any on its way: a name starting with a dot or an underscore."""
    return any(part.startswith((".", "_")) for part in relpath.split(os.sep))
