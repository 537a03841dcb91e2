"""The build cache's marshal files (`BuildCache.save_marshal`) end with the CRC-32 of their
bytes, checked before they are read: a file damaged so that it still reads as marshal data
(a byte changed inside a text) is ignored whole, never published."""

from __future__ import annotations

import marshal
import zlib
from pathlib import Path

from generator.commands.build import build_project
from generator.commands.reuse import DOCUMENTS_FILE, DOCUMENTS_SINCE_FILE, OPEN_DATA_FILE
from generator.incremental.buildcache import FORMAT, BuildCache
from generator.incremental.pagecache import KeptParts
from generator.model.sourcefiles import load_parses
from tests.projects import built_with_cache, write_build_project

CAMPAIGN_TEXT = "Nội dung phong trào"  # the campaign's body (tests/projects.DAN_VAN_KHEO)
DAMAGED_TEXT = CAMPAIGN_TEXT.replace("dung", "dXng")  # the same length in UTF-8
CAMPAIGN = "content/campaigns/dan-van-kheo.md"


def _edit_and_compare(
    root: Path, clean_root: Path, today: object, damaged: bytes, edit: tuple[str, str]
) -> None:
    """Edit Hoa's profile (`edit`: a text and its replacement) in `root` and a clean copy,
    build both and compare their sites; none of their files holds the `damaged` bytes."""
    edited = root / "profiles" / "nguyen-thi-hoa.yml"
    text = edited.read_text("utf-8").replace(*edit)
    assert text != edited.read_text("utf-8")
    edited.write_text(text, "utf-8")
    assert build_project(root, today=today).built  # type: ignore[arg-type]
    clean = write_build_project(clean_root)
    (clean / "profiles" / "nguyen-thi-hoa.yml").write_text(text, "utf-8")
    assert build_project(clean, today=today).built  # type: ignore[arg-type]
    site, expected = root / "site", clean / "site"
    names = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(expected) for p in expected.rglob("*") if p.is_file())
    assert [n for n in names if damaged in (site / n).read_bytes()] == []
    assert [n for n in names if (site / n).read_bytes() != (expected / n).read_bytes()] == []


def test_a_parse_damaged_inside_a_text_is_never_published(tmp_path: Path) -> None:
    # A byte of the campaign's body changed in documents.marshal: its index (digest and
    # findings) sound, under the file's unchanged digest. Read as is, the campaign's page
    # (made again by the edit of one of its members) would carry the damaged text: its part's
    # own CRC-32 is checked when it is first read, and the file parsed again.
    root, saved, today = built_with_cache(tmp_path / "project", DOCUMENTS_FILE)
    data = saved.read_bytes()
    assert data.count(CAMPAIGN_TEXT.encode("utf-8")) == 1
    damaged = data.replace(CAMPAIGN_TEXT.encode("utf-8"), DAMAGED_TEXT.encode("utf-8"))
    saved.write_bytes(damaged)
    parses = load_parses(BuildCache(root), DOCUMENTS_FILE)
    assert parses[CAMPAIGN][1].parts() is None, "the part is damaged"
    assert all(found.parts() is not None for rel, (_d, found) in parses.items() if rel != CAMPAIGN)
    # Her name edited: her campaign's page and the listings are made again.
    name = ("given: Hoa", "given: Hòa")
    _edit_and_compare(root, tmp_path / "clean", today, DAMAGED_TEXT.encode("utf-8"), name)
    # Parsed again, it is saved apart from the damaged one, and read from there from now on.
    since = load_parses(BuildCache(root), DOCUMENTS_SINCE_FILE)
    parts = since[CAMPAIGN][1].parts()
    assert parts is not None and CAMPAIGN_TEXT in parts[2]


def test_open_data_damaged_inside_a_part_is_never_published(tmp_path: Path) -> None:
    # The open data's kept parts (here a profile's Atom entry, its title): a byte changed
    # inside one is read as the part itself, under its unchanged key.
    root, saved, today = built_with_cache(tmp_path / "project", OPEN_DATA_FILE)
    data = saved.read_bytes()
    at = data.index(b"<title>")
    marker = data[at : data.index(b"</title>", at)]
    assert len(marker) > 12 and data.count(marker) == 1
    changed = marker[:-1] + bytes([marker[-1] ^ 1])
    damaged = data.replace(marker, changed)
    version, _value = marshal.loads(damaged)
    assert version == FORMAT
    saved.write_bytes(damaged)
    assert BuildCache(root).load_marshal(OPEN_DATA_FILE) == {}
    # A summary edited: the listings' key is the same, so the kept parts would be read.
    summary = ("dạy giỏi nhiều năm", "dạy giỏi bảy năm")
    _edit_and_compare(root, tmp_path / "clean", today, changed, summary)


def test_a_file_saved_is_read_back_and_a_truncated_one_is_not(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.folder.mkdir(parents=True)
    value = {"a": (1, b"x" * 100, "chữ"), "b": [2.5, None]}
    cache.save_marshal("x.marshal", value)
    assert cache.load_marshal("x.marshal") == value
    path = cache.folder / "x.marshal"
    data = path.read_bytes()
    for cut in (0, 1, 4, len(data) - 5, len(data) - 1):
        path.write_bytes(data[:cut])
        assert cache.load_marshal("x.marshal") == {}
    # The value as a version without the CRC wrote it: not read.
    path.write_bytes(marshal.dumps((FORMAT, value)))
    assert cache.load_marshal("x.marshal") == {}


def test_kept_parts_of_an_older_format_are_not_read(tmp_path: Path) -> None:
    # open-data-lines.marshal is a file of the build cache like the others: a FORMAT bump
    # ignores it with them (tests/test_incremental_layer.py's older-format test reads every
    # file as (FORMAT, value)); its CRC-32 still ends it.
    path = tmp_path / "lines.marshal"
    parts = {"\0csv/vi/a": ("key", b"a,b\r\n")}
    KeptParts(path).save(parts)
    assert KeptParts(path).known() == parts
    version, value = marshal.loads(path.read_bytes())
    assert (version, value) == (FORMAT, parts)
    older = marshal.dumps((FORMAT - 1, parts))
    path.write_bytes(older + zlib.crc32(older).to_bytes(4, "big"))
    assert KeptParts(path).known() == {}
    data = bytearray(marshal.dumps((FORMAT, parts)))
    data[-3] ^= 1  # a byte inside: its CRC-32 says so
    path.write_bytes(bytes(data) + zlib.crc32(marshal.dumps((FORMAT, parts))).to_bytes(4, "big"))
    assert KeptParts(path).known() == {}
