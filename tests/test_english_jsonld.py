"""JSON-LD on the English edition's pages (issue #22 point 1): the English record, read by extruct
(the parser of tests/test_jsonld.py). `inLanguage: en`, the English page as `url`, award names,
places and the site's words in English, the editor's `en:` text where given, the Vietnamese
kept as a value tagged `@language: vi` where not, names as written; what the page is about has
one `@id` in both editions (the Vietnamese page's URL, the x-default).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import extruct
import pytest
import yaml

from generator.model.site import build_site
from generator.pages.render import render_site
from tests.projects import CONFIG, PERSON, write_small_project

SITE_URL = "https://vinhdanh.example.vn/"
TODAY = dt.date(2026, 12, 5)
EDITION = CONFIG + "english_edition: true\nen:\n  site_name: Trial roll of honour\n"
WITH_ENGLISH = PERSON + "en:\n  position: Farmer\n"
SLUG = "nguyen-van-an"


def _jsonld(html: str, path: str) -> dict[str, Any]:
    """The one JSON-LD document of a page, as extruct parses it."""
    found = extruct.extract(html, base_url=SITE_URL + path, syntaxes=["json-ld"], uniform=True)
    [document] = found["json-ld"]
    assert isinstance(document, dict)
    return document


def _profile_docs(tmp_path: Path, person: str) -> dict[str, dict[str, Any]]:
    """The profile's JSON-LD in each edition, from the rendered pages' front matter."""
    root = write_small_project(
        tmp_path, **{"site_config.yml": EDITION, f"profiles__{SLUG}.yml": person}
    )
    site, report = build_site(root)
    assert site is not None, [p.format("en") for p in report]
    docs = render_site(site, TODAY).docs
    found = {}
    for language, path in (("vi", f"ho-so/{SLUG}/"), ("en", f"en/ho-so/{SLUG}/")):
        head = docs[f"{path}index.md"].split("---\n")[1]
        script = yaml.safe_load(head)["jsonld"]  # the front matter's value, as MkDocs reads it
        html = f'<script type="application/ld+json">{script}</script>'
        found[language] = _jsonld(html, path)
    return found


def test_the_english_profile_record_is_in_english(tmp_path: Path) -> None:
    docs = _profile_docs(tmp_path, WITH_ENGLISH)
    vi, en = docs["vi"], docs["en"]
    assert vi["inLanguage"] == "vi" and en["inLanguage"] == "en"
    assert vi["url"] == f"{SITE_URL}ho-so/{SLUG}/"
    assert en["url"] == en["mainEntity"]["url"] == f"{SITE_URL}en/ho-so/{SLUG}/"
    assert en["isPartOf"] == {
        "@type": "WebSite",
        "name": "Trial roll of honour",
        "url": SITE_URL + "en/",
    }
    # One subject, named the same way from both pages.
    assert en["mainEntity"]["@id"] == vi["mainEntity"]["@id"] == f"{SITE_URL}ho-so/{SLUG}/#subject"
    assert en["mainEntity"]["name"] == vi["mainEntity"]["name"] == "Nguyễn Văn An"
    assert vi["mainEntity"]["award"] == ["Huân chương Lao động hạng Ba (2019)"]
    assert en["mainEntity"]["award"] == ["Labour Order, Third Class (2019)"]
    assert en["mainEntity"]["jobTitle"] == "Farmer"  # the editor's en:
    assert vi["mainEntity"]["jobTitle"] == "Nông dân"
    assert en["mainEntity"]["address"]["addressLocality"].endswith("Quảng Trị province")


def test_vietnamese_kept_on_the_english_record_is_tagged(tmp_path: Path) -> None:
    en = _profile_docs(tmp_path, PERSON)["en"]
    assert en["mainEntity"]["jobTitle"] == {"@value": "Nông dân", "@language": "vi"}


# --- the demo, every English page with a record ---------------------------------------------


@pytest.mark.slow
def test_every_english_record_says_english_and_names_what_the_vietnamese_one_names(
    demo_project: Path,
) -> None:
    site = demo_project / "site"
    pages = sorted(
        p.parent.relative_to(site / "en").as_posix() + "/"
        for p in (site / "en").rglob("index.html")
        if 'type="application/ld+json"' in p.read_text(encoding="utf-8")
    )
    kinds = set()
    for path in pages:
        en = _jsonld((site / "en" / path / "index.html").read_text(encoding="utf-8"), f"en/{path}")
        vi = _jsonld((site / path / "index.html").read_text(encoding="utf-8"), path)
        kinds.add(en["@type"])
        assert en["inLanguage"] == "en" and vi["inLanguage"] == "vi", path
        assert en["url"] == f"{SITE_URL}en/{path}" and vi["url"] == f"{SITE_URL}{path}", path
        subject_en = en.get("mainEntity", en)
        subject_vi = vi.get("mainEntity", vi)
        assert subject_en["@id"] == subject_vi["@id"], path
        assert subject_en["@id"].startswith(f"{SITE_URL}{path}#"), path
        if en["@type"] == "ProfilePage":
            # Award names from the taxonomy's English: none of the Vietnamese ones.
            assert not set(subject_en.get("award", [])) & set(subject_vi.get("award", [])), path
        if en["@type"] == "Dataset":
            assert en["name"].startswith("Open data: ")
            assert all(d["contentUrl"].startswith(SITE_URL) for d in en["distribution"])
            assert "en/" not in "".join(d["contentUrl"] for d in en["distribution"])
    assert kinds == {"ProfilePage", "Event", "Dataset"}, kinds
    assert len(pages) > 50, len(pages)
