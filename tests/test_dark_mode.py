"""The dark colour scheme: chosen from the reader's system, switched by a Vietnamese toggle.

Material's "slate" scheme (pages/mkdocsconfig.py PALETTE) follows `prefers-color-scheme`; the
header's toggle switches it and remembers the choice. In the dark scheme every page must still
pass axe (tests/test_a11y.py: nothing serious or critical, colour contrast included), charts sit
on a light panel, and printing stays black on white. The browser fixtures are tests/browser.py's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser import DEMO_PAGES, PageProbe, ServedSite, open_probe
from tests.test_a11y import FAILING_IMPACTS, describe, run_axe

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Every test here builds a site or drives the browser (pyproject.toml: markers).
pytestmark = pytest.mark.slow

DESKTOP = {"width": 1280, "height": 900}
SEARCH_PATH = "tim-kiem/?q=b%E1%BA%B1ng+khen"  # "bằng khen": a query with many results
# Home, a profile (and a revoked one: its red badge), a roll, the statistics (charts), search.
DARK_PAGES: dict[str, str] = {
    name: DEMO_PAGES[name][0]
    for name in ("home", "profile-old-locality", "profile-revoked", "listing", "statistics")
} | {"search": SEARCH_PATH}
TO_DARK = "Chuyển sang giao diện tối"
TO_LIGHT = "Chuyển sang giao diện sáng"
WHITE = "rgb(255, 255, 255)"
BLACK = "rgb(0, 0, 0)"


@pytest.fixture
def dark_probe(chromium: Any, demo_site: ServedSite) -> Iterator[PageProbe]:
    """A page on the served demo whose system prefers a dark colour scheme."""
    with open_probe(chromium, demo_site, viewport=DESKTOP, color_scheme="dark") as found:
        yield found


@pytest.fixture
def light_probe(chromium: Any, demo_site: ServedSite) -> Iterator[PageProbe]:
    """A page on the served demo whose system prefers a light colour scheme."""
    with open_probe(chromium, demo_site, viewport=DESKTOP, color_scheme="light") as found:
        yield found


def scheme(page: Page) -> str | None:
    """Material's colour scheme on the page now ("default" or "slate")."""
    value: str | None = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    return value


def wait_for_scheme(page: Page, expected: str) -> None:
    """Wait until Material's script has set `expected` on the body (it runs after parsing)."""
    page.wait_for_function(
        "s => document.body.getAttribute('data-md-color-scheme') === s", arg=expected
    )


def wait_for_results(page: Page) -> None:
    """Wait until the search page has shown its results (tests/test_search.py)."""
    page.wait_for_function(
        "() => !document.querySelector('.vd-results__status').textContent.startsWith('Đang')"
    )
    page.wait_for_load_state("networkidle")


def visible_toggle(page: Page) -> Any:
    """The palette toggle the header shows now (Material hides the other one)."""
    return page.locator("form[data-md-component='palette'] label:visible")


def assert_no_serious_violation(probe: PageProbe, where: str) -> None:
    """axe finds nothing serious or critical on the page now open in `probe`."""
    violations = run_axe(probe)
    serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not serious, f"{where} (dark):\n{describe(violations)}"


@pytest.mark.parametrize("name", list(DARK_PAGES))
def test_dark_scheme_follows_the_system_and_stays_accessible(
    name: str, dark_probe: PageProbe
) -> None:
    path = DARK_PAGES[name]
    page = dark_probe.goto(path)
    wait_for_scheme(page, "slate")
    if name == "search":
        wait_for_results(page)
        assert page.locator(".vd-result__title").count() > 0
    assert_no_serious_violation(dark_probe, path or "/")
    if name == "search":
        # The header's suggestions too, drawn over the dark page.
        box = page.locator("#vd-search-input")
        box.click()
        box.press_sequentially("nguyen", delay=15)
        page.locator(".vd-search__panel:not([hidden]) .vd-search__option").first.wait_for()
        assert_no_serious_violation(dark_probe, f"{path} with the header's suggestions open")
    dark_probe.screenshot(f"dark-{name}")
    dark_probe.assert_clean()


def test_charts_sit_on_a_light_panel_only_in_the_dark(
    dark_probe: PageProbe, light_probe: PageProbe
) -> None:
    path = DEMO_PAGES["statistics"][0]
    backgrounds = """() => [...document.querySelectorAll("svg.vd-chart")].map(
        svg => getComputedStyle(svg).backgroundColor)"""
    dark = dark_probe.goto(path)
    wait_for_scheme(dark, "slate")
    found = dark.evaluate(backgrounds)
    assert found and set(found) == {WHITE}, found
    # The panel's padding must not squash the drawing: height still follows the viewBox.
    ratios = dark.evaluate(
        """() => [...document.querySelectorAll("svg.vd-chart")].map(svg => {
          const box = svg.getBoundingClientRect(), pad = parseFloat(getComputedStyle(svg).padding);
          const view = svg.viewBox.baseVal;
          return [(box.width - 2 * pad) / (box.height - 2 * pad), view.width / view.height];
        })"""
    )
    assert all(abs(drawn - viewed) < 0.02 for drawn, viewed in ratios), ratios
    light = light_probe.goto(path)
    assert scheme(light) == "default"
    assert set(light.evaluate(backgrounds)) == {"rgba(0, 0, 0, 0)"}


