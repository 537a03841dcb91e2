"""incremental.buildcache.Listings and sitesync: folders listed by their directories' stamps.

A recycled site is brought up to date from build/ by comparing listings; a folder whose own
inode and times are unchanged is not read again. These tests change trees the ways a build
and a person can, and compare the synced target with the sources file by file.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from generator.commands.build import build_project
from generator.incremental import buildcache
from generator.incremental.buildcache import (
    CLOCK_TICK_SECONDS,
    LISTINGS_FILE,
    BuildCache,
    DirListing,
    Listings,
)
from generator.incremental.sitesync import sync_changed, sync_tree
from generator.incremental.stamps import RACY_NS
from tests.test_incremental import assert_same_as_clean_build, published_profile

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not installed (see tests/test_synthetic.py)
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import write_project  # noqa: E402

TODAY = dt.date(2026, 11, 20)


def tree(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under `folder`: its inode and bytes."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def merged(*sources: Path) -> dict[str, tuple[int, bytes]]:
    """What a target synced from `sources` must hold: the same inodes and bytes."""
    out: dict[str, tuple[int, bytes]] = {}
    for source in sources:
        out.update(tree(source))
    return out


def write(path: Path, text: str) -> None:
    """Write a new file (a new inode, as every writer of build/ does)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def make_sources(root: Path) -> tuple[Path, Path]:
    pages, files = root / "build" / "site", root / "build" / "files"
    for n in range(30):
        write(pages / "ho-so" / f"p{n}" / "index.html", f"page {n}")
    write(pages / "index.html", "home")
    write(pages / "assets" / "css" / "site.css", "css")
    for n in range(30):
        write(files / "api" / "v1" / "profiles" / f"p{n}.json", f"{{{n}}}")
    write(files / "ho-so" / "p3" / "press.zip", "zip")  # a folder both sources hold
    return pages, files


def sync_round(root: Path, target: Path, *sources: Path) -> Listings:
    """One build's sync: listings loaded from and saved to the cache, as a build does."""
    cache = BuildCache(root)
    listings = Listings.load(cache)
    listings.record(target, "", sync_tree(target, sources, listings))
    listings.save(cache)
    return listings


def test_a_synced_tree_holds_links_to_every_source_file(tmp_path: Path) -> None:
    pages, files = make_sources(tmp_path)
    target = tmp_path / "site"
    listings = Listings()
    sync_tree(target, [pages, files], listings)
    assert tree(target) == merged(pages, files)


def test_changes_deep_in_a_tree_reach_a_recycled_target(tmp_path: Path) -> None:
    pages, files = make_sources(tmp_path)
    target = tmp_path / "site"
    target.mkdir()
    for _ in range(2):  # the second round reads nothing again but the top folders
        sync_round(tmp_path, target, pages, files)
        assert tree(target) == merged(pages, files)
    write(pages / "ho-so" / "p7" / "index.html", "page 7, edited")  # replaced
    (pages / "ho-so" / "p8" / "index.html").unlink()  # removed
    write(pages / "ho-so" / "p9" / "extra.txt", "added")
    write(pages / "ho-so" / "p31" / "index.html", "a new folder")
    for name in ("index.html",):
        (pages / "ho-so" / "p10" / name).unlink()
    (pages / "ho-so" / "p10").rmdir()  # a folder gone
    (files / "api" / "v1" / "profiles" / "p4.json").unlink()
    write(files / "api" / "v1" / "profiles" / "p4.json", "{4, new}")
    sync_round(tmp_path, target, pages, files)
    assert tree(target) == merged(pages, files)
    assert not (target / "ho-so" / "p10").exists()


def test_a_file_and_a_folder_trade_places(tmp_path: Path) -> None:
    pages, files = make_sources(tmp_path)
    target = tmp_path / "site"
    target.mkdir()
    sync_round(tmp_path, target, pages, files)
    (pages / "ho-so" / "p1" / "index.html").unlink()
    (pages / "ho-so" / "p1").rmdir()
    write(pages / "ho-so" / "p1", "now a file")
    (pages / "assets" / "css" / "site.css").unlink()
    write(pages / "assets" / "css" / "site.css" / "inner.css", "now a folder")
    sync_round(tmp_path, target, pages, files)
    assert tree(target) == merged(pages, files)


