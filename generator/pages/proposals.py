"""Public comment (lấy ý kiến nhân dân): the page of each current proposal and their index."""

from __future__ import annotations

import datetime as dt

from generator.images.picture import placeholder_svg
from generator.model import englishtext
from generator.model.entries import Entry, Site
from generator.model.labels import NOT_DECIDED
from generator.model.urls import PROPOSALS_PATH, window_path
from generator.pages.profile import PLACEHOLDER_SIZE, profile_photos
from generator.pages.renderer import PageRenderer
from generator.source.documents import Proposal
from generator.templating.environment import front_matter

# What depends on the reader's day. The build writes these texts for its own "today" (what a
# reader without JavaScript sees, with "tính đến ngày dựng trang"); theme/assets/javascripts/
# time.js writes the same words for the reader's day from the dates the page carries.


def current_proposals(site: Site, today: dt.date) -> list[tuple[Entry, int]]:
    """Proposals whose window has not ended on `today`: open ones and those still to open,
    as each entry and the proposal's index among its `shown_proposals` (`Site.open_windows`).

    A static page outlives its build: a window that opens after the build day must already be
    on the page (with its dates) for the reader's browser to show it open on that day."""
    return site.open_windows(today, upcoming=True)


def proposals_of(windows: list[tuple[Entry, int]]) -> list[tuple[Entry, Proposal]]:
    """The proposals `current_proposals` named (each entry's profile read)."""
    return [(entry, entry.shown_proposals[index]) for entry, index in windows]


def render_proposal(r: PageRenderer, entry: Entry, index: int) -> None:
    """The public-comment page of one proposal (the entry's `shown_proposals[index]`): who,
    what they did, what they already hold, the award proposed and its legal basis, the
    window, where to send an opinion."""
    # Found and keyed by the entry's windows: a kept page reads no profile (issue #21).
    here = window_path(entry, index)
    if r.reuse(here, r.key("proposal", [(entry, -1)], here, str(index))):
        return
    proposal = entry.shown_proposals[index]
    taxonomy = r.site.taxonomy
    award = taxonomy.get(proposal.award)
    name = award.display(proposal.award_class, proposal.window_start) if award else None
    award_name = name or proposal.award
    shown_name = award_name
    if award is not None and r.language == "en":
        shown_name = englishtext.award_name(award, proposal.award_class, proposal.window_start).text
    profile = entry.profile
    r.page(
        here,
        "proposal.md",
        # Out of search engines and the sitemap: a candidate's page lasts only as long as
        # the window (DOMAIN.md: the proposal leaves the site when the window closes).
        front_matter(
            r.t("Lấy ý kiến:") + f" {entry.display_name}",
            r.t("Đề nghị tặng") + f" {shown_name}. {r.t(NOT_DECIDED)}.",
            robots="noindex",
        ),
        entry=entry,
        profile=profile,
        proposal=proposal,
        award_name=shown_name,
        rule=taxonomy.comment_rule(award, proposal.window_start) if award else None,
        photos=profile_photos(r, entry, here)[:1],
        placeholder=placeholder_svg(
            entry.display_name,
            entry.slug,
            *PLACEHOLDER_SIZE,
            name_lang=None if r.language == "vi" else "vi",
        ),
        awards=entry.shown_awards,
        # To the office, in its language whichever edition the reader reads.
        subject=f"Góp ý về đề nghị tặng {award_name} cho {entry.display_name}",
    )


def render_proposals_index(r: PageRenderer, windows: list[tuple[Entry, int]]) -> None:
    """The index of the current proposals (/lay-y-kien/; `windows`: `current_proposals`)."""
    # Kept while its proposals and their entries are the last build's: it shows of each
    # only its entry's own (the taxonomy, configuration and date are in the context). Made
    # again on every edit of the listings, it was ~0.35 s of an award edit at 10,000 profiles
    # under cProfile (issue #21).
    if r.reuse(PROPOSALS_PATH, r.key("proposals", windows, PROPOSALS_PATH)):
        return
    r.page(
        PROPOSALS_PATH,
        "proposals.md",
        front_matter(r.t("Lấy ý kiến nhân dân")),
        proposals=proposals_of(windows),
    )
