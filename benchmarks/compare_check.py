"""`vinhdanh check` of one synthetic project by two source trees, side by side in one run.

    git worktree add /tmp/base <commit>
    python benchmarks/compare_check.py --baseline /tmp/base [--size 10000] [--runs 3]

The machine's speed varies by half from one minute to the next, so the two trees are run
alternately on the same project (written by the baseline's own generator) and every wall time
is printed, not a mean. Each child runs outside both checkouts, so PYTHONPATH decides which
`generator` it imports (printed first).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def check_once(tree: Path, project: Path) -> tuple[float, str]:
    """Wall time of one `vinhdanh check` run with `tree` on the import path, and its summary."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    code = "from generator.cli import main; main()"
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, "check", "--root", str(project)],
        env=env,
        # Not this checkout: `python -c` puts the working folder before PYTHONPATH.
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    return time.perf_counter() - started, lines[-1] if lines else done.stderr[-200:]


def source_of(tree: Path) -> str:
    """Where a child started as `check_once` starts it imports the generator from."""
    code = "import generator; print(generator.__file__)"
    env = dict(os.environ, PYTHONPATH=str(tree))
    found = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tempfile.gettempdir(), capture_output=True
    )
    return found.stdout.decode().strip()


def main() -> None:
    """Generate the project, then alternate the baseline and this tree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="the other source tree")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        # The baseline's own generator: its files are what both trees must read (a newer
        # generator may write fields the baseline does not know).
        code = (
            "import sys; from pathlib import Path; from benchmarks.synthetic import write_project; "
            f"write_project(Path(sys.argv[1]), {args.size}, seed=1)"
        )
        subprocess.run(
            [sys.executable, "-c", code, str(project)],
            env=dict(os.environ, PYTHONPATH=str(args.baseline)),
            cwd=tempfile.gettempdir(),
            check=True,
        )
        for name, tree in (("baseline", args.baseline), ("this tree", ROOT)):
            print(f"{name:9} imports {source_of(tree)}")
        for _ in range(args.runs):
            for name, tree in (("baseline", args.baseline), ("this tree", ROOT)):
                wall, summary = check_once(tree, project)
                print(f"{name:9} {wall:6.2f} s  {summary}", flush=True)


if __name__ == "__main__":
    main()
