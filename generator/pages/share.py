"""Share and reuse a profile: the permalink's QR code for the printed page, share links.

Made at build time, with no request at view time: the QR code is an inline SVG drawn by
segno (pure Python, deterministic), the share links are plain ``<a href>`` to the networks'
own share pages, opened only when the reader follows them. Copy buttons and the phone's share
sheet are ``assets/javascripts/share.js``.
"""

from __future__ import annotations

from urllib.parse import quote

from markupsafe import Markup

from generator.pages.qrmask import make_qr

FACEBOOK_SHARER = "https://www.facebook.com/sharer/sharer.php?u="
"""Facebook's share page: works without their SDK, the page's og: tags make the preview."""
QR_ERROR = "m"
"""Error correction M (15 %): survives a crease or a smudge on paper, stays a small code."""


def qr_svg(url: str, label: str) -> Markup:
    """The QR code of `url` as inline SVG (viewBox only: CSS gives its printed size)."""
    # segno.make(url, error=QR_ERROR, micro=False), mask choice included, in a third of the
    # time (generator.pages.qrmask): two codes a profile with the English edition on.
    code = make_qr(url, QR_ERROR)
    svg = code.svg_inline(scale=1, border=4, omitsize=True, svgclass="vd-qr__code", title=label)
    # segno writes the title; role="img" makes it the SVG's accessible name.
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def facebook_share_url(url: str) -> str:
    """Facebook's share page for `url` (the permalink percent-encoded as one query value)."""
    return FACEBOOK_SHARER + quote(url, safe="")
