#!/usr/bin/env python3
"""Generate the illustrative photos referenced by the demo profiles in profiles/.

Run by hand after changing the demo content::

    python tools/make_demo_photos.py [--check]

Every image is DRAWN here with Pillow (gradients, simple shapes, initials); nothing is
downloaded and nothing pretends to be a real photograph of a real person. Output is
deterministic: fixed colours, a per-image seed derived from the slug, Pillow's built-in
font, and JPEG files written without EXIF or other metadata. Each profile's `alt` text
describes what its image below actually shows, so keep the two in step.

``--check`` only verifies that every image exists and reports the total size.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import math
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[1]
PROFILES = REPO / "profiles"

PORTRAIT = (900, 1200)
LANDSCAPE = (1200, 800)
QUALITY = 85
MAX_TOTAL_BYTES = 2 * 1024 * 1024

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Spec:
    """One generated image: where it goes and what it shows."""

    path: str  # relative to profiles/
    kind: str  # "portrait" or a scene name
    top: RGB
    bottom: RGB
    initials: str = ""
    figure: RGB = (30, 40, 60)
    motif: str = ""  # portrait extra: hat, coat, aodai, bag, fan, textile


SPECS: tuple[Spec, ...] = (
    Spec(
        "ha-noi/photos/le-thi-thu-hang-hoang-mai.jpg",
        "portrait",
        (46, 139, 87),
        (250, 240, 190),
        "LH",
        (24, 44, 92),
    ),
    Spec(
        "ha-noi/photos/nguyen-van-thang-bat-trang.jpg",
        "portrait",
        (120, 72, 40),
        (245, 232, 205),
        "NT",
        (70, 40, 22),
    ),
    Spec(
        "ha-noi/photos/cong-ty-co-phan-phan-mem-bai-giua.jpg",
        "office",
        (200, 225, 245),
        (225, 238, 250),
        "BG",
    ),
    Spec(
        "quang-tri/photos/nguyen-thi-hoa-trieu-phong.jpg",
        "portrait",
        (140, 200, 90),
        (240, 210, 100),
        "NH",
        (50, 70, 40),
        "hat",
    ),
    Spec(
        "quang-tri/photos/hop-tac-xa-lua-huu-co-thach-han.jpg",
        "ricefields",
        (170, 210, 240),
        (230, 242, 250),
    ),
    Spec(
        "thai-nguyen/photos/hop-tac-xa-che-bup-tim-tan-cuong.jpg",
        "teahills",
        (250, 244, 225),
        (240, 232, 205),
    ),
    Spec(
        "ho-chi-minh/photos/tran-thi-ngoc-anh-con-dao.jpg",
        "portrait",
        (40, 170, 160),
        (250, 252, 252),
        "NA",
        (30, 60, 70),
        "coat",
    ),
    Spec(
        "hue/photos/ho-thi-xuan-a-luoi.jpg",
        "portrait",
        (120, 20, 30),
        (150, 30, 40),
        "HX",
        (35, 20, 20),
        "textile",
    ),
    Spec(
        "hue/photos/ton-nu-thi-minh-chau.jpg",
        "portrait",
        (110, 60, 140),
        (245, 205, 220),
        "MC",
        (60, 30, 80),
        "aodai",
    ),
    Spec(
        "dien-bien/photos/lo-thi-duyen-muong-nhe.jpg",
        "portrait",
        (34, 100, 60),
        (150, 200, 235),
        "LD",
        (25, 45, 40),
        "bag",
    ),
    Spec(
        "phu-tho/photos/bui-thi-nhuan-kim-duc.jpg",
        "portrait",
        (150, 60, 40),
        (250, 235, 170),
        "BN",
        (80, 30, 20),
        "fan",
    ),
)


def seed_for(path: str) -> int:
    """A stable seed per image, independent of Python's hash randomisation."""
    return int.from_bytes(hashlib.sha256(path.encode("utf-8")).digest()[:8], "big")


def gradient(size: tuple[int, int], top: RGB, bottom: RGB) -> Image.Image:
    """A vertical gradient from `top` to `bottom`."""
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's bundled font, so the output does not depend on fonts installed locally."""
    return ImageFont.load_default(size=size)


