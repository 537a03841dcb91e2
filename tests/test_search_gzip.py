"""The search bundle's gzip files, deflated in segments cut by content (search.gzipfiles)."""

from __future__ import annotations

import gzip
import random
import zlib

import cbor2
import pytest

from generator.search import gzipfiles
from generator.search.gzipfiles import Compressor, gzip_file, segment_ends


def _postings(seed: int, count: int) -> list[list[object]]:
    """Postings as a common word's chunk holds them: page delta, locations, meta locations."""
    rng = random.Random(seed)
    return [
        [rng.choice((1, 1, 1, 2, 3, 17)), sorted(rng.sample(range(400), rng.randint(1, 4))), []]
        for _ in range(count)
    ]


def _chunk(postings: list[list[object]]) -> bytes:
    return b"pagefind_dcd" + cbor2.dumps([[["nguyen", postings, []]]])


def _segments(data: bytes) -> list[bytes]:
    ends = segment_ends(data)
    return [data[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]


def test_a_short_file_is_deflated_whole_in_gzip_compress_framing() -> None:
    for data in (b"", b"pagefind_dcd\x80", _chunk(_postings(1, 500))):
        assert len(data) < 2 * gzipfiles.SEGMENT_MIN
        packed = gzip_file(data)
        framing = gzip.compress(data, compresslevel=6, mtime=0)
        assert packed[:10] == framing[:10] and packed[-8:] == framing[-8:]
        assert packed[10:-8] == gzipfiles.deflate_segment(data, final=True)
        assert gzip.decompress(packed) == data


def test_a_long_file_is_one_gzip_member_of_segments() -> None:
    data = _chunk(_postings(2, 40_000))
    segments = _segments(data)
    assert len(segments) > 5
    assert all(len(s) >= gzipfiles.SEGMENT_MIN for s in segments[:-1])
    packed = gzip_file(data)
    assert packed != gzip.compress(data, compresslevel=6, mtime=0)
    assert gzip.decompress(packed) == data  # checks the CRC-32 and the length as well
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    assert inflater.decompress(packed) == data and inflater.eof and not inflater.unused_data
    # Each segment deflated from an empty window: its own deflate stream, joined.
    streams = [gzipfiles.deflate_segment(s, i == len(segments) - 1) for i, s in enumerate(segments)]
    assert b"".join(streams) in packed
    # A few bytes more than one stream (random postings: real chunks lose less, ~3 %).
    assert len(packed) < len(gzip.compress(data, compresslevel=6, mtime=0)) * 1.08


def test_an_insertion_moves_no_cut_far_from_it() -> None:
    postings = _postings(3, 40_000)
    before = _chunk(postings)
    edited = _chunk([*postings[:20_000], [1, [5, 9], []], *postings[20_000:]])
    grown = len(edited) - len(before)
    old, new = segment_ends(before), segment_ends(edited)
    middle = len(before) // 2
    assert [e for e in old if e < middle - gzipfiles.SEGMENT_MIN] == [
        e for e in new if e < middle - gzipfiles.SEGMENT_MIN
    ]
    later = [e + grown for e in old if e > middle + 4 * gzipfiles.SEGMENT_MIN]
    assert later and later == [e for e in new if e > middle + 4 * gzipfiles.SEGMENT_MIN + grown]


def test_an_edit_deflates_only_the_segments_it_changed() -> None:
    postings = _postings(4, 40_000)
    before = _chunk(postings)
    postings[25_000] = [postings[25_000][0], [3, 7, 8], []]
    edited = _chunk(postings)
    first = Compressor()
    first(before)
    again = Compressor.load(first.dump())
    digest, packed = again(edited)
    assert packed == gzip_file(edited)  # the memo never changes the bytes
    new = [key for key in again.used if key not in first.used]
    segment_keys = [key for key in new if isinstance(again.used[key], bytes)]
    assert 1 <= len(segment_keys) <= 2 < len(_segments(edited)) // 2
    # The next merge of the same bytes takes the whole file from the memo.
    assert Compressor.load(again.dump())(edited) == (digest, packed)


def test_a_damaged_memo_is_not_used() -> None:
    data = _chunk(_postings(5, 40_000))
    memo = Compressor()
    memo(data)
    dumped = bytearray(memo.dump())
    at = dumped.index(gzipfiles.deflate_segment(_segments(data)[1], False)[:16]) + 8
    dumped[at] ^= 0xFF  # a byte of a kept segment's deflate stream
    loaded = Compressor.load(bytes(dumped))
    assert loaded.known == {}
    assert loaded(data)[1] == gzip_file(data)


def _cuts_hashing_every_byte(data: bytes, minimum: int) -> list[int]:
    """The cuts as first made: every position hashed, then the first hash of 0 per segment."""
    size, window = len(data), len(gzipfiles._TABLES)
    mixed = 0
    for lane, table in enumerate(gzipfiles._TABLES):
        mixed ^= int.from_bytes(data.translate(table), "little") << (8 * lane)
    hashes = mixed.to_bytes(size + window, "little")
    ends, last = [], 0
    for at in range(window - 1, size - minimum):
        if hashes[at] == 0 and at + 1 - last >= minimum:
            ends.append(at + 1)
            last = at + 1
    return [*ends, size]


def test_cuts_found_from_each_segments_minimum_are_those_of_every_byte_hashed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(6)
    files = [_chunk(_postings(6, 12_000)), rng.randbytes(70_000), bytes(40_000)]
    files.append(rng.randbytes(20_000) + bytes(30_000) + rng.randbytes(20_000))
    for minimum in (8, 300, gzipfiles.SEGMENT_MIN):
        monkeypatch.setattr(gzipfiles, "SEGMENT_MIN", minimum)
        for data in files:
            assert segment_ends(data) == _cuts_hashing_every_byte(data, minimum)
    # Short files by the hundred: some hash of 0 falls at each edge of the search's windows.
    monkeypatch.setattr(gzipfiles, "SEGMENT_MIN", 300)
    for size in range(600, 3000, 7):
        data = rng.randbytes(size)
        assert segment_ends(data) == _cuts_hashing_every_byte(data, 300)


def test_a_memo_of_other_cuts_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _chunk(_postings(8, 40_000))
    before = Compressor()
    made = before(data)[1]
    # Other tables (as another release might have): other cuts, so other bytes for the file.
    monkeypatch.setattr(gzipfiles, "_TABLES", gzipfiles._TABLES[::-1])
    assert segment_ends(data) != [len(data)] and gzip_file(data) != made
    assert Compressor.load(before.dump())(data)[1] == gzip_file(data)
