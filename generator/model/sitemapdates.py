"""The sitemap's dates: each page dated by its own date, not the build day.

Apart from generator.model.linkeddata (which imports the resolved model and its schemas) so
that the site engine's process, which applies it, does not import pydantic's models.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

_SITEMAP_URL = re.compile(r"(<loc>([^<]*)</loc>\s*)(<lastmod>[^<]*</lastmod>)?")


def sitemap_with_lastmod(xml: str, site_url: str, dates: Mapping[str, str]) -> str:
    """MkDocs' sitemap with each page of `dates` (site path -> ISO date) dated by its own date.

    MkDocs dates every page by the build day; a dirty build does not even read the pages it
    keeps, so their front matter cannot say it: the dates come from the model instead."""
    base = site_url.rstrip("/") + "/"

    def own(match: re.Match[str]) -> str:
        loc = html.unescape(match.group(2))
        date = dates.get(loc[len(base) :]) if loc.startswith(base) else None
        return match.group(0) if date is None else f"{match.group(1)}<lastmod>{date}</lastmod>"

    return _SITEMAP_URL.sub(own, xml)
