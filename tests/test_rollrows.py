"""A roll page workbook's rows as the last build had them (`opendata.rollrows`): an edit makes
and compares only its changed entries' rows, and anything else than the same rows in the same
places is told apart (issue #21)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from generator.model.rolls import Roll
from generator.opendata.rollrows import kept_facts, rows_note

FACTS = "Khen thưởng năm 2010\n0123"


def _roll(*slugs: str, title: str = "Khen thưởng năm 2010") -> Roll:
    """A roll of `slugs`' rows (what `kept_facts` reads of a roll: its title and rows' slugs)."""
    rows = [SimpleNamespace(entry=SimpleNamespace(slug=slug)) for slug in slugs]
    return cast(Roll, SimpleNamespace(title=title, rows=rows))


def _rows(*slugs: str) -> list[bytes]:
    return [f"<row><c>{slug}</c></row>".encode() for slug in slugs]


def _maker(rows: list[bytes], asked: list[int]) -> Any:
    def row(place: int) -> bytes:
        asked.append(place)
        return rows[place]

    return row


def test_only_the_changed_entries_rows_are_made_and_compared() -> None:
    slugs = ("an", "binh", "an", "chi")
    roll, rows = _roll(*slugs), _rows(*slugs)
    found = (FACTS, rows_note(roll, rows))
    asked: list[int] = []
    assert kept_facts(found, roll, {"binh", "chi"}, _maker(rows, asked)) == FACTS
    assert asked == [0, 2]  # the rows of "an", the entry changed
    asked.clear()
    assert kept_facts(found, roll, {"an", "binh", "chi"}, _maker(rows, asked)) == FACTS
    assert asked == []
    # Its row changed (an award added above the one shown): the workbook is made again.
    other = [rows[0], rows[1], b"<row><c>an, again</c></row>", rows[3]]
    assert kept_facts(found, roll, {"binh", "chi"}, _maker(other, [])) is None


def test_other_rows_titles_or_notes_are_not_the_last_builds() -> None:
    slugs = ("an", "binh", "chi")
    roll, rows = _roll(*slugs), _rows(*slugs)
    note = rows_note(roll, rows)
    steady = {"binh", "chi"}
    same = _maker(rows, [])
    assert kept_facts((FACTS, note), roll, steady, same) == FACTS
    moved = _roll("binh", "an", "chi")  # a rename moves its row: the places differ
    assert kept_facts((FACTS, note), moved, steady, _maker(_rows("binh", "an", "chi"), [])) is None
    added = _roll("an", "binh", "chi", "dung")
    assert (
        kept_facts((FACTS, note), added, steady, _maker(_rows("an", "binh", "chi", "dung"), []))
        is None
    )
    retitled = _roll(*slugs, title="Khen thưởng năm 2011")
    assert kept_facts((FACTS, note), retitled, steady, same) is None
    assert kept_facts((FACTS, note[:-1]), roll, steady, same) is None  # damaged
    assert kept_facts((FACTS, cast(bytes, "text")), roll, steady, same) is None
    assert kept_facts(None, roll, steady, same) is None
    assert kept_facts((FACTS, note), roll, set(), same) is None  # nothing steady: all made
