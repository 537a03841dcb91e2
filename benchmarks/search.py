"""Benchmark search at 1,000 and 10,000 profiles: the index build, and queries in real Chromium.

    python benchmarks/search.py [--sizes 1000,10000] [--seed 1]

For each size a synthetic project is written (benchmarks/synthetic.py, not timed) and:

- the index is built in a fresh interpreter, as `vinhdanh build` builds it after loading the
  model: "index build" is making the records plus Pagefind (the model load is not counted);
  "peak memory" is the Pagefind process's own peak resident memory plus what indexing added to
  the Python process's peak (its peak after indexing minus its size before);
- the whole site is built with `build_project` and served on 127.0.0.1 by a static server that
  gzips text like any web server or CDN (Pagefind's own chunks are already gzipped);
- each query runs in a new browser context (nothing cached; the browser itself was warmed by
  one throwaway query), as a reader would: open the home page, then type the query into the
  header box at once. "Search bytes" is every byte received
  from then until the first results show (pagefind.js, WebAssembly, metadata, index chunks,
  fragments of the shown and re-ranked results); "with page" adds the home page itself.
  "Results after" runs from the input event to the results in the listbox, including, for
  this first query, loading Pagefind itself.

Debian's /usr/bin/chromium is driven by Playwright (never downloaded).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import mimetypes
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
QUERY_TIMEOUT_MS = 30_000
TARGET_BYTES = 300 * 1024  # the targets at 10,000 profiles
TARGET_MS = 300
TARGET_BUILD_S = 20.0
TARGET_PEAK_MB = 1024

INDEX_CHILD = """
import json, resource, sys, time
from pathlib import Path
from generator.model.site import build_site
from generator.search.bundle import write_index
from generator.search.records import iter_search_records

def rss_kib():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0

