"""The statistics page (/thong-ke/) and its CSV files (figures: generator.model.statistics,
charts: generator.templating.charts)."""

from __future__ import annotations

from generator.model.statistics import CSV_FILE, CSV_FILE_EN, figures_text, statistics_csv
from generator.model.urls import STATISTICS_PATH, safe_http_url
from generator.pages.renderer import PageRenderer
from generator.templating.environment import front_matter


def render_statistics(r: PageRenderer) -> None:
    """The statistics page and its CSV (generator.model.statistics, templating.charts)."""
    # Kept while its figures are the last build's: a rename or a moved profile makes the
    # listings again but counts the same (the page and both CSVs were ~0.2 s of such an
    # edit at 1,000 profiles, issue #21). The CSVs come back from the last listings' files.
    # Keyed by what it shows, the annex's lines included (model.annexshown): no entry's.
    stats = r.stats
    key = r.key("statistics", [], figures_text(stats))
    last = r.cache.listing_files if r.cache is not None else {}
    if CSV_FILE in last and CSV_FILE_EN in last and r.reuse(STATISTICS_PATH, key):
        r.out.files[CSV_FILE] = last[CSV_FILE]
        r.out.files[CSV_FILE_EN] = last[CSV_FILE_EN]
        return
    r.page(
        STATISTICS_PATH,
        "statistics.md",
        front_matter(
            r.t("Thống kê khen thưởng"),
            r.t(
                "Khen thưởng đến với ai: theo cấp, năm, địa phương, phong trào, đối tượng; "
                "tỷ lệ người trực tiếp sản xuất và vùng biên giới, hải đảo, miền núi."
            ),
            # The site's navigation stays; the page's own contents list replaces the
            # sidebar's (a phone never shows that one).
            hide=["toc"],
        ),
        stats=stats,
        stat_english=stats.english,
    )
    base = safe_http_url(r.site.config.site_url) or ""
    r.out.files[CSV_FILE] = statistics_csv(stats, base).encode("utf-8")
    r.out.files[CSV_FILE_EN] = statistics_csv(stats, base, english=True).encode()
