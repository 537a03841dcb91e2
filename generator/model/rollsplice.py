"""The rolls of an edit: the last build's rows of each roll, with the changed entries' spliced in.

An edit that changes what the listings read of a profile (an award, a name, a new profile)
groups every roll again: at 10,000 profiles 0.45-0.50 s of the build's CPU before the open
data's child is forked, on the critical path of every such edit, growing with the roll (issue
#21). Here the rolls outside the provinces keep their rows from build to build (`KeptRolls`, in
the page cache: per roll its entries' places in the name order then and their awards' indexes),
and an edit groups only its changed entries (`listing_rolls` of them alone gives their rows
of every roll they are on), takes out of each roll the rows of the entries that changed or
left, and puts theirs in where the roll's order places them. A roll none of whose entries
changed takes its rows as they were, by index. The province rolls (their communes, former
units and pages) are grouped as before.

With its rows, each roll keeps what its cut into pages read of each row (`RowMarks`: its key's
hash and its letter), spliced the same way: a roll the edit changed is cut again reading only
the changed rows (generator.model.rollpages).
"""

from __future__ import annotations

import bisect
import functools
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from generator.incremental.pagecache import PageCache
from generator.model.checkrows import row_of
from generator.model.entries import Entry, Site
from generator.model.keys import listings_key
from generator.model.provincekept import kept_provinces, province_keeping
from generator.model.rollpages import OTHER_LETTER, RowMarks
from generator.model.rolls import ROLL_GROUPS, Roll, Row, iter_province_rolls, listing_rolls

# A kept roll: its path, title, group, kind, intro and English title (a roll outside the
# provinces has no other field of its own), then its rows: each row's entry as its place in
# `KeptRolls.slugs`, and its award's index among the entry's awards (-1: none), as
# `array("i")` bytes.
KeptRoll = tuple[str, str, str, str, str, str, bytes, bytes]


