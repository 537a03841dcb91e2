"""The images stage in the product: `vinhdanh check`, pages, link previews, the build's cache.

Photos are drawn with Pillow into `tmp_path` (tests/test_images.py); nothing is downloaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image
from test_build import active_content, html_files, page, run, snapshot
from test_check import line_of, run_check
from test_images import camera_jpeg, gradient, jpeg_bytes

from generator.commands.build import build_project
from generator.images.encoding import photo_key
from generator.images.jobs import CACHE_DIR, ImageSettings
from tests.projects import PAYLOAD
from tests.projects import quoted as _q
from tests.projects import write_build_project as write_project
from tests.projects import write_small_project as write_check_project

TODAY = dt.date(2024, 2, 1)
SITE_URL = "https://vinhdanh.example.vn/"
HOA = "profiles/nguyen-thi-hoa.yml"
HTX = "profiles/htx-trieu-thanh.yml"
# A name no output may carry: the photo of a collective that never consented.
SECRET_FILE = "anh/htx-khong-dong-y.jpg"
SECRET_COMMENT = b"SENTINEL-NO-CONSENT-PHOTO"


def photos_yaml(file: str, alt: str, caption: str, credit: str, licence: str) -> str:
    """A `photos:` list with one photo (values as YAML double-quoted scalars)."""
    return (
        f"photos:\n  - file: {file}\n    alt: {_q(alt)}\n    caption: {_q(caption)}\n"
        f"    credit: {_q(credit)}\n    licence: {_q(licence)}\n"
    )


def add_photos(
    root: Path, *, alt: str = 'Cô Hoa "đứng" <giữa> ruộng & lúa', credit: str = "Ban Thi đua"
) -> Path:
    """Give Hoa a consented camera photo (GPS, camera make) and the collective a refused one."""
    (root / "profiles" / "anh").mkdir(exist_ok=True)
    (root / "profiles" / "anh" / "hoa.jpg").write_bytes(camera_jpeg())
    hoa = (root / HOA).read_text(encoding="utf-8")
    hoa = hoa.replace("consent: {birth_date: true,", "consent: {photo: true, birth_date: true,")
    hoa += photos_yaml("anh/hoa.jpg", alt, "Chị Hoa trên cánh đồng", credit, "CC BY 4.0")
    (root / HOA).write_text(hoa, encoding="utf-8")
    secret = jpeg_bytes(gradient((700, 500), seed=3), comment=SECRET_COMMENT)
    (root / "profiles" / SECRET_FILE).write_bytes(secret)
    htx = (root / HTX).read_text(encoding="utf-8")
    htx += photos_yaml(SECRET_FILE, "Trụ sở", "Trụ sở hợp tác xã", "Hợp tác xã", "CC BY 4.0")
    (root / HTX).write_text(htx, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def photo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small build project with photos, built once for the read-only tests."""
    root = add_photos(write_project(tmp_path_factory.mktemp("photos")))
    result = build_project(root, today=TODAY)
    assert result.built, [p.format("en") for p in result.report]
    return root


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags(html: str, name: str) -> list[dict[str, str]]:
    """The attributes of every `name` element of a page."""
    parser = _Tags()
    parser.feed(html)
    return [attrs for tag, attrs in parser.tags if tag == name]


def meta(html: str) -> dict[str, str]:
    """The page's Open Graph and Twitter tags by name (HTML entities decoded)."""
    found: dict[str, str] = {}
    for attrs in tags(html, "meta"):
        key = attrs.get("property") or attrs.get("name") or ""
        if key.startswith(("og:", "twitter:")):
            assert key not in found, f"{key} twice"
            found[key] = attrs["content"]
    return found


def profile_head(html: str) -> str:
    """The header of a profile page: name, facts and the portrait."""
    start = html.index('<header class="vd-profile-head">')
    return html[start : html.index("</header>", start)]


