"""The home page: what the roll is, counts, featured profiles, active campaigns, latest."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter

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
    # The newest first, then name order: the entries are in name order already, and
    # nsmallest is a stable sorted()[:n] that keeps only n (a sort of every entry and a pass
    # per count grew with the roll on every edit that makes the listings, issue #21).
    latest = heapq.nsmallest(
        LATEST_COUNT, published, key=lambda e: -(e.updated or dt.date.min).toordinal()
    )
    kinds: Counter[str] = Counter()
    awards = 0
    provinces: set[str | None] = set()
    for e in published:
        kinds[e.profile.kind] += 1
        awards += len(e.active_awards)
        provinces.add(e.locality.province_slug)
    counts = {
        "individual": kinds["individual"],
        "collective": kinds["collective"] + kinds["model"],
        "household": kinds["household"],
        "awards": awards,
        "campaigns": len(site.campaigns),
        "provinces": len(provinces - {None}),
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
        has_models=kinds["model"] > 0,
        proposals=proposals,
        # The edition's sentence, as time.js writes it.
        proposals_line=(proposals_text if r.language == "vi" else english_proposals_text)(
            ((p.window_start, p.window_end) for _e, p in proposals), r.today
        ),
    )
