"""Decisions honouring many (/quyet-dinh/): a page per decision and their index."""

from __future__ import annotations

from generator.model.entries import DecisionEntry
from generator.model.urls import DECISIONS_PATH, decision_api_path, decision_path
from generator.pages.renderer import PageRenderer
from generator.templating.edition import english_decision_subject, english_decision_title
from generator.templating.environment import front_matter


def decision_head(r: PageRenderer, found: DecisionEntry) -> tuple[str, str | None]:
    """A decision page's title and description in the edition's language (the English
    description only when the subject is in English)."""
    if r.language == "vi":
        return f"{found.title}: {found.subject}", found.subject
    title = english_decision_title(found)
    subject = english_decision_subject(found)
    return (f"{title}: {subject}" if subject else title), subject or None


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
            front_matter(*decision_head(r, found)),
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
