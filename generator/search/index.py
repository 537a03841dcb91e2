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

import contextlib
import gc
import hashlib
import itertools
import marshal
import shutil
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import metadata
from pathlib import Path

from generator.incremental.folders import sealed, unsealed, write_replacing
from generator.model.partition import SHARED
from generator.search.bundle import (
    Cbor,
    bundle_files,
    sort_orders,
    write_index,
)
from generator.search.bundlefolder import OUTPUT_FILE, sync_output
from generator.search.gzipfiles import Compressor
from generator.search.pagefind import (
    INDEX_CHUNK_SIZE,
    IndexStats,
    PagefindService,
    SearchIndexError,
    pagefind_executable,
)
from generator.search.records import SearchRecord
from generator.search.shards import (
    COMMON_FILES,
    FORMAT,
    Shard,
    SpliceMemo,
    changed_words,
    decode_shard,
    fragment_names,
    merge_shards,
    remap_words,
    word_entries,
)

SHARDS_DIR = "search-shards"  # in the build cache
SHARD_RECORDS = 256  # records per shard, about: one edit re-indexes this many
COMMON_NAMES = ("pagefind-entry.json", *COMMON_FILES)
COMPRESSED_FILE = "compressed.marshal"  # the last merge's gzip files and segments (gzipfiles)
SPLICED_FILE = "spliced.marshal"  # the last merge's word entries (shards.SpliceMemo)
SHARD_FILE = "shard.marshal"
FRAGMENTS_FILE = "fragments.marshal"
SORTS_FILE = "sorts.marshal"  # the last merge's sort orders, by a digest of the sort keys

# The shards of a merge in page order: (partition, cache key, the records' URLs in page order).
Layout = list[tuple[str, str, list[str]]]


def shard_count(records: int) -> int:
    """How many shards `records` records are split into: a power of two, ~SHARD_RECORDS each."""
    count = 1
    while count * SHARD_RECORDS < records:
        count *= 2
    return count


def shard_of(url: str, shards: int) -> int:
    """The shard of a record: from its URL only, so edits elsewhere never move it."""
    return int.from_bytes(hashlib.sha256(url.encode("utf-8")).digest()[:4], "big") % shards


# --- the stage -----------------------------------------------------------------------------------


def _pagefind_identity() -> str:
    st = pagefind_executable().stat()
    return f"{metadata.version('pagefind')} {st.st_size} {INDEX_CHUNK_SIZE} {FORMAT}"


def _shard_key(identity: str, records: Sequence[SearchRecord]) -> str:
    # From each record's digest (its URL and HTML), which a record kept from the last build
    # carries without being made again (recordcache.KeptRecord).
    digest = hashlib.sha256(identity.encode("utf-8"))
    for record in records:
        digest.update(f"\0{record.digest()}".encode())
    return digest.hexdigest()[:32]


def write_sharded(
    records: Sequence[SearchRecord],
    output: Path,
    cache: Path,
    partitions: Mapping[str, str] | None = None,
) -> IndexStats:
    """Make the bundle of `records` in `output`; Pagefind indexes the shards not in `cache`."""
    return write_layout(records, output, cache, partitions)[0]


def write_layout(
    records: Sequence[SearchRecord],
    output: Path,
    cache: Path,
    partitions: Mapping[str, str] | None = None,
) -> tuple[IndexStats, Layout, bytes]:
    """`write_sharded`, the shards it merged and the digest of the records' sort keys in
    page order (`sorts_digest`): what an edit's plan keeps (generator.search.plan)."""
    dropped: set[str] = set()
    while True:
        try:
            with _collector_off():
                return _write_sharded(records, output, cache, partitions)
        except _DamagedShard as damaged:
            # A shard folder changed or broken since it was written (a disk error, a
            # hand): it is dropped and indexed again, so the cache heals, not the build.
            if damaged.key in dropped:
                raise SearchIndexError(f"search index cache unusable: {cache}") from None
            dropped.add(damaged.key)
            shutil.rmtree(cache / damaged.key, ignore_errors=True)


