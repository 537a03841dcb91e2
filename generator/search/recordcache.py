"""The search records' cache: a small row per profile, the record made again only when read.

An edit's search child needs of each unchanged profile's record only its URL, its digest
(the shard keys are made of the digests) and its sort keys (the merged sort orders), and the
search page its facets (`filters`): the row (`RecordRow`). The record itself is read only
when its shard is indexed again, one shard of ~256 records per edit: it is then made again
from the model (`KeptRecord`), as it was made under the same key. So the cache holds no
record's text (it held each record's marshal bytes, ~1.7 KB a profile, read and written
whole on every edit: 35 MB at 10,000) and is ~320 bytes a profile, ~150 of them facets.

A row's key holds no rank in name order: renaming one profile moves every record between
its old and new place, adding one every record after it, and their records' HTML is the
same (the rank is a sort key only, not in the page). A kept row takes this build's rank
(`kept_row`); the merged sort orders and `Reuse.same_records` (the places in name order,
`names_digest`) read the sort keys, so they change with the ranks while the shards, keyed by
the digests, are kept.

The rows are saved as one marshal blob in a file of the build cache, whose CRC-32 trailer
is checked before anything is read (`BuildCache.load_marshal`): a damaged cache is ignored
whole (every record made again), never published.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Callable, Iterable
from typing import Any, cast

from generator.errors import make_problem
from generator.incremental.buildcache import CACHE_DIR
from generator.incremental.pagecache import page_key
from generator.search.pagefind import SearchIndexError
from generator.search.records import SORT_NAME, SearchRecord

RECORDS_FILE = "records.marshal"  # in the build cache (CACHE_DIR): the rows (`packed_rows`)
# The rows' layout and meaning, bumped when either changes: 2, no rank in the key; 3, facets.
RECORDS_FORMAT = 3

# A profile's row: its record's key (PageCache.entry_key), URL, digest, sort keys, facets.
RecordRow = tuple[str, str, str, dict[str, str], dict[str, list[str]]]
_ROW_SHAPE = (str, str, str, dict, dict)


def row_of(key: str, record: SearchRecord) -> RecordRow:
    """The cache's row of `record`, made or kept under `key`."""
    # Facet values are few and repeated in every row (kinds, awards, provinces, years):
    # interned, marshal writes each once and a reference after (a row of the synthetic roll
    # is ~320 bytes, not ~520).
    filters = {name: [sys.intern(v) for v in values] for name, values in record.filters.items()}
    return (key, record.url, record.digest(), record.sort, filters)


def packed_rows(rows: dict[str, RecordRow]) -> dict[str, Any]:
    """The rows (by slug) as the cache file holds them: marshal bytes, and their format."""
    return {"format": RECORDS_FORMAT, "rows": marshal.dumps(rows)}


def unpacked_rows(saved: dict[str, Any]) -> dict[str, RecordRow]:
    """The rows `packed_rows` saved (empty if missing or of another format or layout; `saved`
    comes from `BuildCache.load_marshal`, which checked the file's CRC-32)."""
    blob = saved.get("rows")
    if saved.get("format") != RECORDS_FORMAT or not isinstance(blob, bytes):
        return {}
    try:
        rows = marshal.loads(blob)
    except (EOFError, ValueError, TypeError):
        return {}
    return rows if isinstance(rows, dict) else {}


def kept_row(found: Any, key: str, name_rank: str) -> RecordRow | None:
    """`found` (a slug's row in the cache) if it is a row made under `key`, with this build's
    rank in name order (`name_rank`, the sort key `SORT_NAME`), else None."""
    if not isinstance(found, tuple) or not found or found[0] != key:
        return None  # its shape: `ranked_row`'s
    # The key holds no rank (others' moves would re-key the row): the rank is this build's.
    return ranked_row(found, name_rank)


def ranked_row(found: Any, name_rank: str) -> RecordRow | None:
    """`found` (a slug's row in the cache) with the rank in name order `name_rank`, or None
    if it is not a row."""
    if not isinstance(found, tuple) or len(found) != len(_ROW_SHAPE):
        return None
    if not all(map(isinstance, found, _ROW_SHAPE)):
        return None
    key, url, digest, sort, filters = found
    if sort.get(SORT_NAME) == name_rank:
        return cast(RecordRow, found)  # no new tuple: most rows keep their rank
    return (key, url, digest, {**sort, SORT_NAME: name_rank}, filters)


