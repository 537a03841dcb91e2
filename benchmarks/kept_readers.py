"""Which code reads the unpickled fields of kept entries in an edit build, in which process.

    PYTHONPATH=SNAPSHOT python benchmarks/kept_readers.py PROJECT [--edit summary] [--number 1]

Makes one edit of `benchmarks.build.EDITS` in PROJECT (built before, by the same code: copy a
kept project first), then builds it in this process with `KeptEntry` watched: a kept entry is
filled as before (the roll unpickled at the first read) but stays a `KeptEntry`, so that
every later read of its profile, locality, awards, photos or practice still comes through it.
Prints, per process (the build's, then each child it forked) and per field and two callers,
how many entries were read: every reader that forces the roll's unpickling (issue #21). A
no-change build (`--edit none`) reads none. Each line also says how many of the roll's blocks
(model.checkcache) those entries are in: what the reader would unpickle once the others read
rows. Then, per process, the pickles of kept profiles it unpickled, the profiles they held and
their CPU.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType
from typing import Any

from benchmarks.build import EDITS
from generator.commands.reuse import PROFILES_FILE
from generator.incremental.buildcache import BuildCache
from generator.model import checkcache, checkrows, profilepickle
from generator.model.checkrows import KeptEntry, Made

# Frames of these files are the entry's own properties: the reader is the first caller past them.
_OWN = ("generator/model/checkrows.py",)


def _reader(depth: int = 2) -> str:
    """The first `depth` callers outside KeptEntry, innermost first."""
    frame: FrameType | None = sys._getframe(2)
    found: list[str] = []
    while frame is not None and len(found) < depth:
        name = frame.f_code.co_filename
        if not name.endswith(_OWN):
            short = name.rsplit("/generator/", 1)[-1].rsplit("/site-packages/", 1)[-1]
            found.append(f"{short}:{frame.f_code.co_name}:{frame.f_lineno}")
        frame = frame.f_back
    return " <- ".join(found)


def watch(log_dir: Path) -> None:
    """Log each (process, field, reader, entry) once to a file per process in `log_dir`."""
    seen: set[tuple[int, str, str, int]] = set()  # a child starts with its parent's
    logs: dict[int, Any] = {}

    def kept(self: KeptEntry, name: str) -> Any:
        state = self.__dict__
        if "_fill" in state:
            state["_fill"](self)
        reader, pid = _reader(), os.getpid()
        if (pid, name, reader, id(self)) not in seen:
            seen.add((pid, name, reader, id(self)))
            log = logs.get(pid)
            if log is None:  # a forked child: its own file (it ends by os._exit)
                log = logs[pid] = open(log_dir / f"{pid}.log", "a", encoding="utf-8")  # noqa: SIM115
            log.write(f"{name}\t{reader}\t{self.relpath}\n")
            log.flush()
        return state[name]

    def filled(self: KeptEntry, made: Made) -> None:
        state = self.__dict__
        del state["_fill"]
        state["profile"], state["locality"], state["awards"], state["photos"] = made[:4]
        state["practice"] = made[4]

    checkrows.KeptEntry._kept = kept  # type: ignore[method-assign]
    checkrows.KeptEntry.filled = filled  # type: ignore[method-assign]
    real_loads = profilepickle.loads

    def loads(data: bytes, *args: Any) -> Any:
        start = time.process_time()
        found = real_loads(data, *args)
        spent = time.process_time() - start
        with open(log_dir / f"{os.getpid()}.pickles", "a", encoding="utf-8") as log:
            log.write(f"{len(found[0]) if isinstance(found[0], dict) else 0}\t{spent}\n")
        return found

    profilepickle.loads = loads  # type: ignore[assignment]


def report(log_dir: Path, parent: int, blocks: dict[str, int] | None = None) -> list[str]:
    """One line per process, field and reader: entries read, most first, and the blocks
    they are in (`blocks`: each folder's count of blocks, as saved; "-" without)."""
    lines: list[str] = []
    for path in sorted(log_dir.glob("*.log"), key=lambda p: (int(p.stem) != parent, p.stem)):
        who = "build" if int(path.stem) == parent else f"child {path.stem}"
        read: dict[tuple[str, str], list[str]] = {}
        for line in path.read_text("utf-8").splitlines():
            field, reader, relpath = line.split("\t")
            read.setdefault((field, reader), []).append(relpath)
        for (field, reader), relpaths in sorted(read.items(), key=lambda i: (-len(i[1]), i[0])):
            found = {checkcache._block_of(r, blocks) for r in relpaths} if blocks else None
            count, held = f"{len(relpaths):,}", f"{len(found):,}" if found else "-"
            lines.append(f"{who:12} {count:>7} {held:>5} {field:9} {reader}")
    for path in sorted(log_dir.glob("*.pickles"), key=lambda p: (int(p.stem) != parent, p.stem)):
        who = "build" if int(path.stem) == parent else f"child {path.stem}"
        rows = [line.split("\t") for line in path.read_text("utf-8").splitlines()]
        profiles, cpu = sum(int(r[0]) for r in rows), sum(float(r[1]) for r in rows)
        lines.append(
            f"{who:12} unpickled {len(rows):,} pickles, {profiles:,} profiles, {cpu:.3f} s"
        )
    return lines


def main() -> None:
    """Edit, build in process with the entries watched, print the readers."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--edit", choices=[*EDITS, "none"], default="summary")
    parser.add_argument("--number", type=int, default=1, help="the edit's number (EDITS)")
    args = parser.parse_args()
    if args.edit != "none":
        print("edited", EDITS[args.edit](args.project, args.number))
    from generator.cli import cli

    with tempfile.TemporaryDirectory() as folder:
        log_dir = Path(folder)
        watch(log_dir)
        parent = os.getpid()
        cli(["build", "--root", str(args.project), "--lang", "en"], standalone_mode=False)
        saved = checkcache.load_profiles(BuildCache(args.project), PROFILES_FILE)  # "counts"
        counts: dict[str, int] = saved.get("counts") or {}  # none before the blocks
        print("entries, blocks, field, reader (two callers)")
        print("\n".join(report(log_dir, parent, counts)) or "no kept entry was read")


if __name__ == "__main__":
    main()
