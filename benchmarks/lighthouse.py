"""Lighthouse scores of the built site, served compressed and cached as a static host serves it.

    python benchmarks/lighthouse.py [--site DIR] [--profile SLUG] [--query "ngo van khai"]
                                    [--runs 1] [--keep DIR]

Without `--site`, the demo project at the repository root is built first (`vinhdanh build`,
incremental). The site is served on 127.0.0.1 by a small HTTP server as a host would: text
files gzip-compressed (Content-Encoding, Vary), hashed assets (``main.57a0d79d.min.css``,
Pagefind's fragments) with ``Cache-Control: public, max-age=31536000, immutable``, everything
else with ``max-age=600`` (GitHub Pages' policy), 404.html for what is missing. Lighthouse
(npm ``lighthouse``, pinned in benchmarks/package.json and installed there on first use with
``npm ci``; 110 MB, so not part of .ci/system-deps.sh) drives Debian's Chromium
(``CHROME_PATH``, headless, no sandbox) with its default mobile form factor and simulated
throttling, on: home, one profile, search with a query, statistics.

Prints the four category scores per page with LCP, CLS and TBT (the median of `--runs`), then
every failing audit (id and title) of each page: binary audits that failed and scored audits
under 0.9. Scores are measured here, not asserted in a test: they vary with the machine's load.
Targets: performance at least 95, accessibility, best practices and SEO 100.
"""

from __future__ import annotations

import argparse
import gzip
import json
import mimetypes
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TOOLS = Path(__file__).resolve().parent  # benchmarks/package.json and its node_modules
LIGHTHOUSE = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
# Names with a content hash never change content: cached for a year.
HASHED = re.compile(r"\.[0-9a-f]{8,}\.(?:min\.)?[a-z0-9]+$|^/pagefind/(?:fragment|index)/")
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "application/manifest+json",
    "image/svg+xml",
)
SHORT_CACHE = "public, max-age=600"
LONG_CACHE = "public, max-age=31536000, immutable"


@dataclass
class Result:
    """One page's Lighthouse report, reduced to what is printed."""

    name: str
    path: str
    scores: dict[str, int] = field(default_factory=dict)
    lcp_ms: float = 0.0
    cls: float = 0.0
    tbt_ms: float = 0.0
    failing: list[tuple[str, str, str]] = field(default_factory=list)  # (category, id, title)
    runs: list[int] = field(default_factory=list)  # performance score of every run


@lru_cache(maxsize=4096)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    """A file's bytes gzip-compressed, kept while the file is unchanged (level 9, as
    precompressed files on a host would be)."""
    with open(path, "rb") as handle:
        return gzip.compress(handle.read(), compresslevel=9, mtime=0)


class HostHandler(SimpleHTTPRequestHandler):
    """Serves a built site as a static host does: compression, cache headers, a 404 page."""

    server_version = "vinhdanh-bench"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: Lighthouse makes hundreds of requests."""

    def do_GET(self) -> None:
        """A file, its folder's index.html, a redirect to add a slash, or the 404 page."""
        self._serve(head=False)

    def do_HEAD(self) -> None:
        """As GET, without the body."""
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        url_path = urllib.parse.urlsplit(self.path).path
        local = Path(self.translate_path(self.path))
        status = 200
        if local.is_dir():
            if not url_path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            local = local / "index.html"
        if not local.is_file():
            status, local = 404, Path(self.directory) / "404.html"
        kind = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        st = local.stat()
        encoding = None
        accepted = self.headers.get("Accept-Encoding", "")
        if kind.startswith(COMPRESSIBLE) and "gzip" in accepted and st.st_size > 256:
            body, encoding = _gzipped(str(local), st.st_mtime_ns), "gzip"
        else:
            body = local.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        cached = status == 200 and HASHED.search(url_path)
        self.send_header("Cache-Control", LONG_CACHE if cached else SHORT_CACHE)
        self.end_headers()
        if not head:
            self.wfile.write(body)


def serve(site: Path) -> ThreadingHTTPServer:
    """An HTTP server for `site` on a free port of 127.0.0.1, running in a thread."""

    def handler(*args: Any) -> HostHandler:
        return HostHandler(*args, directory=str(site))

    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def install_lighthouse() -> None:
    """`npm ci` in benchmarks/ unless the pinned Lighthouse is there already."""
    if LIGHTHOUSE.is_file():
        return
    print("lighthouse: npm ci in benchmarks/ (first use)", file=sys.stderr)
    subprocess.run(
        ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=TOOLS, check=True
    )


def build_demo() -> Path:
    """The demo project built (incrementally) at the repository root; its site/."""
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from generator.cli import main; main()",
            "build",
            "--root",
            str(ROOT),
        ],
        check=True,
    )
    return ROOT / "site"


