"""The sitemap a staged build keeps, edited for pages added and removed (commands.keptsitemap).

The reference is the engine's own order: docs/ walked as MkDocs' `get_files` walks it, each
page's entry written as its sitemap template writes one (tests/test_sitengine.py builds the
real thing with the engine and compares it byte for byte).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.structure.files import _file_sort_key

from generator.commands import keptsitemap
from generator.commands.keptsitemap import apply_edit, plan_edit, source_finder, walk_key

BASE = "https://example.vn/"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="x">'
TAIL = "\n</urlset>"


def url_of(src: str) -> str:
    """The directory address of a docs/ page."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def entry(src: str) -> str:
    """One entry as the engine's template writes it."""
    return f"\n    <url>\n         <loc>{BASE}{url_of(src)}</loc>\n    </url>"


def walked(docs: Path) -> list[str]:
    """docs/' pages in the engine's order (mkdocs.structure.files.get_files)."""
    pages = []
    for folder, dirnames, filenames in os.walk(docs):
        dirnames.sort()
        filenames.sort(key=_file_sort_key)
        rel = Path(folder).relative_to(docs)
        pages += [(rel / name).as_posix() for name in filenames if name.endswith(".md")]
    return pages


def sitemap(docs: Path) -> str:
    """The sitemap a build of every page of `docs` writes."""
    return HEAD + "".join(entry(src) for src in walked(docs)) + TAIL


def write(docs: Path, *pages: str) -> None:
    for rel in pages:
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("# page\n", "utf-8")


def test_the_walk_key_orders_pages_as_the_engine_walks_them(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write(docs, "index.md", "b.md", "a/index.md", "a/z.md", "a/b/index.md", "a-b/index.md")
    write(docs, "ho-so/x/index.md", "ho-so/README.md", "ho-so/a.md", "en/ho-so/x/index.md")
    pages = walked(docs)
    assert sorted(pages, key=walk_key) == pages
    # A folder's files before its folders, whatever their names.
    assert pages.index("ho-so/a.md") < pages.index("ho-so/x/index.md")
    assert pages.index("b.md") < pages.index("a/index.md")


def test_entries_are_put_where_the_walk_puts_them_and_cut(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    kept = ["index.md", "ho-so/b/index.md", "ho-so/d/index.md", "ho-so/f/index.md", "t/index.md"]
    write(docs, *kept)
    before = sitemap(docs)
    # Added: first of its folder, between two, where a removed one was, after the last; a
    # file of ho-so/ itself (before ho-so/'s folders); removed: the first and last profiles.
    added = ["ho-so/a/index.md", "ho-so/c/index.md", "ho-so/e.md", "ho-so/g/index.md"]
    added += ["zz/index.md", "ho-so/d2/index.md"]
    removed = ["ho-so/b/index.md", "ho-so/f/index.md", "t/index.md"]
    write(docs, *added)
    for rel in removed:
        (docs / rel).unlink()
    edit = plan_edit(
        before,
        BASE,
        {url_of(rel): rel for rel in removed},
        {rel: url_of(rel) for rel in added},
        source_finder(docs, {url_of(rel): rel for rel in removed}),
    )
    assert edit is not None and sorted(edit.added) == sorted(added)
    assert apply_edit(edit, {src: entry(src) for src in added}) == sitemap(docs)


def test_a_listed_page_is_not_put_twice_and_an_unknown_entry_gives_up(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write(docs, "index.md", "a/index.md", "c/index.md")
    text = sitemap(docs)
    listed = plan_edit(text, BASE, {}, {"a/index.md": "a/"}, source_finder(docs, {}))
    assert listed is not None and not listed.put and apply_edit(listed, {}) == text
    (docs / "c/index.md").unlink()  # an entry whose page is not there: no edit to trust
    write(docs, "b/index.md")
    assert plan_edit(text, BASE, {}, {"b/index.md": "b/"}, source_finder(docs, {})) is None


def test_an_edit_reads_a_few_entries_not_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The kept sitemap of a large roll lists every page (100,000 profiles: ~14 MB): an
    # edit reads the entries its binary search meets, not each entry's address.
    docs = tmp_path / "docs"
    write(docs, "index.md", *(f"ho-so/p{i:04}/index.md" for i in range(2000)))
    text = sitemap(docs)
    write(docs, "ho-so/p0999a/index.md")
    read: list[str] = []
    unescape = keptsitemap.html.unescape

    def counted(text: str) -> str:
        read.append(text)
        return unescape(text)

    monkeypatch.setattr(keptsitemap.html, "unescape", counted)
    added = {"ho-so/p0999a/index.md": "ho-so/p0999a/"}
    edit = plan_edit(text, BASE, {}, added, source_finder(docs, {}))
    assert edit is not None and edit.added == list(added)
    assert len(read) <= 12  # log2(2,001)
    assert apply_edit(edit, {src: entry(src) for src in added}) == sitemap(docs)