def kept_filters(found: Any, key: str) -> dict[str, list[str]] | None:
    """The facets of `found` (a slug's row in the cache) if it is a row made under `key`,
    else None (`kept_row`'s check, without the row made again)."""
    if not isinstance(found, tuple) or len(found) != len(_ROW_SHAPE) or found[0] != key:
        return None
    if not all(map(isinstance, found, _ROW_SHAPE)):
        return None
    filters: dict[str, list[str]] = found[4]
    return filters


# The records' digest is a sum of a term per record (modulo 2**256) and the digest of their
# places in name order: an edit that changes a few records changes the sum by their terms
# (`search.plan`), without hashing every record, and a rename or a new profile, which moves
# the rank of every record after it, changes the places, not the terms.
_MODULUS = 1 << 256


def record_term(digest: str, sort: dict[str, str]) -> int:
    """A record's term of the records' sum: of its digest (URL and HTML) and its sort keys but
    its rank in name order (`names_digest` holds the ranks)."""
    # Sort keys are not in the HTML (the index adds the orders): digested apart.
    keys = sorted(item for item in sort.items() if item[0] != SORT_NAME)
    data = f"{digest}\0{keys}".encode()
    return int.from_bytes(hashlib.blake2b(data, digest_size=32).digest(), "big")


def records_sum(records: Iterable[SearchRecord]) -> int:
    """The sum of the records' terms (`record_term`): the same for the same records in any
    order (their page order and ranks are their URLs' and sort keys')."""
    return sum(record_term(record.digest(), record.sort) for record in records) % _MODULUS


def name_place(rank: str, url: str) -> str:
    """A record's place in name order as `names_digest` reads it: its rank (`SORT_NAME`) and
    its URL."""
    return f"{rank}\t{url}"


def names_digest(places: Iterable[str]) -> str:
    """The digest of the records' places in name order (`name_place` of each, in any order)."""
    return hashlib.blake2b("\n".join(sorted(places)).encode(), digest_size=20).hexdigest()


def records_names(records: Iterable[SearchRecord]) -> str:
    """`names_digest` of `records`."""
    return names_digest(name_place(r.sort.get(SORT_NAME, ""), r.url) for r in records)


def records_digest(package: str, count: int, total: int, names: str) -> str:
    """The digest of `count` search records whose terms sum to `total` (`records_sum`) and
    whose places in name order digest to `names` (`names_digest`), made by the code
    `package` digests."""
    return page_key(package, str(count), f"{total:064x}", names)


def moved_sum(total: int, removed: Iterable[int], added: Iterable[int]) -> int:
    """`total` with the terms `removed` taken out and `added` put in."""
    return (total - sum(removed) + sum(added)) % _MODULUS


class KeptRecord(SearchRecord):
    """A record kept from the last build under its entry's unchanged key: URL, sort keys,
    facets and digest at hand, the rest made again from the model when first read (an edit's
    search child reads only the first three of records whose shard is kept, the search page
    only the facets)."""

    def __init__(self, row: RecordRow, remake: Callable[[], SearchRecord]) -> None:
        # Not the dataclass's __init__: the other fields are absent until __getattr__ runs.
        _key, self.url, self._digest, self.sort, self.filters = row
        self._remake = remake

    def __getattr__(self, name: str) -> Any:
        # Called only for an attribute this object lacks: the record's other fields.
        if name.startswith("_"):
            raise AttributeError(name)
        full = self._remake()
        if (full.digest(), full.sort, full.filters) != (self._digest, self.sort, self.filters):
            # The key covers all a record reads: made again, it is the record kept. If not,
            # its shard's key (made of the kept digest) would name other content.
            where = f"{CACHE_DIR}/{RECORDS_FILE}"
            problem = make_problem(where, 1, 1, "", "build.search_record_changed", url=self.url)
            raise SearchIndexError(problems=[problem])
        self.__dict__.update({k: v for k, v in vars(full).items() if k not in ("url", "sort")})
        return object.__getattribute__(self, name)

    def digest(self) -> str:
        """The digest made with the record (`SearchRecord.digest`)."""
        return self._digest
