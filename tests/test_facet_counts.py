"""The search page's facet values of an edit from the last build's counts
(generator.search.facetcounts, issue #21): the same values as a pass over every record, with
only the changed profiles' records keyed and read."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from generator.incremental import pagecache
from generator.incremental.pagecache import PageCache
from generator.model.site import build_site
from generator.search import facetcounts
from generator.search import records as searchrecords
from generator.search.facetcounts import FacetCounts, counted_facet_values
from generator.search.records import FACETS, iter_search_records
from generator.search.searchpage import facet_values

# `benchmarks` is not an installed package (see tests/test_synthetic.py).
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.build import EDITS  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402


def _withdraw(root: Path, number: int) -> str:
    """Withdraw one published profile (it leaves every record); its path."""
    del number
    for path in sorted((root / "profiles").rglob("*.yml")):
        text = path.read_text("utf-8")
        if "\nstatus: published\n" in text:
            withdrawn = (
                "\nstatus: withdrawn\nwithdrawal: {date: 2024-05-01, reason: Theo đề nghị}\n"
            )
            path.write_text(text.replace("\nstatus: published\n", withdrawn, 1), "utf-8")
            return path.relative_to(root).as_posix()
    raise AssertionError("no published profile")


def _cache(root: Path, last: PageCache | None, changed: set[str]) -> tuple[Any, PageCache]:
    """The site of `root` and a page cache as a build would hold it: the last one's facet
    counts, every entry's digest the last one's but those of the profiles at `changed`."""
    site, _ = build_site(root)
    assert site is not None
    entries = {
        e.slug: f"digest {e.slug} {e.relpath in changed}" for e in site.entries
    }  # a changed profile's digest changes
    cache = PageCache(context="c", entries=entries)
    if last is not None:
        cache.facets = last.facets
    return site, cache


@pytest.mark.parametrize("kind", ["award", "name", "new", "withdrawn"])
def test_an_edits_facet_values_are_a_full_passs(tmp_path: Path, kind: str) -> None:
    root = tmp_path / "project"
    write_project(root, 40, seed=5)
    site, first = _cache(root, None, set())
    assert counted_facet_values(site, {}, {}, first) == facet_values(
        r.filters for r in iter_search_records(site)
    )
    assert isinstance(first.facets, FacetCounts)
    edit = _withdraw if kind == "withdrawn" else EDITS[kind]
    changed = edit(root, 7)
    site, cache = _cache(root, first, {changed})
    found = counted_facet_values(site, {}, {}, cache)
    assert found == facet_values(r.filters for r in iter_search_records(site))
    # The counts kept are this build's, value by value (a value is listed while one is
    # left): the next edit starts from them.
    _site, clean = _cache(root, None, set())
    counted_facet_values(site, {}, {}, clean)
    assert _counts(cache.facets) == _counts(clean.facets)
    assert (_counts(cache.facets) == _counts(first.facets)) == (kind == "name")  # no facet


def _counts(kept: object) -> dict[tuple[str, str], int]:
    assert isinstance(kept, FacetCounts)
    return dict(zip(kept.values, kept.counts, strict=True))


def test_an_edit_keys_and_reads_only_the_changed_profiles_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 40, seed=5)
    site, first = _cache(root, None, set())
    counted_facet_values(site, {}, {}, first)
    changed = EDITS["award"](root, 7)
    site, cache = _cache(root, first, {changed})
    keyed: list[str] = []
    made: list[str] = []
    real_key = pagecache._entry_base
    real_record = searchrecords.profile_record

    def counted_key(context: str, digest: str) -> str:
        keyed.append(digest)
        return real_key(context, digest)

    def counted_record(site: Any, entry: Any, *args: Any) -> Any:
        made.append(entry.relpath)
        return real_record(site, entry, *args)

    monkeypatch.setattr(pagecache, "_entry_base", counted_key)
    monkeypatch.setattr(facetcounts, "profile_record", counted_record)
    found = counted_facet_values(site, {}, {}, cache)
    # A pass over every record keyed each of the 40 (and read each kept row); the changed
    # profile's record is made, not keyed: its row is under its old key.
    assert keyed == []
    assert made == [changed]
    assert found == facet_values(r.filters for r in iter_search_records(site))
    # Another context: every record counted again.
    site, other = _cache(root, cache, set())
    other.context = "another"
    made.clear()
    counted_facet_values(site, {}, {}, other)
    assert len(made) == len(site.published())


@pytest.mark.parametrize("kind", ["award", "name", "new"])
def test_an_edit_reads_no_records_row(tmp_path: Path, kind: str) -> None:
    # The rows of every profile's record (~0.3 KB each, 9 MB at 30,000) were read by every
    # edit for the search page; of counts taken, a changed or new profile's row is the last
    # build's under another key, so they are read only when the counts are not taken.
    root = tmp_path / "project"
    write_project(root, 40, seed=5)
    site, first = _cache(root, None, set())
    rows = {e.slug: ("not this build's key", "", "", {}, {}) for e in site.published()}
    asked: list[int] = []

    def read_rows() -> Any:
        asked.append(1)
        return rows

    # One row under the key its record has now: counted whole, its values are the row's.
    taken = site.published()[0].slug
    key = first.entry_key(taken, "record", "")
    assert key is not None
    facet = next(iter(FACETS))
    rows[taken] = (key, "", "", {}, {facet: ["from the row"]})
    _site, probe = _cache(root, None, set())
    whole = counted_facet_values(site, {}, {}, probe, read_rows)
    assert asked == [1]  # counted whole: the rows were asked for (once)
    assert "from the row" in whole[facet]
    rows[taken] = ("not this build's key", "", "", {}, {})
    asked.clear()
    counted_facet_values(site, {}, {}, first, read_rows)
    assert asked == [1]
    changed = EDITS[kind](root, 7)
    site, cache = _cache(root, first, {changed})
    asked.clear()
    found = counted_facet_values(site, {}, {}, cache, read_rows)
    assert not asked
    assert found == facet_values(r.filters for r in iter_search_records(site))
