"""What every part of the open data reads: the site on `today`, where each file lives, URLs.

The parts (the JSON API in `jsonapi`, the CSV and workbooks in `tables`, the Atom feeds in
`feeds`, the press kits in `presskit`, the data page in `datapage`) each take one
`OpenDataContext`; `publish` makes it once per build and decides which file is made or kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, overload

from markupsafe import Markup

from generator.images.jobs import ImageResult
from generator.model.englishtext import resolved_award_name
from generator.model.entries import CAMPAIGN_API, DECISION_API, PROFILE_API, Entry, Site
from generator.model.resolved import ResolvedAward
from generator.model.urls import absolute_url, profile_path, safe_http_url
from generator.opendata import apidocuments as api
from generator.source.config import Licence
from generator.templating.environment import make_environment
from generator.templating.sanitise import sanitise_markdown

API_ROOT = "api/v1/"
# generator.model.site checks that no slug takes the name of a listing file here (slug.reserved).
PROFILES_ROOT = PROFILE_API
CAMPAIGNS_ROOT = CAMPAIGN_API
DECISIONS_ROOT = DECISION_API
SCHEMAS_ROOT = f"{API_ROOT}schemas/"
CSV_VI = "du-lieu/vinh-danh.csv"
CSV_EN = "du-lieu/honours.csv"
XLSX_VI = "du-lieu/vinh-danh.xlsx"  # the Vietnamese CSV's rows and headers, typed cells
ROBOTS = "robots.txt"
SITEMAP = "sitemap.xml"


class OpenDataError(Exception):
    """The open data cannot be produced as promised (e.g. a slug takes a listing's file name)."""


def english_award_name(resolved: ResolvedAward) -> str:
    """An award record's English name as the English pages say it (one implementation:
    `englishtext.resolved_award_name`): with its class ("Labour Order, Third Class"), a
    category named from its issuer ("Certificate of Merit of the Chairperson of the Quảng Trị
    Provincial People's Committee"); as the API, the CSV and the workbooks give it."""
    return resolved_award_name(resolved).text


@overload
def _licence(licence: Licence) -> api.Licence: ...
@overload
def _licence(licence: Licence | None) -> api.Licence | None: ...
def _licence(licence: Licence | None) -> api.Licence | None:
    if licence is None:
        return None
    return api.Licence(id=licence.id, name=licence.name, url=safe_http_url(licence.url))


class OpenDataContext:
    """The site as it stands on `today`, its published entries, and what the parts share."""

    def __init__(self, site: Site, today: dt.date, images: ImageResult | None = None) -> None:
        self.site = site
        self.config = site.config
        self.today = today
        self.images = images if images is not None else ImageResult()
        self.published = site.published()
        self.members: dict[str, list[Entry]] = {slug: [] for slug in site.campaigns}
        for entry in self.published:
            for slug in entry.campaign_slugs:
                if slug in self.members:
                    self.members[slug].append(entry)
        self.html_env = make_environment()
        # Same templates, filters and control-character cleaning, but plain text out.
        self.text_env = make_environment(autoescape=False)
        self.base_url = absolute_url(self.config.site_url, "")  # computed once: called per link
        self._meta: api.Meta | None = None

    def url(self, path: str) -> str:
        """Absolute URL of a site path."""
        return self.base_url + path

    def schema_url(self, name: str) -> str:
        """Absolute URL of one of the published JSON Schemas."""
        return self.url(f"{SCHEMAS_ROOT}{name}.json")

    def meta(self) -> api.Meta:
        """What every document says about its origin and licence (the same object in each)."""
        if self._meta is None:
            config = self.config
            self._meta = api.Meta(
                content_licence=_licence(config.content_licence),
                generated=self.today,
                illustrative=config.illustrative,
                licence=_licence(config.data_licence),
                publisher=config.owner,
                site=api.SiteLink(name=config.site_name, url=self.url("")),
            )
        return self._meta

    def story(self, entry: Entry) -> Markup | None:
        """The story as sanitised HTML."""
        # Not kept: a profile's API document reads it once (its press kit, if any, again).
        # Kept for every profile, the stories were 2.5 KB a profile of the open-data child to
        # its end (issue #21).
        story = entry.profile.story
        return sanitise_markdown(story, remember=False) if story else None

    def citation(self, entry: Entry) -> str:
        """The ready-to-paste citation, the same text the profile page shows."""
        module: Any = self.text_env.get_template("opendata/_citation.txt").module
        text: str = module.citation(
            entry, self.config.site_name, self.url(profile_path(entry.slug)), self.today
        )
        return text.strip()
