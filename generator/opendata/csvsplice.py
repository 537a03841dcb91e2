"""The roll's CSV files spliced from the last build's: an edit makes only its changed lines.

A CSV file (`CSV_VI`, `CSV_EN`) is the header, each published profile's lines in the roll's
order, then the decisions' lines. Made again whenever the listings change, it was joined
from every profile's lines as kept by key (`publish.kept_line`): at 30,000 profiles ~2.4 s of
the open data's child on every such edit (60,000 keys made and lines looked up, every shard
of the kept lines read, the join; issue #21), the child that ends last. Beside each file made,
a manifest says which profile's lines lie where (`CsvManifest`); the next build, while the
file is still the one written, takes the lines of every profile unchanged since (the page
cache's `steady`) from the file itself, a run of neighbours as one slice, and makes or looks
up only the others'.
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from generator.incremental.pagecache import PageCache, page_key
from generator.model.entries import Entry

M = TypeVar("M")

CSV_LINES_PART = "\0csv-lines/"  # cache paths of a CSV file's manifest (never a file's path)


@dataclass(frozen=True)
class CsvManifest:
    """Where each profile's lines lie in a CSV file: after `head` bytes, the slugs' lines
    in order with their lengths, then `tail` bytes (the decisions')."""

    head: int
    slugs: list[str]
    lengths: array[int]
    tail: int

    def dumps(self) -> bytes:
        """The manifest as kept in the cache (`loads`)."""
        return marshal.dumps((self.head, self.slugs, self.lengths.tobytes(), self.tail))

    @classmethod
    def loads(cls, data: bytes) -> CsvManifest | None:
        """A manifest `dumps` made (None: damaged or of another layout)."""
        try:
            head, slugs, lengths, tail = marshal.loads(data)
            found = array("I")
            found.frombytes(lengths)
        except (EOFError, ValueError, TypeError):
            return None
        if not (
            type(head) is int
            and type(tail) is int
            and isinstance(slugs, list)
            and len(slugs) == len(found)
            and all(type(s) is str for s in slugs)
        ):
            return None
        return cls(head, slugs, found, tail)

    def size(self) -> int:
        """The length of the file it describes."""
        return self.head + sum(self.lengths) + self.tail


def last_csv(cache: PageCache, path: str, part: str) -> tuple[bytes, CsvManifest] | None:
    """The last build's CSV file at `path` and its manifest (kept at `part`): `last_file`."""
    return last_file(cache, path, part, CsvManifest.loads)


def last_file(
    cache: PageCache, path: str, part: str, loads: Callable[[bytes], M | None]
) -> tuple[bytes, M] | None:
    """The last build's file at `path` and its manifest kept at `part` (read by `loads`), if
    the file is still the one written under the manifest's key, that of the last saved
    build's listings (`made_by_last`), and this build knows which entries are unchanged
    since (None: every line made)."""
    found = cache.parts.get(part)
    if found is None or not cache.steady or not made_by_last(cache, path, found[0]):
        return None
    manifest = loads(found[1]) if isinstance(found[1], bytes) else None
    if manifest is None:
        return None
    try:
        return cache.read_file(path), manifest
    except OSError:
        return None


def made_by_last(cache: PageCache, path: str, key: str) -> bool:
    """True if the file at `path` is still the one written under `key`, a key made from the
    listings of the last build whose caches were saved: the build `PageCache.steady` is of."""
    # A build that failed after the open data's child saved its manifests wrote files from
    # entries the next build may find steady again (an edit reverted): not spliced from.
    if not cache.listings or key != page_key(cache.listings, "file", path):
        return False
    return cache.file_kept(path, key)


def splice_csv(
    head: bytes,
    entries: Sequence[Entry],
    lines: Callable[[Entry], bytes],
    tail: bytes,
    last: tuple[bytes, CsvManifest] | None,
    steady: set[str],
) -> tuple[bytes, CsvManifest]:
    """The CSV file of `entries` (between `head` and `tail`) and its manifest: the lines of
    an entry in `steady` taken from `last` (the last build's file and manifest, when it is
    still the file written), those of the others from `lines`."""
    where: dict[str, tuple[int, int]] = {}
    old = b""
    if last is not None and last[1].size() == len(last[0]):
        old, manifest = last
        at = manifest.head
        for slug, length in zip(manifest.slugs, manifest.lengths, strict=True):
            where[slug] = (at, at + length)
            at += length
    view = memoryview(old)
    pieces: list[bytes | memoryview] = [head]
    slugs: list[str] = []
    lengths = array("I")
    start = end = -1  # the run of old bytes taken, not yet among `pieces`
    for entry in entries:
        slug = entry.slug
        found = where.get(slug) if slug in steady else None
        if found is not None:
            if found[0] != end:  # not the next lines of the old file: a new run
                if end > start:
                    pieces.append(view[start:end])
                start = found[0]
            end = found[1]
            lengths.append(end - found[0])
        else:
            if end > start:
                pieces.append(view[start:end])
            start = end = -1
            made = lines(entry)
            pieces.append(made)
            lengths.append(len(made))
        slugs.append(slug)
    if end > start:
        pieces.append(view[start:end])
    pieces.append(tail)
    return b"".join(pieces), CsvManifest(len(head), slugs, lengths, len(tail))
