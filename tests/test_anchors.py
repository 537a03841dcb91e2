"""Heading anchors keep "đ": "Phong trào thi đua" → #phong-trao-thi-dua (MkDocs' own slug
drops the letter: #phong-trao-thi-ua)."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown.extensions.toc import slugify as mkdocs_slugify

from generator.templating.sanitise import sanitise_markdown, toc_slugify


def test_toc_slug_keeps_d_with_stroke() -> None:
    assert toc_slugify("Phong trào thi đua", "-") == "phong-trao-thi-dua"
    assert toc_slugify("Đánh giá kết quả ở địa phương", "-") == "danh-gia-ket-qua-o-dia-phuong"
    # Why we have our own: python-markdown's default loses the letter.
    assert mkdocs_slugify("Phong trào thi đua", "-") == "phong-trao-thi-ua"


def test_contributor_headings_get_vietnamese_ids() -> None:
    html = sanitise_markdown("## Đánh giá kết quả", headings=True)
    assert '<h2 id="danh-gia-ket-qua">' in html


@pytest.mark.slow
def test_built_page_links_to_phong_trao_thi_dua(demo_project: Path) -> None:
    html = (
        demo_project / "site" / "ho-so" / "nguyen-thi-hoa-trieu-phong" / "index.html"
    ).read_text(encoding="utf-8")
    assert '<h2 id="phong-trao-thi-dua">Phong trào thi đua' in html
    assert 'href="#phong-trao-thi-dua"' in html  # the table of contents and the permalink
    assert "phong-trao-thi-ua" not in html