def test_toggle_switches_the_scheme_and_is_named_in_vietnamese(light_probe: PageProbe) -> None:
    page = light_probe.goto("")
    wait_for_scheme(page, "default")
    toggle = visible_toggle(page)
    assert toggle.count() == 1
    assert toggle.get_attribute("title") == TO_DARK
    # The checked radio, the one Tab reaches, is named for what the toggle does next.
    assert page.get_by_role("radio", name=TO_DARK, exact=True).is_checked()
    toggle.click()
    wait_for_scheme(page, "slate")
    toggle = visible_toggle(page)
    assert toggle.get_attribute("title") == TO_LIGHT
    assert page.get_by_role("radio", name=TO_LIGHT, exact=True).is_checked()
    # Material remembers the choice: the next page opens dark although the system is light.
    light_probe.goto(DEMO_PAGES["statistics"][0])
    wait_for_scheme(page, "slate")
    assert page.get_by_role("radio", name=TO_LIGHT, exact=True).is_checked()
    visible_toggle(page).click()
    wait_for_scheme(page, "default")
    header = page.locator("header.md-header").inner_html()
    assert "Switch to" not in header  # no English label left from Material
    light_probe.assert_clean()


def tab_to_toggle(page: Page) -> dict[str, Any]:
    """Press Tab until the palette toggle has the focus; its id and accessible name."""
    for _ in range(10):
        page.keyboard.press("Tab")
        found: dict[str, Any] = page.evaluate(
            """() => ({id: document.activeElement.id, name: document.activeElement.name,
                       label: document.activeElement.getAttribute("aria-label")})"""
        )
        if found["name"] == "__palette":
            return found
    raise AssertionError("Tab never reached the colour-scheme toggle")


@pytest.mark.parametrize(("system", "start", "name", "then"), [
    ("dark", "slate", TO_LIGHT, "default"),
    ("light", "default", TO_DARK, "slate"),
])  # fmt: skip
def test_keyboard_reaches_a_toggle_named_for_what_it_does(
    system: str, start: str, name: str, then: str, chromium: Any, demo_site: ServedSite
) -> None:
    # A first visit, nothing stored: the radio Tab reaches must name the switch Enter makes.
    options: dict[str, Any] = {"viewport": DESKTOP, "color_scheme": system}
    with open_probe(chromium, demo_site, **options) as found:
        page = found.goto(DEMO_PAGES["profile-old-locality"][0])
        wait_for_scheme(page, start)
        assert tab_to_toggle(page)["label"] == name
        page.keyboard.press("Enter")
        wait_for_scheme(page, then)
        after = page.evaluate("document.activeElement.getAttribute('aria-label')")
        assert after == (TO_DARK if then == "default" else TO_LIGHT)
        found.assert_clean()


def test_dark_reader_can_switch_to_light(dark_probe: PageProbe) -> None:
    page = dark_probe.goto(DEMO_PAGES["profile-old-locality"][0])
    wait_for_scheme(page, "slate")
    toggle = visible_toggle(page)
    assert toggle.get_attribute("title") == TO_LIGHT
    toggle.click()
    wait_for_scheme(page, "default")
    assert visible_toggle(page).get_attribute("title") == TO_DARK
    dark_probe.assert_clean()


def test_printing_from_the_dark_scheme_is_black_on_white(dark_probe: PageProbe) -> None:
    page = dark_probe.goto("")
    wait_for_scheme(page, "slate")
    page.emulate_media(media="print", color_scheme="dark")
    colours = page.evaluate(
        """() => {
          const style = sel => getComputedStyle(document.querySelector(sel));
          return {
            text: style(".md-typeset").color,
            page: style("body").backgroundColor,
            notice: style(".vd-notice").backgroundColor,
            illustrative: style(".vd-illustrative").backgroundColor,
          };
        }"""
    )
    assert colours["text"] == BLACK, colours
    assert colours["page"] in (WHITE, "rgba(0, 0, 0, 0)"), colours
    assert colours["notice"] == colours["illustrative"] == "rgba(0, 0, 0, 0)", colours


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a "#rrggbb" colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two "#rrggbb" colours."""
    high, low = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("name", ["home", "profile-revoked"])
def test_initials_keep_their_own_background_in_the_dark(name: str, dark_probe: PageProbe) -> None:
    # Placeholders (generator/images/picture.py) paint an opaque light rectangle under dark
    # initials, so the dark page behind them changes nothing.
    page = dark_probe.goto(DEMO_PAGES[name][0])
    wait_for_scheme(page, "slate")
    pairs = page.evaluate(
        """() => [...document.querySelectorAll(".vd-card__thumb svg, .vd-portrait svg")].map(
          svg => [svg.querySelector("rect").getAttribute("fill"),
                  svg.querySelector("text").getAttribute("fill")])"""
    )
    assert pairs, f"no initials on {name}"
    assert all(contrast(back, ink) >= 4.5 for back, ink in pairs), pairs
