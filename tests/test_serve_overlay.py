"""`vinhdanh serve` as an editor uses it: a real server process, a page open in Chromium, a
profile broken and fixed on disk; the errors show over the page and go once fixed."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser import ROOT
from tests.editors_project import PERSON, write_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser

# Every test here builds a site or drives the browser (pyproject.toml: markers).
pytestmark = pytest.mark.slow

TIMEOUT_S = 60
PROFILE = "profiles/nguyen-van-an.yml"
PAGE = "ho-so/nguyen-van-an/"
OVERLAY = "#vinhdanh-preview-errors"


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def status(base: str) -> dict[str, Any]:
    """The preview's /__vinhdanh/status.json."""
    with urllib.request.urlopen(base + "__vinhdanh/status.json", timeout=5) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


@contextmanager
def serving(project: Path, *args: str, builds: int = 1) -> Iterator[tuple[str, Path]]:
    """`vinhdanh serve` in its own process group, once it has made `builds` builds (it
    answers either way); yields its URL and its output file."""
    port = free_port()
    log = project.parent / "serve.log"
    env = {k: v for k, v in os.environ.items() if k != "VINHDANH_LANG"}
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-c", "from generator.cli import main; main()", "serve"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--root", str(project), "--dev-addr", f"127.0.0.1:{port}", *args],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            try:
                if status(base)["build"] == builds:
                    break
            except OSError:
                pass
            assert process.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "serve did not start:\n" + log.read_text()
            time.sleep(0.3)
        yield base, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def test_errors_show_on_the_page_and_go_once_fixed(chromium: Browser, tmp_path: Path) -> None:
    project = write_project(tmp_path / "project")
    profile = project / PROFILE
    with serving(project) as (base, log):
        page = chromium.new_page()
        try:
            page.set_default_timeout(TIMEOUT_S * 1000)
            page.goto(base + PAGE)
            assert "Nguyễn Văn An" in page.locator("h1").inner_text()
            assert page.locator(OVERLAY).count() == 0

            # A tab in the indentation (line 11): a YAML syntax error, in Vietnamese.
            profile.write_text(
                PERSON.replace("  district: Triệu Phong", "\tdistrict: Triệu Phong"),
                encoding="utf-8",
            )
            overlay = page.locator(OVERLAY)
            overlay.get_by_text(f"{PROFILE}:11:1").wait_for()
            assert overlay.get_attribute("role") == "alert"
            text = overlay.inner_text()
            assert "Nguồn có lỗi" in text
            assert "Tab" in text, text
            assert "11 | ⇥   district: Triệu Phong" in overlay.locator("pre").inner_text()
            # The overlay does not take the focus from what the editor was reading.
            assert page.evaluate("document.activeElement === document.body")
            # The page kept the previous build under the overlay.
            assert "Nguyễn Văn An" in page.locator("h1").inner_text()

            # A semantic error: an award that is not in the catalogue (line 16).
            profile.write_text(
                PERSON.replace("award: huan-chuong-lao-dong", "award: huan-chuong-sieu-nhan"),
                encoding="utf-8",
            )
            overlay.get_by_text(f"{PROFILE}:16:5").wait_for()
            assert "huan-chuong-sieu-nhan" in overlay.inner_text()
            assert f"{PROFILE}:11:1" not in overlay.inner_text()

            # Fixed, with a visible change: the page reloads by itself and the overlay is gone.
            profile.write_text(
                PERSON.replace("Nông dân sản xuất giỏi.", "Nông dân sản xuất rất giỏi."),
                encoding="utf-8",
            )
            page.get_by_text("Nông dân sản xuất rất giỏi.").first.wait_for()
            page.locator(OVERLAY).wait_for(state="detached")
            assert "Nguyễn Văn An" in page.locator("h1").inner_text()
        finally:
            page.close()
        output = log.read_text(encoding="utf-8")
    assert "Đang xem trước tại http://127.0.0.1:" in output
    assert f"{PROFILE}:11:1: lỗi cú pháp YAML" in output
    assert "Còn 1 lỗi" in output
    assert "Có tệp thay đổi, đang dựng lại…" in output
    assert "Đã dựng lại" in output
    # MkDocs' own English lines are not shown, the misleading "Use --clean" least of all.
    for english in ("Use --clean", "Building documentation", "Serving on", "Reloading browsers"):
        assert english not in output, output


def test_serve_does_not_change_what_build_writes(tmp_path: Path) -> None:
    """The overlay is injected in responses only: site/ holds what `vinhdanh build` writes."""
    project = write_project(tmp_path / "project")
    with serving(project) as (base, _log):
        with urllib.request.urlopen(base + PAGE, timeout=10) as response:
            served = response.read()
        with urllib.request.urlopen(base + "__vinhdanh/overlay.js", timeout=10) as response:
            script = response.read().decode()
        try:
            urllib.request.urlopen(base + "khong-co-trang-nay/", timeout=10)
        except urllib.error.HTTPError as missing:
            assert missing.code == 404
            not_found = missing.read()
        else:
            raise AssertionError("expected a 404")
    on_disk = (project / "site" / PAGE / "index.html").read_bytes()
    assert b"/__vinhdanh/overlay.js" in served
    assert b"__vinhdanh" not in on_disk
    assert "role" in script and "status.json" in script
    assert not list((project / "site").rglob("*__vinhdanh*"))
    # The site's own 404 page, as a host serves it, with the overlay too.
    tag = re.search(rb'<script src="/__vinhdanh/overlay.js"[^>]*></script>', not_found)
    assert tag is not None, not_found[-300:]
    assert not_found.replace(tag[0], b"") == (project / "site" / "404.html").read_bytes()


def test_english_with_lang_en(tmp_path: Path) -> None:
    """`serve --lang en`: the terminal, the status the overlay shows and the YAML hint."""
    project = write_project(tmp_path / "project")
    profile = project / PROFILE
    with serving(project, "--lang", "en") as (base, log):
        profile.write_text(PERSON.replace("kind: individual", "kind:individual"), "utf-8")
        deadline = time.monotonic() + TIMEOUT_S
        while not (errors := status(base)["errors"]):
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.3)
        assert status(base)["lang"] == "en"
        (error,) = errors
        assert (error["path"], error["line"]) == (PROFILE, 3)
        assert "put a space after the ':'" in error["message"]
        assert error["source"] == "kind:individual"
        output = log.read_text(encoding="utf-8")
    assert "Previewing at http://127.0.0.1:" in output
    assert "Errors left: 1. Not rebuilt" in output
    assert "Đang xem trước" not in output and "lỗi" not in output


def test_a_first_build_that_fails_still_shows_why(chromium: Browser, tmp_path: Path) -> None:
    """No site yet: every path answers a bare 404 page with the overlay, then the site once
    the error is fixed."""
    project = write_project(tmp_path / "project")
    profile = project / PROFILE
    profile.write_text(PERSON.replace("summary: Nông dân", "summary: Ghi chú: nông dân"), "utf-8")
    with serving(project, builds=0) as (base, _log):
        page = chromium.new_page()
        try:
            page.set_default_timeout(TIMEOUT_S * 1000)
            page.goto(base + PAGE)
            overlay = page.locator(OVERLAY)
            overlay.get_by_text(f"{PROFILE}:26:").wait_for()
            assert "phải đặt trong dấu nháy" in overlay.inner_text()
            assert "Chưa có trang này" in page.locator("h1").inner_text()
            profile.write_text(PERSON, "utf-8")
            page.locator("h1", has_text="Nguyễn Văn An").wait_for()
            assert page.locator(OVERLAY).count() == 0
        finally:
            page.close()
