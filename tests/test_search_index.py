"""The sharded search index (generator/searchindex.py): shards merged give the very bytes one
Pagefind run gives, an edit re-indexes one shard, and the bundle folder is kept in step."""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import replace
from pathlib import Path

import cbor2
import pytest

import generator.searchindex as searchindex
from generator.model import build_site
from generator.search import (
    LANGUAGE,
    PagefindService,
    SearchRecord,
    iter_search_records,
    sort_orders,
    write_index,
)
from generator.searchindex import shard_count, shard_of, write_sharded
from tests.browser import ROOT


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
    return sorted(records, key=lambda r: shard_of(r.url, count))  # stable: input order within


def _single(records: list[SearchRecord], folder: Path) -> dict[str, bytes]:
    write_index(_in_shard_order(records), folder)
    return _tree(folder)


def test_merged_shards_are_one_pagefind_run(records: list[SearchRecord], tmp_path: Path) -> None:
    stats = write_sharded(records, tmp_path / "merged", tmp_path / "cache")
    assert stats.shards == shard_count(len(records)) >= 16
    filled = {shard_of(r.url, stats.shards) for r in records}
    assert stats.shards_indexed == len(filled) < stats.shards  # no Pagefind run for an empty one
    merged = _tree(tmp_path / "merged")
    assert merged == _single(records, tmp_path / "single")
    assert sum(name.startswith("fragment/") for name in merged) == len(records)
    assert sum(name.startswith("index/") for name in merged) > 1  # words spliced across chunks


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


def test_a_fragment_name_collision_falls_back_to_one_run(
    records: list[SearchRecord], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def collide(*_args: object, **_kwargs: object) -> dict[str, bytes]:
        raise searchindex._Collision

    monkeypatch.setattr(searchindex, "merge_shards", collide)
    write_sharded(records, tmp_path / "out", tmp_path / "cache")
    assert _tree(tmp_path / "out") == _single(records, tmp_path / "single")


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
