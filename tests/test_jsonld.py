"""Machine-readable pages: JSON-LD read by extruct (the parser search engines' tools share),
og:image sizes against the image files themselves, sitemap lastmod against the YAML's dates."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import extruct
import pytest
import yaml
from PIL import Image

from generator.commands.build import build_project
from generator.model.site import build_site
from tests.browser import copy_demo

# Every test here builds a site or drives the browser (pyproject.toml: markers).
pytestmark = pytest.mark.slow

SITE_URL = "https://vinhdanh.example.vn/"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PERSON = "bui-thi-nhuan-kim-duc"  # gender and birth year recorded; the page shows only the year
COLLECTIVE = "cong-ty-co-phan-may-tan-thuan-phat"


def profile_yaml(root: Path, slug: str) -> dict[str, Any]:
    """The profile's YAML as editors wrote it."""
    [path] = (root / "profiles").rglob(f"{slug}.yml")
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def page_html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def jsonld(site: Path, path: str) -> list[dict[str, Any]]:
    """Every JSON-LD document of a built page, as extruct parses it."""
    data = extruct.extract(
        page_html(site, path), base_url=SITE_URL + path, syntaxes=["json-ld"], uniform=True
    )
    found: list[dict[str, Any]] = data["json-ld"]
    return found


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.props: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        name = found.get("property") or found.get("name")
        if tag == "meta" and name and found.get("content") is not None:
            self.props[name] = found["content"] or ""


def meta(html: str) -> dict[str, str]:
    parser = _Meta()
    parser.feed(html)
    return parser.props


def published_profiles(site: Path) -> list[str]:
    return sorted(p.parent.name for p in (site / "ho-so").glob("*/index.html"))


@pytest.fixture(scope="module")
def site(demo_project: Path) -> Path:
    return demo_project / "site"


def test_profile_page_is_a_profile_page_of_a_person_with_the_yaml_awards(
    demo_project: Path, site: Path
) -> None:
    [doc] = jsonld(site, f"ho-so/{PERSON}/")
    source = profile_yaml(demo_project, PERSON)
    assert doc["@type"] == "ProfilePage"
    person = doc["mainEntity"]
    assert person["@type"] == "Person"
    name = source["name"]
    assert person["name"] == " ".join((name["family"], name["middle"], name["given"]))
    assert person["url"] == f"{SITE_URL}ho-so/{PERSON}/"
    # One award per decision in force in the YAML, each with its year.
    active = [a for a in source["awards"] if a.get("status", "active") == "active"]
    years = sorted(str(a["year"]) for a in active)
    assert sorted(a.rsplit("(", 1)[1].rstrip(")") for a in person["award"]) == years
    assert "Nghệ nhân ưu tú (2015)" in person["award"]
    assert person["address"]["addressLocality"] == "Phường Vân Phú, tỉnh Phú Thọ"
    assert person["description"] == source["summary"]
    # The photo: consented, and the very file the page shows first.
    assert source["consent"]["photo"] is True
    image = person["image"].removeprefix(SITE_URL)
    assert f'<img src="../../{image}"' in page_html(site, f"ho-so/{PERSON}/")
    # Privacy: nothing the page does not show (the page prints the birth year, never gender).
    assert "gender" not in person and "birthDate" not in person
    assert source["gender"] == "female"


def test_collective_is_an_organization_serving_its_place(demo_project: Path, site: Path) -> None:
    [doc] = jsonld(site, f"ho-so/{COLLECTIVE}/")
    org = doc["mainEntity"]
    source = profile_yaml(demo_project, COLLECTIVE)
    assert source["kind"] == "collective"
    assert org["@type"] == "Organization"
    assert org["areaServed"] == org["address"]["addressLocality"]
    assert len(org["award"]) == sum(
        1 for a in source["awards"] if a.get("status", "active") == "active"
    )


def test_every_profile_has_one_profile_page_whose_awards_are_those_in_force(
    demo_project: Path, site: Path
) -> None:
    model, _report = build_site(demo_project)
    assert model is not None
    entries = {e.slug: e for e in model.published()}
    for slug in published_profiles(site):
        if slug not in entries:
            continue  # a former slug's redirect page
        [doc] = jsonld(site, f"ho-so/{slug}/")
        entry = entries[slug]
        subject = doc["mainEntity"]
        person = entry.profile.kind == "individual"
        assert subject["@type"] == ("Person" if person else "Organization")
        assert subject["name"] == entry.display_name
        names = [f"{a.display}{' (truy tặng)' if a.record.posthumous else ''} ({a.record.year})"
                 for a in entry.active_awards]  # fmt: skip
        assert subject.get("award", []) == names, slug
        # Annulled or stripped awards are on the page (struck through), never in the data.
        assert len(subject.get("award", [])) == len(entry.active_awards) <= len(entry.awards)
        if "image" in subject:
            assert entry.public_photos, f"{slug}: a photo without consent"


def test_campaign_page_is_an_event(demo_project: Path, site: Path) -> None:
    [path] = [p for p in (demo_project / "content" / "campaigns").glob("nong-thon-moi.md")]
    front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    [doc] = jsonld(site, "phong-trao/nong-thon-moi/")
    assert doc["@type"] == "Event"
    assert doc["name"] == front["title"]
    assert doc["startDate"] == front["start"].isoformat()
    assert doc["organizer"]["name"] == front["launched_by"]


