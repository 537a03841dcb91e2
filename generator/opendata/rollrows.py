"""A roll page's workbook made from the last build's: an edit makes only its changed entries'
rows, and deflates again only the segments of the sheet whose rows changed or moved.

A roll page's workbook is keyed by its rows' bytes (`RollRows.facts`), asked when one of its
entries changed as the listings read them. Each row's bytes (`Sheet.rows_xml`, unnumbered,
its ordinal left open) are made from its entry, its awards and the context alone, so a steady
entry's k-th row of a roll is the bytes it was. Kept per workbook (`RowsNote`): the slugs of
its rows' entries in order, a digest of each row's bytes, and the segments its sheet was cut
into (after a row whose digest says so: the same cuts wherever the row lies) with where each
one's deflated bytes lie in the file. The next build makes only the changed entries' rows to
know the facts (most such workbooks come out the same: an award added below a profile's top
award leaves its row of the kind's, province's and sector's rolls alone), and when the
workbook must be made again, takes every segment whose rows are the same, all steady, in the
same places (the ordinal column numbers them) as its deflated bytes, and a steady entry's
row in a segment made again from the last sheet (inflated and checked by its CRC-32, its
ordinal left open again) rather than from the lines' shards. A rename or an award edit at
30,000 profiles made every row of the individuals' roll (~0.5 s of lookups and digests) and
deflated all of it again (~1 s) on each such edit (issue #21).
"""

from __future__ import annotations

import bisect
import hashlib
import marshal
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.compression import VERSION, Deflated
from generator.incremental.pagecache import PageCache, page_key
from generator.model.rolls import Roll
from generator.opendata.xlsxout import ROW_ORDINAL, Sheet

ROLL_ROWS_NOTE = "\0xlsx/roll-shown/"
"""Cache paths of a roll page workbook's `RowsNote`, by the workbook's path: (its facts, the
note's bytes)."""

_ROW = 8  # bytes of each row's digest
_CUT_ONE_IN = 128
"""A segment ends after a row whose digest's first byte is a multiple of this: ~128 rows, ~50
KB of a roll page's sheet (a row is ~400 bytes), deflated on its own at a few % more bytes."""

LastRows = tuple["RowsNote", Callable[[], bytes | None]]
"""The last build's note of a roll page's workbook, and a reader of its file (None: not the
file the note was written with): read only when the workbook is made again."""

# A segment of the sheet: its rows, then its deflated bytes' offset and length in the file,
# the CRC-32 and length of its bytes.
Segment = tuple[int, int, int, int, int]


@dataclass(frozen=True)
class RowsNote:
    """A roll page's workbook as written: its rows' entries' slugs in order, each row's
    digest (`_ROW` bytes, in order), and its sheet's `Segment`s in order."""

    slugs: list[str]
    digests: bytes
    segments: list[Segment]

    def dumps(self) -> bytes:
        """The note as kept in the cache (`loads`), with the deflater's version."""
        return marshal.dumps((VERSION, self.slugs, self.digests, self.segments))

    @classmethod
    def loads(cls, data: object) -> RowsNote | None:
        """A note `dumps` made by the same deflater (None: damaged, another layout, or another
        version of zlib-ng, whose deflated bytes may differ)."""
        if not isinstance(data, bytes):
            return None
        try:
            version, slugs, digests, segments = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None
        shaped = (
            version == VERSION
            and isinstance(slugs, list)
            and all(type(slug) is str for slug in slugs)
            and isinstance(digests, bytes)
            and len(digests) == _ROW * len(slugs)
            and isinstance(segments, list)
            and all(
                isinstance(s, tuple) and len(s) == 5 and all(type(v) is int and v >= 0 for v in s)
                for s in segments
            )
            and sum(s[0] for s in segments) == len(slugs)
        )
        return cls(slugs, digests, segments) if shaped else None


