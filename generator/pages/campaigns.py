"""Emulation campaigns (/phong-trao/): a page per campaign and their index."""

from __future__ import annotations

from generator.model.entries import Entry
from generator.model.linkeddata import campaign_jsonld, script_json
from generator.model.rolls import Roll
from generator.model.statistics import sections_text
from generator.model.urls import absolute_url, campaign_feed_path, campaign_path
from generator.pages.renderer import PageRenderer
from generator.source.documents import Campaign
from generator.templating.charts import campaign_timeline
from generator.templating.environment import front_matter
from generator.templating.sanitise import escape_text, sanitise_markdown
from generator.templating.statwords import StatWords


def render_campaigns(r: PageRenderer, rolls: list[Roll]) -> None:
    """A page per campaign: its text, timeline, figures, first members and their roll."""
    site = r.site
    # One pass over the entries for every campaign's members (a pass per campaign was ~0.3 s
    # of an edit at 10,000 profiles under cProfile, issue #21), in the roll's order.
    found: dict[str, list[Entry]] = {slug: [] for slug in site.campaigns}
    for entry in r.published:
        for slug in entry.campaign_slugs:
            members_of = found.get(slug)
            if members_of is not None and (not members_of or members_of[-1] is not entry):
                members_of.append(entry)
    by_path = {x.path: x for x in rolls}
    for slug, (campaign, doc) in site.campaigns.items():
        members = found[slug]
        members_roll = by_path.get(f"danh-sach/phong-trao/{slug}/")
        shown = members[: site.config.page_size]
        campaign_stats = r.stats.campaigns.get(slug, [])
        # Kept while what it shows is the last build's: its first members' entries, their
        # number, its figures (the campaign's text, clusters and the date are in the context).
        # An award edit counts again only its campaign's figures; the other pages stay.
        key = r.key(
            "campaign",
            [(e, -1) for e in shown],
            campaign_path(slug),
            str(len(members)),
            members_roll.path if members_roll is not None else "",
            sections_text(campaign_stats),
        )
        if r.reuse(campaign_path(slug), key):
            continue
        # The English page's words of the campaign: its en: block, else none in a preview (the
        # Vietnamese, marked, is on the page itself).
        english = campaign.en if r.language == "en" else None
        title = (english.title if english else None) or campaign.title
        summary = campaign.summary if r.language == "vi" else english.summary if english else None
        launched = r.t("Phát động:") + f" {campaign.launched_by}"
        r.page(
            campaign_path(slug),
            "campaign.md",
            front_matter(
                title,
                summary,
                feed=campaign_feed_path(slug),
                feed_title=escape_text(r.t("Phong trào:") + f" {title}"),
                social_meta=r.social_meta(
                    campaign_path(slug),
                    "article",
                    title,
                    summary or launched,
                    ("campaign", slug),
                    f"{title}, {launched[:1].lower()}{launched[1:]}",
                ),
                jsonld=script_json(
                    campaign_jsonld(
                        campaign,
                        site.config,
                        r.absolute,
                        campaign_path(slug),
                        r.language,
                        absolute_url(site.config.site_url, campaign_path(slug)),
                    )
                ),
            ),
            campaign=campaign,
            body=sanitise_markdown(doc.body, headings=True),
            body_en=(
                sanitise_markdown(english.story, headings=True)
                if english is not None and english.story
                else None
            ),
            members=shown,
            member_count=len(members),
            roll=members_roll,
            timeline=campaign_timeline(
                f"moc-{slug}", campaign, r.today, StatWords(r.language, r.stats.english)
            ),
            clusters=[c for c in site.clusters if slug in c.campaigns],
            campaign_stats=campaign_stats,
            stat_english=r.stats.english,
        )


def render_campaigns_index(r: PageRenderer) -> list[Campaign]:
    """The index of the campaigns, active first then newest; returns them in that order."""
    ordered = sorted(
        (c for c, _ in r.site.campaigns.values()),
        key=lambda c: (c.status != "active", -c.start.toordinal(), c.slug),
    )
    r.page(
        "phong-trao/",
        "campaigns.md",
        front_matter(r.t("Phong trào thi đua")),
        campaign_list=ordered,
        clusters=r.site.clusters,
    )
    return ordered
