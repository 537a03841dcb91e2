"""One edit hashes the page key of the edited profile only: an unchanged profile's page takes
the key the last build wrote it under (PageCache.last_row), issue #21 point 1."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from PIL import Image

from generator.commands import reuse
from generator.commands.build import build_project
from generator.incremental.pagecache import page_key
from generator.model.checkrows import row_of
from generator.model.site import build_site
from generator.pages import renderer

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not installed (see tests/test_synthetic.py)
    sys.path.insert(0, str(ROOT))

from benchmarks.build import add_award, edit_profile, set_english  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402
from tests.test_incremental import assert_same_as_clean_build  # noqa: E402

TODAY = dt.date(2026, 11, 20)


def _profile_keys_hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The kinds of the profile page keys the renderer hashes from now on (the real
    page_key runs; its calls are noted)."""
    hashed: list[str] = []

    def counted(*parts: str) -> str:
        if len(parts) > 1 and parts[1].startswith("profile"):
            hashed.append(parts[1])
        return page_key(*parts)  # the one renderer.page_key names

    monkeypatch.setattr(renderer, "page_key", counted)
    return hashed


@pytest.mark.slow
def test_an_edit_hashes_the_edited_profiles_page_keys_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 16, seed=7)
    set_english(root, True)  # both editions' pages: "profile" and "profile:en"
    first = build_project(root, today=TODAY)
    assert first.built
    published = sum(
        "status: published" in p.read_text("utf-8") for p in (root / "profiles").rglob("*.yml")
    )
    assert published > 8
    hashed = _profile_keys_hashed(monkeypatch)

    edit_profile(root, 1)  # a summary: the edited profile's pages change, the listings stay
    edited = build_project(root, today=TODAY)
    assert edited.built and edited.listings_reused
    assert edited.docs.written == 2  # its page in each edition
    # Before PageCache.last_key (last_row now) every published profile's key was hashed in
    # each edition.
    assert sorted(hashed) == ["profile", "profile:en"]
    assert_same_as_clean_build(root, tmp_path / "clean-1")

    # Another day is another context: no key of the last build is taken, each is made.
    hashed.clear()
    edit_profile(root, 2)
    later = build_project(root, today=TODAY + dt.timedelta(days=1))
    assert later.built
    assert sorted(hashed) == ["profile"] * published + ["profile:en"] * published


def test_open_proposals_are_each_entrys_own_in_name_order(tmp_path: Path) -> None:
    # The render asks for the open proposals on every build, of the entries' windows (a kept
    # entry's row: tests/test_readers_on_rows.py): the same as each entry's own answer.
    root = tmp_path / "project"
    write_project(root, 60, seed=3)
    site, report = build_site(root)
    assert site is not None and not report.errors
    with_one = [e for e in site.entries if e.shown_proposals]
    assert 0 < len(with_one) < len(site.entries)
    for upcoming in (True, False):
        found = site.open_proposals(TODAY, upcoming=upcoming)
        expected = [(e, p) for e in site.entries for p in e.proposals_open(TODAY, upcoming)]
        key = lambda pair: (pair[0].sort_key, pair[1].window_start)  # noqa: E731
        assert found == sorted(expected, key=key)
        assert found


@pytest.mark.slow
def test_an_edit_digests_again_only_the_entries_whose_inputs_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    write_project(root, 40, seed=11, photos=6)
    assert build_project(root, today=TODAY).built
    digested: list[str] = []

    def counted(*parts: str) -> str:
        if parts and parts[0].startswith("profiles/"):
            digested.append(parts[0])  # an entry's digest (`PageCache.entries`)
        return page_key(*parts)

    monkeypatch.setattr(reuse, "page_key", counted)
    edited = add_award(root, 1)
    assert build_project(root, today=TODAY).built
    # Without the inputs kept (`PageCache.inputs`), every entry's: 40.
    assert digested == [edited]
    assert_same_as_clean_build(root, tmp_path / "clean-1")

    # A photo's bytes changed: the entry naming it alone, though its source is the same.
    site, _report = build_site(root)
    assert site is not None
    owner, changed = next(
        (e.relpath, Path(row_of(e).photo_paths[0])) for e in site.entries if row_of(e).photo_paths
    )
    with Image.open(changed) as image:
        image.load()
    image.putpixel((0, 0), (255, 0, 0))
    # A file of its own: the synthetic photos are links to one file.
    image.save(changed.with_name("changed.jpg"), "JPEG")
    changed.with_name("changed.jpg").replace(changed)
    digested.clear()
    assert build_project(root, today=TODAY).built
    assert digested == [owner]
    assert_same_as_clean_build(root, tmp_path / "clean-2")
