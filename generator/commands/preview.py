"""The preview of `vinhdanh serve`: site/ as built, an overlay listing the sources' errors on
every page, and a reload once they are fixed.

Nothing here changes what a build writes: the overlay script is injected into HTML responses
at serve time (next to the live-reload script of the engine generator.commands.sitengine
runs, MkDocs unless told otherwise), and its two files live under /__vinhdanh/, a path no site has.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import sys
import threading
import traceback
import urllib.parse
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from generator.commands.build import build_project
from generator.commands.buildfolder import SITE_DIR
from generator.commands.inputs import input_paths
from generator.commands.outcome import BuildError
from generator.commands.sitengine import LiveReloadServer, engine_logger
from generator.errors import Lang, Problem

OVERLAY_PATH = "/__vinhdanh/overlay.js"
STATUS_PATH = "/__vinhdanh/status.json"
SOURCE_LINE_LIMIT = 300  # characters of the offending line the overlay shows
MAX_OVERLAY_ERRORS = 50  # a broken config can make hundreds; the first ones say enough

_SAY: dict[str, tuple[str, str]] = {
    "serving": (
        "Đang xem trước tại {url} (Ctrl+C để dừng).",
        "Previewing at {url} (Ctrl+C to stop).",
    ),
    "changed": ("Có tệp thay đổi, đang dựng lại…", "Files changed, rebuilding…"),
    "built": (
        "Đã dựng trang vào site/: {written} tệp thay đổi, {seconds:.1f} giây.",
        "Built the site into site/: {written} files changed, {seconds:.1f} s.",
    ),
    "rebuilt": (
        "Đã dựng lại: {written} tệp thay đổi, {seconds:.1f} giây.",
        "Rebuilt: {written} files changed, {seconds:.1f} s.",
    ),
    "failed": (
        "Còn {count} lỗi: chưa dựng lại, trang đang xem vẫn là bản trước (lỗi hiện trên trang).",
        "Errors left: {count}. Not rebuilt, the page shown is the previous build "
        "(the errors show on the page).",
    ),
    "crashed": ("lỗi khi dựng trang: {reason}", "the build crashed: {reason}"),
    "no_page": ("Chưa có trang này", "No such page yet"),
    "no_page_text": (
        "Trang này chưa được dựng, hoặc không có trong trang web.",
        "This page has not been built, or is not part of the site.",
    ),
}


def say(key: str, lang: Lang, **params: object) -> str:
    """One preview message in `lang`."""
    vi, en = _SAY[key]
    return (vi if lang == "vi" else en).format(**params)


class PreviewStatus:
    """What the overlay asks for: how many builds succeeded, and the last build's errors."""

    def __init__(self, root: Path, lang: Lang) -> None:
        self.root = root
        self.lang = lang
        self.build = 0
        self.errors: list[dict[str, object]] = []
        self._lock = threading.Lock()

    def succeeded(self) -> None:
        """A build wrote site/: pages served from now on are that build."""
        with self._lock:
            self.build += 1
            self.errors = []

    def failed(self, problems: Iterable[Problem], messages: Iterable[str] = ()) -> int:
        """The last build stopped on these errors; return how many."""
        entries = [{"path": "", "line": 0, "col": 0, "message": m, "source": ""} for m in messages]
        entries += [self._entry(p) for p in problems if p.severity == "error"]
        with self._lock:
            self.errors = entries[:MAX_OVERLAY_ERRORS]
        return len(entries)

    def as_json(self) -> bytes:
        """The status as /__vinhdanh/status.json serves it."""
        with self._lock:
            data = {"build": self.build, "lang": self.lang, "errors": self.errors}
        return json.dumps(data, ensure_ascii=False).encode()

    def _entry(self, problem: Problem) -> dict[str, object]:
        return {
            "path": problem.path,
            "line": problem.line,
            "col": problem.col,
            "message": (f"{problem.field}: " if problem.field else "") + problem.message(self.lang),
            "source": self._source_line(problem.path, problem.line),
        }

    def _source_line(self, relpath: str, line: int) -> str:
        # The editor's own file, read as it is now; a path that leaves the project is not read.
        path = (self.root / relpath).resolve()
        if line < 1 or not path.is_relative_to(self.root.resolve()) or not path.is_file():
            return ""
        try:
            with path.open(encoding="utf-8", errors="replace") as handle:
                for number, text in enumerate(handle, 1):
                    if number == line:
                        return text.rstrip("\r\n")[:SOURCE_LINE_LIMIT]
        except OSError:
            return ""
        return ""