# --- pages ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_consented_photo_is_a_responsive_picture_without_metadata(photo_project: Path) -> None:
    site = photo_project / "site"
    html = page(site, "ho-so/nguyen-thi-hoa/")
    header = profile_head(html)
    assert header.count("<picture>") == 1  # beside the name
    [source] = tags(header, "source")
    [img] = tags(header, "img")
    assert source["type"] == "image/webp"
    assert source["srcset"].count("w, ") == 2 and source["sizes"] == img["sizes"]
    assert re.fullmatch(r"(\.\./\.\./anh/[0-9a-f]{12}-\d+\.jpg \d+w, ){2}\S+ 1200w", img["srcset"])
    assert (img["width"], img["height"]) == ("1200", "1600")  # upright, as EXIF said
    # On the first screen: fetched at once and first (a lazy portrait was a late LCP).
    assert img["fetchpriority"] == "high" and "loading" not in img
    assert img["alt"] == 'Cô Hoa "đứng" <giữa> ruộng & lúa'
    assert 'alt="Cô Hoa &quot;đứng&quot; &lt;giữa&gt; ruộng &amp; lúa"' in header
    figcaption = header[header.index("<figcaption>") : header.index("</figcaption>")]
    assert "Chị Hoa trên cánh đồng" in figcaption
    assert "Ảnh: Ban Thi đua · Giấy phép: CC BY 4.0" in figcaption
    for attrs in tags(html, "img"):  # no layout shift anywhere on the page
        assert attrs.get("width") and attrs.get("height"), attrs
    published = sorted((site / "anh").iterdir())
    assert len(published) == 6  # 320, 640, 1200 in WebP and JPEG
    for path in published:
        raw = path.read_bytes()
        for secret in (b"Exif", b"SecretCam", b"Model-X9", b"SECRET", b"xmpmeta", b"ICC_PROFILE"):
            assert secret not in raw, (path.name, secret)
        with Image.open(path) as out:
            assert dict(out.getexif()) == {} and out.getexif().get_ifd(0x8825) == {}
        url = f"../../anh/{path.name}"
        assert url in img["srcset"] or url in source["srcset"], path.name


@pytest.mark.slow
def test_further_photos_follow_in_their_own_section(tmp_path: Path) -> None:
    root = add_photos(write_project(tmp_path))
    second = io.BytesIO()
    gradient((500, 400), seed=5).save(second, "PNG")
    (root / "profiles" / "anh" / "hoa-2.png").write_bytes(second.getvalue())
    hoa = (root / HOA).read_text(encoding="utf-8")
    hoa += "  - {file: anh/hoa-2.png, alt: Lớp học, credit: Báo tỉnh, licence: CC BY-SA 4.0}\n"
    (root / HOA).write_text(hoa, encoding="utf-8")
    assert build_project(root, today=TODAY).built
    html = page(root / "site", "ho-so/nguyen-thi-hoa/")
    assert profile_head(html).count("<picture>") == 1
    gallery = html[html.index('<div class="vd-gallery">') :]
    gallery = gallery[: gallery.index("</div>")]
    [img] = tags(gallery, "img")
    assert (img["alt"], img["width"], img["height"]) == ("Lớp học", "500", "400")
    assert img["sizes"] == "(max-width: 600px) 100vw, 320px"
    assert "Ảnh: Báo tỉnh · Giấy phép: CC BY-SA 4.0" in gallery
    assert 'id="anh"' in html  # a heading of its own, in the table of contents


@pytest.mark.slow
def test_profile_without_photo_shows_initials(photo_project: Path) -> None:
    html = page(photo_project / "site", "ho-so/le-van-an/")
    header = profile_head(html)
    assert "<picture>" not in header
    assert '<div class="vd-portrait vd-portrait--none"><svg ' in header
    assert 'aria-label="Lê Văn An"' in header and ">LA</text>" in header


@pytest.mark.slow
def test_cards_show_small_thumbnails_or_initials(photo_project: Path) -> None:
    home = page(photo_project / "site", "")
    cards = home[home.index('<ul class="vd-cards">') :]
    [thumb] = [a for a in tags(cards, "img") if "anh/" in a.get("src", "")][:1]
    assert re.fullmatch(r"\./anh/[0-9a-f]{12}-320\.jpg", thumb["src"])  # the smallest file
    assert thumb["alt"] == "" and thumb["loading"] == "lazy"  # the name is the link beside it
    assert '<span class="vd-card__thumb" aria-hidden="true"><svg ' in cards


