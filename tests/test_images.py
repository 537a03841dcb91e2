"""The images stage: untrusted photos in, stripped responsive variants and social cards out.

Every input is drawn here with Pillow into `tmp_path`; nothing is downloaded.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import itertools
import json
import marshal
import os
import struct
import time
import unicodedata
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageCms, ImageDraw

from generator.errors import Problem
from generator.images import cards
from generator.images.cache import DIGESTS_FILE, DIGESTS_FORMAT
from generator.images.cards import (
    card_font,
    card_key,
    card_layout,
    remembered_card_key,
    render_card,
)
from generator.images.encoding import inspect_photo, target_widths
from generator.images.jobs import CARD_SIZE, CardJob, ImageResult, ImageSettings, PhotoJob
from generator.images.picture import (
    picture_data,
    picture_html,
    placeholder_colours,
    placeholder_svg,
)
from generator.images.stage import iter_photo_jobs, process_images
from generator.incremental import memos
from generator.incremental.stamps import RACY_NS
from generator.model.site import build_site

RED, GREEN, BLUE, YELLOW = (220, 20, 20), (20, 200, 20), (20, 20, 220), (230, 220, 20)


def quadrants(size: tuple[int, int]) -> Image.Image:
    """An image whose four quadrants differ, so any rotation or flip shows."""
    w, h = size
    im = Image.new("RGB", size)
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, w // 2 - 1, h // 2 - 1), fill=RED)
    draw.rectangle((w // 2, 0, w - 1, h // 2 - 1), fill=GREEN)
    draw.rectangle((0, h // 2, w // 2 - 1, h - 1), fill=BLUE)
    draw.rectangle((w // 2, h // 2, w - 1, h - 1), fill=YELLOW)
    return im


def jpeg_bytes(im: Image.Image, **params: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90, **params)
    return buf.getvalue()


def gradient(size: tuple[int, int], seed: int = 0) -> Image.Image:
    """A photo-like image: a gradient with a little noise (compresses like a photo)."""
    base = Image.linear_gradient("L").resize(size).convert("RGB")
    noise = Image.effect_noise(size, 20 + seed).convert("RGB")
    return Image.blend(base, noise, 0.2)


def job_for(root: Path, rel: str, index: int = 0, slug: str = "nguyen-van-an") -> PhotoJob:
    return PhotoJob(
        source=(root / rel).resolve(),
        file=rel,
        relpath=f"profiles/{slug}.yml",
        line=14,
        col=11,
        field=f"photos[{index}].file",
        slug=slug,
        index=index,
    )


def write(root: Path, rel: str, data: bytes) -> PhotoJob:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return job_for(root, rel)


def messages(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.format("vi"), p.format("en")) for p in problems]


def run(
    root: Path, photos: list[PhotoJob], cards: list[CardJob] | None = None, **kw: object
) -> ImageResult:
    settings = kw.pop("settings", None)
    assert settings is None or isinstance(settings, ImageSettings)
    workers = kw.pop("workers", 1)
    assert workers is None or isinstance(workers, int)
    cache = kw.pop("cache", root / "cache")
    out = kw.pop("out", root / "out")
    assert isinstance(cache, Path) and (out is None or isinstance(out, Path))
    return process_images(photos, cards or [], cache, out, settings, workers=workers)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --- EXIF orientation and metadata ---------------------------------------------------------


def camera_jpeg() -> bytes:
    """A 1600×1200 JPEG as a phone writes it: rotated via EXIF, with GPS, XMP, ICC, comment."""
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0110] = "Model-X9"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (21.0, 1.0, 42.5)
    gps[3] = "E"
    gps[4] = (105.0, 51.0, 14.1)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">SECRET-XMP</x:xmpmeta>'
    return jpeg_bytes(
        quadrants((1600, 1200)),
        exif=exif.tobytes(),
        icc_profile=icc,
        xmp=xmp,
        comment=b"SECRET-COMMENT",
    )


def test_exif_rotation_applied_and_every_output_free_of_metadata(tmp_path: Path) -> None:
    data = camera_jpeg()
    source = Image.open(io.BytesIO(data))
    # The input really carries what must not leak.
    assert source.getexif().get_ifd(0x8825)[2] == (21.0, 1.0, 42.5)
    assert {"exif", "icc_profile", "xmp", "comment"} <= set(source.info)
    job = write(tmp_path, "profiles/anh/an.jpg", data)

    result = run(tmp_path, [job])

    assert result.problems == []
    photo_set = result.photo_sets[("nguyen-van-an", 0)]
    assert (photo_set.width, photo_set.height) == (1200, 1600)  # upright: portrait
    assert [(v.width, v.height, v.mime) for v in photo_set.variants] == [
        (320, 427, "image/webp"),
        (640, 853, "image/webp"),
        (1200, 1600, "image/webp"),
        (320, 427, "image/jpeg"),
        (640, 853, "image/jpeg"),
        (1200, 1600, "image/jpeg"),
    ]
    for variant in photo_set.variants:
        raw = (tmp_path / "out" / variant.path).read_bytes()
        for secret in (b"Exif", b"EXIF", b"SecretCam", b"Model-X9", b"SECRET", b"xmpmeta"):
            assert secret not in raw, (variant.path, secret)
        for marker in (b"ICC_PROFILE", b"ICCP", b"XMP ", b"http://ns.adobe.com/xap"):
            assert marker not in raw, (variant.path, marker)
        out = Image.open(io.BytesIO(raw))
        assert (out.width, out.height) == (variant.width, variant.height)
        assert dict(out.getexif()) == {}
        assert not {"exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment"} & set(out.info)
        rgb = out.convert("RGB")
        w, h = rgb.size
        # Stored: red, green / blue, yellow. Turned 90° clockwise: blue, red / yellow, green.
        expected = {
            (0.25, 0.25): BLUE,
            (0.75, 0.25): RED,
            (0.25, 0.75): YELLOW,
            (0.75, 0.75): GREEN,
        }
        for (fx, fy), colour in expected.items():
            pixel = rgb.getpixel((int(w * fx), int(h * fy)))
            assert isinstance(pixel, tuple)
            assert all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=True)), (
                variant.path,
                (fx, fy),
                pixel,
            )


def test_png_with_text_chunks_and_alpha_is_stripped(tmp_path: Path) -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "SECRET-AUTHOR")
    info.add_itxt("XML:com.adobe.xmp", "SECRET-XMP")
    im = quadrants((700, 500)).convert("RGBA")
    im.putpixel((0, 0), (0, 0, 0, 0))
    buf = io.BytesIO()
    im.save(buf, "PNG", pnginfo=info)
    job = write(tmp_path, "profiles/anh/an.png", buf.getvalue())

    result = run(tmp_path, [job])

    assert result.problems == []
    for variant in result.photo_sets[("nguyen-van-an", 0)].variants:
        raw = (tmp_path / "out" / variant.path).read_bytes()
        assert b"SECRET" not in raw
        assert Image.open(io.BytesIO(raw)).mode in ("RGB", "RGBA")


def test_16_bit_greyscale_png_keeps_its_tones(tmp_path: Path) -> None:
    ramp = Image.linear_gradient("L").resize((400, 300)).convert("I")
    buf = io.BytesIO()
    ramp.point(lambda v: v * 257).convert("I;16").save(buf, "PNG")
    job = write(tmp_path, "profiles/anh/xam.png", buf.getvalue())
    result = run(tmp_path, [job])
    widest = result.photo_sets[("nguyen-van-an", 0)].fallback
    out = Image.open(tmp_path / "out" / widest.path).convert("L")
    pixel = out.getpixel((200, 150))
    assert isinstance(pixel, int) and abs(pixel - 128) < 8  # mid-grey, not clipped to white


# --- refusals: exact messages, never a traceback -------------------------------------------


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width`×`height` pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def refused(tmp_path: Path, job: PhotoJob, settings: ImageSettings | None = None) -> list[Problem]:
    """Both entry points refuse the same way; the build publishes nothing."""
    result = run(tmp_path, [job], settings=settings)
    assert not result.ok
    assert result.photo_sets == {} and result.files == ()
    assert not (tmp_path / "out").exists()
    return result.problems


def test_decompression_bomb_header_refused_before_decoding(tmp_path: Path) -> None:
    job = write(tmp_path, "profiles/anh/bom.png", png_claiming(50_000, 50_000))
    expected = [
        (
            "profiles/nguyen-van-an.yml:14:11: photos[0].file: ảnh 'profiles/anh/bom.png' khai "
            "báo kích thước khổng lồ (hơn 40000000 điểm ảnh): có thể là 'bom giải nén', không mở",
            "profiles/nguyen-van-an.yml:14:11: photos[0].file: photo 'profiles/anh/bom.png' "
            "declares a huge size (over 40000000 pixels): a possible decompression bomb, "
            "not opened",
        )
    ]
    assert messages(inspect_photo(job)) == expected
    assert messages(refused(tmp_path, job)) == expected


def test_small_file_that_decodes_huge_refused_by_pixel_cap(tmp_path: Path) -> None:
    buf = io.BytesIO()
    Image.new("L", (3000, 3000)).save(buf, "PNG")
    assert len(buf.getvalue()) < 50_000  # 9 million pixels in a few kilobytes
    job = write(tmp_path, "profiles/anh/phang.png", buf.getvalue())
    settings = ImageSettings(max_pixels=4_000_000)
    expected = [
        (
            "profiles/nguyen-van-an.yml:14:11: photos[0].file: ảnh 'profiles/anh/phang.png' có "
            "3000×3000 điểm ảnh, vượt giới hạn 4000000 điểm ảnh (có thể là 'bom giải nén'); "
            "hãy thu nhỏ ảnh",
            "profiles/nguyen-van-an.yml:14:11: photos[0].file: photo 'profiles/anh/phang.png' "
            "is 3000×3000 pixels, over the limit of 4000000 pixels (a possible decompression "
            "bomb); scale it down",
        )
    ]
    assert messages(inspect_photo(job, settings)) == expected
    assert messages(refused(tmp_path, job, settings)) == expected


def test_pillow_warning_range_is_an_error_not_a_warning(tmp_path: Path) -> None:
    # Between Pillow's limit and twice it, Pillow only warns: that must refuse too.
    limit = Image.MAX_IMAGE_PIXELS
    assert limit is not None
    side = int((limit * 1.2) ** 0.5)
    job = write(tmp_path, "profiles/anh/vua.png", png_claiming(side, side))
    problems = inspect_photo(job)
    assert [p.code for p in problems] == ["image.bomb"]


def test_truncated_jpeg_refused(tmp_path: Path) -> None:
    data = jpeg_bytes(gradient((800, 600)))
    job = write(tmp_path, "profiles/anh/cut.jpg", data[: len(data) // 2])
    # The header is intact; the check decodes the rest, as the build does, and finds it cut.
    expected = [
        (
            "profiles/nguyen-van-an.yml:14:11: photos[0].file: ảnh 'profiles/anh/cut.jpg' bị "
            "cắt cụt (tệp không đầy đủ); hãy chép hoặc xuất lại ảnh",
            "profiles/nguyen-van-an.yml:14:11: photos[0].file: photo 'profiles/anh/cut.jpg' is "
            "truncated (the file is incomplete); copy or export it again",
        )
    ]
    assert messages(inspect_photo(job)) == expected
    assert messages(refused(tmp_path, job)) == expected


def test_damaged_jpeg_header_refused(tmp_path: Path) -> None:
    job = write(tmp_path, "profiles/anh/hong.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 60)
    assert messages(inspect_photo(job)) == [
        (
            "profiles/nguyen-van-an.yml:14:11: photos[0].file: ảnh 'profiles/anh/hong.jpg' bị "
            "hỏng: không đọc được phần đầu tệp JPEG",
            "profiles/nguyen-van-an.yml:14:11: photos[0].file: photo 'profiles/anh/hong.jpg' is "
            "damaged: its JPEG header cannot be read",
        )
    ]


@pytest.mark.parametrize(
    ("content", "found_vi", "found_en"),
    [
        ("gif", "GIF", "GIF"),
        (b"<html>not a photo</html>\n", "HTML", "HTML"),
        (
            b"Xin ch\xc3\xa0o, \xc4\x91\xc3\xa2y l\xc3\xa0 v\xc4\x83n b\xe1\xba\xa3n\n",
            "văn bản",
            "text",
        ),
        (b"", "tệp rỗng", "an empty file"),
        (b"\x00\x01\x02\x03\xfe\xff" * 10, "dữ liệu không nhận dạng được", "unrecognised data"),
    ],
)
def test_extension_that_lies_is_refused_by_content(
    tmp_path: Path, content: str | bytes, found_vi: str, found_en: str
) -> None:
    if content == "gif":
        buf = io.BytesIO()
        quadrants((400, 400)).convert("P").save(buf, "GIF")
        content = buf.getvalue()
    assert isinstance(content, bytes)
    job = write(tmp_path, "profiles/anh/gia.jpg", content)
    expected = [
        (
            "profiles/nguyen-van-an.yml:14:11: photos[0].file: ảnh 'profiles/anh/gia.jpg' không "
            f"phải JPEG, PNG hoặc WebP (nội dung thực là {found_vi}); hãy xuất lại ảnh dạng JPEG",
            "profiles/nguyen-van-an.yml:14:11: photos[0].file: photo 'profiles/anh/gia.jpg' is "
            f"not a JPEG, PNG or WebP image (its content is {found_en}); export it again as JPEG",
        )
    ]
    assert messages(inspect_photo(job)) == expected
    assert messages(refused(tmp_path, job)) == expected


def test_file_over_the_byte_cap_is_refused_unopened(tmp_path: Path) -> None:
    job = write(tmp_path, "profiles/anh/to.jpg", jpeg_bytes(gradient((800, 600))))
    size = job.source.stat().st_size
    settings = ImageSettings(max_bytes=1000)
    expected = [
        (
            f"profiles/nguyen-van-an.yml:14:11: photos[0].file: ảnh 'profiles/anh/to.jpg' quá "
            f"lớn ({size} byte, tối đa 1000 byte); hãy giảm dung lượng ảnh",
            f"profiles/nguyen-van-an.yml:14:11: photos[0].file: photo 'profiles/anh/to.jpg' is "
            f"too large ({size} bytes, at most 1000); make the file smaller",
        )
    ]
    assert messages(inspect_photo(job, settings)) == expected
    assert messages(refused(tmp_path, job, settings)) == expected


def test_missing_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    job = job_for(tmp_path, "profiles/anh/khong-co.jpg")
    assert [p.code for p in inspect_photo(job)] == ["image.unreadable"]
    assert [p.code for p in refused(tmp_path, job)] == ["image.unreadable"]


def test_too_small_photo_warns_and_is_still_published(tmp_path: Path) -> None:
    job = write(tmp_path, "profiles/anh/nho.jpg", jpeg_bytes(gradient((200, 150))))
    expected = [
        (
            "profiles/nguyen-van-an.yml:14:11: cảnh báo: photos[0].file: ảnh "
            "'profiles/anh/nho.jpg' quá nhỏ: rộng 200 điểm ảnh, nên ít nhất 320",
            "profiles/nguyen-van-an.yml:14:11: warning: photos[0].file: photo "
            "'profiles/anh/nho.jpg' is too small: 200 pixels wide, at least 320 wanted",
        )
    ]
    assert messages(inspect_photo(job)) == expected
    result = run(tmp_path, [job])
    assert messages(result.problems) == expected
    assert result.ok
    assert [v.width for v in result.photo_sets[("nguyen-van-an", 0)].variants] == [200, 200]


def test_inspect_photo_decodes_a_jpeg_at_its_smallest_scale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import ImageFile

    decoded: list[tuple[int, int]] = []
    load = ImageFile.ImageFile.load

    def recording(self: ImageFile.ImageFile) -> object:
        decoded.append(self.size)
        return load(self)

    job = write(tmp_path, "profiles/anh/an.jpg", camera_jpeg())
    monkeypatch.setattr(ImageFile.ImageFile, "load", recording)
    assert inspect_photo(job) == []
    assert decoded == [(200, 150)]  # 1600×1200 at 1/8: every byte decoded, few pixels made


# --- sizes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "widths"),
    [
        ((500, 400), [320, 500]),
        ((640, 480), [320, 640]),
        ((1200, 800), [320, 640, 1200]),
        ((3000, 2000), [320, 640, 1200]),
        ((320, 320), [320]),
    ],
)
def test_never_upscaled(tmp_path: Path, size: tuple[int, int], widths: list[int]) -> None:
    job = write(tmp_path, "profiles/anh/a.jpg", jpeg_bytes(gradient(size)))
    result = run(tmp_path, [job])
    photo_set = result.photo_sets[("nguyen-van-an", 0)]
    assert [v.width for v in photo_set.of_type("image/webp")] == widths
    assert [v.width for v in photo_set.of_type("image/jpeg")] == widths
    for variant in photo_set.variants:
        assert variant.height == round(size[1] * variant.width / size[0])
        out = Image.open(tmp_path / "out" / variant.path)
        assert out.size == (variant.width, variant.height)
    assert (photo_set.width, photo_set.height) == (widths[-1], photo_set.variants[-1].height)


def test_target_widths() -> None:
    assert target_widths(500, (320, 640, 1200)) == [320, 500]
    assert target_widths(200, (320, 640, 1200)) == [200]
    assert target_widths(5000, (320, 640, 1200)) == [320, 640, 1200]


# --- cache, determinism, parallelism -------------------------------------------------------


def three_photos(root: Path) -> list[PhotoJob]:
    jobs = []
    for i in range(3):
        rel = f"profiles/anh/p{i}.jpg"
        write(root, rel, jpeg_bytes(gradient((900 + 100 * i, 700), seed=i)))
        jobs.append(job_for(root, rel, index=i))
    return jobs


CARD = CardJob(
    kind="profile",
    slug="nguyen-van-an",
    title="Nguyễn Văn An",
    subtitle="Huân chương Lao động hạng Ba",
    lines=("Xã Triệu Thành, tỉnh Quảng Trị",),
    site_name="Bảng vàng thử nghiệm",
)


def test_second_run_encodes_nothing(tmp_path: Path) -> None:
    jobs = three_photos(tmp_path)
    first = run(tmp_path, jobs, [CARD])
    assert (first.stats.photos_encoded, first.stats.cards_encoded) == (3, 1)
    before = tree(tmp_path / "out")

    second = run(tmp_path, jobs, [CARD])

    assert second.stats.encoded == 0
    assert (second.stats.photos_reused, second.stats.cards_reused) == (3, 1)
    assert second.photo_sets == first.photo_sets and second.cards == first.cards
    assert tree(tmp_path / "out") == before
    assert sorted(before) == list(second.files)


def test_changing_one_photo_reencodes_only_that_one(tmp_path: Path) -> None:
    jobs = three_photos(tmp_path)
    first = run(tmp_path, jobs, [CARD])
    jobs[1].source.write_bytes(jpeg_bytes(gradient((1000, 700), seed=9)))

    second = run(tmp_path, jobs, [CARD])

    assert (second.stats.photos_encoded, second.stats.photos_reused) == (1, 2)
    assert second.stats.cards_encoded == 0
    changed = second.photo_sets[("nguyen-van-an", 1)]
    assert changed.key != first.photo_sets[("nguyen-van-an", 1)].key
    # A changed photo gets new URLs, so no browser or CDN can show the old one.
    assert not {v.path for v in changed.variants} & {
        v.path for v in first.photo_sets[("nguyen-van-an", 1)].variants
    }
    for i in (0, 2):
        assert second.photo_sets[("nguyen-van-an", i)] == first.photo_sets[("nguyen-van-an", i)]


def test_cache_keys_only_on_settings_a_photo_uses(tmp_path: Path) -> None:
    jobs = three_photos(tmp_path)
    run(tmp_path, jobs, [CARD])
    renamed_site = CardJob(**{**CARD.__dict__, "site_name": "Bảng vàng mới"})
    # A new site name redraws the card but re-encodes no photo; limits change no bytes.
    lax = ImageSettings(max_bytes=20 * 1024 * 1024, min_width=200, max_pixels=50_000_000)
    result = run(tmp_path, jobs, [renamed_site], settings=lax)
    assert (result.stats.photos_encoded, result.stats.cards_encoded) == (0, 1)
    # A new quality re-encodes every photo.
    result = run(tmp_path, jobs, [renamed_site], settings=ImageSettings(jpeg_quality=70))
    assert (result.stats.photos_encoded, result.stats.cards_encoded) == (3, 0)


def test_limits_are_rechecked_on_a_cache_hit(tmp_path: Path) -> None:
    job = write(tmp_path, "profiles/anh/lon.jpg", jpeg_bytes(gradient((3000, 2000))))
    assert run(tmp_path, [job]).ok
    stricter = ImageSettings(max_pixels=5_000_000)
    result = run(tmp_path, [job], settings=stricter, out=tmp_path / "out2")
    assert result.stats.encoded == 0
    assert [p.format("en") for p in result.problems] == [
        "profiles/nguyen-van-an.yml:14:11: photos[0].file: photo 'profiles/anh/lon.jpg' is "
        "3000×2000 pixels, over the limit of 5000000 pixels (a possible decompression bomb); "
        "scale it down"
    ]


def settled(jobs: list[PhotoJob]) -> list[PhotoJob]:
    """The photos modified well before now: older than the racy window of their stamps."""
    then = time.time_ns() - 10 * RACY_NS
    for job in jobs:
        os.utime(job.source, ns=(then, then))
    return jobs


def counting_hashes(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every photo the digests read from now on (hashlib.file_digest's file)."""
    read: list[object] = []
    real = hashlib.file_digest

    def counted(handle: Any, digest: Any) -> Any:
        read.append(handle.name)
        return real(handle, digest)

    monkeypatch.setattr(hashlib, "file_digest", counted)
    return read


