"""Decisions honouring many (/quyet-dinh/): a page per decision and their index."""

from __future__ import annotations

from generator.model.urls import DECISIONS_PATH, decision_api_path, decision_path
from generator.pages.renderer import PageRenderer
from generator.templating.environment import front_matter


def render_decisions(r: PageRenderer) -> None:
    """A page per decision honouring many, and their index (with the listings: a decision
    changes their key, `listings_key`)."""
    decisions = r.site.decisions
    for found in decisions:
        d = found.decision
        campaign = r.site.campaigns.get(d.campaign) if d.campaign else None
        r.page(
            decision_path(found.slug),
            "decision.md",
            front_matter(f"{found.title}: {found.subject}", found.subject),
            found=found,
            campaign=campaign[0] if campaign is not None else None,
            api_path=decision_api_path(found.slug),
        )
    if not decisions:
        return  # no index of nothing: the rolls index links it only when there are some
    r.page(
        DECISIONS_PATH,
        "decisions.md",
        front_matter(r.t("Quyết định khen thưởng theo danh sách")),
        decisions=decisions,
    )
