"""Model stage: gather every document, resolve cross-references, and build the Site model.

Everything is read and checked before anything is written (as MkDocs and Pelican do):
`build_site` turns validated documents into one consistent `Site`, collecting every problem it
finds — unknown awards, classes, recipients, regimes, campaigns, duplicate slugs, unsafe
photo paths and files, consent, proposals, revocations, localities — instead of stopping at
the first. It reads as its phases; the checks live in the `*checks` modules beside it, the
types in `entries`. The phases run in a fixed order, so `vinhdanh check` lists problems in
the same order every time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Report
from generator.model import englishfields
from generator.model.awardchecks import check_award
from generator.model.checkcache import CheckCache, Reused
from generator.model.checker import Checker, did_you_mean
from generator.model.checkrows import Made, row_of
from generator.model.clusterchecks import load_clusters
from generator.model.consentchecks import check_consent, check_privacy_notice
from generator.model.decisionchecks import load_decisions
from generator.model.entries import CAMPAIGN_API, PROFILE_API, Entry, Site, award_rank_key
from generator.model.localities import resolve_remembered
from generator.model.photochecks import check_photos
from generator.model.practicechecks import check_practice, check_practice_links
from generator.model.profilechecks import (
    check_campaign_body,
    check_directive_fields,
    check_free_text,
    check_name,
    check_posthumous_dates,
    check_same_achievement,
    check_status,
    check_story,
    report_confusables,
    same_place,
)
from generator.model.sourcefiles import (
    CAMPAIGNS_DIR,
    PROFILES_DIR,
    DocumentCache,
    file_stem,
    iter_sources,
    load_config,
    load_documents,
    read_again,
)
from generator.reference.adminunits import OLD_ERA, load_admin_units
from generator.reference.taxonomy import Award, Taxonomy, load_taxonomy
from generator.source.config import SiteConfig
from generator.source.documents import Campaign, Profile
from generator.source.load import Document
from generator.source.validate import validate_document

# Slugs that name files of the open data (generator.opendata.publish) beside the per-slug ones: the
# profile list's pages, the campaigns' index and sitemap of feeds.
RESERVED_PROFILE_SLUG = re.compile(r"^(index|page-\d+)$")
RESERVED_CAMPAIGN_SLUGS = frozenset({"index", "sitemap"})
# The problems of a profile's slug checked with the profile (`_check_slug_name`), kept with it.
SLUG_NAME_CODES = frozenset({"slug.filename", "slug.reserved"})


def build_site(
    root: Path, report: Report | None = None, documents: DocumentCache | None = None
) -> tuple[Site | None, Report]:
    """Load, validate and cross-reference everything under `root`; return the Site and problems.

    The Site is None when the configuration itself cannot be read; otherwise it holds every
    entry that passed its schema, and `report` lists every problem found in all files.
    """
    report = report if report is not None else Report()
    loaded = load_config(root, report)
    if loaded is None:
        return None, report
    config, config_doc = loaded
    taxonomy = _taxonomy_with_local_awards(config, config_doc, report)
    site = Site(root=root, config=config, taxonomy=taxonomy, admin=load_admin_units())
    limit = config.limits.max_file_bytes
    _load_campaigns(site, limit, report, documents)  # first: profiles refer to them
    profiles = _load_profiles(site, limit, report, documents)
    _check_former_slugs(profiles, report)
    _flag_probable_duplicates(profiles, report)
    report_confusables(site.entries, report)
    load_decisions(site, limit, report, documents)
    check_practice_links(site, profiles.unvalidated, report)
    load_clusters(site, limit, report, profiles.unvalidated, documents)
    _check_config_references(site, config_doc, profiles.unvalidated, report)
    return site, report


def _taxonomy_with_local_awards(
    config: SiteConfig, config_doc: Document, report: Report
) -> Taxonomy:
    """Phase 1: the award taxonomy with the site's local awards (a clashing id is refused)."""
    taxonomy = load_taxonomy()
    local = [
        Award(
            id=a.id,
            vi=a.vi,
            en=a.en or a.vi,
            form="dia-phuong",
            kind="title",
            level=a.level,
            classes=tuple(a.classes),
            recipients=frozenset(a.recipients),
            conferred_by=frozenset(a.conferred_by),
            precedence=a.precedence,
            valid_from=a.valid_from,
            valid_to=a.valid_to,
            renamed=(),
            local=True,
        )
        for a in config.local_awards
    ]
    for i, extra in enumerate(config.local_awards):
        if extra.id in taxonomy:
            Checker(config_doc, report).add(
                ("local_awards", i, "id"), "config.local_award_clash", award=extra.id
            )
    return taxonomy.with_local(a for a in local if a.id not in taxonomy)


