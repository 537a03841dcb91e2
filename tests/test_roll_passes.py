"""What the rolls read of every entry when an edit makes the listings again (issue #21): each
entry's part once, not once per roll; the rolls as a sort of each roll alone would give; the
keys of their pages without a commune's text or an award's comparison per row."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.incremental import lasting
from generator.incremental.pagecache import PageCache
from generator.model import rolls, statsfigures
from generator.model.entries import Site, award_sort_key
from generator.model.resolved import ResolvedAward
from generator.model.rolls import CommuneGroup, Roll, iter_province_rolls, iter_rolls
from generator.model.site import build_site
from generator.model.statsfigures import SCALE_ROLLS, collective_scale, iter_directive_rolls
from generator.pages import rolls as pages_rolls
from generator.pages.renderer import PageRenderer
from generator.pages.rolls import render_roll
from generator.reference.adminunits import NEW_ERA
from generator.reference.taxonomy import Taxonomy

# `benchmarks` is not an installed package (see tests/test_synthetic.py).
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import write_project  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A synthetic project of 150 profiles, checked (no page made)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("SOURCE_DATE_EPOCH", "1795132800")
    patch.setenv("LANG", "C.UTF-8")
    patch.setenv("TZ", "UTC")
    root = tmp_path_factory.mktemp("rolls") / "project"
    write_project(root, 150, seed=3)
    found, report = build_site(root)
    assert found is not None, report
    yield found
    patch.undo()


def counted(patch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Count the calls of `module.name` (the real function still runs); the count's list."""
    real: Callable[..., Any] = getattr(module, name)
    calls = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return real(*args, **kwargs)

    patch.setattr(module, name, wrapper)
    return calls


def _slugs(roll: Roll) -> list[tuple[str, int]]:
    return [(r.entry.slug, r.entry.awards.index(r.award) if r.award else -1) for r in roll.rows]


