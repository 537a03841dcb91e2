"""The names of the sources a build checks: taken from the walk that digested its inputs
(generator.incremental.buildcache.input_digest), not listed again (issue #21), and the same
names and linked folders as a walk of their own (generator.source.names.iter_source_names)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from generator.commands.build import build_project
from generator.incremental.buildcache import FileDigests, input_digest, iter_file_names
from generator.source.names import iter_source_names, source_names_of
from tests.projects import write_build_project

TODAY = dt.date(2026, 11, 20)
SUFFIXES = (".yml", ".yaml")


def _tree(top: Path, outside: Path) -> None:
    """Sources, and what a check never reads: hidden and underscore folders, hidden files,
    other suffixes, links to folders (reported where not hidden)."""
    for rel in (
        "a.yml",
        "b.yaml",
        "c.txt",
        ".hidden.yml",
        "ha-noi/z.yml",
        "ha-noi/a.yml",
        "ha-noi/sub/deep.yml",
        "ha-noi.yml",  # beside the folder: sorted part by part
        "_drafts/x.yml",
        ".git/y.yml",
        "ha-noi/_old/q.yml",
        "ha-noi/.cache/r.yml",
    ):
        (top / rel).parent.mkdir(parents=True, exist_ok=True)
        (top / rel).write_text("slug: x\n", encoding="utf-8")
    outside.mkdir()
    (outside / "o.yml").write_text("slug: o\n", encoding="utf-8")
    for link in ("ngoai", "ha-noi/ngoai", "_drafts/ngoai", ".annex", "_ngoai"):
        os.symlink(outside, top / link)
    os.symlink(top / "a.yml", top / "linked.yml")  # a link to a file: listed, refused on read
    os.symlink(top / "missing.yml", top / "broken.yml")


def test_the_names_of_a_walk_are_those_of_walking_again(tmp_path: Path) -> None:
    top = tmp_path / "profiles"
    _tree(top, tmp_path / "outside")
    links: list[str] = []
    files = [path for path, _st in iter_file_names(top, links)]
    assert sorted(links) == sorted(
        str(top / link) for link in ("ngoai", "ha-noi/ngoai", "_drafts/ngoai", ".annex", "_ngoai")
    )
    walked_links: list[str] = []
    walked = iter_source_names(top, SUFFIXES, walked_links)
    listed_links: list[str] = []
    assert source_names_of(str(top), files, links, SUFFIXES, listed_links) == walked
    expected = [str(top / "ha-noi/ngoai"), str(top / "ngoai")]
    assert sorted(listed_links) == sorted(walked_links) == expected
    assert [Path(p).relative_to(top).as_posix() for p in walked] == [
        "a.yml",
        "b.yaml",
        "broken.yml",
        "ha-noi/a.yml",
        "ha-noi/sub/deep.yml",
        "ha-noi/z.yml",
        "ha-noi.yml",
        "linked.yml",
    ]


def test_the_digest_keeps_each_folder_walked(tmp_path: Path) -> None:
    top = tmp_path / "profiles"
    _tree(top, tmp_path / "outside")
    digests = FileDigests()
    input_digest(tmp_path, [top], digests)
    found = digests.walked(str(top / "ha-noi"))  # a folder under one walked
    assert found is not None
    assert sorted(found[0]) == sorted(
        str(top / "ha-noi" / rel)
        for rel in ("z.yml", "a.yml", "sub/deep.yml", "_old/q.yml", ".cache/r.yml")
    )
    assert found[1] == [str(top / "ha-noi" / "ngoai")]
    assert digests.walked(str(tmp_path / "decisions")) is None  # not walked: walked again


def test_an_edit_does_not_walk_the_sources_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_build_project(tmp_path)
    assert build_project(root, today=TODAY).built
    profile = root / "profiles" / "nguyen-thi-hoa.yml"
    text = profile.read_text("utf-8").replace("position: Giáo viên", "position: Giáo viên giỏi")
    profile.write_text(text, "utf-8")
    walked: list[str] = []
    walk = os.walk

    def spy(top: str | os.PathLike[str], *args: object, **kwargs: object) -> object:
        walked.append(os.fspath(top))
        return walk(top, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "walk", spy)
    result = build_project(root, today=TODAY)
    assert result.built and not result.report.errors
    assert [p for p in walked if Path(p).is_relative_to(root / "profiles")] == []
    assert not [p for p in walked if Path(p).is_relative_to(root / "content")]


def test_a_build_reports_a_linked_folder_it_did_not_walk_again(tmp_path: Path) -> None:
    root = write_build_project(tmp_path / "du-an")
    assert build_project(root, today=TODAY).built
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.yml").write_text("slug: x\n", encoding="utf-8")
    os.symlink(outside, root / "profiles" / "ngoai")
    os.symlink(outside, root / "profiles" / "_ngoai")  # underscore: never a source
    result = build_project(root, today=TODAY)
    assert [(p.path, p.code) for p in result.report.errors] == [
        ("profiles/ngoai", "file.folder_symlink")
    ]
