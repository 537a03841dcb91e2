"""Kept parts in shards (issue #21): an edit writes the shard of the profile it changed, a
damaged shard loses its own parts only, and the open data's lines are kept this way."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from generator.commands.build import build_project
from generator.commands.rendering import LINES_SHARDS
from generator.commands.reuse import OPEN_DATA_LINES_FILE
from generator.incremental.pagecache import KeptParts, Parts
from generator.incremental.shardedparts import ShardedParts
from generator.opendata import publish

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.build import EDITS  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402

TODAY = dt.date(2026, 11, 20)


def _parts(slugs: list[str], version: str = "1") -> Parts:
    """Two kinds of parts per slug, as the open data keeps them."""
    return {
        f"\0{kind}/{slug}": (f"key {slug} {version}", f"{kind} {slug} {version}".encode())
        for slug in slugs
        for kind in ("csv/vi", "xlsx-rows/roll")
    }


def _inodes(parts: ShardedParts) -> list[int]:
    """Each shard's file's inode (-1: none, a shard never given a part): written, it is
    replaced by a file of another inode."""
    return [s.path.stat().st_ino if s.path.exists() else -1 for s in parts.shards]


def test_a_changed_part_writes_its_shard_only(tmp_path: Path) -> None:
    path = tmp_path / "lines.marshal"
    path.write_bytes(b"the one file of the code before")
    slugs = [f"profile-{n}" for n in range(40)]
    parts = _parts(slugs)
    ShardedParts(path, 8).save(parts)
    assert not path.exists()  # the code before's file: never read again
    again = ShardedParts(path, 8)
    assert again.known() == parts
    # The parts of one profile share a shard.
    assert len({again.shard_of(p) for p in _parts(["profile-7"])}) == 1
    before = _inodes(again)
    changed = {**parts, **_parts(["profile-7"], "2")}
    again.save(dict(changed))
    after = _inodes(again)
    written = [n for n, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
    assert written == [again.shard_of("\0csv/vi/profile-7")]
    assert ShardedParts(path, 8).known() == changed
    # A part let go is a change of its shard too.
    fewer = {p: v for p, v in changed.items() if not p.endswith("/profile-3")}
    before = after
    again.save(fewer)
    after = _inodes(again)
    assert sum(old != new for old, new in zip(before, after, strict=True)) == 1
    assert ShardedParts(path, 8).known() == fewer


def test_a_part_is_read_and_updated_in_its_shard_alone(tmp_path: Path) -> None:
    # A roll page's workbook made again asks for its own entries' rows, an edit's lines are
    # kept beside the others: neither reads every shard (issue #21).
    path = tmp_path / "lines.marshal"
    parts = _parts([f"profile-{n}" for n in range(40)])
    ShardedParts(path, 8).save(parts)
    reads: list[Path] = []
    known = KeptParts.known

    def counted(self: KeptParts) -> Parts:
        if self._known is None:
            reads.append(self.path)
        return known(self)

    again = ShardedParts(path, 8)
    try:
        KeptParts.known = counted  # type: ignore[method-assign]
        assert again.get("\0csv/vi/profile-7") == parts["\0csv/vi/profile-7"]
        assert again.get("\0csv/vi/no-such") is None
        assert len(reads) == 2  # the two parts' shards, no other
        before = _inodes(again)
        made = _parts(["profile-7"], "2")
        again.update(made)
        own = again.shard_of("\0csv/vi/profile-7")
        assert again.shards[own].path in reads and len(reads) <= 3  # its own read
        written = [n for n, (a, b) in enumerate(zip(before, _inodes(again), strict=True)) if a != b]
        assert written == [own]
        once = _inodes(again)
        again.update(made)  # the same parts again: nothing written
        assert _inodes(again) == once
    finally:
        KeptParts.known = known  # type: ignore[method-assign]
    assert ShardedParts(path, 8).known() == {**parts, **made}
    # With `keep`, every shard is read and the parts it does not keep are let go.
    ShardedParts(path, 8).update({}, lambda p: not p.startswith("\0csv/"))
    assert ShardedParts(path, 8).known() == {
        p: v for p, v in {**parts, **made}.items() if not p.startswith("\0csv/")
    }


def test_parts_gone_are_dropped_from_their_shards_alone(tmp_path: Path) -> None:
    # The statistics' facts of a profile renamed or removed go with it (keptcounts): only
    # the shards of the parts that went and of those made are written.
    path = tmp_path / "facts.marshal"
    parts = _parts([f"profile-{n}" for n in range(40)])
    ShardedParts(path, 8).save(parts)
    again = ShardedParts(path, 8)
    before = _inodes(again)
    gone = ["\0csv/vi/profile-3", "\0xlsx-rows/roll/profile-3", "\0csv/vi/no-such"]
    made = _parts(["profile-41"])
    again.update(made, gone=gone)
    shards = {again.shard_of("\0csv/vi/profile-3"), again.shard_of("\0csv/vi/profile-41")}
    written = {n for n, (a, b) in enumerate(zip(before, _inodes(again), strict=True)) if a != b}
    assert written == shards
    expected = {p: v for p, v in {**parts, **made}.items() if not p.endswith("/profile-3")}
    assert ShardedParts(path, 8).known() == expected
    # A part both made and gone is kept (made wins); a part of no shard's: nothing written.
    once = _inodes(again)
    again.update({}, gone=["\0csv/vi/no-such"])
    assert _inodes(again) == once
    again.update(_parts(["profile-5"], "2"), gone=["\0csv/vi/profile-5"])
    assert (
        ShardedParts(path, 8).get("\0csv/vi/profile-5")
        == _parts(["profile-5"], "2")["\0csv/vi/profile-5"]
    )
    # With `keep` too, what is gone goes.
    ShardedParts(path, 8).update({}, lambda p: True, gone=["\0csv/vi/profile-7"])
    assert ShardedParts(path, 8).get("\0csv/vi/profile-7") is None
    assert ShardedParts(path, 8).get("\0xlsx-rows/roll/profile-7") is not None


def test_a_damaged_shard_loses_its_own_parts(tmp_path: Path) -> None:
    path = tmp_path / "lines.marshal"
    parts = _parts([f"profile-{n}" for n in range(40)])
    sharded = ShardedParts(path, 8)
    sharded.save(parts)
    damaged = sharded.shards[3]
    data = damaged.path.read_bytes()
    at = len(data) // 2
    damaged.path.write_bytes(data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :])
    lost = KeptParts(damaged.path).known()
    assert lost == {}
    read = ShardedParts(path, 8).known()
    expected = {p: v for p, v in parts.items() if sharded.shard_of(p) != 3}
    assert read == expected and len(read) < len(parts)


@pytest.mark.slow
def test_an_award_edit_writes_the_shard_of_its_profile(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write_project(root, 30, seed=1)
    assert build_project(root, today=TODAY).built
    lines = ShardedParts(root / ".vinhdanh-cache/build" / OPEN_DATA_LINES_FILE, LINES_SHARDS)
    kinds = {p.rpartition("/")[0] + "/" for p in lines.known()}
    assert any(k.startswith(publish.XLSX_CHUNK) for k in kinds)
    # The tables and the profile index's pages are spliced from their own files, not kept here.
    retired = ("\0csv/", f"{publish.XLSX_CHUNK}roll/", "\0api-summary/")
    assert not any(k.startswith(retired) for k in kinds)
    before, parts_before = _inodes(lines), lines.known()
    slug = Path(EDITS["award"](root, 1)).stem
    assert build_project(root, today=TODAY).built
    after, parts_after = _inodes(lines), ShardedParts(lines.path, LINES_SHARDS).known()
    written = [n for n, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
    changed = {
        p
        for p in parts_before.keys() | parts_after.keys()
        if parts_before.get(p) != parts_after.get(p)
    }
    # What changed: the profile's own lines (its rows of its roll pages' workbooks); no other
    # profile's lines (the CSVs and the roll's workbook are spliced from their files).
    assert changed and all(p.endswith(f"/{slug}") for p in changed)
    assert any(p.startswith(publish.XLSX_CHUNK) for p in changed)
    # Only the shards holding a changed part are written again.
    assert written == sorted({lines.shard_of(p) for p in changed}) == [lines.shard_of(slug)]
    assert len(written) < LINES_SHARDS // 4
