"""A roll's former addresses in a real Chromium: the 404 page sends them on (issue #21).

The rolls' pages were cut every `page_size` rows ("…/trang-2/"); they are now cut where their
rows' keys say and named by letter or first row (generator.model.rollpages). No file is left at
a former address: the host answers it with 404.html, whose script
(theme/assets/javascripts/moved.js) reads where it leads from one file
(generator.pages.rolls.render_former_pages) and replaces the address.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.commands.build import build_project
from tests.browser import NOT_FOUND_PATH, PageProbe, open_probe, serve
from tests.projects import write_build_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.slow

SUBPATH = "the/site/"  # a site published below its host's root (GitHub Pages' project sites)


def _arrive(probe: PageProbe, path: str) -> Page:
    """Open the missing address `path`, answered 404 with the 404 page, before it leaves."""
    page = probe.page
    response = page.goto(probe.site.page_url(path), wait_until="commit")
    assert response is not None and response.status == 404, path
    return page


def test_a_former_page_leads_to_the_letter_where_it_began(probe: PageProbe) -> None:
    # The demo's individuals' roll (44 rows, 20 a page) is cut by letter: its former page 2
    # (rows 21-40) began under L; page 3 (41-44) under a later letter.
    page = _arrive(probe, "danh-sach/ca-nhan/trang-2/")
    page.wait_for_url(re.compile(r"/danh-sach/ca-nhan/l/$"))
    assert page.locator("h1").inner_text() == "Cá nhân tiêu biểu (L)"
    # In the English edition, to its page; typed without the last slash, with a fragment.
    page = _arrive(probe, "en/danh-sach/ca-nhan/trang-2#top")
    page.wait_for_url(re.compile(r"/en/danh-sach/ca-nhan/l/#top$"))
    assert page.evaluate("document.documentElement.lang") == "en"


def test_a_missing_page_named_by_its_first_row_leads_to_the_roll(probe: PageProbe) -> None:
    roll = "danh-sach/danh-hieu/bang-khen-bo-ban-nganh-tinh/"
    page = _arrive(probe, f"{roll}tu-nguoi-da-chuyen-trang/")
    page.wait_for_url(re.compile(f"/{roll}$"))
    # A page past the roll's former pages: the roll too.
    page = _arrive(probe, f"{roll}trang-99/")
    page.wait_for_url(re.compile(f"/{roll}$"))


def test_other_missing_addresses_stay_the_404_page(probe: PageProbe) -> None:
    # Not a roll: nothing to send on; "trang-2" of a roll that never had one neither.
    for path in [NOT_FOUND_PATH, "danh-sach/khong-co/trang-2/", "ho-so/trang-2/"]:
        page = probe.goto(path, expect_status=404)
        page.wait_for_timeout(300)  # the script has read the map by then
        assert page.url == probe.site.page_url(path)
        assert page.locator("[data-vd-moved]:visible").count() == 0


def test_a_site_below_the_hosts_root_sends_former_pages_on_below_it(
    tmp_path: Path, chromium: Browser
) -> None:
    root = write_build_project(tmp_path / "project")
    config = root / "site_config.yml"
    text = config.read_text("utf-8")
    config.write_text(
        text.replace("site_url: https://vinhdanh.example.vn/", f"site_url: https://x.vn/{SUBPATH}"),
        "utf-8",
    )
    assert build_project(root, today=dt.date(2024, 2, 1)).built
    # The host: the site at /the/site/, its 404.html answering every missing path.
    host = tmp_path / "host"
    (host / SUBPATH).parent.mkdir(parents=True)
    (host / SUBPATH).symlink_to(root / "site", target_is_directory=True)
    (host / "404.html").symlink_to(root / "site" / "404.html")
    with serve(host) as served, open_probe(chromium, served) as probe:
        page = _arrive(probe, f"{SUBPATH}danh-sach/ca-nhan/trang-2/")
        page.wait_for_url(re.compile(f"/{SUBPATH}danh-sach/ca-nhan/$"))
        assert page.locator("h1").inner_text() == "Cá nhân tiêu biểu"
