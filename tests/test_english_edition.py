"""The English edition (issue #22 points 1 and 3): its structure, links, switch, hreflang,
sitemap and search.

With `english_edition: true` in site_config.yml (the demo has it) every page of the site is
also written under en/ at the same path; the pages' links stay in their edition, shared files
(photos, data, feeds) stay single at the root; a plain link switches to the same page in the
other edition; the sitemap lists both, with hreflang vi/en/x-default; the English
search page searches the one index and reads English award names. Off, none of it exists.
The words of the English pages are tests/test_english_words.py's.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

import pytest

from generator.commands.build import build_project
from generator.model.site import build_site
from generator.model.urls import edition_link, edition_path
from generator.search.englishnames import english_synonyms, english_words
from tests.browser import PageProbe, ServedSite, node_tool
from tests.projects import CONFIG, write_small_project
from tests.test_html_valid import is_known_material_error, run_vnu

SITE_URL = "https://vinhdanh.example.vn/"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML_NS = "{http://www.w3.org/1999/xhtml}"
# One English page of each kind, for the W3C checker and axe.
SAMPLE = [
    "en/",
    "en/ho-so/nguyen-thi-hoa-trieu-phong/",
    "en/danh-sach/ca-nhan/",
    "en/danh-sach/tinh/quang-tri/",
    "en/phong-trao/dan-van-kheo/",
    "en/thong-ke/",
    "en/tim-kiem/",
    "en/du-lieu/",
    "en/gioi-thieu/",
    "en/lay-y-kien/",
]


# --- the paths (no build) ----------------------------------------------------------------------


def test_an_edition_is_the_same_path_under_its_folder() -> None:
    assert edition_path("vi", "ho-so/a/") == "ho-so/a/"
    assert edition_path("en", "ho-so/a/") == "en/ho-so/a/"
    assert edition_path("en", "") == "en/"
    # Pages go to the edition's page; files stay single at the root.
    assert edition_link("en", "danh-sach/") == "en/danh-sach/"
    assert edition_link("en", "") == "en/"
    for shared in ("anh/a/1-480.webp", "api/v1/profiles/a.json", "feeds/vinh-danh.xml"):
        assert edition_link("en", shared) == shared
    assert edition_link("vi", "danh-sach/") == "danh-sach/"


def test_english_award_names_are_read_in_any_order(tmp_path: Path) -> None:
    site, report = build_site(write_small_project(tmp_path))
    assert site is not None, [p.format("en") for p in report]
    table = json.loads(english_synonyms(site))
    names = {tuple(words): vi for words, vi in table}
    # What search.js does with the table: the first (longest) entry whose words the query holds.
    for query, expected in [
        ("labour hero", "Anh hùng Lao động"),
        ("Hero of Labour", "Anh hùng Lao động"),
        ("hero of labor", "Anh hùng Lao động"),
        ("labour order", "Huân chương Lao động"),
    ]:
        words = set(english_words(query))
        found = next(vi for w, vi in table if set(w) <= words)
        assert found == expected, query
    assert ("hero", "labour") in names
    assert [len(w) for w, _vi in table] == sorted((len(w) for w, _vi in table), reverse=True)


# --- a built site --------------------------------------------------------------------------------


class _Links(HTMLParser):
    """The parts of a page the structure tests read: <html lang>, links, alternates, switch."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.hrefs: list[tuple[str, str, dict[str, str]]] = []  # (tag, href, attributes)
        self.alternates: dict[str, str] = {}
        self.switch: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = found.get("lang", "")
        if tag == "link" and found.get("rel") == "alternate" and "hreflang" in found:
            self.alternates[found["hreflang"]] = found["href"]
        if tag == "a" and "vd-edition" in found.get("class", "").split():
            self.switch = found
        if tag in ("a", "link") and "href" in found:
            self.hrefs.append((tag, found["href"], found))


def parse(path: Path) -> _Links:
    """The page at `path`, parsed."""
    parser = _Links()
    parser.feed(path.read_text("utf-8"))
    return parser


def theme_pages(site: Path) -> Iterator[str]:
    """Site paths of the pages the theme rendered (post-build redirects and tombstones are
    plain HTML without Material's header), "" for the home page."""
    for file in sorted(site.rglob("index.html")):
        if 'data-md-component="header"' in file.read_text("utf-8"):
            rel = file.parent.relative_to(site).as_posix()
            yield "" if rel == "." else rel + "/"


