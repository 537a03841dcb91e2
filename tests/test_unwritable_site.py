"""A site/ the build cannot write: refused before anything is touched, with a message.

The build used to swap the new site in, then fail removing the old tree (PermissionError),
leave a `.site-new-*` folder behind and fail the same way ever after. Tests run as root here,
where permissions do not bind, so the real cases run `vinhdanh build` as the unprivileged user
`nobody` (setpriv, keeping only the right to read and search folders: the project's Python
lives under /root); they are skipped where that is not possible. One test monkeypatches only
the rename that fails, and runs everywhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_build import page, run, snapshot, write_project
from test_concurrent_builds import MAIN, TODAY, edit_summary

# Every test here builds a site or drives the browser (pyproject.toml: markers).
pytestmark = pytest.mark.slow

NOBODY = 65534
SETPRIV = [
    "setpriv",
    f"--reuid={NOBODY}",
    f"--regid={NOBODY}",
    "--clear-groups",
    "--inh-caps=+dac_read_search",
    "--ambient-caps=+dac_read_search",
]
REFUSED = (
    "site:1:1: no write access to this folder, so site/ was not touched; give the user running "
    "the build write access (e.g. chown -R or chmod -R u+w), then build again"
)


def _can_drop_privileges() -> bool:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return False
    probe = subprocess.run(
        [*SETPRIV, sys.executable, "-c", "import os, generator; assert os.geteuid() != 0"],
        capture_output=True,
    )
    return probe.returncode == 0


unprivileged = pytest.mark.skipif(
    not _can_drop_privileges(), reason="needs root and setpriv to run a build as 'nobody'"
)


def build_as_nobody(root: Path) -> tuple[int, str]:
    args = ["build", "--root", str(root), "--today", TODAY, "--lang", "en"]
    done = subprocess.run(
        [*SETPRIV, sys.executable, "-c", MAIN, *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "HOME": str(root)},
    )
    return done.returncode, done.stdout + done.stderr


def chown_tree(folder: Path, uid: int) -> None:
    for path in [folder, *folder.rglob("*")]:
        os.lchown(path, uid, uid)


def chmod_folders(folder: Path, mode: int) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(mode)


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".site-new-", ".site-old-")))


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder `nobody` may enter (pytest's own are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="vinhdanh-nobody-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def project_built_by_root(tmp_path: Path) -> Path:
    """A built project whose every file belongs to `nobody`, except site/ (root's)."""
    root = write_project(tmp_path / "du-an")
    assert run(root, "--today", TODAY).exit_code == 0
    chown_tree(root, NOBODY)
    chown_tree(root / "site", 0)
    return root


@unprivileged
def test_a_site_of_another_user_is_refused_before_anything_is_written(shared_tmp: Path) -> None:
    root = project_built_by_root(shared_tmp)
    before = snapshot(root / "site")
    edit_summary(root, "Bản sửa không đăng được.")
    for _ in range(2):  # the same refusal every time, never another failure
        code, output = build_as_nobody(root)
        assert code == 1
        assert output.splitlines() == [REFUSED, "Build failed; site/ left unchanged."]
        assert snapshot(root / "site") == before
        assert leftovers(root) == []
    chown_tree(root / "site", NOBODY)  # fixed: the next build goes through
    code, output = build_as_nobody(root)
    assert code == 0, output
    assert "Bản sửa không đăng được." in page(root / "site", "ho-so/nguyen-thi-hoa/")
    assert leftovers(root) == []


@unprivileged
def test_a_read_only_site_is_refused_then_built_once_writable(shared_tmp: Path) -> None:
    root = project_built_by_root(shared_tmp)
    chown_tree(root / "site", NOBODY)
    chmod_folders(root / "site", 0o555)
    before = snapshot(root / "site")
    edit_summary(root, "Lần sửa thứ hai.")
    code, output = build_as_nobody(root)
    assert (code, output.splitlines()[0]) == (1, REFUSED)
    assert snapshot(root / "site") == before and leftovers(root) == []
    chmod_folders(root / "site", 0o755)
    code, output = build_as_nobody(root)
    assert code == 0, output
    assert "Lần sửa thứ hai." in page(root / "site", "ho-so/nguyen-thi-hoa/")


@unprivileged
def test_leftovers_of_failed_swaps_are_cleaned_or_named(shared_tmp: Path) -> None:
    root = project_built_by_root(shared_tmp)
    chown_tree(root / "site", NOBODY)
    # What the old failure left: the previous site, read-only, under a temporary name.
    ours = root / ".site-new-abc123"
    shutil.copytree(root / "site", ours)
    chown_tree(ours, NOBODY)
    chmod_folders(ours, 0o555)
    # And one this user cannot remove at all (another user's, read-only).
    theirs = root / ".site-old-xyz789"
    (theirs / "ho-so").mkdir(parents=True)
    (theirs / "ho-so" / "index.html").write_text("old", encoding="utf-8")
    chmod_folders(theirs, 0o555)
    edit_summary(root, "Lần sửa thứ ba.")
    code, output = build_as_nobody(root)
    assert code == 0, output
    assert (
        ".site-old-xyz789:1:1: warning: cannot remove this folder left by an earlier build "
        "(Permission denied); remove it by hand"
    ) in output.splitlines()
    assert leftovers(root) == [".site-old-xyz789"]
    assert "Lần sửa thứ ba." in page(root / "site", "ho-so/nguyen-thi-hoa/")


@unprivileged
def test_a_read_only_folder_in_the_recycled_site_stops_one_build(shared_tmp: Path) -> None:
    root = project_built_by_root(shared_tmp)
    chown_tree(root / "site", NOBODY)
    # Two edits: after a build that could not say what it wrote (here the first as `nobody`),
    # the spare goes to the trash instead of being recycled (generator.commands.assemble
    # .afresh); after the next, it is recycled.
    for text in ("Lần không.", "Lần một."):
        edit_summary(root, text)
        assert build_as_nobody(root)[0] == 0
    spare = root / ".vinhdanh-cache" / "build" / "spare"
    chmod_folders(spare / "ho-so" / "nguyen-thi-hoa", 0o555)
    before = snapshot(root / "site")
    edit_summary(root, "Lần hai.")
    code, output = build_as_nobody(root)
    assert code == 1 and "Traceback" not in output
    assert "ho-so/nguyen-thi-hoa:1:1: no write access to this folder" in output
    assert snapshot(root / "site") == before and leftovers(root) == []
    code, output = build_as_nobody(root)
    assert code == 0, output
    assert "Lần hai." in page(root / "site", "ho-so/nguyen-thi-hoa/")


def test_a_failure_after_the_swap_leaves_the_new_site_and_no_leftover(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The old tree cannot be moved aside once the new site is in: the build still succeeds,
    # and removes it instead.
    root = write_project(tmp_path)
    assert run(root, "--today", TODAY).exit_code == 0
    edit_summary(root, "Sau khi đổi chỗ.")
    rename = Path.rename

    def refuse_spare(self: Path, target: str | Path) -> Path:
        if Path(target).name == "spare":
            raise PermissionError(13, "Permission denied", str(self))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", refuse_spare)
    result = run(root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "Sau khi đổi chỗ." in page(root / "site", "ho-so/nguyen-thi-hoa/")
    assert leftovers(root) == []
    monkeypatch.undo()
    edit_summary(root, "Lần sau.")
    assert run(root, "--today", TODAY).exit_code == 0
    assert leftovers(root) == []


def test_an_unwritable_site_is_refused_through_the_access_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path)
    assert run(root, "--today", TODAY).exit_code == 0
    before = snapshot(root / "site")
    edit_summary(root, "Không được đăng.")
    access = os.access

    def site_read_only(path: object, mode: int, **kwargs: object) -> bool:
        if Path(str(path)) == root / "site" and mode & os.W_OK:
            return False
        return access(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", site_read_only)
    result = run(root, "--today", TODAY, "--lang", "en")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == REFUSED
    assert snapshot(root / "site") == before and leftovers(root) == []
