"""The photo rules (generator.source.load): what `vinhdanh check` passes, the build can publish.

Hostile and unlucky photos, drawn with Pillow into `tmp_path`: each one is judged the same way
by the check (`inspect_photo`, the header check with its decode) and by the images stage.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from test_build import run, snapshot
from test_build_images import HOA, TODAY, add_photos
from test_check import line_of, run_check
from test_images import gradient, jpeg_bytes, png_chunk, png_claiming, write

from generator.images.encoding import inspect_photo
from generator.images.jobs import ImageSettings
from generator.images.stage import process_images
from generator.source.load import MAX_PHOTO_ASPECT, MAX_PHOTO_SIDE
from tests.projects import PERSON
from tests.projects import write_build_project as write_project
from tests.projects import write_small_project as write_check_project


def png(im: Image.Image, **params: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG", **params)
    return buf.getvalue()


def flat(size: tuple[int, int], mode: str = "RGB") -> bytes:
    """A PNG of one colour: a huge size in a few kilobytes."""
    return png(Image.new(mode, size))


def cmyk_jpeg() -> bytes:
    return jpeg_bytes(gradient((640, 480)).convert("CMYK"))


def sixteen_bit_png() -> bytes:
    return png(Image.linear_gradient("L").resize((400, 400)).convert("I;16"))


def animated(fmt: str) -> bytes:
    frames = [Image.new("RGB", (400, 300), colour) for colour in ("red", "green", "blue")]
    buf = io.BytesIO()
    frames[0].save(buf, fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buf.getvalue()


def truncated(data: bytes) -> bytes:
    return data[: len(data) * 2 // 3]


def png_with_bad_filter() -> bytes:
    """A whole PNG (CRCs right) whose rows name a filter type that does not exist."""
    width, height = 400, 300
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x07" + b"\x80" * (3 * width) for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(rows))
        + png_chunk(b"IEND", b"")
    )


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"/>'

# name, file, bytes, the error code (None: published), warning codes
VARIANTS: list[tuple[str, str, bytes, str | None, list[str]]] = [
    ("tall strip 1x50000", "soi.png", flat((1, 50_000)), "image.too_long", []),
    ("tall 1000x17000", "cao.png", flat((1_000, 17_000), "L"), "image.too_long", []),
    ("wide 17000x1000", "rong.png", flat((17_000, 1_000), "L"), "image.too_long", []),
    ("wide 6:1", "bang.png", flat((3_000, 500)), "image.aspect", []),
    ("tiny, huge aspect", "que.png", flat((2, 200)), "image.aspect", []),
    ("tall at the limit", "dung.png", flat((400, 400 * MAX_PHOTO_ASPECT)), None, []),
    ("truncated JPEG", "cut.jpg", truncated(jpeg_bytes(gradient((800, 600)))), "", []),
    ("truncated PNG", "cut.png", truncated(png(gradient((800, 600)))), "", []),
    ("PNG with a lying header", "noi-doi.png", png_claiming(1_000, 800), "", []),
    ("PNG with broken rows", "loc.png", png_with_bad_filter(), "image.corrupt", []),
    ("decompression bomb", "bom.png", png_claiming(50_000, 50_000), "image.bomb", []),
    ("animated PNG", "dong.png", animated("PNG"), None, ["image.animated"]),
    ("animated WebP", "dong.webp", animated("WEBP"), None, ["image.animated"]),
    ("CMYK JPEG", "cmyk.jpg", cmyk_jpeg(), None, []),
    ("16-bit PNG", "16bit.png", sixteen_bit_png(), None, []),
    ("SVG renamed .png", "svg.png", SVG, "image.format", []),
]


@pytest.mark.parametrize(
    ("name", "file", "data", "error", "warnings"), VARIANTS, ids=[v[0] for v in VARIANTS]
)
def test_check_refuses_exactly_what_the_build_refuses(
    tmp_path: Path, name: str, file: str, data: bytes, error: str | None, warnings: list[str]
) -> None:
    job = write(tmp_path, f"profiles/anh/{file}", data)
    checked = inspect_photo(job)
    result = process_images([job], [], tmp_path / "cache", tmp_path / "out", workers=1)
    built = result.problems
    errors = [p.code for p in checked if p.severity == "error"]
    assert errors == [p.code for p in built if p.severity == "error"]
    assert [p.code for p in checked if p.severity == "warning"] == warnings
    if error is None:
        assert errors == [] and result.ok and result.photo_sets
        assert all(
            v.height <= MAX_PHOTO_SIDE for v in result.photo_sets[("nguyen-van-an", 0)].variants
        )
    elif error:
        assert errors == [error]
    else:  # damaged data: truncated, or a header promising more than the data holds
        assert errors and errors[0] in ("image.truncated", "image.corrupt")
    for problem in checked:  # every message names the photo and the profile's line
        assert problem.format("vi").startswith("profiles/nguyen-van-an.yml:14:11: ")
        assert f"'profiles/anh/{file}'" in problem.format("vi")


def test_a_tall_photo_rule_messages_in_both_languages(tmp_path: Path) -> None:
    job = write(tmp_path, "profiles/anh/cao.png", flat((1_000, 17_000), "L"))
    [problem] = inspect_photo(job)
    assert (problem.format("vi"), problem.format("en")) == (
        "profiles/nguyen-van-an.yml:14:11: photos[0].file: ảnh 'profiles/anh/cao.png' có "
        "1000×17000 điểm ảnh: cạnh dài quá 16383 điểm ảnh (giới hạn của WebP); hãy thu nhỏ ảnh",
        "profiles/nguyen-van-an.yml:14:11: photos[0].file: photo 'profiles/anh/cao.png' is "
        "1000×17000 pixels: a side is over 16383 pixels (WebP's limit); scale it down",
    )
    job = write(tmp_path, "profiles/anh/que.png", flat((2, 200)))
    problem = inspect_photo(job)[0]
    assert problem.format("en").endswith(
        "photo 'profiles/anh/que.png' is 2×200 pixels: its long side is over 5 times its "
        "short side; crop it to a less elongated shape"
    )


def test_rules_are_rechecked_on_a_cache_hit(tmp_path: Path) -> None:
    # A 6:1 photo an earlier generator encoded: its cached variants are not published now.
    job = write(tmp_path, "profiles/anh/bang.jpg", jpeg_bytes(gradient((1200, 200))))
    settings = ImageSettings()
    cache = tmp_path / "cache"
    result = process_images([job], [], cache, None, settings, workers=1)
    assert [p.code for p in result.problems] == ["image.aspect"]
    # Pretend the entry exists, as an older generator without the rule would have left it.
    from generator.images.cache import _photo_entry
    from generator.images.encoding import photo_key

    digest = hashlib.sha256(job.source.read_bytes()).hexdigest()
    key = photo_key(digest, settings)
    entry = _photo_entry(cache, key)
    entry.mkdir(parents=True)
    (entry / "1200.jpg").write_bytes(b"x")
    (entry / "meta.json").write_text(
        '{"width": 1200, "height": 200, "variants": [["jpeg", 1200, 200]]}', encoding="utf-8"
    )
    again = process_images([job], [], cache, tmp_path / "out", settings, workers=1)
    assert [p.code for p in again.problems] == ["image.aspect"]
    assert not (tmp_path / "out").exists()


def test_an_encoder_failure_names_photo_and_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.images import tasks

    def refuse(*args: object) -> bytes:
        raise OSError("encoding error 6")

    monkeypatch.setattr(tasks, "_encode", refuse)
    job = write(tmp_path, "profiles/anh/an.jpg", jpeg_bytes(gradient((800, 600))))
    result = process_images([job], [], tmp_path / "cache", tmp_path / "out", workers=1)
    assert [p.format("en") for p in result.problems] == [
        "profiles/nguyen-van-an.yml:14:11: photos[0].file: photo 'profiles/anh/an.jpg' could "
        "not be re-encoded (OSError: encoding error 6); export it again as JPEG"
    ]


PHOTO = """\
photos:
  - file: anh/cao.png
    alt: Ảnh
    credit: Ban biên tập
    licence: CC BY 4.0
