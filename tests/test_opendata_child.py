"""The open data's child of an edit that makes the listings again (issue #21): what it reads
of the whole roll is made once, not again beside the render."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.commands import rendering
from generator.commands.build import build_project
from generator.incremental.pagecache import PageCache
from generator.model.entries import ResolvedAward, Site
from generator.model.keys import listing_digest
from generator.model.rolls import iter_rolls
from generator.model.site import build_site
from generator.opendata import publish
from generator.pages import render

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.build import EDITS  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A synthetic project of 60 profiles, checked (no page made)."""
    root = tmp_path_factory.mktemp("child") / "project"
    write_project(root, 60, seed=5)
    found, report = build_site(root)
    assert found is not None, report
    yield found


def _logged(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """From now on, a line per grouping of the rolls by the render, the open data (in this
    process or a child) or the build before them, with the process's id."""
    real: Callable[..., Any] = iter_rolls

    def logged(*args: Any, **kwargs: Any) -> Any:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    for module in (rendering, render, publish):
        monkeypatch.setattr(module, "iter_rolls", logged)


@pytest.mark.slow
def test_an_edit_groups_the_rolls_once_for_the_render_and_the_open_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 30, seed=1)
    assert build_project(root, today=TODAY).built
    log = tmp_path / "rolls.log"
    _logged(monkeypatch, log)
    for kind, groupings in (("award", 1), ("summary", 0), ("name", 1)):
        log.write_text("", "utf-8")
        EDITS[kind](root, 1)
        result = build_project(root, today=TODAY)
        assert result.built, [p.format("en") for p in result.report]
        # Grouped by this process, before the open data's child is forked (it grouped them
        # again beside the render); a summary's edit keeps every listing: none.
        assert log.read_text("utf-8").split() == [str(os.getpid())] * groupings, kind


def test_the_keys_of_the_roll_workbooks_compare_no_award(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = {e.slug: f"digest {e.slug}" for e in site.entries}
    cache = PageCache(
        context="context",
        entries=entries,
        listing={e.slug: (entries[e.slug], listing_digest(e)) for e in site.entries},
    )
    made = publish._OpenData(site, TODAY, cache=cache)
    rolls = [roll for roll in iter_rolls(site) if roll.kind == "awards"]
    rows = [row for roll in rolls for row in roll.rows if row.award is not None]
    assert rows
    # The index each row's key holds is the award's among its entry's awards.
    assert all(row.award_index == row.entry.awards.index(row.award) for row in rows)
    calls = [0]
    real = ResolvedAward.__eq__

    def counted(self: ResolvedAward, other: object) -> bool:
        calls[0] += 1
        return real(self, other)

    monkeypatch.setattr(ResolvedAward, "__eq__", counted)
    assert all(made._roll_key(roll.path, roll.title, roll.rows) for roll in rolls)
    assert calls[0] == 0  # found among its entry's by identity
