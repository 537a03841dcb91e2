"""Images stage: safe, stripped, responsive photos and social cards, cached and in parallel.

Photos come from editors' cameras and phones, so every file is treated as untrusted: only
JPEG, PNG and WebP are opened, recognised by their content; a size cap in bytes and in pixels
stops decompression bombs before any pixel is decoded (that header check is the load stage's
`read_photo_header`, which `vinhdanh check` runs too); truncated or damaged files become
`path:line:col: field: message` problems, never tracebacks. What is published is re-encoded
from pixels alone (upright per EXIF, converted to sRGB), so no EXIF, GPS position, XMP, ICC
profile, comment or camera data ever reaches the site.

Each photo yields a few widths (never upscaled) in WebP with a JPEG fallback, and each
profile, each campaign and the site itself a 1200×630 social card drawn with the bundled Noto
Sans. Work is cached by the digest of its inputs and only the settings it reads (Nikola's
`config_changed(kw)`), so a rebuild re-encodes only what changed; output names carry that
digest, so a changed photo gets a new URL and no browser or CDN serves a stale one.

The build runs this stage after the model is checked and before pages are rendered
(`process_site_images`): pages need the files' URLs and sizes.
"""

from __future__ import annotations

import colorsys
import contextlib
import filecmp
import hashlib
import html
import io
import json
import marshal
import math
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypedDict

import PIL
from markupsafe import Markup
from PIL import Image, ImageCms, ImageDraw, ImageFont, ImageOps, features

from generator.errors import Problem, Severity, make_problem
from generator.progress import SILENT, Progress
from generator.source.load import (
    MAX_PHOTO_PIXELS,
    PhotoHeader,
    PhotoRefused,
    check_photo_bytes,
    check_photo_dimensions,
    check_photo_header,
    decode_photo,
    error_reason,
    open_photo_header,
    photo_width_findings,
)
from generator.source.validate import field_path
from generator.vntext import nfc, vi_date

if TYPE_CHECKING:
    # Only for annotations: workers never need the model loaded.
    from generator.model.entries import Entry, Site
    from generator.source.config import Limits
    from generator.source.documents import Photo

PHOTO_DIR = "anh"
CARD_DIR = "the"
CACHE_DIR = ".vinhdanh-cache/images"
"""Where a build keeps encoded photos and cards, relative to the project root (gitignored)."""
SITE_CARD_SLUG = "trang-chu"
CARD_SIZE = (1200, 630)
DEFAULT_SIZES = "(max-width: 600px) 100vw, 320px"
# Bump when the code changes the bytes it writes, so caches keyed on inputs are not reused.
PHOTO_PIPELINE_VERSION = 1
CARD_PIPELINE_VERSION = 4
# 2: the consented photo drawn into profile cards; 3: decoded smaller; 4: drawn on a template
# in palette indices, saved as a palette PNG (no photo) or a JPEG (with one), not RGB PNG.
CARD_JPEG_QUALITY = 82
"""JPEG quality of cards with a photo: text edges and the photo show no loss at 1200×630."""
FONT_DIR = Path(str(resources.files("generator"))) / "data" / "fonts"
FONT_REGULAR = FONT_DIR / "NotoSans-Regular.ttf"
FONT_BOLD = FONT_DIR / "NotoSans-Bold.ttf"

OutputFormat = Literal["webp", "jpeg"]
CardKind = Literal["profile", "campaign", "site", "award"]
CardFormat = Literal["png", "jpeg"]
MIME_TYPES: dict[str, str] = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
_EXTENSIONS: dict[str, str] = {"webp": "webp", "jpeg": "jpg"}
_CARD_EXTENSIONS: dict[CardFormat, str] = {"png": "png", "jpeg": "jpg"}
_CARD_SUFFIXES = tuple(f".{ext}" for ext in _CARD_EXTENSIONS.values())


# --- settings and results ------------------------------------------------------------------


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


@dataclass(frozen=True)
class ImageStats:
    """What one run encoded and what it took from the cache."""

    photos_encoded: int = 0
    photos_reused: int = 0
    cards_encoded: int = 0
    cards_reused: int = 0

    @property
    def encoded(self) -> int:
        """Photos and cards encoded in this run."""
        return self.photos_encoded + self.cards_encoded

    @property
    def reused(self) -> int:
        """Photos and cards taken from the cache."""
        return self.photos_reused + self.cards_reused