def draw_initials(
    draw: ImageDraw.ImageDraw, text: str, centre: tuple[int, int], size: int, fill: RGB
) -> None:
    """Initials centred on `centre`."""
    draw.text(centre, text, font=font(size), fill=fill, anchor="mm")


def lighten(colour: RGB, amount: float) -> RGB:
    """Mix a colour with white."""
    r, g, b = colour
    return (
        round(r + (255 - r) * amount),
        round(g + (255 - g) * amount),
        round(b + (255 - b) * amount),
    )


def portrait(spec: Spec, rng: random.Random) -> Image.Image:
    """A stylised head-and-shoulders silhouette with the person's initials."""
    w, h = PORTRAIT
    img = gradient(PORTRAIT, spec.top, spec.bottom)
    d = ImageDraw.Draw(img)
    # Soft concentric halo behind the head; radius jitters a little per image.
    cx, cy = w // 2, 430 + rng.randint(-10, 10)
    for i in range(6, 0, -1):
        r = 170 + i * 28
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=lighten(spec.top, 0.08 * i))
    if spec.motif == "textile":
        band_top = 900
        d.rectangle((0, band_top, w, h), fill=(90, 15, 25))
        for row, colour in enumerate(((235, 190, 60), (245, 245, 240), (235, 190, 60))):
            y = band_top + 40 + row * 95
            for x in range(0, w + 60, 60):
                d.polygon([(x, y), (x + 30, y - 28), (x + 60, y), (x + 30, y + 28)], fill=colour)
    body = spec.figure
    # Shoulders and body.
    if spec.motif == "aodai":
        d.polygon([(250, 1200), (300, 760), (450, 700), (600, 760), (650, 1200)], fill=body)
        d.rectangle((415, 640, 485, 720), fill=body)  # high collar
    else:
        d.ellipse((170, 720, 730, 1320), fill=body)
        d.rectangle((400, 610, 500, 740), fill=body)  # neck
    if spec.motif == "coat":
        coat = (245, 248, 250)
        d.ellipse((190, 740, 710, 1320), fill=coat)
        d.polygon([(450, 760), (380, 740), (450, 930), (520, 740)], fill=body)  # V collar
    # Head.
    d.ellipse((330, 330, 570, 610), fill=body)
    if spec.motif == "hat":
        d.polygon([(200, 400), (450, 200), (700, 400)], fill=(235, 220, 170))
        d.line([(200, 400), (700, 400)], fill=(190, 170, 120), width=6)
    if spec.motif == "bag":
        d.rectangle((560, 900, 760, 1060), fill=(250, 250, 250))
        d.rectangle((645, 930, 675, 1030), fill=(200, 30, 40))
        d.rectangle((610, 965, 710, 995), fill=(200, 30, 40))
    if spec.motif == "fan":
        d.pieslice((520, 760, 840, 1080), 200, 340, fill=(240, 200, 80))
        for a in range(200, 341, 20):
            end = (680 + 160 * math.cos(math.radians(a)), 920 + 160 * math.sin(math.radians(a)))
            d.line([(680, 920), end], fill=(150, 90, 30), width=4)
    text_fill = (255, 255, 255) if sum(body) < 400 else (20, 20, 20)
    draw_initials(d, spec.initials, (450, 470), 120, text_fill)
    return img


def office(spec: Spec, rng: random.Random) -> Image.Image:
    """Rows of grey desks with dark screens; initials in the top-left corner."""
    img = gradient(LANDSCAPE, spec.top, spec.bottom)
    d = ImageDraw.Draw(img)
    d.rectangle((0, 520, 1200, 800), fill=(205, 210, 215))  # floor
    for row, (y, scale) in enumerate(((360, 0.7), (470, 0.85), (600, 1.0))):
        width = int(170 * scale)
        gap = int(40 * scale)
        x = 60 + row * 30
        while x + width < 1160:
            d.rectangle((x, y, x + width, y + int(22 * scale)), fill=(140, 145, 150))
            screen_w = int(80 * scale)
            sx = x + (width - screen_w) // 2 + rng.randint(-5, 5)
            d.rectangle((sx, y - int(60 * scale), sx + screen_w, y - 6), fill=(40, 50, 65))
            x += width + gap
    draw_initials(d, spec.initials, (110, 90), 90, (30, 70, 120))
    return img