def test_no_change_rebuild_reads_no_photo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = settled(three_photos(tmp_path))
    run(tmp_path, jobs)

    def no_hashing(*args: object, **kwargs: object) -> object:
        raise AssertionError("an unchanged photo was read again")

    monkeypatch.setattr(hashlib, "file_digest", no_hashing)
    assert run(tmp_path, jobs).stats.encoded == 0


def test_a_photo_modified_within_the_racy_window_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The racy-time rule of generator.incremental.stamps: a coarse clock may hide a second
    # write within the tick its stamp was taken in, so that photo's bytes are read again.
    jobs = three_photos(tmp_path)
    settled(jobs[1:])
    run(tmp_path, jobs)
    read = counting_hashes(monkeypatch)
    assert run(tmp_path, jobs).stats.encoded == 0
    assert read == [str(jobs[0].source)]


def test_digests_of_an_older_format_are_discarded_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = settled(three_photos(tmp_path))
    first = run(tmp_path, jobs)
    digests = tmp_path / "cache" / DIGESTS_FILE
    # What the code before the one file stamp kept: path -> size, times, inode and SHA-256.
    # Wrong digests, so that using them would key (and refuse) every photo as changed.
    old = {}
    for job in jobs:
        st = job.source.stat()
        old[str(job.source)] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, "0" * 64]
    digests.write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "cache" / "card-keys.marshal").write_bytes(marshal.dumps((1, "drawing", {})))
    read = counting_hashes(monkeypatch)
    again = run(tmp_path, jobs, [CARD])
    assert again.ok and again.photo_sets == first.photo_sets
    # Every photo hashed once, none encoded again: the entries are keyed by SHA-256.
    assert sorted(map(str, read)) == sorted(str(job.source) for job in jobs)
    assert (again.stats.photos_encoded, again.stats.photos_reused) == (0, 3)
    assert json.loads(digests.read_text(encoding="utf-8"))["format"] == DIGESTS_FORMAT
    assert not (tmp_path / "cache" / "card-keys.marshal").exists()  # an obsolete record
    read.clear()
    assert run(tmp_path, jobs, [CARD]).stats.encoded == 0 and read == []


