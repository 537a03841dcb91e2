"""The built pages' whitespace (generator.commands.htmlspace): indentation and blank lines go,
what a reader sees and what a parser reads stay (issue #21, the output budget)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from playwright.sync_api import Browser

from generator.commands.build import render_project
from generator.commands.buildfolder import BUILD_DIR, MKDOCS_FILE
from generator.commands.htmlspace import compact_html
from tests.browser import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "golden-project"


def test_indentation_and_blank_lines_go() -> None:
    html = "<ul>\n    <li>a</li>\n\n  \n    <li>b <em>c</em>\n  d</li>\n</ul>\n"
    assert compact_html(html) == "<ul>\n<li>a</li>\n<li>b <em>c</em>\nd</li>\n</ul>\n"


@pytest.mark.parametrize(
    "kept",
    [
        "<pre>  a\n\n    b\n</pre>",
        "<textarea rows=3>\n  <iframe src=x>\n    </iframe></textarea>",
        '<script>\n  var a = "\n    ";\n</script>',
        "<style>\n  a { color: red }\n</style>",
        "<code>a\n    b</code>",  # Material: white-space: pre-wrap
        "<KBD>Ctrl\n   C</KBD>",
        '<meta content="a\n      b">',  # an attribute value, whatever its spaces
        "<!-- a\n\n    b -->",
        '<a title="x > y\n    z">',
    ],
)
def test_whitespace_that_counts_is_kept(kept: str) -> None:
    assert compact_html(f"<div>\n    {kept}\n    </div>") == f"<div>\n{kept}\n</div>"


def test_inline_svg_loses_only_its_redundant_xmlns() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18"/></svg>'
    assert (
        compact_html(f"<p>{svg}</p>") == '<p><svg viewBox="0 0 24 24"><path d="M3 6h18"/></svg></p>'
    )
    # Not inside text that is shown as code, nor in an embed code's textarea.
    kept = f"<textarea>{svg}</textarea><pre>{svg}</pre>"
    assert compact_html(kept) == kept


def test_no_break_spaces_and_spaces_without_a_line_break_stay() -> None:
    html = "<p>a\u00a0\n\u00a0 b  c</p>"
    assert compact_html(html) == "<p>a\u00a0\n\u00a0 b  c</p>"


class _Events(HTMLParser):
    """What a parser reads: tags and attributes, and text with its whitespace runs folded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[object] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # An inline <svg> is in the SVG namespace with or without xmlns (compact_html).
        self.events.append((tag, [a for a in attrs if tag != "svg" or a[0] != "xmlns"]))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(f"/{tag}")

    def handle_data(self, data: str) -> None:
        self.events.append(re.sub(r"[ \t\n\r\f]+", " ", data))


def _plain_pages(tmp_path: Path) -> Path:
    """The fixture's pages as plain MkDocs writes them (no plugin of ours)."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    result, rendered = render_project(root, today=dt.date(2026, 1, 15))
    assert rendered is not None, [p.format("en") for p in result.report]
    site = tmp_path / "plain"
    os.environ["SOURCE_DATE_EPOCH"] = "1768435200"
    try:
        config = load_config(
            config_file=str(root / BUILD_DIR / MKDOCS_FILE), site_dir=str(site), strict=True
        )
        config.plugins.on_startup(command="build", dirty=False)
        mkdocs_build(config)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    return site


PAGES = [
    "index.html",
    "ho-so/nguyen-thi-hoa-trieu-thanh/index.html",  # photos, share block, embed code
    "danh-sach/tinh/quang-tri/index.html",
    "thong-ke/index.html",
    "404.html",
]


@pytest.mark.slow
def test_compacted_pages_read_and_render_the_same(tmp_path: Path, chromium: Browser) -> None:
    site = _plain_pages(tmp_path)
    page = chromium.new_page(viewport={"width": 390, "height": 800})
    try:
        for rel in PAGES:
            plain = (site / rel).read_text("utf-8")
            compact = compact_html(plain)
            assert len(compact) < len(plain), rel
            readers = [_Events(), _Events()]
            readers[0].feed(plain)
            readers[1].feed(compact)
            assert readers[0].events == readers[1].events, rel
            # Beside the plain page, so that its styles load: the same text on screen.
            twin = site / rel.replace(".html", ".compact.html")
            twin.write_text(compact, "utf-8")
            texts = []
            for path in (site / rel, twin):
                page.goto(path.as_uri())
                texts.append(
                    page.evaluate(
                        "[document.body.innerText, [...document.querySelectorAll('svg')]"
                        ".map(s => s.namespaceURI + ' ' + s.getBoundingClientRect().width)]"
                    )
                )
            assert texts[0] == texts[1] and len(texts[0][0]) > 100, rel
    finally:
        page.close()