def write_kept(
    groups: Sequence[str | Sequence[SearchRecord]],
    count: int,
    sorts: tuple[bytes, Callable[[], list[Cbor]]],
    output: Path,
    cache: Path,
) -> tuple[IndexStats, list[str]] | None:
    """The bundle of shards in page order, each given by its cache key (kept from the last
    build: its records are not read) or by its records (`count` in all; `sorts`: the digest
    of their sort keys in page order, and what makes their orders); the figures and every
    shard's key. None if a kept shard is not in `cache` (the caller indexes every record)."""
    try:
        with _collector_off():
            return _write_groups(list(groups), count, sorts, output, cache)
    except (_DamagedShard, _MissingShard):
        return None


@contextlib.contextmanager
def _collector_off() -> Iterator[None]:
    # Decoding makes millions of small lists and no cycles: the collector would walk them
    # again and again (0.4 s of CBOR decoding took 1.3 s with it on).
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _DamagedShard(Exception):
    """A cached shard's fragments cannot be read."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _MissingShard(Exception):
    """A shard given by its key alone is not in the cache (`write_kept`)."""


def _write_sharded(
    records: Sequence[SearchRecord],
    output: Path,
    cache: Path,
    partitions: Mapping[str, str] | None,
) -> tuple[IndexStats, Layout, bytes]:
    if not records:
        shutil.rmtree(output, ignore_errors=True)
        _prune(cache, set())
        return write_index(records, output), [], b""  # whatever Pagefind makes of nothing
    grouped = group_records(records, partitions)
    page_records = [record for _partition, group in grouped for record in group]
    sort_keys = [record.sort for record in page_records]
    sorts = (sorts_digest(sort_keys), lambda: sort_orders(page_records))
    groups: list[str | Sequence[SearchRecord]] = [group for _partition, group in grouped]
    stats, keys = _write_groups(groups, len(page_records), sorts, output, cache)
    layout = [
        (partition, key, [record.url for record in group])
        for (partition, group), key in zip(grouped, keys, strict=True)
    ]
    return stats, layout, sorts[0]


def _write_groups(
    grouped: list[str | Sequence[SearchRecord]],
    count_records: int,
    sorts: tuple[bytes, Callable[[], list[Cbor]]],
    output: Path,
    cache: Path,
) -> tuple[IndexStats, list[str]]:
    started = time.perf_counter()
    keys, shards, common, missing, cpu, peak = _index_shards(grouped, cache)
    count = len(grouped)
    ordered = [shards[key] for key in keys]
    normalised = sorted({f for shard in ordered for f in shard.meta_fields})
    for key, shard in zip(keys, ordered, strict=True):
        if shard.meta_fields != normalised and shard.pages:
            # Renumbered once and saved so: the merge (and the next ones) splice it as it is.
            shard.words = remap_words(shard, normalised)
            shard.meta_fields = normalised
            write_replacing(cache / key / SHARD_FILE, shard.dump(), compare=False)
    try:
        compress = Compressor.load((cache / COMPRESSED_FILE).read_bytes())
    except OSError:
        compress = Compressor()
    # Names shared by two shards' pages (from ~3,000 records on) are lengthened here, as one
    # Pagefind run lengthens them: the fragment file is the shard's, under the merged name.
    names = fragment_names(ordered)
    offsets = list(itertools.accumulate((len(s.pages) for s in ordered[:-1]), initial=0))
    reuse = _changed_words(cache, keys, offsets, normalised, ordered)
    entries = word_entries(ordered, offsets, normalised, reuse)
    orders = _orders_by_digest(cache / SORTS_FILE, *sorts)
    files = merge_shards(ordered, count_records, orders, common, compress, names, entries)
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

    changed, paths = sync_output(output, wanted, contents, cache / OUTPUT_FILE)
    write_replacing(cache / COMPRESSED_FILE, compress.dump())
    words = [word for word, _entry, _units in entries]
    spliced = [entry for _word, entry, _units in entries]
    memo = SpliceMemo(keys, offsets, normalised, words, spliced, [u for *_w, u in entries])
    write_replacing(cache / SPLICED_FILE, memo.dump(), compare=False)
    _prune(cache, set(keys))
    stats = IndexStats(
        records=count_records,
        files=len(wanted),
        bytes=sum(len(data) for data in files.values()),
        seconds=time.perf_counter() - started,
        pagefind_peak_kib=peak,
        pagefind_cpu_seconds=cpu,
        shards=count,
        shards_indexed=sum(1 for _key, group in missing if group),
        files_changed=changed,
        changed_paths=paths,
        fragments_renamed=renamed,
        words_spliced=len(entries) if reuse is None else len(reuse[1]),
        words=len(entries),
    )
    return stats, keys


def sorts_digest(sort_keys: Sequence[dict[str, str]]) -> bytes:
    """The digest the merged sort orders are kept by: of the records' sort keys in page order."""
    # With the shard cache's FORMAT, which a change of what this code makes bumps (the orders
    # of older code are not taken for this code's).
    keys = marshal.dumps((FORMAT, list(sort_keys)))
    return hashlib.blake2b(keys, digest_size=20).digest()


