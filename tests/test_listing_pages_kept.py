"""Pages made from many entries kept by keys of their own (issue #21): an edit that makes the
listings again renders only the campaign pages (generator.pages.campaigns) whose members or
figures it changed, and the proposals' index (generator.pages.proposals) only when one of its
proposals' entries changed; the site is a clean build's."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.commands.build import build_project
from generator.model.site import build_site
from generator.model.urls import PROPOSALS_PATH, campaign_path
from generator.pages.renderer import PageRenderer
from tests.test_incremental import TODAY, assert_same_as_clean_build

# `benchmarks` is not an installed package (see tests/test_synthetic.py).
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.build import EDITS  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402


def made_pages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The site paths of the pages rendered from now on (the real render runs)."""
    made: list[str] = []
    real = PageRenderer.page

    def page(self: PageRenderer, path: str, template: str, head: str, **values: Any) -> None:
        made.append(path)
        real(self, path, template, head, **values)

    monkeypatch.setattr(PageRenderer, "page", page)
    return made


@pytest.mark.slow
def test_an_award_edit_renders_only_its_campaigns_pages_and_no_proposals_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 60, seed=7, photos=2)
    assert build_project(root, today=TODAY).built
    profile = root / EDITS["award"](root, 1)
    assert build_project(root, today=TODAY).built
    before = profile.read_text("utf-8")
    site, _report = build_site(root)
    assert site is not None
    rel = profile.relative_to(root).as_posix()
    entry = next(e for e in site.entries if e.relpath == rel)
    pages = {campaign_path(slug) for slug in site.campaigns}
    theirs = {campaign_path(slug) for slug in entry.campaign_slugs}

    # Another award to the same entry, of no campaign: only its campaigns' figures change.
    made = made_pages(monkeypatch)
    EDITS["award"](root, 2)
    edited = build_project(root, today=TODAY)
    assert edited.built and not edited.listings_reused
    assert set(made) & pages <= theirs
    assert len(set(made) & pages) < len(pages)
    assert not entry.profile.proposals and entry.profile.proposal is None
    assert PROPOSALS_PATH not in made
    assert_same_as_clean_build(root, tmp_path / "clean-1")

    # The entry joins a campaign it was not in: that page gains a member and is made again.
    joined = next(slug for slug in site.campaigns if slug not in entry.campaign_slugs)
    text = re.sub(r"(?m)^campaigns: \[(.*)\]$", rf"campaigns: [\1, {joined}]", before)
    if text == before:
        text = before.rstrip("\n") + f"\ncampaigns: [{joined}]\n"
    profile.write_text(text, "utf-8")
    made.clear()
    assert build_project(root, today=TODAY).built
    assert campaign_path(joined) in made
    assert_same_as_clean_build(root, tmp_path / "clean-2")

    # Renamed to the other end of the name order: the first members shown move.
    EDITS["name"](root, 3)
    assert build_project(root, today=TODAY).built
    assert_same_as_clean_build(root, tmp_path / "clean-3")

    # A proposal's entry edited: the index shows its proposer again.
    proposed = next(
        path
        for path in sorted((root / "profiles").rglob("*.yml"))
        if "\n  proposed_by: " in path.read_text("utf-8")
    )
    text = proposed.read_text("utf-8")
    proposed.write_text(
        text.replace("\n  proposed_by: ", "\n  proposed_by: Sở Nội vụ, ", 1), "utf-8"
    )
    made.clear()
    assert build_project(root, today=TODAY).built
    assert PROPOSALS_PATH in made
    assert_same_as_clean_build(root, tmp_path / "clean-4")
