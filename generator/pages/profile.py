"""The page of one published profile (/ho-so/<slug>/) and the photos as profile pages show
them."""

from __future__ import annotations

import functools
from typing import Any

from generator.images.jobs import DEFAULT_SIZES
from generator.images.picture import picture_html, placeholder_svg
from generator.images.stage import profile_card, published_photos
from generator.model import englishtext
from generator.model.clusterfigures import clusters_of_profiles
from generator.model.entries import KIND_ROLLS, Entry
from generator.model.labels import KIND_ROLL_TITLES, public_facts
from generator.model.linkeddata import profile_jsonld, script_json
from generator.model.urls import absolute_url, profile_path
from generator.pages.renderer import PageRenderer
from generator.pages.share import facebook_share_url, qr_svg
from generator.templating.environment import front_matter
from generator.templating.sanitise import sanitise_markdown

# The portrait beside a profile's name is 12rem wide (vinhdanh.css): 240px, 264px from 100em
# and 288px from 125em, where Material enlarges the root font.
PORTRAIT_SIZES = "(min-width: 125em) 288px, (min-width: 100em) 264px, 240px"
PLACEHOLDER_SIZE = (320, 400)


def profile_photos(r: PageRenderer, entry: Entry, here: str) -> list[dict[str, Any]]:
    """The entry's published photos as its page shows them; `picture` is escaped HTML."""
    base = r.root(here)
    shown: list[dict[str, Any]] = []
    for i, (photo, photo_set) in enumerate(published_photos(entry, r.images)):
        # The editor's alt text in the page's edition: on an English page its `en.alt`, else
        # the Vietnamese, which says its language (`lang`).
        english = photo.en.alt if r.language == "en" and photo.en is not None else None
        alt_lang = None if r.language == "vi" or english else "vi"
        shown.append(
            {
                # The portrait is on the first screen: fetched at once, first.
                "picture": picture_html(
                    photo_set,
                    english or photo.alt,
                    PORTRAIT_SIZES if i == 0 else DEFAULT_SIZES,
                    base,
                    eager=i == 0,
                    alt_lang=alt_lang,
                ),
                "photo": photo,  # its caption, shown as any editor's text of the edition
                "caption": photo.caption,
                "credit": photo.credit,
                "licence": photo.licence,
            }
        )
    return shown


class ProfilePages:
    """Renders profile pages with `r`; knows which clusters each profile is a member of."""

    def __init__(self, r: PageRenderer) -> None:
        self.r = r

    @functools.cached_property
    def clusters_of(self) -> dict[str, list[tuple[str, str]]]:
        """Profile slug -> (path, name) of the clusters it is a member of."""
        return clusters_of_profiles(self.r.site.clusters)

    def render(self, entry: Entry) -> None:
        """The page of one published entry."""
        r, site = self.r, self.r.site
        here = profile_path(entry.slug)
        if r.reuse_entry_page("profile", entry, here):
            return
        profile = entry.profile
        roll = f"danh-sach/{KIND_ROLLS[profile.kind]}/"
        best = entry.top_award
        place = entry.locality.short_text()
        card_text = [entry.display_name, best.display if best is not None else "", place]
        summary = profile.summary
        if r.language == "en":  # the preview's words in English; names as written
            award = englishtext.resolved_award_name(best).text if best is not None else ""
            card_text = [entry.display_name, award, englishtext.short_place(entry.locality)]
            summary = profile.en.summary if profile.en is not None else None
        card = profile_card(entry)
        # The alt text says what the card shows: the person's own card, or an award's or the
        # site's shared one (which does not name the person).
        award_alt = best.award.name_on(None) if best else ""
        if r.language == "en" and best is not None:
            award_alt = englishtext.award_name(best.award, None).text  # as its card: no class
        card_alt = {
            "profile": ", ".join(t for t in card_text if t),
            "award": f"{award_alt} ({r.site_name})",
            "site": f"{r.site_name}, {r.owner}",
        }[card[0]]
        social = r.social_meta(
            here,
            "article",
            entry.display_name,
            summary or ", ".join(t for t in card_text[1:] if t),
            card,
            card_alt,
        )
        photos = published_photos(entry, r.images)
        facts = public_facts(entry)
        jsonld = profile_jsonld(
            entry,
            site.config,
            r.absolute,
            here,
            photos[0][1].fallback.path if photos else None,
            facts,
            r.language,
            absolute_url(site.config.site_url, here),  # one @id for the subject in each edition
        )
        r.page(
            here,
            "profile.md",
            front_matter(
                entry.display_name,
                # A preview's description is in the page's language or absent: no untranslated
                # summary where nothing can mark it lang="vi".
                summary,
                social_meta=social,
                jsonld=script_json(jsonld),
            ),
            entry=entry,
            photos=profile_photos(r, entry, here),
            placeholder=placeholder_svg(
                entry.display_name,
                entry.slug,
                *PLACEHOLDER_SIZE,
                name_lang=None if r.language == "vi" else "vi",
            ),
            profile=profile,
            awards=entry.shown_awards,
            facts=facts,
            qr=qr_svg(r.absolute(here), r.t("Mã QR của địa chỉ cố định hồ sơ")),
            facebook_share=facebook_share_url(r.absolute(here)),
            story=sanitise_markdown(profile.story) if profile.story else None,
            # The English page's story: the editor's English, else the Vietnamese marked.
            story_en=(
                sanitise_markdown(profile.en.story)
                if r.language == "en" and profile.en is not None and profile.en.story
                else None
            ),
            member_of=[s for s in entry.campaign_slugs if s in site.campaigns],
            clusters=self.clusters_of.get(entry.slug, []),
            updated=entry.updated,
            roll_path=roll,
            roll_title=KIND_ROLL_TITLES[profile.kind],
            # Replications link by slug with the place as text: the page depends on its own
            # file only, so the page cache stays right when the linked profile changes.
            practice=entry.practice,
        )
