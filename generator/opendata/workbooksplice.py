"""The roll's workbook spliced from the last build's: an edit deflates only the segments of
the sheet that hold its changed rows.

The roll's workbook (`XLSX_VI`) is the Vietnamese CSV's rows as a typed sheet, made again
whenever the listings change. Its sheet is cut into segments after the rows of a profile
chosen by their bytes (`xlsxout.cuts_after`), each deflated on its own
(`compression.ZipArchive.add_segments`). Beside the file, a manifest says which profiles'
rows each segment holds, how long each profile's rows are, and where the segment's deflated
bytes lie in the file (`WorkbookManifest`). The next build, while the file is still the one
written, takes a segment whose profiles are the same and all unchanged since (the page
cache's `steady`) as its deflated bytes, reading neither the rows nor the kept lines; a
segment with a changed profile is deflated again from the changed rows made now and the
unchanged ones inflated from its old segment. At 30,000 profiles the whole sheet was ~90 MB
of rows looked up, joined, hashed and partly deflated on every such edit (issue #21).
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.compression import VERSION, Deflated
from generator.incremental.pagecache import PageCache
from generator.model.entries import Entry
from generator.opendata.linesplice import last_file
from generator.opendata.xlsxout import Sheet, cuts_after

XLSX_LINES_PART = "\0xlsx-segments/"  # cache paths of a workbook's manifest (never a file's)

# A segment's place and content: offset and length of its deflated bytes in the file, the
# CRC-32 and length of its bytes, and its rows.
Place = tuple[int, int, int, int, int]


@dataclass(frozen=True)
class WorkbookManifest:
    """What each segment of a workbook's sheet holds: its members (profiles' slugs; "" for
    a decision's rows, never taken again), each member's length of rows and whether a segment
    ends after it (`cuts`, one byte each, all members in order), and its `Place`."""

    members: list[list[str]]
    lengths: list[array[int]]
    cuts: bytes
    places: list[Place]

    def dumps(self) -> bytes:
        """The manifest as kept in the cache (`loads`), with the deflater's version."""
        lengths = [found.tobytes() for found in self.lengths]
        return marshal.dumps((VERSION, self.members, lengths, self.cuts, self.places))

    @classmethod
    def loads(cls, data: bytes) -> WorkbookManifest | None:
        """A manifest `dumps` made by the same deflater (None: damaged, another layout, or
        another version of zlib-ng, whose bytes may differ)."""
        try:
            version, members, raw, cuts, places = marshal.loads(data)
            lengths = []
            for found in raw:
                lengths.append(array("I"))
                lengths[-1].frombytes(found)
        except (EOFError, ValueError, TypeError):
            return None
        if version != VERSION or not isinstance(cuts, bytes):
            return None
        shaped = (
            isinstance(members, list)
            and isinstance(places, list)
            and len(members) == len(lengths) == len(places)
            and all(
                isinstance(m, list) and len(m) == len(n) and all(type(s) is str for s in m)
                for m, n in zip(members, lengths, strict=True)
            )
            and all(
                isinstance(p, tuple) and len(p) == 5 and all(type(v) is int for v in p)
                for p in places
            )
            and sum(map(len, members)) == len(cuts)
        )
        return cls(members, lengths, cuts, places) if shaped else None


def last_workbook(cache: PageCache, path: str, part: str) -> tuple[bytes, WorkbookManifest] | None:
    """The last build's workbook at `path` and its manifest (kept at `part`), as
    `linesplice.last_file` finds them, if the file holds every place the manifest names."""
    found = last_file(cache, path, part, WorkbookManifest.loads)
    if found is None:
        return None
    data, manifest = found
    if any(at + length > len(data) for at, length, _crc, _size, _rows in manifest.places):
        return None
    return found


@dataclass
class _Member:
    """A profile's (or a decision's) rows in the sheet made now: its slug, its rows' bytes
    when made now, else where they lie in the last build's sheet (segment, offset, length)."""

    slug: str
    entry: Entry | None
    rows: bytes | None
    cut: bool
    segment: int = -1
    offset: int = 0
    length: int = 0


