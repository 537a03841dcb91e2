"""Files of one line (or several) per profile spliced from the last build's: an edit makes
only its changed profiles' lines.

A CSV file (`CSV_VI`, `CSV_EN`) is the header, each published profile's lines in the roll's
order, then the decisions' lines. Made again whenever the listings change, it was joined
from every profile's lines as kept by key (`publish.kept_line`): at 30,000 profiles ~2.4 s of
the open data's child on every such edit (60,000 keys made and lines looked up, every shard
of the kept lines read, the join; issue #21), the child that ends last. Beside each file made,
a manifest says which profile's lines lie where (`LineManifest`); the next build, while the
file is still the one written, takes the lines of every profile unchanged since (the page
cache's `steady`) from the file itself, a run of neighbours as one slice, and makes or looks
up only the others'. A page of the API's profile index is spliced the same way, its
profiles' JSON objects separated by commas (`splice_lines`' `separator`).
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
class LineManifest:
    """Where each profile's lines lie in a spliced file (a CSV, a profile index page): after
    `head` bytes, the slugs' lines in order with their lengths (a separator between two,
    `splice_lines`), then `tail` bytes (a CSV's decisions' lines, an index page's end)."""

    head: int
    slugs: list[str]
    lengths: array[int]
    tail: int

    def dumps(self) -> bytes:
        """The manifest as kept in the cache (`loads`)."""
        return marshal.dumps((self.head, self.slugs, self.lengths.tobytes(), self.tail))

    @classmethod
    def loads(cls, data: bytes) -> LineManifest | None:
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

    def size(self, gap: int = 0) -> int:
        """The length of the file it describes, with `gap` bytes between two entries' lines."""
        return self.head + sum(self.lengths) + gap * max(0, len(self.lengths) - 1) + self.tail


def last_lines(
    cache: PageCache, path: str, part: str, listed: bool = True
) -> tuple[bytes, LineManifest] | None:
    """The last build's file at `path` and its manifest (kept at `part`): `last_file`;
    `listed`: the file is keyed by the listings (a CSV), else by its own entries (a page of
    the profile index, kept while they are the same: `written_under`)."""
    return last_file(
        cache, path, part, LineManifest.loads, made_by_last if listed else written_under
    )


def last_file(
    cache: PageCache,
    path: str,
    part: str,
    loads: Callable[[bytes], M | None],
    made_by: Callable[[PageCache, str, str], bool] | None = None,
) -> tuple[bytes, M] | None:
    """The last build's file at `path` and its manifest kept at `part` (read by `loads`), if
    the file is still the one written under the manifest's key (`made_by`: by default
    `made_by_last`, a key of the last saved build's listings), and this build knows which
    entries are unchanged since (None: every line made)."""
    found = cache.parts.get(part)
    made_by = made_by_last if made_by is None else made_by
    if found is None or not cache.steady or not made_by(cache, path, found[0]):
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


def written_under(cache: PageCache, path: str, key: str) -> bool:
    """True if the file at `path` is still the one written under `key`, of whichever build."""
    # Safe without `made_by_last`'s check: the parts a build that failed after the open data's
    # child saved are all let go (`PageCache.load_files`), and a file kept since under the
    # same key was made from the same entries as the listings read them (its key's).
    return cache.file_kept(path, key)


def splice_lines(
    head: bytes,
    entries: Sequence[Entry],
    lines: Callable[[Entry], bytes],
    tail: bytes,
    last: tuple[bytes, LineManifest] | None,
    steady: set[str],
    separator: bytes = b"",
) -> tuple[bytes, LineManifest]:
    """The file of `entries`' lines (between `head` and `tail`, `separator` between two
    entries' lines) and its manifest: the lines of an entry in `steady` taken from `last`
    (the last build's file and manifest, when it is still the file written), those of the
    others from `lines`."""
    gap = len(separator)
    where: dict[str, tuple[int, int]] = {}
    old = b""
    if last is not None and last[1].size(gap) == len(last[0]):
        old, manifest = last
        at = manifest.head
        for slug, length in zip(manifest.slugs, manifest.lengths, strict=True):
            where[slug] = (at, at + length)
            at += length + gap
    view = memoryview(old)
    # After the head, each piece one entry's lines or a run of neighbours' (with their
    # separators in it), a separator between two; joined once (40 MB at 30,000 profiles).
    pieces: list[bytes | memoryview] = [head]

    def put(piece: bytes | memoryview) -> None:
        if gap and len(pieces) > 1:
            pieces.append(separator)
        pieces.append(piece)

    slugs: list[str] = []
    lengths = array("I")
    start = end = -1  # the run of old bytes taken, not yet among `pieces`
    for entry in entries:
        slug = entry.slug
        found = where.get(slug) if slug in steady else None
        if found is not None:
            if end < 0 or found[0] != end + gap:  # not the next lines of the old file
                if end >= 0:
                    put(view[start:end])
                start = found[0]
            end = found[1]
            lengths.append(end - found[0])
        else:
            if end >= 0:
                put(view[start:end])
            start = end = -1
            made = lines(entry)
            put(made)
            lengths.append(len(made))
        slugs.append(slug)
    if end >= 0:
        put(view[start:end])
    pieces.append(tail)
    return b"".join(pieces), LineManifest(len(head), slugs, lengths, len(tail))
