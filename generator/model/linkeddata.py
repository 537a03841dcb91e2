"""Machine-readable pages: schema.org JSON-LD for profiles, campaigns and the open-data page,
and each entry's own last date (the sitemap's ``lastmod``, applied by
``generator.model.sitemapdates``).

Every document is a Python dict dumped by ``json.dumps``, never text put together, and says
only what its page shows: a photo only when it is published (consented and encoded), a birth
date only when the page prints it (``public_facts``), never gender or any other sensitive fact
the page leaves out. ``main.html`` prints ``page.meta.jsonld`` raw inside
``<script type="application/ld+json">``, so ``script_json`` makes it safe there.

The English edition's pages (`language` "en") say ``inLanguage: en``, their own URL as ``url``,
award names, places and the site's words in English, an editor's ``en:`` text where given; the
Vietnamese kept where no English exists is a language-tagged value (``{"@value": …,
"@language": "vi"}``) and names stay as written. What the page is about (the person or
organisation, the campaign, the data set) has one ``@id`` in both editions, made from the
Vietnamese page's URL (the x-default): the two pages describe one thing, and a reader of the
data can tell.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from generator.model.checkrows import row_of
from generator.model.englishtext import resolved_award_name, short_place

if TYPE_CHECKING:
    from generator.model.entries import Entry
    from generator.model.resolved import ResolvedLocality
    from generator.source.config import Licence, SiteConfig
    from generator.source.documents import Campaign

SCHEMA = "https://schema.org"
JsonDict = dict[str, Any]
Absolute = Callable[[str], str]
"""The absolute URL of a site path (generator.model.urls.absolute_url under site_url)."""


def script_json(document: JsonDict) -> str:
    """`document` as JSON that cannot end its `<script>` element or open an HTML comment."""
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # "<" appears only inside JSON strings, where "\u003c" means the same character: no
    # "</script>" or "<!--" can reach the HTML parser (U+2028/9 are JSON-safe since ES2019).
    return text.replace("<", "\\u003c")


def entry_lastmod(entry: Entry) -> dt.date | None:
    """The entry's own latest date: stated update, decisions, annulments, never the build day."""
    # Kept in the entry's row (model.checkrows): a kept entry's is read without its profile.
    found = row_of(entry).lastmod
    return dt.date.fromordinal(found) if found is not None else None


def campaign_lastmod(campaign: Campaign, today: dt.date) -> dt.date:
    """A campaign's latest own date that has come: its start, a past milestone, its end."""
    dates = [campaign.start, *(m.date for m in campaign.milestones)]
    if campaign.end is not None:
        dates.append(campaign.end)
    past = [d for d in dates if d <= today]
    # Nothing has come yet (an upcoming campaign): the build's day, never a date to come.
    return max(past) if past else today


def _licence(licence: Licence) -> str:
    """The licence's address when it is a web address, else its name."""
    url = (licence.url or "").strip()
    return url if urlsplit(url).scheme in ("http", "https") else licence.name


def _site_word(config: SiteConfig, key: str, language: str) -> Any:
    """The site's `site_name`, `site_description` or `owner` in `language` (the English falls
    back to the Vietnamese)."""
    english = getattr(config.en, key, None) if language == "en" and config.en else None
    return english or getattr(config, key)


def _text(original: str, english: str | None, language: str) -> Any:
    """An editor's free text on a `language` page: its English when given, else the Vietnamese
    (on an English page tagged with its language)."""
    if language == "vi":
        return original
    if english:
        return english
    return {"@value": original, "@language": "vi"}


def _entity_id(identity: str | None, fragment: str) -> JsonDict:
    """`{"@id": …}` naming the thing a page is about, the same in each edition (empty without
    the Vietnamese page's absolute URL)."""
    return {"@id": f"{identity}#{fragment}"} if identity else {}


def _publisher(config: SiteConfig, absolute: Absolute, language: str = "vi") -> JsonDict:
    name = _site_word(config, "owner", language)
    return {"@type": "Organization", "name": name, "url": absolute("")}


def _website(config: SiteConfig, absolute: Absolute, language: str = "vi") -> JsonDict:
    name = _site_word(config, "site_name", language)
    return {"@type": "WebSite", "name": name, "url": absolute("")}


def award_names(entry: Entry, language: str = "vi") -> list[str]:
    """Awards in force as the page names them, each with its year ("… (2023)"); in English
    the taxonomy's English names."""
    names = []
    for resolved in entry.active_awards:
        if language == "en":
            posthumous = " (posthumous)" if resolved.record.posthumous else ""
            name = resolved_award_name(resolved).text
        else:
            posthumous = " (truy tặng)" if resolved.record.posthumous else ""
            name = resolved.display
        names.append(f"{name}{posthumous} ({resolved.record.year})")
    return names


def _place(locality: ResolvedLocality, language: str) -> str:
    """The place in one line as the page writes it ("Triệu Phong commune, Quảng Trị province")."""
    return short_place(locality) if language == "en" else locality.short_text()


