"""The API's profile documents and its paginated profile index (`PER_PAGE` profiles a page,
by slug: stable for consumers), made or kept for the open data (`publish._OpenData`).

A profile's document is kept while its entry's key is the same. A page of the index is kept
while its profiles are the same as the listings read them; made again, it is spliced from
its last file (`linesplice`): the lines of its steady profiles taken from it, or from the
page's neighbours' last files when a profile added or removed before them moved them across
pages, and only the changed profiles' lines made (issue #21).
"""

from __future__ import annotations

import contextlib
import functools

from generator.incremental.pagecache import PageCache, page_key
from generator.model.entries import Entry, Site
from generator.model.keys import listing_digests
from generator.model.partition import Part
from generator.model.urls import profile_api_path
from generator.opendata import profiledocs
from generator.opendata.apidocuments import dump_json
from generator.opendata.context import OpenDataContext, OpenDataError
from generator.opendata.ledger import FileOutput, Ledger
from generator.opendata.linesplice import LineManifest, last_lines, splice_lines, written_under

PER_PAGE = 100  # profiles per page of the API's profile index
INDEX_LINES_PART = "\0api-index-lines/"  # cache paths of a profile index page's manifest
# A page of the index is made again only when one of its profiles changed as the listings
# read them (or the count did), and then spliced from the page written (`linesplice`): only
# its changed profiles' lines made. They were kept in the lines' shards, a page made read
# ~100 lines from ~50 of the 64 shards (issue #21).


def index_pages(count: int) -> int:
    """How many pages the profile index of `count` profiles has (one, if none)."""
    return max(1, -(-count // PER_PAGE))


class ProfileFiles(Ledger):
    """The per-profile API documents and the profile index of one build, made or kept."""

    def __init__(
        self,
        site: Site,
        cache: PageCache | None,
        output: FileOutput | None,
        ctx: OpenDataContext,
        part: Part | None,
    ) -> None:
        super().__init__(site, cache, output)
        self.ctx = ctx
        self.part = part  # a partitioned build's part: only its files are made
        # The profile index's last pages: where each profile's line lay (the page, its key,
        # the line's offsets, the page's size), and the pages' last files read (before they
        # were written again).
        self._index_places: dict[str, tuple[str, str, int, int, int]] | None = None
        self._index_files: dict[str, bytes] = {}

    def profile_files(self) -> None:
        """Per-profile documents and the paginated index (by slug: stable for consumers)."""
        ctx = self.ctx
        ordered = sorted(ctx.published, key=lambda e: e.slug)
        for entry in ordered:
            if self.part is not None and not self.part.has_entry(entry):
                continue  # another part's
            path = profile_api_path(entry.slug)
            self.entry_file(path, entry, lambda e: dump_json(profiledocs.profile_document(ctx, e)))
        if self.part is not None and self.part.inside:
            return  # the index is the merge's
        # Each page keyed by what it reads of its own profiles, not by the listings' key: an
        # edit of one profile made every page again, ~0.1 ms a profile (issue #21).
        pages = index_pages(len(ordered))
        for number in range(1, pages + 1):
            path = profiledocs.profile_page_file(number)
            chunk = ordered[(number - 1) * PER_PAGE : number * PER_PAGE]
            key = self._entries_key(path, f"{number}/{pages}/{len(ordered)}", chunk)
            make = functools.partial(self._profile_page, path, len(ordered), number, chunk)
            self._kept_or_made(path, key, make)
            if path in self.kept:  # where its lines lie, for the next build that splices it
                self.keep_entry_part(f"{INDEX_LINES_PART}{path}")

    def _profile_page(self, path: str, count: int, number: int, chunk: list[Entry]) -> bytes:
        """Page `number` of the profile index at `path`, listing `chunk`: the document with
        an empty list, then each profile's line, as json joins them, spliced from the page
        written last (`linesplice`) while it is the one written, else made."""
        empty = dump_json(profiledocs.profile_list_document(self.ctx, count, number, PER_PAGE, []))
        # "profiles" is the last of the document's keys, sorted: its list ends the text.
        end = b"]}\n"
        if not empty.endswith(b'"profiles":[' + end):
            raise OpenDataError("the profile index's page does not end with its profiles")
        cache, part = self.cache, f"{INDEX_LINES_PART}{path}"
        last = last_lines(cache, path, part, listed=False) if cache is not None else None
        steady = cache.steady if cache is not None else set()
        head = empty[: -len(end)]
        if last is not None:  # read by the next pages' lines that come from this one
            self._index_files[path] = last[0]
        data, manifest = splice_lines(head, chunk, self._index_line, end, last, steady, b",")
        self.note_manifest(path, part, manifest.dumps())
        return data

    def _index_line(self, entry: Entry) -> bytes:
        """A profile's line of the profile index that its page's last file lacks: of another
        page's last file, if the profile is steady and was there (a profile added or removed
        before it moved it across pages), else made."""
        # A new profile shifts every later profile by one: each page after it gets one line
        # of the page before it (made, ~150 lines at 30,000; or every shard read to find it).
        cache = self.cache
        if cache is None or entry.slug not in cache.steady:
            return self._summary(entry)
        if self._index_places is None:
            self._index_places = {}
            for part, (key, manifest) in cache.parts.items():
                # Only the index's manifests are read: another part's bytes (an Atom entry)
                # read as marshal took 45 s and 12 GB at 30,000 profiles.
                if not part.startswith(INDEX_LINES_PART) or not isinstance(manifest, bytes):
                    continue
                found = LineManifest.loads(manifest)
                if found is None:
                    continue
                path = part.removeprefix(INDEX_LINES_PART)
                at, size = found.head, found.size(1)
                for slug, length in zip(found.slugs, found.lengths, strict=True):
                    self._index_places[slug] = (path, key, at, at + length, size)
                    at += length + 1  # the comma
        place = self._index_places.get(entry.slug)
        if place is not None:
            path, key, start, stop, size = place
            data = self._index_files.get(path)
            if data is None and path not in self.files and written_under(cache, path, key):
                with contextlib.suppress(OSError):
                    data = self._index_files[path] = cache.read_file(path)
            if data is not None and len(data) == size:  # the file its manifest describes
                return data[start:stop]
        return self._summary(entry)

    def _summary(self, entry: Entry) -> bytes:
        """The entry's line in the profile index, as JSON (as `dump_json` writes it in a list)."""
        return dump_json(profiledocs.profile_summary(self.ctx, entry))[:-1]  # no newline

    def _entries_key(self, path: str, facts: str, entries: list[Entry]) -> str | None:
        """The key of a file made from `entries` as the listings read them, `facts` and the
        context (None: made, no cache or an entry unknown to it)."""
        cache = self.cache
        digests = listing_digests(cache, entries)
        if cache is None or digests is None:
            return None
        return page_key(cache.context, "file", path, facts, *digests)
