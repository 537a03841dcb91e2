"""Post-build pages: plain HTML added to site/ after MkDocs (redirects, withdrawn profiles)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from generator.model.checkrows import row_of
from generator.model.urls import profile_path, safe_http_url
from generator.pages.renderer import PageRenderer


class Withdrawn(NamedTuple):
    """A withdrawal as its tombstone page shows it."""

    date: dt.date


def render_post_build(r: PageRenderer) -> None:
    """Redirects for former slugs and "withdrawn" pages of `r`'s edition: plain HTML added
    after MkDocs (an English former slug redirects to the English page)."""
    site = r.site
    redirect = r.env.get_template("redirect.html")
    withdrawn = r.env.get_template("withdrawn.html")
    base = safe_http_url(site.config.site_url) or ""
    taken = {e.slug for e in site.entries}
    extra = r.out.extra
    # Only the few with a former slug or a tombstone make a page: sorted alone, not with
    # every entry (issue #21). What they show is their rows' (model.checkrows): an edit that
    # makes the listings again unpickled the whole roll for these pages.
    rows = map(row_of, site.entries)
    making = [row for row in rows if row.former_slugs or row.status == "withdrawn"]
    for row in sorted(making, key=lambda row: row.slug):
        status, withdrawal = row.status, row.withdrawal
        if status == "published":
            target = profile_path(row.slug)
            for old in row.former_slugs:
                here = profile_path(old)
                if old in taken or f"{r.at(here)}index.html" in extra:
                    continue
                extra[f"{r.at(here)}index.html"] = redirect.render(
                    **r.context(here),
                    target=target,
                    canonical=base.rstrip("/") + "/" + r.at(target) if base else "",
                )
        elif status == "withdrawn" and (withdrawal is None or withdrawal[1]):
            # Without a tombstone the name's URL answers 404: its page would confirm that
            # this named person was once on the roll.
            shown = None if withdrawal is None else Withdrawn(dt.date.fromordinal(withdrawal[0]))
            for slug in [row.slug, *row.former_slugs]:
                here = profile_path(slug)
                if slug != row.slug and slug in taken:
                    continue
                extra[f"{r.at(here)}index.html"] = withdrawn.render(
                    **r.context(here),
                    withdrawal=shown,
                    site_name=r.site_name,
                    owner=r.owner,
                )
