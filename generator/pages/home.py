"""The home page: what the roll is, counts, featured profiles, active campaigns, latest."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from typing import NamedTuple

from generator.images.jobs import SITE_CARD_SLUG
from generator.model.checkrows import row_of
from generator.model.entries import Entry
from generator.pages.renderer import PageRenderer
from generator.source.documents import Campaign
from generator.templating.edition import english_proposals_text
from generator.templating.environment import front_matter, proposals_text

LATEST_COUNT = 8
_UNDATED = dt.date.min.toordinal()


class Window(NamedTuple):
    """A current proposal's comment window, as the home page shows it."""

    window_start: dt.date
    window_end: dt.date


def render_home(
    r: PageRenderer, campaign_list: list[Campaign], windows: list[tuple[Entry, int]]
) -> None:
    """The home page: what the roll is, counts, featured, campaigns, latest (`windows`: the
    current proposals, `pages.proposals.current_proposals`)."""
    site, published = r.site, r.published
    featured = [r.by_slug[s] for s in site.config.featured if s in r.by_slug]
    # Every entry's count, order and place from its row (model.checkrows): this page shows
    # only the featured and latest entries whole, and an edit that makes the listings again
    # unpickled the whole roll for it (issue #21).
    rows = {id(e): row_of(e) for e in published}
    # The newest first, then name order: the entries are in name order already, and
    # nsmallest is a stable sorted()[:n] that keeps only n (a sort of every entry and a pass
    # per count grew with the roll on every edit that makes the listings, issue #21).
    latest = heapq.nsmallest(
        LATEST_COUNT, published, key=lambda e: -(rows[id(e)].updated or _UNDATED)
    )
    kinds: Counter[str] = Counter()
    awards = 0
    provinces: set[str | None] = set()
    for row in rows.values():
        kinds[row.kind] += 1
        awards += len(row.awarded)  # the awards in force
        provinces.add(row.province)
    # Of each proposal the home page shows only its window: the row's.
    proposals = [
        (entry, Window(*map(dt.date.fromordinal, entry.proposal_windows[index][:2])))
        for entry, index in windows
    ]
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
