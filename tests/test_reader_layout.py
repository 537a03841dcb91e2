"""Phone-first reading in a real Chromium (issue 17, points 1-2): a roll is a list of entries at
390 px with no sideways scroll, no name is cut inside a word, chart text is at least 12 CSS px
on a phone and timeline labels never overlap, the statistics page has a contents list, no field
name reaches public text, the home page's first phone screen is an honour board, and the site's
navigation is on the home, search and statistics pages of a desktop."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from tests.browser import PHONE, PageProbe, ServedSite, open_probe

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Every test here builds a site or drives the browser (pyproject.toml: markers).
pytestmark = pytest.mark.slow

DESKTOP: dict[str, Any] = {"viewport": {"width": 1366, "height": 900}}
ROLLS = ("danh-sach/ca-nhan/", "danh-sach/tap-the/", "danh-sach/tinh/quang-tri/")
AWARDS_ROLL = "danh-sach/danh-hieu/bang-khen-thu-tuong/"
# Field names of the profile files: readers see labels, never these.
FIELD_NAME = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")

# Every word of each element matched by `selector`, measured with a Range: a word drawn on
# two lines has two client rects. Returns "text: word" for each cut word.
CUT_WORDS = """(selector) => {
  const cut = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) cut.push(element.textContent.trim() + ": " + match[0]);
      }
    }
  }
  return cut;
}"""


def box(page: Page, selector: str) -> list[dict[str, float]]:
    """The bounding boxes (viewport px) of every element matching `selector`."""
    result: list[dict[str, float]] = page.eval_on_selector_all(
        selector,
        """els => els.map(e => { const r = e.getBoundingClientRect();
            return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                    width: r.width, height: r.height}; })""",
    )
    return result


def test_a_roll_on_a_phone_is_a_list_of_entries(phone_probe: PageProbe) -> None:
    for path in ROLLS:
        page = phone_probe.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        entries = page.evaluate(
            """() => [...document.querySelectorAll('table.vd-entries tbody tr:not(.vd-roll-group)')]
              .map(tr => {
                const cells = [...tr.cells].map(td => {
                  const r = td.getBoundingClientRect();
                  return {text: td.textContent.trim(), top: r.top, left: r.left,
                          right: r.right, height: r.height};
                });
                return {display: getComputedStyle(tr).display, cells};
            })"""
        )
        assert entries, path
        for entry in entries:
            _number, name, role, place, award = entry["cells"]
            assert entry["display"] == "block", (path, name["text"])
            # Name, award with its year and place are all drawn, inside the screen.
            for cell in (name, place, award):
                if cell["text"]:
                    assert cell["height"] > 0, (path, cell["text"])
                    assert cell["left"] >= 0 and cell["right"] <= 390, (path, cell["text"])
            assert re.search(r"\(\d{4}\)$", award["text"]), (path, award["text"])
            # A list, not columns: the role, place and award each start below the name.
            for cell in (role, place, award):
                if cell["text"]:
                    assert cell["top"] > name["top"], (path, name["text"], cell["text"])
            assert place["top"] < award["top"] or not place["text"]
        # A province roll groups its rows under each commune's name (communes too small for a
        # page of their own): one heading row, drawn whole inside the screen.
        for head in page.evaluate(
            """() => [...document.querySelectorAll('table.vd-entries tr.vd-roll-group')].map(tr => {
                const r = tr.getBoundingClientRect();
                return {cells: tr.cells.length, text: tr.textContent.trim(), left: r.left,
                        right: r.right, height: r.height};
            })"""
        ):
            assert head["cells"] == 1 and head["text"] and head["height"] > 0, (path, head)
            assert head["left"] >= 0 and head["right"] <= 390, (path, head)
    phone_probe.assert_clean()


def test_an_awards_roll_on_a_phone_shows_award_and_year(phone_probe: PageProbe) -> None:
    page = phone_probe.goto(AWARDS_ROLL)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    rows = page.evaluate(
        """() => [...document.querySelectorAll('table.vd-entries--awards tbody tr')].map(tr => {
            const lines = td => {  // the cell's own text, not the punctuation drawn by CSS
              const range = document.createRange();
              range.selectNodeContents(td);
              return [...range.getClientRects()].map(r => [r.top, r.bottom, r.right]);
            };
            return [...tr.cells].map(td => ({text: td.textContent.trim(), lines: lines(td)}));
        })"""
    )
    assert rows
    for number, name, award, year, decision in rows:
        assert award["text"] and re.fullmatch(r"\d{4}", year["text"]), (name, year)
        # The number and name on the first line; the award below; its year right after it,
        # on the award's last line; the decision below that.
        assert abs(number["lines"][0][0] - name["lines"][0][0]) < 2, name["text"]
        assert award["lines"][0][0] >= name["lines"][-1][1] - 1, name["text"]
        assert abs(year["lines"][0][0] - award["lines"][-1][0]) < 2, name["text"]
        assert year["lines"][0][2] > award["lines"][-1][2], name["text"]
        if decision["text"]:
            assert decision["lines"][0][0] >= year["lines"][0][1] - 1, name["text"]
    phone_probe.assert_clean()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1366"])
def test_no_name_is_cut_inside_a_word(
    chromium: Browser, demo_site: ServedSite, viewport: dict[str, Any]
) -> None:
    with open_probe(chromium, demo_site, **viewport) as probe:
        for path in (*ROLLS, AWARDS_ROLL, "", "phong-trao/dan-van-kheo/"):
            page = probe.goto(path)
            checked = page.evaluate(
                "() => document.querySelectorAll('.vd-entries td, .vd-card__text p').length"
            )
            assert checked, path
            cut = page.evaluate(CUT_WORDS, ".vd-entries td, .vd-card__text p")
            assert not cut, (path, cut)


def test_chart_text_is_at_least_12px_on_a_phone(phone_probe: PageProbe, demo_project: Path) -> None:
    campaigns = sorted((demo_project / "site" / "phong-trao").glob("*/index.html"))
    paths = ["thong-ke/", "danh-sach/tinh/quang-tri/"] + [
        f"phong-trao/{p.parent.name}/" for p in campaigns
    ]
    seen = 0
    for path in paths:
        page = phone_probe.goto(path)
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('svg.vd-chart')].flatMap(svg => {
                const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                return [...svg.querySelectorAll('text')].map(t => ({
                  text: t.textContent,
                  px: parseFloat(getComputedStyle(t).fontSize) * scale,
                  height: t.getBoundingClientRect().height,
                }));
            })"""
        )
        seen += len(sizes)
        small = [s for s in sizes if s["px"] < 12 or s["height"] < 12]
        assert not small, (path, small[:5])
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    assert seen > 50


