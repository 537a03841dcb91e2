"""A roll page's workbook made from the last build's (`opendata.rollrows`): an edit makes only
its changed entries' rows to know the facts, and the workbook spliced from the last one's
segments is byte for byte the workbook made whole (issue #21)."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from collections.abc import Callable
from types import SimpleNamespace
from typing import cast

import openpyxl
import pytest

from generator.model.rolls import Roll
from generator.opendata import rollrows
from generator.opendata.rollrows import LastRows, RollRows, RowsNote
from generator.opendata.xlsxout import ORDINAL, Column, Sheet

TODAY = dt.date(2026, 11, 20)
SHEET = Sheet(
    [Column("STT", "number", 6), Column("Họ và tên", "text", 30)], TODAY, "vinhdanh", numbered=False
)


def _roll(slugs: list[str], title: str = "Khen thưởng năm 2010") -> Roll:
    """A roll of `slugs`' rows (what `RollRows` reads of a roll: its title and rows' slugs)."""
    rows = [SimpleNamespace(entry=SimpleNamespace(slug=slug)) for slug in slugs]
    return cast(Roll, SimpleNamespace(title=title, rows=rows))


class _Rows:
    """Each entry's rows' text (by slug, its k-th row), made as `Sheet.rows_xml` makes them;
    the places asked logged."""

    def __init__(self, texts: dict[str, list[str]]) -> None:
        self.texts, self.asked = texts, list[int]()

    def maker(self, slugs: list[str]):  # type: ignore[no-untyped-def]
        def row(place: int) -> bytes:
            self.asked.append(place)
            slug = slugs[place]
            k = slugs[:place].count(slug)
            return SHEET.rows_xml([[ORDINAL, self.texts[slug][k]]])

        return row


def _whole(slugs: list[str], rows: _Rows) -> tuple[str, bytes, RowsNote]:
    made = RollRows(_roll(slugs), rows.maker(slugs))
    data, note = made.workbook(SHEET)
    return made.facts(), data, note


def _last(note: RowsNote, data: bytes | None) -> Callable[[], LastRows]:
    """The last build's note and its file's reader, as `RollRows` asks for them."""
    return lambda: (note, lambda: data)


def _names(data: bytes) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    sheet = book.active
    assert sheet is not None
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("one_in", [128, 3])
def test_a_spliced_workbook_is_the_one_made_whole(
    one_in: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Cut every ~3 rows too: segments of one row next to each other, moved as a whole.
    monkeypatch.setattr(rollrows, "_CUT_ONE_IN", one_in)
    chooser = random.Random(21)
    taken = 0  # trials whose workbook took segments or rows of the last one
    for trial in range(60):
        slugs = [f"p{n:04d}" for n in range(chooser.randrange(0, 900))]
        texts = {slug: [f"Nguyễn Văn {slug} {chooser.random()}"] for slug in slugs}
        if slugs and trial % 2:  # an entry with two rows (two awards of the same roll)
            texts[slugs[0]].append("lần hai")
            slugs.insert(chooser.randrange(len(slugs)), slugs[0])
        rows = _Rows(texts)
        _facts, data, note = _whole(slugs, rows)
        # An edit: some entries changed (their text), some added, removed or moved.
        now, changed = list(slugs), set[str]()
        for _ in range(chooser.randrange(1, 4)):
            what = chooser.choice(("text", "add", "remove", "move"))
            if what == "add" or not now:
                slug = f"n{trial}-{len(changed)}"
                texts[slug] = [f"Trần Thị {slug}"]
                now.insert(chooser.randrange(len(now) + 1), slug)
            elif what == "remove":
                slug = now.pop(chooser.randrange(len(now)))
                if slug in now:
                    now.remove(slug)
            else:
                slug = chooser.choice(now)
                texts[slug] = [f"{t} (sửa)" for t in texts[slug]]
                if what == "move":
                    while slug in now:
                        now.remove(slug)
                    at = chooser.randrange(len(now) + 1)
                    now[at:at] = [slug] * len(texts[slug])
            changed.add(slug)
        steady = set(now) - changed
        rows.asked.clear()
        spliced = RollRows(_roll(now), rows.maker(now), _last(note, data), steady)
        whole_facts, whole, whole_note = _whole(now, _Rows(texts))
        assert spliced.facts() == whole_facts, trial
        # Only the changed entries' rows are made to know the facts.
        assert {now[place] for place in rows.asked} <= changed, trial
        made, made_note = spliced.workbook(SHEET)
        assert made == whole and made_note == whole_note, trial
        # And to make the workbook: a steady entry's row is the last sheet's, renumbered.
        assert {now[place] for place in rows.asked} <= changed, trial
        taken += spliced.spliced
        if now:
            assert _names(made)[1:] == [
                (place + 1, texts[slug][now[:place].count(slug)]) for place, slug in enumerate(now)
            ]
    assert taken >= 30


def test_segments_of_unmoved_steady_rows_are_taken_not_made() -> None:
    slugs = [f"p{n:04d}" for n in range(2000)]
    texts = {slug: [f"Lê Văn {slug}"] for slug in slugs}
    rows = _Rows(texts)
    _facts, data, note = _whole(slugs, rows)
    assert len(note.segments) > 4  # cut by the rows' digests
    # The last entry renamed: every segment but the last is the last build's.
    texts[slugs[-1]] = ["Lê Văn Z"]
    rows.asked.clear()
    spliced = RollRows(_roll(slugs), rows.maker(slugs), _last(note, data), set(slugs[:-1]))
    made, made_note = spliced.workbook(SHEET)
    assert spliced.spliced
    assert rows.asked[0] == len(slugs) - 1  # its row alone for the facts
    assert len(rows.asked) <= note.segments[-1][0] + note.segments[-2][0]
    assert made == _whole(slugs, _Rows(texts))[1]
    assert made_note.segments[:-2] == note.segments[:-2]
    # A row added first moves every other: every segment made again, numbered from 1.
    texts["a"] = ["Ai"]
    rows.asked.clear()
    moved = ["a", *slugs]
    spliced = RollRows(_roll(moved), rows.maker(moved), _last(note, data), set(slugs[:-1]))
    made, _note = spliced.workbook(SHEET)
    assert made == _whole(moved, _Rows(texts))[1]
    assert spliced.spliced  # rows of the last sheet taken
    # The others' rows inflated from the last sheet, renumbered (the last one changed).
    assert rows.asked == [0, len(slugs)]
    assert _names(made)[1] == (1, "Ai") and _names(made)[2] == (2, "Lê Văn p0000")


def test_a_note_or_file_not_the_last_builds_is_not_spliced_from() -> None:
    slugs = [f"p{n:04d}" for n in range(600)]
    texts = {slug: [f"Phạm {slug}"] for slug in slugs}
    rows = _Rows(texts)
    _facts, data, note = _whole(slugs, rows)
    steady = set(slugs)
    assert RowsNote.loads(note.dumps()) == note
    assert RowsNote.loads(note.dumps()[:-1]) is None  # damaged
    assert RowsNote.loads("text") is None
    assert RowsNote.loads(RowsNote(slugs[:-1], note.digests, note.segments).dumps()) is None
    # No file (not the one written): the facts from the note, the segments all made.
    spliced = RollRows(_roll(slugs), rows.maker(slugs), _last(note, None), steady)
    assert spliced.facts() == _facts
    assert spliced.workbook(SHEET)[0] == data and not spliced.spliced
    # A file shorter than the note's segments (the first two within it): none taken.
    assert len(note.segments) > 3
    short = data[: note.segments[2][1] + 1]
    spliced = RollRows(_roll(slugs), rows.maker(slugs), _last(note, short), steady)
    assert spliced.workbook(SHEET)[0] == data and not spliced.spliced
    # A file of other rows than the note says (another build's): a moved row is not taken
    # from it but made, its segment not inflating to the note's CRC-32.
    other, _note = _whole(slugs, _Rows({slug: [f"Võ {slug}"] for slug in slugs}))[1:]
    texts["a"] = ["Ai"]
    moved = ["a", *slugs]
    rows.asked.clear()
    spliced = RollRows(_roll(moved), rows.maker(moved), _last(note, other), steady)
    assert spliced.workbook(SHEET)[0] == _whole(moved, _Rows(texts))[1]
    assert sorted(rows.asked) == list(range(len(moved)))
    # A segment damaged (not as its CRC-32 says): its rows made, not taken from it.
    at, length = note.segments[1][1], note.segments[1][2]
    damaged = data[:at] + bytes(length) + data[at + length :]
    rows.asked.clear()
    spliced = RollRows(_roll(moved), rows.maker(moved), _last(note, damaged), steady)
    assert spliced.workbook(SHEET)[0] == _whole(moved, _Rows(texts))[1]
    assert 1 + note.segments[1][0] <= len(rows.asked) < len(moved)
    # Another title: the same rows, other facts.
    retitled = RollRows(_roll(slugs, "Khác"), rows.maker(slugs), _last(note, data), steady)
    assert retitled.facts() != _facts
    with zipfile.ZipFile(io.BytesIO(retitled.workbook(SHEET)[0])) as book:
        assert b"Kh\xc3\xa1c" in book.read("docProps/core.xml")
