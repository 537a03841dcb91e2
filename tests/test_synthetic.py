"""The synthetic benchmark project: it passes `vinhdanh check` and is deterministic per seed."""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli

# `benchmarks` is not an installed package: bare `pytest` (unlike `python -m pytest`) does not
# put the project root on sys.path, and one failed import would abort the whole collection.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import write_project  # noqa: E402


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_synthetic_project_passes_check(tmp_path: Path) -> None:
    write_project(tmp_path, 40, seed=3, photos=2)
    result = CliRunner().invoke(cli, ["check", "--root", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    # No warnings either: the benchmark must measure a clean project.
    summary = "Checked 40 profiles, 7 campaigns, 0 decisions: no errors."
    assert result.output.strip().splitlines() == [summary], result.output
    assert len(list((tmp_path / "profiles").rglob("*.jpg"))) == 2


def test_same_seed_writes_identical_files(tmp_path: Path) -> None:
    write_project(tmp_path / "a", 40, seed=7)
    write_project(tmp_path / "b", 40, seed=7)
    write_project(tmp_path / "c", 40, seed=8)
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len(first) == 40 + 7 + 1  # profiles, campaigns, site_config.yml
    assert first == second
    assert _files(tmp_path / "c") != first
