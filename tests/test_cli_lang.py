"""click's own words in the CLI: Vietnamese first, English with --lang en or VINHDANH_LANG=en."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.browser import ROOT

ENGLISH_HELP = ("Usage:", "Options:", "Show this message and exit.")


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Invoke `vinhdanh` in-process; VINHDANH_LANG is unset unless `env` sets it."""
    environment: dict[str, str | None] = {"VINHDANH_LANG": None, **(env or {})}
    result = CliRunner().invoke(cli, list(args), env=environment, prog_name="vinhdanh")
    return result.exit_code, result.output


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["new", "profile", "--help"]])
def test_help_is_vietnamese(args: list[str]) -> None:
    code, output = run(*args)
    assert code == 0
    assert output.startswith("Cách dùng: vinhdanh")
    assert "Tùy chọn:" in output
    assert "Hiện hướng dẫn này rồi thoát." in output
    for english in ENGLISH_HELP:
        assert english not in output, output


def test_group_help_lists_commands_in_vietnamese() -> None:
    _code, output = run("--help")
    assert "Lệnh:" in output and "Commands:" not in output
    assert "Hiện phiên bản rồi thoát." in output


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["build", "--lang", "en", "--help"], None),
        (["build", "--lang=en", "--help"], None),
        (["--help"], {"VINHDANH_LANG": "en"}),
        (["check", "--help"], {"VINHDANH_LANG": "en"}),
    ],
)
def test_help_is_english_when_asked(args: list[str], env: dict[str, str] | None) -> None:
    code, output = run(*args, env=env)
    assert code == 0
    for english in ENGLISH_HELP:
        assert english in output, output
    assert "Cách dùng" not in output and "Tùy chọn:" not in output


def test_language_follows_each_command_line_in_one_process() -> None:
    """click makes the --help option once per command: its text follows the language anyway."""
    assert "Hiện hướng dẫn này" in run("build", "--help")[1]
    assert "Show this message and exit." in run("build", "--help", "--lang", "en")[1]
    assert "Hiện hướng dẫn này" in run("build", "--help")[1]


def test_usage_errors_are_vietnamese() -> None:
    code, output = run("build", "--nope")
    assert code == 2
    assert "Lỗi: Không có tùy chọn '--nope'." in output
    assert "Xem 'vinhdanh build --help' để biết cách dùng." in output
    code, output = run("import")
    assert code == 2
    assert "Lỗi: Thiếu tham số 'SOURCE'." in output
    _code, output = run("buil")
    assert "Không có lệnh 'buil'. Có phải ý bạn là 'build'?" in output
    _code, output = run("check", "--format", "xml")
    assert "Giá trị không hợp lệ cho '--format': 'xml' không thuộc các giá trị" in output
    for english in ("Error:", "No such", "Missing", "Invalid value", "Try '"):
        assert english not in output


def test_usage_errors_are_english_with_lang_en() -> None:
    code, output = run("build", "--lang", "en", "--nope")
    assert code == 2
    assert "Error: No such option '--nope'." in output
    _code, output = run("import", "--lang", "en")
    assert "Error: Missing argument 'SOURCE'." in output


@pytest.mark.slow
def test_console_entry_point_speaks_vietnamese() -> None:
    """The real `vinhdanh` entry (cli.main) in a process of its own."""
    env = {k: v for k, v in os.environ.items() if k != "VINHDANH_LANG"}
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-c", "from generator.cli import main; main()"]
    shown = subprocess.run(
        [*command, "--help"], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    assert "Cách dùng: vinhdanh" in shown.stdout and "Show this message" not in shown.stdout
    failed = subprocess.run(
        [*command, "serve", "--dev-addr", "nowhere"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert failed.returncode == 2
    assert "Lỗi: Giá trị không hợp lệ cho --dev-addr: dạng host:port" in failed.stderr
