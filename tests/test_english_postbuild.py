"""The English edition's pages made outside MkDocs and the theme's one page for every missing
path (issue #22 points 1 and 3): a former slug's redirect and a withdrawn profile's notice under
en/, in English; the 404 page in both languages with the way home to each edition.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from generator.model.site import build_site
from generator.pages.render import render_site
from tests.browser import PageProbe, node_tool
from tests.projects import CONFIG, PERSON, WITHDRAWN, write_small_project
from tests.test_english_words import kept_names, vietnamese_left
from tests.test_html_valid import is_known_material_error, run_vnu

TODAY = dt.date(2026, 12, 5)
ENGLISH_CONFIG = (
    CONFIG
    + "english_edition: true\n"
    + "en:\n  site_name: Trial roll of honour\n  owner: Emulation Board (trial)\n"
)
RENAMED = PERSON.replace(
    "slug: nguyen-van-an\n", "slug: nguyen-van-an\nformer_slugs: [nguyen-an]\n"
)
_REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')


def _post_build_pages(tmp_path: Path, config: str) -> tuple[dict[str, str], frozenset[str]]:
    """The post-build pages (site path of the file -> HTML) of a small project with a renamed
    and a withdrawn profile, and the names kept as written."""
    root = write_small_project(
        tmp_path,
        **{
            "site_config.yml": config,
            "profiles__nguyen-van-an.yml": RENAMED,
            "profiles__trinh-van-rutlui.yml": WITHDRAWN,
        },
    )
    site, report = build_site(root)
    assert site is not None, [p.format("en") for p in report]
    return render_site(site, TODAY).extra, kept_names(site)


def _redirect_target(path: str, html: str) -> str:
    """The site path the page at `path` redirects to (its meta refresh, resolved)."""
    found = _REFRESH.search(html)
    assert found is not None, html
    return urljoin(f"/{path}", str(found[1]))


def test_a_former_slug_redirects_within_the_english_edition(tmp_path: Path) -> None:
    pages, names = _post_build_pages(tmp_path, ENGLISH_CONFIG)
    english = pages["en/ho-so/nguyen-an/index.html"]
    assert _redirect_target("en/ho-so/nguyen-an/index.html", english) == "/en/ho-so/nguyen-van-an/"
    canonical = _CANONICAL.search(english)
    assert canonical is not None
    assert canonical[1] == "https://vinhdanh.example.vn/en/ho-so/nguyen-van-an/"
    assert '<html lang="en">' in english and "<title>Profile moved</title>" in english
    assert vietnamese_left(english, names) == []
    # The Vietnamese redirect is as it was: to the Vietnamese page, in Vietnamese.
    vietnamese = pages["ho-so/nguyen-an/index.html"]
    assert _redirect_target("ho-so/nguyen-an/index.html", vietnamese) == "/ho-so/nguyen-van-an/"
    assert '<html lang="vi">' in vietnamese and "Hồ sơ đã chuyển địa chỉ" in vietnamese


def test_a_withdrawn_profiles_english_page_gives_the_english_notice(tmp_path: Path) -> None:
    pages, names = _post_build_pages(tmp_path, ENGLISH_CONFIG)
    # At its slug and at its former slug, as the Vietnamese notice is.
    for slug in ("trinh-van-rutlui", "trinh-rut"):
        english = pages[f"en/ho-so/{slug}/index.html"]
        assert '<html lang="en">' in english
        assert "<title>Profile withdrawn - Trial roll of honour</title>" in english
        assert "was withdrawn from Trial roll of honour on 1 June 2023." in english
        # No contact line in the configuration: the owner's English name.
        assert "please contact Emulation Board (trial)." in english
        assert '<a href="../../">Back to the home page</a>' in english
        assert vietnamese_left(english, names) == [], english
        vietnamese = pages[f"ho-so/{slug}/index.html"]
        assert "Hồ sơ đã được gỡ - Bảng vàng thử nghiệm" in vietnamese
        assert "ngày 01/06/2023" in vietnamese
    # The reason stays unpublished in both editions.
    assert not any("Thông tin không chính xác" in html for html in pages.values())


def test_the_editors_contact_line_is_kept_in_vietnamese_and_marked(tmp_path: Path) -> None:
    config = ENGLISH_CONFIG + "contact: 'Liên hệ: lienhe@vinhdanh.example.vn'\n"
    pages, names = _post_build_pages(tmp_path, config)
    english = pages["en/ho-so/trinh-van-rutlui/index.html"]
    assert 'contact <span lang="vi">Liên hệ: lienhe@vinhdanh.example.vn</span>.' in english
    assert vietnamese_left(english, names) == []


def test_without_the_edition_there_is_no_english_post_build_page(tmp_path: Path) -> None:
    pages, _names = _post_build_pages(tmp_path, CONFIG)
    assert "ho-so/nguyen-an/index.html" in pages and "ho-so/trinh-rut/index.html" in pages
    assert not [path for path in pages if path.startswith("en/")]


# --- the built demo (its 404 page, its English post-build pages) --------------------------------

ENGLISH_POST_BUILD = ["en/ho-so/nguyen-thi-hoa/", "en/ho-so/be-van-hung-trang-dinh/"]


def _english_block(html: str) -> str:
    found = re.search(r'<div lang="en">(.*?)</div>', html, re.S)
    assert found is not None, "no English block on the 404 page"
    return found[1]


@pytest.mark.slow
def test_the_404_page_speaks_both_editions(demo_project: Path) -> None:
    html = (demo_project / "site" / "404.html").read_text(encoding="utf-8")
    assert '<h1>Không tìm thấy trang · <span lang="en">Page not found</span></h1>' in html
    block = _english_block(html)
    assert "There is no page at this address." in block
    assert '<a href="/en/" hreflang="en">Back to the home page</a>' in block
    assert vietnamese_left(f'<html lang="en"><body>{block}</body></html>') == []
    # The Vietnamese way home is still there, to the Vietnamese home page.
    assert re.search(r'<a href="/\.?">Về trang chủ</a>', html), html


@pytest.mark.slow
def test_the_404_and_english_post_build_pages_are_valid_html(demo_project: Path) -> None:
    site = demo_project / "site"
    files = [site / "404.html"] + [site / path / "index.html" for path in ENGLISH_POST_BUILD]
    assert all(f.is_file() for f in files), [str(f) for f in files if not f.is_file()]
    errors = [m for m in run_vnu(files) if not is_known_material_error(m)]
    assert errors == [], json.dumps(errors, ensure_ascii=False, indent=1)[:4000]


@pytest.mark.slow
def test_the_404_and_english_post_build_pages_pass_axe_on_a_phone(
    phone_probe_schemes: PageProbe,
) -> None:
    failing: list[str] = []
    missing = "en/khong-co-trang-nay/"
    for path, status in [(missing, 404), ("en/ho-so/be-van-hung-trang-dinh/", 200)]:
        page = phone_probe_schemes.goto(path, expect_status=status)
        page.add_script_tag(path=str(node_tool("axe-core/axe.min.js")))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        failing += [
            f"{path}: [{v['impact']}] {v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        # Nothing runs off the 390-pixel screen.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path}: {width} px wide"
    assert failing == []
    # The browser reports the 404 status it was asked for as a console error.
    phone_probe_schemes.console_errors = [
        m for m in phone_probe_schemes.console_errors if missing not in m
    ]
    phone_probe_schemes.assert_clean()
    # The former slug's page lands on the English profile.
    page = phone_probe_schemes.goto("en/ho-so/nguyen-thi-hoa/")
    page.wait_for_url("**/en/ho-so/nguyen-thi-hoa-trieu-phong/")
    assert page.locator("html").get_attribute("lang") == "en"
