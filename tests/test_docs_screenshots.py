"""The pages a newcomer sees first, on a phone (390×844) and a desktop (1366×900), in Chromium.

Each page must load cleanly at both sizes and never scroll sideways. With
VINHDANH_UPDATE_SCREENSHOTS=1 the first screenful of each is also written to
docs/screenshots/<page>-<phone|desktop>.png (64 colours, small in git): review them like any
other change.
"""

from __future__ import annotations

import io
import os

import pytest
from playwright.sync_api import Browser

from tests.browser import ROOT, ServedSite, open_probe

# Every test here builds a site or drives the browser (pyproject.toml: markers).
pytestmark = pytest.mark.slow

# name: site path (the demo's own pages) and a text that must be on the first screen.
PAGES = {
    "home": ("", "Gương điển hình"),
    "profile": ("ho-so/nguyen-thi-hoa-trieu-phong/", "Nguyễn Thị Hoa"),
    "roll": ("danh-sach/ca-nhan/", "Cá nhân tiêu biểu"),
    "search": ("tim-kiem/?q=ngo+van+khai", "Ngô Văn Khải"),
    "statistics": ("thong-ke/", "Thống kê khen thưởng"),
    "comment": ("lay-y-kien/", "Lấy ý kiến nhân dân"),
}
SIZES = {"phone": (390, 844), "desktop": (1366, 900)}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(PAGES))
def test_first_screen(name: str, size: str, chromium: Browser, demo_site: ServedSite) -> None:
    path, text = PAGES[name]
    width, height = SIZES[size]
    with open_probe(chromium, demo_site, viewport={"width": width, "height": height}) as probe:
        page = probe.goto(path)
        if name == "search":
            page.wait_for_selector(".vd-results__list > li", timeout=20_000)
        page.wait_for_load_state("networkidle")
        first = page.locator(".md-content").get_by_text(text, exact=False).first
        box = first.bounding_box()
        assert box is not None and box["y"] < height, f"{text!r} is not on the first screen"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        probe.assert_clean()
        if os.environ.get("VINHDANH_UPDATE_SCREENSHOTS") == "1":
            from PIL import Image

            png = page.screenshot(full_page=False)
            image = Image.open(io.BytesIO(png)).convert("RGB")
            if size == "desktop":  # halved: a desktop shot is for its layout, not its text
                image = image.resize((width // 2, height // 2), Image.Resampling.LANCZOS)
            target = ROOT / "docs" / "screenshots" / f"{name}-{size}.png"
            image.quantize(colors=64).save(target, optimize=True)


def test_committed_screenshots_are_the_pages_at_both_sizes() -> None:
    """docs/screenshots holds exactly one small PNG per page and size, of the right shape."""
    from PIL import Image

    folder = ROOT / "docs" / "screenshots"
    expected = {f"{name}-{size}.png" for name in PAGES for size in SIZES}
    assert {p.name for p in folder.glob("*.png")} == expected
    for name in expected:
        size = name.rsplit("-", 1)[1].removesuffix(".png")
        width, height = SIZES[size]
        if size == "desktop":
            width, height = width // 2, height // 2
        with Image.open(folder / name) as image:
            assert image.format == "PNG" and image.size == (width, height), name
        assert (folder / name).stat().st_size < 200_000, name
