"""incremental.listings.Listings and sitesync: folders listed by their directories' stamps.

A recycled site is brought up to date from build/ by comparing listings; a folder whose own
inode and times are unchanged is not read again. These tests change trees the ways a build
and a person can, and compare the synced target with the sources file by file.
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from generator.commands.build import build_project
from generator.incremental import listings as listings_module
from generator.incremental.buildcache import BuildCache
from generator.incremental.listings import (
    CLOCK_TICK_SECONDS,
    LISTINGS_FILE,
    DirListing,
    DirStamp,
    Listings,
    tree_stamps,
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


def published_site(root: Path, *sources: Path) -> tuple[Path, DirStamp]:
    """A site assembled from `sources`, swapped in a clock tick later and its listings saved,
    as a build publishes one; the site and its recorded top stamp."""
    new, target = root / "new", root / "site"
    listings = Listings()
    top = sync_tree(new, sources, listings)
    time.sleep(CLOCK_TICK_SECONDS)  # as a build does before swapping the new site in
    new.rename(target)
    stamp = listings.record(target, "", top)
    listings.save(BuildCache(root))
    return target, stamp


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
    target, stamp = published_site(tmp_path, pages, files)

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


def test_a_link_made_or_removed_elsewhere_is_not_damage(tmp_path: Path) -> None:
    # The files of site/ share their inodes with build/, the spare site and the trash; a link
    # to one made or removed there after the swap (the trash's deleter, the next edit
    # recycling the spare) moves its change time, not its bytes: site/ is still intact.
    pages, files = make_sources(tmp_path)
    target, stamp = published_site(tmp_path, pages, files)
    page = target / "ho-so" / "p2" / "index.html"
    elsewhere = tmp_path / "trash-link"
    os.link(page, elsewhere)
    elsewhere.unlink()
    assert page.stat().st_ctime_ns >= stamp[2]  # its change time moved
    assert Listings.load(BuildCache(tmp_path)).check(target, stamp) == (True, [])


def test_a_source_file_dated_in_the_future_is_not_damage(tmp_path: Path) -> None:
    # A file linked from a source keeps its modification time, which a camera or an archive
    # may have set in the future: written before the swap (its change time says so), intact.
    pages, files = make_sources(tmp_path)
    source = next(p for p in sorted(files.rglob("*")) if p.is_file())
    future = time.time_ns() + 86_400 * 10**9
    os.utime(source, ns=(future, future))
    target, stamp = published_site(tmp_path, pages, files)
    assert Listings.load(BuildCache(tmp_path)).check(target, stamp) == (True, [])


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
    read_dir = listings_module.read_dir

    def counted(path: str) -> DirListing:
        read.append(path[len(f"{target}/") :])
        return read_dir(path)

    monkeypatch.setattr(listings_module, "read_dir", counted)
    walked = Listings.load(BuildCache(tmp_path)).walk(target)
    assert sorted(read) == ["", "ho-so/p5/"]
    assert len(walked) > 30  # every profile's folder, known


def test_a_settled_stamp_is_kept_only_while_it_could_be_taken_as_racy(tmp_path: Path) -> None:
    # Saved with the listings while a folder's times are within RACY_NS of the save; after
    # that the stamp is not racy anyway, and the list does not grow with the site.
    pages, files = make_sources(tmp_path)
    target = tmp_path / "site"
    cache = BuildCache(tmp_path)
    sync_round(tmp_path, target, pages, files)
    assert len(Listings.load(cache).settled) > 30
    time.sleep(RACY_NS / 1e9)
    listings = Listings.load(cache)
    listings.walk(target)
    listings.save(cache)
    assert Listings.load(cache).settled == set()


def test_tree_stamps_from_listings_are_the_same_and_read_no_known_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The build's digest of build/search (BuildState.search_tree) takes each folder's
    # subfolders from the listings while its stamp is known: pagefind/fragment/, a file a
    # profile, was read whole twice an edit only to find it holds no folder.
    pages, _files = make_sources(tmp_path)
    listings = Listings()
    plain = tree_stamps(pages)
    assert tree_stamps(pages, listings, settled=True) == plain
    assert len(listings.settled) == len(listings.seen) > 5
    read: list[str] = []
    read_dir = listings_module.read_dir

    def counted(path: str) -> DirListing:
        read.append(path)
        return read_dir(path)

    monkeypatch.setattr(listings_module, "read_dir", counted)
    assert tree_stamps(pages, Listings(listings.seen)) == plain
    assert read == []
    write(pages / "ho-so" / "p4" / "more" / "index.html", "a folder added")
    assert tree_stamps(pages, Listings(listings.seen)) == tree_stamps(pages) != plain
    assert read == [f"{pages}/ho-so/p4", f"{pages}/ho-so/p4/more"]


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


def test_an_assembly_from_changes_looks_only_at_the_changed_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a build assembles the site before last: no source is walked; a folder of one (of
    # build/site, a folder a profile; of build/files, rolls' folders by year) is looked up
    # only where some source wrote or removed a path under it, as its writers said.
    pages, files = make_sources(tmp_path)
    write(files / "danh-sach" / "nam" / "2020" / "index.csv", "a roll's workbook")
    target = tmp_path / "site"
    listings = Listings()
    sync_tree(target, [pages, files], listings)
    write(pages / "ho-so" / "p7" / "index.html", "page 7, edited")
    write(pages / "ho-so" / "p31" / "index.html", "a new folder")
    (pages / "ho-so" / "p10" / "index.html").unlink()
    (pages / "ho-so" / "p10").rmdir()
    changed = {"ho-so/p7/index.html", "ho-so/p31/index.html", "ho-so/p10/index.html", "ho-so/p10/"}
    (files / "ho-so" / "p3" / "press.zip").unlink()  # a folder both held: now the pages' only
    (files / "ho-so" / "p3").rmdir()
    write(files / "api" / "v1" / "profiles" / "p4.json", "{4, new}")
    written = {"ho-so/p3/press.zip", "api/v1/profiles/p4.json"}
    looked: dict[Path, set[str]] = {pages: set(), files: set()}
    lstat = os.lstat

    def counted(path: str, *args: Any, **kwargs: Any) -> os.stat_result:
        for source, seen in looked.items():
            if str(path).startswith(f"{source}/"):
                seen.add(str(path)[len(f"{source}/") :])
        return lstat(path, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, "lstat", counted)
        sync_changed(target, [pages, files], Listings(listings.seen), [changed, written])
    assert tree(target) == merged(pages, files)
    # In each source, each name changed and the folders above it (one lstat each: a folder
    # the target knows is not read, api/v1/profiles/ holds a file a profile), the top (moved,
    # so read) and the folder made; not the 28 other profiles' folders, nor the rolls'.
    names = {"ho-so/p7", "ho-so/p7/index.html", "ho-so/p10", "ho-so/p31", "ho-so/p3"}
    names |= {"ho-so/p3/press.zip", "api/v1", "api/v1/profiles", "api/v1/profiles/p4.json"}
    assert looked[pages] == looked[files] == names | {"", "ho-so/p31/"}


def test_an_assembly_from_changes_follows_every_kind_of_change(tmp_path: Path) -> None:
    # A known folder is brought up to date from the names its writers changed: files
    # replaced, added and removed, a file and a folder trading places, a folder made with
    # folders in it, a folder emptied and removed.
    pages, files = make_sources(tmp_path)
    target = tmp_path / "site"
    listings = Listings()
    sync_tree(target, [pages, files], listings)
    (pages / "ho-so" / "p1" / "index.html").unlink()
    (pages / "ho-so" / "p1").rmdir()
    write(pages / "ho-so" / "p1", "now a file")
    (pages / "assets" / "css" / "site.css").unlink()
    write(pages / "assets" / "css" / "site.css" / "inner.css", "now a folder")
    write(pages / "ho-so" / "p2" / "index.html", "page 2, edited")
    changed = {"ho-so/p1/index.html", "ho-so/p1/", "ho-so/p1", "assets/css/site.css"}
    changed |= {"assets/css/site.css/inner.css", "ho-so/p2/index.html"}
    write(files / "danh-sach" / "nam" / "2021" / "index.csv", "a new roll")
    (files / "ho-so" / "p3" / "press.zip").unlink()
    (files / "ho-so" / "p3").rmdir()  # the pages' folder stays
    for n in range(30):
        (files / "api" / "v1" / "profiles" / f"p{n}.json").unlink()
    for folder in ("api/v1/profiles", "api/v1", "api"):
        (files / folder).rmdir()
    written = {"danh-sach/nam/2021/index.csv", "ho-so/p3/press.zip"}
    written |= {f"api/v1/profiles/p{n}.json" for n in range(30)}
    sync_changed(target, [pages, files], Listings(listings.seen), [changed, written])
    assert tree(target) == merged(pages, files)
    assert not (target / "api").exists() and (target / "ho-so" / "p3").is_dir()


def test_an_assembly_from_changes_refuses_a_path_two_sources_produce(tmp_path: Path) -> None:
    pages, files = make_sources(tmp_path)
    target = tmp_path / "site"
    listings = Listings()
    sync_tree(target, [pages, files], listings)
    write(files / "ho-so" / "p7" / "index.html", "a second page 7")
    with pytest.raises(FileExistsError):
        sync_changed(
            target, [pages, files], Listings(listings.seen), [set(), {"ho-so/p7/index.html"}]
        )
    (files / "ho-so" / "p7" / "index.html").unlink()
    (files / "ho-so" / "p7").rmdir()
    write(files / "ho-so" / "p8", "a file where the other source has a folder")
    with pytest.raises(FileExistsError):
        sync_changed(target, [pages, files], Listings(listings.seen), [set(), {"ho-so/p8"}])


def test_an_assembly_from_changes_still_notices_a_changed_target(tmp_path: Path) -> None:
    # The recycled site was published since it was assembled: a file removed or added there,
    # or a folder removed, is noticed by its folder's stamp, not by a change in the sources.
    pages, files = make_sources(tmp_path)
    target = tmp_path / "site"
    listings = Listings()
    sync_tree(target, [pages, files], listings)
    time.sleep(CLOCK_TICK_SECONDS)  # the swap's tick: a later change moves a folder's times
    (target / "ho-so" / "p2" / "index.html").unlink()
    write(target / "ho-so" / "p5" / "stray.html", "not from the sources")
    shutil.rmtree(target / "ho-so" / "p6")
    (target / "api" / "v1" / "profiles" / "p9.json").unlink()
    sync_changed(target, [pages, files], Listings(listings.seen), [set(), set()])
    assert tree(target) == merged(pages, files)


def test_the_listings_load_with_the_build_caches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Loaded before the render (the build/search digest reads them), their time is in
    # "load build cache" of --timings, not in no stage at all.
    root = tmp_path / "project"
    write_project(root, 6, seed=3)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795132800")
    assert build_project(root, today=TODAY).built
    load = Listings.load.__func__  # type: ignore[attr-defined]

    def slow(cls: type[Listings], cache: BuildCache) -> Listings:
        time.sleep(0.5)
        return load(cls, cache)  # type: ignore[no-any-return]

    monkeypatch.setattr(Listings, "load", classmethod(slow))
    profile = published_profile(root)
    profile.write_text(profile.read_text("utf-8").replace('summary: "', 'summary: "Sửa. ', 1))
    result = build_project(root, today=TODAY)
    assert result.built and result.timings["load build cache"] >= 0.5


@pytest.mark.slow
def test_an_edit_assembles_site_from_the_folders_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # build/site holds a folder a profile: an edit looks there only where its engine wrote
    # (and where the open data and the search index wrote), and a file removed from
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
    output, files = root / "build" / "site", root / "build" / "files"
    folders = {str(p) for p in output.rglob("*") if p.is_dir()}
    rolls = {str(p) for p in (files / "danh-sach").rglob("*") if p.is_dir()}
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
    # Nor are the folders of build/files where neither this edit nor the last wrote: the
    # open-data child says what it wrote (the rolls' workbooks are the same).
    assert len(rolls) > 12 and not looked & rolls
    untouched = sorted((root / "site" / "ho-so").glob("*/index.html"))[-1]
    assert profile.stem not in str(untouched)
    untouched.unlink()
    edit(4)
    edit(5)
    assert untouched.is_file()
    assert_same_as_clean_build(root, tmp_path / "clean")


def test_the_check_of_site_reads_only_what_the_build_that_made_it_saw(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A no-change build checks site/ (`Listings.load_seen`): every folder of it was seen by the
    # build that assembled it, so the generation before (the spare's, build/'s folders; half
    # the file at 10,000 profiles) is not unmarshalled; the rest of a build loads both.
    pages, files = make_sources(tmp_path)
    cache = BuildCache(tmp_path)
    other = tmp_path / "other"
    for n in range(5):
        write(other / f"f{n}" / "x.txt", "only the first build saw this")
    first = Listings()
    first.walk(other)
    first.save(cache)
    new, target = tmp_path / "new", tmp_path / "site"
    listings = Listings.load(cache)
    top = sync_tree(new, [pages, files], listings)
    time.sleep(CLOCK_TICK_SECONDS)
    new.rename(target)
    stamp = listings.record(target, "", top)
    listings.save(cache)
    older = set(first.seen)
    assert older and older <= set(Listings.load(cache).known)  # kept for the next build
    unmarshalled: list[object] = []

    class Counted:  # the module's marshal (the cache's file itself is read by buildcache's)
        dumps = staticmethod(marshal.dumps)

        @staticmethod
        def loads(data: bytes) -> Any:
            unmarshalled.append(data)
            return marshal.loads(data)

    monkeypatch.setattr(listings_module, "marshal", Counted)
    seen = Listings.load_seen(cache)
    assert unmarshalled == []  # the older generation stays bytes
    assert not older & set(seen.known)
    assert seen.check(target, stamp) == (True, [])
    write(target / "ho-so" / "p1" / "index.html", "replaced in site/")
    assert Listings.load_seen(cache).check(target, stamp)[0] is False


def test_racy_stamps_are_named_by_the_save(tmp_path: Path) -> None:
    # Which folders were changed too shortly before the save to be trusted is known at the
    # save: the next build does not look at every stamp's times to find them.
    pages, _files = make_sources(tmp_path)
    cache = BuildCache(tmp_path)
    listings = Listings()
    listings.walk(pages)  # just written: racy
    listings.save(cache)
    saved = cache.load_marshal(LISTINGS_FILE)
    assert set(saved["racy"]) == set(listings.seen) == Listings.load(cache).racy
    time.sleep(RACY_NS / 1e9)
    again = Listings.load(cache)
    again.walk(pages)  # read again (racy), now settled in time
    again.save(cache)
    assert Listings.load(cache).racy == set()
