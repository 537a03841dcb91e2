"""The search bundle, byte-identical from build to build: Pagefind's files re-encoded canonically.

Pagefind writes its index as gzipped CBOR whose order and names vary between runs;
`canonicalise_bundle` decodes every file, orders what has no order of its own, and encodes it
again, so the same records always give the same bytes. `chunk_bounds` adds `chunks.json`, the
index chunks' key ranges the front end preloads for a prefix.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import struct
import time
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath

from generator.search.gzipfiles import gzip_file
from generator.search.pagefind import IndexStats, PagefindService, SearchIndexError
from generator.search.records import LANGUAGE, SearchRecord

# The index chunks' key ranges, for the front end (`chunk_bounds`); not a Pagefind file.
CHUNK_BOUNDS_FILE = "chunks.json"
# Files of Pagefind's own UIs; the site ships its own interface (theme/assets/javascripts).
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")  # sort values Pagefind reads as numbers


#
# Pagefind writes the values of each filter, and the filter and sort lists of its metadata, in
# hash-map order, which changes from run to run. Those few files are rewritten here in sorted
# order (and renamed by their new content), so the same site builds the same bytes. The format
# (gzip of "pagefind_dcd" + CBOR of unsigned integers, texts and arrays) is Pagefind 1.5's; an
# unexpected file stops the build instead of shipping an index the browser cannot read.

SIGNATURE = b"pagefind_dcd"
Cbor = int | str | list["Cbor"]


def _cbor_head(data: bytes, at: int) -> tuple[int, int, int]:
    """(major type, argument, position after the head) of the CBOR item at `at`."""
    initial = data[at]
    major, info = initial >> 5, initial & 31
    if info < 24:
        return major, info, at + 1
    if info > 27:
        raise SearchIndexError(f"unexpected CBOR item 0x{initial:02x} in the Pagefind index")
    size = 1 << (info - 24)
    return major, int.from_bytes(data[at + 1 : at + 1 + size], "big"), at + 1 + size


def cbor_decode(data: bytes, at: int = 0) -> tuple[Cbor, int]:
    """Decode the unsigned integers, texts and arrays Pagefind writes; (value, next position)."""
    major, value, at = _cbor_head(data, at)
    if major == 0:
        return value, at
    if major == 3:
        return data[at : at + value].decode("utf-8"), at + value
    if major == 4:
        items: list[Cbor] = []
        for _ in range(value):
            item, at = cbor_decode(data, at)
            items.append(item)
        return items, at
    raise SearchIndexError(f"unexpected CBOR major type {major} in the Pagefind index")


def cbor_head(major: int, n: int) -> bytes:
    """The shortest CBOR head of an item of `major` type with argument `n`."""
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError(n)


def cbor_encode(value: Cbor) -> bytes:
    """The shortest CBOR encoding of unsigned integers, texts and arrays."""
    if isinstance(value, bool) or (isinstance(value, int) and value < 0):
        raise ValueError(value)
    if isinstance(value, int):
        return cbor_head(0, value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return cbor_head(3, len(raw)) + raw
    return cbor_head(4, len(value)) + b"".join(cbor_encode(item) for item in value)


def _decode_bundle_file(name: str, raw: bytes) -> Cbor:
    data = gzip.decompress(raw)
    if not data.startswith(SIGNATURE):
        raise SearchIndexError(f"{name}: not a Pagefind 1.5 index file")
    value, end = cbor_decode(data, len(SIGNATURE))
    if end != len(data) or cbor_encode(value) != data[len(SIGNATURE) :]:
        raise SearchIndexError(f"{name}: unexpected Pagefind index format")
    return value


def _encode_bundle_file(value: Cbor) -> tuple[str, bytes]:
    """(content hash, gzip file) of a value."""
    data = SIGNATURE + cbor_encode(value)
    return hashlib.sha256(data).hexdigest(), gzip_file(data)


def _list(value: Cbor, what: str) -> list[Cbor]:
    if not isinstance(value, list):
        raise SearchIndexError(f"unexpected Pagefind index format: {what}")
    return value


def _text_key(item: Cbor) -> str:
    first = _list(item, "entry")[0]
    return first if isinstance(first, str) else ""


def _f32(value: str) -> float:
    return float(struct.unpack("f", struct.pack("f", float(value)))[0])


def sort_orders(records: Sequence[SearchRecord]) -> list[Cbor]:
    """Pagefind's sort lists for `records` (in page order), as Pagefind 1.5 makes them."""
    return orders_of([record.sort for record in records])


def orders_of(sort_keys: Sequence[Mapping[str, str]]) -> list[Cbor]:
    """`sort_orders` of records whose sort keys (in page order) are `sort_keys`."""
    orders: list[Cbor] = []
    for name in sorted({name for keys in sort_keys for name in keys}):
        values = [(keys[name], page) for page, keys in enumerate(sort_keys) if name in keys]
        if all(_NUMBER.fullmatch(v) for v, _ in values):
            values.sort(key=lambda item: _f32(item[0]))  # as 32-bit floats; ties: page order
        else:
            values.sort(key=lambda item: item[0].encode("utf-8"))
        orders.append([name, [page for _v, page in values]])
    return orders


