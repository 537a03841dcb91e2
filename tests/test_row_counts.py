"""The counts of api/v1/awards.json and localities.json kept from one build to the next
(generator.opendata.rowcounts): an edit's counts are the last build's less and plus what its
changed entries gave, equal to the counts made from every entry."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from generator.commands.build import build_project
from generator.commands.today import resolve_today
from generator.model.checkrows import row_of
from generator.model.site import build_site
from generator.opendata import jsonapi, rowcounts
from generator.opendata.context import OpenDataContext
from generator.opendata.rowcounts import RowCounts, counted_rows

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.build import EDITS  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402
from tests.test_incremental import assert_same_as_clean_build  # noqa: E402

TODAY = dt.date(2026, 11, 20)


def _scratch(ctx: OpenDataContext) -> tuple[dict[str, int], tuple[object, ...]]:
    """The counts as `jsonapi` makes them from every entry (plain dicts: no zero counts)."""
    awards = Counter(a for e in ctx.published for a, _year in row_of(e).awarded)
    units, provinces, countries, unknown = jsonapi._place_counts(ctx)
    return dict(awards), (dict(units), dict(provinces), dict(countries), unknown)


def _plain(counts: RowCounts) -> tuple[dict[str, int], tuple[object, ...]]:
    units, provinces, countries, unknown = counts.places()
    return dict(counts.awards), (dict(units), dict(provinces), dict(countries), unknown)


def test_kept_counts_less_and_plus_the_changed_entries_are_the_counts_made_anew() -> None:
    site, _report = build_site(ROOT)
    assert site is not None
    ctx = OpenDataContext(site, resolve_today(site, None))
    published = list(ctx.published)
    assert len(published) > 30
    scratch = _scratch(ctx)
    made = counted_rows(published, None, set())
    assert _plain(made) == scratch and set(made.given) == {e.slug for e in published}
    # The last build: without one entry (new now), and with one that gave another's facts
    # then (changed now); kept through marshal. Now another entry is gone.
    last = counted_rows(published[1:], None, set())
    gone, changed, other = published[5], published[10], published[20]
    assert last.given[changed.slug] != last.given[other.slug]
    last.add(last.given[changed.slug], -1)
    last.given[changed.slug] = last.given[other.slug]
    last.add(last.given[other.slug])
    kept = RowCounts.loads(last.dumps())
    assert kept is not None
    now = [e for e in published if e is not gone]
    scratch_now = _plain(counted_rows(now, None, set()))
    steady = {e.slug for e in published} - {changed.slug}
    assert _plain(counted_rows(now, kept, steady)) == scratch_now
    # Every count down to zero is no key, as a count made anew has it.
    assert all(v for v in kept.awards.values()) and all(v for v in kept.units.values())
    assert RowCounts.loads(b"not marshal") is None


@pytest.mark.slow
def test_an_award_edit_counts_its_own_entry_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 60, seed=4)
    assert build_project(root, today=TODAY).built
    log = tmp_path / "counted.log"
    real = rowcounts.given_by

    def logged(entry: Any) -> Any:  # in the open data's child too
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{entry.slug}\n")
        return real(entry)

    monkeypatch.setattr(rowcounts, "given_by", logged)
    for number in (1, 2):
        log.unlink(missing_ok=True)
        slug = Path(EDITS["award"](root, number)).stem
        assert build_project(root, today=TODAY).built
        assert log.read_text("utf-8").split() == [slug]
    monkeypatch.undo()
    assert_same_as_clean_build(root, tmp_path / "clean")