@dataclass
class ImageResult:
    """The outcome of `process_images`."""

    photo_sets: dict[tuple[str, int], PhotoSet] = field(default_factory=dict)
    """By (slug, photo index in the profile)."""
    cards: dict[tuple[str, str], Variant] = field(default_factory=dict)
    """By (kind, slug)."""
    problems: list[Problem] = field(default_factory=list)
    stats: ImageStats = field(default_factory=ImageStats)
    files: tuple[str, ...] = ()
    """Every file written or kept in the output folder (relative paths), to prune the rest."""
    published: tuple[str, ...] = ()
    """The files of `files` that `publish_images` linked anew (new or changed bytes)."""
    sources: dict[str, str] = field(default_factory=dict)
    """Where each output file is in the cache, by its relative path (when nothing failed)."""

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


# --- checking untrusted files -------------------------------------------------------------


def _problem(
    job: PhotoJob, code: str, severity: Severity = "error", /, **params: object
) -> Problem:
    return make_problem(
        job.relpath, job.line, job.col, job.field, code, severity, file=job.file, **params
    )


def inspect_photo(job: PhotoJob, settings: ImageSettings | None = None) -> list[Problem]:
    """Check a photo from its header alone (`vinhdanh check`): format, bytes, pixels, width."""
    settings = settings or ImageSettings()
    findings = check_photo_header(
        job.source, settings.max_bytes, settings.min_width, settings.max_pixels
    )
    return [_problem(job, code, severity, **params) for code, severity, params in findings]


# --- encoding photos -----------------------------------------------------------------------


def target_widths(width: int, widths: Sequence[int]) -> list[int]:
    """The widths to produce for a photo `width` wide: never upscaled (500 → 320, 500)."""
    out = [w for w in widths if w <= width]
    if width < widths[-1] and width not in out:
        out.append(width)
    return out


@lru_cache(maxsize=1)
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(im: Image.Image, icc: object) -> Image.Image:
    """Convert pixels from the photo's ICC profile to sRGB, since the profile is dropped."""
    if not isinstance(icc, bytes) or not icc or im.mode not in ("RGB", "RGBA", "CMYK"):
        return im
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        alpha = im.getchannel("A") if im.mode == "RGBA" else None
        rgb = im.convert("RGB") if alpha is not None else im
        converted = ImageCms.profileToProfile(rgb, source, _srgb(), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        # A broken or unsupported profile: keep the pixels as they are rather than refuse.
        return im
    if converted is None:  # only when converting in place, which we never do
        return im
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def _pixels_only(im: Image.Image) -> Image.Image:
    """RGB or RGBA pixels with no `info` at all, so no encoder can carry metadata along."""
    has_alpha = im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)
    if im.mode.startswith("I"):
        # 16-bit greyscale PNG: scale to 8 bits, since a plain convert clips it to white.
        im = im.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    out = im.convert("RGBA" if has_alpha else "RGB")
    if out is im:
        out = im.copy()
    out.info = {}
    return out


def _encode(im: Image.Image, fmt: str, settings: ImageSettings) -> bytes:
    buf = io.BytesIO()
    if fmt == "webp":
        im.save(buf, "WEBP", quality=settings.webp_quality, method=settings.webp_method)
    else:
        if im.mode == "RGBA":
            # JPEG has no transparency: flatten onto white, as a page background would show it.
            flat = Image.new("RGB", im.size, (255, 255, 255))
            flat.paste(im, mask=im.getchannel("A"))
            im = flat
        im.save(buf, "JPEG", quality=settings.jpeg_quality, optimize=True, progressive=True)
    return buf.getvalue()


@dataclass(frozen=True)
class _PhotoTask:
    source: Path
    digest: str
    key: str
    settings: ImageSettings
    cache_dir: Path


@dataclass(frozen=True)
class _CardTask:
    job: CardJob
    key: str
    cache_dir: Path


@dataclass(frozen=True)
class _Outcome:
    key: str
    meta: dict[str, Any] | None = None
    code: str = ""
    params: tuple[tuple[str, str], ...] = ()


def _photo_entry(cache_dir: Path, key: str) -> Path:
    return cache_dir / "photos" / key[:2] / key


def _cards_dir(cache_dir: Path) -> str:
    """The cache folder of the cards this drawing (`_drawing`) makes: one per drawing, so
    that the cards of another are removed as a whole (`_retire_cards`)."""
    return f"{cache_dir}/cards/{_drawing()[:16]}"


def _card_entry(cache_dir: Path, key: str, fmt: CardFormat) -> str:
    # A string, not a Path: 10,000 at scale.
    return f"{_cards_dir(cache_dir)}/{key[:2]}/{key}.{_CARD_EXTENSIONS[fmt]}"


