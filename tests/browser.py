"""A real browser for the tests: the demo built once, served on 127.0.0.1, opened in Chromium.

Import the fixtures you need (tests/conftest.py already re-exports them to every test):

- ``demo_project``: a temporary copy of the demo (profiles/, content/, site_config.yml) built
  once per session with ``build_project``; its listings use ``page_size: 20`` so the long
  ones have a page 2;
- ``demo_site``: that site served by a threaded ``http.server`` on a free port, which answers
  unknown paths with the site's own 404.html (as nginx or GitHub Pages do) and stops itself;
- ``chromium``: Debian's /usr/bin/chromium driven by Playwright (we never download a browser);
- ``probe``: a fresh page that records console errors, page errors, failed local resources and
  every request that would leave 127.0.0.1 (such requests are aborted, never sent);
- ``phone_probe``: the same at the reader review's phone (``PHONE``: 390×844, touch), and
  ``phone_probe_schemes``: that phone in the light and then the dark scheme.

Without /usr/bin/chromium (or Playwright) the browser tests are skipped with the reason, except
under ``CI`` (set by CI runners), where a missing browser is a failure: CI must test for real.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import pytest

from generator.commands.build import build_project
from generator.commands.outcome import BuildError

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, Route

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# What a build reads; copied so the tests never write into the working tree.
PROJECT_SOURCES = ("site_config.yml", "profiles", "content", "clusters")
DEMO_PAGE_SIZE = 20
DEMO_LETTER_PAGES = 2
ARTIFACTS = ROOT / "tests" / "artifacts"
LOCAL_HOST = "127.0.0.1"
# The server stops by itself after this long, even if a test run hangs or forgets it. The
# demo's server lives for the whole session: longer than CI's 90 minutes, or a slow run's
# later browser tests find it gone (15 minutes did: the suite took 24 on a loaded machine).
SERVER_LIFETIME_SECONDS = 2 * 3600
NODE_MODULES = ROOT / "node_modules"
NOT_FOUND_PATH = "khong-co-trang-nay/"
# One page of each kind in the demo (built with DEMO_PAGE_SIZE), by name: site path, the title
# before " - <site name>" (None: the site name alone), and a text the page must show.
DEMO_PAGES: dict[str, tuple[str, str | None, str]] = {
    "home": ("", None, "Gương điển hình"),
    "profile-old-locality": (
        "ho-so/nguyen-thi-hoa-trieu-phong/",
        "Nguyễn Thị Hoa",
        "(nay là xã Triệu Bình, tỉnh Quảng Trị)",
    ),
    "profile-revoked": (
        "ho-so/le-hoang-phuc-ben-thanh/",
        "Lê Hoàng Phúc",
        "Quyết định đã bị hủy bỏ",
    ),
    "listing": ("danh-sach/ca-nhan/", "Cá nhân tiêu biểu", "Trang sau"),
    # The individuals' roll is cut by letter (DEMO_LETTER_PAGES), every letter has its page;
    # other pages are named by their first row (generator.model.rollpages).
    "listing-page-2": ("danh-sach/ca-nhan/b/", "Cá nhân tiêu biểu (B)", "Trang trước"),
    "listing-letter-empty": (
        "danh-sach/ca-nhan/aw/",
        "Cá nhân tiêu biểu (Ă)",
        "Không có tên nào bắt đầu bằng chữ Ă.",
    ),
    "listing-from-row": (
        "danh-sach/danh-hieu/bang-khen-bo-ban-nganh-tinh/tu-hoang-thi-ngan-nam-mau/",
        "Bằng khen cấp Bộ, ban, ngành, tỉnh (từ Hoàng Thị Ngân)",
        "Trang trước",
    ),
    "provinces": ("danh-sach/tinh/", "Vinh danh theo tỉnh, thành phố", "Tỉnh Quảng Trị"),
    "province": ("danh-sach/tinh/quang-tri/", "Tỉnh Quảng Trị", "Tra theo địa danh trước năm 2025"),
    # A commune with `rolls.commune_page_min` (3) entries or more: its own page. Smaller ones
    # (Triệu Phong's 2) are rows of their province's roll.
    "commune": (
        "danh-sach/tinh/ha-noi/phuong-hoang-mai/",
        "Phường Hoàng Mai, Thành phố Hà Nội",
        "phường Giáp Bát, quận Hoàng Mai",
    ),
    "campaign": ("phong-trao/dan-van-kheo/", "Dân vận khéo", "Tiêu chí thi đua"),
    "statistics": ("thong-ke/", "Thống kê khen thưởng", "Người trực tiếp sản xuất và người lãnh"),
    "public-comment": ("lay-y-kien/", "Lấy ý kiến nhân dân", "chưa phải quyết định khen thưởng"),
    "withdrawn": ("ho-so/be-van-hung-trang-dinh/", "Hồ sơ đã được gỡ", "Hồ sơ đã được gỡ"),
    # The demo has the English edition: the one 404 page speaks both (theme/404.html).
    "not-found": (NOT_FOUND_PATH, "Không tìm thấy trang · Page not found", "Không tìm thấy trang"),
    "about": ("gioi-thieu/", "Giới thiệu", "Liên hệ, đề nghị sửa hoặc gỡ hồ sơ"),
}


def is_ci() -> bool:
    """True under a CI runner (CI set to anything but empty, 0 or false)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing_tool(reason: str) -> NoReturn:
    """Skip for a missing test tool on a developer's machine; fail under CI."""
    hint = " Install it with: bash .ci/system-deps.sh"
    if is_ci():
        pytest.fail(f"{reason} (CI is set: the tool must be installed).{hint}", pytrace=False)
    pytest.skip(f"{reason}.{hint}")