def test_same_input_gives_identical_bytes_across_clean_runs_and_workers(tmp_path: Path) -> None:
    root = tmp_path / "src"
    jobs = three_photos(root)
    jobs.append(write(root, "profiles/anh/cam.jpg", camera_jpeg()))
    jobs[-1] = job_for(root, "profiles/anh/cam.jpg", index=3)
    cards = [CARD, CardJob("campaign", "nong-thon-moi", "Nông thôn mới", "", (), "Bảng vàng")]
    one = run(root, jobs, cards, cache=tmp_path / "c1", out=tmp_path / "o1", workers=1)
    two = run(root, jobs, cards, cache=tmp_path / "c2", out=tmp_path / "o2", workers=2)
    assert one.ok and two.ok
    assert one.stats == two.stats and one.stats.encoded == 6
    assert tree(tmp_path / "o1") == tree(tmp_path / "o2")
    assert one.photo_sets == two.photo_sets and one.cards == two.cards


def test_same_photo_twice_is_encoded_once(tmp_path: Path) -> None:
    data = jpeg_bytes(gradient((700, 500)))
    a = write(tmp_path, "profiles/anh/a.jpg", data)
    b = job_for(tmp_path, "profiles/anh/b.jpg", index=1)
    b.source.write_bytes(data)
    result = run(tmp_path, [a, b])
    assert result.stats.photos_encoded == 1
    assert result.photo_sets[("nguyen-van-an", 0)] == result.photo_sets[("nguyen-van-an", 1)]