def _retire_cards(cache_dir: Path) -> None:
    """Remove the cards another drawing left in the cache (a new `CARD_PIPELINE_VERSION`,
    fonts or encoders, or the layout before folders per drawing): every key names its
    drawing, so they are never used again, and a kept cache (CI) would carry them forever."""
    current = Path(_cards_dir(cache_dir)).name
    stale: list[tuple[str, bool]] = []  # no cards folder yet: nothing to remove
    with contextlib.suppress(OSError), os.scandir(cache_dir / "cards") as entries:
        stale = [(e.path, e.is_dir(follow_symlinks=False)) for e in entries if e.name != current]
    for path, is_dir in stale:
        if is_dir:
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _cached_cards(cache_dir: Path) -> set[str]:
    """The file names (key and extension) of the cards in the cache: one listing, not a
    look-up per card."""
    found: set[str] = set()
    with contextlib.suppress(OSError), os.scandir(_cards_dir(cache_dir)) as folders:
        for folder in folders:
            if not folder.is_dir(follow_symlinks=False):
                continue
            with contextlib.suppress(OSError), os.scandir(folder.path) as files:
                found.update(
                    f.name
                    for f in files
                    if f.name.endswith(_CARD_SUFFIXES) and f.is_file(follow_symlinks=False)
                )
    return found


def _decode(data: bytes, settings: ImageSettings) -> tuple[Image.Image, PhotoHeader]:
    """Decode an untrusted photo upright, in sRGB, at no more resolution than needed."""
    im, header = open_photo_header(io.BytesIO(data), settings.max_pixels)
    largest = target_widths(header.width, settings.widths)[-1]
    want = (largest, max(1, round(header.height * largest / header.width)))
    if header.stored != (header.width, header.height):
        want = (want[1], want[0])
    decode_photo(im, want)
    icc = im.info.get("icc_profile")
    # A malformed EXIF block: show the photo as stored rather than refuse it.
    with contextlib.suppress(Exception):
        im = ImageOps.exif_transpose(im)
    # After rotating: the colour conversion makes a new image that no longer carries EXIF.
    return _pixels_only(_to_srgb(im, icc)), header


def _encode_photo(task: _PhotoTask) -> _Outcome:
    """Decode, resize and encode one photo into its cache entry (runs in a worker)."""
    try:
        data = task.source.read_bytes()
    except OSError as exc:
        return _Outcome(task.key, code="image.unreadable", params=(("reason", error_reason(exc)),))
    if hashlib.sha256(data).hexdigest() != task.digest:
        return _Outcome(task.key, code="image.changed")
    try:
        base, header = _decode(data, task.settings)
    except PhotoRefused as refused:
        return _Outcome(task.key, code=refused.code, params=tuple(refused.params.items()))
    settings = task.settings
    files: dict[str, bytes] = {}
    variants: list[tuple[OutputFormat, int, int]] = []
    sized = base
    try:
        # Widest first, each from the one before: a resize costs about as much as its source
        # has pixels, so 640 from 1200 is cheaper than from the decoded image, and looks the
        # same. Sizes come from the file's own dimensions: a draft decode may be a pixel off.
        for width in reversed(target_widths(header.width, settings.widths)):
            height = max(1, round(header.height * width / header.width))
            if (width, height) != sized.size:
                sized = sized.resize((width, height), Image.Resampling.LANCZOS)
            for fmt in settings.formats:
                files[f"{width}.{_EXTENSIONS[fmt]}"] = _encode(sized, fmt, settings)
                variants.append((fmt, width, height))
    except Exception as exc:
        # The photo rules (generator.source.load) keep every size within the encoders' limits;
        # should
        # one still refuse, the editor gets the photo and profile, not a worker's traceback.
        reason = (("reason", error_reason(exc)),)
        return _Outcome(task.key, code="image.encode_failed", params=reason)
    # Grouped by format, narrowest first: the order `srcset` and `<source>` are written in.
    variants.sort(key=lambda v: (settings.formats.index(v[0]), v[1]))
    # The source's size as shown (not the draft's), for the limits rechecked on a cache hit.
    meta: dict[str, Any] = {
        "width": header.width,
        "height": header.height,
        "variants": [list(v) for v in variants],
    }
    try:
        _store_entry(_photo_entry(task.cache_dir, task.key), files, meta)
    except OSError as exc:
        where = str(_photo_entry(task.cache_dir, task.key))
        params = (("reason", error_reason(exc)), ("at", where))
        return _Outcome(task.key, code="image.write_failed", params=params)
    return _Outcome(task.key, meta=meta)