def test_each_award_is_sorted_once_for_the_award_and_year_rolls(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    published = site.published()
    awards = [(e, a) for e in published for a in e.active_awards]
    calls = counted(monkeypatch, Taxonomy, "sort_key")
    made = {roll.path: roll for roll in iter_rolls(site)}
    # An award's place in the taxonomy once per award and class, not once per award in
    # force (or per roll it is listed on: award and year, twice).
    assert calls[0] == len({(a.record.award, a.record.award_class) for _e, a in awards})
    assert calls[0] < len(awards) // 4
    # Each roll as sorting its own rows would list it: highest award, then name order.
    for path, roll in made.items():
        if path.startswith(("danh-sach/danh-hieu/", "danh-sach/nam/")):
            kept = [
                (e, a)
                for e, a in awards
                if (path == f"danh-sach/danh-hieu/{a.record.award}/")
                or (path == f"danh-sach/nam/{a.record.year}/")
            ]
            kept.sort(key=lambda p: (award_sort_key(site.taxonomy, p[1].record), p[0].sort_key))
            assert _slugs(roll) == [(e.slug, e.awards.index(a)) for e, a in kept], path
    assert any(p.startswith("danh-sach/nam/") for p in made)


def test_an_entrys_own_row_is_made_once_for_every_roll(site: Site) -> None:
    # A row without an award or a commune is the same in each roll listing the entry (its
    # kind's, province's, campaigns', sector's, groups', role's, area's…): one object.
    own: dict[str, set[int]] = {}
    listed = 0
    for roll in iter_rolls(site):
        for row in roll.rows:
            if row.award is None and not row.section:
                own.setdefault(row.entry.slug, set()).add(id(row))
                listed += 1
    assert listed > 3 * len(own)  # each entry is on several such rolls
    assert all(len(ids) == 1 for ids in own.values())


def test_a_province_roll_slugifies_per_province_and_commune_not_per_entry(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    published = site.published()
    calls = counted(monkeypatch, rolls, "slugify")
    made = list(iter_province_rolls(site, published))
    provinces = [r for r in made if r.communes or r.unplaced]
    communes = sum(len(r.communes) for r in provinces)
    placed = [e for e in published if e.locality.current_province is not None]
    # Per entry it was two calls each (2 x 146 + the communes here); a province's is made
    # for each of the table's (the rows name an entry's province by slug).
    assert calls[0] == len(site.admin.provinces(NEW_ERA)) + communes
    # Every placed entry is on its province's roll, in name order.
    assert sum(len(r.rows) for r in provinces) == len(placed)
    for roll in provinces:
        order = [published.index(row.entry) for row in roll.rows]
        assert order == sorted(order)


def test_the_directive_rolls_read_each_entry_once(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    published = site.published()
    expected = {
        path: [e.slug for e in published if collective_scale(e) == scale]
        for scale, (path, _title) in SCALE_ROLLS.items()
    }
    calls = counted(monkeypatch, statsfigures, "collective_scale")
    made = {
        path: [e.slug for e in entries]
        for path, _t, _g, entries, _i in iter_directive_rolls(published)
    }
    assert calls[0] == len(published)  # not once per scale
    for path, slugs in expected.items():
        assert made.get(path, []) == slugs
    assert any(made.get(path) for path in expected)


def _renderer(site: Site) -> PageRenderer:
    """A renderer whose cache knows every entry (as an edit build's): the rolls get keys."""
    cache = PageCache()
    cache.context = "context"
    cache.entries = {e.slug: f"digest-{e.slug}" for e in site.entries}
    return PageRenderer(site, dt.date(2026, 11, 20), None, cache)


def test_the_keys_of_the_roll_pages_read_each_commune_once_per_roll(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The golden fixture: communes of three and four entries (the synthetic roll spreads
    # its profiles one or two to a commune).
    shutil.copytree(ROOT / "tests" / "fixtures" / "golden-project", tmp_path / "project")
    site, report = build_site(tmp_path / "project")
    assert site is not None, report
    r = _renderer(site)
    provinces = [roll for roll in iter_province_rolls(site, site.published()) if roll.communes]
    rows = sum(len(roll.rows) for roll in provinces)
    groups = sum(len(roll.communes) for roll in provinces)
    calls = counted(monkeypatch, pages_rolls, "commune_text")
    reprs = counted(monkeypatch, CommuneGroup, "__repr__")
    for roll in provinces:
        render_roll(r, roll)
    # The first page's key says every commune, and so does the key of the rows' headings:
    # twice per commune and roll, not once more per row; by its code and links, never by the
    # group's repr (its unit and former units written out, 2ba34ab).
    assert calls[0] == 2 * groups < groups + rows
    assert reprs[0] == 0
    assert all(r.keys[f"{roll.path}index.md"] for roll in provinces)


def test_the_keys_of_an_award_roll_compare_no_award(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = _renderer(site)
    made = [roll for roll in iter_rolls(site) if roll.kind == "awards"]
    calls = counted(monkeypatch, ResolvedAward, "__eq__")
    for roll in made:
        render_roll(r, roll)
    assert made and calls[0] == 0  # an award found among its entry's by identity


def test_the_former_units_of_a_commune_are_kept_across_builds(
    site: Site, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A pure function of the shipped unit table, made for every commune of every province
    # roll on every edit that makes the listings again (issue #21): a lasting memo.
    published = site.published()
    lasting.attach(tmp_path)
    try:
        first = list(iter_province_rolls(site, published))
        assert lasting.save_lasting(prune=False) == [rolls.FORMER_UNITS.name]
        lasting.attach(tmp_path)
        made = counted(monkeypatch, rolls, "_former_unit")
        tables = counted(monkeypatch, rolls, "_predecessors")
        # A commune's slug too (~100 µs a commune: 0.36 s at 30,000 profiles, issue #21).
        slugs = counted(monkeypatch, rolls, "slugify")
        again = list(iter_province_rolls(site, published))
    finally:
        lasting.detach()
    assert made[0] == 0 and tables[0] == 0
    # (Each of today's provinces' own slug, once a grouping: not one a commune.)
    assert (
        slugs[0]
        == len(site.admin.provinces(NEW_ERA))
        < len([group for roll in first for group in roll.communes])
    )
    former = [[group.former for group in roll.communes] for roll in first]
    assert former == [[group.former for group in roll.communes] for roll in again]
    assert [roll.intro for roll in first] == [roll.intro for roll in again]
    assert sum(len(units) for groups in former for units in groups) > 100
