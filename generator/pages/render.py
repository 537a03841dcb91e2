"""Render stage: turn the Site model into Markdown pages, post-build HTML pages and mkdocs.yml.

Nothing here touches the disk: `render_site` returns every file as text and
`generator.commands.build` writes them. The security boundary of the whole site is here and
in generator.templating (the environment and sanitising every output shares):

- every text that came from YAML reaches a page through Jinja with autoescape on, inside HTML
  blocks of the generated Markdown, so Markdown never re-interprets contributor text (a name
  like ``[x](javascript:…)`` stays text);
- Markdown written by contributors (stories, campaign bodies) is rendered with python-markdown
  and then sanitised with nh3 against a short allow-list of tags, attributes and URL schemes
  (generator.templating.sanitise);
- MkDocs and Material print ``page.meta.title``, ``page.meta.description`` and several config
  values without escaping, so those are written already HTML-escaped (so are the link-preview
  tags, ``social_meta``); photo alt texts go through ``picture_html``, which escapes them.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from generator.images.jobs import DEFAULT_SIZES, SITE_CARD_SLUG, ImageResult, PhotoSet
from generator.images.picture import picture_html, placeholder_svg
from generator.images.stage import profile_card, published_photos
from generator.incremental.pagecache import PageCache, page_key
from generator.model.clusterfigures import CLUSTERS_PATH, cluster_path, clusters_of_profiles
from generator.model.entries import KIND_ROLLS, Entry, Site
from generator.model.keys import listings_key
from generator.model.labels import KIND_ROLL_TITLES, NOT_DECIDED, public_facts
from generator.model.linkeddata import campaign_jsonld, profile_jsonld, script_json
from generator.model.rolls import (
    PROVINCE_INDEX_PATH,
    Roll,
    iter_rolls,
    pagination,
    place_roll_counts,
    province_counts,
)
from generator.model.statistics import (
    CSV_FILE,
    CSV_FILE_EN,
    SiteStatistics,
    compute_statistics,
    statistics_csv,
)
from generator.model.urls import (
    ABOUT_PATH,
    DECISIONS_PATH,
    PROPOSALS_PATH,
    SITE_FEED_PATH,
    STATISTICS_PATH,
    absolute_url,
    campaign_feed_path,
    campaign_path,
    decision_api_path,
    decision_path,
    doc_file,
    page_path,
    profile_path,
    proposal_path,
    relative_url,
    safe_http_url,
)
from generator.output import Rendered
from generator.pages.share import facebook_share_url, qr_svg
from generator.source.documents import CLUSTER_KINDS, Campaign, Proposal
from generator.templating.charts import campaign_timeline
from generator.templating.environment import front_matter, make_environment, proposals_text
from generator.templating.sanitise import (
    escape_text,
    forget_sanitised,
    one_line,
    sanitise_markdown,
)

LATEST_COUNT = 8
# The portrait beside a profile's name is 12rem wide (vinhdanh.css): 240px, 264px from 100em
# and 288px from 125em, where Material enlarges the root font.
PORTRAIT_SIZES = "(min-width: 125em) 288px, (min-width: 100em) 264px, 240px"
PLACEHOLDER_SIZE = (320, 400)
THUMBNAIL_SIZE = (64, 80)


# --- URLs -------------------------------------------------------------------------------------


# --- facts about entries ----------------------------------------------------------------------


# What depends on the reader's day. The build writes these texts for its own "today" (what a
# reader without JavaScript sees, with "tính đến ngày dựng trang"); theme/assets/javascripts/
# time.js writes the same words for the reader's day from the dates the page carries.


def current_proposals(site: Site, today: dt.date) -> list[tuple[Entry, Proposal]]:
    """Proposals whose window has not ended on `today`: open ones and those still to open.

    A static page outlives its build: a window that opens after the build day must already be
    on the page (with its dates) for the reader's browser to show it open on that day."""
    return site.open_proposals(today, upcoming=True)