site, report = build_site(Path(sys.argv[1]))
before = rss_kib()
start = time.perf_counter()
records = list(iter_search_records(site))
records_s = time.perf_counter() - start
stats = write_index(records, Path(sys.argv[2]))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "records": len(records), "records_s": records_s, "pagefind_s": stats.seconds,
    "pagefind_peak_kib": stats.pagefind_peak_kib, "pagefind_cpu_s": stats.pagefind_cpu_seconds,
    "python_extra_kib": max(0, peak - before), "files": stats.files, "bytes": stats.bytes,
}))
"""

BUILD_CHILD = """
import gc, json, sys, time
from pathlib import Path
from generator.commands.build import build_project
gc.set_threshold(100_000, 50, 1_000)  # as `vinhdanh` (generator.cli.main) runs a build
start = time.perf_counter()
result = build_project(Path(sys.argv[1]))
print(json.dumps({"built": result.built, "seconds": time.perf_counter() - start}))
"""

# Types the whole query at once into the header box and waits for the listbox to fill.
MEASURE_JS = """
async (query) => {
  const TIMEOUT = 30000; // QUERY_TIMEOUT_MS
  const input = document.querySelector('#vd-search-input');
  const footer = document.querySelector('.vd-search__footer');
  input.focus();
  const start = performance.now();
  input.value = query;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((resolve, reject) => {
    const done = () => footer.textContent.includes(query);
    if (done()) return resolve();
    const observer = new MutationObserver(() => {
      if (done()) { observer.disconnect(); resolve(); }
    });
    observer.observe(footer, { childList: true, subtree: true, characterData: true });
    setTimeout(() => reject(new Error(`no results for ${query}`)), TIMEOUT);
  });
  const elapsed = performance.now() - start;
  const names = [...document.querySelectorAll('.vd-search__option .vd-search__name')];
  return { elapsed, results: names.length, first: names.length ? names[0].textContent : '' };
}
"""


@dataclass(frozen=True)
class IndexFigures:
    """One index build."""

    records: int
    seconds: float
    peak_mb: float
    pagefind_peak_mb: float
    records_mb: float
    files: int
    disk_mb: float


@dataclass(frozen=True)
class QueryFigures:
    """One first query in a fresh browser context."""

    label: str
    query: str
    search_bytes: int
    page_bytes: int
    milliseconds: float
    results: int
    first: str
    fetched: dict[str, int]  # path -> bytes, after the page loaded


def run_child(code: str, *args: str) -> dict[str, Any]:
    """Run `code` in a fresh interpreter from the repository; its last output line as JSON."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"child failed:\n{out.stdout}\n{out.stderr}")
    data: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def measure_index(root: Path, work: Path) -> IndexFigures:
    """Build the index of the project at `root` into `work` in a fresh interpreter."""
    data = run_child(INDEX_CHILD, str(root), str(work / "pagefind"))
    pagefind_mb = data["pagefind_peak_kib"] / 1024
    records_mb = data["python_extra_kib"] / 1024
    return IndexFigures(
        records=data["records"],
        seconds=data["records_s"] + data["pagefind_s"],
        peak_mb=pagefind_mb + records_mb,
        pagefind_peak_mb=pagefind_mb,
        records_mb=records_mb,
        files=data["files"],
        disk_mb=data["bytes"] / 2**20,
    )


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text gzipped when the browser asks (as nginx or a CDN would)."""

    timeout = 30
    cache: ClassVar[dict[str, bytes]] = {}
    lock = threading.Lock()
    # Bytes sent, by path: counted here rather than in the browser, because Pagefind fetches
    # from a web worker, whose requests the page's DevTools session does not see.
    sent: ClassVar[dict[str, int]] = {}

    def do_GET(self) -> None:
        """Serve a file, gzipped if it is text and gzip is accepted."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        headers = {"Content-Type": kind}
        if kind.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            with self.lock:
                key = str(path)
                if key not in self.cache:
                    self.cache[key] = gzip.compress(data, compresslevel=6, mtime=0)
                data = self.cache[key]
            headers["Content-Encoding"] = "gzip"
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        with self.lock:
            self.sent[self.path] = self.sent.get(self.path, 0) + len(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on a free port of 127.0.0.1; yields its URL."""
    handler = functools.partial(_GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def measure_queries(site: Path, queries: list[tuple[str, str]]) -> list[QueryFigures]:
    """Each query as a first query, in a new browser context, on the served site."""
    from playwright.sync_api import sync_playwright

    figures = []
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # A reader's browser is already running: one throwaway query warms the browser
            # process (not the site: every measured query gets a new, empty context).
            warm = browser.new_context()
            warm_page = warm.new_page()
            warm_page.goto(url, wait_until="networkidle")
            warm_page.evaluate(MEASURE_JS, "a")
            warm.close()
            for label, query in queries:
                context = browser.new_context(locale="vi-VN")
                page = context.new_page()
                page.set_default_timeout(QUERY_TIMEOUT_MS)
                page.on("console", lambda m: print(f"console: {m.text}", file=sys.stderr))
                page.on("pageerror", lambda e: print(f"page error: {e}", file=sys.stderr))
                _GzipHandler.sent.clear()
                page.goto(url, wait_until="networkidle")
                page_bytes = sum(_GzipHandler.sent.values())
                _GzipHandler.sent.clear()
                result = page.evaluate(MEASURE_JS, query)
                search_bytes = sum(_GzipHandler.sent.values())
                figures.append(
                    QueryFigures(
                        label=label,
                        query=query,
                        search_bytes=search_bytes,
                        page_bytes=page_bytes,
                        milliseconds=float(result["elapsed"]),
                        results=int(result["results"]),
                        first=str(result["first"]),
                        fetched=dict(_GzipHandler.sent),
                    )
                )
                context.close()
        finally:
            browser.close()
    return figures


def typical_queries(root: Path) -> list[tuple[str, str]]:
    """A common family name, a full name, a place and an award, typed without diacritics."""
    from generator.model.site import build_site
    from generator.vntext import fold

    site, _ = build_site(root)
    assert site is not None
    people = [e for e in site.published() if e.profile.kind == "individual"]
    person = people[len(people) // 2]
    province = person.locality.current_province
    place = fold(province.name) if province is not None else "lang son"
    return [
        ("family name", "nguyen"),
        ("full name", fold(person.display_name)),
        ("place", place),
        ("award", "anh hung lao dong"),
    ]


def kb(n: int) -> str:
    """Bytes as KB with one decimal."""
    return f"{n / 1024:,.1f} KB"


def main(argv: list[str] | None = None) -> int:
    """Print the index-build and query tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    from benchmarks.synthetic import write_project

    build_rows: list[str] = []
    query_rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="vinhdanh-search-bench-") as tmp:
        for n in sizes:
            root = Path(tmp) / f"p{n}"
            write_project(root, n, seed=args.seed)
            index = measure_index(root, Path(tmp) / f"i{n}")
            built = run_child(BUILD_CHILD, str(root))
            if not built["built"]:
                raise SystemExit(f"the {n}-profile site did not build")
            build_rows.append(
                f"| {n:,} | {index.records:,} | {index.seconds:.1f} s "
                f"| {index.peak_mb:,.0f} MB ({index.pagefind_peak_mb:,.0f} + "
                f"{index.records_mb:,.0f}) | {index.disk_mb:.1f} MB, {index.files:,} files "
                f"| {built['seconds']:.0f} s |"
            )
            for q in measure_queries(root / "site", typical_queries(root)):
                query_rows.append(
                    f"| {n:,} | {q.label}: `{q.query}` | {q.results} | {q.first} "
                    f"| {kb(q.search_bytes)} | {kb(q.search_bytes + q.page_bytes)} "
                    f"| {q.milliseconds:,.0f} ms |"
                )
            print(f"# {n:,} profiles measured", file=sys.stderr, flush=True)
    print(
        "| profiles | records | index build | peak memory (Pagefind + records) "
        "| index on disk | whole site build |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    print("\n".join(build_rows))
    print()
    print(
        "| profiles | first query | shown | first result | search bytes "
        "| with page | results after |"
    )
    print("|---:|---|---:|---|---:|---:|---:|")
    print("\n".join(query_rows))
    print()
    print(
        f"Targets at 10,000 profiles: under {TARGET_BYTES // 1024} KB per first query, results "
        f"under {TARGET_MS} ms, index under {TARGET_BUILD_S:.0f} s and {TARGET_PEAK_MB:,} MB. "
        f"Machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the end."
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    start = time.perf_counter()
    code = main()
    print(f"({time.perf_counter() - start:.0f} s)", file=sys.stderr)
    raise SystemExit(code)
