"""The roll's workbook's deflated segments kept with the open data's lines.

The roll's sheet is deflated in segments (`compression.ZipArchive.add_segments`), each by its
key: kept, an edit deflates again the segment of the sheet holding the rows it changed (and
the next), not the whole sheet (issue #21).
"""

from __future__ import annotations

from generator.incremental.pagecache import Parts
from generator.opendata.keptlines import KeptLines, find_kept_line

XLSX_SEGMENT = "\0xlsx-segment/"  # cache paths of the roll's workbook's deflated segments


class KeptSegments:
    """The roll's workbook's deflated segments (`compression.DeflateMemo`) kept with the
    lines (`XLSX_SEGMENT`): those the workbook made now asks for are kept for the next build."""

    def __init__(self, lines: KeptLines | None, made: Parts) -> None:
        # `made`: the build's lines made or kept now (`_OpenData.lines_made`), saved after.
        self.lines = lines
        self.made = made

    def get(self, key: str) -> bytes | None:
        """The segment under `key`, as the last build kept it (or this one made it)."""
        if self.lines is None:
            return None
        return find_kept_line(self.lines, self.made, f"{XLSX_SEGMENT}{key}", key)

    def put(self, key: str, data: bytes) -> None:
        """Keep `data` under `key` for the next build."""
        if self.lines is not None:
            self.made[f"{XLSX_SEGMENT}{key}"] = (key, data)
