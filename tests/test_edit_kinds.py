"""The edits benchmarks make (benchmarks/build.py EDITS): a summary, an award added, a rename
across the name order, a new profile. Each leaves a project that checks clean and builds, and
changes what it says it changes (issue #21's one-edit target is about all of them)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

# `benchmarks` is not an installed package (see tests/test_synthetic.py).
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.build import EDITS  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402

# After the synthetic project's REFERENCE_DATE (2026-11-20): no decision is in the future.
TODAY = "2026-12-01"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _build(root: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", "--root", str(root), "--lang", "en", "--today", TODAY]
    )
    assert result.exit_code == 0, result.output


def _profile(root: Path, slug: str) -> dict[str, object]:
    data = json.loads((root / "site/api/v1/profiles" / f"{slug}.json").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def _roll(root: Path) -> list[str]:
    """The slugs of the individuals' roll, in its order (name order)."""
    html = (root / "site/danh-sach/ca-nhan/index.html").read_text("utf-8")
    return list(dict.fromkeys(re.findall(r'href="\.\./\.\./ho-so/([a-z0-9-]+)/"', html)))


def test_every_kind_checks_clean_and_is_the_same_on_the_same_project(tmp_path: Path) -> None:
    for name in ("a", "b"):
        write_project(tmp_path / name, 30, seed=1)
    before = _files(tmp_path / "a")
    changed = {}
    for number, kind in enumerate(EDITS, start=1):
        changed[kind] = EDITS[kind](tmp_path / "a", number)
        assert EDITS[kind](tmp_path / "b", number) == changed[kind]
    after = _files(tmp_path / "a")
    assert after == _files(tmp_path / "b")  # deterministic
    # Each kind wrote what it said: three files changed, one added.
    assert {path for path in after if after[path] != before.get(path)} == set(changed.values())
    assert changed["new"] not in before
    # No error and no warning either: the benchmark measures a clean project.
    result = CliRunner().invoke(
        cli, ["check", "--root", str(tmp_path / "a"), "--lang", "en", "--today", TODAY]
    )
    assert result.exit_code == 0, result.output
    summary = "Checked 31 profiles, 7 campaigns, 0 decisions: no errors."
    assert result.output.strip().splitlines() == [summary], result.output


def test_each_call_changes_the_project_again(tmp_path: Path) -> None:
    # Edits in a row are each a change (a benchmark's "one edit" must not be a no-change build).
    write_project(tmp_path, 30, seed=1)
    for kind, edit in EDITS.items():
        for number in (1, 2, 3):
            before = _files(tmp_path)
            edit(tmp_path, number)
            assert _files(tmp_path) != before, (kind, number)


@pytest.mark.slow
def test_each_kind_builds_and_changes_its_pages(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write_project(root, 30, seed=1)
    _build(root)
    roll = _roll(root)

    path = EDITS["award"](root, 7)
    _build(root)
    slug = Path(path).stem
    awards = _profile(root, slug)["awards"]
    assert isinstance(awards, list)
    assert "4007/QĐ-UBND" in [award["decision_number"] for award in awards]

    path = EDITS["name"](root, 8)
    _build(root)
    slug = Path(path).stem
    name = _profile(root, slug)["name"]
    assert isinstance(name, dict) and name["given"] in ("An", "Xuân")
    moved = _roll(root)
    assert sorted(moved) == sorted(roll)
    assert moved.index(slug) != roll.index(slug), "its place in name order is the same"

    path = EDITS["new"](root, 9)
    _build(root)
    slug = Path(path).stem
    assert slug.endswith("-moi-9")
    assert (root / "site/ho-so" / slug / "index.html").is_file()
    assert _profile(root, slug)["slug"] == slug

    path = EDITS["summary"](root, 10)
    _build(root)
    assert "(sửa lần 10)" in str(_profile(root, Path(path).stem)["summary"])


@pytest.mark.slow
def test_edit_compare_makes_the_kind_of_edit_asked(tmp_path: Path) -> None:
    # Both versions get the same edits of that kind: here a new profile per edit (the warm-up's
    # and one timed), in each version's copy of the project.
    command = [sys.executable, str(ROOT / "benchmarks" / "edit_compare.py"), "--size", "30"]
    command += ["--baseline", "HEAD", "--edits", "1", "--noop", "0", "--kind", "new"]
    command += ["--work", str(tmp_path)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("baseline", "candidate"):
        added = sorted(p.name for p in (tmp_path / f"project-30-{name}").rglob("*-moi-*.yml"))
        assert [file.rsplit("-moi-", 1)[1] for file in added] == ["0.yml", "1.yml"]
        assert f"{name} (HEAD): one edit (new) best " in result.stdout
