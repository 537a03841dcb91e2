"""The data page (``du-lieu/``): every download and endpoint described, for people.

A Markdown page built by the site engine like any other, with the open data as a schema.org
Dataset in its head (generator.model.linkeddata).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model.checkrows import row_of, shown_count
from generator.model.entries import Site
from generator.model.linkeddata import dataset_jsonld, entry_lastmod, script_json
from generator.model.urls import (
    DATA_PAGE,
    SITE_FEED_PATH,
    absolute_url,
    campaign_feed_path,
    doc_file,
    edition_link,
    edition_path,
    relative_url,
)
from generator.opendata import apidocuments as api
from generator.opendata import profileindex
from generator.opendata.context import (
    API_ROOT,
    CAMPAIGNS_ROOT,
    CSV_EN,
    CSV_VI,
    PROFILES_ROOT,
    ROBOTS,
    SCHEMAS_ROOT,
    SITEMAP,
    XLSX_VI,
)
from generator.opendata.feeds import FEED_LIMIT
from generator.opendata.modeldata import MODELS_CSV
from generator.opendata.profileindex import index_pages
from generator.opendata.tables import CSV_COLUMNS
from generator.templating.environment import front_matter, make_environment
from generator.templating.i18n import translate


@dataclass(frozen=True)
class PublishedFacts:
    """What the data page counts of the published entries, the same in each edition."""

    awards: int  # awards shown
    models: int
    last_changed: dt.date | None  # the latest of their last changes

    @classmethod
    def of(cls, site: Site) -> PublishedFacts:
        """The facts of `site`'s published entries, from their rows (no profile unpickled)."""
        # One pass over the entries for both editions: three passes each were ~30 ms at
        # 30,000 profiles (issue #21).
        awards = models = 0
        last: dt.date | None = None
        for entry in site.published():
            row = row_of(entry)
            awards += shown_count(row)
            models += row.kind == "model"
            changed = entry_lastmod(entry)
            if changed is not None and (last is None or changed > last):
                last = changed
        return cls(awards, models, last)


def data_page(
    site: Site,
    today: dt.date,
    pages: int,
    per_page: int,
    language: str = "vi",
    facts: PublishedFacts | None = None,
) -> str:
    """The Markdown of the data page in the `language` edition, describing every download
    and endpoint (one copy of each, at the root, for both editions); `pages`: the profile
    index's, of `per_page` profiles each; `facts`: the published entries' (made if None)."""
    # Of the site, not of an OpenDataContext: the build renders it with the pages, so that
    # the site engine starts without waiting for the open data's child (issue #21).
    env = make_environment(language=language)
    template = env.get_template("opendata/data.md")
    page_at = edition_path(language, DATA_PAGE)
    config, published = site.config, site.published()
    base = absolute_url(config.site_url, "")

    def url(path: str) -> str:
        return base + path

    if facts is None:
        facts = PublishedFacts.of(site)
    counts = {
        "profiles": len(published),
        # Of the entries' rows: the data page of an edit unpickles no kept profile.
        "awards": facts.awards,
        "campaigns": len(site.campaigns),
        "pages": pages,
    }
    body = template.render(
        here=DATA_PAGE,
        url=lambda target: relative_url(page_at, edition_link(language, target)),
        abs=url,
        config=config,
        today=today,
        counts=counts,
        models=facts.models,
        per_page=per_page,
        feed_limit=FEED_LIMIT,
        campaigns=sorted(
            ((s, c.title) for s, (c, _d) in site.campaigns.items()), key=lambda x: x[0]
        ),
        schemas=sorted(api.DOCUMENTS),
        csv_columns=CSV_COLUMNS,
        paths={
            "api": API_ROOT,
            "profiles": f"{PROFILES_ROOT}index.json",
            "campaigns": f"{CAMPAIGNS_ROOT}index.json",
            "awards": f"{API_ROOT}awards.json",
            "localities": f"{API_ROOT}localities.json",
            "index": f"{API_ROOT}index.json",
            "schemas": SCHEMAS_ROOT,
            "csv_vi": CSV_VI,
            "csv_en": CSV_EN,
            "csv_models": MODELS_CSV,
            "xlsx_vi": XLSX_VI,
            "feed": SITE_FEED_PATH,
            "sitemap": SITEMAP,
            "robots": ROBOTS,
        },
        campaign_feed_path=campaign_feed_path,
        licence=config.data_licence,
        content_licence=config.content_licence,
    )
    # The page as a schema.org Dataset (generator.model.linkeddata): the downloads it lists.
    downloads = [
        (CSV_VI, "text/csv", translate(language, "Bảng vinh danh (CSV, tiếng Việt)")),
        (CSV_EN, "text/csv", "Honours (CSV, English)"),
        (
            XLSX_VI,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            translate(language, "Bảng vinh danh (bảng tính .xlsx)"),
        ),
        (f"{API_ROOT}index.json", "application/json", translate(language, "API JSON: mục lục")),
        (f"{PROFILES_ROOT}index.json", "application/json", translate(language, "API JSON: hồ sơ")),
        (
            f"{CAMPAIGNS_ROOT}index.json",
            "application/json",
            translate(language, "API JSON: phong trào"),
        ),
    ]
    dataset = dataset_jsonld(
        config,
        lambda path: url(edition_link(language, path)),  # the edition's pages, shared files
        DATA_PAGE,
        downloads,
        facts.last_changed,
        language,
        url(DATA_PAGE),  # one @id for the data set in each edition
    )
    head = front_matter(
        translate(language, "Dữ liệu mở và báo chí"),
        translate(language, "Tải dữ liệu, API, nguồn tin Atom"),
        jsonld=script_json(dataset),
        **({} if language == "vi" else {"language": language}),
    )
    return head + body


def data_pages(site: Site, today: dt.date) -> dict[str, str]:
    """The data page of each edition (docs path -> Markdown): made by the open data, or by a
    build with the other pages that read many entries (then the site engine starts without
    waiting for the open data's child: issue #21)."""
    pages = index_pages(len(site.published()))
    languages = ("vi", "en") if site.config.english_edition else ("vi",)
    facts = PublishedFacts.of(site)
    return {
        doc_file(edition_path(language, DATA_PAGE)): data_page(
            site, today, pages, profileindex.PER_PAGE, language, facts
        )
        for language in languages
    }
