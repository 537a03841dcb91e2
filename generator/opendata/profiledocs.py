"""The JSON API's profile documents (``api/v1/profiles/``): one per published profile, and the
paginated index of them.

What is published follows the profile page exactly (see `generator.opendata.jsonapi`): the awards
it shows, sensitive fields from `Entry.consented_facts` only, photos only when consented.
"""

from __future__ import annotations

import functools
from typing import cast

from generator.images.picture import picture_data
from generator.images.stage import published_photos
from generator.model.entries import KIND_NAMES, Entry
from generator.model.resolved import ResolvedAward
from generator.model.urls import (
    has_press_kit,
    press_kit_path,
    profile_api_path,
    profile_path,
)
from generator.opendata import apidocuments as api
from generator.opendata.apiparts import id_label, label_pair, locality_json, source_json
from generator.opendata.context import (
    CAMPAIGNS_ROOT,
    PROFILES_ROOT,
    OpenDataContext,
    english_award_name,
)
from generator.opendata.englishdocs import (
    award_english,
    photo_english,
    profile_english,
)
from generator.opendata.modeldata import practice_document
from generator.reference.taxonomy import CLASS_NAMES, CLASS_NAMES_EN
from generator.source.documents import (
    COMMENDATION_TYPES,
    SECTORS,
    TARGET_GROUPS,
)


def award_document(ctx: OpenDataContext, resolved: ResolvedAward) -> api.ProfileAward:
    """One award as the profile shows it, with taxonomy ids and both languages."""
    record, award = resolved.record, resolved.award
    klass = record.award_class
    issuer_level = ctx.site.taxonomy.issuers.get(record.issuer_level or "")
    revocation = record.revocation
    ground = resolved.ground
    return api.ProfileAward(
        {
            "award": award.id,
            "campaign": record.campaign if record.campaign in ctx.site.campaigns else None,
            "citation": record.citation,
            "class": klass,
            "class_name": label_pair(CLASS_NAMES[klass], CLASS_NAMES_EN[klass]) if klass else None,
            "commendation_type": record.commendation_type,
            "commendation_type_name": label_pair(*COMMENDATION_TYPES[record.commendation_type])
            if record.commendation_type
            else None,
            "decision_date": record.decision_date,
            "decision_number": record.decision_number,
            "en": award_english(record),
            "form": award.form,
            "issuer": record.issuer,
            "issuer_level": record.issuer_level,
            "issuer_level_name": label_pair(issuer_level.vi, issuer_level.en)
            if issuer_level is not None
            else None,
            "kind": award.kind,
            "level": award.level,
            "name": label_pair(resolved.display, english_award_name(resolved)),
            "posthumous": record.posthumous,
            "precedence": award.precedence,
            "register_number": record.register_number,
            "revocation": api.Revocation(
                date=revocation.date,
                issuer=revocation.issuer,
                ground=(
                    api.RevocationGround(
                        id=ground.id, law=ground.law, text=label_pair(ground.vi, ground.en)
                    )
                    if ground is not None
                    else None
                ),
                number=revocation.number,
                reason=revocation.reason,
            )
            if revocation is not None and resolved.withdrawn
            else None,
            "status": cast(api.ShownAwardStatus, record.status),  # never "refused" when shown
            "year": record.year,
        }
    )


def locality_document(ctx: OpenDataContext, entry: Entry) -> api.Locality:
    """The locality as recorded (names, codes, era) and today (province, communes)."""
    return locality_json(ctx, entry.locality)