def test_timeline_labels_never_overlap(phone_probe: PageProbe, demo_project: Path) -> None:
    campaigns = sorted((demo_project / "site" / "phong-trao").glob("*/index.html"))
    timelines = 0
    for source in campaigns:
        path = f"phong-trao/{source.parent.name}/"
        page = phone_probe.goto(path)
        overlaps = page.evaluate(
            """() => [...document.querySelectorAll('svg.vd-chart[id^="moc-"]')].flatMap(svg => {
                const boxes = [...svg.querySelectorAll('text')]
                  .filter(t => t.getClientRects().length)
                  .map(t => [t.textContent, t.getBoundingClientRect()]);
                const found = [];
                boxes.forEach(([a, r], i) => boxes.slice(i + 1).forEach(([b, s]) => {
                  const x = Math.min(r.right, s.right) - Math.max(r.left, s.left);
                  const y = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
                  if (x > 0.5 && y > 0.5) found.push(a + ' / ' + b);
                }));
                return found;
            })"""
        )
        timelines += page.locator('svg.vd-chart[id^="moc-"]').count()
        assert not overlaps, (path, overlaps)
    assert timelines >= 3


def test_statistics_contents_list_links_to_every_section(demo_project: Path) -> None:
    html = (demo_project / "site" / "thong-ke" / "index.html").read_text("utf-8")
    contents = re.search(r'<nav class="vd-contents".*?</nav>', html, flags=re.S)
    assert contents, "no contents list"
    targets = re.findall(r'href="#([^"]+)"', contents[0])
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    assert len(targets) >= 10
    assert [t for t in targets if t not in ids] == []
    # Every section heading is listed.
    headings = re.findall(r'<h2 id="([^"]+)"', html)
    assert set(headings) <= set(targets), set(headings) - set(targets)


