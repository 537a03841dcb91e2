"""The incremental layer's one stamp, one writer, one folder sync and one memo registry, and
its inventory (generator/incremental/__init__.py) against the files a real build keeps."""

from __future__ import annotations

import marshal
import os
import pickle
import re
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

import generator.incremental
from generator.commands.build import build_project
from generator.commands.reuse import (
    DOCUMENTS_FILE,
    DOCUMENTS_SINCE_FILE,
    MEMOS_FILE,
    PROFILES_FILE,
    PROFILES_SINCE_FILE,
)
from generator.incremental import memos
from generator.incremental.buildcache import (
    FORMAT,
    STATE_FILE,
    BuildCache,
    FileDigests,
    iter_file_names,
)
from generator.incremental.folders import names_listing, sync_folder, write_replacing
from generator.incremental.indexedfiles import load_indexed, save_indexed
from generator.incremental.ledger import Ledger
from generator.incremental.stamps import RACY_NS, same, same_output, stamp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_incremental import TODAY, fixture_or_synthetic, snapshot  # noqa: E402


def _age(path: Path, seconds: float) -> None:
    """Set `path`'s modification time `seconds` into the past."""
    then = time.time_ns() - int(seconds * 1e9)
    os.utime(path, ns=(then, then))


# --- stamps ------------------------------------------------------------------------------------


