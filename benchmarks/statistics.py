"""Benchmark the statistics step on a synthetic project, against the rest of the build.

    python benchmarks/statistics.py [--size 10000] [--seed 1] [--repeat 3] [--build]

The project (`benchmarks/synthetic.py`) is generated first and loaded once (neither timed);
then, in this process, the best of `--repeat` runs of each step: computing every figure
(`compute_statistics`: the page, the province rolls, the campaigns), rendering the statistics
page with its charts and the CSV, drawing every campaign timeline, and rendering the whole site
(`render_site`, which includes all of these, plus the province and campaign figures' templates).
With `--build`, one full `build_project` (MkDocs included) is timed as well. With `--clusters N`,
N emulation clusters of eight published collectives each (three years: a flag, no flag, not
recorded) are added before the load, so the figures include the clusters' sections; with
`--figures-only`, only `compute_statistics` and the clusters' sections are timed (no rendering),
and the load average is printed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import REFERENCE_DATE, write_project  # noqa: E402
from generator.commands.build import build_project  # noqa: E402
from generator.model.clusterfigures import cluster_sections  # noqa: E402
from generator.model.site import build_site  # noqa: E402
from generator.model.statistics import compute_statistics, statistics_csv  # noqa: E402
from generator.pages import render  # noqa: E402
from generator.pages.renderer import PageRenderer  # noqa: E402
from generator.pages.statistics import render_statistics  # noqa: E402
from generator.templating.charts import campaign_timeline  # noqa: E402


def best_of(repeat: int, step: Callable[[], object]) -> float:
    """The shortest wall time of `repeat` runs of `step`, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - start)
    return best


def write_clusters(root: Path, collectives: list[str], count: int) -> None:
    """`count` cluster files of eight of `collectives` each: 2022 with a flag to the leader
    (every third cluster: none awarded), 2023 the same, 2024 not recorded."""
    folder = root / "clusters"
    folder.mkdir(exist_ok=True)
    for i in range(count):
        members = collectives[i * 8 % max(len(collectives) - 8, 1) :][:8]
        flags = (
            "    flags: []\n"
            if i % 3 == 0
            else "    flags:\n      - award: co-thi-dua-bo-ban-nganh-tinh\n"
            f"        member: {members[0]}\n"
        )
        years = "".join(
            f"  - year: {year}\n    leader: {members[0]}\n" + (flags if year < 2024 else "")
            for year in (2022, 2023, 2024)
        )
        (folder / f"cum-{i}.yml").write_text(
            f"slug: cum-{i}\nkind: cum\nname: Cụm thi đua số {i}\norganiser: Ban Thi đua\n"
            "level: province\nmembers:\n"
            + "".join(f"  - profile: {slug}\n" for slug in members)
            + "years:\n"
            + years,
            encoding="utf-8",
        )


def main(argv: list[str] | None = None) -> int:
    """Generate, load, time each statistics step and the whole render; print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=10_000, help="profiles (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--build", action="store_true", help="also time one full build")
    parser.add_argument("--clusters", type=int, default=0, help="emulation clusters to add")
    parser.add_argument(
        "--figures-only", action="store_true", help="time computing the figures only"
    )
    args = parser.parse_args(argv)
    today = REFERENCE_DATE

    with tempfile.TemporaryDirectory(prefix="vinhdanh-stats-") as folder:
        root = Path(folder)
        write_project(root, args.size, args.seed)
        site, report = build_site(root)
        if site is not None and args.clusters:
            collectives = [e.slug for e in site.published() if e.profile.kind == "collective"]
            write_clusters(root, collectives, args.clusters)
            site, report = build_site(root)
        if site is None or report.errors:
            print(f"the synthetic project has {len(report.errors)} errors", file=sys.stderr)
            return 1
        published = len(site.published())
        stats = compute_statistics(site, today)
        if args.figures_only:
            runs = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                compute_statistics(site, today)
                runs.append(time.perf_counter() - start)
            clusters = best_of(args.repeat, lambda: cluster_sections(site))
            print(
                f"{args.size:,} profiles ({published:,} published), {stats.awards:,} awards, "
                f"{len(site.clusters)} clusters"
            )
            print("compute_statistics (all figures): " + ", ".join(f"{t:.2f}" for t in runs))
            print(f"  best {min(runs):.2f} s, median {sorted(runs)[len(runs) // 2]:.2f} s")
            print(f"clusters' sections alone: {clusters * 1000:.1f} ms (best)")
            print(f"load average (1, 5, 15 min): {os.getloadavg()}")
            return 0
        renderer = PageRenderer(site, today)

        times = {
            "compute_statistics (all figures)": best_of(
                args.repeat, lambda: compute_statistics(site, today)
            ),
            "statistics page + charts + CSV": best_of(
                args.repeat, lambda: render_statistics(renderer)
            ),
            "CSV alone": best_of(args.repeat, lambda: statistics_csv(stats, "https://x.vn/")),
            "campaign timelines": best_of(
                args.repeat,
                lambda: [
                    campaign_timeline(slug, c, today) for slug, (c, _) in site.campaigns.items()
                ],
            ),
        }
        whole = best_of(args.repeat, lambda: render.render_site(site, today))
        ours = times["compute_statistics (all figures)"] + times["statistics page + charts + CSV"]
        print(f"{args.size:,} profiles ({published:,} published), {stats.awards:,} awards")
        print(f"CSV: {len(statistics_csv(stats, '')):,} characters")
        width = max(map(len, times)) + 2
        for name, seconds in times.items():
            print(f"{name:<{width}}{seconds * 1000:9.1f} ms")
        print(f"{'render_site (whole site, includes the above)':<{width}}{whole * 1000:9.1f} ms")
        print(f"statistics share of render_site: {ours / whole:.1%}")
        if args.build:
            start = time.perf_counter()
            result = build_project(root, today)
            seconds = time.perf_counter() - start
            print(f"full build (MkDocs included): {seconds:.1f} s, built={result.built}")
            print(f"statistics share of the full build: {ours / seconds:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
