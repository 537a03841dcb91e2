"""CPU time of an edit build's check with the caches the last build kept, in-process.

    PYTHONPATH=SNAPSHOT python benchmarks/check_cache.py PROJECT [--runs 5]

Digests the project's inputs as a build does first (so the check takes each source's digest
back instead of stat'ing it), runs `build_site` once with empty caches (the parses, photo
headers, the profiles' checks and validated profiles: generator.model.checkcache), passes what
it kept through marshal as a build saves it, then `--runs` times with those caches, as the
check of a build after an edit that changed no profile, and prints the CPU seconds (best,
median, worst), the best per profile, and the collector's time in the best run, with the
code's path. CPU time, not wall time: the machine is shared. Run it with each snapshot
(`git archive`) in turn, alternating, to compare two versions.
"""

from __future__ import annotations

import argparse
import gc
import marshal
import sys
import time
from pathlib import Path
from typing import Any

import generator
from generator.commands.inputs import input_paths
from generator.incremental.buildcache import FileDigests, input_digest
from generator.model.checkcache import CheckCache
from generator.model.site import build_site
from generator.model.sourcefiles import DocumentCache


def _round_trip(value: Any) -> Any:
    return marshal.loads(marshal.dumps(value))


class _Collections:
    """Seconds the cyclic collector ran since `reset`."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._began = 0.0
        gc.callbacks.append(self._note)

    def _note(self, phase: str, _info: dict[str, int]) -> None:
        now = time.process_time()
        if phase == "start":
            self._began = now
        else:
            self.seconds += now - self._began

    def reset(self) -> None:
        """Count from now."""
        self.seconds = 0.0


def main(argv: list[str] | None = None) -> int:
    """Check the project with kept caches `--runs` times and print the CPU seconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("project", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    gc.set_threshold(100_000, 50, 1_000)  # as `vinhdanh build` runs (generator.cli.main)
    digests = FileDigests()
    input_digest(args.project, input_paths(args.project), digests)
    kept: dict[str, Any] = {"parses": {}, "headers": {}, "checks": {}, "profiles": {}}

    def check() -> tuple[DocumentCache, int]:
        documents = DocumentCache(kept["parses"], digests.digest, kept["headers"], digests.taken)
        documents.checked = CheckCache(kept["checks"], "code", kept["profiles"])
        site, _report = build_site(args.project, documents=documents)
        assert site is not None, "the project's configuration does not load"
        return documents, len(site.entries)

    first, _count = check()
    kept["parses"] = _round_trip(first.used)
    kept["headers"] = _round_trip(first.headers_used)
    assert first.checked is not None
    kept["checks"] = _round_trip(first.checked.used)
    whole, _since = first.checked.saved_profiles()  # the first: all of them
    kept["profiles"] = _round_trip(whole)
    del first
    collections = _Collections()
    runs: list[tuple[float, float]] = []
    for _ in range(args.runs):
        gc.unfreeze()  # what the last run froze (it is garbage now)
        gc.collect()
        collections.reset()
        started = time.process_time()
        documents, count = check()
        runs.append((time.process_time() - started, collections.seconds))
        assert documents.checked is not None and documents.checked.reused == count
        del documents
    runs.sort()
    best, median, worst = runs[0][0], runs[len(runs) // 2][0], runs[-1][0]
    print(
        f"{Path(generator.__file__).parent.parent}: check CPU best {best:.3f} s "
        f"({best / count * 1e6:.1f} µs a profile, {count} profiles; collector {runs[0][1]:.3f} s), "
        f"median {median:.3f} s, worst {worst:.3f} s ({args.runs} runs)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