def last_rows(cache: PageCache | None, path: str) -> LastRows | None:
    """The note of the last build's roll page workbook at `path`, and a reader of the file,
    which reads it while it is still the one written under the note's facts (None: no note)."""
    found = cache.parts.get(f"{ROLL_ROWS_NOTE}{path}") if cache is not None else None
    if cache is None or found is None or not cache.context:
        return None
    note = RowsNote.loads(found[1])
    if note is None:
        return None
    # The key `Ledger.facts_file_read` wrote the file under, from the facts kept with it.
    key = page_key(cache.context, "file", path, found[0])

    def read() -> bytes | None:
        assert cache is not None
        if not cache.file_kept(path, key):
            return None
        try:
            return cache.read_file(path)
        except OSError:
            return None

    return note, read


def row_digest(row: bytes) -> bytes:
    """The digest a note keeps of a row's bytes."""
    return hashlib.blake2b(row, digest_size=_ROW).digest()


class RollRows:
    """The rows of one roll page's workbook now, each row's digest taken from the last
    build's note for a steady entry's row (the same entry's same occurrence), made otherwise
    (`row`, by place); then its facts, and its workbook spliced from the last build's."""

    def __init__(
        self,
        roll: Roll,
        row: Callable[[int], bytes],
        last: Callable[[], LastRows | None] | None = None,
        steady: set[str] | None = None,
    ) -> None:
        # `last`: the last build's note and its file's reader; asked only when the facts are
        # (most rolls are kept unasked).
        self.roll, self._row, self._last, self.steady = roll, row, last, steady or set()
        self._made: dict[int, bytes] = {}
        self._found: LastRows | None = None
        self._digests: bytes | None = None
        self._was: list[int] = []  # each row's place in the last build's workbook (-1: none)
        self.spliced = False  # whether `workbook` took a segment or a row of the last build's

    def row(self, place: int) -> bytes:
        """The row at `place` (unnumbered, its ordinal left open), made once."""
        found = self._made.get(place)
        if found is None:
            found = self._made[place] = self._row(place)
        return found

    def digests(self) -> bytes:
        """Each row's digest in order: a steady entry's row's as the last note has it."""
        if self._digests is None:
            self._found = self._last() if self._last is not None and self.steady else None
            note = self._found[0] if self._found is not None else None
            self._was = _places_before(self.roll, note, self.steady)
            old = note.digests if note is not None else b""
            self._digests = b"".join(
                old[_ROW * was : _ROW * (was + 1)] if was >= 0 else row_digest(self.row(place))
                for place, was in enumerate(self._was)
            )
        return self._digests

    def facts(self) -> str:
        """The title and a digest of the rows' digests: the same text, the same workbook."""
        digest = hashlib.blake2b(self.digests(), digest_size=16).hexdigest()
        return f"{self.roll.title}\n{digest}"

    def workbook(self, sheet: Sheet) -> tuple[bytes, RowsNote]:
        """The workbook of `sheet` (unnumbered) of the rows, each numbered by its place, and
        its note: a segment of the last build's whose rows are the same, all steady, in the
        same places is taken as it was deflated; every other one made, a steady entry's row
        taken from the last build's sheet (its segment inflated as written)."""
        digests = self.digests()
        last = None
        if self._found is not None and any(was >= 0 for was in self._was):
            note, read = self._found
            last = _LastSheet(note, read())
        segments: list[bytes | Deflated] = []
        rows_in: list[int] = []
        for start, end in _cuts(digests):
            taken = last.segment_at(start, end - start) if last is not None else None
            if taken is not None and all(self._was[place] == place for place in range(start, end)):
                segments.append(taken)
                rows_in.append(end - start)
                self.spliced = True
                continue
            rows = []
            for place in range(start, end):
                was = self._was[place]
                found = last.row(was) if last is not None and was >= 0 else None
                if found is not None:
                    self.spliced = True
                row = found if found is not None else self.row(place)
                rows.append(row.replace(ROW_ORDINAL, str(place + 1).encode("ascii")))
            segments.append(b"".join(rows))
            rows_in.append(end - start)
        data, placed = sheet.segmented(self.roll.title, segments, len(self.roll.rows))
        made = [
            (rows, at, len(found.data), found.crc, found.size)
            for rows, (at, found) in zip(rows_in, placed, strict=True)
        ]
        slugs = [listed.entry.slug for listed in self.roll.rows]
        return data, RowsNote(slugs, digests, made)


_ORDINAL_CELL = b'<row><c t="n"><v>'
"""How a roll page's row begins (`Sheet.rows_xml` of an unnumbered sheet, its first cell
the ordinal), up to the ordinal's digits."""


