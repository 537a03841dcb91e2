"""Markdown and plain text from the sanitiser's HTML, for the press kits.

Contributor Markdown is published as HTML sanitised by the site's own allow-list; the press
kit's Markdown and text are converted from that HTML (never from the contributor's source), so
no file carries raw contributor HTML. `md_escape` makes plain text literal in the kit's Markdown
templates (their Jinja `finalize`).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote

from generator.templating.sanitise import clean_text

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|~>])")
_MD_LINE_START = re.compile(r"(?m)^(\s*)(?:([#+=-])|(\d+)([.)]))")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker, number, after = match.groups()
    if marker:
        return f"{indent}\\{marker}"
    return f"{indent}{number}\\{after}"  # "2019. " would start a numbered list


def md_escape(text: str) -> str:
    """Plain text made literal in Markdown: punctuation escaped, no HTML, no line-start marker."""
    if "&" in text:
        text = _ENTITY_LIKE.sub("&amp;", text)
    text = _MD_SPECIAL.sub(r"\\\1", text.replace("<", "&lt;"))
    return _MD_LINE_START.sub(_escape_line_start, text)


class MarkdownText(str):
    """Text that is already Markdown (converted from sanitised HTML): not escaped again."""

    __slots__ = ()


def finalize_markdown(value: object) -> object:
    """Jinja `finalize` of the Markdown press templates: escape every value unless converted."""
    if value is None or isinstance(value, MarkdownText):
        return value
    return md_escape(str(clean_text(value)))


_LINK_UNSAFE = re.compile(r"[\s()<>\\]")
_SPACES = re.compile(r"\s+")


class _HtmlToText(HTMLParser):
    """Turns the sanitiser's small HTML vocabulary into Markdown and plain text in one pass."""

    _BLOCKS = frozenset({"p", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.md: list[str] = []  # finished blocks
        self.txt: list[str] = []
        self.line_md: list[str] = []  # the block being built
        self.line_txt: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [next number] (0 = bullets)
        self.quote = 0
        self.pre: list[str] | None = None  # text of an open <pre>, kept verbatim
        self.links: list[str] = []

    def _add(self, md: str, txt: str = "") -> None:
        self.line_md.append(md)
        self.line_txt.append(txt)

    def _flush(self) -> None:
        md, txt = "".join(self.line_md).strip(), "".join(self.line_txt).strip()
        self.line_md, self.line_txt = [], []
        if md:
            if self.quote:
                md = "\n".join("> " * self.quote + line for line in md.split("\n"))
            self.md.append(md)
        if txt:
            self.txt.append(txt)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            self._flush()
        if tag in ("h3", "h4", "h5", "h6"):
            self._add("#" * int(tag[1]) + " ")
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "pre":
            self.pre = []
        elif tag in ("ul", "ol"):
            self.lists.append([1 if tag == "ol" else 0])
        elif tag == "li":
            self._flush()
            indent = "   " * max(len(self.lists) - 1, 0)
            counter = self.lists[-1] if self.lists else [0]
            if counter[0]:
                self._add(f"{indent}{counter[0]}. ", f"{indent}{counter[0]}. ")
                counter[0] += 1
            else:
                self._add(f"{indent}- ", f"{indent}• ")
        elif tag in ("strong", "b"):
            self._add("**")
        elif tag in ("em", "i"):
            self._add("*")
        elif tag == "br":
            self._add("  \n", "\n")
        elif tag == "hr":
            self.md.append("* * *")
            self.txt.append("—")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href)
            if href:
                self._add("[")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "h3", "h4", "h5", "h6", "li"):
            self._flush()
        elif tag == "blockquote":
            self._flush()
            self.quote = max(self.quote - 1, 0)
        elif tag == "pre" and self.pre is not None:
            lines = "".join(self.pre).strip("\n").split("\n")
            # Indented code: shown literally by every Markdown reader, so nothing to escape.
            self.md.append("\n".join("    " + line for line in lines))
            self.txt.append("\n".join(lines))
            self.pre = None
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag in ("strong", "b"):
            self._add("**")
        elif tag in ("em", "i"):
            self._add("*")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                target = _LINK_UNSAFE.sub(lambda m: quote(m.group(0)), href)
                self._add(f"]({target})", f" ({href})")

    def handle_data(self, data: str) -> None:
        if self.pre is not None:
            self.pre.append(data)
            return
        text = _SPACES.sub(" ", data)
        self._add(md_escape(text), text)

    def result(self) -> tuple[MarkdownText, str]:
        """The Markdown and the plain text."""
        self._flush()
        return MarkdownText("\n\n".join(self.md)), "\n\n".join(self.txt)


def html_to_markdown_and_text(fragment: str) -> tuple[MarkdownText, str]:
    """Markdown and plain text (links as "text (URL)") from HTML the site's sanitiser made."""
    parser = _HtmlToText()
    parser.feed(fragment)
    parser.close()
    return parser.result()


def html_to_markdown(fragment: str) -> MarkdownText:
    """Markdown from HTML the site's sanitiser produced (only its tags and URL schemes)."""
    return html_to_markdown_and_text(fragment)[0]


def html_to_text(fragment: str) -> str:
    """Plain text from HTML the site's sanitiser produced; links kept as "text (URL)"."""
    return html_to_markdown_and_text(fragment)[1]
