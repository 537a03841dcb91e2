"""Social cards: 1200×630 text (and a consented photo) on a template drawn once per process,
in palette indices, saved as a palette PNG or a JPEG; keyed by the drawing."""

from __future__ import annotations

import hashlib
import io
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont, ImageOps, features

from generator.images.encoding import (
    _decode,
    _digest_json,
)
from generator.images.jobs import (
    CARD_SIZE,
    CardFormat,
    CardJob,
    ImageSettings,
)
from generator.incremental import memos
from generator.source.load import PhotoRefused
from generator.vntext import nfc

# Bump when the drawing changes the bytes it writes, so caches keyed on inputs are not reused.
CARD_PIPELINE_VERSION = 4
# 2: the consented photo drawn into profile cards; 3: decoded smaller; 4: drawn on a template
# in palette indices, saved as a palette PNG (no photo) or a JPEG (with one), not RGB PNG.
CARD_JPEG_QUALITY = 82
"""JPEG quality of cards with a photo: text edges and the photo show no loss at 1200×630."""
FONT_DIR = Path(str(resources.files("generator"))) / "data" / "fonts"
FONT_REGULAR = FONT_DIR / "NotoSans-Regular.ttf"
FONT_BOLD = FONT_DIR / "NotoSans-Bold.ttf"

_CARD_BACKGROUND = "#fbf7ef"
_CARD_BAND = "#9e1b1b"
_CARD_GOLD = "#d4a017"
_CARD_TITLE = "#1e1b18"
_CARD_SUBTITLE = "#9e1b1b"
_CARD_LINES = "#55504a"
_CARD_MARGIN = 80
_CARD_BAND_HEIGHT = 104
_CARD_RULE = 14
_CARD_TOP = _CARD_BAND_HEIGHT + 40
_CARD_BOTTOM = CARD_SIZE[1] - _CARD_RULE - 36
_CARD_GAP = 20
_STAR_RADIUS = 30
_ELLIPSIS = "…"
# The photo's frame on the right of a profile card, portrait (4:5), under the band.
_PHOTO_SIZE = (336, 420)
_PHOTO_GAP = 48
_PHOTO_FRAME = "#ffffff"


@dataclass(frozen=True)
class _Block:
    sizes: tuple[int, ...]
    bold: bool
    max_lines: int
    colour: str


_TITLE = _Block((68, 60, 52, 46, 40), True, 3, _CARD_TITLE)
_SUBTITLE = _Block((38, 34, 30, 28), True, 2, _CARD_SUBTITLE)
_LINE = _Block((30, 28, 26), False, 1, _CARD_LINES)
_SITE = _Block((32, 28, 24), True, 1, "#ffffff")
_MAX_CARD_LINES = 3


@dataclass(frozen=True)
class CardText:
    """One line of text on a card: left edge, baseline, font size and weight, colour."""

    text: str
    x: int
    y: int
    size: int
    bold: bool
    colour: str


@lru_cache(maxsize=64)
def card_font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    """The bundled Noto Sans at `size`, laid out by the basic engine: same output everywhere."""
    return ImageFont.truetype(
        str(FONT_BOLD if bold else FONT_REGULAR), size, layout_engine=ImageFont.Layout.BASIC
    )


@lru_cache(maxsize=1)
def _fonts_digest() -> str:
    return hashlib.sha256(FONT_REGULAR.read_bytes() + FONT_BOLD.read_bytes()).hexdigest()


