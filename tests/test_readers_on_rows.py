"""A summary edit reads the kept entries' rows (model.checkrows), not their profiles: in every
process of the build (the build's own, the open data's and the search index's children) only
the blocks of the roll's pickle (model.checkcache) that hold an entry that process shows whole
are unpickled, never the whole roll (issue #21; docs/performance.md, "Readers on rows"). An
edit that makes the listings again (an award, a name, a new profile): the build's readers of
every entry outside the rolls read rows too ("The build's readers of an award edit")."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.commands.build import build_project
from generator.commands.reuse import PROFILES_FILE
from generator.incremental.buildcache import BuildCache
from generator.model import checkcache, profilepickle
from generator.model.checkrows import KeptEntry, Made, row_of
from generator.model.site import build_site
from generator.pages.renderer import PageRenderer

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not installed (see tests/test_synthetic.py)
    sys.path.insert(0, str(ROOT))

from benchmarks.build import EDITS  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402
from tests.test_incremental import TODAY, assert_same_as_clean_build  # noqa: E402


def _watch(logs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Log the profiles of every block unpickled, to a file per process (children fork)."""
    real = profilepickle.loads

    def loads(data: bytes, *args: Any) -> Any:
        found = real(data, *args)
        with open(logs / f"{os.getpid()}.log", "a", encoding="utf-8") as log:
            log.writelines(f"{relpath}\n" for relpath in found[0])
        return found

    monkeypatch.setattr(profilepickle, "loads", loads)


def _feeds_listing(site_dir: Path, slug: str) -> set[str]:
    """The profile slugs of every feed that lists `slug`'s profile ("": of the site's feed)."""
    found: set[str] = set()
    for feed in (site_dir / "feeds").rglob("*.xml"):
        text = feed.read_text("utf-8")
        listed = set(re.findall(r"<id>tag:[^<]*:ho-so/([^/<]+)/</id>", text))
        if slug in listed or (not slug and feed.name == "vinh-danh.xml"):
            found |= listed
    return found


