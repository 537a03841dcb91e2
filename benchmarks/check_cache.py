"""CPU time of an edit build's check with the caches the last build kept, in-process.

    PYTHONPATH=SNAPSHOT python benchmarks/check_cache.py PROJECT [--runs 5]

Runs `build_site` once with empty caches (the parses, photo headers and, where the code has
them, the profiles' checks and validated profiles: generator.model.checkcache), passes what
it kept through marshal as a build saves it, then `--runs` times with those caches, as the
check of a build after an edit that changed no profile, and prints the CPU seconds (best,
median, worst) with the code's path. CPU time, not wall time: the machine is shared. Run it
with each snapshot (`git archive`) in turn, alternating, to compare two versions; code from
before the check cache runs too (its parses alone are kept).
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
from generator.incremental.buildcache import FileDigests
from generator.model.site import build_site
from generator.model.sourcefiles import DocumentCache


def _round_trip(value: Any) -> Any:
    return marshal.loads(marshal.dumps(value))


def main(argv: list[str] | None = None) -> int:
    """Check the project with kept caches `--runs` times and print the CPU seconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("project", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    gc.set_threshold(100_000, 50, 1_000)  # as `vinhdanh build` runs (generator.cli.main)
    try:
        from generator.model.checkcache import CheckCache
    except ImportError:  # code from before the check cache
        CheckCache = None  # type: ignore[assignment,misc]
    digests = FileDigests()
    kept: dict[str, Any] = {"parses": {}, "headers": {}, "checks": {}, "profiles": {}}

    def check() -> DocumentCache:
        documents = DocumentCache(kept["parses"], digests.digest, kept["headers"])
        if CheckCache is not None:
            documents.checked = CheckCache(kept["checks"], "code", kept["profiles"])
        site, _report = build_site(args.project, documents=documents)
        assert site is not None, "the project's configuration does not load"
        return documents

    first = check()
    digests.recorded_ns = time.time_ns()  # the files' stamps trusted, as a saved state's
    kept["parses"] = _round_trip(first.used)
    kept["headers"] = _round_trip(first.headers_used)
    checked = getattr(first, "checked", None)
    if checked is not None:
        kept["checks"] = _round_trip(checked.used)
        kept["profiles"] = _round_trip(checked.saved_profiles())
    seconds = []
    for _ in range(args.runs):
        started = time.process_time()
        check()
        seconds.append(time.process_time() - started)
    seconds.sort()
    median = seconds[len(seconds) // 2]
    print(
        f"{Path(generator.__file__).parent.parent}: check CPU best {seconds[0]:.2f} s, "
        f"median {median:.2f} s, worst {seconds[-1]:.2f} s ({args.runs} runs)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
