"""Post-build pages: plain HTML added to site/ after MkDocs (redirects, withdrawn profiles)."""

from __future__ import annotations

from generator.model.urls import profile_path, safe_http_url
from generator.pages.renderer import PageRenderer


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
    # every entry (issue #21).
    making = [e for e in site.entries if e.profile.former_slugs or e.profile.status == "withdrawn"]
    for entry in sorted(making, key=lambda e: e.slug):
        status = entry.profile.status
        if status == "published":
            target = profile_path(entry.slug)
            for old in entry.profile.former_slugs:
                here = profile_path(old)
                if old in taken or f"{r.at(here)}index.html" in extra:
                    continue
                extra[f"{r.at(here)}index.html"] = redirect.render(
                    **r.context(here),
                    target=target,
                    canonical=base.rstrip("/") + "/" + r.at(target) if base else "",
                )
        elif status == "withdrawn" and (
            entry.profile.withdrawal is None or entry.profile.withdrawal.tombstone
        ):
            # Without a tombstone the name's URL answers 404: its page would confirm that
            # this named person was once on the roll.
            for slug in [entry.slug, *entry.profile.former_slugs]:
                here = profile_path(slug)
                if slug != entry.slug and slug in taken:
                    continue
                extra[f"{r.at(here)}index.html"] = withdrawn.render(
                    **r.context(here),
                    withdrawal=entry.profile.withdrawal,
                    site_name=r.site_name,
                    owner=r.owner,
                )