def node_tool(relpath: str) -> Path:
    """A file of an npm test tool under node_modules/, or skip/fail when it is not installed."""
    path = NODE_MODULES / relpath
    if not path.is_file():
        missing_tool(f"node_modules/{relpath} not found (npm ci not run)")
    return path


# --- the demo, built once ---------------------------------------------------------------------


def copy_demo(target: Path, page_size: int | None = DEMO_PAGE_SIZE) -> Path:
    """Copy the demo's sources into `target`; optionally override the listing page size."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    if page_size is not None:
        config = target / "site_config.yml"
        text = config.read_text(encoding="utf-8")
        text, count = re.subn(r"(?m)^page_size:.*$", f"page_size: {page_size}", text)
        if not count:
            text = text.rstrip("\n") + f"\npage_size: {page_size}\n"
        # The individuals' roll (44 rows) over two pages is cut by letter, as a long roll is
        # (generator.model.rollpages): its letter pages are among the pages tested.
        text = text.rstrip("\n") + f"\nrolls:\n  letter_pages: {DEMO_LETTER_PAGES}\n"
        config.write_text(text, encoding="utf-8")
    return target


def build_or_fail(root: Path) -> Path:
    """Build the project at `root`; the test fails with every message if it does not build."""
    try:
        result = build_project(root)
    except BuildError as exc:
        pytest.fail("build failed:\n" + "\n".join(exc.messages), pytrace=False)
    if not result.built:
        problems = "\n".join(p.format("en") for p in result.report)
        pytest.fail(f"build failed:\n{problems}", pytrace=False)
    return root / "site"


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built copy of the demo project (site/ inside it), shared by the whole session."""
    root = copy_demo(tmp_path_factory.mktemp("demo"))
    build_or_fail(root)
    return root


# --- serving ----------------------------------------------------------------------------------


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; unknown paths get the site's 404.html with status 404; no logging."""

    timeout = 30  # a stuck connection cannot hold a server thread forever

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class ServedSite:
    """A built site served on 127.0.0.1."""

    site: Path
    url: str  # "http://127.0.0.1:PORT/"

    def page_url(self, path: str) -> str:
        """Absolute URL of site path `path` ("ho-so/x/" or "")."""
        return self.url + path.lstrip("/")


