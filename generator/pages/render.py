"""Render stage: turn the Site model into Markdown pages, post-build HTML pages and mkdocs.yml.

Nothing here touches the disk: `render_site` returns every file as text and
`generator.commands.build` writes them. The security boundary of the whole site is in
generator.pages and generator.templating (the environment and sanitising every output shares):

- every text that came from YAML reaches a page through Jinja with autoescape on, inside HTML
  blocks of the generated Markdown, so Markdown never re-interprets contributor text (a name
  like ``[x](javascript:…)`` stays text);
- Markdown written by contributors (stories, campaign bodies) is rendered with python-markdown
  and then sanitised with nh3 against a short allow-list of tags, attributes and URL schemes
  (generator.templating.sanitise);
- MkDocs and Material print ``page.meta.title``, ``page.meta.description`` and several config
  values without escaping, so those are written already HTML-escaped (so are the link-preview
  tags, ``social_meta``); photo alt texts go through ``picture_html``, which escapes them.

The page kinds are rendered by the modules beside this one (profile, proposals, rolls,
decisions, clusters, campaigns, statistics, home, postbuild), each with a
``generator.pages.renderer.PageRenderer``: the environment, the context and the cache decisions
every page needs. mkdocs.yml comes from ``generator.pages.mkdocsconfig``. This module says in
which order they run and which of them the listings' cache covers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import jinja2

from generator.images.jobs import ImageResult
from generator.incremental.pagecache import PageCache
from generator.model.entries import Entry, Site
from generator.model.partition import Part
from generator.model.rolls import Roll, iter_rolls
from generator.model.urls import ABOUT_PATH, doc_file, edition_link, edition_path, relative_url
from generator.output import Rendered
from generator.pages.campaigns import render_campaigns, render_campaigns_index
from generator.pages.clusters import render_clusters
from generator.pages.decisions import render_decisions
from generator.pages.home import render_home
from generator.pages.mkdocsconfig import render_mkdocs_config
from generator.pages.postbuild import render_post_build
from generator.pages.profile import ProfilePages
from generator.pages.proposals import (
    current_proposals,
    render_proposal,
    render_proposals_index,
)
from generator.pages.renderer import PageRenderer
from generator.pages.rolls import (
    forget_rolls,
    render_former_pages,
    render_provinces_index,
    render_roll,
    render_rolls_index,
)
from generator.pages.statistics import render_statistics
from generator.templating.environment import front_matter, make_environment
from generator.templating.i18n import translate
from generator.templating.sanitise import forget_sanitised


def render_listings(
    r: PageRenderer,
    rolls: list[Roll] | None = None,
    part: Part | None = None,
    windows: list[tuple[Entry, int]] | None = None,
) -> None:
    """Everything but the profile pages: rolls, indexes, campaigns, statistics, home, the
    post-build pages (these read many entries, but never what `OWN_PAGE_ONLY` names); in a
    translated edition the same pages under its folder, post-build pages included (a former
    slug redirects within the edition, a withdrawn profile's notice is in its language).
    `rolls` are the site's (iter_rolls), when another edition has grouped them already;
    `part`: the merge of a partitioned build, which leaves the slices' rolls out; `windows`:
    the current proposals (`current_proposals`), when the caller has them."""
    rolls = rolls if rolls is not None else list(iter_rolls(r.site))
    for roll in rolls:
        if part is None or part.has_roll(roll.path):
            render_roll(r, roll)
    render_former_pages(r, rolls)  # the merge's: it reads every roll
    render_rolls_index(r, rolls)
    render_decisions(r)
    render_clusters(r)
    render_provinces_index(r)
    render_campaigns(r, rolls)
    ordered = render_campaigns_index(r)
    # Found once a render, not once an edition: a pass over every entry (issue #21).
    windows = windows if windows is not None else current_proposals(r.site, r.today)
    render_proposals_index(r, windows)
    r.out.docs[doc_file(r.at(ABOUT_PATH))] = render_about_page(r.site, r.today, r.env, r.language)
    render_statistics(r)
    render_home(r, ordered, windows)
    render_post_build(r)
    if r.more_listings is not None:
        r.out.docs.update(r.more_listings())


def render_about_page(
    site: Site, today: dt.date, env: jinja2.Environment | None = None, language: str = "vi"
) -> str:
    """The about page's Markdown in the `language` edition: it reads the configuration only."""
    # On its own because the search records (started before the other pages) index its text.
    env = env if env is not None else make_environment(language=language)
    page_at = edition_path(language, ABOUT_PATH)

    def url(target: str) -> str:
        return relative_url(page_at, edition_link(language, target))

    body = env.get_template("about.md").render(
        here=ABOUT_PATH, url=url, site=site, config=site.config, today=today
    )
    title = translate(language, "Giới thiệu")
    head = front_matter(title, **({} if language == "vi" else {"language": language}))
    return head + body


def render_site(
    site: Site,
    today: dt.date,
    images: ImageResult | None = None,
    cache: PageCache | None = None,
    more_listings: Callable[[], dict[str, str]] | None = None,
    out: Rendered | None = None,
    part: Part | None = None,
    rolls: list[Roll] | None = None,
) -> Rendered:
    """Render every page of the site as it stands on `today` (no file is written here; `out`:
    what to render into, e.g. one whose `docs` writes each page as it comes; `part`: only
    the pages of one part of a partitioned build, generator.model.partition; `rolls`: the
    site's, if the caller grouped them already)."""
    # With `cache`, pages whose key is unchanged are taken from it, and it is updated.
    # Without `images` (the images stage's result) pages show initials and no link preview.
    # `more_listings` makes other pages (docs path -> Markdown) that read many entries but
    # none of `OWN_PAGE_ONLY`: kept with the listings (the search page and its facets).
    # With the English edition on, every page is rendered a second time by a renderer of
    # that edition, into the same output under en/ (generator.model.urls.edition_path).
    forget_sanitised()
    r = PageRenderer(site, today, images, cache, more_listings)
    if out is not None:
        r.out, r.keys = out, out.keys
    editions = [r]
    if site.config.english_edition:
        editions.append(r.translated("en"))
    proposals = current_proposals(site, today)
    for edition in editions:
        profiles = ProfilePages(edition)
        for entry in edition.published:
            if part is None or part.has_entry(entry):
                profiles.render(entry)
        if part is not None and part.inside:
            continue  # proposals are the merge's
        for entry, index in proposals:
            render_proposal(edition, entry, index)
    if part is not None and part.inside:
        # A slice: its province's rolls (their communes' with them), nothing made from many.
        mine = [roll for roll in iter_rolls(site) if part.has_roll(roll.path)]
        for edition in editions:
            for roll in mine:
                render_roll(edition, roll)
        r.out.mkdocs_yml = r.out.mkdocs_yml or render_mkdocs_config(site)
        return r.out
    key = r.listings_key()
    if not r.reuse_listings(key):
        before = (set(r.out.docs), set(r.keys))
        # The rows of every roll, grouped and sorted once: they are the same in each edition.
        if rolls is None:
            rolls = list(iter_rolls(site))
        for edition in editions:
            render_listings(edition, rolls, part, proposals)
        if part is None:
            forget_rolls(r)
        r.note_listings(key, *before)
    # The build's own (`out`) made it already, for the engine's environment: the same text.
    r.out.mkdocs_yml = r.out.mkdocs_yml or render_mkdocs_config(site)
    return r.out
