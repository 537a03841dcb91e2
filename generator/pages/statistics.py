"""The statistics page (/thong-ke/) and its CSV files (figures: generator.model.statistics,
charts: generator.templating.charts)."""

from __future__ import annotations

from generator.model.statistics import CSV_FILE, CSV_FILE_EN, statistics_csv
from generator.model.urls import STATISTICS_PATH, safe_http_url
from generator.pages.renderer import PageRenderer
from generator.templating.environment import front_matter


def render_statistics(r: PageRenderer) -> None:
    """The statistics page and its CSV (generator.model.statistics, templating.charts)."""
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
        stats=r.stats,
        stat_english=r.stats.english,
    )
    base = safe_http_url(r.site.config.site_url) or ""
    r.out.files[CSV_FILE] = statistics_csv(r.stats, base).encode("utf-8")
    r.out.files[CSV_FILE_EN] = statistics_csv(r.stats, base, english=True).encode()
