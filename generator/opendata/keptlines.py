"""The open data's lines kept across builds: where they are, and how one is found again.

A profile's lines of a table (its CSV lines, its rows of the workbooks, its line of the API's
profile index) and the roll workbook's deflated segments are kept by key in one file of their
own (the build's `ShardedParts`), read and written only when a file made of them is made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from generator.incremental.pagecache import Parts


class KeptLines(Protocol):
    """Where the profiles' lines of the tables are kept by key across builds (the build's
    `ShardedParts`; a `KeptParts`)."""

    def get(self, part: str) -> tuple[str, bytes] | None:
        """The part the last save kept at `part` (reading no more than its own shard)."""

    def update(self, made: Parts, keep: Callable[[str], bool] | None = None) -> None:
        """Keep `made` beside the parts kept (with `keep`: of those, only the ones it keeps)."""


def find_kept_line(lines: KeptLines, made: Parts, path: str, key: str) -> bytes | None:
    """The bytes kept at `path` under `key`, made by this build (`made`) or kept by the last
    (`lines`), now in `made` for the next build; None when neither holds them so."""
    # `made` first: a roll page's row is asked by each roll it is in, a segment by each
    # workbook made. Each part is checked: the kept file may be damaged, or of older code.
    for found in (made.get(path), lines.get(path)):
        if isinstance(found, tuple) and len(found) == 2 and found[0] == key:
            data = found[1]
            if isinstance(data, bytes):
                made[path] = (key, data)
                return data
    return None
