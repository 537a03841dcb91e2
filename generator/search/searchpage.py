"""The search page (/tim-kiem/ and its English twin): the form, and the facets in reading order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from generator.model.entries import KIND_NAMES, Site
from generator.model.labels import (
    FACET_AWARD,
    FACET_CAMPAIGN,
    FACET_DECADE,
    FACET_GROUP,
    FACET_KIND,
    FACET_LEVEL,
    FACET_PROVINCE,
    FACET_SECTOR,
    FACET_YEAR,
)
from generator.model.resolved import FOREIGN_PLACE_TEXT, UNKNOWN_PLACE_TEXT
from generator.model.urls import SEARCH_PATH, edition_link, edition_path, relative_url
from generator.search.records import (
    FACETS,
    KIND_CAMPAIGN,
    KIND_DECISION,
    KIND_PAGE,
    SearchRecord,
)
from generator.templating.environment import front_matter, make_environment
from generator.templating.i18n import translate
from generator.vntext import collation_key

# Every value of each facet among the records.
FacetValues = dict[str, set[str]]


def facet_values(filters: Iterable[Mapping[str, Iterable[str]]]) -> FacetValues:
    """Every value of each facet among the records whose facets are `filters`."""
    values: FacetValues = {name: set() for name in FACETS}
    for found in filters:
        for name, some in found.items():
            values[name].update(some)
    return values


def facet_order(site: Site, values: FacetValues) -> dict[str, dict[str, object]]:
    """Facets for the search page: label and values in reading order (awards by precedence)."""
    award_rank = {a.name_on(None): i for i, a in enumerate(site.taxonomy)}
    level_rank = {label.vi: i for i, label in enumerate(site.taxonomy.levels.values())}
    kinds = [*KIND_NAMES.values(), KIND_DECISION, KIND_CAMPAIGN, KIND_PAGE]
    kind_rank = {v: i for i, v in enumerate(kinds)}
    order: dict[str, list[str]] = {
        FACET_KIND: sorted(values[FACET_KIND], key=lambda v: kind_rank.get(v, 99)),
        FACET_AWARD: sorted(values[FACET_AWARD], key=lambda v: (award_rank.get(v, 1e9), v)),
        FACET_LEVEL: sorted(values[FACET_LEVEL], key=lambda v: (level_rank.get(v, 99), v)),
        FACET_YEAR: sorted(values[FACET_YEAR], reverse=True),
        FACET_DECADE: sorted(values[FACET_DECADE], reverse=True),
    }
    for name in (FACET_PROVINCE, FACET_CAMPAIGN, FACET_SECTOR, FACET_GROUP):
        order[name] = sorted(values[name], key=collation_key)
    # Provinces first; the places that are not one after them.
    last = [v for v in (FOREIGN_PLACE_TEXT, UNKNOWN_PLACE_TEXT) if v in values[FACET_PROVINCE]]
    order[FACET_PROVINCE] = [v for v in order[FACET_PROVINCE] if v not in last] + last
    return {name: {"label": label, "values": order[name]} for name, label in FACETS.items()}


def render_search_page(
    site: Site,
    records: Iterable[SearchRecord],
    language: str = "vi",
    values: FacetValues | None = None,
) -> str:
    """The Markdown of the full search page (/tim-kiem/, or its twin in the `language`
    edition): the form, facets filled in by JS. Both search the one index of the records;
    `values`: their facets' (`facet_values`), when the caller has them rather than `records`."""
    if values is None:
        values = facet_values(record.filters for record in records)
    env = make_environment(language=language)
    page_at = edition_path(language, SEARCH_PATH)
    extra: dict[str, object] = {} if language == "vi" else {"language": language}
    title = translate(language, "Tìm kiếm")
    config = site.config
    english = config.en.site_description if language == "en" and config.en else None
    head = front_matter(title, english or config.site_description, hide=["toc"], **extra)
    body = env.get_template("search.md").render(
        facets=facet_order(site, values),
        here=SEARCH_PATH,
        url=lambda t: relative_url(page_at, edition_link(language, t)),
    )
    return head + body