def _clusters(word: str) -> list[str]:
    """Split text into base characters with their combining marks, never separating them."""
    out: list[str] = []
    for ch in word:
        if out and unicodedata.combining(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _break_word(word: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    for cluster in _clusters(word):
        if current and font.getlength(current + cluster) > width:
            pieces.append(current)
            current = cluster
        else:
            current += cluster
    return [*pieces, current] if current else pieces


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap; a word wider than the line is broken between characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = _break_word(word, font, width)
        lines.extend(pieces[:-1])
        current = pieces[-1] if pieces else ""
    if current:
        lines.append(current)
    return lines


def _ellipsize(line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """Cut a line to end in "…" within `width`: after a word, or mid-word if that wastes less."""
    words = line.split()
    while len(words) > 1 and font.getlength(" ".join(words) + _ELLIPSIS) > width:
        words.pop()
    by_word = " ".join(words) + _ELLIPSIS
    if width * 0.6 <= font.getlength(by_word) <= width:
        return by_word
    clusters = _clusters(line)
    while clusters and font.getlength("".join(clusters).rstrip() + _ELLIPSIS) > width:
        clusters.pop()
    return "".join(clusters).rstrip() + _ELLIPSIS


def _fit(text: str, block: _Block, size: int, width: int, *, cut: bool) -> list[str] | None:
    """Wrap `text` into the block's lines at `size`; when it overflows, None or an ellipsis."""
    font = card_font(size, block.bold)
    lines = _wrap(text, font, width)
    if len(lines) <= block.max_lines:
        return lines
    if not cut:
        return None
    kept = lines[: block.max_lines]
    kept[-1] = _ellipsize(kept[-1] + " " + lines[block.max_lines], font, width)
    return kept


def _line_height(size: int, bold: bool) -> int:
    # Ascent + descent of Noto Sans leaves room for Vietnamese stacked marks (Ễ, Ậ) and dots.
    ascent, descent = card_font(size, bold).getmetrics()
    return int(ascent + descent)


def _gap(before: _Block, block: _Block) -> int:
    # The small lines (place, sector) read as one group; bigger blocks get air between them.
    return 0 if before is _LINE and block is _LINE else _CARD_GAP


def _stack_height(chosen: Sequence[tuple[_Block, int, list[str]]]) -> int:
    height = 0
    for i, (block, size, lines) in enumerate(chosen):
        height += _line_height(size, block.bold) * len(lines)
        if i:
            height += _gap(chosen[i - 1][0], block)
    return height


def _with_photo(job: CardJob) -> bool:
    return job.photo is not None and bool(job.photo_digest)


def card_layout(job: CardJob) -> tuple[CardText, ...]:
    """Place a card's text: shrink the font in steps, then wrap, then cut with an ellipsis."""
    site = _site_text(job.site_name)
    return (site, *_card_body(job)) if site is not None else _card_body(job)


@lru_cache(maxsize=16)
def _site_text(site_name: str) -> CardText | None:
    """The site's name in the band (the same on every card of a site: drawn in the template)."""
    site_width = CARD_SIZE[0] - 2 * _CARD_MARGIN - 2 * _STAR_RADIUS - 24
    site = " ".join(nfc(site_name).split())
    for site_size in _SITE.sizes:
        site_font = card_font(site_size, True)
        if site_font.getlength(site) <= site_width:
            break
    else:
        site = _ellipsize(site, site_font, site_width)
    if not site:
        return None
    ascent, descent = site_font.getmetrics()
    baseline = (_CARD_BAND_HEIGHT + ascent - descent) // 2
    return CardText(site, _CARD_MARGIN, baseline, site_size, True, _SITE.colour)


def _card_body(job: CardJob) -> tuple[CardText, ...]:
    """The card's own text under the band: title, subtitle and small print."""
    width = CARD_SIZE[0] - 2 * _CARD_MARGIN
    if _with_photo(job):
        width -= _PHOTO_SIZE[0] + _PHOTO_GAP  # the text keeps to the left of the photo
    texts = [(_TITLE, nfc(job.title)), (_SUBTITLE, nfc(job.subtitle))]
    texts += [(_LINE, nfc(line)) for line in job.lines[:_MAX_CARD_LINES]]
    blocks = [(block, " ".join(text.split())) for block, text in texts if text.strip()]
    available = _CARD_BOTTOM - _CARD_TOP
    steps = max((len(block.sizes) for block, _ in blocks), default=1)
    chosen: list[tuple[_Block, int, list[str]]] = []
    for step in range(steps):
        chosen = []
        for block, text in blocks:
            size = block.sizes[min(step, len(block.sizes) - 1)]
            lines = _fit(text, block, size, width, cut=False)
            if lines is None:
                break
            chosen.append((block, size, lines))
        if len(chosen) == len(blocks) and _stack_height(chosen) <= available:
            break
    else:
        chosen = [
            (block, block.sizes[-1], _fit(text, block, block.sizes[-1], width, cut=True) or [])
            for block, text in blocks
        ]
        # At the smallest sizes everything fits by construction; this only guards a change.
        while chosen and _stack_height(chosen) > available:
            chosen.pop()
    placed: list[CardText] = []
    # Centre the text vertically in the space under the band: balanced for one line or seven.
    top = _CARD_TOP + (available - _stack_height(chosen)) // 2
    for i, (block, size, lines) in enumerate(chosen):
        if i:
            top += _gap(chosen[i - 1][0], block)
        ascent, _ = card_font(size, block.bold).getmetrics()
        step = _line_height(size, block.bold)
        for line in lines:
            placed.append(
                CardText(line, _CARD_MARGIN, top + ascent, size, block.bold, block.colour)
            )
            top += step
    return tuple(placed)


def _star(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.382
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((round(cx + r * math.cos(angle), 2), round(cy + r * math.sin(angle), 2)))
    return points


def card_format(job: CardJob) -> CardFormat:
    """How a card is saved: JPEG when it shows a photo, else a palette PNG (flat colours)."""
    return "jpeg" if _with_photo(job) else "png"


_CARD_PNG_LEVEL = 6
"""zlib level of palette cards: 9 saves ~10% of the bytes for ~8x the time, 3 costs ~35% more
bytes (measured)."""
_CARD_JPEG_SUBSAMPLING = 2
"""4:2:0, as photos are encoded. Measured against the card before encoding: the text's mean
error is 0.9 of 255 (4:4:4: 0.7), invisible at 1:1, for ~20% fewer bytes."""
_CARD_SHADES = 16
"""Shades of each text colour over its ground, ink included: the edges of text drawn with
256 levels of coverage look the same with 16 at these sizes, and the card keeps to a palette."""


@dataclass(frozen=True)
class _CardPalette:
    """The card's colours by index: flat colours, then each text colour's shades over its
    ground (what anti-aliased text on a flat ground can produce)."""

    rgb: bytes
    """The palette for `Image.putpalette`, three bytes a colour."""
    flat: dict[str, int]
    """Index of each flat colour."""
    shades: dict[tuple[str, str], tuple[list[int], list[int]]]
    """By (ink, ground): the coverage-to-index table and the coverage-to-mask table (255
    where the text covers enough to change the pixel) for `Image.point`."""


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@lru_cache(maxsize=1)
def _card_palette() -> _CardPalette:
    flat_colours = (_CARD_BACKGROUND, _CARD_BAND, _CARD_GOLD, _PHOTO_FRAME)
    # The title, subtitle and small print sit on the background, the site's name on the band.
    pairs = [(_TITLE.colour, _CARD_BACKGROUND), (_SUBTITLE.colour, _CARD_BACKGROUND)]
    pairs += [(_LINE.colour, _CARD_BACKGROUND), (_SITE.colour, _CARD_BAND)]
    colours = [_rgb(c) for c in flat_colours]
    shades: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    top = _CARD_SHADES - 1
    for ink, ground in pairs:
        first = len(colours)
        (ir, ig, ib), (gr, gg, gb) = _rgb(ink), _rgb(ground)
        for level in range(1, _CARD_SHADES):
            colours.append(
                (
                    round(gr + (ir - gr) * level / top),
                    round(gg + (ig - gg) * level / top),
                    round(gb + (ib - gb) * level / top),
                )
            )
        levels = [round(v * top / 255) for v in range(256)]
        shades[(ink, ground)] = (
            [first + level - 1 if level else 0 for level in levels],
            [255 if level else 0 for level in levels],
        )
    rgb = b"".join(bytes(c) for c in colours)
    return _CardPalette(rgb, {c: i for i, c in enumerate(flat_colours)}, shades)


def _draw_card_text(card: Image.Image, text: CardText) -> None:
    """Draw one line of text into a card of palette indices (an "L" image), anti-aliased."""
    font = card_font(text.size, text.bold)
    left, top, right, bottom = (int(v) for v in font.getbbox(text.text, anchor="ls"))
    if right <= left or bottom <= top:
        return
    coverage = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(coverage).text((-left, -top), text.text, font=font, fill=255, anchor="ls")
    ground = _CARD_BAND if text.y < _CARD_BAND_HEIGHT else _CARD_BACKGROUND
    indices, mask = _card_palette().shades[(text.colour, ground)]
    # Only the pixels the text covers change: a line's box may reach into its neighbours'.
    card.paste(coverage.point(indices), (text.x + left, text.y + top), coverage.point(mask))


def _photo_box() -> tuple[int, int]:
    """The top-left corner of the photo on a profile card."""
    left = CARD_SIZE[0] - _CARD_MARGIN - _PHOTO_SIZE[0]
    return left, _CARD_TOP + (_CARD_BOTTOM - _CARD_TOP - _PHOTO_SIZE[1]) // 2


@lru_cache(maxsize=8)
def _card_template(site: CardText | None, framed: bool) -> Image.Image:
    """What every card of a site shares (band, rule, star, the site's name, the photo's frame),
    drawn once per process in palette indices; each card starts from a copy."""
    index = _card_palette().flat
    im = Image.new("L", CARD_SIZE, index[_CARD_BACKGROUND])
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, CARD_SIZE[0], _CARD_BAND_HEIGHT - 1), fill=index[_CARD_BAND])
    rule = (0, CARD_SIZE[1] - _CARD_RULE, CARD_SIZE[0], CARD_SIZE[1])
    draw.rectangle(rule, fill=index[_CARD_GOLD])
    star_x = CARD_SIZE[0] - _CARD_MARGIN - _STAR_RADIUS
    draw.polygon(_star(star_x, _CARD_BAND_HEIGHT / 2, _STAR_RADIUS), fill=index[_CARD_GOLD])
    if site is not None:
        _draw_card_text(im, site)
    if framed:
        left, top = _photo_box()
        draw.rectangle(
            (left - 6, top - 6, left + _PHOTO_SIZE[0] + 5, top + _PHOTO_SIZE[1] + 5),
            fill=index[_PHOTO_FRAME],
            outline=index[_CARD_GOLD],
            width=2,
        )
    return im


def render_card(job: CardJob) -> bytes:
    """Draw a 1200×630 social card: a palette PNG, or a JPEG when it shows the photo (the
    bytes depend only on the text, the photo, the fonts and the encoders)."""
    photo = _card_photo(job)  # first: a photo that is gone stops the card before any drawing
    card = _card_template(_site_text(job.site_name), photo is not None).copy()
    for text in _card_body(job):
        _draw_card_text(card, text)
    card.putpalette(_card_palette().rgb)  # the indices become a palette image
    buf = io.BytesIO()
    if photo is None:
        card.save(buf, "PNG", compress_level=_CARD_PNG_LEVEL)
        return buf.getvalue()
    rgb = card.convert("RGB")
    rgb.paste(photo, _photo_box())
    rgb.save(
        buf,
        "JPEG",
        quality=CARD_JPEG_QUALITY,
        optimize=True,
        progressive=True,
        subsampling=_CARD_JPEG_SUBSAMPLING,
    )
    return buf.getvalue()


class _CardPhotoGone(Exception):
    """The photo a card is keyed by is no longer the one keyed, or cannot be read."""


def _card_photo(job: CardJob) -> Image.Image | None:
    """The card's photo cut to its frame (upright, sRGB), or None when it has none. A keyed
    photo whose bytes changed or cannot be decoded raises `_CardPhotoGone`: a card drawn
    without it must not be kept under a key that names it (the old bytes may come back)."""
    if job.photo is None or not job.photo_digest:
        return None
    try:
        data = job.photo.read_bytes()
        if hashlib.sha256(data).hexdigest() != job.photo_digest:
            raise _CardPhotoGone(str(job.photo))
        # Decoded no larger than twice the frame (JPEG draft mode): less to decode and resize.
        im, _header = _decode(data, ImageSettings(widths=(2 * _PHOTO_SIZE[0],)))
    except (OSError, PhotoRefused, ValueError) as exc:
        raise _CardPhotoGone(str(job.photo)) from exc
    if im.mode == "RGBA":
        flat = Image.new("RGB", im.size, _PHOTO_FRAME)
        flat.paste(im, mask=im.getchannel("A"))
        im = flat
    # Faces sit in the upper part of a portrait: keep more of the top than of the bottom.
    return ImageOps.fit(im.convert("RGB"), _PHOTO_SIZE, Image.Resampling.LANCZOS, 0.0, (0.5, 0.3))


@lru_cache(maxsize=1)
def _drawing() -> str:
    """What every card's drawing depends on besides its text (asked once: 10,000 cards)."""
    return _digest_json(
        {
            "v": CARD_PIPELINE_VERSION,
            "size": list(CARD_SIZE),
            "fonts": _fonts_digest(),
            # Breaking a name into lines reads Unicode's categories (`combining`).
            "unicode": unicodedata.unidata_version,
            "pillow": PIL.__version__,
            "freetype": features.version("freetype2"),
            "zlib": features.version("zlib"),
            "jpeg": features.version("jpg"),  # cards with a photo are JPEG
        }
    )


def card_key(job: CardJob) -> str:
    """The cache key of a card: its text (NFC), its photo's digest, its edition's language, the
    fonts, the size and the drawing code."""
    # Each text prefixed with its length: no two different jobs give the same bytes.
    texts = (job.kind, job.title, job.subtitle, *job.lines, job.site_name, job.photo_digest)
    if job.language != "vi":
        # Another edition's card: one part more (a Vietnamese card's key is as it always was,
        # so its path and bytes stay), never the key of a Vietnamese card with the same words.
        texts += (job.language,)
    parts = [nfc(part) for part in texts]
    text = "".join(f"{len(part)}:{part}" for part in parts)
    data = f"{_drawing()}:{len(job.lines)}:{text}".encode()
    return hashlib.sha256(data).hexdigest()


# Card keys by their job's texts, for one drawing (`_drawing`) at a time: normalising and
# hashing the texts of 10,000 cards took 0.07 s a build, a look-up by the texts themselves
# gives the same key. Kept between builds by the memo registry (saved with its drawing).
_CARD_KEYS: dict[str, dict[tuple[object, ...], str]] = {}


def _card_keys() -> dict[tuple[object, ...], str]:
    drawing = _drawing()
    keys = _CARD_KEYS.get(drawing)
    if keys is None:
        _CARD_KEYS.clear()  # another drawing's keys name cards this code never draws
        keys = _CARD_KEYS[drawing] = {}
    return keys


def remembered_card_key(job: CardJob) -> str:
    """`card_key(job)`, remembered (between builds too: the memo registry)."""
    keys = _card_keys()
    texts = (
        job.kind,
        job.title,
        job.subtitle,
        job.lines,
        job.site_name,
        job.photo_digest,
        job.language,
    )
    found = keys.get(texts)
    if found is None:
        found = keys[texts] = card_key(job)
    return found


def _restore_card_keys(saved: object) -> None:
    if not isinstance(saved, dict):
        return
    keys = saved.get(_drawing())
    if isinstance(keys, dict) and all(isinstance(k, str) for k in keys.values()):
        _card_keys().update(keys)


memos.register(
    "card keys",
    lambda: dict(_CARD_KEYS),
    _restore_card_keys,
    lambda: sum(len(keys) for keys in _CARD_KEYS.values()),
)
