"""Photos on the English edition (issue #22 points 1 and 3): what an editor wrote about a photo
(its alt text, caption, credit) is Vietnamese and says so (`lang="vi"`, the caption with the note
"Available in Vietnamese only") unless the editor gave its English (`en: {alt, caption}`: on
the English page, the API document and the English press kit; checked like any `en:` field);
the placeholder portrait, labelled with the name, marks the name's language. Vietnamese pages
print none of it.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from generator.commands.build import render_project
from generator.editors.schema import render_schemas
from generator.images.picture import placeholder_svg
from generator.model.site import build_site
from generator.model.urls import press_kit_path
from tests.projects import write_small_project
from tests.test_english_cards import ENGLISH_CONFIG, PERSON_WITH_PHOTO, TODAY, _kit_texts, _photo
from tests.test_english_words import kept_names, vietnamese_left
from tests.test_html_valid import is_known_material_error, run_vnu

_FIGURE = re.compile(r'<figure class="vd-(?:portrait|photo)">(.*?)</figure>', re.S)
_CAPTION = re.compile(r'<span class="vd-caption">(.*?)</span><br>', re.S)
_PLACEHOLDER = re.compile(r'<div class="vd-portrait vd-portrait--none"><svg[^>]*>')
NOTE = '<span class="vd-vi-only">(Available in Vietnamese only)</span>'


def test_the_placeholder_marks_the_language_of_its_label_only_when_asked() -> None:
    plain = placeholder_svg("Nguyễn Thị Hoa", "nguyen-thi-hoa")
    marked = placeholder_svg("Nguyễn Thị Hoa", "nguyen-thi-hoa", name_lang="vi")
    assert 'aria-label="Nguyễn Thị Hoa">' in plain and "lang=" not in plain
    assert 'aria-label="Nguyễn Thị Hoa" lang="vi">' in marked
    assert marked.replace(' lang="vi"', "") == plain


PHOTO_ENGLISH = (
    "    caption: Ông An gặt lúa.\n"
    "    en:\n      alt: Mr An in the rice field\n      caption: Mr An harvesting rice.\n"
)


def _photo_project(root: Path, photo_text: str, config: str = ENGLISH_CONFIG) -> Path:
    person = PERSON_WITH_PHOTO.replace(
        "    credit: Ban Thi đua\n", photo_text + "    credit: Ban Thi đua\n"
    )
    files: dict[str, str | bytes] = {
        "site_config.yml": config,
        "profiles/nguyen-van-an.yml": person,
        "profiles/anh/an.jpg": _photo(),
    }
    return write_small_project(root, **files)


def test_a_photos_english_is_on_the_english_page_api_and_kit(tmp_path: Path) -> None:
    _result, rendered = render_project(_photo_project(tmp_path, PHOTO_ENGLISH), today=TODAY)
    assert rendered is not None
    english = rendered.docs["en/ho-so/nguyen-van-an/index.md"]
    [figure] = _FIGURE.findall(english)
    assert re.search(r'<img [^>]*alt="Mr An in the rice field"[ >]', figure), figure
    assert _CAPTION.findall(figure) == ["<span data-vd-en>Mr An harvesting rice.</span>"]
    assert 'lang="vi"' not in figure.split('<span class="vd-credit">')[0]
    # The Vietnamese page: the Vietnamese, unmarked.
    [figure] = _FIGURE.findall(rendered.docs["ho-so/nguyen-van-an/index.md"])
    assert 'alt="Ông An trên cánh đồng"' in figure and "Mr An" not in figure
    # The API: the English beside the Vietnamese.
    an = json.loads(rendered.files["api/v1/profiles/nguyen-van-an.json"])
    assert an["photos"][0]["en"] == {
        "alt": "Mr An in the rice field",
        "caption": "Mr An harvesting rice.",
    }
    assert an["photos"][0]["alt"] == "Ông An trên cánh đồng"
    # The English kit's credits give the English; without it, the Vietnamese flagged.
    credits = _kit_texts(rendered.files[press_kit_path("nguyen-van-an", "en")])
    text = credits["nguyen-van-an/CREDITS.txt"]
    assert "caption: Mr An harvesting rice.; description: Mr An in the rice field" in text


def test_without_a_photos_english_the_kit_flags_the_vietnamese(tmp_path: Path) -> None:
    _result, rendered = render_project(_photo_project(tmp_path, ""), today=TODAY)
    assert rendered is not None
    credits = _kit_texts(rendered.files[press_kit_path("nguyen-van-an", "en")])
    text = credits["nguyen-van-an/CREDITS.txt"]
    assert "description: “Ông An trên cánh đồng” (in Vietnamese only)" in text, text
    an = json.loads(rendered.files["api/v1/profiles/nguyen-van-an.json"])
    assert an["photos"][0]["en"] is None


def test_a_photos_english_is_checked_like_any_english_field(tmp_path: Path) -> None:
    # English without its original, Vietnamese pasted as English: warnings at the English key.
    text = "    en:\n      caption: Mr An harvesting rice.\n      alt: Ông An trên cánh đồng lúa\n"
    root = _photo_project(tmp_path / "a", text)
    _site, report = build_site(root)
    found = {(p.code, p.severity) for p in report}
    assert ("english.no_original", "warning") in found, [p.format("en") for p in report]
    assert ("english.looks_vietnamese", "warning") in found, [p.format("en") for p in report]
    # The Vietnamese fields' length limit; an unknown key refused.
    root = _photo_project(tmp_path / "b", "    en:\n      alt: " + "word " * 500 + "\n")
    _site, report = build_site(root)
    errors = [p.format("en") for p in report if p.severity == "error"]
    assert len(errors) == 1 and "photos[0].en.alt" in errors[0] and "2000" in errors[0], errors
    root = _photo_project(tmp_path / "c", "    en:\n      credit: Board\n")
    _site, report = build_site(root)
    errors = [p.format("en") for p in report if p.severity == "error"]
    assert len(errors) == 1 and "photos[0].en.credit" in errors[0], errors


def test_the_editor_schema_documents_a_photos_english() -> None:
    root = Path(__file__).resolve().parent.parent
    profile = json.loads(render_schemas(root)["profile.schema.json"])
    block = profile["$defs"]["PhotoEnglish"]
    assert set(block["properties"]) == {"alt", "caption"}
    assert block["additionalProperties"] is False
    assert profile["$defs"]["Photo"]["properties"]["en"]["description"].startswith("Tiếng Anh")


def _profiles(site: Path, folder: str) -> dict[str, str]:
    return {
        page.parent.name: page.read_text(encoding="utf-8")
        for page in sorted((site / folder).glob("*/index.html"))
        if 'data-md-component="header"' in page.read_text(encoding="utf-8")
    }


@pytest.mark.slow
def test_english_profiles_mark_the_editors_photo_text_and_the_placeholders_name(
    demo_project: Path,
) -> None:
    site = demo_project / "site"
    english = _profiles(site, "en/ho-so")
    model, _report = build_site(demo_project)
    assert model is not None
    names = kept_names(model)
    # A photo with its editor's English (`en: {alt, caption}`, #22 point 3) shows it, unmarked.
    translated = {
        html.escape(p.en.alt or ""): p.en
        for e in model.published()
        for p in e.profile.photos
        if p.en is not None
    }
    figures = captions = placeholders = in_english = 0
    for slug, page in english.items():
        for figure in _FIGURE.findall(page):
            figures += 1
            alt = re.search(r'<img [^>]*alt="([^"]*)"( lang="vi")?', figure)
            assert alt is not None, (slug, figure[:300])
            if alt[1] in translated:
                in_english += 1
                assert alt[2] is None, (slug, figure[:300])
                caption = translated[alt[1]].caption
                shown = html.escape(caption or "", quote=False)
                assert _CAPTION.findall(figure) == [f"<span data-vd-en>{shown}</span>"]
            else:
                assert alt[2] == ' lang="vi"', (slug, figure[:300])
                for caption in _CAPTION.findall(figure):
                    captions += 1
                    assert caption.startswith('<span lang="vi">') and caption.endswith(NOTE)
            # What a reader or a screen reader meets in the figure: nothing Vietnamese unmarked.
            assert vietnamese_left(f"<figure>{figure}</figure>", names) == [], (slug, figure)
        for svg in _PLACEHOLDER.findall(page):
            placeholders += 1
            assert svg.endswith(' lang="vi">'), (slug, svg)
    assert figures >= 5 and captions >= 3 and placeholders >= 5, (figures, captions, placeholders)
    assert in_english >= 1, translated
    # The Vietnamese pages: no mark, no note.
    for slug, page in _profiles(site, "ho-so").items():
        assert NOTE not in page, slug
        for figure in _FIGURE.findall(page):
            assert 'lang="vi"' not in figure, slug


@pytest.mark.slow
def test_english_profiles_with_photo_and_placeholder_are_valid_html(demo_project: Path) -> None:
    site = demo_project / "site"
    english = _profiles(site, "en/ho-so")
    with_photo = next(slug for slug, html in english.items() if _CAPTION.search(html))
    placeholder = next(slug for slug, html in english.items() if _PLACEHOLDER.search(html))
    files = [site / "en/ho-so" / slug / "index.html" for slug in (with_photo, placeholder)]
    errors = [m for m in run_vnu(files) if not is_known_material_error(m)]
    assert errors == [], json.dumps(errors, ensure_ascii=False, indent=1)[:4000]