def canonicalise_bundle(
    files: dict[str, bytes], sorts: list[Cbor] | None = None
) -> dict[str, bytes]:
    """The bundle with the files Pagefind writes in hash-map order rewritten in sorted order.

    With `sorts` (from `sort_orders`), those are the metadata's sort orders.
    """
    out = dict(files)
    entry = json.loads(out["pagefind-entry.json"])
    for language, info in entry["languages"].items():
        renamed: dict[str, str] = {}
        for path in sorted(p for p in files if p.startswith(f"filter/{language}_")):
            stem = path.removeprefix("filter/").removesuffix(".pf_filter")
            name, values = _list(_decode_bundle_file(path, out.pop(path)), path)
            values = sorted(_list(values, "filter values"), key=_text_key)
            digest, data = _encode_bundle_file([name, values])
            renamed[stem] = f"{language}_{digest[:7]}"
            out[f"filter/{renamed[stem]}.pf_filter"] = data
        meta_path = f"pagefind.{info['hash']}.pf_meta"
        meta = _list(_decode_bundle_file(meta_path, out.pop(meta_path)), meta_path)
        if len(meta) != 6:
            raise SearchIndexError(f"{meta_path}: unexpected Pagefind index format")
        # Index chunks named by their content, gzip as the merge of shards writes it
        # (generator/search/index.py), so one run and merged shards give the same bytes.
        for chunk in _list(meta[2], "index chunks"):
            fields = _list(chunk, "index chunk")
            path = f"index/{fields[2]}.pf_index"
            data = gzip.decompress(out.pop(path))
            if not data.startswith(SIGNATURE):
                raise SearchIndexError(f"{path}: not a Pagefind 1.5 index file")
            fields[2] = f"{language}_{hashlib.sha256(data).hexdigest()[:7]}"
            out[f"index/{fields[2]}.pf_index"] = gzip_file(data)
        filters = [_list(item, "filter") for item in _list(meta[3], "filters")]
        meta[3] = sorted(([n, renamed.get(str(h), h)] for n, h in filters), key=_text_key)
        meta[4] = sorted(_list(meta[4] if sorts is None else sorts, "sorts"), key=_text_key)
        digest, data = _encode_bundle_file(meta)
        info["hash"] = f"{language}_{digest[:10]}"
        out[f"pagefind.{info['hash']}.pf_meta"] = data
        out[CHUNK_BOUNDS_FILE] = chunk_bounds(_list(meta[2], "index chunks"))
    out["pagefind-entry.json"] = json.dumps(
        entry, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    return out


def chunk_bounds(index_chunks: Sequence[Cbor]) -> bytes:
    """`chunks.json`: the first and last key of every index chunk, in order.

    Pagefind loads, for each typed word, the one chunk whose key range holds it, so a prefix
    ("la") is never looked up in the next chunks that hold its extensions ("lan"); the front
    end preloads those chunks (search.js, extensionKeys), which needs their ranges.
    """
    bounds = [[str(c[0]), str(c[1])] for c in (_list(c, "index chunk") for c in index_chunks)]
    return json.dumps(bounds, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def bundle_files(service: PagefindService, records: Sequence[SearchRecord]) -> dict[str, bytes]:
    """Index `records` in a new index of `service`; its bundle files (our UI's only)."""
    index_id = service.new_index({"force_language": LANGUAGE})
    for record in records:
        # Pagefind prefixes result URLs with the site root at search time (baseUrl).
        service.add_html(index_id, "/" + record.url, record.to_html())
    # Files are taken from the service and written here: its own writer may answer before
    # the last file is flushed.
    files = service.get_files(index_id)
    service.delete_index(index_id)  # the next shard's index would otherwise join it in memory
    for name in UNUSED_BUNDLE_FILES:
        files.pop(name, None)
    return files


def bundle_path(output: Path, relpath: str) -> Path:
    """Where the bundle file `relpath` goes under `output` (never outside it)."""
    parts = PurePosixPath(relpath).parts
    if not parts or ".." in parts or PurePosixPath(relpath).is_absolute():
        raise SearchIndexError(f"unexpected path in the search index: {relpath}")
    return output.joinpath(*parts)


def write_index(records: Sequence[SearchRecord], output: Path) -> IndexStats:
    """Index `records` with Pagefind and write the bundle into the folder `output`."""
    started = time.perf_counter()
    service = PagefindService()
    try:
        files = bundle_files(service, records)
    finally:
        service.close()
    files = canonicalise_bundle(files, sort_orders(records))
    for relpath, data in sorted(files.items()):
        path = bundle_path(output, relpath)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return IndexStats(
        records=len(records),
        files=len(files),
        bytes=sum(len(data) for data in files.values()),
        seconds=time.perf_counter() - started,
        pagefind_peak_kib=service.peak_kib,
        pagefind_cpu_seconds=service.cpu_seconds,
    )
