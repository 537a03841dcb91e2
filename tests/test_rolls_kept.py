"""Rolls kept whole (generator.pages.rolls.keep_roll, issue #21): an edit that makes the
listings again cuts into pages and keys only the rolls that list an entry it changed, or that
listed one; the others are the last build's, and the site is a clean build's."""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from generator.commands.build import build_project
from generator.incremental.ledger import Ledger
from generator.incremental.pagecache import DOCS
from generator.model import rollpages
from generator.model import rolls as model_rolls
from generator.model.rollpages import Pagination
from generator.model.rolls import Row
from generator.pages import rolls as rolls_pages
from generator.pages.renderer import PageRenderer
from generator.pages.rolls import PROVINCE_ROLLS as PROVINCES
from tests.test_incremental import TODAY, assert_same_as_clean_build

# `benchmarks` is not an installed package (see tests/test_synthetic.py).
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.build import EDITS  # noqa: E402
from benchmarks.synthetic import added_award, write_project  # noqa: E402


def cut_rolls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """The rolls cut into pages from now on, by path, and those whose commune headings are
    made ("sections <path>"; the real cut and headings run)."""
    cut: Counter[str] = Counter()
    real = model_rolls.paginate

    def counted(base: str, rows: Sequence[Row], *args: int | bool) -> Pagination:
        cut[base] += 1
        return real(base, rows, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(model_rolls, "paginate", counted)
    # A province roll's commune headings by anchor, asked for only by a roll made again.
    real_sections = model_rolls.Roll.sections.fget
    assert real_sections is not None

    def sections(roll: model_rolls.Roll) -> dict[str, model_rolls.CommuneGroup]:
        cut[f"sections {roll.path}"] += 1
        return real_sections(roll)

    monkeypatch.setattr(model_rolls.Roll, "sections", property(sections))
    return cut


@pytest.mark.slow
def test_an_award_edit_cuts_only_the_rolls_of_its_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 60, seed=7, photos=2)
    assert build_project(root, today=TODAY).built
    profile = root / EDITS["award"](root, 1)
    assert build_project(root, today=TODAY).built  # each roll's pages noted once
    before = profile.read_text("utf-8")

    # Another award to the same entry: its rolls are cut into pages again, no other roll.
    cut = cut_rolls(monkeypatch)
    EDITS["award"](root, 2)
    assert profile.read_text("utf-8") != before
    edited = build_project(root, today=TODAY)
    assert edited.built and not edited.listings_reused
    cut = Counter(cut)  # the build's: the rolls grouped below to tell them apart are cut too
    site = _site(root)
    rel = profile.relative_to(root).as_posix()
    slug = next(e.slug for e in site.entries if e.relpath == rel)
    rolls = list(model_rolls.iter_rolls(site))
    theirs = {r.path for r in rolls if any(row.entry.slug == slug for row in r.rows)}
    others = {r.path for r in rolls} - theirs
    assert theirs and others
    # A province roll is cut where it is grouped (its small communes' links) only when one of
    # its entries changed: the others' links are the last build's (model.provincekept).
    provinces = {r.path for r in rolls if r.communes}
    assert len(provinces) > 2
    assert not others & set(cut), sorted(others & set(cut))
    assert theirs - provinces <= set(cut)
    # (The pages made read them too, whatever their roll.)
    headed = {path.removeprefix("sections ") for path in cut if path.startswith("sections ")}
    assert headed & provinces == theirs & provinces
    assert_same_as_clean_build(root, tmp_path / "clean-1")

    # Taken away again: the award's rolls lose a row and gain none, and are made again.
    profile.write_text(before, "utf-8")
    assert build_project(root, today=TODAY).built
    assert_same_as_clean_build(root, tmp_path / "clean-2")

    # A profile removed: every roll that listed it has a row fewer.
    profile.unlink()
    assert build_project(root, today=TODAY).built
    assert_same_as_clean_build(root, tmp_path / "clean-3")


def _site(root: Path) -> model_rolls.Site:
    """The model of the project at `root` as it stands."""
    from generator.model.site import build_site

    site, _report = build_site(root)
    assert site is not None
    return site


