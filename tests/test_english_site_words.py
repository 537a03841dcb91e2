"""The site's own words on the English edition (issue #22 point 1): its name, description and
owner from site_config.yml's `en:` block wherever a page prints them (the home page's heading,
publisher and summary, the about page, the search page's description, every page's description
and author metas); the Vietnamese, marked `lang="vi"`, where the editor gave no English.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from generator.model.site import build_site
from generator.pages.render import render_site
from generator.search.searchpage import render_search_page
from tests.projects import CONFIG, write_small_project

TODAY = dt.date(2026, 12, 5)
ENGLISH = """\
en:
  site_name: Trial roll of honour
  site_description: Trial data
  owner: Emulation Board (trial)
"""
EDITION = CONFIG + "english_edition: true\n"


def _docs(tmp_path: Path, config: str) -> dict[str, str]:
    root = write_small_project(tmp_path, **{"site_config.yml": config})
    site, report = build_site(root)
    assert site is not None, [p.format("en") for p in report]
    docs = dict(render_site(site, TODAY).docs)
    for language, path in (("vi", "tim-kiem/index.md"), ("en", "en/tim-kiem/index.md")):
        docs[path] = render_search_page(site, [], language)
    return docs


def _front_matter(doc: str) -> dict[str, object]:
    head = doc.split("---\n")[1]
    loaded = yaml.safe_load(head)
    assert isinstance(loaded, dict)
    return loaded


def test_the_english_home_page_names_the_site_in_english(tmp_path: Path) -> None:
    docs = _docs(tmp_path, EDITION + ENGLISH)
    home = docs["en/index.md"]
    assert "<h1>Trial roll of honour</h1>" in home
    assert "Published by: <strong>Emulation Board (trial)</strong>" in home
    assert '<p class="vd-summary">Trial data</p>' in home
    about = docs["en/gioi-thieu/index.md"]
    assert "Emulation Board (trial)" in about and "Ban Thi đua" not in about
    assert _front_matter(docs["en/tim-kiem/index.md"])["description"] == "Trial data"
    # The Vietnamese edition keeps the Vietnamese, unmarked.
    assert "<h1>Bảng vàng thử nghiệm</h1>" in docs["index.md"]
    assert "<strong>Ban Thi đua – Khen thưởng (thử nghiệm)</strong>" in docs["index.md"]
    assert _front_matter(docs["tim-kiem/index.md"])["description"] == "Dữ liệu thử nghiệm"


def test_without_english_words_the_vietnamese_is_kept_and_marked(tmp_path: Path) -> None:
    home = _docs(tmp_path, EDITION)["en/index.md"]
    assert '<h1><span lang="vi">Bảng vàng thử nghiệm</span></h1>' in home
    assert '<strong><span lang="vi">Ban Thi đua – Khen thưởng (thử nghiệm)</span></strong>' in home


_META = re.compile(r'<meta name="(description|author)" content="([^"]*)">')


@pytest.mark.slow
def test_every_english_page_says_the_english_description_and_author(demo_project: Path) -> None:
    site = demo_project / "site"
    config = yaml.safe_load((demo_project / "site_config.yml").read_text(encoding="utf-8"))
    english_owner = config["en"]["owner"]
    english_description = config["en"]["site_description"]
    pages = sorted((site / "en").rglob("index.html"))
    themed = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if 'data-md-component="header"' not in html:
            continue  # a post-build page: no metas of the theme
        themed += 1
        metas = dict(_META.findall(html))
        assert metas.get("author") == english_owner, page
        assert metas.get("description") != config["site_description"], page
    assert themed > 100, themed
    for path in ("en/", "en/gioi-thieu/", "en/tim-kiem/"):
        html = (site / path / "index.html").read_text(encoding="utf-8")
        assert dict(_META.findall(html))["description"] == english_description, path
    # The Vietnamese pages keep the configuration's.
    home = dict(_META.findall((site / "index.html").read_text(encoding="utf-8")))
    assert home == {"description": config["site_description"], "author": config["owner"]}
