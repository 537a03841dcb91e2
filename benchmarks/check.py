"""Benchmark `vinhdanh check` on synthetic projects: wall time, peak memory, profiles per second.

    python benchmarks/check.py [--sizes 1000,10000] [--seed 1] [--profile 25]

Projects are generated first (not timed) into a temporary folder. Each check then runs in a
fresh interpreter, as a user would run it, so the figures include start-up and imports; peak
memory is that child's own maximum resident set size (from wait4). Finally the largest project
is checked once in this process with the stages timed separately.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import inspect
import io
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHECK = "from generator.cli import main; main()"
TARGET_SECONDS = 15.0  # the target for 10,000 profiles on a 2-core machine
TARGET_SIZE = 10_000


@dataclass(frozen=True)
class Run:
    """One `vinhdanh check` in a child process."""

    wall: float
    peak_kib: int
    status: int
    output: list[str]

    @property
    def summary(self) -> str:
        """The summary line the command prints last."""
        return self.output[-1] if self.output else ""


def run_check(root: Path) -> Run:
    """Run `vinhdanh check` on `root` in a new interpreter; time it and take its peak RSS."""
    command = [sys.executable, "-c", CHECK, "check", "--root", str(root), "--lang", "en"]
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        # wait4 gives this child's own rusage; RUSAGE_CHILDREN would be the maximum over every
        # child so far, hiding a smaller run behind a larger one.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace").strip().splitlines()
    return Run(wall, usage.ru_maxrss, proc.returncode, output)


def startup_time(repeat: int = 3) -> float:
    """Best time to start Python and import the command, to tell fixed cost from work."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import generator.cli"], check=True, cwd=ROOT)
        best = min(best, time.perf_counter() - start)
    return best


def default_runs(n: int) -> int:
    """Best of 3 for small projects; 2 runs for large ones, where one run costs seconds."""
    return 3 if n <= 1_000 else 2


def text_table(rows: list[list[str]], right: set[int]) -> str:
    """Rows as aligned columns (`right`: right-aligned column indexes), header underlined."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for k, row in enumerate(rows):
        cells = [
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


@contextmanager
def _timed(
    module: Any, name: str, totals: dict[str, float], label: str | None = None
) -> Iterator[None]:
    """Replace `module.name` by a wrapper that adds its run time to totals[label or name]; a
    generator's (`sourcefiles.iter_sources`) is run whole inside it."""
    original: Callable[..., Any] = getattr(module, name)
    key = label or name

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            found = original(*args, **kwargs)
            return iter(list(found)) if inspect.isgenerator(found) else found
        finally:
            totals[key] = totals.get(key, 0.0) + time.perf_counter() - start

    setattr(module, name, wrapper)
    try:
        yield
    finally:
        setattr(module, name, original)


def breakdown(root: Path) -> dict[str, float]:
    """Check `root` in this process; seconds spent per stage of `build_site`."""
    from generator.model import clusterchecks, decisionchecks, site, sourcefiles
    from generator.reference import adminunits, taxonomy

    # Each stage is timed under its name in every model module that calls it.
    modules = (site, sourcefiles, decisionchecks, clusterchecks)

    # The generator loaded both tables already; a real run pays for them, so clear the caches.
    taxonomy.load_taxonomy.cache_clear()
    adminunits.load_admin_units.cache_clear()
    totals: dict[str, float] = {}
    setup_stages = ("load_config", "load_taxonomy", "load_admin_units")
    with ExitStack() as stack:
        for name in (*setup_stages, "load_documents", "validate_document"):
            callers = [module for module in modules if hasattr(module, name)]
            for module in callers:
                stack.enter_context(_timed(module, name, totals))
            if not callers:  # a refactored model gives a partial breakdown, not a crash
                print(f"note: no model module calls {name}; breakdown is partial", file=sys.stderr)
        # The profiles' sources are read as they are walked (`iter_sources`): loading too.
        stack.enter_context(_timed(site, "iter_sources", totals, "load_documents"))
        start = time.perf_counter()
        _, report = site.build_site(root)
        total = time.perf_counter() - start
    # validate_document also runs once inside load_config (site_config.yml): negligible.
    setup = sum(totals.get(name, 0.0) for name in setup_stages)
    loading = totals.get("load_documents", 0.0)
    schema = totals.get("validate_document", 0.0)
    return {
        "setup": setup,
        "load YAML": loading,
        "schema validation": schema,
        "cross-references": total - setup - loading - schema,
        "total": total,
        "problems": float(len(report.problems)),
    }


def profile(root: Path, top: int) -> str:
    """cProfile of one in-process check, the `top` functions by cumulative time."""
    from generator.model.site import build_site
    from generator.reference import adminunits, taxonomy

    taxonomy.load_taxonomy.cache_clear()
    adminunits.load_admin_units.cache_clear()
    profiler = cProfile.Profile()
    profiler.enable()
    build_site(root)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Generate, check and report; exit 1 if a check failed or the target was missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated profile counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=0, help="runs per size (default 3 or 2)")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="print the top N functions by cumtime"
    )
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    if str(ROOT) not in sys.path:  # run as a script: make `benchmarks` importable
        sys.path.insert(0, str(ROOT))
    from benchmarks.synthetic import write_project

    with tempfile.TemporaryDirectory(prefix="vinhdanh-bench-") as tmp:
        base = args.keep or Path(tmp)
        projects: dict[int, Path] = {}
        generated: dict[int, float] = {}
        for n in sizes:
            root = base / f"project-{n}"
            start = time.perf_counter()
            write_project(root, n, seed=args.seed)
            generated[n] = time.perf_counter() - start
            projects[n] = root

        startup = startup_time()
        rows = [["N", "generate", "runs", "wall (best)", "all runs", "peak RSS", "profiles/s",
                 "exit", "summary"]]  # fmt: skip
        failed = False
        results: dict[int, float] = {}
        for n in sizes:
            runs = [run_check(projects[n]) for _ in range(args.runs or default_runs(n))]
            best = min(runs, key=lambda r: r.wall)
            peak = max(r.peak_kib for r in runs)
            results[n] = best.wall
            status = max(r.status for r in runs)
            failed = failed or status != 0
            rows.append(
                [
                    f"{n:,}",
                    f"{generated[n]:.2f} s",
                    str(len(runs)),
                    f"{best.wall:.2f} s",
                    " / ".join(f"{r.wall:.2f}" for r in runs),
                    f"{peak / 1024:.0f} MiB",
                    f"{n / best.wall:,.0f}",
                    str(status),
                    best.summary,
                ]
            )
            if status != 0:
                print("\n".join(best.output[:20]), file=sys.stderr)
        print(text_table(rows, right={0, 1, 2, 3, 5, 6, 7}))
        print(f"start-up (python + import generator.cli): {startup:.2f} s, included above")

        largest = max(sizes)
        stages = breakdown(projects[largest])
        parts = [f"{name} {stages[name]:.2f} s" for name in
                 ("setup", "load YAML", "schema validation", "cross-references")]  # fmt: skip
        print(
            f"in-process breakdown for {largest:,}: " + " · ".join(parts)
            + f" · total {stages['total']:.2f} s ({stages['problems']:.0f} problems)"
        )  # fmt: skip
        if largest >= TARGET_SIZE:
            ok = results[largest] <= TARGET_SECONDS * largest / TARGET_SIZE
            verdict = "met" if ok else "MISSED"
            print(f"target {TARGET_SECONDS:.0f} s per {TARGET_SIZE:,} profiles: {verdict}")
            failed = failed or not ok
        if args.profile:
            print(profile(projects[largest], args.profile))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
