"""Benchmark the sharded search index (generator/search/index.py) and check it against Pagefind.

    python benchmarks/searchindex.py [--sizes 1000,10000] [--seed 1] [--flat]

For each size a synthetic project is written (benchmarks/synthetic.py, not timed), its search
records are made from the model, and, in this process:

- "cold": every shard indexed by Pagefind and merged (a full build, or a first build);
- "no change": the same records again (shards from the cache, nothing written);
- "one edit": one profile's record changed (its shard re-indexed, the merge redone);
- "one run": a single Pagefind run over all records in the same page order, the bundle the
  merge must equal byte for byte ("identical": yes/NO; exit status 1 if not).

Pagefind CPU is the Pagefind process's own user + system time; files changed are those the
edit rewrote in the bundle folder; "names lengthened" counts the result fragments whose name
another shard's page also had (the merge names them as one run does), "shard folders" the
shards kept in the cache after the edit (exactly the live ones). The records are grouped by
partition (today's province) before the URL hash, as a build groups them; `--flat` measures
the grouping by URL hash alone that builds used before partitioned builds (issue #21).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.check import text_table  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402
from generator.model.partition import record_partitions  # noqa: E402
from generator.model.site import build_site  # noqa: E402
from generator.search.bundle import write_index  # noqa: E402
from generator.search.index import group_records, write_sharded  # noqa: E402
from generator.search.records import SearchRecord, iter_search_records  # noqa: E402


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def measure(n: int, seed: int, work: Path, flat: bool = False) -> list[str]:
    """One table row for `n` profiles; the last cell says whether the bundles are identical."""
    project = work / f"project-{n}"
    write_project(project, n, seed=seed)
    site, _report = build_site(project)
    assert site is not None
    records = list(iter_search_records(site))
    parts = None if flat else record_partitions(site)
    out, cache = work / f"out-{n}", work / f"cache-{n}"
    started = time.perf_counter()
    cold = write_sharded(records, out, cache, parts)
    cold_s = time.perf_counter() - started
    started = time.perf_counter()
    write_sharded(records, out, cache, parts)
    noop_s = time.perf_counter() - started
    edited: list[SearchRecord] = list(records)
    target = next(i for i, r in enumerate(edited) if r.url.startswith("ho-so/"))
    changed = [*edited[target].blocks, (1.0, "Tóm tắt đã sửa")]
    edited[target] = replace(edited[target], blocks=changed, html=None)
    started = time.perf_counter()
    edit = write_sharded(edited, out, cache, parts)
    edit_s = time.perf_counter() - started
    in_order = [r for _partition, group in group_records(edited, parts) for r in group]
    started = time.perf_counter()
    single = write_index(in_order, work / f"single-{n}")
    single_s = time.perf_counter() - started
    same = _tree(out) == _tree(work / f"single-{n}")
    folders = sum(1 for p in cache.iterdir() if p.is_dir() and p.name != "common")
    return [
        f"{n:,}",
        f"{len(records):,}",
        f"{cold.shards}",
        f"{cold_s:.1f} s ({cold.pagefind_cpu_seconds:.1f})",
        f"{noop_s:.2f} s",
        f"{edit_s:.2f} s ({edit.pagefind_cpu_seconds:.2f})",
        f"{edit.files_changed:,} of {edit.files:,}",
        f"{edit.fragments_renamed}",
        f"{folders}",
        f"{single_s:.1f} s ({single.pagefind_cpu_seconds:.1f})",
        "yes" if same else "NO",
    ]


def main(argv: list[str] | None = None) -> int:
    """Print the table; 1 if a merged bundle differs from one Pagefind run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--flat", action="store_true", help="shards by URL hash alone")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="vinhdanh-searchindex-") as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            rows.append(measure(n, args.seed, Path(tmp), args.flat))
    header = [
        "N",
        "records",
        "shards",
        "cold (Pagefind CPU)",
        "no change",
        "one edit (Pagefind CPU)",
        "files changed",
        "names lengthened",
        "shard folders",
        "one run (Pagefind CPU)",
        "identical",
    ]
    print(text_table([header, *rows], set(range(1, len(header) - 1))))
    return 0 if all(row[-1] == "yes" for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
