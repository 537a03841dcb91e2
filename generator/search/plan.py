"""The search child's plan: which records each shard of the last bundle holds, so that an edit
makes, digests and indexes only the records of its changed entries' shards (issue #21).

Without it, an edit's search child made a row or a record of every profile (its key, a
blake2b), digested every record, hashed every URL into its shard and keyed every shard: ~20
µs a profile outside Pagefind, ~2 s at 100,000. The plan keeps, from the build that made the
bundle: the shards in page order (partition, cache key, their records' URLs), the entries'
digests and thumbnails the profiles' records were made from, the published slugs in name
order, the other records' digests and sort keys, the records' sum (`recordcache.records_sum`)
and the digest of their sort keys. An edit then compares the entries' digests and thumbnails
with the plan's (dictionaries compared in C, ~0.1 µs a profile), makes the records of the
entries that changed, and gives the merge every other shard by its key (`index.write_kept`).

The plan is used only while it is sure to describe the bundle: made from the records whose
digest the build knows build/search was left with (`Reuse.records`), under the same context,
with the same profiles in the same name order (so every rank, and every kept row's sort
keys, is the same), the same other records, and each changed profile still in its shard.
Anything else (a rename, a new or withdrawn profile, a changed configuration, many entries
changed) takes the whole path, which writes a new plan.
"""

from __future__ import annotations

import functools
import marshal
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.incremental.folders import sealed, unsealed, write_replacing
from generator.incremental.pagecache import PageCache
from generator.model.entries import Entry, Site
from generator.model.partition import SHARED, partition_of
from generator.model.urls import profile_path
from generator.search.bundle import orders_of
from generator.search.index import Layout, shard_of, sorts_digest, write_kept
from generator.search.pagefind import IndexStats
from generator.search.recordcache import (
    KeptRecord,
    RecordRow,
    moved_sum,
    record_term,
    records_digest,
    row_of,
)
from generator.search.records import (
    SORT_NAME,
    SearchRecord,
    iter_other_records,
    profile_record,
    record_ranks,
)
from generator.search.shards import FORMAT

PLAN_FILE = "plan.marshal"  # in the shard cache (index.SHARDS_DIR)
PLAN_FORMAT = f"{FORMAT}.1"  # the shards' FORMAT and this file's own layout
# More changed entries than this part of the roll take the whole path: it costs no more then.
MAX_CHANGED_PART = 16
_PROFILE_PREFIX = profile_path("x").removesuffix("x/")  # "ho-so/"


@dataclass
class SearchPlan:
    """What the last bundle was made from, shard by shard (see the module's docstring)."""

    records: str  # the records' digest (`Reuse.records`, `recordcache.records_digest`)
    total: int  # their sum (`recordcache.records_sum`)
    context: str  # PageCache.context the profiles' records were made under
    entries: dict[str, str]  # PageCache.entries then: each entry's digest, by slug
    thumbnails: dict[str, str]  # each profile's thumbnail then, by slug
    order: list[str]  # the published entries' slugs in name order (their ranks)
    others: dict[str, tuple[str, dict[str, str]]]  # other records: URL -> (digest, sort keys)
    layout: Layout  # the shards in page order (`index.Layout`)
    sorts: bytes  # `index.sorts_digest` of the records' sort keys in page order

    def dump(self) -> bytes:
        """The plan as marshal bytes, then their CRC-32."""
        fields = (
            self.records,
            self.total.to_bytes(32, "big"),
            self.context,
            self.entries,
            self.thumbnails,
            self.order,
            self.others,
            self.layout,
            self.sorts,
        )
        return sealed(marshal.dumps((PLAN_FORMAT, *fields)))

    @classmethod
    def load(cls, data: bytes) -> SearchPlan | None:
        """A plan from `dump`'s bytes (None if of another format or damaged)."""
        body = unsealed(data)
        if body is None:
            return None
        try:
            version, records, total, *rest = marshal.loads(body)
            plan = cls(records, int.from_bytes(total, "big"), *rest)
        except (EOFError, ValueError, TypeError):
            return None
        return plan if version == PLAN_FORMAT else None


def load_plan(cache: Path) -> SearchPlan | None:
    """The plan the last search child saved in the shard cache `cache` (None if none)."""
    try:
        return SearchPlan.load((cache / PLAN_FILE).read_bytes())
    except OSError:
        return None


def save_plan(cache: Path, plan: SearchPlan | None) -> None:
    """Save `plan` in the shard cache `cache` (None: remove the one saved)."""
    if plan is None:
        (cache / PLAN_FILE).unlink(missing_ok=True)
    else:
        write_replacing(cache / PLAN_FILE, plan.dump(), compare=False)


