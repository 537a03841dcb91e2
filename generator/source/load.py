"""Load stage: read source files safely into plain data, keeping every key's line and column.

Bytes become NFC text (size, NUL and UTF-8 refused, look-alike letters fixed and reported), the
text is parsed by the safe event parser of `generator.source.yamlevents`, and the result is a
Document that knows the line and column of every key.

Photos are untrusted too: `read_photo_header` recognises them by content and checks their size
in bytes and pixels from the header, so `vinhdanh check` and the images stage refuse a
decompression bomb or a file with a lying extension before any pixel is decoded; `check` then
decodes the rest (see the photo rules below).
"""

from __future__ import annotations

import marshal
import os
import re
import unicodedata
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from PIL import Image, UnidentifiedImageError

from generator.errors import Problem, Severity, SourceError, make_problem
from generator.source.yamlevents import parse_yaml
from generator.vntext import find_format_characters, nfc, replace_lookalikes

Loc = tuple[str | int, ...]
"""Where a value is in a document: its keys and list indexes from the top."""

MAX_FILE_BYTES = 512 * 1024
_BOM = "\ufeff"


class PackedPositions(Mapping[Loc, tuple[int, int]]):
    """Key positions kept as marshal bytes, unpacked when first asked for."""

    # A cached parse of 10,000 profiles holds 14 MB of positions, read only for the lines of
    # problems: as one bytes object each, loading them costs next to nothing.
    __slots__ = ("_positions", "packed")

    def __init__(self, packed: bytes) -> None:
        self.packed = packed
        self._positions: dict[Loc, tuple[int, int]] | None = None

    def _unpacked(self) -> dict[Loc, tuple[int, int]]:
        if self._positions is None:
            self._positions = marshal.loads(self.packed)
        return self._positions

    def __getitem__(self, loc: Loc) -> tuple[int, int]:
        return self._unpacked()[loc]

    def __iter__(self) -> Iterator[Loc]:
        return iter(self._unpacked())

    def __len__(self) -> int:
        return len(self._unpacked())


def pack_positions(positions: Mapping[Loc, tuple[int, int]]) -> bytes:
    """Positions as the bytes PackedPositions holds."""
    if isinstance(positions, PackedPositions):
        return positions.packed
    return marshal.dumps(dict(positions))


@dataclass
class Document:
    """One source file read into plain data, with the position of every key."""

    relpath: str
    data: dict[str, Any]
    positions: Mapping[Loc, tuple[int, int]] = field(default_factory=dict)
    body: str = ""
    body_line: int = 0
    # Look-alike letters replaced on load (Ð, Ɖ, ð → Đ, đ) and invisible characters removed:
    # (line, column, letter), reported as warnings by the model so the editor fixes the file.
    lookalikes: tuple[tuple[int, int, str], ...] = ()
    # What the personal-data scan of the free text found (model.privacyscan), kept with the parse
    # so that a build after one edit scans one file, not all: None until it has run.
    privacy: tuple[tuple[Loc, str, str], ...] | None = None

    def pos(self, loc: Loc) -> tuple[int, int]:
        """Line and column (1-based) of the deepest known part of `loc`."""
        for end in range(len(loc), 0, -1):
            found = self.positions.get(loc[:end])
            if found is not None:
                return found
        return (1, 1)

    def release(self) -> None:
        """Let the parsed data go (a build, once its page keys are made); positions, body and
        findings stay. Reading `data` afterwards raises."""
        # A profile's parsed YAML was 9-12 KB of the build process to the end (issue #21),
        # read by nothing after the check and the page keys.
        self.data = _RELEASED

    @property
    def released(self) -> bool:
        """True once `release` let the parsed data go."""
        return self.__dict__.get("data") is _RELEASED


class ReleasedError(RuntimeError):
    """A Document's data read after `Document.release`."""


