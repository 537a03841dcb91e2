"""The growth curve: `vinhdanh build` at several roll sizes, and how each figure grows with it.

    python benchmarks/scale.py [--sizes 1000,10000,30000] [--runs 1] [--pairs 1] [--edits 3]
                               [--edit-kinds summary] [--photos-per-1000 10] [--seed 1]
                               [--project-to 100000] [--json FILE] [--keep DIR]

Issue #21 point 7. For each size a synthetic project is generated (benchmarks/synthetic.py)
and built, each command in a fresh interpreter with benchmarks/build.py's functions and a copy
of the working tree's generator/ taken at the start (edits during the run are not measured):

- first build: no cache at all, so photos and social cards are encoded;
- full build: build/, site/ and the build cache removed, the image cache kept;
- floor: plain MkDocs with Material of the build/docs tree that full build wrote, in the
  same run, so the ratio says how fast the machine was at that moment; with `--pairs N`, N
  full builds and floors alternated (full, floor, full, floor, …) in each run, so that one
  slow minute of the machine does not decide the ratio (the best of each kept);
- no change: the same command again;
- first edit (one profile's summary changed, right after the full build) and one edit (each
  of the next `--edits` in a row: an editor's session);
- with `--edit-kinds summary,award,name,new`, each further kind of edit an editor makes
  (benchmarks/build.py EDITS: an award added, an individual renamed across the name order, a
  new profile), after the summary edits: one untimed warm-up edit of that kind, then `--edits`
  timed ones, as "edit: award" and so on. A summary edit keeps every page made from many
  profiles; these make the rolls, statistics, search records, workbooks and API indexes again;

and per size it prints the best time of each, the peak of all processes (summed PSS of the
build's process tree) and of the largest single process (wait4's maximum RSS) over every
build of that size, bytes and files per profile of site/ (benchmarks/outputbudget.py), and the
1-minute load average at the start and end of every measurement. Then, for every figure, a
least-squares fit of log(value) against log(profiles): the exponent (1.0 grows as the roll
does, 2.0 with its square) and the value it projects at `--project-to` profiles, set against
issue #21's targets (every kind of edit against its 10 s); with three sizes or more, also the
exponent between neighbouring sizes and the projection by the top pair's (where a curve that
steepens shows first). `--json FILE` writes all of it, every run included, for a later
comparison. Nothing is asserted: a failed build stops the script, otherwise it exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.build import EDITS, ROOT, Run, edit_profile
from benchmarks.build import build as build  # re-exported: tests replace them here
from benchmarks.build import floor as floor
from benchmarks.build import reset as reset
from benchmarks.check import text_table
from benchmarks.outputbudget import BUDGET_BYTES, BUDGET_FILES, Breakdown, breakdown
from benchmarks.synthetic import write_project

# Issue #21's targets for a 100,000-profile roll, set against the projection.
TARGET_EDIT = 10.0  # seconds, one-edit rebuild
TARGET_NOOP = 3.0  # seconds, no-change rebuild
TARGET_RATIO = 1.15  # full build / floor, same run
TARGET_MEMORY_MIB = 8 * 1024  # all processes

# The timed builds, in the order they run and are printed; then those of `edit_name(kind)`.
TIMES = ("first build", "full build", "floor", "no change", "first edit", "one edit")


def edit_name(kind: str) -> str:
    """The figure of one kind of edit beside the summary's "one edit": "edit: award"."""
    return f"edit: {kind}"


@dataclass(frozen=True)
class Measurement:
    """One command: its run and the 1-minute load average just before and just after it."""

    run: Run
    load_start: float
    load_end: float


def _load() -> float:
    return os.getloadavg()[0]


def timed(action: Callable[[], Run]) -> Measurement:
    """Run `action` between two readings of the load average."""
    start = _load()
    result = action()
    return Measurement(result, start, _load())


@dataclass
class Size:
    """Everything measured at one roll size."""

    profiles: int
    runs: dict[str, list[Measurement]]  # by name in TIMES
    budget: Breakdown  # site/ after the last build

    def best(self, name: str) -> Measurement:
        """The fastest run of one figure."""
        return min(self.runs[name], key=lambda m: m.run.wall)

    def edits(self) -> list[str]:
        """The figures of the further kinds of edit measured ("edit: award", …), in run order."""
        return [name for name in self.runs if name not in TIMES]

    def every(self) -> list[Measurement]:
        """Every build of ours (not the floor, which is plain MkDocs)."""
        return [m for name, runs in self.runs.items() if name != "floor" for m in runs]

    def figures(self) -> dict[str, float]:
        """The figures fitted against the roll's size: seconds, MiB, bytes and files."""
        out = {name: self.best(name).run.wall for name in (*TIMES, *self.edits())}
        out["all processes MiB"] = max(m.run.pss_kib for m in self.every()) / 1024
        out["largest process MiB"] = max(m.run.peak_kib for m in self.every()) / 1024
        out["site bytes"] = float(self.budget.size)
        out["site files"] = float(self.budget.files)
        return out