def profile_document(ctx: OpenDataContext, entry: Entry) -> api.ProfileDocument:
    """The API document of one published profile."""
    profile = entry.profile
    name = profile.name
    story = ctx.story(entry)
    permalink = ctx.url(profile_path(entry.slug))
    # The English edition's kit, beside the Vietnamese one (opendata/publish.py writes both).
    english_kit = (
        ctx.url(press_kit_path(entry.slug, "en"))
        if ctx.config.english_edition and has_press_kit(entry)
        else None
    )
    return api.ProfileDocument(
        {
            "$schema": ctx.schema_url("profile"),
            "awards": [award_document(ctx, a) for a in entry.shown_awards],
            "campaigns": [
                api.CampaignRef(
                    slug=slug,
                    title=ctx.site.campaigns[slug][0].title,
                    url=ctx.url(f"{CAMPAIGNS_ROOT}{slug}.json"),
                )
                for slug in entry.campaign_slugs
                if slug in ctx.site.campaigns
            ],
            "consented_facts": cast(api.ConsentedFacts, dict(entry.consented_facts)),
            "death_year": profile.death_year,
            "en": profile_english(profile, english_kit),
            "former_slugs": list(profile.former_slugs),
            "how_to_cite": ctx.citation(entry),
            "id": entry.slug,
            "illustrative": profile.illustrative or ctx.config.illustrative,
            "kind": profile.kind,
            "kind_name": KIND_NAMES[profile.kind],
            "links": api.ProfileLinks(
                html=permalink,
                press_kit=(ctx.url(press_kit_path(entry.slug)) if has_press_kit(entry) else None),
                self=ctx.url(profile_api_path(entry.slug)),
            ),
            "locality": locality_document(ctx, entry),
            "meta": ctx.meta(),
            "model": practice_document(entry, ctx.url, functools.partial(locality_json, ctx)),
            "name": api.Name(
                display=entry.display_name,
                family=name.family,
                form=name.form,
                full=name.full,
                given=name.given,
                middle=name.middle,
                short=name.short,
            ),
            "permalink": permalink,
            "photos": photo_documents(ctx, entry),
            "position": profile.position,
            "sector": id_label(profile.sector, *SECTORS[profile.sector])
            if profile.sector
            else None,
            "slug": entry.slug,
            "sources": [source_json(s) for s in profile.sources],
            "story_html": str(story) if story is not None else None,
            "summary": profile.summary,
            "target_groups": [id_label(g, *TARGET_GROUPS[g]) for g in profile.target_groups],
            "top_award": entry.top_award.award.id if entry.top_award else None,
            "unit": profile.unit,
            "updated": entry.updated,
            "work_role": profile.work_role,
        }
    )


def photo_documents(ctx: OpenDataContext, entry: Entry) -> list[api.Photo]:
    """The consented photos of a profile: every published file, credit and licence."""
    documents: list[api.Photo] = []
    for photo, photo_set in published_photos(entry, ctx.images):
        data = picture_data(photo_set, ctx.base_url)
        documents.append(
            api.Photo(
                alt=photo.alt,
                caption=photo.caption,
                credit=photo.credit,
                en=photo_english(photo),
                height=data["height"],
                licence=photo.licence,
                mime=data["mime"],
                url=data["src"],
                variants=[api.PhotoVariant(**v) for v in data["variants"]],
                width=data["width"],
            )
        )
    return documents


def profile_summary(ctx: OpenDataContext, entry: Entry) -> api.ProfileSummary:
    """A profile's line in the paginated index."""
    best = entry.top_award
    province = entry.locality.current_province
    return api.ProfileSummary(
        id=entry.slug,
        kind=entry.profile.kind,
        name=entry.display_name,
        permalink=ctx.url(profile_path(entry.slug)),
        locality_form=entry.locality.form,
        province=(
            api.ProvinceRef(code=province.code, name=province.full_name) if province else None
        ),
        top_award=(
            api.TopAward(award=best.award.id, name=best.display, year=best.record.year)
            if best is not None
            else None
        ),
        updated=entry.updated,
        url=ctx.url(profile_api_path(entry.slug)),
    )


def profile_page_file(number: int) -> str:
    """Path of the profile index's page `number` (1: index.json)."""
    return f"{PROFILES_ROOT}index.json" if number == 1 else f"{PROFILES_ROOT}page-{number}.json"


def profile_list_document(
    ctx: OpenDataContext,
    count: int,
    number: int,
    per_page: int,
    profiles: list[api.ProfileSummary],
) -> api.ProfileListDocument:
    """Page `number` of the paginated profile index of `count` profiles (in slug order: stable
    for consumers), listing `profiles` (`profile_summary` of each profile on the page)."""
    pages = max(1, -(-count // per_page))
    meta = api.PageMeta(**ctx.meta(), count=count, page=number, pages=pages, per_page=per_page)
    return api.ProfileListDocument(
        {
            "$schema": ctx.schema_url("profile-list"),
            "links": api.PageLinks(
                first=ctx.url(profile_page_file(1)),
                last=ctx.url(profile_page_file(pages)),
                next=ctx.url(profile_page_file(number + 1)) if number < pages else None,
                prev=ctx.url(profile_page_file(number - 1)) if number > 1 else None,
                self=ctx.url(profile_page_file(number)),
            ),
            "meta": meta,
            "profiles": profiles,
        }
    )
