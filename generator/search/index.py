"""Search index stage: Pagefind run on shards of the records, the shards merged into one bundle.

Pagefind has no incremental mode: at 10,000 profiles it spends ~8 s of CPU re-indexing every
record when one profile changes. So the records are split into shards by a hash of their URL
(a record always lands in the same shard, whatever else changes), each shard is indexed by
Pagefind on its own and kept in the build cache, and the shards are merged here into the one
bundle the browser loads. An edit re-indexes one shard (~150 records at 10,000) and redoes the
merge, which only splices bytes.

The merged bundle is the bundle Pagefind itself writes for all records in shard order (pinned
1.5: tests/test_search_index.py compares them byte for byte), so the browser loads one wasm
module, one metadata file and the same small chunks as before, and ranks with whole-site
statistics. What the merge relies on, in Pagefind 1.5's format (gzip of "pagefind_dcd" + CBOR):

- a page is its position in the metadata's page list, in the order documents were added;
- a word's postings are ``[page delta, locations, meta locations]`` with page numbers as
  differences from the previous posting, so moving a shard's pages by an offset changes only
  the first posting of its run; diacritic variants ``[variant, postings]`` follow each folded
  word in the order they first occur;
- words are sorted and cut into chunks once their postings reach the chunk size (counting
  locations + meta locations + 1 per posting of the folded word), each chunk named in the
  metadata by the shortest prefixes that tell it from its neighbours;
- filters list absolute page numbers per value; sort orders are page lists, which are computed
  here from the records (so a record's page does not carry its rank, which shifts whenever a
  profile is added: one addition would otherwise touch every shard).

- a fragment (a page's result data) is named by its content: the language and the first 7
  characters of the SHA-1 of its JSON, written as hex without leading zeros per byte (~28 bits,
  so some pair of names coincides from a few thousand pages on). A page whose name an earlier
  page already holds gets one character more of its hash, and again, until the name is free.
  Shards are indexed apart, so two shards may hold the same name: the merge names every page
  again that way, in the merged page order, from the full hashes kept with each shard; the
  bundle is still byte for byte the one Pagefind writes in one run, and no collision ever
  costs a run over every record.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import json
import marshal
import os
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import cbor2

from generator.incremental.folders import write_replacing
from generator.incremental.stamps import same_output, stamp
from generator.search.bundle import (
    CHUNK_BOUNDS_FILE,
    GZIP_LEVEL,
    SIGNATURE,
    bundle_files,
    bundle_path,
    cbor_head,
    chunk_bounds,
    gzip_file,
    sort_orders,
    write_index,
)
from generator.search.pagefind import (
    INDEX_CHUNK_SIZE,
    IndexStats,
    PagefindService,
    SearchIndexError,
    pagefind_executable,
)
from generator.search.records import LANGUAGE, SearchRecord

SHARDS_DIR = "search-shards"  # in the build cache
SHARD_RECORDS = 256  # records per shard, about: one edit re-indexes this many
FORMAT = "4"  # of the cached shards; bump when what they hold changes
COMMON_FILES = ("pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind")
COMMON_NAMES = ("pagefind-entry.json", *COMMON_FILES)
COMPRESSED_FILE = "compressed.marshal"  # gzip files of the last merge, by content digest
OUTPUT_FILE = "output.marshal"  # what the bundle folder held after the last build
SHARD_FILE = "shard.marshal"
FRAGMENTS_FILE = "fragments.marshal"

# One word's postings in one shard, ready to splice: (count, first page, last page, the first
# posting after its page number, the other postings, chunk-size units, any meta locations).
# Pages are the shard's.
Run = tuple[int, int, int, bytes, bytes, int, bool]
# A folded word in one shard: its own postings (or None) and its diacritic variants'.
WordRuns = tuple[Run | None, list[tuple[str, Run]]]


def shard_count(records: int) -> int:
    """How many shards `records` records are split into: a power of two, ~SHARD_RECORDS each."""
    count = 1
    while count * SHARD_RECORDS < records:
        count *= 2
    return count


def shard_of(url: str, shards: int) -> int:
    """The shard of a record: from its URL only, so edits elsewhere never move it."""
    return int.from_bytes(hashlib.sha256(url.encode("utf-8")).digest()[:4], "big") % shards


@dataclass
class Shard:
    """One shard as Pagefind indexed it, decoded for merging."""

    pages: list[tuple[str, int]]  # (fragment name, word count)
    words: dict[str, WordRuns]
    filters: dict[str, dict[str, list[int]]]
    meta_fields: list[str]
    # fragment name -> digest of its file: the bundle folder keeps a fragment whose bytes are
    # the same when its shard is indexed again (Pagefind's 7-digit names may collide).
    fragment_ids: dict[str, str]
    # fragment name -> the whole hash it was cut from (`fragment_hash`): the merge lengthens
    # a name another shard's page already holds, as one Pagefind run would.
    full_hashes: dict[str, str]

    def dump(self) -> bytes:
        """The shard as marshal bytes (the cache's format)."""
        return marshal.dumps(
            (
                FORMAT,
                self.pages,
                self.words,
                self.filters,
                self.meta_fields,
                self.fragment_ids,
                self.full_hashes,
            )
        )

    @classmethod
    def load(cls, data: bytes) -> Shard | None:
        """A shard from `dump`'s bytes (None if another format)."""
        try:
            loaded = marshal.loads(data)
            version, pages, words, filters, meta_fields, fragment_ids, full = loaded
        except (EOFError, ValueError, TypeError):
            return None
        if version != FORMAT:
            return None
        return cls([tuple(p) for p in pages], words, filters, meta_fields, fragment_ids, full)


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


def _remap_words(shard: Shard, meta_fields: list[str]) -> dict[str, WordRuns]:
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


def merge_shards(
    shards: Sequence[Shard],
    records: Sequence[SearchRecord],
    common: dict[str, bytes],
    compress: Compressor | None = None,
    names: Sequence[Sequence[str]] | None = None,
) -> dict[str, bytes]:
    """The bundle files (fragments aside) for `shards` in order; `records` in page order.

    `names` are the pages' fragment names (`fragment_names`, computed if not given).
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
    if len(pages) != len(records):
        raise SearchIndexError("the merged search index lost pages")
    # Meta locations number the meta fields (sorted names of all pages): a shard without
    # some field numbers the others differently.
    meta_fields = sorted({f for shard in shards for f in shard.meta_fields})
    # Words: each folded word's runs from every shard holding it, in page order.
    holders: dict[str, list[tuple[int, WordRuns]]] = {}
    for offset, shard in zip(offsets, shards, strict=True):
        for word, held_runs in _remap_words(shard, meta_fields).items():
            holders.setdefault(word, []).append((offset, held_runs))
    entries: list[tuple[str, bytes, int]] = []  # (word, CBOR entry, chunk-size units)
    for word in sorted(holders):
        held = holders[word]
        main = [(offset, w[0]) for offset, w in held if w[0] is not None]
        postings, units = _splice(main) if main else (b"\x80", 0)
        variants: dict[str, list[tuple[int, Run]]] = {}
        for offset, (_main, shard_variants) in held:
            for variant, run in shard_variants:
                variants.setdefault(variant, []).append((offset, run))
        encoded = [_array_head(len(variants))]
        for variant, variant_runs in variants.items():
            encoded.append(b"\x82" + cbor2.dumps(variant) + _splice(variant_runs)[0])
        entry = b"\x83" + cbor2.dumps(word) + postings + b"".join(encoded)
        entries.append((word, entry, units))
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
    meta = [version, pages, index_chunks, meta_filters, sort_orders(records), meta_fields]
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


# --- the stage -----------------------------------------------------------------------------------


class Compressor:
    """`gzip_file` remembered by content: an edit changes few chunks."""

    def __init__(self, known: dict[str, bytes] | None = None) -> None:
        self.known = known or {}
        self.used: dict[str, bytes] = {}

    def __call__(self, data: bytes) -> tuple[str, bytes]:
        """(sha256 of `data`, its gzip file)."""
        digest = hashlib.sha256(data).hexdigest()
        memo = f"{GZIP_LEVEL} {digest}"  # another level makes other bytes
        packed = self.known.get(memo)
        if packed is None:
            packed = gzip_file(data)
        self.used[memo] = packed
        return digest, packed


def _pagefind_identity() -> str:
    st = pagefind_executable().stat()
    return f"{metadata.version('pagefind')} {st.st_size} {INDEX_CHUNK_SIZE} {FORMAT}"


def _shard_key(identity: str, records: Sequence[SearchRecord]) -> str:
    digest = hashlib.sha256(identity.encode("utf-8"))
    for record in records:
        digest.update(f"\0{record.url}\0{record.to_html()}".encode())
    return digest.hexdigest()[:32]


def _scan(output: Path) -> dict[str, os.stat_result]:
    found: dict[str, os.stat_result] = {}
    for dirpath, _dirs, names in os.walk(output):
        rel = os.path.relpath(dirpath, output)
        for name in names:
            found[name if rel == "." else f"{rel}/{name}"] = os.stat(os.path.join(dirpath, name))
    return found


def sync_output(
    output: Path, wanted: dict[str, str], contents: Callable[[str], bytes], record: Path
) -> int:
    """Make `output` hold the files `wanted` (path -> content id); the count of files changed.

    `record` remembers each file's content id and inode from the last sync, so a file still as
    it was left is neither read nor rewritten. A changed file is replaced (a new inode renamed
    into place), never rewritten in place: site/ may link the old one.
    """
    try:
        last = marshal.loads(record.read_bytes())
        if not isinstance(last, dict) or last.get("output") != str(output):
            last = {}
    except (OSError, EOFError, ValueError, TypeError):
        last = {}
    known: dict[str, Any] = last.get("files", {})
    present = _scan(output)
    now: dict[str, tuple[str, int, int, int, int]] = {}
    changed = 0
    for rel, content_id in sorted(wanted.items()):
        st = present.get(rel)
        found = known.get(rel)
        # Still the file this sync wrote: neither read nor written.
        if (
            st is not None
            and found is not None
            and found[0] == content_id
            and same_output(found[1:], st)
        ):
            now[rel] = (content_id, *stamp(st))
            continue
        path = bundle_path(output, rel)
        write_replacing(path, contents(rel), compare=False)
        now[rel] = (content_id, *stamp(path.stat()))
        changed += 1
    for rel in present.keys() - wanted.keys():
        bundle_path(output, rel).unlink()
        changed += 1
    write_replacing(record, marshal.dumps({"output": str(output), "files": now}), compare=False)
    return changed


def write_sharded(records: Sequence[SearchRecord], output: Path, cache: Path) -> IndexStats:
    """Make the bundle of `records` in `output`; Pagefind indexes the shards not in `cache`."""
    # Decoding makes millions of small lists and no cycles: the collector would walk them
    # again and again (0.4 s of CBOR decoding took 1.3 s with it on).
    enabled = gc.isenabled()
    gc.disable()
    try:
        dropped: set[str] = set()
        while True:
            try:
                return _write_sharded(records, output, cache)
            except _DamagedShard as damaged:
                # A shard folder changed or broken since it was written (a disk error, a
                # hand): it is dropped and indexed again, so the cache heals, not the build.
                if damaged.key in dropped:
                    raise SearchIndexError(f"search index cache unusable: {cache}") from None
                dropped.add(damaged.key)
                shutil.rmtree(cache / damaged.key, ignore_errors=True)
    finally:
        if enabled:
            gc.enable()


class _DamagedShard(Exception):
    """A cached shard's fragments cannot be read."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _write_sharded(records: Sequence[SearchRecord], output: Path, cache: Path) -> IndexStats:
    started = time.perf_counter()
    if not records:
        shutil.rmtree(output, ignore_errors=True)
        _prune(cache, set())
        return write_index(records, output)  # whatever Pagefind makes of nothing
    count = shard_count(len(records))
    grouped: list[list[SearchRecord]] = [[] for _ in range(count)]
    for record in records:
        grouped[shard_of(record.url, count)].append(record)
    page_records = [record for group in grouped for record in group]  # the pages' order
    identity = _pagefind_identity()
    keys = [_shard_key(identity, group) for group in grouped]
    cache.mkdir(parents=True, exist_ok=True)
    shards: dict[str, Shard] = {}
    for key in keys:
        try:
            loaded = Shard.load((cache / key / SHARD_FILE).read_bytes())
        except OSError:
            loaded = None
        if loaded is not None:
            shards[key] = loaded
    common = _load_common(cache / "common", identity)
    for key, group in zip(keys, grouped, strict=True):
        if not group:  # no Pagefind run for an empty shard
            shards[key] = Shard([], {}, {}, [], {}, {})
    missing = [(k, group) for k, group in zip(keys, grouped, strict=True) if k not in shards]
    if common is None:  # Pagefind's scripts come with any shard's bundle
        missing = missing or [(k, g) for k, g in zip(keys, grouped, strict=True) if g][:1]
    cpu, peak = 0.0, 0
    if missing:
        service = PagefindService()
        try:
            for key, group in missing:
                files = bundle_files(service, group)
                if common is None:
                    common = {name: files[name] for name in COMMON_NAMES}
                    _store_common(cache / "common", common, identity)
                if key not in shards:
                    shard, fragments = decode_shard(files)
                    _store_shard(cache / key, shard, fragments)
                    shards[key] = shard
        finally:
            service.close()
        cpu, peak = service.cpu_seconds, service.peak_kib
    ordered = [shards[key] for key in keys]
    assert common is not None  # made with the first shard indexed
    normalised = sorted({f for shard in ordered for f in shard.meta_fields})
    for key, shard in zip(keys, ordered, strict=True):
        if shard.meta_fields != normalised and shard.pages:
            # Renumbered once and saved so: the merge (and the next ones) splice it as it is.
            shard.words = _remap_words(shard, normalised)
            shard.meta_fields = normalised
            write_replacing(cache / key / SHARD_FILE, shard.dump(), compare=False)
    try:
        known = marshal.loads((cache / COMPRESSED_FILE).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        known = {}
    compress = Compressor(known if isinstance(known, dict) else {})
    # Names shared by two shards' pages (from ~3,000 records on) are lengthened here, as one
    # Pagefind run lengthens them: the fragment file is the shard's, under the merged name.
    names = fragment_names(ordered)
    files = merge_shards(ordered, page_records, common, compress, names)
    wanted = {rel: hashlib.sha256(data).hexdigest() for rel, data in files.items()}
    owner: dict[str, tuple[str, str]] = {}  # fragment path -> (shard key, name in the shard)
    renamed = 0
    for key, shard, shard_names in zip(keys, ordered, names, strict=True):
        for (own, _words), name in zip(shard.pages, shard_names, strict=True):
            rel = f"fragment/{name}.pf_fragment"
            wanted[rel], owner[rel] = shard.fragment_ids[own], (key, own)
            renamed += name != own
    by_shard: dict[str, dict[str, bytes]] = {}  # fragments read, of shards with any to write

    def contents(rel: str) -> bytes:
        if rel in files:
            return files[rel]
        owned_by, own = owner[rel]
        try:
            if owned_by not in by_shard:
                data = (cache / owned_by / FRAGMENTS_FILE).read_bytes()
                by_shard[owned_by] = marshal.loads(data)
            fragment = by_shard[owned_by][f"{own}.pf_fragment"]
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            raise _DamagedShard(owned_by) from None
        if (
            not isinstance(fragment, bytes)
            or hashlib.sha256(fragment).hexdigest()[:32] != (wanted[rel])
        ):
            raise _DamagedShard(owned_by)
        return fragment

    changed = sync_output(output, wanted, contents, cache / OUTPUT_FILE)
    write_replacing(cache / COMPRESSED_FILE, marshal.dumps(compress.used))
    _prune(cache, set(keys))
    return IndexStats(
        records=len(records),
        files=len(wanted),
        bytes=sum(len(data) for data in files.values()),
        seconds=time.perf_counter() - started,
        pagefind_peak_kib=peak,
        pagefind_cpu_seconds=cpu,
        shards=count,
        shards_indexed=sum(1 for _key, group in missing if group),
        files_changed=changed,
        fragments_renamed=renamed,
    )


def _load_common(folder: Path, identity: str) -> dict[str, bytes] | None:
    try:
        if (folder / "identity").read_text("utf-8") != identity:
            return None
        return {name: (folder / name).read_bytes() for name in COMMON_NAMES}
    except OSError:
        return None


def _store_common(folder: Path, common: dict[str, bytes], identity: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, data in common.items():
        (folder / name).write_bytes(data)
    (folder / "identity").write_text(identity, "utf-8")


def _store_shard(folder: Path, shard: Shard, fragments: dict[str, bytes]) -> None:
    """Write a shard's folder whole or not at all (a temporary folder renamed into place)."""
    staging = folder.with_name(folder.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    (staging / FRAGMENTS_FILE).write_bytes(marshal.dumps(fragments))
    (staging / SHARD_FILE).write_bytes(shard.dump())
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)


def _prune(cache: Path, keep: set[str]) -> None:
    for child in cache.iterdir():
        if child.is_dir() and child.name != "common" and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)