@pytest.mark.slow
def test_photo_texts_are_escaped(tmp_path: Path) -> None:
    root = add_photos(write_project(tmp_path, xss=True), alt=PAYLOAD, credit=PAYLOAD)
    assert run(root, "--today", TODAY.isoformat()).exit_code == 0
    pages = html_files(root / "site")
    for rel in ("ho-so/nguyen-thi-hoa/index.html", "index.html", "ho-so/xss-nguoi-thu/index.html"):
        # Photo texts land in the head (link previews) and the article (figure, cards).
        html = pages[rel]
        head = html[: html.index("</head>")]
        article = html[html.index("<article") : html.index("</article>")]
        assert active_content(head) == [] and active_content(article) == [], rel
    profile = pages["ho-so/nguyen-thi-hoa/index.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in profile
    assert "<script>alert(1)" not in profile
    # The site name is a payload too: the link-preview tags carry it as text.
    assert meta(pages["index.html"])["og:site_name"] == PAYLOAD


# --- link previews ----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("path", "kind", "title", "fmt"),
    [
        # A card showing the photo is a JPEG, the others palette PNGs.
        ("ho-so/nguyen-thi-hoa/", "article", "Nguyễn Thị Hoa", "JPEG"),
        ("phong-trao/dan-van-kheo/", "article", "Phong trào thi đua Dân vận khéo", "PNG"),
        ("", "website", "Bảng vàng thử nghiệm", "PNG"),
    ],
)
def test_link_previews_point_at_a_card_that_exists(
    photo_project: Path, path: str, kind: str, title: str, fmt: str
) -> None:
    site = photo_project / "site"
    found = meta(page(site, path))
    image = found["og:image"]
    assert image.startswith(SITE_URL) and image.endswith({"JPEG": ".jpg", "PNG": ".png"}[fmt])
    card = site / image.removeprefix(SITE_URL)
    assert card.is_file()
    with Image.open(card) as im:
        assert (im.format, im.size) == (fmt, (1200, 630))
        assert im.mode == {"JPEG": "RGB", "PNG": "P"}[fmt]
    assert found["og:url"] == SITE_URL + path
    assert [
        link["href"] for link in tags(page(site, path), "link") if link.get("rel") == "canonical"
    ] == [SITE_URL + path]
    assert found["og:type"] == kind and found["og:title"] == title
    # X falls back to og: for the title, description and image; not for these two.
    assert not {"twitter:title", "twitter:description", "twitter:image"} & set(found)
    assert found["twitter:image:alt"] == found["og:image:alt"]
    assert (found["og:image:width"], found["og:image:height"]) == ("1200", "630")
    assert found["og:image:type"] == f"image/{fmt.lower()}" and found["og:image:alt"]
    assert found["og:locale"] == "vi_VN" and found["og:site_name"] == "Bảng vàng thử nghiệm"
    assert found["twitter:card"] == "summary_large_image" and found["og:image"] == image
    assert found["og:description"] != ""


@pytest.mark.slow
def test_a_profile_has_its_own_card_only_with_a_photo(photo_project: Path) -> None:
    """Issue #21 (the output budget): a card of its own only where it shows what the preview's
    title and description do not, the consented photo; else its highest award's card."""
    site = photo_project / "site"
    pages = {
        rel: (html, meta(html))
        for rel, html in html_files(site).items()
        if rel.startswith("ho-so/") and rel.count("/") == 2 and "og:image" in html
    }
    own = {rel for rel, (_html, m) in pages.items() if "/the/profile/" in m["og:image"]}
    assert own == {"ho-so/nguyen-thi-hoa/index.html"}  # the one consented, readable photo
    shared = {rel: m for rel, (_html, m) in pages.items() if rel not in own}
    assert len(shared) >= 3
    for rel, m in shared.items():
        assert m["og:image"].startswith(f"{SITE_URL}the/award/"), rel
        assert (m["og:image:type"], m["og:image:width"], m["og:image:height"]) == (
            "image/png",
            "1200",
            "630",
        )
        # The alt names the award (shown on the page) and the site, not the person.
        award = m["og:image:alt"].removesuffix(" (Bảng vàng thử nghiệm)")
        assert award != m["og:image:alt"] and award in pages[rel][0], rel
        assert m["og:title"] not in m["og:image:alt"]
    # Drawn once per award: fewer cards than profiles; every one is in the/.
    assert len({m["og:image"] for m in shared.values()}) < len(shared)
    cards = {p.relative_to(site).as_posix() for p in (site / "the").rglob("*.*")}
    images = {m["og:image"].removeprefix(SITE_URL) for _html, m in pages.values()}
    assert images < cards  # and the home page's and the campaign's
    assert not [c for c in cards if c.startswith("the/profile/") and "nguyen-thi-hoa" not in c]


