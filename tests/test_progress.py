"""Progress of `vinhdanh build` and `vinhdanh import` on stderr: plain lines in CI, a rich bar
on a terminal (a real pseudo-terminal), nothing on stdout, and the same site either way."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from editors_project import ROWS, write_project, write_xlsx

from benchmarks.synthetic import write_project as write_synthetic
from generator.progress import (
    SILENT,
    LinesProgress,
    RichProgress,
    count_text,
    make_progress,
)

VINHDANH = [sys.executable, "-c", "from generator.cli import main; main()"]
SECONDS = re.compile(r"\d+\.\d (giây|s)\.$", re.M)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "VINHDANH_PROGRESS", "TERM")}
    env.update(extra)
    return env


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two copies of one synthetic project with photos (cards and photos to encode)."""
    base = tmp_path_factory.mktemp("progress")
    for name in ("ci", "quiet"):
        write_synthetic(base / name, 20, seed=3, photos=2)
    return base / "ci", base / "quiet"


@pytest.mark.slow
@pytest.mark.slow
def test_build_in_ci_writes_stage_lines_on_stderr_and_the_same_stdout_and_site(
    projects: tuple[Path, Path],
) -> None:
    ci_root, quiet_root = projects
    command = [*VINHDANH, "build"]
    ci = subprocess.run(
        [*command, "--root", str(ci_root)], capture_output=True, text=True, env=_env(CI="true")
    )
    assert ci.returncode == 0, ci.stderr
    quiet = subprocess.run(
        [*command, "--root", str(quiet_root)],
        capture_output=True,
        text=True,
        env=_env(VINHDANH_PROGRESS="off"),
    )
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""
    lines = ci.stderr.splitlines()
    stages = [line for line in lines if line.endswith("…")]
    assert stages == [
        "Đọc, kiểm tra hồ sơ…",
        "Ảnh, thẻ chia sẻ…",
        "Trang, dữ liệu mở…",
        "Dựng HTML (MkDocs)…",
        "Chỉ mục tìm kiếm…",
        "Ghi site/…",
    ]
    # Every card and photo is new: the count ends at its total; a short build writes few lines.
    counts = [line for line in lines if line.startswith("Ảnh, thẻ chia sẻ: ")]
    assert counts and re.fullmatch(r"Ảnh, thẻ chia sẻ: (\d+)/\1", counts[-1]), counts
    assert len(lines) <= len(stages) + 11
    # Nothing of the progress on stdout: the summary, as before, and the same site.
    assert SECONDS.sub("", ci.stdout) == SECONDS.sub("", quiet.stdout)
    assert ci.stdout.startswith("Đã dựng ")
    assert _tree(ci_root / "site") == _tree(quiet_root / "site")


def _run_in_terminal(command: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run `command` with stdin, stdout and stderr on a new pseudo-terminal; all it showed."""
    main, side = pty.openpty()
    proc = subprocess.Popen(command, stdin=side, stdout=side, stderr=side, env=env)
    os.close(side)
    shown = bytearray()
    while True:
        ready, _, _ = select.select([main], [], [], 120)
        if not ready:
            proc.kill()
            raise AssertionError("no output for 120 s")
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the terminal's other side is closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    return proc.wait(), shown.decode("utf-8", "replace")


@pytest.mark.slow
@pytest.mark.slow
def test_build_on_a_terminal_draws_a_rich_progress_bar(projects: tuple[Path, Path]) -> None:
    _ci_root, root = projects
    code, shown = _run_in_terminal(
        [*VINHDANH, "build", "--root", str(root), "--clean"],
        _env(TERM="xterm-256color", COLUMNS="100"),
    )
    assert code == 0, shown
    assert "\x1b[?25l" in shown and "\x1b[?25h" in shown  # cursor hidden while drawing
    assert "━" in shown  # the bars
    plain = ANSI.sub("", shown)
    # The last frame: every stage ticked, with its time.
    for label in ("Đọc, kiểm tra hồ sơ", "Ảnh, thẻ chia sẻ", "Dựng HTML (MkDocs)", "Ghi site/"):
        assert re.search(rf"✓ {re.escape(label)} +━+ +.*\d:\d\d:\d\d", plain), label
    assert re.search(r"Đã dựng \d+ trang", plain)


@pytest.mark.slow
@pytest.mark.slow
def test_import_shows_the_rows_read(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site")
    source = write_xlsx(tmp_path / "roll.xlsx", ROWS)
    done = subprocess.run(
        [*VINHDANH, "import", str(source), "--root", str(root), "--dry-run"],
        capture_output=True,
        text=True,
        env=_env(CI="true"),
    )
    lines = done.stderr.splitlines()
    assert lines[:3] == ["Đọc dự án…", "Đọc bảng tính…", "Dòng…"], done.stderr
    rows = [line for line in lines if line.startswith("Dòng: ")]
    assert rows and re.fullmatch(r"Dòng: (\d+)/\1", rows[-1]), lines
    assert "Kiểm tra hồ sơ nhập…" in lines
    assert "Đọc dự án…" not in done.stdout
    english = subprocess.run(
        [*VINHDANH, "import", str(source), "--root", str(root), "--dry-run", "--lang", "en"],
        capture_output=True,
        text=True,
        env=_env(CI="true"),
    )
    assert english.stderr.splitlines()[:3] == ["Reading the project…", "Reading the spreadsheet…",
                                               "Rows…"]  # fmt: skip


def test_plain_lines_are_throttled_and_counted_the_readers_way() -> None:
    out = io.StringIO()
    progress = LinesProgress("vi", out)
    progress.stage("images")
    progress.stage("images", 2_000)  # the total, known later: no second line
    for _ in range(2_000):
        progress.advance()
    progress.stage("pages")
    progress.finish()
    # Fast work (no tenth seconds after the line before): the end only.
    assert out.getvalue().splitlines() == [
        "Ảnh, thẻ chia sẻ…",
        "Ảnh, thẻ chia sẻ: 2.000/2.000",
        "Trang, dữ liệu mở…",
    ]
    assert count_text(1_000, "en") == "1,000"


def test_the_reporter_follows_the_terminal_and_the_environment() -> None:
    main, side = pty.openpty()
    with os.fdopen(side, "w", encoding="utf-8") as terminal:
        bar = make_progress("vi", terminal, {"TERM": "xterm"})
        assert isinstance(bar, RichProgress)
        bar.finish()
        for env in ({"CI": "true"}, {"TERM": "dumb"}, {"VINHDANH_PROGRESS": "lines"}):
            assert isinstance(make_progress("vi", terminal, env), LinesProgress), env
        assert make_progress("vi", terminal, {"VINHDANH_PROGRESS": "off"}) is SILENT
    os.close(main)
    assert isinstance(make_progress("vi", io.StringIO(), {}), LinesProgress)
