"""A model of a workbook's sheet deflated in content-cut segments, as an edit would remake it.

    python benchmarks/xlsx_segments.py SITE/du-lieu/vinh-danh.xlsx [--minimum 65536]
                                       [--rare-cuts]

docs/performance.md, "The workbooks deflated in segments (session 16)". The sheet's XML is cut
by `generator.search.gzipfiles.segment_ends` (its minimum set by `--minimum`; `--rare-cuts`: a
cut pattern of ~1 in 32,768 positions, not 1 in 256), each segment deflated with the 32 KiB
before it as its dictionary (a sync flush between: one stream any inflater reads) and kept by
its blake2b and those of the segments its dictionary lies in. Printed: the whole sheet's deflate
and the segmented one (CPU, bytes), then for each edit made on the XML (a row inserted at 1,
50, 99 % with the later rows renumbered, or not, as rows without numbers would be; a row moved
from 1 to 99 % with those between renumbered, as a rename) the segmented remake's CPU and how
many segments it deflated. In one process, `time.process_time`: nothing is built.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import re
import time
import zipfile
import zlib
from collections.abc import Callable
from typing import TypeVar

from generator.search import gzipfiles

_WINDOW = 32 * 1024  # deflate's window: a segment's dictionary
_NUMBER = re.compile(rb'(r="[A-Z]*)(\d+)"')
_T = TypeVar("_T")


def _deflate(data: bytes, start: int, end: int) -> bytes:
    if start:
        deflater = zlib.compressobj(
            6, zlib.DEFLATED, -zlib.MAX_WBITS, zdict=data[max(0, start - _WINDOW) : start]
        )
    else:
        deflater = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    flush = zlib.Z_FINISH if end == len(data) else zlib.Z_SYNC_FLUSH
    return deflater.compress(data[start:end]) + deflater.flush(flush)


def segmented(data: bytes, memo: dict[bytes, bytes]) -> tuple[bytes, dict[bytes, bytes], int, int]:
    """`data` deflated in segments, those in `memo` taken: (stream, memo used, deflated, all)."""
    ends = gzipfiles.segment_ends(data)
    starts = [0, *ends[:-1]]
    digests = [
        hashlib.blake2b(data[s:e], digest_size=16).digest()
        for s, e in zip(starts, ends, strict=True)
    ]
    used: dict[bytes, bytes] = {}
    streams = []
    made = 0
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        parts, j = [digests[i], bytes([end == len(data)])], i
        while j > 0 and start - starts[j] < _WINDOW:  # the segments the dictionary lies in
            j -= 1
            parts.append(digests[j])
        key = b"".join(parts)
        stream = memo.get(key)
        if stream is None:
            stream = _deflate(data, start, end)
            made += 1
        used[key] = stream
        streams.append(stream)
    zlib.crc32(data)  # the zip entry's
    return b"".join(streams), used, made, len(ends)


def _renumbered(xml: bytes, by: int) -> bytes:
    return _NUMBER.sub(lambda m: m[1] + str(int(m[2]) + by).encode() + b'"', xml)


def edits(data: bytes) -> list[tuple[str, bytes]]:
    """The sheet after each modelled edit, with its label."""
    rows = [m.start() for m in re.finditer(rb'<row r="', data)]
    rows.append(data.index(b"</sheetData>"))
    made = []
    for share in (0.01, 0.5, 0.99):
        i = int((len(rows) - 1) * share)
        at, row = rows[i], data[rows[i] : rows[i + 1]]
        renumbered = data[:at] + _renumbered(row, 1) + _renumbered(data[at:], 1)
        made.append((f"award row at {share:.0%}, later rows renumbered", renumbered))
        made.append(
            (f"award row at {share:.0%}, rows without numbers", data[:at] + row + data[at:])
        )
    i, j = int((len(rows) - 1) * 0.01), int((len(rows) - 1) * 0.99)
    row = data[rows[i] : rows[i + 1]]
    between = _renumbered(data[rows[i + 1] : rows[j]], -1)
    moved = data[: rows[i]] + between + _renumbered(row, j - i - 1) + data[rows[j] :]
    made.append(("a row moved from 1% to 99%, rows between renumbered", moved))
    return made


def _timed(work: Callable[[], _T]) -> tuple[_T, float]:
    start = time.process_time()
    done = work()
    return done, time.process_time() - start


def main() -> None:
    """Print the model's figures for one workbook."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("workbook")
    parser.add_argument("--minimum", type=int, default=gzipfiles.SEGMENT_MIN)
    parser.add_argument("--rare-cuts", action="store_true")
    args = parser.parse_args()
    gzipfiles.SEGMENT_MIN = args.minimum
    if args.rare_cuts:
        gzipfiles._CUT = re.compile(rb"\x00[\x00\x01]")
    with zipfile.ZipFile(args.workbook) as book:
        data = book.read("xl/worksheets/sheet1.xml")
    whole, whole_cpu = _timed(lambda: zlib.compress(data, 6))
    (first, memo, _, count), first_cpu = _timed(lambda: segmented(data, {}))
    assert zlib.decompress(first, -zlib.MAX_WBITS) == data
    size = len(whole) - 6  # zlib's header and Adler-32: not in a zip entry
    print(
        f"sheet {len(data):,} B; whole {whole_cpu:.3f} s {size:,} B; segmented {first_cpu:.3f} s"
        f" {len(first):,} B ({100 * (len(first) / size - 1):+.2f} %), {count} segments"
    )
    for label, edited in edits(data):
        (stream, _, made, count), cpu = _timed(functools.partial(segmented, edited, memo))
        assert zlib.decompress(stream, -zlib.MAX_WBITS) == edited
        print(f"  {label}: {cpu:.3f} s, {made} of {count} segments deflated")


if __name__ == "__main__":
    main()
