"""One-edit and no-change rebuilds of two versions of vinhdanh on the same project, alternating.

    python benchmarks/edit_compare.py [--baseline 20ebdb9] [--candidate HEAD] [--size 10000]
                                      [--edits 6] [--noop 3] [--work DIR] [--english]
                                      [--kind summary]

A refactor's "no worse" needs both versions measured in the same run on the same input: this
machine's speed varies by half from one hour to the next. Each version is a `git archive` of
its commit, run from its own folder (the import of `generator` is asserted to come from it).
One synthetic project (benchmarks/synthetic.py, made by the candidate) is copied for each; both
get a first build and a warm-up edit, then `--edits` one-edit rebuilds in alternating order
(the one who goes first changes every round) and `--noop` no-change builds each. Printed per
run: wall time, the summed PSS of every process (benchmarks.build's sampler) and the load
average; then best, median and worst per version. Keep `--work` to measure again without the
first builds. `--english` turns the English edition on in the project's site_config.yml
(issue #22's one-edit figure is with it on). `--kind` is the edit made (benchmarks/build.py
EDITS): `summary` (the default) keeps every page made from many profiles; `award`, `name` and
`new` make them again, as most of an editor's edits do.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.build import EDITS, _stages, run, set_english

ROOT = Path(__file__).resolve().parent.parent


def _load() -> str:
    with open("/proc/loadavg", encoding="ascii") as handle:
        return handle.read().split()[0]


def _archive(commit: str, into: Path) -> Path:
    """`git archive` of `commit` extracted in `into` (kept if already there)."""
    if not (into / "generator").is_dir():
        into.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", commit], cwd=ROOT, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def build(tree: Path, project: Path) -> tuple[float, int, str]:
    """`vinhdanh build --timings` of `project` with the code of `tree`: wall seconds, peak PSS
    in KiB and the stages."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(PYTHONPATH=str(tree), LANG="C.UTF-8", TZ="UTC")
    code = (
        "import generator; "
        f"assert generator.__file__.startswith({str(tree)!r}), generator.__file__; "
        "from generator.cli import main; main()"
    )
    command = [sys.executable, "-c", code, "build", "--root", str(project), "--timings"]
    result = run(command, env=env, cwd=tree)
    if result.status:
        print("\n".join(result.output[-40:]), file=sys.stderr)
        raise SystemExit(f"the build with {tree} failed")
    return result.wall, result.pss_kib, _stages(result)


def _median(values: list[float]) -> float:
    # Not `statistics.median`: run as a script, benchmarks/statistics.py shadows the module.
    ordered, middle = sorted(values), len(values) // 2
    return ordered[middle] if len(values) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _spread(values: list[float]) -> str:
    return f"best {min(values):.2f} median {_median(values):.2f} worst {max(values):.2f}"


def main(argv: list[str] | None = None) -> int:
    """Build both versions side by side and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--baseline", default="20ebdb9")
    parser.add_argument("--candidate", default="HEAD")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=6)
    parser.add_argument("--noop", type=int, default=3)
    parser.add_argument("--work", type=Path, help="folder kept between runs")
    parser.add_argument("--english", action="store_true", help="the English edition on")
    parser.add_argument("--kind", choices=list(EDITS), default="summary", help="the edit made")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="vd-edit-compare-"))
    trees = {
        "baseline": _archive(args.baseline, work / "baseline"),
        "candidate": _archive(args.candidate, work / "candidate"),
    }
    generated = work / f"project-{args.size}"
    if not generated.exists():
        sys.path.insert(0, str(trees["candidate"]))
        from benchmarks.synthetic import write_project

        write_project(generated, args.size, seed=1, photos=args.size * 10 // 1000)
        if args.english:
            set_english(generated, True)
    projects = {}
    for name in trees:
        projects[name] = work / f"project-{args.size}-{name}"
        if not projects[name].exists():
            shutil.copytree(generated, projects[name])
    for name, tree in trees.items():
        wall, pss, _ = build(tree, projects[name])
        print(f"first build {name}: {wall:.1f} s, all procs {pss // 1024} MiB, load {_load()}")
    for name, tree in trees.items():
        EDITS[args.kind](projects[name], 0)
        wall, _, _ = build(tree, projects[name])
        print(f"warm-up edit {name}: {wall:.1f} s, load {_load()}", flush=True)
    edits: dict[str, list[float]] = {name: [] for name in trees}
    noops: dict[str, list[float]] = {name: [] for name in trees}
    order = list(trees)
    for number in range(1, args.edits + 1):
        for name in order if number % 2 else order[::-1]:
            EDITS[args.kind](projects[name], number)
            wall, pss, stages = build(trees[name], projects[name])
            edits[name].append(wall)
            print(
                f"edit {number} {name}: {wall:.2f} s, all procs {pss // 1024} MiB, load {_load()}",
                flush=True,
            )
            print(f"  stages: {stages}", flush=True)
    for _ in range(args.noop):
        for name in order:
            wall, _, _ = build(trees[name], projects[name])
            noops[name].append(wall)
            print(f"no change {name}: {wall:.2f} s, load {_load()}", flush=True)
    for name in order:
        line = f"{name} ({getattr(args, name)}): one edit ({args.kind}) {_spread(edits[name])}"
        if noops[name]:
            line += f"; no change {_spread(noops[name])}"
        print(line)
    print(f"work folder: {work}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
