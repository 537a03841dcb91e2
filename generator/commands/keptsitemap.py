"""The sitemap a staged engine build keeps, with the entries of pages added or removed.

A staged build (generator.commands.sitengine) shows the engine only the changed docs/ files
and the nav's pages, so it cannot render the sitemap, which lists every page. When the set of
pages is the last build's, the last sitemap is kept and redated. When pages were added or
removed (a new profile: the edit editors make most), the last sitemap is edited: the removed
pages' entries cut, each added page's entry (the engine's template rendered for that page
alone) put where the engine's walk of docs/ meets its file. The engine lists pages in that
walk's order (a folder's files, `index`/`README` first, then its folders, each by name), and
every entry renders the same whatever its neighbours, so the edited sitemap is the one a
build of every page writes. This module reads no engine: the engine's side is in sitengine.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gzip
import html
import io
import os
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from generator.model.sitemapdates import sitemap_with_lastmod

__all__ = [
    "SitemapEdit",
    "apply_edit",
    "entry_of",
    "plan_edit",
    "source_finder",
    "update_kept_sitemap",
    "walk_key",
]

_ENTRY = re.compile(r"\s*<url>.*?</url>", re.S)  # one, with the whitespace before it
_OPEN, _CLOSE = "<url>", "</url>"

WalkKey = tuple[tuple[object, ...], ...]


def walk_key(src_uri: str) -> WalkKey:
    """Where the engine's walk of docs/ meets `src_uri`: the order of its pages (os.walk,
    folders sorted by name; a folder's files before its folders, `index` and `README` first)."""
    # mkdocs.structure.files.get_files: `dirnames.sort()`, `filenames.sort(key=_file_sort_key)`.
    *folders, name = src_uri.split("/")
    last = (0, os.path.splitext(name)[0] not in ("index", "README"), name)
    return (*((1, folder) for folder in folders), last)


@dataclass
class SitemapEdit:
    """Where the entries of the pages added and removed go in the kept sitemap."""

    text: str  # the kept sitemap
    cut: list[tuple[int, int]] = field(default_factory=list)  # entries of pages removed
    # Pages added, by the offset their entries go at, in walk order.
    put: dict[int, list[str]] = field(default_factory=dict)

    @property
    def added(self) -> list[str]:
        """The docs/ paths of the pages whose entries are put in."""
        return [src for offset in sorted(self.put) for src in self.put[offset]]


class _Entries:
    """The kept sitemap's entries, read only where asked: where each begins, and the site
    path of a few (a binary search reads ~log2(n) of them, not the 100,000 of a large roll)."""

    def __init__(self, text: str, base: str) -> None:
        self.text, self.base = text, base
        # Entries hold no "<url>" but their own (the addresses in them are escaped).
        self.opens = [found.start() for found in re.finditer(_OPEN, text)]

    def span(self, index: int) -> tuple[int, int]:
        """Entry `index` with the whitespace before it (the end of the one before)."""
        text, opens = self.text, self.opens
        end = text.index(_CLOSE, opens[index]) + len(_CLOSE)
        if index:
            return text.index(_CLOSE, opens[index - 1]) + len(_CLOSE), end
        return len(text[: opens[0]].rstrip()), end

    def url(self, index: int) -> str | None:
        """The site path of entry `index`'s `<loc>` (None if not under `base`)."""
        start = self.text.index("<loc>", self.opens[index]) + len("<loc>")
        address = html.unescape(self.text[start : self.text.index("</loc>", start)])
        return address[len(self.base) :] if address.startswith(self.base) else None

    def find(self, url: str) -> int | None:
        """The entry of the site path `url`, if the sitemap lists it."""
        # The engine's template writes each address through Jinja's `e` filter.
        offset = self.text.find(f"<loc>{escape(self.base + url)}</loc>")
        return None if offset < 0 else bisect.bisect_right(self.opens, offset) - 1


