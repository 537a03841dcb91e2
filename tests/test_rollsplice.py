"""The rolls of an edit spliced from the last build's (generator.model.rollsplice): the same
rolls, rows and order as grouping every entry again, with only the changed entries grouped."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from generator.commands import rendering
from generator.commands.build import build_project
from generator.incremental.pagecache import PageCache
from generator.model import rollsplice
from generator.model.checkrows import KeptEntry
from generator.model.entries import Entry, Site
from generator.model.rolls import Roll, Row, iter_rolls
from generator.model.site import build_site

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.build import EDITS  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402

TODAY = dt.date(2026, 11, 20)

RollView = tuple[object, ...]


def _view(rolls: list[Roll]) -> list[RollView]:
    """Everything a reader of the rolls sees of them, rows by slug and award index."""

    def rows(found: list[Row] | None) -> object:
        if found is None:
            return None
        return [(row.entry.slug, row.award_index, row.section) for row in found]

    found: list[RollView] = []
    for r in rolls:
        about = (r.path, r.title, r.group, r.kind, r.intro, r.parents, r.listed, r.workbook_of)
        found.append((*about, r.title_en, r.unplaced, rows(r.rows), rows(r.shown)))
    return found


def _watched(
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[list[int], list[bool], list[set[str]], list[tuple[int, int]]]:
    """From now on, the number of entries each call of `listing_rolls` groups, whether each
    build's rolls are those grouping every entry gives, their paths, and how many entries
    were kept, their profiles not unpickled (`KeptEntry`), before and after the grouping."""
    grouped: list[int] = []
    same: list[bool] = []
    paths: list[set[str]] = []
    unread: list[tuple[int, int]] = []
    listing_rolls, rolls_to_make = rollsplice.listing_rolls, rendering.rolls_to_make

    def counted(site: Site, published: list[Entry], plain: list[Row]) -> object:
        grouped.append(len(published))
        return listing_rolls(site, published, plain)

    def compared(site: Site, pages: PageCache | None) -> list[Roll] | None:
        before = sum(isinstance(e, KeptEntry) for e in site.entries)
        rolls = rolls_to_make(site, pages)
        unread.append((before, sum(isinstance(e, KeptEntry) for e in site.entries)))
        if rolls is not None:
            same.append(_view(rolls) == _view(list(iter_rolls(site))))
            paths.append({roll.path for roll in rolls})
        return rolls

    monkeypatch.setattr(rollsplice, "listing_rolls", counted)
    monkeypatch.setattr(rendering, "rolls_to_make", compared)
    return grouped, same, paths, unread


def _unpublish(root: Path) -> str:
    """Take one published profile of `root` off the rolls (status draft); its path."""
    for path in sorted((root / "profiles").rglob("*.yml")):
        text = path.read_text("utf-8")
        if "\nstatus: published\n" in text and "\nkind: individual\n" in text:
            path.write_text(text.replace("\nstatus: published\n", "\nstatus: draft\n"), "utf-8")
            return path.relative_to(root).as_posix()
    raise AssertionError("no published individual")


def _site(root: Path) -> Site:
    site, report = build_site(root)
    assert site is not None, report
    return site


@pytest.mark.slow
def test_an_edit_groups_its_changed_entry_alone_and_gets_the_rolls_of_a_whole_grouping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 30, seed=1)
    assert build_project(root, today=TODAY).built
    grouped, same, paths, unread = _watched(monkeypatch)
    paths.append({roll.path for roll in iter_rolls(_site(root))})
    spliced = 0
    # An award (its award's and year's rolls gain a row), a name moved from one end of the
    # name order to the other (every roll it is on reorders), a new profile, one taken off.
    for number, edit in enumerate(("award", "name", "award", "new", "unpublish"), 1):
        grouped.clear()
        if edit == "unpublish":
            _unpublish(root)
        else:
            EDITS[edit](root, number)
        result = build_project(root, today=TODAY)
        assert result.built, [p.format("en") for p in result.report]
        assert same[-1:] == [True], edit
        # The changed entry alone (none when one left the rolls), not every entry.
        # The changed entry alone (none when one left the rolls), not every entry; then every
        # entry only when the edit made a roll the last build did not have (a year's, say):
        # the kept order has no place for it.
        changed = 0 if edit == "unpublish" else 1
        assert grouped[:1] == [changed], (edit, grouped)
        if grouped[1:]:
            assert paths[-1] - paths[-2], (edit, grouped)
        else:
            spliced += 1
            # Spliced, the rolls read the kept entries' rows alone: their rows hold an award
            # by its index, the province rolls take today's units from the check's rows; no
            # kept profile is unpickled for them (its awards, its locality).
            before, after = unread[-1]
            assert before > 20 and after == before, (edit, unread[-1])
    assert len(same) == 5 and spliced >= 3


@pytest.mark.slow
def test_an_award_edit_makes_the_award_rows_of_the_rolls_it_changed_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 30, seed=1)
    assert build_project(root, today=TODAY).built
    # A first award may bring a roll the last build did not have (every roll grouped): the
    # second is spliced.
    EDITS["award"](root, 1)
    assert build_project(root, today=TODAY).built
    made: list[int] = []  # the award rows made in the build's process, one item each
    # After the grouping: the award rows made, of the rolls it changed, of all award rolls.
    grouped: list[tuple[int, int, int]] = []

    def counted_row(entry: Entry, award: int = -1) -> Row:
        if award >= 0:
            made.append(award)
        return Row(entry, award)

    group_rolls = rollsplice.group_rolls

    def watched(site: Site, pages: PageCache | None) -> list[Roll]:
        rolls = group_rolls(site, pages)
        awards = [roll for roll in rolls if roll.kind == "awards"]
        changed = sum(len(roll.rows) for roll in awards if not roll.steady)
        grouped.append((len(made), changed, sum(roll.count for roll in awards)))
        return rolls

    monkeypatch.setattr(rollsplice, "Row", counted_row)
    monkeypatch.setattr(rendering, "group_rolls", watched)
    EDITS["award"](root, 2)
    result = build_project(root, today=TODAY)
    assert result.built, [p.format("en") for p in result.report]
    assert len(grouped) == 1
    made_then, changed, every = grouped[0]
    # The rows of the rolls the edit changed (an award's roll and its year's share a row),
    # not every award roll's: those taken whole make theirs only when read, and nothing in
    # the build's process read them (their count alone).
    assert 0 < made_then <= changed < every
    assert len(made) == made_then
