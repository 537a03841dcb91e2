"""Benchmark the open-data step (API, CSV, feeds, press kits) of `vinhdanh build`.

    python benchmarks/opendata.py [--sizes 1000,10000] [--seed 1] [--demo]

Each synthetic project is generated first (not timed) into a temporary folder; then the site is
checked and rendered (timed, for scale) and the open-data step is timed alone: producing every
file (`add_open_data`) and writing them to disk (`write_tree`), with the bytes per output
folder. `--demo` measures the repository's own demo content instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import REFERENCE_DATE, write_project  # noqa: E402
from generator.commands.buildfolder import write_tree  # noqa: E402
from generator.commands.today import resolve_today  # noqa: E402
from generator.model.site import build_site  # noqa: E402
from generator.opendata.publish import add_open_data  # noqa: E402
from generator.pages.render import render_site  # noqa: E402


def measure(root: Path, today: dt.date | None, label: str) -> None:
    """Check, render, then time the open-data step of the project at `root`."""
    started = time.perf_counter()
    site, report = build_site(root)
    if site is None or report.errors:
        raise SystemExit(f"{label}: the project has errors")
    checked = time.perf_counter()
    day = resolve_today(site, today)
    rendered = render_site(site, day)
    rendered_at = time.perf_counter()
    cpu = time.process_time()  # the machine may be busy: CPU time is the steadier figure
    before = set(rendered.files)  # other stages may add files too: count only ours
    add_open_data(rendered, site, day)
    ours = {rel: data for rel, data in rendered.files.items() if rel not in before}
    produced = time.perf_counter()
    cpu = time.process_time() - cpu
    with tempfile.TemporaryDirectory() as out:
        write_tree(Path(out), ours)
        written = time.perf_counter()
    sizes: Counter[str] = Counter()
    for rel, data in ours.items():
        sizes[rel.split("/", 1)[0] if "/" in rel else rel] += len(data)
    print(
        f"{label}: {len(site.published())} published profiles; check {checked - started:.1f} s, "
        f"render {rendered_at - checked:.1f} s; open data: produce {produced - rendered_at:.2f} s "
        f"({cpu:.2f} s CPU), "
        f"write {written - produced:.2f} s, {len(ours)} files"
    )
    for folder, size in sorted(sizes.items()):
        print(f"    {folder:<12} {size / 1024:>10,.0f} KiB")


def main() -> None:
    """Parse the arguments and run the measurements."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="profile counts, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--demo", action="store_true", help="measure the demo content only")
    args = parser.parse_args()
    if args.demo:
        measure(ROOT, None, "demo")
        return
    for size in (int(s) for s in args.sizes.split(",")):
        folder = Path(tempfile.mkdtemp(prefix="vinhdanh-opendata-"))
        try:
            write_project(folder, size, seed=args.seed)
            measure(folder, REFERENCE_DATE, f"{size:,} profiles")
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
