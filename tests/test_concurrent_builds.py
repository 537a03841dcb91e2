"""Two builds in one project folder, as real processes: one waits for the other, or says why not.

An editor's `vinhdanh serve` and a `vinhdanh build`, or two CI jobs on one runner, used to share
build/ and the caches mid-build: a FileNotFoundError traceback, or a page older than its API
document that later builds kept. The build lock (generator.incremental.lock.build_lock)
serialises them; these tests start real `vinhdanh build` processes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_build import page, snapshot

from generator.incremental.lock import LOCK_FILE
from tests.projects import write_build_project as write_project

# Every test here builds a site or drives the browser (pyproject.toml: markers).
pytestmark = pytest.mark.slow

TODAY = "2024-02-01"
SUMMARY = "Giáo viên dạy giỏi nhiều năm liền."
SLUG = "nguyen-thi-hoa"
MAIN = "from generator.cli import main; main()"


def start_build(root: Path, *args: str) -> subprocess.Popen[str]:
    """`vinhdanh build` in a process of its own."""
    return subprocess.Popen(
        [sys.executable, "-c", MAIN, "build", "--root", str(root), "--today", TODAY, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = process.communicate(timeout=600)
    return process.returncode, out + err


def edit_summary(root: Path, text: str) -> None:
    path = root / "profiles" / f"{SLUG}.yml"
    source = path.read_text(encoding="utf-8")
    start = source.index("summary: ")
    end = source.index("\n", start)
    path.write_text(f"{source[:start]}summary: {text}{source[end:]}", encoding="utf-8")


def published_summaries(root: Path) -> tuple[bool, str]:
    """Whether the profile page shows the API document's summary, and that summary."""
    data = json.loads((root / "site" / "api" / "v1" / "profiles" / f"{SLUG}.json").read_text())
    summary = data["summary"]
    return summary in page(root / "site", f"ho-so/{SLUG}/"), summary


def test_builds_started_together_run_one_after_the_other(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    code, output = finish(start_build(root))
    assert code == 0, output
    for round_ in range(3):
        text = f"Bản sửa lần {round_ + 1} của đoạn tóm tắt."
        edit_summary(root, text)
        first, second = start_build(root), start_build(root)
        results = [finish(first), finish(second)]
        for code, output in results:
            assert code == 0, output
            assert "Traceback" not in output
        assert published_summaries(root) == (True, text)
    # The caches recorded what was written: a further build finds nothing to do, and the page
    # agrees with its document.
    code, output = finish(start_build(root))
    assert code == 0 and published_summaries(root)[0]


def hold_lock(root: Path) -> subprocess.Popen[str]:
    """Another process holding the project's build lock until it is killed."""
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from generator.incremental.lock import build_lock\n"
        "with build_lock(Path(sys.argv[1]), 0):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(600)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(root)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_a_build_that_cannot_wait_longer_says_so_and_keeps_the_site(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    assert finish(start_build(root))[0] == 0
    before = snapshot(root / "site")
    edit_summary(root, "Không được đăng khi đang có lần dựng khác.")
    holder = hold_lock(root)
    try:
        started = time.monotonic()
        code, output = finish(start_build(root, "--wait", "1"))
        assert time.monotonic() - started >= 1
        assert code == 1
        assert output.splitlines() == [
            f"{LOCK_FILE}:1:1: một lần dựng trang khác đang chạy trong thư mục dự án này "
            f"(tiến trình {holder.pid}); đã chờ 1 giây. Hãy đợi lần dựng đó xong (hoặc dừng "
            "nó) rồi chạy lại",
            "Dựng trang thất bại; site/ giữ nguyên.",
        ]
        code, output = finish(start_build(root, "--wait", "0", "--lang", "en"))
        assert output.splitlines()[0] == (
            f"{LOCK_FILE}:1:1: another build is running in this project folder (process "
            f"{holder.pid}); waited 0 s. Let it finish (or stop it), then run again"
        )
        assert snapshot(root / "site") == before
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_build_does_not_block_the_next(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    holder = hold_lock(root)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    code, output = finish(start_build(root, "--wait", "0"))
    assert code == 0, output
    assert published_summaries(root) == (True, SUMMARY)


def test_a_waiting_build_starts_when_the_first_ends(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    holder = hold_lock(root)
    waiting = start_build(root, "--wait", "120")
    time.sleep(1.5)
    assert waiting.poll() is None  # still waiting: nothing built yet
    assert not (root / "site").exists()
    holder.kill()
    holder.wait()
    code, output = finish(waiting)
    assert code == 0, output
    assert (root / "site" / "index.html").is_file()