def plan_of(
    records: Sequence[SearchRecord],
    site: Site,
    thumbnails: Mapping[str, str],
    cache: PageCache,
    merged: tuple[str, int, Layout, bytes],
) -> SearchPlan:
    """The plan of a bundle made from every record (`iter_search_records`' with `cache`, in
    its order); `merged`: their digest and sum, the shards merged and their sorts' digest."""
    digest, total, layout, sorts = merged
    order = [entry.slug for entry in site.published()]
    others = {r.url: (r.digest(), dict(r.sort)) for r in records[len(order) :]}
    return SearchPlan(
        digest, total, cache.context, dict(cache.entries), dict(thumbnails), order, others,
        layout, sorts,
    )  # fmt: skip


def kept_plan(
    plan: SearchPlan | None,
    digest: str,
    site: Site,
    thumbnails: Mapping[str, str],
    cache: PageCache,
) -> SearchPlan | None:
    """`plan` brought to this build's entries, when the records are those it was made from
    (`digest`: theirs; the bundle was not made again); else None (no plan is known)."""
    if plan is None or plan.records != digest:
        return None
    order = [entry.slug for entry in site.published()]
    entries, thumbs = dict(cache.entries), dict(thumbnails)
    return replace(plan, context=cache.context, entries=entries, thumbnails=thumbs, order=order)


@dataclass
class _Edit:
    """The records an edit changed, found by `_changed_records`."""

    made: dict[str, SearchRecord]  # URL -> a record whose digest or sort keys changed
    partitions: dict[str, str]  # URL -> partition, of every changed profile
    others: dict[str, SearchRecord]  # URL -> record, every non-profile record (made anew)
    total: int  # the records' sum now
    sorts_moved: bool  # a sort key changed


def index_by_plan(
    site: Site,
    docs: Mapping[str, str],
    thumbnails: Mapping[str, str],
    cache: PageCache,
    known: str,
    package: str,
    output: Path,
    shards: Path,
) -> tuple[str, int, IndexStats | None] | None:
    """The bundle of an edit made from the last build's plan (in `shards`), touching only the
    shards of the records that changed: the records' digest and sum, and the figures (None:
    the records are those of the bundle, left as it is). None if the plan cannot tell (the
    caller makes every record). `known`: the records' digest build/search was left with;
    `cache.records`: the rows of the last build, brought to this one's for changed entries."""
    plan = load_plan(shards)
    if plan is None or not known or plan.records != known or plan.context != cache.context:
        return None
    if [entry.slug for entry in site.published()] != plan.order:
        return None  # a rank moved (a rename, a profile added or withdrawn)
    published, campaigns, pages, width = record_ranks(site, docs)
    made_others = iter_other_records(site, campaigns, pages, len(published), width)
    edit = _changed_records(site, made_others, thumbnails, cache, plan, published, width)
    if edit is None:
        return None
    count = len(published) + len(edit.others)
    digest = records_digest(package, count, edit.total)
    entries, thumbs = dict(cache.entries), dict(thumbnails)
    if not edit.made:  # the records are the bundle's: only the plan learns the entries
        save_plan(shards, replace(plan, entries=entries, thumbnails=thumbs))
        return digest, edit.total, None
    layout = plan.layout
    dirty = _shards_of(layout, edit.partitions, edit.made)
    if dirty is None:
        return None
    groups: list[str | Sequence[SearchRecord]] = []
    for index, (_partition, key, urls) in enumerate(layout):
        if index not in dirty:
            groups.append(key)
            continue
        members = [_record_of(url, edit, site, published, width, thumbnails, cache) for url in urls]
        if None in members:
            return None
        groups.append([m for m in members if m is not None])
    sort_keys = functools.partial(_sort_keys, layout, edit, cache.records)
    if edit.sorts_moved:
        keys = sort_keys()
        sorts = (sorts_digest(keys), lambda: orders_of(keys))
    else:  # the last merge's orders (made again, from the rows, only if their file is gone)
        sorts = (plan.sorts, lambda: orders_of(sort_keys()))
    written = write_kept(groups, count, sorts, output, shards)
    if written is None:
        return None
    stats, keys_now = written
    layout = [(part, key, urls) for (part, _key, urls), key in zip(layout, keys_now, strict=True)]
    others = {url: (r.digest(), dict(r.sort)) for url, r in edit.others.items()}
    save_plan(
        shards,
        replace(
            plan, records=digest, total=edit.total, entries=entries, thumbnails=thumbs,
            others=others, layout=layout, sorts=sorts[0],
        ),
    )  # fmt: skip
    return digest, edit.total, stats


