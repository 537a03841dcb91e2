"""Pages, files and records of the last build, reused while their sources are unchanged."""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.incremental.buildcache import FORMAT
from generator.incremental.folders import write_replacing
from generator.incremental.ledger import Ledger, Row
from generator.output import Rendered

if TYPE_CHECKING:  # it builds on this module's KeptParts
    from generator.incremental.keptcounts import KeptCounts

DOCS = "docs"  # the build's ledger namespace of build/docs
# The ledger namespace of build/files: the open-data child's rows, the build's listing.
FILES = "files"


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
    # Slugs whose `entries` digest is the last build's under the last build's context (set by
    # the build's page keys, not saved): a page made from that one entry alone was written
    # under the key it would get again, so its ledger row's key is taken (`last_row`) rather
    # than hashed anew, one blake2b per profile page and edition on every edit (issue #21).
    steady: set[str] = field(default_factory=set)
    # This build's key of the listings (`generator.model.keys.listings_key`), made once by the
    # build's page keys (not saved): the open data's child, the choice to group the rolls and
    # the render each made it again, a string and a hash per entry (issue #21).
    listings_now: str | None = None
    listings: str = ""
    listing_docs: dict[str, str] = field(default_factory=dict)
    # Per roll of each edition (its first page's site path, "en/…" in English): what its pages
    # were made from and under which keys (`RollState`), so that a roll none of whose entries
    # changed is kept whole without cutting its rows into pages or keying each page again
    # (generator.pages.rolls, issue #21). None in a cache saved before it (read as empty).
    rolls: dict[str, RollState] | None = None
    # The rows of the rolls outside the provinces as the last build that grouped them had
    # them (a `generator.model.rollsplice.KeptRolls`; None: not known): an edit splices its
    # changed entries' rows into them rather than grouping every entry again (issue #21).
    kept_rolls: object | None = None
    # Where the province rolls linked their small communes, as the last build that grouped
    # them had them (a `generator.model.provincekept.ProvinceLinks`; None: not known): a
    # province roll none of whose entries changed is then neither cut nor keyed (issue #21).
    kept_provinces: object | None = None
    # The facet values of the profiles' search records as the last build that listed them
    # counted them (a `generator.search.facetcounts.FacetCounts`; None: not known): an edit
    # counts again only its changed profiles' records for the search page (issue #21).
    facets: object | None = None
    # The published entries in name order as the last build's page keys saw them: the package
    # that ordered them, their slugs and their `sort_names` (`Site.keep_order`; None: not
    # known, in a cache saved before it too), so that an edit sorts only what it changed.
    order: tuple[str, list[str], list[tuple[str | None, ...]]] | None = None
    # By slug, what `entries` and `listing` were made of besides the context (the source's
    # path and digest, the photo files and their digests: `commands.reuse.EntryInputs`; None:
    # not known): an edit hashes again only the entries whose inputs changed.
    inputs: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...]]] | None = None
    listing_files: dict[str, bytes] = field(default_factory=dict)
    listing_extra: dict[str, str] = field(default_factory=dict)
    # The build's ledger, namespace DOCS (at build/docs): per docs/ path the key and stamp of
    # the file written for it. A page is reused only while its file is still that one
    # (`doc_intact`): no text is kept here. It also holds the listings of the two folders the
    # build syncs, build/docs and build/files (`Ledger.listed`, namespaces DOCS and FILES).
    ledger: Ledger = field(default_factory=Ledger)
    # The open-data child's own ledger (namespace FILES, at build/files): per open-data file
    # made from one entry or from the listings, its key and stamp; and `parts`, bytes kept
    # by key that are parts of a file (the roll workbooks' manifest, the feeds' selections,
    # the tables' and the profile index's manifests; the rows kept are `KeptParts` apart).
    # Loaded and saved by the child (`load_files` / `saved_files`);
    # `made`: the files of this build by key, noted in the ledger once written.
    files: Ledger = field(default_factory=Ledger)
    parts: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    made: dict[str, str] = field(default_factory=dict)
    # Search records, per slug: a row (key, URL, digest, sort keys, facets: search.recordcache).
    records: dict[str, tuple[str, str, str, dict[str, str], dict[str, list[str]]]] = field(
        default_factory=dict
    )
    reused: int = 0
    # The statistics' counts of the last build that counted them, with each entry's facts
    # (generator.model.statcounts), read only by a build that counts them: files of their
    # own, set by the build (not saved with the rest: `commands.reuse.save_caches`).
    counts: KeptCounts | None = None

    def record_written(self, rendered: Rendered, listed: str) -> None:
        """Note the files of build/docs the keyed pages of `rendered` are now in, and that
        build/docs holds exactly the names `listed` digests."""
        ledger, made = self.ledger, set()
        for doc, key in rendered.keys.items():
            if doc in rendered.kept:
                made.add(doc)  # its row stays: the file is the one written before
            elif doc in rendered.docs:
                ledger.wrote(DOCS, doc, key)
                made.add(doc)
        ledger.keep_only(DOCS, made)
        ledger.synced(DOCS, listed)

    def last_row(self, slug: str, doc: str) -> Row | None:
        """The ledger row of `doc`, a page made from the entry `slug` alone, as the last build
        wrote it, if this build's context and the entry are what that build saw: its key is
        this build's (None: not known, the caller makes the key; `row_intact` checks the file)."""
        if slug not in self.steady:
            return None
        return self.ledger.rows(DOCS).get(doc)

    def row_intact(self, doc: str, row: Row) -> bool:
        """`doc_intact` of `doc` under the key of `row`, its ledger row (`last_row`)."""
        return self.ledger.row_kept(DOCS, doc, row)

    def doc_intact(self, doc: str, key: str) -> bool:
        """True if build/docs still holds the file written for `doc` under `key`."""
        return self.ledger.kept(DOCS, doc, key)

    def file_kept(self, path: str, key: str) -> bool:
        """True if the open-data file at `path` is still the one written under `key`."""
        return self.files.kept(FILES, path, key)

    def file_key(self, path: str) -> str | None:
        """The key the open-data file at `path` was last written under (None: not known)."""
        row = self.files.rows(FILES).get(path)
        return row[0] if row is not None else None

    def read_file(self, path: str) -> bytes:
        """The bytes of an open-data file in build/files."""
        with open(os.path.join(self.files.folders[FILES], path), "rb") as handle:
            return handle.read()

    def note_written(self, paths: Iterable[str]) -> None:
        """Note the open-data files at `paths` (made now, under build/files) in the ledger;
        forget the files this build neither made nor kept."""
        for path in paths:
            key = self.made.get(path)
            if key is not None:
                self.files.wrote(FILES, path, key)
        self.files.keep_only(FILES, self.made)

    def load_files(self, saved: dict[str, Any], folder: str) -> None:
        """The open-data child's ledger and parts from `saved_files` of the last build."""
        data = saved.get("ledger")
        self.files = Ledger.loads(data) if isinstance(data, bytes) else Ledger()
        self.files.at(FILES, folder)
        parts = saved.get("parts")
        self.parts = parts if isinstance(parts, dict) else {}
        # Parts made from the listings of a build that failed after its child saved them
        # (this cache's are the last build's that saved its own): stale against `steady`, which
        # is of that build, they are let go (the ledger's rows are by each file's own key).
        if saved.get("listings", "") != self.listings:
            self.parts = {}

    def saved_files(self, listings: str | None = None) -> dict[str, Any]:
        """What `load_files` reads back (one marshal file of the open-data child); `listings`:
        the key of the listings the parts were made from (this build's)."""
        return {"ledger": self.files.dumps(), "parts": self.parts, "listings": listings or ""}

    def entry_key(self, slug: str, *parts: str) -> str | None:
        """The key of something made from one entry, the context and `parts` (None: unknown)."""
        digest = self.entries.get(slug)
        if not self.context or digest is None:
            return None
        # One digest per entry, then `parts` as they are: 40,000 keys a build at scale.
        return "\0".join((_entry_base(self.context, digest), *parts))