# --- what is never published ------------------------------------------------------------------


@pytest.mark.slow
def test_non_consented_photo_appears_nowhere(photo_project: Path) -> None:
    source = photo_project / "profiles" / SECRET_FILE
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    key = photo_key(digest, ImageSettings())
    needles = [digest, key[:12], "htx-khong-dong-y", SECRET_COMMENT.decode()]
    for folder in ("site", "build"):
        for rel, data in snapshot(photo_project / folder).items():
            text = data.decode("utf-8", errors="replace")
            for needle in needles:
                assert needle not in text and needle not in rel, (folder, rel, needle)
    # Never even encoded: the cache holds only what may be published.
    cache = photo_project / CACHE_DIR
    assert not (cache / "photos" / key[:2] / key).exists()
    kits = snapshot(photo_project / "site" / "bao-chi")
    # Hoa's kit (her consented photo) was among the files scanned; the collective, whose photo
    # is refused, has no press kit at all (only profiles with consented photos have one).
    assert "nguyen-thi-hoa.zip" in kits and "htx-trieu-thanh.zip" not in kits


# --- the cache --------------------------------------------------------------------------------


@pytest.mark.slow
def test_second_build_encodes_nothing_and_a_changed_photo_gets_new_urls(tmp_path: Path) -> None:
    root = add_photos(write_project(tmp_path))
    first = build_project(root, today=TODAY)
    assert first.built
    cards = len(list((root / "site" / "the").rglob("*.*")))
    assert (first.images.photos_encoded, first.images.cards_encoded) == (1, cards)
    old_urls = {p.name for p in (root / "site" / "anh").iterdir()}

    second = build_project(root, today=TODAY)
    assert second.built and second.images.encoded == 0
    assert (second.images.photos_reused, second.images.cards_reused) == (1, cards)
    assert (second.docs.written, second.docs.removed) == (0, 0)

    (root / "profiles" / "anh" / "hoa.jpg").write_bytes(jpeg_bytes(gradient((800, 600))))
    third = build_project(root, today=TODAY)
    assert third.built
    # The profile's card carries its photo (keyed by the photo's digest): drawn again too.
    assert (third.images.photos_encoded, third.images.cards_encoded) == (1, 1)
    new_urls = {p.name for p in (root / "site" / "anh").iterdir()}
    assert len(new_urls) == 6 and not new_urls & old_urls  # 320, 640, 800 ×2; old ones gone
    assert not {p.name for p in (root / "build" / "docs" / "anh").iterdir()} & old_urls
    html = page(root / "site", "ho-so/nguyen-thi-hoa/")
    assert all(f"anh/{name}" in html for name in new_urls)


