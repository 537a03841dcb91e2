"""Cache files of two parts: an index read whole, and each entry's bytes read when first asked.

A build after one edit reads, of every parsed source, only its digest and what its parse
reported (the index, ~100 bytes a source); the parse itself (data, key positions, body:
4.5 KB a profile) is read by nothing unless its source changed or its check is made again.
Read, checked and unmarshalled whole, the parses of 10,000 profiles cost ~65 ms an edit
(45 MB; issue #21: ~0.5 s at 100,000).

Layout: a head (magic, length of the index), the index (marshal data and its CRC-32), then
each entry's bytes with a CRC-32 of their own, checked when they are read. The file is kept
open once its index is read: the writer replaces it whole (`folders.replacing`, a new inode),
so what this process reads later is of the same generation as its index, and `os.pread`
keeps no offset that forked children would share.
"""

from __future__ import annotations

import marshal
import os
import struct
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.incremental.folders import replacing, sealed, unsealed

_MAGIC = b"VDI1"
_HEAD = struct.Struct(">4sQ")  # magic, length of the sealed index


class Parts:
    """The entries' bytes of one indexed file, read by position from the file left open."""

    __slots__ = ("__weakref__", "_fd", "_start")

    def __init__(self, fd: int, start: int) -> None:
        self._fd, self._start = fd, start
        # Closed when no entry refers to the file any longer (the build's end, or a cache
        # let go): a process that runs many builds (the tests) does not gather descriptors.
        weakref.finalize(self, os.close, fd)

    def stored(self, offset: int, length: int) -> bytes:
        """One entry's bytes as stored (their CRC-32 at the end): to copy them unread."""
        return os.pread(self._fd, length, self._start + offset)

    def read(self, offset: int, length: int) -> bytes | None:
        """One entry's bytes, or None if they are damaged (their CRC-32 differs)."""
        body = unsealed(self.stored(offset, length))
        return None if body is None else bytes(body)


def seal_part(data: bytes) -> bytes:
    """An entry's bytes as `save_indexed` stores them (for `Parts.stored`'s equal)."""
    return sealed(data)


def save_indexed(path: Path, head: Any, entries: Iterable[tuple[str, Any, bytes]]) -> None:
    """Write `path` atomically: the index {key: (fields, offset, length)} under `head`, then
    each entry's part (`seal_part`'s bytes)."""
    index: dict[str, tuple[Any, int, int]] = {}
    parts: list[bytes] = []
    offset = 0
    for key, fields, part in entries:
        index[key] = (fields, offset, len(part))
        parts.append(part)
        offset += len(part)
    sealed_index = sealed(marshal.dumps((head, index)))
    with replacing(path) as handle:
        handle.write(_HEAD.pack(_MAGIC, len(sealed_index)))
        handle.write(sealed_index)
        handle.writelines(parts)


def load_indexed(path: Path) -> tuple[Any, dict[str, tuple[Any, int, int]], Parts] | None:
    """The head and index `save_indexed` wrote, and the entries' parts to read later (None
    if the file is missing, of another layout or its index damaged)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        head = os.pread(fd, _HEAD.size, 0)
        if len(head) < _HEAD.size:
            raise ValueError("short")
        magic, length = _HEAD.unpack(head)
        if magic != _MAGIC or length > os.fstat(fd).st_size:
            raise ValueError("another layout")
        body = unsealed(os.pread(fd, length, _HEAD.size))
        if body is None:
            raise ValueError("damaged")
        found, index = marshal.loads(body)
        if not isinstance(index, dict):
            raise ValueError("another layout")
    except (OSError, EOFError, ValueError, TypeError):
        os.close(fd)
        return None
    return found, index, Parts(fd, _HEAD.size + length)
