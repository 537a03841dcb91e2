"""Social cards as files: a palette PNG without a photo, a JPEG with one; small, stripped,
byte-for-byte reproducible, drawn like the full-colour card they replace, redrawn when the
drawing code's version changes."""

from __future__ import annotations

import hashlib
import io
import struct
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from generator.images.cards import (
    CARD_PIPELINE_VERSION,
    _card_photo,
    _drawing,
    _photo_box,
    _star,
    card_font,
    card_format,
    card_layout,
    render_card,
)
from generator.images.jobs import CARD_SIZE, CardJob
from generator.images.stage import process_images

SITE = "Bảng vàng thi đua, khen thưởng tỉnh Quảng Trị"
PLAIN = CardJob(
    "profile",
    "nguyen-thi-ngoc-anh",
    "Nguyễn Thị Ngọc Ánh",
    "Huân chương Lao động hạng Ba",
    ("Xã Triệu Thành, tỉnh Quảng Trị",),
    SITE,
)
LONG = CardJob(
    "profile",
    "htx-trieu-thanh",
    "Hợp tác xã Dịch vụ Nông nghiệp Tổng hợp Triệu Thành, huyện Triệu Phong, tỉnh Quảng Trị"
    " — Tập thể Lao động xuất sắc nhiều năm liền",
    "Cờ thi đua của Chính phủ, Huân chương Lao động hạng Nhì, Bằng khen của Thủ tướng",
    ("Xã Triệu Thành, huyện Triệu Phong, tỉnh Quảng Trị", "Ngành Nông nghiệp"),
    SITE,
)
CAMPAIGN = CardJob(
    "campaign",
    "dan-van-kheo",
    "Phong trào thi đua “Dân vận khéo” giai đoạn 2021–2025",
    "Phát động: Ban Dân vận Tỉnh ủy",
    ("Từ 01/01/2021 đến 31/12/2025",),
    SITE,
)
PLAIN_CARDS = (PLAIN, LONG, CAMPAIGN)
# The full-colour PNG cards (CARD_PIPELINE_VERSION 3) were 32-60 KB without a photo.
MAX_PNG_BYTES = 24_000


def photo_job(tmp_path: Path, job: CardJob = PLAIN) -> CardJob:
    """`job` with a consented, photo-like portrait (a gradient with grain)."""
    size = (600, 800)
    base = Image.linear_gradient("L").resize(size).convert("RGB")
    im = Image.blend(base, Image.effect_noise(size, 24).convert("RGB"), 0.2)
    ImageDraw.Draw(im).ellipse((150, 150, 450, 500), fill=(200, 150, 120))
    path = tmp_path / "chan-dung.jpg"
    im.save(path, "JPEG", quality=90)
    return replace(job, photo=path, photo_digest=hashlib.sha256(path.read_bytes()).hexdigest())