# A roll's pages as the last build made them: (the key of what the whole roll shows but its
# rows (`generator.pages.rolls.roll_key`), its rows, its pages' site paths, their keys, the
# former page addresses' targets: `rollpages.former_page_targets`, [] when it had none, None
# when not known yet), and of each page what its key was made from besides its rows' entries
# (`generator.pages.rolls.page_shape`).
RollState = tuple[
    str, int, tuple[str, ...], tuple[str, ...], list[int | str] | None, tuple[str, ...]
]

# Bytes kept by cache path: (key, bytes).
Parts = dict[str, tuple[str, bytes]]


class KeptParts:
    """Parts of a file kept by key in a file of their own, read only when first asked for.

    For parts that only a file made again reads (the CSV's lines, one per profile: ~3 KB a
    profile, both editions): kept with the open data's ledger, they were read and written
    whole by every edit, though a summary's edit keeps the CSV. The file ends with the CRC-32
    of its marshal bytes, checked first: a damaged file is read as none (every part made).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._known: Parts | None = None
        self._later: Callable[[], Parts] | None = None

    def known(self) -> Parts:
        """The parts saved by the last `save` (read from the file once)."""
        if self._known is None:
            self._known = {}
            try:
                data = self.path.read_bytes()
            except OSError:
                return self._known
            body = memoryview(data)[:-4]
            if len(data) > 4 and zlib.crc32(body).to_bytes(4, "big") == data[-4:]:
                try:
                    loaded = marshal.loads(body)
                except (EOFError, ValueError, TypeError):
                    loaded = None
                # `(FORMAT, parts)`, as every file of the build cache: one of an older
                # FORMAT is ignored with the others (buildcache.FORMAT covers them all).
                if (
                    isinstance(loaded, tuple)
                    and len(loaded) == 2
                    and loaded[0] == FORMAT
                    and isinstance(loaded[1], dict)
                ):
                    self._known = loaded[1]
        return self._known

    def get(self, part: str) -> tuple[str, bytes] | None:
        """The part saved at `part` (the file read if not read yet)."""
        return self.known().get(part)

    def update(self, made: Parts, keep: Callable[[str], bool] | None = None) -> None:
        """Keep `made` beside the parts saved (with `keep`: of those, only the ones it keeps),
        the file written only if that changes them."""
        known = self.known()
        kept = known if keep is None else {p: v for p, v in known.items() if keep(p)}
        merged = {**kept, **made}
        if merged != known:
            self.save(merged)

    def save(self, parts: Parts) -> None:
        """Write `parts` as the file's whole content (atomically)."""
        data = marshal.dumps((FORMAT, parts))
        write_replacing(self.path, data + zlib.crc32(data).to_bytes(4, "big"), compare=False)
        self._known = parts

    def let_go(self) -> None:
        """Forget the parts read (read again if asked for): their bytes need not stay."""
        self._known = None

    def save_later(self, make: Callable[[], Parts]) -> None:
        """`save` what `make` gives when the build's caches are saved (`flush`): by the
        saver's child on an edit, off the build's critical path."""
        self._later = make

    def flush(self) -> None:
        """`save` what `save_later` was given, if anything."""
        make, self._later = self._later, None
        if make is not None:
            self.save(make())


# Asked for by every page of an entry, several per profile: the cap is above the largest roll
# measured (100,000) so that a build's pass over the roll never evicts what it asks for next.
@functools.lru_cache(maxsize=1 << 18)
def _entry_base(context: str, digest: str) -> str:
    return page_key(context, "entry", digest)


def page_key(*parts: str) -> str:
    """A cache key made of `parts`."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8")
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()