def target_of(site: Path, page: str, href: str) -> str | None:
    """The site path `href` on the page at `page` leads to (None: not a link into the site)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("#", "mailto:", "tel:")):
        return None
    resolved = urlsplit(urljoin(f"http://x/{page}", href)).path
    path = unquote(resolved.lstrip("/"))
    if path and not path.endswith("/") and (site / path).is_dir():
        path += "/"  # "../.." from the English home: the folder
    return path


def exists(site: Path, path: str) -> bool:
    """Whether the site holds the page or file at site path `path`."""
    return (
        (site / path / "index.html").is_file()
        if path == "" or path.endswith("/")
        else (site / path).is_file()
    )


@pytest.mark.slow
def test_every_page_has_its_english_twin_and_links_it(demo_project: Path) -> None:
    site = demo_project / "site"
    pages = list(theme_pages(site))
    english = [p for p in pages if p.startswith("en/")]
    vietnamese = [p for p in pages if not p.startswith("en/")]
    assert len(english) > 100
    assert sorted(english) == sorted(edition_path("en", p) for p in vietnamese)
    for page in vietnamese:
        found = parse(site / page / "index.html")
        assert found.lang == "vi", page
        twin = edition_path("en", page)
        assert found.switch is not None, page
        assert found.switch["hreflang"] == "en" and found.switch["lang"] == "en", page
        assert target_of(site, page, found.switch["href"]) == twin, page
        # hreflang is in the sitemap: in the head, Material's bundle fetches a sitemap.xml
        # beside each alternate (two failed requests a page).
        assert found.alternates == {}, page
    for page in english:
        found = parse(site / page / "index.html")
        assert found.lang == "en", page
        original = page.removeprefix("en/")
        assert found.switch is not None, page
        assert (found.switch["hreflang"], found.switch["lang"]) == ("vi", "vi"), page
        assert found.switch.get("lang") == "vi"
        assert target_of(site, page, found.switch["href"]) == original, page
        assert found.alternates == {}, page
    # Link previews say the edition's language and name the site in it (site_config.yml `en:`).
    home = (site / "en" / "index.html").read_text("utf-8")
    assert '<meta property="og:locale" content="en_GB">' in home
    assert '<meta property="og:site_name" content="Vinh danh — Roll of honour' in home
    profile = (site / "ho-so" / "nguyen-thi-hoa-trieu-phong" / "index.html").read_text("utf-8")
    assert '<meta property="og:locale" content="vi_VN">' in profile


@pytest.mark.slow
def test_links_on_english_pages_stay_in_the_english_edition(demo_project: Path) -> None:
    site = demo_project / "site"
    dead: list[str] = []
    to_vietnamese: list[str] = []
    shared = 0
    for page in (p for p in theme_pages(site) if p.startswith("en/")):
        found = parse(site / page / "index.html")
        for tag, href, attributes in found.hrefs:
            target = target_of(site, page, href)
            if target is None:
                continue
            if not exists(site, target):
                dead.append(f"{page}: {href}")
            elif (target == "" or target.endswith("/")) and not target.startswith("en/"):
                # A Vietnamese page: only the switch may lead there (the alternates are
                # absolute, read above).
                if attributes.get("hreflang") != "vi":
                    to_vietnamese.append(f"{page}: <{tag}> {href}")
            elif not target.startswith("en/"):
                shared += 1  # a file at the root: photos, data, feeds, assets
    assert dead == []
    assert to_vietnamese == []
    assert shared > 0  # the shared files are linked, once, at the root
    assert not (site / "en" / "anh").exists() and not (site / "en" / "api").exists()


@pytest.mark.slow
def test_the_sitemap_lists_both_editions(demo_project: Path) -> None:
    site = demo_project / "site"
    tree = ElementTree.parse(site / "sitemap.xml")
    urls = list(tree.iter(f"{SITEMAP_NS}url"))
    locs = {e.findtext(f"{SITEMAP_NS}loc") or "" for e in urls}
    paths = {loc.removeprefix(SITE_URL) for loc in locs}
    # Each page names both editions: hreflang vi, en and x-default (the Vietnamese).
    for url in urls:
        path = (url.findtext(f"{SITEMAP_NS}loc") or "").removeprefix(SITE_URL)
        original = path.removeprefix("en/")
        alternates = {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML_NS}link")
        }
        assert alternates == {
            "vi": SITE_URL + original,
            "en": SITE_URL + "en/" + original,
            "x-default": SITE_URL + original,
        }, path
    # The English pages are dated like their Vietnamese ones (the profile's own date).
    dates = {
        (url.findtext(f"{SITEMAP_NS}loc") or "").removeprefix(SITE_URL): url.findtext(
            f"{SITEMAP_NS}lastmod"
        )
        for url in urls
    }
    profile = "ho-so/nguyen-thi-hoa-trieu-phong/"
    assert dates[profile] and dates["en/" + profile] == dates[profile]
    english = {p for p in paths if p.startswith("en/")}
    assert english and {p.removeprefix("en/") for p in english} == paths - english
    assert {"en/", "en/ho-so/nguyen-thi-hoa-trieu-phong/", "en/thong-ke/"} <= english
    # A comment page is out of search engines in both editions; the index page is listed.
    assert "en/lay-y-kien/" in english
    assert not any(p.startswith("lay-y-kien/") and p != "lay-y-kien/" for p in paths)
    assert not any(p.startswith("en/lay-y-kien/") and p != "en/lay-y-kien/" for p in paths)
    proposals = [
        p for p in theme_pages(site) if p.startswith("en/lay-y-kien/") and p.count("/") > 2
    ]
    assert proposals, "the demo has a proposal page"
    assert 'name="robots" content="noindex"' in (site / proposals[0] / "index.html").read_text()


def test_a_wrong_switch_is_refused_at_its_line(tmp_path: Path) -> None:
    root = write_small_project(
        tmp_path, **{"site_config.yml": CONFIG + "english_edition: sometimes\n"}
    )
    _site, report = build_site(root)
    messages = [p.format("vi") for p in report if p.severity == "error"]
    line = CONFIG.count("\n") + 1
    assert any(f"site_config.yml:{line}" in m and "english_edition" in m for m in messages), (
        messages
    )


@pytest.mark.slow
def test_edition_off_writes_nothing_of_it(tmp_path: Path) -> None:
    # (The golden project has it off: tests/test_golden.py holds its pages unchanged.)
    root = write_small_project(tmp_path)
    result = build_project(root, today=dt.date(2026, 11, 20))
    assert result.built, [p.format("en") for p in result.report]
    site = root / "site"
    assert not (site / "en").exists()
    for page in theme_pages(site):
        text = (site / page / "index.html").read_text("utf-8")
        assert "hreflang" not in text and "vd-edition" not in text, page
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "/en/" not in sitemap and "hreflang" not in sitemap


# --- incremental -----------------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _clean_copy(root: Path, into: Path) -> Path:
    into.mkdir(parents=True)
    for name in ("profiles", "content", "decisions", "clusters"):
        if (root / name).is_dir():
            shutil.copytree(root / name, into / name)
    shutil.copy2(root / "site_config.yml", into / "site_config.yml")
    return into


def _assert_same_as_clean(root: Path, work: Path, today: dt.date) -> None:
    clean = _clean_copy(root, work)
    assert build_project(clean, today=today).built
    built, expected = _snapshot(root / "site"), _snapshot(clean / "site")
    assert sorted(built) == sorted(expected)
    assert [p for p in expected if built[p] != expected[p]] == []


@pytest.mark.slow
def test_one_edit_rebuilds_equal_clean_builds_with_the_edition_on(tmp_path: Path) -> None:
    today = dt.date(2026, 11, 20)
    root = write_small_project(tmp_path / "project")
    assert build_project(root, today=today).built
    assert not (root / "site" / "en").exists()
    # Turned on: the whole site is made again (the configuration is in every page's key).
    config = root / "site_config.yml"
    config.write_text(config.read_text("utf-8") + "english_edition: true\n", "utf-8")
    assert build_project(root, today=today).built
    assert (root / "site" / "en" / "index.html").is_file()
    _assert_same_as_clean(root, tmp_path / "clean-1", today)
    # One profile edited: its pages in both editions change, and nothing else differs.
    profile = root / "profiles" / "nguyen-van-an.yml"
    profile.write_text(profile.read_text("utf-8") + 'summary: "Nông dân, đã sửa."\n', "utf-8")
    result = build_project(root, today=today)
    assert result.built and result.docs.written >= 2
    for edition in ("", "en/"):
        page = root / "site" / f"{edition}ho-so/nguyen-van-an/index.html"
        assert "Nông dân, đã sửa." in page.read_text("utf-8"), edition
    _assert_same_as_clean(root, tmp_path / "clean-2", today)
    # One profile added: its entries (both editions', with their alternates) put in the
    # sitemap the engine keeps (generator.commands.keptsitemap), as a clean build lists them.
    added = profile.read_text("utf-8").replace("slug: nguyen-van-an", "slug: le-thi-moi", 1)
    added = added.replace("family: Nguyễn\n  middle: Văn\n  given: An", "family: Lê\n  given: Mơ")
    (root / "profiles" / "le-thi-moi.yml").write_text(added, "utf-8")
    assert build_project(root, today=today).built
    sitemap = (root / "site" / "sitemap.xml").read_text("utf-8")
    assert "/en/ho-so/le-thi-moi/</loc>" in sitemap
    _assert_same_as_clean(root, tmp_path / "clean-added", today)
    # Turned off again: no English page is left behind.
    config.write_text(config.read_text("utf-8").replace("english_edition: true\n", ""), "utf-8")
    assert build_project(root, today=today).built
    assert not (root / "site" / "en").exists()
    _assert_same_as_clean(root, tmp_path / "clean-3", today)


# --- in the browser ----------------------------------------------------------------------------


def _result_links(page: Any) -> list[str]:
    page.wait_for_function(
        "() => { const s = document.querySelector('.vd-results__status').textContent;"
        " return s && !s.startsWith('Đang') && !s.startsWith('Searching'); }"
    )
    page.wait_for_load_state("networkidle")
    return [a.get_attribute("href") or "" for a in page.locator(".vd-result__title a").all()]


@pytest.mark.slow
def test_the_english_search_page_finds_names_and_english_award_names(
    probe: PageProbe, demo_site: ServedSite
) -> None:
    page = probe.goto("en/tim-kiem/?q=nguyen+thi+hoa")
    assert page.locator("html").get_attribute("lang") == "en"
    links = _result_links(page)
    assert "/en/ho-so/nguyen-thi-hoa-trieu-phong/" in links[:3], links
    assert all(link.startswith("/en/") for link in links), links
    # The records are Vietnamese in both editions: marked so on the English page.
    assert page.locator('.vd-result__body[lang="vi"]').count() == len(links)
    heroes = ["/en/ho-so/duong-van-thiet/", "/en/ho-so/ngo-van-khai/"]
    for query in ("labour+hero", "hero+of+labour"):
        page = probe.goto(f"en/tim-kiem/?q={query}")
        links = _result_links(page)
        assert links and any(h in links for h in heroes), (query, links)
    # The same words on the Vietnamese page are searched as typed (no table there).
    page = probe.goto("tim-kiem/?q=labour+hero")
    assert not any(h.removeprefix("/en") in _result_links(page) for h in heroes)
    # The header box of an English page leads to English pages too.
    page = probe.goto("en/")
    page.locator("#vd-search-input").fill("labour order")
    page.wait_for_selector(".vd-search__option")
    hrefs = page.eval_on_selector_all(".vd-search__option", "els => els.map(e => e.dataset.href)")
    assert hrefs and all(h.startswith("/en/") for h in hrefs), hrefs
    assert page.locator('.vd-search__option .vd-search__text[lang="vi"]').count() == len(hrefs)
    # On a phone the results' panel stays on the screen beside the language switch.
    page.set_viewport_size({"width": 360, "height": 740})
    page.locator("#vd-search-input").fill("labour hero")
    page.wait_for_selector(".vd-search__option")
    panel = page.locator(".vd-search__panel").bounding_box()
    assert panel is not None and panel["x"] >= 0 and panel["x"] + panel["width"] <= 360
    probe.assert_clean()


@pytest.mark.slow
def test_english_pages_are_valid_html(demo_project: Path) -> None:
    site = demo_project / "site"
    files = [site / path / "index.html" for path in SAMPLE]
    errors = [m for m in run_vnu(files) if not is_known_material_error(m)]
    assert errors == [], json.dumps(errors, ensure_ascii=False, indent=1)[:4000]


@pytest.mark.slow
def test_english_pages_pass_axe_on_a_phone(phone_probe_schemes: PageProbe) -> None:
    failing: list[str] = []
    for path in SAMPLE:
        phone_probe_schemes.goto(path)
        phone_probe_schemes.page.add_script_tag(path=str(node_tool("axe-core/axe.min.js")))
        result = phone_probe_schemes.page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        failing += [
            f"{path}: [{v['impact']}] {v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
    assert failing == []
    phone_probe_schemes.assert_clean()
