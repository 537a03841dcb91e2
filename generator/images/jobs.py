"""The images stage's vocabulary: its settings, the jobs it is given and the results it gives."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from PIL import Image

from generator.errors import Problem
from generator.images.stats import ImageStats as ImageStats  # named here too, as before
from generator.source.load import MAX_PHOTO_PIXELS

PHOTO_DIR = "anh"
CARD_DIR = "the"
CACHE_DIR = ".vinhdanh-cache/images"
"""Where a build keeps encoded photos and cards, relative to the project root (gitignored)."""
SITE_CARD_SLUG = "trang-chu"
CARD_SIZE = (1200, 630)
DEFAULT_SIZES = "(max-width: 600px) 100vw, 320px"

OutputFormat = Literal["webp", "jpeg"]
CardKind = Literal["profile", "campaign", "site", "award"]
CardFormat = Literal["png", "jpeg"]
MIME_TYPES: dict[str, str] = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
_EXTENSIONS: dict[str, str] = {"webp": "webp", "jpeg": "jpg"}
_CARD_EXTENSIONS: dict[CardFormat, str] = {"png": "png", "jpeg": "jpg"}
_CARD_SUFFIXES = tuple(f".{ext}" for ext in _CARD_EXTENSIONS.values())


@dataclass(frozen=True)
class ImageSettings:
    """How photos are checked and encoded."""

    widths: tuple[int, ...] = (320, 640, 1200)
    """Widths to produce, in pixels; a smaller photo gives the widths below its own, then itself."""
    formats: tuple[OutputFormat, ...] = ("webp", "jpeg")
    """Encodings per width; the last one is the `<img>` fallback every browser can show."""
    jpeg_quality: int = 82
    webp_quality: int = 80
    webp_method: int = 2
    """libwebp's effort, 0-6. Measured here, 4 (its default) makes files about 3% smaller at the
    same quality but takes 2-3 times as long, which the 13 photos/s target cannot afford."""
    max_pixels: int = MAX_PHOTO_PIXELS
    """Refuse photos with more pixels (decompression bombs); at most Pillow's own limit."""
    max_bytes: int = 15 * 1024 * 1024
    """Refuse photo files larger than this, before opening them."""
    min_width: int = 320
    """Warn about photos narrower than this (after EXIF rotation): too small to use well."""

    def __post_init__(self) -> None:
        if not self.widths or list(self.widths) != sorted(set(self.widths)) or self.widths[0] < 1:
            raise ValueError(f"widths must be increasing positive numbers, got {self.widths}")
        if not self.formats or len(set(self.formats)) != len(self.formats):
            raise ValueError(f"formats must be distinct, got {self.formats}")
        for fmt in self.formats:
            if fmt not in _EXTENSIONS:
                raise ValueError(f"unknown output format {fmt!r}")
        for quality in (self.jpeg_quality, self.webp_quality):
            if not 1 <= quality <= 100:
                raise ValueError(f"quality must be 1-100, got {quality}")
        if not 0 <= self.webp_method <= 6:
            raise ValueError(f"webp_method must be 0-6, got {self.webp_method}")
        limit = Image.MAX_IMAGE_PIXELS
        if limit is not None and self.max_pixels > limit:
            # Pillow refuses larger images itself; a higher cap would promise what it can't do.
            raise ValueError(f"max_pixels must be at most {limit}, got {self.max_pixels}")

    def output_key(self) -> dict[str, object]:
        """The settings that change encoded bytes: all a photo's cache key depends on."""
        return {
            "widths": list(self.widths),
            "formats": list(self.formats),
            "jpeg_quality": self.jpeg_quality,
            "webp_quality": self.webp_quality,
            "webp_method": self.webp_method,
        }


@dataclass(frozen=True)
class PhotoJob:
    """One consented photo to publish, and where to point when it is refused."""

    source: Path
    """The photo file, absolute (as `Entry.photos` resolves it)."""
    file: str
    """The photo as editors know it, relative to the project root; named in messages."""
    relpath: str
    """The document that references the photo, relative to the project root."""
    line: int
    col: int
    field: str
    """The field in that document, e.g. `photos[0].file`."""
    slug: str
    index: int