def plan_edit(
    text: str,
    site_url: str,
    removed: Collection[str],
    added: Mapping[str, str],
    find_source: Callable[[str], str | None],
) -> SitemapEdit | None:
    """Plan the kept sitemap `text`'s edit: the entries of the `removed` site paths cut, one
    put in for each page of `added` (docs/ path -> site path) the sitemap does not list yet.
    `find_source` names the docs/ file of a listed site path. None when an entry cannot be
    placed (no entries, an entry without its file): the caller builds every page instead."""
    entries = _Entries(text, site_url if site_url.endswith("/") else site_url + "/")
    if not entries.opens:
        return None
    edit = SitemapEdit(text)
    for url in sorted(removed):
        index = entries.find(url)
        if index is not None:
            edit.cut.append(entries.span(index))
    keys: dict[int, WalkKey | None] = {}

    def key_at(index: int) -> WalkKey | None:
        if index not in keys:
            url = entries.url(index)
            source = find_source(url) if url is not None else None
            keys[index] = None if source is None else walk_key(source)
        return keys[index]

    for src, url in sorted(added.items(), key=lambda item: walk_key(item[0])):
        if url not in removed and entries.find(url) is not None:
            continue  # listed already (its output was missing, not the page)
        # Binary search: the first entry after `src` in the walk (the entries are in order).
        key, low, high = walk_key(src), 0, len(entries.opens)
        while low < high:
            middle = (low + high) // 2
            other = key_at(middle)
            if other is None:
                return None
            if other < key:
                low = middle + 1
            else:
                high = middle
        at = entries.span(low)[0] if low < len(entries.opens) else entries.span(low - 1)[1]
        edit.put.setdefault(at, []).append(src)
    return edit


def entry_of(rendered: str) -> str:
    """The entry (whitespace before it included) of a sitemap rendered for one page; "" when
    the template leaves the page out (a page marked `noindex`, a comment page)."""
    found = _ENTRY.search(rendered)
    return "" if found is None else found.group()


def apply_edit(edit: SitemapEdit, entries: Mapping[str, str]) -> str:
    """The kept sitemap with `edit` made, each added page's entry taken from `entries`."""
    text, parts, done = edit.text, [], 0
    # A cut and a put at the same offset: the put first (it goes before the entry cut).
    changes = [(offset, 0, offset) for offset in edit.put] + [(a, 1, b) for a, b in edit.cut]
    for start, kind, end in sorted(changes):
        parts.append(text[done:start])
        if kind == 0:
            parts.extend(entries[src] for src in edit.put[start])
        done = end
    parts.append(text[done:])
    return "".join(parts)


def source_finder(docs: Path, removed: Mapping[str, str]) -> Callable[[str], str | None]:
    """The docs/ file of a page by its site path (directory addresses), gone (`removed`:
    site path -> docs/ path) or in `docs`."""

    def find(url: str) -> str | None:
        if url in removed:
            return removed[url]
        if url and not url.endswith("/"):
            return None
        # The engine's precedence: index.md, else README.md, for a folder; a.md for "a/".
        names = [f"{url}index.md", f"{url}README.md", *([f"{url[:-1]}.md"] if url else [])]
        return next((name for name in names if (docs / name).is_file()), None)

    return find


def update_kept_sitemap(
    path: Path, built: str, site_url: str, lastmod: Mapping[str, str] | None, edited: str | None
) -> None:
    """Write the sitemap at `path` a staged build keeps as the engine writes it (the XML, and
    the same gzipped, dated `built`, the build day): `edited` if given (pages added or
    removed), its pages redated by `lastmod` (same pages, maybe new dates)."""
    try:
        old = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    new = old if edited is None else edited
    if lastmod:
        new = sitemap_with_lastmod(new, site_url, lastmod)
    if new == old:
        return
    data = new.encode("utf-8")
    when = dt.datetime.fromisoformat(built).replace(tzinfo=dt.UTC)
    packed = io.BytesIO()
    gz_name = f"{path}.gz"
    with gzip.GzipFile(
        fileobj=packed, filename=gz_name, mode="wb", mtime=int(when.timestamp())
    ) as gz:
        gz.write(data)
    for target, content in ((path, data), (Path(gz_name), packed.getvalue())):
        # A new file, never written in place: site/ shares inodes with the published site.
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(content)
        os.replace(tmp, target)
