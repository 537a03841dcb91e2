"""Where one edit's build spends its time, in every process, sampled (not traced) by py-spy.

    PYTHONPATH=SNAPSHOT python benchmarks/sampled.py PROJECT [--edit award] [--number 1]

Makes one edit of `benchmarks.build.EDITS` in PROJECT (built before by the same code: copy a
kept project first), then runs `vinhdanh build --timings` under `py-spy record --subprocesses`
(py-spy is not a dependency: `pip install py-spy` into any environment, or `--py-spy PATH`).
Prints the build's timings, then per process (the build's, each child it forked or spawned)
its sampled seconds, the functions its time was spent in (inclusive) and the lines where it
was spent (self).

Why a sampler: cProfile traces every call, so it charges code of many small calls 3-10x what
it costs (issue #21, sessions 21-22: the rolls of an award edit at 10,000 were 3.6 s under
cProfile, 0.3 s timed without it), and a profile of the build's process misses its children,
where most of an edit's CPU is. A sample counts a thread that is running or waiting for a
core: on a loaded machine the seconds are nearer wall than CPU, the shares within a process
still hold. The interpreter's path is given to py-spy itself (a pyenv shim is a shell script
it cannot follow).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks.build import EDITS

_LINE = re.compile(r":\d+\)$")


def _frames(stack: str) -> list[str]:
    """A sample's frames, outermost first: a process frame (`process N:"command"`) whole, though
    its command may hold the separator."""
    frames: list[str] = []
    pieces = iter(stack.split(";"))
    for piece in pieces:
        frame = piece
        if piece.startswith("process ") and not piece.endswith('"'):
            for more in pieces:
                frame += ";" + more
                if more.endswith('"'):
                    break
        frames.append(frame)
    return frames


def summarise(raw: str, rate: int, top: int) -> list[str]:
    """The report of py-spy's raw (collapsed stacks) output: per process, inclusive and self."""
    spent: Counter[str] = Counter()
    inclusive: defaultdict[str, Counter[str]] = defaultdict(Counter)
    own: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for line in raw.splitlines():
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack:
            continue
        samples, frames = int(count), _frames(stack)
        # The innermost "process N:..." frame names the process (a child's stack starts with
        # its parents'); the build's own process has only the root one.
        marks = [i for i, frame in enumerate(frames) if frame.startswith("process ")]
        at = marks[-1] if len(marks) > 1 else 0
        process = "build" if at == 0 else frames[at].split(":", 1)[0]
        spent[process] += samples
        seen: set[str] = set()
        for frame in frames[at + 1 :]:
            name = _LINE.sub(")", frame)
            if name not in seen:  # a recursive function counted once a sample
                seen.add(name)
                inclusive[process][name] += samples
        own[process][frames[-1]] += samples
    lines: list[str] = []
    for process, samples in spent.most_common():
        lines.append(f"== {process}: {samples / rate:.2f} s sampled")
        # Not the frames every sample of the process passes through (the command's, main's).
        below = [(name, n) for name, n in inclusive[process].most_common() if n < samples * 0.98]
        lines += [f"  {n / rate:7.2f}  {name}" for name, n in below[:top]]
        lines.append("  -- self")
        lines += [f"  {n / rate:7.2f}  {name}" for name, n in own[process].most_common(top)]
    return lines


def main() -> None:
    """Make the edit, sample the build, print its timings and the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--edit", choices=[*EDITS, "none"], default="award")
    parser.add_argument("--number", type=int, default=1, help="the edit's number (EDITS)")
    parser.add_argument("--rate", type=int, default=200, help="samples a second")
    parser.add_argument("--top", type=int, default=30, help="functions listed per process")
    parser.add_argument("--py-spy", default=shutil.which("py-spy") or "py-spy")
    parser.add_argument("--raw", type=Path, help="also keep py-spy's raw samples there")
    args = parser.parse_args()
    root = args.project.resolve()
    if args.edit != "none":
        print(f"edited: {EDITS[args.edit](root, args.number)}")
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    env.setdefault("LANG", "C.UTF-8")
    env.setdefault("TZ", "UTC")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "samples.txt"
        code = "from generator.cli import main; main()"
        command = [args.py_spy, "record", "--subprocesses", "--nonblocking", "-r", str(args.rate)]
        command += ["-f", "raw", "-o", str(out), "--", os.path.realpath(sys.executable), "-c"]
        command += [code, "build", "--root", str(root), "--timings"]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        print("\n".join(line for line in done.stdout.splitlines() if line.startswith("  ")))
        if done.returncode or not out.exists():
            sys.exit(f"py-spy or the build failed ({done.returncode}):\n{done.stderr[-3000:]}")
        raw = out.read_text(encoding="utf-8")
        if args.raw is not None:  # for a look at callers, which the summary does not give
            args.raw.write_text(raw, encoding="utf-8")
    print(f"load average {os.getloadavg()[0]:.2f}")
    print("\n".join(summarise(raw, args.rate, args.top)))


if __name__ == "__main__":
    main()