consent:
  photo: true
"""


def test_check_names_the_photo_and_the_profile_line(tmp_path: Path) -> None:
    root = write_check_project(
        tmp_path,
        **{
            "profiles__nguyen-van-an.yml": PERSON + PHOTO,
            "profiles__anh__cao.png": flat((1, 50_000)),
        },
    )
    line = line_of(PERSON + PHOTO, "- file:")
    code, out = run_check(root)
    assert code == 1
    assert out[0] == (
        f"profiles/nguyen-van-an.yml:{line}:5: photos[0].file: ảnh 'profiles/anh/cao.png' có "
        "1×50000 điểm ảnh: cạnh dài quá 16383 điểm ảnh (giới hạn của WebP); hãy thu nhỏ ảnh"
    )
    code, out = run_check(root, "--lang", "en")
    assert out[0].startswith(f"profiles/nguyen-van-an.yml:{line}:5: photos[0].file: photo ")


@pytest.mark.slow
@pytest.mark.parametrize(
    "data",
    [flat((1_000, 17_000), "L"), truncated(jpeg_bytes(gradient((800, 600))))],
    ids=["tall", "truncated"],
)
def test_build_refuses_with_a_message_and_keeps_the_site(tmp_path: Path, data: bytes) -> None:
    root = add_photos(write_project(tmp_path))
    assert run(root, "--today", TODAY.isoformat()).exit_code == 0
    before = snapshot(root / "site")
    (root / "profiles" / "anh" / "hoa.jpg").write_bytes(data)
    result = run(root, "--today", TODAY.isoformat(), "--lang", "en")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    line = line_of((root / HOA).read_text(encoding="utf-8"), "- file: anh/hoa.jpg")
    assert f"{HOA}:{line}:5: photos[0].file: photo 'profiles/anh/hoa.jpg' " in result.output
    assert snapshot(root / "site") == before
