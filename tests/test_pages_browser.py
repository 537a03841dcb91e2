"""Every kind of page in a real Chromium: no errors, nothing fetched from outside, keyboard, print.

The demo is built once (tests/browser.py) and served on 127.0.0.1. Screenshots go to
tests/artifacts/ (gitignored); the small ones committed under docs/screenshots/ are made by
tests/test_docs_screenshots.py.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser import DEMO_PAGES, NOT_FOUND_PATH, PageProbe, ServedSite

# Every test here builds a site or drives the browser (pyproject.toml: markers).
pytestmark = pytest.mark.slow

PRINT_PAGE = "ho-so/nguyen-thi-hoa-trieu-phong/"


def site_name(project: Path) -> str:
    """The configured site name of a project."""
    config = yaml.safe_load((project / "site_config.yml").read_text(encoding="utf-8"))
    return str(config["site_name"])


def expected_title(project: Path, heading: str | None) -> str:
    """The <title> of a page: "<heading> - <site name>", or the site name alone."""
    name = site_name(project)
    return name if heading is None else f"{heading} - {name}"


@pytest.mark.parametrize("name", list(DEMO_PAGES))
def test_page_loads_cleanly(name: str, probe: PageProbe, demo_project: Path) -> None:
    path, heading, text = DEMO_PAGES[name]
    status = 404 if path == NOT_FOUND_PATH else 200
    page = probe.goto(path, expect_status=status)
    if status == 404:
        # Chromium logs the 404 of the page itself as a console error: that one is the point.
        probe.console_errors = [m for m in probe.console_errors if NOT_FOUND_PATH not in m]
    probe.screenshot(name)
    probe.assert_clean()
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert page.title() == expected_title(demo_project, heading)
    assert text in page.inner_text("body")
    assert page.locator("h1").count() == 1, "one h1 per page"
    # Photos need a text alternative (DESIGN.md: alt text is required); decorative ones alt="".
    missing_alt = page.eval_on_selector_all(
        "img", "els => els.filter(e => !e.hasAttribute('alt')).map(e => e.src)"
    )
    assert missing_alt == []


def test_listing_pages_link_to_each_other(probe: PageProbe) -> None:
    page = probe.goto("danh-sach/ca-nhan/")
    page.get_by_role("link", name="Trang sau ›").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/" + DEMO_PAGES["listing-page-2"][0])
    # Rows are numbered on their page: a number across pages changed on every page after a
    # row added or moved (generator.model.rollpages).
    assert page.locator("table.vd-roll tbody tr td").first.inner_text() == "1"
    page.get_by_role("link", name="‹ Trang trước").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/danh-sach/ca-nhan/")
    probe.assert_clean()
    # The former page 2's address (rows 21-40): tests/test_former_pages_browser.py.


def test_old_place_name_leads_to_todays_commune(probe: PageProbe) -> None:
    page = probe.goto("danh-sach/tinh/quang-tri/")
    item = page.locator("ul.vd-former li", has_text="xã Triệu Thành, huyện Triệu Phong")
    assert item.inner_text() == "xã Triệu Thành, huyện Triệu Phong (nay là xã Triệu Phong)"
    item.get_by_role("link").click()
    page.wait_for_load_state("networkidle")
    # Two entries, under `rolls.commune_page_min`: the commune's rows on the province roll,
    # headed by its name, scrolled to and marked as the target.
    assert page.url.endswith("/danh-sach/tinh/quang-tri/#xa-trieu-phong")
    group = page.locator("tr.vd-roll-group:target")
    assert group.inner_text().startswith("Xã Triệu Phong")
    assert group.is_visible() and group.evaluate("e => e.getBoundingClientRect().top < innerHeight")
    probe.assert_clean()


# --- keyboard ---------------------------------------------------------------------------------

_FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || "").trim(),
    href: el.getAttribute("href"), cls: el.className,
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
    opacity: parseFloat(style.opacity),
    inViewport: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
    inContent: !!el.closest(".md-content"), inNav: !!el.closest(".md-sidebar--primary"),
  };
}"""


def focused(page: Any) -> dict[str, Any]:
    """What has the keyboard focus, and how it looks once its transitions have ended."""
    # Material fades the skip link in (opacity over 250 ms): wait for every running animation.
    page.evaluate(
        "() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))"
    )
    result: dict[str, Any] = page.evaluate(_FOCUSED)
    return result


def assert_focus_visible(found: dict[str, Any]) -> None:
    """The focused element shows an outline and is on screen."""
    assert found["outlineStyle"] != "none" and found["outlineWidth"] > 0, found
    assert found["inViewport"] and found["opacity"] > 0, found


def test_tab_reaches_skip_link_then_main_links(probe: PageProbe) -> None:
    page = probe.goto("ho-so/nguyen-thi-hoa-trieu-phong/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == "Chuyển đến nội dung chính", first
    assert first["href"] == "#__noi-dung"
    assert_focus_visible(first)

    reached: list[str] = []
    for _ in range(30):
        page.keyboard.press("Tab")
        found = focused(page)
        if found["inNav"]:
            assert_focus_visible(found)
            reached.append(found["text"])
        if found["inContent"]:
            break
    main_links = ["Trang chủ", "Phong trào thi đua", "Danh sách vinh danh", "Giới thiệu"]
    assert [t for t in reached if t in main_links] == main_links, reached
    probe.assert_clean()


def test_skip_link_moves_focus_to_the_content(probe: PageProbe) -> None:
    page = probe.goto("ho-so/nguyen-thi-hoa-trieu-phong/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "__noi-dung"
    page.keyboard.press("Tab")
    after = focused(page)
    assert after["inContent"] and after["text"] == "Trang chủ", after  # the breadcrumbs
    assert_focus_visible(after)


# --- print ------------------------------------------------------------------------------------


def test_profile_prints_on_one_a4_page_without_chrome(probe: PageProbe, tmp_path: Path) -> None:
    page = probe.goto(PRINT_PAGE)
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
                  ".md-banner", ".vd-breadcrumbs", ".vd-skip"].map(sel => {
          const el = document.querySelector(sel);
          return [sel, el === null || getComputedStyle(el).display === "none"];
        })"""
    )
    assert all(ok for _, ok in hidden), hidden
    assert page.locator("h1").is_visible()
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=False)
    (tmp_path / "profile.pdf").write_bytes(pdf)
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - pypdf is in the test extras
        # 297 mm minus the 10 mm margins (vinhdanh.css @page), in CSS pixels (96 per inch).
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= (297 - 20) / 25.4 * 96
        return
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages == 1, f"the profile prints on {pages} A4 pages (see {tmp_path / 'profile.pdf'})"


def test_served_site_is_local(demo_site: ServedSite) -> None:
    assert demo_site.url.startswith("http://127.0.0.1:")
