"""The URL scheme: every public path of the site, for the pages, the search and the open data."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlsplit

from generator.model.checkrows import row_of
from generator.model.entries import DECISION_API, Entry, Site
from generator.model.linkeddata import campaign_lastmod, entry_lastmod
from generator.source.documents import Proposal

_SAFE_URL_CHARS = ":/?#[]@!$&()*+,;=%~"


def safe_http_url(value: str | None) -> str | None:
    """An http(s) URL with every character that could leave an attribute percent-encoded."""
    if not value:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(value.strip(), safe=_SAFE_URL_CHARS)


def profile_path(slug: str) -> str:
    """Site path of a profile page."""
    return f"ho-so/{slug}/"


def campaign_path(slug: str) -> str:
    """Site path of a campaign page."""
    return f"phong-trao/{slug}/"


STATISTICS_PATH = "thong-ke/"
SEARCH_PATH = "tim-kiem/"
DECISIONS_PATH = "quyet-dinh/"


PROPOSALS_PATH = "lay-y-kien/"


def proposal_path(entry: Entry, proposal: Proposal) -> str:
    """Site path of a proposal's public-comment page ("lay-y-kien/<slug>-<award>/")."""
    return window_path(entry, entry.shown_proposals.index(proposal))


def window_path(entry: Entry, index: int) -> str:
    """`proposal_path` of the entry's shown proposal `index`, from its windows (a kept
    entry's row: no profile read)."""
    windows = entry.proposal_windows
    start, _end, award = windows[index]
    same = sum(w[2] == award for w in windows)
    # One person proposed twice for one award (a later round): the window tells them apart.
    suffix = f"-{dt.date.fromordinal(start):%Y%m%d}" if same > 1 else ""
    return f"{PROPOSALS_PATH}{entry.slug}-{award}{suffix}/"


def decision_path(slug: str) -> str:
    """Site path of a decision's page (a decision honouring many, model.entries.DecisionEntry)."""
    return f"{DECISIONS_PATH}{slug}/"


def decision_api_path(slug: str) -> str:
    """Site path of a decision's JSON document in the open-data API."""
    return f"{DECISION_API}{slug}.json"


def absolute_url(site_url: str, path: str) -> str:
    """Absolute URL of site path `path` under the configured address ("/path" if unusable)."""
    base = safe_http_url(site_url)
    return (base.rstrip("/") + "/" if base else "/") + path


def own_dates(site: Site, today: dt.date) -> dict[str, str]:
    """The sitemap's <lastmod> of profiles and campaigns by site path: each one's own latest
    date (generator.model.linkeddata), never the build day."""
    dates = {
        profile_path(e.slug): d.isoformat()
        for e in site.published()
        if (d := entry_lastmod(e)) is not None
    }
    for slug, (campaign, _doc) in site.campaigns.items():
        dates[campaign_path(slug)] = campaign_lastmod(campaign, today).isoformat()
    if site.config.english_edition:  # an English page is as new as what it is made from
        dates.update({edition_path("en", path): date for path, date in dates.items()})
    return dates


def profile_api_path(slug: str) -> str:
    """Site path of a profile's JSON document in the open-data API (generator.opendata.jsonapi)."""
    return f"api/v1/profiles/{slug}.json"


def press_kit_path(slug: str, language: str = "vi") -> str:
    """Site path of a profile's press kit, a ZIP made by generator.opendata.presskit; the
    English edition's beside it in `bao-chi/en/` (no slug holds a "/": never another's)."""
    if language != "vi":
        return f"bao-chi/{language}/{slug}.zip"
    return f"bao-chi/{slug}.zip"


def has_press_kit(entry: Entry) -> bool:
    """Whether a profile has a press kit: only with consented photos, which it carries at full
    size with their credits. Without one the kit was the page's text and the API document over
    again, a file per profile (issue #21, the output budget); the page and the JSON remain."""
    # Its row's (model.checkrows): the open data asks of every entry (issue #21).
    return bool(row_of(entry).public)


def campaign_feed_path(slug: str) -> str:
    """Site path of a campaign's Atom feed."""
    return f"feeds/phong-trao/{slug}.xml"


SITE_FEED_PATH = "feeds/vinh-danh.xml"


def page_path(base: str, number: int) -> str:
    """Site path of page `number` of a paginated listing ("…/trang-2/")."""
    return base if number == 1 else f"{base}trang-{number}/"


def relative_url(here: str, target: str) -> str:
    """Link from the page at site path `here` to the site path `target` (both "a/b/" form)."""
    here_parts = [p for p in here.split("/") if p]
    target_parts = [p for p in target.split("/") if p]
    common = 0
    while (
        common < min(len(here_parts), len(target_parts))
        and here_parts[common] == target_parts[common]
    ):
        common += 1
    ups = [".."] * (len(here_parts) - common)
    rel = "/".join(ups + target_parts[common:])
    if not rel:
        return "./"
    is_folder = target.endswith("/") or not target
    return rel + "/" if is_folder and not rel.endswith("/") else rel


EDITIONS = ("vi", "en")  # the site's languages: Vietnamese at the root, English under "en/"


def edition_path(language: str, path: str) -> str:
    """Where the page of (Vietnamese) site path `path` is in the `language` edition: the same
    path, under a folder named after the language except for Vietnamese (one URL scheme)."""
    return path if language == "vi" else f"{language}/{path}"


def edition_link(language: str, target: str) -> str:
    """The site path a link to `target` goes to from a page of the `language` edition: the
    edition's page for a page ("" or a path ending in "/"), the file at the root for a file
    (photos, CSV, the API, feeds, press kits: one copy serves both editions)."""
    if target == "" or target.endswith("/"):
        return edition_path(language, target)
    return target


def doc_file(path: str) -> str:
    """The Markdown file under docs/ that MkDocs serves at site path `path`."""
    return f"{path}index.md"


ABOUT_PATH = "gioi-thieu/"


DATA_PAGE = "du-lieu/"  # the open data's page (generator.opendata.publish)
