"""Symbolic links to folders among the sources: reported by `vinhdanh check`, never followed.

A pull request can add a link `profiles/x -> /somewhere/else`; its files must not be read,
and the editor must be told (a linked file is refused the same way: tests/test_load.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_check import run_check

from tests.projects import CAMPAIGN, PERSON
from tests.projects import write_small_project as write_project

MESSAGE = (
    "this folder is a symbolic link, which may point outside the repository: none of its files "
    "is read; put the real folder in the repository"
)


def outside_folder(tmp_path: Path, name: str, content: str) -> Path:
    """A folder outside the project holding one source file."""
    folder = tmp_path.parent / f"{tmp_path.name}-outside"
    folder.mkdir()
    (folder / name).write_text(content, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("link", "name", "content"),
    [
        ("profiles/ngoai", "tran-van-binh.yml", PERSON.replace("nguyen-van-an", "tran-van-binh")),
        ("profiles/quang-tri/ngoai", "x.yml", PERSON),
        ("content/campaigns/ngoai", "x.md", CAMPAIGN),
        ("decisions/ngoai", "x.yml", "slug: x\n"),
    ],
)
def test_a_linked_folder_is_reported_and_not_read(
    tmp_path: Path, link: str, name: str, content: str
) -> None:
    root = tmp_path / "du-an"
    write_project(root)
    target = outside_folder(tmp_path, name, content)
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, root / link)
    code, lines = run_check(root, "--lang", "en")
    assert code == 1
    assert lines[:-1] == [f"{link}:1:1: {MESSAGE}"]
    assert lines[-1].startswith("Checked 2 profiles, 1 campaign, 0 decisions: 1 error,")
    code, lines = run_check(root)
    assert lines[0] == (
        f"{link}:1:1: thư mục này là liên kết tượng trưng (symbolic link), có thể trỏ ra ngoài "
        "kho: không đọc tệp nào trong đó; hãy đặt thư mục thật vào kho"
    )


@pytest.mark.parametrize("link", ["profiles", "content"])
def test_a_linked_source_root_is_reported_and_not_read(tmp_path: Path, link: str) -> None:
    root = tmp_path / "du-an"
    write_project(root)
    real = tmp_path / "that"
    os.rename(root / link, real)
    os.symlink(real, root / link)
    code, lines = run_check(root, "--lang", "en")
    assert code == 1
    assert f"{link}:1:1: {MESSAGE}" in lines
    assert "Checked 0 profiles" in lines[-1] if link == "profiles" else "0 campaigns" in lines[-1]


def test_hidden_linked_folders_stay_ignored(tmp_path: Path) -> None:
    # Hidden and underscore folders are never sources (editors' tools keep files there).
    root = tmp_path / "du-an"
    write_project(root)
    target = outside_folder(tmp_path, "x.yml", PERSON)
    os.symlink(target, root / "profiles" / ".git-annex")
    code, lines = run_check(root, "--lang", "en")
    assert code == 0, lines
