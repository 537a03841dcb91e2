"""The publish workflow (.github/workflows/publish.yml): cached between runs, daily, and loud
when the site outgrows its host. Its own build steps are run here, twice, each time in a fresh
folder, with the cache carried from the first to the second as actions/cache carries it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.commands.hostlimits import HOSTS, SiteSize, measure, over_limits
from generator.commands.trash import TRASH_DIR
from tests.browser import ROOT, copy_demo

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
CACHE = ".vinhdanh-cache"
# The `vinhdanh` console script, run from this checkout whatever is installed.
VINHDANH = [sys.executable, "-c", "import sys; from generator.cli import main; main()"]


def build_steps() -> list[dict[str, Any]]:
    """The steps of the workflow's build job."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps: list[dict[str, Any]] = workflow["jobs"]["build"]["steps"]
    return steps


def cache_paths(step: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The folders an actions/cache step saves and the ones it leaves out ("!…" lines)."""
    lines = [line.strip() for line in step["with"]["path"].splitlines() if line.strip()]
    return [p for p in lines if not p.startswith("!")], [p[1:] for p in lines if p[0] == "!"]


def test_the_workflow_keeps_its_cache_runs_daily_and_checks_the_hosts_limits() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # PyYAML reads the key `on` as True (YAML 1.1).
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["schedule"] and "push" in triggers
    steps = build_steps()
    names = [step.get("uses", "").split("@")[0] or step.get("run", "") for step in steps]
    [cache] = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
    # The cache, but not its trash: a deleter may still be emptying it when the job saves.
    assert cache_paths(cache) == ([CACHE], [TRASH_DIR])
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"].strip()
    # A new key each commit (so it is saved), restored from any earlier one of the same
    # dependencies; the dependencies are part of both.
    assert "hashFiles('pyproject.toml')" in restore and key.startswith(restore)
    assert "github.sha" in key
    runs = [s.get("run", "") for s in steps]
    build = runs.index("vinhdanh build")
    assert names.index("actions/cache") < build, "the cache is restored before the build"
    assert any(r.startswith("vinhdanh limits") for r in runs[build + 1 :])


def _run_steps(folder: Path, env: dict[str, str]) -> list[str]:
    """Run the workflow's own `vinhdanh` steps in `folder`, in order; their outputs."""
    outputs = []
    for step in build_steps():
        command = step.get("run", "")
        if not command.startswith("vinhdanh "):
            continue
        argv = [*VINHDANH, *command.split()[1:]]
        done = subprocess.run(
            argv, cwd=folder, env=env, capture_output=True, text=True, timeout=600, check=False
        )
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        outputs.append(done.stdout)
    return outputs


@pytest.mark.slow
def test_the_second_publish_reuses_the_first_ones_photos_and_cards(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1786492800", "VINHDANH_PROGRESS": "off"}
    env["PYTHONPATH"] = str(ROOT)
    first = copy_demo(tmp_path / "run-1", page_size=None)
    _run_steps(first, env)
    # actions/cache: the folder is saved after the job and restored into the next checkout.
    store = tmp_path / "actions-cache"
    [cache] = [s for s in build_steps() if s.get("uses", "").startswith("actions/cache@")]
    _saved, left_out = cache_paths(cache)
    skipped = {str(first / path) for path in left_out}
    shutil.copytree(
        first / CACHE,
        store,
        symlinks=True,
        ignore=lambda folder, names: [n for n in names if f"{folder}/{n}" in skipped],
    )
    cards = sorted((store / "images" / "cards").rglob("*.png"))
    assert cards, "the first publish drew cards"
    before = {p.relative_to(store): p.stat().st_mtime_ns for p in (store / "images").rglob("*")}

    second = copy_demo(tmp_path / "run-2", page_size=None)
    shutil.copytree(store, second / CACHE, symlinks=True)
    outputs = _run_steps(second, env)
    after = {
        p.relative_to(second / CACHE): p.stat().st_mtime_ns
        for p in (second / CACHE / "images").rglob("*")
    }
    # No photo or card encoded again: every entry is the restored file, untouched (copytree
    # keeps modification times), and none was added.
    drawn = {
        p
        for p, mtime in after.items()
        if ("cards" in p.parts or "photos" in p.parts) and before.get(p) != mtime
    }
    assert drawn == set(), sorted(drawn)[:5]
    assert "Vừa giới hạn" in outputs[-1]
    # The same site as the first publish, byte for byte.
    for path in (first / "site").rglob("*"):
        if path.is_file():
            twin = second / "site" / path.relative_to(first / "site")
            assert twin.read_bytes() == path.read_bytes(), path


def test_limits_name_what_a_site_passes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "big.bin").write_bytes(b"\0" * 3000)
    (site / "index.html").write_bytes(b"<p>")
    size = measure(site)
    assert size == SiteSize(3003, 2, ("a/big.bin", 3000))
    assert over_limits(size, HOSTS["github-pages"]) == []
    small = SiteSize(1_200_000_000, 25_000, ("x.zip", 30 * 1024 * 1024))
    assert [what for what, _m, _l in over_limits(small, HOSTS["github-pages"])] == ["bytes"]
    assert [what for what, _m, _l in over_limits(small, HOSTS["cloudflare-pages"])] == [
        "files",
        "file_bytes",
    ]


def test_limits_command_fails_loudly_over_a_limit(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for n in range(3):
        (site / f"{n}.html").write_bytes(b"x")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ok = subprocess.run(
        [*VINHDANH, "limits", "--site", str(site)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert ok.returncode == 0 and "3 tệp" in ok.stdout
    # A host whose limit the three files pass, as a roll outgrows Cloudflare's 20,000.
    code = (
        "import sys; from generator import cli; from generator.commands import hostlimits as h;"
        "h.HOSTS['cloudflare-pages'] = h.HostLimits('Cloudflare Pages', max_files=2);"
        "sys.argv = ['vinhdanh', 'limits', '--site', sys.argv[1], '--host', 'cloudflare-pages'];"
        "cli.main()"
    )
    over = subprocess.run(
        [sys.executable, "-c", code, str(site)], capture_output=True, text=True, env=env,
        check=False,
    )  # fmt: skip
    assert over.returncode == 1
    assert "Cloudflare Pages: số tệp 3 vượt giới hạn 2" in over.stderr