def _store_entry(final: Path, files: dict[str, bytes], meta: dict[str, Any]) -> None:
    """Write a cache entry atomically: a temporary folder renamed into place, meta last."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=final.parent))
    try:
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        try:
            os.rename(tmp, final)
        except OSError:
            if _read_meta(final) is not None:
                return  # another build stored the same entry first: identical bytes
            shutil.rmtree(final, ignore_errors=True)
            os.rename(tmp, final)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _read_meta(entry: Path) -> dict[str, Any] | None:
    """A cache entry's metadata, or None when missing or not what this code writes."""
    try:
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or not isinstance(meta.get("variants"), list):
        return None
    if not all(isinstance(meta.get(k), int) for k in ("width", "height")):
        return None
    for item in meta["variants"]:
        if not (
            isinstance(item, list)
            and len(item) == 3
            and item[0] in _EXTENSIONS
            and all(isinstance(n, int) for n in item[1:])
            and (entry / f"{item[1]}.{_EXTENSIONS[item[0]]}").is_file()
        ):
            return None
    return meta


def _photo_set(key: str, meta: dict[str, Any]) -> PhotoSet:
    variants = tuple(
        Variant(
            f"{PHOTO_DIR}/{key[:12]}-{width}.{_EXTENSIONS[fmt]}", width, height, MIME_TYPES[fmt]
        )
        for fmt, width, height in meta["variants"]
    )
    widest = max(variants, key=lambda v: v.width)
    return PhotoSet(key, variants, widest.width, widest.height)


def photo_key(digest: str, settings: ImageSettings) -> str:
    """The cache key of a photo: its bytes' digest, the output settings and the encoders."""
    return _digest_json(
        {
            "v": PHOTO_PIPELINE_VERSION,
            "source": digest,
            "settings": settings.output_key(),
            # Another Pillow, libjpeg or libwebp may encode other bytes for the same input.
            "pillow": PIL.__version__,
            "libs": [
                features.version("jpg"),
                features.version("webp"),
                features.version("littlecms2"),
            ],
        }
    )


def _digest_json(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _write_atomically(path: Path, data: bytes) -> None:
    """Write `path` through a file of this process renamed into place: never half written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class _DigestMemo:
    """Source digests remembered by file identity, so a no-change rebuild reads no photo.

    The identity includes the inode change time, which every write updates and no tool can
    set back (unlike mtime), so a rewritten file is always hashed again.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.old: dict[str, list[Any]] = {}
        self.new: dict[str, list[Any]] = {}
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        if isinstance(loaded, dict):
            self.old = {k: v for k, v in loaded.items() if isinstance(v, list) and len(v) == 5}

    def digest(self, source: Path, st: os.stat_result) -> str:
        """The SHA-256 of the file's bytes, from the memo when the file is unchanged."""
        identity = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        known = self.old.get(str(source))
        if known is not None and known[:4] == identity and isinstance(known[4], str):
            digest = known[4]
        else:
            with source.open("rb") as fh:
                digest = hashlib.file_digest(fh, "sha256").hexdigest()
        self.new[str(source)] = [*identity, digest]
        return digest

    def save(self) -> None:
        """Write the memo back when it changed (atomically; a lost race only costs hashing)."""
        if self.new == self.old:
            return
        _write_atomically(self.path, json.dumps(self.new, sort_keys=True).encode("utf-8"))


class _CardKeyMemo:
    """Card keys of the last run by their job's texts, for the same drawing (`_drawing`)."""

    # Normalising and hashing the texts of 10,000 cards took 0.07 s a build; a look-up by
    # the texts themselves gives the same key. Kept: the keys used by this run only.

    def __init__(self, path: Path) -> None:
        self.path = path
        self.new: dict[tuple[Any, ...], str] = {}
        try:
            version, drawing, old = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            version, drawing, old = None, None, {}
        ok = version == 1 and drawing == _drawing() and isinstance(old, dict)
        self.old: dict[tuple[Any, ...], str] = old if ok else {}

    def key(self, job: CardJob) -> str:
        """`card_key(job)`, remembered."""
        texts = (job.kind, job.title, job.subtitle, job.lines, job.site_name, job.photo_digest)
        found = self.old.get(texts)
        if found is None:
            found = card_key(job)
        self.new[texts] = found
        return found

    def save(self) -> None:
        """Write the memo back when it changed (atomically; a lost race only costs hashing)."""
        if self.new == self.old:
            return
        _write_atomically(self.path, marshal.dumps((1, _drawing(), self.new)))


# --- social cards --------------------------------------------------------------------------

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
            "pillow": PIL.__version__,
            "freetype": features.version("freetype2"),
            "zlib": features.version("zlib"),
            "jpeg": features.version("jpg"),  # cards with a photo are JPEG
        }
    )