def _load_campaigns(
    site: Site, limit: int, report: Report, documents: DocumentCache | None
) -> None:
    """Phase 2: validate and check each campaign; the valid ones go into `site.campaigns`."""
    docs = load_documents(site.root, CAMPAIGNS_DIR, (".md",), True, limit, report, set(), documents)
    for doc in docs:
        campaign, problems = validate_document(doc, Campaign)
        report.extend(problems)
        if campaign is not None and _check_campaign(campaign, doc, site, report):
            site.campaigns[campaign.slug] = (campaign, doc)


def _check_campaign(campaign: Campaign, doc: Document, site: Site, report: Report) -> bool:
    """Check one campaign: body, English, slug, period, milestones; False for a duplicate."""
    check = Checker(doc, report)
    check_campaign_body(doc, report)
    englishfields.check_fields(englishfields.campaign_fields(campaign, doc.body), check)
    stem = file_stem(doc.relpath)
    if campaign.slug != stem:
        check.add(("slug",), "slug.filename", slug=campaign.slug, stem=stem)
    if campaign.slug in RESERVED_CAMPAIGN_SLUGS:
        file = f"{CAMPAIGN_API}{campaign.slug}.json"
        check.add(("slug",), "slug.reserved", slug=campaign.slug, file=file)
    if campaign.slug in site.campaigns:
        check.add(
            ("slug",),
            "campaign.duplicate",
            campaign=campaign.slug,
            other=site.campaigns[campaign.slug][1].relpath,
        )
        return False
    if campaign.end is not None and campaign.end < campaign.start:
        check.add(("end",), "campaign.period", start=campaign.start, end=campaign.end)
    for i, milestone in enumerate(campaign.milestones):
        end = campaign.end or dt.date.max
        if not campaign.start <= milestone.date <= end:
            check.add(
                ("milestones", i, "date"),
                "campaign.milestone_outside",
                "warning",
                milestone=milestone.kind,
                date=milestone.date,
                start=campaign.start,
                end=campaign.end or "…",
            )
    return True


@dataclass
class _Profiles:
    """What the profile phase leaves for the phases after it."""

    slugs: dict[str, str] = field(default_factory=dict)  # slug -> file
    # Old slug, the profile's Document (or kept Entry: its Document not made), index.
    former: list[tuple[str, Document | Entry, int]] = field(default_factory=list)
    # (folded name, today's commune) -> individuals there: the probable duplicates.
    people: dict[tuple[str, str], list[Entry]] = field(default_factory=lambda: defaultdict(list))
    # Slugs claimed by profiles that failed their schema, so other checks do not report a cascade.
    unvalidated: set[str] = field(default_factory=set)


def _load_profiles(
    site: Site, limit: int, report: Report, documents: DocumentCache | None
) -> _Profiles:
    """Phase 3: validate and check each profile and resolve it into an Entry of the Site."""
    found = _Profiles()
    reviewed: dict[str, list[str]] = defaultdict(list)  # file -> passages an editor reviewed
    for passage in site.config.personal_data_reviewed:
        reviewed[passage.file].append(passage.text)
    # Listed whole first: the files' own problems (unreadable, look-alikes) come before the
    # checks', as with every file read first.
    sources = list(
        iter_sources(
            site.root,
            PROFILES_DIR,
            (".yml", ".yaml"),
            False,
            limit,
            report,
            found.unvalidated,
            documents,
        )
    )
    campaign_ids = set(site.campaigns)
    checks = _begin_checks(site, documents, limit)

    def document(relpath: str) -> Document:
        assert documents is not None  # a path for a parse the cache kept
        return documents.document(site.root, relpath, limit, False)

    for item in sources:
        # A profile validated and checked by the last build, from the same bytes and under the
        # same key, is neither validated nor checked again (its parse is not even unpacked, its
        # Document not made): its Entry is its check's row, the profile unpickled only when
        # asked for.
        relpath = item if isinstance(item, str) else item.relpath
        source = documents.used[relpath][0] if documents is not None else ""
        reused = checks.find(item, source, document) if checks is not None else None
        if reused is not None:
            _take_kept(site, found, reused, report)
            continue
        doc = document(item) if isinstance(item, str) else item
        profile = checks.profile(doc.relpath, source) if checks is not None else None
        if profile is None:
            profile, problems = validate_document(doc, Profile)
            report.extend(problems)
            if profile is None:
                found.unvalidated.add(str(doc.data.get("slug")))
                continue
            if checks is not None:
                checks.validated(doc.relpath, source, profile)
        check = Checker(doc, report)
        # The slug's own checks are kept with the profile's (they read its slug and path
        # alone): a kept profile's slug is only claimed (`_take_kept`).
        start = len(report.problems)
        _check_slug_name(profile.slug, doc, check)
        if not _claim_slug(profile.slug, profile.former_slugs, doc, found, check):
            continue
        photos = checks.photos_of(doc.relpath, profile) if checks is not None else None
        _check_profile(profile, doc, site.taxonomy, campaign_ids, reviewed, check)
        entry = _resolve_entry(profile, doc, site, campaign_ids, check, documents)
        if checks is not None and photos is not None:
            checks.keep(doc.relpath, source, photos, report.problems[start:], entry)
        _add_entry(site, found, entry)
    return found