def test_check_mode_publishes_nothing_and_warms_the_cache(tmp_path: Path) -> None:
    jobs = three_photos(tmp_path)
    checked = run(tmp_path, jobs, [CARD], out=None)
    assert checked.ok and checked.files == () and not (tmp_path / "out").exists()
    built = run(tmp_path, jobs, [CARD])
    assert built.stats.encoded == 0 and len(built.files) == 3 * 2 * 3 + 1


def test_one_refused_photo_publishes_nothing(tmp_path: Path) -> None:
    jobs = three_photos(tmp_path)
    jobs.append(write(tmp_path, "profiles/anh/gia.jpg", b"not an image"))
    result = run(tmp_path, jobs, [CARD])
    assert [p.code for p in result.problems] == ["image.format"]
    assert result.files == () and not (tmp_path / "out").exists()


def test_damaged_cache_entry_is_rebuilt(tmp_path: Path) -> None:
    jobs = three_photos(tmp_path)
    first = run(tmp_path, jobs)
    published = tree(tmp_path / "out")
    key = first.photo_sets[("nguyen-van-an", 0)].key
    (tmp_path / "cache" / "photos" / key[:2] / key / "640.webp").unlink()
    second = run(tmp_path, jobs)
    assert second.stats.photos_encoded == 1
    assert (tmp_path / "cache" / "photos" / key[:2] / key / "640.webp").is_file()
    assert tree(tmp_path / "out") == published