class _Released(dict[str, Any]):
    """The data of a released Document: every read raises rather than finding no keys."""

    def __getattribute__(self, name: str) -> Any:
        if name.startswith("__"):  # isinstance, gc and pickling look at the object itself
            return super().__getattribute__(name)
        raise ReleasedError(f"the parsed source was released; read of .{name}")

    def __getitem__(self, key: str) -> Any:
        raise ReleasedError("the parsed source was released")

    def __iter__(self) -> Iterator[str]:
        raise ReleasedError("the parsed source was released")

    def __len__(self) -> int:
        raise ReleasedError("the parsed source was released")

    def __contains__(self, key: object) -> bool:
        raise ReleasedError("the parsed source was released")

    def __repr__(self) -> str:
        raise ReleasedError("the parsed source was released")


_RELEASED = _Released()


def _problem(relpath: str, line: int, col: int, code: str, **params: object) -> Problem:
    return make_problem(relpath, line, col, "", code, **params)


def decode_source(raw: bytes, relpath: str, limit: int = MAX_FILE_BYTES) -> str:
    """Bytes to NFC text with LF line ends; refuse oversize, NUL and invalid UTF-8."""
    if len(raw) > limit:
        raise SourceError([_problem(relpath, 1, 1, "file.too_large", size=len(raw), limit=limit)])
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise SourceError([_problem(relpath, line, 1, "file.nul")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        byte = f"0x{raw[exc.start]:02X}"
        raise SourceError([_problem(relpath, line, col, "file.invalid_utf8", byte=byte)]) from None
    if text.startswith(_BOM):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return nfc(text)


def _as_mapping(data: Any, relpath: str, line: int) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SourceError([_problem(relpath, line, 1, "yaml.not_mapping")])
    return data


def _fix_lookalikes(text: str, relpath: str) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """Replace look-alike letters (one code point for one), remove invisible format
    characters, refuse direction controls and C0/C1 controls; say where each one was."""
    fixed, found = replace_lookalikes(text)
    formats = find_format_characters(fixed)
    if not found and not formats:
        return fixed, ()

    def where(index: int) -> tuple[int, int]:
        line_start = text.rfind("\n", 0, index) + 1
        return text.count("\n", 0, index) + 1, index - line_start + 1

    refused = [
        _problem(relpath, *where(i), "text.bidi_control",
                 point=f"U+{ord(ch):04X}", name=unicodedata.name(ch, "CONTROL"))
        for i, ch, refuse in formats
        if refuse
    ]  # fmt: skip
    if refused:
        raise SourceError(refused)
    # Positions are those of the file as written (removing shifts later columns on its line).
    marks = [(i, letter) for i, letter in found] + [(i, ch) for i, ch, _refused in formats]
    dropped = {i for i, _ch, _refused in formats}
    fixed = "".join(ch for i, ch in enumerate(fixed) if i not in dropped) if dropped else fixed
    return fixed, tuple((*where(i), ch) for i, ch in sorted(marks))


def _fix_values(
    data: Any, positions: Mapping[Loc, tuple[int, int]], relpath: str
) -> tuple[Any, tuple[tuple[int, int, str], ...]]:
    """`_fix_lookalikes` for characters written as escapes ("\\u202e") in double-quoted
    scalars, which only exist once parsed: reported at their key."""
    found: list[tuple[int, int, str]] = []
    refused: list[Problem] = []

    where = Document(relpath, {}, positions).pos  # a key's place, as every problem has it

    def fix(value: Any, loc: Loc) -> Any:
        if isinstance(value, str):
            formats = find_format_characters(value)
            if not formats:
                return value
            for _i, ch, refuse in formats:
                line, col = where(loc)
                if refuse:
                    point, name = f"U+{ord(ch):04X}", unicodedata.name(ch, "CONTROL")
                    refused.append(
                        _problem(relpath, line, col, "text.bidi_control", point=point, name=name)
                    )
                else:
                    found.append((line, col, ch))
            dropped = {i for i, _ch, _refuse in formats}
            return "".join(ch for i, ch in enumerate(value) if i not in dropped)
        if isinstance(value, list):
            return [fix(item, (*loc, i)) for i, item in enumerate(value)]
        if isinstance(value, dict):
            return {fix(k, loc): fix(v, (*loc, k)) for k, v in value.items()}
        return value

    fixed = fix(data, ())
    if refused:
        raise SourceError(refused)
    return fixed, tuple(found)


def load_yaml_document(raw: bytes, relpath: str, limit: int = MAX_FILE_BYTES) -> Document:
    """Load a YAML file whose content is a mapping (a profile, the site configuration)."""
    text, lookalikes = _fix_lookalikes(decode_source(raw, relpath, limit), relpath)
    data, positions = parse_yaml(text, relpath)
    if "\\" in text:  # escapes exist only in double-quoted scalars
        data, escaped = _fix_values(data, positions, relpath)
        lookalikes += escaped
    return Document(
        relpath=relpath,
        data=_as_mapping(data, relpath, 1),
        positions=positions,
        lookalikes=lookalikes,
    )


_FENCE = re.compile(r"^---[ \t]*$")
_FENCE_END = re.compile(r"^(---|\.\.\.)[ \t]*$")


def load_front_matter_document(raw: bytes, relpath: str, limit: int = MAX_FILE_BYTES) -> Document:
    """Load a Markdown file with YAML front matter; lines count from the file's first line."""
    text, lookalikes = _fix_lookalikes(decode_source(raw, relpath, limit), relpath)
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        raise SourceError([_problem(relpath, 1, 1, "frontmatter.missing")])
    for end in range(1, len(lines)):
        if _FENCE_END.match(lines[end]):
            break
    else:
        raise SourceError([_problem(relpath, 1, 1, "frontmatter.unclosed")])
    front = "\n".join(lines[1:end]) + "\n"
    data, positions = parse_yaml(front, relpath, line_offset=1)
    if "\\" in front:  # escapes exist only in double-quoted scalars
        data, escaped = _fix_values(data, positions, relpath)
        lookalikes += escaped
    body = "\n".join(lines[end + 1 :])
    return Document(
        relpath=relpath,
        data=_as_mapping(data, relpath, 2),
        positions=positions,
        body=body,
        body_line=end + 2,
        lookalikes=lookalikes,
    )


def relative_path(path: Path | str, root: Path) -> str:
    """A POSIX path relative to the project root, for messages."""
    text, base = str(path), str(root).rstrip(os.sep) + os.sep
    if text.startswith(base) and os.sep == "/":  # strings: 20,000 calls a check at scale
        return text[len(base) :]
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def read_source(path: Path, root: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a source file's bytes without following symlinks or reading past the cap."""
    relpath = relative_path(path, root)
    if path.is_symlink():
        raise SourceError([_problem(relpath, 1, 1, "file.unreadable", reason="symbolic link")])
    try:
        size = path.stat().st_size
        if size > limit:
            # Refuse before reading: an oversized file is never loaded into memory.
            raise SourceError([_problem(relpath, 1, 1, "file.too_large", size=size, limit=limit)])
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise SourceError(
            [_problem(relpath, 1, 1, "file.unreadable", reason=exc.strerror or str(exc))]
        ) from None


# --- photos -----------------------------------------------------------------------------------

# The rules a photo must meet, stated once. `check_photo_header` (what `vinhdanh check` runs)
# and the images stage's decoder (`open_photo_header`, `decode_photo`) apply the same ones, so
# a photo `check` passes is one the build can publish:
# - format by content: JPEG, PNG or WebP (PHOTO_FORMATS), whatever the extension says;
# - at most `max_bytes` bytes (site_config.yml limits.max_photo_bytes), before opening;
# - at most MAX_PHOTO_PIXELS pixels, from the header, before decoding (decompression bombs);
# - no side over MAX_PHOTO_SIDE pixels and the long side at most MAX_PHOTO_ASPECT times the
#   short one (`check_photo_dimensions`), so every width the build makes fits WebP;
# - the whole file decodes (`decode_photo`): a truncated file or a header that promises more
#   pixels than the data holds is refused by `check`, not found by the build;
# - warnings only: narrower than `min_width`; animated (only the first frame is published).

PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")
"""The decoders we trust with untrusted bytes."""
# MPO is how Pillow names a JPEG with extra frames (most camera JPEGs), opened by the JPEG plugin.
_OPENED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP"})
MAX_PHOTO_PIXELS = 40_000_000
"""Photos with more pixels are refused (decompression bombs); at most Pillow's own limit."""
MAX_PHOTO_SIDE = 16_383
"""The longest side WebP can encode; no variant is larger than its source."""
MAX_PHOTO_ASPECT = 5
"""The long side may be at most this many times the short one: portraits and group photos
fit, while a strip 1 pixel wide would make variants taller than WebP allows."""
PHOTO_RULES = f"decoded side={MAX_PHOTO_SIDE} aspect={MAX_PHOTO_ASPECT}"
"""Part of the key of remembered header checks: findings made under other rules are void."""

PhotoFinding = tuple[str, Severity, dict[str, str]]
"""A message code, its severity and its parameters, without the place: callers add that."""


class PhotoRefused(Exception):
    """A photo that must not be used: a message code and its parameters (without the file)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = {k: str(v) for k, v in params.items()}


@dataclass(frozen=True)
class PhotoHeader:
    """What a photo's header says, read without decoding pixels."""

    format: str
    width: int
    """Width as shown, after EXIF rotation."""
    height: int
    stored: tuple[int, int]
    """Size as stored in the file, before rotation."""
    frames: int = 1
    """Frames of an animated PNG or WebP (only the first is published)."""


_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\xff\xd8\xff", "JPEG"),
    (0, b"\x89PNG\r\n\x1a\n", "PNG"),
    (8, b"WEBP", "WEBP"),
    (0, b"GIF8", "GIF"),
    (0, b"BM", "BMP"),
    (0, b"II*\x00", "TIFF"),
    (0, b"MM\x00*", "TIFF"),
    (0, b"%PDF", "PDF"),
    (0, b"8BPS", "PSD"),
    (0, b"\x00\x00\x01\x00", "ICO"),
    (4, b"ftypheic", "HEIC"),
    (4, b"ftypheix", "HEIC"),
    (4, b"ftypmif1", "HEIF"),
    (4, b"ftypavif", "AVIF"),
    (0, b"\xff\x0a", "JPEG XL"),
    (4, b"JXL ", "JPEG XL"),
)


def _sniff(head: bytes) -> str:
    """Name what the first bytes of a refused file look like, for the editor's benefit."""
    if not head:
        return "@image.found_empty"
    for offset, magic, name in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return name
    stripped = head.lstrip()
    if stripped.startswith((b"<svg", b"<?xml")):
        return "SVG/XML"
    if stripped.startswith((b"<!DOCTYPE", b"<html", b"<HTML")):
        return "HTML"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "@image.found_unknown"
    return "@image.found_text"


def error_reason(exc: BaseException) -> str:
    """An exception as a short reason for a message: "ValueError: bad data"."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _orientation(im: Image.Image) -> int:
    """EXIF orientation from the header (1-8); a broken EXIF block counts as none."""
    raw = im.info.get("exif")
    if not isinstance(raw, bytes) or not raw:
        return 1
    try:
        exif = Image.Exif()
        exif.load(raw)
        value = exif.get(0x0112, 1)
    except Exception:
        # A malformed EXIF block must not sink an otherwise good photo: EXIF is dropped anyway.
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def open_photo_header(fp: BinaryIO, max_pixels: int) -> tuple[Image.Image, PhotoHeader]:
    """Open a photo lazily (header only) and check its format and pixel count."""
    head = fp.read(32)
    fp.seek(0)
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice it; a warning is no refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            im = Image.open(fp, formats=PHOTO_FORMATS)
        except UnidentifiedImageError:
            found = _sniff(head)
            if found in PHOTO_FORMATS:
                raise PhotoRefused("image.bad_header", format=found) from None
            raise PhotoRefused("image.format", found=found) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoRefused("image.bomb", limit=max_pixels) from None
        except Exception as exc:
            # Untrusted bytes: whatever a decoder raises means this file cannot be used.
            raise PhotoRefused("image.corrupt", reason=error_reason(exc)) from None
    if im.format not in _OPENED_FORMATS:
        raise PhotoRefused("image.format", found=im.format or _sniff(head))
    stored = im.size
    width, height = stored
    check_photo_dimensions(width, height, max_pixels)
    if _orientation(im) in (5, 6, 7, 8):
        width, height = height, width
    return im, PhotoHeader(im.format, width, height, stored, _frames(im))


def check_photo_dimensions(width: int, height: int, max_pixels: int) -> None:
    """Refuse a size the build cannot publish: pixel cap, longest side, aspect ratio."""
    if width * height > max_pixels:
        raise PhotoRefused("image.too_many_pixels", width=width, height=height, limit=max_pixels)
    if max(width, height) > MAX_PHOTO_SIDE:
        raise PhotoRefused("image.too_long", width=width, height=height, limit=MAX_PHOTO_SIDE)
    if max(width, height) > MAX_PHOTO_ASPECT * max(1, min(width, height)):
        raise PhotoRefused("image.aspect", width=width, height=height, limit=MAX_PHOTO_ASPECT)


def decode_photo(im: Image.Image, want: tuple[int, int] | None = None) -> None:
    """Decode a photo opened by `open_photo_header`; PhotoRefused when its data is not whole.

    `want`: the size needed, so that a JPEG is decoded at the smallest scale that gives it
    (None: the smallest, 1/8, enough to know that every byte decodes)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            if im.format in ("JPEG", "MPO"):
                # libjpeg decodes at 1/2, 1/4 or 1/8 scale almost for free: about twice as fast.
                im.draft("RGB", want or (1, 1))
            im.load()
        except OSError as exc:
            if "truncated" in str(exc):
                raise PhotoRefused("image.truncated") from None
            raise PhotoRefused("image.corrupt", reason=error_reason(exc)) from None
        except Exception as exc:
            # Untrusted bytes: whatever a decoder raises means this file cannot be used.
            raise PhotoRefused("image.corrupt", reason=error_reason(exc)) from None


def _frames(im: Image.Image) -> int:
    """How many frames an animated PNG or WebP holds (a camera JPEG's extra frames: none)."""
    if im.format not in ("PNG", "WEBP"):
        return 1
    frames = getattr(im, "n_frames", 1)
    return frames if isinstance(frames, int) else 1


def check_photo_bytes(size: int, max_bytes: int) -> None:
    """Refuse a photo file over the byte cap: checked before the file is opened at all."""
    if size > max_bytes:
        raise PhotoRefused("image.too_large", size=size, limit=max_bytes)


def read_photo_header(
    path: Path, max_bytes: int, max_pixels: int = MAX_PHOTO_PIXELS, decode: bool = False
) -> PhotoHeader:
    """Check a photo file's size, format and dimensions from its header, and with `decode`
    that its data decodes; PhotoRefused if not."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PhotoRefused("image.unreadable", reason=exc.strerror or error_reason(exc)) from None
    check_photo_bytes(size, max_bytes)
    try:
        with path.open("rb") as handle:
            im, header = open_photo_header(handle, max_pixels)
            with im:
                if decode:
                    decode_photo(im)
    except OSError as exc:
        raise PhotoRefused("image.unreadable", reason=exc.strerror or error_reason(exc)) from None
    return header


def photo_width_findings(width: int, min_width: int) -> list[PhotoFinding]:
    """A warning when a photo (as shown, after rotation) is too narrow to use well."""
    if width < min_width:
        return [("image.too_small", "warning", {"width": str(width), "limit": str(min_width)})]
    return []


def check_photo_header(
    path: Path, max_bytes: int, min_width: int, max_pixels: int = MAX_PHOTO_PIXELS
) -> list[PhotoFinding]:
    """Everything a photo file's header and data tell against it (the rules above): a
    refusal, or warnings (narrow, animated)."""
    try:
        header = read_photo_header(path, max_bytes, max_pixels, decode=True)
    except PhotoRefused as refused:
        return [(refused.code, "error", refused.params)]
    findings = photo_width_findings(header.width, min_width)
    if header.frames > 1:
        findings.append(("image.animated", "warning", {"frames": str(header.frames)}))
    return findings
