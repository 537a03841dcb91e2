"""The search bundle's gzip files, deflated in segments cut by their content.

The index chunks of common words ("nguyễn", "văn", "bằng khen") hold a posting from nearly
every profile, so they grow with the roll, and any edit moves a posting in them: gzipping them
whole again was a quarter of an edit's search child at 10,000 profiles (docs/performance.md,
"The search child of an edit (session 16)"). So a file is cut where a hash of the bytes just
before a position takes given values (content-defined: an insertion moves no cut far from it),
each segment is deflated on its own, from an empty window, and ended by a full flush (the last
by the final block), and the segments' deflate streams are joined under one gzip header and
trailer: one gzip member, which any inflater reads (Pagefind's fflate as well). A segment's
deflate stream is remembered by its content, so an edit deflates again only the segments
around what it changed. The cuts depend on the bytes alone, so an edit, a clean build and
`canonicalise_bundle` write the same files; a file shorter than two segments is deflated whole
(gzip.compress's header and trailer). The deflate is zlib-ng's (`generator.compression`).
"""

from __future__ import annotations

import gzip
import hashlib
import marshal
import re

from generator.compression import FINISH, FULL_FLUSH, VERSION, crc32, deflater

GZIP_LEVEL = 6
"""zlib's default: on Pagefind's index chunks 5.6 times faster than level 9 for 2.7 % more
bytes (a search fetches a few chunks of ~40 KB; an edit recompresses ~40 of them)."""

SEGMENT_MIN = 16 * 1024
"""No segment is shorter (bar a file's last): each starts from an empty window. A file is cut at
the first position past this length where the hash takes a value found ~1 in 256 positions,
so segments are ~16-17 KiB: on the 43 largest chunks of 10,000 profiles an edit's deflate
then takes 50-65 ms, not 305-317 (whole), for 2.7 % more bytes of the index (0.4 % at 1,000
profiles; 1 cut in 16,384 positions gave 0.8 % and kept 245 ms: Pagefind's CBOR repeats, so
such cuts fall ~60-100 KB apart). Session 16's measures, docs/performance.md."""

_WINDOW = 8  # bytes hashed before each position: fewer repeat too often in Pagefind's CBOR
# One lookup table a byte of the window, fixed: the cuts, so the bytes, must not change (SHAKE
# is specified; random's bytes for a seed are not promised from one Python to the next).
_TABLES = [hashlib.shake_256(f"vinhdanh {i}".encode()).digest(256) for i in range(_WINDOW)]
# A cut after position i where the hash is 0 (the first such past SEGMENT_MIN).
_CUT = re.compile(b"\x00")
# gzip.compress's header without a time stamp (its flags byte tells the level).
_HEADER = gzip.compress(b"", compresslevel=GZIP_LEVEL, mtime=0)[:10]


def memo_tag() -> str:
    """What makes a memo's bytes: the cuts (tables, pattern, minimum), the level, and the
    deflate's version, which may deflate the same input otherwise; a memo made with any other
    is not read."""
    cuts = hashlib.sha256(b"".join([*_TABLES, _CUT.pattern])).hexdigest()[:12]
    return f"{GZIP_LEVEL} {SEGMENT_MIN} {cuts} {VERSION}"


def segment_ends(data: bytes) -> list[int]:
    """Where `data`'s segments end, the last at `len(data)`; by its bytes alone."""
    size = len(data)
    ends: list[int] = []
    last = 0
    while (cut := _next_cut(data, last)) is not None:
        ends.append(cut)
        last = cut
    ends.append(size)
    return ends


def _next_cut(data: bytes, last: int) -> int | None:
    """The end of the segment starting at `last`: after the first position at least
    SEGMENT_MIN on where the hash is 0, if that leaves SEGMENT_MIN for the file's last."""
    limit = len(data) - SEGMENT_MIN  # no segment ends past it
    low = max(last + SEGMENT_MIN, _WINDOW) - _WINDOW  # the window of the first hash allowed
    span = 2048  # hashes of 0 are ~1 in 256: the first is nearly always in this span
    while low + _WINDOW <= limit:
        high = min(low + span, limit)
        piece = data[low:high]
        # hashes[i] = XOR of _TABLES[j][piece[i - j]] for j < _WINDOW: byte lanes of one
        # integer, each table's translation shifted by j lanes, so the work is in C.
        mixed = 0
        for lane, table in enumerate(_TABLES):
            mixed ^= int.from_bytes(piece.translate(table), "little") << (8 * lane)
        hashes = mixed.to_bytes(len(piece) + _WINDOW, "little")
        match = _CUT.search(hashes, _WINDOW - 1, len(piece))  # whole windows only
        if match is not None:
            return low + match.start() + 1
        if high >= limit:
            return None
        span *= 2  # the same first hashes again, and more: the same first match
    return None


