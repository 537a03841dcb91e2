"""The pages made from every entry (home, post-build pages, the provinces' index) do their
work per entry once and sort no more than they show (issue #21: an edit other than a summary
makes them all again, and at 100,000 profiles a sort of every entry is a tenth of a second)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from generator.model.entries import Entry, Site
from generator.model.site import build_site
from generator.model.urls import profile_path
from generator.pages import postbuild
from generator.pages.home import LATEST_COUNT, render_home
from generator.pages.render import render_site
from generator.pages.renderer import PageRenderer

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import write_project  # noqa: E402

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A synthetic project of 60 profiles, checked (no page made)."""
    root = tmp_path_factory.mktemp("aggregates") / "project"
    write_project(root, 60, seed=3)
    # Two published profiles renamed once: their former addresses redirect.
    published = [
        path
        for path in sorted((root / "profiles").rglob("*.yml"))
        if "\nstatus: published\n" in path.read_text("utf-8")
    ]
    for n, path in enumerate(published[:2]):
        text = path.read_text("utf-8").rstrip("\n")
        path.write_text(f"{text}\nformer_slugs: [ten-cu-{n}]\n", "utf-8")
    found, report = build_site(root)
    assert found is not None, [p.format("en") for p in report]
    return found


def test_the_home_page_takes_the_latest_in_the_rolls_order(site: Site) -> None:
    # The newest first, ties in the order the entries come in (name order, as the roll is
    # already sorted): no sort of every entry by a key of its own. Given in another order,
    # the page follows it.
    r = PageRenderer(site, TODAY, None, None, None)
    r.published = list(reversed(r.published))
    render_home(r, [], [])
    page = r.out.docs["index.md"]
    shown = page[page.index('<ul class="vd-cards">', page.index("Mới cập nhật")) :]
    days = [(e.updated or dt.date.min).toordinal() for e in r.published]
    expected = sorted(range(len(days)), key=lambda i: (-days[i], i))[:LATEST_COUNT]
    assert len(set(days)) < len(days)  # ties to settle
    links = [shown.find(profile_path(r.published[i].slug)) for i in expected]
    assert -1 not in links
    assert links == sorted(links)


def test_the_post_build_pages_sort_only_the_entries_that_make_one(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Redirects of former slugs and tombstones: a few entries, sorted alone.
    sorts: list[int] = []

    def counted(items: Iterable[Any], **kwargs: Any) -> list[Any]:
        found = sorted(items, **kwargs)
        sorts.append(len(found))
        return found

    monkeypatch.setattr(postbuild, "sorted", counted, raising=False)
    r = PageRenderer(site, TODAY, None, None, None)
    postbuild.render_post_build(r)
    making = [e for e in site.entries if e.profile.former_slugs or e.profile.status == "withdrawn"]
    assert making and len(making) < len(site.entries) // 2
    assert sorts == [len(making)]
    assert r.out.extra  # the redirects and tombstones are made


def test_a_render_finds_the_current_proposals_once(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A pass over every entry's windows: once for the proposals' pages, the index and the
    # home page of every edition, not once more for the listings of each.
    calls: list[dt.date] = []
    found = Site.open_windows

    def counted(self: Site, today: dt.date, upcoming: bool = False) -> list[tuple[Entry, int]]:
        calls.append(today)
        return found(self, today, upcoming)

    monkeypatch.setattr(Site, "open_windows", counted)
    out = render_site(site, TODAY)
    assert calls == [TODAY]
    assert "lay-y-kien/index.md" in out.docs