def lighthouse(url: str, output: Path) -> dict[str, Any]:
    """One Lighthouse run (mobile, simulated throttling) of `url`; the JSON report."""
    env = {**os.environ, "CHROME_PATH": CHROME}
    subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={output}",
            f"--chrome-path={CHROME}",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--form-factor=mobile",
        ],
        check=True,
        env=env,
    )
    report: dict[str, Any] = json.loads(output.read_text("utf-8"))
    return report


def reduce(name: str, path: str, report: dict[str, Any]) -> Result:
    """Scores, three metrics and failing audits of a report."""
    result = Result(name, path)
    audits: dict[str, Any] = report["audits"]
    for category in CATEGORIES:
        data = report["categories"][category]
        result.scores[category] = round((data["score"] or 0) * 100)
        for ref in data["auditRefs"]:
            audit = audits[ref["id"]]
            score, mode = audit.get("score"), audit.get("scoreDisplayMode")
            if score is None or mode in ("informative", "manual", "notApplicable"):
                continue
            if (mode == "binary" and score < 1) or score < 0.9:
                result.failing.append((category, ref["id"], audit["title"]))
    result.lcp_ms = audits["largest-contentful-paint"].get("numericValue") or 0.0
    result.cls = audits["cumulative-layout-shift"].get("numericValue") or 0.0
    result.tbt_ms = audits["total-blocking-time"].get("numericValue") or 0.0
    return result


def median(results: list[Result]) -> Result:
    """The median run by performance score, as Lighthouse's own guidance reports repeated runs
    (the best would flatter a noisy machine; the worst would blame the page for the load)."""
    ranked = sorted(results, key=lambda r: (r.scores["performance"], -r.lcp_ms))
    chosen = ranked[(len(ranked) - 1) // 2]
    chosen.runs = [r.scores["performance"] for r in results]
    return chosen


def pages(site: Path, profile: str | None, query: str) -> list[tuple[str, str]]:
    """(name, path) of the pages measured."""
    if profile is None:
        # The first profile search engines may index (some are "noindex" by design, e.g. a
        # minor's): an indexable page is what the SEO target is about.
        profile = min(
            p.name
            for p in (site / "ho-so").iterdir()
            if (p / "index.html").is_file()
            and 'name="robots" content="noindex"' not in (p / "index.html").read_text("utf-8")
        )
    return [
        ("home", "/"),
        ("profile", f"/ho-so/{profile}/"),
        ("search", f"/tim-kiem/?q={urllib.parse.quote_plus(query)}"),
        ("statistics", "/thong-ke/"),
    ]


def report_table(results: list[Result]) -> str:
    """The scores and metrics of every page, then the failing audits of each."""
    lines = [
        f"{'page':<11} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} "
        f"{'LCP':>7} {'CLS':>6} {'TBT':>6}  path (performance of each run)"
    ]
    for r in results:
        s = r.scores
        lines.append(
            f"{r.name:<11} {s['performance']:>5} {s['accessibility']:>5} "
            f"{s['best-practices']:>5} {s['seo']:>5} {r.lcp_ms / 1000:>6.2f}s {r.cls:>6.3f} "
            f"{r.tbt_ms:>4.0f}ms  {r.path} ({', '.join(map(str, r.runs))})"
        )
    targets = ", ".join(f"{k} >= {v}" for k, v in TARGETS.items())
    lines += ["", f"targets: {targets}"]
    for r in results:
        missed = [k for k, v in TARGETS.items() if r.scores[k] < v]
        lines.append(
            f"{r.name}: {'targets met' if not missed else 'below target: ' + ', '.join(missed)}"
        )
    lines.append("")
    for r in results:
        lines.append(f"failing audits, {r.name} ({r.path}):")
        lines += [f"  [{c}] {i}: {t}" for c, i, t in r.failing] or ["  none"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Build (or take) the site, serve it, run Lighthouse on four pages, print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--site", type=Path, help="a built site/ (default: build the demo)")
    parser.add_argument("--profile", help="profile slug (default: the first in ho-so/)")
    parser.add_argument("--query", default="ngo van khai", help="search query")
    parser.add_argument("--runs", type=int, default=1, help="runs per page (median reported)")
    parser.add_argument("--keep", type=Path, help="keep the JSON reports in this folder")
    args = parser.parse_args(argv)

    install_lighthouse()
    site = args.site.resolve() if args.site else build_demo()
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    work = Path(tempfile.mkdtemp(prefix="vinhdanh-lighthouse-"))
    results: list[Result] = []
    try:
        for name, path in pages(site, args.profile, args.query):
            runs = []
            for number in range(max(1, args.runs)):
                output = work / f"{name}-{number}.json"
                runs.append(reduce(name, path, lighthouse(base + path, output)))
            results.append(median(runs))
            print(f"lighthouse: {name} done", file=sys.stderr)
    finally:
        server.shutdown()
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for report in work.glob("*.json"):
                shutil.copy2(report, args.keep / report.name)
        shutil.rmtree(work, ignore_errors=True)
    print(report_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