def deflate_segment(segment: bytes, final: bool) -> bytes:
    """`segment` as raw deflate from an empty window, ended by a full flush or the final block."""
    stream = deflater(GZIP_LEVEL)
    return stream.compress(segment) + stream.flush(FINISH if final else FULL_FLUSH)


def join_segments(data: bytes, deflated: list[bytes]) -> bytes:
    """The gzip file of `data` from its segments' deflate streams, in order."""
    trailer = crc32(data).to_bytes(4, "little") + (len(data) & 0xFFFFFFFF).to_bytes(4, "little")
    return b"".join([_HEADER, *deflated, trailer])


def gzip_file(data: bytes) -> bytes:
    """An index file as the bundle ships it: gzip (`GZIP_LEVEL`) in segments, no time stamp."""
    ends = segment_ends(data)
    starts = [0, *ends[:-1]]
    deflated = [
        deflate_segment(data[start:end], end == len(data))
        for start, end in zip(starts, ends, strict=True)
    ]
    return join_segments(data, deflated)


# A memo: a file's digest -> its gzip file (one segment) or its segments' keys; a segment's
# key -> its deflate stream.
Memo = dict[str, bytes | list[str]]


class Compressor:
    """`gzip_file` remembered by content: a file whose bytes are the last merge's is taken
    whole, and a changed file deflates only its segments the last merge did not hold."""

    def __init__(self, known: Memo | None = None) -> None:
        self.known = known or {}
        self.used: Memo = {}
        self.tag = memo_tag()

    def __call__(self, data: bytes) -> tuple[str, bytes]:
        """(sha256 of `data`, its gzip file)."""
        digest = hashlib.sha256(data).hexdigest()
        memo = f"{self.tag} {digest}"
        kept = self.known.get(memo)
        if isinstance(kept, bytes):
            self.used[memo] = kept
            return digest, kept
        if isinstance(kept, list):
            streams = [self.known.get(key) for key in kept]
            kept_streams = [s for s in streams if isinstance(s, bytes)]
            if len(kept_streams) == len(kept):
                self.used[memo] = kept
                self.used.update(zip(kept, kept_streams, strict=True))
                return digest, join_segments(data, kept_streams)
        ends = segment_ends(data)
        if len(ends) == 1:
            packed = gzip_file(data)
            self.used[memo] = packed
            return digest, packed
        keys: list[str] = []
        deflated: list[bytes] = []
        start = 0
        for end in ends:
            segment = data[start:end]
            final = end == len(data)
            key = f"{self.tag} {int(final)} {hashlib.sha256(segment).hexdigest()}"
            stream = self.known.get(key)
            if not isinstance(stream, bytes):
                stream = deflate_segment(segment, final)
            self.used[key] = stream
            keys.append(key)
            deflated.append(stream)
            start = end
        self.used[memo] = keys
        return digest, join_segments(data, deflated)

    def dump(self) -> bytes:
        """What this merge used, as marshal bytes and their CRC-32 (for `load`)."""
        data = marshal.dumps(self.used)
        # The memo's bytes go into the bundle as they are: a damaged byte would be published.
        return data + crc32(data).to_bytes(4, "big")

    @classmethod
    def load(cls, data: bytes) -> Compressor:
        """A compressor remembering `dump`'s files and segments (none if damaged)."""
        body = memoryview(data)[:-4]
        if len(data) < 4 or crc32(body).to_bytes(4, "big") != data[-4:]:
            return cls()
        try:
            known = marshal.loads(body)
        except (EOFError, ValueError, TypeError):
            return cls()
        return cls(known) if isinstance(known, dict) else cls()
