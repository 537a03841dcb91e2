"""The sharded search index (generator/search/index.py): shards merged give the very bytes one
Pagefind run gives, an edit re-indexes one shard, and the bundle folder is kept in step."""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import marshal
import os
import pickle
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cbor2
import pytest

import generator.search.facetcounts as facetcounts
import generator.search.gzipfiles as gzipfiles
import generator.search.index as searchindex
import generator.search.records as searchrecords
import generator.search.shards as searchshards
from benchmarks.synthetic import write_project
from generator.commands.rendering import search_changes
from generator.incremental.ledger import Ledger
from generator.incremental.pagecache import PageCache
from generator.model.entries import Entry, Site
from generator.model.site import build_site
from generator.search.bundle import SIGNATURE, bundle_files, sort_orders, write_index
from generator.search.facetcounts import counted_facet_values
from generator.search.index import shard_count, shard_of, write_sharded
from generator.search.pagefind import PagefindService, SearchIndexError
from generator.search.plan import load_plan
from generator.search.recordcache import RECORDS_FILE, KeptRecord, packed_rows, unpacked_rows
from generator.search.records import INDEX_DIR, LANGUAGE, SearchRecord, iter_search_records
from generator.search.searchpage import facet_values
from tests.browser import ROOT, open_probe, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(scope="module")
def records() -> list[SearchRecord]:
    site, _ = build_site(ROOT)
    assert site is not None
    # Every third profile with a photo: shards then differ in their meta fields.
    thumbnails = {e.slug: f"ho-so/{e.slug}/anh-160.webp" for e in site.published()[::3]}
    found = list(iter_search_records(site, None, thumbnails))
    assert len(found) > 40
    assert any("image" in r.meta for r in found) and any("image" not in r.meta for r in found)
    return found


@pytest.fixture(autouse=True)
def small_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    # A few records a shard: many shards, some without a photo (another meta field list).
    monkeypatch.setattr(searchindex, "SHARD_RECORDS", 4)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _in_shard_order(records: list[SearchRecord]) -> list[SearchRecord]:
    count = shard_count(len(records))
    return sorted(records, key=lambda r: (shard_of(r.url, count), r.url))  # URL order within


def _single(records: list[SearchRecord], folder: Path) -> dict[str, bytes]:
    write_index(_in_shard_order(records), folder)
    return _tree(folder)


@pytest.mark.slow
def test_merged_shards_are_one_pagefind_run(records: list[SearchRecord], tmp_path: Path) -> None:
    stats = write_sharded(records, tmp_path / "merged", tmp_path / "cache")
    assert stats.shards == shard_count(len(records)) >= 16
    filled = {shard_of(r.url, stats.shards) for r in records}
    assert stats.shards_indexed == len(filled) < stats.shards  # no Pagefind run for an empty one
    merged = _tree(tmp_path / "merged")
    assert merged == _single(records, tmp_path / "single")
    assert sum(name.startswith("fragment/") for name in merged) == len(records)
    assert sum(name.startswith("index/") for name in merged) > 1  # words spliced across chunks