@pytest.mark.slow
def test_a_photo_that_cannot_be_decoded_stops_the_build(tmp_path: Path) -> None:
    root = add_photos(write_project(tmp_path))
    assert run(root, "--today", TODAY.isoformat()).exit_code == 0
    before = snapshot(root / "site")
    data = jpeg_bytes(gradient((800, 600)))
    (root / "profiles" / "anh" / "hoa.jpg").write_bytes(data[: len(data) // 2])
    result = run(root, "--today", TODAY.isoformat(), "--lang", "en")
    assert result.exit_code == 1
    line = line_of((root / HOA).read_text(encoding="utf-8"), "- file: anh/hoa.jpg")
    assert (
        f"{HOA}:{line}:5: photos[0].file: photo 'profiles/anh/hoa.jpg' is truncated "
        "(the file is incomplete); copy or export it again"
    ) in result.output.splitlines()
    assert snapshot(root / "site") == before


# --- vinhdanh check ---------------------------------------------------------------------------

CHECK_PHOTOS = """\
photos:
  - file: anh/nho.jpg
    alt: Ảnh nhỏ
    credit: Ban biên tập
    licence: CC BY 4.0
  - file: anh/lon.png
    alt: Ảnh lớn
    credit: Ban biên tập
    licence: CC BY 4.0
  - file: anh/gia.jpg
    alt: Không phải ảnh
    credit: Ban biên tập
    licence: CC BY 4.0
"""


def test_check_reports_unusable_photos_consented_or_not(tmp_path: Path) -> None:
    from tests.projects import PERSON

    big = io.BytesIO()
    gradient((900, 700)).save(big, "PNG")
    text = PERSON + CHECK_PHOTOS  # no consent: checked all the same
    root = write_check_project(
        tmp_path,
        **{
            "profiles__nguyen-van-an.yml": text,
            "profiles__anh__nho.jpg": jpeg_bytes(gradient((200, 150))),
            "profiles__anh__lon.png": big.getvalue(),
            "profiles__anh__gia.jpg": b"<html>not a photo</html>\n",
        },
    )
    config = (root / "site_config.yml").read_text(encoding="utf-8")
    (root / "site_config.yml").write_text(
        config + "limits:\n  max_photo_bytes: 200000\n", encoding="utf-8"
    )
    size = len(big.getvalue())
    assert size > 200_000
    rel = "profiles/nguyen-van-an.yml"
    lines = [line_of(text, "- file: anh/nho.jpg"), line_of(text, "- file: anh/lon.png")]
    lines.append(line_of(text, "- file: anh/gia.jpg"))
    consent = line_of(text, "photos:")
    code, out = run_check(root, "--lang", "en")
    assert code == 1
    assert out == [
        f"{rel}:{consent}:1: warning: photos: the profile has photos but no consent to publish "
        "them (consent.photo: true); they will not be shown",
        f"{rel}:{lines[0]}:5: warning: photos[0].file: photo 'profiles/anh/nho.jpg' is too "
        "small: 200 pixels wide, at least 320 wanted",
        f"{rel}:{lines[1]}:5: photos[1].file: photo 'profiles/anh/lon.png' is too large "
        f"({size} bytes, at most 200000); make the file smaller",
        f"{rel}:{lines[2]}:5: photos[2].file: photo 'profiles/anh/gia.jpg' is not a JPEG, PNG "
        "or WebP image (its content is HTML); export it again as JPEG",
        "Checked 2 profiles, 1 campaign, 0 decisions: 2 errors, 2 warnings.",
    ]
    code, out = run_check(root)
    assert out[1] == (
        f"{rel}:{lines[0]}:5: cảnh báo: photos[0].file: ảnh 'profiles/anh/nho.jpg' quá nhỏ: "
        "rộng 200 điểm ảnh, nên ít nhất 320"
    )
    assert out[2] == (
        f"{rel}:{lines[1]}:5: photos[1].file: ảnh 'profiles/anh/lon.png' quá lớn ({size} byte, "
        "tối đa 200000 byte); hãy giảm dung lượng ảnh"
    )


def test_check_refuses_a_decompression_bomb_from_its_header(tmp_path: Path) -> None:
    from test_images import png_claiming

    from tests.projects import PERSON

    text = PERSON + CHECK_PHOTOS.split("  - file: anh/lon.png")[0].replace("nho.jpg", "bom.png")
    root = write_check_project(
        tmp_path,
        **{
            "profiles__nguyen-van-an.yml": text + "consent:\n  photo: true\n",
            "profiles__anh__bom.png": png_claiming(50_000, 50_000),
        },
    )
    code, out = run_check(root, "--lang", "en")
    assert code == 1
    assert out[:-1] == [
        f"profiles/nguyen-van-an.yml:{line_of(text, '- file:')}:5: photos[0].file: photo "
        "'profiles/anh/bom.png' declares a huge size (over 40000000 pixels): a possible "
        "decompression bomb, not opened"
    ]


def _cached_card_keys(root: Path) -> set[str]:
    return {p.stem for p in (root / CACHE_DIR / "cards").rglob("*.*") if p.suffix != ".json"}


@pytest.mark.slow
def test_the_card_cache_keeps_only_the_cards_the_site_shows(tmp_path: Path) -> None:
    root = add_photos(write_project(tmp_path / "p"))
    assert build_project(root, today=TODAY).built
    shown = {p.stem.rsplit("-", 1)[1] for p in (root / "site" / "the").rglob("*.*")}
    first = _cached_card_keys(root)
    assert {k[:12] for k in first} == shown and len(first) == len(shown)
    # Another site name redraws every card: the old ones leave the cache (a kept CI cache).
    config = root / "site_config.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("Bảng vàng thử nghiệm", "Bảng vàng thử nghiệm hai"), "utf-8")
    assert build_project(root, today=TODAY).built
    second = _cached_card_keys(root)
    assert second and not second & first
    assert {k[:12] for k in second} == {
        p.stem.rsplit("-", 1)[1] for p in (root / "site" / "the").rglob("*.*")
    }
