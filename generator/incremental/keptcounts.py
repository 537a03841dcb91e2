"""The statistics' counts kept from one build to the next: a head read whole, each entry's
facts in shards read only for the entries that changed.

The counts (generator.model.statcounts) were one file holding every entry's facts beside the
totals: ~0.9 KB a profile (27 MB at 30,000), read and decoded whole by every edit that makes
the listings (0.3-0.4 s of the build's critical path at 30,000) and written whole by its
saver. An edit needs the totals, each entry's key (to find the entries that changed) and
the facts of the entries that changed or left only (to count them out): the head holds the
first two, the facts are `ShardedParts` by slug (64 files), of which an edit reads and
writes the shards of its own profiles.

The head is removed before any shard is written and written last: a build stopped between
the two leaves no head, and the next count is whole. (Its keys alone would not tell: an
entry's key is made of its source and photos, not of the code or the configuration its
facts were read under, nor has an untracked entry one.) A count that finds an entry's facts
missing, or under another key than the head's (a damaged shard, one of another build),
counts whole too (`statcounts.MissingFacts`). A tie that only the roll's order settles reads
every entry's facts (`Counts.in_order`): then every shard is read.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from generator.incremental.pagecache import KeptParts, Parts
from generator.incremental.shardedparts import ShardedParts

FACTS_SHARDS = 64

# What a build saves (`KeptCounts.save_later`): the head's parts, the facts it read (by
# slug: (entry key, marshalled facts)), the slugs whose facts are to go, and whether the
# facts made are all there are (counted whole: every shard written to hold only them).
Saved = tuple[Parts, Parts, Collection[str], bool]


class KeptCounts:
    """The head (`KeptParts` at `head`) and the entries' facts (`ShardedParts` beside
    `facts`, `FACTS_SHARDS` files) of the statistics' counts."""

    def __init__(self, head: Path, facts: Path) -> None:
        self.head = KeptParts(head)
        self.facts = ShardedParts(facts, FACTS_SHARDS)
        self._later: Callable[[], Saved] | None = None

    def get(self, part: str) -> tuple[str, bytes] | None:
        """The head's part `part` as the last save left it (the head read once)."""
        return self.head.get(part)

    def facts_of(self, slug: str) -> tuple[str, bytes] | None:
        """The entry key and marshalled facts saved for `slug` (its shard read alone)."""
        return self.facts.get(slug)

    def let_go(self) -> None:
        """Forget the head and the shards read (the counts made from them hold what they
        need; a shard asked for again is read again)."""
        self.head.let_go()
        self.facts.let_go()

    def save_later(self, make: Callable[[], Saved]) -> None:
        """Save what `make` gives when the build's caches are saved (`flush`): by the saver's
        child on an edit, off the build's critical path."""
        self._later = make

    def flush(self) -> None:
        """Save what `save_later` was given, if anything: the facts' shards first, the head
        last (see the module's docstring)."""
        make, self._later = self._later, None
        if make is None:
            return
        head, made, gone, whole = make()
        # No head while the shards change (see the module's docstring).
        self.head.path.unlink(missing_ok=True)
        if whole:
            self.facts.save(made)
        else:
            self.facts.update(made, gone=gone)
        self.head.save(head)
