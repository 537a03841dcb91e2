"""Photos on the English edition (issue #22 point 1): what an editor wrote about a photo (its alt
text, caption, credit) is Vietnamese and says so (`lang="vi"`, the caption with the note
"Available in Vietnamese only"); the placeholder portrait, labelled with the name, marks the
name's language. Vietnamese pages print none of it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.images.picture import placeholder_svg
from generator.model.site import build_site
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
    figures = captions = placeholders = 0
    for slug, html in english.items():
        for figure in _FIGURE.findall(html):
            figures += 1
            assert re.search(r'<img [^>]*alt="[^"]*" lang="vi"', figure), (slug, figure[:300])
            for caption in _CAPTION.findall(figure):
                captions += 1
                assert caption.startswith('<span lang="vi">') and caption.endswith(NOTE), caption
            # What a reader or a screen reader meets in the figure: nothing Vietnamese unmarked.
            assert vietnamese_left(f"<figure>{figure}</figure>", names) == [], (slug, figure)
        for svg in _PLACEHOLDER.findall(html):
            placeholders += 1
            assert svg.endswith(' lang="vi">'), (slug, svg)
    assert figures >= 5 and captions >= 3 and placeholders >= 5, (figures, captions, placeholders)
    # The Vietnamese pages: no mark, no note.
    for slug, html in _profiles(site, "ho-so").items():
        assert NOTE not in html, slug
        for figure in _FIGURE.findall(html):
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