# --- listings ---------------------------------------------------------------------------------


# --- output -----------------------------------------------------------------------------------


def thumbnail_html(photo_set: PhotoSet, base_url: str, eager: bool = False) -> Markup:
    """A small decorative `<picture>` (a card's): the narrowest file of each type, lazy unless
    `eager` (a card on the first screen)."""
    sources = Markup("").join(
        Markup('<source type="{}" srcset="{}">').format(
            mime, photo_set.of_type(mime)[0].url(base_url)
        )
        for mime in photo_set.mimes[:-1]
    )
    img = photo_set.of_type(photo_set.mimes[-1])[0]
    # A lazy image on the first screen waits for layout before it is even requested, which
    # makes it the late "largest contentful paint" of the home page on a phone.
    loading = "" if eager else ' loading="lazy"'
    return Markup(
        '<picture class="vd-card__thumb">{}<img src="{}" width="{}" height="{}" alt=""'
        '{} decoding="async"></picture>'
    ).format(sources, img.url(base_url), img.width, img.height, Markup(loading))


class _Renderer:
    """Renders the pages of one site; holds what every page needs."""

    def __init__(
        self,
        site: Site,
        today: dt.date,
        images: ImageResult | None = None,
        cache: PageCache | None = None,
        more_listings: Callable[[], dict[str, str]] | None = None,
    ) -> None:
        self.site = site
        self.today = today
        self.more_listings = more_listings
        self.env = make_environment()
        self.published = site.published()
        self.by_slug = {e.slug: e for e in self.published}
        self.out = Rendered()
        self.images = images if images is not None else ImageResult()
        self.cache = cache
        self.keys = self.out.keys  # docs/ path -> key of the pages the cache may keep

    @functools.cached_property
    def stats(self) -> SiteStatistics:
        """Every figure of the site (not needed when the listings are reused)."""
        return compute_statistics(self.site, self.today, self.published)

    def key(self, kind: str, entries: Iterable[tuple[Entry, int]], *parts: str) -> str | None:
        """The cache key of a page reading `entries` (with an award index) and `parts`."""
        cache = self.cache
        if cache is None or not cache.context:
            return None
        digests = []
        for entry, award in entries:
            digest = cache.entries.get(entry.slug)
            if digest is None:
                return None
            digests.append(f"{digest}:{award}")
        return page_key(cache.context, kind, *parts, *digests)

    def reuse(self, path: str, key: str | None) -> bool:
        """Take the page at site path `path` from the cache if it was rendered under `key`."""
        if key is None or self.cache is None:
            return False
        doc = doc_file(path)
        self.keys[doc] = key
        if not self.cache.doc_intact(doc, key):
            return False
        self.out.kept[doc] = key
        self.cache.reused += 1
        return True

    def context(self, here: str) -> dict[str, Any]:
        """What every template sees; `url` links relative to the page at `here`."""
        site = self.site

        def url(target: str) -> str:
            return relative_url(here, target)

        return {
            "here": here,
            "url": url,
            "site": site,
            "config": site.config,
            "today": self.today,
            "top_award": lambda e: e.top_award,
            "campaigns": site.campaigns,
            "thumbnail": lambda e, eager=False: self.thumbnail(e, here, eager),
        }

    def page(self, path: str, template: str, head: str, **values: Any) -> None:
        """Render one Markdown page served at site path `path`."""
        body = self.env.get_template(template).render(**self.context(path), **values)
        self.out.docs[doc_file(path)] = head + body

    def render(self) -> Rendered:
        """Every page, post-build page and mkdocs.yml."""
        for entry in self.published:
            self.render_profile(entry)
        for entry, proposal in current_proposals(self.site, self.today):
            self.render_proposal(entry, proposal)
        key = self.listings_key()
        if not self.reuse_listings(key):
            before = (set(self.out.docs), set(self.keys))
            self.render_listings()
            self.note_listings(key, *before)
        self.out.mkdocs_yml = render_mkdocs_config(self.site)
        return self.out

    def listings_key(self) -> str | None:
        """The key of every page made from many entries (`listings_key`)."""
        return listings_key(self.site, self.cache)

    def reuse_listings(self, key: str | None) -> bool:
        """Keep the listings of the last build if made under `key` and their files in
        build/docs are as they were written; False (nothing kept) otherwise."""
        cache = self.cache
        if cache is None or key is None or key != cache.listings:
            return False
        for doc, doc_key in cache.listing_docs.items():
            if not cache.doc_intact(doc, doc_key):
                return False
        for doc, doc_key in cache.listing_docs.items():
            self.keys[doc] = self.out.kept[doc] = doc_key
        self.out.files.update(cache.listing_files)
        self.out.extra.update(cache.listing_extra)
        self.out.listings_reused = True
        return True

    def note_listings(self, key: str | None, docs: set[str], keys: set[str]) -> None:
        """Remember the listings just made under `key` (beside `docs` and `keys`, which were
        there before); pages without a key of their own get one from `key`."""
        cache = self.cache
        if cache is None or key is None:
            return
        made = {doc: self.keys[doc] for doc in self.keys.keys() - keys}
        for doc in self.out.docs.keys() - docs - made.keys():
            self.keys[doc] = made[doc] = page_key(key, doc)
        cache.listings = key
        cache.listing_docs = made
        cache.listing_files = dict(self.out.files)
        cache.listing_extra = dict(self.out.extra)

    def render_listings(self) -> None:
        """Everything but the profile pages: rolls, indexes, campaigns, statistics, home, the
        post-build pages (these read many entries, but never what `OWN_PAGE_ONLY` names)."""
        site = self.site
        rolls = list(iter_rolls(site))
        for roll in rolls:
            self.render_roll(roll)
        self.page(
            "danh-sach/",
            "rolls.md",
            front_matter("Danh sách vinh danh"),
            rolls=rolls,
            decision_count=len(site.decisions),
        )
        self.render_decisions()
        self.render_clusters()
        self.page(
            PROVINCE_INDEX_PATH,
            "provinces.md",
            front_matter("Vinh danh theo tỉnh, thành phố"),
            provinces=province_counts(site, self.published),
            others=place_roll_counts(self.published),
        )
        for slug, (campaign, doc) in site.campaigns.items():
            members = [e for e in self.published if slug in e.campaign_slugs]
            members_roll = next(
                (r for r in rolls if r.path == f"danh-sach/phong-trao/{slug}/"), None
            )
            self.page(
                campaign_path(slug),
                "campaign.md",
                front_matter(
                    campaign.title,
                    campaign.summary,
                    feed=campaign_feed_path(slug),
                    feed_title=escape_text(f"Phong trào: {campaign.title}"),
                    social_meta=self.social_meta(
                        campaign_path(slug),
                        "article",
                        campaign.title,
                        campaign.summary or f"Phát động: {campaign.launched_by}",
                        ("campaign", slug),
                        f"{campaign.title}, phát động: {campaign.launched_by}",
                    ),
                    jsonld=script_json(
                        campaign_jsonld(campaign, site.config, self.absolute, campaign_path(slug))
                    ),
                ),
                campaign=campaign,
                body=sanitise_markdown(doc.body, headings=True),
                members=members[: site.config.page_size],
                member_count=len(members),
                roll=members_roll,
                timeline=campaign_timeline(f"moc-{slug}", campaign, self.today),
                clusters=[c for c in site.clusters if slug in c.campaigns],
                campaign_stats=self.stats.campaigns.get(slug, []),
            )
        ordered = sorted(
            (c for c, _ in site.campaigns.values()),
            key=lambda c: (c.status != "active", -c.start.toordinal(), c.slug),
        )
        self.page(
            "phong-trao/",
            "campaigns.md",
            front_matter("Phong trào thi đua"),
            campaign_list=ordered,
            clusters=site.clusters,
        )
        proposals = current_proposals(site, self.today)
        self.page(
            PROPOSALS_PATH, "proposals.md", front_matter("Lấy ý kiến nhân dân"), proposals=proposals
        )
        self.out.docs[doc_file(ABOUT_PATH)] = render_about_page(self.site, self.today, self.env)
        self.render_statistics()
        self.render_home(ordered, proposals)
        self.render_post_build()
        if self.more_listings is not None:
            self.out.docs.update(self.more_listings())

    def render_decisions(self) -> None:
        """A page per decision honouring many, and their index (with the listings: a decision
        changes their key, `listings_key`)."""
        decisions = self.site.decisions
        for found in decisions:
            d = found.decision
            campaign = self.site.campaigns.get(d.campaign) if d.campaign else None
            self.page(
                decision_path(found.slug),
                "decision.md",
                front_matter(f"{found.title}: {found.subject}", found.subject),
                found=found,
                campaign=campaign[0] if campaign is not None else None,
                api_path=decision_api_path(found.slug),
            )
        if not decisions:
            return  # no index of nothing: the rolls index links it only when there are some
        self.page(
            DECISIONS_PATH,
            "decisions.md",
            front_matter("Quyết định khen thưởng theo danh sách"),
            decisions=decisions,
        )

    def render_clusters(self) -> None:
        """A page per emulation cluster or block, and their index (none without clusters)."""
        clusters = self.site.clusters
        for found in clusters:
            c = found.cluster
            self.page(
                cluster_path(found.slug),
                "cluster.md",
                front_matter(c.name, c.summary or f"{CLUSTER_KINDS[c.kind][0]}: {c.organiser}"),
                found=found,
            )
        if clusters:
            self.page(
                CLUSTERS_PATH, "clusters.md", front_matter("Cụm, khối thi đua"), clusters=clusters
            )

    @functools.cached_property
    def clusters_of(self) -> dict[str, list[tuple[str, str]]]:
        """Profile slug -> (path, name) of the clusters it is a member of."""
        return clusters_of_profiles(self.site.clusters)

    def render_profile(self, entry: Entry) -> None:
        """The page of one published entry."""
        profile = entry.profile
        roll = f"danh-sach/{KIND_ROLLS[profile.kind]}/"
        here = profile_path(entry.slug)
        if self.reuse(here, self.key("profile", [(entry, -1)], here)):
            return
        best = entry.top_award
        place = entry.locality.short_text()
        card_text = [entry.display_name, best.display if best is not None else "", place]
        card = profile_card(entry)
        # The alt text says what the card shows: the person's own card, or an award's or the
        # site's shared one (which does not name the person).
        card_alt = {
            "profile": ", ".join(t for t in card_text if t),
            "award": f"{best.award.name_on(None) if best else ''} ({self.site.config.site_name})",
            "site": f"{self.site.config.site_name}, {self.site.config.owner}",
        }[card[0]]
        social = self.social_meta(
            here,
            "article",
            entry.display_name,
            profile.summary or ", ".join(t for t in card_text[1:] if t),
            card,
            card_alt,
        )
        photos = published_photos(entry, self.images)
        facts = public_facts(entry)
        jsonld = profile_jsonld(
            entry,
            self.site.config,
            self.absolute,
            here,
            photos[0][1].fallback.path if photos else None,
            facts,
        )
        self.page(
            here,
            "profile.md",
            front_matter(
                entry.display_name,
                profile.summary,
                social_meta=social,
                jsonld=script_json(jsonld),
            ),
            entry=entry,
            photos=self.profile_photos(entry, here),
            placeholder=placeholder_svg(entry.display_name, entry.slug, *PLACEHOLDER_SIZE),
            profile=profile,
            awards=entry.shown_awards,
            facts=facts,
            qr=qr_svg(self.absolute(here), "Mã QR của địa chỉ cố định hồ sơ"),
            facebook_share=facebook_share_url(self.absolute(here)),
            story=sanitise_markdown(profile.story) if profile.story else None,
            member_of=[s for s in entry.campaign_slugs if s in self.site.campaigns],
            clusters=self.clusters_of.get(entry.slug, []),
            updated=entry.updated,
            roll_path=roll,
            roll_title=KIND_ROLL_TITLES[profile.kind],
            # Replications link by slug with the place as text: the page depends on its own
            # file only, so the page cache stays right when the linked profile changes.
            practice=entry.practice,
        )

    def render_proposal(self, entry: Entry, proposal: Proposal) -> None:
        """The public-comment page of one proposal: who, what they did, what they already
        hold, the award proposed and its legal basis, the window, where to send an opinion."""
        here = proposal_path(entry, proposal)
        index = str(entry.shown_proposals.index(proposal))
        if self.reuse(here, self.key("proposal", [(entry, -1)], here, index)):
            return
        award = self.site.taxonomy.get(proposal.award)
        name = award.display(proposal.award_class, proposal.window_start) if award else None
        award_name = name or proposal.award
        profile = entry.profile
        self.page(
            here,
            "proposal.md",
            # Out of search engines and the sitemap: a candidate's page lasts only as long as
            # the window (DOMAIN.md: the proposal leaves the site when the window closes).
            front_matter(
                f"Lấy ý kiến: {entry.display_name}",
                f"Đề nghị tặng {award_name}. {NOT_DECIDED}.",
                robots="noindex",
            ),
            entry=entry,
            profile=profile,
            proposal=proposal,
            award_name=award_name,
            rule=self.site.taxonomy.comment_rule(award, proposal.window_start) if award else None,
            photos=self.profile_photos(entry, here)[:1],
            placeholder=placeholder_svg(entry.display_name, entry.slug, *PLACEHOLDER_SIZE),
            awards=entry.shown_awards,
            subject=f"Góp ý về đề nghị tặng {award_name} cho {entry.display_name}",
        )

    def profile_photos(self, entry: Entry, here: str) -> list[dict[str, Any]]:
        """The entry's published photos as its page shows them; `picture` is escaped HTML."""
        base = relative_url(here, "")
        return [
            {
                # The portrait is on the first screen: fetched at once, first.
                "picture": picture_html(
                    photo_set,
                    photo.alt,
                    PORTRAIT_SIZES if i == 0 else DEFAULT_SIZES,
                    base,
                    eager=i == 0,
                ),
                "caption": photo.caption,
                "credit": photo.credit,
                "licence": photo.licence,
            }
            for i, (photo, photo_set) in enumerate(published_photos(entry, self.images))
        ]

    def thumbnail(self, entry: Entry, here: str, eager: bool = False) -> Markup:
        """A card's small picture: the smallest files of the first photo, else the initials."""
        found = published_photos(entry, self.images)
        if not found:
            # The name is the card's link right beside it: the initials are decoration.
            svg = placeholder_svg(entry.display_name, entry.slug, *THUMBNAIL_SIZE)
            return Markup('<span class="vd-card__thumb" aria-hidden="true">{}</span>').format(svg)
        return thumbnail_html(found[0][1], relative_url(here, ""), eager)

    def absolute(self, path: str) -> str:
        """The absolute URL of site path `path` under the configured address."""
        return absolute_url(self.site.config.site_url, path)

    def social_meta(
        self,
        here: str,
        kind: str,
        title: str,
        description: str | None,
        card: tuple[str, str],
        image_alt: str,
    ) -> list[list[str]]:
        """Open Graph and Twitter tags of a page, values HTML-escaped (MkDocs prints them raw)."""
        site_url = self.site.config.site_url
        if not safe_http_url(site_url):
            return []  # previews need absolute URLs
        tags = [
            ("og:type", kind),
            ("og:site_name", self.site.config.site_name),
            ("og:locale", "vi_VN"),
            ("og:title", title),
            ("og:url", absolute_url(site_url, here)),
        ]
        if description:
            tags.append(("og:description", one_line(description)[:300]))
        variant = self.images.cards.get(card)
        if variant is not None:
            tags += [
                ("og:image", absolute_url(site_url, variant.path)),
                ("og:image:width", str(variant.width)),
                ("og:image:height", str(variant.height)),
                ("og:image:type", variant.mime),
                ("og:image:alt", image_alt),
            ]
        # X (Twitter) takes the title, description and image from og: when its own tags are
        # absent (its cards' markup reference), not the card type nor the image's alt text:
        # copies of the rest were ~400 bytes of every page (issue #21, the output budget).
        tags.append(("twitter:card", "summary_large_image" if variant else "summary"))
        tags += [("twitter:image:alt", value) for name, value in tags if name == "og:image:alt"]
        return [[name, escape_text(value)] for name, value in tags]

    def render_roll(self, roll: Roll) -> None:
        """Every page of one listing."""
        pages = roll.pages(self.site.config.page_size)
        about = repr((roll.path, roll.title, roll.group, roll.kind, roll.intro, roll.parents))
        first_page = (
            repr((roll.communes, roll.unplaced, self.province_stats(roll))) if self.cache else ""
        )
        sections = roll.sections
        for number, rows in enumerate(pages, start=1):
            path = page_path(roll.path, number)
            key = self.key(
                "roll",
                [(r.entry, r.entry.awards.index(r.award) if r.award else -1) for r in rows],
                about,
                f"{number}/{len(pages)}/{len(roll.rows)}",
                first_page if number == 1 else "",
                # A province roll's rows head each commune, linked when it has its own page.
                repr([(r.section, sections.get(r.section)) for r in rows]) if sections else "",
            )
            if self.reuse(path, key):
                continue
            title = roll.title if number == 1 else f"{roll.title} (trang {number})"
            self.page(
                path,
                "roll.md",
                front_matter(title),
                roll=roll,
                rows=rows,
                number=number,
                total=len(pages),
                numbers=pagination(number, len(pages)),
                first=(number - 1) * self.site.config.page_size + 1,
                page_path=lambda n, base=roll.path: page_path(base, n),
                province_stats=self.province_stats(roll) if number == 1 else [],
            )

    def province_stats(self, roll: Roll) -> list[Any]:
        """The compact figures shown on the first page of a province roll (else none)."""
        prefix = "danh-sach/tinh/"
        if not roll.path.startswith(prefix):
            return []
        return self.stats.provinces.get(roll.path[len(prefix) :].strip("/"), [])

    def render_statistics(self) -> None:
        """The statistics page and its CSV (generator.model.statistics, templating.charts)."""
        self.page(
            STATISTICS_PATH,
            "statistics.md",
            front_matter(
                "Thống kê khen thưởng",
                "Khen thưởng đến với ai: theo cấp, năm, địa phương, phong trào, đối tượng; "
                "tỷ lệ người trực tiếp sản xuất và vùng biên giới, hải đảo, miền núi.",
                # The site's navigation stays; the page's own contents list replaces the
                # sidebar's (a phone never shows that one).
                hide=["toc"],
            ),
            stats=self.stats,
        )
        base = safe_http_url(self.site.config.site_url) or ""
        self.out.files[CSV_FILE] = statistics_csv(self.stats, base).encode("utf-8")
        self.out.files[CSV_FILE_EN] = statistics_csv(self.stats, base, english=True).encode()

    def render_home(
        self, campaign_list: list[Campaign], proposals: list[tuple[Entry, Proposal]]
    ) -> None:
        """The home page: what the roll is, counts, featured, campaigns, latest."""
        site = self.site
        featured = [self.by_slug[s] for s in site.config.featured if s in self.by_slug]
        latest = sorted(
            self.published,
            key=lambda e: (-(e.updated or dt.date.min).toordinal(), e.sort_key),
        )[:LATEST_COUNT]
        counts = {
            "individual": sum(e.profile.kind == "individual" for e in self.published),
            "collective": sum(e.profile.kind in ("collective", "model") for e in self.published),
            "household": sum(e.profile.kind == "household" for e in self.published),
            "awards": sum(len(e.active_awards) for e in self.published),
            "campaigns": len(site.campaigns),
            "provinces": len({e.locality.province_slug for e in self.published} - {None}),
        }
        self.page(
            "",
            "home.md",
            front_matter(
                site.config.site_name,
                site.config.site_description,
                hide=["toc"],  # the site's navigation stays, as on every page
                social_meta=self.social_meta(
                    "",
                    "website",
                    site.config.site_name,
                    site.config.site_description,
                    ("site", SITE_CARD_SLUG),
                    f"{site.config.site_name}, {site.config.owner}",
                ),
            ),
            featured=featured,
            latest=latest,
            counts=counts,
            active=[c for c in campaign_list if c.status == "active"],
            has_models=any(e.profile.kind == "model" for e in self.published),
            proposals=proposals,
            proposals_line=proposals_text(
                ((p.window_start, p.window_end) for _e, p in proposals), self.today
            ),
        )

    def render_post_build(self) -> None:
        """Redirects for former slugs and "withdrawn" pages: plain HTML added after MkDocs."""
        site = self.site
        redirect = self.env.get_template("redirect.html")
        withdrawn = self.env.get_template("withdrawn.html")
        base = safe_http_url(site.config.site_url) or ""
        taken = {e.slug for e in site.entries}
        for entry in sorted(site.entries, key=lambda e: e.slug):
            status = entry.profile.status
            if status == "published":
                target = profile_path(entry.slug)
                for old in entry.profile.former_slugs:
                    here = profile_path(old)
                    if old in taken or f"{here}index.html" in self.out.extra:
                        continue
                    self.out.extra[f"{here}index.html"] = redirect.render(
                        **self.context(here),
                        target=target,
                        canonical=base.rstrip("/") + "/" + target if base else "",
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
                    self.out.extra[f"{here}index.html"] = withdrawn.render(
                        **self.context(here),
                        withdrawal=entry.profile.withdrawal,
                    )


def render_about_page(site: Site, today: dt.date, env: jinja2.Environment | None = None) -> str:
    """The about page's Markdown: it reads the configuration only."""
    # On its own because the search records (started before the other pages) index its text.
    env = env if env is not None else make_environment()

    def url(target: str) -> str:
        return relative_url(ABOUT_PATH, target)

    body = env.get_template("about.md").render(
        here=ABOUT_PATH, url=url, site=site, config=site.config, today=today
    )
    return front_matter("Giới thiệu") + body


def render_site(
    site: Site,
    today: dt.date,
    images: ImageResult | None = None,
    cache: PageCache | None = None,
    more_listings: Callable[[], dict[str, str]] | None = None,
) -> Rendered:
    """Render every page of the site as it stands on `today` (no file is written here)."""
    # With `cache`, pages whose key is unchanged are taken from it, and it is updated.
    # Without `images` (the images stage's result) pages show initials and no link preview.
    # `more_listings` makes other pages (docs path -> Markdown) that read many entries but
    # none of `OWN_PAGE_ONLY`: kept with the listings (the search page and its facets).
    forget_sanitised()
    return _Renderer(site, today, images, cache, more_listings).render()


# --- mkdocs.yml -------------------------------------------------------------------------------


class _PythonName:
    """A `!!python/name:` reference in mkdocs.yml (MkDocs' loader resolves it)."""

    def __init__(self, name: str) -> None:
        self.name = name


class _ConfigDumper(yaml.SafeDumper):
    """A safe dumper that can also write `!!python/name:` references."""


def _represent_python_name(dumper: yaml.SafeDumper, value: _PythonName) -> yaml.ScalarNode:
    return dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{value.name}", "")


_ConfigDumper.add_representer(_PythonName, _represent_python_name)


NAV = [
    {"Trang chủ": "index.md"},
    {
        "Tìm kiếm": "tim-kiem/index.md"
    },  # generator.search.records; in the nav so every page links it
    {"Phong trào thi đua": "phong-trao/index.md"},
    {"Danh sách vinh danh": "danh-sach/index.md"},
    {"Thống kê": "thong-ke/index.md"},  # generator.model.statistics
    {"Lấy ý kiến": "lay-y-kien/index.md"},
    {"Giới thiệu": "gioi-thieu/index.md"},
    {"Dữ liệu mở": "du-lieu/index.md"},  # written by generator.opendata.publish
]
# gitignore-style: everything reached through listings rather than the nav.
NOT_IN_NAV = "/ho-so/\n/phong-trao/*/\n/danh-sach/*/\n/quyet-dinh/\n/lay-y-kien/*/\n"
# Material's colour schemes: the reader's system preference picks one, the header's toggle
# (partials/palette.html, named in Vietnamese) switches and remembers it. Each toggle names the
# scheme it switches *to*. Dark-mode colours of our own blocks: theme/assets/stylesheets.
PALETTE: list[dict[str, Any]] = [
    {
        "media": "(prefers-color-scheme: light)",
        "scheme": "default",
        "primary": "indigo",
        "accent": "indigo",
        "toggle": {"icon": "material/weather-night", "name": "Chuyển sang giao diện tối"},
    },
    {
        "media": "(prefers-color-scheme: dark)",
        "scheme": "slate",
        "primary": "indigo",
        "accent": "indigo",
        "toggle": {"icon": "material/weather-sunny", "name": "Chuyển sang giao diện sáng"},
    },
]


def mkdocs_config(site: Site) -> dict[str, Any]:
    """The MkDocs configuration derived from site_config.yml (values Material prints raw are
    escaped)."""
    config = site.config
    owner = escape_text(config.owner)
    licence = escape_text(config.data_licence.name)
    extra: dict[str, Any] = {
        "generator": False,
        "illustrative": config.illustrative,
        "feed": {"path": SITE_FEED_PATH, "title": f"{escape_text(config.site_name)} (Atom)"},
    }
    return {
        "site_name": escape_text(config.site_name),
        "site_url": safe_http_url(config.site_url) or "",
        "site_description": escape_text(config.site_description),
        "site_author": owner,
        "copyright": f"© {owner} · Dữ liệu: {licence}"
        + (
            f" · Nội dung: {escape_text(config.content_licence.name)}"
            if config.content_licence is not None
            else ""
        ),
        "docs_dir": "docs",
        "use_directory_urls": True,
        "strict": True,
        "theme": {
            "name": "material",
            "language": "vi",
            "font": False,
            "custom_dir": "overrides",
            "features": ["navigation.top"],
            # A copy: whoever changes the returned config must not change the next one.
            "palette": copy.deepcopy(PALETTE),
        },
        "plugins": [],
        "nav": NAV,
        "not_in_nav": NOT_IN_NAV,
        "markdown_extensions": [
            {
                "toc": {
                    "slugify": _PythonName("generator.templating.sanitise.toc_slugify"),
                    "permalink": True,
                    "permalink_title": "Liên kết đến mục này",
                }
            },
            "attr_list",
            "md_in_html",
            "tables",
        ],
        "extra": extra,
    }


def render_mkdocs_config(site: Site) -> str:
    """mkdocs.yml text; generated, never hand-written."""
    head = "# Generated by `vinhdanh build` from site_config.yml; edits here are overwritten.\n"
    body = yaml.dump(
        mkdocs_config(site),
        Dumper=_ConfigDumper,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
    )
    return head + body
