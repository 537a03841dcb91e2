"""Contributor text made safe for a page: Markdown rendered and sanitised (nh3), text escaped.

The security boundary of the whole site (docs/security.md): every output that prints contributor
Markdown or text goes through here, whichever of the pages, the search or the open data it is.
"""

from __future__ import annotations

import hashlib
import html
import re
import threading
import zlib
from typing import Any

import markdown
import nh3
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension
from markupsafe import Markup

from generator import vntext
from generator.incremental import lasting
from generator.source.markdownguard import check_markdown
from generator.vntext import slugify

# What contributor Markdown may keep after rendering: text structure and plain links only.
# No images (photos come only from `photos:`, with consent and credit), no style, no forms,
# no frames.
_STORY_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "blockquote", "ul", "ol", "li",
    "a", "code", "pre", "h3", "h4", "h5", "h6",
}  # fmt: skip


_BODY_TAGS = _STORY_TAGS | {"h2", "table", "thead", "tbody", "tr", "th", "td"}


_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}


_ALLOWED_SCHEMES = {"http", "https", "mailto"}


_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")


# C0 controls other than tab and newline: python-markdown uses \x02 and \x03 to mark its own
# placeholders, so contributor text must never carry them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


_SPACES = re.compile(r"\s+")


def toc_slugify(value: str, separator: str) -> str:
    """Heading ids for python-markdown's toc: Vietnamese-aware ("đ" → "d"), ASCII only."""
    return slugify(value).replace("-", separator)


def heading_id(title: str) -> str:
    """The id Markdown's toc gives a `## title` heading (for links written in templates)."""
    return toc_slugify(title, "-")


def clean_text(value: object) -> object:
    """Jinja `finalize`: drop control characters from every text a template prints."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _CONTROLS.sub("", value)
    return value


def _filter_attribute(tag: str, attr: str, value: str) -> str | None:
    if attr == "id":
        # Heading anchors only, in the toc slug alphabet: no clobbering of page ids.
        return value if tag in _HEADINGS and _SAFE_ID.match(value) else None
    return value


_converters = threading.local()


# Sanitised HTML by (text, headings): pages, open data and search all need each story, and
# render_site empties it so it holds one build's texts at most.
_sanitised: dict[tuple[str, bool], Markup] = {}


# python-markdown's HTML of a text (before nh3, which runs on it every time: the sanitising
# never comes from a file), kept across full builds by the text's digest: 0.4 of a story's
# 0.5 ms, and the page and the open data's child each need it (issue #21). Its identity: the
# library's version and this code, the toc's slugs included (lasting.register adds the Python
# and its Unicode database, which the regexes and slugs read).
_RENDERED = lasting.register(
    "markdown-html",
    f"markdown {markdown.__version__} " + lasting.source_digest(__file__, vntext.__file__),
)


def _rendered_markdown(text: str, headings: bool) -> str:
    """python-markdown's HTML of `text` (control characters dropped), kept or made now."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16)
    key = ("h" if headings else "s") + digest.hexdigest()
    kept = _RENDERED.get(key)
    if kept is not None:
        try:  # the file's CRC-32 was right: a value of another shape is still not used
            return zlib.decompress(kept).decode("utf-8")
        except (zlib.error, UnicodeDecodeError):
            pass
    rendered = _converter(headings).reset().convert(_CONTROLS.sub("", text))
    _RENDERED.put(key, zlib.compress(rendered.encode("utf-8")))
    return rendered


def _converter(headings: bool) -> markdown.Markdown:
    """This thread's python-markdown instance (building one costs as much as a conversion)."""
    key = "headings" if headings else "story"
    md: markdown.Markdown | None = getattr(_converters, key, None)
    if md is None:
        # Extensions as objects: named, python-markdown finds each among the installed
        # packages' entry points (~30 ms of CPU a process, on every edit, issue #21).
        extensions: list[Any] = [SaneListExtension()]
        if headings:
            extensions += [TableExtension(), TocExtension(slugify=toc_slugify)]
        md = markdown.Markdown(extensions=extensions)
        setattr(_converters, key, md)
    return md


def sanitise_markdown(text: str, *, headings: bool = False, remember: bool = True) -> Markup:
    """Contributor Markdown → HTML that keeps only safe tags, attributes and URL schemes
    (`remember=False`: not kept in the memo, for a text read once)."""
    found = _sanitised.get((text, headings))
    if found is not None:
        return found
    # Refused by `vinhdanh check` already; here so that no caller converts an unbounded text.
    check_markdown(text)
    rendered = _rendered_markdown(text, headings)
    cleaned = nh3.clean(
        rendered,
        tags=_BODY_TAGS if headings else _STORY_TAGS,
        attributes={"a": {"href", "title"}, **{h: {"id"} for h in _HEADINGS}},
        attribute_filter=_filter_attribute,
        url_schemes=_ALLOWED_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )
    html = Markup(cleaned)
    if remember:
        _sanitised[(text, headings)] = html
    return html


def one_line(value: str) -> str:
    """`value` with every run of white space (newlines too) made one space."""
    return _SPACES.sub(" ", value)


def forget_sanitised() -> None:
    """Drop the memo of sanitised Markdown: one build's stories at a time."""
    _sanitised.clear()


def escape_text(value: str) -> str:
    """HTML-escape a text MkDocs or Material prints unescaped (titles, descriptions)."""
    return html.escape(_SPACES.sub(" ", _CONTROLS.sub("", value)).strip(), quote=True)
