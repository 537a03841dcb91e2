"""What a build's processes import to start: a build that finds nothing changed only its start
(generator.commands.buildstart), the site engine's process no schema of ours."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.build import build_project
from tests.projects import write_build_project

TODAY = "2024-02-01"
# What the rest of a build imports, ~0.6 s of start-up a no-change build does not need.
HEAVY = ("pydantic", "jinja2", "PIL", "yaml", "markdown", "mkdocs", "nh3", "generator.model")
# The command as `vinhdanh build` runs it, but raising SystemExit where main() calls os._exit,
# so that what it imported can be printed (on stderr, after the build's own output).
REPORT = """
import json, sys
from generator.cli import cli
try:
    cli(["build", "--root", sys.argv[1], "--today", sys.argv[2]], prog_name="vinhdanh")
except SystemExit as exc:
    print(json.dumps([exc.code, sorted(sys.modules)]), file=sys.stderr)
"""


def _command_modules(root: Path) -> tuple[object, list[str]]:
    """`vinhdanh build` in a fresh interpreter: its exit code and the modules it imported."""
    env = {**os.environ, "LANG": "C.UTF-8", "TZ": "UTC", "SOURCE_DATE_EPOCH": "1706745600"}
    done = subprocess.run(
        [sys.executable, "-c", REPORT, str(root), TODAY],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    exit_code, modules = json.loads(done.stderr.strip().splitlines()[-1])
    return exit_code, modules


@pytest.mark.slow
def test_no_change_build_imports_no_heavy_module(tmp_path: Path) -> None:
    root = write_build_project(tmp_path)
    exit_code, modules = _command_modules(root)  # the first build: everything
    assert exit_code == 0
    assert {"pydantic", "jinja2", "generator.model"} <= set(modules)
    exit_code, modules = _command_modules(root)  # nothing changed
    assert exit_code == 0
    loaded = sorted({m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY})
    loaded += [m for m in modules if m.startswith("generator.model")]
    assert loaded == []
    (root / "site" / "index.html").unlink()  # site/ damaged: the whole build runs again
    exit_code, modules = _command_modules(root)
    assert exit_code == 0
    assert (root / "site" / "index.html").is_file()


@pytest.mark.slow
def test_no_change_build_reports_the_last_one(tmp_path: Path) -> None:
    root = write_build_project(tmp_path)
    first = build_project(root, today=None)
    again = build_project(root, today=None)
    assert again.built and (again.pages, again.extra_pages) == (first.pages, first.extra_pages)
    assert again.report == first.report
    assert list(again.timings) == ["input digest", "site/ unchanged"]


def test_the_engine_process_imports_no_schema() -> None:
    # The engine runs in a new interpreter that unpickles sitengine.build_pages: importing it
    # once pulled the resolved model and pydantic's schemas in (~0.2 s of every edit's CPU).
    code = (
        "import sys, generator.commands.processes, generator.commands.sitengine\n"
        "print(' '.join(sys.modules))"
    )
    env = {**os.environ, "LANG": "C.UTF-8", "TZ": "UTC"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    loaded = set(done.stdout.split())
    schemas = {"pydantic", "PIL", "generator.source.documents", "generator.model.resolved"}
    assert not loaded & schemas
