"""Photo encoding with Pillow: untrusted files checked, decoded upright in sRGB, re-encoded from
pixels alone (no EXIF, GPS, XMP, ICC or comment survives), keyed by their inputs."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from collections.abc import Sequence
from functools import lru_cache

import PIL
from PIL import Image, ImageCms, ImageOps, features

from generator.errors import Problem, Severity, make_problem
from generator.images.jobs import (
    ImageSettings,
    PhotoJob,
)
from generator.source.load import (
    PhotoHeader,
    check_photo_header,
    decode_photo,
    open_photo_header,
)

# Bump when the code changes the bytes it writes, so caches keyed on inputs are not reused.
PHOTO_PIPELINE_VERSION = 1


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