def test_open_data_page_is_a_dataset_with_its_downloads(demo_project: Path, site: Path) -> None:
    [doc] = jsonld(site, "du-lieu/")
    config = yaml.safe_load((demo_project / "site_config.yml").read_text(encoding="utf-8"))
    assert doc["@type"] == "Dataset"
    assert doc["license"] == config["data_licence"]["url"]
    assert doc["publisher"]["name"] == doc["creator"]["name"] == config["owner"]
    downloads = doc["distribution"]
    assert {d["encodingFormat"] for d in downloads} >= {"text/csv", "application/json"}
    for download in downloads:
        assert download["@type"] == "DataDownload"
        # Each one a file the build wrote.
        assert (site / download["contentUrl"].removeprefix(SITE_URL)).is_file(), download


def test_og_image_size_is_the_image_files_own(site: Path) -> None:
    for path in (f"ho-so/{PERSON}/", "phong-trao/nong-thon-moi/", ""):
        tags = meta((site / path / "index.html").read_text(encoding="utf-8"))
        image = site / tags["og:image"].removeprefix(SITE_URL)
        with Image.open(image) as im:
            assert (tags["og:image:width"], tags["og:image:height"]) == tuple(map(str, im.size))


def _yaml_dates(source: dict[str, Any]) -> list[dt.date]:
    dates = [source["updated"]] if source.get("updated") else []
    for award in source.get("awards", []):
        if award.get("decision_date"):
            dates.append(award["decision_date"])
        if award.get("revocation"):
            dates.append(award["revocation"]["date"])
    return dates


def test_sitemap_lastmod_is_each_profiles_own_latest_date(demo_project: Path, site: Path) -> None:
    tree = ET.parse(site / "sitemap.xml")
    lastmod = {
        url.findtext(f"{SITEMAP_NS}loc"): url.findtext(f"{SITEMAP_NS}lastmod")
        for url in tree.getroot().iter(f"{SITEMAP_NS}url")
    }
    build_day = lastmod[SITE_URL]  # the home page: the build's day
    model, _report = build_site(demo_project)
    assert model is not None
    seen: set[str | None] = set()
    checked = 0
    for entry in model.published():
        source = profile_yaml(demo_project, entry.slug)
        dates = _yaml_dates(source)
        if not dates:
            continue
        got = lastmod[f"{SITE_URL}ho-so/{entry.slug}/"]
        assert got == max(dates).isoformat(), entry.slug
        assert got != build_day or max(dates).isoformat() == build_day
        seen.add(got)
        checked += 1
    assert checked >= 10 and len(seen) >= 5  # the profiles' own dates, not one day for all


def test_a_rebuild_after_a_date_edit_dates_the_sitemap_as_a_clean_build(tmp_path: Path) -> None:
    """An incremental build (same pages, one new date) redates the sitemap it keeps; the
    sitemap and its .gz are then byte for byte those of a clean build."""
    today = dt.date(2026, 11, 12)
    root = copy_demo(tmp_path / "edited")
    assert build_project(root, today=today).built
    [source] = (root / "profiles").rglob(f"{PERSON}.yml")
    text = source.read_text(encoding="utf-8")
    assert "\nupdated: 2024-04-14\n" in text
    source.write_text(text.replace("\nupdated: 2024-04-14\n", "\nupdated: 2025-06-30\n"), "utf-8")
    assert build_project(root, today=today).built
    clean = copy_demo(tmp_path / "clean")
    [other] = (clean / "profiles").rglob(f"{PERSON}.yml")
    other.write_text(source.read_text(encoding="utf-8"), "utf-8")
    assert build_project(clean, today=today).built
    tree = ET.parse(root / "site" / "sitemap.xml")
    dates = {
        url.findtext(f"{SITEMAP_NS}loc"): url.findtext(f"{SITEMAP_NS}lastmod")
        for url in tree.getroot().iter(f"{SITEMAP_NS}url")
    }
    assert dates[f"{SITE_URL}ho-so/{PERSON}/"] == "2025-06-30"
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        assert (root / "site" / name).read_bytes() == (clean / "site" / name).read_bytes(), name


def test_birth_date_only_when_the_page_prints_it(tmp_path: Path) -> None:
    """A consented birth date is on the page ("Ngày sinh"), so in the JSON-LD; the year alone
    (the demo's default) has no schema.org field and stays out; gender never goes in."""
    root = copy_demo(tmp_path / "born")
    [source] = (root / "profiles").rglob(f"{PERSON}.yml")
    text = source.read_text(encoding="utf-8")
    assert "\nbirth_year: 1942\n" in text and "  birth_date: true\n" in text
    source.write_text(text.replace("\nbirth_year: 1942\n", "\nbirth_date: 1942-03-05\n"), "utf-8")
    assert build_project(root, today=dt.date(2026, 11, 12)).built
    site = root / "site"
    assert "<dt>Ngày sinh</dt>" in page_html(site, f"ho-so/{PERSON}/")
    [doc] = jsonld(site, f"ho-so/{PERSON}/")
    assert doc["mainEntity"]["birthDate"] == "1942-03-05"
    assert "gender" not in doc["mainEntity"]
    source.write_text(
        source.read_text("utf-8").replace("  birth_date: true\n", "  birth_date: false\n"), "utf-8"
    )
    assert build_project(root, today=dt.date(2026, 11, 12)).built
    assert "<dt>Ngày sinh</dt>" not in page_html(site, f"ho-so/{PERSON}/")
    [doc] = jsonld(site, f"ho-so/{PERSON}/")
    assert "birthDate" not in doc["mainEntity"]