def test_a_source_stamp_is_trusted_only_outside_the_racy_window(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_bytes(b"one")
    _age(path, 10)
    recorded = stamp(path.stat())
    assert same(recorded, path.stat(), time.time_ns())
    # Modified just before the stamp was recorded: a change in the same clock tick would
    # leave size and times alone, so it is not trusted.
    fresh = tmp_path / "b.yml"
    fresh.write_bytes(b"two")
    assert not same(stamp(fresh.stat()), fresh.stat(), fresh.stat().st_mtime_ns + RACY_NS // 2)
    # Replaced by a file of the same size and times: another inode.
    other = tmp_path / "other"
    other.write_bytes(b"six")
    os.utime(other, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    os.replace(other, path)
    assert not same(recorded, path.stat(), time.time_ns())


def test_file_digests_hash_again_a_racy_or_changed_file(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_bytes(b"one")
    digests = FileDigests(recorded_ns=time.time_ns())
    first = digests.digest(path, path.lstat())
    # Same size, same modification time, new content written in place: still racy, so read.
    mtime = path.stat().st_mtime_ns
    path.write_bytes(b"two")
    os.utime(path, ns=(mtime, mtime))
    assert digests.digest(path, path.lstat()) != first
    # Old enough and untouched: the recorded digest is returned without reading.
    _age(path, 10)
    digests.digest(path, path.lstat())
    digests.recorded_ns = time.time_ns()
    digests.known[str(path)] = (*digests.known[str(path)][:4], "remembered")
    assert digests.digest(path, path.lstat()) == "remembered"


def test_the_sources_are_listed_as_os_walk_did_without_an_lstat_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every build digests every source: each file's lstat comes from its folder's listing
    # (no path joined and looked up again), in os.walk's order, links to folders not
    # followed, an unreadable folder left out, a link to a file or to nowhere listed as one.
    top = tmp_path / "profiles"
    for rel in ("b/z.yml", "b/a.jpg", "a.yml", "c/d/e.yml", "c/f.yml", "shut/x.yml"):
        (top / rel).parent.mkdir(parents=True, exist_ok=True)
        (top / rel).write_text(rel, "utf-8")
    (top / "link-to-b").symlink_to(top / "b")
    (top / "link.yml").symlink_to(top / "a.yml")
    (top / "nowhere.yml").symlink_to(top / "gone.yml")
    (top / "shut").chmod(0)
    try:

        def walked() -> list[tuple[str, os.stat_result]]:
            found = []
            for dirpath, dirnames, filenames in os.walk(top):
                dirnames.sort()
                found += [(f"{dirpath}/{n}", os.lstat(f"{dirpath}/{n}")) for n in sorted(filenames)]
            return found

        expected = walked()  # shut/'s file too when run as root
        lstats: list[object] = []
        lstat = os.lstat
        monkeypatch.setattr(os, "lstat", lambda *a, **k: lstats.append(a) or lstat(*a, **k))
        assert list(iter_file_names(top)) == expected
        assert lstats == []
    finally:
        (top / "shut").chmod(0o755)


def test_an_output_stamp_survives_a_new_link_not_a_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    write_replacing(path, b"page")
    recorded = stamp(path.stat())
    os.link(path, tmp_path / "linked.md")  # the build links its outputs: ctime moves
    assert same_output(recorded, path.stat())
    write_replacing(path, b"PAGE")
    assert not same_output(recorded, path.stat())


# --- ledger --------------------------------------------------------------------------------------


def test_the_ledger_keeps_a_file_while_it_is_the_one_written_under_its_key(
    tmp_path: Path,
) -> None:
    ledger = Ledger()
    ledger.at("docs", str(tmp_path))
    write_replacing(tmp_path / "a.md", b"page")
    ledger.wrote("docs", "a.md", "key-1")
    os.link(tmp_path / "a.md", tmp_path / "linked.md")  # the build links its outputs
    assert ledger.kept("docs", "a.md", "key-1")
    assert not ledger.kept("docs", "a.md", "key-2")  # made from something else now
    assert not ledger.kept("files", "a.md", "key-1")  # another namespace
    assert not ledger.kept("docs", "b.md", "key-1")  # never written
    # Saved and read back by its owner's next build, then the file replaced by someone.
    again = Ledger.loads(ledger.dumps())
    assert again.kept("docs", "a.md", "key-1")
    write_replacing(tmp_path / "a.md", b"PAGE")
    assert not again.kept("docs", "a.md", "key-1")
    # Rows of files no longer made are forgotten; a ledger of another folder is dropped.
    again.wrote("docs", "a.md", "key-3")
    again.keep_only("docs", {"b.md"})
    assert again.rows("docs") == {}
    ledger.at("docs", str(tmp_path / "elsewhere"))
    assert ledger.rows("docs") == {}
    # Bytes of another format (or damaged) give an empty ledger, not an error: LEDGER_FORMAT
    # 1 had no listings, 2 listed a digest of the names (not the names a sync removes from).
    format_1 = marshal.dumps((1, {"docs": str(tmp_path)}, {"docs": {}}))
    format_2 = marshal.dumps((2, {"docs": str(tmp_path)}, {"docs": {}}, {"docs": "ab12"}))
    old_ones = (marshal.dumps({"output": "x", "files": {}}), format_1, format_2)
    for old in (b"", b"\x00garbage", *old_ones):
        found = Ledger.loads(old)
        assert (found.folders, found.tables, found.listings) == ({}, {}, {})


def test_the_ledger_keeps_a_folders_listing_until_the_folder_moves(tmp_path: Path) -> None:
    ledger = Ledger()
    ledger.at("docs", str(tmp_path))
    assert ledger.listed("docs") == ""  # never synced: the folder is walked
    done = sync_folder(tmp_path, {"a.md": b"a"})
    ledger.synced("docs", done.listed)
    again = Ledger.loads(ledger.dumps())
    again.at("docs", str(tmp_path))
    assert again.listed("docs") == names_listing(["a.md"]) and again.listed("files") == ""
    # The listing spares the next sync's walk: a stray file stays (hence the trust rule).
    (tmp_path / "stray.md").write_bytes(b"x")
    assert sync_folder(tmp_path, {"a.md": b"a"}, (), again.listed("docs")).removed == 0
    again.forget_listings()  # what the build does when the last one failed
    assert sync_folder(tmp_path, {"a.md": b"a"}, (), again.listed("docs")).removed == 1
    ledger.at("docs", str(tmp_path / "elsewhere"))
    assert ledger.listed("docs") == ""


# --- folders -------------------------------------------------------------------------------------


def test_the_writer_replaces_never_in_place(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "file.json"
    assert write_replacing(path, b"one")
    link = tmp_path / "site-copy.json"
    os.link(path, link)
    inode = path.stat().st_ino
    assert not write_replacing(path, b"one")  # the same bytes: left alone
    assert path.stat().st_ino == inode
    assert write_replacing(path, b"two")
    assert path.stat().st_ino != inode and link.read_bytes() == b"one"
    assert [p.name for p in path.parent.iterdir()] == ["file.json"]  # no temporary left
    with pytest.raises(FileExistsError):
        write_replacing(tmp_path / "deep", b"a folder is in the way")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    from generator.incremental.folders import replacing

    path = tmp_path / "state"
    write_replacing(path, b"old")
    with pytest.raises(RuntimeError), replacing(path) as handle:
        handle.write(b"half")
        raise RuntimeError("killed")
    assert path.read_bytes() == b"old" and sorted(tmp_path.iterdir()) == [path]


def test_sync_folder_holds_exactly_the_files_and_skips_the_walk_when_listed(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "docs"
    files = {"a.md": b"a", "b/c.md": b"c"}
    done = sync_folder(folder, files, keep=["kept.png"])
    assert (done.written, done.removed) == (2, 0) and done.listed == names_listing(
        ["a.md", "b/c.md", "kept.png"]
    )
    (folder / "kept.png").write_bytes(b"photo")
    (folder / "stray").mkdir()
    (folder / "stray" / "old.md").write_bytes(b"old")
    # The same names as the last successful sync: nothing can be left over, no walk.
    again = sync_folder(folder, files, ["kept.png"], done.listed)
    assert (again.written, again.unchanged, again.removed) == (0, 2, 0)
    assert (folder / "stray" / "old.md").exists()
    # Not trusted (another build, or a failed one): the folder is walked and cleaned.
    walked = sync_folder(folder, {"a.md": b"A"}, ["kept.png"], "")
    assert (walked.written, walked.removed) == (1, 2)
    assert sorted(walked.paths) == ["a.md", "b/c.md", "stray/old.md"]
    held = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    assert held == ["a.md", "kept.png"]


def test_a_sync_removes_the_names_the_last_one_listed_without_a_walk(
    tmp_path: Path, walked: list[str]
) -> None:
    # A new profile's page is a name more in build/docs, a removed one a name less: the last
    # sync's listing says what the folder holds, so neither walks it (14,000 files and
    # 10,000 folders at 10,000 profiles), and the folders a removal leaves empty go too.
    folder = tmp_path / "docs"
    files = {"a/index.md": b"a", "b/index.md": b"b", "c/d/index.md": b"d"}
    done = sync_folder(folder, files, keep=["a/photo.jpg"])
    (folder / "a" / "photo.jpg").write_bytes(b"photo")
    walked.clear()  # from here on
    files["e/index.md"] = b"e"  # added
    added = sync_folder(folder, files, ["a/photo.jpg"], done.listed)
    assert (added.written, added.removed, added.paths) == (1, 0, ["e/index.md"])
    del files["c/d/index.md"]  # removed
    gone = sync_folder(folder, files, [], added.listed)  # the photo no longer kept either
    assert (gone.written, gone.removed) == (0, 2)
    assert sorted(gone.paths) == ["a/photo.jpg", "c/d/index.md"]
    assert walked == []
    held = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
    assert held == ["a", "a/index.md", "b", "b/index.md", "e", "e/index.md"]
    assert names_listing([]) != ""  # an empty folder's listing is known ("": not known)


# --- memos ---------------------------------------------------------------------------------------


def test_the_stage_memos_are_registered_and_round_trip(tmp_path: Path) -> None:
    from generator.vntext import (
        _COLLATION_KEYS,
        _CONFUSABLE_KEYS,
        _FOLDED_NAMES,
        collation_key,
        confusable_key,
        folded_name,
    )

    # Importing the build imports the stages, which register their memos.
    assert memos.registered() == (
        "card keys",
        "collation keys",
        "confusable keys",
        "folded names",
        "localities",
        "place-name lookups",
    )
    key = collation_key("Nguyễn Thị Ánh")
    look = confusable_key("Ｎguyễn\u200b  Thị Ánh")
    assert look == "nguyễn thị ánh"
    assert folded_name("Đặng  Thị Ánh") == "dang thi anh" == _FOLDED_NAMES["Đặng  Thị Ánh"]
    saved = marshal.loads(marshal.dumps(memos.saved_memos()))  # plain data
    sizes = memos.sizes()
    _COLLATION_KEYS.clear()
    _CONFUSABLE_KEYS.clear()
    _FOLDED_NAMES.clear()
    try:
        memos.restore_memos({**saved, "gone": {"a memo of older code": 1}})
        assert memos.sizes() == sizes and _COLLATION_KEYS["Nguyễn Thị Ánh"] == key
        assert _CONFUSABLE_KEYS["Ｎguyễn\u200b  Thị Ánh"] == look
        assert _FOLDED_NAMES["Đặng  Thị Ánh"] == "dang thi anh"
        memos.restore_memos({"collation keys": ["not", "a", "dict"]})  # ignored
        memos.restore_memos({"confusable keys": ["not", "a", "dict"]})
        assert memos.sizes() == sizes
    finally:
        _COLLATION_KEYS.clear()
        _CONFUSABLE_KEYS.clear()
        _FOLDED_NAMES.clear()


# --- the inventory and the cache format ----------------------------------------------------------


def _kept(root: Path) -> set[str]:
    """The records a build left: files and folders of the two caches, names generalised."""
    found: set[str] = set()
    cache = root / ".vinhdanh-cache"
    for path in cache.iterdir():
        found.add(path.name)
    for folder in (cache / "build", cache / "images", cache / "lasting"):
        if folder.is_dir():
            # A sharded file (open-data-lines.3f.marshal) under its generic name.
            found.update(re.sub(r"\.[0-9a-f]{2}\.", ".<nn>.", p.name) for p in folder.iterdir())
    shards = cache / "build" / "search-shards"
    found.update(p.name for p in shards.iterdir() if not re.fullmatch(r"[0-9a-f]{32}", p.name))
    for shard in shards.iterdir():
        if re.fullmatch(r"[0-9a-f]{32}", shard.name):
            found.update(p.name for p in shard.iterdir())
    return found - {"build", "images", "photos", "cards", "templates"}


@pytest.mark.slow
def test_the_inventory_names_every_record_a_build_keeps(tmp_path: Path) -> None:
    root = fixture_or_synthetic(tmp_path / "project", "fixture", 0, 0, 0)
    assert build_project(root, today=TODAY).built
    profile = sorted((root / "profiles").rglob("*.yml"))[0]
    profile.write_text(profile.read_text("utf-8") + "# sửa\n", "utf-8")  # an input changes
    assert build_project(root, today=TODAY).built  # the spare exists now
    table = generator.incremental.__doc__ or ""
    kept = _kept(root)
    assert {"state.pickle", "memos.marshal", "spare", "shard.marshal"} <= kept
    missing = sorted(name for name in kept if name not in table)
    assert not missing, f"records not in generator/incremental/__init__.py: {missing}"


@pytest.mark.slow
def test_a_cache_of_an_older_format_is_discarded_cleanly(tmp_path: Path) -> None:
    # Every file of the build cache as the last format wrote it: the state and the memos
    # under their old name. The first build ignores them all, rebuilds, and removes the old.
    root = fixture_or_synthetic(tmp_path / "project", "fixture", 0, 0, 0)
    assert build_project(root, today=TODAY).built
    expected = snapshot(root / "site")
    cache = BuildCache(root).folder
    for path in cache.glob("*.pickle"):
        version, value = pickle.loads(path.read_bytes())
        assert version == FORMAT
        path.write_bytes(pickle.dumps((FORMAT - 1, value)))
    # Indexed files: the version heads them.
    indexed = (DOCUMENTS_FILE, DOCUMENTS_SINCE_FILE, PROFILES_FILE, PROFILES_SINCE_FILE)
    for name in indexed:
        found = load_indexed(cache / name)
        assert found is not None and found[0] == FORMAT
        _version, index, parts = found
        entries = [
            (key, fields, parts.stored(at, size)) for key, (fields, at, size) in index.items()
        ]
        save_indexed(cache / name, FORMAT - 1, entries)
    for path in cache.glob("*.marshal"):
        if path.name in indexed:
            continue
        version, value = marshal.loads(path.read_bytes())
        assert version == FORMAT
        older = marshal.dumps((FORMAT - 1, value))  # with the CRC-32 they end with: refused
        path.write_bytes(older + zlib.crc32(older).to_bytes(4, "big"))  # by the version alone
    (cache / MEMOS_FILE).rename(cache / "collation.marshal")
    assert BuildCache(root).load().result is None  # not trusted
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = "from generator.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", command, "build", "--today", TODAY.isoformat(), "--lang", "en"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "Traceback" not in output, output
    assert snapshot(root / "site") == expected
    assert not (cache / "collation.marshal").exists()
    assert pickle.loads((cache / STATE_FILE).read_bytes())[0] == FORMAT
    assert marshal.loads((cache / MEMOS_FILE).read_bytes())[0] == FORMAT