def profile_jsonld(
    entry: Entry,
    config: SiteConfig,
    absolute: Absolute,
    page_path: str,
    image_path: str | None,
    facts: Sequence[tuple[str, str]] = (),
    language: str = "vi",
    identity: str | None = None,
) -> JsonDict:
    """A ProfilePage whose mainEntity is the Person (an individual) or the Organization.

    `image_path`: the site path of the photo the page shows first (None: no published photo);
    `facts`: the page's consented facts as `public_facts` gives them (only the birth date is
    carried over, and only when the page prints it); `language`: the page's edition;
    `identity`: the Vietnamese page's absolute URL, which names the subject in each edition."""
    profile = entry.profile
    english = profile.en
    permalink = absolute(page_path)
    person = profile.kind == "individual"
    subject: JsonDict = {
        **_entity_id(identity, "subject"),
        "@type": "Person" if person else "Organization",
        "name": entry.display_name,
        "url": permalink,
    }
    if profile.summary:
        summary = english.summary if english else None
        subject["description"] = _text(" ".join(profile.summary.split()), summary, language)
    if image_path is not None:
        subject["image"] = absolute(image_path)
    awards = award_names(entry, language)
    if awards:
        subject["award"] = awards
    place = _place(entry.locality, language)
    if place:
        address: JsonDict = {"@type": "PostalAddress", "addressLocality": place}
        if entry.locality.form != "foreign":
            address["addressCountry"] = "VN"
        subject["address"] = address
        if not person:
            subject["areaServed"] = place
    if person and profile.position:
        position = english.position if english else None
        subject["jobTitle"] = _text(profile.position, position, language)
    if profile.unit:
        key = "worksFor" if person else "parentOrganization"
        unit = english.unit if english else None
        subject[key] = {"@type": "Organization", "name": _text(profile.unit, unit, language)}
    shown = dict(facts)
    if person and profile.birth_date is not None and "Ngày sinh" in shown:
        subject["birthDate"] = profile.birth_date.isoformat()
    page: JsonDict = {
        "@context": SCHEMA,
        "@type": "ProfilePage",
        "url": permalink,
        "name": entry.display_name,
        "inLanguage": language,
        "isPartOf": _website(config, absolute, language),
        "mainEntity": subject,
    }
    lastmod = entry_lastmod(entry)
    if lastmod is not None:
        page["dateModified"] = lastmod.isoformat()
    return page


def campaign_jsonld(
    campaign: Campaign,
    config: SiteConfig,
    absolute: Absolute,
    page_path: str,
    language: str = "vi",
    identity: str | None = None,
) -> JsonDict:
    """An Event: the campaign runs from its start to its end, launched by its organiser
    (`language`, `identity`: as `profile_jsonld`'s)."""
    english = campaign.en
    event: JsonDict = {
        "@context": SCHEMA,
        **_entity_id(identity, "event"),
        "@type": "Event",
        "name": _text(campaign.title, english.title if english else None, language),
        "url": absolute(page_path),
        "startDate": campaign.start.isoformat(),
        "organizer": {"@type": "Organization", "name": campaign.launched_by},
        "inLanguage": language,
        "eventAttendanceMode": f"{SCHEMA}/MixedEventAttendanceMode",
        "isPartOf": _website(config, absolute, language),
    }
    if campaign.end is not None:
        event["endDate"] = campaign.end.isoformat()
    if campaign.summary:
        summary = english.summary if english else None
        event["description"] = _text(" ".join(campaign.summary.split()), summary, language)
    if campaign.short_name:
        event["alternateName"] = campaign.short_name
    if campaign.province:
        event["location"] = {"@type": "AdministrativeArea", "name": campaign.province}
    return event


def dataset_jsonld(
    config: SiteConfig,
    absolute: Absolute,
    page_path: str,
    downloads: Iterable[tuple[str, str, str]],
    modified: dt.date | None,
    language: str = "vi",
    identity: str | None = None,
) -> JsonDict:
    """The open-data page's Dataset: each download (site path, media type, title in the
    page's language) a DataDownload; licence, creator and publisher from site_config.yml
    (`language`, `identity`: as `profile_jsonld`'s)."""
    name = _site_word(config, "site_name", language)
    dataset: JsonDict = {
        "@context": SCHEMA,
        **_entity_id(identity, "dataset"),
        "@type": "Dataset",
        "name": f"Open data: {name}" if language == "en" else f"Dữ liệu mở: {name}",
        "description": _site_word(config, "site_description", language),
        "url": absolute(page_path),
        "inLanguage": language,
        "isAccessibleForFree": True,
        "creator": _publisher(config, absolute, language),
        "publisher": _publisher(config, absolute, language),
        "license": _licence(config.data_licence),
        "distribution": [
            {
                "@type": "DataDownload",
                "name": title,
                "encodingFormat": mime,
                "contentUrl": absolute(path),
            }
            for path, mime, title in downloads
        ],
    }
    if modified is not None:
        dataset["dateModified"] = modified.isoformat()
    return dataset