def test_a_path_two_sources_produce_is_refused(tmp_path: Path) -> None:
    pages, files = make_sources(tmp_path)
    write(files / "index.html", "a second home")
    with pytest.raises(FileExistsError):
        sync_tree(tmp_path / "site", [pages, files], Listings())
    write(files / "assets", "a file where the other source has a folder")
    (files / "index.html").unlink()
    with pytest.raises(FileExistsError):
        sync_tree(tmp_path / "site-2", [pages, files], Listings())


def test_a_symbolic_link_is_never_followed_as_a_folder(tmp_path: Path) -> None:
    # Nothing of ours writes links into build/ (sources holding links are refused by the
    # check): one found there is reproduced as the link it is, never walked into.
    pages, files = make_sources(tmp_path)
    outside = tmp_path / "outside"
    write(outside / "secret.txt", "not for the site")
    (pages / "ho-so" / "linked").symlink_to(outside, target_is_directory=True)
    listings = Listings()
    assert "ho-so/linked/" not in listings.walk(pages)
    target = tmp_path / "site"
    sync_tree(target, [pages, files], listings)
    assert (target / "ho-so" / "linked").is_symlink()
    assert not any(p.name == "secret.txt" for p in target.rglob("*"))


def test_check_finds_removed_added_and_in_place_changes(tmp_path: Path) -> None:
    pages, files = make_sources(tmp_path)
    new, target = tmp_path / "new", tmp_path / "site"
    listings = Listings()
    top = sync_tree(new, [pages, files], listings)
    time.sleep(CLOCK_TICK_SECONDS)  # as a build does before swapping the new site in
    new.rename(target)
    stamp = listings.record(target, "", top)
    listings.save(BuildCache(tmp_path))

    def check() -> tuple[bool, list[str]]:
        return Listings.load(BuildCache(tmp_path)).check(target, stamp)

    assert check() == (True, [])
    page = target / "ho-so" / "p2" / "index.html"
    with page.open("ab") as handle:  # in place, at once: the inode stays, so may the time
        handle.write(b"!")
    assert check() == (False, ["ho-so/p2/index.html"])
    # A file added at once to a folder whose times may then not move: read again.
    (target / "ho-so" / "p3" / "extra.html").write_text("added")
    assert check()[0] is False
    page.unlink()
    assert check() == (False, [])
    assert Listings.load(BuildCache(tmp_path)).check(target, None) == (False, [])


def test_folders_the_assembly_changed_are_not_read_again_when_recycled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The assembly records the folders it changed a clock tick before anyone else may write
    # there (a build waits one before the swap): saved at once, they are not racy, and the
    # recycled site's walk reads none again (its top, recorded where it is moved, is read).
    # A change made after that tick still moves a folder's times, and is read.
    pages, files = make_sources(tmp_path)
    target = tmp_path / "site"
    sync_round(tmp_path, target, pages, files)
    time.sleep(CLOCK_TICK_SECONDS)
    write(target / "ho-so" / "p5" / "stray.html", "not from the sources")
    read: list[str] = []
    read_dir = buildcache.read_dir

    def counted(path: str) -> DirListing:
        read.append(path[len(f"{target}/") :])
        return read_dir(path)

    monkeypatch.setattr(buildcache, "read_dir", counted)
    walked = Listings.load(BuildCache(tmp_path)).walk(target)
    assert sorted(read) == ["", "ho-so/p5/"]
    assert len(walked) > 30  # every profile's folder, known


def test_listings_of_another_format_are_not_used(tmp_path: Path) -> None:
    pages, _files = make_sources(tmp_path)
    cache = BuildCache(tmp_path)
    listings = Listings()
    listings.walk(pages)
    listings.save(cache)
    assert Listings.load(cache).known == listings.seen
    saved = cache.load_marshal(LISTINGS_FILE)
    cache.save_marshal(LISTINGS_FILE, {**saved, "format": -1})
    assert Listings.load(cache).known == {}


