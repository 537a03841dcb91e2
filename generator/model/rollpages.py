"""Roll pages that do not shift (issue #21): where a roll's rows are cut into pages, and the
name of each page.

A roll cut every `page_size` rows moved a row onto or off every later page when one row was
added, removed or moved (a new profile, an award, a rename): each of those pages was made
again, by us and by MkDocs (52 pages at 1,000 profiles; ~1,200 pages of the individuals'
roll at 100,000). Here, as content-defined chunking cuts a file, a page ends after a row whose
own key (its entry's slug, which of the entry's awards it lists, the commune it is shown
under) hashes to 0 modulo the page size: a row added or removed changes the page it is on,
and the page before when it ends one, not the pages after. A page is named by its first row
(``tu-<slug>/``), not by its number, so a page added before it leaves its address alone.

A long roll in name order is first cut by the letter its names file under, as a printed
roll is (A Ă Â B … Y, ``aw/``, ``dd/``: Telex spelling; A is the roll's own address): every
page links every letter, so a reader on a phone jumps to "H" rather than paging through a
thousand pages. Each of the 29 letters has its page, a letter without names too ("no name
under Ơ"): a letter's first name added or its last removed changes no other page's links.

What a row's cut reads (its key's CRC-32, its letter) is the row's own, whatever the roll's
other rows: kept from the last build (`RowMarks`), a roll an edit changes is cut again reading
only its changed rows, not hashing every row's key and finding every entry's letter (2 s of
CPU for the ~10 rolls an award changes at 30,000 profiles, issue #21).
"""

from __future__ import annotations

import bisect
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from generator.vntext import CollationKey, initial_letter

if TYPE_CHECKING:
    from generator.model.rolls import Row