def _kept_sort_orders(path: Path, records: Sequence[SearchRecord]) -> list[Cbor]:
    """`bundle.sort_orders` of `records` (in page order), kept in the file `path` by a digest
    of their sort keys: an edit of a summary changes none, and the orders sort every record
    (0.4 s at 100,000). The file ends with the CRC-32 of its bytes, checked first."""
    digest = sorts_digest([r.sort for r in records])
    return _orders_by_digest(path, digest, lambda: sort_orders(records))


def _orders_by_digest(path: Path, digest: bytes, make: Callable[[], list[Cbor]]) -> list[Cbor]:
    """The orders kept in `path` under `digest` (`sorts_digest`), else `make()`'s, kept so."""
    try:
        body = unsealed(path.read_bytes())
        if body is not None:
            kept, orders = marshal.loads(body)
            if kept == digest and isinstance(orders, list):
                return orders
    except (OSError, EOFError, ValueError, TypeError):
        pass
    orders = make()
    data = marshal.dumps((digest, orders))
    write_replacing(path, sealed(data), compare=False)
    return orders


def _changed_words(
    cache: Path, keys: list[str], offsets: list[int], meta_fields: list[str], shards: list[Shard]
) -> tuple[SpliceMemo, set[str]] | None:
    """The last merge's memo and the words whose runs changed since (None: splice all).

    The memo is of use when the shards are as many and numbered the same meta fields: then a
    word's entry changed only if a shard whose key changed holds other runs of it than that
    key's shard did (still in the cache until `_prune`), or if a shard whose pages moved
    holds it."""
    try:
        memo = SpliceMemo.load((cache / SPLICED_FILE).read_bytes())
    except OSError:
        return None
    if memo is None or (len(memo.offsets), memo.meta_fields) != (len(offsets), meta_fields):
        return None
    changed: set[str] = set()
    for old_key, key, old_offset, offset, shard in zip(
        memo.keys, keys, memo.offsets, offsets, shards, strict=True
    ):
        if old_key == key:
            if old_offset != offset:
                # Its pages moved (a profile added or removed in an earlier shard): the first
                # posting of each of its runs, a page delta from the last holder before it or
                # a page, may change. The words of the shards before the move are kept (a new
                # profile spliced every word again).
                changed.update(shard.words)
            continue
        try:
            old = Shard.load((cache / old_key / SHARD_FILE).read_bytes())
        except OSError:
            return None
        if old is None or (old.pages and old.meta_fields != meta_fields):
            return None
        if old_offset != offset:  # moved and changed
            changed.update(old.words.keys() | shard.words.keys())
        else:
            changed |= changed_words(old, shard)
    return memo, changed