def _take_kept(site: Site, found: _Profiles, reused: Reused, report: Report) -> None:
    """Claim a kept profile's slug and add its Entry (with its kept problems, the slug's own
    among them); a slug claimed already reports what a profile checked now would."""
    # Inline, not `_claim_slug` and `_add_entry`: this runs for every unchanged profile of an
    # edit (issue #21: ~25 µs a profile, the calls most of it); the people's key is the row's.
    entry = reused.entry
    row = reused.row
    slug = row.slug
    if slug in found.slugs:
        report.extend(p for p in reused.problems if p.code in SLUG_NAME_CODES)
        _claim_slug(slug, row.former_slugs, entry.doc, found, Checker(entry.doc, report))
        return
    found.slugs[slug] = entry.relpath
    if row.former_slugs:  # the entry's Document made only should one be reported
        found.former.extend((old, entry, i) for i, old in enumerate(row.former_slugs))
    report.extend(reused.problems)
    site.entries.append(entry)
    if row.people is not None:
        found.people[row.people].append(entry)


def _add_entry(site: Site, found: _Profiles, entry: Entry) -> None:
    """Add an entry to the Site, and an individual to the people of its name and commune."""
    site.entries.append(entry)
    people = row_of(entry).people
    if people is not None:
        found.people[people].append(entry)


def _begin_checks(site: Site, documents: DocumentCache | None, limit: int) -> CheckCache | None:
    """The profiles' checks kept by the last build, keyed by everything they read besides
    their own files: the configuration (taxonomy with local awards, limits, reviewed
    passages) and the campaigns; the code and unit table are in `CheckCache.begin`'s key."""
    checks = documents.checked if documents is not None else None
    if documents is None or checks is None or documents.digest is None:
        return None
    limits = site.config.limits
    campaign_ids = set(site.campaigns)

    def remake(doc: Document, source: str) -> Made:
        # A kept check whose profile the pickle lacks: validated and resolved again, its
        # problems those kept (the same source and context make the same). Its parse may
        # have been let go (`Entry.release_source`): then its file is read again.
        if doc.released:
            doc = read_again(site.root, doc.relpath, source, limit, False)
        profile, _problems = validate_document(doc, Profile)
        if profile is None:
            raise RuntimeError(f"{doc.relpath}: a kept check of a profile that does not validate")
        entry = _resolve_entry(profile, doc, site, campaign_ids, Checker(doc, Report()), documents)
        return profile, entry.locality, entry.awards, entry.photos, entry.practice

    checks.begin(
        site.root,
        site.taxonomy,
        site.admin,
        [site.config.model_dump_json(), *sorted(site.campaigns)],
        lambda path: documents.photo_findings(path, limits),
        remake,
    )
    return checks


def _check_slug_name(slug: str, doc: Document, check: Checker) -> None:
    """A profile's slug is its file's name, and names no file of the open data."""
    stem = file_stem(doc.relpath)
    if slug != stem:
        check.add(("slug",), "slug.filename", slug=slug, stem=stem)
    if RESERVED_PROFILE_SLUG.match(slug):
        file = f"{PROFILE_API}{slug}.json"
        check.add(("slug",), "slug.reserved", slug=slug, file=file)


