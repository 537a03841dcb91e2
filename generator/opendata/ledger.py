"""The ledger of the open data: which files a build makes again and which it keeps.

`publish` says what the open data is (the API, tables, feeds, press kits); each file goes
through a `Ledger`, which keys it by what it reads — one entry (`entry_file`), the listings
(`listing_file`, generator.model.keys.listings_key), the facts it shows (`facts_file`) or the
context alone (`context_file`) — and either leaves it as it is in the output folder (the
cache's ledger says it still is) or makes it and hands it on (`MadeFiles`). The keys and the
parts kept in the cache are noted for the build to record (`record`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Protocol

from generator.incremental.pagecache import PageCache, page_key
from generator.model.entries import Entry, Site
from generator.model.keys import listings_key
from generator.opendata.context import OpenDataError

FACTS_PART = "\0facts/"  # cache paths of a file's key made from its facts (`facts_file`)


class FileOutput(Protocol):
    """Where the open-data files go as they are made (the build's build/files)."""

    def write(self, path: str, data: bytes) -> None:
        """Write the file at `path` (relative to the output folder)."""

    def read(self, path: str) -> bytes:
        """The bytes of a file written by `write`."""


class MadeFiles:
    """The files made by this build, by path; producing one path twice is an error, never a
    silent overwrite. Each is handed to `output` as it is made (only its name is kept) or,
    without one, held for the caller's `Rendered.files`."""

    # Held until the end, the files of a build were ~15 KB a profile in the open-data child
    # (API documents, CSV, workbooks, feeds, press kits): at 100,000 profiles 1.5 GB.

    def __init__(self, output: FileOutput | None) -> None:
        self.output = output
        self.held: dict[str, bytes] = {}
        self.names: list[str] = []
        self._seen: set[str] = set()

    def __setitem__(self, path: str, data: bytes) -> None:
        if path in self._seen:
            raise OpenDataError(f"{path} is produced twice")
        self._seen.add(path)
        self.names.append(path)
        if self.output is None:
            self.held[path] = data
        else:
            self.output.write(path, data)

    def __contains__(self, path: object) -> bool:
        return path in self._seen

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def read(self, path: str) -> bytes:
        """The bytes of a file made by this build (read back from `output`)."""
        return self.held[path] if self.output is None else self.output.read(path)


class Ledger:
    """The open-data files of one build, each made or kept under its key."""

    def __init__(self, site: Site, cache: PageCache | None, output: FileOutput | None) -> None:
        self.cache = cache
        self.keys: dict[str, str] = {}  # file path -> cache key (files that may be kept)
        self.listings = listings_key(site, cache)  # of files made from many entries
        self.chunks: dict[str, bytes] = {}  # kept parts (PageCache.parts) by cache path
        # Files left as they are in the output folder (the cache's ledger says they still are).
        self.kept: set[str] = set()
        self.files = MadeFiles(output)

    def record(self) -> None:
        """Note in the cache the parts kept and the keys of the files made (made files are
        noted in its ledger once written: `PageCache.note_written`)."""
        if self.cache is not None:
            chunks = self.chunks
            self.cache.parts = {p: (k, chunks[p]) for p, k in self.keys.items() if p in chunks}
            self.cache.made = {p: k for p, k in self.keys.items() if p not in chunks}

    def entry_key(self, slug: str, *parts: str) -> str | None:
        """The key of something made from the entry `slug`, the context and `parts` (None:
        unknown): the context's digest and the entry's as they are, with `parts`."""
        # Not `PageCache.entry_key`, which hashes the two together once per entry: a blake2b
        # for each profile of the roll in this child on every edit, most of them unchanged
        # (issue #21). Both are hex digests: joined by NULs, no two triples read the same.
        cache = self.cache
        if cache is None or not cache.context:
            return None
        digest = cache.entries.get(slug)
        if digest is None:
            return None
        return "\0".join((cache.context, digest, *parts))

    def note_manifest(self, path: str, part: str, manifest: bytes) -> None:
        """Keep at `part` the manifest of the file made at `path`, under the file's key: it
        holds while the file is that one (`linesplice.last_file`)."""
        key = self.keys.get(path)
        if key is not None:
            self.keys[part], self.chunks[part] = key, manifest

    def entry_file(self, path: str, entry: Entry, make: Callable[[Entry], bytes]) -> None:
        """A file made from one entry (and the context) only: left as it is in the output
        folder (`kept`) if made under the same key and unchanged since, else made."""
        self._kept_or_made(path, self.entry_key(entry.slug, "file", path), lambda: make(entry))

    def listing_file(self, path: str, make: Callable[[], bytes]) -> None:
        """A file made from many entries, reading none of their `OWN_PAGE_ONLY` fields: kept
        as the listing pages are (generator.model.keys.listings_key), else made."""
        key = page_key(self.listings, "file", path) if self.listings is not None else None
        self._kept_or_made(path, key, make)

    def facts_file(self, path: str, facts: Callable[[], str], make: Callable[[], bytes]) -> None:
        """A file made from the context and what it reads of the entries (`facts`, as text)
        alone: kept while both are the same, else made. `facts` is asked only when the
        listings' key changed: while it is the same, so are they, and the key they made (kept
        at `FACTS_PART`, with the ledger) stands."""
        listed = page_key(self.listings, "facts", path) if self.listings is not None else None
        self.facts_file_read(path, listed, facts, make)

    def facts_file_read(
        self, path: str, listed: str | None, facts: Callable[[], str], make: Callable[[], bytes]
    ) -> None:
        """A file made from the context and `facts` (as text) alone, as `facts_file`, where
        `listed` is a key of what the facts are read from (None: unknown, asked each time)."""
        cache = self.cache
        context = cache.context if cache is not None else ""
        if cache is None or not context or listed is None:
            self._kept_or_made(
                path, page_key(context, "file", path, facts()) if context else None, make
            )
            return
        part = f"{FACTS_PART}{path}"
        found = cache.parts.get(part)
        if found is not None and found[0] == listed and isinstance(found[1], bytes):
            key = found[1].decode("utf-8", "replace")  # damaged: a key no file was written under
        else:
            key = page_key(context, "file", path, facts())
        self.keys[part], self.chunks[part] = listed, key.encode("utf-8")
        self._kept_or_made(path, key, make)

    def keep_facts_part(self, path: str) -> None:
        """Carry the key `facts_file_read` made for `path` to the next build, unread (its
        file kept without asking)."""
        if self.cache is not None:
            part = f"{FACTS_PART}{path}"
            found = self.cache.parts.get(part)
            if found is not None and isinstance(found[1], bytes):
                self.keys[part], self.chunks[part] = found[0], found[1]

    def entry_part(self, part: str, entry: Entry, make: Callable[[], bytes]) -> bytes:
        """Bytes made from one entry (and the context) only, kept in the cache at `part`
        while the entry's key is the same: a kept entry's are read without its profile."""
        cache = self.cache
        key = self.entry_key(entry.slug, "file", part)
        if key is None:
            return make()
        found = self.chunks.get(part) if self.keys.get(part) == key else None
        if found is None:
            kept = cache.parts.get(part) if cache is not None else None
            if kept is not None and kept[0] == key and isinstance(kept[1], bytes):
                found = kept[1]
            else:
                found = make()
            self.keys[part], self.chunks[part] = key, found
        return found

    def keep_entry_part(self, part: str) -> None:
        """Carry a part `entry_part` kept to the next build, unread (the file that holds it
        kept as it is)."""
        if self.cache is not None and part not in self.keys:
            found = self.cache.parts.get(part)
            if found is not None and isinstance(found[1], bytes):
                self.keys[part], self.chunks[part] = found[0], found[1]

    def context_file(self, path: str, make: Callable[[], bytes]) -> None:
        """A file made from the context alone (the code, configuration, campaigns, today):
        kept while it is the same, else made."""
        context = self.cache.context if self.cache is not None else ""
        self._kept_or_made(path, page_key(context, "file", path) if context else None, make)

    def listing_text(self, part: str, make: Callable[[], str]) -> str:
        """Text made from many entries as the listings read them (a feed's selection): the last
        build's, kept in the cache at `part`, while the listings' key is the same."""
        cache, key = self.cache, None
        if cache is not None and self.listings is not None:
            key = page_key(self.listings, "file", part)
            found = cache.parts.get(part)
            if found is not None and found[0] == key and isinstance(found[1], bytes):
                with contextlib.suppress(UnicodeDecodeError):  # else damaged: made again
                    text = found[1].decode("utf-8")
                    self.keys[part], self.chunks[part] = key, found[1]
                    return text
        text = make()
        if key is not None:
            self.keys[part], self.chunks[part] = key, text.encode("utf-8")
        return text

    def _kept_or_made(self, path: str, key: str | None, make: Callable[[], bytes]) -> None:
        cache = self.cache
        if cache is not None and key is not None:
            self.keys[path] = key
            if cache.file_kept(path, key):
                self.kept.add(path)
                return
        self.files[path] = make()