@dataclass(frozen=True)
class CardJob:
    """One social card: what it says. Text is normalised to NFC before drawing and keying."""

    kind: CardKind
    slug: str
    title: str
    """The person's, collective's or campaign's name: bold, up to three lines."""
    subtitle: str
    """The top award's display name (or the campaign's short description): up to two lines."""
    lines: tuple[str, ...]
    """Small print such as the place; one line each, at most three."""
    site_name: str
    photo: Path | None = None
    """The consented photo the profile page shows first, drawn beside the text (or None)."""
    photo_digest: str = ""
    """SHA-256 of the photo's bytes, set by the images stage: part of the card's key."""
    language: str = "vi"
    """The edition whose words the card carries ("vi", or "en" for the English edition's
    pages): part of its key and of its path (`card_path`)."""


def card_path(language: str, kind: str, slug: str, key: str, extension: str) -> str:
    """Where a card is published: `the/<kind>/…`, the English edition's under `the/en/<kind>/`
    (a folder no kind is named: the two editions' cards of one slug never meet)."""
    folder = CARD_DIR if language == "vi" else f"{CARD_DIR}/{language}"
    return f"{folder}/{kind}/{slug}-{key[:12]}.{extension}"


@dataclass(frozen=True)
class Variant:
    """One output file: its path relative to the output folder, size and media type."""

    path: str
    width: int
    height: int
    mime: str

    def url(self, base_url: str = "") -> str:
        """The URL of this file under `base_url` (e.g. "../../" or "/")."""
        return base_url + self.path


@dataclass(frozen=True)
class PhotoSet:
    """All encodings and widths of one photo, smallest first within each type."""

    key: str
    variants: tuple[Variant, ...]
    width: int
    """Width of the largest variant (for the `<img>` width attribute: no layout shift)."""
    height: int

    @property
    def mimes(self) -> tuple[str, ...]:
        """Media types present, in the order of the settings' formats (fallback last)."""
        seen: list[str] = []
        for variant in self.variants:
            if variant.mime not in seen:
                seen.append(variant.mime)
        return tuple(seen)

    def of_type(self, mime: str) -> tuple[Variant, ...]:
        """The variants of one media type, narrowest first."""
        return tuple(v for v in self.variants if v.mime == mime)

    def srcset(self, mime: str, base_url: str = "") -> str:
        """A `srcset` value listing every width of one media type."""
        return ", ".join(f"{v.url(base_url)} {v.width}w" for v in self.of_type(mime))

    @property
    def fallback(self) -> Variant:
        """The widest variant of the fallback type: the `<img src>`."""
        return self.of_type(self.mimes[-1])[-1]


@dataclass
class ImageResult:
    """The outcome of `process_images`."""

    photo_sets: dict[tuple[str, int], PhotoSet] = field(default_factory=dict)
    """By (slug, photo index in the profile)."""
    cards: dict[tuple[str, str], Variant] = field(default_factory=dict)
    """The Vietnamese edition's, by (kind, slug)."""
    edition_cards: dict[str, dict[tuple[str, str], Variant]] = field(default_factory=dict)
    """Another edition's (drawn only when the site has it), by language, then (kind, slug)."""
    problems: list[Problem] = field(default_factory=list)
    stats: ImageStats = field(default_factory=ImageStats)
    files: tuple[str, ...] = ()
    """Every file written or kept in the output folder (relative paths), to prune the rest."""
    published: tuple[str, ...] = ()
    """The files of `files` that `publish_images` linked anew (new or changed bytes)."""
    sources: dict[str, str] = field(default_factory=dict)
    """Where each output file is in the cache, by its relative path (when nothing failed)."""

    def card(self, language: str, ident: tuple[str, str]) -> Variant | None:
        """The card (kind, slug) of the `language` edition, or None when none was drawn."""
        if language == "vi":
            return self.cards.get(ident)
        return self.edition_cards.get(language, {}).get(ident)

    @property
    def ok(self) -> bool:
        """True when no problem is an error."""
        return all(p.severity != "error" for p in self.problems)

    def read_bytes(self, variant: Variant) -> bytes:
        """The bytes of an output file, from the cache (the press kits carry full-size photos)."""
        source = self.sources.get(variant.path)
        if source is None:
            raise FileNotFoundError(f"{variant.path} is not an output of this run")
        with open(source, "rb") as handle:
            return handle.read()
