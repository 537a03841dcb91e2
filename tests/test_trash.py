"""The trash: a stale site and what builds cut short leave are removed off the serial path."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.commands.assemble import NEW_PREFIX
from generator.commands.build import build_project
from generator.commands.trash import (
    LOCK_NAME,
    TRASH_DIR,
    TRASH_LIMIT,
    move_to_trash,
    start_emptying,
    trash_or_remove,
    wait_for_empty,
)
from generator.incremental.listings import DirListing, Listings
from generator.incremental.lock import build_lock
from tests.test_incremental import assert_same_as_clean_build, published_profile

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not installed (see tests/test_synthetic.py)
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import write_project  # noqa: E402

TODAY = dt.date(2026, 11, 20)


def inodes(folder: Path) -> dict[int, str]:
    """The inode of every file under `folder` (but the trash's lock), with its path."""
    return {
        p.lstat().st_ino: str(p) for p in folder.rglob("*") if p.is_file() and p.name != LOCK_NAME
    }


def trash_entries(root: Path) -> list[str]:
    """What the project's trash holds but its lock."""
    trash = root / TRASH_DIR
    return sorted(set(os.listdir(trash)) - {LOCK_NAME}) if trash.is_dir() else []


@contextmanager
def trash_locked(root: Path) -> Iterator[None]:
    """No process empties the trash while the block runs (it holds the deleters' lock)."""
    (root / TRASH_DIR).mkdir(parents=True, exist_ok=True)
    fd = os.open(root / TRASH_DIR / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def test_the_first_edit_after_a_full_build_unlinks_none_of_the_stale_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # After a full build the site before last (the spare) shares almost no file with build/:
    # recycling it unlinked each of its files, the last link of most, on the edit's serial
    # path. Now it goes to the trash whole, as the cache and build/ `--clean` drops do; the
    # deleter is kept out here so that what the build itself removed can be counted.
    root = tmp_path / "project"
    write_project(root, 24, seed=3)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795132800")
    profile = published_profile(root)
    text = profile.read_text("utf-8")

    def edit(n: int) -> None:
        profile.write_text(text.replace('summary: "', f'summary: "Sửa {n}. ', 1), "utf-8")
        assert build_project(root, today=TODAY).built

    assert build_project(root, today=TODAY).built
    edit(0)
    assert wait_for_empty(root, 60)
    cache = root / ".vinhdanh-cache" / "build"
    with trash_locked(root):
        dropped = inodes(cache) | inodes(root / "build")  # the spare among them
        assert len(dropped) > 100
        assert build_project(root, today=TODAY, clean=True).built
        assert set(inodes(root / TRASH_DIR)) == set(dropped)  # all there: none unlinked
        stale = inodes(cache / "spare")  # the site the clean build replaced
        assert len(stale) > 100 and not set(stale) & set(inodes(root / "site"))
        edit(1)
        trashed = inodes(root / TRASH_DIR)
        assert set(stale) <= set(trashed)
        assert not set(trashed) & set(inodes(root / "site"))
    assert start_emptying(root)
    assert wait_for_empty(root, 60)
    assert trash_entries(root) == []
    edit(2)  # the spare recycled again: only what changed is linked
    assert trash_entries(root) == []
    assert_same_as_clean_build(root, tmp_path / "clean")


def test_what_a_build_cut_short_left_is_removed_later_and_never_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A build killed while its deleter worked leaves part of a tree in the trash, and one
    # killed while it assembled leaves its folder beside site/: the next build trusts
    # neither, and its deleter removes both (read-only folders of this user's included).
    root = tmp_path / "project"
    write_project(root, 12, seed=4)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795132800")
    assert build_project(root, today=TODAY).built
    cut = root / TRASH_DIR / "t-cut" / "tree" / "ho-so" / "bi-xoa"
    cut.mkdir(parents=True)
    (cut / "index.html").write_text("TRASH", "utf-8")
    cut.chmod(0o500)
    left = root / ".site-new-crashed" / "ho-so" / "bi-bo"
    left.mkdir(parents=True)
    (left / "index.html").write_text("LEFTOVER", "utf-8")
    profile = published_profile(root)
    profile.write_text(profile.read_text("utf-8").replace('summary: "', 'summary: "Sửa. ', 1))
    assert build_project(root, today=TODAY).built
    assert not (root / ".site-new-crashed").exists()
    assert wait_for_empty(root, 60)
    assert trash_entries(root) == []
    published = [p.read_bytes() for p in (root / "site").rglob("*.html")]
    assert published and not [b for b in published if b in (b"TRASH", b"LEFTOVER")]
    assert not (root / "site" / "ho-so" / "bi-xoa").exists()
    assert_same_as_clean_build(root, tmp_path / "clean")


def test_the_trash_holds_no_more_than_its_limit(tmp_path: Path) -> None:
    # Deleters killed again and again (a CI runner ended with the build) must not fill the
    # disk: beyond TRASH_LIMIT trees, a tree is removed where it is, as before the trash.
    root = tmp_path / "project"
    trees = [root / f"old-{n}" / "ho-so" for n in range(TRASH_LIMIT + 1)]
    for tree in trees:
        tree.mkdir(parents=True)
        (tree / "index.html").write_text("old", "utf-8")
    with trash_locked(root):
        assert all(move_to_trash(tree.parent, root) for tree in trees[:-1])
        assert not move_to_trash(trees[-1].parent, root)
        trash_or_remove(trees[-1].parent, root)
        assert not trees[-1].parent.exists() and len(trash_entries(root)) == TRASH_LIMIT
    assert start_emptying(root) and wait_for_empty(root, 60)
    assert trash_entries(root) == [] and sorted(os.listdir(root)) == [".vinhdanh-cache"]


def test_the_deleter_waits_while_a_build_runs(tmp_path: Path) -> None:
    # Beside a build it would slow it (the edit right after a full build, measured): it
    # removes nothing while the project's build lock is held, and all once it is let go.
    root = tmp_path / "project"
    tree = root / "old" / "ho-so"
    tree.mkdir(parents=True)
    for n in range(200):
        (tree / f"{n}.html").write_text("old", "utf-8")
    assert move_to_trash(root / "old", root)
    with build_lock(root, 0):
        assert start_emptying(root)
        time.sleep(1.0)
        assert len(list((root / TRASH_DIR).rglob("*.html"))) == 200
    assert wait_for_empty(root, 60)
    assert trash_entries(root) == []


def test_a_no_change_build_after_the_deleter_is_replayed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A trashed tree shares inodes with site/ (a spare's unchanged files, linked photos): its
    # deleter unlinking them after the swap moves those files' change times, not their bytes,
    # and the next build with no change is still the last one replayed, not made again.
    root = tmp_path / "project"
    write_project(root, 8, seed=5)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795132800")
    assert build_project(root, today=TODAY).built
    shared = root / "old" / "ho-so"
    shared.mkdir(parents=True)
    published = sorted((root / "site").rglob("*.html"))[:20]
    for n, page in enumerate(published):
        os.link(page, shared / f"{n}.html")
    assert move_to_trash(root / "old", root)
    assert start_emptying(root) and wait_for_empty(root, 60)
    assert trash_entries(root) == []
    again = build_project(root, today=TODAY)
    assert "site/ unchanged" in again.timings


@pytest.mark.parametrize("full", ["clean", "engine"])
def test_a_stale_spare_is_trashed_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full: str
) -> None:
    # The spare the assembly will trash (the last build a full one: "clean"; this build's
    # engine building every page, its environment changed: "engine") is not walked first
    # to learn it (~1 s at 10,000 profiles): the folder site/ is linked in is listed empty.
    root = tmp_path / "project"
    write_project(root, 12, seed=6, photos=0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795132800")
    profile = published_profile(root)
    text = profile.read_text("utf-8")

    def edit(n: int) -> None:
        profile.write_text(text.replace('summary: "', f'summary: "Sửa {n}. ', 1), "utf-8")
        assert build_project(root, today=TODAY).built

    assert build_project(root, today=TODAY).built
    edit(0)
    edit(1)  # the spare a valid one again
    walked: list[int] = []
    walk = Listings.walk

    def counted(listings: Listings, folder: Path) -> dict[str, DirListing]:
        found = walk(listings, folder)
        if folder.name.startswith(NEW_PREFIX):
            walked.append(len(found))
        return found

    monkeypatch.setattr(Listings, "walk", counted)
    # Else, on a loaded machine, a trash still full (TRASH_LIMIT) makes the build keep the
    # spare, as it should, and walk it.
    assert wait_for_empty(root, 60)
    if full == "clean":
        assert build_project(root, today=TODAY, clean=True).built
        walked.clear()
        edit(2)
    else:
        config = root / "site_config.yml"
        config.write_text(
            config.read_text("utf-8").replace('site_description: "', 'site_description: "Mới. ', 1),
            "utf-8",
        )
        edit(2)
    assert walked and set(walked) == {1}, walked  # the fresh folder: nothing under it
    assert (root / ".vinhdanh-cache" / "build" / "spare").is_dir()
    edit(3)  # recycled again
    assert_same_as_clean_build(root, tmp_path / "clean")