def card_key(job: CardJob) -> str:
    """The cache key of a card: its text (NFC), its photo's digest, the fonts, the size and the
    drawing code."""
    # Each text prefixed with its length: no two different jobs give the same bytes.
    texts = (job.kind, job.title, job.subtitle, *job.lines, job.site_name, job.photo_digest)
    parts = [nfc(part) for part in texts]
    text = "".join(f"{len(part)}:{part}" for part in parts)
    data = f"{_drawing()}:{len(job.lines)}:{text}".encode()
    return hashlib.sha256(data).hexdigest()


def _encode_card(task: _CardTask) -> _Outcome:
    """Draw one card into its cache entry (runs in a worker)."""
    final = Path(_card_entry(task.cache_dir, task.key, card_format(task.job)))
    try:
        _write_atomically(final, render_card(task.job))
    except _CardPhotoGone as gone:
        return _Outcome(task.key, code="image.changed", params=(("file", str(gone)),))
    except OSError as exc:
        return _Outcome(
            task.key,
            code="image.write_failed",
            params=(("reason", error_reason(exc)), ("at", str(final))),
        )
    return _Outcome(task.key, meta={})


def _run_task(task: _PhotoTask | _CardTask) -> _Outcome:
    if isinstance(task, _PhotoTask):
        return _encode_photo(task)
    return _encode_card(task)


_CARD_CHUNK = 16


