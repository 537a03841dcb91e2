"""Memory of one `vinhdanh build`, per process: where the peak is and which process holds what.

    python benchmarks/memory.py PROJECT [--code DIR] [--clean] [--repeat 1] [--every S] [--timings]

Runs `vinhdanh build --clean` (with `--clean`) of PROJECT in a new interpreter that imports
the generator from `--code` (default: this tree; another checkout, e.g. a `git archive` of an
older commit, to compare), and samples every 0.1 s the PSS of each process of the build (the
build, its forked children, the MkDocs interpreter, Pagefind) from /proc/<pid>/smaps_rollup, as
`benchmarks/build.py` does for its "all procs" figure. It prints the peak of the sum, the
moment it was reached and each process's share then, and each process's own largest PSS with
when it started (a child's start tells which it is: the open data forks at the render phase,
MkDocs and Pagefind start after it). With `--every S`, also each process's PSS every S
seconds, to see which phase the peak falls in. Linux only (/proc). docs/performance.md, "Memory".
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.build import _children

ROOT = Path(__file__).resolve().parent.parent
BUILD = "from generator.cli import main; main()"


@dataclass
class Process:
    """What was seen of one process of the build."""

    pid: int
    name: str
    started: float  # seconds after the build started, when first seen
    peak_kib: int = 0
    peak_at: float = 0.0


@dataclass
class Sampled:
    """One build's memory, sampled."""

    wall: float
    status: int
    peak_kib: int = 0  # the largest sum of PSS over the build's processes
    peak_at: float = 0.0
    at_peak: dict[int, int] = field(default_factory=dict)  # pid -> PSS (KiB) at that moment
    processes: dict[int, Process] = field(default_factory=dict)
    output: str = ""
    series: list[tuple[float, dict[int, int]]] = field(default_factory=list)  # (when, pid -> PSS)


def _pss_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            argv = handle.read().split(b"\0")
    except OSError:
        return "?"
    program = Path(argv[0].decode(errors="replace")).name
    # The MkDocs interpreter is `python -c <its start-up code> <fd>`: the code names it.
    if len(argv) > 2 and b"_run_spawned" in argv[2]:
        return f"{program} (new interpreter)"
    return program


def sample_build(project: Path, code: Path, clean: bool, every: float = 0.0) -> Sampled:
    """Build `project` with the generator of `code`, sampling every process's PSS (and
    keeping the samples every `every` seconds in `series`)."""
    command = [sys.executable, "-c", BUILD, "build", "--root", str(project), "--timings"]
    if clean:
        command.append("--clean")
    env = {**os.environ, "PYTHONPATH": str(code)}
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=code, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    sampled = Sampled(0.0, 0)
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            now = round(time.perf_counter() - started, 1)
            tree, stack, children = {}, [proc.pid], _children()
            while stack:
                pid = stack.pop()
                stack += children.get(pid, [])
                pss = _pss_kib(pid)
                if pss is None:
                    continue
                tree[pid] = pss
                seen = sampled.processes.setdefault(pid, Process(pid, _name(pid), now))
                if pss > seen.peak_kib:  # named again: a forked child may exec (Pagefind)
                    seen.peak_kib, seen.peak_at, seen.name = pss, now, _name(pid)
            if every and (not sampled.series or now - sampled.series[-1][0] >= every):
                sampled.series.append((now, tree))
            if sum(tree.values()) > sampled.peak_kib:
                sampled.peak_kib, sampled.peak_at, sampled.at_peak = sum(tree.values()), now, tree

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    sampled.wall = time.perf_counter() - started
    done.set()
    sampler.join()
    sampled.status = proc.returncode
    sampled.output = out.decode("utf-8", "replace")
    return sampled


def _mib(kib: int) -> str:
    return f"{kib / 1024:,.0f} MiB"


def report(sampled: Sampled, label: str) -> str:
    """The figures of one sampled build, as text."""
    lines = [
        f"{label}: {sampled.wall:.1f} s, exit {sampled.status}; all processes, peak "
        f"{_mib(sampled.peak_kib)} at {sampled.peak_at:.1f} s:"
    ]
    for pid, pss in sorted(sampled.at_peak.items(), key=lambda item: -item[1]):
        seen = sampled.processes[pid]
        lines.append(f"  {seen.name} (from {seen.started:.1f} s): {_mib(pss)}")
    lines.append("  each process's own peak:")
    for seen in sorted(sampled.processes.values(), key=lambda p: p.started):
        lines.append(
            f"  {seen.name} (from {seen.started:.1f} s): {_mib(seen.peak_kib)}"
            f" at {seen.peak_at:.1f} s"
        )
    if sampled.series:
        order = sorted(sampled.processes.values(), key=lambda p: p.started)
        lines.append(
            "  over time (MiB): all, then each process by start: "
            + ", ".join(f"{p.name} from {p.started:.1f} s" for p in order)
        )
        for when, tree in sampled.series:
            each = " ".join(f"{tree.get(p.pid, 0) / 1024:5.0f}" for p in order)
            lines.append(f"  {when:6.1f} s {sum(tree.values()) / 1024:6.0f}  {each}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Sample `--repeat` builds of the project and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--code", type=Path, default=ROOT, help="the tree whose generator runs")
    parser.add_argument("--clean", action="store_true", help="a full build (nothing reused)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--every", type=float, default=0.0, help="print PSS every S seconds")
    parser.add_argument("--timings", action="store_true", help="print the build's --timings")
    args = parser.parse_args(argv)
    if not Path("/proc/self/smaps_rollup").exists():
        print("needs Linux /proc/<pid>/smaps_rollup", file=sys.stderr)
        return 2
    code = args.code.absolute()
    for run in range(args.repeat):
        sampled = sample_build(args.project.absolute(), code, args.clean, args.every)
        if sampled.status != 0:
            print(sampled.output[-3000:], file=sys.stderr)
            return 1
        print(report(sampled, f"{code} run {run + 1}, load {os.getloadavg()[0]:.1f}"))
        if args.timings:  # the lines `--timings` adds, indented under the build's summary
            print("\n".join(line for line in sampled.output.splitlines() if line[:2] == "  "))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