def snapshot_code(into: Path) -> Path:
    """A copy of the working tree's `generator/` package in `into`, for the builds to run.

    A run lasts most of an hour: an edit to generator/ meanwhile would change the package
    digest, and every build after it would start over from nothing (session 10 saw a no-change
    build take 108 s that way). The copy measures the code as it stood when the run began.
    """
    shutil.copytree(
        ROOT / "generator", into / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    return into


def measure(
    root: Path,
    profiles: int,
    runs: int,
    edits: int,
    code: Path | None = None,
    pairs: int = 1,
    kinds: Sequence[str] = (),
) -> Size:
    """Build `root` in every way the table shows (`runs` times each but the first build; the
    full build and the floor `pairs` times a run, alternated), then, each run, every kind of
    edit in `kinds` but the summary: one warm-up and `edits` timed."""
    others = [kind for kind in kinds if kind != "summary"]
    found: dict[str, list[Measurement]] = {
        name: [] for name in (*TIMES, *(edit_name(kind) for kind in others))
    }
    reset(root)
    shutil.rmtree(root / ".vinhdanh-cache", ignore_errors=True)  # the first build: no cache
    found["first build"].append(timed(lambda: build(root, code)))
    number = 0
    for _ in range(runs):
        for _pair in range(pairs):
            # Each full build from no build cache, and its floor right after it, of its tree.
            reset(root)
            found["full build"].append(timed(lambda: build(root, code)))
            found["floor"].append(timed(lambda: floor(root, root.parent / f"floor-{profiles}")))
        found["no change"].append(timed(lambda: build(root, code)))
        for name in ["first edit"] + ["one edit"] * edits:
            number += 1
            edit_profile(root, number)
            found[name].append(timed(lambda: build(root, code)))
        for kind in others:
            # The first edit of a kind after the summaries is the first to make the listings
            # again in this session: a warm-up, as the first edit after the full build is.
            for timing in [False] + [True] * edits:
                number += 1
                EDITS[kind](root, number)
                result = timed(lambda: build(root, code))
                if timing:
                    found[edit_name(kind)].append(result)
    return Size(profiles, found, breakdown(root / "site", profiles))


@dataclass(frozen=True)
class Growth:
    """value ≈ coefficient × profiles ** exponent, fitted by least squares in log–log."""

    exponent: float
    coefficient: float
    points: int

    def at(self, profiles: float) -> float:
        """The value the fit gives at `profiles`."""
        return self.coefficient * math.pow(profiles, self.exponent)


def fit(sizes: Sequence[float], values: Sequence[float]) -> Growth | None:
    """Least-squares fit of log(value) against log(size); None without two distinct sizes."""
    pairs = [(math.log(s), math.log(v)) for s, v in zip(sizes, values, strict=True) if v > 0]
    if len({x for x, _ in pairs}) < 2:
        return None
    mean_x = sum(x for x, _ in pairs) / len(pairs)
    mean_y = sum(y for _, y in pairs) / len(pairs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in pairs) / sum(
        (x - mean_x) ** 2 for x, _ in pairs
    )
    return Growth(slope, math.exp(mean_y - slope * mean_x), len(pairs))


def _value(name: str, value: float) -> str:
    if name.endswith("MiB"):
        return f"{value:,.0f} MiB"
    if name == "site bytes":
        return f"{value / 1e6:,.0f} MB"
    if name == "site files":
        return f"{value:,.0f}"
    return f"{value:,.1f} s"


def table(sizes: list[Size]) -> list[str]:
    """The per-size table."""
    kinds = sizes[0].edits() if sizes else []
    rows = [["profiles", "first build", "full build", "floor", "ratio", "no change",
             "first edit", "one edit", *kinds, "all procs", "largest proc", "KB/profile",
             "files/profile", "site/"]]  # fmt: skip
    for size in sizes:
        f = size.figures()
        rows.append(
            [
                f"{size.profiles:,}",
                *(_value(name, f[name]) for name in TIMES[:3]),
                f"{f['full build'] / f['floor']:.2f}x",
                *(_value(name, f[name]) for name in (*TIMES[3:], *kinds)),
                _value("all processes MiB", f["all processes MiB"]),
                _value("largest process MiB", f["largest process MiB"]),
                f"{size.budget.bytes_per_profile / 1000:.1f}",
                f"{size.budget.files_per_profile:.2f}",
                f"{size.budget.size / 1e6:,.0f} MB, {size.budget.files:,} files",
            ]
        )
    return text_table(rows, right=set(range(len(rows[0])))).splitlines()


def details(size: Size) -> list[str]:
    """Every run of one size with the load average around it, and where an edit's time goes."""
    out = [
        f"{size.profiles:,} profiles, each run in seconds of wall (CPU of every process; "
        "load average at start → end):"
    ]
    for name in (*TIMES, *size.edits()):
        runs = ", ".join(
            f"{m.run.wall:.1f} (CPU {m.run.cpu:.1f}; {m.load_start:.2f} → {m.load_end:.2f})"
            for m in size.runs[name]
        )
        out.append(f"  {name}: {runs}")
    for name in ("full build", "one edit", *size.edits()):
        # `vinhdanh build --timings` prints one indented line per stage: "  name  1.23 s".
        stages = [line.split() for line in size.best(name).run.output if line.startswith("  ")]
        listed = ", ".join(f"{' '.join(p[:-2])} {p[-2]}" for p in stages if len(p) >= 3)
        out.append(f"  {name} stages (s): {listed}")
    out += ["  output " + line for line in size.budget.lines(top=6)]
    return out


def growth(sizes: list[Size], project_to: int) -> tuple[list[str], dict[str, dict[str, float]]]:
    """The fitted exponent and projection of every figure, as text and as JSON."""
    counts = [float(s.profiles) for s in sizes]
    figures = [s.figures() for s in sizes]
    # With three sizes or more, the exponent between neighbours too: where the curve bends.
    pairs = list(itertools.pairwise(sizes)) if len(sizes) > 2 else []
    rows = [
        [
            "figure",
            "exponent",
            *(f"{a.profiles:,}→{b.profiles:,}" for a, b in pairs),
            *(f"{s.profiles:,}" for s in sizes),
            f"{project_to:,} (fit)",
            *([f"{project_to:,} (last pair)"] if pairs else []),
        ]
    ]
    fitted: dict[str, dict[str, float]] = {}
    for name in figures[0]:
        values = [f[name] for f in figures]
        found = fit(counts, values)
        if found is None:
            continue
        local = [fit(counts[i : i + 2], values[i : i + 2]) for i in range(len(pairs))]
        fitted[name] = {
            "exponent": found.exponent,
            "coefficient": found.coefficient,
            "points": found.points,
            "projected": found.at(project_to),
        }
        # The top pair's exponent carried on: a curve that steepens shows here first.
        last = local[-1] if local else None
        if last is not None:
            fitted[name]["last_pair_exponent"] = last.exponent
            fitted[name]["projected_from_last_pair"] = last.at(project_to)
        rows.append(
            [
                name,
                f"{found.exponent:.2f}",
                *("-" if g is None else f"{g.exponent:.2f}" for g in local),
                *(_value(name, v) for v in values),
                _value(name, found.at(project_to)),
                *(
                    []
                    if not pairs
                    else ["-" if last is None else _value(name, last.at(project_to))]
                ),
            ]
        )
    if not fitted:
        return ["growth: not fitted (needs two sizes or more)"], fitted
    title = (
        f"growth: least squares of log(value) against log(profiles) over {len(sizes)} sizes; "
        "exponent 1.00 grows as the roll does (fixed costs flatten it below ~1,000 profiles)"
    )
    lines = [title, *text_table(rows, right=set(range(1, len(rows[0])))).splitlines()]
    largest = max(s.profiles for s in sizes)
    if project_to > largest:
        lines.append(
            f"(a projection {project_to / largest:,.0f}x past the largest size measured, not a "
            "measurement: fit from 1,000 profiles up, as fixed costs dominate smaller rolls)"
        )
    lines.append(targets(fitted, project_to))
    return lines, fitted


def targets(fitted: dict[str, dict[str, float]], project_to: int) -> str:
    """The projection set against issue #21's targets for 100,000 profiles."""

    def at(name: str) -> float:
        return fitted[name]["projected"] if name in fitted else math.nan

    # (what, projected value, limit, how the value is shown, the target as text)
    edits = ["one edit", *(name for name in fitted if name.startswith(edit_name("")))]
    checks = [
        *((name, at(name), TARGET_EDIT, "{:.1f} s", f"< {TARGET_EDIT:.0f} s") for name in edits),
        ("no change", at("no change"), TARGET_NOOP, "{:.1f} s", f"< {TARGET_NOOP:.0f} s"),
        ("full/floor", at("full build") / at("floor"), TARGET_RATIO, "{:.2f}x", "≤ 1.15x"),
        ("all processes", at("all processes MiB"), TARGET_MEMORY_MIB, "{:,.0f} MiB", "< 8 GiB"),
        ("site", at("site bytes") / project_to, BUDGET_BYTES, "{:,.0f} B/profile", "≤ 50 KB"),
        ("site", at("site files") / project_to, BUDGET_FILES, "{:.2f} files/profile", "≤ 4"),
    ]
    parts = []
    for name, value, limit, shown, target in checks:
        verdict = "?" if math.isnan(value) else "within" if value <= limit else "OVER"
        parts.append(f"{name} {shown.format(value)} ({target}: {verdict})")
    return f"projected at {project_to:,} against issue #21's targets: " + "; ".join(parts)


def _commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return result.stdout.strip() if result.returncode == 0 else ""


def as_json(
    sizes: list[Size], fitted: dict[str, dict[str, float]], settings: dict[str, Any]
) -> dict[str, Any]:
    """Everything measured, every run with its load average and memory, for a later comparison."""
    return {
        "settings": settings,
        "sizes": [
            {
                "profiles": s.profiles,
                "figures": s.figures(),
                "ratio": s.best("full build").run.wall / s.best("floor").run.wall,
                "bytes_per_profile": s.budget.bytes_per_profile,
                "files_per_profile": s.budget.files_per_profile,
                "by_kind": dict(s.budget.by_kind),
                "files_by_kind": dict(s.budget.files_by_kind),
                "runs": {
                    name: [
                        {
                            "seconds": m.run.wall,
                            "cpu_seconds": m.run.cpu,
                            "all_processes_kib": m.run.pss_kib,
                            "largest_process_kib": m.run.peak_kib,
                            "load_start": m.load_start,
                            "load_end": m.load_end,
                        }
                        for m in runs
                    ]
                    for name, runs in s.runs.items()
                },
            }
            for s in sizes
        ],
        "growth": fitted,
    }


def main(argv: list[str] | None = None) -> int:
    """Generate and build every size, print the table, the details and the fitted growth."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000,10000,30000", help="comma-separated counts")
    parser.add_argument("--runs", type=int, default=1, help="runs per size (best is kept)")
    parser.add_argument(
        "--pairs", type=int, default=1, help="full build and floor alternated, pairs per run"
    )
    parser.add_argument("--edits", type=int, default=3, help="one-edit rebuilds in a row per run")
    parser.add_argument(
        "--edit-kinds",
        default="summary",
        help=f"kinds of edit measured, comma-separated, of {','.join(EDITS)} (default summary)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--photos-per-1000", type=int, default=10)
    parser.add_argument("--project-to", type=int, default=100_000)
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args(argv)
    counts = sorted({int(s.strip().replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    runs, edits, pairs = max(1, args.runs), max(1, args.edits), max(1, args.pairs)
    # The summary is always measured: "first edit" and "one edit" keep their meaning.
    kinds = ["summary"]
    for kind in (k.strip() for k in args.edit_kinds.split(",")):
        if kind and kind not in EDITS:
            parser.error(f"--edit-kinds: {kind!r} is not one of {', '.join(EDITS)}")
        if kind and kind not in kinds:
            kinds.append(kind)

    start_load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average at start: {start_load} ({os.cpu_count()} cores)")
    sizes: list[Size] = []
    with tempfile.TemporaryDirectory(prefix="vinhdanh-scale-") as tmp:
        # Absolute: the builds run with the repository as their working directory.
        base = (args.keep or Path(tmp)).resolve()
        code = snapshot_code(Path(tmp) / "code")
        for n in counts:
            root = base / f"project-{n}"
            shutil.rmtree(root, ignore_errors=True)
            write_project(root, n, seed=args.seed, photos=n * args.photos_per_1000 // 1000)
            sizes.append(measure(root, n, runs, edits, code, pairs, kinds))
            print(f"measured {n:,} profiles (load average {_load():.2f})", file=sys.stderr)

    lines = table(sizes)
    for size in sizes:
        lines += details(size)
    fitted_lines, fitted = growth(sizes, args.project_to)
    lines += fitted_lines
    end_load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    lines.append(f"load average at end: {end_load}")
    print("\n".join(lines))
    if args.json:
        settings = {
            "sizes": counts,
            "runs": runs,
            "pairs": pairs,
            "edits": edits,
            "edit_kinds": kinds,
            "seed": args.seed,
            "photos_per_1000": args.photos_per_1000,
            "project_to": args.project_to,
            "commit": _commit(),  # the working tree's generator/ was copied at the start
            "cores": os.cpu_count(),
            "load_start": start_load,
            "load_end": end_load,
            "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        document = as_json(sizes, fitted, settings)
        args.json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
