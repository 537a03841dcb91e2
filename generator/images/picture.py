"""The HTML of photos: `<picture>` data and markup, and the initials placeholder."""

from __future__ import annotations

import colorsys
import hashlib
import html
from typing import TypedDict

from markupsafe import Markup

from generator.images.cards import _clusters
from generator.images.jobs import (
    DEFAULT_SIZES,
    PhotoSet,
)
from generator.vntext import nfc


class VariantData(TypedDict):
    """One file of a photo, as a template or a JSON record needs it."""

    url: str
    width: int
    height: int
    mime: str


class SourceData(TypedDict):
    """A `<source>` element: a media type and its srcset."""

    mime: str
    srcset: str


class PictureData(TypedDict):
    """Everything a template needs for a responsive, shift-free, lazy `<picture>`."""

    variants: list[VariantData]
    sources: list[SourceData]
    src: str
    srcset: str
    mime: str
    width: int
    height: int


def picture_data(photo_set: PhotoSet, base_url: str = "") -> PictureData:
    """The data for a `<picture>`: every variant, `<source>` srcsets, the fallback and its size."""
    fallback_mime = photo_set.mimes[-1]
    return {
        "variants": [
            {"url": v.url(base_url), "width": v.width, "height": v.height, "mime": v.mime}
            for v in photo_set.variants
        ],
        "sources": [
            {"mime": mime, "srcset": photo_set.srcset(mime, base_url)}
            for mime in photo_set.mimes[:-1]
        ],
        "src": photo_set.fallback.url(base_url),
        "srcset": photo_set.srcset(fallback_mime, base_url),
        "mime": fallback_mime,
        "width": photo_set.width,
        "height": photo_set.height,
    }


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def picture_html(
    photo_set: PhotoSet,
    alt: str,
    sizes: str = DEFAULT_SIZES,
    base_url: str = "",
    eager: bool = False,
    alt_lang: str | None = None,
) -> Markup:
    """A `<picture>` with WebP sources and a JPEG `<img>` sized to avoid layout shift: lazy,
    or `eager` and fetched first (a portrait on the first screen); `alt_lang`: the language of
    the alt text when not the page's (the editor's Vietnamese on an English page)."""
    data = picture_data(photo_set, base_url)
    sources = "".join(
        f'<source type="{_attr(s["mime"])}" srcset="{_attr(s["srcset"])}" sizes="{_attr(sizes)}">'
        for s in data["sources"]
    )
    img = (
        f'<img src="{_attr(data["src"])}" srcset="{_attr(data["srcset"])}" '
        f'sizes="{_attr(sizes)}" width="{data["width"]}" height="{data["height"]}" '
        f'alt="{_attr(nfc(alt))}" '
        + (f'lang="{_attr(alt_lang)}" ' if alt_lang else "")
        + ('fetchpriority="high"' if eager else 'loading="lazy" decoding="async"')
        + ">"
    )
    return Markup(f"<picture>{sources}{img}</picture>")


def initials(name: str) -> str:
    """Up to two capital initials: first and last word ("Nguyễn Thị Hoa" → "NH")."""
    words = [w for w in nfc(name).split() if w[0].isalnum()]
    if not words:
        return ""
    picked = [words[0], words[-1]] if len(words) > 1 else [words[0]]
    return "".join(_clusters(w)[0] for w in picked).upper()


def placeholder_colours(slug: str) -> tuple[str, str]:
    """A soft background and a dark ink of the same hue, derived from the slug (stable)."""
    hue = int.from_bytes(hashlib.sha256(slug.encode("utf-8")).digest()[:2], "big") % 360 / 360
    colours = []
    for lightness, saturation in ((0.88, 0.45), (0.24, 0.55)):
        r, g, b = colorsys.hls_to_rgb(hue, lightness, saturation)
        colours.append(f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}")
    return colours[0], colours[1]


def placeholder_svg(
    name: str, slug: str, width: int = 320, height: int = 400, name_lang: str | None = None
) -> Markup:
    """An inline SVG with the name's initials on a soft colour: no photo, no broken image;
    `name_lang`: the language of the name it is labelled with when not the page's."""
    background, ink = placeholder_colours(slug)
    label = _attr(" ".join(nfc(name).split()))
    letters = html.escape(initials(name))
    font_size = round(min(width, height) * 0.36)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{label}"'
        + (f' lang="{_attr(name_lang)}">' if name_lang else ">")
        + f'<rect width="{width}" height="{height}" fill="{background}"/>'
        f'<text x="{width / 2:g}" y="{height / 2:g}" dy="0.35em" text-anchor="middle" '
        f'font-family="\'Noto Sans\', system-ui, sans-serif" font-size="{font_size}" '
        f'font-weight="600" fill="{ink}" aria-hidden="true">{letters}</text></svg>'
    )