def png_chunks(data: bytes) -> list[bytes]:
    """The chunk types of a PNG file, in order (read from the bytes, not by Pillow)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    found, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        found.append(data[pos + 4 : pos + 8])
        pos += 12 + length
    return found


def jpeg_markers(data: bytes) -> list[int]:
    """The JPEG markers before the first scan (read from the bytes, not by Pillow)."""
    assert data[:2] == b"\xff\xd8"
    found, pos = [], 2
    while True:
        marker = data[pos + 1]
        found.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            return found
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        pos += 2 + length


def full_colour(job: CardJob) -> Image.Image:
    """The card as the RGB drawing it was before (every text pixel blended with 256 levels),
    from the same layout and photo: what the palette PNG or the JPEG must look like."""
    im = Image.new("RGB", CARD_SIZE, "#fbf7ef")
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, CARD_SIZE[0], 103), fill="#9e1b1b")
    draw.rectangle((0, CARD_SIZE[1] - 14, CARD_SIZE[0], CARD_SIZE[1]), fill="#d4a017")
    draw.polygon(_star(CARD_SIZE[0] - 110, 52, 30), fill="#d4a017")
    for text in card_layout(job):
        font = card_font(text.size, text.bold)
        draw.text((text.x, text.y), text.text, font=font, fill=text.colour, anchor="ls")
    photo = _card_photo(job)
    if photo is not None:
        left, top = _photo_box()
        frame = (left - 6, top - 6, left + photo.width + 5, top + photo.height + 5)
        draw.rectangle(frame, fill="#ffffff", outline="#d4a017", width=2)
        im.paste(photo, (left, top))
    return im


@pytest.mark.parametrize("job", PLAIN_CARDS, ids=lambda j: j.slug)
def test_a_card_without_photo_is_a_small_palette_png(job: CardJob) -> None:
    data = render_card(job)
    assert card_format(job) == "png"
    # Only what a palette image needs: no text, time, gamma, ICC or EXIF chunk.
    assert png_chunks(data) == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    with Image.open(io.BytesIO(data)) as im:
        assert (im.format, im.mode, im.size) == ("PNG", "P", CARD_SIZE)
        colours = im.convert("RGB").getcolors(256)
    assert colours is not None and len(colours) <= 64
    assert len(data) <= MAX_PNG_BYTES, len(data)


@pytest.mark.parametrize("job", PLAIN_CARDS, ids=lambda j: j.slug)
def test_a_palette_card_looks_like_the_full_colour_drawing(job: CardJob) -> None:
    with Image.open(io.BytesIO(render_card(job))) as im:
        drawn = im.convert("RGB")
    diff = ImageChops.difference(drawn, full_colour(job))
    # Text edges take one of 16 shades instead of 256: at most half a shade off (~8 of 255
    # for dark ink on cream), nowhere else a difference.
    assert max(high for _low, high in diff.getextrema()) <= 9  # type: ignore[misc]
    assert max(ImageStat.Stat(diff).mean) < 0.1
    # And the text is there: the card is not a blank template.
    assert ImageStat.Stat(drawn.crop((80, 150, 700, 560)).convert("L")).stddev[0] > 20


def test_a_card_with_a_photo_is_a_progressive_jpeg_without_metadata(tmp_path: Path) -> None:
    job = photo_job(tmp_path)
    data = render_card(job)
    assert card_format(job) == "jpeg"
    markers = jpeg_markers(data)
    # JFIF (APP0) only: no EXIF (APP1), ICC profile (APP2) or comment (COM).
    assert [m for m in markers if 0xE0 <= m <= 0xEF or m == 0xFE] == [0xE0]
    assert 0xC2 in markers  # progressive
    with Image.open(io.BytesIO(data)) as im:
        assert (im.format, im.mode, im.size) == ("JPEG", "RGB", CARD_SIZE)
        assert not {"exif", "icc_profile", "xmp", "comment"} & set(im.info)
        diff = ImageChops.difference(im, full_colour(job))
    # JPEG's loss, small on average (a misplaced line or photo costs 20 and more): in the
    # text column (sharp edges, and cream off by one in blue) and over the whole card.
    assert max(ImageStat.Stat(diff.crop((0, 104, 700, 616))).mean) < 2.5
    assert max(ImageStat.Stat(diff).mean) < 3.0
    # The full-colour PNG with this photo was over 250 KB.
    assert len(data) < 90_000, len(data)


def test_cards_are_the_same_bytes_in_another_process(tmp_path: Path) -> None:
    jobs = [PLAIN, LONG, photo_job(tmp_path, CAMPAIGN)]
    here = [render_card(job) for job in jobs]
    assert here == [render_card(job) for job in jobs]  # the template is copied, not reused
    script = (
        "import pickle, sys\n"
        "from generator.images.cards import render_card\n"
        "jobs = pickle.loads(sys.stdin.buffer.read())\n"
        "sys.stdout.buffer.write(pickle.dumps([render_card(j) for j in jobs]))\n"
    )
    import pickle

    # A fresh interpreter: no font, template or palette cached; the jobs drawn in reverse.
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps(jobs[::-1]),
        capture_output=True,
        check=True,
    )
    assert pickle.loads(done.stdout)[::-1] == here
    assert len({hashlib.sha256(data).hexdigest() for data in here}) == 3


def test_the_stage_names_each_card_by_its_format(tmp_path: Path) -> None:
    with_photo = photo_job(tmp_path)
    result = process_images([], [PLAIN, CAMPAIGN, replace(with_photo, slug="co-anh")],
                            tmp_path / "cache", tmp_path / "out", workers=1)  # fmt: skip
    assert result.ok
    found = {slug: (v.path.rsplit(".", 1)[1], v.mime) for (_k, slug), v in result.cards.items()}
    assert found == {
        "nguyen-thi-ngoc-anh": ("png", "image/png"),
        "dan-van-kheo": ("png", "image/png"),
        "co-anh": ("jpg", "image/jpeg"),
    }
    for variant in result.cards.values():
        with Image.open(tmp_path / "out" / variant.path) as im:
            assert Image.MIME[im.format or ""] == variant.mime and im.size == CARD_SIZE
    again = process_images([], [PLAIN, CAMPAIGN, replace(with_photo, slug="co-anh")],
                           tmp_path / "cache", tmp_path / "out", workers=1)  # fmt: skip
    assert (again.stats.cards_encoded, again.stats.cards_reused) == (0, 3)


@pytest.mark.parametrize(
    ("target", "value"),
    [
        ("generator.images.cards.CARD_PIPELINE_VERSION", CARD_PIPELINE_VERSION + 1),
        # Another Unicode database (a Python upgrade) may break a name into other lines.
        ("unicodedata.unidata_version", "0.0.1"),
    ],
    ids=["pipeline", "unicode"],
)
def test_a_new_card_drawing_redraws_every_card(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, value: object
) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    jobs = [PLAIN, CAMPAIGN]
    first = process_images([], jobs, cache, out, workers=1)
    assert first.stats.cards_encoded == 2
    assert process_images([], jobs, cache, out, workers=1).stats.cards_reused == 2
    old_cards = sorted((cache / "cards").rglob("*.png"))
    assert len(old_cards) == 2
    legacy = cache / "cards" / "ab" / ("ab" + "0" * 62 + ".png")  # before folders per drawing
    legacy.parent.mkdir()
    legacy.write_bytes(old_cards[0].read_bytes())
    monkeypatch.setattr(target, value)
    _drawing.cache_clear()  # asked once per process, as a build does
    try:
        bumped = process_images([], jobs, cache, out, workers=1)
    finally:
        monkeypatch.undo()
        _drawing.cache_clear()
    # Every card drawn again under a new key and a new URL (the remembered keys are not used).
    assert (bumped.stats.cards_encoded, bumped.stats.cards_reused) == (2, 0)
    assert not {v.path for v in bumped.cards.values()} & {v.path for v in first.cards.values()}
    published = {p.relative_to(out).as_posix() for p in out.rglob("*.*")}
    assert {v.path for v in bumped.cards.values()} <= published
    # The cache keeps only this drawing's cards: the old ones can never be used again.
    kept = sorted((cache / "cards").rglob("*.png"))
    assert len(kept) == 2 and not set(kept) & {*old_cards, legacy}
    assert len(list((cache / "cards").iterdir())) == 1