@pytest.mark.slow
def test_a_kept_roll_is_checked_once_and_its_communes_keyed_by_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 60, seed=7, photos=2)
    assert build_project(root, today=TODAY).built
    EDITS["award"](root, 1)
    assert build_project(root, today=TODAY).built  # each roll's pages noted once

    # Every check of a page's file in build/docs (a stat), and every commune written out.
    checked: Counter[str] = Counter()
    real_kept = Ledger.kept

    def kept(ledger: Ledger, ns: str, path: str, key: str, st: object = None) -> bool:
        if ns == DOCS:
            checked[path] += 1
        return real_kept(ledger, ns, path, key, st)  # type: ignore[arg-type]

    monkeypatch.setattr(Ledger, "kept", kept)
    written: list[str] = []
    real_repr = model_rolls.CommuneGroup.__repr__

    def commune_repr(group: model_rolls.CommuneGroup) -> str:
        written.append(group.anchor)
        return real_repr(group)

    monkeypatch.setattr(model_rolls.CommuneGroup, "__repr__", commune_repr)

    EDITS["award"](root, 2)
    edited = build_project(root, today=TODAY)
    assert edited.built and not edited.listings_reused
    rolls = [p for p in checked if p.startswith("danh-sach/")]
    assert len(rolls) > 50  # the kept rolls' pages were checked
    # Each page's file is stat'ed once (a kept roll's were twice: by keep_roll, then by the
    # reuse of each page).
    assert not [p for p, n in checked.items() if n > 1], checked.most_common(3)
    # The province rolls' keys name their communes by code, count and links: not each
    # commune's unit and former units written out (~500 KB at 1,000 profiles, every edit).
    assert written == []
    assert_same_as_clean_build(root, tmp_path / "clean")


@pytest.mark.slow
def test_an_award_below_the_highest_makes_again_only_the_roll_pages_that_show_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 60, seed=7, photos=2)
    assert build_project(root, today=TODAY).built
    site = _site(root)
    # An individual whose highest award outranks the Bằng khen the edit gives (not after a
    # death year: then it would be posthumous).
    below = site.taxonomy.sort_key("bang-khen-bo-ban-nganh-tinh", None)
    entry = next(
        e
        for e in site.published()
        if e.profile.kind == "individual"
        and e.profile.death_year is None
        and e.top_award is not None
        and site.taxonomy.sort_key(e.top_award.record.award, e.top_award.record.award_class) < below
    )
    path = root / entry.relpath
    lines = path.read_text("utf-8").split("\n")
    start = lines.index("awards:")
    end = next(i for i in range(start + 1, len(lines)) if lines[i][:1] not in ("", " "))
    lines[end:end] = added_award(path.parent.name, 3)
    path.write_text("\n".join(lines), "utf-8")

    made: list[str] = []
    real = PageRenderer.page

    def page(r: PageRenderer, where: str, template: str, *args: str, **values: Any) -> None:
        if template == "roll.md":
            made.append(where)
        real(r, where, template, *args, **values)

    monkeypatch.setattr(PageRenderer, "page", page)
    edited = build_project(root, today=TODAY)
    assert edited.built and not edited.listings_reused
    # What the rolls show of the entry on its own (name, role, place, highest award) is as
    # it was: the pages listing it on its kind's, campaigns', sector's… rolls are kept (keyed
    # by what they show of it, not by its source); the award's and year's rolls, which gain
    # a row, and the province's first page (its figures count the award) are made again.
    assert any(p.startswith("danh-sach/danh-hieu/bang-khen-bo-ban-nganh-tinh/") for p in made)
    shows = (
        "danh-sach/danh-hieu/",
        "danh-sach/nam/",
        f"danh-sach/tinh/{entry.locality.province_slug}/",
    )
    assert [p for p in made if not p.startswith(shows)] == [], made
    assert_same_as_clean_build(root, tmp_path / "clean")


@pytest.mark.slow
@pytest.mark.parametrize("english", [False, True])
def test_a_changed_roll_keys_again_only_its_pages_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, english: bool
) -> None:
    root = tmp_path / "project"
    write_project(root, 120, seed=7)
    config = root / "site_config.yml"
    # Pages of ~5 rows: every roll the edit changes has many, most of them away from it.
    text = re.sub(r"(?m)^page_size:.*$", "page_size: 5", config.read_text("utf-8"))
    # Each edition's pages keep their own shapes (its roll state is under "en/").
    text = (
        re.sub(r"(?m)^english_edition:.*\n?", "", text)
        + f"\nenglish_edition: {str(english).lower()}\n"
    )
    config.write_text(text, "utf-8")
    assert build_project(root, today=TODAY).built
    EDITS["award"](root, 1)
    assert build_project(root, today=TODAY).built  # each page's shape noted once
    EDITS["award"](root, 2)

    keyed: list[str] = []
    real = rolls_pages.roll_page_key

    def counted(r: PageRenderer, rows: list[Row], *args: Any) -> str | None:
        keyed.append(args[2].split("\n")[0])  # the page's path, first of its navigation
        return real(r, rows, *args)

    monkeypatch.setattr(rolls_pages, "roll_page_key", counted)
    cut = cut_rolls(monkeypatch)
    edited = build_project(root, today=TODAY)
    assert edited.built and not edited.listings_reused
    site = _site(root)
    made = {
        page.path
        for roll in model_rolls.iter_rolls(site)
        if roll.path in cut
        for page in model_rolls.roll_pages(site, roll).pages
    }
    # Before: every page of every roll cut (both editions); now those whose rows, figures
    # or neighbours changed, a few a roll.
    assert len(made) > 100
    assert 0 < len(keyed) < len(made) // 3, (len(keyed), len(made))
    assert_same_as_clean_build(root, tmp_path / "clean")


