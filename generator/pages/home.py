"""The home page: what the roll is, counts, featured profiles, active campaigns, latest."""

from __future__ import annotations

import datetime as dt

from generator.images.jobs import SITE_CARD_SLUG
from generator.model.entries import Entry
from generator.pages.renderer import PageRenderer
from generator.source.documents import Campaign, Proposal
from generator.templating.edition import english_proposals_text
from generator.templating.environment import front_matter, proposals_text

LATEST_COUNT = 8


def render_home(
    r: PageRenderer, campaign_list: list[Campaign], proposals: list[tuple[Entry, Proposal]]
) -> None:
    """The home page: what the roll is, counts, featured, campaigns, latest."""
    site, published = r.site, r.published
    featured = [r.by_slug[s] for s in site.config.featured if s in r.by_slug]
    latest = sorted(
        published,
        key=lambda e: (-(e.updated or dt.date.min).toordinal(), e.sort_key),
    )[:LATEST_COUNT]
    counts = {
        "individual": sum(e.profile.kind == "individual" for e in published),
        "collective": sum(e.profile.kind in ("collective", "model") for e in published),
        "household": sum(e.profile.kind == "household" for e in published),
        "awards": sum(len(e.active_awards) for e in published),
        "campaigns": len(site.campaigns),
        "provinces": len({e.locality.province_slug for e in published} - {None}),
    }
    r.page(
        "",
        "home.md",
        front_matter(
            r.site_name,  # in the page's edition (site_config.yml's `en:` for the English)
            r.site_description,
            hide=["toc"],  # the site's navigation stays, as on every page
            social_meta=r.social_meta(
                "",
                "website",
                r.site_name,
                r.site_description,
                ("site", SITE_CARD_SLUG),
                f"{r.site_name}, {r.owner}",
            ),
        ),
        featured=featured,
        latest=latest,
        counts=counts,
        active=[c for c in campaign_list if c.status == "active"],
        has_models=any(e.profile.kind == "model" for e in published),
        proposals=proposals,
        # The edition's sentence, as time.js writes it.
        proposals_line=(proposals_text if r.language == "vi" else english_proposals_text)(
            ((p.window_start, p.window_end) for _e, p in proposals), r.today
        ),
    )
