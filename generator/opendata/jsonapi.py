"""The static JSON API: each document of ``api/v1/`` made from the Site (the profiles' in
`generator.opendata.profiledocs`, the parts they share in `generator.opendata.apiparts`).

Every document is a model of `generator.opendata.apidocuments` (which also gives the published
JSON Schemas); `publish` decides which are made again and which kept. What is published follows
the pages exactly: only published entries, the awards the profile page shows (in force and
revoked, with the revocation), sensitive fields from `Entry.consented_facts` only, contributor
Markdown as HTML sanitised by the site's own allow-list, photos only when the person consented
and only as the images stage re-encoded them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any, NamedTuple, cast

from generator.model.checkrows import row_of
from generator.model.entries import DecisionEntry
from generator.model.rolls import province_counts
from generator.model.statistics import FOREIGN, NO_PLACE, PLACE_ROLLS
from generator.model.urls import (
    DATA_PAGE,
    SITE_FEED_PATH,
    campaign_feed_path,
    campaign_path,
    decision_api_path,
    decision_path,
    press_kit_path,
    safe_http_url,
)
from generator.opendata import apidocuments as api
from generator.opendata.apiparts import id_label, locality_json, source_json, unit_json
from generator.opendata.context import (
    API_ROOT,
    CAMPAIGNS_ROOT,
    CSV_EN,
    CSV_VI,
    DECISIONS_ROOT,
    PROFILES_ROOT,
    SITEMAP,
    OpenDataContext,
    OpenDataError,
)
from generator.opendata.englishdocs import (
    campaign_english,
    decision_english,
)
from generator.reference.adminunits import AdminUnits, Era, Unit
from generator.reference.taxonomy import CLASS_NAMES, CLASS_NAMES_EN, Award
from generator.source.documents import (
    Campaign,
    Milestone,
    RecipientKind,
)
from generator.templating.sanitise import sanitise_markdown
from generator.vntext import collation_key, slugify


def _milestone(m: Milestone) -> api.Milestone:
    """A campaign milestone as the API and feed give it: a sơ kết or tổng kết with its
    decision (null: not recorded) and figures ([]: not recorded)."""
    d = m.decision
    return api.Milestone(
        date=m.date,
        decision=None
        if d is None
        else api.MilestoneDecision(
            date=d.date,
            issuer=d.issuer,
            number=d.number,
            title=d.title,
            url=safe_http_url(d.url),
        ),
        figures=[api.MilestoneFigure(label=f.label, value=f.value) for f in m.figures],
        kind=m.kind,
        note=m.note,
        title=m.title,
    )


# -- campaigns -------------------------------------------------------------------------------


def campaign_document(
    ctx: OpenDataContext, slug: str, campaign: Campaign, body: str
) -> api.CampaignDocument:
    """The API document of one campaign, with its published exemplars' slugs."""
    members = ctx.members[slug]
    body_html = sanitise_markdown(body, headings=True) if body.strip() else None
    return api.CampaignDocument(
        {
            "$schema": ctx.schema_url("campaign"),
            "body_html": str(body_html) if body_html else None,
            "cluster": campaign.cluster,
            "criteria": list(campaign.criteria),
            "en": campaign_english(campaign),
            "end": campaign.end,
            "exemplar_count": len(members),
            "exemplars": [e.slug for e in members],
            "feed": ctx.url(campaign_feed_path(slug)),
            "id": slug,
            "illustrative": campaign.illustrative or ctx.config.illustrative,
            "launched_by": campaign.launched_by,
            "legal_basis": list(campaign.legal_basis),
            "level": campaign.level,
            "meta": ctx.meta(),
            "milestones": [
                _milestone(m) for m in sorted(campaign.milestones, key=lambda m: (m.date, m.kind))
            ],
            "permalink": ctx.url(campaign_path(slug)),
            "province": campaign.province,
            "short_name": campaign.short_name,
            "slug": slug,
            "start": campaign.start,
            "status": campaign.status,
            "summary": campaign.summary,
            "title": campaign.title,
            "url": ctx.url(f"{CAMPAIGNS_ROOT}{slug}.json"),
        }
    )


def campaign_summary(document: api.CampaignDocument) -> api.CampaignSummary:
    """A campaign's line in the index: the fields its model declares (a campaign's extends it)."""
    return cast(
        api.CampaignSummary,
        {k: v for k, v in document.items() if k in api.CampaignSummary.__required_keys__},
    )


def campaign_list_document(
    ctx: OpenDataContext, items: list[api.CampaignSummary]
) -> api.CampaignListDocument:
    """`/api/v1/campaigns/index.json`: every campaign's summary."""
    return api.CampaignListDocument(
        {
            "$schema": ctx.schema_url("campaign-list"),
            "campaigns": items,
            "meta": api.ListMeta(**ctx.meta(), count=len(items)),
        }
    )


# -- awards and localities -----------------------------------------------------------------------