class PreviewServer(LiveReloadServer):
    """The engine's live-reload server (generator.commands.sitengine), plus the error overlay
    and the site's own 404 page."""

    def __init__(self, status: PreviewStatus, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.status = status
        self.error_handler = self._error_page

    def _serve_request(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes] | None:
        path = environ["PATH_INFO"]
        if path == STATUS_PATH:
            # The status quotes lines of the editor's sources (drafts, unpublished personal
            # data): answered only to a page of this server, never to another site's page
            # that reached it by a rebound DNS name.
            if not self._own_host(environ.get("HTTP_HOST", "")):
                start_response("403 Forbidden", [("Content-Type", "text/plain")])
                return [b"403"]
            return self._respond(start_response, "application/json", self.status.as_json())
        if path == OVERLAY_PATH:
            script = resources.files("generator").joinpath("data/preview-overlay.js").read_bytes()
            return self._respond(start_response, "application/javascript", script)
        return super()._serve_request(environ, start_response)

    def _own_host(self, host: str) -> bool:
        """Whether a request's Host header names this server (its address, or localhost)."""
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        name = name.strip("[]").lower()
        own = urllib.parse.urlsplit(self.url).hostname or ""
        return name in {own.lower(), "localhost", "127.0.0.1", "::1"}

    @staticmethod
    def _respond(start_response: Callable[..., Any], kind: str, body: bytes) -> list[bytes]:
        start_response(
            "200 OK",
            [
                ("Content-Type", f"{kind}; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
            ],
        )
        return [body]

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)  # type: ignore[no-untyped-call]
        return self._inject_overlay(content)

    def _inject_overlay(self, content: bytes) -> bytes:
        tag = (
            f'<script src="{OVERLAY_PATH}" data-build="{self.status.build}" '
            f'data-lang="{self.status.lang}"></script>'
        ).encode()
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        return content[:end] + tag + content[end:]

    def _error_page(self, code: int) -> bytes | None:
        """The site's 404.html (as a host serves it), else a bare page; both with the overlay,
        so an editor whose first build failed still sees why."""
        if code != 404:
            return None
        page = Path(self.root) / "404.html"
        if page.is_file():
            return self._inject_overlay(page.read_bytes())
        lang = self.status.lang
        bare = (
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{say('no_page', lang)}</title></head><body><h1>{say('no_page', lang)}</h1>"
            f"<p>{say('no_page_text', lang)}</p></body></html>"
        )
        return self._inject_overlay(bare.encode())

    def keep_pages(self) -> None:
        """After a failed build: the pages served stay current, so browsers do not reload."""
        # LiveReloadServer._build_loop makes browsers reload to the epoch set before the build;
        # the site did not change, so that epoch goes back to the one the pages have.
        with self._epoch_cond:
            self._wanted_epoch = self._visible_epoch
            self._epoch_cond.notify_all()


class _Changes(logging.Filter):
    """Turns MkDocs' "Detected file changes" into our line; drops its other lines but errors
    (a request that failed in the server itself)."""

    def __init__(self, lang: Lang) -> None:
        super().__init__()
        self.lang = lang

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage().endswith("Detected file changes"):  # after a "[hh:mm:ss] "
            print(say("changed", self.lang), file=sys.stderr, flush=True)
        return record.levelno >= logging.ERROR


def serve_preview(
    root: Path, host: str, port: int, today: dt.date | None = None, lang: Lang = "vi"
) -> None:
    """Build, serve site/ on host:port with the error overlay, rebuild when sources change."""
    # Each save runs the very build `vinhdanh build` runs, incremental and atomic: an edit
    # redoes only what changed (seconds at 10,000 profiles, not a full MkDocs build), a save
    # with errors leaves the page being read as it was, and site/ is what a deploy would get.
    root = root.absolute()
    site_dir = root / SITE_DIR
    status = PreviewStatus(root, lang)
    # MkDocs' own serve lines are English, and some mislead here ("Use --clean"): its build
    # warnings reach the build (which fails on them) through its own handler, the rest is ours.
    engine_logger().addHandler(logging.NullHandler())
    engine_logger("livereload").setLevel(logging.INFO)  # for "Detected file changes"
    engine_logger("livereload").addFilter(_Changes(lang))
    server: PreviewServer | None = None

    def rebuild() -> None:
        try:
            built = build_once()
        finally:
            # The last build's model is garbage now; `vinhdanh` sets the collector to run
            # seldom (cli.main), so it is collected here, while the editor reads (the caches
            # a build loads are frozen out of the collector:
            # generator.incremental.buildcache._no_gc).
            gc.unfreeze()
            gc.collect()
        if built:
            status.succeeded()
        elif server is not None:
            server.keep_pages()

    def build_once() -> bool:
        try:
            result = build_project(root, today)
        except BuildError as exc:
            lines = exc.lines(lang)
            print("\n".join(lines), file=sys.stderr)
            plain = lines[: len(lines) - len(exc.problems)]
            count = status.failed(exc.problems, plain)
            print(say("failed", lang, count=count), file=sys.stderr, flush=True)
            return False
        except Exception as exc:  # a preview keeps running; the next save rebuilds
            traceback.print_exc()
            status.failed([], [say("crashed", lang, reason=f"{type(exc).__name__}: {exc}")])
            return False
        for problem in result.report:
            print(problem.format(lang), file=sys.stderr)
        if not result.built:
            count = status.failed(result.report)
            print(say("failed", lang, count=count), file=sys.stderr, flush=True)
            return False
        written, seconds = result.docs.written, result.seconds
        key = "rebuilt" if status.build else "built"
        print(say(key, lang, written=written, seconds=seconds), file=sys.stderr, flush=True)
        return True

    rebuild()
    site_dir.mkdir(exist_ok=True)  # served even if the first build failed
    server = PreviewServer(status, builder=rebuild, host=host, port=port, root=str(site_dir))
    for path in input_paths(root):
        if path.exists():
            server.watch(str(path))
    print(say("serving", lang, url=server.url), file=sys.stderr, flush=True)
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