# --- HTML ----------------------------------------------------------------------------------


def test_picture_html_and_data(tmp_path: Path) -> None:
    job = write(tmp_path, "profiles/anh/a.jpg", jpeg_bytes(gradient((1000, 750))))
    photo_set = run(tmp_path, [job]).photo_sets[("nguyen-van-an", 0)]
    k = photo_set.key[:12]
    data = picture_data(photo_set, "../../")
    assert data["src"] == f"../../anh/{k}-1000.jpg"
    assert (data["width"], data["height"]) == (1000, 750)
    assert data["sources"] == [
        {
            "mime": "image/webp",
            "srcset": f"../../anh/{k}-320.webp 320w, ../../anh/{k}-640.webp 640w, "
            f"../../anh/{k}-1000.webp 1000w",
        }
    ]
    assert data["variants"][0] == {
        "url": f"../../anh/{k}-320.webp",
        "width": 320,
        "height": 240,
        "mime": "image/webp",
    }
    html = picture_html(photo_set, 'Chị Hoa "đứng" <giữa> & ruộng', base_url="/")
    sizes = "(max-width: 600px) 100vw, 320px"
    assert html == (
        f'<picture><source type="image/webp" srcset="/anh/{k}-320.webp 320w, '
        f'/anh/{k}-640.webp 640w, /anh/{k}-1000.webp 1000w" sizes="{sizes}">'
        f'<img src="/anh/{k}-1000.jpg" srcset="/anh/{k}-320.jpg 320w, /anh/{k}-640.jpg 640w, '
        f'/anh/{k}-1000.jpg 1000w" sizes="{sizes}" width="1000" height="750" '
        'alt="Chị Hoa &quot;đứng&quot; &lt;giữa&gt; &amp; ruộng" loading="lazy" '
        'decoding="async"></picture>'
    )


