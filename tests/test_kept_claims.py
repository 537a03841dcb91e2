"""An edit claims the slugs of its unchanged profiles as their kept checks left them: the
slug's own checks (file name, reserved names) are kept with the profile's, and the probable
duplicates' key is the row's (`site._take_kept`; issue #21). The problems stay a full
build's when a changed profile clashes with a kept one, or a removed one frees a slug."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from generator.commands.build import build_project
from generator.errors import Problem
from generator.model import site as site_module
from generator.model.site import build_site

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is not installed (see tests/test_synthetic.py)
    sys.path.insert(0, str(ROOT))

from benchmarks.build import EDITS  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402
from tests.test_incremental import TODAY  # noqa: E402

_SLUG = re.compile(r"^slug: (.+)$", re.M)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("LANG", "C.UTF-8")
    root = tmp_path / "project"
    write_project(root, 60, seed=5)
    assert build_project(root, today=TODAY).built
    return root


def _profiles_problems(problems: list[Problem]) -> list[Problem]:
    return sorted({p for p in problems if p.path.startswith("profiles/")})


def _as_a_full_build(root: Path) -> set[str]:
    """The edit build's problems of the profiles are those of a check without any cache;
    their codes."""
    result = build_project(root, today=TODAY)
    _site, fresh = build_site(root)
    found = _profiles_problems(result.report.problems)
    assert found == _profiles_problems(fresh.problems)
    return {p.code for p in found}


def _profiles(root: Path) -> list[Path]:
    return sorted((root / "profiles").rglob("*.yml"), key=lambda p: p.relative_to(root).as_posix())


@pytest.mark.slow
def test_an_award_edit_checks_the_slug_of_the_changed_profile_alone(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    named: list[str] = []
    real = site_module.file_stem

    def file_stem(relpath: str) -> str:
        named.append(relpath)
        return real(relpath)

    monkeypatch.setattr(site_module, "file_stem", file_stem)
    edited = EDITS["award"](project, 1)
    assert build_project(project, today=TODAY).built
    # Without the slug's checks kept: every profile's (60).
    assert [p for p in named if p.startswith("profiles/")] == [edited]


@pytest.mark.slow
def test_a_changed_profile_taking_a_kept_ones_slug_is_reported_as_by_a_full_build(
    project: Path,
) -> None:
    first, second = _profiles(project)[:2]
    taken = _SLUG.search(second.read_text("utf-8"))
    assert taken is not None
    # The changed file comes first: the kept one, unchanged, is now the duplicate.
    first.write_text(_SLUG.sub(f"slug: {taken[1]}", first.read_text("utf-8"), 1), "utf-8")
    assert {"slug.duplicate", "slug.filename"} <= _as_a_full_build(project)
    # A removed file frees its slug: the kept one claims it again.
    first.unlink()
    assert "slug.duplicate" not in _as_a_full_build(project)


@pytest.mark.slow
def test_a_changed_profile_taking_a_later_kept_slug_and_a_namesake(project: Path) -> None:
    files = _profiles(project)
    last = files[-1]
    other = next(p for p in files[1:-1] if "\nkind: individual\n" in p.read_text("utf-8"))
    taken = _SLUG.search(files[0].read_text("utf-8"))
    assert taken is not None
    # The kept one comes first: the changed one is the duplicate (and misnamed).
    last.write_text(_SLUG.sub(f"slug: {taken[1]}", last.read_text("utf-8"), 1), "utf-8")
    assert {"slug.duplicate", "slug.filename"} <= _as_a_full_build(project)
    # A copy of a kept individual under another slug: a probable duplicate of it.
    text = other.read_text("utf-8")
    slug = _SLUG.search(text)
    assert slug is not None
    copy = other.with_name(f"{slug[1]}-2.yml")
    copy.write_text(_SLUG.sub(f"slug: {slug[1]}-2", text, 1), "utf-8")
    assert "duplicate.probable" in _as_a_full_build(project)