def awards_document(
    ctx: OpenDataContext, counted: Counter[str] | None = None
) -> api.AwardsDocument:
    """The award taxonomy (national and local), with counts of awards in force on the roll
    (`counted`, by award id, if the caller has them: `rowcounts`)."""
    taxonomy = ctx.site.taxonomy
    # Of the entries' rows (`CheckRow.awarded`: the awards in force): no profile unpickled.
    counts = counted
    if counts is None:
        counts = Counter(award for e in ctx.published for award, _year in row_of(e).awarded)

    def award(a: Award) -> api.TaxonomyAward:
        return api.TaxonomyAward(
            classes=[id_label(c, CLASS_NAMES[c], CLASS_NAMES_EN[c]) for c in a.classes],
            conferred_by=sorted(a.conferred_by),
            count=counts.get(a.id, 0),
            en=a.en,
            form=a.form,
            id=a.id,
            kind=a.kind,
            level=a.level,
            local=a.local,
            names=[
                api.AwardName(
                    {
                        "from": a.valid_from,
                        "vi": a.vi,
                    }
                )
            ]
            + [
                api.AwardName(
                    {
                        "from": since,
                        "vi": name,
                    }
                )
                for since, name in a.renamed
            ],
            precedence=a.precedence,
            recipients=sorted(a.recipients),
            valid_from=a.valid_from,
            valid_to=a.valid_to,
            verified=a.verified,
            vi=a.name_on(None),
        )

    def labels(items: Iterable[Any]) -> list[api.IdLabel]:
        return [id_label(x.id, x.vi, x.en) for x in items]

    return api.AwardsDocument(
        {
            "$schema": ctx.schema_url("awards"),
            "awards": [award(a) for a in taxonomy],
            "classes": [id_label(c, CLASS_NAMES[c], CLASS_NAMES_EN[c]) for c in CLASS_NAMES],
            "forms": labels(taxonomy.forms.values()),
            "issuer_levels": labels(taxonomy.issuers.values()),
            "levels": labels(taxonomy.levels.values()),
            "meta": ctx.meta(),
        }
    )


class PlaceCounts(NamedTuple):
    """How many published entries name each unit (era, code), today's province (code),
    foreign country (name, ISO code), and no place."""

    units: Counter[tuple[str, str]]
    provinces: Counter[str]
    countries: Counter[tuple[str, str | None]]
    unknown: int


def _place_counts(ctx: OpenDataContext) -> PlaceCounts:
    """The published entries' places counted (`PlaceCounts`), of their rows
    (`CheckRow.place_facts`, `form`): an edit's child unpickles no kept profile here."""
    units: Counter[tuple[str, str]] = Counter()
    provinces: Counter[str] = Counter()
    countries: Counter[tuple[str, str | None]] = Counter()
    unknown = 0
    for entry in ctx.published:
        row = row_of(entry)
        recorded, province, country = row.place_facts
        units.update(recorded)
        if province is not None:
            provinces[province] += 1
        if country is not None:
            countries[country] += 1
        if row.form == "unknown":
            unknown += 1
    return PlaceCounts(units, provinces, countries, unknown)


def localities_facts(ctx: OpenDataContext, counted: PlaceCounts | None = None) -> str:
    """What `localities_document` reads of the published entries, as text: how many name each
    unit, today's province, foreign country, and no place (the rest is the context's);
    `counted`: these counts, if the caller has them (`rowcounts`)."""
    # Its key: made from every entry (~13 µs a profile at 10,000) whenever the listings'
    # key changed, the document is kept through an award or a rename (issue #21); counting
    # is a third of making it.
    found = counted if counted is not None else _place_counts(ctx)
    counted_text = (
        sorted(found.units.items()),
        sorted(found.provinces.items()),
        sorted(map(repr, found.countries.items())),
    )
    return repr((*counted_text, found.unknown))


def _unit(admin: AdminUnits, era: str, code: str) -> Unit:
    """The unit of the table an entry's place resolved to (by its era and code)."""
    unit = admin.by_code(cast(Era, era), code)
    if unit is None:  # resolved from this table by the check: never
        raise OpenDataError(f"no unit {code} of {era} in the table of units")
    return unit


