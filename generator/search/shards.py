"""Pagefind shards decoded, their fragments named, and merged into one bundle.

The format this relies on (Pagefind 1.5) and why the index is sharded: generator.search.index.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import json
import marshal
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import cbor2

from generator.incremental.folders import sealed, unsealed
from generator.search.bundle import (
    CHUNK_BOUNDS_FILE,
    SIGNATURE,
    cbor_head,
    chunk_bounds,
)
from generator.search.gzipfiles import Compressor
from generator.search.pagefind import (
    INDEX_CHUNK_SIZE,
    SearchIndexError,
)
from generator.search.records import LANGUAGE

# Of the cached shards; bump when what they hold changes. 5: shards grouped by partition
# (today's province) before the URL hash (generator.model.partition), so their keys and
# contents are another layout's. 6: keys made of the records' digests (SearchRecord.digest).
# 7: each word's runs as marshal bytes of their own (`PackedWords`), the file sealed by its
# CRC-32.
FORMAT = "7"
COMMON_FILES = ("pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind")

# One word's postings in one shard, ready to splice: (count, first page, last page, the first
# posting after its page number, the other postings, chunk-size units, any meta locations).
# Pages are the shard's.
Run = tuple[int, int, int, bytes, bytes, int, bool]
# A folded word in one shard: its own postings (or None) and its diacritic variants'.
WordRuns = tuple[Run | None, list[tuple[str, Run]]]


class PackedWords(Mapping[str, WordRuns]):
    """A shard's words as its cache file holds them: each word's runs as marshal bytes of
    their own, decoded when looked up.

    An edit looks up in every shard the few dozen words it changed (a summary's ~50): decoding
    every word of every shard (the words are 11 of the 13 MB of the shard files at 10,000
    profiles) was most of the time taken to load the shards, on every edit (issue #21)."""

    def __init__(self, packed: dict[str, bytes]) -> None:
        self.packed = packed

    @classmethod
    def of(cls, words: Mapping[str, WordRuns]) -> PackedWords:
        """`words` packed (as they are if they are)."""
        if isinstance(words, PackedWords):
            return words
        return cls({word: marshal.dumps(runs) for word, runs in words.items()})

    def __getitem__(self, word: str) -> WordRuns:
        runs: WordRuns = marshal.loads(self.packed[word])
        return runs

    def __contains__(self, word: object) -> bool:
        return word in self.packed

    def __iter__(self) -> Iterator[str]:
        return iter(self.packed)

    def __len__(self) -> int:
        return len(self.packed)


@dataclass
class Shard:
    """One shard as Pagefind indexed it, decoded for merging."""

    pages: list[tuple[str, int]]  # (fragment name, word count)
    words: Mapping[str, WordRuns]
    filters: dict[str, dict[str, list[int]]]
    meta_fields: list[str]
    # fragment name -> digest of its file: the bundle folder keeps a fragment whose bytes are
    # the same when its shard is indexed again (Pagefind's 7-digit names may collide).
    fragment_ids: dict[str, str]
    # fragment name -> the whole hash it was cut from (`fragment_hash`): the merge lengthens
    # a name another shard's page already holds, as one Pagefind run would.
    full_hashes: dict[str, str]

    def dump(self) -> bytes:
        """The shard as marshal bytes (the cache's format), then their CRC-32."""
        data = marshal.dumps(
            (
                FORMAT,
                self.pages,
                PackedWords.of(self.words).packed,
                self.filters,
                self.meta_fields,
                self.fragment_ids,
                self.full_hashes,
            )
        )
        # Checked whole when loaded: a word's runs are decoded only when looked up, and their
        # bytes go into the bundle as they are (a damaged byte would be published).
        return sealed(data)

    @classmethod
    def load(cls, data: bytes) -> Shard | None:
        """A shard from `dump`'s bytes (None if another format or damaged)."""
        body = unsealed(data)
        if body is None:
            return None
        try:
            loaded = marshal.loads(body)
            version, pages, words, filters, meta_fields, fragment_ids, full = loaded
        except (EOFError, ValueError, TypeError):
            return None
        if version != FORMAT or not isinstance(words, dict):
            return None
        pages = [tuple(p) for p in pages]
        return cls(pages, PackedWords(words), filters, meta_fields, fragment_ids, full)


def _array_head(n: int) -> bytes:
    return cbor_head(4, n)


def _uint_size(n: int) -> int:
    return 1 if n < 24 else 2 if n < 1 << 8 else 3 if n < 1 << 16 else 5 if n < 1 << 32 else 9


def _run(postings: list[list[Any]]) -> Run:
    """Postings (page deltas) as a splice-ready run."""
    last = 0
    size = 0
    meta = 0
    for page, locs, meta_locs in postings:
        last += page
        size += len(locs) + len(meta_locs) + 1
        meta = meta or len(meta_locs)
    whole = cbor2.dumps(postings)
    first = cbor2.dumps(postings[0])
    head = len(_array_head(len(postings)))
    rest = first[1 + _uint_size(postings[0][0]) :]  # after [ and the page number
    return (len(postings), postings[0][0], last, rest, whole[head + len(first) :], size, meta > 0)


def _decode(name: str, raw: bytes) -> Any:
    data = gzip.decompress(raw)
    if not data.startswith(SIGNATURE):
        raise SearchIndexError(f"{name}: not a Pagefind 1.5 index file")
    return cbor2.loads(data[len(SIGNATURE) :])


def decode_shard(files: dict[str, bytes]) -> tuple[Shard, dict[str, bytes]]:
    """A shard from the bundle Pagefind wrote for it, and its fragment files."""
    entry = json.loads(files["pagefind-entry.json"])
    info = entry["languages"].get(LANGUAGE)
    if info is None or set(entry["languages"]) != {LANGUAGE}:
        raise SearchIndexError(f"unexpected Pagefind languages: {sorted(entry['languages'])}")
    meta_name = f"pagefind.{info['hash']}.pf_meta"
    meta = _decode(meta_name, files[meta_name])
    if not isinstance(meta, list) or len(meta) != 6:
        raise SearchIndexError(f"{meta_name}: unexpected Pagefind index format")
    _version, pages, chunks, filters, _sorts, meta_fields = meta
    words: dict[str, WordRuns] = {}
    for _from, _to, chunk in chunks:
        path = f"index/{chunk}.pf_index"
        (entries,) = _decode(path, files[path])
        for word, postings, variants in entries:
            words[word] = (
                _run(postings) if postings else None,
                [(variant, _run(vp)) for variant, vp in variants],
            )
    shard_filters: dict[str, dict[str, list[int]]] = {}
    for _name, digest in filters:
        path = f"filter/{digest}.pf_filter"
        filter_name, values = _decode(path, files[path])
        shard_filters[filter_name] = {value: list(p) for value, p in values}
    fragments = {
        path.removeprefix("fragment/"): data
        for path, data in files.items()
        if path.startswith("fragment/")
    }
    ids: dict[str, str] = {}
    full: dict[str, str] = {}
    for file_name, data in fragments.items():
        name = file_name.removesuffix(".pf_fragment")
        ids[name] = hashlib.sha256(data).hexdigest()[:32]
        full[name] = fragment_hash(file_name, data)
        if not full[name].startswith(name) or len(name) < _SHORT_NAME:
            # Names made otherwise (another Pagefind): the merge could not redo them.
            raise SearchIndexError(f"fragment/{file_name}: not named as Pagefind 1.5 names it")
    shard_pages = [(str(h), int(n)) for h, n in pages]
    if {h for h, _n in shard_pages} != full.keys():
        raise SearchIndexError("the search index's pages and fragment files differ")
    shard = Shard(shard_pages, words, shard_filters, list(meta_fields), ids, full)
    return shard, fragments


_SHORT_NAME = len(LANGUAGE) + 8  # "vi_" and 7 hex digits: Pagefind's first try at a name


def fragment_hash(name: str, data: bytes) -> str:
    """The whole name Pagefind cuts a fragment's name from: language and SHA-1 of its JSON.

    Pagefind 1.5 writes each byte of the digest as `{:x?}`, i.e. without a leading zero.
    """
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise SearchIndexError(f"fragment/{name}: not a Pagefind 1.5 fragment")
    digest = hashlib.sha1(raw[len(SIGNATURE) :], usedforsecurity=False).digest()
    return f"{LANGUAGE}_" + "".join(f"{byte:x}" for byte in digest)


def fragment_names(shards: Sequence[Shard]) -> list[list[str]]:
    """The name of each shard's pages in the merged bundle, as one Pagefind run names them.

    In page order, a page takes the first `_SHORT_NAME` characters of its whole hash, one more
    while an earlier page holds that name (Pagefind 1.5's rule, so the bundle stays the one it
    writes). Within a shard this gives the shard's own names; across shards it lengthens a
    name another shard's earlier page holds.
    """
    taken: dict[str, str] = {}  # name -> whole hash
    names: list[list[str]] = []
    for shard in shards:
        own: list[str] = []
        for page, _words in shard.pages:
            whole = shard.full_hashes[page]
            name = whole[:_SHORT_NAME]
            while name in taken:
                if taken[name] == whole or len(name) == len(whole):
                    # Two pages with the same result data (one URL twice): Pagefind itself
                    # never ends on those; refuse rather than ship one page for two.
                    raise SearchIndexError(f"two search records have the same fragment {name}")
                name = whole[: len(name) + 1]
            taken[name] = whole
            own.append(name)
        names.append(own)
    return names


# --- merging -------------------------------------------------------------------------------------


def _uint(n: int) -> bytes:
    return cbor2.dumps(n)


def _splice(runs: list[tuple[int, Run]]) -> tuple[bytes, int]:
    """One postings array from runs (page offset, run) in page order; (CBOR, size units)."""
    total = sum(run[0] for _offset, run in runs)
    out = [_array_head(total)]
    previous = 0
    size = 0
    for offset, (_count, first, last, head_rest, tail, units, _meta) in runs:
        out.append(b"\x83" + _uint(offset + first - previous) + head_rest + tail)
        previous = offset + last
        size += units
    return b"".join(out), size


def _remap_run(run: Run, fields: list[int]) -> Run:
    """`run` with its meta locations' field numbers (-1 - n) renumbered through `fields`."""
    count, first, last, head_rest, tail, units, has_meta = run
    if not has_meta:
        return run
    items = cbor2.loads(_array_head(count - 1) + tail)
    head = cbor2.loads(b"\x82" + head_rest)
    postings = [[first, *head], *items]
    for posting in postings:
        posting[2] = [fields[-1 - n] * -1 - 1 if n < 0 else n for n in posting[2]]
    remapped = _run(postings)
    return (count, first, last, remapped[3], remapped[4], units, True)


def remap_words(shard: Shard, meta_fields: list[str]) -> Mapping[str, WordRuns]:
    """The shard's words with meta locations numbered as in the merged `meta_fields`."""
    if shard.meta_fields == meta_fields:
        return shard.words
    fields = [meta_fields.index(name) for name in shard.meta_fields]
    return {
        word: (
            None if main is None else _remap_run(main, fields),
            [(variant, _remap_run(run, fields)) for variant, run in variants],
        )
        for word, (main, variants) in shard.words.items()
    }


def _prefixes(a: str, b: str) -> tuple[str, str]:
    """The shortest prefixes telling the end of one chunk (`a`) from the start of the next."""
    common = 0
    for x, y in zip(b, a, strict=False):
        if x != y:
            break
        common += 1
    return a[: common + 1], b[: common + 1]


# One folded word of the merged index: (word, its CBOR entry, its chunk-size units).
WordEntry = tuple[str, bytes, int]


@dataclass
class SpliceMemo:
    """What a merge spliced, kept for the next: per folded word its entry, and the shards
    (cache keys, page offsets, meta fields) they were spliced from. A word no changed shard
    holds keeps its entry; the others are spliced again (`word_entries`)."""

    keys: list[str]
    offsets: list[int]
    meta_fields: list[str]
    words: list[str]  # sorted
    entries: list[bytes]
    units: list[int]

    def dump(self) -> bytes:
        """The memo as marshal bytes (the shard cache's `FORMAT`), then their CRC-32."""
        fields = (self.keys, self.offsets, self.meta_fields, self.words, self.entries, self.units)
        data = marshal.dumps((FORMAT, *fields))
        # Its entries go into the bundle as they are: a damaged byte would be published.
        return data + zlib.crc32(data).to_bytes(4, "big")

    @classmethod
    def load(cls, data: bytes) -> SpliceMemo | None:
        """A memo from `dump`'s bytes (None if another format or damaged)."""
        body = memoryview(data)[:-4]
        if zlib.crc32(body).to_bytes(4, "big") != data[-4:]:
            return None
        try:
            version, *fields = marshal.loads(body)
            memo = cls(*fields)
            lengths = {len(memo.words), len(memo.entries), len(memo.units)}
            same = len(memo.keys) == len(memo.offsets)
        except (EOFError, ValueError, TypeError):
            return None
        return memo if version == FORMAT and len(lengths) == 1 and same else None


def changed_words(old: Shard, new: Shard) -> set[str]:
    """The folded words whose runs differ between two versions of a shard (same meta fields)."""
    old_words, new_words = old.words, new.words
    changed = set(old_words.keys() - new_words.keys())
    changed.update(w for w, runs in new_words.items() if old_words.get(w) != runs)
    return changed


def _word_entry(word: str, held: list[tuple[int, WordRuns]]) -> tuple[bytes, int]:
    """A folded word's entry from its runs in each shard holding it (page offset, runs)."""
    main = [(offset, w[0]) for offset, w in held if w[0] is not None]
    postings, units = _splice(main) if main else (b"\x80", 0)
    variants: dict[str, list[tuple[int, Run]]] = {}
    for offset, (_main, shard_variants) in held:
        for variant, run in shard_variants:
            variants.setdefault(variant, []).append((offset, run))
    encoded = [_array_head(len(variants))]
    for variant, variant_runs in variants.items():
        encoded.append(b"\x82" + cbor2.dumps(variant) + _splice(variant_runs)[0])
    return b"\x83" + cbor2.dumps(word) + postings + b"".join(encoded), units


def word_entries(
    shards: Sequence[Shard],
    offsets: Sequence[int],
    meta_fields: list[str],
    reuse: tuple[SpliceMemo, set[str]] | None = None,
) -> list[WordEntry]:
    """Every folded word's entry, sorted; with `reuse` (the last merge's memo, made from the
    same shards but where the words given changed), only those words are spliced again."""
    remapped = [remap_words(shard, meta_fields) for shard in shards]
    if reuse is None:
        holders: dict[str, list[tuple[int, WordRuns]]] = {}
        for offset, words in zip(offsets, remapped, strict=True):
            for word, held_runs in words.items():
                holders.setdefault(word, []).append((offset, held_runs))
        return [(word, *_word_entry(word, holders[word])) for word in sorted(holders)]
    memo, changed = reuse
    held: dict[str, list[tuple[int, WordRuns]]] = {}
    for offset, words in zip(offsets, remapped, strict=True):
        # Each shard by the fewer of its words and the changed ones: a summary changes a few
        # dozen words, a new profile those of every shard after its own (thousands, which
        # looked up in each of 500 shards at 100,000 would cost more than splicing them all).
        if len(changed) < len(words):
            found = [(word, words[word]) for word in changed if word in words]
        else:
            found = [(word, words[word]) for word in words if word in changed]
        for word, runs in found:
            held.setdefault(word, []).append((offset, runs))
    # A word no shard holds any more is gone.
    fresh = [(word, *_word_entry(word, held[word])) for word in sorted(held)]
    kept = zip(memo.words, memo.entries, memo.units, strict=True)
    unchanged = ((w, e, u) for w, e, u in kept if w not in changed)
    return list(heapq.merge(unchanged, fresh, key=lambda item: item[0]))


def merge_shards(
    shards: Sequence[Shard],
    page_count: int,
    sorts: list[Any],
    common: dict[str, bytes],
    compress: Compressor | None = None,
    names: Sequence[Sequence[str]] | None = None,
    entries: list[WordEntry] | None = None,
) -> dict[str, bytes]:
    """The bundle files (fragments aside) for `shards` in order, of `page_count` records
    whose sort orders are `sorts` (`bundle.sort_orders` of the records in page order).

    `names` are the pages' fragment names (`fragment_names`, computed if not given);
    `entries` the words' (`word_entries`, computed if not given).
    """
    pack = compress or Compressor()
    merged_names = fragment_names(shards) if names is None else names
    offsets: list[int] = []
    pages: list[list[Any]] = []
    for shard, shard_names in zip(shards, merged_names, strict=True):
        offsets.append(len(pages))
        pages.extend(
            [name, count] for name, (_own, count) in zip(shard_names, shard.pages, strict=True)
        )
    if len({name for name, _count in pages}) != len(pages):
        raise SearchIndexError("two pages of the merged search index share a fragment name")
    if len(pages) != page_count:
        raise SearchIndexError("the merged search index lost pages")
    # Meta locations number the meta fields (sorted names of all pages): a shard without
    # some field numbers the others differently.
    meta_fields = sorted({f for shard in shards for f in shard.meta_fields})
    # Words: each folded word's runs from every shard holding it, in page order.
    if entries is None:
        entries = word_entries(shards, offsets, meta_fields)
    # Chunks as Pagefind cuts them.
    chunks: list[list[tuple[str, bytes, int]]] = []
    current: list[tuple[str, bytes, int]] = []
    filled = 0
    for item in entries:
        current.append(item)
        filled += item[2]
        if filled >= INDEX_CHUNK_SIZE:
            chunks.append(current)
            current, filled = [], 0
    if current:
        chunks.append(current)
    out: dict[str, bytes] = {}
    bounds = [[chunk[0][0], chunk[-1][0]] for chunk in chunks]
    for i in range(len(bounds) - 1):
        last, first = _prefixes(bounds[i][1], bounds[i + 1][0])
        # A chunk's end never sorts before its start ("nan".."nay" stays so, not "nan".."na").
        bounds[i][1] = last if last >= bounds[i][0] else bounds[i][1]
        bounds[i + 1][0] = first
    index_chunks: list[list[Any]] = []
    for (first, last), chunk in zip(bounds, chunks, strict=True):
        body = b"\x81" + _array_head(len(chunk)) + b"".join(e for _w, e, _u in chunk)
        digest, data = pack(SIGNATURE + body)
        name = f"{LANGUAGE}_{digest[:7]}"
        out[f"index/{name}.pf_index"] = data
        index_chunks.append([first, last, name])
    # Filters: absolute page numbers, values sorted (as canonicalise_bundle sorts them).
    filters: dict[str, dict[str, list[int]]] = {}
    for offset, shard in zip(offsets, shards, strict=True):
        for name, values in shard.filters.items():
            merged = filters.setdefault(name, {})
            for value, value_pages in values.items():
                merged.setdefault(value, []).extend(offset + p for p in value_pages)
    meta_filters: list[list[Any]] = []
    for name in sorted(filters):
        pairs = sorted(filters[name].items())
        digest, data = pack(SIGNATURE + cbor2.dumps([name, [[v, p] for v, p in pairs]]))
        short = f"{LANGUAGE}_{digest[:7]}"
        out[f"filter/{short}.pf_filter"] = data
        meta_filters.append([name, short])
    version = json.loads(common["pagefind-entry.json"])["version"]
    meta = [version, pages, index_chunks, meta_filters, sorts, meta_fields]
    digest, data = pack(SIGNATURE + cbor2.dumps(meta))
    meta_hash = f"{LANGUAGE}_{digest[:10]}"
    out[f"pagefind.{meta_hash}.pf_meta"] = data
    entry = json.loads(common["pagefind-entry.json"])
    entry["languages"] = {LANGUAGE: {"hash": meta_hash, "wasm": None, "page_count": len(pages)}}
    out["pagefind-entry.json"] = json.dumps(
        entry, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    out[CHUNK_BOUNDS_FILE] = chunk_bounds(index_chunks)
    for name in COMMON_FILES:
        out[name] = common[name]
    return out
