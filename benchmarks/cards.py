"""Benchmark social cards: ms per card and bytes per card, before and after, in one run.

    python benchmarks/cards.py [--cards 1000] [--photo-every 100] [--workers 2]
                               [--baseline REV] [--samples DIR] [--seed 1]

The same cards are drawn by two versions of the generator, each in its own Python process:
the working tree's and the one of git revision `--baseline` (by default the commit before the
cards were drawn from a template and saved as palette PNG or JPEG), exported with `git
archive` into a temporary folder. Inputs are made first (not timed): `--cards` profile cards
with Vietnamese names (some long, every diacritic), one in `--photo-every` with a distinct
900×1200 JPEG, as in benchmarks/build.py's projects (one photo per hundred profiles).

Per version: "draw" is `render_card` alone, one card after another in one process (after one
card to load the fonts), in CPU ms per card (the machine is shared: wall time would measure the
neighbours), with and without a photo; "bytes" the size of what it returns; "stage" the images
stage (`process_images`) drawing every card into an empty cache and linking it into an output
folder with `--workers` processes, as a first build does, in wall time and in CPU time of all
its processes; and "10,000" that stage scaled to 10,000 cards (an extrapolation, not a run):
its wall time, and its CPU time shared by the workers (what idle cores would take). Last, how far
the new cards are from the old ones, pixel by pixel (mean and largest difference of 255 over
the whole card, decoded to RGB). `--samples DIR` keeps a few cards of both versions to look at.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import io
import json
import os
import random
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The working tree before the cards were drawn from a template (CARD_PIPELINE_VERSION 3).
DEFAULT_BASELINE = "20ebdb98a837aa6f21481db60a729ab081a364a7"
SITE_NAME = "Bảng vàng thi đua, khen thưởng"
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Ngọc", "Minh", "Thanh", "Quốc", "Thị Ngọc", "Hữu Đức")
GIVEN = ("An", "Bình", "Hoa", "Dũng", "Hương", "Tuấn", "Lan", "Phượng", "Ánh", "Thủy", "Kiệt")
LONG_NAMES = (
    "Hợp tác xã Dịch vụ Nông nghiệp Tổng hợp Triệu Thành, huyện Triệu Phong, tỉnh Quảng Trị",
    "Tập thể cán bộ, chiến sĩ Đồn Biên phòng Cửa khẩu Quốc tế Lao Bảo",
    "Nguyễn Huỳnh Thị Ngọc Phượng",
)
AWARDS = (
    "Huân chương Lao động hạng Ba",
    "Bằng khen của Thủ tướng Chính phủ",
    "Chiến sĩ thi đua toàn quốc",
    "Huân chương Bảo vệ Tổ quốc hạng Nhất",
    "Cờ thi đua của Ủy ban nhân dân tỉnh",
)
PLACES = ("Xã Triệu Thành, tỉnh Quảng Trị", "Phường Quế Võ, tỉnh Bắc Ninh", "Xã Đất Mũi, Cà Mau")
SAMPLES = 6
"""Cards kept for comparison: the first few, with and without a photo, long names included."""


def card_specs(
    count: int, photo_every: int, photos: Sequence[Path], seed: int
) -> list[dict[str, Any]]:
    """The cards to draw, as JSON for both versions' processes."""
    rng = random.Random(seed)
    specs = []
    for i in range(count):
        if i % 7 == 1:
            title = LONG_NAMES[i // 7 % len(LONG_NAMES)]
        else:
            title = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        photo = photos[i // photo_every] if photo_every and i % photo_every == 0 else None
        specs.append(
            {
                "slug": f"ho-so-{i:05d}",
                "title": title,
                "subtitle": rng.choice(AWARDS),
                "lines": [rng.choice(PLACES)],
                "photo": str(photo) if photo else None,
                "digest": hashlib.sha256(photo.read_bytes()).hexdigest() if photo else "",
            }
        )
    return specs


def export_tree(rev: str, dest: Path) -> Path:
    """The `generator` package of git revision `rev`, written under `dest`."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "generator"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest


# --- in each version's process ---------------------------------------------------------------


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the stage's workers)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def child(tree: Path, specs_path: Path, work: Path, workers: int) -> dict[str, Any]:
    """Draw every card with the generator found in `tree`; the figures as JSON."""
    sys.path.insert(0, str(tree))
    images = importlib.import_module("generator.images.cards")
    assert Path(str(images.__file__)).is_relative_to(tree), images.__file__
    vocabulary = importlib.import_module("generator.images.jobs")
    images_stage = importlib.import_module("generator.images.stage")
    specs = json.loads(specs_path.read_text(encoding="utf-8"))
    jobs = [
        vocabulary.CardJob(
            "profile",
            s["slug"],
            s["title"],
            s["subtitle"],
            tuple(s["lines"]),
            SITE_NAME,
            Path(s["photo"]) if s["photo"] else None,
            s["digest"],
        )
        for s in specs
    ]
    images.render_card(jobs[0])  # fonts loaded, template drawn: the rest is per card
    ms: dict[str, list[float]] = {"plain": [], "photo": []}
    sizes: dict[str, list[int]] = {"plain": [], "photo": []}
    samples = work / "samples"
    samples.mkdir()
    plain_kept = photo_kept = 0
    for job in jobs:
        # CPU time of this process: on a shared machine, wall time measures the neighbours.
        start = time.process_time()
        data = images.render_card(job)
        elapsed = (time.process_time() - start) * 1000
        kind = "photo" if job.photo is not None else "plain"
        ms[kind].append(elapsed)
        sizes[kind].append(len(data))
        keep = (photo_kept if kind == "photo" else plain_kept) < SAMPLES // 2
        if keep:
            ext = "png" if data.startswith(b"\x89PNG") else "jpg"
            (samples / f"{job.slug}.{ext}").write_bytes(data)
            photo_kept += kind == "photo"
            plain_kept += kind == "plain"
    before = _cpu()
    start = time.perf_counter()
    result = images_stage.process_images([], jobs, work / "cache", work / "out", workers=workers)
    stage = time.perf_counter() - start
    stage_cpu = _cpu() - before
    assert result.ok, [p.format("en") for p in result.problems]
    return {
        "version": images.CARD_PIPELINE_VERSION,
        "ms": ms,
        "bytes": sizes,
        "stage": stage,
        "stage_cpu": stage_cpu,
        # Cards with the same text share a key and are drawn once.
        "encoded": result.stats.cards_encoded,
        "mimes": sorted({v.mime for v in result.cards.values()}),
    }


# --- the comparison --------------------------------------------------------------------------


def run_version(label: str, tree: Path, specs: Path, work: Path, workers: int) -> dict[str, Any]:
    """Run `child` for one version in a fresh process (its own imports, its own pool)."""
    folder = work / label
    folder.mkdir()
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, __file__, "--child", str(tree), str(specs), str(folder)]
    subprocess.run([*command, "--workers", str(workers)], check=True, env=env, cwd=folder)
    figures: dict[str, Any] = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    figures["samples"] = folder / "samples"
    return figures


def _mean(values: Sequence[float]) -> float:
    # Not the statistics module: run as a script, benchmarks/statistics.py would shadow it.
    return sum(values) / len(values) if values else 0.0


def pixel_difference(old: Path, new: Path) -> list[tuple[str, float, int]]:
    """Per sample card: mean and largest difference of any channel, old against new."""
    from PIL import Image, ImageChops, ImageStat

    found = []
    for before in sorted(old.iterdir()):
        [after] = new.glob(before.stem + ".*")
        with Image.open(before) as a, Image.open(after) as b:
            diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
        mean = _mean(ImageStat.Stat(diff).mean)
        largest = max(high for _low, high in diff.getextrema())  # type: ignore[misc]
        found.append((before.stem, mean, largest))
    return found


def report(n: int, workers: int, rows: dict[str, dict[str, Any]]) -> None:
    """The side-by-side table."""
    head = f"{'':<36}" + "".join(f"{label:>16}" for label in rows)
    print(head)
    print("-" * len(head))

    def line(what: str, cell: Any) -> None:
        print(f"{what:<36}" + "".join(f"{cell(f):>16}" for f in rows.values()))

    line("CARD_PIPELINE_VERSION", lambda f: str(f["version"]))
    line("formats", lambda f: ", ".join(m.split("/")[1] for m in f["mimes"]))
    for kind, what in (("plain", "without photo"), ("photo", "with photo")):
        count = len(next(iter(rows.values()))["ms"][kind])
        line(f"draw, CPU ms/card {what} ({count})", lambda f, k=kind: f"{_mean(f['ms'][k]):.1f}")
        line(f"bytes/card {what}", lambda f, k=kind: f"{_mean(f['bytes'][k]):,.0f}")

    def every(f: dict[str, Any], key: str) -> list[float]:
        return [*f[key]["plain"], *f[key]["photo"]]

    line("draw, CPU ms/card, all", lambda f: f"{_mean(every(f, 'ms')):.1f}")
    line("bytes/card, all", lambda f: f"{_mean(every(f, 'bytes')):,.0f}")
    line(f"stage, {n:,} cards, {workers} workers", lambda f: f"{f['stage']:.1f} s")
    line("  cards drawn (distinct)", lambda f: f"{f['encoded']:,}")
    line("stage, ms/card drawn (wall)", lambda f: f"{f['stage'] * 1000 / f['encoded']:.2f}")
    line("stage, CPU ms/card (all procs)", lambda f: f"{f['stage_cpu'] * 1000 / f['encoded']:.2f}")
    line("10,000 cards, wall (scaled)", lambda f: f"{f['stage'] * 10_000 / f['encoded']:.0f} s")
    line(
        f"10,000 cards, CPU / {workers} cores",
        lambda f: f"{f['stage_cpu'] * 10_000 / f['encoded'] / workers:.0f} s",
    )
    line("10,000 cards, MB", lambda f: f"{_mean(every(f, 'bytes')) * 10_000 / 1e6:.0f}")


def main(argv: Sequence[str] | None = None) -> int:
    """Make the inputs, draw the cards with both versions, print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--photo-every", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--baseline", default=DEFAULT_BASELINE)
    parser.add_argument("--samples", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        tree, specs, work = args.child
        figures = child(tree, specs, work, args.workers)
        (work / "figures.json").write_text(json.dumps(figures), encoding="utf-8")
        return 0
    sys.path.insert(0, str(ROOT))
    from benchmarks.images import write_photos  # the photo-like JPEGs of the images benchmark

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"cards benchmark: {args.cards:,} cards, {args.workers} workers, load average {load}")
    with tempfile.TemporaryDirectory(prefix="vinhdanh-cards-") as tmp:
        work = Path(tmp)
        (work / "photos").mkdir()
        count = -(-args.cards // args.photo_every) if args.photo_every else 0
        photos = [job.source for job in write_photos(work / "photos", count, (900, 1200), 1)]
        specs = work / "cards.json"
        specs.write_text(
            json.dumps(card_specs(args.cards, args.photo_every, photos, args.seed)),
            encoding="utf-8",
        )
        baseline = export_tree(args.baseline, work / "baseline")
        rows = {
            f"before {args.baseline[:7]}": run_version(
                "before", baseline, specs, work, args.workers
            ),
            "now": run_version("now", ROOT, specs, work, args.workers),
        }
        print()
        report(args.cards, args.workers, rows)
        before, now = rows.values()
        print("\nnew card against old, per channel of 255 (mean, largest):")
        for stem, mean, largest in pixel_difference(before["samples"], now["samples"]):
            print(f"  {stem}: {mean:.2f}, {largest}")
        if args.samples:
            args.samples.mkdir(parents=True, exist_ok=True)
            for label, figures in (("before", before), ("now", now)):
                for path in figures["samples"].iterdir():
                    (args.samples / f"{label}-{path.name}").write_bytes(path.read_bytes())
            print(f"samples written to {args.samples}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
