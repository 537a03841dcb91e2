"""Atom feeds of the roll: the site's and each campaign's, and a sitemap in each feed folder.

Entries are profiles, dated from their data (first decision, latest dated fact), never from the
clock; each has a stable RFC 4151 tag URI made from its path, never from a name.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from generator.model.checkrows import row_of
from generator.model.entries import Entry
from generator.model.urls import profile_path, safe_http_url
from generator.opendata.context import OpenDataContext

FEED_LIMIT = 50
# Material's JavaScript fetches "sitemap.xml" next to every <link rel="alternate"> of a page (for
# its language switcher), feeds included: each feed folder gets a real sitemap listing its feeds,
# or every page load would log a 404.
FEED_SITEMAP = "sitemap.xml"
# RFC 4151 tag URIs need a date on which the site's host name was held; any fixed date will do,
# and it must never change or every feed reader would see every entry as new.
TAG_DATE = "2024"
# Characters XML 1.0 forbids that may survive YAML and the control-character filter.
_XML_INVALID = re.compile("[\ufffe\uffff]")


def _atom_time(value: dt.date) -> str:
    return f"{value.isoformat()}T00:00:00Z"


def _tag_authority(site_url: str | None) -> str:
    """The tagging authority of the site's tag URIs: its host name and `TAG_DATE`."""
    host = urlsplit(safe_http_url(site_url) or "").hostname
    return f"{host or 'vinhdanh.invalid'},{TAG_DATE}"


def _tag(authority: str, path: str) -> str:
    """A stable Atom id (RFC 4151 tag URI) for a site path; never derived from a name."""
    return f"tag:{authority}:{path}"


@dataclass(frozen=True)
class FeedItem:
    """One Atom entry: a profile, dated from its data."""

    entry: Entry
    published: dt.date | None
    updated: dt.date


def feed_dates(entry: Entry) -> tuple[dt.date | None, dt.date] | None:
    """(first decision date, latest dated fact) of an entry; None when it has no date at all."""
    # Of its shown awards and its "cập nhật" date, kept in its row (model.checkrows): a feed
    # that is kept reads no entry's profile (issue #21).
    span = row_of(entry).feed
    if span is None:
        return None
    first, latest = span
    return (dt.date.fromordinal(first) if first is not None else None), dt.date.fromordinal(latest)


def feed_items(entries: Iterable[Entry]) -> list[FeedItem]:
    """Entries with dates, latest first, at most FEED_LIMIT."""
    items = []
    for entry in entries:
        dates = feed_dates(entry)
        if dates is not None:
            items.append(FeedItem(entry, dates[0], dates[1]))
    items.sort(key=lambda i: (-i.updated.toordinal(), i.entry.slug))
    return items[:FEED_LIMIT]


def feed_updated(ctx: OpenDataContext, items: Iterable[FeedItem]) -> dt.date:
    """The `updated` date of a feed of `items`: its latest item's (today when it has none)."""
    return max((i.updated for i in items), default=ctx.today)


def feed(
    ctx: OpenDataContext,
    path: str,
    title: str,
    alternate: str,
    entries: Iterable[Entry],
    kept: Callable[[Entry, Callable[[], bytes]], bytes] | None = None,
) -> tuple[bytes, dt.date]:
    """An Atom 1.0 feed of profiles (stable ids, dates from the data, escaped content), and
    its `updated` date; `kept`: each profile's Atom entry, as kept or made by the callable
    given (`publish.atom_entry`)."""
    items = feed_items(entries)
    updated = feed_updated(ctx, items)
    authority = _tag_authority(ctx.config.site_url)
    template = ctx.html_env.get_template("opendata/feed.xml")
    each = ctx.html_env.get_template("opendata/feed_entry.xml")

    def made(item: FeedItem) -> bytes:
        return each.render(item=_item(ctx, authority, item)).encode("utf-8")

    texts = [
        (kept(i.entry, functools.partial(made, i)) if kept is not None else made(i)) for i in items
    ]
    text = template.render(
        feed_id=_tag(authority, path),
        title=title,
        self_url=ctx.url(path),
        alternate=ctx.url(alternate),
        updated=_atom_time(updated),
        config=ctx.config,
        site_url=ctx.url(""),
        rights=ctx.config.data_licence.name,
        entries=[Markup(t.decode("utf-8")) for t in texts],
    )
    return _XML_INVALID.sub("", text).encode("utf-8"), updated


def _item(ctx: OpenDataContext, authority: str, item: FeedItem) -> dict[str, Any]:
    """What the Atom entry of one profile shows (opendata/feed_entry.xml): of the entry and
    the context alone, so that it is the same in every feed."""
    entry = item.entry
    return {
        "id": _tag(authority, profile_path(entry.slug)),
        "title": entry.display_name,
        "url": ctx.url(profile_path(entry.slug)),
        "published": _atom_time(item.published) if item.published else None,
        "updated": _atom_time(item.updated),
        "summary": entry.profile.summary,
        "entry": entry,
        "campaigns": [
            (s, ctx.site.campaigns[s][0].title)
            for s in entry.campaign_slugs
            if s in ctx.site.campaigns
        ],
    }


def feed_sitemaps(ctx: OpenDataContext, feeds: dict[str, dt.date]) -> dict[str, bytes]:
    """A sitemap of the feeds in each feed folder (see FEED_SITEMAP for why)."""
    files: dict[str, bytes] = {}
    folders: dict[str, list[tuple[str, dt.date]]] = {}
    for path, updated in sorted(feeds.items()):
        folders.setdefault(path.rsplit("/", 1)[0], []).append((path, updated))
    for folder, items in folders.items():
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
            *(
                f"  <url><loc>{html.escape(ctx.url(p))}</loc>"
                f"<lastmod>{d.isoformat()}</lastmod></url>"
                for p, d in items
            ),
            "</urlset>",
        ]
        files[f"{folder}/{FEED_SITEMAP}"] = ("\n".join(lines) + "\n").encode("utf-8")
    return files


# -- press -----------------------------------------------------------------------------------