def test_placeholder_svg_escapes_and_is_stable() -> None:
    svg = placeholder_svg('Nguyễn Thị "Hoa" <b>', "nguyen-thi-hoa")
    assert svg.startswith("<svg ") and 'role="img"' in svg
    assert 'aria-label="Nguyễn Thị &quot;Hoa&quot; &lt;b&gt;"' in svg
    assert ">NT</text>" in svg  # words that start with a symbol give no initial
    assert svg == placeholder_svg('Nguyễn Thị "Hoa" <b>', "nguyen-thi-hoa")
    assert ">NH</text>" in placeholder_svg("Nguyễn Thị Hoa", "x")
    assert ">ĐV</text>" in placeholder_svg("đặng văn", "x")
    nfd = unicodedata.normalize("NFD", "Ánh Ượng")
    assert ">ÁƯ</text>" in placeholder_svg(nfd, "x")


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_placeholder_colours_are_soft_and_readable() -> None:
    seen = set()
    for i in range(300):
        background, ink = placeholder_colours(f"slug-{i}")
        seen.add(background)
        light, dark = relative_luminance(background), relative_luminance(ink)
        assert light > 0.55  # soft
        assert (light + 0.05) / (dark + 0.05) >= 4.5  # WCAG AAA for large text (initials)
    assert len(seen) > 100