def _claim_slug(
    slug: str, former: Sequence[str], doc: Document, found: _Profiles, check: Checker
) -> bool:
    """Claim a profile's slug; False when another profile holds it already."""
    if slug in found.slugs:
        check.add(("slug",), "slug.duplicate", slug=slug, other=found.slugs[slug])
        return False
    found.slugs[slug] = doc.relpath
    found.former.extend((old, doc, i) for i, old in enumerate(former))
    return True


def _check_profile(
    profile: Profile,
    doc: Document,
    taxonomy: Taxonomy,
    campaign_ids: set[str],
    reviewed: dict[str, list[str]],
    check: Checker,
) -> None:
    """The checks of one profile that resolve nothing: name, consent, status, dates, texts."""
    check_name(profile, check)
    check_consent(profile, check)
    check_status(profile, taxonomy, check)
    check_posthumous_dates(profile, check)
    check_same_achievement(profile, check)
    check_directive_fields(profile, check)
    check_free_text(doc, reviewed, check)
    check_story(profile, check)
    englishfields.check_fields(englishfields.profile_fields(profile), check)
    for i, campaign_id in enumerate(profile.campaigns):
        if campaign_id not in campaign_ids:
            check.add(
                ("campaigns", i),
                "campaign.unknown",
                campaign=campaign_id,
                hint=did_you_mean(campaign_id, campaign_ids),
            )


def _resolve_entry(
    profile: Profile,
    doc: Document,
    site: Site,
    campaign_ids: set[str],
    check: Checker,
    documents: DocumentCache | None,
) -> Entry:
    """Resolve a profile's awards, locality, photos and model practice into its Entry."""
    awards = [
        resolved
        for i, record in enumerate(profile.awards)
        if (resolved := check_award(i, record, profile.kind, site.taxonomy, campaign_ids, check))
    ]
    locality = resolve_remembered(profile.locality, site.admin, check)
    photos = check_photos(profile, doc, site.root, site.config.limits, check, documents)
    awards.sort(key=lambda a: award_rank_key(site.taxonomy, a.record))
    practice = check_practice(profile, awards, locality, site.admin, check)
    return Entry(profile, doc, locality, awards, photos, practice)


def _check_former_slugs(profiles: _Profiles, report: Report) -> None:
    """Phase 4: an old address redirects to one profile and is no profile's current slug."""
    claimed: dict[str, str] = {}
    for old, source, i in profiles.former:
        if old in profiles.slugs:
            Checker(source.doc if isinstance(source, Entry) else source, report).add(
                ("former_slugs", i), "slug.former_taken", slug=old, other=profiles.slugs[old]
            )
        elif old in claimed and claimed[old] != source.relpath:
            # Two profiles cannot both redirect the same old address.
            Checker(source.doc if isinstance(source, Entry) else source, report).add(
                ("former_slugs", i), "slug.former_taken", slug=old, other=claimed[old]
            )
        else:
            claimed[old] = source.relpath


def _flag_probable_duplicates(profiles: _Profiles, report: Report) -> None:
    """Phase 5: warn of two records of one person (same name, same place)."""
    for group in profiles.people.values():
        for n, entry in enumerate(group):
            # Same recorded commune, or one record from each side of the 2025 reform; two
            # old communes merged into one new commune are different places.
            twin = next((first for first in group[:n] if same_place(first, entry)), None)
            if twin is not None:
                Checker(entry.doc, report).add(
                    ("name",), "duplicate.probable", "warning", other=twin.relpath
                )


def _check_config_references(
    site: Site, config_doc: Document, unvalidated: set[str], report: Report
) -> None:
    """Last phase: what site_config.yml names exists (privacy notice, featured, area lists)."""
    config_check = Checker(config_doc, report)
    check_privacy_notice(site, config_check)
    published = {e.slug for e in site.entries if row_of(e).status == "published"}
    for i, slug in enumerate(site.config.featured):
        if slug not in published and slug not in unvalidated:
            config_check.add(("featured", i), "profile.featured_unknown", slug=slug)
    for i, area_list in enumerate(site.config.area_lists):
        # A mistyped code would silently drop a commune from the area statistics.
        era_text = "@era.old" if area_list.era == OLD_ERA else "@era.new"
        for j, code in enumerate(area_list.codes):
            unit = site.admin.by_code(area_list.era, code)
            if unit is None or unit.level != 3:
                config_check.add(
                    ("area_lists", i, "codes", j),
                    "config.area_code_unknown",
                    "warning",
                    code=code,
                    era=era_text,
                )
