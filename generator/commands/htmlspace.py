"""Whitespace of the built HTML pages: indentation and blank lines removed, meaning kept.

Also the `xmlns` of inline `<svg>` tags: the HTML parser puts an `<svg>` in the SVG
namespace whatever its attributes, so the attribute says nothing (Material's icons and the
portraits' placeholders carry it: ~35 bytes each, eight on a profile's page).

Material's templates indent every line of a page and leave a blank line for every Jinja tag
that prints nothing: ~3 KB a page, 10% of a profile's page and of the output budget (issue
#21). The site engine's output plugin (generator.commands.sitengine) passes every page it
writes through `compact_html`, in full and incremental builds alike.

Only text between tags changes, and only where it holds a line break: each such run of
spaces, tabs and line breaks becomes one line break, which a browser renders as the one
space it rendered before. Tags (and their attribute values) and the content of elements whose
whitespace counts are left byte for byte: `<pre>`, `<textarea>`, `<script>`, `<style>`, and
`<code>` and `<kbd>` (Material sets them `white-space: pre-wrap`). A no-break space is not
whitespace here.
"""

from __future__ import annotations

import re

_KEPT = re.compile(
    r"<(pre|textarea|script|style|code|kbd)\b.*?</\1\s*>"  # whitespace that counts
    r"|<!--.*?-->"
    r"|<[^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*>",  # a tag, `>` inside quotes included
    re.S | re.I,
)
_SVG_XMLNS = ' xmlns="http://www.w3.org/2000/svg"'
# HTML's own whitespace (not Python's \s, which takes the no-break space too).
_BROKEN_RUN = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")


def compact_html(html: str) -> str:
    """`html` with every run of whitespace that holds a line break, between tags and outside
    the elements listed above, made one line break, and `<svg>` tags without their xmlns."""
    out: list[str] = []
    pos = 0
    for kept in _KEPT.finditer(html):
        out.append(_BROKEN_RUN.sub("\n", html[pos : kept.start()]))
        tag = kept.group(0)
        if tag.startswith("<svg ") and _SVG_XMLNS in tag:
            tag = tag.replace(_SVG_XMLNS, "", 1)
        out.append(tag)
        pos = kept.end()
    out.append(_BROKEN_RUN.sub("\n", html[pos:]))
    return "".join(out)