@pytest.mark.slow
def test_a_summary_edit_unpickles_only_the_blocks_each_process_shows_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("LANG", "C.UTF-8")
    root = tmp_path / "project"
    write_project(root, 150, seed=7, photos=8)
    assert build_project(root, today=TODAY).built
    assert build_project(root, today=TODAY).built  # nothing changed
    site, _report = build_site(root)
    assert site is not None
    by_slug = {e.slug: e for e in site.entries}
    # A published entry with a summary; elsewhere in the roll, entries with a consented photo
    # and proposals still open (their cards and pages were read of their profiles).
    # Listed by a feed: made again, of the other entries' kept Atom entries.
    site_feed = _feeds_listing(root / "site", "")
    published = [e for e in site.published() if e.profile.summary and e.slug in site_feed]
    edited = published[len(published) // 2]
    assert any(e.public_photos for e in site.published() if e is not edited)
    proposing = {
        e.relpath for e in site.entries if any(p.window_end >= TODAY for p in e.shown_proposals)
    }
    assert proposing - {edited.relpath}
    path = root / edited.relpath
    text = path.read_text("utf-8")
    path.write_text(re.sub(r'^summary: "', 'summary: "Đã sửa: ', text, count=1, flags=re.M))

    logs = tmp_path / "logs"
    logs.mkdir()
    with monkeypatch.context() as watched:
        _watch(logs, watched)
        result = build_project(root, today=TODAY)
    assert result.built and result.listings_reused

    counts = checkcache.load_profiles(BuildCache(root), PROFILES_FILE)["counts"]
    assert len(counts) > 10  # folders, each of one block or more

    def blocks(relpaths: set[str]) -> set[str]:
        return {checkcache._block_of(r, counts) for r in relpaths}

    every = blocks({e.relpath for e in site.entries})
    unpickled = {
        int(log.stem): blocks(set(log.read_text("utf-8").split())) for log in logs.glob("*.log")
    }
    # The build's own process: nothing (the cards, photos, page keys, name order, sitemap
    # dates and the proposals' pages found and keyed by the windows are the rows'); the
    # proposals' pages are kept.
    assert unpickled.pop(os.getpid(), set()) <= blocks({edited.relpath})
    # The search index's child: the records of the edited entry's shard (its province's
    # blocks); the open data's: nothing (the feeds that list the edited entry keep the
    # others' Atom entries); the saver: the edited entry's block, pickled again.
    folder = edited.relpath.rpartition("/")[0]
    province = blocks({e.relpath for e in site.entries if e.relpath.startswith(folder + "/")})
    assert unpickled and all(found <= province < every for found in unpickled.values())
    # The feeds listing the edited entry were made again, of their entries' kept Atom entries.
    in_feeds = _feeds_listing(root / "site", edited.slug)
    assert len(blocks({by_slug[slug].relpath for slug in in_feeds})) > 1
    assert_same_as_clean_build(root, tmp_path / "clean")


def _watch_readers(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, set[str]]]:
    """Each read of a kept entry's profile, locality, awards, photos or practice in this
    process: (the entry's file, every caller as "module.function"). A kept entry stays one
    once filled, so that every reader is seen, not only the first."""
    read: list[tuple[str, set[str]]] = []
    here = os.getpid()

    def kept(self: KeptEntry, name: str) -> Any:
        state = self.__dict__
        if "_fill" in state:
            state["_fill"](self)
        if os.getpid() == here:  # forked children read in their own processes
            callers, frame = set(), sys._getframe(1)
            while frame is not None:
                callers.add(f"{Path(frame.f_code.co_filename).stem}.{frame.f_code.co_name}")
                frame = frame.f_back
            read.append((self.relpath, callers))
        return state[name]

    def filled(self: KeptEntry, made: Made) -> None:
        state = self.__dict__
        del state["_fill"]
        state["profile"], state["locality"], state["awards"], state["photos"] = made[:4]
        state["practice"] = made[4]

    monkeypatch.setattr(KeptEntry, "_kept", kept)
    monkeypatch.setattr(KeptEntry, "filled", filled)
    return read


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["award", "name", "new"])
def test_an_edit_of_the_listings_reads_rows_for_the_home_provinces_and_post_build_pages(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("LANG", "C.UTF-8")
    root = tmp_path / "project"
    write_project(root, 150, seed=14, photos=8)  # with annulled awards (the statistics' annex)
    # A former slug (a redirect page) beside the project's withdrawn profiles (tombstones).
    moved = next(p for p in sorted(root.rglob("*.yml")) if "status: published" in p.read_text())
    moved.write_text(moved.read_text("utf-8") + "former_slugs: [ten-cu-da-doi]\n", "utf-8")
    assert build_project(root, today=TODAY).built
    site, _report = build_site(root)
    assert site is not None
    assert any(e.status == "withdrawn" for e in site.entries)
    annulled = {e.relpath for e in site.published() if any(a.withdrawn for a in e.awards)}
    assert annulled
    EDITS[kind](root, 1)

    made: list[str] = []
    page = PageRenderer.page

    def watched_page(r: PageRenderer, path: str, template: str, *args: Any, **kw: Any) -> None:
        made.append(template)
        page(r, path, template, *args, **kw)

    with monkeypatch.context() as watched:
        read = _watch_readers(watched)
        watched.setattr(PageRenderer, "page", watched_page)
        result = build_project(root, today=TODAY)
    assert result.built and not result.listings_reused

    def read_by(reader: str) -> set[str]:
        return {relpath for relpath, callers in read if reader in callers}

    # No kept entry is read in the build's process: the statistics' annex was the last
    # reader (session 21, model.annexshown). The watch itself sees a read.
    assert read == []
    entry = site.published()[0]
    resolved = (entry.profile, entry.locality, entry.awards, entry.photos, entry.practice)
    with monkeypatch.context() as watched:
        seen = _watch_readers(watched)
        assert KeptEntry(entry.doc, row_of(entry), lambda kept: kept.filled(resolved)).awards
    assert seen
    # The roll pages made again and the cards: their rows' views (model.rowshown), from the
    # check's rows (issue #21; docs/performance.md, "Roll rows from the row (session 20)").
    assert "roll.md" in made and "home.md" in made
    assert read_by("rolls.render_roll") == set()
    # The post-build pages (redirects, tombstones) and the provinces' index: nothing but
    # rows; the home page: the entries it shows whole, no other (its counts, the latest
    # entries' order and the proposals' windows are the rows').
    assert read_by("postbuild.render_post_build") == set()
    assert read_by("rolls.province_counts") == read_by("rolls.place_roll_counts") == set()
    assert read_by("home.render_home") == set()
    # The statistics: counted, ordered, keyed and shown of rows, the annex's lines too
    # (model.annexshown): the page made again on an award edit unpickles no entry of it.
    if kind == "award":
        assert "statistics.md" in made
    assert read_by("statistics.compute_statistics") == read_by("statistics.figures_text") == set()
    assert read_by("statistics.render_statistics") == set()
    assert (root / "site/ho-so/ten-cu-da-doi/index.html").exists()
    assert_same_as_clean_build(root, tmp_path / "clean")
