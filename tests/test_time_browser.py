"""Time-true pages in a real Chromium on a phone (issue 17.3): with the browser's clock set to
another day than the build's, comment windows, countdowns, the home count, a campaign's stage and
a citation's access date are told for the reader's day (generator/theme/assets/javascripts/
time.js); without JavaScript the page says which day it was built for."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser import PHONE, PageProbe, ServedSite, open_probe

if TYPE_CHECKING:
    from playwright.sync_api import Browser

# Every test here builds a site or drives the browser (pyproject.toml: markers).
pytestmark = pytest.mark.slow

ZONE = dt.timezone(dt.timedelta(hours=7))  # the reader's day is Vietnam's
WINDOW = re.compile(r'data-vd-window data-state="\w+" data-start="([\d-]+)" data-end="([\d-]+)"')


def demo_proposal(demo_project: Path) -> tuple[str, dt.date, dt.date]:
    """A proposal page of the built demo: its site path and its window."""
    pages = sorted((demo_project / "site" / "lay-y-kien").glob("*/index.html"))
    assert pages, "the demo shows a proposal at its build date"
    found = WINDOW.search(pages[0].read_text("utf-8"))
    assert found is not None
    path = pages[0].parent.relative_to(demo_project / "site").as_posix() + "/"
    return path, dt.date.fromisoformat(found[1]), dt.date.fromisoformat(found[2])


def all_windows(demo_project: Path) -> list[tuple[dt.date, dt.date]]:
    """Every window on the demo's comment page."""
    raw = (demo_project / "site" / "lay-y-kien" / "index.html").read_text("utf-8")
    return [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in WINDOW.findall(raw)]


@contextmanager
def reader_on(
    chromium: Browser, site: ServedSite, day: dt.date, javascript: bool = True
) -> Iterator[PageProbe]:
    """A phone whose clock says `day`, 10:00 in Vietnam."""
    with open_probe(
        chromium, site, timezone_id="Asia/Ho_Chi_Minh", java_script_enabled=javascript, **PHONE
    ) as probe:
        probe.page.clock.set_fixed_time(dt.datetime(day.year, day.month, day.day, 10, tzinfo=ZONE))
        yield probe


def vi(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def test_after_the_window_the_page_no_longer_says_it_is_open(
    chromium: Browser, demo_site: ServedSite, demo_project: Path
) -> None:
    path, _start, end = demo_proposal(demo_project)
    with reader_on(chromium, demo_site, end + dt.timedelta(days=3)) as probe:
        page = probe.goto(path)
        body = page.inner_text("main")
        assert "Đang lấy ý kiến" not in body
        assert page.inner_text("[data-vd-window]") == (
            f"Đã hết thời gian lấy ý kiến nhân dân: đã kết thúc ngày {vi(end)}."
        )
        assert "ngày dựng trang" not in body
        probe.assert_clean()


def test_before_the_window_the_page_says_when_it_opens(
    chromium: Browser, demo_site: ServedSite, demo_project: Path
) -> None:
    path, start, _end = demo_proposal(demo_project)
    with reader_on(chromium, demo_site, start - dt.timedelta(days=4)) as probe:
        page = probe.goto(path)
        assert page.inner_text("[data-vd-window]") == (
            f"Sắp lấy ý kiến nhân dân: bắt đầu từ ngày {vi(start)}, còn 4 ngày nữa."
        )
        probe.assert_clean()


def test_inside_the_window_the_countdown_is_the_readers(
    chromium: Browser, demo_site: ServedSite, demo_project: Path
) -> None:
    path, _start, end = demo_proposal(demo_project)
    with reader_on(chromium, demo_site, end - dt.timedelta(days=2)) as probe:
        page = probe.goto(path)
        assert page.inner_text("[data-vd-window]") == (
            f"Đang lấy ý kiến nhân dân: còn 3 ngày, đến hết ngày {vi(end)}."
        )
        # The opinion goes by e-mail with the proposal named in the subject.
        href = page.get_attribute(".vd-send a[href^='mailto:']", "href")
        assert href is not None and "?subject=G%C3%B3p%20%C3%BD%20" in href
        probe.assert_clean()


def test_comment_page_and_home_follow_the_readers_day(
    chromium: Browser, demo_site: ServedSite, demo_project: Path
) -> None:
    windows = all_windows(demo_project)
    after_all = max(end for _s, end in windows) + dt.timedelta(days=1)
    with reader_on(chromium, demo_site, after_all) as probe:
        page = probe.goto("lay-y-kien/")
        assert page.locator('[data-vd-window][data-state="open"]').count() == 0
        assert page.locator("[data-vd-none-open]").is_visible()
        assert "Đang lấy ý kiến" not in page.inner_text("main")
        home = probe.goto("")
        assert home.locator("[data-vd-proposals]").count() == 1
        assert not home.locator("[data-vd-proposals]").is_visible()
        probe.assert_clean()
    day = max(s for s, _e in windows)  # the last window to open is open that day
    open_then = sum(s <= day <= e for s, e in windows)
    with reader_on(chromium, demo_site, day) as probe:
        home = probe.goto("")
        assert home.inner_text("[data-vd-proposals] a") == (
            f"{open_then} đề nghị khen thưởng đang lấy ý kiến nhân dân"
        )
        probe.assert_clean()


def test_the_citation_says_when_the_reader_accessed_the_page(
    chromium: Browser, demo_site: ServedSite
) -> None:
    day = dt.date(2027, 1, 5)
    with reader_on(chromium, demo_site, day) as probe:
        page = probe.goto("ho-so/nguyen-thi-hoa-trieu-phong/")
        cite = page.inner_text(".vd-press__cite")
        assert cite.endswith(f", truy cập {vi(day)}."), cite
        assert page.get_attribute(".vd-press__cite time", "datetime") == day.isoformat()
        probe.assert_clean()


def test_a_campaign_stage_is_the_readers(chromium: Browser, demo_site: ServedSite) -> None:
    with reader_on(chromium, demo_site, dt.date(2027, 1, 5)) as probe:
        page = probe.goto("phong-trao/vi-nguoi-ngheo/")
        assert page.inner_text("[data-vd-period]") == (
            "đã hết thời gian phong trào (kết thúc ngày 31/12/2025)"
        )
        # The timeline's mark of the build's day is not shown as "today" on another day.
        assert page.get_attribute(".vd-today-mark", "visibility") == "hidden"
        probe.assert_clean()


def test_without_javascript_the_page_says_which_day_it_was_built_for(
    chromium: Browser, demo_site: ServedSite, demo_project: Path
) -> None:
    path, _start, _end = demo_proposal(demo_project)
    with reader_on(chromium, demo_site, dt.date(2030, 1, 1), javascript=False) as probe:
        page = probe.goto(path)
        assert re.search(r"tính đến ngày dựng trang \d\d/\d\d/\d{4}", page.inner_text("main"))
        cite = probe.goto("ho-so/nguyen-thi-hoa-trieu-phong/").inner_text(".vd-press__cite")
        assert cite.endswith("(tính đến ngày dựng trang).")
        probe.assert_clean()
