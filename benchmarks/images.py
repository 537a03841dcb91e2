"""Benchmark the images stage: photos per second on 1 and 2 workers, and a no-change rebuild.

    python benchmarks/images.py [--photos 60] [--rebuild-photos 1000] [--seed 1]

Inputs are drawn with Pillow first (not timed) into a temporary folder: `--photos` JPEGs of
3000×2000 (a colour gradient with grain, about 2 MB each, which compresses like a photo),
each giving its widths in WebP and JPEG plus a social card; then `--rebuild-photos` distinct
800×600 JPEGs with their cards, built once, then rebuilt with nothing changed. Every encode
starts from an empty cache; the rebuilds reuse it, as a second `vinhdanh build` would.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere, like benchmarks/check.py
    sys.path.insert(0, str(ROOT))

from generator.images.jobs import CardJob, ImageResult, ImageSettings, PhotoJob  # noqa: E402
from generator.images.stage import process_images  # noqa: E402

TARGET_PHOTOS_PER_SECOND = 13.0  # the target on two cores, 3000×2000 with cards
TARGET_REBUILD_SECONDS = 2.0  # a no-change rebuild of 1,000 photos
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Ngọc", "Minh", "Thanh", "Quốc")
GIVEN = ("An", "Bình", "Hoa", "Dũng", "Hương", "Tuấn", "Lan", "Phúc", "Ánh", "Thủy")
AWARDS = (
    "Huân chương Lao động hạng Ba",
    "Bằng khen của Thủ tướng Chính phủ",
    "Chiến sĩ thi đua toàn quốc",
    "Lao động tiên tiến",
)
PLACES = ("Xã Triệu Thành, tỉnh Quảng Trị", "Phường Quế Võ, tỉnh Bắc Ninh", "Xã Đất Mũi, Cà Mau")


def photo_jpeg(rng: random.Random, size: tuple[int, int]) -> bytes:
    """A photo-like JPEG: a colour gradient with grain and a few soft shapes."""
    ramp = Image.linear_gradient("L")
    channels = [
        ramp.resize(size),
        ramp.rotate(rng.choice((90, 180, 270))).resize(size),
        Image.new("L", size, rng.randrange(40, 200)),
    ]
    im = Image.merge("RGB", channels)
    draw = ImageDraw.Draw(im)
    for _ in range(6):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(size[0] // 20, size[0] // 6)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    grain = Image.effect_noise(size, rng.uniform(35, 50)).convert("RGB")
    im = Image.blend(im, grain, 0.25)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=88)
    return buf.getvalue()


def write_photos(folder: Path, count: int, size: tuple[int, int], seed: int) -> list[PhotoJob]:
    """`count` digest-distinct JPEGs with their jobs (a few drawn, the rest marked copies)."""
    rng = random.Random(seed)
    bases = [Image.open(io.BytesIO(photo_jpeg(rng, size))) for _ in range(min(count, 8))]
    jobs = []
    for i in range(count):
        im = bases[i % len(bases)].copy()
        # A small mark per copy makes every file's bytes (and so its cache key) different.
        ImageDraw.Draw(im).rectangle((8, 8, 8 + i % 97, 8 + i // 97 % 97), fill=(i % 256, 0, 0))
        path = folder / f"p{i:05d}.jpg"
        im.save(path, "JPEG", quality=88)
        slug = f"ho-so-{i:05d}"
        jobs.append(PhotoJob(path.resolve(), path.name, f"profiles/{slug}.yml", 1, 1, "", slug, 0))
    return jobs


def cards_for(jobs: Sequence[PhotoJob], seed: int) -> list[CardJob]:
    """One profile card per photo, with Vietnamese names, awards and places."""
    rng = random.Random(seed)
    return [
        CardJob(
            "profile",
            job.slug,
            f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            rng.choice(AWARDS),
            (rng.choice(PLACES),),
            "Bảng vàng thi đua, khen thưởng",
        )
        for job in jobs
    ]


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    what: str
    photos: int
    workers: int
    seconds: float
    result: ImageResult

    @property
    def rate(self) -> str:
        """Photos per second, or a dash when the run encoded none."""
        if self.result.stats.photos_encoded == 0:
            return "-"
        return f"{self.result.stats.photos_encoded / self.seconds:.1f}"


def timed(
    what: str,
    photos: Sequence[PhotoJob],
    cards: Sequence[CardJob],
    cache: Path,
    out: Path,
    workers: int,
) -> Row:
    """Run the images stage once and time it."""
    start = time.perf_counter()
    result = process_images(photos, cards, cache, out, ImageSettings(), workers=workers)
    seconds = time.perf_counter() - start
    if not result.ok:
        sys.exit("\n".join(p.format("en") for p in result.problems))
    return Row(what, len(photos), workers, seconds, result)


def print_table(rows: Sequence[Row]) -> None:
    """The table, with what each run encoded and reused."""
    head = f"{'run':<44} {'photos':>6} {'workers':>7} {'seconds':>8} {'photos/s':>8} "
    head += f"{'encoded':>8} {'reused':>7}"
    print(head)
    print("-" * len(head))
    for row in rows:
        stats = row.result.stats
        print(
            f"{row.what:<44} {row.photos:>6} {row.workers:>7} {row.seconds:>8.2f} "
            f"{row.rate:>8} {stats.encoded:>8} {stats.reused:>7}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Generate inputs, run the stage, print the table and whether the targets are met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=60)
    parser.add_argument("--rebuild-photos", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    python = sys.version.split()[0]
    print(f"images benchmark: {cores} cores, Python {python}, Pillow {PIL.__version__}")
    with tempfile.TemporaryDirectory(prefix="vinhdanh-images-") as tmp:
        work = Path(tmp)
        (work / "big").mkdir()
        (work / "small").mkdir()
        start = time.perf_counter()
        big = write_photos(work / "big", args.photos, (3000, 2000), args.seed)
        small = write_photos(work / "small", args.rebuild_photos, (800, 600), args.seed + 1)
        print(f"inputs drawn in {time.perf_counter() - start:.1f} s (not timed below)\n")
        big_cards, small_cards = cards_for(big, args.seed), cards_for(small, args.seed + 1)
        rows = []
        for workers in (1, 2):
            rows.append(
                timed(
                    "3000×2000 JPEG → 3 widths × WebP+JPEG + card",
                    big,
                    big_cards,
                    work / f"cache-{workers}",
                    work / f"out-{workers}",
                    workers,
                )
            )
        cache, out = work / "cache-rebuild", work / "out-rebuild"
        rows.append(timed("800×600 JPEG, first build (+ card)", small, small_cards, cache, out, 2))
        rows.append(timed("no-change rebuild", small, small_cards, cache, out, 2))
        shutil.rmtree(out)
        rows.append(
            timed("no-change rebuild, empty output folder", small, small_cards, cache, out, 2)
        )
        (cache / "digests.json").unlink()
        rows.append(
            timed("no-change rebuild, every photo re-hashed", small, small_cards, cache, out, 2)
        )
    print_table(rows)
    two_workers = rows[1].result.stats.photos_encoded / rows[1].seconds
    rebuild = rows[3]
    ok_rate = two_workers >= TARGET_PHOTOS_PER_SECOND
    ok_rebuild = rebuild.seconds < TARGET_REBUILD_SECONDS and rebuild.result.stats.encoded == 0
    print()
    print(
        f"target ≥ {TARGET_PHOTOS_PER_SECOND:g} photos/s on 2 workers: "
        f"{two_workers:.1f} {'ok' if ok_rate else 'MISSED'}"
    )
    print(
        f"target no-change rebuild of {rebuild.photos} photos < {TARGET_REBUILD_SECONDS:g} s, "
        f"nothing encoded: {rebuild.seconds:.2f} s, {rebuild.result.stats.encoded} encoded "
        f"{'ok' if ok_rebuild else 'MISSED'}"
    )
    return 0 if ok_rate and ok_rebuild else 1


if __name__ == "__main__":
    sys.exit(main())
