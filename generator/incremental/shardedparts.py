"""Parts kept by key in shards of files, each written only when one of its parts changed."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.incremental.pagecache import KeptParts, Parts


class ShardedParts:
    """`KeptParts` in `shards` files beside `path` (``<stem>.<nn><suffix>``), the parts of a
    profile in one of them (by what follows the last "/" of their cache path: its slug).

    The open data's kept lines (the CSV's, the workbooks' rows, the API index's) were one
    file, read and written whole by every edit that makes a CSV again: 9 MB at 1,000
    profiles, ~900 MB at 100,000 by a straight line (issue #21). An edit now writes the
    shard of the profile it changed (and any shard whose parts were let go); every shard is
    still read, as every profile's lines are joined into the files made. Each shard ends
    with its own CRC-32: a damaged one is read as none (its profiles' parts made again).
    """

    def __init__(self, path: Path, shards: int) -> None:
        self.path = path
        self.shards = [
            KeptParts(path.with_name(f"{path.stem}.{n:02x}{path.suffix}")) for n in range(shards)
        ]
        self._known: Parts | None = None
        self._shard_of: dict[str, int] = {}  # by the last segment of a part's path

    def shard_of(self, part: str) -> int:
        """The shard that holds `part`."""
        name = part.rpartition("/")[2]
        found = self._shard_of.get(name)
        if found is None:
            data = name.encode("utf-8", "surrogatepass")
            found = self._shard_of[name] = zlib.crc32(data) % len(self.shards)
        return found

    def known(self) -> Parts:
        """The parts saved by the last `save` (every shard read once)."""
        if self._known is None:
            self._known = {}
            for shard in self.shards:
                self._known.update(shard.known())
        return self._known

    def let_go(self) -> None:
        """Forget the parts read (each shard read again when asked for)."""
        self._known = None
        for shard in self.shards:
            shard.let_go()

    def get(self, part: str) -> tuple[str, bytes] | None:
        """The part saved at `part`, its shard read (alone) if not read yet."""
        # A roll page's workbook made again asks for the rows of its own entries: not every
        # shard read for them, nor for a profile index page's hundred lines (issue #21).
        if self._known is not None:
            return self._known.get(part)
        return self.shards[self.shard_of(part)].known().get(part)

    def update(
        self,
        made: Parts,
        keep: Callable[[str], bool] | None = None,
        gone: Iterable[str] = (),
    ) -> None:
        """Keep `made` beside the parts saved and drop those at `gone`: only the shards they
        change are read and written; with `keep`, of the parts saved only those it keeps
        (every shard read)."""
        if keep is not None:
            dropped_all = set(gone)
            kept = {p: v for p, v in self.known().items() if keep(p) and p not in dropped_all}
            self.save({**kept, **made})
            return
        groups: dict[int, Parts] = {}
        for part, value in made.items():
            groups.setdefault(self.shard_of(part), {})[part] = value
        dropped: dict[int, set[str]] = {}
        for part in gone:
            if part not in made:
                dropped.setdefault(self.shard_of(part), set()).add(part)
        for number in groups.keys() | dropped.keys():
            shard = self.shards[number]
            known = shard.known()
            group = groups.get(number, {})
            left = dropped.get(number, set()) & known.keys()
            if left or any(known.get(p) != v for p, v in group.items()):
                shard.save({**{p: v for p, v in known.items() if p not in left}, **group})
        self._known = None  # each shard holds what it holds now
        self.path.unlink(missing_ok=True)

    def save(self, parts: Parts) -> None:
        """Keep `parts` as the whole content: each shard written only if its parts differ
        from those it holds (read first, if not read yet)."""
        groups: list[Parts] = [{} for _ in self.shards]
        for part, value in parts.items():
            groups[self.shard_of(part)][part] = value
        for shard, group in zip(self.shards, groups, strict=True):
            # The values kept are the objects read (or equal): compared by identity first.
            if shard.known() != group:
                shard.save(group)
        # The one file of the code before, if any: its parts are in no shard, never read.
        self.path.unlink(missing_ok=True)
        self._known = parts
