"""An edit sorts only the entries whose names it changed: the others keep their places in the
last build's published order (`Site.keep_order`, `PageCache.order`; issue #21)."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.commands.build import build_project
from generator.commands.reuse import PAGES_FILE
from generator.incremental.buildcache import BuildCache
from generator.incremental.pagecache import PageCache
from generator.model import checkrows, entries
from generator.model.site import build_site

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not installed (see tests/test_synthetic.py)
    sys.path.insert(0, str(ROOT))

from benchmarks.build import EDITS  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402
from tests.test_incremental import TODAY  # noqa: E402


def _count_keys(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The slugs whose sort key is made from here on (kept entries' and the others')."""
    made: list[str] = []
    real = entries.name_order

    def name_order(names: tuple[str | None, ...], slug: str) -> tuple[object, ...]:
        made.append(slug)
        return real(names, slug)

    monkeypatch.setattr(entries, "name_order", name_order)
    monkeypatch.setattr(checkrows, "name_order", name_order)
    return made


@pytest.mark.slow
def test_a_renamed_profile_alone_is_sorted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("LANG", "C.UTF-8")
    root = tmp_path / "project"
    write_project(root, 150, seed=7)
    assert build_project(root, today=TODAY).built
    saved = BuildCache(root).load_object(PAGES_FILE, PageCache)
    assert saved is not None and saved.order is not None
    edited = EDITS["name"](root, 1)

    site, _report = build_site(root)
    assert site is not None
    slugs, names = saved.order[1], saved.order[2]
    site.keep_order(slugs, names)
    renamed = next(e for e in site.entries if e.relpath == edited)
    made = _count_keys(monkeypatch)
    order = site.published()
    # The renamed entry's key, and those it was compared with to find its place.
    assert renamed.slug in made
    assert len(made) <= 2 + math.ceil(math.log2(len(order)))
    assert [e.slug for e in order] != slugs  # the rename moved it
    assert order == sorted(order, key=lambda e: e.sort_key)

    # Without the last build's order, every entry's key is made.
    again, _report = build_site(root)
    assert again is not None
    made.clear()
    assert [e.slug for e in again.published()] == [e.slug for e in order]
    assert len(made) == len(order)


@pytest.mark.slow
def test_an_edit_build_keeps_the_order_a_full_build_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("LANG", "C.UTF-8")
    root = tmp_path / "project"
    write_project(root, 120, seed=3)
    assert build_project(root, today=TODAY).built
    made = _count_keys(monkeypatch)
    for number, edit in enumerate(("name", "award", "new"), 1):
        EDITS[edit](root, number)
        made.clear()
        assert build_project(root, today=TODAY).built
        # Made by the build's process (the children's are their own): one entry's keys and
        # those it was compared with when an edit changed or added a name, else hardly any.
        assert len(made) <= 4 + 2 * math.ceil(math.log2(120)), edit
        saved: Any = BuildCache(root).load_object(PAGES_FILE, PageCache)
        site, _report = build_site(root)
        assert site is not None
        # What the edit's build saved is the order a build without it makes.
        assert saved.order[1] == [e.slug for e in site.published()]
