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

A rename, or a profile added or withdrawn, moves the ranks (name order) of the profiles
between its places, or after it, and of the other records: a rank is a sort key, not in a
record's page, so their records and shards are kept; their rows take the new rank, the
records' digest holds the places in name order apart from the sum
(`recordcache.names_digest`), an added record goes into its shard by its URL, a withdrawn
one leaves it.

The plan is used only while it is sure to describe the bundle: made from the records whose
digest the build knows build/search was left with (`Reuse.records`), under the same context,
with ranks of the same width, the same other records, each changed profile still in its
shard, and each partition's shards as many as its records make. Anything else (a decision or
a campaign added, a changed configuration, many entries changed, a province's shards
doubled) takes the whole path, which writes a new plan.
"""

from __future__ import annotations

import functools
import marshal
from bisect import bisect_left, insort
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
from generator.search.index import Layout, shard_count, shard_of, sorts_digest, write_kept
from generator.search.pagefind import IndexStats
from generator.search.recordcache import (
    KeptRecord,
    RecordRow,
    moved_sum,
    name_place,
    names_digest,
    ranked_row,
    record_term,
    records_digest,
    row_of,
)
from generator.search.records import (
    SORT_NAME,
    SearchRecord,
    iter_other_records,
    name_rank,
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
class _Moves:
    """How the name order moved since the plan (`_moved_ranks`)."""

    added: dict[str, int]  # slug -> rank, of the published profiles the plan has not
    removed: list[str]  # the plan's published profiles published no more
    ranked: bool  # a kept profile's rank changed (its row has the new one)


@dataclass
class _Edit:
    """The records an edit changed, found by `_changed_records`."""

    made: dict[str, SearchRecord]  # URL -> a record whose digest or sort keys changed
    partitions: dict[str, str]  # URL -> partition, of every changed profile
    others: dict[str, SearchRecord]  # URL -> record, every non-profile record (made anew)
    total: int  # the records' sum now
    sorts_moved: bool  # a sort key changed (a rank among them)
    added: set[str]  # the URLs of the records added (made too)
    removed: set[str]  # the URLs of the records removed


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
    published, campaigns, pages, width = record_ranks(site, docs)
    if width != len(str(len(plan.order) + len(plan.others))):
        return None  # every rank is written with another width
    order = [entry.slug for entry in published]
    # A rename or a profile added or withdrawn moves the ranks of the profiles between its
    # places: their rows take their new rank; their records and shards are kept.
    moves = _moved_ranks(plan.order, order, cache.records, width)
    if moves is None:
        return None
    made_others = iter_other_records(site, campaigns, pages, len(published), width)
    edit = _changed_records(site, made_others, thumbnails, cache, plan, published, width, moves)
    if edit is None:
        return None
    count = len(published) + len(edit.others)
    places = [
        name_place(name_rank(rank, width), profile_path(slug)) for rank, slug in enumerate(order)
    ]
    places += (name_place(r.sort[SORT_NAME], url) for url, r in edit.others.items())
    digest = records_digest(package, count, edit.total, names_digest(places))
    entries, thumbs = dict(cache.entries), dict(thumbnails)
    if digest == known:  # the records are the bundle's: only the plan learns the entries
        save_plan(shards, replace(plan, entries=entries, thumbnails=thumbs, order=order))
        return digest, edit.total, None
    laid = _laid_out(plan.layout, edit)
    if laid is None:
        return None
    layout, dirty = laid
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
            order=order, others=others, layout=layout, sorts=sorts[0],
        ),
    )  # fmt: skip
    return digest, edit.total, stats


def _moved_ranks(
    old: list[str], new: list[str], rows: dict[str, RecordRow], width: int
) -> _Moves | None:
    """The profiles added to and removed from the name order `old` (the plan's) to make `new`
    (this build's), each other profile whose rank moved given it in its row (`rows`); None if
    a row is missing."""
    if old == new:  # compared in C: most edits
        return _Moves({}, [], False)
    stop = min(len(old), len(new))
    first = next((at for at in range(stop) if old[at] != new[at]), stop)
    # Every rank after the first change moves when the count changes; a rename moves only
    # those between its old and new place.
    last_old, last_new = len(old), len(new)
    if last_old == last_new:
        while last_new > first and old[last_new - 1] == new[last_new - 1]:
            last_new -= 1
        last_old = last_new
    before = set(old[first:last_old])
    now = new[first:last_new]
    added = {slug: first + at for at, slug in enumerate(now) if slug not in before}
    removed = list(before.difference(now))
    ranked = False
    for rank in range(first, last_new):
        slug = new[rank]
        if slug in added:
            continue
        found = rows.get(slug)
        row = ranked_row(found, name_rank(rank, width))
        if row is None:
            return None
        if row is not found:
            rows[slug] = row
            ranked = True
    return _Moves(added, sorted(removed), ranked)


def _changed_records(
    site: Site,
    made_others: Iterable[SearchRecord],
    thumbnails: Mapping[str, str],
    cache: PageCache,
    plan: SearchPlan,
    published: list[Entry],
    width: int,
    moves: _Moves,
) -> _Edit | None:
    """The records of the entries whose digest or thumbnail differ from the plan's, and of the
    profiles `moves` added, made, with `made_others`, the other records; the removed profiles'
    rows dropped (None: too many changed, or a row is missing)."""
    rows = cache.records
    # Compared in C: the entries (all of them, proposed ones too) and the thumbnails.
    changed = {slug for slug, _digest in cache.entries.items() - plan.entries.items()}
    changed.update(slug for slug, _path in thumbnails.items() ^ plan.thumbnails.items())
    changed.update(moves.added)
    changed.difference_update(moves.removed)
    if len(changed) + len(moves.removed) > max(64, len(published) // MAX_CHANGED_PART):
        return None
    made: dict[str, SearchRecord] = {}
    partitions: dict[str, str] = {}
    removed: list[int] = []
    added: list[int] = []
    urls_removed: set[str] = set()
    for slug in moves.removed:
        old = ranked_row(rows.pop(slug, None), "")
        if old is None:
            return None
        removed.append(record_term(old[2], old[3]))
        urls_removed.add(old[1])
    sorts_moved = moves.ranked or bool(moves.added) or bool(moves.removed)
    for slug in sorted(changed):
        old = rows.get(slug)
        if old is not None:
            rank = _rank_of(old, slug, published)
        elif slug in moves.added:
            rank = moves.added[slug]
        elif slug in plan.order:
            return None  # a published profile without a row
        else:
            continue  # not published (a proposal): no record
        if rank is None:
            return None
        entry, thumbnail = published[rank], thumbnails.get(slug)
        key = cache.entry_key(slug, "record", thumbnail or "")
        if key is None:
            return None
        record = profile_record(site, entry, rank, width, thumbnail)
        rows[slug] = new = row_of(key, record)
        partitions[record.url] = partition_of(entry)
        if old is None or (old[2], old[3]) != (new[2], new[3]):
            made[record.url] = record
            if old is not None:
                removed.append(record_term(old[2], old[3]))
                sorts_moved = sorts_moved or old[3] != new[3]
            added.append(record_term(new[2], new[3]))
    if len(rows) != len(published):
        return None
    others = {record.url: record for record in made_others}
    if others.keys() != plan.others.keys():
        return None  # a decision or a campaign added or gone: pages move
    for url, record in others.items():
        digest, sort = plan.others[url]
        if record.sort == sort and record.digest() == digest:
            continue
        sorts_moved = True
        if record.digest() != digest or _unranked(record.sort) != _unranked(sort):
            made[url] = record
            partitions[url] = SHARED
            removed.append(record_term(digest, sort))
            added.append(record_term(record.digest(), record.sort))
        # else only its rank moved (profiles added or withdrawn): its page is kept
    total = moved_sum(plan.total, removed, added)
    urls_added = {profile_path(slug) for slug in moves.added}
    return _Edit(made, partitions, others, total, sorts_moved, urls_added, urls_removed)


def _unranked(sort: dict[str, str]) -> dict[str, str]:
    """Sort keys but the rank in name order (which is not in a record's page)."""
    return {name: key for name, key in sort.items() if name != SORT_NAME}


def _rank_of(row: Any, slug: str, published: list[Entry]) -> int | None:
    """A profile's rank in name order, from its row's sort key (the ranks are the plan's)."""
    if not isinstance(row, tuple) or len(row) != 5 or not isinstance(row[3], dict):
        return None
    try:
        rank = int(row[3][SORT_NAME])
    except (KeyError, ValueError, TypeError):
        return None
    return rank if 0 <= rank < len(published) and published[rank].slug == slug else None


def _laid_out(layout: Layout, edit: _Edit) -> tuple[Layout, set[int]] | None:
    """The shards (`layout`, the plan's) with the records `edit` added and removed, and those
    (by page order) holding a record made, added or removed; None if a changed record is not
    where the plan has it (its partition moved) or a partition's shards are other now."""
    spans: dict[str, tuple[int, int]] = {}  # partition -> (its first shard, its shard count)
    for index, (partition, _key, _urls) in enumerate(layout):
        first, count = spans.get(partition, (index, 0))
        spans[partition] = (first, count + 1)
    layout = list(layout)
    dirty: set[int] = set()

    def change(index: int, url: str, add: bool) -> None:
        partition, key, urls = layout[index]
        if index not in dirty:  # the plan's list is not changed in place
            urls = list(urls)
            layout[index] = (partition, key, urls)
        if add:
            insort(urls, url)  # a shard's records are in URL order
        else:
            urls.remove(url)
        dirty.add(index)

    for url in sorted(edit.removed):  # where it was: the entry may be gone
        holder = next((i for i, (_p, _k, urls) in enumerate(layout) if _holds(urls, url)), None)
        if holder is None:
            return None
        change(holder, url, add=False)
    for url, partition in sorted(edit.partitions.items()):
        span = spans.get(partition)
        if span is None:
            return None
        index = span[0] + shard_of(url, span[1])
        if url in edit.added:
            change(index, url, add=True)
        elif not _holds(layout[index][2], url):
            return None
        elif url in edit.made:
            dirty.add(index)
    for first, count in spans.values():
        # A partition's shard count is its records' (`index.group_records`): one more or
        # one fewer may double or halve it (the whole path regroups them).
        if any(first <= index < first + count for index in dirty):
            records = sum(len(urls) for _p, _k, urls in layout[first : first + count])
            if records == 0 or shard_count(records) != count:
                return None
    return layout, dirty


def _holds(urls: list[str], url: str) -> bool:
    """True if the URL-ordered `urls` holds `url`."""
    at = bisect_left(urls, url)
    return at < len(urls) and urls[at] == url


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