def _changed_records(
    site: Site,
    made_others: Iterable[SearchRecord],
    thumbnails: Mapping[str, str],
    cache: PageCache,
    plan: SearchPlan,
    published: list[Entry],
    width: int,
) -> _Edit | None:
    """The records of the entries whose digest or thumbnail differ from the plan's, made, with
    `made_others`, the other records (None: too many changed, or a row is missing)."""
    rows = cache.records
    if len(rows) != len(published):
        return None
    # Compared in C: the entries (all of them, proposed ones too) and the thumbnails.
    changed = {slug for slug, _digest in cache.entries.items() - plan.entries.items()}
    changed.update(slug for slug, _path in thumbnails.items() ^ plan.thumbnails.items())
    if len(changed) > max(64, len(published) // MAX_CHANGED_PART):
        return None
    made: dict[str, SearchRecord] = {}
    partitions: dict[str, str] = {}
    removed: list[int] = []
    added: list[int] = []
    sorts_moved = False
    for slug in sorted(changed):
        old = rows.get(slug)
        if old is None:
            if slug in plan.order:
                return None  # a published profile without a row
            continue  # not published (a proposal): no record
        rank = _rank_of(old, slug, published)
        if rank is None:
            return None
        entry, thumbnail = published[rank], thumbnails.get(slug)
        key = cache.entry_key(slug, "record", thumbnail or "")
        if key is None:
            return None
        record = profile_record(site, entry, rank, width, thumbnail)
        rows[slug] = new = row_of(key, record)
        partitions[record.url] = partition_of(entry)
        if (old[2], old[3]) != (new[2], new[3]):
            made[record.url] = record
            removed.append(record_term(old[2], old[3]))
            added.append(record_term(new[2], new[3]))
            sorts_moved = sorts_moved or old[3] != new[3]
    others = {record.url: record for record in made_others}
    if others.keys() != plan.others.keys():
        return None  # a decision or a campaign added or gone: pages move
    for url, record in others.items():
        digest, sort = plan.others[url]
        if (record.digest(), record.sort) != (digest, sort):
            made[url] = record
            partitions[url] = SHARED
            removed.append(record_term(digest, sort))
            added.append(record_term(record.digest(), record.sort))
            sorts_moved = sorts_moved or record.sort != sort
    total = moved_sum(plan.total, removed, added)
    return _Edit(made, partitions, others, total, sorts_moved)


def _rank_of(row: Any, slug: str, published: list[Entry]) -> int | None:
    """A profile's rank in name order, from its row's sort key (the ranks are the plan's)."""
    if not isinstance(row, tuple) or len(row) != 5 or not isinstance(row[3], dict):
        return None
    try:
        rank = int(row[3][SORT_NAME])
    except (KeyError, ValueError, TypeError):
        return None
    return rank if 0 <= rank < len(published) and published[rank].slug == slug else None


def _shards_of(
    layout: Layout, partitions: dict[str, str], made: dict[str, SearchRecord]
) -> set[int] | None:
    """The shards (by page order) holding the records `made`; None if a changed record is
    not where the plan has it (its partition moved)."""
    spans: dict[str, tuple[int, int]] = {}  # partition -> (its first shard, its shard count)
    for index, (partition, _key, _urls) in enumerate(layout):
        first, count = spans.get(partition, (index, 0))
        spans[partition] = (first, count + 1)
    dirty: set[int] = set()
    for url, partition in partitions.items():
        span = spans.get(partition)
        if span is None:
            return None
        index = span[0] + shard_of(url, span[1])
        urls = layout[index][2]
        at = bisect_left(urls, url)  # a shard's records are in URL order
        if at == len(urls) or urls[at] != url:
            return None
        if url in made:
            dirty.add(index)
    return dirty


def _record_of(
    url: str,
    edit: _Edit,
    site: Site,
    published: list[Entry],
    width: int,
    thumbnails: Mapping[str, str],
    cache: PageCache,
) -> SearchRecord | None:
    """The record at `url` in a shard indexed again: made now, or kept from its row (made
    again from the model when Pagefind reads it, as `iter_search_records` keeps it)."""
    record = edit.made.get(url) or edit.others.get(url)
    if record is not None:
        return record
    slug = url.removeprefix(_PROFILE_PREFIX).removesuffix("/")
    row: RecordRow | None = cache.records.get(slug)
    rank = _rank_of(row, slug, published)
    if row is None or rank is None or profile_path(slug) != url:
        return None
    thumbnail = thumbnails.get(slug)
    remake = functools.partial(profile_record, site, published[rank], rank, width, thumbnail)
    return KeptRecord(row, remake)


def _sort_keys(layout: Layout, edit: _Edit, rows: dict[str, RecordRow]) -> list[dict[str, str]]:
    """Every record's sort keys in page order: the made records', the others', the rows'."""
    keys: list[dict[str, str]] = []
    for _partition, _key, urls in layout:
        for url in urls:
            record = edit.made.get(url) or edit.others.get(url)
            if record is not None:
                keys.append(record.sort)
            else:
                keys.append(rows[url.removeprefix(_PROFILE_PREFIX).removesuffix("/")][3])
    return keys