# --- social cards --------------------------------------------------------------------------

LONG_NAME = (
    "Tổ Công đoàn Ca B Phân xưởng Lắp ráp Linh kiện Điện tử Công ty Trách nhiệm Hữu hạn "
    "Điện tử Quang Minh Chi nhánh Khu công nghiệp Quế Võ tỉnh Bắc Ninh nhiệm kỳ 2020–2025"
)


def boxes(job: CardJob) -> list[tuple[int, int, int, int]]:
    draw = ImageDraw.Draw(Image.new("RGB", CARD_SIZE))
    return [
        tuple(
            int(v)
            for v in draw.textbbox((t.x, t.y), t.text, font=card_font(t.size, t.bold), anchor="ls")
        )  # type: ignore[misc]
        for t in card_layout(job)
    ]


@pytest.mark.parametrize(
    "title",
    [
        "Nguyễn Văn An",
        LONG_NAME,
        LONG_NAME * 3,
        "Nguyễnvănanhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh",
    ],
)
def test_card_text_stays_inside_the_canvas(title: str) -> None:
    job = CardJob(
        "profile",
        "x",
        title,
        "Bằng khen của Thủ tướng Chính phủ và Cờ thi đua của Tổng Liên đoàn Lao động Việt Nam",
        (
            "Phường Quế Võ, tỉnh Bắc Ninh (trước đây: xã Phương Liễu, huyện Quế Võ, tỉnh Bắc Ninh)",
            "Lĩnh vực: Công nghiệp",
            "Công nhân lao động trực tiếp",
            "a fourth line is dropped",
        ),
        "Bảng vàng điển hình tiên tiến tỉnh Bắc Ninh — Cổng thông tin thi đua, khen thưởng",
    )
    found = boxes(job)
    for left, top, right, bottom in found:
        assert left >= 0 and right <= CARD_SIZE[0] - 60
        assert top >= 0 and bottom <= CARD_SIZE[1] - 14  # above the gold rule
    body = sorted(found[1:], key=lambda b: b[1])  # under the band, top to bottom
    assert found[0][3] < 104 <= body[0][1]  # the site name sits in the band
    for upper, lower in itertools.pairwise(body):
        assert upper[3] <= lower[1], "lines overlap"
    texts = [t.text for t in card_layout(job)]
    assert "a fourth line is dropped" not in texts
    assert texts[0].endswith("…")
    title_lines = [t.text for t in card_layout(job) if t.colour == "#1e1b18"]
    if title.startswith(LONG_NAME):
        assert title_lines[-1].endswith("…")
    elif " " not in title:
        # One word wider than the card: broken between letters rather than cut.
        assert len(title_lines) > 1 and "".join(title_lines) == title


def test_long_name_wraps_before_it_is_cut() -> None:
    job = CardJob("profile", "x", LONG_NAME[:80], "Chiến sĩ thi đua toàn quốc", (), "S")
    title = [t for t in card_layout(job) if t.size >= 40 and t.bold and t.colour == "#1e1b18"]
    assert len(title) >= 2 and not any(t.text.endswith("…") for t in title)
    assert " ".join(t.text for t in title) == LONG_NAME[:80].strip()


def test_card_is_1200_by_630_png_and_nfd_draws_like_nfc() -> None:
    nfc_job = CardJob(
        "profile",
        "nguyen-thi-ngoc-anh",
        "Nguyễn Thị Ngọc Ánh",
        "Chiến sĩ thi đua toàn quốc",
        ("Xã Đất Mũi, tỉnh Cà Mau",),
        "Bảng vàng",
    )
    nfd_job = CardJob(
        "profile",
        "nguyen-thi-ngoc-anh",
        unicodedata.normalize("NFD", nfc_job.title),
        unicodedata.normalize("NFD", nfc_job.subtitle),
        tuple(unicodedata.normalize("NFD", s) for s in nfc_job.lines),
        unicodedata.normalize("NFD", nfc_job.site_name),
    )
    assert nfd_job.title != nfc_job.title
    png = render_card(nfc_job)
    assert png == render_card(nfd_job)
    assert card_key(nfc_job) == card_key(nfd_job)
    card = Image.open(io.BytesIO(png))
    assert (card.format, card.size) == ("PNG", (1200, 630))
    assert not {"exif", "icc_profile", "xmp"} & set(card.info)
    assert b"tIME" not in png and b"tEXt" not in png  # no timestamps, no text chunks


