"""Pages, files and records of the last build, reused while their sources are unchanged."""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.incremental.stamps import encode, same_encoded, same_output, stamp
from generator.output import Rendered


@dataclass
class PageCache:
    """Pages of an earlier build, reused while what they were rendered from is unchanged."""

    # The build sets `context`, a digest of what any page may read (the generator package, the
    # configuration, the campaigns, today), and `entries`, per slug a digest of what one entry
    # is made of (its source file and photos). A profile page reads its entry and the context;
    # a roll page its rows' entries, its own figures and the context: so are their keys made.
    # Every other page (home, campaigns, statistics, indexes) reads much of the site and is
    # always rendered. A template that starts reading something else must add it to its key;
    # tests/test_incremental.py compares incremental builds with clean ones.

    context: str = ""
    entries: dict[str, str] = field(default_factory=dict)
    # Per slug: (its `entries` digest, `listing_digest`): what pages made from many entries
    # read of it. With the same context and the same facts of every entry, those pages are
    # the last build's: kept as they are (the key, their keys, their post-build files).
    listing: dict[str, tuple[str, str]] = field(default_factory=dict)
    listings: str = ""
    listing_docs: dict[str, str] = field(default_factory=dict)
    listing_files: dict[str, bytes] = field(default_factory=dict)
    listing_extra: dict[str, str] = field(default_factory=dict)
    # docs/ path: (key, *FileStamp) of the file written for it in build/docs. A page is
    # reused only while its file is still that one (`doc_intact`): no text is kept here.
    written: dict[str, tuple[str, int, int, int, int]] = field(default_factory=dict)
    docs_dir: str = ""  # build/docs, where `written` is
    # Open data made from one entry: path -> (key, `stamps.encode` of the file in
    # `files_dir` from `note_written`), or (key, bytes) of a part of a file
    # (generator.opendata.publish.CSV_CHUNK).
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    files_dir: str = ""
    # Search records, per slug: (key, SearchRecord.as_tuple()); saved apart, with marshal.
    records: dict[str, tuple[str, Any]] = field(default_factory=dict)
    reused: int = 0

    def record_written(self, rendered: Rendered) -> None:
        """Note the files of build/docs (`docs_dir`) the keyed pages of `rendered` are now in."""
        written: dict[str, tuple[str, int, int, int, int]] = {}
        for doc, key in rendered.keys.items():
            if doc in rendered.kept:
                written[doc] = self.written[doc]
            elif doc in rendered.docs:
                written[doc] = (key, *stamp(os.stat(os.path.join(self.docs_dir, doc))))
        self.written = written

    def doc_intact(self, doc: str, key: str) -> bool:
        """True if build/docs still holds the file written for `doc` under `key`."""
        found = self.written.get(doc)
        if found is None or found[0] != key:
            return False
        try:
            return same_output(found[1:], os.stat(os.path.join(self.docs_dir, doc)))
        except OSError:
            return False

    def file_intact(self, path: str, recorded: bytes) -> bool:
        """True if the open-data file at `path` is still the one `note_written` saw."""
        if not self.files_dir or not recorded:
            return False
        try:
            st = os.stat(os.path.join(self.files_dir, path))
        except OSError:
            return False
        return same_encoded(recorded, st)

    def read_file(self, path: str) -> bytes:
        """The bytes of an open-data file in `files_dir`."""
        with open(os.path.join(self.files_dir, path), "rb") as handle:
            return handle.read()

    def note_written(self, paths: Iterable[str]) -> None:
        """Note where the open-data files at `paths` (under `files_dir`) now are."""
        for path in paths:
            found = self.files.get(path)
            if found is not None:
                st = os.stat(os.path.join(self.files_dir, path))
                self.files[path] = (found[0], encode(stamp(st)))

    def entry_key(self, slug: str, *parts: str) -> str | None:
        """The key of something made from one entry, the context and `parts` (None: unknown)."""
        digest = self.entries.get(slug)
        if not self.context or digest is None:
            return None
        # One digest per entry, then `parts` as they are: 40,000 keys a build at scale.
        return "\0".join((_entry_base(self.context, digest), *parts))


@functools.lru_cache(maxsize=1 << 16)
def _entry_base(context: str, digest: str) -> str:
    return page_key(context, "entry", digest)


def page_key(*parts: str) -> str:
    """A cache key made of `parts`."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8")
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()