class _LastSheet:
    """The last build's sheet as its manifest describes it: each profile's place, and each
    segment's bytes inflated when first asked (None: damaged)."""

    def __init__(self, last: tuple[bytes, WorkbookManifest] | None) -> None:
        self.file = last[0] if last is not None else b""
        self.manifest: WorkbookManifest | None = last[1] if last is not None else None
        self.where: dict[str, tuple[int, int, int, bool]] = {}
        self._inflated: dict[int, bytes | None] = {}
        if self.manifest is None:
            return
        n = 0
        for number, (members, lengths) in enumerate(
            zip(self.manifest.members, self.manifest.lengths, strict=True)
        ):
            offset = 0
            for slug, length in zip(members, lengths, strict=True):
                if slug:
                    self.where[slug] = (number, offset, length, self.manifest.cuts[n] == 1)
                offset += length
                n += 1

    def deflated(self, number: int) -> tuple[Deflated, int]:
        """Segment `number` as the last build wrote it, and its rows."""
        assert self.manifest is not None
        at, length, crc, size, rows = self.manifest.places[number]
        return Deflated(self.file[at : at + length], crc, size), rows

    def inflated(self, number: int) -> bytes | None:
        """The bytes of segment `number` (None: they do not inflate to its CRC-32)."""
        if number not in self._inflated:
            self._inflated[number] = self.deflated(number)[0].inflated()
        return self._inflated[number]


def splice_workbook(
    sheet: Sheet,
    title: str,
    entries: Sequence[Entry],
    rows_of: Callable[[Entry], bytes],
    decisions: Sequence[bytes],
    last: tuple[bytes, WorkbookManifest] | None,
    steady: set[str],
) -> tuple[bytes, WorkbookManifest]:
    """The workbook of `sheet` (unnumbered) titled `title`: the rows of `entries`, then of
    `decisions`; an entry in `steady` taken from `last` (the last build's file and manifest,
    while it is the file written), its rows made by `rows_of` otherwise. With its manifest."""
    old = _LastSheet(last)
    members: list[_Member] = []
    for entry in entries:
        found = old.where.get(entry.slug) if entry.slug in steady else None
        if found is not None:
            segment, offset, length, cut = found
            members.append(_Member(entry.slug, entry, None, cut, segment, offset, length))
        else:
            made = rows_of(entry)
            members.append(_Member(entry.slug, entry, made, cuts_after(made)))
    members += [_Member("", None, made, cuts_after(made)) for made in decisions]
    groups: list[list[_Member]] = [[]]
    for member in members:
        groups[-1].append(member)
        if member.cut:
            groups.append([])
    if not groups[-1]:
        groups.pop()
    segments: list[bytes | Deflated] = []
    rows_in: list[int] = []
    for group in groups:
        number = _same_segment(group, old)
        if number is not None:
            deflated, rows = old.deflated(number)
            segments.append(deflated)
            rows_in.append(rows)
            continue
        data = b"".join(_rows(member, old, rows_of) for member in group)
        segments.append(data)
        rows_in.append(data.count(b"</row>"))
    workbook, placed = sheet.segmented(title, segments, sum(rows_in))
    manifest = WorkbookManifest(
        [[m.slug for m in group] for group in groups],
        [array("I", [_length(m) for m in group]) for group in groups],
        bytes(m.cut for group in groups for m in group),
        [
            (at, len(found.data), found.crc, found.size, rows)
            for (at, found), rows in zip(placed, rows_in, strict=True)
        ],
    )
    return workbook, manifest


def _same_segment(group: list[_Member], old: _LastSheet) -> int | None:
    """The last build's segment that held exactly `group`'s rows, all unchanged (None: none)."""
    first = group[0]
    if first.rows is not None or old.manifest is None:
        return None
    number = first.segment
    slugs = old.manifest.members[number]
    if len(slugs) != len(group):
        return None
    for member, slug in zip(group, slugs, strict=True):
        if member.rows is not None or member.slug != slug:
            return None
    return number


def _rows(member: _Member, old: _LastSheet, rows_of: Callable[[Entry], bytes]) -> bytes:
    """A member's rows: made now, or taken from its old segment (made again should that
    segment not inflate as written)."""
    if member.rows is None:
        inflated = old.inflated(member.segment)
        if inflated is not None:
            member.rows = inflated[member.offset : member.offset + member.length]
        else:
            assert member.entry is not None  # only a profile is taken from the last build
            member.rows = rows_of(member.entry)
    return member.rows


def _length(member: _Member) -> int:
    return member.length if member.rows is None else len(member.rows)