def test_card_keys_differ_whenever_the_drawn_text_does() -> None:
    job = CardJob("profile", "a", "Nguyễn Văn An", "Huân chương", ("Xã A", "Tỉnh B"), "Bảng")
    variants = [
        dataclasses.replace(job, title="Nguyễn Văn Ân"),
        dataclasses.replace(job, subtitle=""),
        dataclasses.replace(job, lines=("Xã A",)),
        dataclasses.replace(job, lines=("Xã ATỉnh B",)),  # the same letters, one line
        dataclasses.replace(job, lines=("Xã A", "Tỉnh B", "")),
        dataclasses.replace(job, title="Nguyễn Văn", subtitle="AnHuân chương"),  # moved text
        dataclasses.replace(job, site_name="Bảng vàng"),
        dataclasses.replace(job, kind="campaign"),
    ]
    keys = {card_key(v) for v in [job, *variants]}
    assert len(keys) == len(variants) + 1
    assert card_key(dataclasses.replace(job, slug="b")) == card_key(job)


def test_card_keys_remembered_are_the_keys_made(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cards, "_CARD_KEYS", {})  # this test's memo only
    jobs = [
        CardJob("profile", f"p{n}", f"Người {n}", "Huân chương", (f"Xã {n}",), "Bảng")
        for n in range(5)
    ]
    assert [remembered_card_key(j) for j in jobs] == [card_key(j) for j in jobs]
    # Kept between builds by the memo registry, as plain data with the drawing it is for.
    saved = marshal.loads(marshal.dumps(memos.saved_memos()))["card keys"]
    assert list(saved) == [cards._drawing()] and len(saved[cards._drawing()]) == 5
    cards._CARD_KEYS.clear()
    remembered = {k: "remembered" for k in saved[cards._drawing()]}
    memos.restore_memos({"card keys": {cards._drawing(): remembered}})
    assert [remembered_card_key(j) for j in jobs] == ["remembered"] * 5  # looked up, not made
    # Keys remembered under another drawing (fonts, Pillow, code) are not used.
    cards._CARD_KEYS.clear()
    memos.restore_memos({"card keys": {"another drawing": remembered}})
    assert remembered_card_key(jobs[0]) == card_key(jobs[0])
    memos.restore_memos({"card keys": ["not", "a", "dict"]})  # ignored
    assert {cards._drawing(): {next(iter(remembered)): card_key(jobs[0])}} == cards._CARD_KEYS


def test_card_result_names_url_and_size(tmp_path: Path) -> None:
    result = run(tmp_path, [], [CARD])
    card = result.cards[("profile", "nguyen-van-an")]
    assert card.path.startswith("the/profile/nguyen-van-an-") and card.path.endswith(".png")
    assert (card.width, card.height, card.mime) == (1200, 630, "image/png")
    assert card.url("https://vinhdanh.example.vn/") == "https://vinhdanh.example.vn/" + card.path
    assert Image.open(tmp_path / "out" / card.path).size == (1200, 630)


# --- from the model ------------------------------------------------------------------------

PROFILE = """\
slug: {slug}
kind: individual
name:
  family: Nguyễn
  given: {given}
locality:
  province: Lạng Sơn
awards:
  - award: bang-khen-thu-tuong
    year: 2020
    issuer_level: government
photos:
  - file: anh/{slug}.jpg
    alt: Ảnh chân dung
    credit: Ban Thi đua
    licence: CC BY 4.0
consent:
  photo: {consent}
"""


def test_iter_photo_jobs_only_with_consent(tmp_path: Path) -> None:
    (tmp_path / "site_config.yml").write_text(
        "site_name: Bảng vàng\nsite_url: https://example.vn/\nsite_description: Thử\n"
        "owner: Ban Thi đua\ndata_licence:\n  id: CC-BY-4.0\n  name: CC BY 4.0\n",
        encoding="utf-8",
    )
    for slug, given, consent in (("nguyen-an", "An", "true"), ("nguyen-binh", "Bình", "false")):
        (tmp_path / "profiles" / "anh").mkdir(parents=True, exist_ok=True)
        (tmp_path / "profiles" / f"{slug}.yml").write_text(
            PROFILE.format(slug=slug, given=given, consent=consent), encoding="utf-8"
        )
        (tmp_path / "profiles" / "anh" / f"{slug}.jpg").write_bytes(
            jpeg_bytes(gradient((400, 300)))
        )
    site, report = build_site(tmp_path)
    assert site is not None, [p.format("en") for p in report]
    jobs = list(iter_photo_jobs(site.entries, tmp_path))
    assert jobs == [
        PhotoJob(
            source=(tmp_path / "profiles/anh/nguyen-an.jpg").resolve(),
            file="profiles/anh/nguyen-an.jpg",
            relpath="profiles/nguyen-an.yml",
            line=13,
            col=5,
            field="photos[0].file",
            slug="nguyen-an",
            index=0,
        )
    ]