@pytest.mark.slow
@pytest.mark.parametrize("english", [False, True])
def test_a_changed_roll_is_cut_again_reading_only_its_changed_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, english: bool
) -> None:
    root = tmp_path / "project"
    write_project(root, 120, seed=7)
    config = root / "site_config.yml"
    # Pages of ~5 rows: the individuals' roll is cut by letter, every changed roll in pages.
    text = re.sub(r"(?m)^page_size:.*$", "page_size: 5", config.read_text("utf-8"))
    text = (
        re.sub(r"(?m)^english_edition:.*\n?", "", text)
        + f"\nenglish_edition: {str(english).lower()}\n"
    )
    config.write_text(text, "utf-8")
    assert build_project(root, today=TODAY).built
    EDITS["award"](root, 1)
    assert build_project(root, today=TODAY).built  # each roll's rows' marks kept once

    # The entries whose rows' keys were hashed or letters found to cut a roll outside the
    # provinces (a province roll is grouped and cut whole: generator.model.rolls), and the
    # rows those rolls have.
    read: dict[str, set[str]] = {}
    rows_cut: Counter[str] = Counter()
    at = [""]
    real_paginate = model_rolls.paginate

    def paginate(base: str, rows: Sequence[Row], *args: Any) -> Pagination:
        # Reads outside a cut (a roll's marks completed when the caches are saved, in this
        # process when the build is not warm) are charged to no roll: "" (one such read was
        # once charged to the roll cut last, under load).
        at[0] = base
        rows_cut[base] += len(rows)
        try:
            return real_paginate(base, rows, *args)
        finally:
            at[0] = ""

    real_key, real_letter = rollpages.row_key, rollpages.row_letter

    def row_key(row: Row) -> str:
        read.setdefault(at[0], set()).add(row.entry.slug)
        return real_key(row)

    def row_letter(row: Row) -> str:
        read.setdefault(at[0], set()).add(row.entry.slug)
        return real_letter(row)

    monkeypatch.setattr(model_rolls, "paginate", paginate)
    monkeypatch.setattr(rollpages, "row_key", row_key)
    monkeypatch.setattr(rollpages, "row_letter", row_letter)
    for number, kind in enumerate(("award", "name", "new", "award"), start=2):
        read.clear()
        rows_cut.clear()
        rel = EDITS[kind](root, number)
        edited = build_project(root, today=TODAY)
        assert edited.built and not edited.listings_reused
        slug = next(e.slug for e in _site(root).entries if e.relpath == rel)
        outside = [base for base in rows_cut if not base.startswith(PROVINCES)]
        # Before, every row of each roll cut (the individuals' roll: ~80 rows); now the
        # changed entry's alone.
        assert sum(rows_cut[base] for base in outside) > 100, (kind, rows_cut)
        for base in outside:
            assert read.get(base, set()) <= {slug}, (kind, base, read[base])
        assert_same_as_clean_build(root, tmp_path / f"clean-{number}")


class _CountedSet(set[str]):
    """A set that counts its membership tests."""

    calls = 0

    def __contains__(self, item: object) -> bool:
        _CountedSet.calls += 1
        return super().__contains__(item)


@pytest.mark.slow
def test_a_roll_the_splice_took_whole_is_kept_without_looking_up_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 60, seed=7)
    assert build_project(root, today=TODAY).built
    EDITS["award"](root, 1)
    assert build_project(root, today=TODAY).built  # each roll's rows kept once

    looked: Counter[str] = Counter()
    kept: list[str] = []
    real = rolls_pages.keep_roll

    def keep_roll(r: PageRenderer, roll: model_rolls.Roll, whole: str) -> bool:
        cache = r.cache
        assert cache is not None
        if not isinstance(cache.steady, _CountedSet):
            cache.steady = _CountedSet(cache.steady)
        before = _CountedSet.calls
        found = real(r, roll, whole)
        looked[roll.path] += _CountedSet.calls - before
        if found:
            kept.append(roll.path)
        return found

    monkeypatch.setattr(rolls_pages, "keep_roll", keep_roll)
    EDITS["award"](root, 2)
    edited = build_project(root, today=TODAY)
    assert edited.built and not edited.listings_reused
    outside = [path for path in kept if not path.startswith(PROVINCES)]
    assert len(outside) > 10
    # Before, each of their rows' entries looked up in `steady`; so were the province and
    # commune rolls' rows until a province none of whose entries changed was kept whole.
    assert len(kept) - len(outside) > 2
    assert [path for path in kept if looked[path]] == []
    assert_same_as_clean_build(root, tmp_path / "clean")