# Cut by letter first when the roll is longer than this many pages (`rolls.letter_pages`):
# a short roll keeps its rows together (29 letters on a roll of 120 would be 29 pages).
LETTER_PAGES = 10
# Folder names of the letters Latin folds together: Telex, the way they are typed.
LETTER_SLUGS = {"ă": "aw", "â": "aa", "đ": "dd", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw"}
# The letters a roll files names under, in their order (generator.vntext); f, j, w and z
# (foreign names) have a page only when a name starts with one.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
VIETNAMESE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
OTHER_LETTER = ""  # a name starting with a digit or another script: after Y
OTHER_SLUG, OTHER_LABEL = "khac", "#"
FROM_PREFIX = "tu-"  # "từ": the page that starts from this entry


@dataclass(frozen=True)
class Letter:
    """One letter of a roll cut by letter: its label ("Đ") and its first page."""

    label: str
    path: str


@dataclass(frozen=True)
class RollPage:
    """One page of a roll: its site path, its rows, and the letter they file under."""

    path: str
    rows: list[Row]
    letter: str = ""  # the label of its letter ("" when the roll is not cut by letter)
    opens_letter: bool = False  # the first page of its letter (or of the roll)


@dataclass
class RowMarks:
    """Of each row of a roll, in the roll's order, what its cut reads: its key's CRC-32
    (`row_hash`) and its letter (`row_letter`); None where not known yet."""

    hashes: list[int | None]
    letters: list[str | None]

    @classmethod
    def unknown(cls, rows: int) -> RowMarks:
        """Marks of `rows` rows, none known."""
        return cls([None] * rows, [None] * rows)

    def hash_of(self, rows: Sequence[Row], index: int) -> int:
        """`row_hash` of `rows[index]`, found once."""
        found = self.hashes[index]
        if found is None:
            found = self.hashes[index] = row_hash(rows[index])
        return found

    def letter_of(self, rows: Sequence[Row], index: int) -> str:
        """`row_letter` of `rows[index]`, found once."""
        found = self.letters[index]
        if found is None:
            found = self.letters[index] = row_letter(rows[index])
        return found


@dataclass(frozen=True)
class Pagination:
    """A roll's pages and, when it is cut by letter, every letter to link."""

    pages: list[RollPage]
    letters: list[Letter]
    starts: list[int] = field(default_factory=list, repr=False, compare=False)
    # What the cut read of each row (in the roll's order), for the next build's cut.
    marks: RowMarks | None = field(default=None, repr=False, compare=False)

    def page_of(self, index: int) -> RollPage:
        """The page that shows row `index` (from 0) of the rows as the pages show them (a
        roll cut by letter shows the names starting with no letter last)."""
        if not self.starts:  # where each page's rows start, found once (bisected)
            total = 0
            for page in self.pages:
                self.starts.append(total)
                total += len(page.rows)
        return self.pages[max(0, bisect.bisect_right(self.starts, index) - 1)]


def row_key(row: Row) -> str:
    """What a row is, whatever its place in the roll: where pages are cut depends on it."""
    return f"{row.entry.slug}\n{row.award_index}\n{row.section}"


def row_hash(row: Row) -> int:
    """The CRC-32 of `row_key`: a page ends after a row whose hash is 0 modulo its divisor."""
    return zlib.crc32(row_key(row).encode())


def row_letter(row: Row) -> str:
    """The letter the row's entry files under (`Entry.sort_key`: a person's given name)."""
    names = cast(tuple[CollationKey, ...], row.entry.sort_key[0])
    return initial_letter(names[0])


def letter_label(letter: str) -> str:
    """How a letter is shown: "Ă", "Đ"; "#" for names starting with no letter."""
    return letter.upper() if letter else OTHER_LABEL


def letter_slug(letter: str) -> str:
    """A letter's folder: "a", "aw" (Ă), "dd" (Đ), "khac" for names with no letter."""
    return LETTER_SLUGS.get(letter, letter) if letter else OTHER_SLUG


def cut_run(keys: Sequence[str], size: int) -> list[int]:
    """Where the pages of one run of rows start (offsets from 0): after each row whose key
    hashes to 0 modulo `size`, unless the stretch since the last such row is shorter than half
    of `size` (it joins the next; a short last one, the one before). A stretch longer
    than twice `size` is cut the same way by half the divisor (then a quarter, …), so that
    its pages do not shift either; evenly only when no divisor is left."""
    if len(keys) <= size:
        return [0]
    return cut_hashes([zlib.crc32(key.encode()) for key in keys], size)


def cut_hashes(hashes: list[int], size: int) -> list[int]:
    """`cut_run` of the rows whose keys' CRC-32 are `hashes`."""
    if len(hashes) <= size:
        return [0]
    return _cut(hashes, 0, len(hashes), size, size)


def _cut(hashes: list[int], start: int, end: int, divisor: int, size: int) -> list[int]:
    """`cut_run` of the rows start..end by `divisor`."""
    length = end - start
    if divisor < 2:
        pieces = math.ceil(length / size)
        return [start + length * piece // pieces for piece in range(pieces)]
    shortest = max(2, size // 2)
    # Whether a cut is kept depends on the stretch it ends alone, not on the cuts kept before
    # it: a row added or removed decides one cut, never the ones after it.
    starts = [start]
    last = start
    for index in range(start, end - 1):
        if hashes[index] % divisor == 0:
            if index + 1 - last >= shortest:
                starts.append(index + 1)
            last = index + 1
    if len(starts) > 1 and end - starts[-1] < shortest:
        starts.pop()
    found: list[int] = []
    for first, stop in zip(starts, [*starts[1:], end], strict=True):
        long = stop - first > 2 * size
        found += _cut(hashes, first, stop, divisor // 2, size) if long else [first]
    return found


def paginate(
    base: str,
    rows: Sequence[Row],
    size: int,
    name_order: bool,
    letter_pages: int = LETTER_PAGES,
    marks: RowMarks | None = None,
) -> Pagination:
    """The pages of a roll at site path `base` showing `rows` (in name order when
    `name_order`: then one longer than `letter_pages` pages is cut by letter first; `marks`:
    what is known of each row's cut, from the last build)."""
    marks = marks if marks is not None else RowMarks.unknown(len(rows))
    runs: list[tuple[str, list[int]]] = []  # each run's letter and its rows, by index
    if name_order and len(rows) > letter_pages * size:
        # Each row's letter found once, or kept: the grouping and the check of the order both
        # read it (twice a row was a quarter of the pagination of a long roll, issue #21).
        initials = [marks.letter_of(rows, index) for index in range(len(rows))]
        groups: dict[str, list[int]] = {}
        for index, letter in enumerate(initials):
            groups.setdefault(letter, []).append(index)
        # Every Vietnamese letter has its page, empty or not, and the names starting with no
        # letter come last: which letters have names changes no link of any page.
        runs = [(x, groups.get(x, [])) for x in ALPHABET if x in VIETNAMESE_LETTERS or x in groups]
        runs += [(OTHER_LETTER, groups[OTHER_LETTER])] if OTHER_LETTER in groups else []
        rank = {x: i for i, x in enumerate(ALPHABET)}
        places = [rank[x] for x in initials if x != OTHER_LETTER]
        if places != sorted(places):
            runs = []  # not in name order after all: a letter's names would not be together
    by_letter = bool(runs)
    if not by_letter:
        runs = [("", list(range(len(rows))))]
    pages: list[RollPage] = []
    taken: set[str] = set()
    for letter, indexes in runs:
        label = letter_label(letter) if by_letter else ""
        shown = [rows[index] for index in indexes]
        if len(indexes) > size:
            starts = cut_hashes([marks.hash_of(rows, index) for index in indexes], size)
        else:
            starts = [0]  # one page: no row's key read
        for start, end in zip(starts, [*starts[1:], len(shown)], strict=True):
            if not pages:
                path = base
            elif start == 0:
                path = f"{base}{letter_slug(letter)}/"
            else:
                name = f"{FROM_PREFIX}{shown[start].entry.slug}"
                path, number = f"{base}{name}/", 1
                while path in taken:  # an entry listed twice (two awards, two communes)
                    number += 1
                    path = f"{base}{name}--{number}/"
            taken.add(path)
            pages.append(RollPage(path, shown[start:end], label, start == 0))
    letters = [Letter(page.letter, page.path) for page in pages if by_letter and page.opens_letter]
    return Pagination(pages, letters, marks=marks)


def former_page_targets(base: str, pagination: Pagination, rows: int, size: int) -> list[int | str]:
    """Where the pages a roll at `base` had when cut every `size` rows ("…/trang-N/") lead
    now: [count, first, suffix, first, suffix, …]: `count` such pages, from former page
    `first` on to the next `first` the page at `base + suffix` (the letter of that page's
    first row; "" the roll); nothing after `count` when the roll is not cut by letter."""
    count = max(1, math.ceil(rows / size))
    letters = {letter.label: letter.path for letter in pagination.letters}
    found: list[int | str] = [count]
    if not letters:
        return found
    last: str | None = None
    for number in range(2, count + 1):
        target = letters.get(pagination.page_of((number - 1) * size).letter, base)
        if target != last:
            found += [number, target.removeprefix(base)]
            last = target
    return found
