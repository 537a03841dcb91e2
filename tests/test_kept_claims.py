"""An edit claims the slugs of its unchanged profiles as their kept checks left them: the
slug's own checks (file name, reserved names) are kept with the profile's, and the probable
duplicates' key is the row's (`site._take_kept`; issue #21). The problems stay a full
build's when a changed profile clashes with a kept one, or a removed one frees a slug."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.commands.build import build_project
from generator.errors import Problem
from generator.model import site as site_module
from generator.model import sourcefiles
from generator.model.checkrows import KeptEntry, row_of
from generator.model.site import build_site
from generator.source.load import Document, ReleasedError

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


@pytest.mark.slow
def test_an_award_edit_makes_no_document_of_an_unchanged_profile(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A kept profile's Document is made when read (a problem's lines), not by the check:
    # issue #21, ~4 µs a profile. The build's process only (a forked child appends to its
    # own copy of the list).
    made: list[str] = []
    kept, cached = sourcefiles._KeptDocument.of, sourcefiles._cached_document

    def of(relpath: str, *args: Any) -> Document:
        made.append(relpath)
        return kept(relpath, *args)

    def cached_document(saved: tuple[Any, ...]) -> Document:
        made.append(saved[0])
        return cached(saved)

    monkeypatch.setattr(sourcefiles._KeptDocument, "of", of)
    monkeypatch.setattr(sourcefiles, "_cached_document", cached_document)
    EDITS["award"](project, 1)
    assert build_project(project, today=TODAY).built
    # Without the Documents left unmade: every unchanged profile's (59).
    assert [p for p in made if p.startswith("profiles/")] == []


@pytest.mark.slow
def test_a_kept_profiles_former_slug_taken_by_a_changed_one_is_reported_as_by_a_full_build(
    project: Path,
) -> None:
    first, second = _profiles(project)[:2]
    text = second.read_text("utf-8")
    second.write_text(f"{text.rstrip()}\nformer_slugs: [ten-cu-kept]\n", "utf-8")
    assert "slug.former_taken" not in _as_a_full_build(project)
    # `second` is kept now; `first` takes its old address as its slug: the kept profile
    # reports it, at its line (its Document made for the problem alone).
    first.write_text(_SLUG.sub("slug: ten-cu-kept", first.read_text("utf-8"), 1), "utf-8")
    assert "slug.former_taken" in _as_a_full_build(project)


def test_a_kept_entrys_document_made_after_the_release_is_released(
    project: Path,
) -> None:
    site, _report = build_site(project)
    assert site is not None
    entry = site.entries[0]
    made: list[str] = []

    def document(relpath: str) -> Document:
        made.append(relpath)
        return entry.doc

    kept = KeptEntry(entry.relpath, row_of(entry), lambda _kept: None, document)
    assert kept.relpath == entry.relpath and not made  # its path without its Document
    kept.release_source()
    with pytest.raises(ReleasedError):
        kept.doc.data.get("slug")
    assert made == [entry.relpath]
