"""The deflate of every file the site publishes compressed, and the ZIP archives holding it.

The workbooks (`opendata.xlsxout`), the press kits (`opendata.presskit`) and the search
bundle's gzip files (`search.gzipfiles`) are deflated by zlib-ng, not by Python's zlib: on the
workbooks of 10,000 profiles it takes half zlib's CPU at level 6 for 1 % fewer bytes
(docs/performance.md, "The open-data child of an edit (session 17)"), and the roll's workbook
is deflated again by every edit that changes the listings (issue #21).

The output must be the same bytes on every machine that builds the site. zlib-ng 2.3.3's deflate
picks its SIMD code (compare256, longest_match, slide_hash) by CPU, but each variant computes
the same values (match_tpl.h is shared; compare256 returns the exact run length) and the hash
is one multiplicative hash on every CPU: its generic, SSE2 and AVX2 builds deflated 13,678
inputs to the same bytes. Its output does change between its versions (2.2.5 and 2.3.3 differ
on some inputs), so pyproject.toml pins the wheel exactly and memos of deflated bytes carry
`VERSION` in their keys. At its levels 0, 1, 5 and 6 the bytes also depend on the pieces the
input is handed in (zlib's do not): a ZIP entry is deflated in blocks of a fixed size, a search
file's segment at once. Python's zipfile deflates with zlib only, so the ZIP archives are
written here: fixed dates, Unix mode 0644, and the headers zipfile writes for such entries.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from zlib_ng import zlib_ng

VERSION = f"zlib-ng {zlib_ng.ZLIBNG_RUNTIME_VERSION}"
"""What deflates: part of any memo keeping deflated bytes (another version may differ)."""


class Deflater(Protocol):
    """A raw deflate stream being written (zlib_ng's, or zlib's: the same interface)."""

    def compress(self, data: bytes | bytearray | memoryview, /) -> bytes: ...
    def flush(self, mode: int = ..., /) -> bytes: ...


def deflater(level: int) -> Deflater:
    """A raw deflate stream (no header, 32 KiB window) at `level`."""
    return zlib_ng.compressobj(level, zlib_ng.DEFLATED, -zlib_ng.MAX_WBITS)


FULL_FLUSH = zlib_ng.Z_FULL_FLUSH
SYNC_FLUSH = zlib_ng.Z_SYNC_FLUSH
FINISH = zlib_ng.Z_FINISH
crc32 = zlib_ng.crc32  # the same values as zlib's, computed faster (PCLMULQDQ)
crc32_combine = zlib_ng.crc32_combine  # the CRC-32 of two byte strings joined, from theirs

# The records of a ZIP (APPNOTE 4.3.7, 4.3.12, 4.3.16), as zipfile packs them.
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION_NEEDED = 20  # 2.0: deflate (zipfile's default for both)
_UNIX = 3
_MODE = 0o100644 << 16  # a regular file, rw-r--r--
_UTF8_NAME = 0x800
_STORED, _DEFLATED = 0, 8
_BLOCK = 64 * 1024  # the pieces an entry is deflated in (`ZipArchive.add`)
_LIMIT = (1 << 31) - 1  # past it a ZIP needs ZIP64 records, which are not written here


@dataclass(frozen=True)
class Deflated:
    """A segment of a ZIP entry deflated on its own (`ZipArchive.add_segments`): its deflated
    bytes (ended by a sync flush), and the CRC-32 and length of its bytes."""

    data: bytes
    crc: int
    size: int

    def inflated(self) -> bytes | None:
        """Its bytes, inflated (None: they do not inflate to its CRC-32 and length)."""
        try:
            found = zlib.decompressobj(-zlib.MAX_WBITS).decompress(self.data)
        except zlib.error:
            return None
        return found if len(found) == self.size and crc32(found) == self.crc else None


@dataclass(frozen=True)
class _Entry:
    name: bytes
    flags: int
    method: int
    crc: int
    compressed: int
    size: int
    offset: int


class ZipArchive:
    """A ZIP made in memory entry by entry, dated `when` (midnight; 1980 at the earliest),
    each entry a Unix file of mode 0644: its bytes depend on the entries and `when` alone."""

    def __init__(self, when: dt.date, deflater_of: Callable[[int], Deflater] = deflater) -> None:
        # ZIP dates start in 1980 (zipfile refuses earlier): the day and month kept.
        self._date = (max(when.year, 1980) - 1980) << 9 | when.month << 5 | when.day
        self._deflater_of = deflater_of
        self._out = io.BytesIO()
        self._entries: list[_Entry] = []

    def add(self, name: str, chunks: Iterable[bytes], level: int | None) -> None:
        """The entry `name` of `chunks`' bytes, deflated at `level` (None: stored), written
        as the chunks come: its sizes and CRC go back into its header once it is closed."""
        encoded, flags = self._name(name)
        out = self._out
        offset = out.tell()
        out.write(bytes(_LOCAL.size + len(encoded)))
        stream = self._deflater_of(level) if level is not None else None
        crc = size = compressed = 0
        pending = bytearray()  # of the next block to deflate
        for chunk in chunks:
            crc = crc32(chunk, crc)
            size += len(chunk)
            if stream is None:
                compressed += len(chunk)
                out.write(chunk)
                continue
            # zlib-ng's levels 0, 1, 5 and 6 deflate the same bytes otherwise when handed them
            # in other pieces (zlib's never do): handed in blocks of `_BLOCK`, whatever the chunks,
            # an entry's bytes depend on its content alone (a workbook's sheet comes in pieces
            # of kept and made rows).
            view = memoryview(chunk)
            if pending:
                taken = _BLOCK - len(pending)
                pending += view[:taken]
                view = view[taken:]
                if len(pending) < _BLOCK:
                    continue
                compressed += out.write(stream.compress(pending))
                pending.clear()
            whole = len(view) - len(view) % _BLOCK
            for start in range(0, whole, _BLOCK):
                compressed += out.write(stream.compress(view[start : start + _BLOCK]))
            pending += view[whole:]
        if stream is not None:
            compressed += out.write(stream.compress(pending) + stream.flush(FINISH))
        method = _STORED if stream is None else _DEFLATED
        self._close(name, _Entry(encoded, flags, method, crc, compressed, size, offset))

    def add_segments(
        self, name: str, segments: Iterable[bytes | Deflated], level: int
    ) -> list[tuple[int, Deflated]]:
        """The entry `name` of `segments`' bytes joined, each segment deflated on its own (no
        dictionary: its deflated bytes depend on its bytes alone) and ended by a sync flush;
        a `Deflated` (an earlier archive's) is written as it is. One deflate stream, which any
        inflater reads as a whole (pigz -i writes the same). Each segment's offset in the
        archive and what was written for it are returned, in order."""
        # A whole sheet deflated again for one profile's rows changed was ~0.4 s of every
        # award, name or new profile edit at 10,000 profiles (issue #21); its segments kept by
        # a digest of each and the 32 KiB before it still needed every row's bytes. On its
        # own, a segment is taken from the last archive by the rows it holds (the roll's
        # workbook: opendata.workbooksplice), for ~12 % more bytes at 32 profiles a segment.
        encoded, flags = self._name(name)
        out = self._out
        offset = out.tell()
        out.write(bytes(_LOCAL.size + len(encoded)))
        crc = size = compressed = 0
        placed: list[tuple[int, Deflated]] = []
        for segment in segments:
            if not isinstance(segment, Deflated):
                data = b""
                if segment:  # an empty one adds no block
                    stream = deflater(level)
                    data = stream.compress(segment) + stream.flush(SYNC_FLUSH)
                segment = Deflated(data, crc32(segment), len(segment))
            placed.append((out.tell(), segment))
            compressed += out.write(segment.data)
            crc = crc32_combine(crc, segment.crc, segment.size)
            size += segment.size
        compressed += out.write(deflater(level).flush(FINISH))  # the final block
        self._close(name, _Entry(encoded, flags, _DEFLATED, crc, compressed, size, offset))
        return placed

    def _name(self, name: str) -> tuple[bytes, int]:
        try:
            return name.encode("ascii"), 0
        except UnicodeEncodeError:
            return name.encode("utf-8"), _UTF8_NAME

    def _close(self, name: str, entry: _Entry) -> None:
        """Write `entry`'s local header, its bytes written after it, and note it."""
        if max(entry.size, entry.compressed, entry.offset) > _LIMIT:
            raise RuntimeError(f"{name}: too large for a ZIP without ZIP64 records")
        out = self._out
        end = out.tell()
        out.seek(entry.offset)
        out.write(self._local_header(entry))
        out.seek(end)
        self._entries.append(entry)

    def _local_header(self, e: _Entry) -> bytes:
        fields = (_VERSION_NEEDED, 0, e.flags, e.method, 0, self._date, e.crc, e.compressed)
        return _LOCAL.pack(b"PK\x03\x04", *fields, e.size, len(e.name), 0) + e.name

    def getvalue(self) -> bytes:
        """The archive: its entries, then their central directory and its end."""
        out = self._out
        start = out.tell()
        for e in self._entries:
            fields = (_VERSION_NEEDED, _UNIX, _VERSION_NEEDED, 0, e.flags, e.method, 0)
            sizes = (self._date, e.crc, e.compressed, e.size, len(e.name), 0, 0, 0, 0)
            out.write(_CENTRAL.pack(b"PK\x01\x02", *fields, *sizes, _MODE, e.offset) + e.name)
        size, count = out.tell() - start, len(self._entries)
        if start > _LIMIT or count > 0xFFFF:
            raise RuntimeError("too many or too large entries for a ZIP without ZIP64 records")
        out.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, size, start, 0))
        data = out.getvalue()
        out.seek(start)
        out.truncate()  # `add` may go on: the directory is written again
        return data