@contextmanager
def serve(site: Path, lifetime: float = SERVER_LIFETIME_SECONDS) -> Iterator[ServedSite]:
    """Serve `site` on a free port of 127.0.0.1 until the block ends (or `lifetime` passes)."""
    handler = functools.partial(_SiteHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()  # returns at once if the loop has already ended
        server.server_close()  # closing the socket refuses new connections at once

    stopper = threading.Timer(lifetime, stop)
    stopper.daemon = True
    stopper.start()
    try:
        yield ServedSite(site, f"http://{LOCAL_HOST}:{server.server_address[1]}/")
    finally:
        stopper.cancel()
        stop()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def demo_site(demo_project: Path) -> Iterator[ServedSite]:
    """The built demo served on 127.0.0.1 for the whole session."""
    with serve(demo_project / "site") as served:
        yield served


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, launched once per session through Playwright."""
    if not CHROMIUM.exists():
        missing_tool(f"{CHROMIUM} not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_tool('the Python package playwright is not installed (pip install -e ".[test]")')
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def is_local(url: str) -> bool:
    """True for a URL served by the test server, or one that needs no network (data:, blob:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == LOCAL_HOST


@dataclass
class PageProbe:
    """A page with everything that went wrong on it recorded."""

    page: Page
    site: ServedSite
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    broken_resources: list[str] = field(default_factory=list)

    def goto(self, path: str, *, expect_status: int = 200) -> Page:
        """Open site path `path`, wait until the network is idle, check the HTTP status."""
        response = self.page.goto(self.site.page_url(path), wait_until="networkidle")
        assert response is not None, path
        assert response.status == expect_status, f"{path}: HTTP {response.status}"
        return self.page

    def problems(self) -> list[str]:
        """Everything recorded so far, one line each."""
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"request leaving the site: {u}" for u in self.external_requests]
            + [f"broken resource: {u}" for u in self.broken_resources]
        )

    def assert_clean(self) -> None:
        """No console or page error, no request outside the site, no broken resource."""
        assert not self.problems(), "\n".join(self.problems())

    def screenshot(self, name: str) -> Path:
        """Full-page screenshot saved as tests/artifacts/<name>.png (gitignored)."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@contextmanager
def open_probe(browser: Browser, site: ServedSite, **context_options: Any) -> Iterator[PageProbe]:
    """A new browser context and page on `site`, recording problems; closed at the end."""
    context = browser.new_context(locale="vi-VN", **context_options)
    page = context.new_page()
    probe = PageProbe(page, site)

    def on_route(route: Route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            # Recorded and aborted: the test fails, and nothing is sent off this machine.
            probe.external_requests.append(url)
            route.abort()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            probe.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def on_response(response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            probe.broken_resources.append(f"{response.status} {response.url}")

    def on_failed(request: Request) -> None:
        if is_local(request.url):
            probe.broken_resources.append(f"failed {request.url}: {request.failure}")

    context.route("**/*", on_route)
    page.on("console", on_console)
    page.on("pageerror", lambda error: probe.page_errors.append(str(error)))
    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    try:
        yield probe
    finally:
        context.close()


@pytest.fixture
def probe(chromium: Browser, demo_site: ServedSite) -> Iterator[PageProbe]:
    """A fresh page on the served demo (1280×900), recording problems."""
    with open_probe(chromium, demo_site, viewport={"width": 1280, "height": 900}) as found:
        yield found


# The reader review's phone (reference/reader-review.md): 390×844 CSS pixels, touch.
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def phone_probe(chromium: Browser, demo_site: ServedSite) -> Iterator[PageProbe]:
    """A page on the served demo at a phone's size, with touch."""
    with open_probe(chromium, demo_site, **PHONE) as found:
        yield found


@pytest.fixture(params=["light", "dark"])
def phone_probe_schemes(
    request: pytest.FixtureRequest, chromium: Browser, demo_site: ServedSite
) -> Iterator[PageProbe]:
    """A phone-sized page on the served demo in the light or the dark scheme."""
    with open_probe(chromium, demo_site, color_scheme=request.param, **PHONE) as found:
        yield found