def localities_document(
    ctx: OpenDataContext, counted: PlaceCounts | None = None
) -> api.LocalitiesDocument:
    """Today's provinces with counts, and every unit the roll refers to, then and now
    (`counted`: the entries' places counted, if the caller has them)."""
    admin = ctx.site.admin
    provinces = [
        api.Province(
            **unit_json(unit),
            count=count,
            roll=ctx.url(roll) if roll else None,
            slug=slugify(unit.name),  # as the listings name them
        )
        for unit, count, roll in province_counts(ctx.site, ctx.published)
    ]
    # Each unit from the table by its code.
    counts, _provinces, countries, unknown = counted if counted is not None else _place_counts(ctx)
    referenced = {key: _unit(admin, *key) for key in counts}
    units = []
    for key in sorted(referenced, key=lambda k: (k[0], referenced[k].level, k[1])):
        unit = referenced[key]
        units.append(
            api.ReferencedUnit(
                **unit_json(unit),
                count=counts[key],
                current=[unit_json(u) for u in admin.current_units(unit)],
                current_province=unit_json(admin.current_province(unit)),
                parent_code=unit.parent,
                partial=unit.partial,
            )
        )
    return api.LocalitiesDocument(
        {
            "$schema": ctx.schema_url("localities"),
            "foreign": api.Foreign(
                count=sum(countries.values()),
                countries=[
                    api.CountryCount(code=code, count=count, name=name)
                    for (name, code), count in sorted(
                        countries.items(),
                        key=lambda item: (
                            collation_key(item[0][0]),
                            item[0][0],
                            item[0][1] or "",
                        ),
                    )
                ],
                roll=ctx.url(PLACE_ROLLS[FOREIGN][0]) if countries else None,
            ),
            "meta": ctx.meta(),
            "provinces": provinces,
            "unknown": api.Unknown(
                count=unknown, roll=ctx.url(PLACE_ROLLS[NO_PLACE][0]) if unknown else None
            ),
            "units": units,
        }
    )


# -- entry point document --------------------------------------------------------------------


def index_document(ctx: OpenDataContext, pages: int) -> api.IndexDocument:
    """`/api/v1/index.json`: every endpoint and download, with its schema."""
    return api.IndexDocument(
        {
            "$schema": ctx.schema_url("index"),
            "csv": api.Downloads(en=ctx.url(CSV_EN), vi=ctx.url(CSV_VI)),
            "documentation": ctx.url(DATA_PAGE),
            "endpoints": api.Endpoints(
                awards=ctx.url(f"{API_ROOT}awards.json"),
                campaign=ctx.url(f"{CAMPAIGNS_ROOT}{{slug}}.json"),
                campaigns=ctx.url(f"{CAMPAIGNS_ROOT}index.json"),
                decision=ctx.url(f"{DECISIONS_ROOT}{{slug}}.json"),
                decisions=ctx.url(f"{DECISIONS_ROOT}index.json"),
                localities=ctx.url(f"{API_ROOT}localities.json"),
                profile=ctx.url(f"{PROFILES_ROOT}{{slug}}.json"),
                profiles=ctx.url(f"{PROFILES_ROOT}index.json"),
            ),
            "feeds": api.Feeds(
                campaign=ctx.url(campaign_feed_path("{slug}")), site=ctx.url(SITE_FEED_PATH)
            ),
            "meta": api.IndexMeta(**ctx.meta(), profile_pages=pages, version="1"),
            "press_kit": ctx.url(press_kit_path("{slug}")),
            "schemas": {name: ctx.schema_url(name) for name in sorted(api.DOCUMENTS)},
            "sitemap": ctx.url(SITEMAP),
        }
    )


# -- decisions ---------------------------------------------------------------------------------


def decision_document(ctx: OpenDataContext, found: DecisionEntry) -> api.DecisionDocument:
    """`/api/v1/decisions/<slug>.json`: a decision honouring many, with its list."""
    d = found.decision
    permalink = ctx.url(decision_path(found.slug))
    return api.DecisionDocument(
        {
            "$schema": ctx.schema_url("decision"),
            **decision_summary(ctx, found),
            "en": decision_english(d),
            "issuer": d.issuer,
            "issuer_level": d.issuer_level,
            "listed": len(found.recipients),
            "locality": locality_json(ctx, found.locality),
            "links": api.DecisionLinks(html=permalink, self=ctx.url(decision_api_path(found.slug))),
            "meta": ctx.meta(),
            "recipients": [
                api.Recipient(
                    commune=r.line.commune,
                    kind=cast(RecipientKind, r.kind),  # as the list's schema reads
                    name=r.line.name,
                    position=r.line.position,
                    unit=r.line.unit,
                )
                for r in found.recipients
            ],
            "sources": [source_json(src) for src in d.sources],
        }
    )


def decision_summary(ctx: OpenDataContext, found: DecisionEntry) -> api.DecisionSummary:
    """What the decisions' index says of one decision."""
    d = found.decision
    return api.DecisionSummary(
        award=api.DecisionAward(
            {
                "class": d.award_class,
                "id": d.award,
                "name": found.award_text,
            }
        ),
        campaign=d.campaign if d.campaign in ctx.site.campaigns else None,
        count=found.count,
        decision_date=d.decision_date,
        decision_number=d.decision_number,
        id=found.slug,
        illustrative=d.illustrative or ctx.config.illustrative,
        kind=d.kind,
        permalink=ctx.url(decision_path(found.slug)),
        subject=found.subject,
        title=found.title,
        year=d.year,
    )


def decision_list_document(ctx: OpenDataContext) -> api.DecisionListDocument:
    """`/api/v1/decisions/index.json`: every decision's summary."""
    return api.DecisionListDocument(
        {
            "$schema": ctx.schema_url("decision-list"),
            "decisions": [decision_summary(ctx, f) for f in ctx.site.decisions],
            "meta": api.ListMeta(**ctx.meta(), count=len(ctx.site.decisions)),
        }
    )