@dataclass
class KeptRolls:
    """The rows of the rolls outside the provinces as the last build that grouped them had
    them, with the listings' key they were grouped under."""

    listings: str
    slugs: list[str]  # the published entries then, in name order
    rolls: list[KeptRoll]  # in the site's order
    head: int  # how many of `rolls` come before the province rolls
    # Of each of `rolls`, its rows' marks (`encoded_marks`), made when saved from `live`.
    marks: list[tuple[bytes, str]] = field(default_factory=list)
    # This build's rolls, as `rolls`: cut into pages after they are grouped (not saved).
    live: list[Roll] = field(default_factory=list, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        live = state.pop("live")
        if live:
            state["marks"] = [encoded_marks(roll) for roll in live]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__dict__.setdefault("marks", [])
        self.live = []


class WholeRoll(Roll):
    """A roll the splice took whole (`Roll.steady`): its rows and their marks made from the
    kept ones when first read. A roll kept whole reads only how many rows it has (`count`):
    an award edit made ~115,000 award rows at 30,000 profiles for the few rolls it changes
    (issue #21)."""

    def __init__(
        self,
        about: tuple[str, str, str, str, str, str],
        count: int,
        make: Callable[[], list[Row]],
        marks: tuple[bytes, str] | None,
    ) -> None:
        path, title, group, kind, intro, title_en = about
        layout = cast(Literal["people", "awards", "models"], kind)
        super().__init__(path, title, group, layout, intro=intro, title_en=title_en, steady=True)
        self._count = count
        self._make: Callable[[], list[Row]] | None = make
        self._kept_marks = marks

    @property
    def rows(self) -> list[Row]:
        """The rows, made when first read."""
        if self._make is not None:
            self._rows, self._make = self._make(), None
        return self._rows

    @rows.setter
    def rows(self, rows: list[Row]) -> None:
        self._rows, self._make = rows, None

    @property
    def count(self) -> int:
        """How many rows the roll has, made or not."""
        return self._count if self._make is not None else len(self._rows)

    @property
    def marks(self) -> RowMarks | None:
        """The kept marks of the rows, decoded when first read."""
        kept = self._kept_marks
        if kept is not None:
            self._marks, self._kept_marks = _decoded_marks(kept, self._count), None
        return self._marks

    @marks.setter
    def marks(self, marks: RowMarks | None) -> None:
        self._marks, self._kept_marks = marks, None

    def kept_marks(self) -> tuple[bytes, str] | None:
        """The marks as kept, while nothing read them (so they are still those to keep)."""
        return self._kept_marks if not self._pages else None


# A letter as kept: one character a row ("" for names starting with no letter).
_OTHER_MARK = "#"


def encoded_marks(roll: Roll) -> tuple[bytes, str]:
    """What the next build's cut of `roll` can take of its rows' marks: their hashes as
    `array("I")` bytes and their letters, one character each; empty where not all known."""
    if isinstance(roll, WholeRoll):
        kept = roll.kept_marks()
        if kept is not None:
            return kept  # its rows not read: not decoded to be encoded again
    marks = roll.cut_marks()
    if marks is None:
        return b"", ""
    rows = roll.rows
    found = marks.hashes
    if None in found:
        # A short run is not hashed to be cut, nor a changed row of a roll not cut: hashed
        # now, so that the roll's are all known. Else no pass in Python over every row of
        # every roll at each save (~300,000 rows at 30,000 profiles).
        found = [marks.hash_of(rows, index) for index in range(len(rows))]
    hashes = array("I", cast(list[int], found))
    letters = marks.letters
    known = "".join(x or _OTHER_MARK for x in letters) if None not in letters else ""
    return hashes.tobytes(), known


def _decoded_marks(kept: tuple[bytes, str], rows: int) -> RowMarks | None:
    """The `RowMarks` of `encoded_marks` (None: not kept for `rows` rows)."""
    data, letters = kept
    hashes = array("I")
    hashes.frombytes(data)
    if len(hashes) != rows:
        return None
    if len(letters) == rows:
        found: list[str | None] = [OTHER_LETTER if x == _OTHER_MARK else x for x in letters]
    else:
        found = [None] * rows
    return RowMarks(list(hashes), found)


def group_rolls(site: Site, pages: PageCache | None) -> list[Roll]:
    """Every roll of the site (`iter_rolls`' rolls, in its order), those outside the
    provinces spliced from the last build's (`pages.kept_rolls`) when its entries that did
    not change since are known (`PageCache.steady`); the rows kept for the next build."""
    published = site.published()
    plain = [Row(e) for e in published]
    kept = pages.kept_rolls if pages is not None else None
    spliced = None
    if (
        isinstance(kept, KeptRolls)
        and pages is not None
        and pages.steady
        and kept.listings == pages.listings
    ):
        # The kept rows are the last build's (the listings' key `pages.listings` is the one
        # its render noted), and `steady` is what did not change since that build.
        spliced = _spliced(site, published, plain, kept, pages.steady)
    if spliced is not None:
        head, tail, encoded = spliced
    else:
        head, tail = listing_rolls(site, published, plain)
        encoded = {}
    keeping = province_keeping(site, pages)
    provinces = list(iter_province_rolls(site, published, plain, keeping))
    listings = listings_key(site, pages)
    if pages is not None:
        pages.kept_provinces = kept_provinces(site, listings, keeping)
        pages.kept_rolls = (
            _kept(listings, published, head, tail, encoded) if listings is not None else None
        )
    return [*head, *provinces, *tail]


def _kept(
    listings: str,
    published: list[Entry],
    head: list[Roll],
    tail: list[Roll],
    encoded: dict[str, tuple[bytes, bytes]],
) -> KeptRolls:
    """`KeptRolls` of this build's rolls outside the provinces (`encoded`: the rows of those
    the splice took whole, by path, as they are to be kept)."""
    place: dict[int, int] | None = None
    rolls: list[KeptRoll] = []
    for roll in (*head, *tail):
        meta = (roll.path, roll.title, roll.group, roll.kind, roll.intro, roll.title_en)
        found = encoded.get(roll.path)
        if found is not None:
            rolls.append((*meta, *found))
            continue
        if place is None:
            place = {id(e): i for i, e in enumerate(published)}
        entries = array("i", [place[id(row.entry)] for row in roll.rows])
        if roll.kind == "awards":
            awards = array("i", [row.award_index for row in roll.rows])
        else:
            awards = array("i", [-1]) * len(roll.rows)
        rolls.append((*meta, entries.tobytes(), awards.tobytes()))
    return KeptRolls(listings, [e.slug for e in published], rolls, len(head), live=[*head, *tail])


def _whole_rows(
    kind: str,
    at: array[int],
    awards_b: bytes,
    plain: list[Row],
    award_row: Callable[[int, int], Row],
) -> list[Row]:
    """The rows of a roll taken whole: its entries' places now (`at`), with their awards'
    indexes as kept for an award roll."""
    if kind != "awards":
        return list(map(plain.__getitem__, at))
    awards = array("i")
    awards.frombytes(awards_b)
    return [award_row(i, a) for i, a in zip(at, awards, strict=True)]


def _spliced(
    site: Site, published: list[Entry], plain: list[Row], kept: KeptRolls, steady: set[str]
) -> tuple[list[Roll], list[Roll], dict[str, tuple[bytes, bytes]]] | None:
    """The rolls outside the provinces (before them, after them), from `kept` and the rows of
    the entries not in `steady`, and the rows to keep of those taken whole (`_kept`); None: a
    roll the last build did not have, so no place for it in the kept order (the caller groups
    them all)."""
    place = {e.slug: i for i, e in enumerate(published)}
    # Each kept entry's place now (-1: it changed or is gone, its rows are taken out).
    now = array("i", [place.get(s, -1) if s in steady else -1 for s in kept.slugs])
    gone = {i for i, found in enumerate(now) if found < 0}
    # No entry moved in the name order (an award edited, not a name): a roll taken whole
    # keeps its rows' bytes as they are.
    moved = len(published) != len(kept.slugs) or any(
        found != i for i, found in enumerate(now) if found >= 0
    )
    encoded: dict[str, tuple[bytes, bytes]] = {}
    changed = [i for i, e in enumerate(published) if e.slug not in steady]
    sub_head, sub_tail = listing_rolls(
        site, [published[i] for i in changed], [plain[i] for i in changed]
    )
    added = {roll.path: roll.rows for roll in (*sub_head, *sub_tail) if roll.rows}
    if not added.keys() <= {found[0] for found in kept.rolls}:
        return None
    awarded: dict[tuple[int, int], Row] = {}  # shared by an award's roll and its year's

    def award_row(entry: int, award: int) -> Row:
        row = awarded.get((entry, award))
        if row is None:
            row = awarded[entry, award] = Row(published[entry], award)
        return row

    def name_order(row: Row) -> tuple[object, ...]:
        return (place[row.entry.slug],)

    taxonomy = site.taxonomy

    def award_order(row: Row) -> tuple[object, ...]:
        # iter_award_rows' order: the award's place in the taxonomy, its date, then name
        # order and the entry's own order of its awards; from the check's row, so that the
        # kept rows a changed one is placed among are not unpickled.
        index = row.award_index
        _index, award, award_class, day, _year = next(
            listed for listed in row_of(row.entry).listed if listed[0] == index
        )
        return (taxonomy.sort_key(award, award_class), day, place[row.entry.slug], index)

    head: list[Roll] = []
    tail: list[Roll] = []
    all_marks = kept.marks if len(kept.marks) == len(kept.rolls) else []
    for index, (path, title, group, kind, intro, title_en, entries_b, awards_b) in enumerate(
        kept.rolls
    ):
        entries = array("i")
        entries.frombytes(entries_b)
        about = (path, title, group, kind, intro, title_en)
        kept_marks = all_marks[index] if all_marks else None
        if gone.isdisjoint(entries) and path not in added:
            # Taken whole: its rows made only if read (`WholeRoll`); a kind's roll is shown
            # empty, any other only with rows (as `listing_rolls` has it).
            at = array("i", map(now.__getitem__, entries)) if moved else entries
            encoded[path] = (at.tobytes() if moved else entries_b, awards_b)
            if entries or group == ROLL_GROUPS["kind"]:
                make = functools.partial(_whole_rows, kind, at, awards_b, plain, award_row)
                roll: Roll = WholeRoll(about, len(at), make, kept_marks)
                (head if index < kept.head else tail).append(roll)
            continue
        # The kept rows, by their place among the last build's (so are their marks).
        marks = _decoded_marks(kept_marks, len(entries)) if kept_marks is not None else None
        at = array("i", [k for k, i in enumerate(entries) if now[i] >= 0])
        if marks is not None:
            marks = RowMarks([marks.hashes[k] for k in at], [marks.letters[k] for k in at])
        at = array("i", [now[entries[k]] for k in at])
        if kind == "awards":
            awards = array("i")
            awards.frombytes(awards_b)
            rows = [
                award_row(now[i], a) for i, a in zip(entries, awards, strict=True) if now[i] >= 0
            ]
            order: Callable[[Row], tuple[object, ...]] = award_order
        else:
            rows = list(map(plain.__getitem__, at))
            order = name_order
        for row in added.get(path, ()):
            place_at = bisect.bisect_right(rows, order(row), key=order)
            rows.insert(place_at, row)
            if marks is not None:  # a changed row's marks are found when it is cut
                marks.hashes.insert(place_at, None)
                marks.letters.insert(place_at, None)
        if rows or group == ROLL_GROUPS["kind"]:
            layout = cast(Literal["people", "awards", "models"], kind)
            roll = Roll(
                path, title, group, layout, rows, intro=intro, title_en=title_en, marks=marks
            )
            (head if index < kept.head else tail).append(roll)
    return head, tail, encoded