def group_records(
    records: Sequence[SearchRecord], partitions: Mapping[str, str] | None = None
) -> list[tuple[str, list[SearchRecord]]]:
    """The shards in page order, each with its partition: the records grouped by partition
    (today's provinces by slug, then `SHARED`; `partitions`: a record's by its URL, absent
    is shared), then within each by a hash of their URL (`shard_of`), each shard in URL
    order."""
    # By partition first, so the shards of one province's slice, indexed on another machine,
    # are the very shards of a build of the whole site (generator.model.partition).
    by_partition: dict[str, list[SearchRecord]] = {}
    known = partitions or {}
    for record in records:
        by_partition.setdefault(known.get(record.url, SHARED), []).append(record)
    shards: list[tuple[str, list[SearchRecord]]] = []
    for partition in sorted(by_partition, key=lambda p: (p == SHARED, p)):
        members = by_partition[partition]
        count = shard_count(len(members))
        grouped: list[list[SearchRecord]] = [[] for _ in range(count)]
        for record in members:
            grouped[shard_of(record.url, count)].append(record)
        # A shard's pages in URL order, not in the records' (name order): a renamed profile
        # then keeps its page, so the pages it would have passed keep their numbers and their
        # words their runs (before, a rename spliced every word of its shard again and changed
        # nearly every index chunk file).
        shards += [(partition, sorted(group, key=_url_of)) for group in grouped]
    return shards


def _url_of(record: SearchRecord) -> str:
    return record.url


def shard_keys(
    records: Sequence[SearchRecord], partitions: Mapping[str, str] | None = None
) -> list[tuple[str, str]]:
    """(partition, cache key) of each shard of `records` that holds any: a merge checks that
    each slice handed it the shards its own records make."""
    identity = _pagefind_identity()
    grouped = group_records(records, partitions)
    return [(part, _shard_key(identity, group)) for part, group in grouped if group]


def index_shards(
    records: Sequence[SearchRecord], partitions: Mapping[str, str] | None, cache: Path
) -> tuple[list[str], IndexStats]:
    """Index the shards of `records` not yet in `cache` (a slice's: no bundle is made); the
    cache keys of its shards that hold records, and the indexing figures."""
    started = time.perf_counter()
    grouped = [group for _partition, group in group_records(records, partitions)]
    enabled = gc.isenabled()
    gc.disable()  # as in write_sharded: decoding makes many small lists and no cycles
    try:
        keys, _shards, _common, missing, cpu, peak = _index_shards(grouped, cache)
    finally:
        if enabled:
            gc.enable()
    _prune(cache, set(keys))  # a slice's cache keeps only its shards of now
    filled = [key for key, group in zip(keys, grouped, strict=True) if group]
    stats = IndexStats(
        records=len(records),
        files=0,
        bytes=0,
        seconds=time.perf_counter() - started,
        pagefind_peak_kib=peak,
        pagefind_cpu_seconds=cpu,
        shards=len(grouped),
        shards_indexed=sum(1 for _key, group in missing if group),
    )
    return filled, stats


def _index_shards(
    grouped: Sequence[str | Sequence[SearchRecord]], cache: Path
) -> tuple[
    list[str],
    dict[str, Shard],
    dict[str, bytes],
    list[tuple[str, Sequence[SearchRecord]]],
    float,
    int,
]:
    """Each shard's key, the shards (from `cache`, or indexed by Pagefind and stored there),
    Pagefind's common files, the shards indexed now, Pagefind's CPU seconds and peak KiB.

    A shard is given by its records, or by its key alone (`write_kept`: kept from the last
    build, its records not read), which must then be in `cache` (else `_MissingShard`)."""
    identity = _pagefind_identity()
    keys = [group if isinstance(group, str) else _shard_key(identity, group) for group in grouped]
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
    indexable: list[tuple[str, Sequence[SearchRecord]]] = []
    for key, group in zip(keys, grouped, strict=True):
        if isinstance(group, str):
            if key not in shards:
                raise _MissingShard(key)
            continue
        if not group:  # no Pagefind run for an empty shard
            shards[key] = Shard([], {}, {}, [], {}, {})
        indexable.append((key, group))
    missing = [(k, group) for k, group in indexable if k not in shards]
    if common is None:  # Pagefind's scripts come with any shard's bundle
        missing = missing or [(k, g) for k, g in indexable if g][:1]
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
    if common is None:  # every shard kept, and Pagefind's scripts gone from the cache
        raise _MissingShard("common")
    return keys, shards, common, missing, cpu, peak


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