def test_an_assembly_from_changes_looks_only_at_the_changed_folders_of_the_first_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a build assembles the site before last: the first source (build/site, a folder a
    # profile) is looked up only under the paths its engine changed; the others are walked.
    pages, files = make_sources(tmp_path)
    target = tmp_path / "site"
    listings = Listings()
    sync_tree(target, [pages, files], listings)
    before = set(listings.walk(files))
    write(pages / "ho-so" / "p7" / "index.html", "page 7, edited")
    write(pages / "ho-so" / "p31" / "index.html", "a new folder")
    (pages / "ho-so" / "p10" / "index.html").unlink()
    (pages / "ho-so" / "p10").rmdir()
    changed = {"ho-so/p7/index.html", "ho-so/p31/index.html", "ho-so/p10/index.html", "ho-so/p10/"}
    (files / "ho-so" / "p3" / "press.zip").unlink()  # a folder both held: now the pages' only
    (files / "ho-so" / "p3").rmdir()
    write(files / "api" / "v1" / "profiles" / "p4.json", "{4, new}")
    looked: set[str] = set()
    lstat = os.lstat

    def counted(path: str, *args: Any, **kwargs: Any) -> os.stat_result:
        if str(path).startswith(f"{pages}/"):
            looked.add(str(path)[len(f"{pages}/") :])
        return lstat(path, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, "lstat", counted)
        sync_changed(target, [pages, files], Listings(listings.seen), changed, before)
    assert tree(target) == merged(pages, files)
    # The changed folders still there and those above them, and where the other source has
    # or had folders; not the 28 other profiles' folders.
    assert looked == {"", "ho-so/", "ho-so/p7/", "ho-so/p31/", "ho-so/p3/", "api/", "api/v1/"} | {
        "api/v1/profiles/"
    }


def test_an_assembly_from_changes_still_notices_a_changed_target(tmp_path: Path) -> None:
    # The recycled site was published since it was assembled: a file removed or added there,
    # or a folder removed, is noticed by its folder's stamp, not by a change in the sources.
    pages, files = make_sources(tmp_path)
    target = tmp_path / "site"
    listings = Listings()
    sync_tree(target, [pages, files], listings)
    before = set(listings.walk(files))
    time.sleep(CLOCK_TICK_SECONDS)  # the swap's tick: a later change moves a folder's times
    (target / "ho-so" / "p2" / "index.html").unlink()
    write(target / "ho-so" / "p5" / "stray.html", "not from the sources")
    shutil.rmtree(target / "ho-so" / "p6")
    (target / "api" / "v1" / "profiles" / "p9.json").unlink()
    sync_changed(target, [pages, files], Listings(listings.seen), set(), before)
    assert tree(target) == merged(pages, files)


@pytest.mark.slow
def test_an_edit_assembles_site_from_the_folders_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # build/site holds a folder a profile: an edit looks there only where its engine wrote
    # (and where the open data and the search index have folders), and a file removed from
    # the published site/ still comes back, once that site is recycled (two builds later).
    root = tmp_path / "project"
    write_project(root, 24, seed=3)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795132800")
    assert build_project(root, today=TODAY).built
    profile = published_profile(root)
    text = profile.read_text("utf-8")

    def edit(n: int) -> None:
        profile.write_text(text.replace('summary: "', f'summary: "Sửa {n}. ', 1), "utf-8")
        assert build_project(root, today=TODAY).built

    # Else the site's folders, made now, would be read again as racy when it is recycled.
    time.sleep(RACY_NS / 1e9)
    for n in range(3):  # from the third, the engine's changes are known for two builds
        edit(n)
    output = root / "build" / "site"
    folders = {str(p) for p in output.rglob("*") if p.is_dir()}
    looked: set[str] = set()
    lstat = os.lstat

    def counted(path: str, *args: Any, **kwargs: Any) -> os.stat_result:
        looked.add(str(path).rstrip("/"))
        return lstat(path, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, "lstat", counted)
        edit(3)
    # Its slug is its file's name (benchmarks.synthetic): of the profiles' folders, only the
    # edited one's is looked at.
    profiles = {f for f in folders if f.startswith(f"{output}/ho-so/")}
    edited = f"{output}/ho-so/{profile.stem}"
    assert edited in looked and len(profiles) > 12
    assert looked & profiles == {edited}
    untouched = sorted((root / "site" / "ho-so").glob("*/index.html"))[-1]
    assert profile.stem not in str(untouched)
    untouched.unlink()
    edit(4)
    edit(5)
    assert untouched.is_file()
    assert_same_as_clean_build(root, tmp_path / "clean")