def test_statistics_contents_list_is_reached_on_a_phone(phone_probe: PageProbe) -> None:
    page = phone_probe.goto("thong-ke/")
    first = page.locator(".vd-contents a").first
    assert first.bounding_box() is not None
    link = page.locator(".vd-contents a", has_text="Theo năm")
    link.click()
    page.wait_for_function("location.hash === '#theo-nam'")
    top = page.evaluate("document.getElementById('theo-nam').getBoundingClientRect().top")
    assert 0 <= top < 200, top


class _Text(HTMLParser):
    """The text a reader sees: no scripts, styles, code samples or attribute values."""

    SKIP = frozenset({"script", "style", "code", "pre"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def test_no_field_name_in_public_text(demo_project: Path) -> None:
    site = demo_project / "site"
    found: dict[str, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        text = page.read_text("utf-8")
        parser = _Text()
        parser.feed(text)
        for name in FIELD_NAME.findall(" ".join(parser.parts)):
            found.setdefault(name, set()).add(page.relative_to(site).as_posix())
        # Outside the open-data page (which documents its columns; in both editions), not
        # even as code.
        if not page.relative_to(site).as_posix().startswith(("du-lieu/", "en/du-lieu/")):
            for code in re.findall(r"<code>([^<]*)</code>", text):
                if FIELD_NAME.search(code) or code.endswith(".yml"):
                    found.setdefault(code, set()).add(page.relative_to(site).as_posix())
    assert not found, found


@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
def test_home_first_phone_screen_is_an_honour_board(
    chromium: Browser, demo_site: ServedSite, demo_project: Path, script: bool
) -> None:
    owner = yaml.safe_load((demo_project / "site_config.yml").read_text("utf-8"))["owner"]
    with open_probe(chromium, demo_site, java_script_enabled=script, **PHONE) as probe:
        page = probe.goto("")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        cards = page.evaluate(
            """() => [...document.querySelectorAll('.vd-board .vd-card')].map(card => {
                const part = s => { const e = card.querySelector(s);
                  return e ? [e.textContent.trim(), e.getBoundingClientRect().bottom] : null; };
                return {name: part('.vd-card__name a'), award: part('.vd-card__award'),
                        place: part('.vd-card__place'),
                        picture: part('.vd-card__thumb img, .vd-card__thumb svg')};
            })"""
        )

        def shown(card: dict[str, Any]) -> bool:
            """Name, award, place and picture (photo or initials) drawn above 844 px."""
            parts = [card[k] for k in ("name", "award", "place", "picture")]
            return all(p and p[1] <= 844 for p in parts) and all(p[0] for p in parts[:3])

        assert len([c for c in cards if shown(c)]) >= 3, cards
        ways = {
            "tim-kiem/": "Tìm kiếm",
            "danh-sach/tinh/": "Theo địa phương",
            "danh-sach/#theo-danh-hieu": "Theo danh hiệu",
            "phong-trao/": "Theo phong trào",
        }
        for href, label in ways.items():
            link = page.locator(f'.vd-ways a[href$="{href}"]')
            assert link.inner_text().strip() == label
            found = link.bounding_box()
            assert found and found["y"] + found["height"] <= 844, (label, found)
        publisher = page.locator(".vd-publisher")
        assert owner in publisher.inner_text()
        found = publisher.bounding_box()
        assert found and found["y"] + found["height"] <= 844
        # Still says it is demo data, on the first screen.
        assert "Dữ liệu minh họa" in page.locator(".vd-banner").inner_text()
        probe.assert_clean()


def test_navigation_on_home_search_and_statistics_at_desktop(
    chromium: Browser, demo_site: ServedSite
) -> None:
    with open_probe(chromium, demo_site, **DESKTOP) as probe:
        for path in ("", "tim-kiem/", "thong-ke/", "danh-sach/ca-nhan/"):
            page = probe.goto(path)
            nav = page.locator(".md-sidebar--primary .md-nav__link")
            visible = [
                nav.nth(i).inner_text().strip()
                for i in range(nav.count())
                if nav.nth(i).is_visible()
            ]
            for label in ("Trang chủ", "Tìm kiếm", "Danh sách vinh danh", "Thống kê"):
                assert label in visible, (path, visible)
        probe.assert_clean()