def _run_all(
    tasks: Sequence[_PhotoTask | _CardTask], workers: int | None, progress: Progress = SILENT
) -> list[_Outcome]:
    """Run tasks in worker processes (not all of Pillow releases the GIL), or here for one;
    each one done is counted on `progress`."""
    count = workers if workers is not None else (os.cpu_count() or 1)
    outcomes: list[_Outcome] = []
    if count <= 1 or len(tasks) <= 1:
        for task in tasks:
            outcomes.append(_run_task(task))
            progress.advance()
        return outcomes
    # A card takes a few ms to draw, and handing one to a worker cost the parent 0.35 ms of
    # CPU (measured, 1,000 cards): cards go in chunks (0.07 ms a card). Photos, 0.1-1 s each,
    # go one at a time so that the workers stay balanced; chunks small enough for that too.
    workers_used = min(count, len(tasks))
    photos_at = [i for i, task in enumerate(tasks) if isinstance(task, _PhotoTask)]
    cards_at = [i for i, task in enumerate(tasks) if not isinstance(task, _PhotoTask)]
    slots: dict[int, _Outcome] = {}
    card_chunk = max(1, min(_CARD_CHUNK, len(cards_at) // (4 * workers_used)))
    with ProcessPoolExecutor(max_workers=workers_used) as pool:
        # map keeps the input order, so results never depend on which worker finished first.
        runs = [
            (at, pool.map(_run_task, [tasks[i] for i in at], chunksize=chunk))
            for at, chunk in ((photos_at, 1), (cards_at, card_chunk))
        ]
        for at, done in runs:
            for i, outcome in zip(at, done, strict=True):
                slots[i] = outcome
                progress.advance()
    return [slots[i] for i in range(len(tasks))]


# --- the stage -----------------------------------------------------------------------------


def _publish(source: str, dest: str, made: set[str]) -> bool:
    """Hard-link (or copy) a cached file into the output, leaving identical files untouched;
    True if it was linked anew."""
    # Path strings: a build looks at 10,000 cards.
    try:
        existing = os.stat(dest)
    except FileNotFoundError:
        existing = None
    if existing is not None:
        cached = os.stat(source)
        if (existing.st_ino, existing.st_dev) == (cached.st_ino, cached.st_dev):
            return False
        if existing.st_size == cached.st_size and filecmp.cmp(source, dest, shallow=False):
            return False
    folder, name = os.path.split(dest)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    try:
        os.link(source, tmp)
    except OSError:
        # Another file system, or one without hard links: a copy costs only disk space.
        shutil.copyfile(source, tmp)
    os.replace(tmp, dest)
    return True


def _write_problem(path: str, reason: str) -> Problem:
    return make_problem(path, 1, 1, "", "image.write_failed", file=path, reason=reason)


@dataclass
class _Plan:
    """What a run must do: keys per job, cached entries found, tasks for the rest."""

    metas: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    photo_keys: list[tuple[PhotoJob, str]] = field(default_factory=list)
    card_keys: dict[tuple[str, str], tuple[str, CardFormat]] = field(default_factory=dict)
    """Each card's key and file format, by (kind, slug)."""
    cards_cached: set[str] = field(default_factory=set)
    tasks: list[_PhotoTask | _CardTask] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _plan(
    photos: Sequence[PhotoJob],
    cards: Sequence[CardJob],
    cache_dir: Path,
    settings: ImageSettings,
    memo: _DigestMemo,
    card_memo: _CardKeyMemo,
) -> _Plan:
    """Key every photo and card by its inputs and look each key up, decoding nothing."""
    plan = _Plan()
    for job in photos:
        try:
            st = job.source.stat()
            check_photo_bytes(st.st_size, settings.max_bytes)  # before hashing it
            digest = memo.digest(job.source, st)
        except PhotoRefused as refused:
            plan.problems.append(_problem(job, refused.code, **refused.params))
            continue
        except OSError as exc:
            reason = exc.strerror or error_reason(exc)
            plan.problems.append(_problem(job, "image.unreadable", reason=reason))
            continue
        key = photo_key(digest, settings)
        plan.photo_keys.append((job, key))
        if key not in plan.metas:
            plan.metas[key] = _read_meta(_photo_entry(cache_dir, key))
            if plan.metas[key] is None:
                plan.tasks.append(_PhotoTask(job.source, digest, key, settings, cache_dir))
    queued: set[str] = set()
    if cards:
        _retire_cards(cache_dir)
    drawn = _cached_cards(cache_dir)
    for card in cards:
        card = _keyed_photo(card, memo)
        key = card_memo.key(card)
        fmt = card_format(card)  # the key names the photo, so one key has one format
        plan.card_keys[(card.kind, card.slug)] = (key, fmt)
        if key in plan.cards_cached or key in queued:
            continue
        if f"{key}.{_CARD_EXTENSIONS[fmt]}" in drawn:
            plan.cards_cached.add(key)
        else:
            queued.add(key)
            plan.tasks.append(_CardTask(card, key, cache_dir))
    if cards:
        wanted = {f"{key}.{_CARD_EXTENSIONS[fmt]}" for key, fmt in plan.card_keys.values()}
        _forget_cards(cache_dir, drawn - wanted)
    return plan


def _forget_cards(cache_dir: Path, names: Iterable[str]) -> None:
    """Remove cards of this drawing that the site no longer shows (an edited name, a profile
    gone, or one that now shows its award's card): a kept cache (CI) would carry them all."""
    folder = _cards_dir(cache_dir)
    for name in names:
        with contextlib.suppress(OSError):
            os.unlink(f"{folder}/{name[:2]}/{name}")


def _keyed_photo(card: CardJob, memo: _DigestMemo) -> CardJob:
    """`card` with its photo's digest set (without its photo when that cannot be read)."""
    if card.photo is None:
        return card
    # The photos were digested just before (the memo's `new`): hashed once per build.
    known = memo.new.get(str(card.photo))
    if known is not None:
        return replace(card, photo_digest=known[4])
    try:
        return replace(card, photo_digest=memo.digest(card.photo, card.photo.stat()))
    except OSError:
        return replace(card, photo=None, photo_digest="")


def _photo_problems(
    job: PhotoJob, meta: dict[str, Any] | None, failed: _Outcome | None, settings: ImageSettings
) -> list[Problem]:
    """Why a photo cannot be published (or what to warn about) once its work is done."""
    if meta is None:
        assert failed is not None  # every key without an entry had a task
        params = dict(failed.params)
        if failed.code == "image.write_failed":
            return [_write_problem(params["at"], params["reason"])]
        return [_problem(job, failed.code, **params)]
    width, height = meta["width"], meta["height"]
    try:
        # Cached under laxer rules: the photo's bytes are the same, the rules are not.
        check_photo_dimensions(width, height, settings.max_pixels)
    except PhotoRefused as refused:
        return [_problem(job, refused.code, **refused.params)]
    return [
        _problem(job, code, severity, **params)
        for code, severity, params in photo_width_findings(width, settings.min_width)
    ]


def _card_photo_changed(slug: str, source: str, photos: Sequence[PhotoJob]) -> Problem:
    """The "image.changed" problem of a card's photo, named as editors know it: at the
    `photos:` item of the profile that shows it (a card's photo is one of its published
    photos), never by the absolute path the card was drawn from."""
    job = next((j for j in photos if j.slug == slug and str(j.source) == source), None)
    if job is not None:
        return _problem(job, "image.changed")
    return make_problem(Path(source).name, 1, 1, "", "image.changed", file=Path(source).name)


def process_images(
    photos: Sequence[PhotoJob],
    cards: Sequence[CardJob],
    cache_dir: Path,
    out_dir: Path | None,
    settings: ImageSettings | None = None,
    workers: int | None = None,
    progress: Progress = SILENT,
) -> ImageResult:
    """Encode photos and cards into the cache (only what changed), then publish them to `out_dir`.

    With `out_dir=None` nothing is published: a full check that also warms the cache. When
    any photo is refused, nothing is published either (a failed build writes nothing).
    `workers=None` uses every core; 1 runs in this process. `progress` gets the number of
    photos and cards to encode (the cached ones cost nothing), then each one done.
    """
    settings = settings or ImageSettings()
    memo = _DigestMemo(cache_dir / "digests.json")
    card_memo = _CardKeyMemo(cache_dir / "card-keys.marshal")
    plan = _plan(photos, cards, cache_dir, settings, memo, card_memo)
    progress.stage("images", len(plan.tasks))
    result = ImageResult(problems=plan.problems)
    photos_reused = sum(1 for meta in plan.metas.values() if meta is not None)
    failed: dict[str, _Outcome] = {}
    photos_encoded = cards_encoded = 0
    for task, outcome in zip(plan.tasks, _run_all(plan.tasks, workers, progress), strict=True):
        if outcome.meta is None:
            failed[outcome.key] = outcome
        elif isinstance(task, _PhotoTask):
            plan.metas[outcome.key] = outcome.meta
            photos_encoded += 1
        else:
            cards_encoded += 1
    for remembered in (memo, card_memo):
        with contextlib.suppress(OSError):
            remembered.save()  # a memo that cannot be written only costs hashing next time
    result.stats = ImageStats(photos_encoded, photos_reused, cards_encoded, len(plan.cards_cached))
    for job, key in plan.photo_keys:
        meta = plan.metas.get(key)
        problems = _photo_problems(job, meta, failed.get(key), settings)
        result.problems.extend(problems)
        if meta is not None and all(p.severity != "error" for p in problems):
            result.photo_sets[(job.slug, job.index)] = _photo_set(key, meta)
    for (kind, slug), (key, fmt) in plan.card_keys.items():
        if key in failed:
            params = dict(failed[key].params)
            if failed[key].code == "image.changed":
                result.problems.append(_card_photo_changed(slug, params["file"], photos))
            else:
                result.problems.append(_write_problem(params["at"], params["reason"]))
            continue
        path = f"{CARD_DIR}/{kind}/{slug}-{key[:12]}.{_CARD_EXTENSIONS[fmt]}"
        result.cards[(kind, slug)] = Variant(path, *CARD_SIZE, MIME_TYPES[fmt])
    if result.ok:
        result.sources = _sources(result, plan.card_keys, cache_dir)
        if out_dir is not None:
            publish_images(result, out_dir)
    result.problems.sort()
    if not result.ok:
        result.photo_sets.clear()
        result.cards.clear()
        result.files = ()
        result.sources = {}
    return result


def _sources(
    result: ImageResult,
    card_keys: dict[tuple[str, str], tuple[str, CardFormat]],
    cache_dir: Path,
) -> dict[str, str]:
    """Every output file's cache entry, by its path in the output folder."""
    pairs: dict[str, str] = {}
    for photo_set in result.photo_sets.values():
        entry = _photo_entry(cache_dir, photo_set.key)
        for variant in photo_set.variants:
            pairs[variant.path] = str(entry / variant.path.rsplit("-", 1)[1])
    for ident, variant in result.cards.items():
        pairs[variant.path] = _card_entry(cache_dir, *card_keys[ident])
    return dict(sorted(pairs.items()))


def publish_images(result: ImageResult, out_dir: Path) -> None:
    """Link every output file from the cache into `out_dir` (failures become problems)."""
    # A build calls this last, once every page has rendered: a failed build writes nothing.
    made: set[str] = set()
    published: list[str] = []
    for relpath, source in result.sources.items():
        try:
            if _publish(source, f"{out_dir}/{relpath}", made):
                published.append(relpath)
        except OSError as exc:
            result.problems.append(_write_problem(str(out_dir / relpath), error_reason(exc)))
    result.files = tuple(result.sources)
    result.published = tuple(published)


def iter_photo_jobs(entries: Iterable[Entry], root: Path) -> Iterator[PhotoJob]:
    """Jobs for the photos that may be published: files that passed the model's checks,
    of people who consented (`Entry.public_photos`); `index` is the position in `photos:`."""
    real_root = root.resolve()
    for entry in entries:
        for photo, source in entry.public_photos:
            # By identity: two identical `photos:` items are still two places in the file.
            index = next(i for i, p in enumerate(entry.profile.photos) if p is photo)
            loc = ("photos", index, "file")
            line, col = entry.doc.pos(loc)
            try:
                shown = source.relative_to(real_root).as_posix()
            except ValueError:
                shown = photo.file
            yield PhotoJob(
                source, shown, entry.relpath, line, col, field_path(loc), entry.slug, index
            )


def profile_card(entry: Entry) -> tuple[CardKind, str]:
    """The card a profile's page shows in link previews: its own when it has a consented
    photo (the only thing a preview cannot say in words), else its highest award's card, else
    the site's. A card per profile that repeated the name, award and place of og:title and
    og:description was a file and ~13 KB a profile (issue #21, the output budget)."""
    if entry.public_photos:
        return "profile", entry.slug
    best = entry.top_award
    return ("award", best.award.id) if best is not None else ("site", SITE_CARD_SLUG)


def iter_card_jobs(site: Site, entries: Iterable[Entry]) -> Iterator[CardJob]:
    """Social cards: the site's own, one per entry given with a consented photo, one per
    award that is the highest of an entry given without one, and one per campaign."""
    config = site.config
    name = config.site_name
    yield CardJob("site", SITE_CARD_SLUG, name, config.site_description, (config.owner,), name)
    awards: dict[str, str] = {}
    for entry in entries:
        kind, slug = profile_card(entry)
        if kind == "award" and (best := entry.top_award) is not None:
            awards.setdefault(slug, best.award.name_on(None))
        if kind != "profile":
            continue
        best = entry.top_award
        place = entry.locality.short_text()
        subtitle = best.display if best is not None else ""
        # The photo the page shows first: consented (`public_photos`), the same file.
        photo = entry.public_photos[0][1]
        yield CardJob("profile", entry.slug, entry.display_name, subtitle, (place,), name, photo)
    for award_id, award_name in sorted(awards.items()):
        # Drawn once per award: its name under the site's band, and the site's owner.
        yield CardJob("award", award_id, award_name, "", (config.owner,), name)
    for slug, (campaign, _doc) in sorted(site.campaigns.items()):
        period = f"Từ {vi_date(campaign.start)}"
        if campaign.end is not None:
            period += f" đến {vi_date(campaign.end)}"
        launched = f"Phát động: {campaign.launched_by}"
        yield CardJob("campaign", slug, campaign.title, launched, (period,), name)


def image_settings(limits: Limits) -> ImageSettings:
    """The settings a site's limits ask for: the same caps `vinhdanh check` applies."""
    return ImageSettings(max_bytes=limits.max_photo_bytes, min_width=limits.min_photo_width)


def process_site_images(
    site: Site, out_dir: Path | None = None, workers: int | None = None, progress: Progress = SILENT
) -> ImageResult:
    """The images stage of a build: published entries' consented photos, and every card."""
    published = site.published()
    return process_images(
        list(iter_photo_jobs(published, site.root)),
        list(iter_card_jobs(site, published)),
        site.root / CACHE_DIR,
        out_dir,
        image_settings(site.config.limits),
        workers,
        progress,
    )


def published_photos(entry: Entry, result: ImageResult) -> list[tuple[Photo, PhotoSet]]:
    """An entry's consented photos that the images stage published, in `photos:` order."""
    found: list[tuple[Photo, PhotoSet]] = []
    for photo, _source in entry.public_photos:
        index = next(i for i, p in enumerate(entry.profile.photos) if p is photo)
        photo_set = result.photo_sets.get((entry.slug, index))
        if photo_set is not None:
            found.append((photo, photo_set))
    return found


# --- HTML for templates ---------------------------------------------------------------------


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
) -> Markup:
    """A `<picture>` with WebP sources and a JPEG `<img>` sized to avoid layout shift: lazy,
    or `eager` and fetched first (a portrait on the first screen)."""
    data = picture_data(photo_set, base_url)
    sources = "".join(
        f'<source type="{_attr(s["mime"])}" srcset="{_attr(s["srcset"])}" sizes="{_attr(sizes)}">'
        for s in data["sources"]
    )
    img = (
        f'<img src="{_attr(data["src"])}" srcset="{_attr(data["srcset"])}" '
        f'sizes="{_attr(sizes)}" width="{data["width"]}" height="{data["height"]}" '
        f'alt="{_attr(nfc(alt))}" '
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


def placeholder_svg(name: str, slug: str, width: int = 320, height: int = 400) -> Markup:
    """An inline SVG with the name's initials on a soft colour: no photo, no broken image."""
    background, ink = placeholder_colours(slug)
    label = _attr(" ".join(nfc(name).split()))
    letters = html.escape(initials(name))
    font_size = round(min(width, height) * 0.36)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{label}">'
        f'<rect width="{width}" height="{height}" fill="{background}"/>'
        f'<text x="{width / 2:g}" y="{height / 2:g}" dy="0.35em" text-anchor="middle" '
        f'font-family="\'Noto Sans\', system-ui, sans-serif" font-size="{font_size}" '
        f'font-weight="600" fill="{ink}" aria-hidden="true">{letters}</text></svg>'
    )