@pytest.mark.slow
def test_an_edit_reindexes_one_shard(records: list[SearchRecord], tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    write_sharded(records, out, cache)
    before = {rel: os.stat(out / rel).st_ino for rel in _tree(out)}
    edited = list(records)
    target = next(i for i, r in enumerate(edited) if r.url.startswith("ho-so/"))
    changed = replace(edited[target], blocks=[*edited[target].blocks, (1.0, "Zyxwvu")], html=None)
    edited[target] = changed
    stats = write_sharded(edited, out, cache)
    assert stats.shards_indexed == 1
    # Only the words whose runs changed in that shard are spliced again (shards.SpliceMemo):
    # "zyxwvu", and the record's words after it (their locations moved).
    assert 1 <= stats.words_spliced < stats.words // 20
    assert _tree(out) == _single(edited, tmp_path / "single")
    after = {rel: os.stat(out / rel).st_ino for rel in _tree(out)}
    kept = [rel for rel in after if before.get(rel) == after[rel]]
    assert len(kept) > len(after) * 0.8  # unchanged files are left alone (site/ links them)
    # Of the fragments, only the edited record's is new: its shard's others keep their file.
    fragments = [rel for rel in after if rel.startswith("fragment/")]
    assert len([rel for rel in fragments if rel not in kept]) == 1
    assert stats.files_changed < len(after) * 0.2
    # Nothing to do the next time.
    again = write_sharded(edited, out, cache)
    assert again.shards_indexed == 0 and again.files_changed == 0
    assert _tree(out) == _single(edited, tmp_path / "single2")


@pytest.mark.slow
def test_a_record_moved_in_name_order_keeps_its_page(
    records: list[SearchRecord], tmp_path: Path
) -> None:
    # A rename moves a profile from one end of the name order (the records' order) to the
    # other. Its page stays where its URL puts it in its shard: the pages it passes keep
    # their numbers, so the edit splices and writes what the same edit in place does (before,
    # every word of its shard was spliced again and nearly every chunk file written).
    count = shard_count(len(records))
    shards: dict[int, list[int]] = {}
    for i, record in enumerate(records):
        shards.setdefault(shard_of(record.url, count), []).append(i)
    # The first profile of a shard of three or more, in the records' order: it passes them.
    target = next(
        i
        for i, r in enumerate(records)
        if r.url.startswith("ho-so/")
        and len(shards[shard_of(r.url, count)]) >= 3
        and shards[shard_of(r.url, count)][0] == i
    )
    edited = replace(records[target], blocks=[*records[target].blocks, (1.0, "Zyxwvu")], html=None)
    in_place = [*records[:target], edited, *records[target + 1 :]]
    moved = [*records[:target], *records[target + 1 :], edited]
    trees, stats = [], []
    for name, now in (("in-place", in_place), ("moved", moved)):
        out, cache = tmp_path / name, tmp_path / f"{name}-cache"
        write_sharded(records, out, cache)
        stats.append(write_sharded(now, out, cache))
        trees.append(_tree(out))
    assert trees[1] == trees[0] == _single(moved, tmp_path / "single")
    assert stats[1].shards_indexed == stats[0].shards_indexed == 1
    assert stats[1].words_spliced == stats[0].words_spliced < stats[0].words // 20
    assert stats[1].files_changed == stats[0].files_changed


@pytest.mark.slow
def test_sort_orders_are_kept_while_the_sort_keys_are_the_same(
    records: list[SearchRecord], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An edit of a summary changes no sort key, and the orders sort every record (0.4 s at
    # 100,000): the merge keeps them by a digest of the sort keys in page order.
    out, cache = tmp_path / "out", tmp_path / "cache"
    write_sharded(records, out, cache)
    sorted_now: list[int] = []
    real = sort_orders

    def counted(made: list[SearchRecord]) -> list[Any]:
        sorted_now.append(len(made))
        return real(made)

    monkeypatch.setattr(searchindex, "sort_orders", counted)
    edited = list(records)
    target = next(i for i, r in enumerate(edited) if r.url.startswith("ho-so/"))
    edited[target] = replace(edited[target], blocks=[(1.0, "Zyxwvu")], html=None)
    write_sharded(edited, out, cache)
    assert sorted_now == []
    assert _tree(out) == _single(edited, tmp_path / "single")
    # Another year: sorted again. A damaged file: sorted again, never read.
    edited[target] = replace(edited[target], sort={**edited[target].sort, "nam": "1901"})
    write_sharded(edited, out, cache)
    assert sorted_now == [len(records)]
    assert _tree(out) == _single(edited, tmp_path / "single2")
    kept = cache / searchindex.SORTS_FILE
    data = bytearray(kept.read_bytes())
    data[30] ^= 1
    kept.write_bytes(bytes(data))
    edited[target] = replace(edited[target], blocks=[(1.0, "Zyxwvu hai")], html=None)
    write_sharded(edited, out, cache)
    assert sorted_now == [len(records)] * 2
    assert _tree(out) == _single(edited, tmp_path / "single3")


def test_sort_orders_kept_by_another_format_are_made_again(
    records: list[SearchRecord], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The orders are made by this code (bundle.sort_orders), and the cache's FORMAT is what a
    # change of its search files bumps (shards, splice memo, Pagefind identity): kept by the
    # sort keys alone, orders made by older code outlived the bump while no sort key changed.
    path = tmp_path / searchindex.SORTS_FILE
    made = searchindex._kept_sort_orders(path, records)
    other: list[Any] = [["nam", list(range(len(records)))]]
    monkeypatch.setattr(searchindex, "sort_orders", lambda _records: other)
    assert searchindex._kept_sort_orders(path, records) == made  # kept: the same keys
    monkeypatch.setattr(searchindex, "FORMAT", f"{searchindex.FORMAT}-next")
    assert searchindex._kept_sort_orders(path, records) == other


@pytest.mark.slow
def test_added_and_removed_records(records: list[SearchRecord], tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    write_sharded(records, out, cache)
    extra = SearchRecord(url="ho-so/nguoi-moi/", title="Người Mới Thêm")
    extra.add(1.0, "Một hồ sơ mới được thêm vào giữa danh sách.")
    extra.facet("loai", "Cá nhân")
    extra.sort.update({"ten": "00000", "nam": "2031"})  # first by name: every rank would shift
    grown = [extra, *records]
    stats = write_sharded(grown, out, cache)
    assert stats.shards_indexed == 1
    assert _tree(out) == _single(grown, tmp_path / "single")
    shrunk = records[: len(records) // 2]
    write_sharded(shrunk, out, cache)
    assert _tree(out) == _single(shrunk, tmp_path / "single2")
    # Shards no build uses any more are pruned from the cache.
    kept = {p.name for p in cache.iterdir() if p.is_dir() and p.name != "common"}
    assert len(kept) == len({shard_of(r.url, shard_count(len(shrunk))) for r in shrunk})


@pytest.mark.slow
def test_a_record_added_splices_again_only_the_words_of_the_shards_it_moves(
    records: list[SearchRecord], tmp_path: Path
) -> None:
    # A new profile moves the pages of the shards after its own, and the words those hold
    # (the first posting of each of their runs may change); the words only earlier shards
    # hold keep their entries (before, every word was spliced again).
    out, cache = tmp_path / "out", tmp_path / "cache"
    write_sharded(records, out, cache)
    count = shard_count(len(records))
    # The last shard but one holding any: the last one's pages move.
    late = sorted({shard_of(r.url, count) for r in records})[-2]
    url = next(u for i in range(1000) if shard_of(u := f"ho-so/moi-{i}/", count) == late)
    extra = SearchRecord(url=url, title="Người Mới Thêm")
    extra.add(1.0, "Một hồ sơ mới được thêm vào.")
    extra.sort.update({"ten": "00000", "nam": "2031"})
    grown = [extra, *records]
    assert shard_count(len(grown)) == count
    stats = write_sharded(grown, out, cache)
    assert stats.shards_indexed == 1
    assert 1 <= stats.words_spliced < stats.words // 2
    assert _tree(out) == _single(grown, tmp_path / "single")
    # One in the first shard moves every later one: its words are spliced again, and the
    # bundle is still one Pagefind run's.
    first = min(shard_of(r.url, count) for r in grown)
    url = next(u for i in range(1000) if shard_of(u := f"ho-so/dau-{i}/", count) == first)
    grown = [replace(extra, url=url, html=None), *grown]
    assert shard_count(len(grown)) == count
    stats = write_sharded(grown, out, cache)
    assert stats.words_spliced > stats.words // 2
    assert _tree(out) == _single(grown, tmp_path / "single2")


@pytest.mark.slow
def test_an_edit_reports_the_bundle_files_it_wrote_or_removed(
    records: list[SearchRecord], tmp_path: Path
) -> None:
    # The assembly of site/ then looks at the folders holding these paths only (issue #21):
    # fragment/ holds a file a record, read whole on every edit otherwise.
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert write_sharded(records, out, cache).changed_paths is None  # a new folder: walked
    before = {rel: os.stat(out / rel).st_ino for rel in _tree(out)}
    edited = list(records[1:])  # one record gone
    target = next(i for i, r in enumerate(edited) if r.url.startswith("ho-so/"))
    edited[target] = replace(edited[target], blocks=[(1.0, "Zyxwvu")], html=None)
    stats = write_sharded(edited, out, cache)
    after = {rel: os.stat(out / rel).st_ino for rel in _tree(out)}
    differ = {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}
    assert stats.changed_paths == differ
    assert sum(rel.startswith("fragment/") for rel in differ) == 3  # gone, edited (old, new)
    assert stats.files_changed == len(differ)
    assert search_changes(stats) == {f"{INDEX_DIR}/{rel}" for rel in differ}
    assert search_changes(None) == frozenset()  # nothing indexed, nothing written
    # A file left by a hand: the folder is not as the last sync left it, so it is walked and
    # its changes are not known from the sync alone.
    (out / "fragment" / "stray.pf_fragment").write_bytes(b"left over")
    again = write_sharded(edited, out, cache)
    assert again.changed_paths is None and search_changes(again) is None
    assert not (out / "fragment" / "stray.pf_fragment").exists()
    assert write_sharded(edited, out, cache).changed_paths == frozenset()


def _segmented(folder: Path) -> list[str]:
    """The bundle's gzip files of more than one deflate segment (gzipfiles.gzip_file)."""
    return [
        rel
        for rel, data in _tree(folder).items()
        if rel.endswith((".pf_index", ".pf_meta", ".pf_filter"))
        and data[10:-8] != gzipfiles.deflate_segment(gzip.decompress(data), final=True)
    ]


@pytest.mark.slow
def test_segmented_files_of_an_edit_are_one_runs(
    records: list[SearchRecord], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Segments this short cut the demo's largest files, as a roll's common words are cut.
    monkeypatch.setattr(gzipfiles, "SEGMENT_MIN", 256)
    out, cache = tmp_path / "out", tmp_path / "cache"
    write_sharded(records, out, cache)
    before = _tree(out)
    edited = list(records)
    target = next(i for i, r in enumerate(edited) if r.url.startswith("ho-so/"))
    # A word first: every later word of the record moves, common words' chunks with them.
    blocks = [(1.0, "Zyxwvu"), *edited[target].blocks]
    edited[target] = replace(edited[target], blocks=blocks, html=None)
    write_sharded(edited, out, cache)  # its unchanged segments taken from the last merge
    after = _tree(out)
    assert any(before.get(rel) != after[rel] for rel in _segmented(out))
    assert after == _single(edited, tmp_path / "single")


@pytest.mark.slow
def test_segmented_files_are_read_by_pagefind_in_chromium(
    records: list[SearchRecord], tmp_path: Path, chromium: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    found: dict[int, list[str]] = {}
    default = gzipfiles.SEGMENT_MIN  # the demo's files are shorter: one segment each
    for segment_min in (default, 256):
        monkeypatch.setattr(gzipfiles, "SEGMENT_MIN", segment_min)
        site = tmp_path / str(segment_min)
        write_sharded(records, site / "pagefind", tmp_path / f"cache{segment_min}")
        (site / "index.html").write_text("<!doctype html><title>t</title>", "utf-8")
        with serve(site) as served, open_probe(chromium, served) as probe:
            probe.page.goto(served.url)
            found[segment_min] = probe.page.evaluate(
                """async () => {
                    const pagefind = await import("/pagefind/pagefind.js");
                    await pagefind.init();
                    const urls = [];
                    for (const query of ["nguyen", "bằng khen", "văn"]) {
                        const search = await pagefind.search(query);
                        for (const r of search.results) urls.push((await r.data()).url);
                    }
                    return urls;
                }"""
            )
            assert not probe.page_errors and not probe.console_errors
    assert _segmented(tmp_path / "256" / "pagefind")
    assert not _segmented(tmp_path / str(default) / "pagefind")
    assert len(found[256]) > 20 and found[256] == found[default]


@pytest.mark.slow
def test_a_tampered_bundle_file_is_rewritten(records: list[SearchRecord], tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    write_sharded(records, out, cache)
    good = _tree(out)
    fragment = next(out.glob("fragment/*.pf_fragment"))
    fragment.unlink()
    fragment.write_bytes(b"not a fragment")
    (out / "stray.txt").write_text("left over")
    (out / "pagefind-entry.json").unlink()
    write_sharded(records, out, cache)
    assert _tree(out) == good


@pytest.mark.slow
def test_an_edit_reads_no_bundle_file_stamp_while_the_folders_are_as_left(
    records: list[SearchRecord], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The ledger's rows are trusted whole while the bundle's folders have the stamps the last
    # sync left (a stat of each of ~10,000 files per edit at 10,000 profiles): a file replaced,
    # added or removed changes its folder's stamp, and the files are then checked one by one.
    out, cache = tmp_path / "out", tmp_path / "cache"
    write_sharded(records, out, cache)
    checked: list[str] = []
    real = Ledger.kept

    def counted(self: Ledger, ns: str, path: str, key: str, st: Any = None) -> bool:
        checked.append(path)
        return real(self, ns, path, key, st)

    monkeypatch.setattr(Ledger, "kept", counted)
    edited = list(records)
    target = next(i for i, r in enumerate(edited) if r.url.startswith("ho-so/"))
    edited[target] = replace(edited[target], blocks=[(1.0, "Zyxwvu")], html=None)
    stats = write_sharded(edited, out, cache)
    assert checked == [] and stats.files_changed > 0
    assert _tree(out) == _single(edited, tmp_path / "single")
    fragment = sorted(out.glob("fragment/*.pf_fragment"))[-1]
    good = fragment.read_bytes()
    fragment.unlink()
    fragment.write_bytes(b"not a fragment")  # replaced: its folder's stamp changes
    (out / "stray.txt").write_text("left over")
    write_sharded(edited, out, cache)
    assert len(checked) == len(_tree(out)) and fragment.read_bytes() == good
    assert _tree(out) == _single(edited, tmp_path / "single2")


@pytest.mark.slow
def test_an_edit_reads_no_bundle_folder(
    records: list[SearchRecord], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # fragment/ holds a file a record: the sync trusts the folder by the stamps of the folders
    # its files are in (`bundle_stamps`), not of a walk that read fragment/ whole twice an
    # edit (issue #21).
    out, cache = tmp_path / "out", tmp_path / "cache"
    write_sharded(records, out, cache)
    read: list[str] = []
    real = os.scandir

    def counted(path: Any = ".") -> Any:
        read.append(str(path))  # a file descriptor too (shutil.rmtree)
        return real(path)

    monkeypatch.setattr(os, "scandir", counted)
    edited = list(records[1:])
    target = next(i for i, r in enumerate(edited) if r.url.startswith("ho-so/"))
    edited[target] = replace(edited[target], blocks=[(1.0, "Zyxwvu")], html=None)
    stats = write_sharded(edited, out, cache)
    assert stats.changed_paths  # trusted: not walked
    assert [p for p in read if p.startswith(str(out))] == []
    monkeypatch.setattr(os, "scandir", real)
    assert _tree(out) == _single(edited, tmp_path / "single")
    (out / "fragment" / "stray.pf_fragment").write_bytes(b"left over")  # fragment/'s stamp
    assert write_sharded(edited, out, cache).changed_paths is None
    assert _tree(out) == _single(edited, tmp_path / "single2")


def _colliding(records: list[SearchRecord]) -> tuple[list[SearchRecord], list[list[str]]]:
    """Records whose Pagefind fragment names coincide: two pairs in two shards, one in one.

    Found as Pagefind names fragments (the first 7 hex digits of the SHA-1 of their JSON,
    bytes without leading zeros), on the JSON Pagefind writes for a template record with the
    URL changed: ~2^13 URLs give a pair. The test then checks that the shards' names collide.
    """
    template = SearchRecord(url="ho-so/trung-ten-0/", title="Nguyễn Văn Trùng Lặp")
    template.add(1.0, "Hai hồ sơ có tên tệp kết quả trùng nhau: xuanthuylap.")
    template.facet("loai", "Cá nhân")
    template.sort.update({"ten": "99999", "nam": "2031"})
    service = PagefindService()
    try:
        files = bundle_files(service, [template])
    finally:
        service.close()
    (fragment,) = [data for path, data in files.items() if path.startswith("fragment/")]
    text = gzip.decompress(fragment)[len(SIGNATURE) :].decode("utf-8")
    head, tail = text.split('"/ho-so/trung-ten-0/"')
    count = shard_count(len(records) + 6)
    seen: dict[str, str] = {}
    apart: list[list[str]] = []
    together: list[list[str]] = []
    for n in itertools.count(1):
        url = f"ho-so/trung-ten-{n}/"
        data = f'{head}"/{url}"{tail}'.encode()
        name = "".join(f"{b:x}" for b in hashlib.sha1(data, usedforsecurity=False).digest())[:7]
        other = seen.setdefault(name, url)
        if other != url:
            same = shard_of(other, count) == shard_of(url, count)
            (together if same else apart).append([other, url])
            if len(apart) >= 2 and together:
                break
    pairs = [*apart[:2], together[0]]
    made = [replace(template, url=url, sort=dict(template.sort)) for pair in pairs for url in pair]
    return made, pairs


def _meta(out: Path) -> list[Any]:
    entry = json.loads((out / "pagefind-entry.json").read_bytes())
    raw = gzip.decompress(
        (out / f"pagefind.{entry['languages'][LANGUAGE]['hash']}.pf_meta").read_bytes()
    )
    meta: list[Any] = cbor2.loads(raw[len(SIGNATURE) :])
    return meta


def _page_urls(out: Path) -> dict[str, str]:
    """Fragment name -> the URL its file holds, for every page of the merged metadata."""
    urls: dict[str, str] = {}
    for name, _words in _meta(out)[1]:
        raw = gzip.decompress((out / f"fragment/{name}.pf_fragment").read_bytes())
        urls[name] = json.loads(raw[len(SIGNATURE) :])["url"]
    return urls


def _live_shards(cache: Path) -> set[str]:
    return {p.name for p in cache.iterdir() if p.is_dir() and p.name != "common"}


@pytest.mark.slow
def test_fragment_names_shared_by_shards_are_lengthened(
    records: list[SearchRecord], tmp_path: Path
) -> None:
    made, pairs = _colliding(records)
    grown = [*records, *made]
    out, cache = tmp_path / "out", tmp_path / "cache"
    stats = write_sharded(grown, out, cache)
    # Merged from the shards (no Pagefind run over every record), as one run names them.
    filled = {shard_of(r.url, stats.shards) for r in grown}
    assert stats.shards == shard_count(len(grown)) >= 16
    assert stats.shards_indexed == len(filled)
    assert stats.fragments_renamed == 2  # the pair in one shard: Pagefind's own names
    assert _tree(out) == _single(grown, tmp_path / "single")
    # The shards' own names did collide: each pair's two files in the cache share a name.
    cached: dict[str, set[str]] = {}
    for folder in cache.iterdir():
        if (folder / "fragments.marshal").is_file():
            for name in marshal.loads((folder / "fragments.marshal").read_bytes()):
                cached.setdefault(name.removesuffix(".pf_fragment"), set()).add(folder.name)
    shared = [name for name, folders in cached.items() if len(folders) > 1]
    assert len(shared) == 2
    # Every page of the metadata has its own fragment file, holding its own URL; each
    # colliding pair: one keeps the 7-digit name, the other has it lengthened.
    urls = _page_urls(out)
    assert sorted(urls.values()) == sorted("/" + r.url for r in grown)
    named = {url: name for name, url in urls.items()}
    for first, second in pairs:
        a, b = sorted((named["/" + first], named["/" + second]), key=len)
        assert len(a) == len("vi_") + 7 and len(b) > len(a) and b.startswith(a)
    assert sum(p.name.endswith(".pf_fragment") for p in out.rglob("*")) == len(grown)


@pytest.mark.slow
def test_an_edit_after_a_collision_reindexes_one_shard(
    records: list[SearchRecord], tmp_path: Path
) -> None:
    made, pairs = _colliding(records)
    grown = [*records, *made]
    out, cache = tmp_path / "out", tmp_path / "cache"
    count = write_sharded(grown, out, cache).shards
    # The pair's page that kept its name changes: the other's name goes back to 7 digits,
    # though its shard is not indexed again.
    urls = {url: name for name, url in _page_urls(out).items()}
    first, second = pairs[0]
    kept = first if len(urls["/" + first]) < len(urls["/" + second]) else second
    edited = list(grown)
    i = next(i for i, r in enumerate(edited) if r.url == kept)
    edited[i] = replace(edited[i], blocks=[*edited[i].blocks, (1.0, "Zyxwvu")], html=None)
    stats = write_sharded(edited, out, cache)
    assert stats.shards == count and stats.shards_indexed == 1
    assert stats.fragments_renamed == 1
    assert _tree(out) == _single(edited, tmp_path / "single")
    renamed = second if kept == first else first
    assert _page_urls(out)[urls["/" + renamed][:10]] == "/" + renamed
    # A second edit elsewhere: one shard again, and the cache holds the live shards only.
    other = next(i for i, r in enumerate(edited) if r.url.startswith("ho-so/") and r not in made)
    edited[other] = replace(edited[other], title=edited[other].title + " Con", html=None)
    stats = write_sharded(edited, out, cache)
    assert stats.shards_indexed == 1 and stats.fragments_renamed == 1
    assert _tree(out) == _single(edited, tmp_path / "single2")
    assert _live_shards(cache) == {
        searchindex._shard_key(
            searchindex._pagefind_identity(),
            [r for r in _in_shard_order(edited) if shard_of(r.url, count) == s],
        )
        for s in {shard_of(r.url, count) for r in edited}
    }
    again = write_sharded(edited, out, cache)
    assert again.shards_indexed == 0 and again.files_changed == 0


@pytest.mark.slow
def test_colliding_pages_are_both_found_in_chromium(
    records: list[SearchRecord], tmp_path: Path, chromium: Browser
) -> None:
    made, pairs = _colliding(records)
    site = tmp_path / "site"
    write_sharded([*records, *made], site / "pagefind", tmp_path / "cache")
    (site / "index.html").write_text("<!doctype html><title>t</title>", "utf-8")
    with serve(site) as served, open_probe(chromium, served) as probe:
        probe.page.goto(served.url)
        found = probe.page.evaluate(
            """async () => {
                const pagefind = await import("/pagefind/pagefind.js");
                await pagefind.init();
                const search = await pagefind.search("xuanthuylap");
                return Promise.all(search.results.map(async (r) => (await r.data()).url));
            }"""
        )
        assert not probe.page_errors and not probe.console_errors
    assert sorted(found) == sorted("/" + url for pair in pairs for url in pair)


def test_sort_orders_are_pagefinds(records: list[SearchRecord]) -> None:
    # Records carry no sort keys in their HTML (ranks shift when a profile is added), so the
    # orders are computed: here against Pagefind's own, from sort keys put back in the HTML.
    sample = list(records)
    sample[3] = replace(sample[3], sort={**sample[3].sort, "nam": sample[5].sort["nam"]})
    sample.append(replace(sample[0], url="ho-so/chu-la/", sort={"ten": "b", "x": "1.5"}))
    service = PagefindService()
    try:
        index = service.new_index({"force_language": LANGUAGE})
        for record in sample:
            spans = "".join(
                f'<span data-pagefind-sort="{k}">{v}</span>' for k, v in record.sort.items()
            )
            page = record.to_html().replace("</body>", f"<div>{spans}</div></body>")
            service.add_html(index, "/" + record.url, page)
        files = service.get_files(index)
    finally:
        service.close()
    entry = json.loads(files["pagefind-entry.json"])
    meta_file = files[f"pagefind.{entry['languages'][LANGUAGE]['hash']}.pf_meta"]
    meta = cbor2.loads(gzip.decompress(meta_file)[len(b"pagefind_dcd") :])
    assert sorted(meta[4]) == sort_orders(sample)
    assert [name for name, _pages in sort_orders(sample)] == ["nam", "ten", "x"]


def _shard(*wholes: str) -> searchshards.Shard:
    """A shard of pages with these whole hashes, named as Pagefind names them in one run."""
    (names,) = searchshards.fragment_names([_shard_named(wholes, list(wholes))])
    return _shard_named(wholes, names)


def _shard_named(wholes: tuple[str, ...], names: list[str]) -> searchshards.Shard:
    pages = [(name, 3) for name in names]
    return searchshards.Shard(pages, {}, {}, [], {}, dict(zip(names, wholes, strict=True)))


def test_fragment_names_follow_pagefinds_rule() -> None:
    # Page order decides: a name an earlier page holds (in any shard) gets one more digit.
    a = _shard("vi_abcdef01234", "vi_abcdef09999")  # a pair within one shard
    assert [name for name, _w in a.pages] == ["vi_abcdef0", "vi_abcdef09"]
    b = _shard("vi_1111111aaaa", "vi_abcdef0999f", "vi_abcdef01299")
    assert searchshards.fragment_names([a, b]) == [
        ["vi_abcdef0", "vi_abcdef09"],
        ["vi_1111111", "vi_abcdef099", "vi_abcdef01"],
    ]
    assert searchshards.fragment_names([b, a]) == [
        ["vi_1111111", "vi_abcdef0", "vi_abcdef01"],
        ["vi_abcdef012", "vi_abcdef09"],
    ]
    # The same result data twice (one URL twice): refused, never one page shown for two.
    with pytest.raises(SearchIndexError, match="same fragment") as raised:
        searchshards.fragment_names([a, _shard("vi_abcdef01234")])
    # Said through the catalogue (an editor reads Vietnamese first), the detail kept inside.
    [problem] = raised.value.problems
    assert (problem.path, problem.code) == ("build/search", "build.search_index_failed")
    assert problem.message("vi").startswith("không lập được chỉ mục tìm kiếm (two search rec")
    assert "build again with --clean" in problem.message("en")
    again = pickle.loads(pickle.dumps(raised.value))
    assert again.problems == [problem]


@pytest.mark.slow
def test_no_records_leave_no_shard_folders(records: list[SearchRecord], tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    write_sharded(records[:10], out, cache)
    assert _live_shards(cache)
    write_sharded([], out, cache)
    assert _live_shards(cache) == set()


@pytest.mark.slow
def test_a_damaged_shard_cache_heals(records: list[SearchRecord], tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    write_sharded(records, out, cache)
    good = _tree(out)
    shards = sorted(p for p in cache.iterdir() if (p / "fragments.marshal").is_file())
    (shards[0] / "fragments.marshal").write_bytes(b"\x00broken")
    (shards[1] / "fragments.marshal").unlink()
    for fragment in list(out.glob("fragment/*.pf_fragment")):
        fragment.unlink()  # so the damaged fragments are needed
    stats = write_sharded(records, out, cache)
    assert _tree(out) == good
    assert stats.shards_indexed >= 1
    assert write_sharded(records, out, cache).shards_indexed == 0  # healed for good


@pytest.mark.slow
def test_a_byte_changed_in_a_shards_words_is_not_published(
    records: list[SearchRecord], tmp_path: Path
) -> None:
    # A word's runs are decoded only when looked up, and their bytes spliced as they are: a
    # damaged shard file is found by its CRC-32 and indexed again, never published.
    out, cache = tmp_path / "out", tmp_path / "cache"
    write_sharded(records, out, cache)
    good = _tree(out)
    path = max(cache.glob("*/shard.marshal"), key=lambda p: p.stat().st_size)
    data = bytearray(path.read_bytes())
    shard = searchshards.Shard.load(bytes(data))
    assert shard is not None
    # A location inside a word's postings: the file still reads, the postings do not.
    tails = (runs[0][4] for runs in shard.words.values() if runs[0] is not None)
    tail = next(t for t in tails if len(t) >= 8 and data.count(t) == 1)
    data[data.find(tail) + len(tail) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    (cache / searchindex.SPLICED_FILE).unlink()  # so every word is spliced from the shards
    stats = write_sharded(records, out, cache)
    assert stats.shards_indexed == 1
    assert _tree(out) == good


@pytest.mark.slow
def test_an_edit_decodes_only_the_changed_words_of_the_other_shards(
    records: list[SearchRecord], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The other shards' words are looked up, not decoded whole (most of loading the shards).
    out, cache = tmp_path / "out", tmp_path / "cache"
    write_sharded(records, out, cache)
    decoded: list[str] = []
    real = searchshards.PackedWords.__getitem__

    def counted(self: searchshards.PackedWords, word: str) -> Any:
        decoded.append(word)
        return real(self, word)

    monkeypatch.setattr(searchshards.PackedWords, "__getitem__", counted)
    edited = list(records)
    target = next(i for i, r in enumerate(edited) if r.url.startswith("ho-so/"))
    blocks = [*edited[target].blocks, (1.0, "Zyxwvu")]
    edited[target] = replace(edited[target], blocks=blocks, html=None)
    stats = write_sharded(edited, out, cache)
    assert stats.shards_indexed == 1 and stats.words_spliced < stats.words // 20
    # The changed words in each shard holding them, and the old version of the indexed shard.
    assert len(decoded) < stats.words // 4
    assert _tree(out) == _single(edited, tmp_path / "single")


@pytest.mark.slow
def test_an_edit_makes_again_only_the_records_its_shard_indexes(tmp_path: Path) -> None:
    # The search child of an edit build (rendering._index_records): records of unchanged
    # entries are their cache rows (KeptRecord: URL, digest, sort keys), the edited one is
    # made, and only the records of the shard Pagefind indexes again are made again from the
    # model; the bundle is still byte for byte one Pagefind run's.
    site, _ = build_site(ROOT)
    assert site is not None
    published = site.published()
    cache = PageCache(context="c", entries={e.slug: f"digest {e.slug}" for e in published})
    made = list(iter_search_records(site, None, None, cache))
    assert not any(isinstance(r, KeptRecord) for r in made)
    # The rows hold no record's text: what the cache file saves of each profile is small
    # (~365 bytes here, ~190 of them its facets, for the search page; a record's text was
    # ~1.7 KB).
    rows = cache.records
    assert sorted(rows) == sorted(e.slug for e in published)
    per_profile = len(marshal.dumps(packed_rows(rows))) / len(rows)
    assert per_profile < 450, per_profile
    out, shards = tmp_path / "out", tmp_path / "shards"
    write_sharded(made, out, shards)
    # One profile's summary edited: its entry key changes (as Reuse.page_cache makes it).
    edited = published[len(published) // 2]
    summary = "Zyxwvu, một câu tóm tắt mới."
    edited.profile = edited.profile.model_copy(update={"summary": summary})
    cache.entries[edited.slug] = "digest edited"
    # A row of the cache's format before rows (key, then the record's marshal bytes): made.
    other = published[0]
    key, url, digest, sort, _filters = rows[other.slug]
    rows[other.slug] = (key, (url, digest, sort, b"\xe3", 0))  # type: ignore[assignment]
    cache.records = unpacked_rows(packed_rows(rows))
    light = list(iter_search_records(site, None, None, cache, light=True))
    fresh = [r for r in light if not isinstance(r, KeptRecord)]
    assert {r.url for r in fresh if r.url.startswith("ho-so/")} == {
        f"ho-so/{edited.slug}/",
        f"ho-so/{other.slug}/",
    }
    assert all("blocks" not in vars(r) for r in light if isinstance(r, KeptRecord))
    stats = write_sharded(light, out, shards)
    assert stats.shards_indexed == 1
    count = shard_count(len(light))
    in_shard = {
        r.url for r in light if shard_of(r.url, count) == shard_of(f"ho-so/{edited.slug}/", count)
    }
    remade = {r.url for r in light if isinstance(r, KeptRecord) and "blocks" in vars(r)}
    assert remade and remade <= in_shard and len(remade) < len(light) // 4
    clean = list(iter_search_records(site))
    assert any(summary in r.to_html() for r in clean)
    assert _tree(out) == _single(clean, tmp_path / "single")
    # A kept row whose record, made again, is another (a key that misses something the
    # record reads) stops the build: its shard's key would name other content.
    kept = next(r for r in light if isinstance(r, KeptRecord) and r.url not in remade)
    wrong = KeptRecord(("k", kept.url, "0" * 32, kept.sort, kept.filters), lambda: made[0])
    with pytest.raises(SearchIndexError) as raised:
        wrong.to_html()
    [problem] = raised.value.problems
    assert (problem.path, problem.code) == (
        ".vinhdanh-cache/build/records.marshal",
        "build.search_record_changed",
    )
    assert problem.message("vi").startswith(f"bản ghi tìm kiếm của trang {kept.url} làm lại khác")
    # Raised in the search child, it reaches the build whole (pickled through the pipe).
    again = pickle.loads(pickle.dumps(raised.value))
    assert again.problems == [problem] and str(again) == str(raised.value)


# The person `write_project(root, 40, seed=5)` moves to the head of the name order.
MOVED = "profiles/thai-nguyen/nguyen-thi-uyen-tan-hoa.yml"


def count_profile_records(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on (in this process), the slug of every profile record made, in order."""
    calls: list[str] = []
    make = searchrecords.profile_record

    def counted(site: Site, entry: Entry, *args: Any) -> SearchRecord:
        calls.append(entry.slug)
        return make(site, entry, *args)

    monkeypatch.setattr(searchrecords, "profile_record", counted)
    monkeypatch.setattr(facetcounts, "profile_record", counted)
    return calls


def move_to_first(root: Path, change: str) -> str:
    """In `write_project(root, 40, seed=5)`, the person of `MOVED` renamed "Nguyễn Thị An"
    (from "Uyên", near the end of the name order, to its head), or with `change` "added", a
    copy of her named "Âu Thị An" added (first in name order); the changed profile's slug."""
    path = root / MOVED
    text = re.sub(r'^  given: ".*"$', '  given: "An"', path.read_text("utf-8"), count=1, flags=re.M)
    if change == "renamed":
        path.write_text(text, "utf-8")
        return path.stem
    slug = "au-thi-an-tan-hoa"
    text = text.replace(f"slug: {path.stem}", f"slug: {slug}")
    added = text.replace('family: "Nguyễn"', 'family: "Âu"')
    (path.parent / f"{slug}.yml").write_text(added, "utf-8")
    return slug


def test_rows_of_another_format_are_not_kept() -> None:
    # The rows' meaning changed with RECORDS_FORMAT 2 (no rank in the key, the sort key set
    # when kept) and their layout with 3 (facets): a file written before, with rows of any
    # shape, is read as none.
    rows = {"a": ("k", "ho-so/a/", "0" * 32, {"ten": "1"}, {"loai": ["Cá nhân"]})}
    assert unpacked_rows(packed_rows(rows)) == rows
    assert unpacked_rows({"rows": marshal.dumps(rows)}) == {}
    assert unpacked_rows({"format": 2, "rows": marshal.dumps(rows)}) == {}


@pytest.mark.slow
@pytest.mark.parametrize("change", ["renamed", "added"])
def test_a_move_in_name_order_makes_again_only_the_changed_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    # A record's key holds no rank in name order (a sort key only, not in its HTML): one
    # profile renamed or added at the head shifts the ranks of nearly every record, yet only
    # its own is made (the others are rows, with their new ranks), and the bundle, sort
    # orders included, is still one Pagefind run's of a clean build's records.
    root = tmp_path / "project"
    write_project(root, 40, seed=5)
    site, _ = build_site(root)
    assert site is not None
    cache = PageCache(context="c", entries={e.slug: f"digest {e.slug}" for e in site.entries})
    made = list(iter_search_records(site, None, None, cache))
    out, shards = tmp_path / "out", tmp_path / "shards"
    write_sharded(made, out, shards)
    slug = move_to_first(root, change)
    site, _ = build_site(root)
    assert site is not None and site.published()[0].slug == slug
    cache.entries = {e.slug: f"digest {e.slug}" for e in site.entries}
    cache.entries[slug] = "digest changed"
    cache.records = unpacked_rows(packed_rows(cache.records))
    calls = count_profile_records(monkeypatch)
    light = list(iter_search_records(site, None, None, cache, light=True))
    assert calls == [slug]
    clean = list(iter_search_records(site))
    before = {r.url: r.sort for r in made}
    moved = [r.url for r in light if r.url in before and before[r.url] != r.sort]
    assert len(moved) > len(made) // 2  # the ranks did move
    assert [(r.url, r.sort, r.filters) for r in light] == [
        (r.url, r.sort, r.filters) for r in clean
    ]
    stats = write_sharded(light, out, shards)
    assert stats.shards_indexed == 1
    assert _tree(out) == _single(clean, tmp_path / "single")


@pytest.mark.slow
def test_the_search_page_takes_the_facets_of_kept_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # When the search child indexes, the search page is the parent's only reader of the
    # records, and it reads their facets: a kept profile's are its row's, only a changed
    # profile's record is made, and the values are those of a clean build's records.
    root = tmp_path / "project"
    write_project(root, 40, seed=5)
    site, _ = build_site(root)
    assert site is not None
    cache = PageCache(context="c", entries={e.slug: f"digest {e.slug}" for e in site.entries})
    list(iter_search_records(site, None, None, cache))
    slug = move_to_first(root, "added")
    site, _ = build_site(root)
    assert site is not None
    cache.entries = {e.slug: f"digest {e.slug}" for e in site.entries}
    cache.entries[slug] = "digest changed"
    cache.records = unpacked_rows(packed_rows(cache.records))
    other = site.published()[-1].slug
    key, url, digest, sort, _filters = cache.records[other]
    cache.records[other] = (key, url, digest, sort, "not facets")  # type: ignore[assignment]
    calls = count_profile_records(monkeypatch)
    found = counted_facet_values(site, {}, {}, cache)
    assert sorted(calls) == sorted([slug, other])
    clean = list(iter_search_records(site))
    assert found == facet_values(r.filters for r in clean)


@pytest.mark.slow
def test_an_edit_makes_no_kept_record_for_the_search_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An edit build whose child indexes: the build's own process makes no record of a kept
    # profile (a KeptRecord each, for the search page's facets alone), and the site, search
    # page included, is a clean build's.
    from generator.commands.build import build_project
    from tests.test_incremental import TODAY, assert_same_as_clean_build

    root = tmp_path / "project"
    write_project(root, 40, seed=5)
    assert build_project(root, today=TODAY).built
    kept: list[str] = []
    real = KeptRecord.__init__

    def counted(record: KeptRecord, row: Any, remake: Any) -> None:
        kept.append(row[1])
        real(record, row, remake)

    monkeypatch.setattr(KeptRecord, "__init__", counted)
    move_to_first(root, "added")
    edited = build_project(root, today=TODAY)
    assert edited.built and not edited.listings_reused
    assert kept == []  # (the child's are its own)
    assert_same_as_clean_build(root, tmp_path / "clean")


@pytest.mark.slow
def test_a_record_that_changed_under_its_key_stops_the_build_in_vietnamese(
    tmp_path: Path,
) -> None:
    # A kept row whose digest is not the record made again (as if its key missed something
    # the record reads), in a file whose CRC-32 is right: the edit's search child makes the
    # record again, and the build stops with the catalogue's message, site/ untouched.
    from generator.commands.build import build_project
    from generator.commands.outcome import BuildError
    from generator.incremental.buildcache import BuildCache
    from tests.projects import built_with_cache

    root, _saved, today = built_with_cache(tmp_path / "project", RECORDS_FILE)
    before = {p: p.read_bytes() for p in sorted((root / "site").rglob("*")) if p.is_file()}
    rows = unpacked_rows(BuildCache(root).load_marshal(RECORDS_FILE))
    # A row of the edited profile's shard, which the edit indexes again (the records of the
    # shards it keeps are not read: search.plan).
    plan = load_plan(root / ".vinhdanh-cache" / "build" / searchindex.SHARDS_DIR)
    assert plan is not None
    [urls] = [urls for _part, _key, urls in plan.layout if "ho-so/nguyen-thi-hoa/" in urls]
    slug = next(
        slug for slug in sorted(rows) if f"ho-so/{slug}/" in urls and slug != "nguyen-thi-hoa"
    )
    key, url, digest, sort, filters = rows[slug]
    rows[slug] = (key, url, ("0" if digest[0] != "0" else "1") + digest[1:], sort, filters)
    BuildCache(root).save_marshal(RECORDS_FILE, packed_rows(rows))
    edited = root / "profiles" / "nguyen-thi-hoa.yml"
    edited.write_text(edited.read_text("utf-8").replace("given: Hoa", "given: Hòa"), "utf-8")
    with pytest.raises(BuildError) as failed:
        build_project(root, today=today)
    assert failed.value.lines("vi") == [
        f".vinhdanh-cache/build/records.marshal:1:1: bản ghi tìm kiếm của trang {url} làm lại "
        "khác với bản đã lưu dù khóa của nó không đổi (lỗi của bộ sinh trang, không phải của "
        "dữ liệu); thư mục site/ chưa bị động đến, hãy dựng lại với --clean và báo lỗi"
    ]
    assert {p: p.read_bytes() for p in sorted((root / "site").rglob("*")) if p.is_file()} == before


@pytest.mark.slow
def test_a_splice_memo_of_another_format_or_damaged_is_ignored(
    records: list[SearchRecord], tmp_path: Path
) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    write_sharded(records, out, cache)
    memo = cache / searchindex.SPLICED_FILE
    for junk in (b"\x00broken", marshal.dumps(("5", [], [], [], [], [], [])), marshal.dumps(7)):
        memo.write_bytes(junk)
        edited = list(records)
        target = next(i for i, r in enumerate(edited) if r.url.startswith("ho-so/"))
        text = f"Zyxwvu {len(junk)}"
        edited[target] = replace(edited[target], blocks=[(1.0, text)], html=None)
        stats = write_sharded(edited, out, cache)
        assert stats.words_spliced == stats.words  # spliced whole, no traceback
        assert _tree(out) == _single(edited, tmp_path / f"single-{len(junk)}")
    # And a good memo is used again at once.
    assert 0 < write_sharded(records, out, cache).words_spliced < stats.words // 4
    # A memo of this format whose kept entry of a word no edit touches is damaged: its bytes
    # were spliced into the bundle as they were.
    version, *fields = marshal.loads(memo.read_bytes())
    words, entries = fields[3], fields[4]
    n = words.index(next(w for w in words if len(w) > 3 and w.isalpha()))
    entries[n] = entries[n].replace(words[n].encode(), words[n][::-1].encode())
    memo.write_bytes(marshal.dumps((version, *fields)))
    edited = list(records)
    edited[target] = replace(edited[target], blocks=[(1.0, "Zyxwvu hỏng")], html=None)
    write_sharded(edited, out, cache)
    assert _tree(out) == _single(edited, tmp_path / "single-damaged")


@pytest.mark.slow
def test_a_damaged_record_in_the_cache_is_made_again(tmp_path: Path) -> None:
    # The rows are read as one blob of a file whose CRC-32 is checked first: a damaged byte
    # (here in a record's digest, of which its shard's key is made) makes every record again.
    from generator.commands.build import build_project
    from generator.incremental.buildcache import BuildCache
    from tests.projects import built_with_cache, write_build_project

    root, saved, today = built_with_cache(tmp_path / "project", RECORDS_FILE)
    _version, packed = marshal.loads(saved.read_bytes())
    rows = unpacked_rows(packed)
    damaged = next(slug for slug in sorted(rows) if slug != "nguyen-thi-hoa")
    digest = rows[damaged][2]
    other = "0" if digest[0] != "0" else "1"
    data = saved.read_bytes()
    assert data.count(digest.encode()) == 1
    saved.write_bytes(data.replace(digest.encode(), (other + digest[1:]).encode()))
    _version, broken = marshal.loads(saved.read_bytes())  # still marshal data, one row changed
    assert unpacked_rows(broken)[damaged][2] == other + digest[1:]
    assert BuildCache(root).load_marshal(RECORDS_FILE) == {}
    # Every record in one shard (a small roll): the edit indexes the damaged one's again.
    edited = root / "profiles" / "nguyen-thi-hoa.yml"
    edited.write_text(edited.read_text("utf-8").replace("given: Hoa", "given: Hòa"), "utf-8")
    assert build_project(root, today=today).built
    clean = write_build_project(tmp_path / "clean")
    (clean / "profiles" / "nguyen-thi-hoa.yml").write_text(edited.read_text("utf-8"), "utf-8")
    assert build_project(clean, today=today).built
    search = Path("site") / "pagefind"
    assert _tree(root / search) == _tree(clean / search)
    assert unpacked_rows(marshal.loads(saved.read_bytes())[1]).keys() == rows.keys()
