"""Raw HTML blocks set aside while MkDocs converts a page, then put back into its output.

Our pages are Markdown whose bodies are mostly HTML blocks (contributor text escaped by Jinja,
stories sanitised by nh3 in generator.pages.render). python-markdown copies such a block into its
output unchanged, but only after parsing every tag of it with HTMLParser: at 10,000 profiles that
was two thirds of MkDocs' time. So, while our build runs MkDocs, each block that python-markdown
would copy verbatim is replaced by a placeholder comment before conversion and the block's text
is put back in place of that comment in the finished page. Headings stay Markdown (Material's
table of contents, anchors and permalinks are unchanged).

The result is byte-identical to a plain ``mkdocs build`` of the same build/ folder, which stays
a complete, plain MkDocs project (tests/test_incremental.py compares both). The plugin doing
this at build time is ``HtmlBlocksPlugin``, which generator.commands.sitengine registers: this
module imports no engine. A block is set aside only when python-markdown is certain to pass it
through untouched: a chunk between blank lines, starting at the first column with a block-level
start tag, made of one properly nested element with nothing before or after it. Pages with
fenced code or ``markdown=`` attributes are left whole. Anything unexpected in the output (a
placeholder missing or repeated) fails the build.
"""

from __future__ import annotations

import marshal
import re
import zlib
from typing import Any

# Elements our templates open blocks with; python-markdown treats all of them as block-level
# raw HTML (markdown.util.BLOCK_LEVEL_ELEMENTS). Void or text-content elements are excluded.
_BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "main", "nav", "ol", "p",
    "section", "table", "ul",
))  # fmt: skip
# HTMLParser's void elements: they never open a level.
_VOID_TAGS = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
))  # fmt: skip
# Markup HTMLParser treats specially: a block holding one stays with MkDocs.
_SPECIAL = re.compile(r"<(?:!|\?|/?(?:script|style|pre|xmp|plaintext|noscript)\b)", re.I)
# Elements newer HTMLParsers read as raw text: set aside only when they hold no "<" at all, so
# that every version of the parser sees the same tags.
_RCDATA = frozenset(("textarea", "title"))
# A tag with quoted attribute values (a ">" inside quotes does not end it).
_TAG = re.compile(r"""<(/?)([A-Za-z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
# Blank lines (whitespace only) separate chunks; the separators are kept as they are.
_SEPARATOR = re.compile(r"(\n(?:[ \t]*\n)+)")
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)", re.M)
MAX_CHUNKS = 64  # a block spanning more blank lines than this stays with MkDocs
# Material adds the page title as an <h1> when its content has none ("<h1" not in page.content):
# the placeholder of a block holding the page's <h1> says so too.
_H1 = "<h1"
_PLACEHOLDER = re.compile(r"<!--vinhdanh-block-(\d+)(?: <h1)?-->")


class BlockError(Exception):
    """A page's output does not hold its placeholders exactly once each."""


def _scan(text: str) -> int:
    """1: one nested block-level element and nothing else; 0: still open; -1: neither."""
    if _SPECIAL.search(text):
        return -1
    stack: list[str] = []
    for match in _TAG.finditer(text):
        closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
        if not stack and (closing or name not in _BLOCK_TAGS or match.start() != 0):
            return -1  # text before the element, after it, or not a block-level start
        if closing:
            if stack.pop() != name:
                return -1  # python-markdown would recover; we do not guess how
            if not stack:
                return 1 if not text[match.end() :].strip() else -1
        elif name in _RCDATA:
            if not text.startswith(f"</{name}>", text.find("<", match.end())):
                return -1
            stack.append(name)
        elif name not in _VOID_TAGS and not attrs.rstrip().endswith("/"):
            stack.append(name)
    return 0 if stack else -1


def is_single_element(text: str) -> bool:
    """True if `text` is one properly nested block-level element and nothing else."""
    return _scan(text) == 1


def split_blocks(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with its verbatim HTML blocks replaced by placeholders, and those blocks."""
    # A block may span blank lines, as python-markdown's raw HTML does (until the element
    # that opened it is closed).
    if "markdown=" in markdown or _FENCE.search(markdown):
        return markdown, []
    parts = _SEPARATOR.split(markdown)  # chunks at even indexes, blank-line runs between
    out: list[str] = []
    blocks: list[str] = []
    i = 0
    while i < len(parts):
        chunk = parts[i]
        end = i
        state = _scan(chunk) if chunk[:1] == "<" else -1
        while state == 0 and end + 2 < len(parts) and end - i < MAX_CHUNKS * 2:
            end += 2
            chunk = "".join(parts[i : end + 1])
            state = _scan(chunk)
        if state != 1:
            out.append(parts[i])
            if i + 1 < len(parts):
                out.append(parts[i + 1])
            i += 2
            continue
        block = chunk.rstrip()
        hint = " " + _H1 if _H1 in block else ""
        # Trailing whitespace stays in the Markdown, where python-markdown expects it.
        out.append(f"<!--vinhdanh-block-{len(blocks)}{hint}-->{chunk[len(block) :]}")
        if end + 1 < len(parts):
            out.append(parts[end + 1])
        blocks.append(block)
        i = end + 2
    if not blocks:
        return markdown, []
    return "".join(out), blocks


def restore_blocks(html: str, blocks: list[str]) -> str:
    """Put every block back in place of its placeholder (each must appear exactly once)."""
    if not blocks:
        if _PLACEHOLDER.search(html):
            raise BlockError("a placeholder appears in a page that set no block aside")
        return html
    seen = [0] * len(blocks)

    def put_back(match: re.Match[str]) -> str:
        index = int(match.group(1))
        if index >= len(blocks):
            raise BlockError(f"unknown placeholder {match.group(0)}")
        seen[index] += 1
        return blocks[index]

    restored = _PLACEHOLDER.sub(put_back, html)
    if any(count != 1 for count in seen):
        missing = [i for i, count in enumerate(seen) if count != 1]
        raise BlockError(f"placeholders not found exactly once: {missing[:5]}")
    return restored


class HtmlBlocksPlugin:
    """Sets verbatim HTML blocks aside in `on_page_markdown`, puts them back in `on_post_page`
    (an engine plugin, registered by generator.commands.sitengine.build_pages)."""

    # The engine converts every page before it writes the first one, so the blocks of every
    # page (most of its text) are held at once: kept compressed, a fifth of their size as
    # text (whose Vietnamese takes 2 bytes a character), and the engine's process at 3,000
    # profiles takes 100 MiB, not 162 (docs/performance.md, Memory).

    def __init__(self) -> None:
        self.blocks: dict[str, bytes] = {}

    def on_page_markdown(self, markdown: str, /, *, page: Any, **kwargs: Any) -> str:
        """Replace the page's verbatim HTML blocks by placeholders."""
        skeleton, blocks = split_blocks(markdown)
        self.blocks[page.file.src_uri] = zlib.compress(marshal.dumps(blocks), 1)
        return skeleton

    def on_post_page(self, output: str, /, *, page: Any, **kwargs: Any) -> str:
        """Put the page's blocks back into the finished HTML."""
        kept = self.blocks.pop(page.file.src_uri, None)
        blocks: list[str] = [] if kept is None else marshal.loads(zlib.decompress(kept))
        try:
            return restore_blocks(output, blocks)
        except BlockError as exc:
            raise BlockError(f"{page.file.src_uri}: {exc}") from None
