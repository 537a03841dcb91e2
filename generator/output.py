"""What a stage hands to the build: the pages, post-build files and open data it made."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Rendered:
    """Everything the build writes: docs/ pages, post-build HTML files, mkdocs.yml."""

    # path under docs/ -> Markdown ("" once written, generator.commands.buildfolder.WrittenDocs)
    docs: dict[str, str] = field(default_factory=dict)
    # Pages reused from the last build whose file in build/docs is still as it was written:
    # path under docs/ -> cache key. Their text is not held (nor read): the file stays.
    kept: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # every page the cache may keep: key
    extra: dict[str, str] = field(default_factory=dict)  # path under site/ -> HTML
    listings_reused: bool = False  # every page made from many entries kept (PageCache.listings)
    files: dict[str, bytes] = field(default_factory=dict)  # path under site/ -> open data
    # Open-data files left as they are in the output folder (PageCache.file_kept).
    files_kept: set[str] = field(default_factory=set)
    mkdocs_yml: str = ""
