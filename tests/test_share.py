"""Share and reuse a profile in a real Chromium, on a phone (390×844) and a laptop (1366×900):
copy buttons fill the clipboard, share links carry the permalink, the printed page has a QR
code that a real decoder (zxing-cpp) reads back as the permalink; social cards with a photo."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image, ImageStat
from playwright.sync_api import Browser
from test_images import gradient, jpeg_bytes

from generator.images.cards import _CardPhotoGone, render_card
from generator.images.jobs import CARD_SIZE, CardJob
from tests.browser import PageProbe, ServedSite, open_probe

SITE_URL = "https://vinhdanh.example.vn/"
PROFILE = "ho-so/bui-thi-nhuan-kim-duc/"
PERMALINK = SITE_URL + PROFILE
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 900}}
CLIPBOARD = ["clipboard-read", "clipboard-write"]


@pytest.fixture(params=sorted(VIEWPORTS))
def sharing(
    request: pytest.FixtureRequest, chromium: Browser, demo_site: ServedSite
) -> Iterator[PageProbe]:
    """A page on the demo at one viewport, allowed to read and write the clipboard."""
    viewport = VIEWPORTS[request.param]
    with open_probe(chromium, demo_site, viewport=viewport, permissions=CLIPBOARD) as found:
        yield found


def clipboard(probe: PageProbe) -> str:
    text: str = probe.page.evaluate("navigator.clipboard.readText()")
    return text


@pytest.mark.slow
def test_copy_buttons_fill_the_clipboard_and_say_so(sharing: PageProbe) -> None:
    page = sharing.goto(PROFILE)
    status = page.locator(".vd-copy__status")
    assert status.get_attribute("aria-live") == "polite"

    page.get_by_role("button", name="Chép trích dẫn").click()
    citation = " ".join(page.locator("#vd-trich-dan").inner_text().split())
    assert clipboard(sharing) == citation
    assert citation.startswith("Bùi Thị Nhuần — Nghệ nhân ưu tú (2015).") and PERMALINK in citation
    # time.js has put the reader's day in: what is copied is what the reader sees.
    assert re.search(r"truy cập \d\d/\d\d/\d{4}\.$", citation)
    page.wait_for_function(
        "document.querySelector('.vd-copy__status').textContent.startsWith('Đã chép')"
    )

    page.get_by_role("button", name="Chép địa chỉ").click()
    page.wait_for_function(f"navigator.clipboard.readText().then(t => t === {PERMALINK!r})")
    assert clipboard(sharing) == PERMALINK

    page.locator(".vd-embed summary").click()
    page.get_by_role("button", name="Chép mã nhúng").click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.startsWith('<div'))")
    embed = clipboard(sharing)
    assert embed == page.locator("#vd-ma-nhung").input_value()
    assert f'<a href="{PERMALINK}"' in embed and "<script" not in embed
    sharing.assert_clean()


@pytest.mark.slow
def test_share_links_carry_the_encoded_permalink(sharing: PageProbe) -> None:
    page = sharing.goto(PROFILE)
    link = page.get_by_role("link", name="Facebook")
    href = link.get_attribute("href") or ""
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "www.facebook.com",
        "/sharer/sharer.php",
    )
    assert parse_qs(parts.query) == {"u": [PERMALINK]}
    assert "u=https%3A%2F%2Fvinhdanh.example.vn%2Fho-so%2F" in href  # encoded, one value
    assert link.is_visible()
    # The phone's share sheet (Zalo, Messenger…) is offered only where the browser has one.
    has_share = page.evaluate("typeof navigator.share === 'function'")
    native = page.locator("button[data-vd-share]")
    assert native.get_attribute("data-vd-share") == PERMALINK
    assert native.is_visible() == has_share
    sharing.assert_clean()  # no request left the site: links only


@pytest.mark.slow
def test_without_script_buttons_stay_hidden_and_texts_stay(
    chromium: Browser, demo_site: ServedSite
) -> None:
    with open_probe(
        chromium,
        demo_site,
        viewport=VIEWPORTS["phone"],
        java_script_enabled=False,
    ) as probe:
        page = probe.goto(PROFILE)
        assert page.locator("#vd-trich-dan").is_visible()
        assert page.locator("#vd-dia-chi").is_visible()
        for button in page.locator("button.vd-copy, button[data-vd-share]").all():
            assert not button.is_visible()
        probe.assert_clean()


def decode_qr(png: bytes) -> list[str]:
    """Every QR code a real decoder finds in a screenshot."""
    import zxingcpp

    with Image.open(io.BytesIO(png)) as im:
        return [found.text for found in zxingcpp.read_barcodes(im.convert("L"))]


@pytest.mark.slow
def test_print_shows_a_qr_code_that_decodes_to_the_permalink(sharing: PageProbe) -> None:
    page = sharing.goto(PROFILE)
    qr = page.locator(".vd-qr svg")
    assert not qr.is_visible()  # on screen: paper only
    page.emulate_media(media="print")
    assert qr.is_visible()
    for button in page.locator("button.vd-copy").all():
        assert not button.is_visible()
    box = qr.bounding_box()
    assert box is not None and 90 <= box["width"] <= 130  # 30 mm at 96 dpi is 113 px
    # The code as drawn, enlarged the way a phone camera sees paper, through a real decoder.
    page.set_viewport_size({"width": 1366, "height": 900})
    assert decode_qr(qr.screenshot(scale="device")) == [PERMALINK]
    sharing.assert_clean()


def test_a_card_with_the_consented_photo_differs_and_shows_it(tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_bytes(gradient((600, 800), seed=3)))
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    plain = CardJob("profile", "a", "Nguyễn Văn A", "Chiến sĩ thi đua", ("Hà Nội",), "Bảng vàng")
    with_photo = replace(plain, photo=photo, photo_digest=digest)
    plain_png, photo_png = render_card(plain), render_card(with_photo)
    assert plain_png != photo_png
    assert render_card(with_photo) == photo_png  # deterministic
    region = (CARD_SIZE[0] - 80 - 336, 200, CARD_SIZE[0] - 80, 500)
    with Image.open(io.BytesIO(photo_png)) as im, Image.open(io.BytesIO(plain_png)) as bare:
        assert im.size == CARD_SIZE
        spread = ImageStat.Stat(im.crop(region).convert("L")).stddev[0]
        empty = ImageStat.Stat(bare.crop(region).convert("L")).stddev[0]
        assert spread > 10 and empty < 1, (spread, empty)
    # A photo whose bytes are not the ones keyed: no card is drawn (nor cached under a key
    # that names the photo); the images stage reports "image.changed".
    stale = replace(with_photo, photo_digest="0" * 64)
    with pytest.raises(_CardPhotoGone):
        render_card(stale)


@pytest.mark.slow
def test_each_page_kind_carries_json_ld_the_browser_parses(sharing: PageProbe) -> None:
    """Point 7 in the browser too: one JSON-LD block per page, valid JSON, the right type."""
    for path, kind in ((PROFILE, "ProfilePage"), ("phong-trao/nong-thon-moi/", "Event"),
                       ("du-lieu/", "Dataset")):  # fmt: skip
        page = sharing.goto(path)
        found = page.evaluate(
            """() => [...document.querySelectorAll('script[type="application/ld+json"]')]
                     .map(s => JSON.parse(s.textContent)['@type'])"""
        )
        assert found == [kind], path
    sharing.assert_clean()