def ricefields(spec: Spec, rng: random.Random) -> Image.Image:
    """Sky, terraced green and gold rice strips, a blue river winding through."""
    img = gradient(LANDSCAPE, spec.top, spec.bottom)
    d = ImageDraw.Draw(img)
    greens = ((110, 170, 70), (215, 190, 80), (90, 150, 60), (230, 205, 100))
    y = 300
    band = 0
    while y < 800:
        height = 60 + band * 12
        wobble = rng.randint(-12, 12)
        d.polygon(
            [(0, y + wobble), (1200, y - wobble), (1200, y + height), (0, y + height)],
            fill=greens[band % len(greens)],
        )
        y += height - 8
        band += 1
    river = [(780 + 90 * math.sin(t / 9) + t * 1.2, 300 + t * 5) for t in range(0, 101)]
    left = [(x - 25 - t * 0.6, yy) for t, (x, yy) in enumerate(river)]
    right = [(x + 25 + t * 0.6, yy) for t, (x, yy) in enumerate(river)]
    d.polygon(left + right[::-1], fill=(70, 130, 200))
    return img


def teahills(spec: Spec, rng: random.Random) -> Image.Image:
    """Overlapping low hills in alternating greens with curved rows of tea bushes."""
    img = gradient(LANDSCAPE, spec.top, spec.bottom)
    d = ImageDraw.Draw(img)
    hills = (
        (-200, 330, 700, 1100, (120, 170, 90)),
        (450, 300, 1450, 1100, (95, 150, 70)),
        (100, 450, 1000, 1250, (70, 130, 55)),
        (-300, 580, 600, 1400, (55, 115, 45)),
        (650, 560, 1600, 1400, (85, 140, 60)),
    )
    for x0, y0, x1, y1, colour in hills:
        d.ellipse((x0, y0, x1, y1), fill=colour)
        row_colour = (max(colour[0] - 35, 0), max(colour[1] - 40, 0), max(colour[2] - 30, 0))
        for k in range(1, 7):
            inset = k * 45 + rng.randint(-4, 4)
            d.arc(
                (x0 + inset, y0 + inset, x1 - inset, y1 - inset), 200, 340, fill=row_colour, width=9
            )
    return img


DRAWERS: dict[str, Callable[[Spec, random.Random], Image.Image]] = {
    "portrait": portrait,
    "office": office,
    "ricefields": ricefields,
    "teahills": teahills,
}


def make_image(spec: Spec) -> Image.Image:
    """Draw one image from its spec."""
    return DRAWERS[spec.kind](spec, random.Random(seed_for(spec.path)))


def save_jpeg(img: Image.Image, target: Path) -> None:
    """Write a baseline JPEG without metadata, only if the bytes changed."""
    buffer = io.BytesIO()
    img.convert("RGB").save(buffer, "JPEG", quality=QUALITY, optimize=True, progressive=False)
    data = buffer.getvalue()
    if target.exists() and target.read_bytes() == data:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    """Generate (or check) every demo photo; fail if the total exceeds the budget."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify the files exist")
    args = parser.parse_args(argv)
    total = 0
    for spec in SPECS:
        target = PROFILES / spec.path
        if not args.check:
            save_jpeg(make_image(spec), target)
        if not target.is_file():
            print(f"missing: {target.relative_to(REPO)}", file=sys.stderr)
            return 1
        size = target.stat().st_size
        total += size
        print(f"{target.relative_to(REPO)}  {size // 1024} KiB")
    print(f"{len(SPECS)} images, {total / 1024:.0f} KiB in total")
    if total > MAX_TOTAL_BYTES:
        print(f"total exceeds {MAX_TOTAL_BYTES} bytes", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