class _LastSheet:
    """The last build's workbook of a roll page as its note describes it: its segments by
    their first row's place, as deflated, and its rows as they were (inflated when asked)."""

    def __init__(self, note: RowsNote, file: bytes | None) -> None:
        self.note, self.file = note, file or b""
        self.starts: dict[int, int] = {}  # segment number by its first row's place
        self._rows: dict[int, list[bytes] | None] = {}  # a segment's rows, once inflated
        self._firsts: list[int] = []
        first = 0
        for number, (rows, at, length, _crc, _size) in enumerate(note.segments):
            if at + length > len(self.file):
                self.starts.clear()  # not the file the note was written with (or none)
                return
            self.starts[first] = number
            first += rows
        self._firsts = sorted(self.starts)

    def segment_at(self, start: int, rows: int) -> Deflated | None:
        """The deflated bytes of the segment whose first row was at `start`, if it held
        `rows` rows (None: none such)."""
        number = self.starts.get(start)
        if number is None or self.note.segments[number][0] != rows:
            return None
        _rows, at, length, crc, size = self.note.segments[number]
        return Deflated(self.file[at : at + length], crc, size)

    def row(self, was: int) -> bytes | None:
        """The row that was at place `was`, its ordinal left open again (None: its segment
        not as written)."""
        at = bisect.bisect_right(self._firsts, was) - 1
        if at < 0:
            return None
        first = self._firsts[at]
        rows = self._inflated(self.starts[first])
        if rows is None or was - first >= len(rows):
            return None
        numbered = rows[was - first]
        end = numbered.find(b"</v>", len(_ORDINAL_CELL))
        if not numbered.startswith(_ORDINAL_CELL) or end < 0:
            return None
        # Its segment inflated to the CRC-32 the note has: its rows are the note's.
        return _ORDINAL_CELL + ROW_ORDINAL + numbered[end:]

    def _inflated(self, number: int) -> list[bytes] | None:
        """Segment `number`'s rows (None: it does not inflate to its CRC-32 and length)."""
        if number not in self._rows:
            _rows, at, length, crc, size = self.note.segments[number]
            data = Deflated(self.file[at : at + length], crc, size).inflated()
            found = None
            if data is not None:
                found = [row + b"</row>" for row in data.split(b"</row>")[:-1]]
            self._rows[number] = found
        return self._rows[number]


def _places_before(roll: Roll, note: RowsNote | None, steady: set[str]) -> list[int]:
    """Each row's place in the last build's workbook of `note` when its entry is steady (its
    rows of a roll, which awards and in which order, are its own), else -1."""
    slugs = [listed.entry.slug for listed in roll.rows]
    if note is None:
        return [-1] * len(slugs)
    if slugs == note.slugs:  # an edit that moved no row: most of them
        return [place if slug in steady else -1 for place, slug in enumerate(slugs)]
    first = dict(zip(note.slugs, range(len(note.slugs)), strict=True))
    if len(first) == len(note.slugs):
        # No entry had two rows (most rolls), so no steady one has now: found by slug alone
        # (the (slug, occurrence) pairs below were ~40 ms for the individuals' roll at
        # 30,000 profiles).
        return [first.get(slug, -1) if slug in steady else -1 for slug in slugs]
    before = {key: place for place, key in enumerate(_occurrences(note.slugs))}
    return [before.get(key, -1) if key[0] in steady else -1 for key in _occurrences(slugs)]


def _occurrences(slugs: Sequence[str]) -> list[tuple[str, int]]:
    """Each slug with how many times it came before (an entry may have several rows)."""
    seen: dict[str, int] = {}
    keys = []
    for slug in slugs:
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        keys.append((slug, count))
    return keys


def _cuts(digests: bytes) -> list[tuple[int, int]]:
    """The segments' rows (first, past the last): one ends after each row whose digest says
    so (the same cuts in every build, wherever the row lies), and after the last row."""
    rows = len(digests) // _ROW
    found, start = [], 0
    for place in range(rows):
        if digests[_ROW * place] % _CUT_ONE_IN == 0 or place == rows - 1:
            found.append((start, place + 1))
            start = place + 1
    return found
